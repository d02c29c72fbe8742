//! The user record the service returns (`GET Management/users`), read leniently, and the
//! camelCase profile JavaScript receives.

use crate::lenient;
use crate::wire::user::{marital_name, Telematics};
use serde::{Deserialize, Serialize};

/// The wire record: `{ DeviceToken, Status, UserProfile: {...}, UserFields: [{...}] }`.
#[derive(Deserialize, Default, Debug)]
pub struct UserRecord {
    #[serde(rename = "DeviceToken", alias = "deviceToken", default)]
    device_token: Option<String>,
    #[serde(
        rename = "Status",
        alias = "status",
        default,
        deserialize_with = "lenient::text"
    )]
    status: Option<String>,
    #[serde(rename = "UserProfile", alias = "userProfile", default)]
    profile: Option<WireProfile>,
    #[serde(
        rename = "UserFields",
        alias = "userFields",
        default,
        deserialize_with = "lenient::one_or_first"
    )]
    fields: Option<WireUserFields>,
}

#[derive(Deserialize, Default, Debug)]
#[serde(rename_all = "PascalCase")]
struct WireProfile {
    #[serde(alias = "firstName", default)]
    first_name: Option<String>,
    #[serde(alias = "lastName", default)]
    last_name: Option<String>,
    #[serde(alias = "nickname", default)]
    nickname: Option<String>,
    #[serde(alias = "email", default)]
    email: Option<String>,
    #[serde(alias = "phone", default)]
    phone: Option<String>,
    #[serde(alias = "birthday", default)]
    birthday: Option<String>,
    #[serde(alias = "gender", default, deserialize_with = "lenient::text")]
    gender: Option<String>,
    #[serde(alias = "maritalStatus", default, deserialize_with = "lenient::text")]
    marital_status: Option<String>,
    #[serde(alias = "childrenCount", default, deserialize_with = "lenient::count")]
    children_count: Option<u32>,
    #[serde(alias = "address", default)]
    address: Option<String>,
    #[serde(alias = "country", default)]
    country: Option<String>,
    #[serde(alias = "district", default)]
    district: Option<String>,
    #[serde(alias = "city", default)]
    city: Option<String>,
}

#[derive(Deserialize, Default, Debug)]
#[serde(rename_all = "PascalCase")]
struct WireUserFields {
    #[serde(
        alias = "ClientID",
        alias = "clientId",
        default,
        deserialize_with = "lenient::text"
    )]
    client_id: Option<String>,
    #[serde(alias = "enableTracking", default, deserialize_with = "lenient::flag")]
    enable_tracking: Option<bool>,
    #[serde(alias = "enableLogging", default, deserialize_with = "lenient::flag")]
    enable_logging: Option<bool>,
    #[serde(
        rename = "EnableRealTimeLocation",
        alias = "EnableRealtimeLocation",
        alias = "enableRealTimeLocation",
        alias = "enableRealtimeLocation",
        default,
        deserialize_with = "lenient::flag"
    )]
    enable_realtime_location: Option<bool>,
    #[serde(alias = "enabled", default, deserialize_with = "lenient::flag")]
    enabled: Option<bool>,
}

/// What `getUser()` resolves to: the signed-in user's profile, camelCase, nulls for unknowns.
#[derive(Serialize, Debug, Clone, PartialEq, Eq, Default)]
#[serde(rename_all = "camelCase")]
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
        SerdeJsonText::from_text(json.into())
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
