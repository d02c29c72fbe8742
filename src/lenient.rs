//! Lenient readers for the response fields where the service's sources disagree.
//!
//! The reference (`user-service-api.md`) records `Status` as a number and as a numeric string,
//! `ExpiresIn` as a number, a numeric string and `""`, flags as booleans and as `"True"`, and
//! `UserFields` as an array on read and an object on write. These readers accept every form seen
//! and reject the rest, so that an ill-typed body is `invalid_response`, not a wrong value.

use serde::de::{self, Deserializer, MapAccess, SeqAccess, Visitor};
use serde::Deserialize;
use std::fmt;
use std::marker::PhantomData;

/// A JSON scalar of any type, as read by `deserialize_any`.
enum Scalar {
    Absent,
    Bool(bool),
    Int(i128),
    Float,
    Str(String),
}

struct ScalarVisitor;

impl<'de> Visitor<'de> for ScalarVisitor {
    type Value = Scalar;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a scalar")
    }
    fn visit_bool<E>(self, v: bool) -> Result<Scalar, E> {
        Ok(Scalar::Bool(v))
    }
    fn visit_i64<E>(self, v: i64) -> Result<Scalar, E> {
        Ok(Scalar::Int(v.into()))
    }
    fn visit_u64<E>(self, v: u64) -> Result<Scalar, E> {
        Ok(Scalar::Int(v.into()))
    }
    fn visit_f64<E>(self, v: f64) -> Result<Scalar, E> {
        // JS numbers arrive as f64: an integral one is an integer.
        if v.fract() == 0.0 && v.abs() < 9.0e15 {
            Ok(Scalar::Int(v as i128))
        } else {
            Ok(Scalar::Float)
        }
    }
    fn visit_str<E>(self, v: &str) -> Result<Scalar, E> {
        Ok(Scalar::Str(v.to_owned()))
    }
    fn visit_string<E>(self, v: String) -> Result<Scalar, E> {
        Ok(Scalar::Str(v))
    }
    fn visit_none<E>(self) -> Result<Scalar, E> {
        Ok(Scalar::Absent)
    }
    fn visit_unit<E>(self) -> Result<Scalar, E> {
        Ok(Scalar::Absent)
    }
    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Scalar, D::Error> {
        d.deserialize_any(ScalarVisitor)
    }
}

fn scalar<'de, D: Deserializer<'de>>(d: D) -> Result<Scalar, D::Error> {
    d.deserialize_any(ScalarVisitor)
}

fn integer_in<E: de::Error>(
    s: Scalar,
    min: i128,
    max: i128,
    what: &'static str,
) -> Result<Option<i128>, E> {
    let n = match s {
        Scalar::Absent => return Ok(None),
        Scalar::Int(n) => n,
        Scalar::Str(s) if s.trim().is_empty() => return Ok(None),
        Scalar::Str(s) => s.trim().parse::<i128>().map_err(|_| E::custom(what))?,
        Scalar::Bool(_) | Scalar::Float => return Err(E::custom(what)),
    };
    if (min..=max).contains(&n) {
        Ok(Some(n))
    } else {
        Err(E::custom(what))
    }
}

/// An HTTP-like status: a number or a numeric string; absent, null or `""` is `None`.
pub(crate) fn status<'de, D: Deserializer<'de>>(d: D) -> Result<Option<u16>, D::Error> {
    Ok(integer_in(scalar(d)?, 100, 999, "a status code")?.map(|n| n as u16))
}

/// A count of seconds: a number or a numeric string; absent, null or `""` is `None`.
pub(crate) fn seconds<'de, D: Deserializer<'de>>(d: D) -> Result<Option<u64>, D::Error> {
    // Ten thousand years is plenty; anything larger is garbage, not a lifetime.
    Ok(integer_in(scalar(d)?, 0, 315_360_000_000, "a number of seconds")?.map(|n| n as u64))
}

/// A small non-negative integer sent as a number or a string (`ChildrenCount`).
pub(crate) fn count<'de, D: Deserializer<'de>>(d: D) -> Result<Option<u32>, D::Error> {
    Ok(integer_in(scalar(d)?, 0, u32::MAX.into(), "a count")?.map(|n| n as u32))
}

/// A flag: a boolean, or the strings `true`/`false` in any case (JWT claims and mobilesdk headers
/// use `"True"`); absent or null is `None`.
pub(crate) fn flag<'de, D: Deserializer<'de>>(d: D) -> Result<Option<bool>, D::Error> {
    match scalar(d)? {
        Scalar::Absent => Ok(None),
        Scalar::Bool(b) => Ok(Some(b)),
        Scalar::Str(s) if s.eq_ignore_ascii_case("true") => Ok(Some(true)),
        Scalar::Str(s) if s.eq_ignore_ascii_case("false") => Ok(Some(false)),
        _ => Err(de::Error::custom("a boolean")),
    }
}

/// A text field that some sources send as a number (`MaritalStatus`, ids): numbers become their
/// decimal text; absent or null is `None`.
pub(crate) fn text<'de, D: Deserializer<'de>>(d: D) -> Result<Option<String>, D::Error> {
    match scalar(d)? {
        Scalar::Absent => Ok(None),
        Scalar::Str(s) => Ok(Some(s)),
        Scalar::Int(n) => Ok(Some(n.to_string())),
        _ => Err(de::Error::custom("a string")),
    }
}

/// An object, or an array whose first element is that object (`UserFields` is an array of one
/// object on read and an object on write). An empty array or null is `None`.
pub(crate) fn one_or_first<'de, D, T>(d: D) -> Result<Option<T>, D::Error>
where
    D: Deserializer<'de>,
    T: Deserialize<'de>,
{
    struct OneOrFirst<T>(PhantomData<T>);

    impl<'de, T: Deserialize<'de>> Visitor<'de> for OneOrFirst<T> {
        type Value = Option<T>;

        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str("an object or an array of objects")
        }
        fn visit_none<E>(self) -> Result<Option<T>, E> {
            Ok(None)
        }
        fn visit_unit<E>(self) -> Result<Option<T>, E> {
            Ok(None)
        }
        fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Option<T>, D::Error> {
            d.deserialize_any(self)
        }
        fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Option<T>, A::Error> {
            let first = seq.next_element::<T>()?;
            while seq.next_element::<de::IgnoredAny>()?.is_some() {}
            Ok(first)
        }
        fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Option<T>, A::Error> {
            T::deserialize(de::value::MapAccessDeserializer::new(map)).map(Some)
        }
    }

    d.deserialize_any(OneOrFirst(PhantomData))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::json::{JsonText, SerdeJsonText};

    #[derive(Deserialize, Debug, PartialEq)]
    struct Probe {
        #[serde(default, deserialize_with = "status")]
        s: Option<u16>,
        #[serde(default, deserialize_with = "seconds")]
        n: Option<u64>,
        #[serde(default, deserialize_with = "flag")]
        f: Option<bool>,
        #[serde(default, deserialize_with = "text")]
        t: Option<String>,
        #[serde(default, deserialize_with = "count")]
        c: Option<u32>,
    }

    fn probe(json: &str) -> Result<Probe, crate::json::DecodeError> {
        SerdeJsonText::from_text(json.to_string()).decode()
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

    #[derive(Deserialize, Debug, PartialEq)]
    struct Fields {
        #[serde(default, deserialize_with = "one_or_first")]
        uf: Option<Inner>,
    }
    #[derive(Deserialize, Debug, PartialEq)]
    struct Inner {
        a: u8,
    }

    #[test]
    fn object_or_array_of_one() {
        let decode = |j: &str| SerdeJsonText::from_text(j.into()).decode::<Fields>();
        assert_eq!(
            decode(r#"{"uf":{"a":1}}"#).unwrap().uf,
            Some(Inner { a: 1 })
        );
        assert_eq!(
            decode(r#"{"uf":[{"a":2},{"a":3}]}"#).unwrap().uf,
            Some(Inner { a: 2 })
        );
        assert_eq!(decode(r#"{"uf":[]}"#).unwrap().uf, None);
        assert_eq!(decode(r#"{"uf":null}"#).unwrap().uf, None);
        assert_eq!(decode(r#"{}"#).unwrap().uf, None);
        assert!(decode(r#"{"uf":"x"}"#).is_err());
        assert!(decode(r#"{"uf":[1]}"#).is_err());
    }
}
