//! `Auth/Login` (device, admin, and email or phone with a password) and the two refresh paths.

use super::instance_check;
use crate::binding::{self, Reader};
use crate::counters::Counter;
use crate::envelope;
use crate::state::{RefreshRefusal, Sandbox, Subject};
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use serde_json::{Map, Value};

/// `POST /v1/Auth/Login`. `LoginFields` is a JSON-encoded string (the current docs) or an object
/// (the vendor's Android apps); its keys bind case-insensitively, so `Devicetoken` works too.
pub fn login(sandbox: &Sandbox, headers: &HeaderMap, body: &[u8]) -> Response {
    let object = match binding::parse_object(body) {
        Ok(object) => object,
        Err(refused) => return refused,
    };
    let mut reader = Reader::default();
    let password = reader.text(&object, "Password");
    let fields = match object.get("LoginFields") {
        Some(Value::String(text)) => match binding::parse(text.as_bytes()) {
            Ok(Value::Object(fields)) => Some(fields),
            _ => {
                reader.fail(
                    "LoginFields",
                    "must be a JSON object or a string holding one",
                );
                None
            }
        },
        Some(Value::Object(fields)) => Some(fields.clone()),
        None | Some(Value::Null) => {
            reader.fail("LoginFields", "is required");
            None
        }
        Some(_) => {
            reader.fail(
                "LoginFields",
                "must be a JSON object or a string holding one",
            );
            None
        }
    };
    if password.is_none() {
        reader.fail("Password", "is required");
    }
    let (Some(fields), Some(password), true) = (fields, password, reader.errors.is_empty()) else {
        return envelope::invalid(reader.errors);
    };
    let subject = match who(sandbox, headers, &fields, &password, &mut reader) {
        Ok(subject) => subject,
        Err(refused) => return refused,
    };
    match subject {
        Some(subject) => {
            sandbox.counters.bump(Counter::Logins);
            let mut world = sandbox.world();
            envelope::ok(sandbox.issue(&mut world, subject))
        }
        // The service says nothing useful on a failed login, and neither does the sandbox.
        None => envelope::error(StatusCode::UNAUTHORIZED, "Invalid credentials.", Vec::new()),
    }
}

// Whose credentials these are: `Ok(None)` when they are nobody's.
fn who(
    sandbox: &Sandbox,
    headers: &HeaderMap,
    fields: &Map<String, Value>,
    password: &str,
    reader: &mut Reader,
) -> Result<Option<Subject>, Response> {
    let world = sandbox.world();
    if let Some(device) = reader.text(fields, "DeviceToken") {
        if let Some(refused) = instance_check(sandbox, headers, false) {
            return Err(refused);
        }
        let known = world.users.get(&device).is_some_and(|u| u.active);
        return Ok(
            (known && password == sandbox.config.instance_key).then_some(Subject::User(device))
        );
    }
    for key in ["Email", "Phone"] {
        if let Some(contact) = reader.text(fields, key) {
            let config = &sandbox.config;
            if key == "Email" && contact.eq_ignore_ascii_case(&config.admin_email) {
                return Ok((password == config.admin_password).then_some(Subject::Admin));
            }
            let user = world
                .users
                .values()
                .find(|u| u.active && u.has(key, &contact));
            let matches = user.filter(|u| u.password.as_deref() == Some(password));
            return Ok(matches.map(|u| Subject::User(u.device_token.clone())));
        }
    }
    reader.fail("LoginFields", "must hold Devicetoken, Email or Phone");
    Err(envelope::invalid(std::mem::take(&mut reader.errors)))
}

/// `POST /v1/RefreshToken` and `POST /v1/Auth/RefreshToken`: `{AccessToken, RefreshToken}` for a
/// new pair. A refresh token works once; a spent, revoked or unknown one gets 400.
pub fn refresh(sandbox: &Sandbox, body: &[u8]) -> Response {
    let object = match binding::parse_object(body) {
        Ok(object) => object,
        Err(refused) => return refused,
    };
    let mut reader = Reader::default();
    let access = reader.text(&object, "AccessToken");
    let refresh = reader.text(&object, "RefreshToken");
    for (key, value) in [("AccessToken", &access), ("RefreshToken", &refresh)] {
        if value.as_deref().is_none_or(str::is_empty) {
            reader.fail(key, "is required");
        }
    }
    let (Some(access), Some(refresh), true) = (access, refresh, reader.errors.is_empty()) else {
        sandbox.counters.bump(Counter::RefreshRejected);
        return envelope::invalid(reader.errors);
    };
    let mut world = sandbox.world();
    match sandbox.rotate(&mut world, &access, &refresh) {
        Ok(pair) => envelope::ok(pair),
        Err(refusal) => {
            sandbox.counters.bump(Counter::RefreshRejected);
            if refusal == RefreshRefusal::Spent {
                sandbox.counters.bump(Counter::RefreshReused);
            }
            let title = match refusal {
                RefreshRefusal::Gone => "The user no longer exists.",
                _ => "Invalid refresh token.",
            };
            envelope::error(StatusCode::BAD_REQUEST, title, Vec::new())
        }
    }
}
