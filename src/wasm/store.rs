//! Where the session lives: in memory by default, or in any `{ get, set, remove }` object whose
//! methods return a value or a Promise (localStorage wrappers, Workers KV, IndexedDB wrappers).

use crate::error::{Error, ErrorCode, Result};
use crate::wasm::error::js_message;
use std::cell::RefCell;
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;

#[wasm_bindgen(module = "/src/wasm/store.js")]
extern "C" {
    /// `method.call(target, key, value?)`, a thenable result settled within `timeout_ms`.
    fn call(
        target: &JsValue,
        method: &js_sys::Function,
        key: &str,
        value: &JsValue,
        timeout_ms: u32,
    ) -> JsValue;
}

/// A session store.
pub(crate) enum Store {
    /// Key and value pairs: a client uses one key, so a list beats a hash map (in code size too).
    Memory(RefCell<Vec<(String, String)>>),
    Js {
        target: JsValue,
        get: js_sys::Function,
        set: js_sys::Function,
        remove: js_sys::Function,
        /// Each call must settle within this many milliseconds (`timeoutMs`).
        timeout_ms: u32,
    },
}

impl Store {
    pub(crate) fn memory() -> Store {
        Store::Memory(RefCell::new(Vec::new()))
    }

    /// Adopts a JS store object; it must have the three methods.
    pub(crate) fn from_js(target: JsValue, timeout_ms: u32) -> Result<Store> {
        let method = |name: &str| -> Option<js_sys::Function> {
            if !target.is_object() {
                return None;
            }
            js_sys::Reflect::get(&target, &name.into())
                .ok()?
                .dyn_into()
                .ok()
        };
        // A `{ get, set, remove }` store, or a Web Storage (`localStorage`) as it is.
        let methods = match (method("get"), method("set"), method("remove")) {
            (Some(get), Some(set), Some(remove)) => Some((get, set, remove)),
            _ => match (method("getItem"), method("setItem"), method("removeItem")) {
                (Some(get), Some(set), Some(remove)) => Some((get, set, remove)),
                _ => None,
            },
        };
        let (get, set, remove) = methods.ok_or_else(|| {
            Error::config("store must be an object with get, set and remove methods")
        })?;
        Ok(Store::Js {
            target,
            get,
            set,
            remove,
            timeout_ms,
        })
    }

    /// Reads a value: `None` for `null`/`undefined`. A value that is not a string is read as its
    /// JSON text (an adapter that parses JSON for us), or as garbage, which the lifecycle removes.
    pub(crate) async fn get(&self, key: &str) -> Result<Option<String>> {
        match self {
            Store::Memory(map) => Ok(map
                .borrow()
                .iter()
                .find(|(k, _)| k == key)
                .map(|(_, v)| v.clone())),
            Store::Js {
                target,
                get,
                timeout_ms,
                ..
            } => {
                let value = settle(
                    call(target, get, key, &JsValue::UNDEFINED, *timeout_ms),
                    "read",
                )
                .await?;
                if value.is_undefined() || value.is_null() {
                    return Ok(None);
                }
                Ok(Some(value.as_string().unwrap_or_else(|| {
                    js_sys::JSON::stringify(&value)
                        .ok()
                        .and_then(|s| s.as_string())
                        .unwrap_or_default()
                })))
            }
        }
    }

    /// Writes a value in one call.
    pub(crate) async fn set(&self, key: &str, value: &str) -> Result<()> {
        match self {
            Store::Memory(map) => {
                let mut map = map.borrow_mut();
                map.retain(|(k, _)| k != key);
                map.push((key.to_string(), value.to_string()));
                Ok(())
            }
            Store::Js {
                target,
                set,
                timeout_ms,
                ..
            } => settle(call(target, set, key, &value.into(), *timeout_ms), "save")
                .await
                .map(drop),
        }
    }

    /// Removes a value.
    pub(crate) async fn remove(&self, key: &str) -> Result<()> {
        match self {
            Store::Memory(map) => {
                map.borrow_mut().retain(|(k, _)| k != key);
                Ok(())
            }
            Store::Js {
                target,
                remove,
                timeout_ms,
                ..
            } => settle(
                call(target, remove, key, &JsValue::UNDEFINED, *timeout_ms),
                "remove",
            )
            .await
            .map(drop),
        }
    }
}

/// Waits for a store call's result if `store.js` made it a Promise; passes plain values through.
/// A call that threw, rejected or timed out is a `storage` error saying what failed (`what`).
/// Only the JS error's message is kept: a store has no reason to hold a token in it, and the
/// client redacts its tokens from it anyway.
async fn settle(result: JsValue, what: &str) -> Result<JsValue> {
    if !result.has_type::<js_sys::Promise>() {
        return Ok(result);
    }
    JsFuture::from(js_sys::Promise::from(result))
        .await
        .map_err(|e| {
            Error::new(
                ErrorCode::Storage,
                "the session store failed to ".to_string() + what + ": " + &js_message(&e),
            )
        })
}

/// A store over `localStorage`: the session survives reloads and is shared by the origin's tabs
/// (which coordinate refreshes with Web Locks and hear of changes on a `BroadcastChannel`).
/// Throws `invalid_config` where there is no `localStorage` (Node, Workers, blocked storage).
///
/// ```js
/// const client = new UserClient({ store: localStorageStore() });
/// ```
#[wasm_bindgen(js_name = localStorageStore)]
pub fn local_storage_store() -> std::result::Result<JsValue, JsValue> {
    web_storage_store("localStorage").map_err(JsValue::from)
}

/// A store over `sessionStorage`: one session per tab, gone when the tab closes. Throws
/// `invalid_config` where there is no `sessionStorage`.
#[wasm_bindgen(js_name = sessionStorageStore)]
pub fn session_storage_store() -> std::result::Result<JsValue, JsValue> {
    web_storage_store("sessionStorage").map_err(JsValue::from)
}

/// `{ get, set, remove }` bound to a Web Storage's `getItem`, `setItem` and `removeItem`.
fn web_storage_store(name: &str) -> Result<JsValue> {
    let unavailable = || Error::config(name.to_string() + " is not available in this runtime");
    // Reading the property itself throws where storage is blocked (a SecurityError).
    let storage = crate::wasm::global::global(name)
        .filter(JsValue::is_object)
        .ok_or_else(unavailable)?;
    let adapter = js_sys::Object::new();
    for (from, to) in [
        ("getItem", "get"),
        ("setItem", "set"),
        ("removeItem", "remove"),
    ] {
        let method: js_sys::Function = js_sys::Reflect::get(&storage, &from.into())
            .ok()
            .and_then(|m| m.dyn_into().ok())
            .ok_or_else(unavailable)?;
        crate::wasm::error::set(&adapter, to, &method.bind0(&storage));
    }
    Ok(adapter.into())
}
