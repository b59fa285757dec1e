//! The rules of string enumerations and their values.

use std::collections::HashMap;

use super::{check_doc, is_pascal_ident, type_name_rules, Checker, Kind};
use crate::contract::OTHER_VARIANT;
use crate::diag::{Ctxt, Loc};
use crate::ir::{Enum, EnumValue};
use crate::naming::variant_name;
use crate::parse::{RawEnum, RawEnumValue};

impl Checker<'_> {
    /// A string enumeration, or `None` when it has a problem.
    pub(super) fn enum_item(&self, file: usize, raw: &RawEnum) -> Option<Enum> {
        let cx = self.cx;
        let before = cx.error_count();
        if raw.poisoned || !self.check_type_unique(Kind::Enum, &raw.name, &raw.loc) {
            return None;
        }
        let name = &raw.name.text;
        type_name_rules(cx, "enum", &raw.name, &raw.loc);
        check_doc(cx, &raw.loc, &raw.doc, &format!("enum `{name}`"));
        check_enum_has_values(cx, raw);
        let mut json_seen = HashMap::new();
        let mut rust_seen = HashMap::new();
        let mut values = Vec::new();
        for val in &raw.values {
            values.extend(enum_value_item(cx, name, val, &mut json_seen, &mut rust_seen));
        }
        let doc = raw.doc.texts();
        (cx.error_count() == before && !raw.broken_members).then(|| Enum {
            loc: raw.loc.clone(),
            file,
            doc,
            name: name.clone(),
            values,
        })
    }
}

/// One value of enum `name`, or `None` when it has a problem.
pub(super) fn enum_value_item(
    cx: &Ctxt,
    name: &str,
    val: &RawEnumValue,
    json_seen: &mut HashMap<String, usize>,
    rust_seen: &mut HashMap<String, usize>,
) -> Option<EnumValue> {
    let json = val.json.text.as_str();
    let json_loc = val.loc.at_col(val.json.col);
    if !check_value_not_empty(cx, &json_loc, json) || !check_value_unique(cx, name, &json_loc, json, val, json_seen) {
        return None;
    }
    let (rust_name, rust_loc) = match &val.rust_name {
        Some(t) => (t.text.clone(), val.loc.at_col(t.col)),
        None => (variant_name(json), json_loc),
    };
    let _ = check_variant_name(cx, &rust_loc, &rust_name)
        && check_variant_not_other(cx, &rust_loc, &rust_name)
        && check_variant_unique(cx, name, &rust_loc, &rust_name, rust_seen);
    rust_seen.insert(rust_name.clone(), val.loc.line);
    check_doc(cx, &val.loc, &val.doc, &format!("value \"{json}\""));
    Some(EnumValue { loc: val.loc.clone(), doc: val.doc.texts(), json: json.to_string(), rust_name })
}

/// An enum lists at least one value.
pub(super) fn check_enum_has_values(cx: &Ctxt, raw: &RawEnum) {
    if raw.values.is_empty() && !raw.broken_members {
        let message = format!("enum `{}` has no values: add `value \"...\"` lines below it", raw.name.text);
        cx.error(raw.loc.clone(), message);
    }
}

/// An enum value is not the empty string.
pub(super) fn check_value_not_empty(cx: &Ctxt, loc: &Loc, json: &str) -> bool {
    if json.is_empty() {
        cx.error(loc.clone(), "an enum value cannot be empty (an empty string decodes as `Other`)");
    }
    !json.is_empty()
}

/// An enum lists each wire value once.
pub(super) fn check_value_unique(
    cx: &Ctxt,
    name: &str,
    loc: &Loc,
    json: &str,
    val: &RawEnumValue,
    seen: &mut HashMap<String, usize>,
) -> bool {
    if let Some(line) = seen.get(json) {
        cx.error(loc.clone(), format!("duplicate value \"{json}\" in enum `{name}` (first at line {line})"));
        return false;
    }
    seen.insert(json.to_string(), val.loc.line);
    true
}

/// A variant name (derived or given with `as`) is a PascalCase identifier.
pub(super) fn check_variant_name(cx: &Ctxt, loc: &Loc, rust_name: &str) -> bool {
    let ok = is_pascal_ident(rust_name) && rust_name != "Self";
    if !ok {
        cx.error(loc.clone(), format!("`{rust_name}` is not a PascalCase variant name; give one with `as <Name>`"));
    }
    ok
}

/// A variant is not named like the catch-all variant for unknown values.
pub(super) fn check_variant_not_other(cx: &Ctxt, loc: &Loc, rust_name: &str) -> bool {
    let ok = rust_name != OTHER_VARIANT;
    if !ok {
        let message = format!("`{OTHER_VARIANT}` is reserved for unknown values; give another name with `as <Name>`");
        cx.error(loc.clone(), message);
    }
    ok
}

/// Two values of an enum do not get the same variant name.
pub(super) fn check_variant_unique(
    cx: &Ctxt,
    name: &str,
    loc: &Loc,
    rust_name: &str,
    seen: &HashMap<String, usize>,
) -> bool {
    if let Some(line) = seen.get(rust_name) {
        let message =
            format!("duplicate variant `{rust_name}` in enum `{name}` (first at line {line}); rename with `as`");
        cx.error(loc.clone(), message);
        return false;
    }
    true
}
