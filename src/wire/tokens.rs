//! The token answer shared by registration, login and refresh:
//! `{ DeviceToken, AccessToken: { Token, ExpiresIn }, RefreshToken }`.

use crate::json::{read::string, Json, Shape};
use crate::lenient;

/// The `Result` of `Registration/Create`, `Auth/Login` and `RefreshToken`. An empty token is
/// read as no token.
#[derive(Default, Clone, PartialEq, Eq)]
pub struct TokenResult {
    /// The user's permanent id. Absent from admin logins.
    pub device_token: Option<String>,
    /// The JWT; absent when `CreateAccessToken` was false.
    pub access_token: Option<String>,
    /// The JWT's lifetime in seconds (`AccessToken.ExpiresIn`), when given.
    pub expires_in: Option<u64>,
    /// The rotating refresh token.
    pub refresh_token: Option<String>,
}

impl TokenResult {
    /// Reads the answer's `Result`.
    pub fn read(json: &Json) -> Result<TokenResult, Shape> {
        json.object()?;
        let (key, _) = json.entry("AccessToken");
        let access = json.object_at(key)?;
        let present = |t: Option<String>| t.filter(|t| !t.is_empty());
        Ok(TokenResult {
            device_token: string(json, "DeviceToken")?,
            access_token: present(string(access, "Token").map_err(|e| e.at_key(key))?),
            expires_in: lenient::seconds(access, "ExpiresIn").map_err(|e| e.at_key(key))?,
            refresh_token: present(string(json, "RefreshToken")?),
        })
    }

    /// The access token, when the answer has a non-empty one.
    pub fn access(&self) -> Option<&str> {
        self.access_token.as_deref()
    }

    /// The refresh token, when the answer has a non-empty one.
    pub fn refresh(&self) -> Option<&str> {
        self.refresh_token.as_deref()
    }
}

impl std::fmt::Debug for TokenResult {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("TokenResult")
            .field("device_token", &self.device_token)
            .field("access_token", &self.access().map(|_| "[redacted]"))
            .field("refresh_token", &self.refresh().map(|_| "[redacted]"))
            .field("expires_in", &self.expires_in)
            .finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::json::{JsonText, SerdeJsonText};

    fn decode(json: &str) -> TokenResult {
        SerdeJsonText::new(json).decode(TokenResult::read).unwrap()
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
                t.expires_in
            ),
            (Some("d"), Some("jwt"), Some("r"), Some(432000))
        );
        assert_eq!(
            decode(r#"{"AccessToken":{"Token":"j","ExpiresIn":"86400"}}"#).expires_in,
            Some(86400)
        );
        assert_eq!(
            decode(r#"{"AccessToken":{"Token":"j","ExpiresIn":""}}"#).expires_in,
            None
        );
        let bare = decode(r#"{"DeviceToken":"d","AccessToken":null,"RefreshToken":null}"#);
        assert_eq!((bare.access(), bare.refresh()), (None, None));
        assert_eq!(decode(r#"{"RefreshToken":""}"#).refresh(), None);
        for (json, path) in [
            (r#"{"DeviceToken":42}"#, "DeviceToken"),
            (r#"{"AccessToken":"jwt"}"#, "AccessToken"),
            (r#"{"accessToken":{"token":7}}"#, "accessToken.token"),
            (
                r#"{"AccessToken":{"ExpiresIn":-1}}"#,
                "AccessToken.ExpiresIn",
            ),
        ] {
            let bad = SerdeJsonText::new(json).decode(TokenResult::read);
            assert_eq!(
                bad,
                Err(crate::json::DecodeError::Shape(path.into())),
                "{json}"
            );
        }
    }

    #[test]
    fn debug_redacts_tokens() {
        let t = decode(
            r#"{"DeviceToken":"d","AccessToken":{"Token":"AT-SECRET"},"RefreshToken":"RT-SECRET"}"#,
        );
        assert!(!format!("{t:?}").contains("SECRET"));
    }
}
