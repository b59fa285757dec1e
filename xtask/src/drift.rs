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
//! that matches no difference is reported as stale and fails the check, so the list cannot rot.
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

use std::collections::{BTreeSet, HashSet, VecDeque};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{bail, Context as _};
use ory_hydra_v1_codegen::ir::{Api, Location, Model, Operation as TableOp, Return, Type};

use crate::openapi::{underscore, Document, ModelSchema, Operation as UpOp, ParamIn, Parameter, SchemaType};

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
    #[arg(long, value_name = "TAG", default_value = "admin")]
    pub tag: String,
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
    let options = Options { tag: (args.tag != "*").then(|| args.tag.clone()) };
    let report = check(&api, &doc, &options, &allow)?;
    print!("{}", report.render());
    Ok(if report.is_clean() { ExitCode::SUCCESS } else { ExitCode::FAILURE })
}

/// What the comparison looks at.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// Only upstream operations with this tag count (when the document uses tags at all); `None` counts all.
    pub tag: Option<String>,
}

impl Options {
    /// The options the command line uses by default: only `admin` operations.
    pub fn admin() -> Self {
        Options { tag: Some("admin".to_string()) }
    }
}

/// One allow-list entry.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AllowEntry {
    /// The drift key it allows, exactly as reported.
    pub key: String,
    /// Why the difference is intended.
    pub reason: String,
    /// Its line number in the file, counted from 1.
    pub line: usize,
}

/// The parsed allow-list file.
#[derive(Debug, Clone, Default)]
pub struct AllowList {
    /// The name messages use for the file.
    pub origin: String,
    /// Its entries in file order.
    pub entries: Vec<AllowEntry>,
}

impl AllowList {
    /// Reads and parses an allow-list file.
    pub fn load(path: &Path) -> anyhow::Result<AllowList> {
        let text = std::fs::read_to_string(path)
            .with_context(|| format!("cannot read the allow-list `{}`", path.display()))?;
        AllowList::parse(&text, &path.display().to_string())
    }

    /// Parses allow-list text; `origin` names it in messages. Every malformed line is reported.
    pub fn parse(text: &str, origin: &str) -> anyhow::Result<AllowList> {
        let mut entries: Vec<AllowEntry> = Vec::new();
        let mut problems = Vec::new();
        for (i, raw) in text.lines().enumerate() {
            let line = i + 1;
            let trimmed = raw.trim();
            if trimmed.is_empty() || trimmed.starts_with('#') {
                continue;
            }
            let (key, reason) = match trimmed.split_once('#') {
                Some((key, reason)) => (key.trim(), reason.trim()),
                None => (trimmed, ""),
            };
            if reason.is_empty() {
                problems.push(format!(
                    "{origin}:{line}: `{key}` has no reason; write `<drift key> # <why the difference is intended>`"
                ));
                continue;
            }
            if let Some(first) = entries.iter().find(|e| e.key == key) {
                problems.push(format!("{origin}:{line}: `{key}` is already listed on line {}", first.line));
                continue;
            }
            entries.push(AllowEntry { key: key.to_string(), reason: reason.to_string(), line });
        }
        if !problems.is_empty() {
            bail!("the allow-list has errors:\n  {}", problems.join("\n  "));
        }
        Ok(AllowList { origin: origin.to_string(), entries })
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
    Ok(apply_allow_list(keys, allow, doc.origin()))
}

/// Sorts drift keys into explained and unexplained ones and finds unused allow-list entries.
pub fn apply_allow_list(keys: Vec<String>, allow: &AllowList, origin: &str) -> Report {
    let mut used = HashSet::new();
    let findings = keys
        .into_iter()
        .map(|key| match allow.entries.iter().find(|e| e.key == key) {
            Some(entry) => {
                used.insert(entry.line);
                Finding::Allowed(key, entry.reason.clone())
            }
            None => Finding::Drift(key),
        })
        .collect();
    let stale = allow.entries.iter().filter(|e| !used.contains(&e.line)).cloned().collect();
    Report { origin: origin.to_string(), findings, stale, allow_origin: allow.origin.clone() }
}

/// Every difference between the tables and the document, as drift keys, without duplicates.
pub fn compare(api: &Api, doc: &Document, options: &Options) -> anyhow::Result<Vec<String>> {
    let filter_by_tag = doc.has_tags();
    let upstream: Vec<UpOp> = doc
        .operations()?
        .into_iter()
        .filter(|op| match (&options.tag, filter_by_tag) {
            (Some(tag), true) => op.tags.iter().any(|t| t == tag),
            _ => true,
        })
        .collect();

    let mut out = Drift::default();
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
        compare_operation(&api.operations[index], up, &mut out);
        for ty in up.params.iter().map(|p| &p.ty).chain(&up.response_types) {
            reachable.extend(ty.model_names().into_iter().map(str::to_string));
        }
    }
    for (i, t) in api.operations.iter().enumerate() {
        if !matched_ops.contains(&i) {
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
    for model in &api.models {
        if matched_models.contains(model.name.as_str()) {
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

/// Drift keys in the order found, without duplicates.
#[derive(Default)]
struct Drift {
    keys: Vec<String>,
    seen: HashSet<String>,
}

impl Drift {
    fn push(&mut self, key: String) {
        if self.seen.insert(key.clone()) {
            self.keys.push(key);
        }
    }
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
    let t_body = t.params.iter().find(|p| p.location == Location::Body);
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
        if !up_others.iter().any(|u| u.name == tp.name) {
            out.push(format!("param {op} {} {}: extra in table", tp.location.as_str(), tp.name));
        }
    }

    // The success response.
    let up_ty = up.success.as_ref().and_then(|r| r.ty.as_ref());
    let ok = match (&t.ret, up_ty) {
        (Return::Unit | Return::Text, None) => true,
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
        if !up.properties.iter().any(|p| p.name == f.json_name) {
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
    fn allow_list_needs_reasons_and_rejects_duplicates() {
        let ok = AllowList::parse("# c\n\nparam a query b: extra in table  # the server has it\n", "a.txt").unwrap();
        assert_eq!(ok.entries[0].key, "param a query b: extra in table");
        assert_eq!(ok.entries[0].reason, "the server has it");
        assert_eq!(ok.entries[0].line, 3);
        let err = AllowList::parse("x: y\nz #   \n", "a.txt").unwrap_err().to_string();
        assert!(err.contains("a.txt:1:") && err.contains("a.txt:2:"), "{err}");
        let err = AllowList::parse("k # r\nk # again\n", "a.txt").unwrap_err().to_string();
        assert!(err.contains("already listed on line 1"), "{err}");
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
