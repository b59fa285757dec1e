//! The HTTP stack under [ory-hydra-v1-client](https://docs.rs/ory-hydra-v1-client): the built-in one, a
//! `reqwest::Client` the caller brings, or a caller's tower `Service` (see [`HttpService`]).
//! ory-hydra-v1-client is the crate to use; this one's API follows its needs and may change with any
//! ory-hydra-v1-client release.
//!
//! The built-in stack is hyper's pooled HTTP/1.1 client with nothing layered on top. reqwest (from 0.12.16 on)
//! sends every request through redirect and retry layers that clone it and parse its URL again, which
//! cost more per call than the whole of this client's own work on a small answer; an API client that
//! never follows redirects or retries on its own does not need them.

#![warn(missing_docs)]
#![cfg_attr(docsrs, feature(doc_cfg))]

mod connect;
mod proxy;
mod service;
mod tls;

/// The `http-body` crate whose `Body` trait an answer from a service implements.
pub use http_body;
pub use proxy::ProxyChoice;
#[cfg(feature = "reqwest")]
pub use service::ReqwestService;
pub use service::{Body, BuiltinService, HttpService, ResponseBody};
pub use tls::{platform_root_loads, Identity, TlsOptions, TlsVersion};
/// The tower traits a service or layer given to the client implements (`tower` re-exports the same).
pub use tower_layer::Layer;
pub use tower_service::Service;

use std::str::FromStr as _;
use std::time::Duration;

use bytes::Bytes;
use http::header::{HeaderValue, CONTENT_LENGTH, CONTENT_TYPE};

use connect::{Route, Tcp};
use http::uri::{Authority, PathAndQuery, Scheme};
use http::{HeaderMap, Method, StatusCode};
use http_body_util::BodyExt as _;
use hyper_util::client::legacy::connect::proxy::Tunnel;
use hyper_util::client::legacy::connect::HttpConnector;
use hyper_util::rt::TokioExecutor;
use tls::Connector;
use url::{Position, Url};

#[cfg(feature = "reqwest")]
#[cfg_attr(docsrs, doc(cfg(feature = "reqwest")))]
pub use reqwest;

/// The future of [`Transport::send`].
pub type Sending<'a> = std::pin::Pin<Box<dyn std::future::Future<Output = Result<Received, Failure>> + Send + 'a>>;

/// Boxed cause of a transport failure.
pub type BoxError = Box<dyn std::error::Error + Send + Sync>;

/// What every request carries besides its method, URL and body.
pub struct Settings {
    /// Accept, User-Agent, Authorization and the caller's own headers.
    pub headers: HeaderMap,
    /// Limit on a whole call: sending, waiting and reading the body.
    pub timeout: Option<Duration>,
    /// The most bytes an answer's body may have; reading stops there and the call fails with
    /// [`Failure::TooLarge`].
    pub max_body: usize,
}

/// The HTTP stack requests go through. One lives behind the client's `Arc` for the client's lifetime, so
/// the size difference between the variants costs nothing worth a box.
#[allow(clippy::large_enum_variant)]
pub enum Transport {
    /// hyper's pooled client over this crate's connector (plain TCP, plus TLS when a TLS feature is on).
    Builtin(Builtin),
    /// A client the caller configured (proxies, custom TLS, pool settings...).
    #[cfg(feature = "reqwest")]
    #[cfg_attr(docsrs, doc(cfg(feature = "reqwest")))]
    Reqwest {
        /// The caller's client.
        client: reqwest::Client,
        /// Scheme, host and port of the base URL, which request paths are appended to.
        origin: String,
    },
    /// A tower service: the caller's own, or the built-in stack wrapped in the caller's layer.
    Service(Served),
}

/// A tower service and the parts of the base URL it sends every request to.
#[doc(hidden)]
pub struct Served {
    service: HttpService,
    scheme: Scheme,
    authority: Authority,
    /// The proxy of a built-in stack under the caller's layer, for `Debug` output.
    proxy: Option<http::Uri>,
}

/// The built-in stack and the parts of the base URL it sends every request to.
#[doc(hidden)]
pub struct Builtin {
    client: hyper_util::client::legacy::Client<Connector, Body>,
    // Kept as `http` types so a request URI is assembled from them without parsing a URL per call.
    scheme: Scheme,
    authority: Authority,
    /// The proxy's address (without credentials), for `Debug` output.
    proxy: Option<http::Uri>,
    /// `Proxy-Authorization` for a forwarding proxy (a tunnel sends it only with its CONNECT request).
    proxy_auth: Option<HeaderValue>,
}

/// How the built-in stack connects.
#[derive(Clone, Debug)]
pub struct BuiltinOptions {
    /// Limit on establishing a TCP connection.
    pub connect_timeout: Option<Duration>,
    /// Which proxy to go through.
    pub proxy: ProxyChoice,
    /// TLS settings.
    pub tls: TlsOptions,
    /// How long an idle pooled connection is kept for reuse; `None` keeps it until the server closes it.
    pub pool_idle_timeout: Option<Duration>,
    /// The most idle connections kept per host.
    pub pool_max_idle_per_host: usize,
    /// Whether HTTP/2 is offered over TLS (ALPN `h2`, then `http/1.1`); needs the `http2` feature and
    /// rustls. Plain `http` always speaks HTTP/1.1.
    pub http2: bool,
}

impl BuiltinOptions {
    /// hyper's own default for idle connections, kept as this crate's.
    pub const DEFAULT_POOL_IDLE_TIMEOUT: Duration = Duration::from_secs(90);
}

impl Default for BuiltinOptions {
    fn default() -> Self {
        BuiltinOptions {
            connect_timeout: None,
            proxy: ProxyChoice::default(),
            tls: TlsOptions::default(),
            pool_idle_timeout: Some(Self::DEFAULT_POOL_IDLE_TIMEOUT),
            pool_max_idle_per_host: usize::MAX,
            http2: false,
        }
    }
}

impl std::fmt::Debug for ProxyChoice {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ProxyChoice::FromEnvironment => f.write_str("FromEnvironment"),
            ProxyChoice::Disabled => f.write_str("Disabled"),
            // The URL may hold a password.
            ProxyChoice::Url(_) => f.write_str("Url(<not shown>)"),
        }
    }
}

/// The status, headers (only when asked for) and complete body of an answer, whatever its status.
pub struct Received {
    /// The HTTP status.
    pub status: StatusCode,
    /// The response headers, or an empty map when the request did not ask for them.
    pub headers: HeaderMap,
    /// The whole body.
    pub body: Bytes,
}

/// Why no answer arrived.
pub enum Failure {
    /// The configured time limit passed; the cause is there when the HTTP stack reported one.
    Timeout(Option<BoxError>),
    /// The connection could not be opened, so the request was not sent.
    Connect(BoxError),
    /// Sending or reading failed.
    Other(BoxError),
    /// The answer's body is longer than the limit ([`Settings::max_body`], given here); what came of
    /// it was dropped.
    TooLarge(usize),
}

/// The request as the call pipeline hands it over. Cloning is cheap (the body is shared), so a retry
/// sends a clone.
#[derive(Clone)]
pub struct Outgoing {
    /// The HTTP method.
    pub method: Method,
    /// Path and query, already escaped, to be sent to the base URL's host.
    pub path_and_query: String,
    /// The body's media type, when there is a body.
    pub content_type: Option<&'static str>,
    /// The body (empty for none).
    pub body: Bytes,
    /// Headers of this request alone (per-call credentials, cookies), added to the settings' headers
    /// and replacing any of the same name.
    pub headers: HeaderMap,
    /// Whether the caller reads response headers (listings do, for `Link`); others skip the copy.
    pub keep_headers: bool,
    /// A time limit for this request that replaces the settings' one.
    pub timeout: Option<Duration>,
}

/// Whether `err` or an error in its source chain says that connecting through a proxy failed.
pub fn is_proxy_error(err: &(dyn std::error::Error + 'static)) -> bool {
    chain(err).any(|e| e.is::<connect::ProxyFailed>())
}

/// Whether `err` or an error in its source chain is a TLS failure (an untrusted or misnamed
/// certificate, a refused client certificate, no common version...).
pub fn is_tls_error(err: &(dyn std::error::Error + 'static)) -> bool {
    chain(err).any(tls::is_tls)
}

/// `err` and its sources; an `io::Error` wrapping another error counts that error as its source.
fn chain<'a>(
    err: &'a (dyn std::error::Error + 'static),
) -> impl Iterator<Item = &'a (dyn std::error::Error + 'static)> {
    std::iter::successors(Some(err), |e| match e.downcast_ref::<std::io::Error>().and_then(|io| io.get_ref()) {
        Some(inner) => Some(inner as &(dyn std::error::Error + 'static)),
        None => e.source(),
    })
}

/// Waits for `delay` (between retries). Needs the tokio runtime's time driver.
pub fn sleep(delay: Duration) -> std::pin::Pin<Box<dyn std::future::Future<Output = ()> + Send>> {
    Box::pin(tokio::time::sleep(delay))
}

/// Whether this build can reach `https` URLs without a caller-supplied client.
pub const HAS_TLS: bool = cfg!(any(feature = "rustls-no-provider", feature = "native-tls"));

impl Transport {
    /// The built-in stack for `base` (an absolute http/https URL). Needs no runtime at build time;
    /// requests must be sent from a tokio runtime, which needs its time driver only for the time limits
    /// (`Settings::timeout`, `connect_timeout`).
    pub fn builtin(base: &Url, options: &BuiltinOptions) -> Result<Transport, BoxError> {
        Ok(Transport::Builtin(Builtin::new(base, options)?))
    }

    /// The built-in stack for `base`, as [`builtin`](Self::builtin) makes it, handed to `wrap` (which
    /// applies a caller's layer) as a [`BuiltinService`] erased into an [`HttpService`].
    pub fn layered(
        base: &Url,
        options: &BuiltinOptions,
        wrap: &(dyn Fn(HttpService) -> HttpService + Send + Sync),
    ) -> Result<Transport, BoxError> {
        let Builtin { client, scheme, authority, proxy, proxy_auth } = Builtin::new(base, options)?;
        let service = wrap(HttpService::new(BuiltinService { client, proxy_auth }));
        Ok(Transport::Service(Served { service, scheme, authority, proxy }))
    }

    /// A caller's tower service for `base`: requests go to it with absolute URIs on `base`'s host.
    pub fn service(base: &Url, service: HttpService) -> Result<Transport, BoxError> {
        let (scheme, authority) = origin_of(base)?;
        Ok(Transport::Service(Served { service, scheme, authority, proxy: None }))
    }

    /// The address of the proxy the built-in stack goes through, without credentials.
    pub fn proxy(&self) -> Option<&http::Uri> {
        match self {
            Transport::Builtin(b) => b.proxy.as_ref(),
            #[cfg(feature = "reqwest")]
            Transport::Reqwest { .. } => None,
            Transport::Service(s) => s.proxy.as_ref(),
        }
    }

    /// The `Proxy-Authorization` value every request carries (only through a forwarding proxy).
    pub fn proxy_authorization(&self) -> Option<HeaderValue> {
        match self {
            Transport::Builtin(b) => b.proxy_auth.clone(),
            // A layered built-in stack adds its own (`BuiltinService`), under the caller's layer.
            #[cfg(feature = "reqwest")]
            Transport::Reqwest { .. } => None,
            Transport::Service(_) => None,
        }
    }

    /// A caller's `reqwest::Client` for `base`.
    #[cfg(feature = "reqwest")]
    #[cfg_attr(docsrs, doc(cfg(feature = "reqwest")))]
    pub fn reqwest(base: &Url, client: reqwest::Client) -> Transport {
        Transport::Reqwest { client, origin: base[..Position::BeforePath].to_string() }
    }

    /// The `Host` header the built-in stack would otherwise format for every request.
    pub fn host_header(&self) -> Option<HeaderValue> {
        match self {
            Transport::Builtin(b) => HeaderValue::from_str(b.authority.as_str()).ok(),
            #[cfg(feature = "reqwest")]
            Transport::Reqwest { .. } => None,
            Transport::Service(_) => None,
        }
    }

    /// Sends a request and reads the whole answer.
    ///
    /// The future is boxed on purpose: an `async fn`'s body is compiled in every crate that awaits it,
    /// which would pull hyper's generic pool and connection code back into ory-hydra-v1-client's build. Boxed,
    /// it is compiled here once; the allocation costs far less than a request.
    pub fn send<'a>(&'a self, settings: &'a Settings, out: Outgoing) -> Sending<'a> {
        Box::pin(self.send_inner(settings, out))
    }

    async fn send_inner(&self, settings: &Settings, out: Outgoing) -> Result<Received, Failure> {
        match self {
            // Awaited in place, not through `within_limit`: the default path keeps its one state machine.
            Transport::Builtin(b) => match out.timeout.or(settings.timeout) {
                None => send_builtin(b, settings, out).await,
                Some(limit) => match tokio::time::timeout(limit, send_builtin(b, settings, out)).await {
                    Ok(result) => result,
                    Err(_) => Err(Failure::Timeout(None)),
                },
            },
            #[cfg(feature = "reqwest")]
            Transport::Reqwest { client, origin } => send_reqwest(client, origin, settings, out).await,
            Transport::Service(s) => {
                within_limit(out.timeout.or(settings.timeout), send_service(s, settings, out)).await
            }
        }
    }
}

impl Builtin {
    fn new(base: &Url, options: &BuiltinOptions) -> Result<Builtin, BoxError> {
        let (scheme, authority) = origin_of(base)?;
        let origin =
            http::Uri::builder().scheme(scheme.clone()).authority(authority.clone()).path_and_query("/").build()?;
        let mut http = HttpConnector::new();
        http.set_nodelay(true);
        http.set_connect_timeout(options.connect_timeout);
        tls::enforce_http(&mut http);
        let chosen = proxy::choose(&options.proxy, &origin)?;
        let (route, proxy, proxy_auth) = match chosen {
            None => (Route::Direct, None, None),
            Some(p) if scheme == Scheme::HTTP => (Route::Forward(p.uri.clone()), Some(p.uri), p.auth),
            Some(p) => {
                let mut tunnel = Tunnel::new(p.uri.clone(), http.clone());
                if let Some(auth) = p.auth {
                    tunnel = tunnel.with_auth(auth);
                }
                (Route::Tunnel(tunnel), Some(p.uri), None)
            }
        };
        if options.http2 && !cfg!(feature = "http2") {
            return Err("HTTP/2 needs the http2 feature".into());
        }
        let connector = tls::wrap(Tcp { http, route }, &options.tls, scheme == Scheme::HTTPS, options.http2)?;
        // No pool timer: hyper's idle-connection reaper would panic on a runtime without the time
        // driver. Idle connections still expire: the pool drops those past their idle time when it
        // next looks for one, and hyper closes those the server closed.
        let client = hyper_util::client::legacy::Client::builder(TokioExecutor::new())
            .pool_idle_timeout(options.pool_idle_timeout)
            .pool_max_idle_per_host(options.pool_max_idle_per_host)
            .build(connector);
        Ok(Builtin { client, scheme, authority, proxy, proxy_auth })
    }
}

/// The scheme and authority (host and port) of `base`.
fn origin_of(base: &Url) -> Result<(Scheme, Authority), BoxError> {
    let scheme = if base.scheme() == "https" { Scheme::HTTPS } else { Scheme::HTTP };
    Ok((scheme, Authority::from_str(&base[Position::BeforeHost..Position::AfterPort])?))
}

/// The request `out` to `scheme://authority`, with the settings' headers and then its own.
fn request_of(
    scheme: &Scheme,
    authority: &Authority,
    settings: &Settings,
    out: Outgoing,
) -> Result<http::Request<Body>, Failure> {
    let mut uri = http::uri::Parts::default();
    uri.scheme = Some(scheme.clone());
    uri.authority = Some(authority.clone());
    uri.path_and_query = Some(
        PathAndQuery::from_maybe_shared(Bytes::from(out.path_and_query)).map_err(|e| Failure::Other(Box::new(e)))?,
    );
    let uri = http::Uri::from_parts(uri).map_err(|e| Failure::Other(Box::new(e)))?;
    let mut req = http::Request::new(Body::new(out.body));
    *req.method_mut() = out.method;
    *req.uri_mut() = uri;
    *req.headers_mut() = if out.content_type.is_some() || !out.headers.is_empty() {
        with_room(&settings.headers, out.headers.len())
    } else {
        settings.headers.clone()
    };
    if !out.headers.is_empty() {
        req.headers_mut().extend(out.headers);
    }
    if let Some(ct) = out.content_type {
        req.headers_mut().insert(CONTENT_TYPE, HeaderValue::from_static(ct));
    }
    Ok(req)
}

/// A copy of `common` with room for `own` more headers, the content type and the content length hyper
/// adds. A clone has no room left, so the first header added would reallocate it.
fn with_room(common: &HeaderMap, own: usize) -> HeaderMap {
    let mut headers = HeaderMap::with_capacity(common.len() + own + 2);
    for (name, value) in common {
        headers.append(name.clone(), value.clone());
    }
    headers
}

/// Runs `sending` within `limit`, when there is one.
async fn within_limit<F>(limit: Option<Duration>, sending: F) -> Result<Received, Failure>
where
    F: std::future::Future<Output = Result<Received, Failure>>,
{
    match limit {
        None => sending.await,
        Some(limit) => match tokio::time::timeout(limit, sending).await {
            Ok(result) => result,
            Err(_) => Err(Failure::Timeout(None)),
        },
    }
}

async fn send_builtin(b: &Builtin, settings: &Settings, out: Outgoing) -> Result<Received, Failure> {
    let keep_headers = out.keep_headers;
    let req = request_of(&b.scheme, &b.authority, settings, out)?;
    let resp = b.client.request(req).await.map_err(|e| {
        if e.is_connect() {
            Failure::Connect(Box::new(e))
        } else {
            Failure::Other(Box::new(e))
        }
    })?;
    let (parts, body) = resp.into_parts();
    let body = read_body(body, content_length(&parts.headers), settings.max_body).await?;
    Ok(received(parts, keep_headers, body))
}

async fn send_service(s: &Served, settings: &Settings, out: Outgoing) -> Result<Received, Failure> {
    let keep_headers = out.keep_headers;
    let req = request_of(&s.scheme, &s.authority, settings, out)?;
    let resp = s.service.send(req).await.map_err(|e| {
        let cause: &(dyn std::error::Error + 'static) = &*e;
        if service::is_elapsed(cause) {
            Failure::Timeout(Some(e))
        } else if service::is_connect(cause) {
            Failure::Connect(e)
        } else {
            Failure::Other(e)
        }
    })?;
    let (parts, body) = resp.into_parts();
    let body = read_body(body, content_length(&parts.headers), settings.max_body).await.map_err(|f| match f {
        // A time limit under the client (a `reqwest::Client`'s own, a caller's body timeout) that passed
        // while the body was read is a timeout, as it is before the answer; never a connect error, since
        // the request was sent.
        Failure::Other(e) if service::is_elapsed(&*e) => Failure::Timeout(Some(e)),
        other => other,
    })?;
    Ok(received(parts, keep_headers, body))
}

/// The `Content-Length` an answer announces, or 0.
fn content_length(headers: &HeaderMap) -> usize {
    headers.get(CONTENT_LENGTH).and_then(|v| v.to_str().ok()?.parse().ok()).unwrap_or(0)
}

/// The answer with its body read; its headers only when the caller reads them.
fn received(parts: http::response::Parts, keep_headers: bool, body: Bytes) -> Received {
    // Error answers keep theirs for `Retry-After`.
    let headers = if keep_headers || !parts.status.is_success() { parts.headers } else { HeaderMap::new() };
    Received { status: parts.status, headers, body }
}

/// The most bytes reserved up front for a body from its `Content-Length`; a larger body grows as it
/// arrives, so a bogus length cannot make the client reserve memory it will not fill.
const MAX_RESERVED: usize = 16 << 20;

/// Reads a whole body of at most `limit` bytes. A body announced longer (by its `Content-Length`) is
/// refused before any of it is read.
async fn read_body<B>(mut body: B, expected: usize, limit: usize) -> Result<Bytes, Failure>
where
    B: hyper::body::Body<Data = Bytes> + Unpin,
    B::Error: Into<BoxError>,
{
    if hyper::body::Body::size_hint(&body).lower() > limit as u64 {
        return Err(Failure::TooLarge(limit));
    }
    let mut gathered = Gathered::new(expected, limit);
    while let Some(frame) = body.frame().await {
        // Trailers carry nothing this client reads.
        let Ok(data) = frame.map_err(|e| Failure::Other(e.into()))?.into_data() else { continue };
        gathered.push(data)?;
    }
    Ok(gathered.finish())
}

/// A body being read, up to its limit. A body in one chunk (most answers) is kept as it is; a longer one
/// is copied once into a buffer sized from `Content-Length`, rather than gathered and then copied again.
struct Gathered {
    first: Bytes,
    joined: Option<Vec<u8>>,
    expected: usize,
    len: usize,
    limit: usize,
}

impl Gathered {
    fn new(expected: usize, limit: usize) -> Self {
        Gathered { first: Bytes::new(), joined: None, expected, len: 0, limit }
    }

    /// Adds a chunk, or fails once the body is longer than the limit: an endless answer must not take
    /// the process's memory with it.
    fn push(&mut self, data: Bytes) -> Result<(), Failure> {
        self.len = self.len.saturating_add(data.len());
        if self.len > self.limit {
            return Err(Failure::TooLarge(self.limit));
        }
        match &mut self.joined {
            Some(buf) => buf.extend_from_slice(&data),
            None if self.first.is_empty() => self.first = data,
            None => {
                let reserve = self.expected.min(MAX_RESERVED).min(self.limit).max(self.len);
                let mut buf = Vec::with_capacity(reserve);
                buf.extend_from_slice(&self.first);
                buf.extend_from_slice(&data);
                self.joined = Some(buf);
            }
        }
        Ok(())
    }

    fn finish(self) -> Bytes {
        self.joined.map_or(self.first, Bytes::from)
    }
}

#[cfg(feature = "reqwest")]
async fn send_reqwest(
    client: &reqwest::Client,
    origin: &str,
    settings: &Settings,
    out: Outgoing,
) -> Result<Received, Failure> {
    let url = format!("{origin}{}", out.path_and_query);
    let mut req = client.request(out.method, url).headers(settings.headers.clone()).headers(out.headers);
    if let Some(t) = out.timeout.or(settings.timeout) {
        req = req.timeout(t);
    }
    if let Some(ct) = out.content_type {
        req = req.header(CONTENT_TYPE, ct).body(out.body);
    }
    let fail = |e: reqwest::Error| {
        // reqwest's errors quote the URL, whose query holds challenges, subjects and verifiers.
        let e = e.without_url();
        if e.is_timeout() {
            Failure::Timeout(Some(Box::new(e)))
        } else if e.is_connect() {
            Failure::Connect(Box::new(e))
        } else {
            Failure::Other(Box::new(e))
        }
    };
    let mut resp = req.send().await.map_err(fail)?;
    let status = resp.status();
    let headers = if out.keep_headers || !status.is_success() { resp.headers().clone() } else { HeaderMap::new() };
    // Read chunk by chunk, never with `bytes()`: that one has no limit.
    let expected = resp.content_length().unwrap_or(0);
    if expected > settings.max_body as u64 {
        return Err(Failure::TooLarge(settings.max_body));
    }
    let mut gathered = Gathered::new(usize::try_from(expected).unwrap_or(usize::MAX), settings.max_body);
    while let Some(chunk) = resp.chunk().await.map_err(fail)? {
        gathered.push(chunk)?;
    }
    Ok(Received { status, headers, body: gathered.finish() })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn outgoing(content_type: Option<&'static str>, headers: HeaderMap) -> Outgoing {
        Outgoing {
            method: Method::POST,
            path_and_query: "/clients?x=1".into(),
            content_type,
            body: Bytes::new(),
            headers,
            keep_headers: false,
            timeout: None,
        }
    }

    #[test]
    fn a_request_carries_the_common_headers_then_its_own() {
        let mut common = HeaderMap::new();
        common.insert("accept", HeaderValue::from_static("application/json"));
        common.append("x-multi", HeaderValue::from_static("one"));
        common.append("x-multi", HeaderValue::from_static("two"));
        common.insert("x-replaced", HeaderValue::from_static("common"));
        let settings = Settings { headers: common, timeout: None, max_body: 1 };
        let (scheme, authority) = (Scheme::HTTP, Authority::from_static("hydra:4445"));
        let values = |req: &http::Request<Body>, name: &str| -> Vec<String> {
            req.headers().get_all(name).iter().map(|v| v.to_str().unwrap().to_owned()).collect()
        };
        for (content_type, own) in [(None, 0), (Some("application/json"), 0), (None, 1), (Some("text/plain"), 1)] {
            let mut headers = HeaderMap::new();
            if own == 1 {
                headers.insert("x-replaced", HeaderValue::from_static("own"));
            }
            let req = request_of(&scheme, &authority, &settings, outgoing(content_type, headers)).ok().unwrap();
            assert_eq!(req.uri(), "http://hydra:4445/clients?x=1");
            assert_eq!(values(&req, "accept"), ["application/json"]);
            assert_eq!(values(&req, "x-multi"), ["one", "two"], "repeated common headers keep every value in order");
            assert_eq!(values(&req, "x-replaced"), [if own == 1 { "own" } else { "common" }]);
            assert_eq!(values(&req, "content-type"), content_type.into_iter().collect::<Vec<_>>());
            assert_eq!(req.headers().len(), 4 + usize::from(content_type.is_some()));
        }
    }

    #[test]
    fn an_http_client_loads_no_certificate_store() {
        let before = platform_root_loads();
        Transport::builtin(&Url::parse("http://127.0.0.1:4445").unwrap(), &BuiltinOptions::default()).unwrap();
        assert_eq!(platform_root_loads(), before);
        // With webpki-roots the built-in roots are compiled in: the platform's store is never loaded.
        if cfg!(all(feature = "rustls-no-provider", not(feature = "native-tls"), not(feature = "webpki-roots"))) {
            Transport::builtin(&Url::parse("https://127.0.0.1:4445").unwrap(), &BuiltinOptions::default()).unwrap();
            assert_eq!(platform_root_loads(), before + 1);
        }
    }
}
