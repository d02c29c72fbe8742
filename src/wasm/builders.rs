//! The request builders, for runtimes that send requests themselves: one function per operation,
//! returning `{ method, url, headers, body }` as plain data. They validate exactly as the client
//! does and throw the same `UserServiceError`s; they send nothing and store nothing. The package
//! exports them from `telematics-user/builders`, built into a `.wasm` of its own (the `builders`
//! feature), so that the client's download does not carry them (1.5 KB gzip).

use crate::api;
use crate::api::register_many;
use crate::config::Config;
use crate::error::{Error, Result};
use crate::request::Request;
use crate::session::Session;
use crate::wasm::error::set;
use crate::wasm::js::{Array, Object};
use crate::wasm::json::field;
use crate::wasm::options;
use crate::wasm::requests::{self, plain, user_list};
use wasm_bindgen::prelude::*;

type Built = std::result::Result<JsValue, JsValue>;

// A builder's argument that it does not take.
const NONE: &JsValue = &JsValue::UNDEFINED;

/// Every builder, under one export: `buildRequest(builder, options, a, b, c)`, where `builder` is
/// the builder's number below and `a`, `b`, `c` its arguments after the options, the access token
/// first for the builders that take one. The package's JavaScript (`src/wasm/builders.js`) gives
/// each builder its name, in this order; one export instead of eight leaves one wrapper that checks
/// and converts arguments in the `.wasm`, rather than one per builder.
#[wasm_bindgen(js_name = buildRequest, skip_typescript)]
pub fn build_request(builder: u32, options: JsValue, a: JsValue, b: JsValue, c: JsValue) -> Built {
    let builder = match builder {
        0 => Builder::Register,
        1 => Builder::RegisterMany,
        2 => Builder::Login,
        3 => Builder::Refresh,
        4 => Builder::GetUser,
        5 => Builder::UpdateUser,
        6 => Builder::SetTelematics,
        7 => Builder::DeleteUser,
        _ => return Err(Error::input("no such builder").into()),
    };
    build(builder, &options, [&a, &b, &c])
}

/// What every builder does around its own part, once: validate the options (and the access token,
/// for a builder that takes one), then make the request; an error never echoes the key or the
/// token.
fn build(builder: Builder, options: &JsValue, args: [&JsValue; 3]) -> Built {
    let access = builder.takes_access().then_some(args[0]);
    let [x, y] = if access.is_some() {
        [args[1], args[2]]
    } else {
        [args[0], args[1]]
    };
    let secret = access.and_then(JsValue::as_string).unwrap_or_default();
    let outcome = options::config(options).and_then(|c| {
        let key = c.instance_key.as_deref().unwrap_or_default();
        let access = match access {
            Some(token) => checked_token(token, "accessToken")?,
            None => String::new(),
        };
        make(builder, &c, &access, x, y).map_err(|e| e.redact(&[&secret, key]))
    });
    outcome.map_err(JsValue::from)
}

/// Which request a builder makes. One `match` makes them all, so that the `.wasm` holds one
/// hand-over of a request to JavaScript rather than one per builder.
#[derive(Clone, Copy)]
enum Builder {
    Register,
    RegisterMany,
    Login,
    Refresh,
    GetUser,
    UpdateUser,
    SetTelematics,
    DeleteUser,
}

impl Builder {
    /// Whether the builder's first argument after the options is an access token.
    fn takes_access(self) -> bool {
        matches!(
            self,
            Builder::GetUser | Builder::UpdateUser | Builder::SetTelematics | Builder::DeleteUser
        )
    }
}

/// The builder's value, from the validated options, the checked access token (`""` for a builder
/// without one) and its other two arguments.
fn make(builder: Builder, c: &Config, access: &str, a: &JsValue, b: &JsValue) -> Result<JsValue> {
    let request = match builder {
        Builder::Register => requests::register(c, a)?,
        Builder::RegisterMany => return register_many_requests(c, a, b),
        Builder::Login => requests::login(c, a)?,
        Builder::Refresh => refresh(c, a)?,
        Builder::GetUser => api::users::get_request(c, access),
        Builder::UpdateUser => requests::update(c, access, a, b)?,
        Builder::SetTelematics => requests::set_telematics(c, access, a, b)?,
        Builder::DeleteUser => requests::delete(c, access, a)?,
    };
    Ok(plain(&request))
}

fn checked_token(value: &JsValue, name: &str) -> Result<String> {
    value
        .as_string()
        .filter(|t| !t.is_empty())
        .ok_or_else(|| Error::input(name.to_string() + " must be a non-empty string"))
}

/// The `Registration/Create` request for `user` (`buildRegisterRequest`).
pub fn build_register_request(options: JsValue, user: JsValue) -> Built {
    build(Builder::Register, &options, [&user, NONE, NONE])
}

/// The `Registration/CreateMany` requests for `users` (`buildRegisterManyRequests`):
/// `{ batches, invalid }`. Each batch is a request plus `indices`, the positions in `users` of
/// the users in its body, in body order; users whose input is invalid are in no batch but in
/// `invalid: [{ index, error }]`.
pub fn build_register_many_requests(options: JsValue, users: JsValue, many: JsValue) -> Built {
    build(Builder::RegisterMany, &options, [&users, &many, NONE])
}

/// `{ batches, invalid }` for `buildRegisterManyRequests`.
fn register_many_requests(c: &Config, users: &JsValue, many: &JsValue) -> Result<JsValue> {
    let (inputs, size) = user_list(users, many)?;
    let (planned, outcome) = register_many::plan(c, &inputs, size)?;
    let batches = Array::new();
    for batch in planned {
        let entry: Object = plain(&batch.request).unchecked_into();
        let indices = Array::new();
        for i in &batch.indices {
            indices.push(&JsValue::from(*i as f64));
        }
        set(&entry, "indices", &indices);
        batches.push(&entry);
    }
    let invalid = Array::new();
    for (index, error) in outcome.failed() {
        let entry = Object::new();
        set(&entry, "index", &(index as f64).into());
        set(&entry, "error", &JsValue::from(error.clone()));
        invalid.push(&entry);
    }
    let out = Object::new();
    set(&out, "batches", &batches);
    set(&out, "invalid", &invalid);
    Ok(out.into())
}

/// The `Auth/Login` request for `{ deviceToken }`, `{ email, password }` or `{ phone, password }`
/// (`buildLoginRequest`).
pub fn build_login_request(options: JsValue, credentials: JsValue) -> Built {
    build(Builder::Login, &options, [&credentials, NONE, NONE])
}

/// The `RefreshToken` request for a session `{ accessToken, refreshToken }`
/// (`buildRefreshRequest`).
pub fn build_refresh_request(options: JsValue, session: JsValue) -> Built {
    build(Builder::Refresh, &options, [&session, NONE, NONE])
}

/// `RefreshToken` for the two tokens of `session`, read as its getters give them.
fn refresh(c: &Config, session: &JsValue) -> Result<Request> {
    let token = |name: &str| checked_token(&field(session, name), &("session.".to_string() + name));
    let session = Session {
        device_token: String::new(),
        access_token: token("accessToken")?,
        refresh_token: token("refreshToken")?,
        expires_at: None,
        issued_at: None,
    };
    Ok(api::refresh::request(c, &session))
}

/// The `GET Management/users` request, the signed-in user's profile (`buildGetUserRequest`).
pub fn build_get_user_request(options: JsValue, access_token: JsValue) -> Built {
    build(Builder::GetUser, &options, [&access_token, NONE, NONE])
}

/// The `PUT Management/users` request; `{ deviceToken }` targets another user, for an admin
/// (`buildUpdateUserRequest`).
pub fn build_update_user_request(
    options: JsValue,
    access_token: JsValue,
    changes: JsValue,
    target: JsValue,
) -> Built {
    build(
        Builder::UpdateUser,
        &options,
        [&access_token, &changes, &target],
    )
}

/// `buildUpdateUserRequest(options, accessToken, { telematics: params }, target)`
/// (`buildSetTelematicsRequest`).
pub fn build_set_telematics_request(
    options: JsValue,
    access_token: JsValue,
    params: JsValue,
    target: JsValue,
) -> Built {
    build(
        Builder::SetTelematics,
        &options,
        [&access_token, &params, &target],
    )
}

/// The `DELETE Management/users/{deviceToken}` request, for an admin (`buildDeleteUserRequest`).
pub fn build_delete_user_request(
    options: JsValue,
    access_token: JsValue,
    device_token: JsValue,
) -> Built {
    build(
        Builder::DeleteUser,
        &options,
        [&access_token, &device_token, NONE],
    )
}
