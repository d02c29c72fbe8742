//! # telematics-user
//!
//! A client for the Telematics User Service (`https://user.telematicssdk.com`): it registers app
//! users, logs them in, and keeps their JWT access token and rotating refresh token alive.
//!
//! The crate has two layers:
//! - a **pure core** (every module but `wasm`): wire models, request builders that return plain
//!   data ([`request::Request`]), envelope and error parsing, and [`Error`] with stable codes. It
//!   does no I/O and parses no JSON itself ([`json::JsonText`]), so native `cargo test` covers it.
//! - a **thin wasm32 shell** (`wasm`): fetch, stores, timers and the `#[wasm_bindgen]` API that
//!   the npm package `telematics-user` exposes to JavaScript.
//!
//! Written for a small `.wasm`: every generic instantiation is code users download, so the core
//! prefers plain loops to iterator adapters (`collect`, `filter_map`, `sum`, `chain`), `&str`
//! patterns to `char` ones, and tables read by one loop to code per field. `make package` prints
//! the size, and `.ci/size-ceiling` holds it.
//!
//! ```
//! use telematics_user::config::Config;
//! use telematics_user::json::Json;
//! use telematics_user::wire::user::UserInput;
//!
//! let options = Json::Object(vec![
//!     ("instanceId".into(), "my-instance-id".into()),
//!     ("instanceKey".into(), "my-instance-key".into()),
//! ]);
//! let config = Config::from_json(&options)?;
//! let request = telematics_user::api::register::request(&config, &UserInput::default())?;
//! assert_eq!(request.method.as_str(), "POST");
//! # Ok::<(), telematics_user::Error>(())
//! ```

pub mod api;
pub mod base64url;
pub mod calendar;
pub mod config;
pub mod decimal;
pub mod envelope;
pub mod error;
pub mod http_date;
pub mod json;
mod lenient;
pub mod lifecycle;
pub mod request;
pub mod response;
pub mod search;
pub mod session;
pub mod wire;

#[cfg(target_arch = "wasm32")]
mod wasm;
#[cfg(target_arch = "wasm32")]
pub use wasm::*;

pub use error::{Error, ErrorCode, FieldError, Result};

/// lol_alloc's free list instead of std's dlmalloc (1.9 KB gzip less) and then talc (0.4 KB less):
/// the same behaviour for a single-threaded module, in fewer bytes (issue 7's size budget). Its
/// list is kept sorted and merged, so it stays short while a call's memory is freed: a call takes
/// as long as with talc, and so does `registerMany` of 10 000 users; of 100 000 to 300 000 users,
/// 4 to 14% longer.
/// The lock is a spin lock that a single-threaded module never contends (the unlocked variant needs
/// `unsafe`).
#[cfg(all(target_arch = "wasm32", not(target_feature = "atomics")))]
#[global_allocator]
static ALLOCATOR: lol_alloc::LockedAllocator<lol_alloc::FreeListAllocator> =
    lol_alloc::LockedAllocator::new(lol_alloc::FreeListAllocator::new());
