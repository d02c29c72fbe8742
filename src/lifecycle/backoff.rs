//! How long to wait before retrying a refresh that failed without being rejected.
//!
//! Only transient failures (network, timeout, 5xx, 429) are retried, a bounded number of times,
//! with exponential backoff and jitter so that many clients failing together do not retry together.
//! A `Retry-After` is honoured when it is short; a long one ends the retries at once, so that a
//! caller is never left hanging for minutes (the error carries `retryAfter`).

use crate::error::Error;

/// The retry policy of the refresh call.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Backoff {
    /// Attempts in all, the first included.
    pub attempts: u32,
    /// The first retry waits between half of this and this, in milliseconds.
    pub base_ms: u64,
    /// No computed wait exceeds this.
    pub cap_ms: u64,
    /// A `Retry-After` longer than this is not waited for.
    pub max_retry_after_ms: u64,
}

impl Default for Backoff {
    fn default() -> Self {
        Backoff {
            attempts: 3,
            base_ms: 300,
            cap_ms: 5_000,
            max_retry_after_ms: 10_000,
        }
    }
}

impl Backoff {
    /// The wait before the next attempt, after `attempts_made` attempts ended in `error`, or
    /// `None` to give up. `jitter` is a random number in `[0, 1)`.
    ///
    /// ```
    /// use telematics_user::lifecycle::backoff::Backoff;
    /// use telematics_user::{Error, ErrorCode};
    /// let b = Backoff::default();
    /// let network = Error::new(ErrorCode::Network, "down");
    /// assert_eq!(b.delay(1, &network, 0.0), Some(150));
    /// assert_eq!(b.delay(3, &network, 0.0), None);
    /// let rejected = Error::new(ErrorCode::Unauthorized, "no");
    /// assert_eq!(b.delay(1, &rejected, 0.0), None);
    /// ```
    pub fn delay(&self, attempts_made: u32, error: &Error, jitter: f64) -> Option<u64> {
        if !error.is_transient() || attempts_made >= self.attempts {
            return None;
        }
        let jitter = if jitter.is_finite() {
            jitter.clamp(0.0, 1.0)
        } else {
            0.0
        };
        if let Some(seconds) = error.retry_after() {
            let wait = u64::from(seconds) * 1000;
            return (wait <= self.max_retry_after_ms)
                .then(|| wait + (jitter * self.base_ms as f64) as u64);
        }
        let doubling = attempts_made.saturating_sub(1).min(20);
        let window = self.base_ms.saturating_mul(1 << doubling).min(self.cap_ms);
        // Equal jitter: at least half the window, so retries never come back-to-back.
        Some(window / 2 + (jitter * (window / 2) as f64) as u64)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ErrorCode;

    fn err(code: ErrorCode) -> Error {
        Error::new(code, "x")
    }

    #[test]
    fn only_transient_failures_are_retried_and_only_so_often() {
        let b = Backoff::default();
        for code in ErrorCode::ALL {
            let e = err(code);
            assert_eq!(b.delay(1, &e, 0.5).is_some(), e.is_transient(), "{code:?}");
            assert_eq!(b.delay(b.attempts, &e, 0.5), None, "{code:?}");
        }
    }

    #[test]
    fn waits_grow_stay_within_bounds_and_jitter() {
        let b = Backoff {
            attempts: 10,
            ..Backoff::default()
        };
        let e = err(ErrorCode::Server);
        let mut last_max = 0;
        for n in 1..10 {
            let low = b.delay(n, &e, 0.0).unwrap();
            let high = b.delay(n, &e, 0.999_999).unwrap();
            assert!(low < high, "attempt {n}: jitter spreads waits");
            assert!(high <= b.cap_ms && low >= b.base_ms / 2, "attempt {n}");
            assert!(high >= last_max, "attempt {n}: waits never shrink");
            last_max = high;
        }
        assert_eq!(b.delay(9, &e, 0.999_999), Some(4_999));
        // Garbage jitter is tolerated.
        assert_eq!(b.delay(1, &e, f64::NAN), Some(150));
        assert_eq!(b.delay(1, &e, 7.0), Some(300));
        assert_eq!(
            b.delay(u32::MAX - 1, &Error::new(ErrorCode::Server, ""), 0.0),
            None
        );
    }

    #[test]
    fn retry_after_is_honoured_when_short_and_ends_retries_when_long() {
        let b = Backoff::default();
        let short = err(ErrorCode::RateLimited).with_retry_after(Some(2));
        assert_eq!(b.delay(1, &short, 0.0), Some(2_000));
        assert_eq!(b.delay(1, &short, 0.5), Some(2_150));
        let long = err(ErrorCode::RateLimited).with_retry_after(Some(3_600));
        assert_eq!(b.delay(1, &long, 0.0), None);
        let unsaid = err(ErrorCode::RateLimited);
        assert_eq!(b.delay(1, &unsaid, 0.0), Some(150));
    }
}
