//! The `options` object of `new UserClient(options)` and of the request builders.

use crate::config::Config;
use crate::error::{Error, Result};
use crate::wasm::json::object;
use wasm_bindgen::prelude::*;

#[wasm_bindgen(module = "/src/wasm/shell.js")]
extern "C" {
    #[cfg(feature = "client")]
    #[wasm_bindgen(js_name = host)]
    fn host_of(options: &JsValue, key: &str, timeout_ms: u32) -> JsValue;
}

/// Validates `options` into a [`Config`]; errors are `invalid_config` and never echo the key.
pub(crate) fn config(options: &JsValue) -> Result<Config> {
    let options = object(options).ok_or_else(|| Error::config("options must be an object"))?;
    let key = options.at("instanceKey").text().unwrap_or_default();
    Config::from_json(&options).map_err(|e| e.redact(&[key]))
}

/// What a client sends and keeps its session with, from a checked options object (see
/// [`config`]): `options.fetch` (or the runtime's `fetch`) and the store of `options.store` (or
/// one in memory) under `key`; `invalid_config` when either is wrong.
#[cfg(feature = "client")]
pub(crate) fn host(
    options: &JsValue,
    key: &str,
    timeout_ms: u32,
) -> Result<(crate::wasm::js::Function, crate::wasm::store::JsStore)> {
    use crate::wasm::{error::checked, json::item};
    let host = checked(host_of(options, key, timeout_ms))?;
    Ok((
        item(&host, 0).unchecked_into(),
        item(&host, 1).unchecked_into(),
    ))
}
