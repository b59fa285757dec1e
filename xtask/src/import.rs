//! `cargo xtask import`: table lines for upstream operations, ready to paste.
//!
//! For each requested `operationId` it prints the endpoint line (named in the tables' snake_case style,
//! see [`crate::openapi::underscore`]) under the table it belongs in, and every model declaration the
//! line needs, transitively, that the tables do not have yet. Models the tables already have (matched
//! by name, ignoring case) are used under the tables' name and not repeated. The line's `auth` item,
//! and so its table, comes from the document's tags and `security` the way `cargo xtask drift` reads
//! them ([`crate::drift::auth`]); an operation the tables already have is shown as the document
//! describes it, commented out, for comparison. Lines are IR items written by the generator's own
//! printer ([`ory_hydra_v1_codegen::print`]), so they use every keyword as the parser reads it.
//!
//! The table validator requires documentation, so every item gets a `/// TODO: describe ...` line to
//! be replaced by hand; upstream descriptions are deliberately not copied. Field names that would be
//! Rust keywords get an `as` rename: the one the tables already use for that JSON name if there is one
//! (`use as key_use`), `kind` for `type`, and `<name>_value` otherwise. camelCase JSON names need no
//! rename, since the generator converts them. Things the table format cannot express (header
//! parameters, non-model request bodies, unusable names) are left out with a `# TODO:` comment.

use std::collections::HashSet;
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::{bail, Context as _};
use ory_hydra_v1_codegen::ir::{self, Api, Auth, Location, Method, Param, Return, Type};
use ory_hydra_v1_codegen::naming::{is_rust_keyword, is_snake_ident, pascal_case, snake_case};
use ory_hydra_v1_codegen::version::Availability;
use ory_hydra_v1_codegen::{print, Loc};
use serde_json::Value;

use crate::drift::{auth, find_table_model};
use crate::line::Line;
use crate::openapi::{underscore, Document, Operation, ParamIn, Parameter, SchemaType};

/// Command-line options of `cargo xtask import`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The upstream API description: a Swagger 2.0 or OpenAPI 3.x document in JSON.
    #[arg(long, value_name = "FILE")]
    pub openapi: PathBuf,
    /// The `operationId`s to import, as upstream spells them (e.g. `isInstanceReady`).
    #[arg(required = true, value_name = "OPERATION_ID")]
    pub operation_ids: Vec<String>,
}

/// Runs the subcommand: prints the lines to standard output, for the table set of the document's
/// server line ([`line_for`]).
pub fn run(args: &Args) -> anyhow::Result<ExitCode> {
    let root = crate::workspace_root();
    let doc = Document::load(&args.openapi)?;
    let api = line_for(&args.openapi, &doc).load(&root)?;
    print!("{}", import(&api, &doc, &args.operation_ids)?);
    Ok(ExitCode::SUCCESS)
}

/// The server line whose tables the lines are for: the one of the release the document describes, as
/// `cargo xtask drift` judges it (its file name, else its `info.version`); v1 when it names none.
pub fn line_for(path: &std::path::Path, doc: &Document) -> Line {
    crate::drift::version::document_version(None, path, doc.info_version()).map_or(Line::V1, Line::of)
}

/// Where a model to declare comes from.
enum ModelSource {
    /// A named upstream model.
    Named(String),
    /// An inline object schema (a request body without a named model).
    Inline(Value),
}

struct NewModel {
    name: String,
    source: ModelSource,
}

struct Importer<'a> {
    api: &'a Api,
    doc: &'a Document,
    models: Vec<NewModel>,
}

/// The table text for the operations named by `ids`: endpoint lines, grouped by the table they belong
/// in (the Admin or the Public one, from the document's tags), then the model declarations they need
/// that `api` lacks. Fails if an id is unknown or a referenced model is missing from the document.
pub fn import(api: &Api, doc: &Document, ids: &[String]) -> anyhow::Result<String> {
    let operations = doc.operations()?;
    let wanted = find_operations(&operations, ids, doc.origin())?;
    let mut importer = Importer { api, doc, models: Vec::new() };
    // (is public, text) per operation, in the order asked for.
    let mut op_blocks: Vec<(bool, String)> = Vec::new();
    for op in wanted {
        let label = op.operation_id.as_deref().unwrap_or_default();
        let block = importer.operation(op).with_context(|| format!("cannot import `{label}`"))?;
        op_blocks.push(block);
    }
    let mut model_blocks = Vec::new();
    let mut i = 0;
    // Declaring a model can discover more models, which are appended and handled in turn.
    while i < importer.models.len() {
        model_blocks.push(importer.model(i)?);
        i += 1;
    }

    let mut out = format!(
        "# Table lines for {} from {}, made by `cargo xtask import`.\n\
         # Replace every TODO with real documentation before committing.\n",
        ids.join(", "),
        doc.origin()
    );
    for public in [false, true] {
        let blocks: Vec<&str> = op_blocks.iter().filter(|(p, _)| *p == public).map(|(_, b)| b.as_str()).collect();
        if !blocks.is_empty() {
            out.push_str(&format!("\n# --- for {} ---\n\n", operations_table(api, public)));
            out.push_str(&blocks.join("\n"));
        }
    }
    if model_blocks.is_empty() {
        out.push_str("\n# (no new models needed)\n");
    } else {
        let first_line_model = api.models.iter().map(|m| m.file).find(|f| *f >= crate::RUNTIME_TABLES);
        let models_file = table_file(api, first_line_model, crate::RUNTIME_TABLES);
        out.push_str(&format!("\n# --- for {models_file} ---\n\n"));
        out.push_str(&model_blocks.join("\n"));
    }
    Ok(out)
}

/// The upstream operations `ids` name, each once, in the order given; unknown ids are reported
/// together, with a guess where one is close.
fn find_operations<'d>(
    operations: &'d [Operation],
    ids: &[String],
    origin: &str,
) -> anyhow::Result<Vec<&'d Operation>> {
    let mut wanted: Vec<&Operation> = Vec::new();
    let mut unknown = Vec::new();
    for id in ids {
        match operations.iter().find(|o| o.operation_id.as_deref() == Some(id.as_str())) {
            Some(op) if !wanted.iter().any(|w| std::ptr::eq(*w, op)) => wanted.push(op),
            Some(_) => {}
            None => {
                let guess = operations.iter().filter_map(|o| o.operation_id.as_deref()).find(|known| {
                    known.eq_ignore_ascii_case(id) || underscore(known) == *id || underscore(known) == underscore(id)
                });
                unknown.push(match guess {
                    Some(g) => format!("unknown operationId `{id}` (did you mean `{g}`?)"),
                    None => format!("unknown operationId `{id}`"),
                });
            }
        }
    }
    if !unknown.is_empty() {
        bail!("{} in `{origin}`", unknown.join(", "));
    }
    Ok(wanted)
}

/// The table that holds the operations of one API: the first whose operations are all of that side,
/// else the last table (Public) or the one before it (Admin) of [`crate::TABLES`].
fn operations_table(api: &Api, public: bool) -> String {
    let holds = |file: usize| {
        let mut ops = api.operations.iter().filter(|o| o.file == file).peekable();
        ops.peek().is_some() && ops.all(|o| o.auth.is_public() == public)
    };
    let file = (0..api.files.len()).find(|f| holds(*f));
    let fallback = if public { crate::TABLES.len().saturating_sub(1) } else { crate::TABLES.len().saturating_sub(2) };
    table_file(api, file, fallback)
}

/// The workspace-relative path of the table that holds operations (or models), for the paste hints.
fn table_file(api: &Api, file: Option<usize>, fallback: usize) -> String {
    let name = file
        .and_then(|f| api.files.get(f))
        .map(|f| f.name.clone())
        .or_else(|| crate::TABLES.get(fallback).map(|t| t.to_string()))
        .unwrap_or_default();
    if name.starts_with("..") {
        crate::display_rel(std::path::Path::new(""), &crate::table_path_from_root(&name))
    } else {
        name
    }
}

impl Importer<'_> {
    /// The table name for an upstream model, registering it for declaration if the tables lack it.
    fn model_name(&mut self, upstream: &str) -> anyhow::Result<String> {
        if let Some(model) = find_table_model(self.api, upstream) {
            return Ok(model.name.clone());
        }
        if let Some(m) = self.models.iter().find(|m| matches!(&m.source, ModelSource::Named(n) if n == upstream)) {
            return Ok(m.name.clone());
        }
        if self.doc.model(upstream)?.is_none() {
            bail!("`{}` refers to a model `{upstream}` that it does not define", self.doc.origin());
        }
        let name = pascal_case(&underscore(upstream));
        if !name.chars().next().is_some_and(|c| c.is_ascii_uppercase()) {
            bail!("upstream model `{upstream}` has no usable table name (`{name}`)");
        }
        if let Some(model) = self.api.model(&name) {
            return Ok(model.name.clone());
        }
        if let Some(other) = self.models.iter().find(|m| m.name == name) {
            let other = match &other.source {
                ModelSource::Named(n) => n.as_str(),
                ModelSource::Inline(_) => "an inline request body",
            };
            bail!("upstream models `{upstream}` and `{other}` would both be called `{name}` in the tables");
        }
        self.models.push(NewModel { name: name.clone(), source: ModelSource::Named(upstream.to_string()) });
        Ok(name)
    }

    /// The table type of a field (or a body, or a return).
    fn field_type(&mut self, ty: &SchemaType) -> anyhow::Result<Type> {
        Ok(match ty {
            SchemaType::Object => Type::Object,
            SchemaType::Any | SchemaType::Other(_) => Type::Json,
            // The tables have no arrays of datetime; `[string]` carries the same text.
            SchemaType::Array(inner) if matches!(&**inner, SchemaType::String(_)) => {
                Type::Array(Box::new(Type::String))
            }
            SchemaType::Array(inner) => Type::Array(Box::new(self.field_type(inner)?)),
            SchemaType::Model(name) => Type::Model(self.model_name(name)?),
            primitive => param_type(primitive).unwrap_or(Type::Json),
        })
    }

    /// The endpoint of one operation as table text, with its doc lines and any `# TODO:` notes, and
    /// whether it belongs in the Public table.
    fn operation(&mut self, op: &Operation) -> anyhow::Result<(bool, String)> {
        let id = op.operation_id.as_deref().unwrap_or_default();
        let name = underscore(id);
        if !is_snake_ident(&name) || is_rust_keyword(&name) {
            bail!("its name `{name}` is not a usable Rust method name");
        }
        let auth = auth::fitting(op)[0].to_auth("access_token");
        let models_before = self.models.len();
        let mut notes = Vec::new();
        let (path, mut params) = path_params(op, &mut notes);
        let auth_position = params.len();
        params.extend(wire_params(op, &mut notes));
        params.extend(self.body_param(op, &name, &mut notes)?);
        let auth_doc = matches!(auth, Auth::Bearer(_)).then(|| TODO_PARAM.to_string());
        let paging = paging_of(op);
        let ret = self.return_of(op, paging)?;
        let paging = if matches!(ret, Return::Page(_)) { paging } else { ir::Paging::None };
        let table_op = ir::Operation {
            loc: placeholder_loc(),
            file: 0,
            doc: vec![format!("TODO: describe what `{name}` does.")],
            method: method(&op.method)?,
            path,
            segments: Vec::new(),
            name,
            params,
            auth,
            auth_position,
            auth_doc,
            ret,
            paging,
            // Whether a second copy is harmless is not in the document; `once` is added by hand.
            once: false,
            needs: Vec::new(),
            // Written by hand as well: Hydra's documents declare error models its servers do not send
            // (v2 declares `genericError` and answers `errorOAuth2`; spec/v2/README.md), so a line's
            // `errors`/`on` clauses come from answers seen, not from the document.
            errors: None,
            answers: Vec::new(),
            availability: Availability::default(),
        };
        let public = table_op.auth.is_public();
        if let Some(note) = self.already_in_tables(op, id, &table_op.name) {
            // Shown for comparison only, so nothing it needs is declared.
            self.models.truncate(models_before);
            let shown = print::operation_line(&table_op);
            return Ok((public, format!("{note}# The document describes it as:\n#   {shown}\n")));
        }
        if !op.tags.iter().any(|t| t == "admin" || t == "public") && !op.tags.is_empty() {
            notes.push(format!(
                "upstream tags it `{}`, not `admin` or `public`: check which API serves it",
                op.tags.join("`, `")
            ));
        }
        let notes: String = notes.iter().map(|note| format!("# TODO: {note}\n")).collect();
        Ok((public, notes + &print::operation(&table_op)))
    }

    /// A note when the tables already have the operation (by name or by route).
    fn already_in_tables(&self, op: &Operation, id: &str, name: &str) -> Option<String> {
        let route = crate::drift::route_key(&op.method, &op.path);
        let existing = self
            .api
            .operations
            .iter()
            .find(|t| t.name == name || crate::drift::route_key(t.method.as_str(), &t.path) == route)?;
        Some(format!(
            "# NOTE: `{id}` ({} {}) is already in the tables as `{}` ({} {}); skipped.\n",
            op.method,
            op.path,
            existing.name,
            existing.method.as_str(),
            existing.path
        ))
    }

    /// The JSON body parameter, if the operation has one the table can express: a model (an inline
    /// schema becomes a new `<Operation>Body` model).
    fn body_param(&mut self, op: &Operation, name: &str, notes: &mut Vec<String>) -> anyhow::Result<Option<Param>> {
        let Some(body) = op.params.iter().find(|p| p.location == ParamIn::Body) else { return Ok(None) };
        let model = match (&body.ty, &body.inline_schema) {
            (_, Some(schema)) => {
                let mut model = format!("{}Body", pascal_case(name));
                while self.api.model(&model).is_some() || self.models.iter().any(|m| m.name == model) {
                    model.push('_');
                }
                self.models.push(NewModel { name: model.clone(), source: ModelSource::Inline(schema.clone()) });
                model
            }
            (SchemaType::Model(m), None) => self.model_name(m)?,
            (other, None) => {
                notes.push(format!("request body of type `{other}` left out: table bodies must be models"));
                return Ok(None);
            }
        };
        Ok(Some(table_param(Location::Body, "body", body.required, Type::Model(model))))
    }

    /// What a successful call yields: text, nothing, a page of a listing (the query parameters of a
    /// paging kind, `paging`, and an array of a model), or a JSON type.
    fn return_of(&mut self, op: &Operation, paging: ir::Paging) -> anyhow::Result<Return> {
        let paged = paging != ir::Paging::None;
        Ok(match op.success.as_ref().and_then(|r| r.ty.as_ref()) {
            None if op.produces_text => Return::Text,
            None => Return::Unit,
            Some(SchemaType::String(_)) if op.produces_text => Return::Text,
            Some(SchemaType::Array(inner)) if paged && matches!(&**inner, SchemaType::Model(_)) => {
                match self.field_type(inner)? {
                    Type::Model(model) => Return::Page(model),
                    other => Return::Json(Type::Array(Box::new(other))),
                }
            }
            Some(ty) => Return::Json(self.field_type(ty)?),
        })
    }

    /// The declaration of `self.models[index]`, after a `# TODO:` note for each member the table
    /// format cannot spell.
    fn model(&mut self, index: usize) -> anyhow::Result<String> {
        let name = self.models[index].name.clone();
        let properties = match &self.models[index].source {
            ModelSource::Named(upstream) => {
                let upstream = upstream.clone();
                self.doc.model(&upstream)?.map(|m| m.properties).unwrap_or_default()
            }
            ModelSource::Inline(schema) => {
                let schema = schema.clone();
                self.doc.object_properties(&schema)?
            }
        };
        let mut notes = String::new();
        let mut fields = Vec::new();
        let mut taken = HashSet::new();
        for p in properties {
            if !is_table_word(&p.name) {
                notes.push_str(&format!(
                    "# TODO: field `{}` of `{name}` left out: the table format cannot spell its name\n",
                    p.name
                ));
                continue;
            }
            let ty = self.field_type(&p.ty).with_context(|| format!("in field `{}` of `{name}`", p.name))?;
            let rust_name = self.rust_field_name(&p.name, &mut taken).unwrap_or_else(|| snake_case(&p.name));
            fields.push(ir::Field {
                loc: placeholder_loc(),
                doc: vec![format!("TODO: describe `{}`.", p.name)],
                json_name: p.name,
                rust_name,
                ty,
                required: p.required,
                secret: false,
                url: false,
                always: false,
                availability: Availability::default(),
            });
        }
        let model = ir::Model {
            loc: placeholder_loc(),
            file: 0,
            doc: vec![format!("TODO: describe the `{name}` model.")],
            name,
            fields,
        };
        Ok(notes + &print::model(&model))
    }

    /// The `as` rename a field needs, if the generator's automatic snake_case name is not usable.
    fn rust_field_name(&self, json: &str, taken: &mut HashSet<String>) -> Option<String> {
        let auto = snake_case(json);
        let mut chosen = if !is_snake_ident(&auto) {
            identifier(json, &["extra"])
        } else if is_rust_keyword(&auto) || auto == "extra" {
            self.api
                .models
                .iter()
                .flat_map(|m| &m.fields)
                .find(|f| f.json_name == json && f.rust_name != auto)
                .map(|f| f.rust_name.clone())
                .unwrap_or_else(|| if auto == "type" { "kind".to_string() } else { format!("{auto}_value") })
        } else {
            auto.clone()
        };
        if taken.contains(&chosen) {
            let base = chosen.clone();
            let mut n = 2;
            while taken.contains(&chosen) {
                chosen = format!("{base}_{n}");
                n += 1;
            }
        }
        taken.insert(chosen.clone());
        (chosen != auto).then_some(chosen)
    }
}

/// The doc line every imported parameter gets, to be replaced by hand.
const TODO_PARAM: &str = "TODO: describe.";

/// Where imported items come from, for the IR's source positions (they are printed, never reported).
fn placeholder_loc() -> Loc {
    Loc::new("<import>", 0, 0, "")
}

/// A parameter of an imported operation, with a placeholder doc line.
fn table_param(location: Location, name: &str, required: bool, ty: Type) -> Param {
    Param {
        location,
        name: name.to_string(),
        required,
        ty,
        doc: Some(TODO_PARAM.to_string()),
        // The document does not say which parameters are secrets; `secret` is added by hand.
        secret: false,
        availability: Availability::default(),
    }
}

/// The table's method for an upstream one.
fn method(upstream: &str) -> anyhow::Result<Method> {
    Method::ALL
        .into_iter()
        .find(|m| m.as_str().eq_ignore_ascii_case(upstream))
        .ok_or_else(|| anyhow::anyhow!("the table format has no {upstream} operations"))
}

/// The path template with its placeholders renamed where they are not usable argument names, and its
/// path parameters in template order (typed as upstream says where the table can express it).
fn path_params(op: &Operation, notes: &mut Vec<String>) -> (String, Vec<Param>) {
    let mut path = op.path.clone();
    let mut params = Vec::new();
    for placeholder in placeholders(&op.path) {
        let upstream = op.params.iter().find(|p| p.location == ParamIn::Path && p.name == placeholder);
        let ty = match upstream.map(|p| param_type(&p.ty)) {
            Some(Some(ty)) => ty,
            Some(None) => {
                notes.push(format!("path parameter `{placeholder}` has a type the table cannot express; using string"));
                Type::String
            }
            None => {
                notes.push(format!("path parameter `{placeholder}` is not declared upstream; assuming string"));
                Type::String
            }
        };
        // The template name never goes on the wire, so it can be renamed freely.
        let ident = identifier(&placeholder, &["params"]);
        if ident != placeholder {
            path = path.replace(&format!("{{{placeholder}}}"), &format!("{{{ident}}}"));
        }
        params.push(table_param(Location::Path, &ident, true, ty));
    }
    (path, params)
}

/// The query and form parameters the table can express; a note for each one it cannot, and for
/// header and cookie parameters, which the table format does not have.
fn wire_params(op: &Operation, notes: &mut Vec<String>) -> Vec<Param> {
    let mut params = Vec::new();
    for (location, table_location) in [(ParamIn::Query, Location::Query), (ParamIn::Form, Location::Form)] {
        for p in op.params.iter().filter(|p| p.location == location) {
            match wire_param(p, table_location) {
                Ok(param) => params.push(param),
                Err(note) => notes.push(note),
            }
        }
    }
    for p in op.params.iter().filter(|p| matches!(p.location, ParamIn::Header | ParamIn::Cookie)) {
        let location = p.location.as_str();
        notes
            .push(format!("{location} parameter `{}` left out: the table format has no {location} parameters", p.name));
    }
    params
}

/// A query or form parameter, or why it cannot be written (its name is also its wire name).
fn wire_param(p: &Parameter, location: Location) -> Result<Param, String> {
    let where_ = p.location.as_str();
    if !is_snake_ident(&p.name) || is_rust_keyword(&p.name) || p.name == "params" {
        return Err(format!(
            "{where_} parameter `{}` left out: its wire name is not a usable Rust argument name",
            p.name
        ));
    }
    let Some(ty) = param_type(&p.ty) else {
        return Err(format!("{where_} parameter `{}` left out: its type `{}` is not supported here", p.name, p.ty));
    };
    Ok(table_param(location, &p.name, p.required, ty))
}

/// The table type of a path, query or form parameter, if it has one.
fn param_type(ty: &SchemaType) -> Option<Type> {
    match ty {
        SchemaType::String(Some(f)) if f == "date-time" => Some(Type::DateTime),
        SchemaType::String(_) => Some(Type::String),
        SchemaType::Integer(_) => Some(Type::I64),
        SchemaType::Number(_) => Some(Type::F64),
        SchemaType::Boolean => Some(Type::Bool),
        _ => None,
    }
}

/// The `{name}` placeholders of a path template, in order.
fn placeholders(path: &str) -> Vec<String> {
    path.split('{').skip(1).filter_map(|rest| rest.split_once('}').map(|(name, _)| name.to_string())).collect()
}

/// A usable snake_case Rust identifier derived from `name`, avoiding keywords and `reserved` names.
fn identifier(name: &str, reserved: &[&str]) -> String {
    let mut out: String = snake_case(name)
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c.to_ascii_lowercase() } else { '_' })
        .collect();
    if !out.starts_with(|c: char| c.is_ascii_lowercase() || c == '_') {
        out.insert_str(0, "n_");
    }
    if is_rust_keyword(&out) || reserved.contains(&out.as_str()) {
        out.push_str("_value");
    }
    out
}

/// Whether the table tokenizer reads `s` as a single word (so it can be a JSON field name).
fn is_table_word(s: &str) -> bool {
    s.chars().next().is_some_and(|c| c.is_alphanumeric() || c == '_')
        && !s.contains("->")
        && !s.chars().any(|c| c.is_whitespace() || matches!(c, ',' | ':' | '<' | '>' | '[' | ']' | '?' | '(' | ')'))
}

/// The paging kind whose query parameters the operation takes (all of them, optional and of the kind's
/// types), or `Paging::None`.
fn paging_of(op: &Operation) -> ir::Paging {
    let takes = |kind: ir::Paging, name: &str| {
        op.params.iter().any(|p| {
            p.location == ParamIn::Query
                && p.name == name
                && !p.required
                && param_type(&p.ty) == Some(kind.param_type(name))
        })
    };
    ir::Paging::KINDS
        .iter()
        .map(|(kind, _)| *kind)
        .find(|kind| kind.params().iter().all(|name| takes(*kind, name)))
        .unwrap_or(ir::Paging::None)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn placeholders_and_identifiers() {
        assert_eq!(placeholders("/keys/{set}/{kid}"), ["set", "kid"]);
        assert_eq!(identifier("client-id", &[]), "client_id");
        assert_eq!(identifier("type", &[]), "type_value");
        assert_eq!(identifier("2fa", &[]), "n_2fa");
        assert!(is_table_word("notAfter") && !is_table_word("$ref") && !is_table_word("a:b"));
    }

    #[test]
    fn lines_are_imported_for_the_table_set_of_the_document_s_release() {
        let doc = |version: &str| {
            let text = format!(r#"{{"openapi": "3.0.3", "info": {{"version": "{version}"}}, "paths": {{}}}}"#);
            Document::from_json(&text, "api.json").unwrap()
        };
        let path = std::path::Path::new;
        assert_eq!(line_for(path("hydra-v2.3.0-openapi.json"), &doc("")), Line::V2);
        assert_eq!(line_for(path("hydra-v26.2.0-openapi.json"), &doc("")), Line::V2);
        assert_eq!(line_for(path("hydra-v1.11.10-openapi.json"), &doc("")), Line::V1);
        assert_eq!(line_for(path("api.json"), &doc("v25.4.0")), Line::V2);
        // A document that names no release keeps the v1 tables, as before there were two.
        assert_eq!(line_for(path("api.json"), &doc("latest")), Line::V1);
    }
}
