//! The lifecycle's [`Host`] over JavaScript (the clock, jitter, listeners and the broadcast
//! channel), and what the driver of a task needs to perform its I/O: fetch, the store, the lock.

use crate::lifecycle::{Host, Reason};
use crate::session::Session;
use crate::wasm::events::Events;
use crate::wasm::js;
use crate::wasm::json::{to_js, JsJsonText};
use crate::wasm::store::Store;
use crate::wasm::transport::Transport;

/// The JS environment of one client.
pub(crate) struct JsHost {
    pub(crate) transport: Transport,
    pub(crate) store: Store,
    pub(crate) lock_name: String,
    pub(crate) lock_wait_ms: u32,
    pub(crate) events: Events,
}

impl Drop for JsHost {
    fn drop(&mut self) {
        self.events.close();
    }
}

impl Host for JsHost {
    type Body = JsJsonText;

    fn now_ms(&self) -> u64 {
        js::now() as u64
    }

    fn jitter(&self) -> f64 {
        js::random()
    }

    /// Calls every listener (one that throws does not stop the others), then tells other contexts
    /// of local changes.
    fn changed(&self, session: Option<&Session>, reason: Reason) {
        let value = session.map_or(wasm_bindgen::JsValue::NULL, |s| to_js(&s.to_json()));
        self.events.emit(&value, reason.as_str(), reason.is_local());
    }

    fn landed(&self) {
        self.events.land();
    }
}
