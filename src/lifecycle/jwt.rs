//! Reads the `exp` claim of a JWT access token, without verifying it.
//!
//! The client only needs to know *when* to refresh; the service verifies signatures. A token that
//! is not a JWT, or whose payload does not decode, simply has no known expiry.

use crate::json::JsonText;

/// The `exp` claim (seconds since the epoch, by the issuer's clock), if the token is a JWT that
/// carries one.
///
/// ```
/// use telematics_user::lifecycle::jwt::exp;
/// use telematics_user::json::SerdeJsonText;
/// // {"alg":"none"}.{"exp":1700000000}.
/// let token = "eyJhbGciOiJub25lIn0.eyJleHAiOjE3MDAwMDAwMDB9.";
/// assert_eq!(exp::<SerdeJsonText>(token), Some(1_700_000_000));
/// assert_eq!(exp::<SerdeJsonText>("opaque-token"), None);
/// assert_eq!(exp::<SerdeJsonText>(&format!("{token}.extra")), None);
/// ```
pub fn exp<J: JsonText>(token: &str) -> Option<u64> {
    // A JWS in compact form has exactly three parts; anything else is not a JWT (found by fuzzing:
    // a fourth part used to be ignored).
    let mut parts = crate::search::pieces(token, |b| b == b'.');
    let (_header, payload, _signature) = (parts.next()?, parts.next()?, parts.next()?);
    if parts.next().is_some() {
        return None;
    }
    J::from_base64url(payload)?
        .decode(|claims| crate::lenient::seconds(claims, "exp"))
        .ok()?
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::json::SerdeJsonText;
    use base64::Engine;

    fn token(payload: &str) -> String {
        "eyJhbGciOiJIUzI1NiJ9.".to_string()
            + &base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(payload)
            + ".sig"
    }

    #[test]
    fn reads_exp_in_every_form_the_issuers_use() {
        let cases: &[(&str, Option<u64>)] = &[
            (r#"{"exp":1700000000}"#, Some(1_700_000_000)),
            (r#"{"exp":"1700000000"}"#, Some(1_700_000_000)),
            (r#"{"exp":1700000000.0}"#, Some(1_700_000_000)),
            // base64url's `-` and `_`, and non-ASCII claims, must not break decoding.
            (
                r#"{"name":"Jürgen ~~~???>>>","exp":1700000001}"#,
                Some(1_700_000_001),
            ),
            (r#"{"sub":"x"}"#, None),
            (r#"{"exp":null}"#, None),
            (r#"{"exp":-5}"#, None),
            (r#"{"exp":"soon"}"#, None),
            ("[]", None),
            ("not json", None),
        ];
        for (payload, want) in cases {
            assert_eq!(exp::<SerdeJsonText>(&token(payload)), *want, "{payload}");
        }
    }

    #[test]
    fn padded_payloads_decode_too() {
        let padded = "h.".to_string()
            + &base64::engine::general_purpose::URL_SAFE.encode(r#"{"exp":12}"#)
            + ".s";
        assert_eq!(exp::<SerdeJsonText>(&padded), Some(12));
    }

    #[test]
    fn anything_but_three_parts_is_not_a_jwt() {
        for t in ["", "a", "a.b", "a.b.c.d", "..", "a.!!!.c"] {
            assert_eq!(exp::<SerdeJsonText>(t), None, "{t}");
        }
    }
}
