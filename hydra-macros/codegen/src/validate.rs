//! Meaning: checks parsed tables against each other and builds the [`Api`] of what is valid.
//!
//! Every rule is one `check_*` function with a one-line doc comment; it reports to the shared [`Ctxt`]
//! and carries on, so one compile shows every problem. An item (enum, model, operation) goes into the
//! [`Api`] only when no rule found a problem in it and every type it names made it in too. Items that
//! only depend on a broken one are dropped quietly, so one mistake is reported once, and the macro can
//! still generate everything that is sound.
//!
//! **Adding a rule:** write `fn check_<what>(cx: &Ctxt, ...)` next to the other checks of the same item
//! (`enum_item`, `model_item`, `field_item`, `operation_item`, `param_item`, `return_item`, or
//! `generated_names` for rules across items), give it a one-line `///` doc, call it there, and add a
//! row to `RULES` in this module's tests (table text, line, column, message fragment). Names the
//! runtime relies on belong in [`crate::contract`], not in a string literal here.

use std::collections::{HashMap, HashSet};

use crate::contract::{self, COOKIES_ARG, CREDENTIALS_ARG, EXTRA_FIELD, OTHER_VARIANT, PARAMS_ARG};
use crate::diag::{Ctxt, Loc};
use crate::ir::{
    self, Api, Auth, Availability, Enum, EnumValue, Field, Location, Method, Model, Operation, Paging, Param, Return,
    Segment, ServerVersion, SourceFile, Type,
};
use crate::naming::{is_rust_keyword, snake_case, variant_name};
use crate::parse::{
    Doc, DocLine, RawAuth, RawEnum, RawEnumValue, RawField, RawMarkers, RawModel, RawOperation, RawParam, RawReturn,
    RawTable, RawType, Tok,
};

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
        for raw in &table.operations {
            let unique = check_operation_unique(cx, raw, &mut seen_ops) & check_route_unique(cx, raw, &mut seen_routes);
            api.operations.extend(checker.operation_item(file, raw).filter(|_| unique));
        }
    }
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

    /// A string enumeration, or `None` when it has a problem.
    fn enum_item(&self, file: usize, raw: &RawEnum) -> Option<Enum> {
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

    /// A model, or `None` when it or one of its fields has a problem.
    fn model_item(&self, file: usize, raw: &RawModel) -> Option<Model> {
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
    fn field_item(
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
        let secret = check_field_flags(cx, f);
        if secret {
            check_secret_is_string(cx, f, ty.as_ref());
        }
        let availability = check_markers(cx, &f.loc, &f.markers);
        let (required, doc, loc) = (!f.optional, f.doc.texts(), f.loc.clone());
        Some(Field { loc, doc, json_name: json.to_string(), rust_name, ty: ty?, required, secret, availability })
    }

    /// An operation, or `None` when it has a problem.
    fn operation_item(&self, file: usize, raw: &RawOperation) -> Option<Operation> {
        let cx = self.cx;
        let before = cx.error_count();
        let method = check_method(cx, raw);
        check_operation_name(cx, raw);
        let (doc, mut param_docs) = split_param_docs(&raw.doc);
        check_doc(cx, &raw.loc, &doc, &format!("operation `{}`", raw.name.text));
        let (segments, path_ok) = path_segments(cx, raw);
        let mut params: Vec<Param> = Vec::new();
        for p in &raw.params {
            params.extend(self.param_item(raw, p, &params, path_ok.then_some(segments.as_slice()), &mut param_docs));
        }
        check_body_not_with_form(cx, raw, &params);
        let auth = auth_item(cx, raw, &params);
        let auth_doc = match &auth {
            Some((Auth::Bearer(arg), _)) => param_docs.remove(arg).map(|l| param_doc_text(&l.text)),
            _ => None,
        };
        check_param_docs_used(cx, raw, &param_docs);
        if path_ok {
            check_path_params_declared(cx, raw, &segments);
        }
        let ret = self.return_item(raw, &params);
        let availability = check_markers(cx, &raw.loc, &raw.markers);
        let (method, (ret, paging), (auth, auth_position)) = (method?, ret?, auth?);
        let once = check_operation_flags(cx, raw, method);
        check_redirect_is_public(cx, raw, &ret, &auth);
        check_generated_args_free(cx, raw, &auth, &ret);
        let (loc, doc, path, name) = (raw.loc.clone(), doc.texts(), raw.path.text.clone(), raw.name.text.clone());
        let op = Operation {
            loc,
            file,
            doc,
            method,
            path,
            segments,
            name,
            params,
            auth,
            auth_position,
            auth_doc,
            ret,
            paging,
            once,
            availability,
        };
        (cx.error_count() == before).then_some(op)
    }

    /// One parameter of `op`, or `None` when it has a problem. `earlier` holds the parameters before it.
    fn param_item(
        &self,
        op: &RawOperation,
        p: &RawParam,
        earlier: &[Param],
        segments: Option<&[Segment]>,
        param_docs: &mut HashMap<String, &DocLine>,
    ) -> Option<Param> {
        let cx = self.cx;
        let location = check_location(cx, op, p)?;
        check_param_name(cx, op, p);
        check_param_not_generated_local(cx, op, p);
        if !check_param_unique(cx, op, p, earlier) {
            return None;
        }
        let ty = self.resolve(&op.loc, &p.ty)?;
        match location {
            Location::Body => {
                check_single_body(cx, op, p, earlier);
                check_body_is_model(cx, op, p, &ty);
            }
            Location::Path | Location::Query | Location::Form => check_scalar_param(cx, op, p, location, &ty),
        }
        if location == Location::Path {
            check_path_param_required(cx, op, p);
            // A path with a problem of its own has no reliable placeholders to compare with.
            if let Some(segments) = segments {
                check_path_param_in_path(cx, op, p, segments);
            }
        }
        let doc = param_docs.remove(&p.name.text).map(|l| param_doc_text(&l.text));
        let availability = check_markers(cx, &op.loc, &p.markers);
        let secret = check_param_secret(cx, op, p, location, &ty);
        Some(Param { location, name: p.name.text.clone(), required: !p.optional, ty, doc, secret, availability })
    }

    /// What `op` returns and how it is paged, or `None` when the return type has a problem.
    fn return_item(&self, op: &RawOperation, params: &[Param]) -> Option<(Return, Paging)> {
        let ret = match &op.ret {
            RawReturn::Unit(_) => Return::Unit,
            RawReturn::Text(_) => Return::Text,
            RawReturn::Redirect(_) => Return::Redirect,
            RawReturn::Json(t) => Return::Json(self.resolve(&op.loc, t)?),
            RawReturn::Page(page, model, kind) => {
                let paging = check_paging_kind(self.cx, op, page, kind.as_ref());
                if !self.check_page_model(op, model) {
                    return None;
                }
                let paging = paging?;
                check_page_params(self.cx, op, params, paging);
                return Some((Return::Page(model.text.clone()), paging));
            }
        };
        Some((ret, Paging::None))
    }

    /// A `page<...>` names a model declared in the tables.
    fn check_page_model(&self, op: &RawOperation, model: &Tok) -> bool {
        let known = self.kinds.get(&model.text).is_some_and(|(k, _)| *k == Kind::Model);
        if !known {
            self.cx.error(op.loc.at_col(model.col), format!("unknown model `{}` in `page<...>`", model.text));
        }
        known
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

/// One value of enum `name`, or `None` when it has a problem.
fn enum_value_item(
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

// --- Rules about names and docs of any item ---------------------------------------------------------

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

// --- Rules of enums ----------------------------------------------------------------------------------

/// An enum lists at least one value.
fn check_enum_has_values(cx: &Ctxt, raw: &RawEnum) {
    if raw.values.is_empty() && !raw.broken_members {
        let message = format!("enum `{}` has no values: add `value \"...\"` lines below it", raw.name.text);
        cx.error(raw.loc.clone(), message);
    }
}

/// An enum value is not the empty string.
fn check_value_not_empty(cx: &Ctxt, loc: &Loc, json: &str) -> bool {
    if json.is_empty() {
        cx.error(loc.clone(), "an enum value cannot be empty (an empty string decodes as `Other`)");
    }
    !json.is_empty()
}

/// An enum lists each wire value once.
fn check_value_unique(
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
fn check_variant_name(cx: &Ctxt, loc: &Loc, rust_name: &str) -> bool {
    let ok = is_pascal_ident(rust_name) && rust_name != "Self";
    if !ok {
        cx.error(loc.clone(), format!("`{rust_name}` is not a PascalCase variant name; give one with `as <Name>`"));
    }
    ok
}

/// A variant is not named like the catch-all variant for unknown values.
fn check_variant_not_other(cx: &Ctxt, loc: &Loc, rust_name: &str) -> bool {
    let ok = rust_name != OTHER_VARIANT;
    if !ok {
        let message = format!("`{OTHER_VARIANT}` is reserved for unknown values; give another name with `as <Name>`");
        cx.error(loc.clone(), message);
    }
    ok
}

/// Two values of an enum do not get the same variant name.
fn check_variant_unique(cx: &Ctxt, name: &str, loc: &Loc, rust_name: &str, seen: &HashMap<String, usize>) -> bool {
    if let Some(line) = seen.get(rust_name) {
        let message =
            format!("duplicate variant `{rust_name}` in enum `{name}` (first at line {line}); rename with `as`");
        cx.error(loc.clone(), message);
        return false;
    }
    true
}

// --- Rules of model fields ---------------------------------------------------------------------------

/// A model declares each JSON member once.
fn check_field_unique(cx: &Ctxt, model: &RawModel, f: &RawField, seen: &mut HashMap<String, usize>) -> bool {
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
fn check_snake_field_name(cx: &Ctxt, loc: &Loc, rust_name: &str) -> bool {
    let ok = is_snake_ident(rust_name);
    if !ok {
        cx.error(loc.clone(), format!("`{rust_name}` is not a snake_case Rust field name; give one with `as`"));
    }
    ok
}

/// A Rust field name is not a keyword.
fn check_field_not_keyword(cx: &Ctxt, loc: &Loc, rust_name: &str) -> bool {
    let ok = !is_rust_keyword(rust_name);
    if !ok {
        cx.error(loc.clone(), format!("field name `{rust_name}` is a Rust keyword; give another with `as`"));
    }
    ok
}

/// A Rust field name is not the one that keeps unknown members.
fn check_field_not_extra(cx: &Ctxt, loc: &Loc, rust_name: &str) -> bool {
    let ok = rust_name != EXTRA_FIELD;
    if !ok {
        let message = format!("`{EXTRA_FIELD}` is reserved for the map of unknown fields; give another name with `as`");
        cx.error(loc.clone(), message);
    }
    ok
}

/// Two fields of a model do not get the same Rust name.
fn check_rust_field_unique(
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

/// Field flags are known (only `secret`); returns whether the field is secret.
fn check_field_flags(cx: &Ctxt, f: &RawField) -> bool {
    let mut secret = false;
    for flag in &f.flags {
        match flag.text.as_str() {
            "secret" => secret = true,
            other => cx.error(f.loc.at_col(flag.col), format!("unknown field flag `{other}` (expected `secret`)")),
        }
    }
    secret
}

/// Only `string` fields can be `secret` (redaction replaces a string value).
fn check_secret_is_string(cx: &Ctxt, f: &RawField, ty: Option<&Type>) {
    if ty.is_some_and(|t| *t != Type::String) {
        cx.error(f.loc.at_col(f.ty.col()), "only `string` fields can be `secret`");
    }
}

// --- Rules of operations -----------------------------------------------------------------------------

/// The HTTP method is one the table accepts.
fn check_method(cx: &Ctxt, raw: &RawOperation) -> Option<Method> {
    let method = Method::ALL.into_iter().find(|m| m.as_str() == raw.method.text);
    if method.is_none() {
        let all: Vec<&str> = Method::ALL.iter().map(|m| m.as_str()).collect();
        let message = format!("unknown HTTP method `{}` (expected one of {})", raw.method.text, all.join(", "));
        cx.error(raw.loc.at_col(raw.method.col), message);
    }
    method
}

/// An operation name is a snake_case identifier and not a keyword.
fn check_operation_name(cx: &Ctxt, raw: &RawOperation) {
    let name = &raw.name.text;
    if !is_snake_ident(name) || is_rust_keyword(name) {
        cx.error(raw.loc.at_col(raw.name.col), format!("operation name `{name}` must be a snake_case Rust identifier"));
    }
}

/// Operation names are unique across all tables.
fn check_operation_unique(cx: &Ctxt, raw: &RawOperation, seen: &mut HashMap<String, Loc>) -> bool {
    let name = &raw.name.text;
    if let Some(first) = seen.get(name) {
        let message = format!("duplicate operation `{name}` (first declared at {}:{})", first.file, first.line);
        cx.error(raw.loc.at_col(raw.name.col), message);
        return false;
    }
    seen.insert(name.clone(), raw.loc.clone());
    true
}

/// A method and path pair is declared once.
fn check_route_unique(cx: &Ctxt, raw: &RawOperation, seen: &mut HashMap<(String, String), Loc>) -> bool {
    let route = (raw.method.text.clone(), raw.path.text.clone());
    if let Some(first) = seen.get(&route) {
        let message = format!("`{} {}` is already declared at {}:{}", route.0, route.1, first.file, first.line);
        cx.error(raw.loc.at_col(raw.path.col), message);
        return false;
    }
    seen.insert(route, raw.loc.clone());
    true
}

/// Splits an operation's doc into the method's lines and its `@param text` lines, by parameter name.
fn split_param_docs(doc: &Doc) -> (Doc, HashMap<String, &DocLine>) {
    let mut lines = Doc::default();
    let mut params = HashMap::new();
    for line in &doc.0 {
        match line.text.strip_prefix('@') {
            Some(rest) => {
                let name = rest.split_once(' ').map_or(rest, |(n, _)| n);
                params.insert(name.to_string(), line);
            }
            None => lines.0.push(line.clone()),
        }
    }
    (lines, params)
}

/// The text of an `@param text` doc line.
fn param_doc_text(line: &str) -> String {
    let rest = line.strip_prefix('@').unwrap_or(line);
    rest.split_once(' ').map_or("", |(_, t)| t).trim().to_string()
}

/// Every `@param` doc line names a parameter of the operation.
fn check_param_docs_used(cx: &Ctxt, raw: &RawOperation, unused: &HashMap<String, &DocLine>) {
    let mut unused: Vec<&&DocLine> = unused.values().collect();
    unused.sort_by_key(|l| l.loc.line);
    for line in unused {
        let name = line.text[1..].split(' ').next().unwrap_or("");
        let message = format!("doc line `@{name}` documents no parameter of `{}`", raw.name.text);
        cx.error(line.loc.clone(), message);
    }
}

/// A parameter location is `path`, `query`, `body` or `form`.
fn check_location(cx: &Ctxt, op: &RawOperation, p: &RawParam) -> Option<Location> {
    let location = [Location::Path, Location::Query, Location::Body, Location::Form]
        .into_iter()
        .find(|l| l.as_str() == p.location.text);
    if location.is_none() {
        let message = format!("unknown parameter location `{}` (expected path, query, body or form)", p.location.text);
        cx.error(op.loc.at_col(p.location.col), message);
    }
    location
}

/// A parameter name is a snake_case identifier, not a keyword and not the options argument's name.
fn check_param_name(cx: &Ctxt, op: &RawOperation, p: &RawParam) {
    let name = &p.name.text;
    if !is_snake_ident(name) || is_rust_keyword(name) || name == PARAMS_ARG {
        let message = format!("parameter name `{name}` must be a snake_case Rust identifier other than `{PARAMS_ARG}`");
        cx.error(op.loc.at_col(p.name.col), message);
    }
}

/// A parameter name does not start with `__`, which the generated method body uses for its locals.
fn check_param_not_generated_local(cx: &Ctxt, op: &RawOperation, p: &RawParam) {
    if p.name.text.starts_with(contract::GENERATED_LOCAL_PREFIX) {
        let message = format!(
            "parameter name `{}` starts with `{}`, which is reserved for the generated code",
            p.name.text,
            contract::GENERATED_LOCAL_PREFIX
        );
        cx.error(op.loc.at_col(p.name.col), message);
    }
}

/// An operation names each parameter once.
fn check_param_unique(cx: &Ctxt, op: &RawOperation, p: &RawParam, earlier: &[Param]) -> bool {
    let ok = !earlier.iter().any(|q| q.name == p.name.text);
    if !ok {
        let message = format!("duplicate parameter `{}` in operation `{}`", p.name.text, op.name.text);
        cx.error(op.loc.at_col(p.name.col), message);
    }
    ok
}

/// An operation has at most one `body` parameter.
fn check_single_body(cx: &Ctxt, op: &RawOperation, p: &RawParam, earlier: &[Param]) {
    if earlier.iter().any(|q| q.location == Location::Body) {
        cx.error(op.loc.at_col(p.name.col), "an operation can have only one `body` parameter");
    }
}

/// A `body` parameter has a model type, or is an array of a model (a JSON Patch document).
fn check_body_is_model(cx: &Ctxt, op: &RawOperation, p: &RawParam, ty: &Type) {
    let ok = match ty {
        Type::Model(_) => true,
        Type::Array(inner) => matches!(**inner, Type::Model(_)),
        _ => false,
    };
    if !ok {
        cx.error(
            op.loc.at_col(p.ty.col()),
            "a `body` parameter must have a model type or be an array of one (`[Model]`)",
        );
    }
}

/// The operation's API and credentials with the position of their argument: `auth admin` when the line
/// has no `auth` item.
fn auth_item(cx: &Ctxt, op: &RawOperation, params: &[Param]) -> Option<(Auth, usize)> {
    if !check_auth_single(cx, op) {
        return None;
    }
    let Some(raw) = op.auths.first() else { return Some((Auth::Admin, 0)) };
    let auth = check_auth_kind(cx, op, raw)?;
    if !check_auth_argument(cx, op, raw, &auth) {
        return None;
    }
    if auth == Auth::Client {
        check_client_auth_has_no_body(cx, op, raw, params);
    }
    Some((auth, raw.position))
}

/// An operation has at most one `auth` item.
fn check_auth_single(cx: &Ctxt, op: &RawOperation) -> bool {
    let extra = op.auths.get(1);
    if let Some(second) = extra {
        cx.error(op.loc.at_col(second.keyword.col), "an operation can have only one `auth` item");
    }
    extra.is_none()
}

/// The kind after `auth` is `admin`, `public`, `client` or `bearer`.
fn check_auth_kind(cx: &Ctxt, op: &RawOperation, raw: &RawAuth) -> Option<Auth> {
    let auth = match raw.kind.text.as_str() {
        "admin" => Auth::Admin,
        "public" => Auth::Public,
        "client" => Auth::Client,
        "bearer" => Auth::Bearer(raw.arg.as_ref().map(|a| a.text.clone()).unwrap_or_default()),
        other => {
            let message =
                format!("unknown authentication `{other}` (expected admin, public, client or `bearer <argument>`)");
            cx.error(op.loc.at_col(raw.kind.col), message);
            return None;
        }
    };
    Some(auth)
}

/// `auth bearer` names its argument with a snake_case identifier; the other kinds take none.
fn check_auth_argument(cx: &Ctxt, op: &RawOperation, raw: &RawAuth, auth: &Auth) -> bool {
    let (col, message) = match (auth, &raw.arg) {
        (Auth::Bearer(_), None) => {
            (raw.kind.col, "`auth bearer` needs the name of its token argument, e.g. `auth bearer access_token`".into())
        }
        (Auth::Bearer(name), Some(arg))
            if !is_snake_ident(name) || is_rust_keyword(name) || name.starts_with(contract::GENERATED_LOCAL_PREFIX) =>
        {
            (arg.col, format!("bearer argument `{name}` must be a snake_case Rust identifier not starting with `__`"))
        }
        (Auth::Bearer(_), Some(_)) | (_, None) => return true,
        (_, Some(arg)) => (arg.col, format!("`auth {}` takes no argument, found `{}`", raw.kind.text, arg.text)),
    };
    cx.error(op.loc.at_col(col), message);
    false
}

/// `auth client` goes with a form body (or none): `client_secret_post` adds the credentials to the form.
fn check_client_auth_has_no_body(cx: &Ctxt, op: &RawOperation, raw: &RawAuth, params: &[Param]) {
    if params.iter().any(|p| p.location == Location::Body) {
        let message = "`auth client` cannot go with a `body` parameter: client credentials may travel in a form body";
        cx.error(op.loc.at_col(raw.kind.col), message);
    }
}

/// A `redirect` answer comes from a browser endpoint of the Public API, which takes no credentials.
fn check_redirect_is_public(cx: &Ctxt, op: &RawOperation, ret: &Return, auth: &Auth) {
    if *ret == Return::Redirect && *auth != Auth::Public {
        let col = match &op.ret {
            RawReturn::Redirect(t) => t.col,
            _ => op.loc.col,
        };
        cx.error(op.loc.at_col(col), "a `redirect` answer needs `auth public` (a browser endpoint of the Public API)");
    }
}

/// The arguments the generator adds (credentials, bearer token, cookie jar) are not also parameters.
fn check_generated_args_free(cx: &Ctxt, op: &RawOperation, auth: &Auth, ret: &Return) {
    let mut added: Vec<&str> = Vec::new();
    match auth {
        Auth::Client => added.push(CREDENTIALS_ARG),
        Auth::Bearer(name) => added.push(name),
        Auth::Admin | Auth::Public => {}
    }
    if *ret == Return::Redirect {
        added.push(COOKIES_ARG);
    }
    for name in added {
        if let Some(p) = op.params.iter().find(|p| p.name.text == name) {
            let message = format!("parameter `{name}` clashes with the argument the `auth` item or `redirect` adds");
            cx.error(op.loc.at_col(p.name.col), message);
        }
    }
}

/// A `path`, `query` or `form` parameter has a type that fits in one text value.
fn check_scalar_param(cx: &Ctxt, op: &RawOperation, p: &RawParam, location: Location, ty: &Type) {
    if !matches!(ty, Type::String | Type::I64 | Type::Bool | Type::F64 | Type::DateTime | Type::Enum(_)) {
        let message =
            format!("a `{}` parameter must be string, i64, bool, f64, datetime or an enum", location.as_str());
        cx.error(op.loc.at_col(p.ty.col()), message);
    }
}

/// A `path` parameter is required.
fn check_path_param_required(cx: &Ctxt, op: &RawOperation, p: &RawParam) {
    if p.optional {
        cx.error(op.loc.at_col(p.name.col), format!("path parameter `{}` cannot be optional", p.name.text));
    }
}

/// A `path` parameter appears as `{name}` in the path.
fn check_path_param_in_path(cx: &Ctxt, op: &RawOperation, p: &RawParam, segments: &[Segment]) {
    let name = &p.name.text;
    if !segments.contains(&Segment::Param(name.clone())) {
        let message = format!("path parameter `{name}` does not appear as `{{{name}}}` in the path `{}`", op.path.text);
        cx.error(op.loc.at_col(p.name.col), message);
    }
}

/// An operation does not send both a JSON body and a form body.
fn check_body_not_with_form(cx: &Ctxt, op: &RawOperation, params: &[Param]) {
    let has = |l: Location| params.iter().any(|p| p.location == l);
    if has(Location::Body) && has(Location::Form) {
        cx.error(op.loc.clone(), "an operation cannot have both `body` and `form` parameters");
    }
}

/// Every `{name}` in the path is declared as a `path` parameter.
fn check_path_params_declared(cx: &Ctxt, op: &RawOperation, segments: &[Segment]) {
    for seg in segments {
        let Segment::Param(p) = seg else { continue };
        let declared = op.params.iter().any(|q| &q.name.text == p && q.location.text == "path");
        if !declared {
            let byte = op.path.text.find(&format!("{{{p}}}")).unwrap_or(0);
            let message = format!("`{{{p}}}` in the path is not declared: add `path {p}: string` to the line");
            cx.error(op.loc.at_byte_in(op.path.col, &op.path.text, byte), message);
        }
    }
}

/// A `page<...>` names its paging kind, one the runtime knows.
fn check_paging_kind(cx: &Ctxt, op: &RawOperation, page: &Tok, kind: Option<&Tok>) -> Option<Paging> {
    let names: Vec<&str> = Paging::KINDS.iter().map(|(_, n)| *n).collect();
    let Some(kind) = kind else {
        let message =
            format!("`page<...>` needs its paging kind, as in `page<Model, offset>` (one of {})", names.join(", "));
        cx.error(op.loc.at_col(page.col), message);
        return None;
    };
    let found = Paging::KINDS.iter().find(|(_, n)| *n == kind.text).map(|(k, _)| *k);
    if found.is_none() {
        let message = format!("unknown paging kind `{}` (expected one of {})", kind.text, names.join(", "));
        cx.error(op.loc.at_col(kind.col), message);
    }
    found
}

/// A `page<...>` operation takes the query parameters its paging kind sets, as optional `i64`s.
fn check_page_params(cx: &Ctxt, op: &RawOperation, params: &[Param], paging: Paging) {
    for needed in paging.params() {
        let has = params
            .iter()
            .any(|p| p.name == *needed && p.location == Location::Query && !p.required && p.ty == Type::I64);
        if !has {
            cx.error(op.loc.clone(), format!("`page<...>` needs an optional `query {needed}?: i64` parameter"));
        }
    }
}

/// Operation flags are known (only `once`, and only on a method that would otherwise be retried);
/// returns whether the line says `once`.
fn check_operation_flags(cx: &Ctxt, op: &RawOperation, method: Method) -> bool {
    let mut once = false;
    for flag in &op.flags {
        match flag.text.as_str() {
            "once" if matches!(method, Method::Post | Method::Patch) => cx.error(
                op.loc.at_col(flag.col),
                format!("`once` is implied for `{}`: only GET, PUT and DELETE are retried", method.as_str()),
            ),
            "once" => once = true,
            other => cx.error(op.loc.at_col(flag.col), format!("unexpected `{other}` (expected `once` or a marker)")),
        }
    }
    once
}

/// Only `string` parameters can be `secret`, and only those a parameter struct holds (a path parameter's
/// value is part of the URL); returns whether the parameter is secret.
fn check_param_secret(cx: &Ctxt, op: &RawOperation, p: &RawParam, location: Location, ty: &Type) -> bool {
    let secret = !p.flags.is_empty();
    if secret && (*ty != Type::String || location == Location::Path || location == Location::Body) {
        cx.error(op.loc.at_col(p.flags[0].col), "only `string` query or form parameters can be `secret`");
    }
    secret
}

/// Splits the path template into literal text and `{name}` segments, checking each brace pair; the
/// flag says whether the path had no problem.
fn path_segments(cx: &Ctxt, op: &RawOperation) -> (Vec<Segment>, bool) {
    let before = cx.error_count();
    let text = &op.path.text;
    let at = |byte: usize| op.loc.at_byte_in(op.path.col, text, byte);
    let mut out = Vec::new();
    let mut offset = 0;
    while offset < text.len() {
        let rest = &text[offset..];
        let Some(i) = rest.find(['{', '}']) else {
            out.push(Segment::Literal(rest.to_string()));
            break;
        };
        if rest.as_bytes()[i] == b'}' {
            cx.error(at(offset + i), format!("unmatched `}}` in path `{text}`"));
            break;
        }
        if i > 0 {
            out.push(Segment::Literal(rest[..i].to_string()));
        }
        let Some(close) = rest[i..].find('}') else {
            cx.error(at(offset + i), format!("unclosed `{{` in path `{text}`"));
            break;
        };
        let name = &rest[i + 1..i + close];
        check_placeholder_name(cx, &at(offset + i), text, name);
        check_placeholder_fills_segment(cx, &at(offset + i), text, rest, i, close);
        out.push(Segment::Param(name.to_string()));
        offset += i + close + 1;
    }
    (out, cx.error_count() == before)
}

/// A `{name}` placeholder holds a parameter name.
fn check_placeholder_name(cx: &Ctxt, loc: &Loc, text: &str, name: &str) {
    if !is_snake_ident(name) {
        cx.error(loc.clone(), format!("`{{{name}}}` in path `{text}` is not a parameter name"));
    }
}

/// A `{name}` placeholder fills a whole path segment (`rest[open..=open + close]` is the placeholder).
fn check_placeholder_fills_segment(cx: &Ctxt, loc: &Loc, text: &str, rest: &str, open: usize, close: usize) {
    let name = &rest[open + 1..open + close];
    let after = rest[open + close + 1..].chars().next();
    if open > 0 && !rest[..open].ends_with('/') || after.is_some_and(|c| c != '/') {
        cx.error(loc.clone(), format!("`{{{name}}}` must fill a whole path segment in `{text}`"));
    }
}

// --- Rules across items ------------------------------------------------------------------------------

/// Runs the checks on names the generator derives from several items, dropping operations that fail.
fn generated_names(cx: &Ctxt, api: &mut Api, kinds: &HashMap<String, (Kind, Loc)>) {
    let op_names: HashSet<String> = api.operations.iter().map(|o| o.name.clone()).collect();
    api.operations.retain(|op| {
        let stream_free = check_stream_name_free(cx, op, &op_names);
        check_params_name_free(cx, op, kinds) && stream_free
    });
}

/// The `<name>_stream` method of a `page<...>` operation is not another operation's name.
fn check_stream_name_free(cx: &Ctxt, op: &Operation, op_names: &HashSet<String>) -> bool {
    let stream = contract::stream_method(&op.name);
    let ok = !matches!(op.ret, Return::Page(_)) || !op_names.contains(&stream);
    if !ok {
        cx.error(
            op.loc.clone(),
            format!("operation `{}` generates `{stream}`, which another operation already uses", op.name),
        );
    }
    ok
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

/// A lowercase identifier; `_` alone is not one (Rust reserves it).
fn is_snake_ident(s: &str) -> bool {
    let mut chars = s.chars();
    if s == "_" {
        return false;
    }
    chars.next().is_some_and(|c| c.is_ascii_lowercase() || c == '_')
        && chars.all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
}

fn is_pascal_ident(s: &str) -> bool {
    let mut chars = s.chars();
    chars.next().is_some_and(|c| c.is_ascii_uppercase()) && chars.all(|c| c.is_ascii_alphanumeric())
}

#[cfg(test)]
mod tests {
    use crate::{load, load_for_runtime, load_str};

    /// One row per rule: (rule, table text, line, column, message fragment). Each table has exactly one
    /// mistake, and the test checks it gives exactly one error, there.
    const RULES: &[(&str, &str, usize, usize, &str)] = &[
        // --- syntax (parse.rs) ---
        ("field outside a model", "/// F.\nfield a: string\n", 2, 1, "`field` line outside a model"),
        ("value outside an enum", "/// V.\nvalue \"a\"\n", 2, 1, "`value` line outside an enum"),
        ("model without a name", "/// M.\nmodel\n", 2, 6, "expected a model name"),
        ("junk after a model name", "/// M.\nmodel M x\n", 2, 9, "unexpected `x`"),
        ("enum without a name", "/// E.\nenum ?\n", 2, 6, "expected an enum name"),
        ("junk after an enum name", "/// E.\nenum E x\n  /// A.\n  value \"a\"\n", 2, 8, "unexpected `x`"),
        ("unquoted value", "/// E.\nenum E\n  /// A.\n  value a\n", 4, 9, "expected a quoted value"),
        ("backslash in value", "/// E.\nenum E\n  /// A.\n  value \"a\\b\"\n", 4, 11, "backslashes"),
        ("unterminated value", "/// E.\nenum E\n  /// A.\n  value \"a\n", 4, 9, "unterminated"),
        ("`as` without a variant", "/// E.\nenum E\n  /// A.\n  value \"a\" as\n", 4, 15, "a Rust variant name"),
        ("junk after a value", "/// E.\nenum E\n  /// A.\n  value \"a\" b\n", 4, 13, "unexpected `b`"),
        ("field without a name", "/// M.\nmodel M\n  /// A.\n  field : string\n", 4, 9, "a JSON field name"),
        ("field without `:`", "/// M.\nmodel M\n  /// A.\n  field a string\n", 4, 11, "expected `:`"),
        ("field without a type", "/// M.\nmodel M\n  /// A.\n  field a:\n", 4, 11, "expected a type"),
        ("unclosed array type", "/// M.\nmodel M\n  /// A.\n  field a: [string\n", 4, 19, "to close the array"),
        ("punctuation after a field type", "/// M.\nmodel M\n  /// A.\n  field a: string ,\n", 4, 19, "after the field type"),
        ("line without a method", "/// G.\n? /x get_x -> ()\n", 2, 1, "unknown line `?`"),
        ("misspelt keyword in a block", "/// M.\nmodel M\n  /// A.\n  feild a: string\n  /// B.\n  field b: string\n", 4, 3, "unknown line `feild`"),
        ("path without `/`", "/// G.\nGET x get_x -> ()\n", 2, 5, "a path starting with `/`"),
        ("method without a path", "/// G.\nGET\n", 2, 4, "a path after the HTTP method"),
        ("operation without a name", "/// G.\nGET /x -> ()\n", 2, 8, "an operation name"),
        ("parameter without a location", "/// G.\nGET /x get_x , -> ()\n", 2, 14, "a parameter location"),
        ("parameter without a name", "/// G.\nGET /x get_x query : string -> ()\n", 2, 20, "a parameter name"),
        ("parameter without `:`", "/// G.\nGET /x get_x query q string -> ()\n", 2, 22, "between the parameter name"),
        ("parameters without `,`", "/// G.\nGET /x get_x query a: string query b: string -> ()\n", 2, 30, "between parameters"),
        ("missing return type", "/// G.\nGET /x get_x ->\n", 2, 16, "a return type after `->`"),
        ("`page` without `<`", "/// G.\nGET /x get_x -> page M\n", 2, 22, "after `page`"),
        ("`page<>` without a model", "/// G.\nGET /x get_x -> page<>\n", 2, 22, "a model name inside"),
        ("`page<M` unclosed", "/// G.\nGET /x get_x -> page<M\n", 2, 23, "to close `page<...>`"),
        ("junk at the end of a line", "/// G.\nGET /x get_x -> () ,\n", 2, 20, "unexpected `,`"),
        ("doc comment documenting nothing", "/// G.\nGET /x get_x -> ()\n/// Lost.\n\n/// Lost too.\n", 3, 5, "documents nothing"),
        // --- type names ---
        ("check_type_unique", "/// A.\nmodel A\n/// A again.\nmodel A\n", 4, 7, "duplicate model `A`"),
        ("check_type_not_primitive", "/// S.\nmodel string\n", 2, 7, "is a primitive type name"),
        ("check_pascal_type_name", "/// S.\nmodel My_Model\n", 2, 7, "must be a PascalCase identifier"),
        ("check_type_not_reserved", "/// S.\nmodel Self\n", 2, 7, "`Self` is reserved"),
        ("check_type_not_reserved", "/// C.\nenum Client\n  /// A.\n  value \"a\"\n", 2, 6, "`Client` is reserved"),
        ("check_key_fn_distinct", "/// A.\nmodel FooBar\n/// B.\nmodel Foobar\n", 4, 7, "differs only in letter case"),
        ("check_type_known", "/// M.\nmodel M\n  /// A.\n  field a?: [Nope]\n", 4, 14, "unknown type `Nope`"),
        ("check_array_element", "/// M.\nmodel M\n  /// A.\n  field a?: [datetime]\n", 4, 13, "arrays of `datetime`"),
        ("check_doc", "model M\n  /// A.\n  field a: string\n", 1, 1, "model `M` has no doc comment"),
        // --- enums ---
        ("check_enum_has_values", "/// E.\nenum E\n", 2, 1, "has no values"),
        ("check_value_not_empty", "/// E.\nenum E\n  /// A.\n  value \"\"\n", 4, 9, "cannot be empty"),
        ("check_value_unique", "/// E.\nenum E\n  /// A.\n  value \"a\"\n  /// A.\n  value \"a\"\n", 6, 9, "duplicate value"),
        ("check_variant_name", "/// E.\nenum E\n  /// A.\n  value \"a\" as a_b\n", 4, 16, "not a PascalCase variant"),
        ("check_variant_not_other", "/// E.\nenum E\n  /// A.\n  value \"other\"\n", 4, 9, "`Other` is reserved"),
        ("check_variant_unique", "/// E.\nenum E\n  /// A.\n  value \"a-b\"\n  /// A.\n  value \"a_b\"\n", 6, 9, "duplicate variant `AB`"),
        // --- model fields ---
        ("check_field_unique", "/// M.\nmodel M\n  /// A.\n  field a: string\n  /// A.\n  field a?: i64\n", 6, 9, "duplicate field `a`"),
        ("check_snake_field_name", "/// M.\nmodel M\n  /// A.\n  field a as B: string\n", 4, 14, "not a snake_case Rust field"),
        ("check_field_not_keyword", "/// M.\nmodel M\n  /// A.\n  field type: string\n", 4, 9, "is a Rust keyword"),
        ("check_field_not_extra", "/// M.\nmodel M\n  /// A.\n  field extra?: object\n", 4, 9, "`extra` is reserved"),
        ("check_rust_field_unique", "/// M.\nmodel M\n  /// A.\n  field aB: string\n  /// A.\n  field a_b: string\n", 6, 9, "duplicate Rust field name `a_b`"),
        ("check_field_flags", "/// M.\nmodel M\n  /// A.\n  field a: string hidden\n", 4, 19, "unknown field flag `hidden`"),
        ("check_secret_is_string", "/// M.\nmodel M\n  /// A.\n  field a: i64 secret\n", 4, 12, "only `string` fields can be `secret`"),
        // --- operations ---
        ("check_method", "/// G.\nFETCH /x get_x -> ()\n", 2, 1, "unknown HTTP method `FETCH`"),
        ("check_operation_name", "/// G.\nGET /x GetX -> ()\n", 2, 8, "must be a snake_case Rust identifier"),
        ("check_operation_unique", "/// G.\nGET /x get_x -> ()\n/// G.\nGET /y get_x -> ()\n", 4, 8, "duplicate operation `get_x`"),
        ("check_route_unique", "/// G.\nGET /x get_x -> ()\n/// G.\nGET /x get_y -> ()\n", 4, 5, "`GET /x` is already declared"),
        ("check_param_docs_used", "/// G.\n/// @nope Nothing.\nGET /x get_x -> ()\n", 2, 5, "`@nope` documents no parameter"),
        ("check_location", "/// G.\nGET /x get_x header h: string -> ()\n", 2, 14, "unknown parameter location `header`"),
        ("check_param_name", "/// G.\nGET /x get_x query params?: string -> ()\n", 2, 20, "other than `params`"),
        ("check_param_not_generated_local", "/// G.\nGET /x get_x query __call?: string -> ()\n", 2, 20, "reserved for the generated code"),
        ("check_snake_field_name", "/// M.\nmodel M\n  /// A.\n  field a as _: string\n", 4, 14, "`_` is not a snake_case"),
        ("check_param_unique", "/// G.\nGET /x get_x query a: string, query a: i64 -> ()\n", 2, 37, "duplicate parameter `a`"),
        ("check_single_body", "/// M.\nmodel M\n/// G.\nPOST /x post_x body a: M, body b: M -> ()\n", 4, 32, "only one `body`"),
        ("check_body_is_model", "/// G.\nPOST /x post_x body a: string -> ()\n", 2, 24, "must have a model type"),
        ("check_body_is_model", "/// G.\nPATCH /x patch_x body a: [string] -> ()\n", 2, 26, "or be an array of one"),
        ("`auth` without a kind", "/// G.\nGET /x get_x auth -> ()\n", 2, 19, "an authentication kind after `auth`"),
        ("check_auth_single", "/// G.\nGET /x get_x auth public, auth admin -> ()\n", 2, 27, "only one `auth` item"),
        ("check_auth_kind", "/// G.\nGET /x get_x auth basic -> ()\n", 2, 19, "unknown authentication `basic`"),
        ("check_auth_argument", "/// G.\nGET /x get_x auth bearer -> ()\n", 2, 19, "needs the name of its token argument"),
        ("check_auth_argument", "/// G.\nGET /x get_x auth public token -> ()\n", 2, 26, "takes no argument"),
        ("check_auth_argument", "/// G.\nGET /x get_x auth bearer __call -> ()\n", 2, 26, "not starting with `__`"),
        ("check_client_auth_has_no_body", "/// M.\nmodel M\n/// G.\nPOST /x post_x auth client, body b: M -> ()\n", 4, 21, "cannot go with a `body`"),
        ("check_redirect_is_public", "/// G.\nGET /x get_x -> redirect\n", 2, 17, "needs `auth public`"),
        ("check_generated_args_free", "/// G.\nGET /x get_x auth bearer t, query t: string -> ()\n", 2, 35, "clashes with the argument"),
        ("check_scalar_param", "/// G.\nGET /x get_x query a?: [string] -> ()\n", 2, 24, "must be string, i64, bool"),
        ("check_path_param_required", "/// G.\nGET /x/{id} get_x path id?: string -> ()\n", 2, 24, "cannot be optional"),
        ("check_path_param_in_path", "/// G.\nGET /x get_x path id: string -> ()\n", 2, 19, "does not appear as `{id}`"),
        ("check_body_not_with_form", "/// M.\nmodel M\n/// G.\nPOST /x post_x body a: M, form b: string -> ()\n", 4, 1, "both `body` and `form`"),
        ("check_path_params_declared", "/// G.\nGET /x/{id} get_x -> ()\n", 2, 8, "`{id}` in the path is not declared"),
        ("check_page_model", "/// G.\nGET /x get_x query limit?: i64, query offset?: i64 -> page<Nope, offset>\n", 2, 60, "unknown model `Nope`"),
        ("check_paging_kind", "/// M.\nmodel M\n/// G.\nGET /x get_x query limit?: i64, query offset?: i64 -> page<M>\n", 4, 55, "needs its paging kind"),
        ("check_paging_kind", "/// M.\nmodel M\n/// G.\nGET /x get_x query limit?: i64, query offset?: i64 -> page<M, cursor>\n", 4, 63, "unknown paging kind `cursor`"),
        ("check_operation_flags", "/// G.\nGET /x get_x -> () x\n", 2, 20, "unexpected `x`"),
        ("check_operation_flags", "/// G.\nPOST /x post_x -> () once\n", 2, 22, "`once` is implied for `POST`"),
        ("check_param_secret", "/// G.\nGET /x get_x query n?: i64 secret -> ()\n", 2, 28, "only `string` query or form parameters"),
        ("check_page_params", "/// M.\nmodel M\n/// G.\nGET /x get_x query limit?: i64 -> page<M, offset>\n", 4, 1, "`query offset?: i64`"),
        ("unmatched `}` in a path", "/// G.\nGET /x}/y get_x -> ()\n", 2, 7, "unmatched `}`"),
        ("unclosed `{` in a path", "/// G.\nGET /x/{id get_x path id: string -> ()\n", 2, 8, "unclosed `{`"),
        ("check_placeholder_name", "/// G.\nGET /x/{Id} get_x -> ()\n", 2, 8, "is not a parameter name"),
        ("check_placeholder_fills_segment", "/// G.\nGET /x/a{id} get_x path id: string -> ()\n", 2, 9, "must fill a whole path segment"),
        // --- server-version markers ---
        ("marker without a version", "/// G.\nGET /x get_x -> () since\n", 2, 25, "a Hydra version such as `v1.10.2` after `since`"),
        ("check_markers", "/// G.\nGET /x get_x -> () since 1.2\n", 2, 26, "`1.2` is not a Hydra version"),
        ("check_markers", "/// M.\nmodel M\n  /// A.\n  field a?: string since v1.2 since v1.3\n", 4, 31, "`since` is given twice"),
        ("check_markers", "/// G.\nGET /x get_x query a?: string since v1.7 until v1.5 -> ()\n", 2, 42, "`until v1.5.0` must be a later release than `since v1.7.0`"),
        // --- names derived from several items ---
        ("check_stream_name_free", "/// M.\nmodel M\n/// G.\nGET /x get_x query limit?: i64, query offset?: i64 -> page<M, offset>\n/// S.\nGET /s get_x_stream -> ()\n", 4, 1, "generates `get_x_stream`"),
        ("check_params_name_free", "/// M.\nmodel GetXParams\n/// G.\nGET /x get_x query a?: string -> ()\n", 4, 1, "generates the type `GetXParams`"),
        // --- what the runtime needs (only checked for the client's own tables) ---
        ("check_runtime_models", "/// C.\nmodel CompletedRequest\n  /// R.\n  field redirect_to?: string\n", 1, 1, "needs a model `GenericError`"),
        ("check_runtime_models", "/// G.\nmodel GenericError\n  /// E.\n  field error?: string\n  /// D.\n  field error_description?: string\n/// C.\nmodel CompletedRequest\n  /// R.\n  field redirect_to?: string\n", 2, 1, "needs `field error: string` in model `GenericError`"),
        // --- columns count characters, not bytes ---
        ("non-ASCII before a path placeholder", "/// Ünïcödé.\nGET /ünï/{id} get_x -> ()\n", 2, 10, "`{id}` in the path is not declared"),
        ("non-ASCII before a bad placeholder", "/// G.\nGET /é/{Id} get_x -> ()\n", 2, 8, "is not a parameter name"),
        ("indented doc line", "/// Gêt.\n  /// @nöpe Ünï.\nGET /x get_x -> ()\n", 2, 7, "`@nöpe` documents no parameter"),
        ("non-ASCII before a field type", "/// M.\nmodel M\n  /// Ä.\n  field ä as a: Nope\n", 4, 17, "unknown type `Nope`"),
    ];

    #[test]
    fn every_rule_reports_one_error_at_its_line_and_column() {
        let mut failures = Vec::new();
        for (rule, table, line, col, fragment) in RULES {
            let sources = [crate::Source::Inline { name: "t.table".into(), text: table.to_string() }];
            let loaded = if *rule == "check_runtime_models" { load_for_runtime(&sources) } else { load(&sources) };
            let got: Vec<_> = loaded.diagnostics.into_iter().map(|d| (d.loc.line, d.loc.col, d.message)).collect();
            let ok = matches!(got.as_slice(), [(l, c, m)] if l == line && c == col && m.contains(fragment));
            if !ok {
                failures.push(format!("{rule}: expected {line}:{col} `{fragment}`, got {got:?}"));
            }
        }
        assert!(failures.is_empty(), "{}", failures.join("\n"));
    }

    #[test]
    fn every_check_function_has_a_row() {
        let source = include_str!("validate.rs");
        let names = source.split("fn check_").skip(1).filter_map(|rest| {
            let end = rest.find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))?;
            (end > 0 && rest[end..].starts_with('(')).then(|| &rest[..end])
        });
        let missing: Vec<&str> =
            names.filter(|name| !RULES.iter().any(|(rule, ..)| rule.strip_prefix("check_") == Some(name))).collect();
        assert!(missing.is_empty(), "rules without a row in RULES: {missing:?}");
    }

    #[test]
    fn markers_reach_the_ir_on_operations_parameters_and_fields() {
        let table =
            "/// M.\nmodel M\n  /// A.\n  field a?: string secret since v1.11\n  /// B.\n  field b?: i64 until v1.5 \
                     since v1.2\n/// G.\nGET /x get_x query q?: bool since v1.7, query r?: string -> M since v1.10.2\n";
        let api = load_str("t.table", table).expect("valid");
        use crate::ir::{self, Availability};
        let v = |t: &str| ir::ServerVersion::parse(t);
        let m = &api.models[0];
        assert!(m.fields[0].secret);
        assert_eq!(m.fields[0].availability, Availability { since: v("v1.11"), until: None });
        assert_eq!(m.fields[1].availability, Availability { since: v("v1.2"), until: v("v1.5") });
        let op = &api.operations[0];
        assert_eq!(op.availability, Availability { since: v("v1.10.2"), until: None });
        assert_eq!(op.params[0].availability.since, v("v1.7.0"));
        assert_eq!(op.params[1].availability, Availability::default());
        assert_eq!(op.availability.doc_line().as_deref(), Some("Available since Hydra v1.10.2."));
        assert_eq!(
            m.fields[1].availability.doc_line().as_deref(),
            Some("Available from Hydra v1.2.0 up to, not including, v1.5.0.")
        );
        for bad in ["1.2", "v1", "v1.2.3.4", "v1.x", "v-1.2", "v1..2", "v1.2.", "v9999999.1"] {
            assert_eq!(ir::ServerVersion::parse(bad), None, "{bad}");
        }
    }

    #[test]
    fn a_block_with_a_line_that_could_not_be_read_is_not_generated_half() {
        let text =
            "/// M.\nmodel M\n  /// A.\n  feild a: string\n  /// B.\n  field b: string\n/// G.\nGET /m get_m -> M\n";
        let loaded = load(&[crate::Source::Inline { name: "t".into(), text: text.into() }]);
        assert_eq!(loaded.diagnostics.len(), 1, "{:?}", loaded.diagnostics);
        assert!(loaded.api.models.is_empty() && loaded.api.operations.is_empty());
    }

    #[test]
    fn the_runtime_models_are_not_required_of_other_tables() {
        assert!(load_str("t.table", "/// G.\nGET /x get_x -> ()\n").is_ok());
    }

    #[test]
    fn the_rows_are_valid_once_the_mistake_is_fixed() {
        // The context of the rows is itself valid: one row with its mistake fixed loads cleanly.
        let fixed = "/// M.\nmodel M\n/// G.\nPOST /x post_x body a: M, query b: string -> ()\n";
        assert!(load_str("t.table", fixed).is_ok());
    }
}
