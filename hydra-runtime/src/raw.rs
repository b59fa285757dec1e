//! Free-form JSON kept as the text the server sent: [`RawObject`] for objects such as `metadata`, and
//! [`UnknownMembers`] for the members of a model that this version of the client does not declare.
//!
//! Both (de)serialize byte for byte through serde_json, the wire format, and as ordinary values through
//! any other serde format, since serde_json's raw values only work with serde_json itself.

use std::fmt;

use serde::de::{self, value::MapAccessDeserializer, Deserializer, MapAccess, Visitor};
use serde::ser::{Error as _, SerializeMap, Serializer};
use serde::{Deserialize, Serialize};
use serde_json::value::RawValue;

use crate::JsonObject;

/// What a [`RawObject`] decode error says was expected. The error is raised after the whole value was read,
/// so serde_json places it late; `decode` recognises this text in the message and asks
/// `json_path::path_of_late_error` to name the member anyway.
pub(crate) const RAW_OBJECT_EXPECTING: &str = "a JSON object";

/// A JSON object kept as the exact text the server sent, as used for `metadata`, `context` and session
/// claims.
///
/// These members are free-form: only the application knows their shape. Keeping the text instead of
/// building a tree of `serde_json::Value`s costs one allocation instead of one per member, and loses
/// nothing: key order, number precision and duplicate keys all survive a read-modify-write cycle.
/// Decode it into your own type with [`RawObject::decode`], or into a map with [`RawObject::to_map`].
///
/// Through serde_json it is written and read as the exact text. Any other serde format (YAML, TOML, ...)
/// gets and gives the object itself, so models that hold one can be kept in such files; the members are
/// written in the order of the text and read in the order the format gives them (TOML needs its
/// `preserve_order` feature for that, or it hands tables over sorted).
#[derive(Clone)]
pub struct RawObject(Box<RawValue>);

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
        Self::check(RawValue::from_string(text.into())?)
    }

    /// Accepts `raw` when it holds an object; the error type is the caller's (serde_json's or a
    /// deserializer's).
    fn check<E: de::Error>(raw: Box<RawValue>) -> Result<Self, E> {
        if raw.get().starts_with('{') {
            Ok(Self(raw))
        } else {
            Err(E::invalid_type(unexpected_of(raw.get()), &RAW_OBJECT_EXPECTING))
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
    ///
    /// # Errors
    /// The text is always a valid JSON object, but it may nest deeper than serde_json builds values
    /// (128 levels); that is reported here rather than lost.
    pub fn to_map(&self) -> Result<JsonObject, serde_json::Error> {
        serde_json::from_str(self.0.get())
    }

    /// The member `key`, parsed. This parses the whole object on every call: to read several members,
    /// [`decode`](RawObject::decode) once into your own type or [`to_map`](RawObject::to_map).
    /// `None` when there is no such member, or when the object nests too deeply to parse (which
    /// [`to_map`](RawObject::to_map) reports as an error).
    #[must_use]
    pub fn get(&self, key: &str) -> Option<serde_json::Value> {
        self.to_map().ok()?.get(key).cloned()
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
        if self.as_json() == other.as_json() {
            return true;
        }
        // Objects too deep for serde_json to build (the text itself has no depth limit) are equal only
        // when their texts are.
        match (self.to_map(), other.to_map()) {
            (Ok(a), Ok(b)) => a == b,
            _ => false,
        }
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
        // `Value`'s `Display` is compiled inside serde_json; `RawObject::new` would compile its serializer
        // here again. Printing a map of `Value`s always gives a valid object.
        Self::from_json(serde_json::Value::Object(map).to_string()).unwrap_or_default()
    }
}

impl TryFrom<serde_json::Value> for RawObject {
    type Error = serde_json::Error;

    /// Fails when `value` is not an object.
    fn try_from(value: serde_json::Value) -> Result<Self, serde_json::Error> {
        Self::from_json(value.to_string())
    }
}

impl Serialize for RawObject {
    /// Writes the text verbatim through serde_json; other formats get the object it holds.
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serialize_raw(&self.0, serializer)
    }
}

impl<'de> Deserialize<'de> for RawObject {
    /// Takes the text as it is from serde_json, and builds it from the object any other format holds.
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        Self::check(deserialize_raw(deserializer)?)
    }
}

/// The name serde_json gives its raw-value requests: a deserializer that knows it hands over the text of
/// the next value instead of the value. It is serde_json's own (private) protocol, relied on the way
/// `Box<RawValue>`'s own `Deserialize` relies on it; `raw_values_come_from_serde_json_verbatim` checks
/// that serde_json still answers it.
const RAW_TOKEN: &str = "$serde_json::private::RawValue";

/// Whether `S` is one of serde_json's serializers (text or `to_value`), which take raw text as it is.
/// serde cannot ask a serializer for its format; serde_json's serializers are those whose error type is
/// serde_json's, and both names come from the same compiler, so they are equal exactly for that type.
fn writes_json<S: Serializer>() -> bool {
    std::any::type_name::<S::Error>() == std::any::type_name::<serde_json::Error>()
}

/// Writes raw JSON text: verbatim to serde_json, and as the value it holds to any other format, which
/// would otherwise get serde_json's private raw-value wrapper. Other formats get the members straight
/// from the text ([`InOrder`]) rather than through a `serde_json::Value`, whose map sorts them: YAML or
/// TOML written from a model keep `metadata` and `context` members in the server's order.
fn serialize_raw<S: Serializer>(raw: &RawValue, serializer: S) -> Result<S::Ok, S::Error> {
    if writes_json::<S>() {
        raw.serialize(serializer)
    } else {
        InOrder(raw).serialize(serializer)
    }
}

/// A JSON value written to another format straight from its text, members in the order of the text.
///
/// Not `serde_transcode`: its values can be serialized once only and panic on a second time, and TOML's
/// serializer writes a value twice (once to learn whether it is a table). This one re-reads borrowed text,
/// so it can be written any number of times; each object or array level costs one small vector.
struct InOrder<'a>(&'a RawValue);

impl Serialize for InOrder<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let text = self.0.get();
        match text.trim_start().as_bytes().first() {
            Some(b'{') => {
                let members = serde_json::from_str::<Members<'_>>(text).map_err(S::Error::custom)?.0;
                let mut map = serializer.serialize_map(Some(members.len()))?;
                for (name, value) in &members {
                    map.serialize_entry(name, &InOrder(value))?;
                }
                map.end()
            }
            Some(b'[') => {
                let items = serde_json::from_str::<Vec<&RawValue>>(text).map_err(S::Error::custom)?;
                serializer.collect_seq(items.iter().map(|item| InOrder(item)))
            }
            _ => serde_json::from_str::<serde_json::Value>(text).map_err(S::Error::custom)?.serialize(serializer),
        }
    }
}

/// The members of one JSON object in text order, each value still as its text.
struct Members<'a>(Vec<(String, &'a RawValue)>);

impl<'de: 'a, 'a> Deserialize<'de> for Members<'a> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct MembersVisitor<'a>(std::marker::PhantomData<&'a ()>);
        impl<'de: 'a, 'a> Visitor<'de> for MembersVisitor<'a> {
            type Value = Members<'a>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a JSON object")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Members<'a>, A::Error> {
                let mut members = Vec::with_capacity(map.size_hint().unwrap_or(0));
                while let Some(member) = map.next_entry::<String, &'de RawValue>()? {
                    members.push(member);
                }
                Ok(Members(members))
            }
        }
        deserializer.deserialize_map(MembersVisitor(std::marker::PhantomData))
    }
}

/// Reads one value as raw JSON text (see [`RawVisitor`]).
fn deserialize_raw<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Box<RawValue>, D::Error> {
    deserializer.deserialize_newtype_struct(RAW_TOKEN, RawVisitor)
}

/// serde_json answers the raw-value request with a one-member map holding the text, which
/// `Box<RawValue>` reads without parsing it again (one allocation); other formats offer the value itself,
/// which is written out as JSON text.
struct RawVisitor;

impl<'de> Visitor<'de> for RawVisitor {
    type Value = Box<RawValue>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any JSON value")
    }

    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Box<RawValue>, A::Error> {
        Box::<RawValue>::deserialize(MapAccessDeserializer::new(map))
    }

    fn visit_newtype_struct<D: Deserializer<'de>>(self, deserializer: D) -> Result<Box<RawValue>, D::Error> {
        // Streamed into JSON text as the other format reads it (no `serde_json::Value` in between), so
        // members keep the order they have in the YAML or TOML file.
        let mut text = Vec::new();
        serde_transcode::transcode(deserializer, &mut serde_json::Serializer::new(&mut text))
            .map_err(de::Error::custom)?;
        let text = String::from_utf8(text).map_err(de::Error::custom)?;
        RawValue::from_string(text).map_err(de::Error::custom)
    }
}

/// One unknown member's value while a model is decoded. Not part of the public API.
#[doc(hidden)]
pub struct RawMember(Box<RawValue>);

impl<'de> Deserialize<'de> for RawMember {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserialize_raw(deserializer).map(RawMember)
    }
}

/// The members of a JSON object that this version of the client does not model, each kept as the exact
/// JSON text the server sent and in the order it sent them, so they go back unchanged: big integers,
/// decimals such as `1.50`, escapes and nested values included.
///
/// Read them with [`get`](Self::get) (parsed into a `serde_json::Value`), [`get_json`](Self::get_json)
/// (the text) or [`decode`](Self::decode) (into your own type). `Debug` shows their names only, since
/// an unknown member may hold a secret. Two sets are equal when they have the same names with values of
/// the same meaning, in any order.
#[derive(Clone, Default)]
pub struct UnknownMembers(Vec<(String, Box<RawValue>)>);

impl UnknownMembers {
    /// No members.
    #[must_use]
    pub fn new() -> Self {
        Self(Vec::new())
    }

    /// How many members there are.
    #[must_use]
    pub fn len(&self) -> usize {
        self.0.len()
    }

    /// Whether there are none.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// Whether there is a member `name`.
    #[must_use]
    pub fn contains_key(&self, name: &str) -> bool {
        self.position(name).is_some()
    }

    /// The names, in order.
    pub fn keys(&self) -> impl Iterator<Item = &str> {
        self.0.iter().map(|(k, _)| k.as_str())
    }

    /// The names and JSON texts, in order.
    pub fn iter(&self) -> impl Iterator<Item = (&str, &str)> {
        self.0.iter().map(|(k, v)| (k.as_str(), v.get()))
    }

    /// The JSON text of member `name`, exactly as received.
    #[must_use]
    pub fn get_json(&self, name: &str) -> Option<&str> {
        self.position(name).map(|i| self.0[i].1.get())
    }

    /// Member `name`, parsed. `serde_json::Value` holds numbers as 64-bit integers or floats: read a
    /// number beyond those with [`get_json`](Self::get_json) or [`decode`](Self::decode). `None` also
    /// when the value nests deeper than serde_json parses (128 levels).
    #[must_use]
    pub fn get(&self, name: &str) -> Option<serde_json::Value> {
        serde_json::from_str(self.get_json(name)?).ok()
    }

    /// Member `name` decoded into `T`, which may borrow from it; `None` when there is no such member.
    pub fn decode<'a, T: Deserialize<'a>>(&'a self, name: &str) -> Option<Result<T, serde_json::Error>> {
        self.get_json(name).map(serde_json::from_str)
    }

    /// Sets member `name` (in place when it exists, else at the end).
    pub fn insert(&mut self, name: impl Into<String>, value: serde_json::Value) {
        // Printing a `Value` always gives valid JSON, so the text needs no second check.
        let raw = serde_json::value::to_raw_value(&value).unwrap_or_else(|_| unreachable_null());
        self.set(name.into(), raw);
    }

    /// Sets member `name` to the given JSON text, kept as it is.
    ///
    /// # Errors
    /// When `text` is not one valid JSON value.
    pub fn insert_json(&mut self, name: impl Into<String>, text: impl Into<String>) -> Result<(), serde_json::Error> {
        let raw = RawValue::from_string(text.into())?;
        self.set(name.into(), raw);
        Ok(())
    }

    /// Removes member `name` and returns its JSON text.
    pub fn remove(&mut self, name: &str) -> Option<String> {
        let i = self.position(name)?;
        Some(String::from(Box::<str>::from(self.0.remove(i).1)))
    }

    /// Adds a member read by a generated model's decoder; a repeated name keeps the last value, as
    /// serde_json's maps do. Not part of the public API.
    #[doc(hidden)]
    pub fn __push(&mut self, name: String, value: RawMember) {
        self.set(name, value.0);
    }

    /// Writes every member whose name `known` does not claim into `map`. Not part of the public API.
    #[doc(hidden)]
    pub fn __serialize_into<M: SerializeMap>(
        &self,
        map: &mut M,
        known: fn(&str) -> Option<usize>,
    ) -> Result<(), M::Error> {
        for (k, v) in &self.0 {
            if known(k).is_none() {
                map.serialize_entry(k, &RawRef(v))?;
            }
        }
        Ok(())
    }

    fn position(&self, name: &str) -> Option<usize> {
        self.0.iter().position(|(k, _)| k == name)
    }

    fn set(&mut self, name: String, raw: Box<RawValue>) {
        match self.position(&name) {
            Some(i) => self.0[i].1 = raw,
            None => self.0.push((name, raw)),
        }
    }
}

/// `null`, for the conversion that cannot fail.
fn unreachable_null() -> Box<RawValue> {
    RawValue::from_string("null".into()).unwrap_or_else(|_| unreachable!("`null` is JSON"))
}

/// A raw value to serialize (see [`serialize_raw`]).
struct RawRef<'a>(&'a RawValue);

impl Serialize for RawRef<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serialize_raw(self.0, serializer)
    }
}

impl fmt::Debug for UnknownMembers {
    /// The names only: the values may be secret.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_list().entries(self.keys()).finish()
    }
}

impl PartialEq for UnknownMembers {
    fn eq(&self, other: &Self) -> bool {
        self.len() == other.len()
            && self.0.iter().all(|(k, v)| other.get_json(k).is_some_and(|w| v.get() == w || same_meaning(v.get(), w)))
    }
}

/// Whether two JSON texts parse to equal values (texts too deep to parse are equal only as texts).
fn same_meaning(a: &str, b: &str) -> bool {
    match (serde_json::from_str::<serde_json::Value>(a), serde_json::from_str::<serde_json::Value>(b)) {
        (Ok(a), Ok(b)) => a == b,
        _ => false,
    }
}

impl From<JsonObject> for UnknownMembers {
    fn from(map: JsonObject) -> Self {
        map.into_iter().collect()
    }
}

impl FromIterator<(String, serde_json::Value)> for UnknownMembers {
    fn from_iter<I: IntoIterator<Item = (String, serde_json::Value)>>(iter: I) -> Self {
        let mut members = Self::new();
        for (k, v) in iter {
            members.insert(k, v);
        }
        members
    }
}

impl Serialize for UnknownMembers {
    /// A JSON object of the members, in order.
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(Some(self.len()))?;
        self.__serialize_into(&mut map, |_| None)?;
        map.end()
    }
}

impl<'de> Deserialize<'de> for UnknownMembers {
    /// From an object; each member's value is kept as its text.
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = UnknownMembers;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("an object")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<UnknownMembers, A::Error> {
                let mut members = UnknownMembers::new();
                while let Some(k) = map.next_key::<String>()? {
                    members.__push(k, map.next_value()?);
                }
                Ok(members)
            }
        }
        deserializer.deserialize_map(V)
    }
}

#[cfg(test)]
mod tests {
    use serde::Deserialize;
    use serde_json::json;

    use super::{RawObject, UnknownMembers};

    #[test]
    fn new_and_from_json_accept_objects_only() {
        let obj = RawObject::new(&json!({"a": 1})).unwrap();
        assert_eq!(obj.as_json(), r#"{"a":1}"#);
        let text = r#"{ "z": 1, "a": [true, null] }"#;
        assert_eq!(RawObject::from_json(text).unwrap().as_json(), text, "the text is kept as given");
        assert_eq!(RawObject::from_json("  {}\n").unwrap().as_json(), "{}", "surrounding whitespace is dropped");

        for value in [json!([1, 2]), json!("x"), json!(5), json!(1.5), json!(true), json!(null)] {
            let err = RawObject::new(&value).unwrap_err();
            assert!(err.to_string().contains("a JSON object"), "{value}: {err}");
            assert!(RawObject::try_from(value.clone()).is_err(), "{value}");
        }
        for text in ["[1,2]", r#""x""#, "5", "-1", "true", "false", "null", " [ ]"] {
            let err = RawObject::from_json(text).unwrap_err();
            assert!(err.to_string().contains("a JSON object"), "{text}: {err}");
        }
        // Not JSON at all, or an object followed by more text.
        for text in ["", "{", "{} {}", "{\"a\":}", "{'a':1}"] {
            assert!(RawObject::from_json(text).is_err(), "{text:?} was accepted");
        }
    }

    #[test]
    fn non_objects_are_reported_by_kind() {
        let kind = |text: &str| RawObject::from_json(text).unwrap_err().to_string();
        assert!(kind("[1]").contains("sequence"), "{}", kind("[1]"));
        assert!(kind(r#""x""#).contains("a string"), "{}", kind(r#""x""#));
        assert!(kind("true").contains("a boolean"), "{}", kind("true"));
        assert!(kind("-3").contains("a number"), "{}", kind("-3"));
        assert!(kind("null").contains("invalid type: null"), "{}", kind("null"));
    }

    #[test]
    fn deserializing_a_non_object_fails() {
        for text in ["[1,2]", r#""x""#, "5", "1.0", "true", "false"] {
            let err = serde_json::from_str::<RawObject>(text).unwrap_err();
            assert!(err.to_string().contains("expected a JSON object"), "{text}: {err}");
        }
        // Through `Option`, `null` is the absence of an object, anything else must be one.
        assert_eq!(serde_json::from_str::<Option<RawObject>>("null").unwrap(), None);
        assert!(serde_json::from_str::<Option<RawObject>>("[]").is_err());
        assert!(serde_json::from_str::<RawObject>("null").is_err());
        let got: RawObject = serde_json::from_str(" {\"k\" : [1, 2.50]} ").unwrap();
        assert_eq!(got.as_json(), "{\"k\" : [1, 2.50]}");
        // From a parsed `Value` as well.
        let got: RawObject = serde_json::from_value(json!({"k": 1})).unwrap();
        assert_eq!(got.get("k"), Some(json!(1)));
        assert!(serde_json::from_value::<RawObject>(json!([1])).is_err());
    }

    #[test]
    fn serializing_writes_the_text_verbatim() {
        let text = r#"{"z":1,"a":123456789012345678901234567890,"f":1.0,"s":"\u00e9\"\\"}"#;
        let obj = RawObject::from_json(text).unwrap();
        assert_eq!(serde_json::to_string(&obj).unwrap(), text);
        let wrapped = serde_json::to_string(&json!({"m": serde_json::to_value(&obj).unwrap()})).unwrap();
        assert!(wrapped.starts_with(r#"{"m":{"#), "{wrapped}");
        #[derive(serde::Serialize)]
        struct Holder<'a> {
            m: &'a RawObject,
        }
        assert_eq!(serde_json::to_string(&Holder { m: &obj }).unwrap(), format!(r#"{{"m":{text}}}"#));
    }

    #[test]
    fn is_empty_looks_at_members_not_text() {
        assert!(RawObject::from_json("{}").unwrap().is_empty());
        assert!(RawObject::from_json("{ }").unwrap().is_empty());
        assert!(RawObject::from_json("{\n\t }").unwrap().is_empty());
        assert!(RawObject::default().is_empty());
        assert!(!RawObject::from_json(r#"{"a":1}"#).unwrap().is_empty());
        assert!(!RawObject::from_json(r#"{ "a": {} }"#).unwrap().is_empty());
        assert!(!RawObject::from_json(r#"{"":null}"#).unwrap().is_empty());
    }

    #[test]
    fn equality_is_by_meaning() {
        let a = RawObject::from_json(r#"{"a":1,"b":2}"#).unwrap();
        let b = RawObject::from_json(r#"{ "b": 2, "a": 1 }"#).unwrap();
        assert_eq!(a, b);
        assert_eq!(a, RawObject::new(&json!({"b": 2, "a": 1})).unwrap());
        assert_eq!(RawObject::from_json(r#"{"s":"\u00e9"}"#).unwrap(), RawObject::from_json(r#"{"s":"é"}"#).unwrap());
        assert_ne!(a, RawObject::from_json(r#"{"a":1,"b":3}"#).unwrap());
        assert_ne!(a, RawObject::from_json(r#"{"a":1}"#).unwrap());
        assert_ne!(a, RawObject::from_json(r#"{"a":1,"b":2,"c":null}"#).unwrap());
        assert_ne!(a, RawObject::from_json(r#"{"a":"1","b":2}"#).unwrap());
        assert_ne!(RawObject::default(), a);
        assert_eq!(RawObject::default(), RawObject::from_json("{ }").unwrap());
    }

    /// An object nested deeper than serde_json's recursion limit (128) is accepted as text, but cannot be
    /// parsed into a map: two different ones must not compare equal through an empty fallback map.
    #[test]
    fn objects_too_deep_to_parse_compare_by_text() {
        let deep = |leaf: &str| format!("{{\"a\":{}{leaf}{}}}", "[".repeat(200), "]".repeat(200));
        let one = RawObject::from_json(deep("1")).unwrap();
        let two = RawObject::from_json(deep("2")).unwrap();
        assert_ne!(one, two);
        assert_ne!(one, RawObject::default());
        assert_eq!(one, RawObject::from_json(deep("1")).unwrap());
        assert_eq!(one.as_json(), deep("1"), "the text is kept whole");
        assert!(!one.is_empty());
        let err = one.to_map().unwrap_err();
        assert!(err.to_string().contains("recursion limit"), "{err}");
        assert_eq!(one.get("a"), None);
    }

    #[test]
    fn get_parses_one_member() {
        let obj = RawObject::from_json(r#"{"team":"payments","tier":2,"nested":{"x":[1,null]},"n":null}"#).unwrap();
        assert_eq!(obj.get("team"), Some(json!("payments")));
        assert_eq!(obj.get("tier"), Some(json!(2)));
        assert_eq!(obj.get("nested"), Some(json!({"x": [1, null]})));
        assert_eq!(obj.get("n"), Some(serde_json::Value::Null), "a null member is present");
        assert_eq!(obj.get("missing"), None);
        assert_eq!(obj.get("Team"), None, "keys are case-sensitive");
    }

    #[test]
    fn to_map_and_from_map_round_trip() {
        let obj = RawObject::from_json(r#"{"b":[1,2],"a":{"c":true}}"#).unwrap();
        let map = obj.to_map().unwrap();
        assert_eq!(map.len(), 2);
        assert_eq!(map["a"], json!({"c": true}));
        let back = RawObject::from(map);
        assert_eq!(back, obj);
        assert_eq!(back.get("b"), Some(json!([1, 2])));
        assert!(RawObject::from(super::JsonObject::new()).is_empty());
    }

    #[test]
    fn decode_into_a_borrowing_struct() {
        #[derive(Deserialize, Debug, PartialEq)]
        struct Meta<'a> {
            team: &'a str,
            tier: u8,
            #[serde(default)]
            tags: Vec<&'a str>,
        }
        let obj = RawObject::from_json(r#"{"tier":2,"team":"payments","tags":["a","b"],"ignored":{}}"#).unwrap();
        let meta: Meta<'_> = obj.decode().unwrap();
        assert_eq!(meta, Meta { team: "payments", tier: 2, tags: vec!["a", "b"] });
        // The strings point into the object's own text: no copy was made.
        let range = obj.as_json().as_bytes().as_ptr_range();
        assert!(range.contains(&meta.team.as_ptr()), "team was copied");

        let missing = RawObject::from_json(r#"{"team":"x"}"#).unwrap();
        let err = missing.decode::<Meta<'_>>().unwrap_err();
        assert!(err.to_string().contains("tier"), "a missing member is named: {err}");
        assert!(RawObject::from_json(r#"{"team":"x","tier":"high"}"#).unwrap().decode::<Meta<'_>>().is_err());
        let as_map: std::collections::BTreeMap<String, serde_json::Value> = obj.decode().unwrap();
        assert_eq!(as_map.len(), 4);
    }

    #[test]
    fn default_is_the_empty_object() {
        let d = RawObject::default();
        assert_eq!(d.as_json(), "{}");
        assert!(d.to_map().unwrap().is_empty());
        assert_eq!(serde_json::to_string(&d).unwrap(), "{}");
    }

    #[test]
    fn debug_and_display_print_the_json() {
        let text = r#"{"z":1, "a":"é"}"#;
        let obj = RawObject::from_json(text).unwrap();
        assert_eq!(format!("{obj:?}"), text);
        assert_eq!(format!("{obj}"), text);
        assert_eq!(format!("{:?}", Some(RawObject::default())), "Some({})");
    }

    #[test]
    fn clone_keeps_the_text() {
        let obj = RawObject::from_json(r#"{ "x" : 1.50 }"#).unwrap();
        let copy = obj.clone();
        assert_eq!(copy.as_json(), obj.as_json());
        assert_ne!(copy.as_json().as_ptr(), obj.as_json().as_ptr(), "a clone owns its own text");
    }

    /// serde_json still answers the raw-value request this module makes, from text and from a `Value`.
    #[test]
    fn raw_values_come_from_serde_json_verbatim() {
        let text = r#"{"n":12345678901234567890123,"d":1.50,"s":"\u00e9"}"#;
        let obj: RawObject = serde_json::from_str(text).unwrap();
        assert_eq!(obj.as_json(), text);
        let members: UnknownMembers = serde_json::from_str(text).unwrap();
        assert_eq!(members.get_json("n"), Some("12345678901234567890123"));
        assert_eq!(members.get_json("d"), Some("1.50"));
        assert_eq!(members.get_json("s"), Some(r#""\u00e9""#));
        let from_value: RawObject = serde_json::from_value(json!({"a": [1, {"b": null}]})).unwrap();
        assert_eq!(from_value.as_json(), r#"{"a":[1,{"b":null}]}"#);
    }

    #[test]
    fn unknown_members_keep_text_and_order_and_hide_values_in_debug() {
        let text = r#"{"z":{"deep":[1,2.50,"x\"y"]},"a":12345678901234567890123,"m":-0.0e10}"#;
        let members: UnknownMembers = serde_json::from_str(text).unwrap();
        assert_eq!(members.keys().collect::<Vec<_>>(), ["z", "a", "m"]);
        assert_eq!(serde_json::to_string(&members).unwrap(), text, "byte for byte, in order");
        assert_eq!(format!("{members:?}"), r#"["z", "a", "m"]"#);
        assert_eq!(members.get("z"), Some(json!({"deep": [1, 2.5, "x\"y"]})));
        assert_eq!(members.decode::<u128>("a").unwrap().unwrap(), 12345678901234567890123);
        assert!(members.decode::<u8>("missing").is_none());
    }

    #[test]
    fn unknown_members_insert_replace_remove_and_compare_by_meaning() {
        let mut m = UnknownMembers::new();
        m.insert("b", json!(1));
        m.insert_json("a", "[1, 2.0]").unwrap();
        m.insert("b", json!("two"));
        assert_eq!(m.iter().collect::<Vec<_>>(), [("b", r#""two""#), ("a", "[1, 2.0]")], "replaced in place");
        assert!(m.insert_json("bad", "{").is_err());
        let mut other: UnknownMembers = serde_json::from_str(r#"{"a":[1,2.0],"b":"two"}"#).unwrap();
        assert_eq!(m, other, "same members, other order and spacing");
        other.insert("a", json!([1, 3]));
        assert_ne!(m, other);
        assert_eq!(m.remove("a").as_deref(), Some("[1, 2.0]"));
        assert_eq!(m.len(), 1);
        assert!(!m.contains_key("a") && m.contains_key("b"));
        let from_map = UnknownMembers::from(json!({"k": true}).as_object().unwrap().clone());
        assert_eq!(from_map.get("k"), Some(json!(true)));
    }

    /// `to_value` goes through serde_json's value serializer, which takes raw text too.
    #[test]
    fn to_value_gives_the_object() {
        let obj = RawObject::from_json(r#"{"team":"a","tier":2,"tags":["x"]}"#).unwrap();
        assert_eq!(serde_json::to_value(&obj).unwrap(), json!({"team": "a", "tier": 2, "tags": ["x"]}));
    }
}
