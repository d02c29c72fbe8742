//! Sends a core [`Request`] with the configured `fetch`, under a per-attempt timeout.

use crate::envelope::ResponseMeta;
use crate::error::{Error, ErrorCode, Result};
use crate::request::Request;
use crate::wasm::error::{js_message, set};
use crate::wasm::json::JsJsonText;
use std::cell::Cell;
use std::rc::Rc;
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;

#[wasm_bindgen]
extern "C" {
    type AbortController;
    #[wasm_bindgen(constructor)]
    fn new() -> AbortController;
    #[wasm_bindgen(method, getter)]
    fn signal(this: &AbortController) -> JsValue;
    #[wasm_bindgen(method)]
    fn abort(this: &AbortController);

    #[wasm_bindgen(js_name = setTimeout)]
    fn set_timeout(handler: &js_sys::Function, ms: i32) -> JsValue;
    #[wasm_bindgen(js_name = clearTimeout)]
    fn clear_timeout(id: &JsValue);

    /// Any object shaped like a fetch `Response`.
    pub(crate) type FetchResponse;
    #[wasm_bindgen(method, getter, structural)]
    fn status(this: &FetchResponse) -> JsValue;
    #[wasm_bindgen(method, getter, structural)]
    fn headers(this: &FetchResponse) -> JsValue;
    #[wasm_bindgen(method, catch, structural)]
    fn text(this: &FetchResponse) -> std::result::Result<js_sys::Promise, JsValue>;

    type HeadersLike;
    #[wasm_bindgen(method, catch, structural)]
    fn get(this: &HeadersLike, name: &str) -> std::result::Result<JsValue, JsValue>;
}

/// A received answer: status, the headers the core reads, and the body as a JS string.
pub(crate) struct Answer {
    pub status: u16,
    pub retry_after: Option<String>,
    pub date: Option<String>,
    pub body: JsJsonText,
}

impl Answer {
    pub(crate) fn meta(&self) -> ResponseMeta<'_> {
        ResponseMeta {
            status: self.status,
            retry_after: self.retry_after.as_deref(),
            date: self.date.as_deref(),
        }
    }
}

/// The fetch function and the per-attempt timeout.
pub(crate) struct Transport {
    pub fetch: js_sys::Function,
    pub timeout_ms: u32,
}

/// Clears the timer when the attempt ends, however it ends.
struct Timer {
    id: JsValue,
    _handler: Closure<dyn FnMut()>,
}

impl Drop for Timer {
    fn drop(&mut self) {
        clear_timeout(&self.id);
    }
}

impl Transport {
    /// The global `fetch`, if the runtime has one.
    pub(crate) fn global_fetch() -> Option<js_sys::Function> {
        js_sys::Reflect::get(&js_sys::global(), &"fetch".into())
            .ok()?
            .dyn_into()
            .ok()
    }

    /// Sends the request and reads the whole answer.
    pub(crate) async fn send(&self, request: &Request) -> Result<Answer> {
        let controller = AbortController::new();
        let timed_out = Rc::new(Cell::new(false));
        let _timer = {
            let controller: AbortController = JsValue::clone(&controller).unchecked_into();
            let timed_out = timed_out.clone();
            let handler = Closure::<dyn FnMut()>::new(move || {
                timed_out.set(true);
                controller.abort();
            });
            let ms = i32::try_from(self.timeout_ms).unwrap_or(i32::MAX);
            Timer {
                id: set_timeout(handler.as_ref().unchecked_ref(), ms),
                _handler: handler,
            }
        };
        let init = js_sys::Object::new();
        set(&init, "method", &request.method.as_str().into());
        let headers = js_sys::Object::new();
        for (name, value) in &request.headers {
            set(&headers, name, &value.as_str().into());
        }
        set(&init, "headers", &headers);
        if let Some(body) = &request.body {
            set(&init, "body", &body.as_str().into());
        }
        set(&init, "signal", &controller.signal());

        let failed = |e: JsValue| {
            if timed_out.get() {
                Error::new(ErrorCode::Timeout, "the request timed out")
            } else {
                Error::new(
                    ErrorCode::Network,
                    "the request failed: ".to_string() + &js_message(&e),
                )
            }
        };
        let promise = self
            .fetch
            .call2(&JsValue::UNDEFINED, &request.url.as_str().into(), &init)
            .map_err(failed)?;
        let response = JsFuture::from(js_sys::Promise::resolve(&promise))
            .await
            .map_err(failed)?;
        let response: FetchResponse = response.unchecked_into();
        let status = response
            .status()
            .as_f64()
            .filter(|s| (100.0..=999.0).contains(s) && s.fract() == 0.0)
            .ok_or_else(|| {
                Error::invalid_response("fetch resolved to something that is not a Response")
            })? as u16;
        let headers: HeadersLike = response.headers().unchecked_into();
        let header = |name: &str| headers.get(name).ok().and_then(|v| v.as_string());
        let (retry_after, date) = (header("retry-after"), header("date"));
        let text = response.text().map_err(failed)?;
        let text = JsFuture::from(text).await.map_err(failed)?;
        let body = text
            .dyn_into::<js_sys::JsString>()
            .map_err(|_| Error::invalid_response("the response body is not text"))?;
        Ok(Answer {
            status,
            retry_after,
            date,
            body: JsJsonText::new(body),
        })
    }
}
