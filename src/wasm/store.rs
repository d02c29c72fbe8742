//! Where the session lives: in memory by default, or in any `{ get, set, remove }` object whose
//! methods return a value or a Promise (localStorage wrappers, Workers KV, IndexedDB wrappers).

use crate::error::{Error, Result};
use crate::wasm::error::js_message;
use std::cell::RefCell;
use std::collections::HashMap;
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;

/// A session store.
pub(crate) enum Store {
    Memory(RefCell<HashMap<String, String>>),
    Js {
        target: JsValue,
        get: js_sys::Function,
        set: js_sys::Function,
        remove: js_sys::Function,
    },
}

impl Store {
    pub(crate) fn memory() -> Store {
        Store::Memory(RefCell::new(HashMap::new()))
    }

    /// Adopts a JS store object; it must have the three methods.
    pub(crate) fn from_js(target: JsValue) -> Result<Store> {
        let method = |name: &str| -> Option<js_sys::Function> {
            if !target.is_object() {
                return None;
            }
            js_sys::Reflect::get(&target, &name.into())
                .ok()?
                .dyn_into()
                .ok()
        };
        match (method("get"), method("set"), method("remove")) {
            (Some(get), Some(set), Some(remove)) => Ok(Store::Js {
                target,
                get,
                set,
                remove,
            }),
            _ => Err(Error::config(
                "store must be an object with get, set and remove methods",
            )),
        }
    }

    /// Reads a value. A store that fails to read counts as holding nothing.
    pub(crate) async fn get(&self, key: &str) -> Option<String> {
        match self {
            Store::Memory(map) => map.borrow().get(key).cloned(),
            Store::Js { target, get, .. } => {
                let value = settle(get.call1(target, &key.into())).await.ok()?;
                value.as_string()
            }
        }
    }

    /// Writes a value in one call.
    pub(crate) async fn set(&self, key: &str, value: &str) -> Result<()> {
        match self {
            Store::Memory(map) => {
                map.borrow_mut().insert(key.to_string(), value.to_string());
                Ok(())
            }
            Store::Js { target, set, .. } => settle(set.call2(target, &key.into(), &value.into()))
                .await
                .map(drop)
                .map_err(|e| {
                    Error::config(
                        "the session store failed to save: ".to_string() + &js_message(&e),
                    )
                }),
        }
    }

    /// Removes a value.
    pub(crate) async fn remove(&self, key: &str) -> Result<()> {
        match self {
            Store::Memory(map) => {
                map.borrow_mut().remove(key);
                Ok(())
            }
            Store::Js { target, remove, .. } => settle(remove.call1(target, &key.into()))
                .await
                .map(drop)
                .map_err(|e| {
                    Error::config(
                        "the session store failed to remove: ".to_string() + &js_message(&e),
                    )
                }),
        }
    }
}

/// Awaits a call's result if it is a Promise (or any thenable); passes plain values through.
async fn settle(
    result: std::result::Result<JsValue, JsValue>,
) -> std::result::Result<JsValue, JsValue> {
    let value = result?;
    if value.has_type::<js_sys::Promise>() || is_thenable(&value) {
        JsFuture::from(js_sys::Promise::resolve(&value)).await
    } else {
        Ok(value)
    }
}

fn is_thenable(value: &JsValue) -> bool {
    value.is_object()
        && js_sys::Reflect::get(value, &"then".into()).is_ok_and(|then| then.is_function())
}
