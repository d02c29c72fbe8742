// The lock every context sharing a store takes around a refresh.
//
// Where the Web Locks API exists (browsers, including workers) it is `navigator.locks`, so tabs of
// one origin exclude each other. Elsewhere (Node, Workers) the lock is in-process, which still
// keeps several clients over one store from refreshing at once. Either way a request gives up
// after `lockWaitMs`: the spec lets a lock wait forever, and a frozen tab or a stuck holder must
// not stall the others (the lifecycle's re-read still guards the store). Written in JavaScript
// because it is only callbacks and timers, which cost far more as wasm bindings. The backoff
// between refresh attempts sleeps here too. `waitMs` is at most 2^31 - 1, as setTimeout needs
// (the config's bound).

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

/** Resolves after `ms` milliseconds (a backoff between refresh attempts). */
export const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
