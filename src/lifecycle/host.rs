//! What the lifecycle needs from its environment: a clock, HTTP (a retry sent after its backoff),
//! the store, a lock shared with other contexts, and listeners. The wasm shell implements it over
//! JavaScript; the native tests implement it with a fake clock and a scripted server.

use crate::error::Result;
use crate::json::JsonText;
use crate::lifecycle::Reason;
use crate::request::Request;
use crate::response::Answer;
use crate::session::Session;

/// The environment of a [`Lifecycle`](crate::lifecycle::Lifecycle).
// The futures are not `Send`: wasm32 is single-threaded, and so is every host of this trait.
#[allow(async_fn_in_trait)]
pub trait Host {
    /// The body type of answers.
    type Body: JsonText;
    /// Held while a refresh runs; dropping it releases the lock.
    type Guard;

    /// The local clock, epoch milliseconds.
    fn now_ms(&self) -> u64;
    /// A random number in `[0, 1)`, for backoff jitter.
    fn jitter(&self) -> f64;
    /// Sends a request under the per-attempt timeout, `after_ms` milliseconds from now (a
    /// retry's backoff; 0 sends at once). The timeout starts when the request is sent.
    async fn send(&self, request: &Request, after_ms: u64) -> Result<Answer<Self::Body>>;
    /// The stored session text, `None` when there is none; a store that fails to read is a
    /// `storage` error (and says nothing about the session).
    async fn load(&self) -> Result<Option<String>>;
    /// Stores the session text in one write, or removes it (`None`).
    async fn write(&self, text: Option<&str>) -> Result<()>;
    /// Takes the lock that every context sharing the store uses for refreshes. It must not wait
    /// forever: past a timeout it returns anyway (the generation check still guards the store).
    async fn lock(&self) -> Self::Guard;
    /// Tells listeners (and, for local changes, other contexts) that the session changed.
    fn changed(&self, session: Option<&Session>, reason: Reason);
}
