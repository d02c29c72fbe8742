//! Sends requests with the configured `fetch`, each attempt under its own deadline. The fetch
//! mechanics (the deadline's `AbortController` and timer, the bounded body read) are the JS module
//! `shell.js`; this side builds what is sent and turns what comes back into core values.

use crate::error::Result;
use crate::request::{authorization, Request};
use crate::response::Answer;
use crate::wasm::json::JsJsonText;
use crate::wasm::settle::{failure, item, settle};
use wasm_bindgen::prelude::*;

#[wasm_bindgen(module = "/src/wasm/shell.js")]
extern "C" {
    #[wasm_bindgen(js_name = send)]
    fn send_init(
        fetch: &js_sys::Function,
        request: &JsValue,
        authorization: Option<&str>,
        timeout_ms: u32,
        max_bytes: u32,
        after_ms: f64,
    ) -> js_sys::Promise;
    #[wasm_bindgen(js_name = sendRequest)]
    fn send_request(
        fetch: &js_sys::Function,
        base: &JsValue,
        authorization: Option<&str>,
        timeout_ms: u32,
        signal: &JsValue,
    ) -> js_sys::Promise;
    #[wasm_bindgen(js_name = prepare, catch)]
    fn prepare_request(resource: &JsValue, init: &JsValue)
        -> std::result::Result<JsValue, JsValue>;
    #[wasm_bindgen(js_name = plain)]
    fn plain_request(method: &str, url: &str, body: Option<&str>) -> JsValue;
    #[wasm_bindgen(js_name = header)]
    fn add_header(request: &JsValue, name: &str, value: &str);
    #[wasm_bindgen(js_name = discard)]
    fn discard_body(response: &FetchResponse);

    /// Any object shaped like a fetch `Response` whose status has been checked.
    pub(crate) type FetchResponse;
}

impl FetchResponse {
    /// Discards an unread body, so that the connection is released.
    pub(crate) fn discard(&self) {
        discard_body(self);
    }
}

/// `client.fetch`'s arguments as a JS `Request` and the caller's signal (`undefined` when none).
/// `invalid_input` when `Request` refuses them, `aborted` when the signal has already fired.
pub(crate) fn prepare(resource: &JsValue, init: &JsValue) -> Result<(JsValue, JsValue)> {
    let prepared = prepare_request(resource, init).map_err(|e| failure(&e))?;
    Ok((item(&prepared, 0), item(&prepared, 1)))
}

/// The fetch function, the per-attempt timeout and the largest body read.
pub(crate) struct Transport {
    pub fetch: js_sys::Function,
    pub timeout_ms: u32,
    pub max_response_bytes: u32,
}

impl Transport {
    /// Sends a core request `after_ms` milliseconds from now and reads the whole answer.
    pub(crate) async fn send(
        &self,
        request: &Request,
        after_ms: u64,
    ) -> Result<Answer<JsJsonText>> {
        let sent = self.request(request, None, after_ms);
        Ok(answer(&settle(sent.into()).await?))
    }

    /// Starts sending a core request `after_ms` milliseconds from now, with `token` as
    /// `Authorization: Bearer <token>` when given (so that a replay sends the same request with
    /// another token, uncopied); [`answer`] reads what the promise resolves to.
    pub(crate) fn request(
        &self,
        request: &Request,
        token: Option<&str>,
        after_ms: u64,
    ) -> js_sys::Promise {
        let value = token.map(authorization);
        send_init(
            &self.fetch,
            &plain(request),
            value.as_deref(),
            self.timeout_ms,
            self.max_response_bytes,
            after_ms as f64,
        )
    }

    /// Starts sending the JS `Request` `base` (for `client.fetch`), with `token` as
    /// `Authorization: Bearer <token>` when given, honouring the caller's signal, up to the
    /// response head; [`response`] reads what the promise resolves to. The body is left for the
    /// caller to read. A body is sent from a clone of `base`, so that the replay after a 401 can
    /// send it again.
    pub(crate) fn fetch(
        &self,
        base: &JsValue,
        token: Option<&str>,
        signal: &JsValue,
    ) -> js_sys::Promise {
        let value = token.map(authorization);
        send_request(&self.fetch, base, value.as_deref(), self.timeout_ms, signal)
    }
}

/// What [`Transport::request`]'s promise resolved to, as a core answer.
pub(crate) fn answer(sent: &JsValue) -> Answer<JsJsonText> {
    Answer {
        status: status(sent, 0),
        retry_after: item(sent, 2).as_string(),
        date: item(sent, 3).as_string(),
        body: JsJsonText::new(item(sent, 1).unchecked_into()),
    }
}

/// What [`Transport::fetch`]'s promise resolved to: the response and its status.
pub(crate) fn response(sent: &JsValue) -> (FetchResponse, u16) {
    (item(sent, 0).unchecked_into(), status(sent, 1))
}

/// The status at `index` of what an attempt's promise resolved to (`shell.js` has checked it).
fn status(sent: &JsValue, index: u32) -> u16 {
    item(sent, index).as_f64().unwrap_or_default() as u16
}

/// A core request as plain data, `{ method, url, headers, body }` (`body` a JSON string or `null`):
/// what `shell.js`'s `send` takes, and what the exported builders return. Made in JavaScript, one
/// call for the request and one per header: property by property from here, each a `Reflect.set`
/// with its key decoded from wasm memory, it took a tenth of a `getUser`.
pub(crate) fn plain(request: &Request) -> JsValue {
    let out = plain_request(
        request.method.as_str(),
        &request.url,
        request.body.as_deref(),
    );
    for (name, value) in &request.headers {
        add_header(&out, name, value);
    }
    out
}
