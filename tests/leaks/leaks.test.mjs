// The leak check over the whole run: everything the package, fault and page suites recorded
// (tests/js/secrets.mjs) against every secret their sandboxes held. Runs after those suites.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
// Not secrets.mjs itself: its console watch would record this file too.
import { secretsFolder as folder } from '../js/paths.mjs';

function load() {
  const records = [];
  const secrets = new Set();
  if (!existsSync(folder)) return { records, secrets };
  for (const name of readdirSync(folder).filter((f) => f.endsWith('.jsonl'))) {
    for (const line of readFileSync(join(folder, name), 'utf8').split('\n')) {
      if (!line) continue;
      const entry = JSON.parse(line);
      if (entry.secrets) entry.secrets.filter(Boolean).forEach((s) => secrets.add(s));
      else records.push(entry);
    }
  }
  return { records, secrets };
}

test('no error, event, channel message, console line or page text of the run holds a secret', () => {
  const { records, secrets } = load();
  // A check over nothing proves nothing: the suites must have run and recorded.
  const count = (kind) => records.filter((r) => r.kind === kind).length;
  assert.ok(secrets.size >= 100, `only ${secrets.size} secrets were noted: did the suites run?`);
  assert.ok(count('error') >= 30, `only ${count('error')} errors were recorded`);
  assert.ok(count('event') >= 10, `only ${count('event')} events were recorded`);
  assert.ok(count('page') >= 3, `only ${count('page')} page records`);
  assert.ok(records.some((r) => r.source.startsWith('text of')), 'no page text was recorded');
  // A leak is reported with every secret in it masked, so the report leaks nothing itself.
  const mask = (text) => [...secrets].reduce((t, secret) => t.replaceAll(secret, '<SECRET>'), text);
  const leaks = records
    .filter((r) => [...secrets].some((secret) => r.text.includes(secret)))
    .map((r) => `${r.kind} from ${r.source}: ${mask(r.text).slice(0, 200)}`);
  assert.deepEqual(leaks, []);
  console.log(`# ${records.length} records (${['error', 'event', 'channel', 'console', 'page'].map((k) => `${count(k)} ${k}`).join(', ')}) against ${secrets.size} secrets`);
});
