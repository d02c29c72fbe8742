//! `POST /v1/Auth/Login`: by device token (the instance key is the password), by email or by phone
//! with a password.
//!
//! `LoginFields` is sent the way the current docs send it: a JSON-encoded string, with the inner
//! key `Devicetoken` for device-token logins (one source reports other casings fail silently).

use crate::api::register::instance_credentials;
use crate::config::{Config, Endpoint};
use crate::envelope::{self, ResponseMeta};
use crate::error::{Error, Result};
use crate::json::schema::{mapped, member, Checked, Kind, Schema};
use crate::json::{Fields, Json, JsonText, Shape};
use crate::request::{Method, Request};
use crate::session::Session;
use crate::wire::tokens::TokenResult;

/// The members of the argument of `login`: `{ deviceToken }`, `{ email, password }` or
/// `{ phone, password }`, with the inner key of `LoginFields` for each credential.
pub const LOGIN: &Schema = &[
    mapped("deviceToken", Kind::Text, "Devicetoken"),
    mapped("email", Kind::Text, "Email"),
    mapped("phone", Kind::Text, "Phone"),
    member("password", Kind::Text),
];

/// The argument of `login`, checked against [`LOGIN`] (`Debug` names its members only).
#[derive(Debug, Default, Clone, PartialEq)]
pub struct LoginInput(Checked);

impl LoginInput {
    /// Checks the credentials object; the error names the offending member.
    pub fn new(json: Json) -> std::result::Result<LoginInput, Shape> {
        Checked::new(json, LOGIN).map(LoginInput)
    }
}

const ONE_CREDENTIAL: &str = "login needs exactly one of deviceToken, email or phone";

/// Builds the login request, or `invalid_input` when the credentials are not usable.
///
/// ```
/// use telematics_user::api::login::{request, LoginInput};
/// use telematics_user::config::Config;
/// use telematics_user::json::Json;
/// let config = Config { instance_id: Some("iid".into()), instance_key: Some("KEY".into()), ..Default::default() };
/// let input = LoginInput::new(Json::Object(vec![("deviceToken".into(), "dev-1".into())])).unwrap();
/// let req = request(&config, &input).unwrap();
/// assert_eq!(req.body.as_deref(), Some(r#"{"LoginFields":"{\"Devicetoken\":\"dev-1\"}","Password":"KEY"}"#));
/// ```
pub fn request(config: &Config, input: &LoginInput) -> Result<Request> {
    let c = input.0.json();
    let mut given = None;
    for m in &LOGIN[..3] {
        if let Some(value) = c.at(m.name).text() {
            if given.is_some() {
                return Err(Error::input(ONE_CREDENTIAL));
            }
            given = Some((m, value));
        }
    }
    let Some((credential, value)) = given else {
        return Err(Error::input(ONE_CREDENTIAL));
    };
    let name = credential.name;
    if value.trim_ascii().is_empty() {
        return Err(Error::input(name.to_string() + " must not be empty"));
    }
    let password = c.at("password").text();
    let (password, instance_id) = if name == "deviceToken" {
        if password.is_some() {
            return Err(Error::input(
                "password is not used with deviceToken (the instance key is the password)",
            ));
        }
        let (id, key) = instance_credentials(config)?;
        (key, Some(id))
    } else {
        match password {
            Some(p) if !p.is_empty() => (p, config.instance_id.as_deref()),
            _ => {
                return Err(Error::input(
                    "password is required with ".to_string() + name,
                ))
            }
        }
    };
    let mut req = Request::new(Method::Post, config.url(Endpoint::Login));
    if let Some(id) = instance_id {
        req = req.header("InstanceId", id);
    }
    // `LoginFields` is itself a JSON text: `{"Email":"a@b.c"}`.
    let fields = Fields::new().with(credential.wire, value).build().to_text();
    Ok(req.json(
        Fields::new()
            .with("LoginFields", fields)
            .with("Password", password)
            .build(),
    ))
}

/// Reads a login answer into a session; it must carry both tokens.
pub fn read<J: JsonText>(meta: &ResponseMeta<'_>, body: &J, now_ms: u64) -> Result<Session> {
    let result = envelope::read(meta, body, now_ms, TokenResult::read)?
        .ok_or_else(|| Error::invalid_response("the login answer has no Result"))?;
    let device_token = result.device_token.clone().unwrap_or_default();
    Session::from_tokens::<J>(&device_token, &result, meta, now_ms)
        .ok_or_else(|| Error::invalid_response("the login answer has no access or refresh token"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::json::{JsonText, SerdeJsonText};

    fn config() -> Config {
        Config {
            instance_id: Some("iid".into()),
            instance_key: Some("KEY".into()),
            ..Default::default()
        }
    }

    fn login_input(json: &str) -> LoginInput {
        LoginInput::new(SerdeJsonText::new(json).parse().unwrap().clone()).unwrap()
    }

    fn login(json: &str) -> Result<Request> {
        request(&config(), &login_input(json))
    }

    #[test]
    fn builds_each_login_form() {
        let cases = [
            (
                r#"{"deviceToken":"d-1"}"#,
                Some("iid"),
                r#"{"LoginFields":"{\"Devicetoken\":\"d-1\"}","Password":"KEY"}"#,
            ),
            (
                r#"{"email":"a@b.c","password":"pw"}"#,
                Some("iid"),
                r#"{"LoginFields":"{\"Email\":\"a@b.c\"}","Password":"pw"}"#,
            ),
            (
                r#"{"phone":"+1555","password":"p\"w"}"#,
                Some("iid"),
                r#"{"LoginFields":"{\"Phone\":\"+1555\"}","Password":"p\"w"}"#,
            ),
        ];
        for (input, instance_id, body) in cases {
            let r = login(input).unwrap();
            assert_eq!(r.url, "https://user.telematicssdk.com/v1/Auth/Login");
            assert_eq!(r.header_value("InstanceId"), instance_id);
            assert_eq!(
                r.header_value("InstanceKey"),
                None,
                "the key goes in the body only"
            );
            assert_eq!(r.body.as_deref(), Some(body), "{input}");
        }
    }

    #[test]
    fn a_quote_in_a_device_token_stays_inside_the_string() {
        let r = login(r#"{"deviceToken":"a\"b"}"#).unwrap();
        let outer: serde_json::Value = serde_json::from_str(r.body.as_deref().unwrap()).unwrap();
        let inner: serde_json::Value =
            serde_json::from_str(outer["LoginFields"].as_str().unwrap()).unwrap();
        assert_eq!(inner["Devicetoken"], "a\"b");
    }

    #[test]
    fn unusable_credentials_are_invalid_input() {
        for (input, field) in [
            ("{}", "login"),
            (
                r#"{"deviceToken":"d","email":"a@b.c","password":"x"}"#,
                "login",
            ),
            (r#"{"deviceToken":""}"#, "deviceToken"),
            (r#"{"deviceToken":"d","password":"x"}"#, "password"),
            (r#"{"email":"a@b.c"}"#, "password"),
            (r#"{"phone":"+1","password":""}"#, "password"),
            (r#"{"email":" ","password":"x"}"#, "email"),
        ] {
            let e = login(input).unwrap_err();
            assert_eq!(e.code().as_str(), "invalid_input", "{input}");
            assert!(e.message().starts_with(field), "{input}: {}", e.message());
        }
        let no_key = Config {
            instance_key: None,
            ..config()
        };
        let input = LoginInput::new(Json::Object(vec![("deviceToken".into(), "d".into())]));
        assert_eq!(
            request(&no_key, &input.unwrap())
                .unwrap_err()
                .code()
                .as_str(),
            "invalid_config"
        );
        let e = LoginInput::new(Json::Object(vec![("pass".into(), Json::Null)])).unwrap_err();
        assert_eq!(e.message(), "pass: unknown field");
        let debug = format!(
            "{:?}",
            login_input(r#"{"email":"a@b.c","password":"SECRET"}"#)
        );
        assert!(!debug.contains("SECRET"), "{debug}");
    }

    #[test]
    fn reads_sessions() {
        let meta = ResponseMeta {
            status: 200,
            ..Default::default()
        };
        let s = read(&meta, &SerdeJsonText::new(r#"{"Result":{"DeviceToken":"d","AccessToken":{"Token":"a","ExpiresIn":10},"RefreshToken":"r"},"Status":200}"#), 1000).unwrap();
        assert_eq!(
            (
                s.device_token.as_str(),
                s.access_token.as_str(),
                s.expires_at
            ),
            ("d", "a", Some(11_000))
        );
        let admin = read(
            &meta,
            &SerdeJsonText::new(r#"{"Result":{"AccessToken":{"Token":"a"},"RefreshToken":"r"}}"#),
            0,
        )
        .unwrap();
        assert_eq!((admin.device_token.as_str(), admin.expires_at), ("", None));
        let e = read(
            &meta,
            &SerdeJsonText::new(r#"{"Result":{"DeviceToken":"d"}}"#),
            0,
        )
        .unwrap_err();
        assert_eq!(e.code().as_str(), "invalid_response");
        let meta401 = ResponseMeta {
            status: 401,
            ..Default::default()
        };
        assert_eq!(
            read(&meta401, &SerdeJsonText::new(String::new()), 0)
                .unwrap_err()
                .code()
                .as_str(),
            "unauthorized"
        );
    }
}
