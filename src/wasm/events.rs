//! Session events, kept by `shell.js`: the listeners of `onSessionChange`, and a
//! `BroadcastChannel` named after the storage key, through which clients in other tabs and
//! workers sharing the store learn that it changed. A message carries the reason only; the
//! receiver re-reads the store, the source of truth. Where there is no `BroadcastChannel` (some
//! Workers builds) there is no cross-context event, and every call still reads the store.

use crate::wasm::js::Function;
use wasm_bindgen::prelude::*;

#[wasm_bindgen(module = "/src/wasm/shell.js")]
extern "C" {
    /// The listeners and the channel of one client.
    pub(crate) type Events;
    /// Opens the channel `name`; a message on it calls `exports.rereadClient(client)`.
    #[wasm_bindgen(constructor)]
    pub(crate) fn new(name: &str, exports: &JsValue, client: u32) -> Events;
    /// Adds a listener; returns the function that removes it, or `None` (adding nothing) when
    /// `callback` is not a function.
    #[wasm_bindgen(method)]
    pub(crate) fn on(this: &Events, callback: &JsValue) -> Option<Function>;
    /// Calls every listener with `(session, reason)`; tells other contexts when `local`.
    #[wasm_bindgen(method)]
    pub(crate) fn emit(this: &Events, session: &JsValue, reason: &str, local: bool);
    /// A refresh landed: the tasks waiting for it step again.
    #[wasm_bindgen(method)]
    pub(crate) fn land(this: &Events);
    #[wasm_bindgen(method)]
    pub(crate) fn close(this: &Events);
}
