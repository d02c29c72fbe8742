//! An authenticated attempt and its one replay after a 401.

use super::{out_of_step, Attempt, Fresh, Host, Input, Io, Lifecycle, Machine, RefreshFrom, Step};
use crate::error::ErrorCode;

/// Runs an authenticated attempt ([`Io::Attempt`]) with the session's access token; after a 401,
/// replays it exactly once with a newer token: the stored one if the store has moved on, else a
/// refreshed one. The replay's outcome is final.
pub struct Authorized<A> {
    session: Fresh,
    /// The first attempt's token, while it is under way; then its 401, while the token to replay
    /// with is found.
    seen: Option<String>,
    first: Option<A>,
    refresh: Option<RefreshFrom>,
    replaying: bool,
}

impl<A> Default for Authorized<A> {
    fn default() -> Self {
        Authorized {
            session: Fresh::new(false),
            seen: None,
            first: None,
            refresh: None,
            replaying: false,
        }
    }
}

impl<H: Host, A: Attempt> Machine<H, A> for Authorized<A> {
    type Output = A;

    fn step(&mut self, lc: &Lifecycle<H>, input: Input<H::Body, A>) -> Step<A> {
        if self.replaying {
            return match input {
                Input::Attempted(replay) => Step::Done(replay),
                _ => out_of_step(),
            };
        }
        if let Some(refresh) = &mut self.refresh {
            return match Machine::<H, A>::step(refresh, lc, input) {
                Step::Io(io) => Step::Io(io),
                Step::Done(Ok(fresh)) => {
                    self.replaying = true;
                    Step::Io(Io::Attempt(Some(fresh.access_token)))
                }
                Step::Done(Err(e)) if e.code() == ErrorCode::NoSession => match self.first.take() {
                    Some(first) => Step::Done(Ok(first)),
                    None => out_of_step(),
                },
                Step::Done(Err(e)) => Step::Done(Err(e)),
            };
        }
        if let Some(seen) = self.seen.take() {
            let first = match input {
                Input::Attempted(Ok(first)) if first.unauthorized() => first,
                Input::Attempted(done) => return Step::Done(done),
                _ => return out_of_step(),
            };
            // The token to replay with. If the store has moved on, this adopts its pair without a
            // refresh (the generation check); when the session is gone, the 401 stands.
            self.first = Some(first);
            self.refresh = Some(RefreshFrom::new(seen));
            return Machine::<H, A>::step(self, lc, Input::Start);
        }
        match Machine::<H, A>::step(&mut self.session, lc, input) {
            Step::Io(io) => Step::Io(io),
            Step::Done(Ok(session)) => {
                self.seen = Some(session.access_token.clone());
                Step::Io(Io::Attempt(Some(session.access_token)))
            }
            Step::Done(Err(e)) => Step::Done(Err(e)),
        }
    }
}
