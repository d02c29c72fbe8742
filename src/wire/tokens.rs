//! The token answer shared by registration, login and refresh:
//! `{ DeviceToken, AccessToken: { Token, ExpiresIn }, RefreshToken }`.

use crate::json::{FromJson, Json, Object, Shape};
use crate::lenient;

/// The `Result` of `Registration/Create`, `Auth/Login` and `RefreshToken`.
#[derive(Default, Clone, PartialEq, Eq)]
pub struct TokenResult {
    /// The user's permanent id. Absent from admin logins.
    pub device_token: Option<String>,
    /// The JWT and its lifetime; absent when `CreateAccessToken` was false.
    pub access_token: Option<AccessToken>,
    /// The rotating refresh token.
    pub refresh_token: Option<String>,
}

impl FromJson for TokenResult {
    fn from_json(json: &Json) -> Result<Self, Shape> {
        let o = Object::of(json)?;
        Ok(TokenResult {
            device_token: o.field(&["DeviceToken", "deviceToken"])?,
            access_token: o.field(&["AccessToken", "accessToken"])?,
            refresh_token: o.field(&["RefreshToken", "refreshToken"])?,
        })
    }
}

/// `{ Token, ExpiresIn }`.
#[derive(Default, Clone, PartialEq, Eq)]
pub struct AccessToken {
    /// The JWT.
    pub token: Option<String>,
    /// Its lifetime in seconds: a number, a numeric string, or `""` (unknown).
    pub expires_in: Option<u64>,
}

impl FromJson for AccessToken {
    fn from_json(json: &Json) -> Result<Self, Shape> {
        let o = Object::of(json)?;
        Ok(AccessToken {
            token: o.field(&["Token", "token"])?,
            expires_in: o.get(&["ExpiresIn", "expiresIn"], lenient::seconds)?,
        })
    }
}

impl TokenResult {
    /// The access token, when present and non-empty.
    pub fn access(&self) -> Option<&str> {
        self.access_token
            .as_ref()?
            .token
            .as_deref()
            .filter(|t| !t.is_empty())
    }

    /// The refresh token, when present and non-empty.
    pub fn refresh(&self) -> Option<&str> {
        self.refresh_token.as_deref().filter(|t| !t.is_empty())
    }

    /// `ExpiresIn`, when given.
    pub fn expires_in(&self) -> Option<u64> {
        self.access_token.as_ref()?.expires_in
    }
}

impl std::fmt::Debug for TokenResult {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("TokenResult")
            .field("device_token", &self.device_token)
            .field("access_token", &self.access().map(|_| "[redacted]"))
            .field("refresh_token", &self.refresh().map(|_| "[redacted]"))
            .field("expires_in", &self.expires_in())
            .finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::json::{JsonText, SerdeJsonText};

    fn decode(json: &str) -> TokenResult {
        SerdeJsonText::new(json).decode().unwrap()
    }

    #[test]
    fn reads_every_documented_form() {
        let t = decode(
            r#"{"DeviceToken":"d","AccessToken":{"Token":"jwt","ExpiresIn":432000},"RefreshToken":"r"}"#,
        );
        assert_eq!(
            (
                t.device_token.as_deref(),
                t.access(),
                t.refresh(),
                t.expires_in()
            ),
            (Some("d"), Some("jwt"), Some("r"), Some(432000))
        );
        assert_eq!(
            decode(r#"{"AccessToken":{"Token":"j","ExpiresIn":"86400"}}"#).expires_in(),
            Some(86400)
        );
        assert_eq!(
            decode(r#"{"AccessToken":{"Token":"j","ExpiresIn":""}}"#).expires_in(),
            None
        );
        let bare = decode(r#"{"DeviceToken":"d","AccessToken":null,"RefreshToken":null}"#);
        assert_eq!((bare.access(), bare.refresh()), (None, None));
        assert_eq!(decode(r#"{"RefreshToken":""}"#).refresh(), None);
        let bad = SerdeJsonText::new(r#"{"DeviceToken":42}"#).decode::<TokenResult>();
        assert!(bad.is_err(), "a numeric DeviceToken is ill-typed");
    }

    #[test]
    fn debug_redacts_tokens() {
        let t = decode(
            r#"{"DeviceToken":"d","AccessToken":{"Token":"AT-SECRET"},"RefreshToken":"RT-SECRET"}"#,
        );
        assert!(!format!("{t:?}").contains("SECRET"));
    }
}
