//! `setTimeout` as a Rust value: a timer cleared on drop, and `sleep`.

use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;

#[wasm_bindgen]
extern "C" {
    #[wasm_bindgen(js_name = setTimeout)]
    fn set_timeout(handler: &js_sys::Function, ms: i32) -> JsValue;
    #[wasm_bindgen(js_name = clearTimeout)]
    fn clear_timeout(id: &JsValue);
}

/// A pending `setTimeout`, cleared when dropped (so that an ended wait never fires, and never
/// keeps Node's event loop alive).
pub(crate) struct Timer {
    id: JsValue,
    _handler: Closure<dyn FnMut()>,
}

impl Timer {
    /// Calls `handler` once after `ms` milliseconds, unless dropped first.
    pub(crate) fn start(ms: u64, handler: impl FnMut() + 'static) -> Timer {
        let handler = Closure::<dyn FnMut()>::new(handler);
        let ms = i32::try_from(ms).unwrap_or(i32::MAX);
        Timer {
            id: set_timeout(handler.as_ref().unchecked_ref(), ms),
            _handler: handler,
        }
    }
}

impl Drop for Timer {
    fn drop(&mut self) {
        clear_timeout(&self.id);
    }
}

/// Waits `ms` milliseconds.
pub(crate) async fn sleep(ms: u64) {
    let ms = i32::try_from(ms).unwrap_or(i32::MAX);
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        set_timeout(&resolve, ms);
    });
    let _ = JsFuture::from(promise).await;
}
