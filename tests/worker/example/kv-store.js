// A telematics-user session store over a Workers KV namespace: the `{ get, set, remove }` shape
// every store has, each returning a Promise.
//
// KV is eventually consistent across locations (a write can take up to a minute to be seen
// elsewhere), so a rotated refresh token stored here may be read stale by an isolate in another
// colo. For a session used from many locations at once, keep it in a Durable Object instead; the
// same three methods over its storage make the adapter.
export function kvStore(namespace) {
  return {
    get: (key) => namespace.get(key),
    set: (key, value) => namespace.put(key, value),
    remove: (key) => namespace.delete(key),
  };
}
