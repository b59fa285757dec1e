//! Serde building blocks the generated models use: key matching, timestamps, redaction and unknown members.

use std::fmt;

use serde::de::{self, DeserializeSeed, Deserializer, Visitor};
use serde::ser::{SerializeMap, Serializer};
use serde::{Deserialize, Serialize};
use time::format_description::well_known::Rfc3339 as Rfc3339Format;

/// A parsed JSON object: the members of a model this version of the client does not declare.
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

/// A JSON object kept as the exact text the server sent, as used for `metadata`, `context` and session
/// claims.
///
/// These members are free-form: only the application knows their shape. Keeping the text instead of
/// building a tree of `serde_json::Value`s costs one allocation instead of one per member, and loses
/// nothing: key order, number precision and duplicate keys all survive a read-modify-write cycle.
/// Decode it into your own type with [`RawObject::decode`], or into a map with [`RawObject::to_map`].
///
/// It (de)serializes through `serde_json` only (the wire format of this crate); to store a model in
/// another format, convert these members with [`RawObject::to_map`] first.
#[derive(Clone)]
pub struct RawObject(Box<serde_json::value::RawValue>);

impl RawObject {
    /// Serializes `value` (a struct, a map, a `json!({...})`...) into an object.
    ///
    /// # Errors
    /// Fails when `value` cannot be serialized or does not serialize to a JSON object.
    pub fn new<T: Serialize + ?Sized>(value: &T) -> Result<Self, serde_json::Error> {
        Self::check(serde_json::value::to_raw_value(value)?)
    }

    /// Takes JSON text that must hold one object.
    ///
    /// # Errors
    /// Fails when `text` is not valid JSON or not an object.
    pub fn from_json(text: impl Into<String>) -> Result<Self, serde_json::Error> {
        Self::check(serde_json::value::RawValue::from_string(text.into())?)
    }

    fn check(raw: Box<serde_json::value::RawValue>) -> Result<Self, serde_json::Error> {
        if raw.get().starts_with('{') {
            Ok(Self(raw))
        } else {
            Err(<serde_json::Error as de::Error>::invalid_type(unexpected_of(raw.get()), &"a JSON object"))
        }
    }

    /// The JSON text, exactly as received (or as serialized by [`RawObject::new`]).
    #[must_use]
    pub fn as_json(&self) -> &str {
        self.0.get()
    }

    /// Decodes the object into `T`, which may borrow strings from it.
    ///
    /// # Errors
    /// Fails when the object does not have the shape `T` expects.
    pub fn decode<'a, T: Deserialize<'a>>(&'a self) -> Result<T, serde_json::Error> {
        serde_json::from_str(self.0.get())
    }

    /// Parses the object into a map of `serde_json::Value`s.
    #[must_use]
    pub fn to_map(&self) -> JsonObject {
        // The text was checked to be a JSON object when this value was made.
        serde_json::from_str(self.0.get()).unwrap_or_default()
    }

    /// The member `key`, parsed. This parses the whole object on every call: to read several members,
    /// [`decode`](RawObject::decode) once into your own type or [`to_map`](RawObject::to_map).
    #[must_use]
    pub fn get(&self, key: &str) -> Option<serde_json::Value> {
        self.to_map().remove(key)
    }

    /// Whether the object has no members.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.0.get()[1..].trim_start().starts_with('}')
    }
}

/// The kind of a JSON value from its first character, for "expected an object, found ..." errors.
fn unexpected_of(text: &str) -> de::Unexpected<'static> {
    match text.as_bytes().first() {
        Some(b'[') => de::Unexpected::Seq,
        Some(b'"') => de::Unexpected::Other("a string"),
        Some(b't' | b'f') => de::Unexpected::Other("a boolean"),
        Some(b'n') => de::Unexpected::Unit,
        _ => de::Unexpected::Other("a number"),
    }
}

impl Default for RawObject {
    /// An object with no members.
    fn default() -> Self {
        Self::from_json("{}").unwrap_or_else(|_| unreachable!("`{{}}` is a JSON object"))
    }
}

impl PartialEq for RawObject {
    /// Compares the objects' meaning, so `{"a":1}` equals `{ "a": 1 }`.
    fn eq(&self, other: &Self) -> bool {
        self.as_json() == other.as_json() || self.to_map() == other.to_map()
    }
}

impl fmt::Debug for RawObject {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_json())
    }
}

impl fmt::Display for RawObject {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_json())
    }
}

impl From<JsonObject> for RawObject {
    fn from(map: JsonObject) -> Self {
        // Serializing a map of `Value`s into a string cannot fail (its keys are strings).
        Self::new(&map).unwrap_or_default()
    }
}

impl TryFrom<serde_json::Value> for RawObject {
    type Error = serde_json::Error;

    fn try_from(value: serde_json::Value) -> Result<Self, serde_json::Error> {
        Self::new(&value)
    }
}

impl Serialize for RawObject {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.0.serialize(serializer)
    }
}

impl<'de> Deserialize<'de> for RawObject {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let raw = Box::<serde_json::value::RawValue>::deserialize(deserializer)?;
        if raw.get().starts_with('{') {
            Ok(Self(raw))
        } else {
            Err(de::Error::invalid_type(unexpected_of(raw.get()), &"a JSON object"))
        }
    }
}

/// What the generated string enums share: the lookup of known values, and the wire text.
pub trait StrEnum: Sized {
    /// What a decode error says was expected.
    const EXPECTING: &'static str;
    /// The named variant for `s`, if there is one.
    fn known(s: &str) -> Option<Self>;
    /// The catch-all variant for any other string.
    fn other(s: String) -> Self;
    /// The value as sent on the wire.
    fn as_wire(&self) -> &str;
}

/// Decodes a generated string enum; allocates only for values kept in `Other`.
pub struct StrEnumVisitor<T>(pub std::marker::PhantomData<T>);

impl<T: StrEnum> Visitor<'_> for StrEnumVisitor<T> {
    type Value = T;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(T::EXPECTING)
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<T, E> {
        Ok(T::known(v).unwrap_or_else(|| T::other(v.to_owned())))
    }

    fn visit_string<E: de::Error>(self, v: String) -> Result<T, E> {
        Ok(match T::known(&v) {
            Some(known) => known,
            None => T::other(v),
        })
    }
}

/// The trait impls every generated string enum gets: conversions from strings, `Display`, `AsRef<str>`,
/// serde, and use as a request parameter.
macro_rules! str_enum_impls {
    ($name:ident) => {
        impl ::core::convert::From<&str> for $name {
            fn from(s: &str) -> Self {
                <Self as crate::__rt::StrEnum>::known(s).unwrap_or_else(|| Self::Other(s.to_owned()))
            }
        }

        impl ::core::convert::From<::std::string::String> for $name {
            fn from(s: ::std::string::String) -> Self {
                match <Self as crate::__rt::StrEnum>::known(&s) {
                    ::core::option::Option::Some(known) => known,
                    ::core::option::Option::None => Self::Other(s),
                }
            }
        }

        impl ::core::str::FromStr for $name {
            type Err = ::core::convert::Infallible;
            fn from_str(s: &str) -> ::core::result::Result<Self, Self::Err> {
                ::core::result::Result::Ok(Self::from(s))
            }
        }

        impl ::core::convert::AsRef<str> for $name {
            fn as_ref(&self) -> &str {
                self.as_str()
            }
        }

        impl ::core::fmt::Display for $name {
            fn fmt(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl ::serde::Serialize for $name {
            fn serialize<S: ::serde::Serializer>(&self, serializer: S) -> ::core::result::Result<S::Ok, S::Error> {
                serializer.serialize_str(self.as_str())
            }
        }

        impl<'de> ::serde::Deserialize<'de> for $name {
            fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> ::core::result::Result<Self, D::Error> {
                deserializer.deserialize_str(crate::__rt::StrEnumVisitor(::core::marker::PhantomData))
            }
        }

        impl crate::__rt::ParamValue for $name {
            fn as_param(&self) -> ::std::borrow::Cow<'_, str> {
                ::std::borrow::Cow::Borrowed(self.as_str())
            }
        }
    };
}
pub(crate) use str_enum_impls;
