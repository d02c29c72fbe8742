//! [`Error`] as the JavaScript `UserServiceError` (a real `Error` subclass, from `shell.js`), and
//! what `shell.js`'s sections fail with (`[code, message, status?]`) as an [`Error`], in one place.

use crate::error::{Error, ErrorCode, Result};
use crate::wasm::js::{Array, Object};
use crate::wasm::json::{item, number};
use wasm_bindgen::prelude::*;

#[wasm_bindgen(module = "/src/wasm/shell.js")]
extern "C" {
    /// Whether `value` is a failure `shell.js` made.
    pub(crate) fn failed(value: &JsValue) -> bool;
    /// Sets a property of a fresh plain object (which cannot refuse it).
    #[wasm_bindgen(js_name = put)]
    pub(crate) fn set(object: &Object, name: &str, value: &JsValue);

    type UserServiceError;

    #[wasm_bindgen(constructor)]
    fn new(
        code: &str,
        message: &str,
        status: f64,
        field_errors: JsValue,
        retry_after: f64,
    ) -> UserServiceError;
}

impl From<Error> for JsValue {
    fn from(e: Error) -> JsValue {
        let fields = Array::new();
        for f in e.field_errors() {
            let o = Object::new();
            set(&o, "key", &f.key.as_str().into());
            set(&o, "message", &f.message.as_str().into());
            fields.push(&o);
        }
        UserServiceError::new(
            e.code().as_str(),
            e.message(),
            // NaN for none, which the constructor makes `null`: an `Option` costs the glue a
            // sentinel test each.
            e.status().map_or(f64::NAN, f64::from),
            fields.into(),
            e.retry_after().map_or(f64::NAN, f64::from),
        )
        .into()
    }
}

/// What a `shell.js` function that returns its failure (rather than throwing it) gave: its value,
/// or the failure as an [`Error`].
pub(crate) fn checked(value: JsValue) -> Result<JsValue> {
    if failed(&value) {
        Err(failure(&value))
    } else {
        Ok(value)
    }
}

/// A `shell.js` section's failure `[code, message, status?]` as an [`Error`]. The modules fail with nothing
/// else; a code that is not one of [`ErrorCode::ALL`] reads as `network`.
pub(crate) fn failure(value: &JsValue) -> Error {
    let code = item(value, 0).as_string().unwrap_or_default();
    let code = ErrorCode::ALL
        .into_iter()
        .find(|c| c.as_str() == code)
        .unwrap_or(ErrorCode::Network);
    Error::new(code, item(value, 1).as_string().unwrap_or_default()).with_status(
        Some(number(&item(value, 2)))
            .filter(|s| !s.is_nan())
            .map(|s| s as u16),
    )
}
