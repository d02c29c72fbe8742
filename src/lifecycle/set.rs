//! `adopt` and `end`: the one write of a new session or of its removal, and its event.

use super::{out_of_step, Host, Input, Io, Known, Lifecycle, Machine, Reason, Step, Unsaved};
use crate::session::Session;

/// Stores a new session in one write (`adopt`), or removes it (`end`), and tells listeners why.
/// If the store refuses a new session, it is kept in memory and written again at the next read
/// (rule 6); only a removal reports the store's failure.
pub struct Set {
    session: Option<Session>,
    reason: Reason,
    /// Written: what the store held before, once the write is under way.
    over: Option<Option<String>>,
}

impl Set {
    /// Stores `session`, for `reason`.
    pub fn adopt(session: Session, reason: Reason) -> Set {
        Set {
            session: Some(session),
            reason,
            over: None,
        }
    }

    /// Removes the session, for `reason`.
    pub fn end(reason: Reason) -> Set {
        Set {
            session: None,
            reason,
            over: None,
        }
    }
}

impl<H: Host, A> Machine<H, A> for Set {
    type Output = ();

    fn step(&mut self, lc: &Lifecycle<H>, input: Input<H::Body, A>) -> Step<()> {
        match (self.over.take(), input) {
            (None, _) => {
                lc.writes.set(lc.writes.get() + 1);
                // What the store holds now: the oldest pair an unsaved write has not replaced yet.
                let over = match (lc.unsaved.borrow_mut().take(), &*lc.known.borrow()) {
                    (Some(unsaved), _) => unsaved.over,
                    (None, Known::Held(Some(held))) => Some(held.refresh_token.clone()),
                    (None, _) => None,
                };
                if let Some(session) = &self.session {
                    lc.remember(session);
                }
                self.over = Some(over);
                Step::Io(Io::Write(self.session.as_ref().map(Session::encode)))
            }
            (Some(over), Input::Written(written)) => {
                let session = self.session.take();
                if let (Some(session), Err(_)) = (&session, &written) {
                    *lc.unsaved.borrow_mut() = Some(Unsaved {
                        over,
                        session: session.clone(),
                    });
                }
                lc.host.changed(session.as_ref(), self.reason);
                let removed = session.is_none();
                *lc.known.borrow_mut() = Known::Held(session);
                Step::Done(if removed { written } else { Ok(()) })
            }
            _ => out_of_step(),
        }
    }
}
