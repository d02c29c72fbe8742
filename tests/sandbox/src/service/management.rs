//! `Management/users`: read your own profile, update yourself (or, as admin, anyone through the
//! `UserDeviceToken` header), find users and delete them (admin only).

use crate::binding::{self, Reader};
use crate::envelope::{self, FieldError};
use crate::state::{Sandbox, Subject};
use crate::users::read_changes;
use axum::extract::Query;
use axum::http::{HeaderMap, StatusCode, Uri};
use axum::response::Response;
use serde_json::Value;
use std::collections::HashMap;

fn forbidden(title: &str) -> Response {
    envelope::error(StatusCode::FORBIDDEN, title, Vec::new())
}

fn not_found() -> Response {
    envelope::error(StatusCode::NOT_FOUND, "User not found.", Vec::new())
}

/// `GET /v1/Management/users`: the caller's own record.
pub fn me(sandbox: &Sandbox, headers: &HeaderMap) -> Response {
    let world = sandbox.world();
    match sandbox.caller(&world, headers) {
        None => envelope::unauthorized(),
        Some(Subject::Admin) => forbidden("An admin token has no user profile."),
        Some(Subject::User(device)) => envelope::ok(world.users[&device].view()),
    }
}

/// `PUT /v1/Management/users`: a user updates itself; an admin names its target in
/// `UserDeviceToken`. `NewPassword` needs the right `OldPassword` once a password is set.
pub fn update(sandbox: &Sandbox, headers: &HeaderMap, body: &[u8]) -> Response {
    let mut world = sandbox.world();
    let Some(caller) = sandbox.caller(&world, headers) else {
        return envelope::unauthorized();
    };
    let named = headers.get("UserDeviceToken").and_then(|v| v.to_str().ok());
    let target = match (&caller, named) {
        (Subject::Admin, Some(device)) => device.to_string(),
        (Subject::Admin, None) => {
            return envelope::invalid(vec![FieldError::new(
                "UserDeviceToken",
                "An admin must name the user to update.",
            )])
        }
        (Subject::User(own), Some(device)) if own != device => {
            return forbidden("Only an admin may update another user.")
        }
        (Subject::User(own), _) => own.clone(),
    };
    let Some(user) = world.users.get(&target) else {
        return not_found();
    };
    let object = match binding::parse_object(body) {
        Ok(object) => object,
        Err(refused) => return refused,
    };
    let mut reader = Reader::default();
    let changes = read_changes(&object, &mut reader);
    if changes.new_password.is_some()
        && caller != Subject::Admin
        && user.password.is_some()
        && changes.old_password != user.password
    {
        reader.fail("OldPassword", "does not match the current password");
    }
    for key in ["Email", "Phone"] {
        if let Some(contact) = changes.contact(key) {
            if world
                .users
                .values()
                .any(|u| u.device_token != target && u.has(key, contact))
            {
                reader.fail(key, &format!("A user with this {key} already exists."));
            }
        }
    }
    if !reader.errors.is_empty() {
        return envelope::invalid(reader.errors);
    }
    world
        .users
        .get_mut(&target)
        .expect("checked above")
        .apply(changes);
    envelope::done()
}

/// `GET /v1/Management/users/find?Email=…`: admin only; the filters are AND-combined and at
/// least one is required. `Result` is always an array.
pub fn find(sandbox: &Sandbox, headers: &HeaderMap, uri: &Uri) -> Response {
    let world = sandbox.world();
    match sandbox.caller(&world, headers) {
        None => return envelope::unauthorized(),
        Some(Subject::User(_)) => return forbidden("This needs an admin token."),
        Some(Subject::Admin) => {}
    }
    let query = Query::<HashMap<String, String>>::try_from_uri(uri)
        .map(|q| q.0)
        .unwrap_or_default();
    let filters: Vec<(String, String)> = query
        .into_iter()
        .map(|(k, v)| (k.to_ascii_lowercase(), v))
        .filter(|(k, _)| {
            [
                "devicetoken",
                "email",
                "phone",
                "clientid",
                "firstname",
                "lastname",
            ]
            .contains(&k.as_str())
        })
        .collect();
    if filters.is_empty() {
        return envelope::invalid(vec![FieldError::new(
            "$",
            "At least one filter is required.",
        )]);
    }
    let mut found: Vec<Value> = world
        .users
        .values()
        .map(|u| u.view())
        .filter(|view| {
            filters
                .iter()
                .all(|(key, wanted)| matches(view, key, wanted))
        })
        .collect();
    found.sort_by(|a, b| a["DeviceToken"].as_str().cmp(&b["DeviceToken"].as_str()));
    envelope::ok(Value::Array(found))
}

fn matches(view: &Value, key: &str, wanted: &str) -> bool {
    let value = match key {
        "devicetoken" => &view["DeviceToken"],
        "clientid" => &view["UserFields"][0]["ClientId"],
        "email" => &view["UserProfile"]["Email"],
        "phone" => &view["UserProfile"]["Phone"],
        "firstname" => &view["UserProfile"]["FirstName"],
        _ => &view["UserProfile"]["LastName"],
    };
    value
        .as_str()
        .is_some_and(|v| v.eq_ignore_ascii_case(wanted))
}

/// `DELETE /v1/Management/users/{DeviceToken}`: admin only; an unknown user is a 404.
pub fn delete(sandbox: &Sandbox, headers: &HeaderMap, device: &str) -> Response {
    let mut world = sandbox.world();
    match sandbox.caller(&world, headers) {
        None => envelope::unauthorized(),
        Some(Subject::User(_)) => forbidden("This needs an admin token."),
        Some(Subject::Admin) => match world.users.remove(device) {
            Some(_) => envelope::done(),
            None => not_found(),
        },
    }
}
