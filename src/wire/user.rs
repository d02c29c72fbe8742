//! A user's profile and telematics parameters: the camelCase input of `register` and `updateUser`,
//! its checks, and the PascalCase body the service binds.

use crate::error::{Error, Result};
use crate::json::{Fields, FromJson, Json, Object, Shape, ToJson};
use crate::lenient;

/// The user object JavaScript passes to `register` and `updateUser`. Every field is optional;
/// unknown keys are refused.
#[derive(Default, Debug, Clone, PartialEq)]
#[allow(missing_docs)]
pub struct UserInput {
    pub first_name: Option<String>,
    pub last_name: Option<String>,
    pub nickname: Option<String>,
    pub email: Option<String>,
    pub phone: Option<String>,
    /// `yyyy-MM-dd`.
    pub birthday: Option<String>,
    /// `Male`, `Female`, `None` (and `Other` on update), in any case.
    pub gender: Option<String>,
    /// `Married`, `Widowed`, `Divorced`, `Single`, or the service's codes `1` to `4`.
    pub marital_status: Option<String>,
    /// A whole number from 0.
    pub children_count: Option<f64>,
    pub address: Option<String>,
    pub country: Option<String>,
    pub district: Option<String>,
    pub city: Option<String>,
    pub client_id: Option<String>,
    /// Register with this id as the DeviceToken (register only).
    pub custom_token: Option<String>,
    /// Ask for an access and refresh token (register only; the service's default is true).
    pub create_access_token: Option<bool>,
    /// Required by the service when `newPassword` is set (update only).
    pub old_password: Option<String>,
    /// Sets a password for email or phone login (update only).
    pub new_password: Option<String>,
    pub telematics: Option<Telematics>,
}

impl FromJson for UserInput {
    fn from_json(json: &Json) -> Result<Self, Shape> {
        Object::strict(json, |o| {
            let mut u = UserInput::default();
            o.fill(&["firstName"], &mut u.first_name)?;
            o.fill(&["lastName"], &mut u.last_name)?;
            o.fill(&["nickname"], &mut u.nickname)?;
            o.fill(&["email"], &mut u.email)?;
            o.fill(&["phone"], &mut u.phone)?;
            o.fill(&["birthday"], &mut u.birthday)?;
            o.fill(&["gender"], &mut u.gender)?;
            u.marital_status = o.get(&["maritalStatus"], lenient::text)?;
            o.fill(&["childrenCount"], &mut u.children_count)?;
            o.fill(&["address"], &mut u.address)?;
            o.fill(&["country"], &mut u.country)?;
            o.fill(&["district"], &mut u.district)?;
            o.fill(&["city"], &mut u.city)?;
            o.fill(&["clientId"], &mut u.client_id)?;
            o.fill(&["customToken"], &mut u.custom_token)?;
            o.fill(&["createAccessToken"], &mut u.create_access_token)?;
            o.fill(&["oldPassword"], &mut u.old_password)?;
            o.fill(&["newPassword"], &mut u.new_password)?;
            o.fill(&["telematics"], &mut u.telematics)?;
            Ok(u)
        })
    }
}

/// The four telematics parameters.
#[derive(Default, Debug, Clone, Copy, PartialEq, Eq)]
pub struct Telematics {
    /// Activate or deactivate SDK tracking.
    pub enable_tracking: Option<bool>,
    /// Activate or deactivate the SDK's debug logging (costs battery).
    pub enable_logging: Option<bool>,
    /// Activate or deactivate online location monitoring.
    pub enable_realtime_location: Option<bool>,
    /// Activate or deactivate the user (a deactivated user is not deleted).
    pub enabled: Option<bool>,
}

impl FromJson for Telematics {
    fn from_json(json: &Json) -> Result<Self, Shape> {
        Object::strict(json, |o| {
            Ok(Telematics {
                enable_tracking: o.field(&["enableTracking"])?,
                enable_logging: o.field(&["enableLogging"])?,
                enable_realtime_location: o
                    .field(&["enableRealtimeLocation", "enableRealTimeLocation"])?,
                enabled: o.field(&["enabled"])?,
            })
        })
    }
}

/// camelCase, unset parameters left out.
impl ToJson for Telematics {
    fn to_json(&self) -> Json {
        Fields::new()
            .some("enableTracking", &self.enable_tracking)
            .some("enableLogging", &self.enable_logging)
            .some("enableRealtimeLocation", &self.enable_realtime_location)
            .some("enabled", &self.enabled)
            .build()
    }
}

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

impl UserInput {
    /// Checks the input and converts it to the wire body, the PascalCase object of
    /// `Registration/Create` and of `PUT Management/users`. Unset fields are left out: the service
    /// would otherwise clear them on update. The error names the field.
    ///
    /// ```
    /// use telematics_user::wire::user::{Purpose, UserInput};
    /// let input = UserInput { birthday: Some("1990-02-30".into()), ..Default::default() };
    /// let err = input.to_body(Purpose::Register).unwrap_err();
    /// assert_eq!(err.code().as_str(), "invalid_input");
    /// assert!(err.message().starts_with("birthday"));
    /// ```
    pub fn to_body(&self, purpose: Purpose) -> Result<Json> {
        let only = |field: &'static str, set: bool, allowed: Purpose| -> Result<()> {
            if set && purpose != allowed {
                let op = if allowed == Purpose::Register {
                    "register"
                } else {
                    "updateUser"
                };
                return Err(Error::input(
                    field.to_string() + " is accepted by " + op + " only",
                ));
            }
            Ok(())
        };
        only(
            "customToken",
            self.custom_token.is_some(),
            Purpose::Register,
        )?;
        only(
            "createAccessToken",
            self.create_access_token.is_some(),
            Purpose::Register,
        )?;
        only("oldPassword", self.old_password.is_some(), Purpose::Update)?;
        only("newPassword", self.new_password.is_some(), Purpose::Update)?;
        if let Some(token) = &self.custom_token {
            if token.trim().is_empty() {
                return Err(Error::input("customToken must not be empty"));
            }
        }
        if let Some(email) = &self.email {
            if !email.is_empty() && !email.contains('@') {
                return Err(Error::input("email must be an email address"));
            }
        }
        if let Some(birthday) = &self.birthday {
            if !is_iso_date(birthday) {
                return Err(Error::input(
                    "birthday must be a date in the form yyyy-MM-dd",
                ));
            }
        }
        let gender = match &self.gender {
            None => None,
            Some(g) => Some(gender(g, purpose).ok_or_else(|| {
                Error::input(if purpose == Purpose::Update {
                    "gender must be one of Male, Female, None, Other"
                } else {
                    "gender must be one of Male, Female, None"
                })
            })?),
        };
        let marital_status = match &self.marital_status {
            None => None,
            Some(m) => Some(marital_code(m).ok_or_else(|| {
                Error::input(
                    "maritalStatus must be one of Married, Widowed, Divorced, Single (or 1 to 4)",
                )
            })?),
        };
        let children_count = match self.children_count {
            None => None,
            Some(n) => Some(
                crate::json::whole(n, 0.0, 1000.0)
                    .ok_or_else(|| Error::input("childrenCount must be a whole number from 0"))?
                    as u32,
            ),
        };
        if self.new_password.is_some() && self.old_password.is_none() {
            return Err(Error::input(
                "oldPassword is required when newPassword is set",
            ));
        }
        let t = self.telematics.unwrap_or_default();
        // `UserFields` is an object on write (an array on read).
        let user_fields = (self.client_id.is_some() || self.telematics.is_some()).then(|| {
            Fields::new()
                .some("ClientId", &self.client_id)
                .some("Enabled", &t.enabled)
                .some("EnableTracking", &t.enable_tracking)
                .some("EnableLogging", &t.enable_logging)
                // The docs' table says EnableRealtimeLocation; the JSON field the service binds
                // and returns is EnableRealTimeLocation (binding is case-insensitive, so this form
                // is right either way).
                .some("EnableRealTimeLocation", &t.enable_realtime_location)
                .build()
        });
        Ok(Fields::new()
            .some("CustomToken", &self.custom_token)
            .some("CreateAccessToken", &self.create_access_token)
            .some("FirstName", &self.first_name)
            .some("LastName", &self.last_name)
            .some("Nickname", &self.nickname)
            .some("Email", &self.email)
            .some("Phone", &self.phone)
            .some("Birthday", &self.birthday)
            .some("Gender", &gender)
            .some("MaritalStatus", &marital_status)
            .some("ChildrenCount", &children_count)
            .some("Address", &self.address)
            .some("Country", &self.country)
            .some("District", &self.district)
            .some("City", &self.city)
            .some("OldPassword", &self.old_password)
            .some("NewPassword", &self.new_password)
            .some("UserFields", &user_fields)
            .build())
    }
}

fn gender(value: &str, purpose: Purpose) -> Option<&'static str> {
    let allowed: &[&'static str] = match purpose {
        Purpose::Register => &["Male", "Female", "None"],
        Purpose::Update => &["Male", "Female", "None", "Other"],
    };
    allowed
        .iter()
        .copied()
        .find(|g| g.eq_ignore_ascii_case(value.trim()))
}

fn marital_code(value: &str) -> Option<&'static str> {
    let value = value.trim();
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
    use crate::json::{DecodeError, JsonText, SerdeJsonText};

    fn input(json: &str) -> UserInput {
        SerdeJsonText::new(json).decode().unwrap()
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
                r#"{"CustomToken":"dev-1","CreateAccessToken":true,"FirstName":"Ann","LastName":"Lee","Email":"a@b.c","Phone":"+1555","Birthday":"1989-02-17","Gender":"Female","MaritalStatus":"4","ChildrenCount":2,"Address":"1 Main St"}"#,
            ),
            (
                r#"{"clientId":"c-7","telematics":{"enableTracking":true,"enableLogging":false,"enableRealtimeLocation":true,"enabled":true}}"#,
                r#"{"UserFields":{"ClientId":"c-7","Enabled":true,"EnableTracking":true,"EnableLogging":false,"EnableRealTimeLocation":true}}"#,
            ),
            (
                r#"{"telematics":{"enableRealTimeLocation":false}}"#,
                r#"{"UserFields":{"EnableRealTimeLocation":false}}"#,
            ),
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
    }

    #[test]
    fn unknown_fields_are_rejected() {
        let e = SerdeJsonText::new(r#"{"firstname":"x"}"#).decode::<UserInput>();
        assert_eq!(e.unwrap_err(), DecodeError::Shape("firstname".into()));
        let e = SerdeJsonText::new(r#"{"telematics":{"tracking":true}}"#).decode::<UserInput>();
        assert_eq!(
            e.unwrap_err(),
            DecodeError::Shape("telematics.tracking".into())
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
