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
    J::from_utf8(base64url(payload)?)?
        .decode(|claims| crate::lenient::seconds(claims, "exp"))
        .ok()?
}

/// Decodes base64url (RFC 4648 section 5), padded or not; `None` for anything else, including
/// non-zero trailing bits. Twenty lines instead of the `base64` crate, which cost the `.wasm` about
/// 1 KB gzip for this one use; the tests hold it to that crate's `URL_SAFE_NO_PAD_INDIFFERENT`.
fn base64url(text: &str) -> Option<Vec<u8>> {
    let all = text.as_bytes();
    // At most two `=` of padding.
    let mut end = all.len();
    while end > 0 && all.len() - end < 2 && all[end - 1] == b'=' {
        end -= 1;
    }
    let digits = &all[..end];
    let padding = all.len() - end;
    if digits.len() % 4 == 1 || padding > (4 - digits.len() % 4) % 4 {
        return None;
    }
    let mut out = Vec::with_capacity(digits.len() / 4 * 3 + 2);
    let (mut held, mut bits) = (0u32, 0);
    for &c in digits {
        let value = match c {
            b'A'..=b'Z' => c - b'A',
            b'a'..=b'z' => c - b'a' + 26,
            b'0'..=b'9' => c - b'0' + 52,
            b'-' => 62,
            b'_' => 63,
            _ => return None,
        };
        held = (held << 6 | u32::from(value)) & 0xFFFF;
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push((held >> bits) as u8);
        }
    }
    (held & ((1 << bits) - 1) == 0).then_some(out)
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
    fn base64url_decodes_exactly_as_the_base64_crate() {
        use base64::engine::general_purpose::URL_SAFE_NO_PAD_INDIFFERENT;
        // Every string of up to 4 symbols over a small alphabet that has each kind of symbol
        // (value 0, trailing-bit carriers, both url-safe ones, padding and foreign symbols), and
        // longer strings from a fixed pseudo-random sequence.
        let alphabet = b"AQgw-_=+/z";
        let mut cases: Vec<String> = vec![String::new()];
        for len in 1..=4u32 {
            for n in 0..alphabet.len().pow(len) {
                let mut n = n;
                let s = (0..len)
                    .map(|_| {
                        let c = alphabet[n % alphabet.len()] as char;
                        n /= alphabet.len();
                        c
                    })
                    .collect();
                cases.push(s);
            }
        }
        let mut seed = 0x2545_f491_u32;
        for _ in 0..20_000 {
            seed ^= seed << 13;
            seed ^= seed >> 17;
            seed ^= seed << 5;
            let len = (seed % 23) as usize;
            let s = (0..len)
                .map(|i| {
                    let pick = (seed.rotate_left(i as u32 * 5) % 66) as usize;
                    b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_=+/."[pick]
                        as char
                })
                .collect();
            cases.push(s);
        }
        for case in &cases {
            assert_eq!(
                base64url(case),
                URL_SAFE_NO_PAD_INDIFFERENT.decode(case).ok(),
                "{case:?}"
            );
        }
    }

    #[test]
    fn anything_but_three_parts_is_not_a_jwt() {
        for t in ["", "a", "a.b", "a.b.c.d", "..", "a.!!!.c"] {
            assert_eq!(exp::<SerdeJsonText>(t), None, "{t}");
        }
    }
}
