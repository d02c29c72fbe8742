//! The core's requests from a caller's JavaScript arguments, shared by `UserClient` and the
//! request builders (each in a `.wasm` of its own in the package), so that both validate alike.

use crate::api;
use crate::api::login::LoginInput;
use crate::api::register_many;
use crate::config::Config;
use crate::decimal;
use crate::error::{Error, Result};
use crate::json::schema::{member, Checked, Kind, Schema};
use crate::request::Request;
use crate::wasm::json::{input, item, items};
use crate::wire::user::UserInput;
use wasm_bindgen::prelude::*;

#[wasm_bindgen(module = "/src/wasm/shell.js")]
extern "C" {
    #[wasm_bindgen(js_name = plain)]
    fn plain_request(method: &str, url: &str, body: Option<&str>) -> JsValue;
    #[wasm_bindgen(js_name = header)]
    fn add_header(request: &JsValue, name: &str, value: &str);
}

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

/// The most users one `registerMany` takes (a Proxy could claim any length).
const MAX_USERS: u32 = 1 << 20;

/// The users and the batch size of `registerMany`; each user decodes (or fails) on its own.
pub(crate) fn user_list(
    users: &JsValue,
    options: &JsValue,
) -> Result<(Vec<Result<UserInput>>, usize)> {
    let users = items(users, MAX_USERS)
        .ok_or_else(|| Error::input("users must be an array of at most 1048576 users"))?;
    let options = input(options, "options", |o| Checked::new(o, MANY))?;
    let size = register_many::batch_size(options.json().at("batchSize").number())?;
    let mut inputs = Vec::new();
    for i in 0..users.length() {
        let name = "users[".to_string() + &decimal::text(i.into()) + "]";
        inputs.push(input(&item(&users, i), &name, UserInput::new));
    }
    Ok((inputs, size))
}

/// The options of `updateUser` and `setTelematics`: the user to update, for an admin session.
pub(crate) const UPDATE: &Schema = &[member("deviceToken", Kind::Text)];

/// The options of `registerMany`.
const MANY: &Schema = &[member("batchSize", Kind::Number)];

/// A core request as plain data, `{ method, url, headers, body }` (`body` a JSON string or `null`):
/// what `shell.js`'s `send` takes, and what the exported builders return. Made in JavaScript, one
/// call for the request and one per header: property by property from here, each a `Reflect.set`
/// with its key decoded from wasm memory, it took a tenth of a `getUser`.
pub(crate) fn plain(request: &Request) -> JsValue {
    let out = plain_request(
        request.method.as_str(),
        &request.url,
        request.body.as_deref(),
    );
    for (name, value) in &request.headers {
        add_header(&out, name, value);
    }
    out
}
