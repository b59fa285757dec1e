//! Raw requests: an endpoint the tables lack, called through the same [`Call`] as a generated method,
//! so it gets the client's credentials, headers, time limits, retries, tracing, error decoding and paging.
//!
//! A raw request has no table line, yet every error and span names an [`Operation`]: it borrows one of
//! the static descriptions below, picked by method, side and retry safety, all named `request`.

use std::fmt;

use bytes::Bytes;
use http::{HeaderMap, Method, StatusCode};
use serde::de::DeserializeOwned;
use serde::Serialize;

use crate::call::Call;
use crate::client::Side;
use crate::operation::{Credentials, Paging};
use crate::pagination::PageStart;
use crate::{ClientAuthMethod, ClientCredentials, Core, Error, Operation, Page, PageStream};

/// The description a raw request with these facts borrows.
const fn raw(method: Method, credentials: Credentials, retry_safe: bool) -> Operation {
    Operation {
        name: "request",
        method,
        credentials,
        path: "",
        path_params: &[],
        paging: Paging::None,
        errors: None,
        answers: &[],
        retry_safe,
        since: None,
        until: None,
    }
}

macro_rules! raw_operations {
    ($($method:ident),*) => {
        [$(
            raw(Method::$method, Credentials::Admin, false),
            raw(Method::$method, Credentials::Admin, true),
            raw(Method::$method, Credentials::None, false),
            raw(Method::$method, Credentials::None, true),
        )*]
    };
}

/// One description per method Hydra's APIs use, side and retry safety.
static RAW_OPERATIONS: [Operation; 28] = raw_operations!(GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS);

/// The description of a raw request, or `None` for a method outside [`RAW_OPERATIONS`].
fn raw_operation(method: &Method, side: Side, retry_safe: bool) -> Option<&'static Operation> {
    RAW_OPERATIONS.iter().find(|op| op.method == *method && op.side() == side && op.retry_safe == retry_safe)
}

/// A request to an endpoint the generated methods do not cover, made with [`Core::request`]: set its
/// path parameters, query, body and side, then send it with [`send`](Self::send),
/// [`send_raw`](Self::send_raw) or one of the paging methods. It travels the same way as a generated
/// call: the client's credentials and headers on the Admin side only, its time limit and retry policy,
/// a tracing span (whose `url.template` is the path template, parameters as `{name}`), and a non-2xx
/// answer becomes an [`ErrorKind::Api`](crate::ErrorKind::Api) error. Errors name the operation
/// `request`.
#[must_use = "a request does nothing until it is sent"]
pub struct RawRequest {
    client: Core,
    method: Method,
    side: Side,
    retry_safe: bool,
    template: String,
    path_params: Vec<(&'static str, String)>,
    query: Vec<(String, String)>,
    body: RawBody,
    bearer: Option<String>,
    credentials: Option<ClientCredentials>,
    problem: Option<Error>,
}

/// The body of a raw request.
enum RawBody {
    None,
    Json(Vec<u8>),
    Form(Vec<(String, String)>),
}

impl fmt::Debug for RawRequest {
    // Parameter values, bodies and tokens may be ids or secrets: only their names and sizes are shown.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("RawRequest")
            .field("method", &self.method)
            .field("side", &self.side)
            .field("template", &self.template)
            .field("path_params", &self.path_params.iter().map(|(n, _)| *n).collect::<Vec<_>>())
            .field("query", &self.query.iter().map(|(n, _)| n.as_str()).collect::<Vec<_>>())
            .field("retry_safe", &self.retry_safe)
            .finish_non_exhaustive()
    }
}

impl Core {
    /// Starts a raw request: `method` to `path` (a template such as `/admin/clients/{id}`, after the
    /// base URL's own path), for an endpoint the generated methods do not cover. Each `{name}` is
    /// filled by [`RawRequest::path_param`], escaped as one path segment like a generated call's
    /// parameter; the rest of the template is sent as written and may hold only characters a URL path
    /// allows (`%` only as an escape), with no `.` or `..` segment (escaped or not) and no query (use
    /// [`RawRequest::query`]).
    ///
    /// The request goes to the Admin API when the client has an Admin URL and to the Public API
    /// otherwise; [`RawRequest::side`] chooses. It is sent again by a [retry policy](crate::RetryPolicy)
    /// when its method is idempotent (`GET`, `HEAD`, `OPTIONS`, `PUT`, `DELETE`), which
    /// [`RawRequest::retry_safe`] overrides. Methods other than those and `POST` and `PATCH` are refused.
    ///
    /// ```no_run
    /// use ory_hydra_v1_client::{Client, Method};
    ///
    /// # async fn demo(hydra: &Client) -> Result<(), ory_hydra_v1_client::Error> {
    /// let client: serde_json::Value =
    ///     hydra.request(Method::GET, "/clients/{id}").path_param("id", "billing").send().await?;
    /// # Ok(()) }
    /// ```
    pub fn request(&self, method: Method, path: &str) -> RawRequest {
        let side = if self.inner.admin.is_some() { Side::Admin } else { Side::Public };
        let retry_safe = matches!(method, Method::GET | Method::HEAD | Method::OPTIONS | Method::PUT | Method::DELETE);
        RawRequest {
            client: self.clone(),
            method,
            side,
            retry_safe,
            template: path.to_owned(),
            path_params: Vec::new(),
            query: Vec::new(),
            body: RawBody::None,
            bearer: None,
            credentials: None,
            problem: None,
        }
    }
}

impl RawRequest {
    /// Fills the template's `{name}` with `value`, escaped as one path segment: `?`, `#`, `%` and every
    /// other character outside RFC 3986's unreserved set are percent-encoded, and a value containing
    /// `/`, or an empty, `.` or `..` value, is refused (Hydra decodes `%2F` before routing, so such a
    /// value would address another resource).
    pub fn path_param(mut self, name: &'static str, value: impl fmt::Display) -> Self {
        self.path_params.push((name, value.to_string()));
        self
    }

    /// Adds a query parameter (form-encoded).
    pub fn query(mut self, name: impl Into<String>, value: impl fmt::Display) -> Self {
        self.query.push((name.into(), value.to_string()));
        self
    }

    /// Sends `body` as JSON (replacing a form set earlier).
    pub fn json<T: Serialize + ?Sized>(mut self, body: &T) -> Self {
        match crate::call::json_body(body) {
            Ok(bytes) => self.body = RawBody::Json(bytes),
            Err(e) => {
                let message = "the body cannot be encoded as JSON";
                self.problem.get_or_insert(Error::invalid_input_with(message, Some(Box::new(e))));
            }
        }
        self
    }

    /// Adds a member to an `application/x-www-form-urlencoded` body (replacing a JSON body set earlier).
    pub fn form(mut self, name: impl Into<String>, value: impl fmt::Display) -> Self {
        if !matches!(self.body, RawBody::Form(_)) {
            self.body = RawBody::Form(Vec::new());
        }
        if let RawBody::Form(members) = &mut self.body {
            members.push((name.into(), value.to_string()));
        }
        self
    }

    /// Which API the request goes to. Only Admin requests carry the client's credentials and default
    /// headers; Public ones carry only what [`bearer`](Self::bearer) or
    /// [`client_credentials`](Self::client_credentials) give them.
    pub fn side(mut self, side: Side) -> Self {
        self.side = side;
        self
    }

    /// Whether a [retry policy](crate::RetryPolicy) may send the request again after it may have
    /// reached the server (it always may when the connection could not be opened).
    pub fn retry_safe(mut self, safe: bool) -> Self {
        self.retry_safe = safe;
        self
    }

    /// Sends `token` as `Authorization: Bearer` with this Public request (an access token, a
    /// registration access token). Refused for an Admin request, which carries the client's own.
    pub fn bearer(mut self, token: impl Into<String>) -> Self {
        self.bearer = Some(token.into());
        self
    }

    /// Authenticates this Public request as an OAuth 2.0 client, as `credentials` say (basic
    /// credentials, or form members). Refused for an Admin request.
    pub fn client_credentials(mut self, credentials: &ClientCredentials) -> Self {
        self.credentials = Some(credentials.clone());
        self
    }

    /// Sends the request and decodes its JSON answer into `T` (`serde_json::Value` takes any).
    ///
    /// # Errors
    /// As a generated call's: invalid input before sending, a transport error, an API error for a
    /// non-2xx answer, or a decode error.
    pub async fn send<T: DeserializeOwned>(self) -> Result<T, Error> {
        self.into_call()?.send_json().await
    }

    /// Sends the request and returns the answer as it came (status, headers and body).
    ///
    /// # Errors
    /// As for [`send`](Self::send), without the decoding.
    pub async fn send_raw(self) -> Result<RawResponse, Error> {
        let call = self.into_call()?;
        let op = call.operation();
        let answer = call.send(true).await?;
        Ok(RawResponse { op, status: answer.status, headers: answer.headers, body: answer.body })
    }

    /// Sends the request as the first page of a listing that `start` says how to page (its kind and
    /// the first page's parameters); the [`Page`] asks for the next ones.
    ///
    /// # Errors
    /// As for [`send`](Self::send).
    pub async fn page<T: DeserializeOwned>(self, start: PageStart) -> Result<Page<T>, Error> {
        self.into_call()?.send_page(start).await
    }

    /// Every item of a listing, page after page, paged as `start` says, as generated listing methods'
    /// `_stream` variants do.
    ///
    /// ```no_run
    /// use futures::TryStreamExt as _;
    /// use ory_hydra_v1_client::{Client, Method, PageStart};
    ///
    /// # async fn demo(hydra: &Client) -> Result<(), ory_hydra_v1_client::Error> {
    /// let start = PageStart::Offset { limit: Some(100), offset: None };
    /// let all: Vec<serde_json::Value> = hydra.request(Method::GET, "/clients").pages(start).try_collect().await?;
    /// # Ok(()) }
    /// ```
    pub fn pages<T: DeserializeOwned + Send + 'static>(self, start: PageStart) -> PageStream<T> {
        match self.into_call() {
            Ok(call) => call.into_stream(start),
            Err(e) => crate::pagination::failed_stream(e),
        }
    }

    /// The [`Call`] this request is: the same path a generated method's request takes.
    fn into_call(self) -> Result<Call, Error> {
        if let Some(e) = self.problem {
            return Err(e);
        }
        let Some(op) = raw_operation(&self.method, self.side, self.retry_safe) else {
            return Err(Error::invalid_input(format!(
                "a raw request's method must be one of GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS (got {})",
                self.method
            )));
        };
        let mut call = Call::new(&self.client, op);
        fill_path(&mut call, op, &self.template, &self.path_params)?;
        for (name, value) in &self.query {
            call.query(name, value.as_str());
        }
        if let Some(credentials) = &self.credentials {
            // Credentials other than basic ones travel as form members, which a JSON body cannot carry.
            let in_header =
                credentials.method() == ClientAuthMethod::ClientSecretBasic && credentials.secret().is_some();
            if !in_header && matches!(self.body, RawBody::Json(_)) {
                let message = "client credentials sent in the form need a form body, not a JSON one";
                return Err(Error::invalid_call(op, message));
            }
            call.client_credentials(credentials);
        }
        if let Some(token) = &self.bearer {
            call.bearer(token);
        }
        match &self.body {
            RawBody::None => {}
            RawBody::Json(bytes) => call.json_bytes(bytes.clone()),
            RawBody::Form(members) => members.iter().for_each(|(name, value)| call.form(name, value.as_str())),
        }
        Ok(call)
    }
}

/// Appends `template` to the call's path, each `{name}` filled from `params`; refuses a template with
/// a query, a fragment or a character a path cannot hold, a `{name}` without a value, and a value no
/// `{name}` asked for.
fn fill_path(
    call: &mut Call,
    op: &'static Operation,
    template: &str,
    params: &[(&'static str, String)],
) -> Result<(), Error> {
    let refuse = |message: String| Err(Error::invalid_call(op, message));
    if !template.starts_with('/') {
        return refuse("a raw request's path must start with `/`".into());
    }
    if has_dot_segment(template) {
        // Sent as written, `..` is resolved by Hydra's router or a gateway in front of it: the request
        // would leave the base URL's prefix (another service behind the same host) with the client's
        // Admin credentials, or reach another route than the template names.
        return refuse(format!("the path template {template:?} has a `.` or `..` segment"));
    }
    let mut used = vec![false; params.len()];
    let mut rest = template;
    while !rest.is_empty() {
        let (literal, after) = rest.split_at(rest.find('{').unwrap_or(rest.len()));
        if let Some(why) = literal_problem(literal) {
            return refuse(format!("the path template {template:?} {why}"));
        }
        call.path_text(literal);
        if after.is_empty() {
            break;
        }
        let Some(close) = after.find('}') else {
            return refuse(format!("the path template {template:?} has a `{{` without its `}}`"));
        };
        let name = &after[1..close];
        let Some(at) = params.iter().position(|(n, _)| *n == name) else {
            return refuse(format!("no value for the path parameter `{name}` (RawRequest::path_param)"));
        };
        used[at] = true;
        call.path_param(params[at].0, params[at].1.as_str());
        rest = &after[close + 1..];
    }
    match params.iter().zip(&used).find(|(_, used)| !**used) {
        Some(((name, _), _)) => refuse(format!("the path template {template:?} has no `{{{name}}}`")),
        None => Ok(()),
    }
}

/// Whether `template` has a `.` or `..` segment, escaped (`%2e`) or not. A `{name}` counts as other
/// text: a value alone is never `.` or `..` (see `segment_problem`), so only literal segments can be.
fn has_dot_segment(template: &str) -> bool {
    template.split('/').any(|segment| {
        let text = segment.to_ascii_lowercase().replace("%2e", ".");
        text == "." || text == ".."
    })
}

/// Why `literal` (template text between parameters) cannot be sent as written, or `None` when it can:
/// only RFC 3986 path characters, a `%` only before two hex digits.
fn literal_problem(literal: &str) -> Option<&'static str> {
    let bytes = literal.as_bytes();
    for (i, &b) in bytes.iter().enumerate() {
        let ok = match b {
            b'%' => bytes.get(i + 1..i + 3).is_some_and(|h| h.iter().all(u8::is_ascii_hexdigit)),
            b'?' | b'#' => return Some("holds a query or fragment (add query parameters with RawRequest::query)"),
            b'}' => return Some("has a `}` without its `{`"),
            _ => b.is_ascii_alphanumeric() || b"-._~!$&'()*+,;=:@/".contains(&b),
        };
        if !ok {
            return Some(
                "holds a character a URL path cannot carry unescaped (pass values with RawRequest::path_param)",
            );
        }
    }
    None
}

/// The answer to a raw request sent with [`RawRequest::send_raw`]: a successful (2xx) one, since any
/// other status is an error.
#[derive(Clone)]
pub struct RawResponse {
    op: &'static Operation,
    status: StatusCode,
    headers: HeaderMap,
    body: Bytes,
}

impl fmt::Debug for RawResponse {
    // A body may hold secrets (a created client's secret, tokens): only its length is shown.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("RawResponse")
            .field("status", &self.status)
            .field("headers", &self.headers.keys().collect::<Vec<_>>())
            .field("body_len", &self.body.len())
            .finish()
    }
}

impl RawResponse {
    /// The HTTP status.
    pub fn status(&self) -> StatusCode {
        self.status
    }

    /// The response headers.
    pub fn headers(&self) -> &HeaderMap {
        &self.headers
    }

    /// The whole body.
    pub fn body(&self) -> &Bytes {
        &self.body
    }

    /// The body as JSON of type `T`.
    ///
    /// # Errors
    /// A [`DecodeError`](crate::DecodeError) (as an [`Error`]) naming where the body did not fit.
    pub fn json<T: DeserializeOwned>(&self) -> Result<T, Error> {
        let answer = crate::answer::Answer { status: self.status, headers: HeaderMap::new(), body: self.body.clone() };
        crate::decode::decode_json(self.op, &answer)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_raw_method_side_and_safety_has_a_description() {
        for method in
            [Method::GET, Method::HEAD, Method::POST, Method::PUT, Method::PATCH, Method::DELETE, Method::OPTIONS]
        {
            for side in [Side::Admin, Side::Public] {
                for safe in [false, true] {
                    let op = raw_operation(&method, side, safe).unwrap();
                    assert_eq!((op.name, &op.method, op.side(), op.retry_safe), ("request", &method, side, safe));
                }
            }
        }
        assert!(raw_operation(&Method::from_bytes(b"PURGE").unwrap(), Side::Admin, true).is_none());
    }

    #[test]
    fn dot_segments_are_found_escaped_or_not() {
        for bad in ["/..", "/../x", "/a/./b", "/a/%2e%2E/b", "/a/.%2e", "/%2E", "/a/{id}/.."] {
            assert!(has_dot_segment(bad), "{bad}");
        }
        for good in ["/a.b", "/...", "/.well-known/jwks.json", "/a/{id}.", "/a/.{id}", "/%2e%2e%2e"] {
            assert!(!has_dot_segment(good), "{good}");
        }
    }

    #[test]
    fn template_literals_are_checked() {
        assert_eq!(literal_problem("/admin/clients/"), None);
        assert_eq!(literal_problem("/a%2Fb:c@d"), None);
        for bad in ["/a?b", "/a#b", "/a b", "/a%zz", "/a%2", "/é", "/a}"] {
            assert!(literal_problem(bad).is_some(), "{bad}");
        }
    }
}
