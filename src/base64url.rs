//! base64url, the encoding of a JWT's parts. The core decodes it natively; in wasm the shell's
//! `JsonText` hands it to the engine's `atob` behind the same checks (`shell.js`'s
//! `base64urlText`), and a wasm test holds the two to the `base64` crate alike.

/// Decodes base64url (RFC 4648 section 5), padded or not; `None` for anything else, including
/// non-zero trailing bits. Twenty lines instead of a dependency of the core on the `base64` crate;
/// the tests hold it to that crate's `URL_SAFE_NO_PAD_INDIFFERENT`.
///
/// ```
/// use telematics_user::base64url::decode;
/// assert_eq!(decode("eyJ4IjoxfQ").as_deref(), Some(&b"{\"x\":1}"[..]));
/// assert_eq!(decode("eyJ4IjoxfQ==").as_deref(), Some(&b"{\"x\":1}"[..]));
/// assert_eq!(decode("eyJ4+joxfQ"), None);
/// ```
pub fn decode(text: &str) -> Option<Vec<u8>> {
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
    use base64::Engine;

    #[test]
    fn decodes_exactly_as_the_base64_crate() {
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
                decode(case),
                URL_SAFE_NO_PAD_INDIFFERENT.decode(case).ok(),
                "{case:?}"
            );
        }
    }
}
