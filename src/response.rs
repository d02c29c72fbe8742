//! A received HTTP answer, as the host hands it to the core.

use crate::envelope::ResponseMeta;

/// The status, the two headers the core reads, and the body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Answer<B> {
    /// The HTTP status.
    pub status: u16,
    /// The `Retry-After` header.
    pub retry_after: Option<String>,
    /// The `Date` header.
    pub date: Option<String>,
    /// The body text.
    pub body: B,
}

impl<B> Answer<B> {
    /// The status and headers, borrowed.
    pub fn meta(&self) -> ResponseMeta<'_> {
        ResponseMeta {
            status: self.status,
            retry_after: self.retry_after.as_deref(),
            date: self.date.as_deref(),
        }
    }
}
