//! The Gregorian calendar rules that the date checks share (`birthday`, HTTP-dates).

/// Whether `year` has a 29th of February.
pub fn is_leap(year: u64) -> bool {
    (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
}

/// The number of days in `month` (1 to 12) of `year`; `None` for a month that does not exist.
///
/// ```
/// use telematics_user::calendar::days_in_month;
/// assert_eq!(days_in_month(2024, 2), Some(29));
/// assert_eq!(days_in_month(1900, 2), Some(28));
/// assert_eq!(days_in_month(2023, 13), None);
/// ```
pub fn days_in_month(year: u64, month: u64) -> Option<u64> {
    match month {
        2 if is_leap(year) => Some(29),
        2 => Some(28),
        4 | 6 | 9 | 11 => Some(30),
        1 | 3 | 5 | 7 | 8 | 10 | 12 => Some(31),
        _ => None,
    }
}
