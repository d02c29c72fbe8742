//! Request bodies bound the way the service's ASP.NET binder does it: property names match
//! case-insensitively (the vendor's Android apps send `firstName`, the docs `FirstName`), values
//! are typed strictly, and every problem becomes a keyed 422 entry rather than a crash.

use crate::envelope::{self, FieldError};
use axum::http::StatusCode;
use axum::response::Response;
use serde_json::{Map, Value};

// Every property name the service binds, in its canonical spelling.
const KNOWN: &[&str] = &[
    "AccessToken",
    "Address",
    "Birthday",
    "ChildrenCount",
    "City",
    "ClientId",
    "Country",
    "CreateAccessToken",
    "CustomToken",
    "DeviceToken",
    "District",
    "Email",
    "EnableLogging",
    "EnableRealTimeLocation",
    "EnableTracking",
    "Enabled",
    "FirstName",
    "Gender",
    "LastName",
    "LoginFields",
    "MaritalStatus",
    "NewPassword",
    "Nickname",
    "OldPassword",
    "Password",
    "Phone",
    "RefreshToken",
    "Status",
    "UserFields",
];

/// Parses a body as JSON (an empty body is `{}`) and renames known properties, at any depth,
/// to their canonical spelling.
pub fn parse(body: &[u8]) -> Result<Value, Response> {
    if body.iter().all(u8::is_ascii_whitespace) {
        return Ok(Value::Object(Map::new()));
    }
    serde_json::from_slice(body).map(canonical).map_err(|_| {
        envelope::error(
            StatusCode::BAD_REQUEST,
            "The request body is not valid JSON.",
            vec![FieldError::new("$", "The JSON value could not be read.")],
        )
    })
}

/// [`parse`], for routes whose body must be a JSON object (a 422 otherwise).
pub fn parse_object(body: &[u8]) -> Result<Map<String, Value>, Response> {
    match parse(body)? {
        Value::Object(object) => Ok(object),
        _ => Err(envelope::invalid(vec![FieldError::new(
            "$",
            "must be an object",
        )])),
    }
}

/// `value` with every known property name in its canonical spelling.
pub fn canonical(value: Value) -> Value {
    match value {
        Value::Object(map) => Value::Object(
            map.into_iter()
                .map(|(key, value)| {
                    let name = KNOWN
                        .iter()
                        .find(|known| known.eq_ignore_ascii_case(&key))
                        .map_or(key, |known| (*known).to_string());
                    (name, canonical(value))
                })
                .collect(),
        ),
        Value::Array(items) => Value::Array(items.into_iter().map(canonical).collect()),
        other => other,
    }
}

/// Reads typed properties out of bound objects and collects what is wrong with them, each
/// keyed as the service keys it (`Email`, `[3].UserFields.EnableTracking`).
#[derive(Default)]
pub struct Reader {
    prefix: String,
    /// What was wrong so far.
    pub errors: Vec<FieldError>,
}

impl Reader {
    /// A reader whose keys start with `prefix` (`"[3]."` for the fourth body of a batch).
    pub fn with_prefix(prefix: impl Into<String>) -> Self {
        Self {
            prefix: prefix.into(),
            errors: Vec::new(),
        }
    }

    /// A reader for the object at `key`, whose errors are keyed `key.Inner`; hand it back with
    /// [`Reader::absorb`].
    pub fn within(&self, key: &str) -> Reader {
        Reader::with_prefix(format!("{}{key}.", self.prefix))
    }

    /// Takes over the errors of a reader made by [`Reader::within`].
    pub fn absorb(&mut self, inner: Reader) {
        self.errors.extend(inner.errors);
    }

    /// Records that `key` is wrong.
    pub fn fail(&mut self, key: &str, message: &str) {
        self.errors
            .push(FieldError::new(format!("{}{key}", self.prefix), message));
    }

    /// A string property; absent and `null` are `None`.
    pub fn text(&mut self, object: &Map<String, Value>, key: &str) -> Option<String> {
        match object.get(key) {
            None | Some(Value::Null) => None,
            Some(Value::String(text)) => Some(text.clone()),
            Some(_) => {
                self.fail(key, "must be a string");
                None
            }
        }
    }

    /// A boolean property; absent and `null` are `None`.
    pub fn flag(&mut self, object: &Map<String, Value>, key: &str) -> Option<bool> {
        match object.get(key) {
            None | Some(Value::Null) => None,
            Some(Value::Bool(flag)) => Some(*flag),
            Some(_) => {
                self.fail(key, "must be true or false");
                None
            }
        }
    }

    /// A whole number in `0..=max`; absent and `null` are `None`.
    pub fn count(&mut self, object: &Map<String, Value>, key: &str, max: u64) -> Option<u64> {
        match object.get(key) {
            None | Some(Value::Null) => None,
            Some(value) => match value.as_u64().filter(|n| *n <= max) {
                Some(n) => Some(n),
                None => {
                    self.fail(key, &format!("must be a whole number from 0 to {max}"));
                    None
                }
            },
        }
    }

    /// An object property; absent and `null` are `None`.
    pub fn object<'a>(
        &mut self,
        object: &'a Map<String, Value>,
        key: &str,
    ) -> Option<&'a Map<String, Value>> {
        match object.get(key) {
            None | Some(Value::Null) => None,
            Some(Value::Object(inner)) => Some(inner),
            Some(_) => {
                self.fail(key, "must be an object");
                None
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn names_bind_whatever_their_case_and_unknown_ones_stay_as_they_are() {
        let bound =
            parse(br#"{"firstname":"A","USERFIELDS":{"enableRealtimeLocation":true},"odd":1}"#)
                .unwrap();
        assert_eq!(
            bound,
            json!({"FirstName":"A","UserFields":{"EnableRealTimeLocation":true},"odd":1})
        );
        assert_eq!(parse(b"  ").unwrap(), json!({}));
        assert_eq!(
            parse(b"{nope").unwrap_err().status(),
            StatusCode::BAD_REQUEST
        );
    }

    #[test]
    fn the_reader_types_strictly_and_keys_errors_with_its_prefix() {
        let body = json!({"A":"x","B":1,"C":true,"D":-1,"E":{},"F":null});
        let object = body.as_object().unwrap();
        let mut reader = Reader::with_prefix("[1].");
        assert_eq!(reader.text(object, "A").as_deref(), Some("x"));
        assert_eq!(reader.text(object, "B"), None);
        assert_eq!(reader.flag(object, "C"), Some(true));
        assert_eq!(reader.count(object, "B", 10), Some(1));
        assert_eq!(reader.count(object, "D", 10), None);
        assert!(reader.object(object, "E").is_some());
        assert_eq!(reader.text(object, "F"), None);
        assert_eq!(reader.flag(object, "missing"), None);
        let keys: Vec<_> = reader.errors.iter().map(|e| e.key.as_str()).collect();
        assert_eq!(keys, ["[1].B", "[1].D"]);
    }
}
