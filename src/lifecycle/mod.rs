//! The token lifecycle: the session in the store, proactive and single-flight refresh, the
//! generation check on a 401, exactly one replay, failure classes and session events.
//!
//! All of it is plain logic, without I/O: each operation is a step machine ([`Current`], [`Set`],
//! [`Fresh`], [`RefreshFrom`], [`Authorized`]) that answers what it was given with the next [`Io`]
//! to perform or its outcome. A driver performs the I/O (the wasm shell's JavaScript: fetch, the
//! store, Web Locks, timers; the tests: a fake clock and a scripted server) and steps the machine
//! again with what came of it. The [`Host`] answers what needs no waiting: the clock, jitter, and
//! the listeners.
//!
//! The rules, in the order a call meets them:
//! 1. The store is the source of truth: every call reads it, and a corrupt entry is removed. A
//!    store that fails to read fails the call (`storage`) and changes nothing: a blip in the
//!    store is neither a sign-out nor an event.
//! 2. A token due for refresh (`refreshLeewaySeconds` before expiry) is refreshed first; if that
//!    refresh fails without being rejected and the token has not actually expired, the call goes
//!    on with it.
//! 3. Concurrent refreshes in one client share one flight. Across clients and tabs, a refresh
//!    holds the host's lock and re-reads the store first: a pair already rotated by someone else
//!    is adopted, never refreshed again. So no refresh token is spent twice.
//! 4. A 401 on a request that carried an older token than the store now holds is replayed with the
//!    stored token, without a refresh. Otherwise one refresh, one replay, and whatever the replay
//!    gets is the answer: never a loop.
//! 5. A rejected refresh ends the session (`expired`, `session_expired`); a failed one (network,
//!    timeout, 5xx, 429) is retried with [`Backoff`] and then keeps the session.
//! 6. A pair the store refuses to take (quota, a failing adapter) is kept in memory and written
//!    again at every read, for as long as the store still holds what it replaced: the old refresh
//!    token is spent, so losing the new pair would lose the session.

mod authorized;
pub mod backoff;
mod current;
pub mod expiry;
mod fresh;
pub mod host;
pub mod jwt;
mod reason;
mod refresh;
mod set;

pub use authorized::Authorized;
pub use backoff::Backoff;
pub use current::Current;
pub use fresh::Fresh;
pub use host::Host;
pub use reason::Reason;
pub use refresh::RefreshFrom;
pub use set::Set;

use crate::config::Config;
use crate::error::{Error, ErrorCode, Result};
use crate::json::JsonText;
use crate::request::Request;
use crate::response::Answer;
use crate::session::Session;
use std::cell::{Cell, RefCell};
use std::rc::Rc;

/// An attempt's outcome, as far as the lifecycle cares: did the service say 401?
pub trait Attempt {
    /// Whether the answer means "this access token is not accepted".
    fn unauthorized(&self) -> bool;
}

impl<B: JsonText> Attempt for Answer<B> {
    fn unauthorized(&self) -> bool {
        crate::envelope::says_unauthorized(&self.meta(), &self.body)
    }
}

/// The I/O a machine waits on; the driver performs it and steps the machine again with its
/// [`Input`]. No `Debug`: a write carries the session's tokens.
pub enum Io {
    /// Read the stored session text: [`Input::Loaded`].
    Load,
    /// Store this session text in one write, or remove it (`None`): [`Input::Written`].
    Write(Option<String>),
    /// Take the lock every context sharing the store uses for refreshes, or go on without it past
    /// a timeout: [`Input::Locked`].
    Lock,
    /// Release the lock: [`Input::Unlocked`].
    Unlock,
    /// Send this request, this many milliseconds from now (a retry's backoff): [`Input::Sent`].
    Send(Request, u64),
    /// Make the caller's attempt, with this access token as its bearer when given:
    /// [`Input::Attempted`].
    Attempt(Option<String>),
    /// Wait until a refresh under way lands ([`Host::landed`]): [`Input::Landed`].
    Wait,
}

/// What came of an [`Io`], or `Start` for a machine's first step.
pub enum Input<B, A> {
    /// The first step.
    Start,
    /// What [`Io::Load`] read (a store that fails to read is a `storage` error).
    Loaded(Result<Option<String>>),
    /// How [`Io::Write`] went.
    Written(Result<()>),
    /// [`Io::Lock`] is done.
    Locked,
    /// [`Io::Unlock`] is done.
    Unlocked,
    /// The answer to [`Io::Send`].
    Sent(Result<Answer<B>>),
    /// The outcome of [`Io::Attempt`].
    Attempted(Result<A>),
    /// A refresh landed.
    Landed,
}

/// A machine's answer to a step: I/O to perform, or its outcome.
pub enum Step<T> {
    /// Perform this, then step again with what came of it.
    Io(Io),
    /// The machine is done.
    Done(Result<T>),
}

/// A step machine of the lifecycle: steps until it is done.
pub trait Machine<H: Host, A> {
    /// What it is done with.
    type Output;
    /// Takes what came of the last [`Io`] (or [`Input::Start`]) and answers with the next.
    fn step(&mut self, lc: &Lifecycle<H>, input: Input<H::Body, A>) -> Step<Self::Output>;
}

/// A driver that answered a machine with an input it did not wait for.
fn out_of_step<T>() -> Step<T> {
    Step::Done(Err(Error::new(
        ErrorCode::Aborted,
        "the session lifecycle was driven out of step",
    )))
}

/// What this client last knew the store to hold, to tell `restored` and `external` changes.
enum Known {
    Unread,
    Held(Option<Session>),
}

/// A pair the store refused: `over` is the refresh token the store held when the write failed.
#[derive(Clone)]
struct Unsaved {
    over: Option<String>,
    session: Session,
}

/// The shared outcome of the refresh in flight, which every concurrent caller takes.
type Flight = Rc<RefCell<Option<Result<Session>>>>;

/// At most this many tokens are remembered for redaction (older ones cannot reappear).
const REMEMBERED_SECRETS: usize = 16;

/// The token lifecycle of one client.
pub struct Lifecycle<H: Host> {
    config: Config,
    host: H,
    backoff: Backoff,
    flight: RefCell<Option<Flight>>,
    known: RefCell<Known>,
    /// Counts this client's own writes: a read that overlapped one says nothing about others.
    writes: Cell<u64>,
    secrets: RefCell<Vec<String>>,
    unsaved: RefCell<Option<Unsaved>>,
    /// The last stored text decoded, and its session.
    decoded: RefCell<Option<(String, Session)>>,
}

impl<H: Host> Lifecycle<H> {
    /// A lifecycle over validated options and a host.
    pub fn new(config: Config, host: H) -> Self {
        let mut secrets = Vec::new();
        if let Some(key) = &config.instance_key {
            secrets.push(key.clone());
        }
        Lifecycle {
            config,
            host,
            backoff: Backoff::default(),
            flight: RefCell::new(None),
            known: RefCell::new(Known::Unread),
            writes: Cell::new(0),
            secrets: RefCell::new(secrets),
            unsaved: RefCell::new(None),
            decoded: RefCell::new(None),
        }
    }

    /// The validated options.
    pub fn config(&self) -> &Config {
        &self.config
    }

    /// The host.
    pub fn host(&self) -> &H {
        &self.host
    }

    /// Removes every token this client has held, and the instance key, from an error.
    pub fn redact(&self, error: Error) -> Error {
        self.secrets
            .borrow()
            .iter()
            .fold(error, |error, secret| error.redact(&[secret]))
    }

    fn remember(&self, session: &Session) {
        let mut secrets = self.secrets.borrow_mut();
        for token in [&session.access_token, &session.refresh_token] {
            if !secrets.contains(token) {
                secrets.push(token.clone());
            }
        }
        let keep_from = usize::from(self.config.instance_key.is_some());
        while secrets.len() > REMEMBERED_SECRETS {
            secrets.remove(keep_from);
        }
    }

    /// Decodes a stored text, reusing the last decoding while the store holds the same text (every
    /// authorized call reads the store, and the text changes only when the pair does).
    fn decode(&self, text: &str) -> Option<Session> {
        if let Some((last, session)) = &*self.decoded.borrow() {
            if last == text {
                return Some(session.clone());
            }
        }
        let session = Session::decode(&H::Body::from_text(text.to_string()))?;
        *self.decoded.borrow_mut() = Some((text.to_string(), session.clone()));
        Some(session)
    }

    fn is_due(&self, s: &Session) -> bool {
        let leeway = u64::from(self.config.refresh_leeway_seconds) * 1000;
        expiry::due(s.expires_at, s.issued_at, self.host.now_ms(), leeway)
    }

    fn is_expired(&self, s: &Session) -> bool {
        expiry::due(s.expires_at, None, self.host.now_ms(), 0)
    }
}

fn no_session() -> Error {
    Error::new(ErrorCode::NoSession, "no session: register or log in first")
}

#[cfg(test)]
mod tests;
