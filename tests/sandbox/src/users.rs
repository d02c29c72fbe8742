//! The users the sandbox keeps: profile fields, the four telematics parameters, a password for
//! email/phone login, and how a create or update body changes them (with the service's checks).

use crate::binding::Reader;
use serde_json::{json, Map, Value};

/// Profile fields, in the order the service lists them in `UserProfile`.
const PROFILE: &[&str] = &[
    "FirstName",
    "LastName",
    "Nickname",
    "Email",
    "Phone",
    "Birthday",
    "Gender",
    "MaritalStatus",
    "ChildrenCount",
    "Address",
    "Country",
    "District",
    "City",
];

/// The telematics parameters of `UserFields`.
const FLAGS: [&str; 4] = [
    "Enabled",
    "EnableTracking",
    "EnableLogging",
    "EnableRealTimeLocation",
];

/// One user of the instance.
#[derive(Clone, Debug)]
pub struct User {
    /// The permanent user id.
    pub device_token: String,
    /// Profile fields by canonical name; absent means never set.
    pub profile: Map<String, Value>,
    /// `Enabled`, `EnableTracking`, `EnableLogging`, `EnableRealTimeLocation`.
    pub flags: [bool; 4],
    /// `UserFields.ClientId`.
    pub client_id: Option<String>,
    /// Set through `NewPassword`; allows email/phone login.
    pub password: Option<String>,
    /// `Active` or `Inactive` (written as `Deactivated`).
    pub active: bool,
}

impl User {
    /// A new active user: `Enabled`, with every other telematics parameter off until set.
    pub fn new(device_token: String) -> Self {
        Self {
            device_token,
            profile: Map::new(),
            flags: [true, false, false, false],
            client_id: None,
            password: None,
            active: true,
        }
    }

    /// Whether `email` (case-insensitively) or `phone` is this user's.
    pub fn has(&self, key: &str, value: &str) -> bool {
        self.profile
            .get(key)
            .and_then(Value::as_str)
            .is_some_and(|own| same_contact(key, own, value))
    }

    /// Applies validated changes.
    pub fn apply(&mut self, changes: Changes) {
        self.profile.extend(changes.profile);
        for (flag, change) in self.flags.iter_mut().zip(changes.flags) {
            if let Some(value) = change {
                *flag = value;
            }
        }
        if changes.client_id.is_some() {
            self.client_id = changes.client_id;
        }
        if changes.new_password.is_some() {
            self.password = changes.new_password;
        }
        if let Some(active) = changes.active {
            self.active = active;
        }
    }

    /// The record `GET Management/users` answers with: `UserFields` is an array of one object.
    pub fn view(&self) -> Value {
        let profile: Map<String, Value> = PROFILE
            .iter()
            .map(|key| {
                (
                    key.to_string(),
                    self.profile.get(*key).cloned().unwrap_or(Value::Null),
                )
            })
            .collect();
        let mut fields = Map::new();
        fields.insert("ClientId".into(), json!(self.client_id));
        for (key, value) in FLAGS.iter().zip(self.flags) {
            fields.insert(key.to_string(), Value::Bool(value));
        }
        json!({
            "DeviceToken": self.device_token,
            "Status": if self.active { "Active" } else { "Inactive" },
            "UserProfile": profile,
            "UserFields": [fields],
        })
    }
}

/// Whether two values of `key` (`Email` or `Phone`) name the same contact: emails compare
/// case-insensitively, phones exactly.
pub fn same_contact(key: &str, a: &str, b: &str) -> bool {
    if key == "Email" {
        a.eq_ignore_ascii_case(b)
    } else {
        a == b
    }
}

/// What a create or update body asks to change, once validated.
#[derive(Default, Debug)]
pub struct Changes {
    profile: Map<String, Value>,
    flags: [Option<bool>; 4],
    client_id: Option<String>,
    /// The password to set.
    pub new_password: Option<String>,
    /// The password the caller says is the current one.
    pub old_password: Option<String>,
    active: Option<bool>,
}

impl Changes {
    /// The new email or phone, if the body sets one (uniqueness is the caller's to check).
    pub fn contact(&self, key: &str) -> Option<&str> {
        self.profile.get(key).and_then(Value::as_str)
    }
}

/// Reads the profile part of a create or update body (`null` means "leave as it is").
pub fn read_changes(body: &Map<String, Value>, reader: &mut Reader) -> Changes {
    let mut changes = Changes::default();
    for key in [
        "FirstName",
        "LastName",
        "Nickname",
        "Address",
        "Country",
        "District",
        "City",
    ] {
        if let Some(text) = reader.text(body, key) {
            changes.profile.insert(key.into(), text.into());
        }
    }
    if let Some(email) = reader.text(body, "Email") {
        match email.split_once('@') {
            Some((user, domain)) if !user.is_empty() && domain.contains('.') => {
                changes.profile.insert("Email".into(), email.into());
            }
            _ => reader.fail("Email", "is not a valid email address"),
        }
    }
    if let Some(phone) = reader.text(body, "Phone") {
        let digits = phone.chars().filter(char::is_ascii_digit).count();
        if digits >= 5
            && phone
                .chars()
                .all(|c| c.is_ascii_digit() || "+-() ".contains(c))
        {
            changes.profile.insert("Phone".into(), phone.into());
        } else {
            reader.fail("Phone", "is not a valid phone number");
        }
    }
    if let Some(birthday) = reader.text(body, "Birthday") {
        match birthday_date(&birthday) {
            Some(date) => {
                changes
                    .profile
                    .insert("Birthday".into(), format!("{date}T00:00:00").into());
            }
            None => reader.fail("Birthday", "must be a date, yyyy-MM-dd"),
        }
    }
    if let Some(gender) = reader.text(body, "Gender") {
        match ["None", "Male", "Female", "Other"]
            .iter()
            .find(|g| g.eq_ignore_ascii_case(&gender))
        {
            Some(g) => {
                changes.profile.insert("Gender".into(), (*g).into());
            }
            None => reader.fail("Gender", "must be None, Male, Female or Other"),
        }
    }
    match body.get("MaritalStatus") {
        None | Some(Value::Null) => {}
        Some(value) => {
            let code = match value {
                Value::String(s) => s.parse::<u8>().ok(),
                Value::Number(n) => n.as_u64().and_then(|n| u8::try_from(n).ok()),
                _ => None,
            };
            match code.filter(|c| (1..=4).contains(c)) {
                Some(c) => {
                    changes
                        .profile
                        .insert("MaritalStatus".into(), c.to_string().into());
                }
                None => reader.fail(
                    "MaritalStatus",
                    "must be 1 (Married), 2 (Widowed), 3 (Divorced) or 4 (Single)",
                ),
            }
        }
    }
    if let Some(count) = reader.count(body, "ChildrenCount", 50) {
        changes.profile.insert("ChildrenCount".into(), count.into());
    }
    if let Some(fields) = reader.object(body, "UserFields") {
        let mut inner = reader.within("UserFields");
        changes.client_id = inner.text(fields, "ClientId");
        for (slot, key) in changes.flags.iter_mut().zip(FLAGS) {
            *slot = inner.flag(fields, key);
        }
        reader.absorb(inner);
    }
    if let Some(status) = reader.text(body, "Status") {
        match status.to_ascii_lowercase().as_str() {
            "active" => changes.active = Some(true),
            "deactivated" | "inactive" => changes.active = Some(false),
            _ => reader.fail("Status", "must be Active or Deactivated"),
        }
    }
    changes.new_password = reader.text(body, "NewPassword");
    changes.old_password = reader.text(body, "OldPassword");
    if changes.new_password.as_deref().is_some_and(|p| p.len() < 2) {
        reader.fail("NewPassword", "must be at least 2 characters");
    }
    changes
}

// `yyyy-MM-dd`, alone or as the start of an ISO date-time, with a real month and day.
fn birthday_date(text: &str) -> Option<&str> {
    let date = text.get(..10)?;
    let rest = &text[10..];
    let bytes = date.as_bytes();
    let digits = |range: std::ops::Range<usize>| bytes[range].iter().all(u8::is_ascii_digit);
    let shaped =
        digits(0..4) && bytes[4] == b'-' && digits(5..7) && bytes[7] == b'-' && digits(8..10);
    let month: u8 = date.get(5..7)?.parse().ok()?;
    let day: u8 = date.get(8..10)?.parse().ok()?;
    let time_ok = rest.is_empty() || rest.starts_with('T');
    (shaped && (1..=12).contains(&month) && (1..=31).contains(&day) && time_ok).then_some(date)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(body: Value) -> (Changes, Vec<String>) {
        let mut reader = Reader::default();
        let changes = read_changes(body.as_object().unwrap(), &mut reader);
        (changes, reader.errors.into_iter().map(|e| e.key).collect())
    }

    #[test]
    fn a_good_body_changes_the_profile_and_the_flags() {
        let (changes, errors) = read(json!({
            "FirstName": "Ann", "Email": "ann@example.com", "Phone": "+47 555 0100",
            "Birthday": "1989-02-17", "Gender": "female", "MaritalStatus": 4, "ChildrenCount": 2,
            "UserFields": {"EnableLogging": true, "Enabled": false, "EnableTracking": true, "ClientId": "c-1"}
        }));
        assert!(errors.is_empty(), "{errors:?}");
        let mut user = User::new("d".into());
        user.apply(changes);
        let view = user.view();
        assert_eq!(view["UserProfile"]["Birthday"], "1989-02-17T00:00:00");
        assert_eq!(view["UserProfile"]["Gender"], "Female");
        assert_eq!(view["UserProfile"]["MaritalStatus"], "4");
        assert_eq!(
            view["UserFields"][0],
            json!({"ClientId":"c-1","Enabled":false,"EnableTracking":true,"EnableLogging":true,"EnableRealTimeLocation":false})
        );
        assert!(user.has("Email", "ANN@example.com"));
    }

    #[test]
    fn each_bad_field_is_reported_by_its_key() {
        let (_, errors) = read(json!({
            "Email": "nope", "Phone": "call me", "Birthday": "17.02.1989", "Gender": "x",
            "MaritalStatus": "9", "ChildrenCount": -1, "FirstName": 3,
            "UserFields": {"EnableTracking": "yes"}, "Status": "gone"
        }));
        assert_eq!(
            errors,
            [
                "FirstName",
                "Email",
                "Phone",
                "Birthday",
                "Gender",
                "MaritalStatus",
                "ChildrenCount",
                "UserFields.EnableTracking",
                "Status"
            ]
        );
        assert_eq!(birthday_date("2024-13-01"), None);
        assert_eq!(birthday_date("2024-02-01T10:00:00Z"), Some("2024-02-01"));
    }
}
