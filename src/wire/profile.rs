//! The user record the service returns (`GET Management/users`), read leniently into the
//! camelCase profile JavaScript receives.

use crate::json::{read::string, Fields, Json, Kind, Member, Shape};
use crate::lenient;
use crate::wire::user::{marital_name, PARAMETERS, PERSON, TELEMATICS, USER};

/// Reads the record `{ DeviceToken, Status, UserProfile: {...}, UserFields: [{...}] }` into what
/// `getUser()` resolves to: `{ deviceToken, status, firstName, ..., city, clientId, telematics:
/// { enableTracking, enableLogging, enableRealtimeLocation, enabled } }`, every member present
/// and `null` where unknown. The birthday loses its time of day and the marital status is named.
///
/// ```
/// use telematics_user::json::{JsonText, SerdeJsonText};
/// use telematics_user::wire::profile::read;
/// let record = SerdeJsonText::new(r#"{"DeviceToken":"d","UserProfile":{"MaritalStatus":"1"}}"#);
/// let profile = record.decode(read).unwrap();
/// assert_eq!(profile.at("maritalStatus").text(), Some("Married"));
/// assert_eq!(profile.at("telematics").at("enabled"), &telematics_user::json::Json::Null);
/// ```
pub fn read(record: &Json) -> Result<Json, Shape> {
    record.object()?;
    let mut out = Fields::new()
        .with("deviceToken", string(record, "DeviceToken")?)
        .with("status", lenient::text(record, "Status")?);
    let (key, _) = record.entry("UserProfile");
    let person = record.object_at(key)?;
    for m in &USER[..PERSON] {
        out = out.with(m.name, person_field(person, m).map_err(|e| e.at_key(key))?);
    }
    let (key, fields) = record.entry("UserFields");
    let fields = lenient::one_or_first(fields, user_fields).map_err(|e| e.at_key(key))?;
    let (client_id, flags) = match fields {
        Some(fields) => fields,
        None => user_fields(&NO_PERSON)?,
    };
    Ok(out
        .with("clientId", client_id)
        .with("telematics", flags)
        .build())
}

// An absent object, whose members all read as `null`.
static NO_PERSON: Json = Json::Object(Vec::new());

/// One of the person's fields (`null` when the person is), by its kind in [`USER`].
fn person_field(person: &Json, m: &Member) -> Result<Json, Shape> {
    let key = m.wire;
    Ok(match (m.name, m.kind) {
        ("birthday", _) => string(person, key)?.map(|b| date_part(&b)).into(),
        ("maritalStatus", _) => lenient::text(person, key)?.map(|m| marital_name(&m)).into(),
        (_, Kind::Code) => lenient::text(person, key)?.into(),
        (_, Kind::Number) => lenient::count(person, key)?.map(u64::from).into(),
        _ => string(person, key)?.into(),
    })
}

/// `UserFields`: the client id and the telematics parameters, camelCase.
fn user_fields(json: &Json) -> Result<(Option<String>, Json), Shape> {
    json.object()?;
    let client_id = lenient::text(json, "ClientId")?;
    let mut flags = Fields::new();
    for m in &TELEMATICS[..PARAMETERS] {
        flags = flags.with(m.name, lenient::flag(json, m.wire)?);
    }
    Ok((client_id, flags.build()))
}

/// `1989-02-17T00:00:00` → `1989-02-17`; anything else passes through.
fn date_part(value: &str) -> String {
    match value.get(..10) {
        Some(d)
            if crate::wire::user::is_iso_date(d)
                && (value.len() == 10 || value[10..].starts_with("T")) =>
        {
            d.to_string()
        }
        _ => value.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::json::{DecodeError, JsonText, SerdeJsonText};

    fn profile(json: &str) -> Result<Json, DecodeError> {
        SerdeJsonText::new(json).decode(read)
    }

    #[test]
    fn reads_the_documented_record() {
        let p = profile(r#"{"DeviceToken":"d","Status":"Active","UserProfile":{"FirstName":"Ann","Birthday":"1989-02-17T00:00:00","Gender":"Female","MaritalStatus":"4","ChildrenCount":"2"},"UserFields":[{"ClientId":"c","EnableLogging":false,"EnableRealTimeLocation":true,"EnableTracking":true,"Enabled":true}]}"#).unwrap();
        assert_eq!(
            p.to_text(),
            r#"{"deviceToken":"d","status":"Active","firstName":"Ann","lastName":null,"nickname":null,"email":null,"phone":null,"birthday":"1989-02-17","gender":"Female","maritalStatus":"Single","childrenCount":2,"address":null,"country":null,"district":null,"city":null,"clientId":"c","telematics":{"enableTracking":true,"enableLogging":false,"enableRealtimeLocation":true,"enabled":true}}"#
        );
    }

    #[test]
    fn lenient_forms() {
        let p = profile(r#"{"userFields":{"EnableRealtimeLocation":"True","Enabled":"false"},"UserProfile":{"MaritalStatus":1,"ChildrenCount":null,"Gender":2,"city":"Oslo"}}"#).unwrap();
        let t = p.at("telematics");
        assert_eq!(t.at("enableRealtimeLocation"), &Json::Bool(true));
        assert_eq!(t.at("enabled"), &Json::Bool(false));
        assert_eq!(t.at("enableTracking"), &Json::Null);
        assert_eq!(p.at("maritalStatus").text(), Some("Married"));
        assert_eq!(p.at("gender").text(), Some("2"));
        assert_eq!(p.at("city").text(), Some("Oslo"));
        assert_eq!(p.at("childrenCount"), &Json::Null);
        let empty = profile(r#"{"UserFields":[]}"#).unwrap();
        assert_eq!(empty, profile("{}").unwrap());
        assert_eq!(empty.at("telematics").object().unwrap().len(), 4);
        assert_eq!(
            profile(r#"{"UserProfile":{"Birthday":"17.02.1989"}}"#)
                .unwrap()
                .at("birthday")
                .text(),
            Some("17.02.1989")
        );
    }

    #[test]
    fn the_profile_names_the_persons_fields() {
        let names: Vec<&str> = USER[..PERSON].iter().map(|m| m.name).collect();
        assert_eq!(
            names,
            [
                "firstName",
                "lastName",
                "nickname",
                "email",
                "phone",
                "birthday",
                "gender",
                "maritalStatus",
                "childrenCount",
                "address",
                "country",
                "district",
                "city"
            ]
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
            (
                r#"{"UserProfile":{"childrenCount":-2}}"#,
                "UserProfile.childrenCount",
            ),
            (r#"{"UserProfile":"x"}"#, "UserProfile"),
            (r#"{"DeviceToken":{}}"#, "DeviceToken"),
            (r#"[]"#, "."),
        ] {
            assert_eq!(
                profile(json).unwrap_err(),
                DecodeError::Shape(path.into()),
                "{json}"
            );
        }
    }
}
