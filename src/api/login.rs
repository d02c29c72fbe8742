//! `POST /v1/Auth/Login`: by device token (the instance key is the password), by email or by phone
//! with a password.
//!
//! `LoginFields` is sent the way the current docs send it: a JSON-encoded string, with the inner
//! key `Devicetoken` for device-token logins (one source reports other casings fail silently).

use crate::api::register::instance_credentials;
use crate::config::Config;
use crate::envelope::{self, ResponseMeta};
use crate::error::{Error, Result};
use crate::json::JsonText;
use crate::json::{Fields, FromJson, Json, Object, Shape};
use crate::request::{Method, Request};
use crate::session::Session;
use crate::wire::tokens::TokenResult;

/// The argument of `login`: `{ deviceToken }`, `{ email, password }` or `{ phone, password }`.
#[derive(Default, Clone, PartialEq, Eq)]
#[allow(missing_docs)]
pub struct LoginInput {
    pub device_token: Option<String>,
    pub email: Option<String>,
    pub phone: Option<String>,
    pub password: Option<String>,
}

impl FromJson for LoginInput {
    fn from_json(json: &Json) -> std::result::Result<Self, Shape> {
        Object::strict(json, |o| {
            let mut l = LoginInput::default();
            o.fill(&["deviceToken"], &mut l.device_token)?;
            o.fill(&["email"], &mut l.email)?;
            o.fill(&["phone"], &mut l.phone)?;
            o.fill(&["password"], &mut l.password)?;
            Ok(l)
        })
    }
}

impl std::fmt::Debug for LoginInput {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("LoginInput")
            .field("device_token", &self.device_token)
            .field("email", &self.email)
            .field("phone", &self.phone)
            .field("password", &self.password.as_ref().map(|_| "[redacted]"))
            .finish()
    }
}

const ONE_CREDENTIAL: &str = "login needs exactly one of deviceToken, email or phone";

/// Builds the login request, or `invalid_input` when the credentials are not usable.
///
/// ```
/// use telematics_user::api::login::{request, LoginInput};
/// use telematics_user::config::Config;
/// let config = Config { instance_id: Some("iid".into()), instance_key: Some("KEY".into()), ..Default::default() };
/// let input = LoginInput { device_token: Some("dev-1".into()), ..Default::default() };
/// let req = request(&config, &input).unwrap();
/// assert_eq!(req.body.as_deref(), Some(r#"{"LoginFields":"{\"Devicetoken\":\"dev-1\"}","Password":"KEY"}"#));
/// ```
pub fn request(config: &Config, input: &LoginInput) -> Result<Request> {
    let url = config.url(&config.endpoints.login);
    let given = [&input.device_token, &input.email, &input.phone]
        .iter()
        .filter(|v| v.is_some())
        .count();
    if given != 1 {
        return Err(Error::input(ONE_CREDENTIAL));
    }
    if let Some(device_token) = &input.device_token {
        if device_token.trim().is_empty() {
            return Err(Error::input("deviceToken must not be empty"));
        }
        if input.password.is_some() {
            return Err(Error::input(
                "password is not used with deviceToken (the instance key is the password)",
            ));
        }
        let (id, key) = instance_credentials(config)?;
        return Ok(Request::new(Method::Post, url)
            .header("InstanceId", id)
            .json(&body(fields_json("Devicetoken", device_token), key)));
    }
    let (name, value, field) = match (&input.email, &input.phone) {
        (Some(email), _) => ("Email", email, "email"),
        (_, Some(phone)) => ("Phone", phone, "phone"),
        _ => unreachable_input()?,
    };
    if value.trim().is_empty() {
        return Err(Error::input(field.to_string() + " must not be empty"));
    }
    let password = match &input.password {
        Some(p) if !p.is_empty() => p,
        _ => {
            return Err(Error::input(
                "password is required with ".to_string() + field,
            ))
        }
    };
    let mut req = Request::new(Method::Post, url);
    if let Some(id) = &config.instance_id {
        req = req.header("InstanceId", id);
    }
    Ok(req.json(&body(fields_json(name, value), password)))
}

/// `{ LoginFields, Password }`.
fn body(login_fields: String, password: &str) -> Json {
    Fields::new()
        .with("LoginFields", &login_fields)
        .with("Password", password)
        .build()
}

fn unreachable_input<T>() -> Result<T> {
    Err(Error::input(ONE_CREDENTIAL))
}

/// `{"<key>":"<value>"}` as a JSON text, for the string form of `LoginFields`.
fn fields_json(key: &str, value: &str) -> String {
    Fields::new().with(key, value).build().to_text()
}

/// Reads a login answer into a session; it must carry both tokens.
pub fn read<J: JsonText>(meta: &ResponseMeta<'_>, body: &J, now_ms: u64) -> Result<Session> {
    let result: TokenResult = envelope::read(meta, body, now_ms)?
        .ok_or_else(|| Error::invalid_response("the login answer has no Result"))?;
    let device_token = result.device_token.clone().unwrap_or_default();
    Session::from_tokens::<J>(&device_token, &result, meta, now_ms)
        .ok_or_else(|| Error::invalid_response("the login answer has no access or refresh token"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::json::SerdeJsonText;

    fn config() -> Config {
        Config {
            instance_id: Some("iid".into()),
            instance_key: Some("KEY".into()),
            ..Default::default()
        }
    }

    fn login(json: &str) -> Result<Request> {
        let input: LoginInput = SerdeJsonText::new(json).decode().unwrap();
        request(&config(), &input)
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
        let input = LoginInput {
            device_token: Some("d".into()),
            ..Default::default()
        };
        assert_eq!(
            request(&no_key, &input).unwrap_err().code().as_str(),
            "invalid_config"
        );
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
