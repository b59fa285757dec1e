//! `cargo xtask import`: table lines for upstream operations, ready to paste.
//!
//! For each requested `operationId` it prints the endpoint line (named in the tables' snake_case style,
//! see [`crate::openapi::underscore`]) and every model declaration the line needs, transitively, that
//! the tables do not have yet. Models the tables already have (matched by name, ignoring case) are used
//! under the tables' name and not repeated.
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
use ory_hydra_v1_codegen::ir::Api;
use ory_hydra_v1_codegen::naming::{is_rust_keyword, pascal_case, snake_case};
use serde_json::Value;

use crate::drift::find_table_model;
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

/// Runs the subcommand: prints the lines to standard output.
pub fn run(args: &Args) -> anyhow::Result<ExitCode> {
    let root = crate::workspace_root();
    let api = crate::load_tables(&root)?;
    let doc = Document::load(&args.openapi)?;
    print!("{}", import(&api, &doc, &args.operation_ids)?);
    Ok(ExitCode::SUCCESS)
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

/// The table text for the operations named by `ids`: endpoint lines, then the model declarations they
/// need that `api` lacks. Fails if an id is unknown or a referenced model is missing from the document.
pub fn import(api: &Api, doc: &Document, ids: &[String]) -> anyhow::Result<String> {
    let operations = doc.operations()?;
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
        bail!("{} in `{}`", unknown.join(", "), doc.origin());
    }

    let mut importer = Importer { api, doc, models: Vec::new() };
    let mut op_blocks = Vec::new();
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

    let ops_file = table_file(api, api.operations.first().map(|o| o.file), crate::TABLES.len().saturating_sub(1));
    let models_file = table_file(api, api.models.first().map(|m| m.file), 0);
    let mut out = format!(
        "# Table lines for {} from {}, made by `cargo xtask import`.\n\
         # Replace every TODO with real documentation before committing.\n\n# --- for {ops_file} ---\n\n",
        ids.join(", "),
        doc.origin()
    );
    out.push_str(&op_blocks.join("\n"));
    if model_blocks.is_empty() {
        out.push_str("\n# (no new models needed)\n");
    } else {
        out.push_str(&format!("\n# --- for {models_file} ---\n\n"));
        out.push_str(&model_blocks.join("\n"));
    }
    Ok(out)
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

    /// The table spelling of a field type.
    fn field_type(&mut self, ty: &SchemaType) -> anyhow::Result<String> {
        Ok(match ty {
            SchemaType::String(Some(f)) if f == "date-time" => "datetime".into(),
            SchemaType::String(_) => "string".into(),
            SchemaType::Integer(_) => "i64".into(),
            SchemaType::Number(_) => "f64".into(),
            SchemaType::Boolean => "bool".into(),
            SchemaType::Object => "object".into(),
            SchemaType::Any | SchemaType::Other(_) => "json".into(),
            // The tables have no arrays of datetime; `[string]` carries the same text.
            SchemaType::Array(inner) if matches!(&**inner, SchemaType::String(_)) => "[string]".into(),
            SchemaType::Array(inner) => format!("[{}]", self.field_type(inner)?),
            SchemaType::Model(name) => self.model_name(name)?,
        })
    }

    /// The endpoint line of one operation, with its doc lines and any `# TODO:` notes.
    fn operation(&mut self, op: &Operation) -> anyhow::Result<String> {
        let id = op.operation_id.as_deref().unwrap_or_default();
        let name = underscore(id);
        if !is_snake_ident(&name) || is_rust_keyword(&name) {
            bail!("its name `{name}` is not a usable Rust method name");
        }
        let route = crate::drift::route_key(&op.method, &op.path);
        if let Some(existing) = self
            .api
            .operations
            .iter()
            .find(|t| t.name == name || crate::drift::route_key(t.method.as_str(), &t.path) == route)
        {
            return Ok(format!(
                "# NOTE: `{id}` ({} {}) is already in the tables as `{}` ({} {}); skipped.\n",
                op.method,
                op.path,
                existing.name,
                existing.method.as_str(),
                existing.path
            ));
        }

        let mut notes = Vec::new();
        let mut path = op.path.clone();
        let mut params: Vec<String> = Vec::new();
        let mut documented: Vec<String> = Vec::new();

        // Path parameters in the order the template names them.
        for placeholder in placeholders(&op.path) {
            let upstream = op.params.iter().find(|p| p.location == ParamIn::Path && p.name == placeholder);
            let ty = match upstream.map(|p| param_type(&p.ty)) {
                Some(Some(ty)) => ty,
                Some(None) => {
                    notes.push(format!(
                        "path parameter `{placeholder}` has a type the table cannot express; using string"
                    ));
                    "string"
                }
                None => {
                    notes.push(format!("path parameter `{placeholder}` is not declared upstream; assuming string"));
                    "string"
                }
            };
            // The template name never goes on the wire, so it can be renamed freely.
            let ident = identifier(&placeholder, &["params"]);
            if ident != placeholder {
                path = path.replace(&format!("{{{placeholder}}}"), &format!("{{{ident}}}"));
            }
            params.push(format!("path {ident}: {ty}"));
            documented.push(ident);
        }
        for location in [ParamIn::Query, ParamIn::Form] {
            for p in op.params.iter().filter(|p| p.location == location) {
                match self.wire_param(p) {
                    Ok(line) => {
                        params.push(line);
                        documented.push(p.name.clone());
                    }
                    Err(note) => notes.push(note),
                }
            }
        }
        for p in op.params.iter().filter(|p| matches!(p.location, ParamIn::Header | ParamIn::Cookie)) {
            notes.push(format!(
                "{} parameter `{}` left out: the table format has no {} parameters",
                p.location.as_str(),
                p.name,
                p.location.as_str()
            ));
        }
        if let Some(body) = op.params.iter().find(|p| p.location == ParamIn::Body) {
            let model = match (&body.ty, &body.inline_schema) {
                (_, Some(schema)) => {
                    let mut model = format!("{}Body", pascal_case(&name));
                    while self.api.model(&model).is_some() || self.models.iter().any(|m| m.name == model) {
                        model.push('_');
                    }
                    self.models.push(NewModel { name: model.clone(), source: ModelSource::Inline(schema.clone()) });
                    Some(model)
                }
                (SchemaType::Model(m), None) => Some(self.model_name(m)?),
                (other, None) => {
                    notes.push(format!("request body of type `{other}` left out: table bodies must be models"));
                    None
                }
            };
            if let Some(model) = model {
                params.push(format!("body body{}: {model}", if body.required { "" } else { "?" }));
            }
        }

        let paged = ["limit", "offset"].iter().all(|n| {
            op.params.iter().any(|p| {
                p.location == ParamIn::Query && p.name == *n && !p.required && param_type(&p.ty) == Some("i64")
            })
        });
        let ret = match op.success.as_ref().and_then(|r| r.ty.as_ref()) {
            None if op.produces_text => "text".to_string(),
            None => "()".to_string(),
            Some(SchemaType::String(_)) if op.produces_text => "text".to_string(),
            Some(SchemaType::Array(inner)) if paged && matches!(&**inner, SchemaType::Model(_)) => {
                format!("page<{}, offset>", self.field_type(inner)?)
            }
            Some(ty) => self.field_type(ty)?,
        };

        let mut out = String::new();
        for note in notes {
            out.push_str(&format!("# TODO: {note}\n"));
        }
        out.push_str(&format!("/// TODO: describe what `{name}` does.\n"));
        for p in documented {
            out.push_str(&format!("/// @{p} TODO: describe.\n"));
        }
        let params = if params.is_empty() { String::new() } else { format!("{} ", params.join(", ")) };
        out.push_str(&format!("{:<6} {:<40} {:<30} {params}-> {ret}\n", op.method, path, name));
        Ok(out)
    }

    /// A query or form parameter, or why it cannot be written (its name is also its wire name).
    fn wire_param(&self, p: &Parameter) -> Result<String, String> {
        let location = p.location.as_str();
        if !is_snake_ident(&p.name) || is_rust_keyword(&p.name) || p.name == "params" {
            return Err(format!(
                "{location} parameter `{}` left out: its wire name is not a usable Rust argument name",
                p.name
            ));
        }
        let Some(ty) = param_type(&p.ty) else {
            return Err(format!(
                "{location} parameter `{}` left out: its type `{}` is not supported here",
                p.name, p.ty
            ));
        };
        Ok(format!("{location} {}{}: {ty}", p.name, if p.required { "" } else { "?" }))
    }

    /// The declaration of `self.models[index]`.
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
        let mut out = format!("/// TODO: describe the `{name}` model.\nmodel {name}\n");
        let mut taken = HashSet::new();
        for p in properties {
            if !is_table_word(&p.name) {
                out.push_str(&format!(
                    "  # TODO: field `{}` left out: the table format cannot spell its name\n",
                    p.name
                ));
                continue;
            }
            let ty = self.field_type(&p.ty).with_context(|| format!("in field `{}` of `{name}`", p.name))?;
            let rename = self.rust_field_name(&p.name, &mut taken).map(|r| format!(" as {r}")).unwrap_or_default();
            out.push_str(&format!("  /// TODO: describe `{}`.\n", p.name));
            out.push_str(&format!("  field {}{}{rename}: {ty}\n", p.name, if p.required { "" } else { "?" }));
        }
        Ok(out)
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

/// The table type of a path, query or form parameter, if it has one.
fn param_type(ty: &SchemaType) -> Option<&'static str> {
    match ty {
        SchemaType::String(Some(f)) if f == "date-time" => Some("datetime"),
        SchemaType::String(_) => Some("string"),
        SchemaType::Integer(_) => Some("i64"),
        SchemaType::Number(_) => Some("f64"),
        SchemaType::Boolean => Some("bool"),
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

/// Whether `s` is what the table validator accepts as a snake_case name.
fn is_snake_ident(s: &str) -> bool {
    let mut chars = s.chars();
    chars.next().is_some_and(|c| c.is_ascii_lowercase() || c == '_')
        && chars.all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
}

/// Whether the table tokenizer reads `s` as a single word (so it can be a JSON field name).
fn is_table_word(s: &str) -> bool {
    s.chars().next().is_some_and(|c| c.is_alphanumeric() || c == '_')
        && !s.contains("->")
        && !s.chars().any(|c| c.is_whitespace() || matches!(c, ',' | ':' | '<' | '>' | '[' | ']' | '?' | '(' | ')'))
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
}
