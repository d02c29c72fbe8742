//! The wasm JSON backend: the engine's `JSON.parse`, then a walk of the result into the core's
//! [`Json`] tree. No JSON parser is compiled into the `.wasm`, and a body never crosses into wasm
//! memory as text. Results go back the same way: the core's text, through `JSON.parse`. What the
//! walk asks of a value (its kind, its members, its elements) is answered by `shell.js`, one call
//! each.

use crate::error::{Error, Result};
use crate::json::{DecodeError, Json, JsonText, Shape, MAX_DEPTH};
use crate::wasm::error::failed;
use crate::wasm::js::{Array, JsString};
use std::cell::{Cell, OnceCell};
use wasm_bindgen::prelude::*;

#[wasm_bindgen(module = "/src/wasm/shell.js")]
extern "C" {
    #[wasm_bindgen(js_name = kind)]
    fn kind_of(value: &JsValue) -> u8;
    fn blank(text: &JsString) -> bool;
    #[wasm_bindgen(js_name = members)]
    fn flat_members(value: &JsValue) -> Option<Array>;
    #[wasm_bindgen(js_name = elements)]
    fn copy_elements(value: &JsValue, max: u32) -> Option<Array>;
    #[wasm_bindgen(js_name = base64urlText)]
    fn base64url_text(text: &str) -> Option<JsString>;
    // `NaN` (what `undefined` becomes) for a text that is no HTTP-date: an `Option<f64>` would be
    // written through wasm memory.
    #[wasm_bindgen(js_name = httpDate)]
    fn http_date(text: &str) -> f64;
}

// What `kind` answers (see shell.js).
const NULL: u8 = 0;
const STRING: u8 = 1;
const NUMBER: u8 = 2;
const FALSE: u8 = 3;
const TRUE: u8 = 4;
const ARRAY: u8 = 5;
const PLAIN: u8 = 6;

#[wasm_bindgen(module = "/src/wasm/shell.js")]
extern "C" {
    // `JSON.parse` of a JS string as it is (a `&str` would copy the text into wasm memory and
    // back); a failure for a text that is not JSON.
    #[wasm_bindgen(js_name = parse)]
    fn parse_string(text: &JsString) -> JsValue;
}

#[wasm_bindgen]
extern "C" {
    /// `Number(value)`: a number as it is, and `NaN` for `undefined`. Only for values known to be
    /// one or the other; `JsValue::as_f64` writes its `Option` through wasm memory.
    #[wasm_bindgen(js_name = Number)]
    pub(crate) fn number(value: &JsValue) -> f64;
}

/// A JSON text held as a JS string, parsed at most once.
pub(crate) struct JsJsonText {
    text: JsString,
    parsed: OnceCell<std::result::Result<Json, DecodeError>>,
}

impl JsJsonText {
    pub(crate) fn new(text: JsString) -> Self {
        JsJsonText {
            text,
            parsed: OnceCell::new(),
        }
    }
}

impl JsonText for JsJsonText {
    fn from_text(text: String) -> Self {
        JsJsonText::new(JsValue::from_str(&text).unchecked_into())
    }

    // The engine's decoders (`atob`, a fatal `TextDecoder`) behind the core's checks: the core's
    // base64url reader and UTF-8 validation would cost the `.wasm` 0.3 KB gzip for this one use.
    fn from_base64url(text: &str) -> Option<Self> {
        base64url_text(text).map(JsJsonText::new)
    }

    // The engine's `Date.UTC` behind the core's checks: the core's reader would cost 0.7 KB gzip.
    fn http_date_ms(header: &str) -> Option<u64> {
        let ms = http_date(header);
        (!ms.is_nan()).then_some(ms as u64)
    }

    fn is_blank(&self) -> bool {
        blank(&self.text)
    }

    fn parse(&self) -> std::result::Result<&Json, DecodeError> {
        self.parsed
            .get_or_init(|| {
                let value = parse_string(&self.text);
                if failed(&value) {
                    return Err(DecodeError::NotJson);
                }
                Ok(tree(&value))
            })
            .as_ref()
            .map_err(Clone::clone)
    }
}

/// The most values one walk reads; the rest are [`Json::Opaque`]. Any answer of the service (a
/// CreateMany batch of 1000 is about 20 000 values) and any user object fit many times over, and a
/// caller's object that shares one child at every level (2^64 paths) cannot make the walk run away.
const MAX_VALUES: u32 = 1 << 17;

/// A JS value as the core's tree. Plain objects and arrays are walked (to [`MAX_DEPTH`]); functions,
/// class instances (a `Storage`, a KV binding, a `Date`), symbols, bigints and a value that contains
/// itself are opaque.
pub(crate) fn tree(value: &JsValue) -> Json {
    walk(value, &mut Vec::new(), &Cell::new(MAX_VALUES))
}

fn walk(value: &JsValue, ancestors: &mut Vec<JsValue>, budget: &Cell<u32>) -> Json {
    if ancestors.len() >= MAX_DEPTH as usize || budget.get() == 0 {
        return Json::Opaque;
    }
    budget.set(budget.get() - 1);
    let array = match kind_of(value) {
        NULL => return Json::Null,
        STRING => return value.as_string().map_or(Json::Opaque, Json::String),
        NUMBER => return Json::Number(number(value)),
        FALSE => return Json::Bool(false),
        TRUE => return Json::Bool(true),
        ARRAY => true,
        PLAIN => false,
        _ => return Json::Opaque,
    };
    if ancestors.contains(value) {
        return Json::Opaque;
    }
    ancestors.push(value.clone());
    let json = if array {
        elements(value, ancestors, budget)
    } else {
        members(value, ancestors, budget)
    };
    ancestors.pop();
    json.unwrap_or(Json::Opaque)
}

fn elements(value: &JsValue, ancestors: &mut Vec<JsValue>, budget: &Cell<u32>) -> Option<Json> {
    // An array longer than the budget left would be opaque anyway; a Proxy may claim any length.
    let items = copy_elements(value, budget.get())?;
    let mut elements = Vec::new();
    for i in 0..items.length() {
        elements.push(walk(&item(&items, i), ancestors, budget));
    }
    Some(Json::Array(elements))
}

/// A copy of a JS array of at most `max` elements, or `None` when `value` is not one, is longer,
/// or cannot be read (a Proxy whose traps throw). Read by index: a `Vec` of its elements would
/// cost the `.wasm` a collecting iterator for nothing.
pub(crate) fn items(value: &JsValue, max: u32) -> Option<Array> {
    if kind_of(value) != ARRAY {
        return None;
    }
    copy_elements(value, max)
}

fn members(value: &JsValue, ancestors: &mut Vec<JsValue>, budget: &Cell<u32>) -> Option<Json> {
    // More members than the budget left would be opaque anyway.
    let flat = flat_members(value)?;
    if flat.length() / 2 > budget.get() {
        return None;
    }
    // Plain loops here and in `elements`: collecting an iterator costs the `.wasm` a copy of
    // core's collecting machinery per element type.
    let mut members = Vec::new();
    for i in 0..flat.length() / 2 {
        if let Some(key) = item(&flat, 2 * i).as_string() {
            members.push((key, walk(&item(&flat, 2 * i + 1), ancestors, budget)));
        }
    }
    Some(Json::Object(members))
}

/// A caller's object argument as a tree: `undefined` and `null` are an object without members;
/// `None` for anything but an object literal (or `Object.create(null)`), such as a class instance.
pub(crate) fn object(value: &JsValue) -> Option<Json> {
    match kind_of(value) {
        NULL => Some(Json::Object(Vec::new())),
        PLAIN => Some(tree(value)),
        _ => None,
    }
}

/// Reads a caller's object argument with `read`; `undefined`/`null` is an object without members.
/// Errors name the argument and the path (`user: telematics.tracking: unknown field`), never a
/// value.
pub(crate) fn input<T>(
    value: &JsValue,
    name: &str,
    read: fn(Json) -> std::result::Result<T, Shape>,
) -> Result<T> {
    read(argument(value, name)?).map_err(|e| named(name, e))
}

// The parts of `input` that do not depend on `T`, once in the `.wasm`.
fn argument(value: &JsValue, name: &str) -> Result<Json> {
    object(value).ok_or_else(|| Error::input(name.to_string() + " must be an object"))
}

fn named(name: &str, e: Shape) -> Error {
    Error::input(name.to_string() + ": " + &e.message())
}

/// A core value as a plain JS object, through its JSON text.
pub(crate) fn to_js(value: &Json) -> JsValue {
    parse_string(&JsValue::from_str(&value.to_text()).unchecked_into())
}

#[wasm_bindgen(module = "/src/wasm/shell.js")]
extern "C" {
    /// `value[name]`, or `undefined` when `value` has no such member or its getter throws.
    pub(crate) fn field(value: &JsValue, name: &str) -> JsValue;
    /// `field` for an element: `value[index]`.
    #[wasm_bindgen(js_name = field)]
    fn field_at(value: &JsValue, index: u32) -> JsValue;
}

/// The element `i` of an array (one the shell resolves to, or a copy `shell.js` made); `undefined`
/// for anything else, such as a failure that is not one of theirs. The one reader of elements, so
/// that the `.wasm` imports one.
pub(crate) fn item(value: &JsValue, i: u32) -> JsValue {
    field_at(value, i)
}
