// The JavaScript half of the wasm shell: what is only JS API choreography (fetch attempts with
// their deadline, the session store, locks and timers, session events, the questions the walk of
// a JS value asks, the driver of a method's task) and the `UserServiceError` class, written in
// JavaScript because each of those calls would be a binding, and each wait a state kept, in the
// .wasm. What to send, when, and what an answer means stays in Rust. One module rather than one
// per concern: a browser fetches it in one request, gzip shares what the sections have in common,
// and wasm-bindgen-test-runner's server, which can leave one of several parallel requests
// unanswered, is asked for fewer. Each section below is one concern, headed by the Rust module
// that binds it. Every failure made here is [code, message, status?], a code of
// `UserServiceError`.

const isObject = (value) => typeof value === 'object' && value !== null;

// What was thrown, for a message: an Error's message or a string, never anything else's text.
const described = (thrown) => {
  try {
    if (thrown instanceof Error) return String(thrown.message);
    if (typeof thrown === 'string') return thrown;
  } catch {}
  return 'a non-Error value was thrown';
};

// --- Errors (error.rs) -----------------------------------------------------------------------

// The client's glue and the builders' (`telematics-user/builders`) each bundle a copy of this
// module, so there are two classes; both mark their prototype with one registered symbol, and
// `instanceof` either class tells an error of either copy (or of a second install of the package).
// A subclass keeps the ordinary test.
const brand = Symbol.for('telematics-user.UserServiceError');
/**
 * The error every rejection and throw of telematics-user carries. Built by the wasm shell; exported
 * by the package entries from this very module, so `instanceof` holds for the class users import.
 */
export class UserServiceError extends Error {
  // Its own name even where a bundler renames the binding: a bundle of both entries holds two
  // classes of this name, and esbuild (Wrangler's bundler) calls the second `UserServiceError2`.
  static name = 'UserServiceError';

  constructor(code, message, status, fieldErrors, retryAfter) {
    super(message);
    this.name = 'UserServiceError';
    this.code = code;
    // `null` for what is no number of the kind (the .wasm passes `NaN` for none).
    this.status = status >= 0 ? status : null;
    this.fieldErrors = fieldErrors ?? [];
    this.retryAfter = retryAfter >= 0 ? retryAfter : null;
  }

  static [Symbol.hasInstance](value) {
    // Each copy's class answers for itself; a subclass does not.
    return this === UserServiceError
      ? isObject(value) && value[brand] === true
      : super[Symbol.hasInstance](value);
  }
}
UserServiceError.prototype[brand] = true;

// --- Transport (transport.rs) ----------------------------------------------------------------
// One fetch attempt under its deadline (AbortController, timer, the caller's signal), and a body
// read that stops at maxResponseBytes; a retry first waits out its backoff. Nothing here throws
// synchronously; failures reject.
// Timeouts are at most 2^31 - 1 ms, as setTimeout needs (the config's bound).

// The failures made here, told apart from anything a custom fetch may throw. What Rust calls
// synchronously returns its failure rather than throwing it (`failed` tells one), so that no
// binding needs wasm-bindgen's exception hand-over.
const failures = new WeakSet();
const fail = (code, message, status) => {
  const failure = [code, message, status];
  failures.add(failure);
  return failure;
};

/** Whether `value` is a failure made here (error.rs's `checked`). */
export const failed = (value) => failures.has(value);

// A property of a value that may be anything (what a custom fetch returns, a caller's object):
// `undefined` when there is none or its getter throws.
export const field = (value, name) => {
  try {
    return value[name];
  } catch {
    return undefined;
  }
};

/** Sets a member of an object the shell or Rust has just made (so nothing can refuse it). */
export const put = (object, name, value) => {
  object[name] = value;
};

// Whether a caller's signal has fired.
const isAborted = (signal) => isObject(signal) && !!field(signal, 'aborted');

// Settles a cancellation in the background: a rejection means only that nothing was left to release.
const quietly = (cancel) => {
  try {
    Promise.resolve(cancel()).catch(() => {});
  } catch {}
};

/** Cancels a response's unread body, so that the connection is released. */
export const discard = (response) => {
  const body = field(response, 'body');
  if (isObject(body)) quietly(() => body.cancel());
};

// One attempt's signal: it fires when timeoutMs passes or the caller's signal does, and `error`
// tells the two apart from a network failure.
const deadline = (timeoutMs, caller) => {
  const controller = new AbortController();
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    controller.abort();
  }, timeoutMs);
  const follow = () => controller.abort();
  caller = isObject(caller) ? caller : undefined;
  try {
    caller?.addEventListener('abort', follow);
  } catch {}
  if (isAborted(caller)) controller.abort();
  return {
    signal: controller.signal,
    error(thrown) {
      if (failures.has(thrown)) return thrown;
      if (isAborted(caller)) return fail('aborted', 'the request was aborted');
      if (timedOut) return fail('timeout', 'the request timed out');
      return fail('network', 'the request failed: ' + described(thrown));
    },
    end() {
      clearTimeout(timer);
      try {
        caller?.removeEventListener('abort', follow);
      } catch {}
    },
  };
};

// fetch(input, init) with the deadline's signal, up to the response head: [response, status].
const head = async (fetch, input, init, d) => {
  init.signal = d.signal;
  const response = await fetch(input, init);
  const status = field(response, 'status');
  if (!Number.isInteger(status) || status < 100 || status > 999) {
    throw fail('invalid_response', 'fetch resolved to something that is not a Response');
  }
  return [response, status];
};

// Runs `attempt` under a deadline that ends with it; every failure becomes [code, message, status?].
const within = async (timeoutMs, caller, attempt) => {
  const d = deadline(timeoutMs, caller);
  try {
    return await attempt(d);
  } catch (thrown) {
    throw d.error(thrown);
  } finally {
    d.end();
  }
};

/** The core's request as plain data: `{ method, url, headers, body }`, `body` null when none. */
export const plain = (method, url, body) => ({ method, url, headers: {}, body: body ?? null });

/** Adds a header to a `plain` request. */
export const header = (request, name, value) => {
  request.headers[name] = value;
};

/**
 * Sends `request` (the core's `{ method, url, headers, body }`, with the `Authorization` value the
 * core made, if any) after `afterMs` milliseconds (a retry's backoff; the deadline starts when it
 * is sent) and reads the whole answer: [status, text, retryAfter, date]. The body is read as text,
 * at most `maxBytes` of it: a larger one is cancelled as soon as it is known to be too large, so a
 * huge or endless answer costs neither memory nor time.
 */
export const send = (fetch, request, authorization, timeoutMs, maxBytes, afterMs) => {
  const { url, method, headers, body } = request;
  const init = { method, headers: authorization === undefined ? headers : { ...headers, Authorization: authorization } };
  if (body !== null) init.body = body;
  return afterMs > 0
    ? new Promise((resolve) => setTimeout(resolve, afterMs)).then(() => read(fetch, url, init, timeoutMs, maxBytes))
    : read(fetch, url, init, timeoutMs, maxBytes);
};

// The attempt itself, under its deadline.
const read = (fetch, url, init, timeoutMs, maxBytes) =>
  within(timeoutMs, undefined, async (d) => {
    const [response, status] = await head(fetch, url, init, d);
    const headers = field(response, 'headers');
    const header = (name) => {
      try {
        const value = headers.get(name);
        return typeof value === 'string' ? value : undefined;
      } catch {
        return undefined;
      }
    };
    const tooLarge = () =>
      fail('invalid_response', `the response body is larger than maxResponseBytes (${maxBytes} bytes)`, status);
    // Content-Length counts the bytes on the wire. With a content coding the decoded body can be
    // any size (a small gzip body can inflate without end), and a browser hides a cross-origin
    // response's Content-Encoding (type "cors"), so the length bounds the body only for an
    // uncoded response whose headers can all be seen.
    const coding = header('content-encoding')?.trim().toLowerCase();
    const uncoded = (coding === undefined || coding === 'identity') && field(response, 'type') !== 'cors';
    const length = uncoded ? header('content-length')?.trim() : undefined;
    const declared = length && /^\d{1,19}$/.test(length) ? Number(length) : undefined;
    const answer = (text) => [status, text, header('retry-after'), header('date')];
    if (declared > maxBytes) {
      discard(response);
      throw tooLarge();
    }
    // A declared length within the limit bounds the body (the runtime frames it by that length),
    // so the runtime's own text() reads it in one step; only a body of unknown length is streamed
    // and counted.
    const body = field(response, 'body');
    let reader;
    if (declared === undefined && isObject(body)) {
      try {
        reader = body.getReader();
      } catch {}
    }
    if (!isObject(reader)) {
      // A known length, or no stream (a hand-made Response-like object): read it whole, then check.
      const text = await response.text();
      if (typeof text !== 'string') throw fail('invalid_response', 'the response body is not text');
      // UTF-16 units: a lower bound of the UTF-8 bytes, enough to refuse the absurd.
      if (text.length > maxBytes) throw tooLarge();
      return answer(text);
    }
    const decoder = new TextDecoder();
    let text = '';
    let total = 0;
    for (;;) {
      const step = await reader.read();
      if (field(step, 'done')) break;
      const chunk = field(step, 'value');
      if (!(chunk instanceof Uint8Array)) throw fail('invalid_response', 'the response body is not bytes');
      total += chunk.byteLength;
      if (total > maxBytes) {
        quietly(() => reader.cancel());
        throw tooLarge();
      }
      text += decoder.decode(chunk, { stream: true });
    }
    return answer(text + decoder.decode());
  });

// `base` for one attempt, with the core's `Authorization` value when there is one. Sending
// consumes a body, so a request with one is cloned for each attempt; one without (`body` is null)
// is sent again as it is: a clone costs more than the call in some runtimes (Node builds an
// AbortSignal for each). Where `body` is not implemented, clone.
const bearing = (base, authorization) => {
  let request;
  try {
    request = base.body === null ? base : base.clone();
  } catch {
    throw fail('invalid_input', 'fetch: the request body was already used');
  }
  try {
    if (authorization !== undefined) request.headers.set('Authorization', authorization);
  } catch {
    throw fail('invalid_input', 'fetch: the request headers cannot be changed');
  }
  return request;
};

/**
 * Sends the JS `Request` `base` with the `Authorization` value the core made, if any (for
 * `client.fetch`), honouring the caller's signal, up to the response head: [response, status].
 * The body is left for the caller to read.
 */
export const sendRequest = (fetch, base, authorization, timeoutMs, caller) =>
  within(timeoutMs, caller, (d) => head(fetch, bearing(base, authorization), {}, d));

/**
 * `client.fetch(resource, init)` made ready: [the `Request`, the caller's signal]; or an
 * `invalid_input` failure for what `Request` refuses, or an `aborted` one when the signal has
 * already fired (so that no refresh is spent on it).
 */
export const prepare = (resource, init) => {
  const signal = isObject(init) ? field(init, 'signal') : undefined;
  let request;
  try {
    request = new Request(resource, init ?? undefined);
  } catch (thrown) {
    return fail('invalid_input', 'fetch: not a valid request: ' + described(thrown));
  }
  return isAborted(signal) ? fail('aborted', 'the request was aborted') : [request, signal];
};

// --- Options (options.rs) ----------------------------------------------------------------------
// The options `new UserClient(options)` keeps as JavaScript values. Rust has checked the object.

/** `options[name]`, `undefined` when absent or `null`; throws an `invalid_config` failure when reading throws. */
const option = (options, name) => {
  try {
    return options?.[name] ?? undefined;
  } catch {
    throw fail('invalid_config', `options.${name} could not be read`);
  }
};

/** `options.fetch`, or the runtime's `fetch`; throws an `invalid_config` failure when neither is a function. */
const fetchOf = (options) => {
  const given = option(options, 'fetch');
  const fetch = given === undefined ? field(globalThis, 'fetch') : given;
  if (typeof fetch === 'function') return fetch;
  throw given === undefined
    ? fail('invalid_config', 'this runtime has no global fetch; pass options.fetch')
    : fail('invalid_config', 'fetch must be a function');
};

/**
 * What a client sends and keeps its session with, from its options: [its `fetch`, its `Store`
 * under `key`]; or the `invalid_config` failure of the first that is wrong.
 */
export const host = (options, key, timeoutMs) => {
  try {
    return [fetchOf(options), new Store(option(options, 'store'), key, timeoutMs)];
  } catch (failure) {
    return failure;
  }
};

// --- Locks (taken by the tasks' driver, below) --------------------------------------------------
// The lock every context sharing a store takes around a refresh.
//
// Where the Web Locks API exists (browsers, including workers) it is `navigator.locks`, so tabs of
// one origin exclude each other. Elsewhere (Node, Workers) the lock is in-process, which still
// keeps several clients over one store from refreshing at once. Either way a request gives up
// after `lockWaitMs`: the spec lets a lock wait forever, and a frozen tab or a stuck holder must
// not stall the others (the lifecycle's re-read still guards the store). `waitMs` is at most
// 2^31 - 1, as setTimeout needs (the config's bound).

// How long a Web Lock stays held after its holder is done. Chromium propagates a `localStorage`
// write to other tabs asynchronously: a tab that took the lock the instant it was released could
// still read the old pair and spend its refresh token again (the multi-tab test caught exactly
// that). The holder's caller is not delayed; only the next refresh waits this long.
const RELEASE_DELAY_MS = 250;

// The in-process locks by name: whether held, and the waiters' wake-up functions in order.
const local = new Map();

const webLocks = () => {
  try {
    const locks = globalThis.navigator?.locks;
    return typeof locks?.request === 'function' ? locks : undefined;
  } catch {
    return undefined;
  }
};

// Resolves to the release function once granted, or to undefined after waitMs or a refusal.
const acquireWeb = (locks, name, waitMs) =>
  new Promise((resolve) => {
    let release;
    const held = new Promise((r) => (release = r));
    const done = () => setTimeout(release, RELEASE_DELAY_MS);
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), waitMs);
    const settle = (granted) => {
      clearTimeout(timer);
      resolve(granted ? done : undefined);
    };
    try {
      // The callback holds the lock until `held` settles. Timed out (aborted) or refused: go
      // ahead without the lock.
      Promise.resolve(locks.request(name, { signal: controller.signal }, () => (settle(true), held))).catch(() =>
        settle(false),
      );
    } catch {
      settle(false);
    }
  });

const acquireLocal = (name, waitMs) => {
  let lock = local.get(name);
  if (!lock) local.set(name, (lock = { held: false, waiters: [] }));
  // Hands the lock to the next waiter, or frees it.
  const release = () => {
    const next = lock.waiters.shift();
    lock.held = !!next;
    next?.();
  };
  if (!lock.held) {
    lock.held = true;
    return Promise.resolve(release);
  }
  return new Promise((resolve) => {
    const wake = () => {
      clearTimeout(timer);
      resolve(release);
    };
    // Gave up: leave the queue (a waiter still in it has not been handed the lock).
    const timer = setTimeout(() => {
      const at = lock.waiters.indexOf(wake);
      if (at >= 0) lock.waiters.splice(at, 1);
      resolve(undefined);
    }, waitMs);
    lock.waiters.push(wake);
  });
};

/**
 * Takes the lock called `name`: resolves to the function that releases it, or to undefined when
 * it was not granted within `waitMs`. Never rejects.
 */
export const acquire = (name, waitMs) => {
  const locks = webLocks();
  return locks ? acquireWeb(locks, name, waitMs) : acquireLocal(name, waitMs);
};

/** Releases what `acquire` resolved to: the lock, or nothing when it was not granted. */
export const unlock = (release) => release?.();

// --- The session store (store.rs) ------------------------------------------------------------
// The caller's `{ get, set, remove }` (or a Web Storage object), or an in-memory map, each call
// raced against timeoutMs; what is stored and when is Rust's. A plain value comes back as it is,
// so a synchronous store (localStorage, the map) costs no promise. A failure is thrown or
// rejected.

// A method of the caller's object: a getter that throws, or a value that is not a function, is
// none.
const method = (target, name) => {
  const found = field(target, name);
  return typeof found === 'function' ? found : undefined;
};

const isThenable = (value) => {
  try {
    return isObject(value) && typeof value.then === 'function';
  } catch {
    return false;
  }
};

// An in-memory store: the default, which lives as long as the client.
const memory = () => {
  const map = new Map();
  return [map, (k) => map.get(k) ?? null, (k, v) => void map.set(k, v), (k) => void map.delete(k)];
};

/**
 * The store of one client. `adapter` is undefined (in memory), or an object with `get`, `set` and
 * `remove` (or `getItem`, `setItem` and `removeItem`); anything else throws an `invalid_config`
 * failure.
 */
class Store {
  constructor(adapter, key, timeoutMs) {
    let methods;
    if (adapter === undefined || adapter === null) {
      methods = memory();
    } else if (isObject(adapter)) {
      for (const names of [['get', 'set', 'remove'], ['getItem', 'setItem', 'removeItem']]) {
        const found = names.map((name) => method(adapter, name));
        if (!methods && found.every(Boolean)) methods = [adapter, ...found];
      }
    }
    if (!methods) throw fail('invalid_config', 'store must be an object with get, set and remove methods');
    [this.target, this.getter, this.setter, this.remover] = methods;
    this.key = key;
    this.timeoutMs = timeoutMs;
  }

  // `fn.call(target, key, value?)`, as it is when plain, else as a Promise that settles within
  // timeoutMs; a failure says what the store was asked to do.
  call(fn, what, value) {
    const failed = (message) => ['storage', `the session store failed to ${what}: ${message}`];
    let result;
    try {
      result = value === undefined ? fn.call(this.target, this.key) : fn.call(this.target, this.key, value);
    } catch (thrown) {
      return Promise.reject(failed(described(thrown)));
    }
    if (!isThenable(result)) return result;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(failed(`no answer within ${this.timeoutMs} ms`)), this.timeoutMs);
      Promise.resolve(result)
        .then(resolve, (thrown) => reject(failed(described(thrown))))
        .finally(() => clearTimeout(timer));
    });
  }

  /** The stored text, or null; a value that is not a string is read as its JSON text. */
  load() {
    const text = (value) => {
      if (value === undefined || value === null || typeof value === 'string') return value ?? null;
      try {
        return JSON.stringify(value) ?? '';
      } catch {
        return '';
      }
    };
    const value = this.call(this.getter, 'read');
    return value instanceof Promise ? value.then(text) : text(value);
  }

  /** Stores `text`, or removes the entry when it is undefined. */
  write(text) {
    return text === undefined ? this.call(this.remover, 'remove') : this.call(this.setter, 'save', text);
  }
}

/** A `{ get, set, remove }` adapter over `globalThis[name]` (localStorage, sessionStorage). */
const webStorage = (name) => {
  let storage;
  try {
    storage = globalThis[name];
  } catch {}
  const methods = isObject(storage) && ['getItem', 'setItem', 'removeItem'].map((m) => method(storage, m));
  if (!methods || !methods.every(Boolean)) {
    throw new UserServiceError('invalid_config', `${name} is not available in this runtime`);
  }
  const [get, set, remove] = methods.map((m) => m.bind(storage));
  return { get, set, remove };
};

// The package's two store adapters, exported by the package as they are (no wasm involved). Function
// declarations, so that minifying keeps their names.

/**
 * A store over `localStorage`, for `new UserClient({ store: localStorageStore() })`. Throws
 * `invalid_config` where there is none (Node, Workers).
 */
export function localStorageStore() {
  return webStorage('localStorage');
}

/** A store over `sessionStorage` (one tab only). */
export function sessionStorageStore() {
  return webStorage('sessionStorage');
}

// --- Session events (events.rs) --------------------------------------------------------------
// The listeners of `onSessionChange`, and the BroadcastChannel
// through which contexts sharing a store tell each other that it changed. Messages carry the
// reason only, never a token. Which event, and when, is decided in Rust.

/** The listeners and the channel of one client. */
export class Events {
  // When another context says the store changed, the client `client` re-reads it (client.rs's
  // `reread_client`, an export of the instance, `exports`).
  constructor(name, exports, client) {
    this.listeners = new Set();
    try {
      if (typeof BroadcastChannel === 'function') {
        this.channel = new BroadcastChannel(name);
        this.channel.onmessage = () => exports.rereadClient(client);
        // Node: an open channel must not keep the process alive.
        this.channel.unref?.();
      }
    } catch {}
  }

  /**
   * Adds `callback(session, reason)`; returns the function that removes it again, or undefined
   * (adding nothing) when `callback` is not a function.
   */
  on(callback) {
    if (typeof callback !== 'function') return undefined;
    // An entry of its own, so that the same function added twice is removed once per call.
    const entry = { callback };
    this.listeners.add(entry);
    return () => void this.listeners.delete(entry);
  }

  /** Calls every listener (one that throws does not stop the others); tells the other contexts when `local`. */
  emit(session, reason, local) {
    for (const { callback } of [...this.listeners]) {
      try {
        callback(session, reason);
      } catch {}
    }
    if (local) {
      try {
        this.channel?.postMessage(reason);
      } catch {}
    }
  }

  /** Resolves when a refresh in flight lands ([`land`](#land)). */
  wait() {
    return new Promise((resolve) => (this.landing ??= []).push(resolve));
  }

  /** A refresh landed: every task waiting for it steps again. */
  land() {
    for (const resolve of this.landing?.splice(0) ?? []) resolve();
  }

  /** Closes the channel. */
  close() {
    try {
      this.channel?.close();
    } catch {}
  }
}

// --- Tasks (task.rs) -------------------------------------------------------------------------
// The driver of a method's task: it performs the I/O the task's step asks for (the store, the
// lock, a send, the wait for a refresh in flight) and steps it again with what came of it. What to
// do next, and what it means, is Rust's.

// What the step asked for last (`io`), and what came of the I/O the step is given (`outcome`).
let asked, given;

/**
 * Runs the task `id` to its end, starting in a microtask. `exports.stepTask(id, io, ok)` steps it
 * with what came of the last I/O (`io` 0: the start; its value, `given`, through `outcome()`), and
 * asks for the next one through `io(io, ...arguments)`, or for the end with `io(0, ok, value)`.
 * The instance's export is called with numbers alone: no closure stands between.
 * Resolves to the task's value, or rejects with its error.
 */
export const run = async (exports, id) => {
  let [io, ok, value] = [0, true, undefined];
  let release;
  // A task starts after the call that made it has returned (its listeners added, its store untouched).
  await undefined;
  for (;;) {
    given = value;
    exports.stepTask(id, io, ok);
    const [next, a, b, c, d, e, f] = asked;
    [given, asked] = [];
    if (next === 0) {
      // A task gives its lock back before it ends; this only makes sure.
      unlock(release);
      if (a) return b;
      throw b;
    }
    [io, ok, value] = [next, true, undefined];
    try {
      switch (next) {
        case 1: // the stored text
          value = await a.load();
          break;
        case 2: // a write, or a removal
          await a.write(b);
          break;
        case 3: // the lock, or nothing after its wait
          release = await acquire(a, b);
          break;
        case 4:
          unlock(release);
          release = undefined;
          break;
        case 5: // a core request: the lifecycle's, or a call's attempt (8)
        case 8:
          value = await send(a, b, c, d, e, f);
          break;
        case 6: // `client.fetch`'s request
          value = await sendRequest(a, b, c, d, e);
          break;
        default: // 7: a refresh in flight lands
          await a.wait();
      }
    } catch (failure) {
      [ok, value] = [false, failure];
    }
  }
};

/** What a task's step asks for: `[io, ...arguments]`. */
export const io = (...parts) => {
  asked = parts;
};

/** What came of the I/O the task is stepped with. */
export const outcome = () => given;

// --- The walk of a JS value (json.rs) --------------------------------------------------------
// What the walk of a JS value needs from JavaScript: a value's kind, an object's
// members, an array's elements, each in one call that catches whatever a getter or a Proxy trap
// throws. As wasm bindings, telling a string from a number from a plain object took up to ten
// calls per value.

/** `JSON.parse(text)`, or a failure (see `failed`) when `text` is not JSON. */
export const parse = (text) => {
  try {
    return JSON.parse(text);
  } catch {
    return fail();
  }
};

/** Whether a JS string is empty or whitespace only. */
export const blank = (text) => text.trim() === '';

/**
 * The kind of `value`: 0 null or undefined, 1 a string, 2 a number, 3 false, 4 true, 5 an array,
 * 6 a plain object (an object literal or `Object.create(null)`), 7 anything else (a function, a
 * symbol, a bigint, a class instance, or a Proxy whose traps throw).
 */
export const kind = (value) => {
  if (value === null || value === undefined) return 0;
  switch (typeof value) {
    case 'string':
      return 1;
    case 'number':
      return 2;
    case 'boolean':
      return value ? 4 : 3;
    case 'object':
      try {
        if (Array.isArray(value)) return 5;
        const proto = Object.getPrototypeOf(value);
        if (proto === null || Object.getPrototypeOf(proto) === null) return 6;
        return 7;
      } catch {
        return 7;
      }
    default:
      return 7;
  }
};

/**
 * The members of a plain object as one flat array, `[key, value, key, value, …]`, or undefined
 * when reading them throws (a getter or a Proxy trap). Every value is read (getters run) here.
 */
export const members = (value) => {
  try {
    const flat = [];
    for (const [key, member] of Object.entries(value)) flat.push(key, member);
    return flat;
  } catch {
    return undefined;
  }
};

/**
 * A copy of an array's elements, or undefined when it is longer than `max` (a Proxy may claim any
 * length) or reading it throws.
 */
export const elements = (value, max) => {
  try {
    const length = value.length;
    if (!(length >= 0 && length <= max)) return undefined;
    return Array.from({ length }, (_, i) => value[i]);
  } catch {
    return undefined;
  }
};

const decoder = new TextDecoder('utf-8', { fatal: true });

/**
 * A base64url text (a JWT payload) decoded as UTF-8 text, or undefined. It refuses what the core's
 * reader (src/base64url.rs) refuses: other symbols, more `=` than the last group lacks, a lone
 * digit in the last group (`atob` throws), and bits past the last byte that are not zero (`atob`
 * ignores them; the encoding is then not the one `btoa` gives back), so both runtimes read a token
 * alike.
 */
export const base64urlText = (text) => {
  const [, digits, padding] = /^([\w-]*?)(={0,2})$/.exec(text) ?? [];
  if (digits === undefined || padding.length > (4 - (digits.length % 4)) % 4) return undefined;
  try {
    const base64 = digits.replaceAll('-', '+').replaceAll('_', '/');
    const binary = atob(base64);
    if (btoa(binary).replace(/=+$/, '') !== base64) return undefined;
    return decoder.decode(Uint8Array.from(binary, (c) => c.charCodeAt(0)));
  } catch {
    return undefined;
  }
};

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/**
 * An HTTP-date (`Date`, `Retry-After`) in epoch milliseconds, or undefined (`NaN` to the .wasm):
 * IMF-fixdate, RFC 850 or asctime, read by the core's rules (src/http_date.rs): parts split at
 * spaces, commas, hyphens and colons; one to four digits per number; a two-digit year in the
 * century nearest now; no date before 1970 and no day a month lacks (`Date.UTC` would roll 31 Nov
 * over to 1 Dec).
 */
export const httpDate = (text) => {
  const parts = text.replace(/^[\t\n\f\r ]+|[\t\n\f\r ]+$/g, '').split(/[ ,:-]/).filter(Boolean);
  let day, month, year, time;
  // IMF-fixdate and RFC 850: weekday day month year h m s GMT; asctime: weekday month day h m s year.
  if (parts.length === 8 && parts[7] === 'GMT') {
    [, day, month, year, ...time] = parts.slice(0, 7);
  } else if (parts.length === 7) {
    [, month, day, ...time] = parts;
    year = time.pop();
  } else {
    return undefined;
  }
  const number = (digits) => (/^\d{1,4}$/.test(digits) ? Number(digits) : NaN);
  let y = number(year);
  if (year.length === 2) y += y < 70 ? 2000 : 1900;
  else if (year.length !== 4) return undefined;
  const m = MONTHS.indexOf(month);
  const [d, hours, minutes, seconds] = [day, ...time].map(number);
  const ms = Date.UTC(y, m, d, hours, minutes, seconds);
  const date = new Date(ms);
  const valid = y >= 1970 && m >= 0 && hours < 24 && minutes < 60 && seconds < 60;
  return valid && date.getUTCMonth() === m && date.getUTCDate() === d ? ms : undefined;
};
