//! The user record the service returns (`GET Management/users`), read leniently, and the
//! camelCase profile JavaScript receives.

use crate::json::{Fields, FromJson, Json, Object, Shape, ToJson};
use crate::lenient;
use crate::wire::user::{marital_name, Telematics};

/// The wire record: `{ DeviceToken, Status, UserProfile: {...}, UserFields: [{...}] }`.
#[derive(Default, Debug)]
pub struct UserRecord {
    device_token: Option<String>,
    status: Option<String>,
    profile: Option<WireProfile>,
    fields: Option<WireUserFields>,
}

impl FromJson for UserRecord {
    fn from_json(json: &Json) -> Result<Self, Shape> {
        let o = Object::of(json)?;
        Ok(UserRecord {
            device_token: o.field(&["DeviceToken", "deviceToken"])?,
            status: o.get(&["Status", "status"], lenient::text)?,
            profile: o.field(&["UserProfile", "userProfile"])?,
            fields: o.get(&["UserFields", "userFields"], lenient::one_or_first)?,
        })
    }
}

#[derive(Default, Debug)]
struct WireProfile {
    first_name: Option<String>,
    last_name: Option<String>,
    nickname: Option<String>,
    email: Option<String>,
    phone: Option<String>,
    birthday: Option<String>,
    gender: Option<String>,
    marital_status: Option<String>,
    children_count: Option<u32>,
    address: Option<String>,
    country: Option<String>,
    district: Option<String>,
    city: Option<String>,
}

impl FromJson for WireProfile {
    fn from_json(json: &Json) -> Result<Self, Shape> {
        let o = Object::of(json)?;
        let mut p = WireProfile::default();
        o.fill(&["FirstName", "firstName"], &mut p.first_name)?;
        o.fill(&["LastName", "lastName"], &mut p.last_name)?;
        o.fill(&["Nickname", "nickname"], &mut p.nickname)?;
        o.fill(&["Email", "email"], &mut p.email)?;
        o.fill(&["Phone", "phone"], &mut p.phone)?;
        o.fill(&["Birthday", "birthday"], &mut p.birthday)?;
        p.gender = o.get(&["Gender", "gender"], lenient::text)?;
        p.marital_status = o.get(&["MaritalStatus", "maritalStatus"], lenient::text)?;
        p.children_count = o.get(&["ChildrenCount", "childrenCount"], lenient::count)?;
        o.fill(&["Address", "address"], &mut p.address)?;
        o.fill(&["Country", "country"], &mut p.country)?;
        o.fill(&["District", "district"], &mut p.district)?;
        o.fill(&["City", "city"], &mut p.city)?;
        Ok(p)
    }
}

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
    fn from(r: UserRecord) -> Self {
        let p = r.profile.unwrap_or_default();
        let f = r.fields.unwrap_or_default();
        UserProfile {
            device_token: r.device_token,
            status: r.status,
            first_name: p.first_name,
            last_name: p.last_name,
            nickname: p.nickname,
            email: p.email,
            phone: p.phone,
            birthday: p.birthday.map(|b| date_part(&b)),
            gender: p.gender,
            marital_status: p.marital_status.map(|m| marital_name(&m)),
            children_count: p.children_count,
            address: p.address,
            country: p.country,
            district: p.district,
            city: p.city,
            client_id: f.client_id,
            telematics: Telematics {
                enable_tracking: f.enable_tracking,
                enable_logging: f.enable_logging,
                enable_realtime_location: f.enable_realtime_location,
                enabled: f.enabled,
            },
        }
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
        for json in [
            r#"{"UserFields":[{"EnableTracking":"maybe"}]}"#,
            r#"{"UserProfile":{"FirstName":7}}"#,
            r#"{"UserProfile":"x"}"#,
            r#"{"DeviceToken":{}}"#,
        ] {
            assert!(profile(json).is_err(), "{json}");
        }
    }
}
