//! Whole numbers in decimal, both ways, without the formatting machinery: the readers of numeric
//! strings (`"422"`, dates, HTTP-dates, IPv4 octets) and every number the core writes.

/// `n` in decimal.
///
/// ```
/// use telematics_user::decimal;
/// assert_eq!(decimal::text(0), "0");
/// assert_eq!(decimal::text(u64::MAX), "18446744073709551615");
/// ```
pub fn text(mut n: u64) -> String {
    let mut digits = [0u8; 20];
    let mut at = digits.len();
    loop {
        at -= 1;
        digits[at] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 {
            break;
        }
    }
    let mut out = String::new();
    for &d in &digits[at..] {
        out.push(d as char);
    }
    out
}

/// `n` in decimal, with a `-` when negative.
///
/// ```
/// assert_eq!(telematics_user::decimal::signed_text(-42), "-42");
/// ```
pub fn signed_text(n: i64) -> String {
    let digits = text(n.unsigned_abs());
    if n < 0 {
        "-".to_string() + &digits
    } else {
        digits
    }
}

/// The value of one to `max_len` ASCII digits (at most 19, so that it fits); no sign, no spaces.
///
/// ```
/// use telematics_user::decimal::parse;
/// assert_eq!(parse("0042", 4), Some(42));
/// assert_eq!(parse("12345", 4), None);
/// assert_eq!(parse("+1", 4), None);
/// assert_eq!(parse("", 4), None);
/// ```
pub fn parse(digits: &str, max_len: usize) -> Option<u64> {
    let ok =
        (1..=max_len.min(19)).contains(&digits.len()) && digits.bytes().all(|b| b.is_ascii_digit());
    ok.then(|| digits.bytes().fold(0, |n, b| n * 10 + u64::from(b - b'0')))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips() {
        for n in [0, 1, 9, 10, 99, 100, 4_194_304, 9_999_999_999_999_999_999] {
            assert_eq!(parse(&text(n), 19), Some(n), "{n}");
            assert_eq!(text(n), n.to_string());
        }
        for n in [i64::MIN, -1, 0, 1, i64::MAX] {
            assert_eq!(signed_text(n), n.to_string());
        }
        assert_eq!(parse("99999999999999999999", 25), None, "20 digits");
        assert_eq!(parse("1 2", 4), None);
        assert_eq!(parse("-1", 4), None);
    }
}
