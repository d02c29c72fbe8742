//! Requests sent with the configured `fetch`, each attempt under its own deadline. The fetch
//! mechanics (the deadline's `AbortController` and timer, the bounded body read) are the JS module
//! `shell.js`, which a task's driver calls; this side builds what is sent and turns what comes
//! back into core values.

use crate::error::Result;
use crate::response::Answer;
use crate::wasm::error::checked;
use crate::wasm::js::Function;
use crate::wasm::json::JsJsonText;
use crate::wasm::json::{item, number};
use wasm_bindgen::prelude::*;

#[wasm_bindgen(module = "/src/wasm/shell.js")]
extern "C" {
    #[wasm_bindgen(js_name = prepare)]
    fn prepare_request(resource: &JsValue, init: &JsValue) -> JsValue;
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
    let prepared = checked(prepare_request(resource, init))?;
    Ok((item(&prepared, 0), item(&prepared, 1)))
}

/// The fetch function, the per-attempt timeout and the largest body read: what a task's driver
/// sends with (`shell.js`'s `send` and `sendRequest`).
pub(crate) struct Transport {
    pub fetch: Function,
    pub timeout_ms: u32,
    pub max_response_bytes: u32,
}

/// What `shell.js`'s `send` resolved to, as a core answer.
pub(crate) fn answer(sent: &JsValue) -> Answer<JsJsonText> {
    Answer {
        status: status(sent, 0),
        retry_after: item(sent, 2).as_string(),
        date: item(sent, 3).as_string(),
        body: JsJsonText::new(item(sent, 1).unchecked_into()),
    }
}

/// What `shell.js`'s `sendRequest` resolved to: the response and its status.
pub(crate) fn response(sent: &JsValue) -> (FetchResponse, u16) {
    (item(sent, 0).unchecked_into(), status(sent, 1))
}

/// The status at `index` of what an attempt's promise resolved to (`shell.js` has checked it).
fn status(sent: &JsValue, index: u32) -> u16 {
    number(&item(sent, index)) as u16
}
