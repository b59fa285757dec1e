//! The HTTP stack under [ory-hydra-v1-client](https://docs.rs/hydra-client): the built-in one, or a
//! `reqwest::Client` the caller brings. ory-hydra-v1-client is the crate to use; this one's API follows its needs
//! and may change with any ory-hydra-v1-client release.
//!
//! The built-in stack is hyper's pooled HTTP/1.1 client with nothing layered on top. reqwest (from 0.12.16 on)
//! sends every request through redirect and retry layers that clone it and parse its URL again, which
//! cost more per call than the whole of this client's own work on a small answer; an API client that
//! never follows redirects or retries on its own does not need them.

#![warn(missing_docs)]

use std::str::FromStr as _;
use std::time::Duration;

use bytes::Bytes;
use http::header::{HeaderValue, CONTENT_LENGTH, CONTENT_TYPE};
use http::uri::{Authority, PathAndQuery, Scheme};
use http::{HeaderMap, Method, StatusCode};
use http_body_util::{BodyExt as _, Full};
use hyper_util::client::legacy::connect::HttpConnector;
use hyper_util::rt::{TokioExecutor, TokioTimer};
use url::{Position, Url};

#[cfg(feature = "reqwest")]
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
}

/// The HTTP stack requests go through. One lives behind the client's `Arc` for the client's lifetime, so
/// the size difference between the variants costs nothing worth a box.
#[allow(clippy::large_enum_variant)]
pub enum Transport {
    /// hyper's pooled client over this crate's connector (plain TCP, plus TLS when a TLS feature is on).
    Builtin(Builtin),
    /// A client the caller configured (proxies, custom TLS, pool settings...).
    #[cfg(feature = "reqwest")]
    Reqwest {
        /// The caller's client.
        client: reqwest::Client,
        /// Scheme, host and port of the base URL, which request paths are appended to.
        origin: String,
    },
}

/// The built-in stack and the parts of the base URL it sends every request to.
#[doc(hidden)]
pub struct Builtin {
    client: hyper_util::client::legacy::Client<Connector, Full<Bytes>>,
    // Kept as `http` types so a request URI is assembled from them without parsing a URL per call.
    scheme: Scheme,
    authority: Authority,
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
    /// Connecting, sending or reading failed.
    Other(BoxError),
}

/// The request as the call pipeline hands it over.
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
}

#[cfg(feature = "native-tls")]
type Connector = hyper_tls::HttpsConnector<HttpConnector>;
#[cfg(all(feature = "rustls", not(feature = "native-tls")))]
type Connector = hyper_rustls::HttpsConnector<HttpConnector>;
#[cfg(not(any(feature = "rustls", feature = "native-tls")))]
type Connector = HttpConnector;

/// Whether this build can reach `https` URLs without a caller-supplied client.
pub const HAS_TLS: bool = cfg!(any(feature = "rustls", feature = "native-tls"));

impl Transport {
    /// The built-in stack for `base` (an absolute http/https URL). Needs no runtime at build time;
    /// requests must be sent from a tokio runtime.
    pub fn builtin(base: &Url, connect_timeout: Option<Duration>) -> Result<Transport, BoxError> {
        let scheme = if base.scheme() == "https" { Scheme::HTTPS } else { Scheme::HTTP };
        let authority = Authority::from_str(&base[Position::BeforeHost..Position::AfterPort])?;
        let mut http = HttpConnector::new();
        http.set_nodelay(true);
        http.set_connect_timeout(connect_timeout);
        // The TLS connector wraps this one and handles `https`; it needs plain TCP for both schemes.
        http.enforce_http(!HAS_TLS);
        let connector = wrap_tls(http)?;
        let client = hyper_util::client::legacy::Client::builder(TokioExecutor::new())
            .pool_timer(TokioTimer::new())
            .build(connector);
        Ok(Transport::Builtin(Builtin { client, scheme, authority }))
    }

    /// A caller's `reqwest::Client` for `base`.
    #[cfg(feature = "reqwest")]
    pub fn reqwest(base: &Url, client: reqwest::Client) -> Transport {
        Transport::Reqwest { client, origin: base[..Position::BeforePath].to_string() }
    }

    /// The `Host` header the built-in stack would otherwise format for every request.
    pub fn host_header(&self) -> Option<HeaderValue> {
        match self {
            Transport::Builtin(b) => HeaderValue::from_str(b.authority.as_str()).ok(),
            #[cfg(feature = "reqwest")]
            Transport::Reqwest { .. } => None,
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
            Transport::Builtin(b) => match settings.timeout {
                None => send_builtin(b, settings, out).await,
                Some(limit) => match tokio::time::timeout(limit, send_builtin(b, settings, out)).await {
                    Ok(result) => result,
                    Err(_) => Err(Failure::Timeout(None)),
                },
            },
            #[cfg(feature = "reqwest")]
            Transport::Reqwest { client, origin } => send_reqwest(client, origin, settings, out).await,
        }
    }
}

async fn send_builtin(b: &Builtin, settings: &Settings, out: Outgoing) -> Result<Received, Failure> {
    let mut uri = http::uri::Parts::default();
    uri.scheme = Some(b.scheme.clone());
    uri.authority = Some(b.authority.clone());
    uri.path_and_query = Some(
        PathAndQuery::from_maybe_shared(Bytes::from(out.path_and_query)).map_err(|e| Failure::Other(Box::new(e)))?,
    );
    let uri = http::Uri::from_parts(uri).map_err(|e| Failure::Other(Box::new(e)))?;
    let mut req = http::Request::new(Full::new(out.body));
    *req.method_mut() = out.method;
    *req.uri_mut() = uri;
    *req.headers_mut() = settings.headers.clone();
    req.headers_mut().extend(out.headers);
    if let Some(ct) = out.content_type {
        req.headers_mut().insert(CONTENT_TYPE, HeaderValue::from_static(ct));
    }
    let resp = b.client.request(req).await.map_err(|e| Failure::Other(Box::new(e)))?;
    let (parts, body) = resp.into_parts();
    let expected = parts.headers.get(CONTENT_LENGTH).and_then(|v| v.to_str().ok()?.parse().ok()).unwrap_or(0);
    let body = read_body(body, expected).await.map_err(|e| Failure::Other(Box::new(e)))?;
    let headers = if out.keep_headers { parts.headers } else { HeaderMap::new() };
    Ok(Received { status: parts.status, headers, body })
}

/// The most bytes reserved up front for a body from its `Content-Length`; a larger body grows as it
/// arrives, so a bogus length cannot make the client reserve memory it will not fill.
const MAX_RESERVED: usize = 16 << 20;

/// Reads a whole body. A body in one chunk (most answers) is kept as it is; a longer one is copied once
/// into a buffer sized from `Content-Length`, rather than gathered and then copied again.
async fn read_body(mut body: hyper::body::Incoming, expected: usize) -> Result<Bytes, hyper::Error> {
    let mut first = Bytes::new();
    let mut joined: Option<Vec<u8>> = None;
    while let Some(frame) = body.frame().await {
        // Trailers carry nothing this client reads.
        let Ok(data) = frame?.into_data() else { continue };
        match &mut joined {
            Some(buf) => buf.extend_from_slice(&data),
            None if first.is_empty() => first = data,
            None => {
                let mut buf = Vec::with_capacity(expected.min(MAX_RESERVED).max(first.len() + data.len()));
                buf.extend_from_slice(&first);
                buf.extend_from_slice(&data);
                joined = Some(buf);
            }
        }
    }
    Ok(joined.map_or(first, Bytes::from))
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
    if let Some(t) = settings.timeout {
        req = req.timeout(t);
    }
    if let Some(ct) = out.content_type {
        req = req.header(CONTENT_TYPE, ct).body(out.body);
    }
    let fail = |e: reqwest::Error| {
        if e.is_timeout() {
            Failure::Timeout(Some(Box::new(e)))
        } else {
            Failure::Other(Box::new(e))
        }
    };
    let resp = req.send().await.map_err(fail)?;
    let status = resp.status();
    let headers = if out.keep_headers { resp.headers().clone() } else { HeaderMap::new() };
    let body = resp.bytes().await.map_err(fail)?;
    Ok(Received { status, headers, body })
}

#[cfg(feature = "native-tls")]
fn wrap_tls(http: HttpConnector) -> Result<Connector, BoxError> {
    let tls = native_tls::TlsConnector::new()?;
    Ok(hyper_tls::HttpsConnector::from((http, tls.into())))
}

#[cfg(all(feature = "rustls", not(feature = "native-tls")))]
fn wrap_tls(http: HttpConnector) -> Result<Connector, BoxError> {
    Ok(hyper_rustls::HttpsConnectorBuilder::new()
        .with_tls_config(rustls_config()?)
        .https_or_http()
        .enable_http1()
        .wrap_connector(http))
}

/// The TLS settings of every built-in transport in the process. Setting up the platform's certificate
/// verifier takes milliseconds, so it is done once rather than for each client built.
#[cfg(all(feature = "rustls", not(feature = "native-tls")))]
fn rustls_config() -> Result<rustls::ClientConfig, BoxError> {
    use hyper_rustls::ConfigBuilderExt as _;
    use std::sync::{Arc, OnceLock};
    static CONFIG: OnceLock<rustls::ClientConfig> = OnceLock::new();
    if let Some(config) = CONFIG.get() {
        return Ok(config.clone());
    }
    // A provider the application installed wins; otherwise aws-lc-rs, the one this crate enables. Asking
    // rustls to pick from its crate features instead would fail when an application enables two.
    let provider = rustls::crypto::CryptoProvider::get_default()
        .cloned()
        .unwrap_or_else(|| Arc::new(rustls::crypto::aws_lc_rs::default_provider()));
    let config = rustls::ClientConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()?
        .try_with_platform_verifier()?
        .with_no_client_auth();
    // A failed setup is not cached, so a later build tries again.
    Ok(CONFIG.get_or_init(|| config).clone())
}

#[cfg(not(any(feature = "rustls", feature = "native-tls")))]
fn wrap_tls(http: HttpConnector) -> Result<Connector, BoxError> {
    Ok(http)
}
