//! Callers' objects (the client's options, a user, credentials) checked against a table of the
//! members they may have and the kind of each. The input types are strict: a misspelt key is an
//! error, not a silently dropped field.
//!
//! ```
//! use telematics_user::json::schema::{self, member, Kind, Schema};
//! use telematics_user::json::Json;
//! const POINT: &Schema = &[member("x", Kind::Number), member("label", Kind::Text)];
//! let ok = Json::Object(vec![("x".into(), Json::Number(1.0)), ("label".into(), Json::Null)]);
//! assert!(schema::check(&ok, POINT).is_ok());
//! let typo = Json::Object(vec![("X".into(), Json::Number(1.0))]);
//! assert_eq!(schema::check(&typo, POINT).unwrap_err().message(), "X: unknown field");
//! ```

use super::{Json, Shape};

/// What a member may hold. `null` (or `undefined`) always stands for an absent member.
#[derive(Debug, Clone, Copy)]
pub enum Kind {
    /// A string.
    Text,
    /// A boolean.
    Flag,
    /// A number (ranges are the reader's to check).
    Number,
    /// A string, or a whole number that stands for its decimal text (the service's codes, such
    /// as a marital status of `2`).
    Code,
    /// Anything: a JavaScript object the shell keeps itself (the `fetch` and `store` options).
    Any,
    /// An object with its own schema.
    Object(&'static Schema),
}

/// A member an object may have: its name (exact: case matters in a caller's object), its kind,
/// and the service's name for it where the core sends it on (`firstName` is `FirstName`).
#[derive(Debug, Clone, Copy)]
pub struct Member {
    /// The caller's name.
    pub name: &'static str,
    /// What it may hold.
    pub kind: Kind,
    /// The service's name, or `""` for a member that is not sent as it is.
    pub wire: &'static str,
}

/// A member that is not sent on as it is.
pub const fn member(name: &'static str, kind: Kind) -> Member {
    Member {
        name,
        kind,
        wire: "",
    }
}

/// A member that the service knows as `wire`.
pub const fn mapped(name: &'static str, kind: Kind, wire: &'static str) -> Member {
    Member { name, kind, wire }
}

/// The members an object may have.
pub type Schema = [Member];

/// Checks `json` against `schema`: it must be an object, each of its members must be named in
/// the schema (exactly: case matters in a caller's object) and hold a value of the member's kind.
/// The error names the first member that does not.
pub fn check(json: &Json, schema: &Schema) -> Result<(), Shape> {
    for (key, value) in json.object()? {
        let kind = schema.iter().find(|m| m.name == key).map(|m| m.kind);
        let checked = match kind {
            None => Err(Shape::unknown()),
            Some(kind) => check_value(value, kind),
        };
        checked.map_err(|e| e.at_key(key))?;
    }
    Ok(())
}

/// A caller's object that passed its schema. Its `Debug` names the members only: a caller's
/// object may hold a password.
#[derive(Clone, PartialEq)]
pub struct Checked(Json);

impl Checked {
    /// Checks `json` against `schema` ([`check`]).
    pub fn new(json: Json, schema: &Schema) -> Result<Checked, Shape> {
        check(&json, schema)?;
        Ok(Checked(json))
    }

    /// The object.
    pub fn json(&self) -> &Json {
        &self.0
    }
}

/// An object without members.
impl Default for Checked {
    fn default() -> Self {
        Checked(Json::Object(Vec::new()))
    }
}

impl std::fmt::Debug for Checked {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let names = self.0.object().unwrap_or_default().iter().map(|(k, _)| k);
        f.debug_list().entries(names).finish()
    }
}

fn check_value(value: &Json, kind: Kind) -> Result<(), Shape> {
    let expected = match (kind, value) {
        (_, Json::Null) | (Kind::Any, _) => return Ok(()),
        (Kind::Object(schema), value) => return check(value, schema),
        (Kind::Text, Json::String(_))
        | (Kind::Flag, Json::Bool(_))
        | (Kind::Number, Json::Number(_))
        | (Kind::Code, Json::String(_)) => return Ok(()),
        (Kind::Code, Json::Number(n))
            if super::whole(*n, -super::MAX_WHOLE, super::MAX_WHOLE).is_some() =>
        {
            return Ok(())
        }
        (Kind::Text, _) => "a string",
        (Kind::Flag, _) => "a boolean",
        (Kind::Number, _) => "a number",
        (Kind::Code, _) => "a string",
    };
    Err(Shape::new(expected))
}

#[cfg(test)]
mod tests {
    use super::*;

    const INNER: &Schema = &[member("on", Kind::Flag)];
    const OUTER: &Schema = &[
        member("name", Kind::Text),
        member("count", Kind::Number),
        member("code", Kind::Code),
        member("fn", Kind::Any),
        member("inner", Kind::Object(INNER)),
    ];

    fn check_text(members: Vec<(&str, Json)>) -> Result<(), String> {
        let json = Json::Object(members.into_iter().map(|(k, v)| (k.into(), v)).collect());
        check(&json, OUTER).map_err(|e| e.message())
    }

    #[test]
    fn kinds_and_nulls() {
        let inner = |v| Json::Object(vec![("on".into(), v)]);
        assert_eq!(
            check_text(vec![
                ("name", Json::String("a".into())),
                ("count", Json::Number(1.5)),
                ("code", Json::Number(2.0)),
                ("fn", Json::Opaque),
                ("inner", inner(Json::Bool(true))),
            ]),
            Ok(())
        );
        for key in ["name", "count", "code", "fn", "inner"] {
            assert_eq!(check_text(vec![(key, Json::Null)]), Ok(()), "{key}");
        }
        let refused = [
            ("name", Json::Number(1.0), "name: expected a string"),
            (
                "count",
                Json::String("1".into()),
                "count: expected a number",
            ),
            ("code", Json::Number(1.5), "code: expected a string"),
            ("code", Json::Bool(true), "code: expected a string"),
            ("name", Json::Opaque, "name: expected a string"),
            ("inner", Json::Array(vec![]), "inner: expected an object"),
            (
                "inner",
                inner(Json::Number(1.0)),
                "inner.on: expected a boolean",
            ),
            (
                "inner",
                Json::Object(vec![("off".into(), Json::Null)]),
                "inner.off: unknown field",
            ),
            ("Name", Json::Null, "Name: unknown field"),
        ];
        for (key, value, message) in refused {
            assert_eq!(check_text(vec![(key, value)]), Err(message.into()));
        }
        assert_eq!(
            check(&Json::Array(vec![]), OUTER).unwrap_err().message(),
            "expected an object"
        );
    }

    #[test]
    fn a_checked_object_shows_its_names_only() {
        let json = Json::Object(vec![("name".into(), Json::String("SECRET".into()))]);
        let checked = Checked::new(json, OUTER).unwrap();
        assert_eq!(format!("{checked:?}"), r#"["name"]"#);
        assert_eq!(format!("{:?}", Checked::default()), "[]");
    }
}
