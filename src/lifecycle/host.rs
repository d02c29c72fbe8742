//! What the lifecycle asks of its environment without waiting: a clock, jitter, and listeners.
//! Everything that waits (the store, the lock, HTTP) is an [`Io`](super::Io) its driver performs.

use crate::json::JsonText;
use crate::lifecycle::Reason;
use crate::session::Session;

/// The environment of a [`Lifecycle`](crate::lifecycle::Lifecycle).
pub trait Host {
    /// The body type of answers.
    type Body: JsonText;

    /// The local clock, epoch milliseconds.
    fn now_ms(&self) -> u64;
    /// A random number in `[0, 1)`, for backoff jitter.
    fn jitter(&self) -> f64;
    /// Tells listeners (and, for local changes, other contexts) that the session changed.
    fn changed(&self, session: Option<&Session>, reason: Reason);
    /// A refresh landed: every machine waiting on [`Io::Wait`](super::Io::Wait) may step again.
    fn landed(&self);
}
