//! Tells other tabs and contexts of one origin that the session changed, over a
//! `BroadcastChannel` named after the storage key.
//!
//! Messages carry only the reason, never a token: a receiver re-reads the shared store, which is
//! the source of truth. Where there is no `BroadcastChannel` (some Workers builds) there is
//! nothing to tell; contexts over one store still see each other's changes on their next read.

use wasm_bindgen::prelude::*;

#[wasm_bindgen]
extern "C" {
    type BroadcastChannel;
    #[wasm_bindgen(constructor, catch)]
    fn new(name: &str) -> Result<BroadcastChannel, JsValue>;
    #[wasm_bindgen(method, catch, js_name = postMessage)]
    fn post_message(this: &BroadcastChannel, message: &JsValue) -> Result<(), JsValue>;
    #[wasm_bindgen(method, setter)]
    fn set_onmessage(this: &BroadcastChannel, handler: &JsValue);
    #[wasm_bindgen(method)]
    fn close(this: &BroadcastChannel);
}

/// An open channel and its message handler.
pub(crate) struct Channel {
    port: BroadcastChannel,
    _handler: Closure<dyn FnMut(JsValue)>,
}

impl Channel {
    /// Opens the channel, if the runtime has them; `on_message` runs for every message from
    /// another context.
    pub(crate) fn open(name: &str, mut on_message: impl FnMut() + 'static) -> Option<Channel> {
        let exists =
            crate::wasm::global::global("BroadcastChannel").is_some_and(|c| c.is_function());
        if !exists {
            return None;
        }
        let port = BroadcastChannel::new(name).ok()?;
        let handler = Closure::<dyn FnMut(JsValue)>::new(move |_event| on_message());
        port.set_onmessage(handler.as_ref());
        // Node: an open channel must not keep the process alive.
        if let Ok(unref) = js_sys::Reflect::get(&port, &"unref".into()) {
            if let Some(unref) = unref.dyn_ref::<js_sys::Function>() {
                let _ = unref.call0(&port);
            }
        }
        Some(Channel {
            port,
            _handler: handler,
        })
    }

    /// Announces a change by its reason.
    pub(crate) fn post(&self, reason: &str) {
        let _ = self.port.post_message(&reason.into());
    }
}

impl Drop for Channel {
    fn drop(&mut self) {
        self.port.close();
    }
}
