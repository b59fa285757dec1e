//! The hidden runtime of the generated models: key matching, timestamps, redaction, unknown members and
//! the trait impls of string enums. Nothing here is public API (it is reached through `crate::__rt`);
//! the public value types live in `raw`.

use std::fmt;

use serde::de::{self, DeserializeSeed, Deserializer, Visitor};
use serde::ser::{SerializeMap, Serializer};
use serde::{Deserialize, Serialize};
use time::format_description::well_known::Rfc3339 as Rfc3339Format;

pub use crate::raw::{RawMember, RawObject, UnknownMembers};
pub use crate::{DateTime, GoDuration, JsonObject, JsonValue};

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

/// Shows a URL (a `url` member: `redirect_to`, `request_url`) in `Debug` output with the values of the
/// secret parameters and members in its query and fragment hidden (`login_verifier=<redacted>`), so a
/// logged answer does not hand out a one-shot verifier, a code or an ID token hint.
pub struct UrlDebug<'a>(pub &'a str);

impl fmt::Debug for UrlDebug<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(&*crate::error::redact_form_fields(self.0), f)
    }
}

/// Adds the names (not the values, which may be secret) of unknown members to a `Debug` print.
pub fn debug_extra(d: &mut fmt::DebugStruct<'_, '_>, extra: &UnknownMembers) {
    if !extra.is_empty() {
        d.field("extra", extra);
    }
}

/// Writes unknown members back out, skipping any that would repeat a modelled field.
pub fn serialize_extra<M: SerializeMap>(
    map: &mut M,
    extra: &UnknownMembers,
    known: fn(&str) -> Option<usize>,
) -> Result<(), M::Error> {
    extra.__serialize_into(map, known)
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
#[doc(hidden)]
#[macro_export]
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
                let seed = $crate::__rt::StrEnumSeed { expecting: $expecting, index: Self::__index };
                ::core::result::Result::Ok(match deserializer.deserialize_str(seed)? {
                    $crate::__rt::Key::Known(i) => Self::__known(i),
                    $crate::__rt::Key::Unknown(s) => Self::Other(s),
                })
            }
        }

        $($crate::__rt::str_enum_impls!(@$param $name);)?
    };
    (@param $name:ident) => {
        impl $crate::__rt::ParamValue for $name {
            fn as_param(&self) -> ::std::borrow::Cow<'_, str> {
                ::std::borrow::Cow::Borrowed(self.as_str())
            }
        }
    };
}

/// Whether a value is its type's zero (Go's zero value): what an `always` member is when an answer
/// lacks it, and when it is left out of a request body.
pub trait IsZero {
    /// `true` for the zero value.
    fn is_zero(&self) -> bool;
}

impl IsZero for String {
    fn is_zero(&self) -> bool {
        self.is_empty()
    }
}

impl IsZero for bool {
    fn is_zero(&self) -> bool {
        !*self
    }
}

impl IsZero for i64 {
    fn is_zero(&self) -> bool {
        *self == 0
    }
}

impl IsZero for f64 {
    fn is_zero(&self) -> bool {
        *self == 0.0
    }
}

impl IsZero for GoDuration {
    fn is_zero(&self) -> bool {
        self.as_nanos() == 0
    }
}

impl<T> IsZero for Vec<T> {
    fn is_zero(&self) -> bool {
        self.is_empty()
    }
}

impl IsZero for RawObject {
    fn is_zero(&self) -> bool {
        self.is_empty()
    }
}

impl IsZero for JsonValue {
    fn is_zero(&self) -> bool {
        self.is_null()
    }
}

#[cfg(test)]
mod tests {

    use serde::de::{value::Error as ValueError, Visitor};
    use serde_json::json;

    use super::{Key, StrEnumSeed};

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
}
