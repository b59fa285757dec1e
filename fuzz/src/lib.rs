//! Shared pieces of the fuzz targets: the generated type dispatch, the properties every decoded value must
//! have, a reference reading of RFC 8288 for the `Link` differential, and an in-process HTTP server for
//! the transport target.

use std::fmt::Debug;

use serde::de::DeserializeOwned;
use serde::Serialize;

pub mod canned;
pub mod link_reference;

/// What the decoding targets need of a generated type.
pub trait Model: DeserializeOwned + Serialize + PartialEq + Debug + Clone + Send + 'static {}

impl<T: DeserializeOwned + Serialize + PartialEq + Debug + Clone + Send + 'static> Model for T {}

/// Something done with one generated type, chosen at run time by [`visit`].
pub trait Visit {
    /// What the visit returns.
    type Output;
    /// Runs with the type `T`, whose table name is `name`.
    fn visit<T: Model>(self, name: &'static str) -> Self::Output;
}

include!(concat!(env!("OUT_DIR"), "/types.rs"));

/// A decoded value survives encoding and decoding again unchanged: no member is lost or altered.
pub fn assert_round_trip<T: Model>(name: &str, value: &T) {
    let text = serde_json::to_string(value).unwrap_or_else(|e| panic!("{name}: a decoded value must encode: {e}"));
    let again: T = ory_hydra_v1_client::__fuzz::decode_body(text.as_bytes())
        .unwrap_or_else(|e| panic!("{name}: its own encoding {text} must decode: {e}"));
    assert!(again == *value, "{name}: round trip changed the value\nfirst: {value:?}\nthen:  {again:?}\nvia {text}");
}

/// Formats an error every way a caller might, which must never panic.
pub fn exercise_error(e: &ory_hydra_v1_client::Error) {
    let _ = format!("{e} {e:?} {:?} {:?} {:?}", e.kind(), e.status(), e.operation_name());
    let _ = (e.is_not_found(), e.is_conflict(), e.is_already_handled(), e.redirect_to());
    let mut source = std::error::Error::source(e);
    while let Some(s) = source {
        let _ = s.to_string();
        source = s.source();
    }
}
