//! The rules of models and their fields.

use std::collections::HashMap;

use super::{check_doc, check_markers, is_snake_ident, type_name_rules, Checker, Kind};
use crate::contract::EXTRA_FIELD;
use crate::diag::{Ctxt, Loc};
use crate::ir::{Field, Model, Type};
use crate::naming::{is_rust_keyword, snake_case};
use crate::parse::{RawField, RawModel};

impl Checker<'_> {
    /// A model, or `None` when it or one of its fields has a problem.
    pub(super) fn model_item(&self, file: usize, raw: &RawModel) -> Option<Model> {
        let cx = self.cx;
        let before = cx.error_count();
        if raw.poisoned || !self.check_type_unique(Kind::Model, &raw.name, &raw.loc) {
            return None;
        }
        type_name_rules(cx, "model", &raw.name, &raw.loc);
        check_doc(cx, &raw.loc, &raw.doc, &format!("model `{}`", raw.name.text));
        let mut json_seen = HashMap::new();
        let mut rust_seen = HashMap::new();
        let mut fields = Vec::new();
        for f in &raw.fields {
            fields.extend(self.field_item(raw, f, &mut json_seen, &mut rust_seen));
        }
        let (loc, doc, name) = (raw.loc.clone(), raw.doc.texts(), raw.name.text.clone());
        (cx.error_count() == before && !raw.broken_members).then_some(Model { loc, file, doc, name, fields })
    }

    /// One field of `model`, or `None` when it has a problem.
    pub(super) fn field_item(
        &self,
        model: &RawModel,
        f: &RawField,
        json_seen: &mut HashMap<String, usize>,
        rust_seen: &mut HashMap<String, usize>,
    ) -> Option<Field> {
        let cx = self.cx;
        let json = f.json_name.text.as_str();
        if !check_field_unique(cx, model, f, json_seen) {
            return None;
        }
        let (rust_name, rust_col) = match &f.rust_name {
            Some(t) => (t.text.clone(), t.col),
            None => (snake_case(json), f.json_name.col),
        };
        let rust_loc = f.loc.at_col(rust_col);
        let _ = check_snake_field_name(cx, &rust_loc, &rust_name)
            && check_field_not_keyword(cx, &rust_loc, &rust_name)
            && check_field_not_extra(cx, &rust_loc, &rust_name)
            && check_rust_field_unique(cx, model, &rust_loc, &rust_name, rust_seen);
        check_doc(cx, &f.loc, &f.doc, &format!("field `{json}`"));
        let ty = self.resolve(&f.loc, &f.ty);
        let FieldFlags { secret, url, always } = check_field_flags(cx, f);
        if secret || url {
            check_secret_is_string(cx, f, ty.as_ref());
        }
        if always {
            check_always_fits(cx, f, ty.as_ref());
        }
        let availability = check_markers(cx, &f.loc, &f.markers);
        let (required, doc, loc) = (!f.optional, f.doc.texts(), f.loc.clone());
        let json_name = json.to_string();
        Some(Field { loc, doc, json_name, rust_name, ty: ty?, required, secret, url, always, availability })
    }
}

/// A model declares each JSON member once.
pub(super) fn check_field_unique(cx: &Ctxt, model: &RawModel, f: &RawField, seen: &mut HashMap<String, usize>) -> bool {
    let json = &f.json_name.text;
    if let Some(line) = seen.get(json) {
        let message = format!("duplicate field `{json}` in model `{}` (first at line {line})", model.name.text);
        cx.error(f.loc.at_col(f.json_name.col), message);
        return false;
    }
    seen.insert(json.clone(), f.loc.line);
    true
}

/// A Rust field name (derived or given with `as`) is a snake_case identifier.
pub(super) fn check_snake_field_name(cx: &Ctxt, loc: &Loc, rust_name: &str) -> bool {
    let ok = is_snake_ident(rust_name);
    if !ok {
        cx.error(loc.clone(), format!("`{rust_name}` is not a snake_case Rust field name; give one with `as`"));
    }
    ok
}

/// A Rust field name is not a keyword.
pub(super) fn check_field_not_keyword(cx: &Ctxt, loc: &Loc, rust_name: &str) -> bool {
    let ok = !is_rust_keyword(rust_name);
    if !ok {
        cx.error(loc.clone(), format!("field name `{rust_name}` is a Rust keyword; give another with `as`"));
    }
    ok
}

/// A Rust field name is not the one that keeps unknown members.
pub(super) fn check_field_not_extra(cx: &Ctxt, loc: &Loc, rust_name: &str) -> bool {
    let ok = rust_name != EXTRA_FIELD;
    if !ok {
        let message = format!("`{EXTRA_FIELD}` is reserved for the map of unknown fields; give another name with `as`");
        cx.error(loc.clone(), message);
    }
    ok
}

/// Two fields of a model do not get the same Rust name.
pub(super) fn check_rust_field_unique(
    cx: &Ctxt,
    model: &RawModel,
    loc: &Loc,
    rust_name: &str,
    seen: &mut HashMap<String, usize>,
) -> bool {
    if let Some(line) = seen.get(rust_name) {
        let message =
            format!("duplicate Rust field name `{rust_name}` in model `{}` (first at line {line})", model.name.text);
        cx.error(loc.clone(), message);
        return false;
    }
    seen.insert(rust_name.to_string(), loc.line);
    true
}

/// The flags a field carries.
pub(super) struct FieldFlags {
    /// `secret`.
    pub secret: bool,
    /// `url`.
    pub url: bool,
    /// `always`.
    pub always: bool,
}

/// Field flags are known (`secret`, `url`, `always`); returns which the field carries.
pub(super) fn check_field_flags(cx: &Ctxt, f: &RawField) -> FieldFlags {
    let mut flags = FieldFlags { secret: false, url: false, always: false };
    for flag in &f.flags {
        match flag.text.as_str() {
            "secret" => flags.secret = true,
            "url" => flags.url = true,
            "always" => flags.always = true,
            other => cx.error(
                f.loc.at_col(flag.col),
                format!("unknown field flag `{other}` (expected `secret`, `url` or `always`)"),
            ),
        }
    }
    flags
}

/// An `always` field is optional (`?`, it may be left out of a request body) and of a type with a zero
/// value (what it holds when an answer lacks it).
pub(super) fn check_always_fits(cx: &Ctxt, f: &RawField, ty: Option<&Type>) {
    if !f.optional {
        cx.error(
            f.loc.at_col(f.json_name.col),
            "`always` is for optional fields (`name?`): a required one is always there",
        );
    } else if ty.is_some_and(|t| !t.has_zero()) {
        let message =
            "`always` needs a type with a zero value (string, bool, i64, f64, duration, object, json or an array)";
        cx.error(f.loc.at_col(f.ty.col()), message);
    }
}

/// Only `string` fields can be `secret` or `url` (redaction replaces a string value or part of one).
pub(super) fn check_secret_is_string(cx: &Ctxt, f: &RawField, ty: Option<&Type>) {
    if ty.is_some_and(|t| *t != Type::String) {
        cx.error(f.loc.at_col(f.ty.col()), "only `string` fields can be `secret` or `url`");
    }
}
