//! The lifecycle's [`Host`] over JavaScript: fetch, the store, Web Locks, timers, listeners and
//! the broadcast channel.

use crate::error::Result;
use crate::lifecycle::{Host, Reason};
use crate::request::Request;
use crate::response::Answer;
use crate::session::Session;
use crate::wasm::events::Events;
use crate::wasm::json::{to_js, JsJsonText};
use crate::wasm::lock::{self, Guard};
use crate::wasm::store::Store;
use crate::wasm::transport::Transport;
use std::future::Future;

/// The JS environment of one client.
pub(crate) struct JsHost {
    pub(crate) transport: Transport,
    pub(crate) store: Store,
    pub(crate) lock_name: String,
    pub(crate) lock_wait_ms: u32,
    pub(crate) events: Events,
    // What `events` calls when another context changed the store; it lives as long as they do.
    pub(crate) _external: wasm_bindgen::closure::Closure<dyn Fn()>,
}

impl Drop for JsHost {
    fn drop(&mut self) {
        self.events.close();
    }
}

impl Host for JsHost {
    type Body = JsJsonText;
    type Guard = Guard;

    fn now_ms(&self) -> u64 {
        js_sys::Date::now() as u64
    }

    fn jitter(&self) -> f64 {
        js_sys::Math::random()
    }

    // The shell's own futures, returned as they are rather than awaited in one more state machine.

    fn send(
        &self,
        request: &Request,
        after_ms: u64,
    ) -> impl Future<Output = Result<Answer<JsJsonText>>> {
        self.transport.send(request, after_ms)
    }

    fn load(&self) -> impl Future<Output = Result<Option<String>>> {
        self.store.load()
    }

    fn write(&self, text: Option<&str>) -> impl Future<Output = Result<()>> {
        self.store.write(text)
    }

    fn lock(&self) -> impl Future<Output = Guard> {
        lock::acquire(&self.lock_name, self.lock_wait_ms)
    }

    /// Calls every listener (one that throws does not stop the others), then tells other contexts
    /// of local changes.
    fn changed(&self, session: Option<&Session>, reason: Reason) {
        let value = session.map_or(wasm_bindgen::JsValue::NULL, |s| to_js(&s.to_json()));
        self.events.emit(&value, reason.as_str(), reason.is_local());
    }
}
