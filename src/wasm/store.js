// The session store of the wasm shell: the caller's `{ get, set, remove }` (or a Web Storage
// object), or an in-memory map, each call raced against timeoutMs. Written in JavaScript because
// it is nothing but calls, promises and timers; what is stored and when stays in Rust. A plain
// value comes back as it is, so a synchronous store (localStorage, the map) costs no promise.
// Every failure is [code, message] (a code of `UserServiceError`), thrown or rejected.

const isObject = (value) => typeof value === 'object' && value !== null;

// A method of the caller's object: a getter that throws, or a value that is not a function, is
// none.
const method = (target, name) => {
  try {
    const found = target[name];
    return typeof found === 'function' ? found : undefined;
  } catch {
    return undefined;
  }
};

const isThenable = (value) => {
  try {
    return isObject(value) && typeof value.then === 'function';
  } catch {
    return false;
  }
};

// What was thrown, for a message: an Error's message or a string, never anything else's text.
const described = (thrown) => {
  try {
    if (thrown instanceof Error) return String(thrown.message);
    if (typeof thrown === 'string') return thrown;
  } catch {}
  return 'a non-Error value was thrown';
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
export class Store {
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
    if (!methods) throw ['invalid_config', 'store must be an object with get, set and remove methods'];
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

  /** Stores `text`. */
  save(text) {
    return this.call(this.setter, 'save', text);
  }

  /** Removes the entry. */
  clear() {
    return this.call(this.remover, 'remove');
  }
}

/** A `{ get, set, remove }` adapter over `globalThis[name]` (localStorage, sessionStorage). */
export const webStorage = (name) => {
  let storage;
  try {
    storage = globalThis[name];
  } catch {}
  const methods = isObject(storage) && ['getItem', 'setItem', 'removeItem'].map((m) => method(storage, m));
  if (!methods || !methods.every(Boolean)) throw ['invalid_config', `${name} is not available in this runtime`];
  const [get, set, remove] = methods.map((m) => m.bind(storage));
  return { get, set, remove };
};
