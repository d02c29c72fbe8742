//! One attempt's abort signal: it fires when `timeoutMs` passes or when the caller's own
//! `AbortSignal` does, and it tells the two apart.

use crate::error::{Error, ErrorCode};
use crate::wasm::error::js_message;
use crate::wasm::timer::Timer;
use std::cell::Cell;
use std::rc::Rc;
use wasm_bindgen::prelude::*;

#[wasm_bindgen]
extern "C" {
    #[derive(Clone)]
    pub(crate) type AbortController;
    #[wasm_bindgen(constructor)]
    pub(crate) fn new() -> AbortController;
    #[wasm_bindgen(method, getter)]
    pub(crate) fn signal(this: &AbortController) -> JsValue;
    #[wasm_bindgen(method)]
    pub(crate) fn abort(this: &AbortController);

    /// Any object shaped like an `AbortSignal` (the caller's: each access may throw).
    type SignalLike;
    #[wasm_bindgen(method, getter, structural, catch)]
    fn aborted(this: &SignalLike) -> Result<JsValue, JsValue>;
    #[wasm_bindgen(method, structural, catch, js_name = addEventListener)]
    fn add_event_listener(
        this: &SignalLike,
        kind: &str,
        listener: &js_sys::Function,
    ) -> Result<(), JsValue>;
    #[wasm_bindgen(method, structural, catch, js_name = removeEventListener)]
    fn remove_event_listener(
        this: &SignalLike,
        kind: &str,
        listener: &js_sys::Function,
    ) -> Result<(), JsValue>;
}

/// Whether a caller's signal has fired.
pub(crate) fn is_aborted(signal: &JsValue) -> bool {
    signal.is_object()
        && signal
            .unchecked_ref::<SignalLike>()
            .aborted()
            .is_ok_and(|a| a.is_truthy())
}

/// The error for a caller's abort.
pub(crate) fn aborted() -> Error {
    Error::new(ErrorCode::Aborted, "the request was aborted")
}

/// Follows a caller's signal until dropped.
struct Link {
    signal: SignalLike,
    listener: Closure<dyn FnMut()>,
}

impl Drop for Link {
    fn drop(&mut self) {
        let _ = self
            .signal
            .remove_event_listener("abort", self.listener.as_ref().unchecked_ref());
    }
}

/// The signal of one attempt.
pub(crate) struct Deadline {
    controller: AbortController,
    timed_out: Rc<Cell<bool>>,
    caller: Option<JsValue>,
    _timer: Timer,
    _link: Option<Link>,
}

impl Deadline {
    /// Starts the clock; `caller` is the caller's `AbortSignal`, if any.
    pub(crate) fn start(timeout_ms: u32, caller: Option<JsValue>) -> Deadline {
        let controller = AbortController::new();
        let timed_out = Rc::new(Cell::new(false));
        let timer = {
            let (controller, timed_out) = (controller.clone(), timed_out.clone());
            Timer::start(timeout_ms.into(), move || {
                timed_out.set(true);
                controller.abort();
            })
        };
        let caller = caller.filter(JsValue::is_object);
        let link = caller.as_ref().map(|signal| {
            let signal: SignalLike = signal.clone().unchecked_into();
            let target = controller.clone();
            let listener = Closure::<dyn FnMut()>::new(move || target.abort());
            let _ = signal.add_event_listener("abort", listener.as_ref().unchecked_ref());
            Link { signal, listener }
        });
        if caller.as_ref().is_some_and(is_aborted) {
            controller.abort();
        }
        Deadline {
            controller,
            timed_out,
            caller,
            _timer: timer,
            _link: link,
        }
    }

    /// The signal to hand to `fetch`.
    pub(crate) fn signal(&self) -> JsValue {
        self.controller.signal()
    }

    /// The error for a failed fetch or body read: `timeout`, `aborted` or `network`.
    pub(crate) fn error(&self, thrown: &JsValue) -> Error {
        if self.caller.as_ref().is_some_and(is_aborted) {
            aborted()
        } else if self.timed_out.get() {
            Error::new(ErrorCode::Timeout, "the request timed out")
        } else {
            Error::new(
                ErrorCode::Network,
                "the request failed: ".to_string() + &js_message(thrown),
            )
        }
    }
}
