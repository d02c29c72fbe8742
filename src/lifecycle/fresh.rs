//! `session()` and `refresh()`: the stored session, refreshed when due or when asked.

use super::{no_session, Current, Host, Input, Lifecycle, Machine, RefreshFrom, Step};
use crate::session::Session;

/// `session()` (`Fresh::new(false)`): the session for a call, refreshed first when due; rejects
/// with `no_session` when there is none, and with the refresh's error when the token cannot be
/// used any more. `refresh()` (`Fresh::new(true)`): rotates the stored pair now; concurrent callers
/// share one network refresh.
pub struct Fresh {
    now: bool,
    read: Current,
    /// The stored session, once read, and its refresh when one is needed.
    session: Option<Session>,
    refresh: Option<RefreshFrom>,
}

impl Fresh {
    /// The stored session, refreshed when `now` or when due.
    pub fn new(now: bool) -> Fresh {
        Fresh {
            now,
            read: Current::default(),
            session: None,
            refresh: None,
        }
    }
}

impl<H: Host, A> Machine<H, A> for Fresh {
    type Output = Session;

    fn step(&mut self, lc: &Lifecycle<H>, input: Input<H::Body, A>) -> Step<Session> {
        let now = self.now;
        let Some(refresh) = &mut self.refresh else {
            let session = match Machine::<H, A>::step(&mut self.read, lc, input) {
                Step::Io(io) => return Step::Io(io),
                Step::Done(Ok(Some(session))) => session,
                Step::Done(Ok(None)) => return Step::Done(Err(no_session())),
                Step::Done(Err(e)) => return Step::Done(Err(e)),
            };
            if !now && !lc.is_due(&session) {
                return Step::Done(Ok(session));
            }
            self.refresh = Some(RefreshFrom::new(session.access_token.clone()));
            self.session = Some(session);
            return Machine::<H, A>::step(self, lc, Input::Start);
        };
        match Machine::<H, A>::step(refresh, lc, input) {
            // Refreshing early failed for now, but the token still works: use it.
            Step::Done(Err(e)) if !now && e.is_transient() => match self.session.take() {
                Some(session) if !lc.is_expired(&session) => Step::Done(Ok(session)),
                _ => Step::Done(Err(e)),
            },
            step => step,
        }
    }
}
