//! The token lifecycle: the session in the store, proactive and single-flight refresh, the
//! generation check on a 401, exactly one replay, failure classes and session events.
//!
//! All of it is plain logic over a [`Host`]: the wasm shell supplies fetch, the JS store, Web Locks
//! and timers; the tests supply a fake clock and a scripted server.
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

pub mod backoff;
pub mod expiry;
mod flight;
pub mod host;
pub mod jwt;
mod reason;

pub use backoff::Backoff;
pub use host::Host;
pub use reason::Reason;

use crate::api;
use crate::config::Config;
use crate::error::{Error, ErrorCode, Result};
use crate::json::JsonText;
use crate::session::Session;
use flight::{Flight, Landing};
use std::cell::{Cell, RefCell};
use std::future::Future;
use std::rc::Rc;

/// An attempt's outcome, as far as the lifecycle cares: did the service say 401?
pub trait Attempt {
    /// Whether the answer means "this access token is not accepted".
    fn unauthorized(&self) -> bool;
}

impl<B: JsonText> Attempt for crate::response::Answer<B> {
    fn unauthorized(&self) -> bool {
        crate::envelope::says_unauthorized(&self.meta(), &self.body)
    }
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

/// At most this many tokens are remembered for redaction (older ones cannot reappear).
const REMEMBERED_SECRETS: usize = 16;

/// The token lifecycle of one client.
pub struct Lifecycle<H: Host> {
    config: Config,
    host: H,
    backoff: Backoff,
    flight: RefCell<Option<Rc<Flight<Result<Session>>>>>,
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

    /// The stored session, or `None`. A corrupt entry is removed. Emits `restored` on the first
    /// read that finds a session, and `external` when the store changed behind this client.
    pub async fn current(&self) -> Result<Option<Session>> {
        let writes = self.writes.get();
        let text = self.host.load().await?;
        let mut session = text.as_deref().and_then(|t| self.decode(t));
        if text.is_some() && session.is_none() {
            let _ = self.host.write(None).await;
        }
        let unsaved = self.unsaved.borrow().clone();
        if let Some(unsaved) = unsaved {
            if session.as_ref().map(|s| &s.refresh_token) == unsaved.over.as_ref() {
                // The store still holds what our pair replaced: ours is newer; write it again.
                self.writes.set(self.writes.get() + 1);
                if self
                    .host
                    .write(Some(&unsaved.session.encode()))
                    .await
                    .is_ok()
                {
                    self.unsaved.borrow_mut().take();
                }
                session = Some(unsaved.session);
            } else {
                // Written since by someone else (a login, a sign-out, a rotation): theirs wins.
                self.unsaved.borrow_mut().take();
            }
        }
        if let Some(s) = &session {
            self.remember(s);
        }
        if writes != self.writes.get() {
            return Ok(session);
        }
        let reason = match &*self.known.borrow() {
            Known::Unread => session.is_some().then_some(Reason::Restored),
            Known::Held(held) => (held != &session).then_some(Reason::External),
        };
        *self.known.borrow_mut() = Known::Held(session.clone());
        if let Some(reason) = reason {
            self.host.changed(session.as_ref(), reason);
        }
        Ok(session)
    }

    /// Stores a new session in one write and tells listeners why. If the store refuses the
    /// write, the session is kept in memory and written again at the next read (rule 6).
    // Not `async`: the write's own future is returned, rather than one wrapped around it.
    pub fn adopt<'a>(
        &'a self,
        session: &'a Session,
        reason: Reason,
    ) -> impl Future<Output = Result<()>> + 'a {
        self.set(Some(session), reason)
    }

    /// Removes the session and tells listeners why.
    pub fn end(&self, reason: Reason) -> impl Future<Output = Result<()>> + '_ {
        self.set(None, reason)
    }

    /// The one write path of [`adopt`](Self::adopt) and [`end`](Self::end). Only a removal
    /// reports the store's failure: a session the store refused is kept as `unsaved`.
    async fn set(&self, session: Option<&Session>, reason: Reason) -> Result<()> {
        self.writes.set(self.writes.get() + 1);
        // What the store holds now: the oldest pair an unsaved write has not replaced yet.
        let over = match (self.unsaved.borrow_mut().take(), &*self.known.borrow()) {
            (Some(unsaved), _) => unsaved.over,
            (None, Known::Held(Some(held))) => Some(held.refresh_token.clone()),
            (None, _) => None,
        };
        if let Some(session) = session {
            self.remember(session);
        }
        let written = self
            .host
            .write(session.map(Session::encode).as_deref())
            .await;
        if let (Some(session), Err(_)) = (session, &written) {
            *self.unsaved.borrow_mut() = Some(Unsaved {
                over,
                session: session.clone(),
            });
        }
        *self.known.borrow_mut() = Known::Held(session.cloned());
        self.host.changed(session, reason);
        match session {
            Some(_) => Ok(()),
            None => written,
        }
    }

    /// The session for a call: refreshed first when due. Rejects with `no_session` when there is
    /// none, and with the refresh's error when the token cannot be used any more.
    pub fn session(&self) -> impl Future<Output = Result<Session>> + '_ {
        self.fresh(false)
    }

    /// `refresh()`: rotates the stored pair now. Concurrent callers share one network refresh.
    pub fn refresh(&self) -> impl Future<Output = Result<Session>> + '_ {
        self.fresh(true)
    }

    /// The stored session, refreshed when `now` or when due: the one body of
    /// [`session`](Self::session) and [`refresh`](Self::refresh), so that the `.wasm` holds one
    /// state machine for both.
    async fn fresh(&self, now: bool) -> Result<Session> {
        let session = self.current().await?.ok_or_else(no_session)?;
        if !now && !self.is_due(&session) {
            return Ok(session);
        }
        match self.refresh_from(&session.access_token).await {
            Ok(fresh) => Ok(fresh),
            // Refreshing early failed for now, but the token still works: use it.
            Err(e) if !now && e.is_transient() && !self.is_expired(&session) => Ok(session),
            Err(e) => Err(e),
        }
    }

    fn is_due(&self, s: &Session) -> bool {
        let leeway = u64::from(self.config.refresh_leeway_seconds) * 1000;
        expiry::due(s.expires_at, s.issued_at, self.host.now_ms(), leeway)
    }

    fn is_expired(&self, s: &Session) -> bool {
        expiry::due(s.expires_at, None, self.host.now_ms(), 0)
    }

    /// Refreshes a session whose access token was `seen`, sharing a flight already under way.
    ///
    /// The refresh itself runs under the cross-context lock: attempts with backoff until a new
    /// pair or a rejection, then one re-read of the store decides what lands. A new pair is stored
    /// unless the session was replaced or ended meanwhile; a rejection ends the session unless the
    /// store has moved on to another pair.
    async fn refresh_from(&self, seen: &str) -> Result<Session> {
        let joined = self.flight.borrow().clone();
        if let Some(flight) = joined.filter(|f| !f.landed()) {
            return flight.wait().await;
        }
        let flight = Flight::new();
        *self.flight.borrow_mut() = Some(flight.clone());
        let mut landing = Landing {
            flight,
            fallback: Some(Err(Error::new(
                ErrorCode::Aborted,
                "the refresh was cancelled",
            ))),
        };
        // A block rather than an `async fn` of its own (one state machine fewer): every way out
        // of it is a `break 'locked` with the outcome, which lands below.
        let outcome = 'locked: {
            let _guard = self.host.lock().await;
            // Re-read: another tab or client may have rotated the pair while we waited.
            let current = match self.current().await {
                Ok(Some(current)) => current,
                Ok(None) => break 'locked Err(no_session()),
                Err(e) => break 'locked Err(e),
            };
            if current.access_token != seen {
                break 'locked Ok(current);
            }
            let (mut attempts, mut after_ms) = (0, 0);
            let outcome = loop {
                attempts += 1;
                let request = api::refresh::request(&self.config, &current);
                let outcome = match self.host.send(&request, after_ms).await {
                    Ok(answer) => api::refresh::read(
                        &answer.meta(),
                        &answer.body,
                        &current,
                        self.host.now_ms(),
                    ),
                    Err(e) => Err(e),
                };
                match outcome {
                    Err(e) if e.code() != ErrorCode::SessionExpired => {
                        match self.backoff.delay(attempts, &e, self.host.jitter()) {
                            Some(ms) => after_ms = ms,
                            None => break 'locked Err(e),
                        }
                    }
                    // A new pair, or a rejected refresh token.
                    landed => break landed,
                }
            };
            if let Ok(fresh) = &outcome {
                self.remember(fresh);
            }
            // Re-read: the store may have moved on while the refresh ran.
            let read = self.current().await;
            let moved = |s: &Session| s.refresh_token != current.refresh_token;
            let (reason, outcome) = match (outcome, read) {
                // Replaced meanwhile (a login elsewhere, or a rotation by a context that does not
                // share our lock): the stored session wins.
                (_, Ok(Some(s))) if moved(&s) => break 'locked Ok(s),
                // Signed out meanwhile: a new pair does not bring the session back.
                (Ok(_), Ok(None)) => break 'locked Err(no_session()),
                (Err(rejected), Ok(None)) => break 'locked Err(rejected),
                // Still our pair, or a store that cannot tell. Our old refresh token is spent, so
                // keeping the new pair is the only way not to lose the session.
                (Ok(fresh), _) => (Reason::Refreshed, Ok(fresh)),
                // Still the rejected pair, or a store that cannot tell: the session is over.
                (Err(rejected), _) => (Reason::Expired, Err(rejected)),
            };
            // One write either way: the new pair, or the removal. A removal that fails does not
            // change the answer: the rejection is it.
            let written = self.set(outcome.as_ref().ok(), reason).await;
            match outcome {
                Ok(fresh) => written.map(|()| fresh),
                Err(rejected) => Err(rejected),
            }
        };
        landing.fallback = None;
        landing.flight.land(outcome.clone());
        outcome
    }

    /// Runs an authenticated attempt with the session's access token; after a 401, replays it
    /// exactly once with a newer token: the stored one if the store has moved on, else a
    /// refreshed one. The replay's outcome is final.
    pub async fn authorized<A, F, Fut>(&self, attempt: F) -> Result<A>
    where
        A: Attempt,
        F: Fn(String) -> Fut,
        Fut: Future<Output = Result<A>>,
    {
        let session = self.session().await?;
        let first = attempt(session.access_token.clone()).await?;
        if !first.unauthorized() {
            return Ok(first);
        }
        // The token to replay with. If the store has moved on, this adopts its pair without a
        // refresh (the generation check); when the session is gone, the 401 stands.
        let token = match self.refresh_from(&session.access_token).await {
            Ok(fresh) => fresh.access_token,
            Err(e) if e.code() == ErrorCode::NoSession => return Ok(first),
            Err(e) => return Err(e),
        };
        attempt(token).await
    }
}

fn no_session() -> Error {
    Error::new(ErrorCode::NoSession, "no session: register or log in first")
}

#[cfg(test)]
mod tests;
