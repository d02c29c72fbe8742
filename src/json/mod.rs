//! JSON as the core sees it: a small value tree ([`Json`]), members looked up by name and read
//! with the path of a bad value ([`read`]), callers' objects checked against a table
//! ([`schema`]), a writer ([`write`](mod@write)), and the seam to whoever parses text
//! ([`JsonText`]).
//!
//! The core never parses JSON text itself. The host does: natively with `serde_json`
//! ([`SerdeJsonText`]), in wasm with the engine's `JSON.parse`. Keeping serde out of the core keeps
//! its code (and its monomorphised deserialisers) out of the `.wasm`. For the same reason nothing
//! here is generic over the type read: a reader is a plain function of a [`Json`], and a table
//! describes a caller's object, so that each shape costs data, not code.

pub mod read;
pub mod schema;
pub mod write;

#[cfg(not(target_arch = "wasm32"))]
mod native;
#[cfg(not(target_arch = "wasm32"))]
pub use native::SerdeJsonText;

pub use read::Shape;
pub use schema::{Kind, Member, Schema};
pub use write::Fields;

/// A JSON value. Numbers are `f64`, as in JavaScript: every number the service sends is an
/// integer well below 2^53.
#[derive(Debug, Clone, PartialEq)]
pub enum Json {
    /// `null` (and JavaScript's `undefined`).
    Null,
    /// `true` or `false`.
    Bool(bool),
    /// A number.
    Number(f64),
    /// A string.
    String(String),
    /// An array.
    Array(Vec<Json>),
    /// An object's members, in order.
    Object(Vec<(String, Json)>),
    /// A value the tree does not hold: a JavaScript value with no JSON form (a function, a class
    /// instance, such as the `fetch` and `store` options, which the shell keeps itself), or one
    /// nested deeper than [`MAX_DEPTH`].
    Opaque,
}

/// The largest magnitude [`whole`] is asked to accept for a count, a time or a size: below 2^53,
/// where every whole `f64` is exact, with room to spare.
pub const MAX_WHOLE: f64 = 8_999_999_999_999_999.0;

/// A JSON (JavaScript) number as an integer, when it is a whole number from `min` to `max`.
/// Fractions, NaN and the infinities are `None`. Every number the core reads or writes as an
/// integer goes through here, so that they all draw the line in the same place.
///
/// ```
/// use telematics_user::json::whole;
/// assert_eq!(whole(42.0, 0.0, 100.0), Some(42));
/// assert_eq!(whole(-0.0, 0.0, 100.0), Some(0));
/// for n in [1.5, 101.0, -1.0, f64::NAN, f64::INFINITY] {
///     assert_eq!(whole(n, 0.0, 100.0), None, "{n}");
/// }
/// ```
pub fn whole(n: f64, min: f64, max: f64) -> Option<i64> {
    (n.fract() == 0.0 && n >= min && n <= max).then_some(n as i64)
}

/// The deepest nesting read; deeper values are [`Json::Opaque`] (so a reader refuses them) rather
/// than risking the stack.
pub const MAX_DEPTH: u32 = 64;

/// Why a JSON text could not be decoded into what the core asked for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DecodeError {
    /// The text is not JSON at all (HTML, truncated, empty).
    NotJson,
    /// The JSON does not have the expected shape. Holds the path of the offending value
    /// (`Result.AccessToken.Token`), never the value itself: a value may be a token.
    Shape(String),
}

/// A JSON text as the host sees it, parsed at most once.
pub trait JsonText: Sized {
    /// Wraps a text the core produced (a decoded JWT payload, a stored session).
    fn from_text(text: String) -> Self;

    /// Decodes a base64url text (a JWT payload) and wraps it, when it decodes to UTF-8.
    fn from_base64url(text: &str) -> Option<Self> {
        let bytes = crate::base64url::decode(text)?;
        String::from_utf8(bytes).ok().map(Self::from_text)
    }

    /// Reads an HTTP-date of the same answer (`Date`, `Retry-After`) into epoch milliseconds, as
    /// [`http_date::epoch_ms`](crate::http_date::epoch_ms) does. Here because the host that
    /// parses an answer's body reads its dates too: in wasm the engine's `Date.UTC` does, behind
    /// the same checks, and the core's reader stays out of the `.wasm` (0.7 KB gzip).
    ///
    /// ```
    /// use telematics_user::json::{JsonText, SerdeJsonText};
    /// let date = SerdeJsonText::http_date_ms("Sun, 06 Nov 1994 08:49:37 GMT");
    /// assert_eq!(date, Some(784_111_777_000));
    /// ```
    fn http_date_ms(header: &str) -> Option<u64> {
        crate::http_date::epoch_ms(header)
    }

    /// Whether the text is empty or whitespace only (a 204 or an empty 200).
    fn is_blank(&self) -> bool;

    /// Parses the text, at most once.
    fn parse(&self) -> Result<&Json, DecodeError>;

    /// Parses the text and reads it with `read`.
    ///
    /// ```
    /// use telematics_user::json::{read::string, DecodeError, JsonText, SerdeJsonText};
    /// let text = SerdeJsonText::new(r#"{"sub":"ann"}"#);
    /// assert_eq!(text.decode(|j| string(j, "sub")), Ok(Some("ann".to_string())));
    /// let bad = SerdeJsonText::new(r#"{"sub":7}"#);
    /// assert_eq!(bad.decode(|j| string(j, "sub")), Err(DecodeError::Shape("sub".into())));
    /// ```
    fn decode<T>(&self, read: impl FnOnce(&Json) -> Result<T, Shape>) -> Result<T, DecodeError> {
        read(self.parse()?).map_err(|e| DecodeError::Shape(e.path()))
    }
}
