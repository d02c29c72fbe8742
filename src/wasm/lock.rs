//! The lock every context sharing a store takes around a refresh: Web Locks where they exist, else
//! an in-process lock, either given up after `lockWaitMs`. The mechanics are the JS module
//! `shell.js`; here the lock is a guard that releases it when dropped.

use crate::wasm::task::settled;
use wasm_bindgen::prelude::*;

#[wasm_bindgen(module = "/src/wasm/shell.js")]
extern "C" {
    #[wasm_bindgen(js_name = acquire)]
    fn acquire_js(name: &str, wait_ms: u32) -> js_sys::Promise;
    fn unlock(release: &JsValue);
}

/// Held while the lock is; dropping it releases the lock. Holds what `acquire` resolved to: the
/// lock's release function, or `undefined` when it was not granted.
pub(crate) struct Guard(JsValue);

impl Drop for Guard {
    fn drop(&mut self) {
        unlock(&self.0);
    }
}

/// Takes the named lock, or gives up after `wait_ms` and returns a guard that holds nothing.
pub(crate) async fn acquire(name: &str, wait_ms: u32) -> Guard {
    Guard(
        settled(&acquire_js(name, wait_ms))
            .await
            .unwrap_or_default(),
    )
}
