//! The results of `shell.js` (transport, store, lock): a value, or a Promise of one.
//! Its sections fail with `[code, message, status?]`, a code of `UserServiceError`, which becomes the
//! [`Error`] here, in one place.

use crate::error::{Error, ErrorCode, Result};
use crate::wasm::json::is_promise;
use crate::wasm::task::settled;
use wasm_bindgen::prelude::*;

/// `value`, or what it settles to when it is a Promise.
pub(crate) async fn settle(value: JsValue) -> Result<JsValue> {
    if !is_promise(&value) {
        return Ok(value);
    }
    settled(&value.unchecked_into())
        .await
        .map_err(|e| failure(&e))
}

/// A module's failure `[code, message, status?]` as an [`Error`]. The modules fail with nothing
/// else; a code that is not one of [`ErrorCode::ALL`] reads as `network`.
pub(crate) fn failure(value: &JsValue) -> Error {
    let code = item(value, 0).as_string().unwrap_or_default();
    let code = ErrorCode::ALL
        .into_iter()
        .find(|c| c.as_str() == code)
        .unwrap_or(ErrorCode::Network);
    Error::new(code, item(value, 1).as_string().unwrap_or_default())
        .with_status(item(value, 2).as_f64().map(|s| s as u16))
}

#[wasm_bindgen(module = "/src/wasm/shell.js")]
extern "C" {
    /// `value[name]`, or `undefined` when `value` has no such member or its getter throws.
    pub(crate) fn field(value: &JsValue, name: &str) -> JsValue;
    /// `field` for an element: `value[index]`.
    #[wasm_bindgen(js_name = field)]
    fn field_at(value: &JsValue, index: u32) -> JsValue;
}

/// The element `i` of an array (one the modules resolve to, or a copy `shell.js` made); `undefined`
/// for anything else, such as a failure that is not one of theirs. The one reader of elements, so
/// that the `.wasm` imports one.
pub(crate) fn item(value: &JsValue, i: u32) -> JsValue {
    field_at(value, i)
}
