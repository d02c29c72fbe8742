//! Lenient readers for the response fields where the service's sources disagree.
//!
//! The reference (`user-service-api.md`) records `Status` as a number and as a numeric string,
//! `ExpiresIn` as a number, a numeric string and `""`, flags as booleans and as `"True"`, and
//! `UserFields` as an array on read and an object on write. These readers accept every form seen
//! and reject the rest, so that an ill-typed body is `invalid_response`, not a wrong value.

use crate::json::{whole, Json, Shape, MAX_WHOLE};

/// A JSON scalar of any type.
enum Scalar<'a> {
    Absent,
    Bool(bool),
    Int(i64),
    Float,
    Str(&'a str),
    Other,
}

fn scalar(json: &Json) -> Scalar<'_> {
    match json {
        Json::Null => Scalar::Absent,
        Json::Bool(b) => Scalar::Bool(*b),
        // JS numbers are f64: an integral one is an integer.
        Json::Number(n) => whole(*n, -MAX_WHOLE, MAX_WHOLE).map_or(Scalar::Float, Scalar::Int),
        Json::String(s) => Scalar::Str(s),
        Json::Array(_) | Json::Object(_) | Json::Opaque => Scalar::Other,
    }
}

/// A whole number in decimal, optionally signed; no float syntax, no `+`.
fn parse_integer(s: &str) -> Option<i64> {
    let (negative, digits) = match s.strip_prefix("-") {
        Some(rest) => (true, rest),
        None => (false, s),
    };
    let n = crate::decimal::parse(digits, 18)? as i64;
    Some(if negative { -n } else { n })
}

// Each reader takes the object and the member's name, and names the member in its error itself:
// one copy of the lookup and of the error path per reader, not one per field read.

fn integer_in(
    obj: &Json,
    key: &str,
    min: i64,
    max: i64,
    what: &'static str,
) -> Result<Option<i64>, Shape> {
    let (key, json) = obj.entry(key);
    let n = match scalar(json) {
        Scalar::Absent => return Ok(None),
        Scalar::Str(s) if s.trim_ascii().is_empty() => return Ok(None),
        Scalar::Int(n) => Some(n),
        Scalar::Str(s) => parse_integer(s.trim_ascii()),
        Scalar::Bool(_) | Scalar::Float | Scalar::Other => None,
    };
    match n {
        Some(n) if (min..=max).contains(&n) => Ok(Some(n)),
        _ => Err(Shape::new(what).at_key(key)),
    }
}

/// An HTTP-like status: a number or a numeric string; absent, null or `""` is `None`.
pub(crate) fn status(obj: &Json, key: &str) -> Result<Option<u16>, Shape> {
    Ok(integer_in(obj, key, 100, 999, "a status code")?.map(|n| n as u16))
}

/// A count of seconds: a number or a numeric string; absent, null or `""` is `None`.
pub(crate) fn seconds(obj: &Json, key: &str) -> Result<Option<u64>, Shape> {
    // Ten thousand years is plenty; anything larger is garbage, not a lifetime.
    Ok(integer_in(obj, key, 0, 315_360_000_000, "a number of seconds")?.map(|n| n as u64))
}

/// A small non-negative integer sent as a number or a string (`ChildrenCount`).
pub(crate) fn count(obj: &Json, key: &str) -> Result<Option<u32>, Shape> {
    Ok(integer_in(obj, key, 0, u32::MAX.into(), "a count")?.map(|n| n as u32))
}

/// A flag: a boolean, or the strings `true`/`false` in any case (JWT claims and mobilesdk headers
/// use `"True"`); absent or null is `None`.
pub(crate) fn flag(obj: &Json, key: &str) -> Result<Option<bool>, Shape> {
    let (key, json) = obj.entry(key);
    match scalar(json) {
        Scalar::Absent => Ok(None),
        Scalar::Bool(b) => Ok(Some(b)),
        Scalar::Str(s) if s.eq_ignore_ascii_case("true") => Ok(Some(true)),
        Scalar::Str(s) if s.eq_ignore_ascii_case("false") => Ok(Some(false)),
        _ => Err(Shape::new("a boolean").at_key(key)),
    }
}

/// A text field that some sources send as a number (`MaritalStatus`, ids): numbers become their
/// decimal text; absent or null is `None`.
pub(crate) fn text(obj: &Json, key: &str) -> Result<Option<String>, Shape> {
    let (key, json) = obj.entry(key);
    match scalar(json) {
        Scalar::Absent => Ok(None),
        Scalar::Str(s) => Ok(Some(s.to_string())),
        Scalar::Int(n) => Ok(Some(crate::decimal::signed_text(n))),
        _ => Err(Shape::new("a string").at_key(key)),
    }
}

/// An object, or an array whose first element is read (`UserFields` is an array on read and an
/// object on write); `null` or an empty array is `None`.
pub(crate) fn one_or_first<T>(
    json: &Json,
    read: impl FnOnce(&Json) -> Result<T, Shape>,
) -> Result<Option<T>, Shape> {
    match json {
        Json::Null => Ok(None),
        Json::Array(items) => match items.first() {
            None => Ok(None),
            Some(first) => read(first).map(Some).map_err(|e| e.at_index(0)),
        },
        Json::Object(_) => read(json).map(Some),
        _ => Err(Shape::new("an object or an array of objects")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::json::{JsonText, SerdeJsonText};

    #[derive(Debug, PartialEq)]
    struct Probe {
        s: Option<u16>,
        n: Option<u64>,
        f: Option<bool>,
        t: Option<String>,
        c: Option<u32>,
    }

    fn read_probe(o: &Json) -> Result<Probe, Shape> {
        Ok(Probe {
            s: status(o, "s")?,
            n: seconds(o, "n")?,
            f: flag(o, "f")?,
            t: text(o, "t")?,
            c: count(o, "c")?,
        })
    }

    fn probe(json: &str) -> Result<Probe, crate::json::DecodeError> {
        SerdeJsonText::new(json).decode(read_probe)
    }

    #[test]
    fn accepts_every_form_the_sources_show() {
        let cases: &[(&str, Probe)] = &[
            (
                r#"{"s":200}"#,
                Probe {
                    s: Some(200),
                    n: None,
                    f: None,
                    t: None,
                    c: None,
                },
            ),
            (
                r#"{"s":"422"}"#,
                Probe {
                    s: Some(422),
                    n: None,
                    f: None,
                    t: None,
                    c: None,
                },
            ),
            (
                r#"{"s":" 401 "}"#,
                Probe {
                    s: Some(401),
                    n: None,
                    f: None,
                    t: None,
                    c: None,
                },
            ),
            (
                r#"{"s":null,"n":""}"#,
                Probe {
                    s: None,
                    n: None,
                    f: None,
                    t: None,
                    c: None,
                },
            ),
            (
                r#"{"n":432000}"#,
                Probe {
                    s: None,
                    n: Some(432000),
                    f: None,
                    t: None,
                    c: None,
                },
            ),
            (
                r#"{"n":"86400"}"#,
                Probe {
                    s: None,
                    n: Some(86400),
                    f: None,
                    t: None,
                    c: None,
                },
            ),
            (
                r#"{"n":3600.0}"#,
                Probe {
                    s: None,
                    n: Some(3600),
                    f: None,
                    t: None,
                    c: None,
                },
            ),
            (
                r#"{"f":true}"#,
                Probe {
                    s: None,
                    n: None,
                    f: Some(true),
                    t: None,
                    c: None,
                },
            ),
            (
                r#"{"f":"False"}"#,
                Probe {
                    s: None,
                    n: None,
                    f: Some(false),
                    t: None,
                    c: None,
                },
            ),
            (
                r#"{"t":"4"}"#,
                Probe {
                    s: None,
                    n: None,
                    f: None,
                    t: Some("4".into()),
                    c: None,
                },
            ),
            (
                r#"{"t":4}"#,
                Probe {
                    s: None,
                    n: None,
                    f: None,
                    t: Some("4".into()),
                    c: None,
                },
            ),
            (
                r#"{"c":"2"}"#,
                Probe {
                    s: None,
                    n: None,
                    f: None,
                    t: None,
                    c: Some(2),
                },
            ),
            (
                r#"{"c":3}"#,
                Probe {
                    s: None,
                    n: None,
                    f: None,
                    t: None,
                    c: Some(3),
                },
            ),
        ];
        for (json, want) in cases {
            assert_eq!(&probe(json).unwrap(), want, "{json}");
        }
    }

    #[test]
    fn rejects_ill_typed_values() {
        for json in [
            r#"{"s":"OK"}"#,
            r#"{"s":-1}"#,
            r#"{"s":42}"#,
            r#"{"s":1000}"#,
            r#"{"s":true}"#,
            r#"{"s":{}}"#,
            r#"{"n":-5}"#,
            r#"{"n":1.5}"#,
            r#"{"n":"soon"}"#,
            r#"{"n":[]}"#,
            r#"{"f":1}"#,
            r#"{"f":"yes"}"#,
            r#"{"t":true}"#,
            r#"{"t":{}}"#,
            r#"{"c":-1}"#,
            r#"{"c":"many"}"#,
        ] {
            assert!(probe(json).is_err(), "{json} should be rejected");
        }
    }

    #[test]
    fn object_or_array_of_one() {
        let a = |j: &Json| count(j, "a");
        let decode = |j: &str| SerdeJsonText::new(j).decode(|o| one_or_first(o.at("uf"), a));
        assert_eq!(decode(r#"{"uf":{"a":1}}"#), Ok(Some(Some(1))));
        assert_eq!(decode(r#"{"uf":[{"a":2},{"a":3}]}"#), Ok(Some(Some(2))));
        assert_eq!(decode(r#"{"uf":[]}"#), Ok(None));
        assert_eq!(decode(r#"{"uf":null}"#), Ok(None));
        assert_eq!(decode(r#"{}"#), Ok(None));
        assert!(decode(r#"{"uf":"x"}"#).is_err());
        assert_eq!(
            decode(r#"{"uf":[{"a":"x"}]}"#),
            Err(crate::json::DecodeError::Shape("[0].a".into()))
        );
    }
}
