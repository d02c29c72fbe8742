//! The wasm32 shell: fetch, stores, locks, timers, the broadcast channel and the JavaScript API.
//! No business rule lives here; every decision is the core's (`lifecycle`, `api`), and every
//! exported path returns a `Result` so no panic reaches JS.

mod builders;
mod client;
mod error;
mod events;
mod host;
mod json;
mod options;
mod store;
mod task;
mod transport;

pub use builders::*;
pub use client::{call_method, UserClient};
