//! The refresh itself: one flight per client, under the lock every context shares, with
//! backoff, and a re-read of the store that decides what lands.

use super::{
    no_session, out_of_step, Current, Flight, Host, Input, Io, Lifecycle, Machine, Reason, Set,
    Step,
};
use crate::api;
use crate::error::{Error, ErrorCode, Result};
use crate::session::Session;

/// Refreshes a session whose access token was `seen`, sharing a flight already under way.
///
/// The refresh itself runs under the cross-context lock: attempts with backoff until a new pair or
/// a rejection, then one re-read of the store decides what lands. A new pair is stored unless the
/// session was replaced or ended meanwhile; a rejection ends the session unless the store has moved
/// on to another pair.
pub struct RefreshFrom {
    seen: String,
    at: RefreshAt,
    /// The flight waited on, or led. A leader dropped before it lands one (by a driver that gave
    /// up on its task: neither of ours does) marks it cancelled, so that the next refresh does not
    /// join a flight that will never land.
    flight: Option<Flight>,
    leading: bool,
    /// The store's pair under the lock, and the attempts made to refresh it.
    current: Option<Session>,
    attempts: u32,
    /// What the refresh came to, before the re-read, and then the outcome under the lock.
    outcome: Option<Result<Session>>,
    read: Current,
    set: Option<Set>,
}

#[derive(Clone, Copy)]
enum RefreshAt {
    Start,
    Waiting,
    Locking,
    Reading,
    Sending,
    Rereading,
    Writing,
    Unlocking,
}

impl RefreshFrom {
    /// A refresh of the session whose access token is `seen`.
    pub fn new(seen: String) -> RefreshFrom {
        RefreshFrom {
            seen,
            at: RefreshAt::Start,
            flight: None,
            leading: false,
            current: None,
            attempts: 0,
            outcome: None,
            read: Current::default(),
            set: None,
        }
    }

    /// The next attempt of the refresh request, `after_ms` from now.
    fn send<H: Host>(&mut self, lc: &Lifecycle<H>, after_ms: u64) -> Step<Session> {
        self.attempts += 1;
        self.at = RefreshAt::Sending;
        match &self.current {
            Some(current) => Step::Io(Io::Send(
                api::refresh::request(&lc.config, current),
                after_ms,
            )),
            None => out_of_step(),
        }
    }

    /// The outcome under the lock: release it, then land the flight.
    fn unlock(&mut self, outcome: Result<Session>) -> Step<Session> {
        self.outcome = Some(outcome);
        self.at = RefreshAt::Unlocking;
        Step::Io(Io::Unlock)
    }
}

impl<H: Host, A> Machine<H, A> for RefreshFrom {
    type Output = Session;

    fn step(&mut self, lc: &Lifecycle<H>, input: Input<H::Body, A>) -> Step<Session> {
        match (self.at, input) {
            (RefreshAt::Start, _) => {
                let joined = lc.flight.borrow().clone();
                if let Some(flight) = joined.filter(|f| f.borrow().is_none()) {
                    self.flight = Some(flight);
                    self.at = RefreshAt::Waiting;
                    return Step::Io(Io::Wait);
                }
                let flight = Flight::default();
                *lc.flight.borrow_mut() = Some(flight.clone());
                self.flight = Some(flight);
                self.leading = true;
                self.at = RefreshAt::Locking;
                Step::Io(Io::Lock)
            }
            (RefreshAt::Waiting, Input::Landed) => {
                let landed = self.flight.as_ref().and_then(|f| f.borrow().clone());
                match landed {
                    Some(outcome) => Step::Done(outcome),
                    // Another flight landed: this one is still under way.
                    None => Step::Io(Io::Wait),
                }
            }
            (RefreshAt::Locking, Input::Locked) => {
                // Re-read: another tab or client may have rotated the pair while we waited.
                self.at = RefreshAt::Reading;
                Machine::<H, A>::step(self, lc, Input::Start)
            }
            (RefreshAt::Reading, input) => match Machine::<H, A>::step(&mut self.read, lc, input) {
                Step::Io(io) => Step::Io(io),
                Step::Done(Ok(Some(current))) if current.access_token != self.seen => {
                    self.unlock(Ok(current))
                }
                Step::Done(Ok(Some(current))) => {
                    self.current = Some(current);
                    self.send(lc, 0)
                }
                Step::Done(Ok(None)) => self.unlock(Err(no_session())),
                Step::Done(Err(e)) => self.unlock(Err(e)),
            },
            (RefreshAt::Sending, Input::Sent(sent)) => {
                let Some(current) = &self.current else {
                    return out_of_step();
                };
                let outcome = sent.and_then(|answer| {
                    api::refresh::read(&answer.meta(), &answer.body, current, lc.host.now_ms())
                });
                match outcome {
                    Err(e) if e.code() != ErrorCode::SessionExpired => {
                        match lc.backoff.delay(self.attempts, &e, lc.host.jitter()) {
                            Some(ms) => self.send(lc, ms),
                            None => self.unlock(Err(e)),
                        }
                    }
                    // A new pair, or a rejected refresh token.
                    landed => {
                        if let Ok(fresh) = &landed {
                            lc.remember(fresh);
                        }
                        // Re-read: the store may have moved on while the refresh ran.
                        self.outcome = Some(landed);
                        self.read = Current::default();
                        self.at = RefreshAt::Rereading;
                        Machine::<H, A>::step(self, lc, Input::Start)
                    }
                }
            }
            (RefreshAt::Rereading, input) => {
                let read = match Machine::<H, A>::step(&mut self.read, lc, input) {
                    Step::Io(io) => return Step::Io(io),
                    Step::Done(read) => read,
                };
                let (Some(outcome), Some(current)) = (self.outcome.take(), &self.current) else {
                    return out_of_step();
                };
                let moved = |s: &Session| s.refresh_token != current.refresh_token;
                let (reason, outcome) = match (outcome, read) {
                    // Replaced meanwhile (a login elsewhere, or a rotation by a context that does
                    // not share our lock): the stored session wins.
                    (_, Ok(Some(s))) if moved(&s) => return self.unlock(Ok(s)),
                    // Signed out meanwhile: a new pair does not bring the session back.
                    (Ok(_), Ok(None)) => return self.unlock(Err(no_session())),
                    (Err(rejected), Ok(None)) => return self.unlock(Err(rejected)),
                    // Still our pair, or a store that cannot tell. Our old refresh token is spent,
                    // so keeping the new pair is the only way not to lose the session.
                    (Ok(fresh), _) => (Reason::Refreshed, Ok(fresh)),
                    // Still the rejected pair, or a store that cannot tell: the session is over.
                    (Err(rejected), _) => (Reason::Expired, Err(rejected)),
                };
                // One write either way: the new pair, or the removal.
                self.set = Some(match &outcome {
                    Ok(fresh) => Set::adopt(fresh.clone(), reason),
                    Err(_) => Set::end(reason),
                });
                self.outcome = Some(outcome);
                self.at = RefreshAt::Writing;
                Machine::<H, A>::step(self, lc, Input::Start)
            }
            (RefreshAt::Writing, input) => {
                let written = match self
                    .set
                    .as_mut()
                    .map(|set| Machine::<H, A>::step(set, lc, input))
                {
                    Some(Step::Io(io)) => return Step::Io(io),
                    Some(Step::Done(written)) => written,
                    None => return out_of_step(),
                };
                // A removal that fails does not change the answer: the rejection is it.
                match self.outcome.take() {
                    Some(Ok(fresh)) => self.unlock(written.map(|()| fresh)),
                    Some(Err(rejected)) => self.unlock(Err(rejected)),
                    None => out_of_step(),
                }
            }
            (RefreshAt::Unlocking, Input::Unlocked) => {
                let outcome = self.outcome.take().unwrap_or_else(|| Err(cancelled()));
                if let Some(flight) = self.flight.take() {
                    *flight.borrow_mut() = Some(outcome.clone());
                    lc.host.landed();
                }
                self.leading = false;
                Step::Done(outcome)
            }
            _ => out_of_step(),
        }
    }
}

impl Drop for RefreshFrom {
    fn drop(&mut self) {
        if let (true, Some(flight)) = (self.leading, &self.flight) {
            flight.borrow_mut().get_or_insert_with(|| Err(cancelled()));
        }
    }
}

fn cancelled() -> Error {
    Error::new(ErrorCode::Aborted, "the refresh was cancelled")
}
