//! Typed reading of a [`Json`] tree. A failure names where it happened (`Result.AccessToken.Token`)
//! and what was expected, never the value found: a value may be a token.
//!
//! ```
//! use telematics_user::json::{FromJson, Json, Object, Shape};
//! struct Token { token: Option<String> }
//! impl FromJson for Token {
//!     fn from_json(json: &Json) -> Result<Self, Shape> {
//!         let o = Object::of(json)?;
//!         Ok(Token { token: o.field(&["Token", "token"])? })
//!     }
//! }
//! let bad = Json::Object(vec![("Token".into(), Json::Number(7.0))]);
//! assert_eq!(Token::from_json(&bad).err().unwrap().message(), "Token: expected a string");
//! ```

use super::Json;
use std::cell::Cell;

/// A value that did not have the expected shape, and where it was.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Shape(Box<Mismatch>);

// Boxed, as `Error` is: every reader returns a `Result`, and one pointer is cheaper to move, test and
// drop than the path and the problem (2.0 KB gzip less in all).
#[derive(Debug, Clone, PartialEq, Eq)]
struct Mismatch {
    // Innermost first: each enclosing reader appends its own segment as the error passes out.
    segments: Vec<Segment>,
    problem: Problem,
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum Problem {
    /// Another kind of value was expected (`a string`).
    Expected(&'static str),
    /// A member no reader asked for.
    Unknown,
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum Segment {
    Key(String),
    Index(usize),
}

impl Shape {
    /// A mismatch here: `expected` says what was wanted (`a string`).
    pub fn new(expected: &'static str) -> Shape {
        Shape(Box::new(Mismatch {
            segments: Vec::new(),
            problem: Problem::Expected(expected),
        }))
    }

    /// A member that the reader does not know (add the key with [`Shape::at_key`]).
    pub fn unknown() -> Shape {
        Shape(Box::new(Mismatch {
            segments: Vec::new(),
            problem: Problem::Unknown,
        }))
    }

    /// The same mismatch, inside the member `key`.
    #[inline(never)]
    pub fn at_key(mut self, key: &str) -> Shape {
        self.0.segments.push(Segment::Key(key.to_string()));
        self
    }

    /// The same mismatch, inside the array element `index`.
    pub fn at_index(mut self, index: usize) -> Shape {
        self.0.segments.push(Segment::Index(index));
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
        let what = match self.0.problem {
            Problem::Unknown => "unknown field".to_string(),
            Problem::Expected(expected) => "expected ".to_string() + expected,
        };
        if self.0.segments.is_empty() {
            what
        } else {
            self.path() + ": " + &what
        }
    }
}

/// A type read from JSON.
pub trait FromJson: Sized {
    /// Reads `json`; `null` (or an absent member) is read like any other value, so that optional
    /// members are `Option`s.
    fn from_json(json: &Json) -> Result<Self, Shape>;
}

impl FromJson for String {
    fn from_json(json: &Json) -> Result<Self, Shape> {
        match json {
            Json::String(s) => Ok(s.clone()),
            _ => Err(Shape::new("a string")),
        }
    }
}

impl FromJson for bool {
    fn from_json(json: &Json) -> Result<Self, Shape> {
        match json {
            Json::Bool(b) => Ok(*b),
            _ => Err(Shape::new("a boolean")),
        }
    }
}

impl FromJson for f64 {
    fn from_json(json: &Json) -> Result<Self, Shape> {
        match json {
            Json::Number(n) => Ok(*n),
            _ => Err(Shape::new("a number")),
        }
    }
}

/// Anything at all: for members the reader accepts but does not use.
impl FromJson for () {
    fn from_json(_: &Json) -> Result<Self, Shape> {
        Ok(())
    }
}

impl<T: FromJson> FromJson for Option<T> {
    fn from_json(json: &Json) -> Result<Self, Shape> {
        match json {
            Json::Null => Ok(None),
            json => T::from_json(json).map(Some),
        }
    }
}

impl<T: FromJson> FromJson for Vec<T> {
    fn from_json(json: &Json) -> Result<Self, Shape> {
        items(json)?
            .iter()
            .enumerate()
            .map(|(i, item)| T::from_json(item).map_err(|e| e.at_index(i)))
            .collect()
    }
}

/// The elements of an array.
pub fn items(json: &Json) -> Result<&[Json], Shape> {
    match json {
        Json::Array(items) => Ok(items),
        _ => Err(Shape::new("an array")),
    }
}

static NULL: Json = Json::Null;

/// An object being read. It remembers which members were read, so that an input type can refuse
/// the rest ([`Object::strict`]): a misspelt key must not be silently dropped.
pub struct Object<'a> {
    members: &'a [(String, Json)],
    read: Cell<u64>,
}

impl<'a> Object<'a> {
    /// `json` as an object.
    pub fn of(json: &'a Json) -> Result<Object<'a>, Shape> {
        match json {
            Json::Object(members) => Ok(Object {
                members,
                read: Cell::new(0),
            }),
            _ => Err(Shape::new("an object")),
        }
    }

    /// Reads a caller's object with `read`, then refuses any member `read` did not ask for: the
    /// input types (options, user input) are strict, so that a misspelt key is an error.
    ///
    /// ```
    /// use telematics_user::json::{Json, Object};
    /// let doc = Json::Object(vec![("firstname".into(), Json::Null)]);
    /// let e = Object::strict(&doc, |o| o.field::<Option<String>>(&["firstName"])).unwrap_err();
    /// assert_eq!(e.message(), "firstname: unknown field");
    /// ```
    pub fn strict<T>(
        json: &'a Json,
        read: impl FnOnce(&Object<'a>) -> Result<T, Shape>,
    ) -> Result<T, Shape> {
        let o = Object::of(json)?;
        let value = read(&o)?;
        o.deny_unknown()?;
        Ok(value)
    }

    /// Reads the member called by any of `names` (the first is the documented name, the others
    /// aliases) with `read`. An absent member is read as `null`.
    pub fn get<T>(
        &self,
        names: &[&str],
        read: impl FnOnce(&'a Json) -> Result<T, Shape>,
    ) -> Result<T, Shape> {
        let (key, value) = self.member(names);
        read(value).map_err(|e| e.at_key(key))
    }

    // Not generic, and kept out of line: every field of every reader shares this one copy.
    #[inline(never)]
    fn member<'n>(&self, names: &[&'n str]) -> (&'n str, &'a Json)
    where
        'a: 'n,
    {
        let found = self
            .members
            .iter()
            .enumerate()
            .find(|(_, (key, _))| names.contains(&key.as_str()));
        match found {
            Some((i, (key, value))) => {
                if i < 64 {
                    self.read.set(self.read.get() | 1 << i);
                }
                (key, value)
            }
            None => (names.first().copied().unwrap_or("?"), &NULL),
        }
    }

    /// Reads the member called by any of `names` as a `T`.
    pub fn field<T: FromJson>(&self, names: &[&str]) -> Result<T, Shape> {
        self.get(names, T::from_json)
    }

    /// Reads the member called by any of `names` into `slot`. Filling a `Default` value field by
    /// field keeps a reader small: an early return drops the one value, instead of each return
    /// dropping every field read before it.
    pub fn fill<T: FromJson>(&self, names: &[&str], slot: &mut T) -> Result<(), Shape> {
        *slot = self.field(names)?;
        Ok(())
    }

    /// Fails on the first member that no `get` or `field` asked for.
    fn deny_unknown(&self) -> Result<(), Shape> {
        let read = self.read.get();
        match self
            .members
            .iter()
            .enumerate()
            .find(|(i, _)| *i >= 64 || read & (1 << i) == 0)
        {
            Some((_, (key, _))) => Err(Shape::unknown().at_key(key)),
            None => Ok(()),
        }
    }

    /// The members, in order.
    pub fn members(&self) -> &'a [(String, Json)] {
        self.members
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
        struct Inner(#[allow(dead_code)] Option<String>);
        impl FromJson for Inner {
            fn from_json(json: &Json) -> Result<Self, Shape> {
                Ok(Inner(Object::of(json)?.field(&["Token"])?))
            }
        }
        let e = Object::of(&doc)
            .unwrap()
            .field::<Vec<Inner>>(&["Result"])
            .err()
            .unwrap();
        assert_eq!(e.path(), "Result[1].Token");
        assert_eq!(e.message(), "Result[1].Token: expected a string");
        assert_eq!(Shape::new("an object").path(), ".");
        assert_eq!(Shape::new("an object").message(), "expected an object");
    }

    #[test]
    fn aliases_absent_members_and_unknown_keys() {
        let doc = obj(&[
            ("deviceToken", Json::String("d".into())),
            ("extra", Json::Bool(true)),
        ]);
        let o = Object::of(&doc).unwrap();
        let token: Option<String> = o.field(&["DeviceToken", "deviceToken"]).unwrap();
        assert_eq!(token.as_deref(), Some("d"));
        let absent: Option<bool> = o.field(&["Missing"]).unwrap();
        assert_eq!(absent, None);
        let e = o.field::<String>(&["Required"]).unwrap_err();
        assert_eq!(e.message(), "Required: expected a string");
        assert_eq!(
            o.deny_unknown().unwrap_err().message(),
            "extra: unknown field"
        );
        o.field::<()>(&["extra"]).unwrap();
        assert!(o.deny_unknown().is_ok());
    }

    #[test]
    fn a_mismatch_is_one_pointer() {
        assert_eq!(std::mem::size_of::<Shape>(), std::mem::size_of::<usize>());
    }

    #[test]
    fn wrong_kinds_are_refused() {
        assert!(Object::of(&Json::Array(vec![])).is_err());
        assert!(String::from_json(&Json::Number(1.0)).is_err());
        assert!(bool::from_json(&Json::String("true".into())).is_err());
        assert!(f64::from_json(&Json::Null).is_err());
        assert!(Vec::<bool>::from_json(&obj(&[])).is_err());
        assert_eq!(
            Vec::<bool>::from_json(&Json::Array(vec![Json::Bool(true), Json::Null]))
                .unwrap_err()
                .path(),
            "[1]"
        );
        assert_eq!(Option::<bool>::from_json(&Json::Null), Ok(None));
        assert!(String::from_json(&Json::Opaque).is_err());
    }

    #[test]
    fn many_members_still_refuse_unknown_ones() {
        let members: Vec<(String, Json)> = (0..70)
            .map(|i| (crate::decimal::text(i), Json::Null))
            .collect();
        let doc = Json::Object(members);
        let o = Object::of(&doc).unwrap();
        for i in 0..70 {
            o.field::<()>(&[&crate::decimal::text(i)]).unwrap();
        }
        assert_eq!(o.deny_unknown().unwrap_err().path(), "64");
    }
}
