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

/// What a [`RawObject`] decode error says was expected. The error is raised after the whole value was read,
/// so serde_json places it late; `json_path` looks for this text to name the member anyway.
pub(crate) const RAW_OBJECT_EXPECTING: &str = "a JSON object";

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

    /// Accepts `raw` when it holds an object; the error type is the caller's (serde_json's or a
    /// deserializer's).
    fn check<E: de::Error>(raw: Box<serde_json::value::RawValue>) -> Result<Self, E> {
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
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.0.serialize(serializer)
    }
}

impl<'de> Deserialize<'de> for RawObject {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        Self::check(Box::<serde_json::value::RawValue>::deserialize(deserializer)?)
    }
}

/// Reads a generated string enum's value as its position among the known values, or the text itself.
/// One visitor for every enum, so serde_json's string decoding is compiled once, not once per enum;
/// it allocates only for values the enum does not know.
pub struct StrEnumSeed {
    /// What a decode error says was expected.
    pub expecting: &'static str,
    /// The enum's generated lookup from wire text to position.
    pub index: fn(&str) -> Option<usize>,
}

impl Visitor<'_> for StrEnumSeed {
    type Value = Key;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.expecting)
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<Key, E> {
        Ok(match (self.index)(v) {
            Some(i) => Key::Known(i),
            None => Key::Unknown(v.to_owned()),
        })
    }

    fn visit_string<E: de::Error>(self, v: String) -> Result<Key, E> {
        Ok(match (self.index)(&v) {
            Some(i) => Key::Known(i),
            None => Key::Unknown(v),
        })
    }
}

/// The trait impls every generated string enum gets: conversions from strings, `Display`, `AsRef<str>`
/// and serde; with `param`, also use as a request parameter. The enum provides `as_str`, `__index`
/// (wire text to position) and `__known` (position to variant).
macro_rules! str_enum_impls {
    ($name:ident, $expecting:literal $($param:ident)?) => {
        impl ::core::convert::From<&str> for $name {
            fn from(s: &str) -> Self {
                match Self::__index(s) {
                    ::core::option::Option::Some(i) => Self::__known(i),
                    ::core::option::Option::None => Self::Other(s.to_owned()),
                }
            }
        }

        impl ::core::convert::From<::std::string::String> for $name {
            fn from(s: ::std::string::String) -> Self {
                match Self::__index(&s) {
                    ::core::option::Option::Some(i) => Self::__known(i),
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
                let seed = crate::__rt::StrEnumSeed { expecting: $expecting, index: Self::__index };
                ::core::result::Result::Ok(match deserializer.deserialize_str(seed)? {
                    crate::__rt::Key::Known(i) => Self::__known(i),
                    crate::__rt::Key::Unknown(s) => Self::Other(s),
                })
            }
        }

        $(crate::__rt::str_enum_impls!(@$param $name);)?
    };
    (@param $name:ident) => {
        impl crate::__rt::ParamValue for $name {
            fn as_param(&self) -> ::std::borrow::Cow<'_, str> {
                ::std::borrow::Cow::Borrowed(self.as_str())
            }
        }
    };
}
pub(crate) use str_enum_impls;

#[cfg(test)]
mod tests {

    use serde::de::{value::Error as ValueError, Visitor};
    use serde::Deserialize;
    use serde_json::json;

    use super::{Key, RawObject, StrEnumSeed};
    use crate::{GrantType, ResponseType, SigningAlgorithm};

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

    /// A string enum written by hand in the shape the generator emits, so the shared runtime macro and
    /// visitor are tested apart from the generator.
    #[derive(Debug, PartialEq)]
    enum Color {
        Red,
        DarkBlue,
        Other(String),
    }

    impl Color {
        fn as_str(&self) -> &str {
            match self {
                Self::Red => "red",
                Self::DarkBlue => "dark blue",
                Self::Other(s) => s,
            }
        }
        fn __index(s: &str) -> Option<usize> {
            match s {
                "red" => Some(0),
                "dark blue" => Some(1),
                _ => None,
            }
        }
        fn __known(i: usize) -> Self {
            match i {
                1 => Self::DarkBlue,
                _ => Self::Red,
            }
        }
    }

    str_enum_impls!(Color, "a Color string" param);

    /// Decodes through the shared seed the way the macro's `Deserialize` does.
    fn visit(key: Result<Key, ValueError>) -> Color {
        match key.unwrap() {
            Key::Known(i) => Color::__known(i),
            Key::Unknown(s) => Color::Other(s),
        }
    }

    fn seed() -> StrEnumSeed {
        StrEnumSeed { expecting: "a Color string", index: Color::__index }
    }

    #[test]
    fn str_enum_visitor_maps_known_values_to_variants() {
        assert_eq!(visit(seed().visit_str("red")), Color::Red);
        assert_eq!(visit(seed().visit_str("dark blue")), Color::DarkBlue);
        assert_eq!(visit(seed().visit_string("red".to_owned())), Color::Red);
        // Matching is exact: no case folding, no trimming.
        assert_eq!(visit(seed().visit_str("Red")), Color::Other("Red".into()));
        assert_eq!(visit(seed().visit_str(" red")), Color::Other(" red".into()));
        assert_eq!(visit(seed().visit_str("")), Color::Other(String::new()));
    }

    #[test]
    fn str_enum_visit_string_keeps_the_allocation_for_other() {
        let s = String::from("ultraviolet");
        let ptr = s.as_ptr();
        match visit(seed().visit_string(s)) {
            Color::Other(kept) => {
                assert_eq!(kept, "ultraviolet");
                assert_eq!(kept.as_ptr(), ptr, "the String was copied instead of moved");
            }
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn str_enum_through_serde_json() {
        assert_eq!(serde_json::from_str::<Color>(r#""red""#).unwrap(), Color::Red);
        assert_eq!(
            serde_json::from_str::<Color>(r#""re\u0064""#).unwrap(),
            Color::Red,
            "escaped text is decoded first"
        );
        assert_eq!(serde_json::from_str::<Color>(r#""dark blue""#).unwrap(), Color::DarkBlue);
        assert_eq!(serde_json::from_str::<Color>(r#""green""#).unwrap(), Color::Other("green".into()));
        // `from_value` hands over an owned String (the `visit_string` path).
        assert_eq!(serde_json::from_value::<Color>(json!("dark blue")).unwrap(), Color::DarkBlue);
        assert_eq!(serde_json::from_value::<Color>(json!("teal")).unwrap(), Color::Other("teal".into()));
        for bad in ["5", "null", "true", "[\"red\"]", "{}"] {
            let err = serde_json::from_str::<Color>(bad).unwrap_err();
            assert!(err.to_string().contains("expected a Color string"), "{bad}: {err}");
        }
        assert_eq!(serde_json::to_string(&Color::DarkBlue).unwrap(), r#""dark blue""#);
        assert_eq!(serde_json::to_string(&Color::Other("x y".into())).unwrap(), r#""x y""#);
        assert_eq!(Color::from("dark blue"), Color::DarkBlue);
        assert_eq!("mauve".parse::<Color>(), Ok(Color::Other("mauve".into())));
        assert_eq!(Color::DarkBlue.to_string(), "dark blue");
        assert_eq!(crate::__rt::ParamValue::as_param(&Color::DarkBlue), "dark blue");
    }

    #[test]
    fn generated_enums_decode_known_and_unknown_values() {
        let got: Vec<GrantType> = serde_json::from_str(
            r#"["authorization_code","urn:ietf:params:oauth:grant-type:jwt-bearer","urn:example:custom","","Implicit"]"#,
        )
        .unwrap();
        assert_eq!(
            got,
            [
                GrantType::AuthorizationCode,
                GrantType::JwtBearer,
                GrantType::Other("urn:example:custom".into()),
                GrantType::Other(String::new()),
                GrantType::Other("Implicit".into()),
            ]
        );
        assert_eq!(serde_json::from_value::<GrantType>(json!("refresh_token")).unwrap(), GrantType::RefreshToken);
        assert_eq!(serde_json::from_str::<ResponseType>(r#""code id_token""#).unwrap(), ResponseType::CodeIdToken);
        assert_eq!(serde_json::from_str::<ResponseType>(r#""none""#).unwrap(), ResponseType::None);
        assert_eq!(
            serde_json::from_str::<ResponseType>(r#""id_token code""#).unwrap(),
            ResponseType::Other("id_token code".into()),
            "combinations are matched as written"
        );
        assert_eq!(serde_json::from_str::<SigningAlgorithm>(r#""RS256""#).unwrap(), SigningAlgorithm::Rs256);
        assert_eq!(
            serde_json::from_str::<SigningAlgorithm>(r#""rs256""#).unwrap(),
            SigningAlgorithm::Other("rs256".into())
        );
        let err = serde_json::from_str::<GrantType>("5").unwrap_err();
        assert!(err.to_string().contains("a GrantType string"), "{err}");
    }

    #[test]
    fn generated_enums_serialize_the_wire_text() {
        let values = [
            GrantType::ClientCredentials,
            GrantType::JwtBearer,
            GrantType::Other("urn:example:custom".into()),
            GrantType::Other(String::new()),
            GrantType::Other("quote\"and\\slash".into()),
        ];
        assert_eq!(
            serde_json::to_string(&values).unwrap(),
            r#"["client_credentials","urn:ietf:params:oauth:grant-type:jwt-bearer","urn:example:custom","","quote\"and\\slash"]"#
        );
        assert_eq!(serde_json::to_string(&ResponseType::CodeIdTokenToken).unwrap(), r#""code id_token token""#);
        // Round trip: every value comes back as it was.
        let back: Vec<GrantType> = serde_json::from_str(&serde_json::to_string(&values).unwrap()).unwrap();
        assert_eq!(back, values);
    }

    #[test]
    fn generated_enum_conversions() {
        assert_eq!(GrantType::from("implicit"), GrantType::Implicit);
        assert_eq!(GrantType::from(String::from("implicit")), GrantType::Implicit);
        assert_eq!(GrantType::from("custom"), GrantType::Other("custom".into()));
        assert_eq!("client_credentials".parse::<GrantType>(), Ok(GrantType::ClientCredentials));
        assert_eq!(GrantType::JwtBearer.to_string(), "urn:ietf:params:oauth:grant-type:jwt-bearer");
        assert_eq!(GrantType::Other("x".into()).as_ref(), "x");
        assert_eq!(SigningAlgorithm::Es512.as_str(), "ES512");
        let owned = String::from("urn:example:custom");
        let ptr = owned.as_ptr();
        match GrantType::from(owned) {
            GrantType::Other(kept) => assert_eq!(kept.as_ptr(), ptr, "From<String> moves the String"),
            other => panic!("{other:?}"),
        }
        // A known value built as `Other` by hand is not the named variant, but travels the same.
        let by_hand = GrantType::Other("implicit".into());
        assert_ne!(by_hand, GrantType::Implicit);
        assert_eq!(serde_json::to_string(&by_hand).unwrap(), serde_json::to_string(&GrantType::Implicit).unwrap());
    }
}
