//! The lock every context sharing a store takes around a refresh: Web Locks where they exist, else
//! an in-process lock, either given up after `lockWaitMs`. The mechanics are the JS module
//! `shell.js`; here the lock is a guard that releases it when dropped.

use crate::wasm::task::settled;
use wasm_bindgen::prelude::*;

#[wasm_bindgen(module = "/src/wasm/shell.js")]
extern "C" {
    #[wasm_bindgen(js_name = acquire)]
    fn acquire_js(name: &str, wait_ms: u32) -> js_sys::Promise;
}

/// Held while the lock is; dropping it releases the lock.
pub(crate) struct Guard(Option<js_sys::Function>);

impl Drop for Guard {
    fn drop(&mut self) {
        if let Some(release) = self.0.take() {
            let _ = release.call0(&JsValue::UNDEFINED);
        }
    }
}

/// Takes the named lock, or gives up after `wait_ms` and returns a guard that holds nothing.
pub(crate) async fn acquire(name: &str, wait_ms: u32) -> Guard {
    let release = settled(&acquire_js(name, wait_ms)).await;
    Guard(release.ok().and_then(|r| r.dyn_into().ok()))
}
