//! What the sandbox has seen, for tests and the demo to assert on: requests, refresh calls,
//! 401s sent, refresh tokens presented twice.

use serde_json::{Map, Value};
use std::sync::atomic::{AtomicU64, Ordering};

/// One counter.
#[derive(Clone, Copy, Debug)]
pub enum Counter {
    /// Requests to the service's routes (not the control routes, not static files).
    Requests,
    /// Calls to either refresh path, whatever their outcome.
    Refreshes,
    /// Refresh calls answered with an error.
    RefreshRejected,
    /// Refresh calls that presented a refresh token already spent: the race a client must avoid.
    RefreshReused,
    /// 401 answers sent, injected ones included.
    Unauthorized,
    /// Users created by Create or CreateMany.
    UsersRegistered,
    /// Successful logins.
    Logins,
    /// Requests a fault was applied to.
    FaultsApplied,
}

const NAMES: [&str; 8] = [
    "requests",
    "refreshes",
    "refreshRejected",
    "refreshReused",
    "unauthorized",
    "usersRegistered",
    "logins",
    "faultsApplied",
];

/// The counters, safe to bump from any request.
#[derive(Default)]
pub struct Counters([AtomicU64; NAMES.len()]);

impl Counters {
    /// Adds one to `counter`.
    pub fn bump(&self, counter: Counter) {
        self.0[counter as usize].fetch_add(1, Ordering::Relaxed);
    }

    /// The value of `counter`.
    pub fn get(&self, counter: Counter) -> u64 {
        self.0[counter as usize].load(Ordering::Relaxed)
    }

    /// Every counter as a JSON object keyed by its camelCase name.
    pub fn snapshot(&self) -> Value {
        let map: Map<String, Value> = NAMES
            .iter()
            .zip(&self.0)
            .map(|(name, n)| (name.to_string(), n.load(Ordering::Relaxed).into()))
            .collect();
        Value::Object(map)
    }

    /// Sets every counter back to zero.
    pub fn reset(&self) {
        self.0.iter().for_each(|n| n.store(0, Ordering::Relaxed));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counters_count_snapshot_and_reset() {
        let counters = Counters::default();
        counters.bump(Counter::Refreshes);
        counters.bump(Counter::Refreshes);
        counters.bump(Counter::FaultsApplied);
        assert_eq!(counters.get(Counter::Refreshes), 2);
        assert_eq!(counters.snapshot()["refreshes"], 2);
        assert_eq!(counters.snapshot()["faultsApplied"], 1);
        counters.reset();
        assert_eq!(counters.snapshot()["refreshes"], 0);
    }
}
