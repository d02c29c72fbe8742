//! The control API, under `/_sandbox/` and never part of the service: what tests and the demo
//! use to see inside the sandbox and to make it misbehave.
//!
//! | route | does |
//! |---|---|
//! | `GET /_sandbox/config` | instance id and key, admin login, access TTL |
//! | `PUT /_sandbox/settings` | `{"accessTtl": 5}`: the lifetime of tokens issued from now on |
//! | `GET/POST/DELETE /_sandbox/faults` | list, arm (see [`Fault`]), clear injected faults |
//! | `POST /_sandbox/expire-access` | every access token issued so far stops working |
//! | `POST /_sandbox/revoke-refresh` | `{"deviceToken": "…"}` or nothing (everyone): revoke refresh tokens |
//! | `GET/DELETE /_sandbox/counters` | read or reset the counters |
//! | `GET /_sandbox/secrets` | the instance key, the admin password and every token issued |
//! | `ANY /_sandbox/echo` | needs a valid access token; answers `{method, body}` |

use crate::faults::Fault;
use crate::state::Sandbox;
use axum::body::Bytes;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post, put};
use axum::{Json, Router};
use serde::Deserialize;
use serde_json::{json, Value};
use std::sync::Arc;

/// The control routes.
pub fn routes() -> Router<Arc<Sandbox>> {
    Router::new()
        .route("/_sandbox/config", get(config))
        .route("/_sandbox/settings", put(settings))
        .route("/_sandbox/faults", get(faults).post(arm).delete(clear))
        .route("/_sandbox/expire-access", post(expire_access))
        .route("/_sandbox/revoke-refresh", post(revoke_refresh))
        .route("/_sandbox/counters", get(counters).delete(reset_counters))
        .route("/_sandbox/secrets", get(secrets))
}

/// What no error, event or log line of a client may contain: the suites' leak check reads it.
async fn secrets(State(sandbox): State<Arc<Sandbox>>) -> Json<Value> {
    Json(json!({
        "instanceKey": sandbox.config.instance_key,
        "adminPassword": sandbox.config.admin_password,
        "tokens": sandbox.world().issued,
    }))
}

fn refused(message: String) -> Response {
    (StatusCode::BAD_REQUEST, Json(json!({ "error": message }))).into_response()
}

fn read<T: for<'de> Deserialize<'de> + Default>(body: &[u8]) -> Result<T, Response> {
    if body.iter().all(u8::is_ascii_whitespace) {
        return Ok(T::default());
    }
    serde_json::from_slice(body).map_err(|e| refused(e.to_string()))
}

async fn config(State(sandbox): State<Arc<Sandbox>>) -> Json<Value> {
    let config = &sandbox.config;
    Json(json!({
        "instanceId": config.instance_id,
        "instanceKey": config.instance_key,
        "adminEmail": config.admin_email,
        "adminPassword": config.admin_password,
        "accessTtl": sandbox.world().access_ttl,
    }))
}

#[derive(Deserialize, Default)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
struct Settings {
    access_ttl: Option<u64>,
}

async fn settings(State(sandbox): State<Arc<Sandbox>>, body: Bytes) -> Response {
    let settings: Settings = match read(&body) {
        Ok(settings) => settings,
        Err(refused) => return refused,
    };
    let mut world = sandbox.world();
    if let Some(ttl) = settings.access_ttl {
        if !(1..=31_536_000).contains(&ttl) {
            return refused("accessTtl is 1 to 31536000 seconds".into());
        }
        world.access_ttl = ttl;
    }
    Json(json!({ "accessTtl": world.access_ttl })).into_response()
}

async fn faults(State(sandbox): State<Arc<Sandbox>>) -> Json<Value> {
    Json(sandbox.faults.list())
}

async fn arm(State(sandbox): State<Arc<Sandbox>>, body: Bytes) -> Response {
    let fault: Fault = match serde_json::from_slice(&body) {
        Ok(fault) => fault,
        Err(e) => return refused(e.to_string()),
    };
    if let Some(problem) = fault.problem() {
        return refused(problem);
    }
    let id = sandbox.faults.add(fault);
    (StatusCode::CREATED, Json(json!({ "id": id }))).into_response()
}

async fn clear(State(sandbox): State<Arc<Sandbox>>) -> StatusCode {
    sandbox.faults.clear();
    StatusCode::NO_CONTENT
}

async fn expire_access(State(sandbox): State<Arc<Sandbox>>) -> Json<Value> {
    Json(json!({ "generation": sandbox.expire_access() }))
}

#[derive(Deserialize, Default)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
struct Revoke {
    device_token: Option<String>,
}

async fn revoke_refresh(State(sandbox): State<Arc<Sandbox>>, body: Bytes) -> Response {
    match read::<Revoke>(&body) {
        Ok(revoke) => Json(json!({ "revoked": sandbox.revoke(revoke.device_token.as_deref()) }))
            .into_response(),
        Err(refused) => refused,
    }
}

async fn counters(State(sandbox): State<Arc<Sandbox>>) -> Json<Value> {
    Json(sandbox.counters.snapshot())
}

async fn reset_counters(State(sandbox): State<Arc<Sandbox>>) -> StatusCode {
    sandbox.counters.reset();
    StatusCode::NO_CONTENT
}
