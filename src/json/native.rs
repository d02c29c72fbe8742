//! The native backend: JSON text parsed with `serde_json`, used by tests, fuzzing and Rust callers
//! outside wasm. (In wasm the engine's `JSON.parse` does this; see `wasm::json`.)

use super::{DecodeError, Json, JsonText, MAX_DEPTH};
use std::cell::OnceCell;

/// A JSON text parsed with `serde_json`, at most once.
///
/// ```
/// use telematics_user::json::{Json, JsonText, SerdeJsonText};
/// assert_eq!(SerdeJsonText::new("7").parse(), Ok(&Json::Number(7.0)));
/// ```
#[derive(Debug, Clone)]
pub struct SerdeJsonText {
    text: String,
    parsed: OnceCell<Result<Json, DecodeError>>,
}

impl SerdeJsonText {
    /// Wraps a JSON text.
    pub fn new(text: impl Into<String>) -> Self {
        SerdeJsonText {
            text: text.into(),
            parsed: OnceCell::new(),
        }
    }
}

impl JsonText for SerdeJsonText {
    fn from_text(text: String) -> Self {
        SerdeJsonText::new(text)
    }

    fn is_blank(&self) -> bool {
        self.text.trim().is_empty()
    }

    fn parse(&self) -> Result<&Json, DecodeError> {
        self.parsed
            .get_or_init(|| {
                let value: serde_json::Value =
                    serde_json::from_str(&self.text).map_err(|_| DecodeError::NotJson)?;
                Ok(tree(&value, 0))
            })
            .as_ref()
            .map_err(Clone::clone)
    }
}

// Values nested deeper than MAX_DEPTH are opaque, as in the wasm walk.
fn tree(value: &serde_json::Value, depth: u32) -> Json {
    use serde_json::Value;
    if depth >= MAX_DEPTH {
        return Json::Opaque;
    }
    match value {
        Value::Null => Json::Null,
        Value::Bool(b) => Json::Bool(*b),
        Value::Number(n) => n.as_f64().map_or(Json::Opaque, Json::Number),
        Value::String(s) => Json::String(s.clone()),
        Value::Array(items) => Json::Array(items.iter().map(|v| tree(v, depth + 1)).collect()),
        Value::Object(members) => Json::Object(
            members
                .iter()
                .map(|(k, v)| (k.clone(), tree(v, depth + 1)))
                .collect(),
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn not_json_and_blank() {
        for (text, blank) in [
            ("<html>", false),
            ("", true),
            ("  \n", true),
            (r#"{"a":"#, false),
        ] {
            let t = SerdeJsonText::new(text);
            assert_eq!(t.is_blank(), blank, "{text:?}");
            assert_eq!(t.parse().unwrap_err(), DecodeError::NotJson, "{text:?}");
        }
    }

    #[test]
    fn members_keep_their_order_and_depth_is_bounded() {
        let t = SerdeJsonText::new(r#"{"b":1,"a":[true,null,"x"]}"#);
        assert_eq!(
            t.parse().unwrap(),
            &Json::Object(vec![
                ("b".into(), Json::Number(1.0)),
                (
                    "a".into(),
                    Json::Array(vec![Json::Bool(true), Json::Null, Json::String("x".into())])
                ),
            ])
        );
        let innermost = |depth: usize| {
            let text = SerdeJsonText::new("[".repeat(depth) + &"]".repeat(depth));
            let mut at = text.parse().unwrap().clone();
            while let Json::Array(mut items) = at {
                match items.pop() {
                    Some(inner) => at = inner,
                    None => return Json::Array(Vec::new()),
                }
            }
            at
        };
        assert_eq!(innermost(64), Json::Array(Vec::new()));
        assert_eq!(innermost(65), Json::Opaque);
    }

    #[test]
    fn shape_errors_name_the_path_not_the_value() {
        let text = SerdeJsonText::new(r#"{"Result":{"Token":"eyJsecret"}}"#);
        let token = |j: &Json| {
            let (key, result) = j.entry("Result");
            crate::lenient::count(result, "Token").map_err(|e| e.at_key(key))
        };
        assert_eq!(
            text.decode(token),
            Err(DecodeError::Shape("Result.Token".into()))
        );
    }
}
