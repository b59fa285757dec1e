//! What a generated model's `Deserialize` calls for each member. The visitor of every model is one
//! `match` from member position to one of these calls; the duplicate check, the missing-member error,
//! unknown members and the timestamp wrapper live here once instead of being spelled out per member.
//! The compiler type-checks and borrow-checks the per-member code of every model on every build of a
//! client crate, so code moved here is code the client crates no longer compile (issue 23); the calls
//! are small and generic, so a release build inlines them back and the per-call cost stays the same.

use serde::de::{self, IgnoredAny, MapAccess};
use serde::Deserialize;

use crate::raw::{RawMember, UnknownMembers};
use crate::wire::Rfc3339;
use crate::DateTime;

/// Decodes the map's next value into a member's slot; a member sent twice is an error, as it is for
/// serde's derived impls (a second value must not silently replace the first).
///
/// Always inlined in optimised builds: with a plain `#[inline]`, LLVM stops inlining it into the larger
/// visitors (`OAuth2Client` has 47 members) and every member pays a call and its result's moves, which
/// cost 9% per call on `get_o_auth2_client` and 15% on a 500-client page (callgrind, BENCHMARKS.md).
/// Debug builds keep the plain hint, so the compile-time saving of the shared helpers stays there.
#[cfg_attr(debug_assertions, inline)]
#[cfg_attr(not(debug_assertions), inline(always))]
pub fn fill<'de, A: MapAccess<'de>, T: Deserialize<'de>>(
    slot: &mut Option<T>,
    map: &mut A,
    name: &'static str,
) -> Result<(), A::Error> {
    if slot.is_some() {
        return Err(de::Error::duplicate_field(name));
    }
    *slot = Some(map.next_value()?);
    Ok(())
}

/// Reads and drops the map's next value (a member the model knows but does not keep).
#[inline]
pub fn skip<'de, A: MapAccess<'de>>(map: &mut A) -> Result<(), A::Error> {
    map.next_value::<IgnoredAny>().map(drop)
}

/// Keeps an unknown member's value as its JSON text, under its name.
#[inline]
pub fn keep<'de, A: MapAccess<'de>>(extra: &mut UnknownMembers, name: String, map: &mut A) -> Result<(), A::Error> {
    extra.__push(name, map.next_value::<RawMember>()?);
    Ok(())
}

/// The value of a required member, or serde's missing-field error naming it.
#[inline]
pub fn need<T, E: de::Error>(slot: Option<T>, name: &'static str) -> Result<T, E> {
    match slot {
        Some(v) => Ok(v),
        None => Err(E::missing_field(name)),
    }
}

/// An `always` member or a required array or object: absent or `null` reads as the zero value, as
/// Go reads it.
#[inline]
pub fn zero<T: Default>(slot: Option<Option<T>>) -> T {
    slot.flatten().unwrap_or_default()
}

/// An optional member that may also be `null`: both read as `None`.
#[inline]
pub fn opt<T>(slot: Option<Option<T>>) -> Option<T> {
    slot.flatten()
}

/// An optional timestamp: absent or `null` reads as `None`.
#[inline]
pub fn opt_time(slot: Option<Option<Rfc3339>>) -> Option<DateTime> {
    slot.flatten().map(|w| w.0)
}

/// A required timestamp, or the missing-field error naming it.
#[inline]
pub fn need_time<E: de::Error>(slot: Option<Rfc3339>, name: &'static str) -> Result<DateTime, E> {
    need(slot, name).map(|w| w.0)
}
