//! Turning a 2xx answer's body into a value, and a body that does not fit into a [`DecodeError`] that
//! names where in the document it went wrong.

use std::marker::PhantomData;

use serde::de::{DeserializeOwned, DeserializeSeed, Deserializer, SeqAccess, Visitor};
use serde::Deserialize;

use crate::answer::Answer;
use crate::error::{DecodeError, DecodeSource};
use crate::json_path;
use crate::{Error, Operation};

/// Decodes a JSON answer. UTF-8 is checked once for the whole body, which is cheaper than the per-string
/// checks of `from_slice`.
pub(crate) fn decode_json<T: DeserializeOwned>(operation: &'static Operation, answer: &Answer) -> Result<T, Error> {
    let text = body_text(operation, answer)?;
    serde_json::from_str(text).map_err(|e| json_error(operation, answer, text, e))
}

/// The body as text: one UTF-8 check for the whole of it. simdutf8's fast check says only whether the
/// bytes are valid; the standard library's check runs on invalid bodies alone, for an error that says
/// where the first bad byte is.
pub(crate) fn body_text<'a>(operation: &'static Operation, answer: &'a Answer) -> Result<&'a str, Error> {
    let bytes: &'a [u8] = &answer.body;
    match simdutf8::basic::from_utf8(bytes) {
        Ok(text) => Ok(text),
        Err(_) => std::str::from_utf8(bytes).map_err(|e| decode_error(operation, answer, ".".into(), e.into())),
    }
}

/// A decode error whose path is worked out from the position serde_json reports.
fn json_error(operation: &'static Operation, answer: &Answer, text: &str, e: serde_json::Error) -> Error {
    let path = if is_raw_object_error(&e.to_string()) {
        json_path::path_of_late_error(text, e.line(), e.column())
    } else {
        json_path::path_at(text, e.line(), e.column())
    };
    decode_error(operation, answer, path, e.into())
}

/// Whether serde_json's message is `RawObject`'s type error, which is raised after the whole value was
/// read (so the position is past it). The `expected ` before the sentinel matters: a generated model
/// expects "a <Name> JSON object", which contains "a JSON object" when the name ends in `a` (`Schema`),
/// but never "expected a JSON object". A byte-window search: `str::contains` would compile a whole
/// substring searcher for this one check.
fn is_raw_object_error(message: &str) -> bool {
    let (text, needle) = (message.as_bytes(), crate::raw::RAW_OBJECT_EXPECTING.as_bytes());
    text.windows(needle.len()).enumerate().any(|(i, w)| w == needle && text[..i].ends_with(b"expected "))
}

/// Decodes a listing's JSON array into a vector with room for `capacity` items from the start. Go encodes
/// an empty slice as `null`, which gives an empty vector.
pub(crate) fn decode_items<T: DeserializeOwned>(
    operation: &'static Operation,
    answer: &Answer,
    capacity: usize,
) -> Result<Vec<T>, Error> {
    let text = body_text(operation, answer)?;
    let mut de = serde_json::Deserializer::from_str(text);
    ItemsSeed::<T>(capacity, PhantomData)
        .deserialize(&mut de)
        .and_then(|items| de.end().map(|()| items))
        .map_err(|e| json_error(operation, answer, text, e))
}

/// `Option<Vec<T>>` as serde would decode it, into a vector allocated once.
struct ItemsSeed<T>(usize, PhantomData<T>);

impl<'de, T: Deserialize<'de>> DeserializeSeed<'de> for ItemsSeed<T> {
    type Value = Vec<T>;
    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Vec<T>, D::Error> {
        deserializer.deserialize_option(self)
    }
}

impl<'de, T: Deserialize<'de>> Visitor<'de> for ItemsSeed<T> {
    type Value = Vec<T>;
    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("an array or null")
    }
    fn visit_none<E: serde::de::Error>(self) -> Result<Vec<T>, E> {
        Ok(Vec::new())
    }
    fn visit_unit<E: serde::de::Error>(self) -> Result<Vec<T>, E> {
        Ok(Vec::new())
    }
    fn visit_some<D: Deserializer<'de>>(self, deserializer: D) -> Result<Vec<T>, D::Error> {
        deserializer.deserialize_seq(self)
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Vec<T>, A::Error> {
        let mut items = Vec::with_capacity(self.0);
        while let Some(item) = seq.next_element()? {
            items.push(item);
        }
        Ok(items)
    }
}

/// The error of a 2xx answer of `operation` that did not decode at `path`.
pub(crate) fn decode_error(
    operation: &'static Operation,
    answer: &Answer,
    path: String,
    source: DecodeSource,
) -> Error {
    let body = String::from_utf8_lossy(&answer.body).into_owned();
    Error::undecodable(operation, DecodeError { operation: operation.name, status: answer.status, path, body, source })
}

#[cfg(test)]
mod tests {
    use super::{body_text, is_raw_object_error, Answer};
    use crate::error::DecodeSource;

    static OP: crate::Operation = crate::test_ops::op("get_thing");

    fn answer(body: &'static [u8]) -> Answer {
        Answer { status: http::StatusCode::OK, headers: http::HeaderMap::new(), body: bytes::Bytes::from_static(body) }
    }

    #[test]
    fn body_text_takes_valid_utf8_as_it_is() {
        let text = "{\"name\":\"Zo\u{eb} \u{1f512}\"}".repeat(40);
        let a = Answer { body: bytes::Bytes::from(text.clone()), ..answer(b"") };
        assert_eq!(body_text(&OP, &a).unwrap(), text);
        assert_eq!(body_text(&OP, &answer(b"")).unwrap(), "");
    }

    #[test]
    fn body_text_names_where_invalid_utf8_starts() {
        // Past the first SIMD block, and a truncated sequence at the very end.
        for (body, at) in [(&b"{\"a\":\"0123456789012345678901234567890123456789\xff\"}"[..], 46), (b"ok\xe2\x82", 2)] {
            let err = body_text(&OP, &Answer { body: bytes::Bytes::copy_from_slice(body), ..answer(b"") }).unwrap_err();
            let decode = err.decode().expect("a decode error");
            match &decode.source {
                DecodeSource::Utf8(e) => assert_eq!(e.valid_up_to(), at, "{body:?}"),
                other => panic!("{other:?}"),
            }
            assert_eq!(decode.path, ".");
        }
    }

    #[test]
    fn only_raw_objects_own_type_error_counts_as_late() {
        let raw: Result<crate::RawObject, _> = serde_json::from_str("[1]");
        assert!(is_raw_object_error(&raw.unwrap_err().to_string()));
        // A generated model named `Schema` expects "a Schema JSON object", which holds "a JSON object".
        let model = "invalid type: integer `5`, expected a Schema JSON object at line 1 column 7";
        assert!(!is_raw_object_error(model));
    }
}
