//! `POST /v1/RefreshToken` (or `/v1/Auth/RefreshToken`): trade the current pair for a new one.
//!
//! The refresh token rotates: the answer's pair replaces the old one in one write, and the old
//! pair is never sent again. A refresh the service *rejects* ends the session; one that merely
//! failed to get through (network, timeout, 5xx, 429) keeps it.

use crate::config::{Config, Endpoint};
use crate::envelope::{self, ResponseMeta};
use crate::error::{Error, ErrorCode, Result};
use crate::json::Fields;
use crate::json::JsonText;
use crate::request::{Method, Request};
use crate::session::Session;
use crate::wire::tokens::TokenResult;

/// Builds the refresh request for a session (the expired access token is sent too, as the
/// service requires).
pub fn request(config: &Config, session: &Session) -> Request {
    Request::new(Method::Post, config.url(Endpoint::Refresh)).json(
        Fields::new()
            .with("AccessToken", session.access_token.as_str())
            .with("RefreshToken", session.refresh_token.as_str())
            .build(),
    )
}

/// Reads a refresh answer into the new session. A rejection becomes `session_expired`; a
/// transient failure keeps its own code.
pub fn read<J: JsonText>(
    meta: &ResponseMeta<'_>,
    body: &J,
    old: &Session,
    now_ms: u64,
) -> Result<Session> {
    let result = match envelope::read(meta, body, now_ms, TokenResult::read) {
        Ok(Some(result)) => result,
        Ok(None) => return Err(Error::invalid_response("the refresh answer has no Result")),
        Err(e) => return Err(classify(e)),
    };
    let device_token = result
        .device_token
        .clone()
        .unwrap_or_else(|| old.device_token.clone());
    Session::from_tokens::<J>(&device_token, &result, meta, now_ms)
        .ok_or_else(|| Error::invalid_response("the refresh answer has no access or refresh token"))
}

/// Whether a refresh failure means the service rejected the refresh token (the session is over).
pub fn ends_session(error: &Error) -> bool {
    matches!(
        error.code(),
        ErrorCode::Validation
            | ErrorCode::Unauthorized
            | ErrorCode::Forbidden
            | ErrorCode::NotFound
    )
}

/// A refresh failure as the caller sees it: rejections become `session_expired`.
pub fn classify(error: Error) -> Error {
    if ends_session(&error) {
        Error::new(
            ErrorCode::SessionExpired,
            "the session has expired: sign in again",
        )
        .with_status(error.status())
        .with_field_errors(error.field_errors().to_vec())
    } else {
        error
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::json::SerdeJsonText;

    fn old() -> Session {
        Session {
            device_token: "dev".into(),
            access_token: "AT-0".into(),
            refresh_token: "RT-0".into(),
            expires_at: Some(1),
            issued_at: None,
        }
    }

    #[test]
    fn sends_both_tokens_to_the_configured_path() {
        let r = request(&Config::default(), &old());
        assert_eq!(r.url, "https://user.telematicssdk.com/v1/RefreshToken");
        assert_eq!(
            r.body.as_deref(),
            Some(r#"{"AccessToken":"AT-0","RefreshToken":"RT-0"}"#)
        );
        assert_eq!(r.bearer(), None);
        let mut c = Config::default();
        c.endpoints[Endpoint::Refresh as usize] = "/v1/Auth/RefreshToken".into();
        assert_eq!(
            request(&c, &old()).url,
            "https://user.telematicssdk.com/v1/Auth/RefreshToken"
        );
    }

    #[test]
    fn failure_classes() {
        let cases: &[(u16, &str, &str)] = &[
            (
                400,
                r#"{"Status":400,"Title":"invalid refresh token"}"#,
                "session_expired",
            ),
            (401, "", "session_expired"),
            (419, "", "session_expired"),
            (422, r#"{"Status":422}"#, "session_expired"),
            (200, r#"{"Status":400,"Result":null}"#, "session_expired"),
            (500, "", "server"),
            (503, "<html>", "server"),
            (429, "", "rate_limited"),
            (408, "", "timeout"),
            (200, "<html>", "invalid_response"),
            (
                200,
                r#"{"Result":{"AccessToken":{"Token":"a"}},"Status":200}"#,
                "invalid_response",
            ),
        ];
        for (status, body, code) in cases {
            let meta = ResponseMeta {
                status: *status,
                ..Default::default()
            };
            let e = read(&meta, &SerdeJsonText::new(*body), &old(), 0).unwrap_err();
            assert_eq!(e.code().as_str(), *code, "{status} {body}");
        }
    }

    #[test]
    fn the_new_pair_replaces_the_old_and_keeps_the_device_token() {
        let meta = ResponseMeta {
            status: 200,
            ..Default::default()
        };
        let body = r#"{"Result":{"AccessToken":{"Token":"AT-1","ExpiresIn":60},"RefreshToken":"RT-1"},"Status":200}"#;
        let s = read(&meta, &SerdeJsonText::new(body), &old(), 10_000).unwrap();
        assert_eq!(
            s,
            Session {
                device_token: "dev".into(),
                access_token: "AT-1".into(),
                refresh_token: "RT-1".into(),
                expires_at: Some(70_000),
                issued_at: Some(10_000),
            }
        );
    }
}
