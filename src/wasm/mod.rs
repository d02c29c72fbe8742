//! The wasm32 shell: fetch, stores, and the JavaScript API. No business rule lives here; every
//! decision is the core's, and every exported path returns a `Result` so no panic reaches JS.

mod client;
mod error;
mod json;
mod store;
mod transport;

pub use client::UserClient;
