//! What a generated model's `Deserialize` calls for each member. The visitor of every model is one
//! `match` from member position to one of these calls; the duplicate check, the missing-member error,
//! unknown members and the timestamp wrapper live here once instead of being spelled out per member.
//! The compiler type-checks and borrow-checks the per-member code of every model on every build of a
//! client crate, so code moved here is code the client crates no longer compile (issue 23); the calls
//! are small and generic, and `#[inline(always)]`: with a plain `#[inline]`, LLVM kept `fill` out of line
//! (one copy per member type, called from every member of that type) and decoding the benchmark's page
//! of 500 clients took 14% more instructions (20.8M to 23.8M); forced inline, it is back to 20.78M.

use serde::de::{self, IgnoredAny, MapAccess};
use serde::Deserialize;

use crate::raw::{RawMember, UnknownMembers};
use crate::wire::Rfc3339;
use crate::DateTime;

/// Decodes the map's next value into a member's slot; a member sent twice is an error, as it is for
/// serde's derived impls (a second value must not silently replace the first).
#[inline(always)]
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
#[inline(always)]
pub fn skip<'de, A: MapAccess<'de>>(map: &mut A) -> Result<(), A::Error> {
    map.next_value::<IgnoredAny>().map(drop)
}

/// Keeps an unknown member's value as its JSON text, under its name.
#[inline(always)]
pub fn keep<'de, A: MapAccess<'de>>(extra: &mut UnknownMembers, name: String, map: &mut A) -> Result<(), A::Error> {
    extra.__push(name, map.next_value::<RawMember>()?);
    Ok(())
}

/// The value of a required member, or serde's missing-field error naming it.
#[inline(always)]
pub fn need<T, E: de::Error>(slot: Option<T>, name: &'static str) -> Result<T, E> {
    match slot {
        Some(v) => Ok(v),
        None => Err(E::missing_field(name)),
    }
}

/// An `always` member or a required array or object: absent or `null` reads as the zero value, as
/// Go reads it.
#[inline(always)]
pub fn zero<T: Default>(slot: Option<Option<T>>) -> T {
    slot.flatten().unwrap_or_default()
}

/// An optional member that may also be `null`: both read as `None`.
#[inline(always)]
pub fn opt<T>(slot: Option<Option<T>>) -> Option<T> {
    slot.flatten()
}

/// An optional timestamp: absent or `null` reads as `None`.
#[inline(always)]
pub fn opt_time(slot: Option<Option<Rfc3339>>) -> Option<DateTime> {
    slot.flatten().map(|w| w.0)
}

/// A required timestamp, or the missing-field error naming it.
#[inline(always)]
pub fn need_time<E: de::Error>(slot: Option<Rfc3339>, name: &'static str) -> Result<DateTime, E> {
    need(slot, name).map(|w| w.0)
}
