//! The one error type every call returns.
//!
//! Shaped like reqwest's: one opaque [`Error`] (a single pointer, so `Result<T, Error>` stays small on the
//! happy path), a coarse [`ErrorKind`] plus `is_*` helpers to branch on, the HTTP status and body where
//! there was an answer, and a source chain in which every level prints only what it adds.

use std::borrow::Cow;
use std::fmt;
use std::time::Duration;

use http::StatusCode;

use crate::{CompletedRequest, GenericError, Operation};

/// Boxed cause of an error.
type BoxError = Box<dyn std::error::Error + Send + Sync>;

/// What went wrong with a call, in broad classes; see [`Error::kind`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum ErrorKind {
    /// The request could not be sent or the answer not received (connection refused, TLS, reset...).
    Transport,
    /// The request or the whole call took longer than the configured timeout.
    Timeout,
    /// The server answered with a status outside 2xx.
    Api,
    /// The server answered 2xx but the body is not what the operation returns.
    Decode,
    /// The call was refused before anything was sent (bad base URL, a path parameter that cannot be sent...).
    InvalidInput,
}

/// The error of every `ory-hydra-v1-client` operation.
///
/// Use [`kind`](Self::kind) or the `is_*` helpers to branch, [`status`](Self::status) for the HTTP status,
/// [`api`](Self::api) for the server's error body and [`decode`](Self::decode) for a body that did not
/// decode. `Display` says what went wrong at this level only; the cause (the HTTP stack's error, or
/// `serde_json`'s) is the [`source`](std::error::Error::source), so printing the whole chain (as
/// `anyhow`'s `{:#}` or a tracing subscriber does) shows each fact once.
///
/// To test code that handles Hydra's answers, build the error a call would return with
/// [`Error::from_response`].
pub struct Error {
    inner: Box<Inner>,
}

struct Inner {
    kind: ErrorKind,
    /// The description of the operation whose call failed.
    operation: Option<&'static Operation>,
    detail: Detail,
    source: Option<BoxError>,
    /// How many times the request was sent (more than once when a retry policy sent it again).
    attempts: u32,
}

/// What an error holds besides its kind, operation and cause.
enum Detail {
    /// Nothing more to say (a transport failure other than connecting).
    None,
    /// The connection could not be opened.
    Connect,
    /// The time limit this client set, when it set one.
    Timeout(Option<Duration>),
    /// The answer's body was longer than this limit, in bytes.
    BodyTooLarge(usize),
    /// What is wrong with the input, and which parameter it concerns.
    Input {
        parameter: Option<&'static str>,
        message: Cow<'static, str>,
    },
    Api(ApiError),
    Decode(DecodeError),
}

impl Error {
    fn new(kind: ErrorKind, operation: Option<&'static Operation>, detail: Detail, source: Option<BoxError>) -> Self {
        Error { inner: Box::new(Inner { kind, operation, detail, source, attempts: 1 }) }
    }

    /// The error a call of `operation` returns when Hydra answers `status` (outside 2xx) with `body`,
    /// built exactly as the client builds it: the body is parsed as Hydra's error document, and the
    /// `is_*` helpers answer as they would for a real answer, from the operation's description (see
    /// `Client::operation`; a name the tables do not declare gets none). Meant for tests of code that
    /// handles errors.
    ///
    /// ```
    /// use ory_hydra_v1_client::{Error, StatusCode};
    ///
    /// let err = Error::from_response(
    ///     "accept_login_request",
    ///     StatusCode::GONE,
    ///     r#"{"redirect_to":"https://app.example/done"}"#,
    /// );
    /// assert!(err.is_already_handled());
    /// assert_eq!(err.redirect_to(), Some("https://app.example/done"));
    /// ```
    pub fn from_response(operation: &'static str, status: StatusCode, body: impl AsRef<[u8]>) -> Self {
        Self::from(ApiError::new(operation, status, body.as_ref()))
    }

    /// The error of `operation` for a non-2xx answer.
    pub(crate) fn answered(operation: &'static Operation, e: ApiError) -> Self {
        Self::new(ErrorKind::Api, Some(operation), Detail::Api(e), None)
    }

    /// The error of `operation` for a 2xx answer that did not decode.
    pub(crate) fn undecodable(operation: &'static Operation, e: DecodeError) -> Self {
        Self::new(ErrorKind::Decode, Some(operation), Detail::Decode(e), None)
    }

    /// The broad class of this error.
    pub fn kind(&self) -> ErrorKind {
        self.inner.kind
    }

    /// The HTTP status of the answer, when there was one.
    pub fn status(&self) -> Option<StatusCode> {
        match &self.inner.detail {
            Detail::Api(e) => Some(e.status),
            Detail::Decode(e) => Some(e.status),
            _ => None,
        }
    }

    /// The details of a non-2xx answer.
    pub fn api(&self) -> Option<&ApiError> {
        match &self.inner.detail {
            Detail::Api(e) => Some(e),
            _ => None,
        }
    }

    /// The details of a 2xx answer whose body (or `Link` header) could not be decoded.
    pub fn decode(&self) -> Option<&DecodeError> {
        match &self.inner.detail {
            Detail::Decode(e) => Some(e),
            _ => None,
        }
    }

    /// The description of the operation whose call failed, when the error came from one.
    pub fn operation(&self) -> Option<&'static Operation> {
        self.inner.operation
    }

    /// The name of the operation whose call failed, when the error came from one.
    pub fn operation_name(&self) -> Option<&'static str> {
        match &self.inner.detail {
            Detail::Api(e) => Some(e.operation),
            Detail::Decode(e) => Some(e.operation),
            _ => self.inner.operation.map(|o| o.name),
        }
    }

    /// The parameter that was refused before sending, for [`ErrorKind::InvalidInput`] errors about one.
    /// Its value is never part of the error: it may be a secret.
    pub fn parameter(&self) -> Option<&'static str> {
        match &self.inner.detail {
            Detail::Input { parameter, .. } => *parameter,
            _ => None,
        }
    }

    /// The time limit that passed, for a [`Timeout`](ErrorKind::Timeout) this client's
    /// [`timeout`](crate::ClientBuilder::timeout) caused (a caller's own `reqwest::Client` may have its own).
    pub fn time_limit(&self) -> Option<Duration> {
        match &self.inner.detail {
            Detail::Timeout(limit) => *limit,
            _ => None,
        }
    }

    /// Whether the call timed out.
    pub fn is_timeout(&self) -> bool {
        self.kind() == ErrorKind::Timeout
    }

    /// Whether the answer's body was longer than the client's limit
    /// ([`ClientBuilder::max_response_body`](crate::ClientBuilder::max_response_body)); the kind is
    /// [`Transport`](ErrorKind::Transport), and [`body_limit`](Self::body_limit) gives the limit.
    pub fn is_body_too_large(&self) -> bool {
        matches!(self.inner.detail, Detail::BodyTooLarge(_))
    }

    /// The limit in bytes that an answer's body went over, for [`is_body_too_large`](Self::is_body_too_large)
    /// errors.
    pub fn body_limit(&self) -> Option<usize> {
        match self.inner.detail {
            Detail::BodyTooLarge(limit) => Some(limit),
            _ => None,
        }
    }

    /// Whether the request could not be sent or answered (timeouts and connection failures included).
    pub fn is_transport(&self) -> bool {
        matches!(self.kind(), ErrorKind::Transport | ErrorKind::Timeout)
    }

    /// Whether the connection to Hydra could not be opened (refused, unreachable, DNS, TLS handshake...),
    /// so the request certainly did not reach the server.
    pub fn is_connect(&self) -> bool {
        matches!(self.inner.detail, Detail::Connect)
    }

    /// Whether connecting through the proxy failed (unreachable, tunnel refused, or 407 Proxy
    /// Authentication Required).
    pub fn is_proxy(&self) -> bool {
        self.status() == Some(StatusCode::PROXY_AUTHENTICATION_REQUIRED)
            || self.inner.source.as_deref().is_some_and(|e| ory_hydra_v1_transport::is_proxy_error(e))
    }

    /// Whether TLS failed: the server's certificate is not trusted or not for its name, the server
    /// refused the client certificate (or its absence), or no TLS version is acceptable to both.
    pub fn is_tls(&self) -> bool {
        self.inner.source.as_deref().is_some_and(|e| ory_hydra_v1_transport::is_tls_error(e))
    }

    /// How many times the request was sent: 1, or more when a [retry policy](crate::RetryPolicy) sent
    /// it again and this is the last attempt's failure (the retries were exhausted or stopped).
    pub fn attempts(&self) -> u32 {
        self.inner.attempts
    }

    /// Records how many attempts the call made.
    pub(crate) fn with_attempts(mut self, attempts: u32) -> Self {
        self.inner.attempts = attempts;
        self
    }

    /// Whether the server answered with a non-2xx status.
    pub fn is_api(&self) -> bool {
        self.kind() == ErrorKind::Api
    }

    /// Whether a 2xx body could not be decoded.
    pub fn is_decode(&self) -> bool {
        self.kind() == ErrorKind::Decode
    }

    /// Whether the input was refused before sending.
    pub fn is_invalid_input(&self) -> bool {
        self.kind() == ErrorKind::InvalidInput
    }

    /// Whether the server answered 401 Unauthorized (missing or wrong credentials, often from a gateway
    /// in front of the Admin API).
    pub fn is_unauthorized(&self) -> bool {
        self.status() == Some(StatusCode::UNAUTHORIZED) && self.is_api()
    }

    /// Whether the server answered 404 Not Found for a resource that does not exist.
    ///
    /// Not when Hydra's router says it has no such route at all (its error's reason: "The requested
    /// route does not exist"): the base URL, the port or the client line is wrong, and code that reads
    /// a 404 as "already gone" must not take that for an answer about the resource.
    /// [`status`](Self::status) is 404 either way, and the message says what to check.
    pub fn is_not_found(&self) -> bool {
        self.api().is_some_and(|e| e.status == StatusCode::NOT_FOUND && !e.is_missing_route())
    }

    /// Whether the server answered 409 Conflict (for example a duplicate client id).
    pub fn is_conflict(&self) -> bool {
        self.api().is_some_and(|e| e.status == StatusCode::CONFLICT)
    }

    /// Whether the server answered with a 5xx status.
    pub fn is_server_error(&self) -> bool {
        self.api().is_some_and(|e| e.status.is_server_error())
    }

    /// Whether the login, consent or logout request an operation acted on was already handled.
    ///
    /// Only the operations whose table line names such an answer (`on 409|410 CompletedRequest`; see
    /// [`Operation::answers`]) can answer this: on v1, Hydra v1.2 with 409 Conflict and later releases
    /// with 410 Gone and a `redirect_to` body (see [`redirect_to`](Self::redirect_to)); on v2, a logout
    /// request whose verifier was used, with 410. A 409 from any other operation, such as a duplicate
    /// client id, is not this. Hydra v2's login and consent challenges are stateless: a handled one
    /// reads and accepts again with 200, so on v2 this is never true for them, and a provider that must
    /// refuse a replay has to remember the challenges it completed.
    pub fn is_already_handled(&self) -> bool {
        let op = self.inner.operation;
        self.api().is_some_and(|e| op.is_some_and(|op| op.answers_already_handled(e.status)))
    }

    /// The body of a non-2xx answer decoded as `T`, such as the model an operation's table names for
    /// the status ([`Operation::answer_model`]): `None` without an answer or when the body does not have
    /// `T`'s shape (a required member missing, a member of the wrong type, not JSON).
    ///
    /// The shape decides, not the status: Hydra v2 answers `create_verifiable_credential` with 400 and a
    /// `VerifiableCredentialPrimingResponse` (it has a `c_nonce`) or with 400 and a plain error, and
    /// only the first decodes as the former.
    ///
    /// ```
    /// use ory_hydra_v1_client::{Error, GenericError, StatusCode};
    ///
    /// let err = Error::from_response("get_o_auth2_client", StatusCode::NOT_FOUND, r#"{"error":"not_found"}"#);
    /// assert_eq!(err.body_as::<GenericError>().map(|e| e.error), Some("not_found".to_string()));
    /// ```
    pub fn body_as<T: serde::de::DeserializeOwned>(&self) -> Option<T> {
        self.api().and_then(ApiError::body_as)
    }

    /// The `redirect_to` URL the server sent with an error (Hydra does so with 410 Gone for a request
    /// that was already handled, from v1.10.2 on; see tests/hydra-server/QUIRKS.md). Hydra v2 sends a
    /// path only for a handled logout: the client resolves it against its Public URL when it has one,
    /// so this is a URL the browser can be sent to (the body as sent stays in [`ApiError::body`]).
    pub fn redirect_to(&self) -> Option<&str> {
        self.api().and_then(|e| e.completed.as_ref()).map(|c| c.redirect_to.as_str())
    }

    /// Connecting failed.
    pub(crate) fn connect(operation: &'static Operation, source: BoxError) -> Self {
        Self::new(ErrorKind::Transport, Some(operation), Detail::Connect, Some(source))
    }

    /// Sending the request or reading the answer failed.
    pub(crate) fn transport(operation: &'static Operation, source: BoxError) -> Self {
        Self::new(ErrorKind::Transport, Some(operation), Detail::None, Some(source))
    }

    /// The answer's body went over `limit` bytes.
    pub(crate) fn body_too_large(operation: &'static Operation, limit: usize) -> Self {
        Self::new(ErrorKind::Transport, Some(operation), Detail::BodyTooLarge(limit), None)
    }

    /// Setting up the HTTP stack failed while building the client.
    pub(crate) fn setup(source: BoxError) -> Self {
        Self::new(ErrorKind::Transport, None, Detail::None, Some(source))
    }

    /// The time limit passed.
    pub(crate) fn timeout(operation: &'static Operation, limit: Option<Duration>, source: Option<BoxError>) -> Self {
        Self::new(ErrorKind::Timeout, Some(operation), Detail::Timeout(limit), source)
    }

    /// Input refused before sending (the client's configuration, or a call's). `message` must not hold
    /// a value that may be secret.
    pub(crate) fn invalid_input(message: impl Into<Cow<'static, str>>) -> Self {
        Self::invalid_input_with(message, None)
    }

    /// [`invalid_input`](Self::invalid_input) with the error that shows why; `message` must not repeat
    /// what `source` says.
    pub(crate) fn invalid_input_with(message: impl Into<Cow<'static, str>>, source: Option<BoxError>) -> Self {
        let detail = Detail::Input { parameter: None, message: message.into() };
        Self::new(ErrorKind::InvalidInput, None, detail, source)
    }

    /// A call of `operation` refused before sending, for a reason that is not one parameter's value.
    pub(crate) fn invalid_call(operation: &'static Operation, message: impl Into<Cow<'static, str>>) -> Self {
        Self::invalid_call_with(operation, message, None)
    }

    /// [`invalid_call`](Self::invalid_call) with the error that shows why.
    pub(crate) fn invalid_call_with(
        operation: &'static Operation,
        message: impl Into<Cow<'static, str>>,
        source: Option<BoxError>,
    ) -> Self {
        let detail = Detail::Input { parameter: None, message: message.into() };
        Self::new(ErrorKind::InvalidInput, Some(operation), detail, source)
    }

    /// A parameter of `operation` refused before sending; `message` says why without quoting the value.
    pub(crate) fn invalid_parameter(
        operation: &'static Operation,
        parameter: &'static str,
        message: impl Into<Cow<'static, str>>,
        source: Option<BoxError>,
    ) -> Self {
        let detail = Detail::Input { parameter: Some(parameter), message: message.into() };
        Self::new(ErrorKind::InvalidInput, Some(operation), detail, source)
    }
}

/// The error of the operation the answer names, described when the tables declare it.
impl From<ApiError> for Error {
    fn from(e: ApiError) -> Self {
        Self::new(ErrorKind::Api, crate::operation::find_by_name(e.operation), Detail::Api(e), None)
    }
}

/// The error of the operation the answer names, described when the tables declare it.
impl From<DecodeError> for Error {
    fn from(e: DecodeError) -> Self {
        Self::new(ErrorKind::Decode, crate::operation::find_by_name(e.operation), Detail::Decode(e), None)
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let inner = &*self.inner;
        match &inner.detail {
            Detail::Api(e) => return fmt::Display::fmt(e, f),
            Detail::Decode(e) => return fmt::Display::fmt(e, f),
            _ => {}
        }
        if let Some(op) = inner.operation {
            write!(f, "{}: ", op.name)?;
        }
        match &inner.detail {
            Detail::Connect => f.write_str("cannot connect to Hydra"),
            Detail::Timeout(limit) => {
                f.write_str("no complete answer from Hydra within the time limit")?;
                match limit {
                    Some(d) => write!(f, " ({d:?})"),
                    None => Ok(()),
                }
            }
            Detail::BodyTooLarge(limit) => write!(
                f,
                "the answer's body is longer than the limit of {limit} bytes (ClientBuilder::max_response_body)"
            ),
            Detail::Input { parameter: Some(p), message } => write!(f, "invalid parameter `{p}`: {message}"),
            Detail::Input { parameter: None, message } => write!(f, "invalid input: {message}"),
            Detail::None if inner.operation.is_none() => f.write_str("cannot set up the HTTP client"),
            Detail::None | Detail::Api(_) | Detail::Decode(_) => f.write_str("request to Hydra failed"),
        }
    }
}

impl fmt::Debug for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let inner = &*self.inner;
        let mut d = f.debug_struct("Error");
        d.field("kind", &inner.kind);
        if let Some(op) = inner.operation {
            d.field("operation", &op.name);
        }
        if inner.attempts > 1 {
            d.field("attempts", &inner.attempts);
        }
        match &inner.detail {
            Detail::None => {}
            Detail::Connect => {
                d.field("connect", &true);
            }
            Detail::Timeout(limit) => {
                d.field("limit", limit);
            }
            Detail::BodyTooLarge(limit) => {
                d.field("body_limit", limit);
            }
            Detail::Input { parameter, message } => {
                d.field("parameter", parameter).field("message", message);
            }
            Detail::Api(e) => {
                d.field("api", e);
            }
            Detail::Decode(e) => {
                d.field("decode", e);
            }
        }
        if let Some(source) = &inner.source {
            d.field("source", source);
        }
        d.finish()
    }
}

impl std::error::Error for Error {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match &self.inner.detail {
            Detail::Decode(e) => Some(&e.source),
            _ => self.inner.source.as_deref().map(|e| e as &(dyn std::error::Error + 'static)),
        }
    }
}

/// A non-2xx answer: the status, the body as sent, and the body parsed where it could be.
///
/// Its `Debug` and `Display` output hide the values of secret-looking JSON members in the body (such as
/// `client_secret` or private key parts); the `body` field itself is kept verbatim.
#[non_exhaustive]
pub struct ApiError {
    /// The operation that was called.
    pub operation: &'static str,
    /// The HTTP status.
    pub status: StatusCode,
    /// The error body, when it parsed as Hydra's error shape.
    pub error: Option<GenericError>,
    /// The body, when it parsed as a `{"redirect_to": ...}` object (Hydra's 410 Gone answers).
    pub completed: Option<CompletedRequest>,
    /// The whole body as text (invalid UTF-8 replaced), for bodies that are not JSON such as a proxy's
    /// HTML page, or empty.
    pub body: String,
    /// A redirect answered to a v1-shaped Admin path: what a Hydra v2 server does (it serves the Admin
    /// API under `/admin`), so the message can say which client to use.
    pub(crate) moved_to_admin: bool,
    /// For a 404 "no such route" to a v2 Admin path (under `/admin`), the likely reason, which the
    /// message adds: a base URL that already ends in `/admin`, or a server without `/admin` routes.
    pub(crate) route_hint: Option<&'static str>,
}

impl ApiError {
    /// Reads an answer's body; see [`Error::from_response`] for the public way in.
    pub(crate) fn new(operation: &'static str, status: StatusCode, body: &[u8]) -> Self {
        let text = String::from_utf8_lossy(body).into_owned();
        let mut error = None;
        let mut completed = None;
        // Some Hydra handlers write an error document and then a second one (often `{"redirect_to": ...}`)
        // into the same body, so every JSON document in it is looked at, up to the first that is not JSON.
        for doc in serde_json::Deserializer::from_str(&text).into_iter::<serde_json::Value>() {
            let Ok(doc) = doc else { break };
            if error.is_none() {
                error = generic_error_of(&doc);
            }
            if completed.is_none() && doc.get("redirect_to").is_some_and(|v| v.is_string()) {
                completed = serde_json::from_value::<CompletedRequest>(doc).ok();
            }
        }
        ApiError { operation, status, error, completed, body: text, moved_to_admin: false, route_hint: None }
    }

    /// The body decoded as `T`: the first JSON document in it that has `T`'s shape, or the object that
    /// herodot's `{"error": {...}}` wrapper holds (how Hydra sends its `genericError`). See
    /// [`Error::body_as`].
    pub fn body_as<T: serde::de::DeserializeOwned>(&self) -> Option<T> {
        let docs = serde_json::Deserializer::from_str(&self.body).into_iter::<serde_json::Value>();
        docs.map_while(Result::ok).find_map(|doc| {
            let wrapped = doc.get("error").filter(|e| e.is_object()).cloned();
            serde_json::from_value(doc).ok().or_else(|| wrapped.and_then(|e| serde_json::from_value(e).ok()))
        })
    }

    /// Makes a path-only `redirect_to` (Hydra v2's handled logout) a URL on `public`. Hydra writes the
    /// path it saw, so behind a proxy that mounts the Public API under a prefix (`https://sso/hydra/`)
    /// the prefix is missing from it: it goes back in front (`https://sso/hydra/oauth2/sessions/logout`),
    /// as for the links of listings. Other values stay as sent: a URL is already one, and a value that
    /// is neither is not the server's to have us invent a target for.
    pub(crate) fn resolve_redirect(&mut self, public: &url::Url) {
        let Some(to) = self.completed.as_mut().map(|c| &mut c.redirect_to) else { return };
        if to.starts_with('/') && !to.starts_with("//") {
            let prefixed = format!("{}{to}", public.path().trim_end_matches('/'));
            if let Ok(url) = public.join(&prefixed) {
                *to = url.into();
            }
        }
    }

    /// Whether this is Hydra's router saying it has no such route (a 404 whose reason says so), rather
    /// than a handler saying the resource does not exist.
    pub(crate) fn is_missing_route(&self) -> bool {
        self.status == StatusCode::NOT_FOUND
            && self.error.as_ref().and_then(|e| e.error_hint.as_deref()).is_some_and(|h| h.contains(MISSING_ROUTE))
    }

    /// The server's human-readable explanation, when it sent one.
    pub fn message(&self) -> Option<&str> {
        let e = self.error.as_ref()?;
        e.error_description.as_deref().or(Some(e.error.as_str()))
    }
}

/// What herodot's reason says when the router has no route for a request (Hydra v1.11 and v2 alike).
const MISSING_ROUTE: &str = "route does not exist";

/// Reads Hydra's flat `{"error": "...", "error_description": ...}` shape, and also the nested
/// `{"error": {"code", "status", "message", "reason"}}` shape that ory/herodot writes for some handlers.
fn generic_error_of(doc: &serde_json::Value) -> Option<GenericError> {
    match doc.get("error")? {
        serde_json::Value::String(_) => serde_json::from_value(doc.clone()).ok(),
        serde_json::Value::Object(inner) => {
            let text = |k: &str| inner.get(k).and_then(|v| v.as_str());
            let mut e = GenericError::new(text("status").or(text("message")).unwrap_or("error"));
            e.error_description = text("message").map(str::to_owned);
            e.status_code = inner.get("code").and_then(|v| v.as_i64());
            e.debug = text("debug").map(str::to_owned);
            // herodot's `reason` says what to do about the error ("The requested route does not exist.
            // Make sure you are using the right path, domain, and port."): a hint, which `Display` shows.
            e.error_hint = text("reason").map(str::to_owned);
            e.extra = crate::UnknownMembers::from(inner.clone());
            Some(e)
        }
        _ => None,
    }
}

impl fmt::Display for ApiError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: Hydra answered {}", self.operation, self.status)?;
        match (&self.error, &self.completed) {
            (Some(e), _) => {
                write!(f, ": {}", e.error)?;
                // A server may quote the request it refused, secrets included.
                if let Some(d) = e.error_description.as_deref().filter(|d| !d.is_empty()) {
                    write!(f, " ({})", redact_secrets(d))?;
                }
                if let Some(h) = e.error_hint.as_deref().filter(|h| !h.is_empty()) {
                    write!(f, "; hint: {}", redact_secrets(h))?;
                }
                Ok(())
            }
            // The query of a `redirect_to` carries one-shot secrets (`login_verifier`, `code`...).
            (None, Some(c)) => {
                write!(f, " with redirect_to {}", without_query(&c.redirect_to))
            }
            (None, None) if self.body.trim().is_empty() => f.write_str(" with an empty body"),
            (None, None) => {
                write!(f, " with a body that is not a Hydra error: {}", excerpt(&redact_secrets(&self.body), 200))
            }
        }?;
        if self.moved_to_admin {
            f.write_str(
                "; Hydra v1 never redirects this call, Hydra v2 does (it serves the Admin API under /admin): \
                 for a v2 server use ory-hydra-v2-client",
            )?;
        }
        if let Some(hint) = self.route_hint {
            write!(f, "; {hint}")?;
        }
        Ok(())
    }
}

/// A 2xx answer whose body does not decode as the operation's result.
///
/// Its `Debug` and `Display` output hide the values of secret-looking JSON members in the body (a
/// created client's `client_secret`, private key parts, tokens); the `body` field itself is kept verbatim.
#[non_exhaustive]
pub struct DecodeError {
    /// The operation that was called.
    pub operation: &'static str,
    /// The HTTP status of the answer.
    pub status: StatusCode,
    /// Where in the document decoding failed, such as `[3].redirect_uris[0]` (`.` for the top level).
    pub path: String,
    /// The whole body as text (invalid UTF-8 replaced).
    pub body: String,
    /// Why it did not decode; also the error's [`source`](std::error::Error::source), and not repeated
    /// in its `Display`.
    pub source: DecodeSource,
}

impl fmt::Display for DecodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}: cannot decode the {} answer at `{}`; it starts with: {}",
            self.operation,
            self.status,
            self.path,
            excerpt(&redact_secrets(&self.body), 200)
        )
    }
}

impl std::error::Error for DecodeError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        Some(&self.source)
    }
}

/// Why a body did not decode.
#[derive(Debug)]
#[non_exhaustive]
pub enum DecodeSource {
    /// The JSON was malformed or did not match the expected shape.
    Json(serde_json::Error),
    /// The body was not valid UTF-8.
    Utf8(std::str::Utf8Error),
    /// A response header the operation relies on was malformed.
    Header(String),
}

// Written out rather than derived with thiserror: this enum was its only user, and the derive made every
// consumer compile thiserror's proc macro (issue 11 keeps a consumer's clean build lean).
impl fmt::Display for DecodeSource {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Json(e) => fmt::Display::fmt(e, f),
            Self::Utf8(e) => fmt::Display::fmt(e, f),
            Self::Header(why) => f.write_str(why),
        }
    }
}

impl std::error::Error for DecodeSource {
    // Transparent like the variants' own errors: their source, not themselves, so no fact is printed twice.
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Self::Json(e) => e.source(),
            Self::Utf8(e) => e.source(),
            Self::Header(_) => None,
        }
    }
}

impl From<serde_json::Error> for DecodeSource {
    fn from(e: serde_json::Error) -> Self {
        Self::Json(e)
    }
}

impl From<std::str::Utf8Error> for DecodeSource {
    fn from(e: std::str::Utf8Error) -> Self {
        Self::Utf8(e)
    }
}

impl fmt::Debug for ApiError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ApiError")
            .field("operation", &self.operation)
            .field("status", &self.status)
            .field("error", &RedactedDebug(&self.error))
            .field("completed", &self.completed.as_ref().map(ShownCompleted))
            .field("body", &redact_secrets(&self.body))
            .finish()
    }
}

impl fmt::Debug for DecodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("DecodeError")
            .field("operation", &self.operation)
            .field("status", &self.status)
            .field("path", &self.path)
            .field("body", &redact_secrets(&self.body))
            .field("source", &self.source)
            .finish()
    }
}

/// A URL as messages show it: without its query and fragment, which carry verifiers, codes, tokens and
/// challenges (as [`Redirect`](crate::Redirect)'s `Debug` does). Cut at the first `?` or `#` rather than
/// parsed, so text that is not a URL is shortened the same way.
fn without_query(url: &str) -> Cow<'_, str> {
    match url.find(['?', '#']) {
        Some(at) => Cow::Owned(format!("{} (query not shown)", &url[..at])),
        None => Cow::Borrowed(url),
    }
}

/// A value's `Debug` output with [`redact_secrets`] applied, for parsed error documents whose texts may
/// quote a refused request.
struct RedactedDebug<'a, T>(&'a T);

impl<T: fmt::Debug> fmt::Debug for RedactedDebug<'_, T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let shown = if f.alternate() { format!("{:#?}", self.0) } else { format!("{:?}", self.0) };
        f.write_str(&redact_secrets(&shown))
    }
}

/// A [`CompletedRequest`] in `Debug` output: its target without query.
struct ShownCompleted<'a>(&'a CompletedRequest);

impl fmt::Debug for ShownCompleted<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("CompletedRequest")
            .field("redirect_to", &without_query(&self.0.redirect_to))
            .finish_non_exhaustive()
    }
}

/// Whether values of the JSON member (or form field) `name` must not reach logs: the list is generated
/// from the tables' `secret` flags, so a new secret field is redacted without touching this file.
fn is_secret_member(name: &str) -> bool {
    crate::operation::is_secret_member(name)
}

/// JSON members whose value is a URL that may carry secrets in its query (Hydra's `redirect_to` holds
/// a `login_verifier`, a `consent_verifier` or an authorization `code`): only the query is hidden.
fn is_url_member(name: &str) -> bool {
    name == "redirect_to"
}

/// `text` with the values of secret members ([`is_secret_member`]) replaced by `<redacted>`, both as
/// JSON members (`"client_secret": "..."`, whatever the value's type, and with the key written with
/// escapes such as `\u005f`) and as form fields (`client_secret=...&refresh_token=...`, as a server
/// may echo a token request, where the tables' secret parameters such as `code` and `code_verifier`
/// and the runtime's `client_assertion` go too); the query of URL members ([`is_url_member`]) goes too.
/// Works on malformed JSON and on text that is not JSON at all.
pub(crate) fn redact_secrets(text: &str) -> Cow<'_, str> {
    match redact_json_members(text) {
        Cow::Borrowed(_) => redact_form_fields(text),
        Cow::Owned(json) => Cow::Owned(redact_form_fields(&json).into_owned()),
    }
}

/// Index of the closing quote of the JSON string whose content starts at `from` (or the end of `bytes`).
fn string_end(bytes: &[u8], from: usize) -> usize {
    let mut k = from;
    while k < bytes.len() && bytes[k] != b'"' {
        k += if bytes[k] == b'\\' { 2 } else { 1 };
    }
    k.min(bytes.len())
}

fn skip_blanks(bytes: &[u8], mut j: usize) -> usize {
    while j < bytes.len() && bytes[j].is_ascii_whitespace() {
        j += 1;
    }
    j
}

/// Where the JSON value starting at `open` ends (exclusive): a string with its quotes, an object or
/// array up to its matching bracket (or the end of the text), or a bare number or literal.
fn value_end(bytes: &[u8], open: usize) -> usize {
    match bytes.get(open) {
        Some(b'"') => (string_end(bytes, open + 1) + 1).min(bytes.len()),
        Some(b'{' | b'[') => {
            let mut depth = 0usize;
            let mut k = open;
            while k < bytes.len() {
                match bytes[k] {
                    b'"' => k = string_end(bytes, k + 1),
                    b'{' | b'[' => depth += 1,
                    b'}' | b']' => {
                        depth -= 1;
                        if depth == 0 {
                            return k + 1;
                        }
                    }
                    _ => {}
                }
                k += 1;
            }
            bytes.len()
        }
        _ => {
            let mut k = open;
            while k < bytes.len() && !matches!(bytes[k], b',' | b'}' | b']') && !bytes[k].is_ascii_whitespace() {
                k += 1;
            }
            k
        }
    }
}

/// A JSON key as the server meant it: escapes (`\u005f`, `\"`...) decoded.
fn json_key(raw: &str) -> Cow<'_, str> {
    if !raw.contains('\\') {
        return Cow::Borrowed(raw);
    }
    serde_json::from_str::<String>(&format!("\"{raw}\"")).map_or(Cow::Borrowed(raw), Cow::Owned)
}

/// The JSON half of [`redact_secrets`]: looks for `"name"`, optional blanks, `:`, blanks and a value.
fn redact_json_members(text: &str) -> Cow<'_, str> {
    let bytes = text.as_bytes();
    let mut out: Option<String> = None;
    let mut copied = 0;
    let mut i = 0;
    while let Some(rel) = text.get(i..).and_then(|rest| rest.find('"')) {
        let start = i + rel + 1;
        let end = string_end(bytes, start);
        i = end + 1;
        let key = json_key(text.get(start..end).unwrap_or(""));
        let (secret, url) = (is_secret_member(&key), is_url_member(&key));
        if !secret && !url {
            continue;
        }
        let colon = skip_blanks(bytes, end + 1);
        if bytes.get(colon) != Some(&b':') {
            continue;
        }
        let open = skip_blanks(bytes, colon + 1);
        if open >= bytes.len() {
            continue;
        }
        let close = value_end(bytes, open);
        let quoted = bytes[open] == b'"';
        // What stays of the value: nothing of a secret, a URL up to its query.
        let kept = match (secret, quoted) {
            (true, true) => open + 1,
            (true, false) => open,
            (false, _) => match text[open..close].find(['?', '#']) {
                Some(at) => open + at + 1,
                None => continue,
            },
        };
        let resume = if quoted { string_end(bytes, open + 1) } else { close };
        let buf = out.get_or_insert_with(String::new);
        buf.push_str(&text[copied..kept]);
        buf.push_str("<redacted>");
        copied = resume;
        // Past the closing quote of a string value, so it is not taken for the start of a key.
        i = if quoted { resume + 1 } else { resume };
    }
    match out {
        Some(mut buf) => {
            buf.push_str(&text[copied..]);
            Cow::Owned(buf)
        }
        None => Cow::Borrowed(text),
    }
}

/// The form half of [`redact_secrets`]: `name=value` where `name` (percent-decoded) is a secret member
/// or parameter; the value ends at `&`, `;`, a quote, an angle bracket or a blank. Also what `Debug`
/// shows of a `url` member ([`UrlDebug`](crate::__rt::UrlDebug)).
pub(crate) fn redact_form_fields(text: &str) -> Cow<'_, str> {
    let bytes = text.as_bytes();
    let key_byte = |b: u8| b.is_ascii_alphanumeric() || matches!(b, b'_' | b'%' | b'.' | b'-' | b'+');
    let mut out: Option<String> = None;
    let mut copied = 0;
    let mut i = 0;
    while let Some(rel) = text.get(i..).and_then(|rest| rest.find('=')) {
        let eq = i + rel;
        i = eq + 1;
        let mut start = eq;
        while start > copied && key_byte(bytes[start - 1]) {
            start -= 1;
        }
        let key = percent_encoding::percent_decode(&bytes[start..eq]).decode_utf8_lossy();
        if start == eq || !(is_secret_member(&key) || crate::operation::is_secret_param(&key)) {
            continue;
        }
        let mut end = eq + 1;
        while end < bytes.len() && !matches!(bytes[end], b'&' | b';' | b'"' | b'\'' | b'<' | b'>' | b'\\') {
            if bytes[end].is_ascii_whitespace() {
                break;
            }
            end += 1;
        }
        if end == eq + 1 {
            continue;
        }
        let buf = out.get_or_insert_with(String::new);
        buf.push_str(&text[copied..=eq]);
        buf.push_str("<redacted>");
        copied = end;
        i = end;
    }
    match out {
        Some(mut buf) => {
            buf.push_str(&text[copied..]);
            Cow::Owned(buf)
        }
        None => Cow::Borrowed(text),
    }
}

/// The first `max` characters of `s`, on a character boundary, with an ellipsis when cut.
pub(crate) fn excerpt(s: &str, max: usize) -> String {
    match s.char_indices().nth(max) {
        Some((i, _)) => format!("{}…", &s[..i]),
        None => s.to_string(),
    }
}

impl std::error::Error for ApiError {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn flat_hydra_error_is_parsed_with_unknown_members_kept() {
        let body =
            br#"{"error":"Not Found","error_description":"Unable to locate","status_code":404,"request_id":"r1"}"#;
        let e = ApiError::new("op", StatusCode::NOT_FOUND, body);
        let g = e.error.as_ref().unwrap();
        assert_eq!(g.error, "Not Found");
        assert_eq!(g.status_code, Some(404));
        assert_eq!(g.request_id.as_deref(), Some("r1"));
        assert_eq!(e.message(), Some("Unable to locate"));
    }

    #[test]
    fn two_documents_in_one_body_yield_both_the_error_and_the_redirect() {
        let body = b"{\"error\":\"error\",\"status_code\":500}\n{\"redirect_to\":\"http://h/next\"}";
        let e = ApiError::new("op", StatusCode::BAD_REQUEST, body);
        assert_eq!(e.error.as_ref().map(|g| g.error.as_str()), Some("error"));
        assert_eq!(e.completed.as_ref().map(|c| c.redirect_to.as_str()), Some("http://h/next"));
    }

    #[test]
    fn nested_herodot_error_is_understood() {
        let body = br#"{"error":{"code":403,"status":"Forbidden","message":"no","reason":"why"}}"#;
        let e = ApiError::new("op", StatusCode::FORBIDDEN, body);
        let g = e.error.as_ref().unwrap();
        assert_eq!(
            (g.error.as_str(), g.error_description.as_deref(), g.status_code),
            ("Forbidden", Some("no"), Some(403))
        );
        assert_eq!(g.error_hint.as_deref(), Some("why"));
        assert!(e.to_string().ends_with("Forbidden (no); hint: why"), "{e}");
    }

    #[test]
    fn non_json_bodies_are_kept_verbatim() {
        let html = "<html><body>502 Bad Gateway</body></html>";
        let e = ApiError::new("op", StatusCode::BAD_GATEWAY, html.as_bytes());
        assert!(e.error.is_none() && e.completed.is_none());
        assert_eq!(e.body, html);
        assert!(e.to_string().contains("502 Bad Gateway"), "{e}");
        let e = ApiError::new("op", StatusCode::BAD_GATEWAY, b"");
        assert!(e.to_string().contains("empty body"), "{e}");
    }

    #[test]
    fn every_secret_member_a_line_registers_is_redacted() {
        // A line crate registers its tables' `secret` flags; the v1 crate tests its own list.
        for name in crate::test_ops::SECRET_MEMBERS {
            let body = format!(r#"{{"{name}":"hidden-value","x":1}}"#);
            assert!(!redact_secrets(&body).contains("hidden-value"), "{name}");
        }
    }

    #[test]
    fn secrets_in_bodies_are_hidden_from_debug_and_display_but_kept_in_the_field() {
        let body = r#"{"client_id":"c1","client_secret" : "s3cr3t-\"quoted\"-value","keys":[{"d":"PRIVATE","kid":"k"}],"redirect_uris":5"#;
        let redacted = redact_secrets(body);
        assert!(!redacted.contains("s3cr3t") && !redacted.contains("PRIVATE"), "{redacted}");
        assert!(redacted.contains(r#""client_id":"c1""#) && redacted.contains(r#""kid":"k""#), "{redacted}");
        let e = ApiError::new("op", StatusCode::INTERNAL_SERVER_ERROR, body.as_bytes());
        assert!(!format!("{e:?}").contains("s3cr3t") && !e.to_string().contains("s3cr3t"));
        assert!(e.body.contains("s3cr3t"));
        assert_eq!(redact_secrets("no secrets \"here\""), "no secrets \"here\"");
        assert_eq!(redact_secrets(r#"{"k": "unterminated"#), r#"{"k": "<redacted>"#);
    }

    #[test]
    fn redaction_sees_escaped_keys_values_of_any_type_and_form_echoes() {
        // Issue 24: each of these printed its secret.
        let cases = [
            r#"{"client\u005fsecret":"escaped-key-secret"}"#,
            r#"{"access_token": 12345678901234}"#,
            r#"{"refresh_token":true,"id_token":["array-secret"],"client_secret":{"nested":"object-secret"}}"#,
            "invalid request: client_secret=form-secret&refresh_token=form-refresh&grant_type=refresh_token",
            "grant_type=refresh_token&refresh%5Ftoken=encoded-name-secret",
            r#"{"error":"bad","error_description":"got client_secret=echoed-secret in the body"}"#,
        ];
        let secrets =
            ["escaped-key-secret", "12345678901234", "array-secret", "object-secret", "form-secret", "form-refresh"];
        let more = ["encoded-name-secret", "echoed-secret"];
        for body in cases {
            let redacted = redact_secrets(body);
            for secret in secrets.iter().chain(&more) {
                assert!(!redacted.contains(secret), "{body} -> {redacted}");
            }
            let e = ApiError::new("op", StatusCode::BAD_REQUEST, body.as_bytes());
            for printed in [format!("{e:?}"), e.to_string()] {
                for secret in secrets.iter().chain(&more) {
                    assert!(!printed.contains(secret), "{printed}");
                }
            }
        }
        // What is not secret stays readable.
        let body = r#"{"client_id":"c1","client_secret":"s","scope":"a b","n":1} grant_type=client_credentials"#;
        assert_eq!(
            redact_secrets(body),
            r#"{"client_id":"c1","client_secret":"<redacted>","scope":"a b","n":1} grant_type=client_credentials"#
        );
        assert_eq!(redact_secrets(r#"{"access_token":42,"x":"y"}"#), r#"{"access_token":<redacted>,"x":"y"}"#);
    }

    #[test]
    fn secret_parameters_are_redacted_as_form_fields_but_not_as_json_members() {
        let echo =
            "grant_type=authorization_code&code=code-secret&code_verifier=pkce-secret&client_assertion=jwt-secret";
        let redacted = redact_secrets(echo);
        for secret in ["code-secret", "pkce-secret", "jwt-secret"] {
            assert!(!redacted.contains(secret), "{redacted}");
        }
        assert!(redacted.starts_with("grant_type=authorization_code&code=<redacted>"), "{redacted}");
        // A JSON member that shares a parameter's name is not a secret: herodot's error code stays.
        let body = r#"{"error":{"code":404,"status":"Not Found"}}"#;
        assert_eq!(redact_secrets(body), body);
    }

    #[test]
    fn a_redirect_to_is_shown_without_its_query() {
        // Issue 24: a 410's Display and Debug printed the login_verifier and the code.
        let body = r#"{"redirect_to":"https://hydra/oauth2/auth?client_id=c&login_verifier=verifier-secret#code=fragment-secret"}"#;
        let err = Error::from_response("accept_login_request", StatusCode::GONE, body);
        for printed in [err.to_string(), format!("{err:?}"), format!("{:?}", err.api().unwrap())] {
            assert!(!printed.contains("verifier-secret") && !printed.contains("fragment-secret"), "{printed}");
            assert!(printed.contains("https://hydra/oauth2/auth"), "{printed}");
        }
        // The value itself is kept for the caller.
        assert!(err.redirect_to().unwrap().contains("login_verifier=verifier-secret"));
        assert_eq!(redact_secrets(r#"{"redirect_to":"http://a/b"}"#), r#"{"redirect_to":"http://a/b"}"#);
    }

    /// One pointer, like reqwest's error: `Result<T, Error>` costs little on the path that succeeds.
    #[test]
    fn error_is_one_pointer() {
        assert_eq!(std::mem::size_of::<Error>(), std::mem::size_of::<usize>());
        assert_eq!(std::mem::size_of::<Result<(), Error>>(), std::mem::size_of::<usize>());
    }

    #[test]
    fn already_handled_needs_a_login_consent_or_logout_request_operation() {
        for op in ["get_login_request", "accept_consent_request", "reject_logout_request"] {
            for status in [StatusCode::CONFLICT, StatusCode::GONE] {
                assert!(Error::from_response(op, status, "").is_already_handled(), "{op} {status}");
            }
            assert!(!Error::from_response(op, StatusCode::NOT_FOUND, "").is_already_handled(), "{op}");
        }
        for op in ["create_o_auth2_client", "update_json_web_key", "revoke_consent_sessions", "no_such_operation"] {
            let err = Error::from_response(op, StatusCode::CONFLICT, "");
            assert!(err.is_conflict() && !err.is_already_handled(), "{op}");
        }
    }

    #[test]
    fn refused_parameters_are_named_but_their_values_are_not_shown() {
        let op = crate::test_ops::named("get_o_auth2_client");
        let err = Error::invalid_parameter(op, "id", "cannot be sent", None);
        assert_eq!((err.operation_name(), err.parameter()), (Some("get_o_auth2_client"), Some("id")));
        assert!(std::ptr::eq(err.operation().unwrap(), op));
        assert_eq!(err.to_string(), "get_o_auth2_client: invalid parameter `id`: cannot be sent");
        assert!(err.is_invalid_input() && err.status().is_none() && err.api().is_none());
    }

    #[test]
    fn excerpt_cuts_on_char_boundaries() {
        assert_eq!(excerpt("héllo", 2), "hé…");
        assert_eq!(excerpt("hé", 5), "hé");
    }
}
