//! `POST /v1/Registration/Create`: register one user, anonymously, with the instance credentials.

use crate::config::{Config, Endpoint};
use crate::envelope::{self, ResponseMeta};
use crate::error::{Error, Result};
use crate::json::{Fields, Json, JsonText};
use crate::request::{Method, Request};
use crate::session::Session;
use crate::wire::tokens::TokenResult;
use crate::wire::user::{Purpose, UserInput};

/// What `register` resolves to. Token fields are `null` when the service returned none.
#[derive(Clone, PartialEq, Eq)]
pub struct Registration {
    /// The new user's permanent id.
    pub device_token: String,
    /// The JWT, when one was issued.
    pub access_token: Option<String>,
    /// The refresh token, when one was issued.
    pub refresh_token: Option<String>,
    /// The access token's lifetime in seconds, when given.
    pub expires_in: Option<u64>,
}

impl Registration {
    /// The registration as JavaScript sees it: `{ deviceToken, accessToken, refreshToken,
    /// expiresIn }`.
    pub fn to_json(&self) -> Json {
        Fields::new()
            .with("deviceToken", self.device_token.as_str())
            .with("accessToken", self.access_token.as_deref())
            .with("refreshToken", self.refresh_token.as_deref())
            .with("expiresIn", self.expires_in)
            .build()
    }
}

impl std::fmt::Debug for Registration {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Registration")
            .field("device_token", &self.device_token)
            .field(
                "access_token",
                &self.access_token.as_ref().map(|_| "[redacted]"),
            )
            .field(
                "refresh_token",
                &self.refresh_token.as_ref().map(|_| "[redacted]"),
            )
            .field("expires_in", &self.expires_in)
            .finish()
    }
}

/// The instance credentials a registration needs, or `invalid_config` naming what is missing.
pub(crate) fn instance_credentials(config: &Config) -> Result<(&str, &str)> {
    match (&config.instance_id, &config.instance_key) {
        (Some(id), Some(key)) => Ok((id, key)),
        _ => Err(Error::config(
            "instanceId and instanceKey are required for this call",
        )),
    }
}

/// Builds the registration request.
///
/// ```
/// use telematics_user::api::register::request;
/// use telematics_user::config::Config;
/// use telematics_user::wire::user::UserInput;
/// let config = Config { instance_id: Some("id".into()), instance_key: Some("key".into()), ..Default::default() };
/// let req = request(&config, &UserInput::default()).unwrap();
/// assert_eq!(req.url, "https://user.telematicssdk.com/v1/Registration/Create");
/// assert_eq!(req.header_value("InstanceId"), Some("id"));
/// assert_eq!(req.body.as_deref(), Some("{}"));
/// ```
pub fn request(config: &Config, user: &UserInput) -> Result<Request> {
    let (id, key) = instance_credentials(config)?;
    let body = user.to_body(Purpose::Register)?;
    Ok(Request::new(Method::Post, config.url(Endpoint::Register))
        .header("InstanceId", id)
        .header("InstanceKey", key)
        .json(body))
}

/// Reads the registration answer.
pub fn read<J: JsonText>(meta: &ResponseMeta<'_>, body: &J, now_ms: u64) -> Result<Registration> {
    registration(token_result(meta, body, now_ms)?)
}

/// Reads the registration answer, and the session it starts when it carries a token pair (what
/// `register` stores).
pub fn read_with_session<J: JsonText>(
    meta: &ResponseMeta<'_>,
    body: &J,
    now_ms: u64,
) -> Result<(Registration, Option<Session>)> {
    let result = token_result(meta, body, now_ms)?;
    let registration = registration(result.clone())?;
    let session = Session::from_tokens::<J>(&registration.device_token, &result, meta, now_ms);
    Ok((registration, session))
}

fn token_result<J: JsonText>(
    meta: &ResponseMeta<'_>,
    body: &J,
    now_ms: u64,
) -> Result<TokenResult> {
    envelope::read(meta, body, now_ms, TokenResult::read)?
        .ok_or_else(|| Error::invalid_response("the registration answer has no Result"))
}

/// A token result as a [`Registration`]; it must name the device token.
pub(crate) fn registration(result: TokenResult) -> Result<Registration> {
    match result.device_token {
        Some(device_token) if !device_token.is_empty() => Ok(Registration {
            device_token,
            access_token: result.access_token,
            refresh_token: result.refresh_token,
            expires_in: result.expires_in,
        }),
        _ => Err(Error::invalid_response(
            "the registration answer has no DeviceToken",
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::json::SerdeJsonText;

    fn config() -> Config {
        Config {
            base_url: "http://127.0.0.1:8787".into(),
            instance_id: Some("iid".into()),
            instance_key: Some("ikey".into()),
            ..Default::default()
        }
    }

    #[test]
    fn request_carries_instance_headers_and_body() {
        let user = UserInput::new(Json::Object(vec![(
            "firstName".into(),
            Json::String("Ann".into()),
        )]))
        .unwrap();
        let r = request(&config(), &user).unwrap();
        assert_eq!(r.method, Method::Post);
        assert_eq!(r.url, "http://127.0.0.1:8787/v1/Registration/Create");
        assert_eq!(r.header_value("instanceid"), Some("iid"));
        assert_eq!(r.header_value("InstanceKey"), Some("ikey"));
        assert_eq!(r.header_value("Content-Type"), Some("application/json"));
        assert_eq!(r.bearer(), None);
        assert_eq!(r.body.as_deref(), Some(r#"{"FirstName":"Ann"}"#));
    }

    #[test]
    fn request_needs_instance_credentials() {
        for c in [
            Config {
                instance_id: None,
                ..config()
            },
            Config {
                instance_key: None,
                ..config()
            },
        ] {
            let e = request(&c, &UserInput::default()).unwrap_err();
            assert_eq!(e.code().as_str(), "invalid_config");
        }
    }

    #[test]
    fn reads_answers() {
        let meta = ResponseMeta {
            status: 200,
            ..Default::default()
        };
        let read_one = |body: &str| read(&meta, &SerdeJsonText::new(body), 0);
        let r = read_one(r#"{"Result":{"DeviceToken":"d-1","AccessToken":{"Token":"a","ExpiresIn":"60"},"RefreshToken":"r"},"Status":200,"Title":"","Errors":[]}"#).unwrap();
        assert_eq!(
            r,
            Registration {
                device_token: "d-1".into(),
                access_token: Some("a".into()),
                refresh_token: Some("r".into()),
                expires_in: Some(60)
            }
        );
        let with_session = |body: &str| read_with_session(&meta, &SerdeJsonText::new(body), 5);
        let (registration, session) = with_session(r#"{"Result":{"DeviceToken":"d-1","AccessToken":{"Token":"a","ExpiresIn":"60"},"RefreshToken":"r"},"Status":200}"#).unwrap();
        assert_eq!(registration, r);
        let session = session.expect("a token pair starts a session");
        assert_eq!(
            (
                session.device_token.as_str(),
                session.access_token.as_str(),
                session.refresh_token.as_str(),
                session.issued_at
            ),
            ("d-1", "a", "r", Some(5))
        );
        let (_, none) = with_session(r#"{"Result":{"DeviceToken":"d-2"},"Status":200}"#).unwrap();
        assert!(none.is_none(), "no tokens, no session");
        assert_eq!(
            with_session(r#"{"Status":200}"#)
                .unwrap_err()
                .code()
                .as_str(),
            "invalid_response"
        );
        let bare = read_one(r#"{"Result":{"DeviceToken":"d-2"},"Status":200}"#).unwrap();
        assert_eq!(
            (bare.access_token, bare.refresh_token, bare.expires_in),
            (None, None, None)
        );
        for (body, code) in [
            (r#"{"Status":200}"#, "invalid_response"),
            (
                r#"{"Result":{"DeviceToken":""},"Status":200}"#,
                "invalid_response",
            ),
            (
                r#"{"Result":{"DeviceToken":"d","AccessToken":"jwt"},"Status":200}"#,
                "invalid_response",
            ),
            (
                r#"{"Result":null,"Status":422,"Errors":[{"Key":"InstanceId","Message":"unknown"}]}"#,
                "validation",
            ),
        ] {
            assert_eq!(read_one(body).unwrap_err().code().as_str(), code, "{body}");
        }
    }
}
