//! The session: the device token and the current token pair, and the form it is stored in.

use crate::json::{read::string, Fields, Json, JsonText, Shape};

/// A signed-in user's credentials, as JavaScript sees them (`getSession()`).
#[derive(Clone, PartialEq, Eq)]
pub struct Session {
    /// The user's permanent id (empty for an admin session, which has none).
    pub device_token: String,
    /// The JWT access token.
    pub access_token: String,
    /// The rotating refresh token.
    pub refresh_token: String,
    /// When the access token expires, in epoch milliseconds of the local clock, if known.
    pub expires_at: Option<u64>,
    /// When the pair was issued, local epoch milliseconds: it bounds the refresh leeway to half
    /// the token's lifetime. Stored, but not part of the JavaScript `Session`.
    pub issued_at: Option<u64>,
}

// Debug must never print a token: it shows which are set and the expiry.
impl std::fmt::Debug for Session {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Session")
            .field("device_token", &self.device_token)
            .field("access_token", &"[redacted]")
            .field("refresh_token", &"[redacted]")
            .field("expires_at", &self.expires_at)
            .field("issued_at", &self.issued_at)
            .finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn debug_redacts() {
        let s = Session {
            device_token: "dev".into(),
            access_token: "AT-SECRET".into(),
            refresh_token: "RT-SECRET".into(),
            expires_at: Some(5),
            issued_at: None,
        };
        let d = format!("{s:?}");
        assert!(!d.contains("SECRET") && d.contains("dev"), "{d}");
    }
}

impl Session {
    /// The session as JavaScript sees it: `{ deviceToken, accessToken, refreshToken, expiresAt }`.
    pub fn to_json(&self) -> Json {
        self.fields(Fields::new()).build()
    }
}

const STORED_VERSION: f64 = 1.0;

/// Epoch milliseconds: a whole number from 0.
fn millis(obj: &Json, key: &str) -> Result<Option<u64>, Shape> {
    let ms = match obj.entry(key) {
        (_, Json::Null) => return Ok(None),
        (_, Json::Number(n)) => crate::json::whole(*n, 0.0, crate::json::MAX_WHOLE),
        _ => None,
    };
    ms.map(|ms| Some(ms as u64))
        .ok_or_else(|| Shape::new("milliseconds").at_key(key))
}

/// The stored form: the JavaScript fields plus a format version and the issue time.
fn read(json: &Json) -> Result<Session, Shape> {
    if json.at("v").number() != Some(STORED_VERSION) {
        return Err(Shape::new("format version 1").at_key("v"));
    }
    let token = |key| string(json, key)?.ok_or(Shape::new("a string").at_key(key));
    Ok(Session {
        device_token: token("deviceToken")?,
        access_token: token("accessToken")?,
        refresh_token: token("refreshToken")?,
        expires_at: millis(json, "expiresAt")?,
        issued_at: millis(json, "issuedAt")?,
    })
}

impl Session {
    /// The text the store holds for this session.
    ///
    /// ```
    /// use telematics_user::session::Session;
    /// use telematics_user::json::{JsonText, SerdeJsonText};
    /// let s = Session {
    ///     device_token: "d".into(),
    ///     access_token: "a".into(),
    ///     refresh_token: "r".into(),
    ///     expires_at: Some(1),
    ///     issued_at: Some(0),
    /// };
    /// let back = Session::decode(&SerdeJsonText::new(s.encode()));
    /// assert_eq!(back, Some(s));
    /// ```
    pub fn encode(&self) -> String {
        self.fields(Fields::new().with("v", Json::Number(STORED_VERSION)))
            .with("issuedAt", self.issued_at)
            .build()
            .to_text()
    }

    /// Appends the JavaScript fields to `to`.
    fn fields(&self, to: Fields) -> Fields {
        to.with("deviceToken", self.device_token.as_str())
            .with("accessToken", self.access_token.as_str())
            .with("refreshToken", self.refresh_token.as_str())
            .with("expiresAt", self.expires_at)
    }

    /// Reads a stored session. Anything corrupt, of another version, or with an empty token is
    /// `None`: a broken store entry means "no session", never a crash.
    pub fn decode<J: JsonText>(text: &J) -> Option<Session> {
        let s = text.decode(read).ok()?;
        (!s.access_token.is_empty() && !s.refresh_token.is_empty()).then_some(s)
    }
}

#[cfg(test)]
mod stored_tests {
    use super::*;
    use crate::json::SerdeJsonText;

    #[test]
    fn corrupt_entries_are_no_session() {
        for text in [
            "",
            "null",
            "{}",
            "[]",
            "not json",
            r#"{"v":2,"deviceToken":"d","accessToken":"a","refreshToken":"r","expiresAt":null}"#,
            r#"{"v":1,"deviceToken":"d","accessToken":"","refreshToken":"r","expiresAt":null}"#,
            r#"{"v":1,"deviceToken":"d","accessToken":"a","refreshToken":"r","expiresAt":"soon"}"#,
            r#"{"v":1,"deviceToken":5,"accessToken":"a","refreshToken":"r"}"#,
        ] {
            assert_eq!(Session::decode(&SerdeJsonText::new(text)), None, "{text}");
        }
        let ok =
            r#"{"v":1,"deviceToken":"d","accessToken":"a","refreshToken":"r","expiresAt":null}"#;
        assert!(Session::decode(&SerdeJsonText::new(ok)).is_some());
    }
}

impl Session {
    /// The session a token answer starts, when it carries both tokens. `expiresAt` comes from
    /// `ExpiresIn` and the JWT `exp` (corrected for clock skew with the answer's `Date`), see
    /// [`Issued`](crate::lifecycle::expiry::Issued).
    pub fn from_tokens<J: JsonText>(
        device_token: &str,
        result: &crate::wire::tokens::TokenResult,
        meta: &crate::envelope::ResponseMeta<'_>,
        now_ms: u64,
    ) -> Option<Session> {
        let access_token = result.access()?;
        let issued = crate::lifecycle::expiry::Issued {
            now_ms,
            expires_in: result.expires_in,
            jwt_exp: crate::lifecycle::jwt::exp::<J>(access_token),
            server_date_ms: meta.date.and_then(J::http_date_ms),
        };
        Some(Session {
            device_token: device_token.to_string(),
            access_token: access_token.to_string(),
            refresh_token: result.refresh()?.to_string(),
            expires_at: issued.expires_at(),
            issued_at: Some(now_ms),
        })
    }
}

#[cfg(test)]
mod issue_tests {
    use super::*;
    use crate::envelope::ResponseMeta;
    use crate::json::SerdeJsonText;
    use crate::wire::tokens::TokenResult;
    use base64::Engine;

    fn result(token: String, expires_in: Option<u64>) -> TokenResult {
        TokenResult {
            device_token: None,
            access_token: Some(token),
            expires_in,
            refresh_token: Some("RT".into()),
        }
    }

    #[test]
    fn expiry_comes_from_the_jwt_corrected_by_the_date_header() {
        // The server's clock reads 2023-11-14T22:13:20Z; ours is five minutes ahead.
        let server_now_s = 1_700_000_000;
        let local_now = (server_now_s + 300) * 1000;
        let payload = format!(r#"{{"exp":{}}}"#, server_now_s + 600);
        let jwt = "h.".to_string()
            + &base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(payload)
            + ".s";
        let meta = ResponseMeta {
            status: 200,
            retry_after: None,
            date: Some("Tue, 14 Nov 2023 22:13:20 GMT"),
        };
        let s = Session::from_tokens::<SerdeJsonText>(
            "d",
            &result(jwt.clone(), None),
            &meta,
            local_now,
        )
        .unwrap();
        assert_eq!(s.expires_at, Some(local_now + 600_000));
        assert_eq!(s.issued_at, Some(local_now));
        // ExpiresIn, when shorter, wins.
        let s =
            Session::from_tokens::<SerdeJsonText>("d", &result(jwt, Some(60)), &meta, local_now)
                .unwrap();
        assert_eq!(s.expires_at, Some(local_now + 60_000));
        // Stored and read back, the issue time survives (it bounds the leeway).
        assert_eq!(Session::decode(&SerdeJsonText::new(s.encode())), Some(s));
    }
}
