//! When an access token expires on the local clock, and when it is due for refresh.
//!
//! Two sources say when a token expires: `ExpiresIn` (seconds from now, immune to clock skew) and
//! the JWT `exp` claim (an instant on the *issuer's* clock). `exp` is converted to the local clock
//! with the skew measured from the answer's `Date` header; without that header `exp` is trusted
//! only when there is no `ExpiresIn`. The earlier of the two wins. A computed expiry that is
//! already past when the token arrives is a clock problem, not an expired token: it is dropped, so
//! that a wrong clock can never cause a refresh on every call (the 401 path still works).

/// What is known about a freshly issued access token.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Issued {
    /// The local clock when the answer arrived, in epoch milliseconds.
    pub now_ms: u64,
    /// `ExpiresIn`, seconds.
    pub expires_in: Option<u64>,
    /// The JWT `exp` claim, epoch seconds on the issuer's clock.
    pub jwt_exp: Option<u64>,
    /// The answer's `Date` header, epoch milliseconds on the server's clock.
    pub server_date_ms: Option<u64>,
}

impl Issued {
    /// The token's expiry on the local clock (epoch milliseconds), if it can be trusted.
    ///
    /// ```
    /// use telematics_user::lifecycle::expiry::Issued;
    /// // The local clock is 10 minutes ahead of the server's; the JWT says 1 hour from issue.
    /// let server_now = 1_700_000_000_000;
    /// let local_now = server_now + 600_000;
    /// let issued = Issued {
    ///     now_ms: local_now,
    ///     expires_in: None,
    ///     jwt_exp: Some(server_now / 1000 + 3600),
    ///     server_date_ms: Some(server_now),
    /// };
    /// assert_eq!(issued.expires_at(), Some(local_now + 3_600_000));
    /// ```
    pub fn expires_at(&self) -> Option<u64> {
        let now = self.now_ms;
        let from_expires_in = self
            .expires_in
            .map(|s| now.saturating_add(s.saturating_mul(1000)));
        let from_jwt = self.jwt_exp.and_then(|exp| {
            let exp_ms = exp.saturating_mul(1000);
            match self.server_date_ms {
                // Remaining lifetime by the server's clock, laid onto the local clock.
                Some(server_now) => Some(now.saturating_add(exp_ms.saturating_sub(server_now))),
                None if from_expires_in.is_none() => Some(exp_ms),
                None => None,
            }
        });
        let earliest = match (from_expires_in, from_jwt) {
            (Some(a), Some(b)) => Some(a.min(b)),
            (a, b) => a.or(b),
        };
        earliest.filter(|&at| at > now)
    }
}

/// Whether a token that expires at `expires_at` (and was issued at `issued_at`, both local epoch
/// ms) is due for refresh at `now_ms`, refreshing `leeway_ms` early.
///
/// The leeway is capped at half the token's lifetime, so that a token living less than the leeway
/// is not refreshed again at once (the renew loop oidc-client-ts users hit). A token without a
/// known expiry is never due: only a 401 refreshes it.
///
/// ```
/// use telematics_user::lifecycle::expiry::due;
/// // A one-hour token with 60 s leeway is due at 59 minutes.
/// assert!(!due(Some(3_600_000), Some(0), 3_539_999, 60_000));
/// assert!(due(Some(3_600_000), Some(0), 3_540_000, 60_000));
/// // A 10 s token with 60 s leeway is due after 5 s, not at once.
/// assert!(!due(Some(10_000), Some(0), 4_999, 60_000));
/// assert!(due(Some(10_000), Some(0), 5_000, 60_000));
/// ```
pub fn due(expires_at: Option<u64>, issued_at: Option<u64>, now_ms: u64, leeway_ms: u64) -> bool {
    let Some(expires_at) = expires_at else {
        return false;
    };
    let leeway = match issued_at {
        Some(issued) if issued <= expires_at => leeway_ms.min((expires_at - issued) / 2),
        _ => leeway_ms,
    };
    now_ms.saturating_add(leeway) >= expires_at
}

#[cfg(test)]
mod tests {
    use super::*;

    const NOW: u64 = 1_700_000_000_000;

    fn issued(expires_in: Option<u64>, jwt_exp: Option<u64>, date: Option<u64>) -> Issued {
        Issued {
            now_ms: NOW,
            expires_in,
            jwt_exp,
            server_date_ms: date,
        }
    }

    #[test]
    fn expiry_sources_and_skew() {
        let s = NOW / 1000;
        let cases: &[(Issued, Option<u64>, &str)] = &[
            (
                issued(Some(60), None, None),
                Some(NOW + 60_000),
                "ExpiresIn alone",
            ),
            (
                issued(None, Some(s + 90), None),
                Some(NOW + 90_000),
                "exp alone, clocks agree",
            ),
            (
                issued(None, Some(s + 90), Some(NOW - 3_600_000)),
                Some(NOW + 3_690_000),
                "local clock an hour ahead: exp corrected by Date",
            ),
            (
                issued(None, Some(s + 90), Some(NOW + 30_000)),
                Some(NOW + 60_000),
                "local clock 30 s behind",
            ),
            (
                issued(Some(300), Some(s + 60), Some(NOW)),
                Some(NOW + 60_000),
                "the earlier source wins",
            ),
            (
                issued(Some(60), Some(s - 7200), None),
                Some(NOW + 60_000),
                "without Date, exp does not override ExpiresIn",
            ),
            (
                issued(None, Some(s - 7200), None),
                None,
                "an expiry already past at issue is a clock problem: unknown",
            ),
            (issued(Some(0), None, None), None, "ExpiresIn 0"),
            (issued(None, None, Some(NOW)), None, "nothing known"),
            (
                issued(Some(u64::MAX), None, None),
                Some(u64::MAX),
                "absurd lifetimes saturate, never overflow",
            ),
        ];
        for (input, want, why) in cases {
            assert_eq!(input.expires_at(), *want, "{why}");
        }
    }

    #[test]
    fn due_with_leeway_and_lifetime_cap() {
        // (expires_at, issued_at, now, leeway, due)
        type Case = (Option<u64>, Option<u64>, u64, u64, bool);
        let cases: &[Case] = &[
            (None, None, u64::MAX, 60_000, false),
            (Some(100_000), None, 39_999, 60_000, false),
            (Some(100_000), None, 40_000, 60_000, true),
            (Some(100_000), Some(90_000), 94_999, 60_000, false),
            (Some(100_000), Some(90_000), 95_000, 60_000, true),
            (Some(100_000), Some(0), 100_000, 0, true),
            (Some(100_000), Some(0), 99_999, 0, false),
            // An issue time after the expiry (corrupt store): the plain leeway applies.
            (Some(100_000), Some(200_000), 40_000, 60_000, true),
        ];
        for &(expires_at, issued_at, now, leeway, want) in cases {
            assert_eq!(
                due(expires_at, issued_at, now, leeway),
                want,
                "{expires_at:?} {issued_at:?} {now} {leeway}"
            );
        }
    }
}
