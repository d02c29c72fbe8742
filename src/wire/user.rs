//! A user's profile and telematics parameters: the camelCase input of `register` and `updateUser`,
//! its checks, and the PascalCase body the service binds.

use crate::error::{Error, Result};
use crate::json::schema::{self, mapped, member, Checked, Kind, Schema};
use crate::json::{Fields, Json, Shape};

/// The members of a user object, as JavaScript passes it to `register` and `updateUser`; every
/// one is optional, and unknown keys are refused. The first [`PERSON`] members are the person's
/// own data, which `getUser` returns too.
pub const USER: &Schema = &[
    mapped("firstName", Kind::Text, "FirstName"),
    mapped("lastName", Kind::Text, "LastName"),
    mapped("nickname", Kind::Text, "Nickname"),
    mapped("email", Kind::Text, "Email"),
    mapped("phone", Kind::Text, "Phone"),
    // `yyyy-MM-dd`.
    mapped("birthday", Kind::Text, "Birthday"),
    // `Male`, `Female`, `None` (and `Other` on update), in any case.
    mapped("gender", Kind::Code, "Gender"),
    // `Married`, `Widowed`, `Divorced`, `Single`, or the service's codes `1` to `4`.
    mapped("maritalStatus", Kind::Code, "MaritalStatus"),
    // A whole number from 0 to 1000.
    mapped("childrenCount", Kind::Number, "ChildrenCount"),
    mapped("address", Kind::Text, "Address"),
    mapped("country", Kind::Text, "Country"),
    mapped("district", Kind::Text, "District"),
    mapped("city", Kind::Text, "City"),
    // Register with this id as the DeviceToken (register only).
    mapped("customToken", Kind::Text, "CustomToken"),
    // Ask for an access and refresh token (register only; the service's default is true).
    mapped("createAccessToken", Kind::Flag, "CreateAccessToken"),
    // Required by the service when `newPassword` is set (update only).
    mapped("oldPassword", Kind::Text, "OldPassword"),
    // Sets a password for email or phone login (update only).
    mapped("newPassword", Kind::Text, "NewPassword"),
    // With the telematics parameters, the wire object `UserFields`.
    member("clientId", Kind::Text),
    member("telematics", Kind::Object(TELEMATICS)),
];

/// How many of [`USER`]'s members, from the first, are the person's own data.
pub const PERSON: usize = 13;

/// The four telematics parameters (`setTelematics`, and `telematics` in a user), with the names
/// of `UserFields`. The docs' table says `EnableRealtimeLocation`; the JSON field the service
/// binds and returns is `EnableRealTimeLocation` (binding is case-insensitive, so this form is
/// right either way), and either spelling is accepted from the caller.
pub const TELEMATICS: &Schema = &[
    // Activate or deactivate SDK tracking.
    mapped("enableTracking", Kind::Flag, "EnableTracking"),
    // Activate or deactivate the SDK's debug logging (costs battery).
    mapped("enableLogging", Kind::Flag, "EnableLogging"),
    // Activate or deactivate online location monitoring.
    mapped(
        "enableRealtimeLocation",
        Kind::Flag,
        "EnableRealTimeLocation",
    ),
    // Activate or deactivate the user (a deactivated user is not deleted).
    mapped("enabled", Kind::Flag, "Enabled"),
    // The other spelling, accepted from the caller; lookups find either (`Json::at` ignores case).
    mapped(
        "enableRealTimeLocation",
        Kind::Flag,
        "EnableRealTimeLocation",
    ),
];

/// How many of [`TELEMATICS`]'s members, from the first, are the parameters, each once.
pub const PARAMETERS: usize = 4;

/// A user object checked against [`USER`] (`Debug` names its members only: it may hold
/// passwords).
#[derive(Debug, Default, Clone, PartialEq)]
pub struct UserInput(Checked);

/// Which operation a [`UserInput`] is for: some fields belong to one only.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Purpose {
    /// `register` / `registerMany`.
    Register,
    /// `updateUser`.
    Update,
}

const MARITAL: [(&str, &str); 4] = [
    ("Married", "1"),
    ("Widowed", "2"),
    ("Divorced", "3"),
    ("Single", "4"),
];

// The fields that one operation only accepts.
const ONLY: [(&str, Purpose); 4] = [
    ("customToken", Purpose::Register),
    ("createAccessToken", Purpose::Register),
    ("oldPassword", Purpose::Update),
    ("newPassword", Purpose::Update),
];

impl UserInput {
    /// Checks a user object against [`USER`]; the error names the offending member.
    ///
    /// ```
    /// use telematics_user::json::Json;
    /// use telematics_user::wire::user::UserInput;
    /// let typo = Json::Object(vec![("firstname".into(), Json::Null)]);
    /// assert_eq!(UserInput::new(typo).unwrap_err().message(), "firstname: unknown field");
    /// ```
    pub fn new(json: Json) -> std::result::Result<UserInput, Shape> {
        Checked::new(json, USER).map(UserInput)
    }

    /// The changes of `setTelematics(params)`: `{ telematics: params }`, with `params` checked
    /// against [`TELEMATICS`].
    pub fn telematics(params: Json) -> std::result::Result<UserInput, Shape> {
        schema::check(&params, TELEMATICS)?;
        UserInput::new(Fields::new().with("telematics", params).build())
    }

    /// Checks the input and converts it to the wire body, the PascalCase object of
    /// `Registration/Create` and of `PUT Management/users`. Unset fields are left out: the service
    /// would otherwise clear them on update. The error names the field.
    ///
    /// ```
    /// use telematics_user::json::Json;
    /// use telematics_user::wire::user::{Purpose, UserInput};
    /// let input = Json::Object(vec![("birthday".into(), Json::String("1990-02-30".into()))]);
    /// let err = UserInput::new(input).unwrap().to_body(Purpose::Register).unwrap_err();
    /// assert_eq!(err.code().as_str(), "invalid_input");
    /// assert!(err.message().starts_with("birthday"));
    /// ```
    pub fn to_body(&self, purpose: Purpose) -> Result<Json> {
        let u = self.0.json();
        for (name, only) in ONLY {
            if only != purpose && !matches!(u.at(name), Json::Null) {
                let op = match only {
                    Purpose::Register => " is accepted by register only",
                    Purpose::Update => " is accepted by updateUser only",
                };
                return Err(Error::input(name.to_string() + op));
            }
        }
        let mut body = Fields::new();
        for m in USER.iter().filter(|m| !m.wire.is_empty()) {
            let value = u.at(m.name);
            let text = value.text().unwrap_or_default();
            let value = match (m.name, value) {
                (_, Json::Null) => continue,
                ("customToken", _) if text.trim_ascii().is_empty() => {
                    return Err(Error::input("customToken must not be empty"))
                }
                ("email", _) if !text.is_empty() && !text.bytes().any(|b| b == b'@') => {
                    return Err(Error::input("email must be an email address"))
                }
                ("birthday", _) if !is_iso_date(text) => {
                    return Err(Error::input(
                        "birthday must be a date in the form yyyy-MM-dd",
                    ))
                }
                ("gender", _) => gender(&code(u, m.name), purpose).ok_or_else(|| {
                    Error::input(match purpose {
                        Purpose::Update => "gender must be one of Male, Female, None, Other",
                        Purpose::Register => "gender must be one of Male, Female, None",
                    })
                })?,
                ("maritalStatus", _) => marital_code(&code(u, m.name)).ok_or_else(|| {
                        Error::input(
                            "maritalStatus must be one of Married, Widowed, Divorced, Single (or 1 to 4)",
                        )
                    })?,
                ("childrenCount", value) => {
                    let n = value.number().and_then(|n| crate::json::whole(n, 0.0, 1000.0));
                    let n = n.ok_or_else(|| {
                        Error::input("childrenCount must be a whole number from 0 to 1000")
                    })?;
                    body = body.with(m.wire, n as u64);
                    continue;
                }
                (_, Json::Bool(flag)) => {
                    body = body.with(m.wire, *flag);
                    continue;
                }
                // The schema leaves only strings here: no copy of a whole `Json` is needed.
                _ => text,
            };
            body = body.with(m.wire, value);
        }
        if !matches!(u.at("newPassword"), Json::Null) && matches!(u.at("oldPassword"), Json::Null) {
            return Err(Error::input(
                "oldPassword is required when newPassword is set",
            ));
        }
        // `UserFields` is an object on write (an array on read).
        let client_id = u.at("clientId");
        let telematics = u.at("telematics");
        if !matches!((client_id, telematics), (Json::Null, Json::Null)) {
            let mut fields = Fields::new().some("ClientId", client_id.text());
            for m in &TELEMATICS[..PARAMETERS] {
                if let Some(flag) = telematics.at(m.name).flag() {
                    fields = fields.with(m.wire, flag);
                }
            }
            body = body.with("UserFields", fields.build());
        }
        Ok(body.build())
    }
}

/// The text of a [`Kind::Code`] member of `u` (a whole number as its digits), as the lenient
/// reader gives it; the schema has already refused anything else.
fn code(u: &Json, name: &str) -> String {
    crate::lenient::text(u, name)
        .ok()
        .flatten()
        .unwrap_or_default()
}

fn gender(value: &str, purpose: Purpose) -> Option<&'static str> {
    let allowed: &[&'static str] = match purpose {
        Purpose::Register => &["Male", "Female", "None"],
        Purpose::Update => &["Male", "Female", "None", "Other"],
    };
    let value = value.trim_ascii();
    allowed
        .iter()
        .find(|g| g.eq_ignore_ascii_case(value))
        .copied()
}

fn marital_code(value: &str) -> Option<&'static str> {
    let value = value.trim_ascii();
    MARITAL
        .iter()
        .find(|(name, code)| name.eq_ignore_ascii_case(value) || *code == value)
        .map(|(_, code)| *code)
}

/// The name of a marital-status code (`"1"` → `Married`); other values pass through.
pub fn marital_name(code: &str) -> String {
    match marital_code(code) {
        Some(c) => MARITAL
            .iter()
            .find(|(_, k)| *k == c)
            .map(|(n, _)| n.to_string())
            .unwrap_or_default(),
        None => code.to_string(),
    }
}

/// Whether `s` is a real calendar date written `yyyy-MM-dd`.
pub fn is_iso_date(s: &str) -> bool {
    let b = s.as_bytes();
    if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
        return false;
    }
    let num = |r: std::ops::Range<usize>| s.get(r).and_then(|d| crate::decimal::parse(d, 4));
    let (Some(y), Some(m), Some(d)) = (num(0..4), num(5..7), num(8..10)) else {
        return false;
    };
    let days = crate::calendar::days_in_month(y, m);
    y >= 1 && days.is_some_and(|days| (1..=days).contains(&d))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::json::{JsonText, SerdeJsonText};

    fn decode(json: &str) -> std::result::Result<UserInput, Shape> {
        UserInput::new(SerdeJsonText::new(json).parse().unwrap().clone())
    }

    fn input(json: &str) -> UserInput {
        decode(json).unwrap()
    }

    fn body(json: &str, purpose: Purpose) -> Result<String> {
        input(json).to_body(purpose).map(|b| b.to_text())
    }

    #[test]
    fn camel_case_in_pascal_case_out() {
        let cases = [
            ("{}", "{}"),
            (
                r#"{"firstName":"Ann","lastName":"Lee","email":"a@b.c","phone":"+1555","birthday":"1989-02-17","gender":"female","maritalStatus":"single","childrenCount":2,"address":"1 Main St","customToken":"dev-1","createAccessToken":true}"#,
                r#"{"FirstName":"Ann","LastName":"Lee","Email":"a@b.c","Phone":"+1555","Birthday":"1989-02-17","Gender":"Female","MaritalStatus":"4","ChildrenCount":2,"Address":"1 Main St","CustomToken":"dev-1","CreateAccessToken":true}"#,
            ),
            (
                r#"{"clientId":"c-7","telematics":{"enableTracking":true,"enableLogging":false,"enableRealtimeLocation":true,"enabled":true}}"#,
                r#"{"UserFields":{"ClientId":"c-7","EnableTracking":true,"EnableLogging":false,"EnableRealTimeLocation":true,"Enabled":true}}"#,
            ),
            (
                r#"{"telematics":{"enableRealTimeLocation":false}}"#,
                r#"{"UserFields":{"EnableRealTimeLocation":false}}"#,
            ),
            (
                r#"{"telematics":{"enableRealTimeLocation":false,"enableRealtimeLocation":true}}"#,
                r#"{"UserFields":{"EnableRealTimeLocation":false}}"#,
            ),
            (r#"{"clientId":"c"}"#, r#"{"UserFields":{"ClientId":"c"}}"#),
            (r#"{"maritalStatus":2}"#, r#"{"MaritalStatus":"2"}"#),
            (r#"{"maritalStatus":"3"}"#, r#"{"MaritalStatus":"3"}"#),
        ];
        for (i, want) in cases {
            assert_eq!(body(i, Purpose::Register).unwrap(), want, "{i}");
        }
    }

    #[test]
    fn invalid_inputs_name_the_field() {
        let cases = [
            (
                r#"{"birthday":"17.02.1989"}"#,
                Purpose::Register,
                "birthday",
            ),
            (r#"{"birthday":"1989-2-17"}"#, Purpose::Register, "birthday"),
            (
                r#"{"birthday":"2023-02-29"}"#,
                Purpose::Register,
                "birthday",
            ),
            (
                r#"{"birthday":"1989-13-01"}"#,
                Purpose::Register,
                "birthday",
            ),
            (
                r#"{"childrenCount":-1}"#,
                Purpose::Register,
                "childrenCount",
            ),
            (
                r#"{"childrenCount":1.5}"#,
                Purpose::Register,
                "childrenCount",
            ),
            (r#"{"gender":"Other"}"#, Purpose::Register, "gender"),
            (r#"{"gender":"robot"}"#, Purpose::Update, "gender"),
            (
                r#"{"maritalStatus":"complicated"}"#,
                Purpose::Register,
                "maritalStatus",
            ),
            (r#"{"maritalStatus":5}"#, Purpose::Register, "maritalStatus"),
            (r#"{"email":"not-an-address"}"#, Purpose::Register, "email"),
            (r#"{"customToken":" "}"#, Purpose::Register, "customToken"),
            (r#"{"customToken":"x"}"#, Purpose::Update, "customToken"),
            (r#"{"newPassword":"x"}"#, Purpose::Register, "newPassword"),
            (r#"{"oldPassword":"y"}"#, Purpose::Register, "oldPassword"),
            (r#"{"newPassword":"x"}"#, Purpose::Update, "oldPassword"),
        ];
        for (json, purpose, field) in cases {
            let e = input(json).to_body(purpose).unwrap_err();
            assert_eq!(e.code().as_str(), "invalid_input", "{json}");
            assert!(e.message().starts_with(field), "{json}: {}", e.message());
        }
        assert!(body(r#"{"gender":"other"}"#, Purpose::Update)
            .unwrap()
            .contains(r#""Gender":"Other""#));
        assert!(body(r#"{"birthday":"2024-02-29"}"#, Purpose::Register).is_ok());
        // The message names both bounds, so that a caller over the top learns where it is.
        let e = input(r#"{"childrenCount":1001}"#)
            .to_body(Purpose::Register)
            .unwrap_err();
        assert_eq!(
            e.message(),
            "childrenCount must be a whole number from 0 to 1000"
        );
        assert!(body(r#"{"childrenCount":1000}"#, Purpose::Register).is_ok());
    }

    #[test]
    fn unknown_fields_are_rejected() {
        let e = decode(r#"{"firstname":"x"}"#).unwrap_err();
        assert_eq!(e.message(), "firstname: unknown field");
        let e = decode(r#"{"telematics":{"tracking":true}}"#).unwrap_err();
        assert_eq!(e.message(), "telematics.tracking: unknown field");
        let e = decode(r#"{"childrenCount":"2"}"#).unwrap_err();
        assert_eq!(e.message(), "childrenCount: expected a number");
        let e = decode(r#"{"telematics":{"enabled":1}}"#).unwrap_err();
        assert_eq!(e.message(), "telematics.enabled: expected a boolean");
        let e = UserInput::telematics(
            SerdeJsonText::new(r#"{"clientId":"c"}"#)
                .parse()
                .unwrap()
                .clone(),
        );
        assert_eq!(e.unwrap_err().message(), "clientId: unknown field");
    }

    #[test]
    fn debug_names_the_members_only() {
        let u = input(r#"{"oldPassword":"OLD-SECRET","newPassword":"NEW-SECRET"}"#);
        let shown = format!("{u:?}");
        assert!(!shown.contains("SECRET"), "{shown}");
        assert!(
            shown.contains("oldPassword") && shown.contains("newPassword"),
            "{shown}"
        );
    }

    #[test]
    fn marital_names() {
        assert_eq!(marital_name("1"), "Married");
        assert_eq!(marital_name("4"), "Single");
        assert_eq!(marital_name("Divorced"), "Divorced");
        assert_eq!(marital_name("x"), "x");
    }
}
