//! The lifecycle's [`Host`] over JavaScript: fetch, the store, Web Locks, timers, listeners and
//! the broadcast channel.

use crate::error::Result;
use crate::lifecycle::{Host, Reason};
use crate::request::Request;
use crate::response::Answer;
use crate::session::Session;
use crate::wasm::channel::Channel;
use crate::wasm::json::{to_js, JsJsonText};
use crate::wasm::lock::{self, Guard};
use crate::wasm::store::Store;
use crate::wasm::timer;
use crate::wasm::transport::Transport;
use std::cell::{Cell, RefCell};

/// The JS environment of one client.
pub(crate) struct JsHost {
    pub(crate) transport: Transport,
    pub(crate) store: Store,
    pub(crate) key: String,
    pub(crate) lock_name: String,
    pub(crate) lock_wait_ms: u32,
    pub(crate) listeners: RefCell<Vec<(u32, js_sys::Function)>>,
    pub(crate) next_listener: Cell<u32>,
    pub(crate) channel: RefCell<Option<Channel>>,
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

    async fn sleep(&self, ms: u64) {
        timer::sleep(ms).await
    }

    async fn send(&self, request: &Request) -> Result<Answer<JsJsonText>> {
        self.transport.send(request).await
    }

    async fn load(&self) -> Result<Option<String>> {
        self.store.get(&self.key).await
    }

    async fn save(&self, text: &str) -> Result<()> {
        self.store.set(&self.key, text).await
    }

    async fn clear(&self) -> Result<()> {
        self.store.remove(&self.key).await
    }

    async fn lock(&self) -> Guard {
        lock::acquire(&self.lock_name, self.lock_wait_ms).await
    }

    /// Calls every listener (one that throws does not stop the others), then tells other contexts
    /// of local changes.
    fn changed(&self, session: Option<&Session>, reason: Reason) {
        let listeners: Vec<js_sys::Function> = self
            .listeners
            .borrow()
            .iter()
            .map(|(_, f)| f.clone())
            .collect();
        let value = session.map_or(wasm_bindgen::JsValue::NULL, |s| to_js(&s.to_json()));
        for listener in listeners {
            let _ = listener.call2(
                &wasm_bindgen::JsValue::UNDEFINED,
                &value,
                &reason.as_str().into(),
            );
        }
        if reason.is_local() {
            if let Some(channel) = &*self.channel.borrow() {
                channel.post(reason.as_str());
            }
        }
    }
}
