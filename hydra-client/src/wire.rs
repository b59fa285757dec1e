//! Serde building blocks the generated models use: key matching, timestamps, redaction and unknown members.

use std::fmt;

use serde::de::{self, DeserializeSeed, Deserializer, Visitor};
use serde::ser::{SerializeMap, Serializer};
use serde::{Deserialize, Serialize};
use time::format_description::well_known::Rfc3339 as Rfc3339Format;

/// A free-form JSON object, as used for `metadata`, `context` and session claims.
pub type JsonObject = serde_json::Map<String, serde_json::Value>;

/// Any JSON value.
pub type JsonValue = serde_json::Value;

/// A point in time with its UTC offset, sent as an RFC 3339 string.
pub type DateTime = time::OffsetDateTime;

/// A member name read from a JSON object: the index of a known field, or an unknown name to keep.
pub enum Key {
    /// Position of the name in the model's field list.
    Known(usize),
    /// A name the model does not declare.
    Unknown(String),
}

/// Reads one object key and matches it with a model's generated lookup, allocating only for unknown keys.
pub struct KeySeed(pub fn(&str) -> Option<usize>);

impl<'de> DeserializeSeed<'de> for KeySeed {
    type Value = Key;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Key, D::Error> {
        deserializer.deserialize_identifier(self)
    }
}

impl<'de> Visitor<'de> for KeySeed {
    type Value = Key;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an object member name")
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<Key, E> {
        Ok(match (self.0)(v) {
            Some(i) => Key::Known(i),
            None => Key::Unknown(v.to_owned()),
        })
    }

    fn visit_string<E: de::Error>(self, v: String) -> Result<Key, E> {
        Ok(match (self.0)(&v) {
            Some(i) => Key::Known(i),
            None => Key::Unknown(v),
        })
    }
}

/// Decodes an RFC 3339 timestamp string.
pub struct Rfc3339(pub DateTime);

impl<'de> Deserialize<'de> for Rfc3339 {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct V;
        impl Visitor<'_> for V {
            type Value = Rfc3339;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("an RFC 3339 timestamp string")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Rfc3339, E> {
                DateTime::parse(v, &Rfc3339Format)
                    .map(Rfc3339)
                    .map_err(|e| E::custom(format_args!("invalid RFC 3339 timestamp {v:?}: {e}")))
            }
        }
        deserializer.deserialize_str(V)
    }
}

/// Encodes a timestamp as an RFC 3339 string.
pub struct Rfc3339Ref<'a>(pub &'a DateTime);

impl Serialize for Rfc3339Ref<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let text = self.0.format(&Rfc3339Format).map_err(serde::ser::Error::custom)?;
        serializer.serialize_str(&text)
    }
}

/// Stands in for a secret in `Debug` output.
pub struct Redacted;

impl fmt::Debug for Redacted {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("<redacted>")
    }
}

/// Adds the names (not the values, which may be secret) of unknown members to a `Debug` print.
pub fn debug_extra(d: &mut fmt::DebugStruct<'_, '_>, extra: &JsonObject) {
    if !extra.is_empty() {
        let names: Vec<&String> = extra.keys().collect();
        d.field("extra", &names);
    }
}

/// Writes unknown members back out, skipping any that would repeat a modelled field.
pub fn serialize_extra<M: SerializeMap>(
    map: &mut M,
    extra: &JsonObject,
    known: fn(&str) -> Option<usize>,
) -> Result<(), M::Error> {
    for (k, v) in extra {
        if known(k).is_none() {
            map.serialize_entry(k, v)?;
        }
    }
    Ok(())
}
