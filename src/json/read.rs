//! Reading a [`Json`] tree: members by name, and the [`Shape`] error that says where a value was
//! not what the reader expected (`Result.AccessToken.Token`), never what it was: a value may be a
//! token.
//!
//! A reader takes the object and the member's name and names the member in its error itself, so
//! that a field costs a call, not a copy of the lookup and of the error path.
//!
//! ```
//! use telematics_user::json::{read::string, Json};
//! let bad = Json::Object(vec![("token".into(), Json::Number(7.0))]);
//! assert_eq!(string(&bad, "Token").unwrap_err().message(), "token: expected a string");
//! ```

use super::Json;

/// A value that did not have the expected shape, and where it was.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Shape(Box<Mismatch>);

// Boxed, as `Error` is: every reader returns a `Result`, and one pointer is cheaper to move, test and
// drop than the path and the problem (2.0 KB gzip less in all).
#[derive(Debug, Clone, PartialEq, Eq)]
struct Mismatch {
    // Innermost first: each enclosing reader appends its own segment as the error passes out.
    segments: Vec<Segment>,
    // What was expected (`a string`); `None` for a member that no reader asked for.
    expected: Option<&'static str>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum Segment {
    Key(String),
    Index(usize),
}

impl Shape {
    /// A mismatch here: `expected` says what was wanted (`a string`).
    pub fn new(expected: &'static str) -> Shape {
        Shape::of(Some(expected))
    }

    /// A member that the reader does not know (add the key with [`Shape::at_key`]).
    pub fn unknown() -> Shape {
        Shape::of(None)
    }

    fn of(expected: Option<&'static str>) -> Shape {
        Shape(Box::new(Mismatch {
            segments: Vec::new(),
            expected,
        }))
    }

    /// The same mismatch, inside the member `key`.
    pub fn at_key(self, key: &str) -> Shape {
        self.at(Segment::Key(key.to_string()))
    }

    /// The same mismatch, inside the array element `index`.
    pub fn at_index(self, index: usize) -> Shape {
        self.at(Segment::Index(index))
    }

    // Out of line: every reader's error passes through here.
    #[inline(never)]
    fn at(mut self, segment: Segment) -> Shape {
        self.0.segments.push(segment);
        self
    }

    /// Where: `Result.AccessToken.Token`, `users[2].firstName`, or `.` for the value itself.
    pub fn path(&self) -> String {
        let mut out = String::new();
        for segment in self.0.segments.iter().rev() {
            match segment {
                Segment::Key(key) => {
                    if !out.is_empty() {
                        out.push('.');
                    }
                    out.push_str(key);
                }
                Segment::Index(i) => {
                    out.push('[');
                    out.push_str(&crate::decimal::text(*i as u64));
                    out.push(']');
                }
            }
        }
        if out.is_empty() {
            out.push('.');
        }
        out
    }

    /// What went wrong and where, for a caller's own input: `telematics.tracking: unknown field`,
    /// `firstName: expected a string`.
    pub fn message(&self) -> String {
        let what = match self.0.expected {
            None => "unknown field".to_string(),
            Some(expected) => "expected ".to_string() + expected,
        };
        if self.0.segments.is_empty() {
            what
        } else {
            self.path() + ": " + &what
        }
    }
}

static NULL: Json = Json::Null;

impl Json {
    /// The member called `key`, compared ASCII-case-insensitively, with the key as written; `None`
    /// when this is not an object or has no such member. The service answers in PascalCase or in
    /// camelCase (`DeviceToken`, `deviceToken`), and spells some names two ways
    /// (`EnableRealTimeLocation`, `EnableRealtimeLocation`): one lookup reads them all. A caller's
    /// object is checked against its [`Schema`](super::Schema) first, so there it finds exactly
    /// the names the schema allows.
    ///
    /// ```
    /// use telematics_user::json::Json;
    /// let o = Json::Object(vec![("deviceToken".into(), Json::Bool(true))]);
    /// assert_eq!(o.member("DeviceToken"), Some(("deviceToken", &Json::Bool(true))));
    /// assert_eq!(o.member("Device"), None);
    /// ```
    // Not generic, and kept out of line: every field of every reader shares this one copy.
    #[inline(never)]
    pub fn member(&self, key: &str) -> Option<(&str, &Json)> {
        match self {
            Json::Object(members) => members
                .iter()
                .find(|(k, _)| k.eq_ignore_ascii_case(key))
                .map(|(k, v)| (k.as_str(), v)),
            _ => None,
        }
    }

    /// The member `key` (see [`member`](Json::member)), or `null` when it is absent.
    pub fn at(&self, key: &str) -> &Json {
        self.member(key).map_or(&NULL, |(_, v)| v)
    }

    /// The member `key` with its name as written (or as asked, when absent), and its value
    /// (`null` when absent): what a reader needs to read it and to name it in an error.
    pub fn entry<'a>(&'a self, key: &'a str) -> (&'a str, &'a Json) {
        self.member(key).unwrap_or((key, &NULL))
    }

    /// The member `key` when it is an object, or `null` when absent; anything else is an error
    /// at the member.
    pub fn object_at(&self, key: &str) -> Result<&Json, Shape> {
        match self.member(key) {
            None => Ok(&NULL),
            Some((_, json @ (Json::Null | Json::Object(_)))) => Ok(json),
            Some((key, _)) => Err(Shape::new("an object").at_key(key)),
        }
    }

    /// This value as an object's members; an error names what was expected.
    pub fn object(&self) -> Result<&[(String, Json)], Shape> {
        match self {
            Json::Object(members) => Ok(members),
            _ => Err(Shape::new("an object")),
        }
    }

    /// This value as an array's elements; an error names what was expected.
    pub fn items(&self) -> Result<&[Json], Shape> {
        match self {
            Json::Array(items) => Ok(items),
            _ => Err(Shape::new("an array")),
        }
    }

    /// The text of a string value.
    pub fn text(&self) -> Option<&str> {
        match self {
            Json::String(s) => Some(s),
            _ => None,
        }
    }

    /// The value of a number.
    pub fn number(&self) -> Option<f64> {
        match self {
            Json::Number(n) => Some(*n),
            _ => None,
        }
    }

    /// The value of a boolean.
    pub fn flag(&self) -> Option<bool> {
        match self {
            Json::Bool(b) => Some(*b),
            _ => None,
        }
    }
}

/// The member `key` of `obj` as a string, `None` when absent or `null`; anything else is an
/// error at the member.
pub fn string(obj: &Json, key: &str) -> Result<Option<String>, Shape> {
    match obj.entry(key) {
        (_, Json::Null) => Ok(None),
        (_, Json::String(s)) => Ok(Some(s.clone())),
        (key, _) => Err(Shape::new("a string").at_key(key)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn obj(members: &[(&str, Json)]) -> Json {
        Json::Object(
            members
                .iter()
                .map(|(k, v)| (k.to_string(), v.clone()))
                .collect(),
        )
    }

    #[test]
    fn paths_name_keys_and_indices_not_values() {
        let doc = obj(&[(
            "Result",
            Json::Array(vec![obj(&[]), obj(&[("Token", Json::Number(1.0))])]),
        )]);
        let (key, list) = doc.entry("result");
        let e = list
            .items()
            .unwrap()
            .iter()
            .enumerate()
            .find_map(|(i, item)| string(item, "token").map_err(|e| e.at_index(i)).err())
            .unwrap()
            .at_key(key);
        assert_eq!(e.path(), "Result[1].Token");
        assert_eq!(e.message(), "Result[1].Token: expected a string");
        assert_eq!(Shape::new("an object").path(), ".");
        assert_eq!(Shape::new("an object").message(), "expected an object");
        assert_eq!(Shape::unknown().at_key("x").message(), "x: unknown field");
    }

    #[test]
    fn members_by_any_case_absent_as_null() {
        let doc = obj(&[
            ("deviceToken", Json::String("d".into())),
            ("EnableRealtimeLocation", Json::Bool(true)),
        ]);
        assert_eq!(string(&doc, "DeviceToken").unwrap().as_deref(), Some("d"));
        assert_eq!(doc.at("enableRealTimeLocation"), &Json::Bool(true));
        assert_eq!(string(&doc, "Missing").unwrap(), None);
        assert_eq!(doc.entry("Missing"), ("Missing", &Json::Null));
        assert_eq!(
            doc.object_at("deviceToken").unwrap_err().message(),
            "deviceToken: expected an object"
        );
        assert_eq!(doc.object_at("nothing"), Ok(&Json::Null));
        assert_eq!(Json::Null.member("x"), None);
    }

    #[test]
    fn a_mismatch_is_one_pointer() {
        assert_eq!(std::mem::size_of::<Shape>(), std::mem::size_of::<usize>());
    }

    #[test]
    fn scalars_of_the_wrong_kind_are_none() {
        assert_eq!(Json::Number(1.0).text(), None);
        assert_eq!(Json::String("true".into()).flag(), None);
        assert_eq!(Json::Null.number(), None);
        assert!(obj(&[]).items().is_err());
        assert!(Json::Array(vec![]).object().is_err());
        let opaque = Json::Object(vec![("x".into(), Json::Opaque)]);
        assert!(string(&opaque, "x").is_err());
    }
}
