//! [`Error`] as the JavaScript `UserServiceError` (a real `Error` subclass, from `shell.js`).

use crate::error::Error;
use wasm_bindgen::prelude::*;

#[wasm_bindgen(module = "/src/wasm/shell.js")]
extern "C" {
    /// Sets a property of a fresh plain object (which cannot refuse it).
    #[wasm_bindgen(js_name = put)]
    pub(crate) fn set(object: &js_sys::Object, name: &str, value: &JsValue);

    #[wasm_bindgen(extends = js_sys::Error)]
    type UserServiceError;

    #[wasm_bindgen(constructor)]
    fn new(
        code: &str,
        message: &str,
        status: Option<u16>,
        field_errors: JsValue,
        retry_after: Option<u32>,
    ) -> UserServiceError;
}

impl From<Error> for JsValue {
    fn from(e: Error) -> JsValue {
        let fields = js_sys::Array::new();
        for f in e.field_errors() {
            let o = js_sys::Object::new();
            set(&o, "key", &f.key.as_str().into());
            set(&o, "message", &f.message.as_str().into());
            fields.push(&o);
        }
        UserServiceError::new(
            e.code().as_str(),
            e.message(),
            e.status(),
            fields.into(),
            e.retry_after(),
        )
        .into()
    }
}
