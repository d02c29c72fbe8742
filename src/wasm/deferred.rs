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
