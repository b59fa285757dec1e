//! The comparison itself: table operations, parameters, returns, credentials and models against the
//! document's, one drift key per difference (the rules are in the [`super`] module docs).

use std::collections::{BTreeSet, HashSet, VecDeque};

use anyhow::bail;
use ory_hydra_v1_codegen::ir::{Api, Location, Model, Operation as TableOp, Return, Type};
use ory_hydra_v1_codegen::print;
use ory_hydra_v1_codegen::version::Availability;

use super::{auth, items, Options};
use crate::openapi::{underscore, Document, ModelSchema, Operation as UpOp, ParamIn, Parameter, SchemaType};

/// Every difference between the tables and the document, as drift keys, without duplicates.
pub fn compare(api: &Api, doc: &Document, options: &Options) -> anyhow::Result<Vec<String>> {
    let upstream = super::upstream_operations(doc, options)?;
    let mut out = Drift {
        options: options.clone(),
        error_body: error_body(&upstream),
        table_errors: table_errors(api),
        ..Drift::default()
    };
    compare_error_models(&mut out);
    let reachable = compare_operations(api, &upstream, &mut out);
    let matched = compare_reachable_models(api, doc, reachable, &mut out)?;
    compare_other_models(api, doc, &matched, &mut out)?;
    Ok(out.keys)
}

/// Matches operations by route and compares each pair; returns the upstream models the compared
/// operations use.
fn compare_operations(api: &Api, upstream: &[UpOp], out: &mut Drift) -> BTreeSet<String> {
    let mut matched_ops = HashSet::new();
    let mut reachable = BTreeSet::new();
    for up in upstream {
        let route = route_key(&up.method, &up.path);
        let Some(index) = api.operations.iter().position(|t| route_key(t.method.as_str(), &t.path) == route) else {
            let id = up.operation_id.as_deref().map(|id| format!(" (upstream {id})")).unwrap_or_default();
            out.push(format!("operation {} {}: missing in table{id}", up.method, up.path));
            continue;
        };
        matched_ops.insert(index);
        let t = &api.operations[index];
        if !out.options.includes(t.availability) {
            out.push(format!("operation {} {}: {}", up.method, up.path, out.marked_out(t.availability)));
            continue;
        }
        compare_operation(api, t, up, out);
        for ty in up.params.iter().map(|p| &p.ty).chain(&up.response_types) {
            reachable.extend(ty.model_names().into_iter().map(str::to_string));
        }
    }
    for (i, t) in api.operations.iter().enumerate() {
        if !matched_ops.contains(&i) && out.options.includes(t.availability) {
            out.push(format!("operation {} {}: extra in table", t.method.as_str(), t.path));
        }
    }
    reachable
}

/// Closes `reachable` over model fields and compares each upstream model with the table's; returns
/// the names of the table models compared.
fn compare_reachable_models(
    api: &Api,
    doc: &Document,
    reachable: BTreeSet<String>,
    out: &mut Drift,
) -> anyhow::Result<HashSet<String>> {
    let mut upstream_models: Vec<ModelSchema> = Vec::new();
    let mut queue: VecDeque<String> = reachable.into_iter().collect();
    let mut seen: HashSet<String> = queue.iter().cloned().collect();
    while let Some(name) = queue.pop_front() {
        let Some(model) = doc.model(&name)? else {
            bail!("`{}` refers to a model `{name}` that it does not define", doc.origin());
        };
        for p in &model.properties {
            for next in p.ty.model_names() {
                if seen.insert(next.to_string()) {
                    queue.push_back(next.to_string());
                }
            }
        }
        upstream_models.push(model);
    }
    upstream_models.sort_by(|a, b| a.name.cmp(&b.name));
    let mut matched = HashSet::new();
    for up in &upstream_models {
        match find_table_model(api, &up.name) {
            None => out.push(format!("model {}: missing in table", up.name)),
            Some(model) => {
                matched.insert(model.name.clone());
                compare_model(model, up, out);
            }
        }
    }
    Ok(matched)
}

/// Table models that no compared operation reaches: still compared with the upstream model of the same
/// name when there is one; otherwise upstream has no such model at all.
fn compare_other_models(api: &Api, doc: &Document, matched: &HashSet<String>, out: &mut Drift) -> anyhow::Result<()> {
    let names = doc.model_names();
    let everywhere = table_reachable(api, &Options { version: None, ..out.options.clone() });
    let in_version = table_reachable(api, &out.options);
    for model in &api.models {
        if matched.contains(&model.name) {
            continue;
        }
        // Used by the table, but only by items outside the document's version; or a model (such as a
        // webhook payload) whose every member the markers put outside it.
        let unused_here = everywhere.contains(model.name.as_str()) && !in_version.contains(model.name.as_str());
        if unused_here || out.options.version.is_some_and(|v| !items::model_in_version(model, v)) {
            continue;
        }
        let upstream_name = names
            .iter()
            .find(|n| **n == model.name)
            .or_else(|| names.iter().find(|n| n.eq_ignore_ascii_case(&model.name)));
        match upstream_name {
            Some(name) => {
                if let Some(up) = doc.model(name)? {
                    compare_model(model, &up, out);
                }
            }
            None => out.push(format!("model {}: extra in table", model.name)),
        }
    }
    Ok(())
}

/// Drift keys in the order found, without duplicates, and what decides which table items count.
#[derive(Default)]
pub(super) struct Drift {
    keys: Vec<String>,
    seen: HashSet<String>,
    options: Options,
    /// The document's error body (see [`error_body`]).
    error_body: Option<String>,
    /// The tables' usual error model (see [`table_errors`]).
    table_errors: Option<String>,
}

/// The error model most table operations name (`errors <Model>`, on the line or for the whole file),
/// the counterpart of the document's error body; `None` when no operation names one. Ties go to the
/// name that sorts first.
fn table_errors(api: &Api) -> Option<String> {
    let mut counts: std::collections::BTreeMap<&str, usize> = std::collections::BTreeMap::new();
    for model in api.operations.iter().filter_map(|op| op.errors.as_deref()) {
        *counts.entry(model).or_default() += 1;
    }
    let most = counts.values().copied().max()?;
    counts.into_iter().find(|(_, n)| *n == most).map(|(name, _)| name.to_string())
}

/// The tables' usual error model against the document's error body, once per document
/// (`errors: <Model> in table, <type> upstream`).
fn compare_error_models(out: &mut Drift) {
    if let (Some(table), Some(upstream)) = (&out.table_errors, &out.error_body) {
        if !upstream.eq_ignore_ascii_case(table) {
            let key = format!("errors: {table} in table, {upstream} upstream");
            out.push(key);
        }
    }
}

/// The body most non-2xx answers of the document have: its error body, the one shape the runtime reads
/// every failure of a line as. Ties go to the name that sorts first, so the choice is stable.
fn error_body(upstream: &[UpOp]) -> Option<String> {
    let mut counts: std::collections::BTreeMap<String, usize> = std::collections::BTreeMap::new();
    for ty in upstream.iter().flat_map(|op| &op.failures).filter_map(|r| r.ty.as_ref()) {
        *counts.entry(ty.to_string()).or_default() += 1;
    }
    let most = counts.values().copied().max()?;
    counts.into_iter().find(|(_, n)| *n == most).map(|(name, _)| name)
}

impl Drift {
    fn push(&mut self, key: String) {
        if self.seen.insert(key.clone()) {
            self.keys.push(key);
        }
    }

    /// The end of a drift key for an item the document has although the table's markers exclude it.
    fn marked_out(&self, span: Availability) -> String {
        let doc = self.options.version.map(|v| format!("the {v} document")).unwrap_or_else(|| "the document".into());
        format!("in {doc}, but the table marks it {}", span.describe())
    }
}

/// The models the table items of the document's version use, directly or through other models.
fn table_reachable<'a>(api: &'a Api, options: &Options) -> HashSet<&'a str> {
    fn names<'t>(ty: &'t Type, out: &mut Vec<&'t str>) {
        match ty {
            Type::Model(name) | Type::Enum(name) => out.push(name),
            Type::Array(inner) => names(inner, out),
            _ => {}
        }
    }
    let mut queue: Vec<&str> = Vec::new();
    for op in api.operations.iter().filter(|op| options.includes(op.availability)) {
        for p in op.params.iter().filter(|p| options.includes(p.availability)) {
            names(&p.ty, &mut queue);
        }
        match &op.ret {
            Return::Json(ty) => names(ty, &mut queue),
            Return::Page(model) => queue.push(model),
            Return::Unit | Return::Text | Return::Redirect => {}
        }
    }
    let mut seen = HashSet::new();
    while let Some(name) = queue.pop() {
        if !seen.insert(name) {
            continue;
        }
        if let Some(model) = api.models.iter().find(|m| m.name == name) {
            for f in model.fields.iter().filter(|f| options.includes(f.availability)) {
                names(&f.ty, &mut queue);
            }
        }
    }
    seen
}

/// Method and path with parameter names blanked out, so `/clients/{id}` matches `/clients/{client_id}`.
pub(crate) fn route_key(method: &str, path: &str) -> (String, String) {
    let mut normalized = String::with_capacity(path.len());
    let mut in_param = false;
    for c in path.chars() {
        match c {
            '{' => {
                in_param = true;
                normalized.push_str("{}");
            }
            '}' => in_param = false,
            _ if in_param => {}
            c => normalized.push(c),
        }
    }
    let trimmed = normalized.trim_end_matches('/');
    (method.to_ascii_uppercase(), if trimmed.is_empty() { "/".to_string() } else { trimmed.to_string() })
}

/// The table model an upstream model name corresponds to: same name, or same name ignoring case.
pub fn find_table_model<'a>(api: &'a Api, upstream: &str) -> Option<&'a Model> {
    api.model(upstream).or_else(|| api.models.iter().find(|m| m.name.eq_ignore_ascii_case(upstream)))
}

fn required_word(required: bool) -> &'static str {
    if required {
        "required"
    } else {
        "optional"
    }
}

fn compare_operation(api: &Api, t: &TableOp, up: &UpOp, out: &mut Drift) {
    if let Some(id) = &up.operation_id {
        let expected = underscore(id);
        if expected != t.name {
            out.push(format!("operation {} {}: named {} in table, {expected} upstream", up.method, t.path, t.name));
        }
    }
    compare_auth(t, up, out);
    compare_body(t, up, out);
    compare_params(t, up, out);
    compare_return(api, t, up, out);
    compare_failures(api, t, up, out);
}

/// Non-2xx answers against the table's `on <status> <Model>` items and error model (`errors`): a
/// status the line types must have that model upstream (an inline object is compared member by
/// member); any other status must have the document's error body where the line keeps the tables'
/// usual error model, or the line's own `errors` model. Each mismatch is
/// `answer <op> <status>: <table model, or "error body"> in table, <type> upstream`. A table `on`
/// status the document does not list is not reported: the documents list few of the statuses.
fn compare_failures(api: &Api, t: &TableOp, up: &UpOp, out: &mut Drift) {
    for r in &up.failures {
        let Some(ty) = &r.ty else { continue };
        let answer = r.status.parse::<u16>().ok().and_then(|s| t.answers.iter().find(|a| a.status == s));
        let (table, fits) = match answer {
            Some(a) => (a.model.clone(), answer_fits(api, &a.model, r, ty, out)),
            None => {
                let usual_here = t.errors.is_none() || t.errors == out.table_errors;
                let usual_upstream = out.error_body.as_deref() == Some(ty.to_string().as_str());
                let own = t.errors.as_ref().is_some_and(|m| type_matches(&Type::Model(m.clone()), ty));
                (t.errors.clone().unwrap_or_else(|| "error body".into()), (usual_here && usual_upstream) || own)
            }
        };
        if !fits {
            out.push(format!("answer {} {}: {table} in table, {ty} upstream", t.name, r.status));
        }
    }
}

/// Whether an upstream answer has the table's model: the same named model, or an inline object whose
/// members are compared with the model's (their differences reported as `field` keys).
fn answer_fits(api: &Api, model: &str, r: &crate::openapi::Response, ty: &SchemaType, out: &mut Drift) -> bool {
    if type_matches(&Type::Model(model.to_string()), ty) {
        return true;
    }
    match (ty, api.model(model)) {
        (SchemaType::Object, Some(m)) if !r.inline_properties.is_empty() => {
            compare_model(m, &ModelSchema { name: model.to_string(), properties: r.inline_properties.clone() }, out);
            true
        }
        _ => false,
    }
}

/// The API side and credentials: the table's `auth` kind against the document's tags and `security`.
fn compare_auth(t: &TableOp, up: &UpOp, out: &mut Drift) {
    let fitting = auth::fitting(up);
    let kind = auth::kind(&t.auth);
    if !fitting.contains(&kind) {
        let upstream: Vec<&str> = fitting.iter().map(|k| k.as_str()).collect();
        out.push(format!("auth {}: {} in table, {} upstream", t.name, kind.as_str(), upstream.join(" or ")));
    }
}

/// The request body: matched by location only.
fn compare_body(t: &TableOp, up: &UpOp, out: &mut Drift) {
    let op = &t.name;
    let t_body = t.params.iter().find(|p| p.location == Location::Body && out.options.includes(p.availability));
    let up_body = up.params.iter().find(|p| p.location == ParamIn::Body);
    match (t_body, up_body) {
        (Some(tb), Some(ub)) => {
            if tb.required != ub.required {
                let (table, upstream) = (required_word(tb.required), required_word(ub.required));
                out.push(format!("param {op} body: {table} in table, {upstream} upstream"));
            }
            if !type_matches(&tb.ty, &ub.ty) {
                out.push(format!("param {op} body: type {} in table, {} upstream", print::type_name(&tb.ty), ub.ty));
            }
        }
        (Some(_), None) => out.push(format!("param {op} body: extra in table")),
        (None, Some(_)) => out.push(format!("param {op} body: missing in table")),
        (None, None) => {}
    }
}

/// Every parameter but the body: matched by name.
fn compare_params(t: &TableOp, up: &UpOp, out: &mut Drift) {
    let op = &t.name;
    let up_others: Vec<&Parameter> = up.params.iter().filter(|p| p.location != ParamIn::Body).collect();
    for u in &up_others {
        let Some(tp) = t.params.iter().find(|p| p.location != Location::Body && p.name == u.name) else {
            out.push(format!("param {op} {} {}: missing in table", u.location.as_str(), u.name));
            continue;
        };
        if !out.options.includes(tp.availability) {
            let end = out.marked_out(tp.availability);
            out.push(format!("param {op} {} {}: {end}", u.location.as_str(), u.name));
            continue;
        }
        let tloc = tp.location.as_str();
        if tloc != u.location.as_str() {
            out.push(format!("param {op} {}: location {tloc} in table, {} upstream", u.name, u.location.as_str()));
        }
        if tp.required != u.required {
            let (table, upstream) = (required_word(tp.required), required_word(u.required));
            out.push(format!("param {op} {tloc} {}: {table} in table, {upstream} upstream", tp.name));
        }
        if !type_matches(&tp.ty, &u.ty) {
            let table = print::type_name(&tp.ty);
            out.push(format!("param {op} {tloc} {}: type {table} in table, {} upstream", tp.name, u.ty));
        }
    }
    for tp in t.params.iter().filter(|p| p.location != Location::Body) {
        if !up_others.iter().any(|u| u.name == tp.name) && out.options.includes(tp.availability) {
            out.push(format!("param {op} {} {}: extra in table", tp.location.as_str(), tp.name));
        }
    }
}

/// The success (lowest 2xx) response against the table's return. An inline object the document gives
/// no name is compared member by member with the table's model.
fn compare_return(api: &Api, t: &TableOp, up: &UpOp, out: &mut Drift) {
    let up_ty = up.success.as_ref().and_then(|r| r.ty.as_ref());
    let inline = up.success.as_ref().map(|r| r.inline_properties.as_slice()).unwrap_or_default();
    if let (Return::Json(Type::Model(name)), Some(SchemaType::Object), false) = (&t.ret, up_ty, inline.is_empty()) {
        if let Some(model) = api.model(name) {
            compare_model(model, &ModelSchema { name: name.clone(), properties: inline.to_vec() }, out);
            return;
        }
    }
    let ok = match (&t.ret, up_ty) {
        (Return::Unit | Return::Text | Return::Redirect, None) => true,
        (Return::Text, Some(SchemaType::String(_))) => true,
        (Return::Json(ty), Some(u)) => type_matches(ty, u),
        (Return::Page(model), Some(SchemaType::Array(inner))) => type_matches(&Type::Model(model.clone()), inner),
        _ => false,
    };
    if !ok {
        let upstream = up_ty.map_or("()".to_string(), ToString::to_string);
        out.push(format!("return {}: {} in table, {upstream} upstream", t.name, print::return_name(&t.ret)));
    }
}

fn compare_model(t: &Model, up: &ModelSchema, out: &mut Drift) {
    let name = &t.name;
    for p in &up.properties {
        let Some(f) = t.fields.iter().find(|f| f.json_name == p.name) else {
            out.push(format!("field {name}.{}: missing in table", p.name));
            continue;
        };
        if !out.options.includes(f.availability) {
            let end = out.marked_out(f.availability);
            out.push(format!("field {name}.{}: {end}", p.name));
            continue;
        }
        if f.required != p.required {
            let (table, upstream) = (required_word(f.required), required_word(p.required));
            out.push(format!("field {name}.{}: {table} in table, {upstream} upstream", p.name));
        }
        if !type_matches(&f.ty, &p.ty) {
            out.push(format!("field {name}.{}: type {} in table, {} upstream", p.name, print::type_name(&f.ty), p.ty));
        }
    }
    for f in &t.fields {
        if !up.properties.iter().any(|p| p.name == f.json_name) && out.options.includes(f.availability) {
            out.push(format!("field {name}.{}: extra in table", f.json_name));
        }
    }
}

/// Whether a table type describes the same values as an upstream schema type (see the module docs).
pub fn type_matches(table: &Type, upstream: &SchemaType) -> bool {
    match (table, upstream) {
        (Type::Json, _) => true,
        // An enum is a string with named values; the upstream document declares these members as plain
        // strings (at most a `pattern`), so any string type matches.
        (Type::String | Type::Enum(_), SchemaType::String(format)) => format.as_deref() != Some("date-time"),
        (Type::DateTime, SchemaType::String(Some(format))) => format == "date-time",
        // The documents declare Go durations as strings (at most with a `pattern`).
        (Type::Duration, SchemaType::String(format)) => format.as_deref() != Some("date-time"),
        (Type::I64, SchemaType::Integer(format)) => matches!(format.as_deref(), None | Some("int64" | "int32")),
        (Type::F64, SchemaType::Number(_)) => true,
        (Type::Bool, SchemaType::Boolean) => true,
        (Type::Object, SchemaType::Object) => true,
        // The tables cannot say "array of datetime", so `[string]` stands for it.
        (Type::Array(t), SchemaType::Array(u)) => {
            type_matches(t, u) || (**t == Type::String && matches!(&**u, SchemaType::String(_)))
        }
        (Type::Model(t), SchemaType::Model(u)) => t.eq_ignore_ascii_case(u),
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn routes_match_whatever_the_path_parameters_are_called() {
        assert_eq!(route_key("get", "/clients/{id}"), route_key("GET", "/clients/{client_id}"));
        assert_ne!(route_key("GET", "/clients/{id}"), route_key("GET", "/clients"));
        assert_eq!(route_key("GET", "/clients/"), route_key("GET", "/clients"));
    }

    #[test]
    fn types_map_as_documented() {
        assert!(type_matches(&Type::DateTime, &SchemaType::String(Some("date-time".into()))));
        assert!(type_matches(&Type::Duration, &SchemaType::String(None)));
        assert!(!type_matches(&Type::Duration, &SchemaType::Integer(None)));
        assert!(!type_matches(&Type::String, &SchemaType::String(Some("date-time".into()))));
        assert!(type_matches(&Type::String, &SchemaType::String(Some("uuid".into()))));
        assert!(type_matches(&Type::I64, &SchemaType::Integer(None)));
        assert!(type_matches(&Type::Enum("GrantType".into()), &SchemaType::String(None)));
        assert!(!type_matches(&Type::Enum("GrantType".into()), &SchemaType::Integer(None)));
        assert!(!type_matches(&Type::I64, &SchemaType::Number(None)));
        assert!(type_matches(&Type::Json, &SchemaType::Any));
        assert!(!type_matches(&Type::Object, &SchemaType::Any));
        assert!(type_matches(&Type::Model("OAuth2Client".into()), &SchemaType::Model("oAuth2Client".into())));
        assert!(type_matches(
            &Type::Array(Box::new(Type::String)),
            &SchemaType::Array(Box::new(SchemaType::String(Some("date-time".into()))))
        ));
    }
}
