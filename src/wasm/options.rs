//! The `options` object of `new UserClient(options)` and of the request builders.

use crate::config::Config;
use crate::error::{Error, Result};
use crate::wasm::error::failure;
use crate::wasm::json::object;
use wasm_bindgen::prelude::*;

#[wasm_bindgen(module = "/src/wasm/shell.js")]
extern "C" {
    #[wasm_bindgen(catch, js_name = option)]
    fn option_of(options: &JsValue, name: &str) -> std::result::Result<Option<JsValue>, JsValue>;
    #[wasm_bindgen(catch, js_name = fetchOf)]
    fn fetch_of(options: &JsValue) -> std::result::Result<crate::wasm::js::Function, JsValue>;
}

/// Validates `options` into a [`Config`]; errors are `invalid_config` and never echo the key.
pub(crate) fn config(options: &JsValue) -> Result<Config> {
    let options = object(options).ok_or_else(|| Error::config("options must be an object"))?;
    let key = options.at("instanceKey").text().unwrap_or_default();
    Config::from_json(&options).map_err(|e| e.redact(&[key]))
}

/// An option of a checked options object (see [`config`]); absent when `undefined` or `null`.
pub(crate) fn get(options: &JsValue, name: &str) -> Result<Option<JsValue>> {
    option_of(options, name).map_err(|e| failure(&e))
}

/// `options.fetch`, or the runtime's `fetch`; `invalid_config` when neither is a function.
pub(crate) fn fetch(options: &JsValue) -> Result<crate::wasm::js::Function> {
    fetch_of(options).map_err(|e| failure(&e))
}
