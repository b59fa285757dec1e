//! Loading an upstream API description (Swagger 2.0 or OpenAPI 3.x, as JSON) and flattening what the
//! drift check and the importer need: operations with their parameters and responses, and object models.
//!
//! Both versions are turned into the same small vocabulary ([`Operation`], [`Parameter`],
//! [`SchemaType`], [`ModelSchema`]), so the rest of the xtask does not care which one it was given.
//! Every local `$ref` is checked when the document is loaded, so later lookups can report a dangling
//! reference as a plain error instead of silently skipping it.

use std::collections::BTreeSet;
use std::fmt;
use std::path::Path;

use anyhow::{anyhow, bail, Context as _};
use serde_json::{Map, Value};

/// Which kind of document was loaded.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Flavor {
    /// `swagger: "2.0"`: models under `definitions`, bodies as `in: body` parameters.
    Swagger2,
    /// `openapi: "3.x"`: models under `components/schemas`, bodies in `requestBody`.
    OpenApi3,
}

impl Flavor {
    /// The `$ref` prefix under which this flavor keeps its named models.
    fn models_prefix(self) -> &'static str {
        match self {
            Flavor::Swagger2 => "#/definitions/",
            Flavor::OpenApi3 => "#/components/schemas/",
        }
    }

    /// The JSON pointer of the object that holds the named models.
    fn models_pointer(self) -> &'static str {
        match self {
            Flavor::Swagger2 => "/definitions",
            Flavor::OpenApi3 => "/components/schemas",
        }
    }
}

/// A loaded, reference-checked API description.
#[derive(Debug, Clone)]
pub struct Document {
    root: Value,
    flavor: Flavor,
    origin: String,
}

/// The shape of a schema, reduced to what the tables can say about a type.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SchemaType {
    /// `type: string`, with its `format` if any.
    String(Option<String>),
    /// `type: integer`, with its `format` if any.
    Integer(Option<String>),
    /// `type: number`, with its `format` if any.
    Number(Option<String>),
    /// `type: boolean`.
    Boolean,
    /// An object without a name: free-form, a map, or an inline object.
    Object,
    /// `type: array` of the given item type.
    Array(Box<SchemaType>),
    /// A reference to a named object model.
    Model(String),
    /// A schema that allows any value (no type at all).
    Any,
    /// Something the tables cannot express, such as `file`; the text says what it was.
    Other(String),
}

impl fmt::Display for SchemaType {
    /// Writes the type in the table's notation where one exists (`[T]`, model names), and as
    /// `type/format` otherwise, e.g. `string/date-time` or `integer/int32`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fn with_format(f: &mut fmt::Formatter<'_>, ty: &str, format: &Option<String>) -> fmt::Result {
            match format {
                Some(format) => write!(f, "{ty}/{format}"),
                None => f.write_str(ty),
            }
        }
        match self {
            SchemaType::String(format) => with_format(f, "string", format),
            SchemaType::Integer(format) => with_format(f, "integer", format),
            SchemaType::Number(format) => with_format(f, "number", format),
            SchemaType::Boolean => f.write_str("boolean"),
            SchemaType::Object => f.write_str("object"),
            SchemaType::Array(inner) => write!(f, "[{inner}]"),
            SchemaType::Model(name) => f.write_str(name),
            SchemaType::Any => f.write_str("any"),
            SchemaType::Other(what) => f.write_str(what),
        }
    }
}

impl SchemaType {
    /// Every model name this type mentions, directly or inside arrays.
    pub fn model_names(&self) -> Vec<&str> {
        match self {
            SchemaType::Model(name) => vec![name.as_str()],
            SchemaType::Array(inner) => inner.model_names(),
            _ => Vec::new(),
        }
    }
}

/// Where an upstream parameter travels.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ParamIn {
    /// A `{name}` path segment.
    Path,
    /// The query string.
    Query,
    /// An HTTP header (the tables cannot express these).
    Header,
    /// A cookie (the tables cannot express these).
    Cookie,
    /// The JSON request body.
    Body,
    /// A member of a form-encoded body.
    Form,
}

impl ParamIn {
    /// The word used in reports, matching the table's location keywords where they exist.
    pub fn as_str(self) -> &'static str {
        match self {
            ParamIn::Path => "path",
            ParamIn::Query => "query",
            ParamIn::Header => "header",
            ParamIn::Cookie => "cookie",
            ParamIn::Body => "body",
            ParamIn::Form => "form",
        }
    }
}

/// One upstream parameter (a request body counts as one, located in [`ParamIn::Body`]).
#[derive(Debug, Clone)]
pub struct Parameter {
    /// Where it travels.
    pub location: ParamIn,
    /// Its name as upstream spells it (`Body` or `body` for request bodies, which have none on the wire).
    pub name: String,
    /// Whether upstream marks it required.
    pub required: bool,
    /// Its type; for an inline object body, [`SchemaType::Object`] (see [`Parameter::inline_schema`]).
    pub ty: SchemaType,
    /// For a body whose schema is an inline object (not a `$ref`), that schema, so the importer can
    /// turn it into a model.
    pub inline_schema: Option<Value>,
}

/// The success response of an operation.
#[derive(Debug, Clone)]
pub struct Response {
    /// The status code as written, e.g. `200`.
    pub status: String,
    /// The body type, or `None` when the response has no schema.
    pub ty: Option<SchemaType>,
    /// The members of an inline object body (a schema with `properties` but no name), sorted by name;
    /// empty otherwise.
    pub inline_properties: Vec<Property>,
}

/// One upstream operation.
#[derive(Debug, Clone)]
pub struct Operation {
    /// The HTTP method in upper case.
    pub method: String,
    /// The path template as upstream writes it.
    pub path: String,
    /// The `operationId`, if it has one.
    pub operation_id: Option<String>,
    /// Its tags.
    pub tags: Vec<String>,
    /// Path-level and operation-level parameters, then the request body, if any.
    pub params: Vec<Parameter>,
    /// The lowest 2xx response, or `None` when it lists no 2xx response.
    pub success: Option<Response>,
    /// The body types of every response it lists, errors included.
    pub response_types: Vec<SchemaType>,
    /// Every response it lists that is not a 2xx one (`default` included), in document order.
    pub failures: Vec<Response>,
    /// Whether its success response is declared as plain text (`produces`/`content` of `text/*`).
    pub produces_text: bool,
    /// The kinds of credentials its `security` (or the document's) accepts, each once: `basic`,
    /// `bearer`, `oauth2`, `apiKey`, or the scheme's name when the document does not define it.
    pub security: Vec<String>,
}

/// One property of a [`ModelSchema`].
#[derive(Debug, Clone)]
pub struct Property {
    /// The JSON member name.
    pub name: String,
    /// Whether the model lists it as required.
    pub required: bool,
    /// Its type.
    pub ty: SchemaType,
}

/// A named object model, with `allOf` parts merged in.
#[derive(Debug, Clone)]
pub struct ModelSchema {
    /// Its name as upstream spells it.
    pub name: String,
    /// Its properties, sorted by name.
    pub properties: Vec<Property>,
}

const METHODS: [&str; 8] = ["get", "put", "post", "delete", "options", "head", "patch", "trace"];
const MAX_REF_DEPTH: usize = 32;

/// The most schemas one object's `allOf` parts may expand to, counted with repeats; Ory's documents
/// merge a handful.
const MAX_ALL_OF_PARTS: usize = 10_000;

impl Document {
    /// Reads and checks a JSON document from disk.
    pub fn load(path: &Path) -> anyhow::Result<Document> {
        let text = std::fs::read_to_string(path)
            .with_context(|| format!("cannot read the OpenAPI document `{}`", path.display()))?;
        Document::from_json(&text, &path.display().to_string())
    }

    /// Parses and checks a JSON document; `origin` names it in messages.
    pub fn from_json(text: &str, origin: &str) -> anyhow::Result<Document> {
        let root: Value = serde_json::from_str(text).map_err(|e| {
            let hint = if text.trim_start().starts_with('{') {
                ""
            } else {
                " (only JSON is supported; convert a YAML document to JSON first)"
            };
            anyhow!("`{origin}` is not valid JSON: {e}{hint}")
        })?;
        Document::from_value(root, origin)
    }

    /// Checks an already parsed document: its version, its `paths`, and that every `$ref` resolves.
    pub fn from_value(root: Value, origin: &str) -> anyhow::Result<Document> {
        let Some(obj) = root.as_object() else {
            bail!("`{origin}` is not an OpenAPI document: its top level is not a JSON object");
        };
        let flavor = match (obj.get("swagger").and_then(Value::as_str), obj.get("openapi").and_then(Value::as_str)) {
            (Some("2.0"), _) => Flavor::Swagger2,
            (_, Some(v)) if v.starts_with("3.") => Flavor::OpenApi3,
            (Some(v), _) => bail!("`{origin}` says `swagger: {v}`; only Swagger 2.0 and OpenAPI 3.x are supported"),
            (_, Some(v)) => bail!("`{origin}` says `openapi: {v}`; only Swagger 2.0 and OpenAPI 3.x are supported"),
            _ => {
                bail!("`{origin}` is not an OpenAPI document: it has neither `swagger: \"2.0\"` nor `openapi: \"3.x\"`")
            }
        };
        if !obj.get("paths").is_some_and(Value::is_object) {
            bail!("`{origin}` has no `paths` object");
        }
        let doc = Document { root, flavor, origin: origin.to_string() };
        let mut problems = Vec::new();
        doc.check_refs(&doc.root, &mut String::new(), &mut problems);
        if !problems.is_empty() {
            bail!("`{origin}` has broken references:\n  {}", problems.join("\n  "));
        }
        Ok(doc)
    }

    /// Which kind of document this is.
    pub fn flavor(&self) -> Flavor {
        self.flavor
    }

    /// The name messages use for the document (usually its path).
    pub fn origin(&self) -> &str {
        &self.origin
    }

    /// The document's `info.version`, if it has one (Hydra's documents say `latest`, `v0.0.0-alpha.40` or
    /// nothing, so callers prefer other sources).
    pub fn info_version(&self) -> Option<&str> {
        self.root.pointer("/info/version").and_then(Value::as_str)
    }

    /// Whether any operation carries tags (the drift check only filters by tag when some do).
    pub fn has_tags(&self) -> bool {
        self.path_items().any(|(_, item)| {
            METHODS.iter().any(|m| {
                item.get(*m).and_then(|op| op.get("tags")).and_then(Value::as_array).is_some_and(|t| !t.is_empty())
            })
        })
    }

    fn check_refs(&self, value: &Value, at: &mut String, problems: &mut Vec<String>) {
        match value {
            Value::Object(map) => {
                if let Some(Value::String(r)) = map.get("$ref") {
                    let place = if at.is_empty() { "/" } else { at.as_str() };
                    if !r.starts_with('#') {
                        problems.push(format!("`$ref: {r}` at `{place}` is not a local reference (`#/...`)"));
                    } else if self.root.pointer(&r[1..]).is_none() {
                        problems.push(format!("`$ref: {r}` at `{place}` points to nothing"));
                    }
                }
                for (key, v) in map {
                    let len = at.len();
                    at.push('/');
                    at.push_str(&key.replace('~', "~0").replace('/', "~1"));
                    self.check_refs(v, at, problems);
                    at.truncate(len);
                }
            }
            Value::Array(items) => {
                for (i, v) in items.iter().enumerate() {
                    let len = at.len();
                    at.push_str(&format!("/{i}"));
                    self.check_refs(v, at, problems);
                    at.truncate(len);
                }
            }
            _ => {}
        }
    }

    /// Looks up a local reference such as `#/definitions/oAuth2Client`.
    pub fn resolve(&self, reference: &str) -> anyhow::Result<&Value> {
        reference
            .strip_prefix('#')
            .and_then(|pointer| self.root.pointer(pointer))
            .ok_or_else(|| anyhow!("`$ref: {reference}` in `{}` points to nothing", self.origin))
    }

    /// Follows `$ref` chains until a value that is not a reference.
    fn deref<'a>(&'a self, mut value: &'a Value) -> anyhow::Result<&'a Value> {
        for _ in 0..MAX_REF_DEPTH {
            match value.get("$ref").and_then(Value::as_str) {
                Some(r) => value = self.resolve(r)?,
                None => return Ok(value),
            }
        }
        bail!("`{}` has a `$ref` cycle", self.origin)
    }

    /// The model name a reference names, if it points straight at a named model.
    fn model_ref_name<'a>(&self, reference: &'a str) -> Option<&'a str> {
        reference.strip_prefix(self.flavor.models_prefix()).filter(|n| !n.contains('/'))
    }

    /// The names of every named model, in document order.
    pub fn model_names(&self) -> Vec<String> {
        self.root
            .pointer(self.flavor.models_pointer())
            .and_then(Value::as_object)
            .map(|m| m.keys().cloned().collect())
            .unwrap_or_default()
    }

    /// A named model with its `allOf` parts merged, or `None` when there is no model of that name.
    pub fn model(&self, name: &str) -> anyhow::Result<Option<ModelSchema>> {
        let Some(schema) = self.root.pointer(self.flavor.models_pointer()).and_then(|m| m.get(name)) else {
            return Ok(None);
        };
        let properties =
            self.object_properties(schema).with_context(|| format!("in model `{name}` of `{}`", self.origin))?;
        Ok(Some(ModelSchema { name: name.to_string(), properties }))
    }

    /// The properties of an object schema (a model or an inline object), `allOf` parts merged in, sorted.
    pub fn object_properties(&self, schema: &Value) -> anyhow::Result<Vec<Property>> {
        let mut props: Vec<(String, Value)> = Vec::new();
        let mut required = BTreeSet::new();
        let mut parts_left = MAX_ALL_OF_PARTS;
        self.collect_properties(schema, &mut props, &mut required, 0, &mut parts_left)?;
        let mut out = props
            .into_iter()
            .map(|(name, schema)| {
                let ty = self.schema_type(&schema).with_context(|| format!("in property `{name}`"))?;
                Ok(Property { required: required.contains(&name), name, ty })
            })
            .collect::<anyhow::Result<Vec<_>>>()?;
        out.sort_by(|a, b| a.name.cmp(&b.name));
        Ok(out)
    }

    fn collect_properties(
        &self,
        schema: &Value,
        props: &mut Vec<(String, Value)>,
        required: &mut BTreeSet<String>,
        depth: usize,
        parts_left: &mut usize,
    ) -> anyhow::Result<()> {
        if depth > MAX_REF_DEPTH {
            bail!("`allOf` nests too deeply (a reference cycle?)");
        }
        // Each level of `allOf: [$ref X, $ref X]` doubles the parts to merge: thirty such levels would
        // never finish, though no single chain is deep.
        *parts_left = parts_left.checked_sub(1).ok_or_else(|| {
            anyhow!("`allOf` expands to more than {MAX_ALL_OF_PARTS} parts (the same schemas merged over and over)")
        })?;
        let schema = self.deref(schema)?;
        if let Some(parts) = schema.get("allOf").and_then(Value::as_array) {
            for part in parts {
                self.collect_properties(part, props, required, depth + 1, parts_left)?;
            }
        }
        if let Some(map) = schema.get("properties").and_then(Value::as_object) {
            for (name, s) in map {
                match props.iter_mut().find(|(n, _)| n == name) {
                    Some(slot) => slot.1 = s.clone(),
                    None => props.push((name.clone(), s.clone())),
                }
            }
        }
        if let Some(names) = schema.get("required").and_then(Value::as_array) {
            required.extend(names.iter().filter_map(Value::as_str).map(str::to_string));
        }
        Ok(())
    }

    /// Reduces a schema (or a Swagger 2.0 non-body parameter, which carries `type`/`format`/`items`
    /// itself) to a [`SchemaType`]. References to named object models stay [`SchemaType::Model`];
    /// references to named primitives or arrays are followed.
    pub fn schema_type(&self, schema: &Value) -> anyhow::Result<SchemaType> {
        self.schema_type_at(schema, 0)
    }

    fn schema_type_at(&self, schema: &Value, depth: usize) -> anyhow::Result<SchemaType> {
        if depth > MAX_REF_DEPTH {
            bail!("`{}` has a `$ref` cycle", self.origin);
        }
        if let Some(r) = schema.get("$ref").and_then(Value::as_str) {
            let target = self.resolve(r)?;
            if let Some(name) = self.model_ref_name(r) {
                if is_object_like(target) {
                    return Ok(SchemaType::Model(name.to_string()));
                }
            }
            return self.schema_type_at(target, depth + 1);
        }
        let format = schema.get("format").and_then(Value::as_str).map(str::to_string);
        let ty = match schema.get("type") {
            Some(Value::String(t)) => Some(t.as_str()),
            // OpenAPI 3.1 style `type: [T, "null"]`.
            Some(Value::Array(types)) => {
                let non_null: Vec<&str> = types.iter().filter_map(Value::as_str).filter(|t| *t != "null").collect();
                match non_null.as_slice() {
                    [one] => Some(*one),
                    _ => None,
                }
            }
            _ => None,
        };
        Ok(match ty {
            Some("string") => SchemaType::String(format),
            Some("integer") => SchemaType::Integer(format),
            Some("number") => SchemaType::Number(format),
            Some("boolean") => SchemaType::Boolean,
            Some("object") => SchemaType::Object,
            Some("array") => self.array_type(schema, depth)?,
            Some(other) => SchemaType::Other(other.to_string()),
            None => {
                if schema.get("items").is_some() {
                    self.array_type(schema, depth)?
                } else if schema.get("properties").is_some() || schema.get("additionalProperties").is_some() {
                    SchemaType::Object
                } else if let Some([only]) = schema.get("allOf").and_then(Value::as_array).map(Vec::as_slice) {
                    self.schema_type_at(only, depth + 1)?
                } else if schema.get("allOf").is_some() {
                    SchemaType::Object
                } else {
                    SchemaType::Any
                }
            }
        })
    }

    fn array_type(&self, schema: &Value, depth: usize) -> anyhow::Result<SchemaType> {
        let inner = match schema.get("items") {
            Some(items) => self.schema_type_at(items, depth + 1)?,
            None => SchemaType::Any,
        };
        Ok(SchemaType::Array(Box::new(inner)))
    }

    fn path_items(&self) -> impl Iterator<Item = (&String, &Map<String, Value>)> {
        self.root
            .get("paths")
            .and_then(Value::as_object)
            .into_iter()
            .flat_map(|paths| paths.iter())
            .filter_map(|(path, item)| item.as_object().map(|item| (path, item)))
    }

    /// Every operation of the document, path by path, methods in a fixed order.
    pub fn operations(&self) -> anyhow::Result<Vec<Operation>> {
        let mut out = Vec::new();
        for (path, item) in self.path_items() {
            let shared = item.get("parameters").and_then(Value::as_array).map(Vec::as_slice).unwrap_or(&[]);
            for method in METHODS {
                let Some(op) = item.get(method) else { continue };
                let upper = method.to_ascii_uppercase();
                let op = self
                    .operation(&upper, path, shared, op)
                    .with_context(|| format!("in operation `{upper} {path}` of `{}`", self.origin))?;
                out.push(op);
            }
        }
        Ok(out)
    }

    fn operation(&self, method: &str, path: &str, shared: &[Value], op: &Value) -> anyhow::Result<Operation> {
        let operation_id = op.get("operationId").and_then(Value::as_str).map(str::to_string);
        let tags = op
            .get("tags")
            .and_then(Value::as_array)
            .map(|t| t.iter().filter_map(Value::as_str).map(str::to_string).collect())
            .unwrap_or_default();
        // Operation-level parameters override path-level ones with the same name and location.
        let own = op.get("parameters").and_then(Value::as_array).map(Vec::as_slice).unwrap_or(&[]);
        let mut params: Vec<Parameter> = Vec::new();
        for raw in shared.iter().chain(own) {
            let p = self.parameter(raw)?;
            params.retain(|q| !(q.name == p.name && q.location == p.location));
            params.push(p);
        }
        if let Some(body) = op.get("requestBody") {
            params.extend(self.request_body(body)?);
        }
        let responses = op.get("responses").and_then(Value::as_object);
        let mut response_types = Vec::new();
        let mut failures = Vec::new();
        let mut success: Option<(u16, Response)> = None;
        let mut success_mimes: Vec<String> = Vec::new();
        for (status, response) in responses.into_iter().flatten() {
            let ty = self.response_type(response).with_context(|| format!("in response `{status}`"))?;
            if let Some(ty) = &ty {
                response_types.push(ty.clone());
            }
            let code = match status.parse::<u16>() {
                Ok(code) if (200..300).contains(&code) => code,
                _ if status.eq_ignore_ascii_case("2XX") => 299,
                _ => {
                    let inline_properties = self.inline_properties(response)?;
                    failures.push(Response { status: status.clone(), ty, inline_properties });
                    continue;
                }
            };
            if success.as_ref().is_none_or(|(best, _)| code < *best) {
                let inline_properties = self.inline_properties(response)?;
                success = Some((code, Response { status: status.clone(), ty, inline_properties }));
                success_mimes = self
                    .deref(response)?
                    .get("content")
                    .and_then(Value::as_object)
                    .map(|c| c.keys().cloned().collect())
                    .unwrap_or_default();
            }
        }
        if self.flavor == Flavor::Swagger2 {
            // `produces` of the operation replaces the document's.
            success_mimes = op
                .get("produces")
                .or_else(|| self.root.get("produces"))
                .and_then(Value::as_array)
                .map(|m| m.iter().filter_map(Value::as_str).map(str::to_string).collect())
                .unwrap_or_default();
        }
        // Hydra's own document spells it `plain/text`.
        let produces_text = success_mimes.iter().any(|m| m.starts_with("text/") || m == "plain/text")
            && !success_mimes.iter().any(|m| m.contains("json"));
        let security = self.security_kinds(op.get("security").or_else(|| self.root.get("security")));
        Ok(Operation {
            method: method.to_string(),
            path: path.to_string(),
            operation_id,
            tags,
            params,
            success: success.map(|(_, r)| r),
            response_types,
            failures,
            produces_text,
            security,
        })
    }

    /// The credential kinds a `security` requirement list names, resolved through the document's
    /// security schemes (`securityDefinitions` in Swagger 2.0, `components/securitySchemes` in OpenAPI 3).
    fn security_kinds(&self, requirements: Option<&Value>) -> Vec<String> {
        let schemes = match self.flavor {
            Flavor::Swagger2 => self.root.get("securityDefinitions"),
            Flavor::OpenApi3 => self.root.get("components").and_then(|c| c.get("securitySchemes")),
        };
        let mut kinds: Vec<String> = Vec::new();
        let names = requirements
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .filter_map(Value::as_object)
            .flat_map(|r| r.keys());
        for name in names {
            let scheme = schemes.and_then(|s| s.get(name));
            let field =
                |key: &str| scheme.and_then(|s| s.get(key)).and_then(Value::as_str).map(str::to_ascii_lowercase);
            let kind = match (field("type").as_deref(), field("scheme").as_deref()) {
                (Some("basic"), _) | (Some("http"), Some("basic")) => "basic".to_string(),
                (Some("http"), Some("bearer")) => "bearer".to_string(),
                (Some("oauth2"), _) => "oauth2".to_string(),
                (Some("apikey"), _) => "apiKey".to_string(),
                _ => name.clone(),
            };
            if !kinds.contains(&kind) {
                kinds.push(kind);
            }
        }
        kinds
    }

    fn parameter(&self, raw: &Value) -> anyhow::Result<Parameter> {
        let p = self.deref(raw)?;
        let name = p.get("name").and_then(Value::as_str).ok_or_else(|| anyhow!("a parameter has no `name`"))?;
        let location = match p.get("in").and_then(Value::as_str) {
            Some("path") => ParamIn::Path,
            Some("query") => ParamIn::Query,
            Some("header") => ParamIn::Header,
            Some("cookie") => ParamIn::Cookie,
            Some("body") => ParamIn::Body,
            Some("formData") => ParamIn::Form,
            Some(other) => bail!("parameter `{name}` has an unknown location `in: {other}`"),
            None => bail!("parameter `{name}` has no `in`"),
        };
        let required = p.get("required").and_then(Value::as_bool).unwrap_or(location == ParamIn::Path);
        // Swagger 2.0 bodies and OpenAPI 3 parameters carry a `schema`; Swagger 2.0 others describe
        // their type inline.
        let schema = p.get("schema").unwrap_or(p);
        let ty = self.schema_type(schema).with_context(|| format!("in parameter `{name}`"))?;
        let inline_schema = (location == ParamIn::Body).then(|| self.inline_object(schema)).flatten();
        Ok(Parameter { location, name: name.to_string(), required, ty, inline_schema })
    }

    /// An inline (not `$ref`) object schema with properties, as the importer needs to name it.
    fn inline_object(&self, schema: &Value) -> Option<Value> {
        (schema.get("$ref").is_none() && (schema.get("properties").is_some() || schema.get("allOf").is_some()))
            .then(|| schema.clone())
    }

    /// An OpenAPI 3 `requestBody`: one JSON body parameter, or one form parameter per property.
    fn request_body(&self, body: &Value) -> anyhow::Result<Vec<Parameter>> {
        let body = self.deref(body)?;
        let required = body.get("required").and_then(Value::as_bool).unwrap_or(false);
        let Some(content) = body.get("content").and_then(Value::as_object) else {
            return Ok(Vec::new());
        };
        let form = content
            .iter()
            .find(|(mime, _)| mime.starts_with("application/x-www-form-urlencoded") || mime.starts_with("multipart/"));
        if let (Some((_, media)), None) = (form, pick_json(content)) {
            let Some(schema) = media.get("schema") else { return Ok(Vec::new()) };
            let mut props = self.object_properties(schema).context("in the form request body")?;
            // Property order is not kept by the JSON reader; required members first reads best.
            props.sort_by_key(|p| !p.required);
            return Ok(props
                .into_iter()
                .map(|p| Parameter {
                    location: ParamIn::Form,
                    name: p.name,
                    required: p.required,
                    ty: p.ty,
                    inline_schema: None,
                })
                .collect());
        }
        let media = pick_json(content).or_else(|| content.values().next());
        let Some(schema) = media.and_then(|m| m.get("schema")) else { return Ok(Vec::new()) };
        let ty = self.schema_type(schema).context("in the request body")?;
        Ok(vec![Parameter {
            location: ParamIn::Body,
            name: "body".to_string(),
            required,
            ty,
            inline_schema: self.inline_object(schema),
        }])
    }

    /// The body type of a response (following a `$ref` to a shared response), or `None` without a schema.
    fn response_type(&self, response: &Value) -> anyhow::Result<Option<SchemaType>> {
        self.response_schema(response)?.map(|s| self.schema_type(s)).transpose()
    }

    /// The members of a response body that is an inline object (not a `$ref` to a model).
    fn inline_properties(&self, response: &Value) -> anyhow::Result<Vec<Property>> {
        match self.response_schema(response)? {
            Some(schema) if schema.get("$ref").is_none() && schema.get("properties").is_some() => {
                self.object_properties(schema)
            }
            _ => Ok(Vec::new()),
        }
    }

    /// The schema of a response body, if it has one.
    fn response_schema<'a>(&'a self, response: &'a Value) -> anyhow::Result<Option<&'a Value>> {
        let response = self.deref(response)?;
        Ok(match self.flavor {
            Flavor::Swagger2 => response.get("schema"),
            Flavor::OpenApi3 => response
                .get("content")
                .and_then(Value::as_object)
                .and_then(|c| pick_json(c).or_else(|| c.values().next()))
                .and_then(|m| m.get("schema")),
        })
    }
}

/// The JSON media type of an OpenAPI 3 `content` map, if it has one.
fn pick_json(content: &Map<String, Value>) -> Option<&Value> {
    content.get("application/json").or_else(|| content.iter().find(|(m, _)| m.contains("json")).map(|(_, v)| v))
}

/// Whether a named schema is a model (an object with members) rather than an alias of a primitive,
/// an array or a free-form map.
fn is_object_like(schema: &Value) -> bool {
    // A named bare `{"type": "object"}` (v1.11's `JSONRawMessage`, `JoseJSONWebKeySet`) says nothing about
    // its members: it is a free-form object under a name, not a model with fields.
    schema.get("properties").is_some() || schema.get("allOf").is_some()
}

/// Turns an `operationId` into a snake_case name the way openapi-generator does: an underscore goes
/// between an upper-case run and a following upper-case letter that starts a lower-case word
/// (`JSONWeb` → `JSON_Web`), and between a lower-case letter or digit and a following upper-case letter
/// (`getJson` → `get_Json`); `-`, `.` and spaces become underscores; everything is lower-cased. Any other
/// character that cannot appear in a Rust identifier becomes an underscore too.
///
/// `listOAuth2Clients` → `list_o_auth2_clients`, `getJsonWebKeySet` → `get_json_web_key_set`.
pub fn underscore(word: &str) -> String {
    let chars: Vec<char> = word.chars().collect();
    // First pass: `([A-Z]+)([A-Z][a-z])` → `$1_$2`.
    let mut first = Vec::with_capacity(chars.len() + 4);
    let mut i = 0;
    while i < chars.len() {
        if chars[i].is_ascii_uppercase() {
            let start = i;
            while i < chars.len() && chars[i].is_ascii_uppercase() {
                i += 1;
            }
            let run = &chars[start..i];
            if run.len() >= 2 && chars.get(i).is_some_and(char::is_ascii_lowercase) {
                first.extend_from_slice(&run[..run.len() - 1]);
                first.push('_');
                first.push(run[run.len() - 1]);
            } else {
                first.extend_from_slice(run);
            }
        } else {
            first.push(chars[i]);
            i += 1;
        }
    }
    // Second pass: `([a-z\d])([A-Z])` → `$1_$2`.
    let mut out = String::with_capacity(first.len() + 4);
    for (j, &c) in first.iter().enumerate() {
        if c.is_ascii_uppercase() && j > 0 && (first[j - 1].is_ascii_lowercase() || first[j - 1].is_ascii_digit()) {
            out.push('_');
        }
        match c {
            c if c.is_ascii_alphanumeric() || c == '_' => out.push(c.to_ascii_lowercase()),
            '$' => out.push_str("__"),
            _ => out.push('_'),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn underscore_follows_openapi_generator() {
        for (id, expected) in [
            ("listOAuth2Clients", "list_o_auth2_clients"),
            ("getJsonWebKeySet", "get_json_web_key_set"),
            ("isInstanceAlive", "is_instance_alive"),
            ("flushInactiveOAuth2Tokens", "flush_inactive_o_auth2_tokens"),
            ("getJSONWebKey", "get_json_web_key"),
            ("discoverOpenIDConfiguration", "discover_open_id_configuration"),
            ("prometheus", "prometheus"),
            ("oauth2Token", "oauth2_token"),
            ("get-thing.v2", "get_thing_v2"),
            ("already_snake", "already_snake"),
        ] {
            assert_eq!(underscore(id), expected, "{id}");
        }
    }

    #[test]
    fn an_all_of_that_doubles_at_each_level_is_an_error_not_a_hang() {
        // M0 merges M1 twice, M1 merges M2 twice...: 2^20 parts, with no chain deeper than 20.
        let levels = 20;
        let mut models: Vec<String> = (0..levels)
            .map(|i| {
                let next = format!(r##"{{"$ref":"#/definitions/M{}"}}"##, i + 1);
                format!(r#""M{i}":{{"type":"object","allOf":[{next},{next}]}}"#)
            })
            .collect();
        models.push(format!(r#""M{levels}":{{"type":"object","properties":{{"a":{{"type":"string"}}}}}}"#));
        let text = format!(r#"{{"swagger":"2.0","paths":{{}},"definitions":{{{}}}}}"#, models.join(","));
        let doc = Document::from_json(&text, "t.json").unwrap();
        let err = doc.model("M0").unwrap_err();
        assert!(format!("{err:#}").contains("more than 10000 parts"), "{err:#}");
        // A few repeats are merged as before.
        let props = doc.model(&format!("M{}", levels - 3)).unwrap().unwrap().properties;
        assert_eq!(props.iter().map(|p| p.name.as_str()).collect::<Vec<_>>(), ["a"]);
    }

    #[test]
    fn schema_types_follow_refs_to_primitives_but_keep_models() {
        let doc = Document::from_json(
            r##"{"swagger":"2.0","paths":{},"definitions":{
                "UUID":{"type":"string","format":"uuid4"},
                "thing":{"type":"object","properties":{"id":{"$ref":"#/definitions/UUID"}}},
                "map":{"type":"object","additionalProperties":{"type":"string"}}}}"##,
            "t.json",
        )
        .unwrap();
        let ty = |s: &str| doc.schema_type(&serde_json::from_str(s).unwrap()).unwrap();
        assert_eq!(ty(r##"{"$ref":"#/definitions/UUID"}"##), SchemaType::String(Some("uuid4".into())));
        assert_eq!(ty(r##"{"$ref":"#/definitions/thing"}"##), SchemaType::Model("thing".into()));
        assert_eq!(ty(r##"{"$ref":"#/definitions/map"}"##), SchemaType::Object);
        assert_eq!(
            ty(r#"{"type":"array","items":{"type":"integer","format":"int64"}}"#).to_string(),
            "[integer/int64]"
        );
        assert_eq!(ty("{}"), SchemaType::Any);
    }
}
