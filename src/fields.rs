//! The field names a `Deserialize` struct accepts, read from serde's own metadata.
//!
//! Not every deserializer enforces `deny_unknown_fields` (serde-wasm-bindgen reads a struct by
//! asking for each known field, so it never sees the others). The wasm shell uses these lists to
//! reject a misspelt option or input key (`firstname`, `instanceID`) instead of ignoring it.

use serde::de::{self, Deserialize, Deserializer, Visitor};

/// The names (aliases included) that `T`'s derived `Deserialize` accepts; empty if `T` is not a
/// struct.
///
/// ```
/// use telematics_user::fields::of;
/// use telematics_user::wire::user::Telematics;
/// assert!(of::<Telematics>().contains(&"enableTracking"));
/// ```
pub fn of<'de, T: Deserialize<'de>>() -> &'static [&'static str] {
    let mut fields: &'static [&'static str] = &[];
    let _ = T::deserialize(Introspect(&mut fields));
    fields
}

/// The first key of `keys` that `T` does not accept.
pub fn first_unknown<'de, T, I, K>(keys: I) -> Option<K>
where
    T: Deserialize<'de>,
    I: IntoIterator<Item = K>,
    K: AsRef<str>,
{
    let known = of::<T>();
    keys.into_iter().find(|k| !known.contains(&k.as_ref()))
}

struct Introspect<'a>(&'a mut &'static [&'static str]);

impl<'de> Deserializer<'de> for Introspect<'_> {
    type Error = de::value::Error;

    fn deserialize_any<V: Visitor<'de>>(self, _: V) -> Result<V::Value, Self::Error> {
        Err(de::Error::custom("not a struct"))
    }

    fn deserialize_struct<V: Visitor<'de>>(
        self,
        _: &'static str,
        fields: &'static [&'static str],
        _: V,
    ) -> Result<V::Value, Self::Error> {
        *self.0 = fields;
        Err(de::Error::custom("introspected"))
    }

    serde::forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string bytes byte_buf
        option unit unit_struct newtype_struct seq tuple tuple_struct map enum identifier
        ignored_any
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::{EndpointOptions, Options};
    use crate::wire::user::{Telematics, UserInput};

    #[test]
    fn lists_fields_and_aliases() {
        assert!(of::<UserInput>().contains(&"firstName"));
        assert!(of::<UserInput>().contains(&"telematics"));
        assert!(of::<Options>().contains(&"instanceKey"));
        assert!(of::<EndpointOptions>().contains(&"registerMany"));
        let t = of::<Telematics>();
        assert!(
            t.contains(&"enableRealtimeLocation") && t.contains(&"enableRealTimeLocation"),
            "{t:?}"
        );
        assert!(of::<u32>().is_empty());
    }

    #[test]
    fn finds_the_first_unknown_key() {
        assert_eq!(
            first_unknown::<Options, _, _>(["baseUrl", "instanceID", "x"]),
            Some("instanceID")
        );
        assert_eq!(
            first_unknown::<Options, _, _>(["baseUrl", "fetch", "store"]),
            None
        );
    }
}
