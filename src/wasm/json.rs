//! The wasm JSON backend: the engine's `JSON.parse`, then serde-wasm-bindgen. No JSON parser is
//! compiled into the `.wasm`, and a response body never crosses into wasm memory as text.

use crate::json::{error_path, DecodeError, JsonText};
use serde::de::DeserializeOwned;
use serde::Serialize;
use std::cell::OnceCell;
use wasm_bindgen::prelude::*;

/// A JSON text held as a JS string, parsed at most once.
pub(crate) struct JsJsonText {
    text: js_sys::JsString,
    parsed: OnceCell<Option<JsValue>>,
}

impl JsJsonText {
    pub(crate) fn new(text: js_sys::JsString) -> Self {
        JsJsonText {
            text,
            parsed: OnceCell::new(),
        }
    }

    fn parsed(&self) -> Option<&JsValue> {
        self.parsed
            .get_or_init(|| js_sys::JSON::parse(&String::from(&self.text)).ok())
            .as_ref()
    }
}

impl JsonText for JsJsonText {
    fn from_text(text: String) -> Self {
        JsJsonText::new(text.as_str().into())
    }

    fn is_blank(&self) -> bool {
        self.text.trim().length() == 0
    }

    fn decode<T: DeserializeOwned>(&self) -> Result<T, DecodeError> {
        let value = self.parsed().ok_or(DecodeError::NotJson)?;
        decode_value(value.clone()).map_err(DecodeError::Shape)
    }
}

/// Decodes a JS value into `T`; the error is the path of the offending value.
pub(crate) fn decode_value<T: DeserializeOwned>(value: JsValue) -> Result<T, String> {
    let de = serde_wasm_bindgen::Deserializer::from(value);
    serde_path_to_error::deserialize(de).map_err(|e| error_path(e.path()))
}

/// A check of the keys of a nested object: its property name and its checker.
pub(crate) type Nested = (&'static str, fn(&JsValue, &str) -> Result<(), String>);

/// Rejects own keys of `value` (a plain object) that `T` does not accept; `prefix` names it.
pub(crate) fn check_keys<T: DeserializeOwned>(value: &JsValue, prefix: &str) -> Result<(), String> {
    let Some(object) = value.dyn_ref::<js_sys::Object>() else {
        return Ok(());
    };
    let keys: Vec<String> = js_sys::Object::keys(object)
        .iter()
        .filter_map(|k| k.as_string())
        .collect();
    match crate::fields::first_unknown::<T, _, _>(&keys) {
        Some(key) => Err(prefix.to_string() + key + ": unknown field"),
        None => Ok(()),
    }
}

/// Decodes a caller's object into `T`, keeping serde's message: for the caller's own input, where
/// the message ("firstName: invalid type") is what the caller needs. Unknown keys, at the top and
/// in the `nested` objects, are errors: a misspelt key must not be silently dropped.
pub(crate) fn decode_input<T: DeserializeOwned>(
    value: JsValue,
    nested: &[Nested],
) -> Result<T, String> {
    check_keys::<T>(&value, "")?;
    for (name, check) in nested {
        if let Ok(inner) = js_sys::Reflect::get(&value, &(*name).into()) {
            if inner.is_object() {
                check(&inner, &(name.to_string() + "."))?;
            }
        }
    }
    let de = serde_wasm_bindgen::Deserializer::from(value);
    serde_path_to_error::deserialize(de).map_err(|e| {
        let path = error_path(e.path());
        let inner = e.into_inner().to_string();
        if path == "." {
            inner
        } else {
            path + ": " + &inner
        }
    })
}

/// A Rust value as a plain JS object (`null` for `None`, objects rather than `Map`s).
pub(crate) fn to_js<T: Serialize>(value: &T) -> JsValue {
    value
        .serialize(&serde_wasm_bindgen::Serializer::json_compatible())
        .unwrap_or(JsValue::NULL)
}
