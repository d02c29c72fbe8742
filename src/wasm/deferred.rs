//! A Promise whose resolve function lives outside it: how the shell turns a callback (a lock
//! grant, a hand-over, a timer) into something a Rust future can await.

/// A new Promise and the function that resolves it.
pub(crate) fn deferred() -> (js_sys::Promise, js_sys::Function) {
    let mut resolve_fn = None;
    let promise = js_sys::Promise::new(&mut |resolve, _| resolve_fn = Some(resolve));
    // The executor runs synchronously, so the function is always set.
    (
        promise,
        resolve_fn.unwrap_or_else(js_sys::Function::default),
    )
}

/// Awaits a Promise in the background and ignores how it settles: for cancellations, whose
/// rejection means only that there was nothing left to release, and must not be reported as
/// unhandled.
pub(crate) fn settle_quietly(result: Result<wasm_bindgen::JsValue, wasm_bindgen::JsValue>) {
    use wasm_bindgen::JsCast;
    if let Ok(promise) = result.and_then(|p| p.dyn_into::<js_sys::Promise>()) {
        wasm_bindgen_futures::spawn_local(async move {
            let _ = wasm_bindgen_futures::JsFuture::from(promise).await;
        });
    }
}
