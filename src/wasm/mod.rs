//! The wasm32 shell: fetch, stores, locks, timers, the broadcast channel and the JavaScript API.
//! No business rule lives here; every decision is the core's (`lifecycle`, `api`), and every
//! exported path returns a `Result` so no panic reaches JS.

mod abort;
mod channel;
mod client;
mod error;
mod host;
mod json;
mod lock;
mod store;
mod timer;
mod transport;

pub use client::UserClient;
