//! One request from start to finish: the generated methods describe it, this module sends it and
//! turns the answer into a value or an [`Error`].

use std::borrow::Cow;

use bytes::Bytes;
use http::header::{AUTHORIZATION, COOKIE, LOCATION, SET_COOKIE};
use http::{HeaderMap, HeaderValue};
use percent_encoding::{utf8_percent_encode, AsciiSet, NON_ALPHANUMERIC};
use serde::de::DeserializeOwned;
use serde::Serialize;

use crate::answer::{answer_of, Answer};
use crate::client::Side;
use crate::decode::{body_text, decode_error, decode_json};
use crate::error::{ApiError, DecodeSource};
use crate::{retry, trace};
use crate::{ClientAuthMethod, ClientCredentials, Cookies, Core, Error, Operation, Redirect};
use ory_hydra_v1_transport::{Failure, Outgoing};
use url::Url;

/// Everything outside RFC 3986's unreserved set is escaped, so a value stays one path segment whatever
/// it contains (`/`, `?`, `#`, `%`, spaces, unicode).
const SEGMENT: &AsciiSet = &NON_ALPHANUMERIC.remove(b'-').remove(b'.').remove(b'_').remove(b'~');

/// A value that can travel in a path segment, a query string or a form body.
pub trait ParamValue {
    /// The value as text, before any escaping.
    fn as_param(&self) -> Cow<'_, str>;
}

impl ParamValue for str {
    fn as_param(&self) -> Cow<'_, str> {
        Cow::Borrowed(self)
    }
}

impl ParamValue for String {
    fn as_param(&self) -> Cow<'_, str> {
        Cow::Borrowed(self)
    }
}

impl ParamValue for i64 {
    fn as_param(&self) -> Cow<'_, str> {
        Cow::Owned(self.to_string())
    }
}

impl ParamValue for f64 {
    fn as_param(&self) -> Cow<'_, str> {
        Cow::Owned(self.to_string())
    }
}

impl ParamValue for crate::GoDuration {
    fn as_param(&self) -> Cow<'_, str> {
        Cow::Borrowed(self.as_str())
    }
}

impl ParamValue for bool {
    fn as_param(&self) -> Cow<'_, str> {
        Cow::Borrowed(if *self { "true" } else { "false" })
    }
}

impl ParamValue for crate::__rt::DateTime {
    fn as_param(&self) -> Cow<'_, str> {
        // Formatting only fails for years outside 0..=9999, which RFC 3339 cannot express anyway.
        Cow::Owned(self.format(&time::format_description::well_known::Rfc3339).unwrap_or_default())
    }
}

/// A request being assembled by a generated method, from its operation's description. Problems found
/// while assembling are kept and reported when the call is sent, so generated code stays a straight line.
pub struct Call {
    /// The client view the call was made from: its per-call headers and time limit go with every
    /// request of the call, every page of a listing included.
    client: Core,
    op: &'static Operation,
    path: String,
    query: String,
    body: Body,
    /// Headers of this request only: the per-call credentials of Public operations, cookies.
    headers: HeaderMap,
    /// The path with `{name}` for each parameter, for the tracing span; built only when a subscriber
    /// wants the span, since a parameter's value may be an id or a secret.
    template: Option<String>,
    problem: Option<Error>,
}

/// The request body being built.
#[derive(Clone)]
enum Body {
    None,
    Json(Vec<u8>),
    Form(String),
}

/// Bytes reserved for a JSON request body before it is encoded: Hydra's request bodies (a login or consent
/// acceptance, a client registration) mostly fit, so encoding rarely grows the buffer, where
/// `serde_json::to_vec`'s 128 bytes grow two or three times.
const JSON_BODY_ROOM: usize = 512;

/// `value` encoded as a JSON request body.
pub(crate) fn json_body<T: Serialize + ?Sized>(value: &T) -> Result<Vec<u8>, serde_json::Error> {
    let mut bytes = Vec::with_capacity(JSON_BODY_ROOM);
    serde_json::to_writer(&mut bytes, value)?;
    Ok(bytes)
}

/// Bytes reserved for the path after the base URL's: the longest table path with two uuids fits.
const PATH_ROOM: usize = 96;

/// `text` in a new string with `extra` bytes to spare.
fn with_room(text: &str, extra: usize) -> String {
    let mut s = String::with_capacity(text.len() + extra);
    s.push_str(text);
    s
}

/// The path of Hydra's token endpoint under the Public URL, in every release: OAuth 2.0 fixes it for
/// Hydra, so it is not a table fact of one line.
const TOKEN_ENDPOINT_PATH: &str = "/oauth2/token";

/// The `client_assertion_type` of a JWT client assertion (RFC 7523 section 2.2).
const CLIENT_ASSERTION_TYPE: &str = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer";

/// The form field that carries a `private_key_jwt` client's signed assertion: a credential, which error
/// output redacts where a server quotes the request.
pub(crate) const CLIENT_ASSERTION_FIELD: &str = "client_assertion";

impl Call {
    /// Starts a request for operation `op`: to the base URL of its side, with the credentials its
    /// description says (the client's admin credentials on the Admin side only).
    pub fn new(client: &Core, op: &'static Operation) -> Self {
        let (path, problem) = match client.inner.endpoint(op) {
            // Room for the table's path and an id or two, so building the path rarely reallocates.
            Ok(e) => (with_room(&e.base_path, PATH_ROOM), None),
            Err(e) => (String::new(), Some(e)),
        };
        Call {
            client: client.clone(),
            op,
            path,
            query: String::new(),
            body: Body::None,
            headers: HeaderMap::new(),
            template: trace::wanted().then(String::new),
            problem,
        }
    }

    /// The operation this call is for.
    pub(crate) fn operation(&self) -> &'static Operation {
        self.op
    }

    /// This request, finished (side, credentials, headers, body, client view), or the problem found
    /// while assembling it: what every page of a listing is copied from.
    pub(crate) fn finished(self) -> Result<Call, Error> {
        match self.problem {
            Some(e) => Err(e),
            None => Ok(self),
        }
    }

    /// A copy of a request without a problem (see [`finished`](Self::finished)), to send again with
    /// other paging parameters.
    pub(crate) fn copy(&self) -> Call {
        Call {
            client: self.client.clone(),
            op: self.op,
            path: self.path.clone(),
            query: self.query.clone(),
            body: self.body.clone(),
            headers: self.headers.clone(),
            template: self.template.clone(),
            problem: None,
        }
    }

    /// Replaces path and query with ones taken from a URL (already escaped), for following a link.
    pub(crate) fn set_target(&mut self, path: &str, query: Option<&str>) {
        self.path = path.to_string();
        self.query = query.unwrap_or_default().to_string();
    }

    /// Appends literal path text from the table.
    pub fn path(&mut self, literal: &'static str) {
        self.path_text(literal);
    }

    /// Appends literal path text, already checked to be sendable as it is (a raw request's template).
    pub(crate) fn path_text(&mut self, literal: &str) {
        self.path.push_str(literal);
        if let Some(t) = &mut self.template {
            t.push_str(literal);
        }
    }

    /// Appends the path parameter `name` as one escaped path segment, or refuses it (see
    /// [`segment_problem`]).
    pub fn path_param<V: ParamValue + ?Sized>(&mut self, name: &'static str, value: &V) {
        let value = value.as_param();
        if let Some(why) = segment_problem(&value) {
            self.fail(Error::invalid_parameter(self.op, name, why, None));
            return;
        }
        // As a Cow, a value with nothing to escape (the usual uuid or slug) is copied in one piece
        // instead of chunk by chunk.
        let escaped: Cow<'_, str> = utf8_percent_encode(&value, SEGMENT).into();
        self.path.push_str(&escaped);
        if let Some(t) = &mut self.template {
            t.push('{');
            t.push_str(name);
            t.push('}');
        }
    }

    /// Adds a query parameter.
    pub fn query<V: ParamValue + ?Sized>(&mut self, name: &str, value: &V) {
        append_pair(&mut self.query, name, &value.as_param());
    }

    /// Adds a member to an `application/x-www-form-urlencoded` body.
    pub fn form<V: ParamValue + ?Sized>(&mut self, name: &str, value: &V) {
        if !matches!(self.body, Body::Form(_)) {
            self.body = Body::Form(String::new());
        }
        if let Body::Form(text) = &mut self.body {
            append_pair(text, name, &value.as_param());
        }
    }

    /// Sets a JSON body.
    pub fn json<T: Serialize + ?Sized>(&mut self, value: &T) {
        match json_body(value) {
            Ok(bytes) => self.body = Body::Json(bytes),
            Err(e) => {
                self.fail(Error::invalid_parameter(self.op, "body", "cannot be encoded as JSON", Some(Box::new(e))))
            }
        }
    }

    /// Sets a JSON body already encoded.
    pub(crate) fn json_bytes(&mut self, bytes: Vec<u8>) {
        self.body = Body::Json(bytes);
    }

    /// Authenticates this request as an OAuth 2.0 client, the way `credentials` says. Only Public API
    /// requests take client credentials.
    pub fn client_credentials(&mut self, credentials: &ClientCredentials) {
        if !self.public_only("OAuth 2.0 client credentials") {
            return;
        }
        match (credentials.method(), credentials.secret()) {
            (ClientAuthMethod::ClientSecretBasic, Some(secret)) => {
                use base64::Engine as _;
                // RFC 6749 section 2.3.1: both parts are form-encoded before they are joined.
                let user: String = form_urlencoded::byte_serialize(credentials.id().as_bytes()).collect();
                let pass: String = form_urlencoded::byte_serialize(secret.as_bytes()).collect();
                let encoded = base64::engine::general_purpose::STANDARD.encode(format!("{user}:{pass}"));
                self.secret_header(AUTHORIZATION, format!("Basic {encoded}"), "client credentials");
            }
            (ClientAuthMethod::ClientSecretPost, Some(secret)) => {
                self.form("client_id", credentials.id());
                self.form("client_secret", secret);
            }
            (ClientAuthMethod::PrivateKeyJwt, _) => self.client_assertion(credentials),
            _ => self.form("client_id", credentials.id()),
        }
    }

    /// Adds a freshly signed `private_key_jwt` assertion to the form (RFC 7523 section 2.2).
    fn client_assertion(&mut self, credentials: &ClientCredentials) {
        let Some(aud) = self.token_endpoint_url() else { return };
        match credentials.assertion(aud.into()) {
            Some(Ok(jwt)) => {
                self.form("client_id", credentials.id());
                self.form("client_assertion_type", CLIENT_ASSERTION_TYPE);
                self.form(CLIENT_ASSERTION_FIELD, &jwt);
            }
            Some(Err(e)) => {
                self.fail(Error::invalid_call_with(self.op, "signing the client assertion failed", Some(e)))
            }
            // Only `private_key_jwt` makes this method, always with a signer.
            None => self.fail(Error::invalid_call(self.op, "private_key_jwt credentials without a signer")),
        }
    }

    /// Hydra's token endpoint on this call's side: the audience fosite checks every client assertion
    /// against, whichever endpoint (token, revocation, introspection) receives it.
    fn token_endpoint_url(&self) -> Option<Url> {
        let base_path = &self.client.inner.endpoint(self.op).ok()?.base_path;
        self.url_with_path(&format!("{base_path}{TOKEN_ENDPOINT_PATH}"))
    }

    /// Sends `token` as `Authorization: Bearer` with this request only (an access token for `userinfo`,
    /// a registration access token for dynamic client registration). Only Public API requests take one.
    pub fn bearer(&mut self, token: &str) {
        if self.public_only("a bearer token") {
            self.secret_header(AUTHORIZATION, format!("Bearer {token}"), "bearer token");
        }
    }

    /// Whether this is a Public API request; records a problem when it is not, so a credential meant
    /// for the Public API can never reach the Admin one.
    fn public_only(&mut self, what: &str) -> bool {
        if self.op.side() == Side::Public {
            return true;
        }
        let message = format!("{what} are only sent to the Public API");
        self.fail(Error::invalid_call(self.op, message));
        false
    }

    /// Sets a header whose value is a secret: marked sensitive, and never quoted in an error.
    fn secret_header(&mut self, name: http::HeaderName, value: String, what: &str) {
        match HeaderValue::from_str(&value) {
            Ok(mut v) => {
                v.set_sensitive(true);
                self.headers.insert(name, v);
            }
            Err(_) => {
                let message = format!("the {what} cannot be sent in an HTTP header (not shown)");
                self.fail(Error::invalid_call(self.op, message));
            }
        }
    }

    /// Refuses the call unless `any_set`: an operation that needs at least one of the optional
    /// parameters `names` (a table's `needs a|b`) got none of them.
    pub fn needs_one_of(&mut self, names: &'static [&'static str], any_set: bool) {
        if !any_set {
            let names: Vec<String> = names.iter().map(|n| format!("`{n}`")).collect();
            let message = format!("needs at least one of {} (none was set)", names.join(", "));
            self.fail(Error::invalid_call(self.op, message));
        }
    }

    fn fail(&mut self, e: Error) {
        self.problem.get_or_insert(e);
    }

    /// Sends the request and expects an empty (or ignored) body.
    pub async fn send_unit(self) -> Result<(), Error> {
        self.send(false).await.map(drop)
    }

    /// Sends the request and returns the body as text.
    pub async fn send_text(self) -> Result<String, Error> {
        let operation = self.op;
        let answer = self.send(false).await?;
        body_text(operation, &answer).map(str::to_owned)
    }

    /// Sends the request and decodes the JSON body.
    pub async fn send_json<T: DeserializeOwned>(self) -> Result<T, Error> {
        let operation = self.op;
        let answer = self.send(false).await?;
        decode_json(operation, &answer)
    }

    /// Sends the request without following the redirect it answers with: the jar's cookies go with it,
    /// and the cookies the answer sets are stored in the jar.
    pub async fn send_redirect(mut self, cookies: &mut Cookies) -> Result<Redirect, Error> {
        let operation = self.op;
        let request_url = self.request_url();
        // The jar's cookies in scope for this URL; refused when the jar belongs to another server.
        if let Some(header) = request_url.as_ref().map(|url| cookies.header_for(url, operation)).transpose()?.flatten()
        {
            self.secret_header(COOKIE, header, "cookie jar");
        }
        let answer = self.send_raw(false, true).await?;
        let location = answer.headers.get(LOCATION).and_then(|v| v.to_str().ok());
        let target = location.and_then(|l| Url::options().base_url(request_url.as_ref()).parse(l).ok());
        let Some(location) = target.filter(|_| answer.status.is_redirection()) else {
            let why = format!(
                "expected a redirect with a Location header, got {} (an http_client that follows redirects \
                 cannot be used for this operation)",
                answer.status
            );
            return Err(decode_error(operation, &answer, ".".into(), DecodeSource::Header(why)));
        };
        let set_cookies: Vec<String> =
            answer.headers.get_all(SET_COOKIE).iter().filter_map(|v| v.to_str().ok()).map(str::to_owned).collect();
        if let Some(url) = &request_url {
            for c in &set_cookies {
                cookies.store_from(url, c);
            }
        }
        Ok(Redirect { status: answer.status, location, set_cookies })
    }

    /// The URL this request goes to, for resolving a relative `Location`.
    pub(crate) fn request_url(&self) -> Option<Url> {
        self.url_with_path(&self.path)
    }

    /// The base URL of this call's side with its path replaced by `path`.
    fn url_with_path(&self, path: &str) -> Option<Url> {
        let mut url = self.client.inner.endpoint(self.op).ok()?.base_url.clone();
        url.set_path(path);
        Some(url)
    }

    /// Sends the request; with `keep_headers` the answer keeps its headers (listings read `Link` and
    /// `X-Total-Count`). Non-2xx answers become [`ErrorKind::Api`](crate::ErrorKind::Api) errors.
    pub(crate) async fn send(self, keep_headers: bool) -> Result<Answer, Error> {
        self.send_raw(keep_headers, false).await
    }

    /// Sends the request; with `redirect`, a 3xx answer is an answer (with its headers) rather than an
    /// error.
    async fn send_raw(self, keep_headers: bool, redirect: bool) -> Result<Answer, Error> {
        if let Some(e) = self.problem {
            return Err(e);
        }
        let Call { client, op, path, query, body, mut headers, template, .. } = self;
        let (side, operation) = (op.side(), op.name);
        let inner = client.inner.endpoint(op)?;
        let mut path_and_query = path;
        if !query.is_empty() {
            path_and_query.push('?');
            path_and_query.push_str(&query);
        }
        let (content_type, body) = match body {
            Body::None => (None, Bytes::new()),
            Body::Json(bytes) => (Some("application/json"), Bytes::from(bytes)),
            Body::Form(text) => (Some("application/x-www-form-urlencoded"), Bytes::from(text)),
        };
        // Only listings and redirects read response headers; the others skip the copy.
        let keep_headers = keep_headers || redirect;
        let per_call = client.per_call.as_deref();
        if let Some(extra) = per_call {
            // A view's headers never hold credentials (`Client::with_header` refuses them), so the call's
            // own stay; only the headers of the call's side are added.
            for (name, value) in extra.headers(side) {
                headers.entry(name).or_insert_with(|| value.clone());
            }
        }
        let mut timeout = per_call.and_then(|p| p.timeout);
        let limit = timeout.or(inner.settings.timeout);
        if let (Side::Admin, Some(tokens)) = (side, &client.inner.tokens) {
            // The wait for the caller's token provider is part of the call, which the time limit bounds:
            // a provider that never answers must not hold every Admin call for ever.
            let started = std::time::Instant::now();
            let fetched = within(limit, tokens.authorization()).await.ok_or_else(|| Error::timeout(op, limit, None))?;
            headers.insert(AUTHORIZATION, fetched.map_err(|e| token_error(op, e))?);
            timeout = limit.map(|l| l.saturating_sub(started.elapsed()));
        }
        let span = trace::CallSpan::new(op, template.as_deref().unwrap_or(op.path), &inner.base_url);
        if !inner.settings.headers.contains_key("traceparent") {
            span.inject(&mut headers);
        }
        let method = op.method.clone();
        let out = Outgoing { method, path_and_query, content_type, body, headers, keep_headers, timeout };
        let retry = client.inner.retry.as_ref();
        // Without a retry policy or a span, the transport's future is awaited as it is: each wrapping
        // future would move the request into a larger state machine once more, on every call.
        let (outcome, attempts) = if retry.is_none() && !span.is_on() {
            (inner.transport.send(&inner.settings, out).await, 1)
        } else {
            span.within(retry::send(&inner.transport, &inner.settings, retry, op, out)).await
        };
        span.finish(attempts);
        let received = outcome.map_err(|f| {
            let e = failure_error(op, limit, f).with_attempts(attempts);
            span.record_failure(failure_type(&e));
            e
        })?;
        span.record_status(received.status.as_u16());
        answer_of(operation, received, redirect).map_err(|mut e| {
            e.moved_to_admin = moved_to_admin(op, e.status);
            e.route_hint = route_hint(op, &e, &inner.base_path);
            if let Some(public) = client.public_url() {
                e.resolve_redirect(public);
            }
            if let Some(id) = e.error.as_ref().and_then(|g| g.request_id.as_deref()) {
                span.record_request_id(id);
            }
            Error::answered(op, *e).with_attempts(attempts)
        })
    }
}

/// Whether `status` answers an Admin call whose path is v1-shaped (not under `/admin`) with a redirect:
/// Hydra v1 never does, Hydra v2 answers every such path with 307 to its `/admin` twin.
/// A raw request (no table path) is never said to be one: its path is the caller's choice.
fn moved_to_admin(op: &Operation, status: http::StatusCode) -> bool {
    matches!(status.as_u16(), 307 | 308)
        && op.side() == Side::Admin
        && !op.path.is_empty()
        && !op.path.starts_with("/admin/")
}

/// Why a v2 Admin path (under `/admin/`) may have met a 404 for a route the server does not have (no
/// Hydra error document, or herodot's "route does not exist"): under a base URL whose path already ends
/// in `/admin` the request went to `/admin/admin/...`; otherwise the server has no `/admin` routes (a
/// Hydra v1, or the Public port). A missing resource answers Hydra's own error document: no hint.
fn route_hint(op: &Operation, e: &ApiError, base_path: &str) -> Option<&'static str> {
    let no_route = e.status == http::StatusCode::NOT_FOUND
        && (e.error.is_none() || e.is_missing_route())
        && op.side() == Side::Admin
        && op.path.starts_with("/admin/");
    if !no_route {
        None
    } else if base_path.to_ascii_lowercase().ends_with("/admin") {
        Some(
            "the Admin base URL ends in /admin and every v2 Admin path starts with /admin: give the Admin URL \
             without it (http://127.0.0.1:4445, not http://127.0.0.1:4445/admin)",
        )
    } else {
        Some(
            "this server has no /admin routes: a Hydra v1 serves its Admin API at the root (use \
             ory-hydra-v1-client), and the Public port serves no Admin API",
        )
    }
}

/// The `error.type` of a call that got no answer, in OpenTelemetry's words where it has them.
fn failure_type(e: &Error) -> &'static str {
    if e.kind() == crate::ErrorKind::Timeout {
        "timeout"
    } else if e.is_connect() {
        "connect"
    } else if e.is_body_too_large() {
        "body_too_large"
    } else {
        "transport"
    }
}

/// Why `value` cannot be sent as one path segment that Hydra routes as the parameter, or `None` when it
/// can. The message never quotes the value: it may be a secret.
///
/// Checked against Hydra v1.3.2 for every ASCII character and some beyond (tests/hydra-server/QUIRKS.md):
/// any value is routed as one segment once percent-encoded, except these.
fn segment_problem(value: &str) -> Option<&'static str> {
    // Hydra's router decodes `%2F` before it matches a route, so a `/` (however escaped) splits the
    // value: `victim/k1` as a key set addresses key `k1` of set `victim`, and `x/../victim` or `victim/`
    // are redirected to `/clients/victim`.
    if value.contains('/') {
        return Some("a value containing `/` would reach another resource, since Hydra decodes `%2F` before routing");
    }
    // URL parsers resolve `.` and `..` segments (even escaped as %2E) before sending, and an empty
    // segment would address another endpoint, so these cannot be sent faithfully.
    if matches!(value, "" | "." | "..") {
        return Some("an empty, `.` or `..` value cannot be sent as a URL path segment");
    }
    None
}

/// `fut`'s output, or `None` when `limit` passes first.
async fn within<F: std::future::Future>(limit: Option<std::time::Duration>, fut: F) -> Option<F::Output> {
    let Some(limit) = limit else { return Some(fut.await) };
    match futures_util::future::select(std::pin::pin!(fut), ory_hydra_v1_transport::sleep(limit)).await {
        futures_util::future::Either::Left((out, _)) => Some(out),
        futures_util::future::Either::Right(_) => None,
    }
}

/// The error of a call that got no answer.
fn failure_error(operation: &'static Operation, limit: Option<std::time::Duration>, failure: Failure) -> Error {
    match failure {
        Failure::Timeout(source) => Error::timeout(operation, limit, source),
        Failure::Connect(source) => Error::connect(operation, source),
        Failure::Other(source) => Error::transport(operation, source),
        Failure::TooLarge(limit) => Error::body_too_large(operation, limit),
    }
}

/// The error of a call whose bearer token could not be had from the caller's provider.
fn token_error(operation: &'static Operation, source: Box<dyn std::error::Error + Send + Sync>) -> Error {
    Error::transport(operation, Box::new(crate::token::ProviderFailed(source)))
}

/// Appends `name=value`, form-encoded, after a `&` when `buf` already holds pairs.
pub(crate) fn append_pair(buf: &mut String, name: &str, value: &str) {
    // Room for the pair as it is (most names and values have nothing to escape), so the string grows once
    // instead of once per doubling as the encoder's pieces arrive.
    buf.reserve(name.len() + value.len() + 2);
    if !buf.is_empty() {
        buf.push('&');
    }
    buf.extend(form_urlencoded::byte_serialize(name.as_bytes()));
    buf.push('=');
    buf.extend(form_urlencoded::byte_serialize(value.as_bytes()));
}

#[cfg(test)]
mod tests {
    use super::{append_pair, json_body};

    #[test]
    fn pairs_are_form_encoded_and_joined() {
        let mut q = String::new();
        append_pair(&mut q, "login_challenge", "5c7e2b1d");
        append_pair(&mut q, "a b", "x&y=z/ü~*");
        append_pair(&mut q, "empty", "");
        assert_eq!(q, "login_challenge=5c7e2b1d&a+b=x%26y%3Dz%2F%C3%BC%7E*&empty=");
    }

    #[test]
    fn json_bodies_of_any_size_are_encoded_whole() {
        assert_eq!(json_body(&serde_json::json!({"a": 1})).unwrap(), br#"{"a":1}"#);
        let long = "x".repeat(5000);
        let body = json_body(&serde_json::json!({ "s": long })).unwrap();
        assert_eq!(body.len(), 5000 + 8);
        assert_eq!(serde_json::from_slice::<serde_json::Value>(&body).unwrap()["s"], long.as_str());
    }
}
