//! The wasm32 shell: fetch, stores, locks, timers, the broadcast channel and the JavaScript API.
//! No business rule lives here; every decision is the core's (`lifecycle`, `api`), and every
//! exported path returns a `Result` so no panic reaches JS.
//!
//! The package ships `UserClient` and the request builders as two `.wasm` files, each built with
//! one of the crate's features (`client`, `builders`; both by default, as the wasm tests build),
//! so that neither download carries the other's code. Built with one, some shared helpers go
//! unused; the link drops them.
#![cfg_attr(
    not(all(feature = "client", feature = "builders")),
    allow(dead_code, unused_imports)
)]

#[cfg(feature = "builders")]
mod builders;
#[cfg(feature = "client")]
mod client;
mod error;
#[cfg(feature = "client")]
mod events;
#[cfg(feature = "client")]
mod host;
pub mod js;
mod json;
mod options;
mod requests;
#[cfg(feature = "client")]
mod store;
#[cfg(feature = "client")]
mod task;
#[cfg(feature = "client")]
mod transport;

#[cfg(feature = "builders")]
pub use builders::*;
#[cfg(feature = "client")]
pub use client::{call_method, free_client, new_client, reread_client, UserClient};
#[cfg(feature = "client")]
pub use task::step_task;
