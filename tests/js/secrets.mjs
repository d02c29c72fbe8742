// The leak watch: every suite that imports this records what a client lets out (every error it
// throws or rejects with, every registerMany failure, every session-change reason, every message
// posted on a BroadcastChannel, every console line, and, from the page suites, every page console
// line, page error and the pages' final text) under target/secrets/. Each sandbox, as it closes,
// adds what it issued: the instance key and every access and refresh token. tests/leaks/ then
// checks all of it at once: no record may contain any secret.
import { appendFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { format } from 'node:util';
import { secretsFolder } from './paths.mjs';

const file = join(secretsFolder, `${process.pid}.jsonl`);
mkdirSync(secretsFolder, { recursive: true });

function append(line) {
  appendFileSync(file, JSON.stringify(line) + '\n');
}

/** Everything an error shows: its string, message, stack, own fields and JSON form. */
export function describe(value) {
  if (value instanceof Error || (value && typeof value === 'object' && 'message' in value)) {
    return [String(value), value.message, value.stack, JSON.stringify(value), JSON.stringify(value.fieldErrors ?? null)].join('\n');
  }
  return typeof value === 'string' ? value : format('%o', value);
}

/** Records one thing a client let out. `kind` is `error`, `event`, `channel`, `console` or `page`. */
export function record(kind, source, value) {
  append({ kind, source, text: describe(value) });
}

/** Records the secrets a sandbox holds: its instance key and every token it issued. */
export function noteSecrets(secrets) {
  append({ secrets: [secrets.instanceKey, ...secrets.tokens] });
}

// Console lines of this process.
for (const level of ['log', 'info', 'warn', 'error', 'debug']) {
  const original = console[level].bind(console);
  console[level] = (...args) => {
    record('console', 'console.' + level, format(...args));
    original(...args);
  };
}

// What the client tells other contexts.
if (globalThis.BroadcastChannel) {
  const post = BroadcastChannel.prototype.postMessage;
  BroadcastChannel.prototype.postMessage = function (message) {
    record('channel', this.name, message);
    return post.call(this, message);
  };
}

const METHODS = ['register', 'registerMany', 'login', 'refresh', 'signOut', 'getSession', 'getUser', 'updateUser', 'setTelematics', 'deleteUser', 'fetch'];

/**
 * `UserClient`, watched: a constructor that throws, every rejection, every `registerMany`
 * failure and every session-change reason (not the session, which is the payload's purpose) are recorded. Instances behave exactly as before.
 */
export function watched(UserClient, source = 'UserClient') {
  return new Proxy(UserClient, {
    construct(target, args) {
      let client;
      try {
        client = new target(...args);
      } catch (e) {
        record('error', source + ' constructor', e);
        throw e;
      }
      for (const name of METHODS) {
        const method = client[name].bind(client);
        client[name] = (...a) =>
          method(...a).then(
            (result) => {
              for (const failed of (name === 'registerMany' && result?.failed) || []) record('error', source + '.registerMany', failed.error);
              return result;
            },
            (e) => {
              record('error', source + '.' + name, e);
              throw e;
            },
          );
      }
      // The session itself is the payload's purpose; the reason is what must carry no secret.
      client.onSessionChange((_session, reason) => record('event', source + '.onSessionChange', reason));
      return client;
    },
  });
}
