//! `current()`: the store read every operation starts from, with its repairs and its events.

use super::{out_of_step, Host, Input, Io, Known, Lifecycle, Machine, Reason, Step};
use crate::session::Session;

/// `current()`: the stored session, or `None`. A corrupt entry is removed. Emits `restored` on the
/// first read that finds a session, and `external` when the store changed behind this client.
#[derive(Default)]
pub struct Current {
    at: CurrentAt,
    /// This client's writes when the read began.
    writes: u64,
    /// The pair a refused write left unsaved, being written again.
    rewriting: Option<Session>,
}

#[derive(Default, Clone, Copy)]
enum CurrentAt {
    #[default]
    Start,
    Loading,
    Removing,
    Rewriting,
}

impl<H: Host, A> Machine<H, A> for Current {
    type Output = Option<Session>;

    fn step(&mut self, lc: &Lifecycle<H>, input: Input<H::Body, A>) -> Step<Option<Session>> {
        match (self.at, input) {
            (CurrentAt::Start, _) => {
                self.at = CurrentAt::Loading;
                self.writes = lc.writes.get();
                Step::Io(Io::Load)
            }
            (CurrentAt::Loading, Input::Loaded(loaded)) => {
                let text = match loaded {
                    Ok(text) => text,
                    Err(e) => return Step::Done(Err(e)),
                };
                let session = text.as_deref().and_then(|t| lc.decode(t));
                if text.is_some() && session.is_none() {
                    self.at = CurrentAt::Removing;
                    return Step::Io(Io::Write(None));
                }
                self.repaired(lc, session)
            }
            (CurrentAt::Removing, Input::Written(_)) => self.repaired(lc, None),
            (CurrentAt::Rewriting, Input::Written(written)) => {
                if written.is_ok() {
                    lc.unsaved.borrow_mut().take();
                }
                let session = self.rewriting.take();
                Step::Done(Ok(observed(lc, self.writes, session)))
            }
            _ => out_of_step(),
        }
    }
}

impl Current {
    /// After the corrupt entry is gone: a pair the store refused is written again while the store
    /// still holds what it replaced (rule 6).
    fn repaired<H: Host>(
        &mut self,
        lc: &Lifecycle<H>,
        session: Option<Session>,
    ) -> Step<Option<Session>> {
        let unsaved = lc.unsaved.borrow().clone();
        if let Some(unsaved) = unsaved {
            if session.as_ref().map(|s| &s.refresh_token) == unsaved.over.as_ref() {
                // The store still holds what our pair replaced: ours is newer; write it again.
                lc.writes.set(lc.writes.get() + 1);
                let text = unsaved.session.encode();
                self.at = CurrentAt::Rewriting;
                self.rewriting = Some(unsaved.session);
                return Step::Io(Io::Write(Some(text)));
            }
            // Written since by someone else (a login, a sign-out, a rotation): theirs wins.
            lc.unsaved.borrow_mut().take();
        }
        Step::Done(Ok(observed(lc, self.writes, session)))
    }
}

/// What a read found, remembered; `restored` or `external` told when it is news. A read that
/// overlapped one of this client's own writes says nothing about others.
fn observed<H: Host>(lc: &Lifecycle<H>, writes: u64, session: Option<Session>) -> Option<Session> {
    if let Some(s) = &session {
        lc.remember(s);
    }
    if writes != lc.writes.get() {
        return session;
    }
    let reason = match &*lc.known.borrow() {
        Known::Unread => session.is_some().then_some(Reason::Restored),
        Known::Held(held) => (held != &session).then_some(Reason::External),
    };
    *lc.known.borrow_mut() = Known::Held(session.clone());
    if let Some(reason) = reason {
        lc.host.changed(session.as_ref(), reason);
    }
    session
}
