//! The global object's properties: `fetch`, `navigator`, `BroadcastChannel`, the Web Storages.

use wasm_bindgen::prelude::*;

#[wasm_bindgen]
extern "C" {
    // Every runtime this package supports has `globalThis`, so one accessor replaces js_sys's
    // four-way probe (`globalThis`, `self`, `window`, `global`).
    #[wasm_bindgen(thread_local_v2, js_name = globalThis)]
    static GLOBAL_THIS: JsValue;
}

/// `globalThis[name]`; `None` where reading it throws (a blocked `localStorage` does).
pub(crate) fn global(name: &str) -> Option<JsValue> {
    GLOBAL_THIS.with(|global| js_sys::Reflect::get(global, &name.into()).ok())
}
