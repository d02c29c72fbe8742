//! The user record the service returns (`GET Management/users`), read leniently, and the
//! camelCase profile JavaScript receives.

use crate::json::{Fields, FromJson, Json, Object, Shape, ToJson};
use crate::lenient;
use crate::wire::user::{marital_name, Telematics};

/// The wire record: `{ DeviceToken, Status, UserProfile: {...}, UserFields: [{...}] }`, read
/// straight into the [`UserProfile`] it becomes (no wire-shaped copy in between: that copy and
/// its field-by-field conversion cost the `.wasm` more than the reading itself).
#[derive(Default, Debug)]
pub struct UserRecord(UserProfile);

impl FromJson for UserRecord {
    fn from_json(json: &Json) -> Result<Self, Shape> {
        let o = Object::of(json)?;
        let mut p = UserProfile::default();
        o.fill(&["DeviceToken", "deviceToken"], &mut p.device_token)?;
        p.status = o.get(&["Status", "status"], lenient::text)?;
        o.get(&["UserProfile", "userProfile"], |json| match json {
            Json::Null => Ok(()),
            json => person(json, &mut p),
        })?;
        let fields: Option<WireUserFields> =
            o.get(&["UserFields", "userFields"], lenient::one_or_first)?;
        let f = fields.unwrap_or_default();
        p.client_id = f.client_id;
        p.telematics = Telematics {
            enable_tracking: f.enable_tracking,
            enable_logging: f.enable_logging,
            enable_realtime_location: f.enable_realtime_location,
            enabled: f.enabled,
        };
        Ok(UserRecord(p))
    }
}

/// The record's `UserProfile` object, into `p`: the birthday without its time of day, the marital
/// status by name.
fn person(json: &Json, p: &mut UserProfile) -> Result<(), Shape> {
    let o = Object::of(json)?;
    o.fill(&["FirstName", "firstName"], &mut p.first_name)?;
    o.fill(&["LastName", "lastName"], &mut p.last_name)?;
    o.fill(&["Nickname", "nickname"], &mut p.nickname)?;
    o.fill(&["Email", "email"], &mut p.email)?;
    o.fill(&["Phone", "phone"], &mut p.phone)?;
    let birthday: Option<String> = o.field(&["Birthday", "birthday"])?;
    p.birthday = birthday.map(|b| date_part(&b));
    p.gender = o.get(&["Gender", "gender"], lenient::text)?;
    let marital: Option<String> = o.get(&["MaritalStatus", "maritalStatus"], lenient::text)?;
    p.marital_status = marital.map(|m| marital_name(&m));
    p.children_count = o.get(&["ChildrenCount", "childrenCount"], lenient::count)?;
    o.fill(&["Address", "address"], &mut p.address)?;
    o.fill(&["Country", "country"], &mut p.country)?;
    o.fill(&["District", "district"], &mut p.district)?;
    o.fill(&["City", "city"], &mut p.city)?;
    Ok(())
}

/// `UserFields`, as the service returns it (an object, or an array of one).
#[derive(Default, Debug)]
struct WireUserFields {
    client_id: Option<String>,
    enable_tracking: Option<bool>,
    enable_logging: Option<bool>,
    enable_realtime_location: Option<bool>,
    enabled: Option<bool>,
}

impl FromJson for WireUserFields {
    fn from_json(json: &Json) -> Result<Self, Shape> {
        let o = Object::of(json)?;
        Ok(WireUserFields {
            client_id: o.get(&["ClientId", "ClientID", "clientId"], lenient::text)?,
            enable_tracking: o.get(&["EnableTracking", "enableTracking"], lenient::flag)?,
            enable_logging: o.get(&["EnableLogging", "enableLogging"], lenient::flag)?,
            enable_realtime_location: o.get(
                &[
                    "EnableRealTimeLocation",
                    "EnableRealtimeLocation",
                    "enableRealTimeLocation",
                    "enableRealtimeLocation",
                ],
                lenient::flag,
            )?,
            enabled: o.get(&["Enabled", "enabled"], lenient::flag)?,
        })
    }
}

/// What `getUser()` resolves to: the signed-in user's profile, camelCase, nulls for unknowns.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
#[allow(missing_docs)]
pub struct UserProfile {
    pub device_token: Option<String>,
    /// `Active`, `Inactive`, ...
    pub status: Option<String>,
    pub first_name: Option<String>,
    pub last_name: Option<String>,
    pub nickname: Option<String>,
    pub email: Option<String>,
    pub phone: Option<String>,
    /// `yyyy-MM-dd` (the service answers `1989-02-17T00:00:00`).
    pub birthday: Option<String>,
    pub gender: Option<String>,
    /// `Married`, `Widowed`, `Divorced` or `Single` where the code is known.
    pub marital_status: Option<String>,
    pub children_count: Option<u32>,
    pub address: Option<String>,
    pub country: Option<String>,
    pub district: Option<String>,
    pub city: Option<String>,
    pub client_id: Option<String>,
    pub telematics: Telematics,
}

impl ToJson for UserProfile {
    fn to_json(&self) -> Json {
        Fields::new()
            .with("deviceToken", &self.device_token)
            .with("status", &self.status)
            .with("firstName", &self.first_name)
            .with("lastName", &self.last_name)
            .with("nickname", &self.nickname)
            .with("email", &self.email)
            .with("phone", &self.phone)
            .with("birthday", &self.birthday)
            .with("gender", &self.gender)
            .with("maritalStatus", &self.marital_status)
            .with("childrenCount", &self.children_count)
            .with("address", &self.address)
            .with("country", &self.country)
            .with("district", &self.district)
            .with("city", &self.city)
            .with("clientId", &self.client_id)
            .with("telematics", &self.telematics)
            .build()
    }
}

impl From<UserRecord> for UserProfile {
    fn from(record: UserRecord) -> Self {
        record.0
    }
}

/// `1989-02-17T00:00:00` → `1989-02-17`; anything else passes through.
fn date_part(value: &str) -> String {
    match value.get(..10) {
        Some(d)
            if crate::wire::user::is_iso_date(d)
                && (value.len() == 10 || value[10..].starts_with('T')) =>
        {
            d.to_string()
        }
        _ => value.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::json::{JsonText, SerdeJsonText};

    fn profile(json: &str) -> Result<UserProfile, crate::json::DecodeError> {
        SerdeJsonText::new(json)
            .decode::<UserRecord>()
            .map(UserProfile::from)
    }

    #[test]
    fn reads_the_documented_record() {
        let p = profile(r#"{"DeviceToken":"d","Status":"Active","UserProfile":{"FirstName":"Ann","Birthday":"1989-02-17T00:00:00","Gender":"Female","MaritalStatus":"4","ChildrenCount":"2"},"UserFields":[{"ClientId":"c","EnableLogging":false,"EnableRealTimeLocation":true,"EnableTracking":true,"Enabled":true}]}"#).unwrap();
        assert_eq!(p.device_token.as_deref(), Some("d"));
        assert_eq!(p.birthday.as_deref(), Some("1989-02-17"));
        assert_eq!(p.marital_status.as_deref(), Some("Single"));
        assert_eq!(p.children_count, Some(2));
        assert_eq!(p.client_id.as_deref(), Some("c"));
        assert_eq!(
            p.telematics,
            Telematics {
                enable_tracking: Some(true),
                enable_logging: Some(false),
                enable_realtime_location: Some(true),
                enabled: Some(true)
            }
        );
    }

    #[test]
    fn lenient_forms() {
        let p = profile(r#"{"UserFields":{"EnableRealtimeLocation":"True","Enabled":"false"},"UserProfile":{"MaritalStatus":1,"ChildrenCount":null}}"#).unwrap();
        assert_eq!(p.telematics.enable_realtime_location, Some(true));
        assert_eq!(p.telematics.enabled, Some(false));
        assert_eq!(p.marital_status.as_deref(), Some("Married"));
        let empty = profile(r#"{"UserFields":[]}"#).unwrap();
        assert_eq!(empty, UserProfile::default());
        assert_eq!(
            profile(r#"{"UserProfile":{"Birthday":"17.02.1989"}}"#)
                .unwrap()
                .birthday
                .as_deref(),
            Some("17.02.1989")
        );
    }

    #[test]
    fn ill_typed_fields_are_errors() {
        for (json, path) in [
            (
                r#"{"UserFields":[{"EnableTracking":"maybe"}]}"#,
                "UserFields[0].EnableTracking",
            ),
            (
                r#"{"UserProfile":{"FirstName":7}}"#,
                "UserProfile.FirstName",
            ),
            (r#"{"UserProfile":"x"}"#, "UserProfile"),
            (r#"{"DeviceToken":{}}"#, "DeviceToken"),
        ] {
            assert_eq!(
                profile(json).unwrap_err(),
                crate::json::DecodeError::Shape(path.into()),
                "{json}"
            );
        }
    }
}
