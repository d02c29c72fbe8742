//! Building [`Json`] values and writing them as text: request bodies, the stored session, and the
//! results handed to JavaScript.
//!
//! ```
//! use telematics_user::json::Fields;
//! let body = Fields::new().with("Password", "p").some("Email", None::<String>).build();
//! assert_eq!(body.to_text(), r#"{"Password":"p"}"#);
//! ```

use super::Json;

impl From<&str> for Json {
    fn from(s: &str) -> Json {
        Json::String(s.to_string())
    }
}

impl From<String> for Json {
    fn from(s: String) -> Json {
        Json::String(s)
    }
}

impl From<bool> for Json {
    fn from(b: bool) -> Json {
        Json::Bool(b)
    }
}

impl From<u64> for Json {
    fn from(n: u64) -> Json {
        // Milliseconds, seconds and counts: far below 2^53, so exact.
        Json::Number(n as f64)
    }
}

impl<T: Into<Json>> From<Option<T>> for Json {
    fn from(value: Option<T>) -> Json {
        value.map_or(Json::Null, Into::into)
    }
}

/// An object under construction, members in the order added.
#[derive(Default)]
pub struct Fields(Vec<(String, Json)>);

impl Fields {
    /// An empty object.
    pub fn new() -> Fields {
        Fields(Vec::new())
    }

    /// Adds a member (`None` is `null`).
    pub fn with(self, name: &str, value: impl Into<Json>) -> Fields {
        self.push(name, value.into())
    }

    /// Adds a member only when it is set (the service's bodies leave unset fields out).
    pub fn some(self, name: &str, value: Option<impl Into<Json>>) -> Fields {
        match value {
            Some(v) => self.push(name, v.into()),
            None => self,
        }
    }

    // The one copy of the push that every member of every object goes through.
    #[inline(never)]
    fn push(mut self, name: &str, value: Json) -> Fields {
        self.0.push((name.to_string(), value));
        self
    }

    /// The object.
    pub fn build(self) -> Json {
        Json::Object(self.0)
    }
}

impl Json {
    /// The value as compact JSON text. A number that is not a whole number below 2^53 is
    /// written `null`: the core writes only counts, seconds and milliseconds, and leaving float
    /// formatting out keeps it out of the `.wasm`.
    ///
    /// ```
    /// use telematics_user::json::Json;
    /// let v = Json::Array(vec![Json::String("a\"\n".into()), Json::Number(-12.0), Json::Null]);
    /// assert_eq!(v.to_text(), r#"["a\"\n",-12,null]"#);
    /// ```
    pub fn to_text(&self) -> String {
        let mut out = String::new();
        self.write(&mut out);
        out
    }

    fn write(&self, out: &mut String) {
        match self {
            Json::Null | Json::Opaque => out.push_str("null"),
            Json::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
            Json::Number(n) => match super::whole(*n, -super::MAX_WHOLE, super::MAX_WHOLE) {
                Some(n) => out.push_str(&crate::decimal::signed_text(n)),
                None => out.push_str("null"),
            },
            Json::String(s) => write_string(s, out),
            Json::Array(items) => {
                out.push('[');
                for (i, item) in items.iter().enumerate() {
                    if i > 0 {
                        out.push(',');
                    }
                    item.write(out);
                }
                out.push(']');
            }
            Json::Object(members) => {
                out.push('{');
                for (i, (key, value)) in members.iter().enumerate() {
                    if i > 0 {
                        out.push(',');
                    }
                    write_string(key, out);
                    out.push(':');
                    value.write(out);
                }
                out.push('}');
            }
        }
    }
}

// Byte by byte, copying the runs that need no escape whole: every byte that needs one is ASCII,
// so the runs between them are whole text.
fn write_string(s: &str, out: &mut String) {
    const HEX: &str = "0123456789abcdef";
    out.push('"');
    let mut from = 0;
    for (i, b) in s.bytes().enumerate() {
        let escape = match b {
            b'"' => "\\\"",
            b'\\' => "\\\\",
            b'\n' => "\\n",
            b'\r' => "\\r",
            b'\t' => "\\t",
            0..=0x1f => "\\u00",
            _ => continue,
        };
        out.push_str(&s[from..i]);
        out.push_str(escape);
        if escape == "\\u00" {
            let (hi, lo) = (usize::from(b >> 4), usize::from(b & 15));
            out.push_str(&HEX[hi..=hi]);
            out.push_str(&HEX[lo..=lo]);
        }
        from = i + 1;
    }
    out.push_str(&s[from..]);
    out.push('"');
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_matches_serde_json() {
        let value = Fields::new()
            .with("s", "quote \" backslash \\ tab \t nul \u{0} bell \u{7} é ✓")
            .with(
                "n",
                Json::Array(vec![
                    0u64.into(),
                    1u64.into(),
                    9_007_199_254_740_991u64.into(),
                ]),
            )
            .with("b", false)
            .some("skipped", None::<bool>)
            .with("null", None::<u64>)
            .with("nested", Fields::new().with("x", 7u64).build())
            .build();
        let ours = value.to_text();
        let theirs: serde_json::Value = serde_json::from_str(&ours).unwrap();
        assert_eq!(serde_json::to_string(&theirs).unwrap(), ours);
        assert!(!ours.contains("skipped"));
    }

    #[test]
    fn numbers_that_are_not_whole_are_null() {
        for n in [0.5, f64::NAN, f64::INFINITY, 1e300] {
            assert_eq!(Json::Number(n).to_text(), "null", "{n}");
        }
        assert_eq!(Json::Number(-0.0).to_text(), "0");
        assert_eq!(Json::Opaque.to_text(), "null");
    }
}
