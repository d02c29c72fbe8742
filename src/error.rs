//! The one error type of the crate, with stable machine-readable codes.
//!
//! Every failure the client can report is an [`Error`] whose [`code`](Error::code) is one of the
//! [`ErrorCode`] values. The JavaScript `UserServiceError` carries the same code string, so callers
//! on either side of the wasm boundary branch on the same names.

use crate::search::replace;
use std::borrow::Cow;
use std::fmt;

/// The stable codes of [`Error`]. Their string forms ([`ErrorCode::as_str`]) are part of the public
/// JavaScript contract and never change.
#[non_exhaustive]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ErrorCode {
    /// The client options are unusable (a bad URL, a negative number, a store without methods).
    InvalidConfig,
    /// An argument was rejected before any request was sent.
    InvalidInput,
    /// The service rejected the request body (HTTP 400/422 with field errors).
    Validation,
    /// The service answered 401.
    Unauthorized,
    /// The service answered 403.
    Forbidden,
    /// The service answered 404.
    NotFound,
    /// The service answered 429.
    RateLimited,
    /// The refresh token was rejected: the session has ended and the user must sign in again.
    SessionExpired,
    /// The call needs a session and there is none.
    NoSession,
    /// The request never got an HTTP answer (DNS, connection, CORS, a dropped socket).
    Network,
    /// An attempt took longer than `timeoutMs`.
    Timeout,
    /// The caller's `AbortSignal` fired.
    Aborted,
    /// The service answered with a 5xx status.
    Server,
    /// The answer was not the JSON the service documents, or was larger than `maxResponseBytes`.
    InvalidResponse,
    /// The session store failed: its `get`, `set` or `remove` threw, rejected or did not answer
    /// within `timeoutMs`. The stored session is left as it was.
    Storage,
}

impl ErrorCode {
    /// Every code, in declaration order.
    pub const ALL: [ErrorCode; 15] = [
        ErrorCode::InvalidConfig,
        ErrorCode::InvalidInput,
        ErrorCode::Validation,
        ErrorCode::Unauthorized,
        ErrorCode::Forbidden,
        ErrorCode::NotFound,
        ErrorCode::RateLimited,
        ErrorCode::SessionExpired,
        ErrorCode::NoSession,
        ErrorCode::Network,
        ErrorCode::Timeout,
        ErrorCode::Aborted,
        ErrorCode::Server,
        ErrorCode::InvalidResponse,
        ErrorCode::Storage,
    ];

    /// The code as the snake_case string used in JavaScript (`error.code`).
    ///
    /// ```
    /// use telematics_user::ErrorCode;
    /// assert_eq!(ErrorCode::RateLimited.as_str(), "rate_limited");
    /// ```
    pub const fn as_str(self) -> &'static str {
        match self {
            ErrorCode::InvalidConfig => "invalid_config",
            ErrorCode::InvalidInput => "invalid_input",
            ErrorCode::Validation => "validation",
            ErrorCode::Unauthorized => "unauthorized",
            ErrorCode::Forbidden => "forbidden",
            ErrorCode::NotFound => "not_found",
            ErrorCode::RateLimited => "rate_limited",
            ErrorCode::SessionExpired => "session_expired",
            ErrorCode::NoSession => "no_session",
            ErrorCode::Network => "network",
            ErrorCode::Timeout => "timeout",
            ErrorCode::Aborted => "aborted",
            ErrorCode::Server => "server",
            ErrorCode::InvalidResponse => "invalid_response",
            ErrorCode::Storage => "storage",
        }
    }
}

impl fmt::Display for ErrorCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One entry of the envelope's `Errors` list: which field and what is wrong with it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldError {
    /// The field the service names (`Key`), empty when it named none.
    pub key: String,
    /// The service's message for it, empty when it gave none.
    pub message: String,
}

/// An error of the User Service client.
///
/// It never holds a token or the instance key: texts that come from the service pass through
/// [`Error::redact`] with the secrets of the request before they reach the caller.
#[derive(Clone, PartialEq, Eq)]
pub struct Error(Box<Detail>);

// Boxed, so that a `Result` carries one pointer rather than the whole error through every call that
// can fail: the .wasm then moves, tests and drops a word, not the whole error (5.4 KB gzip less in all).
#[derive(Clone, PartialEq, Eq)]
struct Detail {
    code: ErrorCode,
    status: Option<u16>,
    message: Cow<'static, str>,
    field_errors: Vec<FieldError>,
    retry_after: Option<u32>,
}

/// The crate's result type.
pub type Result<T, E = Error> = std::result::Result<T, E>;

impl Error {
    /// An error with a code and a message, no status and no field errors.
    ///
    /// ```
    /// use telematics_user::{Error, ErrorCode};
    /// let e = Error::new(ErrorCode::NoSession, "sign in first");
    /// assert_eq!(e.code().as_str(), "no_session");
    /// assert_eq!(e.to_string(), "no_session: sign in first");
    /// ```
    pub fn new(code: ErrorCode, message: impl Into<Cow<'static, str>>) -> Self {
        Error(Box::new(Detail {
            code,
            status: None,
            message: message.into(),
            field_errors: Vec::new(),
            retry_after: None,
        }))
    }

    pub(crate) fn config(message: impl Into<Cow<'static, str>>) -> Self {
        Error::new(ErrorCode::InvalidConfig, message)
    }

    pub(crate) fn input(message: impl Into<Cow<'static, str>>) -> Self {
        Error::new(ErrorCode::InvalidInput, message)
    }

    pub(crate) fn invalid_response(message: impl Into<Cow<'static, str>>) -> Self {
        Error::new(ErrorCode::InvalidResponse, message)
    }

    /// Sets the HTTP status (or the envelope's `Status`).
    pub fn with_status(mut self, status: Option<u16>) -> Self {
        self.0.status = status;
        self
    }

    /// Sets the field errors.
    pub fn with_field_errors(mut self, field_errors: Vec<FieldError>) -> Self {
        self.0.field_errors = field_errors;
        self
    }

    /// Sets the `Retry-After` delay in seconds.
    pub fn with_retry_after(mut self, seconds: Option<u32>) -> Self {
        self.0.retry_after = seconds;
        self
    }

    /// The stable code.
    pub fn code(&self) -> ErrorCode {
        self.0.code
    }

    /// The HTTP status or the envelope's `Status`, when there was an answer.
    pub fn status(&self) -> Option<u16> {
        self.0.status
    }

    /// The human-readable message (without the code).
    pub fn message(&self) -> &str {
        &self.0.message
    }

    /// The envelope's `Errors`, empty when there were none.
    pub fn field_errors(&self) -> &[FieldError] {
        &self.0.field_errors
    }

    /// Seconds to wait before retrying, for [`ErrorCode::RateLimited`] when the service said so.
    pub fn retry_after(&self) -> Option<u32> {
        self.0.retry_after
    }

    /// Whether a later attempt of the same request may succeed (network, timeout, 5xx, 429).
    pub fn is_transient(&self) -> bool {
        matches!(
            self.0.code,
            ErrorCode::Network | ErrorCode::Timeout | ErrorCode::Server | ErrorCode::RateLimited
        )
    }

    /// Replaces every occurrence of each non-empty secret in the message and the field errors
    /// with `[redacted]`. The service may echo what it was sent; a token must not reach a log.
    ///
    /// ```
    /// use telematics_user::{Error, ErrorCode};
    /// let e = Error::new(ErrorCode::Validation, "token abc.def is bad".to_string())
    ///     .redact(&["abc.def"]);
    /// assert_eq!(e.message(), "token [redacted] is bad");
    /// ```
    pub fn redact(mut self, secrets: &[&str]) -> Self {
        for secret in secrets.iter().filter(|s| !s.is_empty()) {
            if let Some(scrubbed) = replace(&self.0.message, secret, REDACTED) {
                self.0.message = Cow::Owned(scrubbed);
            }
            for field in &mut self.0.field_errors {
                for text in [&mut field.key, &mut field.message] {
                    if let Some(scrubbed) = replace(text, secret, REDACTED) {
                        *text = scrubbed;
                    }
                }
            }
        }
        self
    }
}

const REDACTED: &str = "[redacted]";

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.0.code.as_str())?;
        f.write_str(": ")?;
        f.write_str(&self.0.message)
    }
}

impl fmt::Debug for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Error")
            .field("code", &self.0.code.as_str())
            .field("status", &self.0.status)
            .field("message", &self.0.message)
            .field("field_errors", &self.0.field_errors)
            .field("retry_after", &self.0.retry_after)
            .finish()
    }
}

impl std::error::Error for Error {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_distinct_snake_case_strings() {
        let mut seen = std::collections::HashSet::new();
        for code in ErrorCode::ALL {
            let s = code.as_str();
            assert!(seen.insert(s), "duplicate code {s}");
            assert!(s.chars().all(|c| c.is_ascii_lowercase() || c == '_'), "{s}");
        }
        assert_eq!(seen.len(), 15);
    }

    #[test]
    fn redact_scrubs_message_and_field_errors() {
        let e = Error::new(ErrorCode::Validation, "bad SECRET here".to_string())
            .with_field_errors(vec![FieldError {
                key: "SECRET".into(),
                message: "value SECRET SECRET".into(),
            }])
            .redact(&["", "SECRET"]);
        assert!(!format!("{e} {e:?}").contains("SECRET"));
        assert_eq!(e.field_errors()[0].message, "value [redacted] [redacted]");
    }

    #[test]
    fn an_error_is_one_pointer() {
        // What keeps every `Result` of the crate small (see `Detail`).
        assert_eq!(std::mem::size_of::<Error>(), std::mem::size_of::<usize>());
        assert_eq!(
            std::mem::size_of::<Result<()>>(),
            std::mem::size_of::<usize>()
        );
    }

    #[test]
    fn transient_codes() {
        let transient: Vec<_> = ErrorCode::ALL
            .into_iter()
            .filter(|c| Error::new(*c, "").is_transient())
            .map(ErrorCode::as_str)
            .collect();
        assert_eq!(transient, ["rate_limited", "network", "timeout", "server"]);
    }
}
