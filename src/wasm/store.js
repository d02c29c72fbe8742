// A call to a session store's method, settled within timeoutMs. Written in JavaScript because it
// is a race of a promise against a timer, which costs far more as wasm bindings.

// Whether a store returned something to wait for (a Promise, or any object with a `then`).
const isThenable = (value) => {
  try {
    return typeof value === 'object' && value !== null && typeof value.then === 'function';
  } catch {
    return false;
  }
};

/**
 * `method.call(target, key, value?)`. A plain value is returned as it is, so a synchronous store
 * (localStorage) costs no promise; a thenable becomes a Promise that settles within timeoutMs. A
 * call that throws or rejects rejects with what was thrown; one that does not settle in time
 * rejects with a message saying so.
 */
export const call = (target, method, key, value, timeoutMs) => {
  let result;
  try {
    result = value === undefined ? method.call(target, key) : method.call(target, key, value);
  } catch (thrown) {
    return Promise.reject(thrown);
  }
  if (!isThenable(result)) return result;
  return new Promise((resolve, reject) => {
    // timeoutMs is at most 2^31 - 1, as setTimeout needs (the config's bound).
    const timer = setTimeout(() => reject(`no answer within ${timeoutMs} ms`), timeoutMs);
    Promise.resolve(result)
      .then(resolve, reject)
      .finally(() => clearTimeout(timer));
  });
};
