//! The JavaScript built-ins the shell uses, declared here instead of taken from js-sys.
//!
//! js-sys declares every built-in, and each of its closure-taking ones (`Array.prototype.forEach`
//! and the like) describes a closure type whose invoker the linker keeps in the function table,
//! used or not: 48 dead entries, which the assembly used to snip, and 0.19 KB gzip of the client's
//! download even so. These few declarations are all the shell needs; the tests still use js-sys.
use wasm_bindgen::prelude::*;

#[wasm_bindgen]
extern "C" {
    /// A `Promise`.
    #[derive(Clone, Debug)]
    pub type Promise;

    /// A function.
    #[derive(Clone, Debug)]
    pub type Function;

    /// An object.
    #[derive(Clone, Debug)]
    pub type Object;
    /// `{}`.
    #[wasm_bindgen(constructor)]
    pub fn new() -> Object;

    /// An array.
    #[derive(Clone, Debug)]
    pub type Array;
    /// `[]`.
    #[wasm_bindgen(constructor)]
    pub fn new() -> Array;
    /// `array.push(value)`.
    #[wasm_bindgen(method)]
    pub fn push(this: &Array, value: &JsValue) -> u32;
    /// `array.length`.
    #[wasm_bindgen(method, getter)]
    pub fn length(this: &Array) -> u32;

    /// A string, kept in JavaScript.
    #[wasm_bindgen(js_name = String)]
    #[derive(Clone, Debug)]
    pub type JsString;

    /// `Date.now()`.
    #[wasm_bindgen(js_namespace = Date)]
    pub fn now() -> f64;
    /// `Math.random()`.
    #[wasm_bindgen(js_namespace = Math)]
    pub fn random() -> f64;
}
