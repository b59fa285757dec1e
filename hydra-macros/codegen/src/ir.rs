//! The checked description of an API: what validation produces and what codegen, the xtask drift
//! check and the importer consume. Everything in here is known to be consistent.

use crate::diag::Loc;

/// A type a field or parameter can have.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Type {
    /// `string`: a JSON string.
    String,
    /// `bool`: a JSON boolean.
    Bool,
    /// `i64`: a JSON integer (OpenAPI `integer`/`int64`).
    I64,
    /// `f64`: a JSON number (OpenAPI `number`/`double`).
    F64,
    /// `datetime`: an RFC 3339 timestamp in a JSON string (OpenAPI `string`/`date-time`).
    DateTime,
    /// `duration`: a Go duration string (`1h30m0s`), kept as sent and compared by length.
    Duration,
    /// `object`: a free-form JSON object.
    Object,
    /// `json`: any JSON value.
    Json,
    /// `[T]`: a JSON array.
    Array(Box<Type>),
    /// A model declared in one of the tables, by name.
    Model(String),
    /// A string enumeration declared in one of the tables, by name.
    Enum(String),
}

impl Type {
    /// The table spelling of this type, e.g. `[string]`.
    pub fn table_name(&self) -> String {
        match self {
            Type::String => "string".into(),
            Type::Bool => "bool".into(),
            Type::I64 => "i64".into(),
            Type::F64 => "f64".into(),
            Type::DateTime => "datetime".into(),
            Type::Duration => "duration".into(),
            Type::Object => "object".into(),
            Type::Json => "json".into(),
            Type::Array(inner) => format!("[{}]", inner.table_name()),
            Type::Model(name) | Type::Enum(name) => name.clone(),
        }
    }

    /// Whether a value of this type has a zero (Go's zero value), which an `always` field is when absent.
    pub fn has_zero(&self) -> bool {
        match self {
            Type::String | Type::Bool | Type::I64 | Type::F64 | Type::Duration | Type::Object | Type::Json => true,
            Type::Array(_) => true,
            Type::DateTime | Type::Model(_) | Type::Enum(_) => false,
        }
    }

    /// Whether Hydra may send `null` for a value of this type (Go's nil slices and maps).
    pub fn is_nullable_container(&self) -> bool {
        matches!(self, Type::Array(_) | Type::Object)
    }
}

/// The primitive names the table accepts, in the order they are documented.
pub const PRIMITIVES: &[&str] = &["string", "bool", "i64", "f64", "datetime", "duration", "object", "json"];

/// Resolves a primitive type name.
pub fn primitive(name: &str) -> Option<Type> {
    Some(match name {
        "string" => Type::String,
        "bool" => Type::Bool,
        "i64" => Type::I64,
        "f64" => Type::F64,
        "datetime" => Type::DateTime,
        "duration" => Type::Duration,
        "object" => Type::Object,
        "json" => Type::Json,
        _ => return None,
    })
}

/// One field of a model.
#[derive(Debug, Clone)]
pub struct Field {
    /// Where it is declared.
    pub loc: Loc,
    /// Its documentation, one entry per line.
    pub doc: Vec<String>,
    /// The member name on the wire.
    pub json_name: String,
    /// The Rust field name.
    pub rust_name: String,
    /// Its type.
    pub ty: Type,
    /// Whether every valid object carries it.
    pub required: bool,
    /// Whether `Debug` must hide its value.
    pub secret: bool,
    /// The `url` flag: a URL whose query or fragment may carry one-shot secrets (a verifier, a code, an
    /// ID token hint), which `Debug` shows with the values of those parameters hidden.
    pub url: bool,
    /// The `always` flag: optional in a request body, always in answers, so the Rust field is a plain
    /// value that is the type's zero when absent and is left out of JSON when it is zero.
    pub always: bool,
    /// The Hydra releases that have this member (`since`/`until` markers).
    pub availability: Availability,
}

impl Field {
    /// Whether the Rust field holds the value itself rather than an `Option` of it.
    pub fn is_plain(&self) -> bool {
        self.required || self.always
    }
}

/// A JSON object type.
#[derive(Debug, Clone)]
pub struct Model {
    /// Where it is declared.
    pub loc: Loc,
    /// Index of the table file that declares it.
    pub file: usize,
    /// Its documentation.
    pub doc: Vec<String>,
    /// The Rust (and table) name.
    pub name: String,
    /// Fields in table order.
    pub fields: Vec<Field>,
}

/// One value of a string enumeration.
#[derive(Debug, Clone)]
pub struct EnumValue {
    /// Where it is declared.
    pub loc: Loc,
    /// Its documentation.
    pub doc: Vec<String>,
    /// The string on the wire.
    pub json: String,
    /// The Rust variant name.
    pub rust_name: String,
}

/// A string type with known values; anything else the server sends is kept in an `Other` variant.
#[derive(Debug, Clone)]
pub struct Enum {
    /// Where it is declared.
    pub loc: Loc,
    /// Index of the table file that declares it.
    pub file: usize,
    /// Its documentation.
    pub doc: Vec<String>,
    /// The Rust (and table) name.
    pub name: String,
    /// Known values in table order.
    pub values: Vec<EnumValue>,
}

/// An HTTP method the table accepts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Method {
    /// GET
    Get,
    /// POST
    Post,
    /// PUT
    Put,
    /// PATCH
    Patch,
    /// DELETE
    Delete,
}

impl Method {
    /// All methods, for messages that list them.
    pub const ALL: [Method; 5] = [Method::Get, Method::Post, Method::Put, Method::Patch, Method::Delete];

    /// The method as it appears on the wire.
    pub fn as_str(self) -> &'static str {
        match self {
            Method::Get => "GET",
            Method::Post => "POST",
            Method::Put => "PUT",
            Method::Patch => "PATCH",
            Method::Delete => "DELETE",
        }
    }
}

/// Where a parameter travels.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Location {
    /// A `{name}` segment of the path.
    Path,
    /// The query string.
    Query,
    /// The JSON request body (at most one per operation).
    Body,
    /// An `application/x-www-form-urlencoded` body member.
    Form,
}

impl Location {
    /// The table keyword for this location.
    pub fn as_str(self) -> &'static str {
        match self {
            Location::Path => "path",
            Location::Query => "query",
            Location::Body => "body",
            Location::Form => "form",
        }
    }
}

/// One parameter of an operation.
#[derive(Debug, Clone)]
pub struct Param {
    /// Where it travels.
    pub location: Location,
    /// Its wire name (also the Rust argument name).
    pub name: String,
    /// Whether callers must give it.
    pub required: bool,
    /// Its type.
    pub ty: Type,
    /// Documentation from an `@name` doc line, if the table gives one.
    pub doc: Option<String>,
    /// Whether `Debug` must hide its value (the `secret` flag).
    pub secret: bool,
    /// The Hydra releases that take this parameter (`since`/`until` markers).
    pub availability: Availability,
}

/// A piece of a path template.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Segment {
    /// Text sent as written.
    Literal(String),
    /// A `{name}` placeholder, filled from the path parameter of that name.
    Param(String),
}

/// What a successful call yields.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Return {
    /// Nothing (the body is ignored).
    Unit,
    /// The body as text.
    Text,
    /// The body decoded as JSON.
    Json(Type),
    /// A page of the named model from a `limit`/`offset` listing with `Link` headers.
    Page(String),
    /// A redirect the client does not follow: where the server sends the browser, and its cookies.
    Redirect,
}

/// Which API an operation belongs to and which credentials its request carries.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Auth {
    /// `auth admin` (the default): the Admin API, with the credentials configured on the client.
    Admin,
    /// `auth public`: the Public API, with no credentials.
    Public,
    /// `auth client`: the Public API, with OAuth 2.0 client credentials given to the call.
    Client,
    /// `auth bearer <argument>`: the Public API, with a bearer token given to the call as `<argument>`.
    Bearer(String),
}

impl Auth {
    /// Whether the operation goes to the Public API.
    pub fn is_public(&self) -> bool {
        !matches!(self, Auth::Admin)
    }

    /// The table spelling, e.g. `bearer access_token`.
    pub fn table_name(&self) -> String {
        match self {
            Auth::Admin => "admin".into(),
            Auth::Public => "public".into(),
            Auth::Client => "client".into(),
            Auth::Bearer(arg) => format!("bearer {arg}"),
        }
    }
}

/// One endpoint.
#[derive(Debug, Clone)]
pub struct Operation {
    /// Where it is declared.
    pub loc: Loc,
    /// Index of the table file that declares it.
    pub file: usize,
    /// Its documentation (without `@param` lines).
    pub doc: Vec<String>,
    /// HTTP method.
    pub method: Method,
    /// The path template as written, e.g. `/clients/{id}`.
    pub path: String,
    /// The template split into literal text and parameters.
    pub segments: Vec<Segment>,
    /// The snake_case operation (and method) name.
    pub name: String,
    /// Parameters in table order.
    pub params: Vec<Param>,
    /// The API it belongs to and the credentials it sends.
    pub auth: Auth,
    /// How many parameters come before the credential argument (`auth client` or `auth bearer`).
    pub auth_position: usize,
    /// Documentation of the bearer token argument, from an `@<argument>` doc line.
    pub auth_doc: Option<String>,
    /// The success result.
    pub ret: Return,
    /// How a `page<...>` listing is paged ([`Paging::None`] for other returns).
    pub paging: Paging,
    /// The `once` flag: a request that completes something once (a login, consent or logout), so a
    /// second copy is not harmless even though the method is idempotent.
    pub once: bool,
    /// The `needs a|b` groups: for each, the optional parameters of which a call must set at least one.
    pub needs: Vec<Vec<String>>,
    /// The model of its error bodies: the line's `errors` clause, else its file's `errors` line. `None`
    /// when neither names one: the runtime then reads Hydra's usual error shape.
    pub errors: Option<String>,
    /// Its `on <status> <Model>` clauses, one entry per status, in table order.
    pub answers: Vec<Answer>,
    /// The Hydra releases that serve this operation (`since`/`until` markers).
    pub availability: Availability,
}

/// A non-2xx status for which an operation's line names the body's model (`on <status> <Model>`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Answer {
    /// The HTTP status.
    pub status: u16,
    /// The model of the body.
    pub model: String,
    /// Whether the model has a `redirect_to` member: Hydra's way of saying that the login, consent or
    /// logout request was handled already, and where the browser goes next.
    pub handled: bool,
}

impl Operation {
    /// Parameters a caller must pass positionally, in table order.
    pub fn required_params(&self) -> impl Iterator<Item = &Param> {
        self.params.iter().filter(|p| p.required)
    }

    /// Parameters that go into the generated options struct.
    pub fn optional_params(&self) -> impl Iterator<Item = &Param> {
        self.params.iter().filter(|p| !p.required)
    }

    /// The statuses that mean "the request this operation acts on was handled already".
    pub fn handled_statuses(&self) -> impl Iterator<Item = u16> + '_ {
        self.answers.iter().filter(|a| a.handled).map(|a| a.status)
    }

    /// Whether sending the request twice does what sending it once does: `GET`, `PUT` and `DELETE` are,
    /// unless the line says `once`; `POST` and `PATCH` never.
    pub fn retry_safe(&self) -> bool {
        !self.once && matches!(self.method, Method::Get | Method::Put | Method::Delete)
    }
}

/// How a listing asks for its pages (the kind written in `page<Model, kind>`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Paging {
    /// Not a listing.
    None,
    /// `offset`: `limit`/`offset` query parameters with `Link` headers (and `X-Total-Count`).
    Offset,
    /// `token`: `page_size`/`page_token` query parameters, the next page's opaque token named by a
    /// `Link` header's `next` target (and `X-Total-Count`, a hint only).
    Token,
}

impl Paging {
    /// The kinds a table can name, with their table spelling.
    pub const KINDS: [(Paging, &'static str); 2] = [(Paging::Offset, "offset"), (Paging::Token, "token")];

    /// The table spelling, `None` for [`Paging::None`].
    pub fn table_name(self) -> Option<&'static str> {
        Paging::KINDS.iter().find(|(k, _)| *k == self).map(|(_, name)| *name)
    }

    /// What the generated stream method's documentation says about where a listing of this kind starts.
    pub fn start_doc(self) -> &'static str {
        match self {
            Paging::None => "",
            Paging::Offset => {
                "It starts at `params.offset` (default 0) and asks for `params.limit` items per page (the \
                 server's default when unset)."
            }
            Paging::Token => {
                "It starts at the page `params.page_token` names (the first when unset) and asks for \
                 `params.page_size` items per page (the server's default when unset). It gives every item \
                 or ends with an error: a `Link` header whose paging links name another page size than \
                 the one asked for is refused (see [`Page::next_token`](crate::Page::next_token))."
            }
        }
    }

    /// The `Page` method that finds the next page of a listing of this kind.
    pub fn next_method(self) -> &'static str {
        match self {
            Paging::None | Paging::Offset => "next_ref",
            Paging::Token => "next_token",
        }
    }

    /// The query parameters the runtime sets on each page request, which the operation must declare as
    /// optional query parameters and which its method takes from the options struct.
    pub fn params(self) -> &'static [&'static str] {
        match self {
            Paging::None => &[],
            Paging::Offset => &[crate::contract::PAGE_LIMIT, crate::contract::PAGE_OFFSET],
            Paging::Token => &[crate::contract::PAGE_SIZE, crate::contract::PAGE_TOKEN],
        }
    }

    /// The type the line must give paging parameter `name` (one of [`params`](Self::params)): a token
    /// is an opaque string, every other paging parameter a whole number.
    pub fn param_type(self, name: &str) -> Type {
        if name == crate::contract::PAGE_TOKEN {
            Type::String
        } else {
            Type::I64
        }
    }
}

/// One table file that went into an [`Api`].
#[derive(Debug, Clone)]
pub struct SourceFile {
    /// The name diagnostics print (as given, or `<inline>`).
    pub name: String,
    /// The absolute path read from disk, if it came from disk.
    pub path: Option<std::path::PathBuf>,
}

/// A whole, checked API description.
#[derive(Debug, Clone, Default)]
pub struct Api {
    /// The files it was read from.
    pub files: Vec<SourceFile>,
    /// All models of all files.
    pub models: Vec<Model>,
    /// All string enumerations of all files.
    pub enums: Vec<Enum>,
    /// All operations of all files.
    pub operations: Vec<Operation>,
}

impl Api {
    /// Looks a model up by name.
    pub fn model(&self, name: &str) -> Option<&Model> {
        self.models.iter().find(|m| m.name == name)
    }

    /// Looks a string enumeration up by name.
    pub fn enumeration(&self, name: &str) -> Option<&Enum> {
        self.enums.iter().find(|e| e.name == name)
    }
}

/// A Hydra release number as a `since`/`until` marker writes it (the workspace's one version type).
pub use crate::version::Version as ServerVersion;

/// The Hydra releases an item exists in (its `since`/`until` markers).
pub use crate::version::Availability;
