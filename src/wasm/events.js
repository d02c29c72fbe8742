// Session events of the wasm shell: the listeners of `onSessionChange`, and the BroadcastChannel
// through which contexts sharing a store tell each other that it changed. Messages carry the
// reason only, never a token. Which event, and when, is decided in Rust.

/** The listeners and the channel of one client. */
export class Events {
  // `external` is called when another context says the store changed.
  constructor(name, external) {
    this.listeners = new Set();
    try {
      if (typeof BroadcastChannel === 'function') {
        this.channel = new BroadcastChannel(name);
        this.channel.onmessage = () => external();
        // Node: an open channel must not keep the process alive.
        this.channel.unref?.();
      }
    } catch {}
  }

  /** Adds `callback(session, reason)`; returns the function that removes it again. */
  on(callback) {
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

  /** Closes the channel. */
  close() {
    try {
      this.channel?.close();
    } catch {}
  }
}
