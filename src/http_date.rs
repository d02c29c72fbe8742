//! HTTP-dates (`Date`, `Retry-After`): the three forms RFC 9110 §5.6.7 says a recipient must
//! accept, read into epoch milliseconds.
//!
//! Hand-written rather than the `httpdate` crate, which costs five times the bytes in the `.wasm`;
//! a test checks this reader against that crate over a century of dates.

use crate::calendar::{days_in_month, is_leap};
use crate::decimal;

const MONTHS: [&str; 12] = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
];

/// Parses an HTTP-date into epoch milliseconds: IMF-fixdate (`Sun, 06 Nov 1994 08:49:37 GMT`),
/// RFC 850 (`Sunday, 06-Nov-94 08:49:37 GMT`) or asctime (`Sun Nov  6 08:49:37 1994`). Dates
/// before 1970 and anything else are `None`.
///
/// ```
/// use telematics_user::http_date::epoch_ms;
/// assert_eq!(epoch_ms("Sun, 06 Nov 1994 08:49:37 GMT"), Some(784_111_777_000));
/// assert_eq!(epoch_ms("Sunday, 06-Nov-94 08:49:37 GMT"), Some(784_111_777_000));
/// assert_eq!(epoch_ms("Sun Nov  6 08:49:37 1994"), Some(784_111_777_000));
/// assert_eq!(epoch_ms("tomorrow"), None);
/// ```
pub fn epoch_ms(header: &str) -> Option<u64> {
    let mut parts = [""; 9];
    let mut n = 0;
    for part in crate::search::pieces(header.trim_ascii(), |b| b" ,-:".contains(&b))
        .filter(|p| !p.is_empty())
    {
        *parts.get_mut(n)? = part;
        n += 1;
    }
    let (day, month, year, time) = match &parts[..n] {
        [_, day, month, year, h, m, s, "GMT"] => (*day, *month, *year, [*h, *m, *s]),
        [_, month, day, h, m, s, year] => (*day, *month, *year, [*h, *m, *s]),
        _ => return None,
    };
    let year = match (year.len(), decimal::parse(year, 4)?) {
        (4, y) => y,
        // RFC 850's two-digit years: the century that puts the date nearest to now.
        (2, y) if y >= 70 => 1900 + y,
        (2, y) => 2000 + y,
        _ => return None,
    };
    let month = MONTHS.iter().position(|m| *m == month)? as u64 + 1;
    let days = days_in_month(year, month)?;
    let day = decimal::parse(day, 4).filter(|d| (1..=days).contains(d))?;
    let below = |text: &str, limit: u64| decimal::parse(text, 4).filter(|n| *n < limit);
    let (h, m, s) = (
        below(time[0], 24)?,
        below(time[1], 60)?,
        below(time[2], 60)?,
    );
    let days = days_since_epoch(year, month, day)?;
    Some((((days * 24 + h) * 60 + m) * 60 + s) * 1000)
}

/// Days from 1970-01-01 to the date, or `None` before it.
fn days_since_epoch(year: u64, month: u64, day: u64) -> Option<u64> {
    if year < 1970 {
        return None;
    }
    let mut days = day - 1;
    for y in 1970..year {
        days += if is_leap(y) { 366 } else { 365 };
    }
    for m in 1..month {
        days += days_in_month(year, m)?;
    }
    Some(days)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::{Duration, UNIX_EPOCH};

    #[test]
    fn agrees_with_the_httpdate_crate_over_a_century() {
        // Every 7919th minute from 1970 to 2069: all months, leap days and times of day.
        let mut seconds = 0u64;
        while seconds < 3_155_760_000 {
            let at = UNIX_EPOCH + Duration::from_secs(seconds);
            let text = httpdate::fmt_http_date(at);
            assert_eq!(epoch_ms(&text), Some(seconds * 1000), "{text}");
            seconds += 7919 * 60 + 13;
        }
    }

    #[test]
    fn refuses_what_is_not_a_date() {
        for bad in [
            "",
            "Sun, 06 Nov 1994 08:49:37",
            "Sun, 06 Nov 1994 08:49:37 UTC",
            "Sun, 31 Nov 1994 08:49:37 GMT",
            "Sun, 29 Feb 1900 08:49:37 GMT",
            "Sun, 06 Nov 1994 24:00:00 GMT",
            "Sun, 06 Nov 1994 08:60:00 GMT",
            "Sun, 06 Nov 1969 08:49:37 GMT",
            "Sun, 06 Nov 19940 08:49:37 GMT",
            "Sun, 06 Foo 1994 08:49:37 GMT",
            "Sun, +6 Nov 1994 08:49:37 GMT",
            "Sun, 06 Nov 1994 08:49:37 GMT extra words here",
            "120",
        ] {
            assert_eq!(epoch_ms(bad), None, "{bad}");
        }
        assert_eq!(
            epoch_ms("Thu, 29 Feb 2024 23:59:59 GMT"),
            Some(1_709_251_199_000)
        );
        assert_eq!(epoch_ms("Thursday, 01-Jan-70 00:00:00 GMT"), Some(0));
        assert_eq!(
            epoch_ms("Monday, 01-Jan-69 00:00:00 GMT"),
            Some(3_124_224_000_000)
        );
    }
}
