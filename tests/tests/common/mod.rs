//! Helpers shared by the httpmock suites (`mock_*.rs`).
#![allow(dead_code)]

use std::sync::{Arc, Mutex};

use httpmock::{HttpMockRequest, HttpMockResponse, MockServer};
use ory_hydra_v1_client::{Client, ClientBuilder};

/// The `Authorization` header `client()` sends: `admin:hunter2` in base64.
pub const BASIC: &str = "Basic YWRtaW46aHVudGVyMg==";

/// A client for `server` that authenticates with basic credentials `admin` / `hunter2`.
pub fn client(server: &MockServer) -> Client {
    builder(server.base_url()).basic_auth("admin", Some("hunter2")).build().expect("client builds")
}

/// `Client::builder(base)` on the transport under test: the built-in one, or a `reqwest::Client` when
/// `HYDRA_TEST_TRANSPORT=reqwest` (`cargo xtask test` runs these suites both ways).
pub fn builder(base: impl Into<String>) -> ClientBuilder {
    let b = Client::builder(base);
    match std::env::var("HYDRA_TEST_TRANSPORT").as_deref() {
        Ok("reqwest") => b.http_client(reqwest_client()),
        Ok("builtin") | Err(_) => b,
        Ok(other) => panic!("HYDRA_TEST_TRANSPORT={other:?}: expected builtin or reqwest"),
    }
}

/// A `reqwest::Client` as `ClientBuilder::http_client` accepts it: one that does not follow redirects.
pub fn reqwest_client() -> reqwest::Client {
    reqwest::Client::builder().redirect(reqwest::redirect::Policy::none()).build().expect("reqwest client")
}

/// [`builder`] for suites that call operations whose answer is a redirect (`oauth_auth`,
/// `disconnect_user`, `Client::follow`). The same as [`builder`] since `http_client` accepts only clients
/// that do not follow redirects; kept so those suites say what they rely on.
pub fn builder_for_redirects(base: impl Into<String>) -> ClientBuilder {
    builder(base)
}

/// `Client::new(base)` on the transport under test (see [`builder`]).
pub fn new_client(base: &str) -> Result<Client, ory_hydra_v1_client::Error> {
    builder(base).build()
}

/// One request as the mock server received it, byte for byte.
#[derive(Clone, Debug)]
pub struct Seen {
    pub method: String,
    /// The request target as sent: path and query, still percent-encoded.
    pub uri: String,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl Seen {
    /// The raw path, without the query.
    pub fn path(&self) -> &str {
        self.uri.split_once('?').map_or(&self.uri, |(p, _)| p)
    }

    /// The raw query string, without `?` (empty when there is none).
    pub fn query(&self) -> &str {
        self.uri.split_once('?').map_or("", |(_, q)| q)
    }

    /// Every value of a header, by case-insensitive name.
    pub fn header(&self, name: &str) -> Vec<&str> {
        self.headers.iter().filter(|(k, _)| k.eq_ignore_ascii_case(name)).map(|(_, v)| v.as_str()).collect()
    }

    pub fn body_text(&self) -> String {
        String::from_utf8(self.body.clone()).expect("request body is UTF-8")
    }

    pub fn body_json(&self) -> serde_json::Value {
        serde_json::from_slice(&self.body).expect("request body is JSON")
    }
}

/// Records the requests a mock answers, for assertions on exactly what was sent.
#[derive(Clone, Default)]
pub struct Recorder(Arc<Mutex<Vec<Seen>>>);

impl Recorder {
    pub fn new() -> Self {
        Self::default()
    }

    /// A responder for `Then::respond_with` that records the request and answers with a fixed response.
    pub fn respond(
        &self,
        status: u16,
        headers: &[(&str, &str)],
        body: impl Into<Vec<u8>>,
    ) -> impl Fn(&HttpMockRequest) -> HttpMockResponse + Send + Sync + 'static {
        let log = self.0.clone();
        let headers: Vec<(String, String)> = headers.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect();
        let body: Vec<u8> = body.into();
        move |req: &HttpMockRequest| {
            log.lock().unwrap().push(Seen {
                method: req.method_str().to_string(),
                uri: path_and_query(req.uri_str()).to_string(),
                headers: req.headers_vec().clone(),
                body: req.body_vec(),
            });
            let mut b = HttpMockResponse::builder().status(status);
            for (k, v) in &headers {
                b = b.header(k.clone(), v.clone());
            }
            b.body(body.clone()).build()
        }
    }

    /// Every recorded request, in arrival order.
    pub fn seen(&self) -> Vec<Seen> {
        self.0.lock().unwrap().clone()
    }

    /// The only recorded request; panics unless exactly one arrived.
    pub fn single(&self) -> Seen {
        let seen = self.seen();
        assert_eq!(seen.len(), 1, "expected exactly one request, got {seen:#?}");
        seen.into_iter().next().unwrap()
    }
}

/// The request target without scheme and authority: httpmock rebuilds an absolute URI from the request
/// line, keeping the path and query exactly as they were sent.
fn path_and_query(uri: &str) -> &str {
    match uri.split_once("://") {
        Some((_, rest)) => rest.find('/').map_or("/", |i| &rest[i..]),
        None => uri,
    }
}

/// A JSON response body as bytes.
pub fn json(v: serde_json::Value) -> Vec<u8> {
    serde_json::to_vec(&v).unwrap()
}

/// An error and every cause under it, joined with `: ` the way `anyhow`'s `{:#}` prints a chain.
pub fn chain(err: &dyn std::error::Error) -> String {
    let mut text = err.to_string();
    let mut next = err.source();
    while let Some(cause) = next {
        text.push_str(": ");
        text.push_str(&cause.to_string());
        next = cause.source();
    }
    text
}

// Only its table loader is used here; the rest serves the live suites.
#[allow(unused)]
#[path = "../strict/mod.rs"]
pub mod strict;

/// The tables of ory-hydra-v1-client, read once with the generator's library.
static TABLES: std::sync::LazyLock<ory_hydra_v1_codegen::ir::Api> =
    std::sync::LazyLock::new(|| strict::load_tables("../hydra-client"));

/// `partial` completed into an answer of model `name` as a server sends it: every member the tables
/// declare required or `always` that `partial` lacks is added with an empty value of its type (models
/// completed the same way), so a mock answer names only the members its test is about.
pub fn answer(name: &str, partial: serde_json::Value) -> serde_json::Value {
    use ory_hydra_v1_codegen::ir::Type;
    use serde_json::{json, Value};
    fn empty(ty: &Type) -> Value {
        match ty {
            Type::String | Type::Enum(_) => json!(""),
            Type::Bool => json!(false),
            Type::I64 => json!(0),
            Type::F64 => json!(0.0),
            Type::DateTime => json!("1970-01-01T00:00:00Z"),
            Type::Duration => json!("0s"),
            Type::Object => json!({}),
            Type::Json => Value::Null,
            Type::Array(_) => json!([]),
            Type::Model(inner) => answer(inner, json!({})),
        }
    }
    let model = TABLES.models.iter().find(|m| m.name == name).unwrap_or_else(|| panic!("no model `{name}`"));
    let Value::Object(mut members) = partial else { panic!("an answer is an object: {partial}") };
    for field in model.fields.iter().filter(|f| f.is_plain()) {
        members.entry(field.json_name.clone()).or_insert_with(|| empty(&field.ty));
    }
    Value::Object(members)
}
