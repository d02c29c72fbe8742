//! Why the session changed: the `reason` argument of `onSessionChange`.

/// The reasons of `onSessionChange(callback)`, in the contract's spelling ([`Reason::as_str`]).
#[non_exhaustive]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Reason {
    /// `register` stored a new session.
    Registered,
    /// `login` stored a new session.
    Login,
    /// A refresh rotated the pair.
    Refreshed,
    /// `signOut` cleared the session.
    SignedOut,
    /// The service rejected the refresh token; the session is gone.
    Expired,
    /// A session was found in the store when this client first read it.
    Restored,
    /// Another tab or client sharing the store changed the session.
    External,
}

impl Reason {
    /// The contract's string for this reason.
    ///
    /// ```
    /// use telematics_user::lifecycle::Reason;
    /// assert_eq!(Reason::SignedOut.as_str(), "signed_out");
    /// ```
    pub const fn as_str(self) -> &'static str {
        match self {
            Reason::Registered => "registered",
            Reason::Login => "login",
            Reason::Refreshed => "refreshed",
            Reason::SignedOut => "signed_out",
            Reason::Expired => "expired",
            Reason::Restored => "restored",
            Reason::External => "external",
        }
    }

    /// Whether this client caused the change (and so should tell other contexts about it).
    pub const fn is_local(self) -> bool {
        !matches!(self, Reason::Restored | Reason::External)
    }
}
