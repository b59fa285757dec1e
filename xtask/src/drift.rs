//! `cargo xtask drift`: differences between the endpoint tables and an upstream OpenAPI document.
//!
//! Every difference is reported as one line whose text is a stable *drift key*, e.g.
//! `param list_subject_consent_sessions query limit: extra in table`. Intentional differences are
//! listed in an allow-list file (by default `spec/drift-allow.txt`), one per line:
//!
//! ```text
//! # comment
//! <drift key exactly as reported> # <why the table differs on purpose>
//! ```
//!
//! A reason is required. An allowed difference is reported as `allowed: <key> (<reason>)`; an entry
//! that matches no difference is reported as stale and fails the check, so the list cannot rot. An entry
//! may be scoped to the document versions it is about: `[until v1.11] <key> # <reason>` (see
//! [`allow`]); out of its scope it neither allows nor goes stale.
//!
//! Each document is judged by its own version (from `--doc-version`, else its file name, e.g.
//! `hydra-v1.11.10-openapi.json`): a table operation, parameter or field whose `since`/`until` markers
//! put it outside that version is left out of the comparison, so it is not "extra in table"; if the
//! document has it anyway, that is reported (`…: in the v1.2 document, but the table marks it since
//! v1.11`). Models only such items use are left out too. Every tag counts by default (`--tag '*'`);
//! the summary line says how many operations of each tag were compared.
//!
//! What is compared:
//! - operations, matched by method and path (path parameter names do not matter for matching);
//!   upstream only counts operations with the `--tag` tag when the document tags its operations;
//! - the parameters of matched operations: location, required, type; the request body is matched by
//!   location alone, since upstream calls it `Body`; path parameters are matched by name, in any order;
//! - the success (lowest 2xx) response against the table's return type;
//! - the models reachable from the matched operations (every response counts, errors too), matched by
//!   name case-insensitively, field by field: presence, required, type and format.
//!
//! Type mapping: `string` and enums↔string (any format but `date-time`), `datetime`↔string/date-time,
//! `i64`↔integer (no format, int64 or int32), `f64`↔number, `bool`↔boolean, `object`↔object,
//! `json`↔anything, `[T]`↔array of T, a model↔a `$ref` to the model of the same name. Returns: no
//! schema↔`()` or `text`, array of T↔`page<T>` or `[T]`.

use std::collections::{BTreeMap, BTreeSet, HashSet, VecDeque};
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::bail;
use ory_hydra_v1_codegen::ir::{Api, Location, Model, Operation as TableOp, Return, Type};

use crate::openapi::{underscore, Document, ModelSchema, Operation as UpOp, ParamIn, Parameter, SchemaType};

pub mod allow;
pub mod version;

pub use allow::{AllowEntry, AllowList};
use ory_hydra_v1_codegen::version::{Availability, Version};

/// The allow-list used when `--allow` is not given, relative to the workspace root.
pub const DEFAULT_ALLOW_LIST: &str = "spec/drift-allow.txt";

/// Command-line options of `cargo xtask drift`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The upstream API description: a Swagger 2.0 or OpenAPI 3.x document in JSON.
    #[arg(long, value_name = "FILE")]
    pub openapi: PathBuf,
    /// The allow-list of intentional differences [default: spec/drift-allow.txt in the workspace, if present].
    #[arg(long, value_name = "FILE")]
    pub allow: Option<PathBuf>,
    /// Only upstream operations with this tag count, when the document tags its operations; `*` counts all.
    #[arg(long, value_name = "TAG", default_value = "*")]
    pub tag: String,
    /// The Hydra version the document describes [default: the `vX.Y.Z` in its file name].
    #[arg(long, value_name = "VERSION")]
    pub doc_version: Option<String>,
}

/// Runs the subcommand: prints the report and fails unless every difference is allowed and every
/// allow-list entry is used.
pub fn run(args: &Args) -> anyhow::Result<ExitCode> {
    let root = crate::workspace_root();
    let api = crate::load_tables(&root)?;
    let doc = Document::load(&args.openapi)?;
    let allow = match &args.allow {
        Some(path) => AllowList::load(path)?,
        None => {
            let path = root.join(DEFAULT_ALLOW_LIST);
            if path.exists() {
                AllowList::parse(&crate::read_text(&path)?, DEFAULT_ALLOW_LIST)?
            } else {
                AllowList::default()
            }
        }
    };
    let version = version::document_version(args.doc_version.as_deref(), &args.openapi, doc.info_version())?;
    let options = Options { tag: (args.tag != "*").then(|| args.tag.clone()), version: Some(version) };
    let report = check(&api, &doc, &options, &allow)?;
    print!("{}", report.render());
    Ok(if report.is_clean() { ExitCode::SUCCESS } else { ExitCode::FAILURE })
}

/// What the comparison looks at.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// Only upstream operations with this tag count (when the document uses tags at all); `None` counts all.
    pub tag: Option<String>,
    /// The Hydra version the document describes; `None` compares every table item, markers or not.
    pub version: Option<Version>,
}

impl Options {
    /// Only `admin` operations, every table item.
    pub fn admin() -> Self {
        Options { tag: Some("admin".to_string()), version: None }
    }

    /// Every tag, judged as a document of `version` (e.g. `v1.11.10`).
    pub fn all_tags_at(version: &str) -> Self {
        Options { tag: None, version: Version::parse_lenient(version).map(Version::as_document) }
    }

    /// Whether a table item with these markers belongs in the comparison.
    fn includes(&self, span: Availability) -> bool {
        self.version.is_none_or(|v| span.contains(v))
    }
}

/// One reported difference.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Finding {
    /// A difference nobody explained.
    Drift(String),
    /// A difference the allow-list explains: the key and the reason.
    Allowed(String, String),
}

/// The outcome of a drift check.
#[derive(Debug, Clone)]
pub struct Report {
    /// What was compared against, for the summary line.
    pub origin: String,
    /// Every difference, in the order found.
    pub findings: Vec<Finding>,
    /// Allow-list entries that matched no difference.
    pub stale: Vec<AllowEntry>,
    /// The allow-list's name, for stale entry messages.
    pub allow_origin: String,
    /// The version the document was judged as, when known.
    pub version: Option<Version>,
    /// How many upstream operations of each tag were compared (`untagged` for none).
    pub tags: BTreeMap<String, usize>,
}

impl Report {
    /// Whether there is no unexplained difference and no stale allow-list entry.
    pub fn is_clean(&self) -> bool {
        self.unexplained().next().is_none() && self.stale.is_empty()
    }

    /// The keys of differences the allow-list does not explain.
    pub fn unexplained(&self) -> impl Iterator<Item = &str> {
        self.findings.iter().filter_map(|f| match f {
            Finding::Drift(key) => Some(key.as_str()),
            Finding::Allowed(..) => None,
        })
    }

    /// The keys of differences the allow-list explains.
    pub fn allowed(&self) -> impl Iterator<Item = &str> {
        self.findings.iter().filter_map(|f| match f {
            Finding::Allowed(key, _) => Some(key.as_str()),
            Finding::Drift(_) => None,
        })
    }

    /// The report as printed: one line per finding and stale entry, then a summary.
    pub fn render(&self) -> String {
        let mut out = String::new();
        for f in &self.findings {
            match f {
                Finding::Drift(key) => out.push_str(&format!("drift: {key}\n")),
                Finding::Allowed(key, reason) => out.push_str(&format!("allowed: {key} ({reason})\n")),
            }
        }
        for e in &self.stale {
            out.push_str(&format!("stale: {} ({}:{} matches no drift; remove it)\n", e.key, self.allow_origin, e.line));
        }
        let unexplained = self.unexplained().count();
        let allowed = self.allowed().count();
        if !self.tags.is_empty() {
            let counts: Vec<String> = self.tags.iter().map(|(tag, n)| format!("{n} {tag}")).collect();
            let total: usize = self.tags.values().sum();
            let judged = self.version.map(|v| format!(", judged as Hydra {v}")).unwrap_or_default();
            out.push_str(&format!("compared {total} upstream operations: {}{judged}\n", counts.join(", ")));
        }
        out.push_str(&format!(
            "{}: {unexplained} unexplained, {allowed} allowed, {} stale allow-list entr{} (against {})\n",
            if self.is_clean() { "ok" } else { "FAILED" },
            self.stale.len(),
            if self.stale.len() == 1 { "y" } else { "ies" },
            self.origin
        ));
        out
    }
}

/// Compares the tables with the document and applies the allow-list.
pub fn check(api: &Api, doc: &Document, options: &Options, allow: &AllowList) -> anyhow::Result<Report> {
    let keys = compare(api, doc, options)?;
    let mut report = apply_allow_list(keys, allow, doc.origin(), options.version);
    report.tags = upstream_operations(doc, options)?.iter().fold(BTreeMap::new(), |mut counts, op| {
        let tag = op.tags.first().cloned().unwrap_or_else(|| "untagged".to_string());
        *counts.entry(tag).or_insert(0) += 1;
        counts
    });
    Ok(report)
}

/// Sorts drift keys into explained and unexplained ones and finds unused allow-list entries; only
/// entries whose scope covers `version` take part.
pub fn apply_allow_list(keys: Vec<String>, allow: &AllowList, origin: &str, version: Option<Version>) -> Report {
    let mut used = HashSet::new();
    let entries: Vec<&AllowEntry> = allow.entries.iter().filter(|e| e.applies_to(version)).collect();
    let findings = keys
        .into_iter()
        .map(|key| match entries.iter().find(|e| e.key == key) {
            Some(entry) => {
                used.insert(entry.line);
                Finding::Allowed(key, entry.reason.clone())
            }
            None => Finding::Drift(key),
        })
        .collect();
    let stale = entries.into_iter().filter(|e| !used.contains(&e.line)).cloned().collect();
    Report {
        origin: origin.to_string(),
        findings,
        stale,
        allow_origin: allow.origin.clone(),
        version,
        tags: BTreeMap::new(),
    }
}

/// The upstream operations the options select.
fn upstream_operations(doc: &Document, options: &Options) -> anyhow::Result<Vec<UpOp>> {
    let filter_by_tag = doc.has_tags();
    Ok(doc
        .operations()?
        .into_iter()
        .filter(|op| match (&options.tag, filter_by_tag) {
            (Some(tag), true) => op.tags.iter().any(|t| t == tag),
            _ => true,
        })
        .collect())
}

/// Every difference between the tables and the document, as drift keys, without duplicates.
pub fn compare(api: &Api, doc: &Document, options: &Options) -> anyhow::Result<Vec<String>> {
    let upstream = upstream_operations(doc, options)?;
    let mut out = Drift { options: options.clone(), ..Drift::default() };
    let mut matched_ops = HashSet::new();
    let mut reachable = BTreeSet::new();
    for up in &upstream {
        let route = route_key(&up.method, &up.path);
        let Some(index) = api.operations.iter().position(|t| route_key(t.method.as_str(), &t.path) == route) else {
            let id = up.operation_id.as_deref().map(|id| format!(" (upstream {id})")).unwrap_or_default();
            out.push(format!("operation {} {}: missing in table{id}", up.method, up.path));
            continue;
        };
        matched_ops.insert(index);
        let t = &api.operations[index];
        if !options.includes(t.availability) {
            out.push(format!("operation {} {}: {}", up.method, up.path, out.marked_out(t.availability)));
            continue;
        }
        compare_operation(t, up, &mut out);
        for ty in up.params.iter().map(|p| &p.ty).chain(&up.response_types) {
            reachable.extend(ty.model_names().into_iter().map(str::to_string));
        }
    }
    for (i, t) in api.operations.iter().enumerate() {
        if !matched_ops.contains(&i) && options.includes(t.availability) {
            out.push(format!("operation {} {}: extra in table", t.method.as_str(), t.path));
        }
    }

    // Close the reachable set over model fields, then compare model by model.
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
    let mut matched_models = HashSet::new();
    for up in &upstream_models {
        match find_table_model(api, &up.name) {
            None => out.push(format!("model {}: missing in table", up.name)),
            Some(model) => {
                matched_models.insert(model.name.as_str());
                compare_model(model, up, &mut out);
            }
        }
    }
    // Table models that no compared operation reaches: still compare them with the upstream model of the
    // same name when there is one; otherwise upstream has no such model at all.
    let names = doc.model_names();
    let everywhere = table_reachable(api, &Options { version: None, ..options.clone() });
    let in_version = table_reachable(api, options);
    for model in &api.models {
        if matched_models.contains(model.name.as_str()) {
            continue;
        }
        // Used by the table, but only by items outside the document's version. (A model no operation
        // uses, such as a webhook payload, is still compared.)
        if everywhere.contains(model.name.as_str()) && !in_version.contains(model.name.as_str()) {
            continue;
        }
        let upstream_name = names
            .iter()
            .find(|n| **n == model.name)
            .or_else(|| names.iter().find(|n| n.eq_ignore_ascii_case(&model.name)));
        match upstream_name {
            Some(name) => {
                if let Some(up) = doc.model(name)? {
                    compare_model(model, &up, &mut out);
                }
            }
            None => out.push(format!("model {}: extra in table", model.name)),
        }
    }
    Ok(out.keys)
}

/// Drift keys in the order found, without duplicates, and what decides which table items count.
#[derive(Default)]
struct Drift {
    keys: Vec<String>,
    seen: HashSet<String>,
    options: Options,
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

fn compare_operation(t: &TableOp, up: &UpOp, out: &mut Drift) {
    let op = &t.name;
    if let Some(id) = &up.operation_id {
        let expected = underscore(id);
        if expected != *op {
            out.push(format!("operation {} {}: named {op} in table, {expected} upstream", up.method, t.path));
        }
    }

    // The request body: matched by location only.
    let t_body = t.params.iter().find(|p| p.location == Location::Body && out.options.includes(p.availability));
    let up_body = up.params.iter().find(|p| p.location == ParamIn::Body);
    match (t_body, up_body) {
        (Some(tb), Some(ub)) => {
            if tb.required != ub.required {
                out.push(format!(
                    "param {op} body: {} in table, {} upstream",
                    required_word(tb.required),
                    required_word(ub.required)
                ));
            }
            if !type_matches(&tb.ty, &ub.ty) {
                out.push(format!("param {op} body: type {} in table, {} upstream", tb.ty.table_name(), ub.ty));
            }
        }
        (Some(_), None) => out.push(format!("param {op} body: extra in table")),
        (None, Some(_)) => out.push(format!("param {op} body: missing in table")),
        (None, None) => {}
    }

    // Everything else: matched by name.
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
            out.push(format!(
                "param {op} {tloc} {}: {} in table, {} upstream",
                tp.name,
                required_word(tp.required),
                required_word(u.required)
            ));
        }
        if !type_matches(&tp.ty, &u.ty) {
            out.push(format!("param {op} {tloc} {}: type {} in table, {} upstream", tp.name, tp.ty.table_name(), u.ty));
        }
    }
    for tp in t.params.iter().filter(|p| p.location != Location::Body) {
        if !up_others.iter().any(|u| u.name == tp.name) && out.options.includes(tp.availability) {
            out.push(format!("param {op} {} {}: extra in table", tp.location.as_str(), tp.name));
        }
    }

    // The success response.
    let up_ty = up.success.as_ref().and_then(|r| r.ty.as_ref());
    let ok = match (&t.ret, up_ty) {
        (Return::Unit | Return::Text | Return::Redirect, None) => true,
        (Return::Text, Some(SchemaType::String(_))) => true,
        (Return::Json(ty), Some(u)) => type_matches(ty, u),
        (Return::Page(model), Some(SchemaType::Array(inner))) => type_matches(&Type::Model(model.clone()), inner),
        _ => false,
    };
    if !ok {
        let table = match &t.ret {
            Return::Unit => "()".to_string(),
            Return::Text => "text".to_string(),
            Return::Json(ty) => ty.table_name(),
            Return::Page(model) => format!("page<{model}>"),
            Return::Redirect => "redirect".to_string(),
        };
        let upstream = up_ty.map_or("()".to_string(), ToString::to_string);
        out.push(format!("return {op}: {table} in table, {upstream} upstream"));
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
            out.push(format!(
                "field {name}.{}: {} in table, {} upstream",
                p.name,
                required_word(f.required),
                required_word(p.required)
            ));
        }
        if !type_matches(&f.ty, &p.ty) {
            out.push(format!("field {name}.{}: type {} in table, {} upstream", p.name, f.ty.table_name(), p.ty));
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
