//! The session store, kept by `shell.js`: the caller's adapter or an in-memory map, each call
//! bounded by `timeoutMs`, called by a task's driver. What is stored, and when, is the lifecycle's.

use std::cell::RefCell;
use wasm_bindgen::prelude::*;

#[wasm_bindgen(module = "/src/wasm/shell.js")]
extern "C" {
    /// `shell.js`'s `Store` (made by its `host`, see [`options::host`](crate::wasm::options::host)).
    #[wasm_bindgen(js_name = Store)]
    pub(crate) type JsStore;
}

/// The store of one client (see `shell.js`).
pub(crate) struct Store {
    pub(crate) js: JsStore,
    // The last text read, as JavaScript gave it and as a Rust string: every call reads the store,
    // and while the text is the same (`===`) it is not copied into wasm memory again.
    last: RefCell<Option<(JsValue, String)>>,
}

impl Store {
    /// The client's store, as `shell.js` made it.
    pub(crate) fn new(js: JsStore) -> Store {
        Store {
            js,
            last: RefCell::new(None),
        }
    }

    /// What the store's `load` gave (a string, or `null`): the stored text, or `None`.
    pub(crate) fn text(&self, value: JsValue) -> Option<String> {
        let mut last = self.last.borrow_mut();
        if let Some((seen, text)) = &*last {
            if *seen == value {
                return Some(text.clone());
            }
        }
        let text = value.as_string();
        *last = text.clone().map(|t| (value, t));
        text
    }
}
