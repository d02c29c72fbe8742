//! The seam between the core and a JSON implementation.
//!
//! The core never parses JSON text itself. The host does: natively with `serde_json`
//! ([`SerdeJsonText`]), in wasm with the engine's `JSON.parse` and
//! serde-wasm-bindgen, which keeps a JSON parser out of the `.wasm` file. Either way the core's
//! lenient `Deserialize` impls see the same data model.

use serde::de::DeserializeOwned;

/// Why a JSON text could not be decoded into the type the core asked for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DecodeError {
    /// The text is not JSON at all (HTML, truncated, empty).
    NotJson,
    /// The JSON does not have the expected shape. Holds the path of the offending value
    /// (`Result.AccessToken.Token`), never the value itself: a value may be a token.
    Shape(String),
}

/// A JSON text as the host sees it, decodable into any `Deserialize` type.
pub trait JsonText: Sized {
    /// Wraps a text the core produced (a decoded JWT payload, a stored session).
    fn from_text(text: String) -> Self;

    /// Whether the text is empty or whitespace only (a 204 or an empty 200).
    fn is_blank(&self) -> bool;

    /// Decodes the text into `T`.
    fn decode<T: DeserializeOwned>(&self) -> Result<T, DecodeError>;
}

/// The path of a decode failure, in the form `Result.AccessToken.Token`.
pub fn error_path(path: &serde_path_to_error::Path) -> String {
    let mut out = String::new();
    for segment in path.iter() {
        use serde_path_to_error::Segment;
        match segment {
            Segment::Seq { index } => {
                out.push('[');
                out.push_str(&index.to_string());
                out.push(']');
            }
            Segment::Map { key } => push_key(&mut out, key),
            Segment::Enum { variant } => push_key(&mut out, variant),
            Segment::Unknown => push_key(&mut out, "?"),
        }
    }
    if out.is_empty() {
        out.push('.');
    }
    out
}

fn push_key(out: &mut String, key: &str) {
    if !out.is_empty() {
        out.push('.');
    }
    out.push_str(key);
}

/// A JSON text decoded with `serde_json`: the native backend, used by tests, fuzzing and Rust
/// callers outside wasm.
///
/// ```
/// use telematics_user::json::{JsonText, SerdeJsonText};
/// let n: u32 = SerdeJsonText::from_text("7".into()).decode().unwrap();
/// assert_eq!(n, 7);
/// ```
#[derive(Debug, Clone)]
pub struct SerdeJsonText(pub String);

impl JsonText for SerdeJsonText {
    fn from_text(text: String) -> Self {
        SerdeJsonText(text)
    }

    fn is_blank(&self) -> bool {
        self.0.trim().is_empty()
    }

    fn decode<T: DeserializeOwned>(&self) -> Result<T, DecodeError> {
        let value: serde_json::Value =
            serde_json::from_str(&self.0).map_err(|_| DecodeError::NotJson)?;
        serde_path_to_error::deserialize(value)
            .map_err(|e| DecodeError::Shape(error_path(e.path())))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(serde::Deserialize, Debug)]
    #[allow(dead_code)]
    struct Outer {
        #[serde(rename = "Result")]
        result: Inner,
    }
    #[derive(serde::Deserialize, Debug)]
    #[allow(dead_code)]
    struct Inner {
        #[serde(rename = "Token")]
        token: u32,
    }

    #[test]
    fn shape_errors_name_the_path_not_the_value() {
        let text = SerdeJsonText::from_text(r#"{"Result":{"Token":"eyJsecret"}}"#.into());
        let err = text.decode::<Outer>().unwrap_err();
        assert_eq!(err, DecodeError::Shape("Result.Token".into()));
    }

    #[test]
    fn not_json_and_blank() {
        for (text, blank) in [
            ("<html>", false),
            ("", true),
            ("  \n", true),
            (r#"{"a":"#, false),
        ] {
            let t = SerdeJsonText::from_text(text.into());
            assert_eq!(t.is_blank(), blank, "{text:?}");
            assert_eq!(
                t.decode::<u32>().unwrap_err(),
                DecodeError::NotJson,
                "{text:?}"
            );
        }
    }
}
