//! The request builders, exported for runtimes that send requests themselves: one function per
//! operation, returning `{ method, url, headers, body }` as plain data. They validate exactly as
//! the client does and throw the same `UserServiceError`s; they send nothing and store nothing.

use crate::api;
use crate::api::login::LoginInput;
use crate::api::register_many;
use crate::config::Config;
use crate::error::{Error, Result};
use crate::json::schema::Checked;
use crate::request::Request;
use crate::session::Session;
use crate::wasm::client::{user_list, UPDATE};
use crate::wasm::error::set;
use crate::wasm::json::input;
use crate::wasm::options;
use crate::wasm::settle::field;
use crate::wasm::transport::plain;
use crate::wire::user::UserInput;
use wasm_bindgen::prelude::*;

type Built = std::result::Result<JsValue, JsValue>;

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

/// What every builder does around its own part, once: validate the options (and the access token
/// when `access` is given), then make the request from the other two arguments; an error never
/// echoes the key or the token.
fn build(
    options: &JsValue,
    access: Option<&JsValue>,
    a: &JsValue,
    b: &JsValue,
    builder: Builder,
) -> Built {
    let secret = access.and_then(JsValue::as_string).unwrap_or_default();
    let outcome = options::config(options).and_then(|c| {
        let key = c.instance_key.as_deref().unwrap_or_default();
        let access = match access {
            Some(token) => checked_token(token, "accessToken")?,
            None => String::new(),
        };
        make(builder, &c, &access, a, b).map_err(|e| e.redact(&[&secret, key]))
    });
    outcome.map_err(JsValue::from)
}

/// The builder's value, from the validated options, the checked access token (`""` for a builder
/// without one) and its other two arguments.
fn make(builder: Builder, c: &Config, access: &str, a: &JsValue, b: &JsValue) -> Result<JsValue> {
    let request = match builder {
        Builder::Register => register(c, a)?,
        Builder::RegisterMany => return register_many_requests(c, a, b),
        Builder::Login => login(c, a)?,
        Builder::Refresh => refresh(c, a)?,
        Builder::GetUser => api::users::get_request(c, access),
        Builder::UpdateUser => update(c, access, a, b)?,
        Builder::SetTelematics => set_telematics(c, access, a, b)?,
        Builder::DeleteUser => delete(c, access, a)?,
    };
    Ok(plain(&request))
}

fn checked_token(value: &JsValue, name: &str) -> Result<String> {
    value
        .as_string()
        .filter(|t| !t.is_empty())
        .ok_or_else(|| Error::input(name.to_string() + " must be a non-empty string"))
}

/// The `Registration/Create` request for `user`.
#[wasm_bindgen(js_name = buildRegisterRequest)]
pub fn build_register_request(options: JsValue, user: JsValue) -> Built {
    let none = JsValue::UNDEFINED;
    build(&options, None, &user, &none, Builder::Register)
}

/// The `Registration/CreateMany` requests for `users`: `{ batches, invalid }`. Each batch is a
/// request plus `indices`, the positions in `users` of the users in its body, in body order;
/// users whose input is invalid are in no batch but in `invalid: [{ index, error }]`.
#[wasm_bindgen(js_name = buildRegisterManyRequests)]
pub fn build_register_many_requests(options: JsValue, users: JsValue, many: JsValue) -> Built {
    build(&options, None, &users, &many, Builder::RegisterMany)
}

/// `{ batches, invalid }` for `buildRegisterManyRequests`.
fn register_many_requests(c: &Config, users: &JsValue, many: &JsValue) -> Result<JsValue> {
    let (inputs, size) = user_list(users, many)?;
    let (planned, outcome) = register_many::plan(c, &inputs, size)?;
    let batches = js_sys::Array::new();
    for batch in planned {
        let entry: js_sys::Object = plain(&batch.request).unchecked_into();
        let indices = js_sys::Array::new();
        for i in &batch.indices {
            indices.push(&JsValue::from(*i as f64));
        }
        set(&entry, "indices", &indices);
        batches.push(&entry);
    }
    let invalid = js_sys::Array::new();
    for (index, error) in outcome.failed() {
        let entry = js_sys::Object::new();
        set(&entry, "index", &(index as f64).into());
        set(&entry, "error", &JsValue::from(error.clone()));
        invalid.push(&entry);
    }
    let out = js_sys::Object::new();
    set(&out, "batches", &batches);
    set(&out, "invalid", &invalid);
    Ok(out.into())
}

/// The `Auth/Login` request for `{ deviceToken }`, `{ email, password }` or `{ phone, password }`.
#[wasm_bindgen(js_name = buildLoginRequest)]
pub fn build_login_request(options: JsValue, credentials: JsValue) -> Built {
    let none = JsValue::UNDEFINED;
    build(&options, None, &credentials, &none, Builder::Login)
}

/// The `RefreshToken` request for a session `{ accessToken, refreshToken }`.
#[wasm_bindgen(js_name = buildRefreshRequest)]
pub fn build_refresh_request(options: JsValue, session: JsValue) -> Built {
    let none = JsValue::UNDEFINED;
    build(&options, None, &session, &none, Builder::Refresh)
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

/// The `GET Management/users` request (the signed-in user's profile).
#[wasm_bindgen(js_name = buildGetUserRequest)]
pub fn build_get_user_request(options: JsValue, access_token: JsValue) -> Built {
    let none = JsValue::UNDEFINED;
    build(
        &options,
        Some(&access_token),
        &none,
        &none,
        Builder::GetUser,
    )
}

/// The `PUT Management/users` request; `{ deviceToken }` targets another user (admin).
#[wasm_bindgen(js_name = buildUpdateUserRequest)]
pub fn build_update_user_request(
    options: JsValue,
    access_token: JsValue,
    changes: JsValue,
    target: JsValue,
) -> Built {
    build(
        &options,
        Some(&access_token),
        &changes,
        &target,
        Builder::UpdateUser,
    )
}

/// `buildUpdateUserRequest(options, accessToken, { telematics: params }, target)`.
#[wasm_bindgen(js_name = buildSetTelematicsRequest)]
pub fn build_set_telematics_request(
    options: JsValue,
    access_token: JsValue,
    params: JsValue,
    target: JsValue,
) -> Built {
    build(
        &options,
        Some(&access_token),
        &params,
        &target,
        Builder::SetTelematics,
    )
}

/// The `DELETE Management/users/{deviceToken}` request (admin).
#[wasm_bindgen(js_name = buildDeleteUserRequest)]
pub fn build_delete_user_request(
    options: JsValue,
    access_token: JsValue,
    device_token: JsValue,
) -> Built {
    let none = JsValue::UNDEFINED;
    build(
        &options,
        Some(&access_token),
        &device_token,
        &none,
        Builder::DeleteUser,
    )
}

// The requests from JavaScript arguments, shared by the builders and `UserClient`, so that both
// validate alike.

/// `Registration/Create` for `user`.
pub(crate) fn register(c: &Config, user: &JsValue) -> Result<Request> {
    let user = input(user, "user", UserInput::new)?;
    api::register::request(c, &user)
}

/// `Auth/Login` for `credentials`.
pub(crate) fn login(c: &Config, credentials: &JsValue) -> Result<Request> {
    let credentials = input(credentials, "credentials", LoginInput::new)?;
    api::login::request(c, &credentials)
}

/// `PUT Management/users` with `changes`, for the user `target` names (or the signed-in one).
pub(crate) fn update(
    c: &Config,
    access: &str,
    changes: &JsValue,
    target: &JsValue,
) -> Result<Request> {
    let changes = input(changes, "changes", UserInput::new)?;
    update_with(c, access, &changes, target)
}

/// `update` with `{ telematics: params }`.
pub(crate) fn set_telematics(
    c: &Config,
    access: &str,
    params: &JsValue,
    target: &JsValue,
) -> Result<Request> {
    let changes = input(params, "params", UserInput::telematics)?;
    update_with(c, access, &changes, target)
}

fn update_with(c: &Config, access: &str, changes: &UserInput, target: &JsValue) -> Result<Request> {
    let target = input(target, "options", |o| Checked::new(o, UPDATE))?;
    let device_token = target.json().at("deviceToken").text();
    api::users::update_request(c, access, changes, device_token)
}

/// `DELETE Management/users/{deviceToken}`.
pub(crate) fn delete(c: &Config, access: &str, device_token: &JsValue) -> Result<Request> {
    let target = device_token
        .as_string()
        .ok_or_else(|| Error::input("deviceToken must be a string"))?;
    api::users::delete_request(c, access, &target)
}
