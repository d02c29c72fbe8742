//! `Registration/Create` and `Registration/CreateMany`: new users, with tokens unless the body
//! says `CreateAccessToken: false`. A batch is all or nothing, as one ASP.NET model binding is.

use super::instance_check;
use crate::binding::{self, Reader};
use crate::counters::Counter;
use crate::envelope::{self, FieldError};
use crate::state::{Sandbox, Subject, World};
use crate::users::{read_changes, same_contact, Changes, User};
use axum::http::HeaderMap;
use axum::response::Response;
use serde_json::{Map, Value};

/// The largest batch `CreateMany` takes.
pub const MAX_BATCH: usize = 1000;

struct Draft {
    device_token: String,
    tokens: bool,
    changes: Changes,
}

// Both routes need the instance id and key, then a JSON body.
fn checked_body(sandbox: &Sandbox, headers: &HeaderMap, body: &[u8]) -> Result<Value, Response> {
    match instance_check(sandbox, headers, true) {
        Some(refused) => Err(refused),
        None => binding::parse(body),
    }
}

/// `POST /v1/Registration/Create`.
pub fn create(sandbox: &Sandbox, headers: &HeaderMap, body: &[u8]) -> Response {
    let value = match checked_body(sandbox, headers, body) {
        Ok(value) => value,
        Err(refused) => return refused,
    };
    let mut world = sandbox.world();
    match drafts(&world, std::slice::from_ref(&value), false) {
        Ok(mut drafts) => {
            let draft = drafts.pop().expect("one body, one draft");
            envelope::ok(register(sandbox, &mut world, draft))
        }
        Err(errors) => envelope::invalid(errors),
    }
}

/// `POST /v1/Registration/CreateMany`: a JSON array of Create bodies; `Result` is the array of
/// Create results in the same order.
pub fn create_many(sandbox: &Sandbox, headers: &HeaderMap, body: &[u8]) -> Response {
    let value = match checked_body(sandbox, headers, body) {
        Ok(value) => value,
        Err(refused) => return refused,
    };
    let Value::Array(bodies) = value else {
        return envelope::invalid(vec![FieldError::new("$", "must be an array of users")]);
    };
    if bodies.len() > MAX_BATCH {
        return envelope::invalid(vec![FieldError::new(
            "$",
            format!("at most {MAX_BATCH} users per request"),
        )]);
    }
    let mut world = sandbox.world();
    match drafts(&world, &bodies, true) {
        Ok(drafts) => {
            let results = drafts
                .into_iter()
                .map(|d| register(sandbox, &mut world, d))
                .collect();
            envelope::ok(Value::Array(results))
        }
        Err(errors) => envelope::invalid(errors),
    }
}

// Validates every body, including uniqueness against the users and the rest of the batch. With
// `indexed` set, keys read `[i].Email`.
fn drafts(world: &World, bodies: &[Value], indexed: bool) -> Result<Vec<Draft>, Vec<FieldError>> {
    let mut errors = Vec::new();
    let mut drafts: Vec<Draft> = Vec::with_capacity(bodies.len());
    for (i, body) in bodies.iter().enumerate() {
        let mut reader = Reader::with_prefix(if indexed {
            format!("[{i}].")
        } else {
            String::new()
        });
        let empty = Map::new();
        let object = match body {
            Value::Object(object) => object,
            _ => {
                reader.fail("$", "must be an object");
                &empty
            }
        };
        let custom = reader.text(object, "CustomToken");
        let tokens = reader.flag(object, "CreateAccessToken").unwrap_or(true);
        let changes = read_changes(object, &mut reader);
        if let Some(token) = &custom {
            let taken =
                world.users.contains_key(token) || drafts.iter().any(|d| &d.device_token == token);
            if token.trim().is_empty() || token.len() > 128 {
                reader.fail("CustomToken", "must be 1 to 128 characters");
            } else if taken {
                reader.fail(
                    "CustomToken",
                    "A user with this DeviceToken already exists.",
                );
            }
        }
        for key in ["Email", "Phone"] {
            if let Some(contact) = changes.contact(key) {
                let taken = world.users.values().any(|u| u.has(key, contact))
                    || drafts.iter().any(|d| {
                        d.changes
                            .contact(key)
                            .is_some_and(|c| same_contact(key, c, contact))
                    });
                if taken {
                    reader.fail(key, &format!("A user with this {key} already exists."));
                }
            }
        }
        errors.extend(reader.errors);
        let device_token = custom.unwrap_or_else(|| uuid::Uuid::new_v4().to_string());
        drafts.push(Draft {
            device_token,
            tokens,
            changes,
        });
    }
    if errors.is_empty() {
        Ok(drafts)
    } else {
        Err(errors)
    }
}

fn register(sandbox: &Sandbox, world: &mut World, draft: Draft) -> Value {
    let mut user = User::new(draft.device_token.clone());
    user.apply(draft.changes);
    world.users.insert(draft.device_token.clone(), user);
    sandbox.counters.bump(Counter::UsersRegistered);
    if draft.tokens {
        sandbox.issue(world, Subject::User(draft.device_token))
    } else {
        serde_json::json!({ "DeviceToken": draft.device_token, "AccessToken": null, "RefreshToken": null })
    }
}
