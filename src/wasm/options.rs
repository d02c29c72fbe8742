//! The `options` object of `new UserClient(options)` and of the request builders.

use crate::config::Config;
use crate::error::{Error, Result};
use crate::wasm::json::{is_plain_object, tree};
use wasm_bindgen::prelude::*;

/// Validates `options` into a [`Config`]; errors are `invalid_config` and never echo the key.
pub(crate) fn config(options: &JsValue) -> Result<Config> {
    let options = tree(&object(options)?);
    let key = options.at("instanceKey").text().unwrap_or_default();
    Config::from_json(&options).map_err(|e| e.redact(&[key]))
}

/// `options` as an object: `undefined` and `null` are `{}`.
pub(crate) fn object(options: &JsValue) -> Result<JsValue> {
    if options.is_undefined() || options.is_null() {
        return Ok(js_sys::Object::new().into());
    }
    if !is_plain_object(options) {
        return Err(Error::config("options must be an object"));
    }
    Ok(options.clone())
}

/// An option that is absent when `undefined` or `null`.
pub(crate) fn get(options: &JsValue, name: &str) -> Result<Option<JsValue>> {
    match js_sys::Reflect::get(options, &name.into()) {
        Ok(v) if v.is_undefined() || v.is_null() => Ok(None),
        Ok(v) => Ok(Some(v)),
        Err(_) => Err(Error::config(
            "options.".to_string() + name + " could not be read",
        )),
    }
}
