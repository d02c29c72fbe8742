//! Sends requests with the configured `fetch`, each attempt under its own [`Deadline`].

use crate::error::{Error, Result};
use crate::request::Request;
use crate::response::Answer;
use crate::wasm::abort::Deadline;
use crate::wasm::deferred::settle_quietly;
use crate::wasm::error::set;
use crate::wasm::json::JsJsonText;
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;

#[wasm_bindgen]
extern "C" {
    /// Any object shaped like a fetch `Response` (a custom `fetch` may return anything, so
    /// every access may throw).
    pub(crate) type FetchResponse;
    #[wasm_bindgen(method, getter, structural, catch)]
    fn status(this: &FetchResponse) -> std::result::Result<JsValue, JsValue>;
    #[wasm_bindgen(method, getter, structural, catch)]
    fn headers(this: &FetchResponse) -> std::result::Result<JsValue, JsValue>;
    #[wasm_bindgen(method, getter, structural, catch, js_name = body)]
    fn body_of(this: &FetchResponse) -> std::result::Result<JsValue, JsValue>;
    #[wasm_bindgen(method, getter, structural, catch, js_name = type)]
    fn kind(this: &FetchResponse) -> std::result::Result<JsValue, JsValue>;
    #[wasm_bindgen(method, catch, structural)]
    fn text(this: &FetchResponse) -> std::result::Result<js_sys::Promise, JsValue>;

    type HeadersLike;
    #[wasm_bindgen(method, catch, structural)]
    fn get(this: &HeadersLike, name: &str) -> std::result::Result<JsValue, JsValue>;

    type StreamLike;
    #[wasm_bindgen(method, catch, structural)]
    fn cancel(this: &StreamLike) -> std::result::Result<JsValue, JsValue>;
    #[wasm_bindgen(method, catch, structural, js_name = getReader)]
    fn get_reader(this: &StreamLike) -> std::result::Result<ReaderLike, JsValue>;

    type ReaderLike;
    #[wasm_bindgen(method, catch, structural)]
    fn read(this: &ReaderLike) -> std::result::Result<js_sys::Promise, JsValue>;
    #[wasm_bindgen(method, catch, structural, js_name = cancel)]
    fn cancel_reader(this: &ReaderLike) -> std::result::Result<JsValue, JsValue>;

    type TextDecoder;
    #[wasm_bindgen(constructor, catch)]
    fn new() -> std::result::Result<TextDecoder, JsValue>;
    #[wasm_bindgen(method, catch)]
    fn decode(
        this: &TextDecoder,
        chunk: &JsValue,
        options: &JsValue,
    ) -> std::result::Result<js_sys::JsString, JsValue>;
}

impl FetchResponse {
    /// The body stream, or `undefined` when there is none (or it cannot be read).
    fn body(&self) -> JsValue {
        self.body_of().unwrap_or(JsValue::UNDEFINED)
    }

    /// The HTTP status, if this is a Response at all.
    pub(crate) fn status_code(&self) -> Result<u16> {
        self.status()
            .ok()
            .and_then(|s| s.as_f64())
            .and_then(|s| crate::json::whole(s, 100.0, 999.0))
            .map(|s| s as u16)
            .ok_or_else(|| {
                Error::invalid_response("fetch resolved to something that is not a Response")
            })
    }

    /// Discards an unread body, so that the connection is released.
    pub(crate) fn discard(&self) {
        let body = self.body();
        if body.is_object() {
            settle_quietly(body.unchecked_into::<StreamLike>().cancel());
        }
    }
}

/// The fetch function, the per-attempt timeout and the largest body read.
pub(crate) struct Transport {
    pub fetch: js_sys::Function,
    pub timeout_ms: u32,
    pub max_response_bytes: u32,
}

impl Transport {
    /// The global `fetch`, if the runtime has one.
    pub(crate) fn global_fetch() -> Option<js_sys::Function> {
        crate::wasm::global::global("fetch")?.dyn_into().ok()
    }

    /// Calls `fetch(input, init)` with the deadline's signal and waits for the response head:
    /// the response and its status.
    async fn call(
        &self,
        input: &JsValue,
        init: &js_sys::Object,
        deadline: &Deadline,
    ) -> Result<(FetchResponse, u16)> {
        set(init, "signal", &deadline.signal());
        let promise = self
            .fetch
            .call2(&JsValue::UNDEFINED, input, init)
            .map_err(|e| deadline.error(&e))?;
        let response = JsFuture::from(js_sys::Promise::resolve(&promise))
            .await
            .map_err(|e| deadline.error(&e))?;
        let response: FetchResponse = response.unchecked_into();
        let status = response.status_code()?;
        Ok((response, status))
    }

    /// Sends a core request and reads the whole answer.
    pub(crate) async fn send(&self, request: &Request) -> Result<Answer<JsJsonText>> {
        let deadline = Deadline::start(self.timeout_ms, None);
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
        let (response, status) = self
            .call(&request.url.as_str().into(), &init, &deadline)
            .await?;
        let headers: HeadersLike = response
            .headers()
            .unwrap_or(JsValue::UNDEFINED)
            .unchecked_into();
        let header = |name: &str| headers.get(name).ok().and_then(|v| v.as_string());
        let (retry_after, date) = (header("retry-after"), header("date"));
        // Content-Length counts the bytes on the wire. With a content coding the decoded body can
        // be any size (a small gzip body can inflate without end), and a browser hides a
        // cross-origin response's Content-Encoding (type "cors"), so the length bounds the body
        // only for an uncoded response whose headers can all be seen.
        let uncoded = header("content-encoding")
            .is_none_or(|c| c.trim().eq_ignore_ascii_case("identity"))
            && response.kind().ok().and_then(|k| k.as_string()).as_deref() != Some("cors");
        let declared = header("content-length")
            .filter(|_| uncoded)
            .and_then(|v| crate::decimal::parse(v.trim(), 19));
        let body = self
            .read_text(&response, status, declared, &deadline)
            .await?;
        Ok(Answer {
            status,
            retry_after,
            date,
            body: JsJsonText::new(body),
        })
    }

    /// Reads the body as text, at most `max_response_bytes` of it: a larger body is cancelled
    /// as soon as it is known to be too large (by its `declared` length, or while streaming), so a
    /// huge or endless answer costs neither memory nor time.
    async fn read_text(
        &self,
        response: &FetchResponse,
        status: u16,
        declared: Option<u64>,
        deadline: &Deadline,
    ) -> Result<js_sys::JsString> {
        let limit = f64::from(self.max_response_bytes);
        let too_large = || {
            Error::invalid_response(
                "the response body is larger than maxResponseBytes (".to_string()
                    + &crate::decimal::text(self.max_response_bytes.into())
                    + " bytes)",
            )
            .with_status(Some(status))
        };
        if declared.is_some_and(|n| n > u64::from(self.max_response_bytes)) {
            response.discard();
            return Err(too_large());
        }
        // A declared length within the limit bounds the body (the runtime frames it by that
        // length), so the runtime's own `text()` reads it in one step; only an answer of unknown
        // length is streamed and counted.
        let body = response.body();
        let reader = (declared.is_none() && body.is_object())
            .then(|| body.unchecked_ref::<StreamLike>().get_reader().ok())
            .flatten();
        let Some(reader) = reader else {
            // A known length, or no stream (a hand-made Response-like object): read it whole,
            // then check.
            let text = response.text().map_err(|e| deadline.error(&e))?;
            let text = JsFuture::from(text).await.map_err(|e| deadline.error(&e))?;
            let text = text
                .dyn_into::<js_sys::JsString>()
                .map_err(|_| Error::invalid_response("the response body is not text"))?;
            // UTF-16 units: a lower bound of the UTF-8 bytes, enough to refuse the absurd.
            return if f64::from(text.length()) > limit {
                Err(too_large())
            } else {
                Ok(text)
            };
        };
        let decoder = TextDecoder::new().map_err(|e| deadline.error(&e))?;
        let streaming = js_sys::Object::new();
        set(&streaming, "stream", &JsValue::TRUE);
        let mut text = js_sys::JsString::from("");
        let mut total = 0.0;
        loop {
            let step = reader.read().map_err(|e| deadline.error(&e))?;
            let step = JsFuture::from(step).await.map_err(|e| deadline.error(&e))?;
            let field = |name: &str| js_sys::Reflect::get(&step, &name.into()).ok();
            if field("done").is_some_and(|d| d.is_truthy()) {
                break;
            }
            let chunk = field("value")
                .filter(|v| v.has_type::<js_sys::Uint8Array>())
                .ok_or_else(|| Error::invalid_response("the response body is not bytes"))?;
            total += f64::from(chunk.unchecked_ref::<js_sys::Uint8Array>().byte_length());
            if total > limit {
                settle_quietly(reader.cancel_reader());
                return Err(too_large());
            }
            let part = decoder
                .decode(&chunk, &streaming)
                .map_err(|e| deadline.error(&e))?;
            text = text.concat(&part);
        }
        let rest = decoder
            .decode(&JsValue::UNDEFINED, &JsValue::UNDEFINED)
            .map_err(|e| deadline.error(&e))?;
        Ok(text.concat(&rest))
    }

    /// Sends a JS `Request` as it is (for `client.fetch`), honouring the caller's signal; the
    /// body is left for the caller to read.
    pub(crate) async fn send_js(
        &self,
        request: &JsValue,
        signal: Option<JsValue>,
    ) -> Result<FetchResponse> {
        let deadline = Deadline::start(self.timeout_ms, signal);
        let (response, _) = self
            .call(request, &js_sys::Object::new(), &deadline)
            .await?;
        Ok(response)
    }
}
