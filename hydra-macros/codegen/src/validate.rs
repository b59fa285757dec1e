//! Meaning: checks parsed tables against each other and builds the [`Api`].
//!
//! Every check runs even after an earlier one failed, so one compile shows every problem in the tables.

use std::collections::{HashMap, HashSet};

use crate::diag::{Diagnostic, Loc};
use crate::ir::{
    self, Api, Enum, EnumValue, Field, Location, Method, Model, Operation, Param, Return, Segment, SourceFile, Type,
};
use crate::naming::{is_rust_keyword, pascal_case, snake_case, variant_name};
use crate::parse::{RawEnum, RawModel, RawOperation, RawReturn, RawTable, RawType, Tok};

/// Checks tables (already parsed, in order) and resolves them into one [`Api`].
pub fn validate<'a>(files: Vec<SourceFile>, tables: &'a [RawTable]) -> Result<Api, Vec<Diagnostic>> {
    let mut v = Validator { errors: Vec::new(), model_names: HashSet::new(), enum_names: HashSet::new() };
    for table in tables {
        for m in &table.models {
            v.model_names.insert(m.name.text.clone());
        }
        for e in &table.enums {
            v.enum_names.insert(e.name.text.clone());
        }
    }
    let mut api = Api { files, ..Api::default() };
    // Models and enums share one namespace: both become Rust types in the same module. `claim` records a
    // type name and reports it when it was taken already.
    let mut seen_types: HashMap<&str, &Loc> = HashMap::new();
    let mut claim = |v: &mut Validator, name: &'a Tok, loc: &'a Loc, what: &str| -> bool {
        if let Some(first) = seen_types.get(name.text.as_str()) {
            v.err(
                &loc.at_col(name.col),
                format!("duplicate {what} `{}` (first declared at {}:{})", name.text, first.file, first.line),
            );
            return false;
        }
        seen_types.insert(&name.text, loc);
        true
    };
    for (file, table) in tables.iter().enumerate() {
        for raw in &table.enums {
            if claim(&mut v, &raw.name, &raw.loc, "type") {
                api.enums.push(v.enumeration(file, raw));
            }
        }
    }
    for (file, table) in tables.iter().enumerate() {
        for raw in &table.models {
            let what = if v.enum_names.contains(&raw.name.text) { "type" } else { "model" };
            if claim(&mut v, &raw.name, &raw.loc, what) {
                api.models.push(v.model(file, raw));
            }
        }
    }
    let mut seen_ops: HashMap<String, &Loc> = HashMap::new();
    let mut seen_routes: HashMap<(String, String), &Loc> = HashMap::new();
    for (file, table) in tables.iter().enumerate() {
        for raw in &table.operations {
            let name = &raw.name.text;
            if let Some(first) = seen_ops.get(name) {
                v.err(
                    &raw.loc.at_col(raw.name.col),
                    format!("duplicate operation `{name}` (first declared at {}:{})", first.file, first.line),
                );
            } else {
                seen_ops.insert(name.clone(), &raw.loc);
            }
            let route = (raw.method.text.clone(), raw.path.text.clone());
            if let Some(first) = seen_routes.get(&route) {
                v.err(
                    &raw.loc.at_col(raw.path.col),
                    format!("`{} {}` is already declared at {}:{}", route.0, route.1, first.file, first.line),
                );
            } else {
                seen_routes.insert(route, &raw.loc);
            }
            if let Some(op) = v.operation(file, raw) {
                api.operations.push(op);
            }
        }
    }
    // Generated helper names must not collide with anything else generated.
    let op_names: HashSet<&str> = api.operations.iter().map(|o| o.name.as_str()).collect();
    for op in &api.operations {
        if matches!(op.ret, Return::Page(_)) {
            let stream = format!("{}_stream", op.name);
            if op_names.contains(stream.as_str()) {
                v.err(
                    &op.loc,
                    format!("operation `{}` generates `{stream}`, which another operation already uses", op.name),
                );
            }
        }
        if op.optional_params().next().is_some() {
            let params = format!("{}Params", pascal_case(&op.name));
            if v.model_names.contains(&params) || v.enum_names.contains(&params) {
                v.err(
                    &op.loc,
                    format!("operation `{}` generates the type `{params}`, which is also a model name", op.name),
                );
            }
        }
    }
    if v.errors.is_empty() {
        Ok(api)
    } else {
        Err(v.errors)
    }
}

struct Validator {
    errors: Vec<Diagnostic>,
    model_names: HashSet<String>,
    enum_names: HashSet<String>,
}

impl Validator {
    fn err(&mut self, loc: &Loc, message: impl Into<String>) {
        self.errors.push(Diagnostic::new(loc.clone(), message));
    }

    fn require_doc(&mut self, loc: &Loc, doc: &[String], what: &str) {
        if doc.iter().all(|l| l.trim().is_empty()) {
            self.err(loc, format!("{what} has no doc comment: add a `/// ...` line above it"));
        }
    }

    fn resolve(&mut self, loc: &Loc, ty: &RawType) -> Option<Type> {
        match ty {
            RawType::Array(inner) => {
                let inner = self.resolve(loc, inner)?;
                if inner == Type::DateTime {
                    self.err(&loc.at_col(ty.col()), "arrays of `datetime` are not supported; use `[string]`");
                    return None;
                }
                Some(Type::Array(Box::new(inner)))
            }
            RawType::Name(t) => {
                if let Some(p) = ir::primitive(&t.text) {
                    Some(p)
                } else if self.model_names.contains(&t.text) {
                    Some(Type::Model(t.text.clone()))
                } else if self.enum_names.contains(&t.text) {
                    Some(Type::Enum(t.text.clone()))
                } else {
                    self.err(
                        &loc.at_col(t.col),
                        format!(
                            "unknown type `{}`: expected a model or enum declared in the tables or one of {}",
                            t.text,
                            ir::PRIMITIVES.join(", ")
                        ),
                    );
                    None
                }
            }
        }
    }

    fn enumeration(&mut self, file: usize, raw: &RawEnum) -> Enum {
        let name = &raw.name.text;
        let name_loc = raw.loc.at_col(raw.name.col);
        if !is_pascal_ident(name) {
            self.err(&name_loc, format!("enum name `{name}` must be a PascalCase identifier"));
        } else if ir::primitive(name).is_some() {
            self.err(&name_loc, format!("enum name `{name}` is a primitive type name"));
        }
        self.require_doc(&raw.loc, &raw.doc, &format!("enum `{name}`"));
        if raw.values.is_empty() {
            self.err(&raw.loc, format!("enum `{name}` has no values: add `value \"...\"` lines below it"));
        }
        let mut values = Vec::new();
        let mut json_seen: HashMap<&str, usize> = HashMap::new();
        let mut rust_seen: HashMap<String, usize> = HashMap::new();
        for val in &raw.values {
            let json = val.json.text.as_str();
            let json_loc = val.loc.at_col(val.json.col);
            if json.is_empty() {
                self.err(&json_loc, "an enum value cannot be empty (an empty string decodes as `Other`)");
                continue;
            }
            if let Some(line) = json_seen.get(json) {
                self.err(&json_loc, format!("duplicate value \"{json}\" in enum `{name}` (first at line {line})"));
                continue;
            }
            json_seen.insert(json, val.loc.line);
            let (rust_name, rust_loc) = match &val.rust_name {
                Some(t) => (t.text.clone(), val.loc.at_col(t.col)),
                None => (variant_name(json), json_loc.clone()),
            };
            if !is_pascal_ident(&rust_name) {
                self.err(
                    &rust_loc,
                    format!("`{rust_name}` is not a PascalCase variant name; give one with `as <Name>`"),
                );
            } else if rust_name == "Other" {
                self.err(&rust_loc, "`Other` is reserved for unknown values; give another name with `as <Name>`");
            } else if let Some(line) = rust_seen.get(&rust_name) {
                self.err(
                    &rust_loc,
                    format!(
                        "duplicate variant `{rust_name}` in enum `{name}` (first at line {line}); rename with `as`"
                    ),
                );
            }
            rust_seen.insert(rust_name.clone(), val.loc.line);
            self.require_doc(&val.loc, &val.doc, &format!("value \"{json}\""));
            values.push(EnumValue { loc: val.loc.clone(), doc: val.doc.clone(), json: json.to_string(), rust_name });
        }
        Enum { loc: raw.loc.clone(), file, doc: raw.doc.clone(), name: name.clone(), values }
    }

    fn model(&mut self, file: usize, raw: &RawModel) -> Model {
        let name_loc = raw.loc.at_col(raw.name.col);
        if !is_pascal_ident(&raw.name.text) {
            self.err(&name_loc, format!("model name `{}` must be a PascalCase identifier", raw.name.text));
        } else if ir::primitive(&raw.name.text).is_some() {
            self.err(&name_loc, format!("model name `{}` is a primitive type name", raw.name.text));
        }
        self.require_doc(&raw.loc, &raw.doc, &format!("model `{}`", raw.name.text));
        let mut fields = Vec::new();
        let mut json_seen: HashMap<&str, usize> = HashMap::new();
        let mut rust_seen: HashMap<String, usize> = HashMap::new();
        for f in &raw.fields {
            let json = f.json_name.text.as_str();
            if let Some(line) = json_seen.get(json) {
                self.err(
                    &f.loc.at_col(f.json_name.col),
                    format!("duplicate field `{json}` in model `{}` (first at line {line})", raw.name.text),
                );
                continue;
            }
            json_seen.insert(json, f.loc.line);
            let (rust_name, rust_col) = match &f.rust_name {
                Some(t) => (t.text.clone(), t.col),
                None => (snake_case(json), f.json_name.col),
            };
            let rust_loc = f.loc.at_col(rust_col);
            if !is_snake_ident(&rust_name) {
                self.err(&rust_loc, format!("`{rust_name}` is not a snake_case Rust field name; give one with `as`"));
            } else if is_rust_keyword(&rust_name) {
                self.err(&rust_loc, format!("field name `{rust_name}` is a Rust keyword; give another with `as`"));
            } else if rust_name == "extra" {
                self.err(&rust_loc, "`extra` is reserved for the map of unknown fields; give another name with `as`");
            } else if let Some(line) = rust_seen.get(&rust_name) {
                self.err(
                    &rust_loc,
                    format!(
                        "duplicate Rust field name `{rust_name}` in model `{}` (first at line {line})",
                        raw.name.text
                    ),
                );
            }
            rust_seen.insert(rust_name.clone(), f.loc.line);
            self.require_doc(&f.loc, &f.doc, &format!("field `{json}`"));
            let ty = self.resolve(&f.loc, &f.ty);
            let mut secret = false;
            for flag in &f.flags {
                match flag.text.as_str() {
                    "secret" => secret = true,
                    other => {
                        self.err(&f.loc.at_col(flag.col), format!("unknown field flag `{other}` (expected `secret`)"))
                    }
                }
            }
            if secret && ty.as_ref().is_some_and(|t| *t != Type::String) {
                self.err(&f.loc.at_col(f.ty.col()), "only `string` fields can be `secret`");
            }
            if let Some(ty) = ty {
                fields.push(Field {
                    loc: f.loc.clone(),
                    doc: f.doc.clone(),
                    json_name: json.to_string(),
                    rust_name,
                    ty,
                    required: !f.optional,
                    secret,
                });
            }
        }
        Model { loc: raw.loc.clone(), file, doc: raw.doc.clone(), name: raw.name.text.clone(), fields }
    }

    fn operation(&mut self, file: usize, raw: &RawOperation) -> Option<Operation> {
        let at = |t: &Tok| raw.loc.at_col(t.col);
        let method = Method::ALL.into_iter().find(|m| m.as_str() == raw.method.text);
        if method.is_none() {
            let all: Vec<&str> = Method::ALL.iter().map(|m| m.as_str()).collect();
            self.err(
                &at(&raw.method),
                format!("unknown HTTP method `{}` (expected one of {})", raw.method.text, all.join(", ")),
            );
        }
        let name = &raw.name.text;
        if !is_snake_ident(name) || is_rust_keyword(name) {
            self.err(&at(&raw.name), format!("operation name `{name}` must be a snake_case Rust identifier"));
        }
        // Doc lines of the form `@param text` document a parameter; the rest document the method.
        let mut doc = Vec::new();
        let mut param_docs: HashMap<String, String> = HashMap::new();
        for line in &raw.doc {
            match line.strip_prefix('@') {
                Some(rest) => {
                    let (pname, text) = rest.split_once(' ').unwrap_or((rest, ""));
                    param_docs.insert(pname.to_string(), text.trim().to_string());
                }
                None => doc.push(line.clone()),
            }
        }
        self.require_doc(&raw.loc, &doc, &format!("operation `{name}`"));

        let segments = self.path_segments(raw);
        let mut params: Vec<Param> = Vec::new();
        let mut ok = true;
        let mut body_seen = false;
        let mut form_seen = false;
        for p in &raw.params {
            let location = match p.location.text.as_str() {
                "path" => Location::Path,
                "query" => Location::Query,
                "body" => Location::Body,
                "form" => Location::Form,
                other => {
                    self.err(
                        &at(&p.location),
                        format!("unknown parameter location `{other}` (expected path, query, body or form)"),
                    );
                    ok = false;
                    continue;
                }
            };
            let pname = &p.name.text;
            if !is_snake_ident(pname) || is_rust_keyword(pname) || pname == "params" {
                self.err(
                    &at(&p.name),
                    format!("parameter name `{pname}` must be a snake_case Rust identifier other than `params`"),
                );
            }
            if params.iter().any(|q| &q.name == pname) {
                self.err(&at(&p.name), format!("duplicate parameter `{pname}` in operation `{name}`"));
                ok = false;
                continue;
            }
            let Some(ty) = self.resolve(&raw.loc, &p.ty) else {
                ok = false;
                continue;
            };
            let ty_loc = raw.loc.at_col(p.ty.col());
            match location {
                Location::Body => {
                    if body_seen {
                        self.err(&at(&p.name), "an operation can have only one `body` parameter");
                    }
                    body_seen = true;
                    if !matches!(ty, Type::Model(_)) {
                        self.err(&ty_loc, "a `body` parameter must have a model type");
                    }
                }
                Location::Path | Location::Query | Location::Form => {
                    if location == Location::Form {
                        form_seen = true;
                    }
                    if !matches!(ty, Type::String | Type::I64 | Type::Bool | Type::F64 | Type::DateTime | Type::Enum(_))
                    {
                        self.err(
                            &ty_loc,
                            format!(
                                "a `{}` parameter must be string, i64, bool, f64, datetime or an enum",
                                location.as_str()
                            ),
                        );
                    }
                    if location == Location::Path && p.optional {
                        self.err(&at(&p.name), format!("path parameter `{pname}` cannot be optional"));
                    }
                    if location == Location::Path && !segments.contains(&Segment::Param(pname.clone())) {
                        self.err(
                            &at(&p.name),
                            format!(
                                "path parameter `{pname}` does not appear as `{{{pname}}}` in the path `{}`",
                                raw.path.text
                            ),
                        );
                    }
                }
            }
            params.push(Param {
                location,
                name: pname.clone(),
                required: !p.optional,
                ty,
                doc: param_docs.remove(pname),
            });
        }
        if body_seen && form_seen {
            self.err(&raw.loc, "an operation cannot have both `body` and `form` parameters");
        }
        for unused in param_docs.keys() {
            self.err(&raw.loc, format!("doc line `@{unused}` documents no parameter of `{name}`"));
        }
        for seg in &segments {
            if let Segment::Param(p) = seg {
                let declared = raw.params.iter().any(|q| &q.name.text == p && q.location.text == "path");
                if !declared {
                    let col = raw.path.col + raw.path.text.find(&format!("{{{p}}}")).unwrap_or(0);
                    self.err(
                        &raw.loc.at_col(col),
                        format!("`{{{p}}}` in the path is not declared: add `path {p}: string` to the line"),
                    );
                }
            }
        }
        let ret = match &raw.ret {
            RawReturn::Unit(_) => Some(Return::Unit),
            RawReturn::Text(_) => Some(Return::Text),
            RawReturn::Json(t) => self.resolve(&raw.loc, t).map(Return::Json),
            RawReturn::Page(_, model) => {
                if !self.model_names.contains(&model.text) {
                    self.err(&at(model), format!("unknown model `{}` in `page<...>`", model.text));
                    None
                } else {
                    for needed in ["limit", "offset"] {
                        let has = params.iter().any(|p| {
                            p.name == needed && p.location == Location::Query && !p.required && p.ty == Type::I64
                        });
                        if !has {
                            self.err(
                                &raw.loc,
                                format!("`page<...>` needs an optional `query {needed}?: i64` parameter"),
                            );
                        }
                    }
                    Some(Return::Page(model.text.clone()))
                }
            }
        };
        let (Some(method), Some(ret), true) = (method, ret, ok) else {
            return None;
        };
        Some(Operation {
            loc: raw.loc.clone(),
            file,
            doc,
            method,
            path: raw.path.text.clone(),
            segments,
            name: name.clone(),
            params,
            ret,
        })
    }

    fn path_segments(&mut self, raw: &RawOperation) -> Vec<Segment> {
        let text = &raw.path.text;
        let mut out = Vec::new();
        let mut rest = text.as_str();
        let mut offset = 0;
        while !rest.is_empty() {
            match rest.find(['{', '}']) {
                None => {
                    out.push(Segment::Literal(rest.to_string()));
                    break;
                }
                Some(i) if rest.as_bytes()[i] == b'}' => {
                    self.err(&raw.loc.at_col(raw.path.col + offset + i), format!("unmatched `}}` in path `{text}`"));
                    break;
                }
                Some(i) => {
                    if i > 0 {
                        out.push(Segment::Literal(rest[..i].to_string()));
                    }
                    let Some(close) = rest[i..].find('}') else {
                        self.err(&raw.loc.at_col(raw.path.col + offset + i), format!("unclosed `{{` in path `{text}`"));
                        break;
                    };
                    let name = &rest[i + 1..i + close];
                    if !is_snake_ident(name) {
                        self.err(
                            &raw.loc.at_col(raw.path.col + offset + i),
                            format!("`{{{name}}}` in path `{text}` is not a parameter name"),
                        );
                    }
                    if i > 0 && !rest[..i].ends_with('/')
                        || rest[i + close + 1..].chars().next().is_some_and(|c| c != '/')
                    {
                        self.err(
                            &raw.loc.at_col(raw.path.col + offset + i),
                            format!("`{{{name}}}` must fill a whole path segment in `{text}`"),
                        );
                    }
                    out.push(Segment::Param(name.to_string()));
                    offset += i + close + 1;
                    rest = &rest[i + close + 1..];
                }
            }
        }
        out
    }
}

fn is_snake_ident(s: &str) -> bool {
    let mut chars = s.chars();
    chars.next().is_some_and(|c| c.is_ascii_lowercase() || c == '_')
        && chars.all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
}

fn is_pascal_ident(s: &str) -> bool {
    let mut chars = s.chars();
    chars.next().is_some_and(|c| c.is_ascii_uppercase()) && chars.all(|c| c.is_ascii_alphanumeric())
}
