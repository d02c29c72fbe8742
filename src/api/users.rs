//! `Management/users`: read the signed-in user, update a user (self, or another through the
//! `UserDeviceToken` header with an admin session), delete a user.

use crate::config::{Config, Endpoint};
use crate::envelope::{self, ResponseMeta};
use crate::error::{Error, Result};
use crate::json::Json;
use crate::json::JsonText;
use crate::request::{Method, Request};
use crate::wire::profile;
use crate::wire::user::{Purpose, UserInput};

/// `GET Management/users` with the access token.
pub fn get_request(config: &Config, access_token: &str) -> Request {
    let mut r = Request::new(Method::Get, config.url(Endpoint::Users));
    r.set_bearer(access_token);
    r
}

/// Reads the profile answer into what `getUser()` resolves to (see [`profile::read`]).
pub fn read_profile<J: JsonText>(meta: &ResponseMeta<'_>, body: &J, now_ms: u64) -> Result<Json> {
    envelope::read(meta, body, now_ms, profile::read)?
        .ok_or_else(|| Error::invalid_response("the profile answer has no Result"))
}

/// `PUT Management/users`; with `target`, an admin updates that user (`UserDeviceToken`).
///
/// ```
/// use telematics_user::api::users::update_request;
/// use telematics_user::config::Config;
/// use telematics_user::json::Json;
/// use telematics_user::wire::user::UserInput;
/// let params = Json::Object(vec![("enableTracking".into(), false.into())]);
/// let changes = UserInput::telematics(params).unwrap();
/// let r = update_request(&Config::default(), "jwt", &changes, Some("dev-9")).unwrap();
/// assert_eq!(r.header_value("UserDeviceToken"), Some("dev-9"));
/// assert_eq!(r.body.as_deref(), Some(r#"{"UserFields":{"EnableTracking":false}}"#));
/// ```
pub fn update_request(
    config: &Config,
    access_token: &str,
    changes: &UserInput,
    target: Option<&str>,
) -> Result<Request> {
    let body = changes.to_body(Purpose::Update)?;
    let mut r = Request::new(Method::Put, config.url(Endpoint::Users));
    if let Some(target) = target {
        r = r.header("UserDeviceToken", non_empty_token(target)?);
    }
    r.set_bearer(access_token);
    Ok(r.json(body))
}

/// `DELETE Management/users/{DeviceToken}` (admin).
pub fn delete_request(config: &Config, access_token: &str, device_token: &str) -> Result<Request> {
    let token = non_empty_token(device_token)?;
    let url = config.url(Endpoint::Users) + "/" + &encode_segment(token);
    let mut r = Request::new(Method::Delete, url);
    r.set_bearer(access_token);
    Ok(r)
}

/// Reads the answer of a mutation: the envelope without a `Result` (or with one, ignored).
pub fn read_done<J: JsonText>(meta: &ResponseMeta<'_>, body: &J, now_ms: u64) -> Result<()> {
    envelope::read(meta, body, now_ms, |_| Ok(())).map(drop)
}

fn non_empty_token(token: &str) -> Result<&str> {
    if token.trim_ascii().is_empty() {
        Err(Error::input("deviceToken must not be empty"))
    } else {
        Ok(token)
    }
}

/// Percent-encodes a path segment: unreserved characters pass, everything else is `%XX`.
fn encode_segment(segment: &str) -> String {
    const HEX: &[u8; 16] = b"0123456789ABCDEF";
    let mut out = String::with_capacity(segment.len());
    for b in segment.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~') {
            out.push(b as char);
        } else {
            out.push('%');
            out.push(HEX[usize::from(b >> 4)] as char);
            out.push(HEX[usize::from(b & 15)] as char);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::json::SerdeJsonText;

    #[test]
    fn builders() {
        let c = Config::default();
        let g = get_request(&c, "AT");
        assert_eq!(
            (g.method, g.url.as_str(), g.bearer(), g.body.as_deref()),
            (
                Method::Get,
                "https://user.telematicssdk.com/v1/Management/users",
                Some("AT"),
                None
            )
        );
        let bo = Json::Object(vec![("firstName".into(), "Bo".into())]);
        let u = update_request(&c, "AT", &UserInput::new(bo).unwrap(), None).unwrap();
        assert_eq!(
            (
                u.method,
                u.header_value("UserDeviceToken"),
                u.body.as_deref()
            ),
            (Method::Put, None, Some(r#"{"FirstName":"Bo"}"#))
        );
        let d = delete_request(&c, "ADMIN", "3f2a-9/x?y").unwrap();
        assert_eq!(
            d.url,
            "https://user.telematicssdk.com/v1/Management/users/3f2a-9%2Fx%3Fy"
        );
        assert_eq!((d.method, d.bearer()), (Method::Delete, Some("ADMIN")));
    }

    #[test]
    fn empty_targets_are_invalid_input() {
        let c = Config::default();
        assert_eq!(
            delete_request(&c, "AT", " ").unwrap_err().code().as_str(),
            "invalid_input"
        );
        assert_eq!(
            update_request(&c, "AT", &UserInput::default(), Some(""))
                .unwrap_err()
                .code()
                .as_str(),
            "invalid_input"
        );
        let bad = UserInput::new(Json::Object(vec![("birthday".into(), "x".into())])).unwrap();
        assert!(update_request(&c, "AT", &bad, None)
            .unwrap_err()
            .message()
            .starts_with("birthday"));
    }

    #[test]
    fn mutations_accept_envelopes_without_result() {
        let ok = ResponseMeta {
            status: 200,
            ..Default::default()
        };
        for body in [
            r#"{"Status":200,"Title":"","Errors":[]}"#,
            "",
            r#"{"Result":{"x":1},"Status":200}"#,
        ] {
            assert!(
                read_done(&ok, &SerdeJsonText::new(body), 0).is_ok(),
                "{body}"
            );
        }
        for (status, code) in [(404, "not_found"), (403, "forbidden")] {
            let meta = ResponseMeta {
                status,
                ..Default::default()
            };
            let error = read_done(&meta, &SerdeJsonText::new(String::new()), 0).unwrap_err();
            assert_eq!(error.code().as_str(), code, "{status}");
        }
    }
}
