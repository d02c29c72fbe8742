//! The service's answers: every body is the envelope `{Result, Status, Title, Errors}`, except a
//! refused access token, which gets an empty 401 as ASP.NET's JWT bearer handler sends it.

use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use serde::Serialize;
use serde_json::{json, Value};

/// One entry of the envelope's `Errors`.
#[derive(Serialize, Clone, Debug, PartialEq)]
#[serde(rename_all = "PascalCase")]
pub struct FieldError {
    /// The field, as the service names it (`Email`, `[2].Birthday`, `InstanceKey`).
    pub key: String,
    /// What is wrong with it; never the value itself.
    pub message: String,
}

impl FieldError {
    /// An error for `key`.
    pub fn new(key: impl Into<String>, message: impl Into<String>) -> Self {
        Self {
            key: key.into(),
            message: message.into(),
        }
    }
}

/// 200 with a `Result`.
pub fn ok(result: Value) -> Response {
    json_response(
        StatusCode::OK,
        json!({ "Result": result, "Status": 200, "Title": "", "Errors": [] }),
    )
}

/// 200 with no `Result`, as mutations answer.
pub fn done() -> Response {
    json_response(
        StatusCode::OK,
        json!({ "Status": 200, "Title": "", "Errors": [] }),
    )
}

/// An error envelope whose `Status` matches the HTTP status.
pub fn error(status: StatusCode, title: &str, errors: Vec<FieldError>) -> Response {
    json_response(
        status,
        json!({ "Result": null, "Status": status.as_u16(), "Title": title, "Errors": errors }),
    )
}

/// 422, the service's answer to a body or header that fails validation.
pub fn invalid(errors: Vec<FieldError>) -> Response {
    error(
        StatusCode::UNPROCESSABLE_ENTITY,
        "One or more validation errors occurred.",
        errors,
    )
}

/// An empty 401 with `WWW-Authenticate`, for a missing, expired or unknown access token.
pub fn unauthorized() -> Response {
    let mut response = StatusCode::UNAUTHORIZED.into_response();
    response.headers_mut().insert(
        header::WWW_AUTHENTICATE,
        HeaderValue::from_static(r#"Bearer error="invalid_token""#),
    );
    response
}

fn json_response(status: StatusCode, body: Value) -> Response {
    let mut response = (status, body.to_string()).into_response();
    response.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/json; charset=utf-8"),
    );
    response
}
