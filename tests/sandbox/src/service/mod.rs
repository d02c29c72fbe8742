//! The User Service's routes, matched case-insensitively as the service matches them, with the
//! counters and injected faults applied in front of them.

mod auth;
mod management;
mod registration;

use crate::counters::Counter;
use crate::envelope;
use crate::state::Sandbox;
use axum::body::Bytes;
use axum::http::{header, HeaderMap, Method, StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use serde_json::json;

/// Answers one request to the service: counts it, applies the first matching fault, routes it.
pub async fn handle(
    sandbox: &Sandbox,
    method: Method,
    uri: &Uri,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    sandbox.counters.bump(Counter::Requests);
    let path = uri.path();
    if path
        .trim_end_matches('/')
        .to_ascii_lowercase()
        .ends_with("/refreshtoken")
    {
        sandbox.counters.bump(Counter::Refreshes);
    }
    let injected = match sandbox.faults.take(method.as_str(), path) {
        Some(fault) => {
            sandbox.counters.bump(Counter::FaultsApplied);
            fault.apply().await
        }
        None => None,
    };
    let response = match injected {
        Some(response) => response,
        None => route(sandbox, &method, uri, &headers, &body),
    };
    if response.status() == StatusCode::UNAUTHORIZED {
        sandbox.counters.bump(Counter::Unauthorized);
    }
    response
}

fn route(
    sandbox: &Sandbox,
    method: &Method,
    uri: &Uri,
    headers: &HeaderMap,
    body: &[u8],
) -> Response {
    let path = uri.path();
    let segments: Vec<&str> = path.split('/').filter(|s| !s.is_empty()).collect();
    let lower: Vec<String> = segments.iter().map(|s| s.to_ascii_lowercase()).collect();
    let lower: Vec<&str> = lower.iter().map(String::as_str).collect();
    if lower.first() == Some(&"v1") && !body.is_empty() && !is_json(headers) {
        return envelope::error(
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "Unsupported Media Type",
            Vec::new(),
        );
    }
    match lower.as_slice() {
        ["v1", "registration", "create"] if method == Method::POST => {
            registration::create(sandbox, headers, body)
        }
        ["v1", "registration", "createmany"] if method == Method::POST => {
            registration::create_many(sandbox, headers, body)
        }
        ["v1", "auth", "login"] if method == Method::POST => auth::login(sandbox, headers, body),
        ["v1", "refreshtoken"] | ["v1", "auth", "refreshtoken"] if method == Method::POST => {
            auth::refresh(sandbox, body)
        }
        ["v1", "management", "users"] if method == Method::GET => management::me(sandbox, headers),
        ["v1", "management", "users"] if method == Method::PUT => {
            management::update(sandbox, headers, body)
        }
        ["v1", "management", "users", "find"] if method == Method::GET => {
            management::find(sandbox, headers, uri)
        }
        ["v1", "management", "users", _] if method == Method::DELETE => {
            management::delete(sandbox, headers, segments[3])
        }
        ["_sandbox", "echo"] => echo(sandbox, method, headers, body),
        ["v1", "registration", "create" | "createmany"]
        | ["v1", "auth", "login" | "refreshtoken"]
        | ["v1", "refreshtoken"]
        | ["v1", "management", "users", ..] => StatusCode::METHOD_NOT_ALLOWED.into_response(),
        _ => StatusCode::NOT_FOUND.into_response(),
    }
}

// ASP.NET takes `application/json` and `application/json-patch+json` (the vendor's own docs send
// the latter); anything else with a body is a 415.
fn is_json(headers: &HeaderMap) -> bool {
    headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.to_ascii_lowercase().contains("json"))
}

// Not part of the service: an authorized echo, the "any API" a client's `fetch` wraps in tests.
fn echo(sandbox: &Sandbox, method: &Method, headers: &HeaderMap, body: &[u8]) -> Response {
    if sandbox.caller(&sandbox.world(), headers).is_none() {
        return envelope::unauthorized();
    }
    let body = String::from_utf8_lossy(body);
    axum::Json(json!({ "method": method.as_str(), "body": body })).into_response()
}

/// The `InstanceId` (and, with `key`, `InstanceKey`) header check; the 422 to send if it fails.
/// The messages never repeat what was sent.
fn instance_check(sandbox: &Sandbox, headers: &HeaderMap, key: bool) -> Option<Response> {
    let config = &sandbox.config;
    let mut wanted = vec![(
        "InstanceId",
        &config.instance_id,
        "No instance has this id.",
    )];
    if key {
        wanted.push((
            "InstanceKey",
            &config.instance_key,
            "The InstanceKey does not match the instance.",
        ));
    }
    let errors: Vec<_> = wanted
        .into_iter()
        .filter_map(|(name, expected, wrong)| {
            match headers.get(name).and_then(|v| v.to_str().ok()) {
                None => Some(envelope::FieldError::new(
                    name,
                    format!("The {name} header is required."),
                )),
                Some(given) if given != expected => Some(envelope::FieldError::new(name, wrong)),
                Some(_) => None,
            }
        })
        .collect();
    (!errors.is_empty()).then(|| envelope::invalid(errors))
}
