//! HS256 access tokens, shaped like the service's user tokens: `sub` and `DeviceToken` name the
//! user, the telematics flags ride along as `"True"`/`"False"` strings, and `exp` ends them.
//! `gen` is the sandbox's own claim: tokens of an older generation are refused, which is how
//! "expire every access token now" works without touching the clients' copies.

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use hmac::{Hmac, Mac};
use serde::{Deserialize, Serialize};
use sha2::Sha256;

/// The claims of a sandbox access token.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq)]
pub struct Claims {
    /// The DeviceToken of a user, or the admin's email.
    pub sub: String,
    /// A unique id per token.
    pub jti: String,
    /// Issued at, epoch seconds.
    pub iat: u64,
    /// Expires at, epoch seconds.
    pub exp: u64,
    /// The sandbox generation the token belongs to.
    pub generation: u64,
    /// `"True"` for admin tokens.
    #[serde(rename = "IsAdmin")]
    pub is_admin: String,
    /// The user's DeviceToken (absent for admins).
    #[serde(
        rename = "DeviceToken",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub device_token: Option<String>,
    /// The instance the user belongs to.
    #[serde(rename = "InstanceId")]
    pub instance_id: String,
    /// The user's `EnableTracking` flag when the token was issued.
    #[serde(rename = "SdkEnableTracking", default)]
    pub tracking: String,
}

/// Signs `claims` with HS256.
pub fn sign(secret: &[u8], claims: &Claims) -> String {
    let header = URL_SAFE_NO_PAD.encode(br#"{"alg":"HS256","typ":"JWT"}"#);
    let payload = URL_SAFE_NO_PAD.encode(serde_json::to_vec(claims).expect("claims serialize"));
    let signing_input = format!("{header}.{payload}");
    let signature = URL_SAFE_NO_PAD.encode(mac(secret, &signing_input).finalize().into_bytes());
    format!("{signing_input}.{signature}")
}

/// The claims of `token` if it is an HS256 JWT signed with `secret`; expiry is the caller's to
/// check, because a refresh accepts an expired access token.
pub fn verify(secret: &[u8], token: &str) -> Option<Claims> {
    let (signing_input, signature) = token.rsplit_once('.')?;
    let (header, payload) = signing_input.split_once('.')?;
    let header: serde_json::Value =
        serde_json::from_slice(&URL_SAFE_NO_PAD.decode(header).ok()?).ok()?;
    if header.get("alg")?.as_str()? != "HS256" {
        return None;
    }
    let signature = URL_SAFE_NO_PAD.decode(signature).ok()?;
    mac(secret, signing_input).verify_slice(&signature).ok()?;
    serde_json::from_slice(&URL_SAFE_NO_PAD.decode(payload).ok()?).ok()
}

fn mac(secret: &[u8], input: &str) -> Hmac<Sha256> {
    let mut mac = Hmac::<Sha256>::new_from_slice(secret).expect("HMAC takes any key length");
    mac.update(input.as_bytes());
    mac
}

#[cfg(test)]
mod tests {
    use super::*;

    fn claims() -> Claims {
        Claims {
            sub: "dev-1".into(),
            jti: "j".into(),
            iat: 10,
            exp: 70,
            generation: 0,
            is_admin: "False".into(),
            device_token: Some("dev-1".into()),
            instance_id: "i".into(),
            tracking: "True".into(),
        }
    }

    #[test]
    fn a_signed_token_verifies_and_carries_its_claims() {
        let token = sign(b"secret", &claims());
        assert_eq!(token.split('.').count(), 3);
        assert_eq!(verify(b"secret", &token), Some(claims()));
    }

    #[test]
    fn another_key_a_changed_payload_or_another_alg_is_refused() {
        let token = sign(b"secret", &claims());
        assert_eq!(verify(b"other", &token), None);
        let mut parts: Vec<String> = token.split('.').map(String::from).collect();
        let mut forged = claims();
        forged.sub = "dev-2".into();
        parts[1] = URL_SAFE_NO_PAD.encode(serde_json::to_vec(&forged).unwrap());
        assert_eq!(verify(b"secret", &parts.join(".")), None);
        parts[0] = URL_SAFE_NO_PAD.encode(br#"{"alg":"none"}"#);
        assert_eq!(
            verify(b"secret", &format!("{}.{}.", parts[0], parts[1])),
            None
        );
        assert_eq!(verify(b"secret", "not a token"), None);
    }
}
