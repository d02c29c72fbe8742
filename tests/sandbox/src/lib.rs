//! A local stand-in for the Telematics User Service, for telematics-user's tests and demo.
//!
//! It behaves as `../shared/reference/user-service-api.md` describes the service: the envelope,
//! case-insensitive paths and body binding, 422 validation errors, HS256 access tokens with `exp`,
//! single-use rotating refresh tokens (a spent one gets 400), admin login, updates through
//! `UserDeviceToken`, deletes and CreateMany. State lives in memory. A control API under
//! `/_sandbox/` injects faults, expires tokens and reads counters (see [`control`]). It can also
//! serve the demo page and the npm package from the same origin.
//!
//! ```no_run
//! # async fn run() -> std::io::Result<()> {
//! let sandbox = std::sync::Arc::new(telematics_user_sandbox::Sandbox::new(Default::default()));
//! let listener = tokio::net::TcpListener::bind("127.0.0.1:8787").await?;
//! axum::serve(listener, telematics_user_sandbox::router(sandbox)).await
//! # }
//! ```

// `Result<_, Response>` is axum's idiom for "answer early"; boxing every early answer of a test
// server to save stack bytes buys nothing.
#![allow(clippy::result_large_err)]

pub mod binding;
pub mod config;
pub mod control;
pub mod counters;
pub mod envelope;
pub mod faults;
pub mod jwt;
mod service;
pub mod state;
pub mod users;

pub use config::Config;
pub use state::Sandbox;

use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Router;
use std::sync::Arc;
use std::time::Duration;
use tower::ServiceExt;
use tower_http::cors::{AllowHeaders, Any, CorsLayer};
use tower_http::services::ServeDir;

/// The largest request body the sandbox reads (CreateMany of a thousand users fits easily).
pub const MAX_REQUEST: usize = 16 * 1024 * 1024;

/// The whole sandbox as an axum router: the service, the control API, the served folders, CORS.
pub fn router(sandbox: Arc<Sandbox>) -> Router {
    let mut app = control::routes();
    if let Some(pkg) = &sandbox.config.pkg {
        app = app.nest_service("/pkg", ServeDir::new(pkg));
    }
    for (prefix, folder) in &sandbox.config.mounts {
        app = app.nest_service(prefix, ServeDir::new(folder));
    }
    app.fallback(fallback).with_state(sandbox).layer(cors())
}

// Pages on other origins (a Vite dev server, say) call the sandbox too. `Authorization` must be
// listed by name, which a wildcard does not do, so request headers are mirrored; `Date` and
// `Retry-After` are exposed because the client reads them.
fn cors() -> CorsLayer {
    CorsLayer::new()
        .allow_origin(Any)
        .allow_methods(Any)
        .allow_headers(AllowHeaders::mirror_request())
        .expose_headers([header::DATE, header::RETRY_AFTER, header::WWW_AUTHENTICATE])
        .max_age(Duration::from_secs(600))
}

async fn fallback(State(sandbox): State<Arc<Sandbox>>, request: Request) -> Response {
    let path = request.uri().path().to_ascii_lowercase();
    if path.starts_with("/v1/") || path == "/_sandbox/echo" {
        let (parts, body) = request.into_parts();
        let Ok(body) = axum::body::to_bytes(body, MAX_REQUEST).await else {
            return StatusCode::PAYLOAD_TOO_LARGE.into_response();
        };
        return service::handle(&sandbox, parts.method, &parts.uri, parts.headers, body).await;
    }
    match &sandbox.config.www {
        Some(www) => match ServeDir::new(www).oneshot(request).await {
            Ok(response) => response.map(Body::new),
            Err(never) => match never {},
        },
        None => StatusCode::NOT_FOUND.into_response(),
    }
}
