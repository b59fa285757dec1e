//! Meaning: checks parsed tables against each other and builds the [`Api`] of what is valid.
//!
//! Every rule is one `check_*` function with a one-line doc comment; it reports to the shared [`Ctxt`]
//! and carries on, so one compile shows every problem. An item (enum, model, operation) goes into the
//! [`Api`] only when no rule found a problem in it and every type it names made it in too. Items that
//! only depend on a broken one are dropped quietly, so one mistake is reported once, and the macro can
//! still generate everything that is sound.
//!
//! The rules of each item kind live in its own module (`enums`, `models`, `operations`); this one holds
//! the walk over the tables, type names, markers and the rules across items.
//!
//! **Adding a rule:** write `fn check_<what>(cx: &Ctxt, ...)` next to the other checks of the same item
//! (`enum_item`, `model_item`, `field_item`, `operation_item`, `param_item`, `return_item`, or
//! `generated_names` for rules across items), give it a one-line `///` doc, call it there, and add a
//! row to `RULES` in `tests.rs` (table text, line, column, message fragment). Names the
//! runtime relies on belong in [`crate::contract`], not in a string literal here.

mod answers;
mod enums;
mod models;
mod operations;

use std::collections::{HashMap, HashSet};

use crate::contract;
use crate::diag::{Ctxt, Loc};
use crate::ir::{self, Api, Availability, Operation, Return, ServerVersion, SourceFile, Type};
use crate::naming::is_snake_ident;
use crate::parse::{Doc, RawMarkers, RawModel, RawTable, RawType, Tok};
use operations::{check_operation_unique, check_route_unique};

/// Whether a type name belongs to a model or an enum.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Model,
    Enum,
}

/// Checks tables (already parsed, in order) and resolves what is valid in them into one [`Api`].
pub fn validate(cx: &Ctxt, files: Vec<SourceFile>, tables: &[RawTable]) -> Api {
    let kinds = declared_types(tables);
    let checker = Checker { cx, kinds: &kinds };
    let mut api = Api { files, ..Api::default() };
    for (file, table) in tables.iter().enumerate() {
        api.enums.extend(table.enums.iter().filter_map(|raw| checker.enum_item(file, raw)));
    }
    let mut key_fns = HashMap::new();
    for (file, table) in tables.iter().enumerate() {
        for raw in &table.models {
            let model = checker.model_item(file, raw);
            api.models.extend(model.filter(|_| check_key_fn_distinct(cx, raw, &mut key_fns)));
        }
    }
    let mut seen_ops = HashMap::new();
    let mut seen_routes = HashMap::new();
    for (file, table) in tables.iter().enumerate() {
        let file_errors = checker.file_errors(&table.errors);
        for raw in &table.operations {
            let unique = check_operation_unique(cx, raw, &mut seen_ops) & check_route_unique(cx, raw, &mut seen_routes);
            api.operations.extend(checker.operation_item(file, raw, file_errors.as_ref()).filter(|_| unique));
        }
    }
    answers::settle_answers(&mut api);
    generated_names(cx, &mut api, &kinds);
    drop_dependents_of_broken_types(&mut api);
    api
}

/// The kind and place of the first declaration of every type name, enums before models (the order in
/// which their items are checked and generated).
fn declared_types(tables: &[RawTable]) -> HashMap<String, (Kind, Loc)> {
    let mut kinds: HashMap<String, (Kind, Loc)> = HashMap::new();
    let enums = tables.iter().flat_map(|t| &t.enums).map(|e| (Kind::Enum, &e.name, &e.loc));
    let models = tables.iter().flat_map(|t| &t.models).map(|m| (Kind::Model, &m.name, &m.loc));
    for (kind, name, loc) in enums.chain(models) {
        kinds.entry(name.text.clone()).or_insert_with(|| (kind, loc.clone()));
    }
    kinds
}

/// The checks of one item, with the type names every table declares.
struct Checker<'a> {
    cx: &'a Ctxt,
    kinds: &'a HashMap<String, (Kind, Loc)>,
}

impl Checker<'_> {
    /// A model or enum name is declared once across all tables (models and enums share one namespace).
    fn check_type_unique(&self, kind: Kind, name: &Tok, loc: &Loc) -> bool {
        let Some((first_kind, first)) = self.kinds.get(&name.text).filter(|(_, first)| first != loc) else {
            return true;
        };
        let what = if kind == Kind::Model && *first_kind == Kind::Model { "model" } else { "type" };
        let message = format!("duplicate {what} `{}` (first declared at {}:{})", name.text, first.file, first.line);
        self.cx.error(loc.at_col(name.col), message);
        false
    }

    /// Resolves a written type; reports names that no table declares and arrays of `datetime`.
    fn resolve(&self, loc: &Loc, ty: &RawType) -> Option<Type> {
        match ty {
            RawType::Array(inner) => {
                let inner = self.resolve(loc, inner)?;
                check_array_element(self.cx, loc, ty, &inner).then(|| Type::Array(Box::new(inner)))
            }
            RawType::Name(t) => {
                if let Some(p) = ir::primitive(&t.text) {
                    return Some(p);
                }
                match self.kinds.get(&t.text) {
                    Some((Kind::Model, _)) => Some(Type::Model(t.text.clone())),
                    Some((Kind::Enum, _)) => Some(Type::Enum(t.text.clone())),
                    None => {
                        check_type_known(self.cx, loc, t);
                        None
                    }
                }
            }
        }
    }
}

/// An item has at least one doc line with text.
fn check_doc(cx: &Ctxt, loc: &Loc, doc: &Doc, what: &str) {
    if doc.is_blank() {
        cx.error(loc.clone(), format!("{what} has no doc comment: add a `/// ...` line above it"));
    }
}

/// The rules on a model or enum name, most specific first.
fn type_name_rules(cx: &Ctxt, what: &str, name: &Tok, loc: &Loc) {
    let loc = loc.at_col(name.col);
    let _ = check_type_not_primitive(cx, what, name, &loc)
        && check_pascal_type_name(cx, what, name, &loc)
        && check_type_not_reserved(cx, what, name, &loc);
}

/// A model or enum name is a PascalCase identifier.
fn check_pascal_type_name(cx: &Ctxt, what: &str, name: &Tok, loc: &Loc) -> bool {
    let ok = is_pascal_ident(&name.text);
    if !ok {
        cx.error(loc.clone(), format!("{what} name `{}` must be a PascalCase identifier", name.text));
    }
    ok
}

/// A model or enum name is not a primitive type name such as `string`.
fn check_type_not_primitive(cx: &Ctxt, what: &str, name: &Tok, loc: &Loc) -> bool {
    let ok = ir::primitive(&name.text).is_none();
    if !ok {
        cx.error(loc.clone(), format!("{what} name `{}` is a primitive type name", name.text));
    }
    ok
}

/// A model or enum name is not `Self` or a name the client crate's root already uses.
fn check_type_not_reserved(cx: &Ctxt, what: &str, name: &Tok, loc: &Loc) -> bool {
    let ok = !contract::RESERVED_TYPE_NAMES.contains(&name.text.as_str());
    if !ok {
        let message = format!("{what} name `{}` is reserved: the client already has an item of that name", name.text);
        cx.error(loc.clone(), message);
    }
    ok
}

/// Two models do not share a key-matching function, which is named from the lowercased model name.
fn check_key_fn_distinct(cx: &Ctxt, raw: &RawModel, seen: &mut HashMap<String, Loc>) -> bool {
    let key_fn = contract::key_fn(&raw.name.text);
    if let Some(first) = seen.get(&key_fn) {
        let message = format!(
            "model `{}` differs only in letter case from the model declared at {}:{}; rename one of them",
            raw.name.text, first.file, first.line
        );
        cx.error(raw.loc.at_col(raw.name.col), message);
        return false;
    }
    seen.insert(key_fn, raw.loc.clone());
    true
}

/// A type name is a primitive or a model or enum declared in one of the tables.
fn check_type_known(cx: &Ctxt, loc: &Loc, t: &Tok) {
    let message = format!(
        "unknown type `{}`: expected a model or enum declared in the tables or one of {}",
        t.text,
        ir::PRIMITIVES.join(", ")
    );
    cx.error(loc.at_col(t.col), message);
}

/// Array elements are not `datetime` (the runtime decodes timestamps only as single values).
fn check_array_element(cx: &Ctxt, loc: &Loc, ty: &RawType, inner: &Type) -> bool {
    let ok = *inner != Type::DateTime;
    if !ok {
        cx.error(loc.at_col(ty.col()), "arrays of `datetime` are not supported; use `[string]`");
    }
    ok
}

/// `since`/`until` markers name real versions, each at most once, and `until` comes after `since`.
fn check_markers(cx: &Ctxt, loc: &Loc, markers: &RawMarkers) -> Availability {
    let mut availability = Availability::default();
    for (keyword, version) in &markers.0 {
        let Some(v) = ServerVersion::parse(&version.text) else {
            let msg = format!(
                "`{}` is not a Hydra version: write `v<major>.<minor>[.<patch>]`, e.g. `v1.10.2`",
                version.text
            );
            cx.error(loc.at_col(version.col), msg);
            continue;
        };
        let slot = if keyword.text == "since" { &mut availability.since } else { &mut availability.until };
        if slot.replace(v).is_some() {
            cx.error(loc.at_col(keyword.col), format!("`{}` is given twice", keyword.text));
        }
    }
    if let (Some(since), Some(until)) = (availability.since, availability.until) {
        if until <= since {
            let col = markers.0.iter().find(|(k, _)| k.text == "until").map_or(loc.col, |(k, _)| k.col);
            cx.error(loc.at_col(col), format!("`until {until}` must be a later release than `since {since}`"));
        }
    }
    availability
}

/// Runs the checks on names the generator derives from several items, dropping operations that fail.
fn generated_names(cx: &Ctxt, api: &mut Api, kinds: &HashMap<String, (Kind, Loc)>) {
    let op_names: HashSet<String> = api.operations.iter().map(|o| o.name.clone()).collect();
    api.operations.retain(|op| {
        let stream_free = check_stream_name_free(cx, op, &op_names);
        check_params_name_free(cx, op, kinds) && stream_free
    });
}

/// The extra methods of a `page<...>` operation (`<name>_stream`, `<name>_as`, `<name>_stream_as`) are not
/// another operation's name.
fn check_stream_name_free(cx: &Ctxt, op: &Operation, op_names: &HashSet<String>) -> bool {
    if !matches!(op.ret, Return::Page(_)) {
        return true;
    }
    let taken: Vec<String> =
        contract::page_extra_methods(&op.name).into_iter().filter(|m| op_names.contains(m)).collect();
    for method in &taken {
        cx.error(
            op.loc.clone(),
            format!("operation `{}` generates `{method}`, which another operation already uses", op.name),
        );
    }
    taken.is_empty()
}

/// The `<Name>Params` struct of an operation with optional parameters is not a model or enum name.
fn check_params_name_free(cx: &Ctxt, op: &Operation, kinds: &HashMap<String, (Kind, Loc)>) -> bool {
    let params = contract::params_struct(&op.name);
    let ok = op.optional_params().next().is_none() || !kinds.contains_key(&params);
    if !ok {
        cx.error(
            op.loc.clone(),
            format!("operation `{}` generates the type `{params}`, which is also a model name", op.name),
        );
    }
    ok
}

/// The models the hand-written runtime reads are declared, with the fields it uses (client tables only).
pub(crate) fn check_runtime_models(cx: &Ctxt, tables: &[RawTable], api: &Api) {
    for needed in contract::RUNTIME_MODELS {
        let Some(model) = api.model(needed.name) else {
            // A declared but broken model was reported already.
            let declared = tables.iter().flat_map(|t| &t.models).any(|m| m.name.text == needed.name);
            if let (false, Some(file)) = (declared, api.files.first()) {
                let message = format!("the client's runtime needs a model `{}`; declare it", needed.name);
                cx.error(Loc::new(&file.name, 1, 1, ""), message);
            }
            continue;
        };
        for &(json, ty, required) in needed.fields {
            let field = model.fields.iter().find(|f| f.json_name == json);
            let fits = field.is_some_and(|f| f.ty.table_name() == ty && f.required == required);
            if !fits {
                let optional = if required { "" } else { "?" };
                let message =
                    format!("the client's runtime needs `field {json}{optional}: {ty}` in model `{}`", model.name);
                cx.error(model.loc.clone(), message);
            }
        }
    }
}

/// Drops, without a message, every item that names a model or enum that did not make it into `api`.
fn drop_dependents_of_broken_types(api: &mut Api) {
    loop {
        let known: HashSet<String> =
            api.models.iter().map(|m| m.name.clone()).chain(api.enums.iter().map(|e| e.name.clone())).collect();
        let before = api.models.len();
        api.models.retain(|m| m.fields.iter().all(|f| names_known(&f.ty, &known)));
        if api.models.len() == before {
            let ret_ok = |r: &Return| match r {
                Return::Json(t) => names_known(t, &known),
                Return::Page(m) => known.contains(m),
                Return::Unit | Return::Text | Return::Redirect => true,
            };
            api.operations.retain(|o| ret_ok(&o.ret) && o.params.iter().all(|p| names_known(&p.ty, &known)));
            return;
        }
    }
}

/// Whether every model or enum that `ty` names is in `known`.
fn names_known(ty: &Type, known: &HashSet<String>) -> bool {
    match ty {
        Type::Array(inner) => names_known(inner, known),
        Type::Model(name) | Type::Enum(name) => known.contains(name),
        _ => true,
    }
}

fn is_pascal_ident(s: &str) -> bool {
    let mut chars = s.chars();
    chars.next().is_some_and(|c| c.is_ascii_uppercase()) && chars.all(|c| c.is_ascii_alphanumeric())
}

#[cfg(test)]
mod tests;
