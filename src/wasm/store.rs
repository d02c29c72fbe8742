//! The session store, kept by `store.js`: the caller's adapter or an in-memory map, each call
//! bounded by `timeoutMs`. What is stored, and when, is the lifecycle's.

use crate::error::Result;
use crate::wasm::settle::{failure, settle};
use wasm_bindgen::prelude::*;

#[wasm_bindgen(module = "/src/wasm/store.js")]
extern "C" {
    /// The store of one client (see `store.js`).
    pub(crate) type Store;
    #[wasm_bindgen(constructor, catch)]
    fn new(adapter: &JsValue, key: &str, timeout_ms: u32) -> std::result::Result<Store, JsValue>;
    #[wasm_bindgen(method, js_name = load)]
    fn load_js(this: &Store) -> JsValue;
    #[wasm_bindgen(method, js_name = save)]
    fn save_js(this: &Store, text: &str) -> JsValue;
    #[wasm_bindgen(method, js_name = clear)]
    fn clear_js(this: &Store) -> JsValue;
    #[wasm_bindgen(catch, js_name = webStorage)]
    fn web_storage(name: &str) -> std::result::Result<JsValue, JsValue>;
}

impl Store {
    /// The store of `adapter` (`None` for memory) under `key`; a bad adapter is `invalid_config`.
    pub(crate) fn open(adapter: Option<JsValue>, key: &str, timeout_ms: u32) -> Result<Store> {
        Store::new(&adapter.unwrap_or_default(), key, timeout_ms).map_err(|e| failure(&e))
    }

    /// The stored text, or `None`.
    pub(crate) async fn load(&self) -> Result<Option<String>> {
        Ok(settle(self.load_js()).await?.as_string())
    }

    /// Stores `text`.
    pub(crate) async fn save(&self, text: &str) -> Result<()> {
        settle(self.save_js(text)).await.map(drop)
    }

    /// Removes the stored session.
    pub(crate) async fn clear(&self) -> Result<()> {
        settle(self.clear_js()).await.map(drop)
    }
}

/// A store over `localStorage`, for `new UserClient({ store: localStorageStore() })`. Throws
/// `invalid_config` where there is none (Node, Workers).
#[wasm_bindgen(js_name = localStorageStore)]
pub fn local_storage_store() -> std::result::Result<JsValue, JsValue> {
    web_storage("localStorage").map_err(|e| failure(&e).into())
}

/// A store over `sessionStorage` (one tab only).
#[wasm_bindgen(js_name = sessionStorageStore)]
pub fn session_storage_store() -> std::result::Result<JsValue, JsValue> {
    web_storage("sessionStorage").map_err(|e| failure(&e).into())
}
