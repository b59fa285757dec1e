//! The client handle and its builder: the two base URLs (Admin and Public), authentication, headers and
//! the HTTP stack underneath.

use std::fmt;
use std::marker::PhantomData;
use std::sync::Arc;
use std::time::Duration;

use http::header::{HeaderMap, HeaderName, HeaderValue, ACCEPT, AUTHORIZATION, HOST, USER_AGENT};
use url::Url;

use crate::retry::RetryPolicy;
use crate::token::{AccessToken, TokenSource};
use crate::{Error, Operation};
use ory_hydra_v1_transport::{
    BuiltinOptions, HttpService, Identity, ProxyChoice, Settings, TlsVersion, Transport, HAS_TLS,
};

/// What every line's `Client` is made of: the configured listeners, credentials, headers and retries,
/// shared behind one pointer, plus the headers and time limit of a view. Cheap to clone: clones share
/// connection pools and configuration.
///
/// A line crate's `Client` wraps one and derefs to it, so the settings ([`base_url`](Self::base_url)),
/// the views ([`with_header`](Self::with_header)) and the browser steps ([`follow`](Self::follow)) are
/// written here once. Credentials never cross sides: what [`ClientBuilder::basic_auth`],
/// [`ClientBuilder::bearer_token`], [`ClientBuilder::default_header`] and [`with_header`](Self::with_header)
/// configure goes to Admin endpoints only, and the OAuth 2.0 client credentials, access tokens and
/// registration tokens that Public operations take as arguments go to that one Public request only.
/// Which side an operation is on, and what it carries, is its [`Operation`](crate::Operation)
/// description.
#[derive(Clone)]
pub struct Core {
    pub(crate) inner: Arc<Inner>,
    /// Headers and a time limit for the calls of this view (see `Client::with_header`); shared, so
    /// making a view or a call from one copies no configuration.
    pub(crate) per_call: Option<Arc<PerCall>>,
}

/// What a view made with `Client::with_header`, `Client::with_public_header` or
/// `Client::with_timeout` adds to its calls.
#[derive(Clone, Default)]
pub(crate) struct PerCall {
    /// Headers for Admin requests, which often carry a gateway's key, like the default headers.
    pub(crate) admin_headers: HeaderMap,
    /// Headers for Public requests.
    pub(crate) public_headers: HeaderMap,
    pub(crate) timeout: Option<Duration>,
}

impl PerCall {
    /// The headers this view adds to a request on `side`.
    pub(crate) fn headers(&self, side: Side) -> &HeaderMap {
        match side {
            Side::Admin => &self.admin_headers,
            Side::Public => &self.public_headers,
        }
    }
}

/// Headers that carry credentials: an operation's own (the configured admin ones, or those a Public
/// call takes as arguments, its cookie jar) are the only ones a request carries, so a view cannot add
/// or replace them.
const CREDENTIAL_HEADERS: [HeaderName; 3] = [AUTHORIZATION, http::header::PROXY_AUTHORIZATION, http::header::COOKIE];

pub(crate) struct Inner {
    /// Where Admin operations go, with the admin credentials.
    pub(crate) admin: Option<Endpoint>,
    /// Where Public operations go, without any configured credentials.
    pub(crate) public: Option<Endpoint>,
    auth: AuthKind,
    header_names: Vec<HeaderName>,
    /// When and how often failed calls are sent again.
    pub(crate) retry: Option<RetryPolicy>,
    /// Where Admin bearer tokens come from, when not fixed.
    pub(crate) tokens: Option<Arc<TokenSource>>,
}

/// One of Hydra's two listeners: its HTTP stack, the headers every request to it carries, and its URL.
pub(crate) struct Endpoint {
    pub(crate) transport: Transport,
    pub(crate) settings: Settings,
    /// The path of the base URL without its trailing `/`, ready for operation paths to be appended.
    pub(crate) base_path: String,
    /// The parsed base URL; each request clones it and sets only path and query, so the scheme and
    /// host are parsed once here rather than on every call.
    pub(crate) base_url: Url,
}

/// Which of Hydra's two APIs an operation belongs to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum Side {
    /// The Admin API (port 4445 by default): clients, keys, login/consent/logout requests, sessions,
    /// introspection. Requests carry the credentials configured on the builder.
    Admin,
    /// The Public API (port 4444 by default): OAuth 2.0 and OpenID Connect endpoints. Requests carry
    /// only the credentials given to the call itself.
    Public,
}

impl Side {
    /// `"Admin"` or `"Public"`.
    pub fn as_str(self) -> &'static str {
        match self {
            Side::Admin => "Admin",
            Side::Public => "Public",
        }
    }
}

impl Inner {
    /// The listener of `op`'s side, or why there is none.
    pub(crate) fn endpoint(&self, op: &'static Operation) -> Result<&Endpoint, Error> {
        let side = op.side();
        let (found, how) = match side {
            Side::Admin => (self.admin.as_ref(), "Client::builder(admin_url)"),
            Side::Public => (self.public.as_ref(), "ClientBuilder::public_url or Client::public_builder"),
        };
        found.ok_or_else(|| {
            let side = side.as_str();
            let message =
                format!("this client has no {side} base URL for this {side} API operation (set one with {how})");
            Error::invalid_call(op, message)
        })
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum AuthKind {
    None,
    Basic,
    Bearer,
}

impl Core {
    /// A view of this client whose Admin API calls also send header `name: value` (for example an
    /// `X-Request-Id` to correlate a call with a gateway's logs), replacing a configured header of that
    /// name. Like [`ClientBuilder::default_header`], it goes to the Admin API only (such headers often
    /// carry a gateway's key); use [`with_public_header`](Self::with_public_header) for Public calls. It
    /// shares the connection pool and configuration; making one copies only the view's own headers. The
    /// value is treated as sensitive and never printed.
    ///
    /// ```no_run
    /// # async fn demo(hydra: &ory_hydra_v1_client::Client) -> Result<(), ory_hydra_v1_client::Error> {
    /// let traced = hydra.with_header("X-Request-Id", "checkout-7f3a")?;
    /// traced.get_o_auth2_client("billing").await?;
    /// # Ok(()) }
    /// ```
    ///
    /// # Errors
    /// [`ErrorKind::InvalidInput`](crate::ErrorKind::InvalidInput) for a name or value that is not valid
    /// HTTP; for `Authorization`, `Proxy-Authorization` and `Cookie`: a call carries only its
    /// operation's own credentials (configure admin ones on the builder; Public operations take theirs
    /// as arguments); and for a header that frames the message or the connection (`Content-Length`,
    /// `Transfer-Encoding`, `Host`, `Connection`, `Upgrade`, `TE`, `Trailer`, `Keep-Alive`,
    /// `Proxy-Connection`): the HTTP stack sets those, and a wrong one would cut or splice the body.
    pub fn with_header(&self, name: &str, value: &str) -> Result<Core, Error> {
        self.with_side_header(Side::Admin, name, value)
    }

    /// A view of this client whose Public API calls also send header `name: value`, as
    /// [`with_header`](Self::with_header) does for Admin calls.
    ///
    /// # Errors
    /// As for [`with_header`](Self::with_header).
    pub fn with_public_header(&self, name: &str, value: &str) -> Result<Core, Error> {
        self.with_side_header(Side::Public, name, value)
    }

    fn with_side_header(&self, side: Side, name: &str, value: &str) -> Result<Core, Error> {
        let name = caller_header_name(name)?;
        if CREDENTIAL_HEADERS.contains(&name) {
            return Err(Error::invalid_input(format!(
                "a view cannot set `{name}`: a call carries only its operation's own credentials"
            )));
        }
        let mut value = header_value(name.as_str(), value)?;
        value.set_sensitive(true);
        let mut per_call = self.per_call.as_deref().cloned().unwrap_or_default();
        match side {
            Side::Admin => per_call.admin_headers.insert(name, value),
            Side::Public => per_call.public_headers.insert(name, value),
        };
        Ok(Core { inner: self.inner.clone(), per_call: Some(Arc::new(per_call)) })
    }

    /// A view of this client whose calls have `timeout` as their time limit instead of the configured
    /// [`timeout`](ClientBuilder::timeout) (the whole call, retries and the waits between them included). Shares the pool and
    /// configuration like [`with_header`](Self::with_header).
    pub fn with_timeout(&self, timeout: Duration) -> Core {
        let mut per_call = self.per_call.as_deref().cloned().unwrap_or_default();
        per_call.timeout = Some(timeout);
        Core { inner: self.inner.clone(), per_call: Some(Arc::new(per_call)) }
    }

    /// The base URL of the Admin API, or of the Public API for a client built with
    /// `Client::public_builder`.
    pub fn base_url(&self) -> &Url {
        match (&self.inner.admin, &self.inner.public) {
            (Some(e), _) | (None, Some(e)) => &e.base_url,
            // `build` refuses a builder without either URL.
            (None, None) => unreachable!("a client has at least one base URL"),
        }
    }

    /// The base URL of the Admin API, when one is configured.
    pub fn admin_url(&self) -> Option<&Url> {
        self.inner.admin.as_ref().map(|e| &e.base_url)
    }

    /// The base URL of the Public API, when one is configured.
    pub fn public_url(&self) -> Option<&Url> {
        self.inner.public.as_ref().map(|e| &e.base_url)
    }
}

impl fmt::Debug for Core {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Client")
            .field("admin_url", &self.admin_url().map(Url::as_str))
            .field("public_url", &self.public_url().map(Url::as_str))
            .field("auth", &self.inner.auth)
            .field("extra_headers", &self.inner.header_names)
            .field("call_headers", &self.per_call.as_ref().map(|p| p.admin_headers.keys().collect::<Vec<_>>()))
            .field("public_call_headers", &self.per_call.as_ref().map(|p| p.public_headers.keys().collect::<Vec<_>>()))
            .field("retry", &self.inner.retry)
            .field(
                "proxy",
                &self
                    .inner
                    .admin
                    .as_ref()
                    .or(self.inner.public.as_ref())
                    .and_then(|e| e.transport.proxy())
                    .map(|p| p.to_string()),
            )
            .finish_non_exhaustive()
    }
}

#[derive(Clone)]
enum Auth {
    Basic { user: String, password: Option<String> },
    Bearer(String),
    Provider(Arc<TokenSource>),
}

/// Configures a line crate's `Client` (or a [`Core`]). Secrets given to it never appear in its `Debug` output.
///
/// `C` is the client type [`build`](Self::build) returns: a line crate's `Client` (its
/// `Client::builder` starts one), or [`Core`].
#[must_use]
pub struct ClientBuilder<C = Core> {
    base_url: Option<String>,
    public_url: Option<String>,
    auth: Option<Auth>,
    headers: Vec<(String, String)>,
    timeout: Option<Duration>,
    max_body: usize,
    builtin: BuiltinOptions,
    retry: Option<RetryPolicy>,
    user_agent: Option<String>,
    #[cfg(feature = "reqwest")]
    http: Option<ory_hydra_v1_transport::reqwest::Client>,
    /// A caller's tower service, replacing the built-in stack (`service`).
    service: Option<HttpService>,
    /// A caller's layer (`layer`), applied over each side's stack at `build`.
    layer: Option<Arc<dyn Fn(HttpService) -> HttpService + Send + Sync>>,
    built: PhantomData<fn() -> C>,
}

impl<C> Clone for ClientBuilder<C> {
    fn clone(&self) -> Self {
        ClientBuilder {
            base_url: self.base_url.clone(),
            public_url: self.public_url.clone(),
            auth: self.auth.clone(),
            headers: self.headers.clone(),
            timeout: self.timeout,
            max_body: self.max_body,
            builtin: self.builtin.clone(),
            retry: self.retry.clone(),
            user_agent: self.user_agent.clone(),
            #[cfg(feature = "reqwest")]
            http: self.http.clone(),
            service: self.service.clone(),
            layer: self.layer.clone(),
            built: PhantomData,
        }
    }
}

impl<C> fmt::Debug for ClientBuilder<C> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let auth = match &self.auth {
            None => AuthKind::None,
            Some(Auth::Basic { .. }) => AuthKind::Basic,
            Some(Auth::Bearer(_) | Auth::Provider(_)) => AuthKind::Bearer,
        };
        let names: Vec<&str> = self.headers.iter().map(|(n, _)| n.as_str()).collect();
        f.debug_struct("ClientBuilder")
            .field("admin_url", &self.base_url.as_deref().map(displayable_base_url))
            .field("public_url", &self.public_url.as_deref().map(displayable_base_url))
            .field("auth", &auth)
            .field("extra_headers", &names)
            .field("timeout", &self.timeout)
            .field("max_response_body", &self.max_body)
            .field("builtin", &self.builtin)
            .field("retry", &self.retry)
            .field("user_agent", &self.user_agent)
            .field("custom_http_client", &self.has_custom_http_client())
            .field("layered", &self.layer.is_some())
            .finish()
    }
}

impl<C> ClientBuilder<C> {
    /// A builder for the Admin API at `base_url`: what a line crate's `Client::builder` returns.
    #[doc(hidden)]
    pub fn admin(base_url: String) -> Self {
        ClientBuilder {
            base_url: Some(base_url),
            public_url: None,
            auth: None,
            headers: Vec::new(),
            timeout: Some(Self::DEFAULT_TIMEOUT),
            max_body: Self::DEFAULT_MAX_RESPONSE_BODY,
            builtin: BuiltinOptions { connect_timeout: Some(Self::DEFAULT_CONNECT_TIMEOUT), ..Default::default() },
            retry: None,
            user_agent: None,
            #[cfg(feature = "reqwest")]
            http: None,
            service: None,
            layer: None,
            built: PhantomData,
        }
    }

    /// A builder for the Public API only, at `public_url`: what a line crate's `Client::public_builder`
    /// returns.
    #[doc(hidden)]
    pub fn public(public_url: String) -> Self {
        let mut b = Self::admin(String::new());
        b.base_url = None;
        b.public_url = Some(public_url);
        b
    }

    /// The time limit of a whole call unless [`timeout`](Self::timeout) says otherwise: 30 seconds,
    /// far above what any Hydra operation takes, but a bound on a server that stops answering.
    pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(30);

    /// The time limit of opening a connection unless [`connect_timeout`](Self::connect_timeout) says
    /// otherwise: 10 seconds.
    pub const DEFAULT_CONNECT_TIMEOUT: Duration = Duration::from_secs(10);

    /// The longest answer body read unless [`max_response_body`](Self::max_response_body) says
    /// otherwise: 16 MiB. Hydra's largest answers are listing pages: 500 clients (its largest page)
    /// weigh about 1 MiB when each carries some 2 KiB of metadata and redirect URIs.
    pub const DEFAULT_MAX_RESPONSE_BODY: usize = 16 << 20;

    /// The base URL of Hydra's Public API (for example `http://127.0.0.1:4444`), where the OAuth 2.0
    /// and OpenID Connect operations go. It may be the same URL as the Admin one when a gateway serves
    /// both; the credentials configured on this builder are still sent to Admin operations only.
    pub fn public_url(mut self, public_url: impl Into<String>) -> Self {
        self.public_url = Some(public_url.into());
        self
    }

    /// Sends HTTP basic credentials with every Admin API request (replaces a bearer token set earlier).
    /// They are never sent to the Public API.
    pub fn basic_auth(mut self, user: impl Into<String>, password: Option<impl Into<String>>) -> Self {
        self.auth = Some(Auth::Basic { user: user.into(), password: password.map(Into::into) });
        self
    }

    /// Sends `Authorization: Bearer <token>` with every Admin API request (replaces basic credentials set
    /// earlier). It is never sent to the Public API; an access token for `userinfo` is an argument of
    /// that call. An empty token makes `build` fail: leave this out to send no credentials.
    pub fn bearer_token(mut self, token: impl Into<String>) -> Self {
        self.auth = Some(Auth::Bearer(token.into()));
        self
    }

    /// Sends `Authorization: Bearer <token>` with every Admin request, the token coming from `provider`:
    /// an async function called for the first call and again once the token it gave has expired (see
    /// [`AccessToken::expires_in`]). Concurrent calls share one fetch. A provider error fails the call
    /// with [`ErrorKind::Transport`](crate::ErrorKind::Transport) and the provider's error as its source.
    /// Replaces basic credentials or a fixed token set earlier.
    ///
    /// ```no_run
    /// # use std::time::Duration;
    /// use ory_hydra_v1_client::{AccessToken, Client};
    ///
    /// # fn demo() -> Result<(), ory_hydra_v1_client::Error> {
    /// let hydra = Client::builder("https://hydra-admin.internal")
    ///     .bearer_token_provider(|| async {
    ///         // Ask your identity provider, a vault, a file...
    ///         Ok(AccessToken::new("eyJhbGciOi...").expires_in(Duration::from_secs(300)))
    ///     })
    ///     .build()?;
    /// # Ok(()) }
    /// ```
    pub fn bearer_token_provider<F, Fut>(mut self, provider: F) -> Self
    where
        F: Fn() -> Fut + Send + Sync + 'static,
        Fut: std::future::Future<Output = Result<AccessToken, Box<dyn std::error::Error + Send + Sync>>>
            + Send
            + 'static,
    {
        self.auth = Some(Auth::Provider(TokenSource::new(provider)));
        self
    }

    /// Sends failed calls again as `policy` says (off by default); see [`RetryPolicy`] for which
    /// failures are retried. Waiting needs the tokio runtime's time driver.
    ///
    /// ```no_run
    /// # use std::time::Duration;
    /// use ory_hydra_v1_client::{Client, RetryPolicy};
    ///
    /// # fn demo() -> Result<(), ory_hydra_v1_client::Error> {
    /// let hydra = Client::builder("http://127.0.0.1:4445")
    ///     .retry(RetryPolicy::new(4).base_delay(Duration::from_millis(200)).total_budget(Duration::from_secs(10)))
    ///     .build()?;
    /// # Ok(()) }
    /// ```
    pub fn retry(mut self, policy: RetryPolicy) -> Self {
        self.retry = Some(policy);
        self
    }

    /// Adds a header to every Admin API request, such as one a gateway in front of Hydra's Admin port
    /// needs. Such headers often carry credentials, so they are never sent to the Public API, and their
    /// values are never printed. A header named like one the builder sets (`Authorization`,
    /// `User-Agent`, `Accept`) replaces it; repeating a name sends all its values, comma-separated.
    /// Headers that frame the message or the connection (`Content-Length`, `Transfer-Encoding`, `Host`,
    /// `Connection` and the other hop-by-hop ones) are refused by [`build`](Self::build).
    pub fn default_header(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        self.headers.push((name.into(), value.into()));
        self
    }

    /// Limits how long a whole call (the wait for a [token provider](Self::bearer_token_provider)'s
    /// token, connect, send, receive the whole body, and with a
    /// [retry policy](Self::retry) every attempt and the waits between them) may take:
    /// [`DEFAULT_TIMEOUT`](Self::DEFAULT_TIMEOUT) unless set. `None` removes the limit, so a server
    /// that answers slowly enough holds a call for ever. Timing needs the tokio runtime's time driver
    /// (`enable_time` or `enable_all` on its builder, or `#[tokio::main]`): on a runtime without it,
    /// set this and [`connect_timeout`](Self::connect_timeout) to `None`.
    ///
    /// ```
    /// # use std::time::Duration;
    /// # use ory_hydra_v1_client::Client;
    /// let patient = Client::builder("http://127.0.0.1:4445").timeout(Duration::from_secs(120));
    /// let unbounded = Client::builder("http://127.0.0.1:4445").timeout(None);
    /// ```
    pub fn timeout(mut self, timeout: impl Into<Option<Duration>>) -> Self {
        self.timeout = timeout.into();
        self
    }

    /// Limits how long opening a connection may take:
    /// [`DEFAULT_CONNECT_TIMEOUT`](Self::DEFAULT_CONNECT_TIMEOUT) unless set, `None` for no limit of
    /// its own (the [`timeout`](Self::timeout) of the whole call still applies). Ignored with
    /// `http_client` (feature `reqwest`), whose own settings apply.
    pub fn connect_timeout(mut self, timeout: impl Into<Option<Duration>>) -> Self {
        self.builtin.connect_timeout = timeout.into();
        self
    }

    /// The longest answer body a call reads, in bytes:
    /// [`DEFAULT_MAX_RESPONSE_BODY`](Self::DEFAULT_MAX_RESPONSE_BODY) unless set. A longer answer (or one
    /// whose `Content-Length` announces more) fails the call with an error for which
    /// [`Error::is_body_too_large`](crate::Error::is_body_too_large) holds, and reading stops there, so
    /// an endless answer cannot exhaust memory. Applies to both HTTP stacks.
    pub fn max_response_body(mut self, bytes: usize) -> Self {
        self.max_body = bytes;
        self
    }

    /// Sends every request through this HTTP proxy, `http://[user:password@]host:port`, whatever the
    /// environment says. Plain `http` requests are forwarded by the proxy; `https` ones go through a
    /// `CONNECT` tunnel, so the proxy never sees their content. Credentials in the URL are sent as
    /// `Proxy-Authorization` (basic) and never printed.
    ///
    /// Without this or [`no_proxy`](Self::no_proxy), the built-in stack reads `HTTP_PROXY`,
    /// `HTTPS_PROXY`, `ALL_PROXY` and `NO_PROXY` (or their lower-case forms) when the client is built,
    /// as curl and reqwest do. Ignored with `http_client`.
    pub fn proxy(mut self, url: impl Into<String>) -> Self {
        self.builtin.proxy = ProxyChoice::Url(url.into());
        self
    }

    /// Connects directly, ignoring the proxy environment variables.
    pub fn no_proxy(mut self) -> Self {
        self.builtin.proxy = ProxyChoice::Disabled;
        self
    }

    /// Trusts the certificates of this PEM document (one or more `CERTIFICATE` blocks) as roots, for
    /// example a private CA that signed Hydra's certificate. Adds to the platform's roots unless
    /// [`tls_built_in_root_certs(false)`](Self::tls_built_in_root_certs). Ignored with
    /// `http_client`.
    pub fn add_root_certificate_pem(mut self, pem: impl Into<Vec<u8>>) -> Self {
        self.builtin.tls.extra_roots_pem.push(pem.into());
        self
    }

    /// Whether the platform's trusted roots are used (the default). Turned off, only the certificates of
    /// [`add_root_certificate_pem`](Self::add_root_certificate_pem) are trusted.
    pub fn tls_built_in_root_certs(mut self, enabled: bool) -> Self {
        self.builtin.tls.built_in_roots = enabled;
        self
    }

    /// Presents this certificate chain (PEM, the client's certificate first) and private key (PEM;
    /// PKCS#8 works with every TLS feature) to servers that ask for a client certificate (mutual TLS).
    pub fn identity_pem(mut self, chain_pem: impl Into<Vec<u8>>, key_pem: impl Into<Vec<u8>>) -> Self {
        self.builtin.tls.identity = Some(Identity { chain_pem: chain_pem.into(), key_pem: key_pem.into() });
        self
    }

    /// Refuses TLS versions older than `version` (TLS 1.2 is the oldest ever accepted).
    pub fn min_tls_version(mut self, version: TlsVersion) -> Self {
        self.builtin.tls.min_version = Some(version);
        self
    }

    /// How long an idle pooled connection is kept for reuse (90 s by default, hyper's own); `None`
    /// keeps it until the server closes it. Set it below the idle timeout of a load balancer in front
    /// of Hydra, so the client never reuses a connection the balancer is about to drop.
    pub fn pool_idle_timeout(mut self, timeout: impl Into<Option<Duration>>) -> Self {
        self.builtin.pool_idle_timeout = timeout.into();
        self
    }

    /// The most idle connections kept open per host (no limit by default); `0` opens a new connection
    /// for every call.
    pub fn pool_max_idle_per_host(mut self, max: usize) -> Self {
        self.builtin.pool_max_idle_per_host = max;
        self
    }

    /// Offers HTTP/2 over TLS (ALPN `h2`, then `http/1.1`), so a server or proxy that supports it
    /// multiplexes calls over one connection. Needs the `http2` feature and rustls; building fails
    /// otherwise. `http` URLs always speak HTTP/1.1.
    pub fn http2(mut self, enabled: bool) -> Self {
        self.builtin.http2 = enabled;
        self
    }

    /// Replaces the default `User-Agent` (`hydra-client/<version>`).
    pub fn user_agent(mut self, user_agent: impl Into<String>) -> Self {
        self.user_agent = Some(user_agent.into());
        self
    }

    /// Sends requests through an existing `reqwest::Client` instead of the built-in HTTP stack, for its
    /// proxy, TLS, redirect or pool settings. Authentication, headers, user agent and timeout from this
    /// builder are added to each request; its proxy, TLS and connect-timeout settings are ignored. The
    /// built-in stack costs less per call and has proxies, private roots and mutual TLS of its own.
    ///
    /// The client must not follow redirects: build it with
    /// `redirect(reqwest::redirect::Policy::none())`. [`build`](Self::build) refuses one that follows
    /// them (reqwest's default), since following a redirect to another host sends it this client's
    /// default headers, request bodies (a created client's `client_secret`) and token forms (client
    /// secrets, refresh tokens); reqwest only drops `Authorization` and cookies on the way. Operations
    /// whose answer is a redirect (`oauth_auth`, `disconnect_user`, `Client::follow`) need the redirect
    /// itself anyway.
    ///
    /// ```
    /// # use ory_hydra_v1_client::Client;
    /// # fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// let http = reqwest::Client::builder().redirect(reqwest::redirect::Policy::none()).build()?;
    /// let hydra = Client::builder("http://127.0.0.1:4445").http_client(http).build()?;
    /// assert!(Client::builder("http://127.0.0.1:4445").http_client(reqwest::Client::new()).build().is_err());
    /// # Ok(()) }
    /// ```
    #[cfg(feature = "reqwest")]
    #[cfg_attr(docsrs, doc(cfg(feature = "reqwest")))]
    pub fn http_client(mut self, client: ory_hydra_v1_transport::reqwest::Client) -> Self {
        self.http = Some(client);
        self
    }

    /// Sends every request through `service`, any tower `Service` of HTTP requests, instead of the
    /// built-in stack: a fake in tests (tower-test's mock, or your own), or a stack of your own. The
    /// client still does everything above the wire: credentials (on the Admin side only), headers,
    /// the [`timeout`](Self::timeout) of the whole call, the [body limit](Self::max_response_body),
    /// [retries](Self::retry), tracing and the decoding of answers and errors; the builder's
    /// connection settings (proxy, TLS, pool, `connect_timeout`) are the service's business.
    ///
    /// The service gets `http::Request<`[`Body`](crate::service::Body)`>`s with absolute URIs
    /// (the base URL's scheme, host and port, then the path with its prefix and the query), one clone
    /// of it per request, after it is ready. Its answer may have any `http_body::Body`. Its errors
    /// become [`ErrorKind::Transport`](crate::ErrorKind::Transport) errors whose
    /// [`source`](std::error::Error::source) is the service's error; see
    /// [`HttpService::new`](crate::service::HttpService::new) for the ones read as timeouts or connect
    /// errors. Both sides share the service; a [`layer`](Self::layer) wraps it. `build` refuses it next
    /// to `http_client`.
    ///
    /// ```
    /// use ory_hydra_v1_client::{service::Body, Client};
    ///
    /// # fn main() -> Result<(), ory_hydra_v1_client::Error> {
    /// // Any `Service<http::Request<Body>>` will do: here a function that answers every call.
    /// let fake = tower::service_fn(|req: http::Request<Body>| async move {
    ///     assert_eq!(req.uri().path(), "/clients/billing");
    ///     Ok::<_, std::convert::Infallible>(http::Response::new(r#"{"client_id":"billing"}"#.to_string()))
    /// });
    /// let hydra = Client::builder("http://hydra-admin:4445").service(fake).build()?;
    /// # Ok(()) }
    /// ```
    pub fn service<S, B>(mut self, service: S) -> Self
    where
        S: ory_hydra_v1_transport::Service<http::Request<crate::service::Body>, Response = http::Response<B>>
            + Clone
            + Send
            + Sync
            + 'static,
        S::Future: Send + 'static,
        S::Error: Into<Box<dyn std::error::Error + Send + Sync>>,
        B: crate::service::HttpBody + Send + 'static,
        B::Data: Send,
        B::Error: Into<Box<dyn std::error::Error + Send + Sync>>,
    {
        self.service = Some(HttpService::new(service));
        self
    }

    /// Wraps the HTTP stack of each side in `layer`, a tower `Layer` (a rate or concurrency limit,
    /// metrics, a header a gateway wants...): the built-in stack with its connection settings (proxy,
    /// TLS, pool, `connect_timeout`), or the `reqwest::Client` of `http_client`, or the
    /// [`service`](Self::service). The layer wraps that stack as an
    /// [`HttpService`](crate::service::HttpService) and sees every request as
    /// [`service`](Self::service) describes, credentials included; the client's time limit, retries
    /// and body limit stay above it. Compose several layers with `tower::ServiceBuilder`; a second call
    /// replaces the first. Without a layer (and without a service) calls go straight to the built-in
    /// stack; with one, each request goes through a boxed service call or two more.
    ///
    /// ```
    /// use ory_hydra_v1_client::Client;
    ///
    /// # fn main() -> Result<(), ory_hydra_v1_client::Error> {
    /// // At most 8 calls in flight to each side; the others wait for a slot.
    /// let hydra = Client::builder("http://hydra-admin:4445")
    ///     .layer(tower::limit::ConcurrencyLimitLayer::new(8))
    ///     .build()?;
    /// # Ok(()) }
    /// ```
    pub fn layer<L, B>(mut self, layer: L) -> Self
    where
        L: ory_hydra_v1_transport::Layer<HttpService> + Send + Sync + 'static,
        L::Service: ory_hydra_v1_transport::Service<http::Request<crate::service::Body>, Response = http::Response<B>>
            + Clone
            + Send
            + Sync
            + 'static,
        <L::Service as ory_hydra_v1_transport::Service<http::Request<crate::service::Body>>>::Future: Send + 'static,
        <L::Service as ory_hydra_v1_transport::Service<http::Request<crate::service::Body>>>::Error:
            Into<Box<dyn std::error::Error + Send + Sync>>,
        B: crate::service::HttpBody + Send + 'static,
        B::Data: Send,
        B::Error: Into<Box<dyn std::error::Error + Send + Sync>>,
    {
        self.layer = Some(Arc::new(move |stack| HttpService::new(layer.layer(stack))));
        self
    }

    fn has_custom_http_client(&self) -> bool {
        #[cfg(feature = "reqwest")]
        return self.http.is_some() || self.service.is_some();
        #[cfg(not(feature = "reqwest"))]
        return self.service.is_some();
    }

    /// Checks the configuration and builds the client.
    ///
    /// # Errors
    /// [`ErrorKind::InvalidInput`](crate::ErrorKind::InvalidInput) for a base URL that is not absolute
    /// `http`/`https` or carries a query or fragment, a header name or value that is not valid HTTP or
    /// that frames the message, an `https` URL in a build without a TLS feature, a `reqwest::Client`
    /// (`http_client`) that follows redirects, or [`ErrorKind::Transport`](crate::ErrorKind::Transport)
    /// when TLS cannot be initialised.
    pub fn build(self) -> Result<C, Error>
    where
        C: From<Core>,
    {
        #[cfg(feature = "reqwest")]
        if self.http.as_ref().is_some_and(|http| !follows_no_redirects(http)) {
            return Err(Error::invalid_input(
                "the reqwest::Client given to ClientBuilder::http_client follows redirects, which would carry this \
                 client's headers and request bodies (secrets among them) to wherever a server points; build it \
                 with .redirect(reqwest::redirect::Policy::none())",
            ));
        }
        self.one_stack()?;
        let mut common = HeaderMap::new();
        common.insert(ACCEPT, HeaderValue::from_static("application/json"));
        let ua =
            self.user_agent.clone().unwrap_or_else(|| concat!("hydra-client/", env!("CARGO_PKG_VERSION")).to_string());
        common.insert(USER_AGENT, header_value("User-Agent", &ua)?);

        // The Public side gets only the common headers: the admin credentials and the caller's headers
        // (which often hold a gateway's key) stay on the Admin side.
        let mut admin_headers = common.clone();
        let auth_kind = self.admin_auth(&mut admin_headers)?;
        let header_names = self.user_headers(&mut admin_headers)?;

        let admin = match &self.base_url {
            Some(raw) => Some(self.endpoint(raw, admin_headers)?),
            None => None,
        };
        let public = match &self.public_url {
            Some(raw) => Some(self.endpoint(raw, common)?),
            None if admin.is_none() => {
                return Err(Error::invalid_input("a client needs an Admin or a Public base URL"))
            }
            None => None,
        };
        let tokens = match &self.auth {
            Some(Auth::Provider(source)) => Some(source.clone()),
            _ => None,
        };
        let inner = Inner { admin, public, auth: auth_kind, header_names, retry: self.retry.clone(), tokens };
        Ok(C::from(Core { inner: Arc::new(inner), per_call: None }))
    }

    /// Refuses two HTTP stacks at once: a service and a `reqwest::Client` would each replace the
    /// built-in one.
    fn one_stack(&self) -> Result<(), Error> {
        #[cfg(feature = "reqwest")]
        if self.service.is_some() && self.http.is_some() {
            return Err(Error::invalid_input(
                "ClientBuilder::service and ClientBuilder::http_client each replace the HTTP stack; give one",
            ));
        }
        Ok(())
    }

    /// Puts the admin credentials into `headers`.
    fn admin_auth(&self, headers: &mut HeaderMap) -> Result<AuthKind, Error> {
        let (kind, value) = match &self.auth {
            None => return Ok(AuthKind::None),
            Some(Auth::Basic { user, password }) => {
                use base64::Engine as _;
                let raw = match password {
                    Some(p) => format!("{user}:{p}"),
                    None => format!("{user}:"),
                };
                (AuthKind::Basic, format!("Basic {}", base64::engine::general_purpose::STANDARD.encode(raw)))
            }
            // RFC 6750 has no empty token: `Bearer ` is malformed, and a gateway refuses it as such.
            Some(Auth::Bearer(token)) if token.trim().is_empty() => {
                let message = "the bearer token is empty; leave bearer_token out to send no credentials";
                return Err(Error::invalid_input_with(message, None));
            }
            Some(Auth::Bearer(token)) => (AuthKind::Bearer, format!("Bearer {token}")),
            // Fetched when a call is made.
            Some(Auth::Provider(_)) => return Ok(AuthKind::Bearer),
        };
        let mut v = header_value("Authorization", &value)?;
        v.set_sensitive(true);
        headers.insert(AUTHORIZATION, v);
        Ok(kind)
    }

    /// Puts the caller's own headers into `headers` and returns their names.
    fn user_headers(&self, headers: &mut HeaderMap) -> Result<Vec<HeaderName>, Error> {
        // A user header replaces the builder's own header of that name (Authorization, User-Agent, Accept),
        // and repeats of one name are joined into one comma-separated value (equivalent in HTTP), so the
        // map holds one value per name and every transport sends the same thing.
        let mut header_names: Vec<HeaderName> = Vec::new();
        for (name, value) in &self.headers {
            let n = caller_header_name(name)?;
            let joined = match headers.get(&n) {
                Some(prev) if header_names.contains(&n) => {
                    let mut both = prev.as_bytes().to_vec();
                    both.extend_from_slice(b", ");
                    both.extend_from_slice(value.as_bytes());
                    String::from_utf8_lossy(&both).into_owned()
                }
                _ => value.clone(),
            };
            let mut v = header_value(name, &joined)?;
            v.set_sensitive(true);
            headers.insert(n.clone(), v);
            if !header_names.contains(&n) {
                header_names.push(n);
            }
        }
        Ok(header_names)
    }

    /// One listener: its URL checked, its own HTTP stack, and `headers` plus `Host`.
    fn endpoint(&self, raw: &str, mut headers: HeaderMap) -> Result<Endpoint, Error> {
        let base_url = parse_base_url(raw)?;
        if base_url.scheme() == "https" && !HAS_TLS && !self.has_custom_http_client() {
            return Err(Error::invalid_input(
                "an https base URL needs the `rustls` or `native-tls` feature of ory-hydra-v1-client, or a stack \
                 given to ClientBuilder::http_client or ClientBuilder::service",
            ));
        }
        let base_path = base_url.path().trim_end_matches('/').to_string();
        let transport = self.transport(&base_url).map_err(Error::setup)?;
        if let Some(mut auth) = transport.proxy_authorization() {
            auth.set_sensitive(true);
            headers.insert(http::header::PROXY_AUTHORIZATION, auth);
        }
        // Set once here (callers cannot set it): hyper would format it for every request.
        if let Some(host) = transport.host_header() {
            headers.insert(HOST, host);
        }
        Ok(Endpoint {
            transport,
            settings: Settings { headers, timeout: self.timeout, max_body: self.max_body },
            base_path,
            base_url,
        })
    }
}

impl<C> ClientBuilder<C> {
    /// The HTTP stack of one side: the caller's service, reqwest client or the built-in stack, under
    /// the caller's layer when there is one. Without a layer the built-in stack and reqwest are called
    /// directly, without the boxing a tower service costs.
    fn transport(&self, base_url: &Url) -> Result<Transport, Box<dyn std::error::Error + Send + Sync>> {
        // reqwest::Client is a handle to a shared pool, so both sides can use clones of the caller's.
        #[cfg(feature = "reqwest")]
        let reqwest = self.http.clone();
        #[cfg(not(feature = "reqwest"))]
        let reqwest: Option<std::convert::Infallible> = None;
        let below = match (&self.service, reqwest) {
            (Some(service), _) => Some(service.clone()),
            #[cfg(feature = "reqwest")]
            (None, Some(http)) if self.layer.is_some() => {
                Some(HttpService::new(ory_hydra_v1_transport::ReqwestService(http)))
            }
            #[cfg(feature = "reqwest")]
            (None, Some(http)) => return Ok(Transport::reqwest(base_url, http)),
            #[cfg(not(feature = "reqwest"))]
            (None, Some(never)) => match never {},
            (None, None) => None,
        };
        match (below, &self.layer) {
            (Some(service), Some(layer)) => Transport::service(base_url, layer(service)),
            (Some(service), None) => Transport::service(base_url, service),
            (None, Some(layer)) => Transport::layered(base_url, &self.builtin, &**layer),
            (None, None) => Transport::builtin(base_url, &self.builtin),
        }
    }
}

/// Headers that frame the message (its length, its encoding, its trailers) or the connection (its
/// target host, whether it stays open or changes protocol). The HTTP stack writes these from the request
/// itself; one from a caller would disagree with it (a short `Content-Length` truncates the body and the
/// call still "succeeds"), so no caller-supplied header may carry these names.
const FRAMING_HEADERS: [&str; 9] = [
    "content-length",
    "transfer-encoding",
    "host",
    "connection",
    "upgrade",
    "te",
    "trailer",
    "keep-alive",
    "proxy-connection",
];

/// A header name from the caller, checked: valid HTTP, and not one of the [`FRAMING_HEADERS`].
fn caller_header_name(name: &str) -> Result<HeaderName, Error> {
    let n = HeaderName::from_bytes(name.as_bytes())
        .map_err(|e| Error::invalid_input_with(format!("invalid header name {name:?}"), Some(Box::new(e))))?;
    if FRAMING_HEADERS.contains(&n.as_str()) {
        return Err(Error::invalid_input(format!(
            "header {:?} frames the message or the connection and is set by the HTTP stack only",
            n.as_str()
        )));
    }
    Ok(n)
}

/// Whether `client` never follows a redirect.
///
/// reqwest 0.13 offers no way to turn redirects off for one request, nor to read a client's policy, and
/// a followed redirect has already carried the request's headers and body elsewhere by the time its
/// answer arrives. What it does offer is its `Debug` output, which names the policy whenever it is not
/// the default (following up to 10): `redirect_policy: "Policy(None)"` for `Policy::none()`. Only that
/// exact text is accepted, so this fails closed: a limited or custom policy is refused, and so is every
/// client should a later reqwest print its policy otherwise (the test suites, which bring such clients,
/// would then fail at once rather than let secrets through).
#[cfg(feature = "reqwest")]
fn follows_no_redirects(client: &ory_hydra_v1_transport::reqwest::Client) -> bool {
    format!("{client:?}").contains(r#"redirect_policy: "Policy(None)""#)
}

fn header_value(name: &str, value: &str) -> Result<HeaderValue, Error> {
    HeaderValue::from_str(value).map_err(|e| {
        Error::invalid_input_with(
            format!("invalid value for header {name:?} (values are not shown)"),
            Some(Box::new(e)),
        )
    })
}

/// Checks a base URL. No message quotes it, since it may carry a password or a token (a refused
/// URL is exactly the one whose parts were not checked); the message names what is wrong instead.
fn parse_base_url(raw: &str) -> Result<Url, Error> {
    let refuse = |why: &'static str, source: Option<url::ParseError>| {
        let message = format!("the base URL {why} (the URL is not shown: it may hold credentials)");
        Error::invalid_input_with(message, source.map(|e| Box::new(e) as Box<dyn std::error::Error + Send + Sync>))
    };
    let url = Url::parse(raw).map_err(|e| refuse("is not an absolute URL", Some(e)))?;
    if !url.username().is_empty() || url.password().is_some() {
        return Err(refuse("must not embed credentials; use ClientBuilder::basic_auth", None));
    }
    if !matches!(url.scheme(), "http" | "https") {
        return Err(refuse("must use http or https", None));
    }
    if url.cannot_be_a_base() || url.host().is_none() {
        return Err(refuse("has no host", None));
    }
    if url.query().is_some() || url.fragment().is_some() {
        return Err(refuse("must not have a query or fragment", None));
    }
    Ok(url)
}

/// A base URL as `Debug` shows it: scheme, host, port and path only, since user info, query and
/// fragment may hold secrets; not at all when it is not an http(s) URL with a host (then its parts
/// cannot be told apart safely).
fn displayable_base_url(raw: &str) -> String {
    match Url::parse(raw) {
        Ok(url) if matches!(url.scheme(), "http" | "https") && url.has_host() => {
            let hidden = !url.username().is_empty()
                || url.password().is_some()
                || url.query().is_some()
                || url.fragment().is_some();
            let start = url[..url::Position::BeforeHost].len();
            let rest = &url[..url::Position::AfterPath][start..];
            let note = if hidden { " (user info, query or fragment not shown)" } else { "" };
            format!("{}://{rest}{note}", url.scheme())
        }
        _ => "<not an http(s) URL, not shown>".into(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn admin_path(c: &Core) -> &str {
        &c.inner.admin.as_ref().unwrap().base_path
    }

    #[test]
    fn a_default_client_has_a_time_limit_a_connect_limit_and_a_body_limit() {
        // Issue 24: a default client had no time limit, so a server dripping one byte a second held a
        // call for ever.
        let c = Core::new("http://admin").unwrap();
        let settings = &c.inner.admin.as_ref().unwrap().settings;
        assert_eq!(settings.timeout, Some(ClientBuilder::<Core>::DEFAULT_TIMEOUT));
        assert_eq!(settings.max_body, ClientBuilder::<Core>::DEFAULT_MAX_RESPONSE_BODY);
        let b = Core::builder("http://admin");
        assert_eq!(b.builtin.connect_timeout, Some(ClientBuilder::<Core>::DEFAULT_CONNECT_TIMEOUT));
        // Overridable, and `None` on purpose.
        let b = b.timeout(None).connect_timeout(None).max_response_body(10);
        assert_eq!((b.timeout, b.builtin.connect_timeout, b.max_body), (None, None, 10));
        let b = b.timeout(Duration::from_secs(3)).connect_timeout(Duration::from_secs(1));
        assert_eq!(
            (b.timeout, b.builtin.connect_timeout),
            (Some(Duration::from_secs(3)), Some(Duration::from_secs(1)))
        );
        let public = Core::public_builder("http://public").build().unwrap();
        assert_eq!(
            public.inner.public.as_ref().unwrap().settings.timeout,
            Some(ClientBuilder::<Core>::DEFAULT_TIMEOUT)
        );
    }

    #[test]
    fn base_url_keeps_its_prefix_without_trailing_slash() {
        let c = Core::new("https://example.com/hydra-admin/").unwrap();
        assert_eq!(admin_path(&c), "/hydra-admin");
        let c = Core::new("http://127.0.0.1:4445").unwrap();
        assert_eq!(admin_path(&c), "");
        let c = Core::builder("http://a").public_url("https://example.com/auth/").build().unwrap();
        assert_eq!(c.inner.public.as_ref().unwrap().base_path, "/auth");
    }

    #[test]
    fn admin_credentials_and_headers_stay_on_the_admin_side() {
        let c = Core::builder("http://admin")
            .public_url("http://public")
            .basic_auth("admin", Some("pw"))
            .default_header("X-Gateway-Key", "k")
            .build()
            .unwrap();
        let admin = &c.inner.admin.as_ref().unwrap().settings.headers;
        let public = &c.inner.public.as_ref().unwrap().settings.headers;
        assert!(admin.contains_key(AUTHORIZATION) && admin.contains_key("x-gateway-key"));
        assert!(!public.contains_key(AUTHORIZATION), "{public:?}");
        assert!(!public.contains_key("x-gateway-key"), "{public:?}");
        assert_eq!(public.get(HOST).unwrap(), "public");
        assert_eq!(admin.get(HOST).unwrap(), "admin");
    }

    #[test]
    fn a_client_needs_one_url_and_reports_the_missing_side() {
        let c = Core::public_builder("http://public:4444").build().unwrap();
        assert!(c.admin_url().is_none());
        assert_eq!(c.base_url().as_str(), "http://public:4444/");
        let err = c.inner.endpoint(crate::test_ops::named("get_o_auth2_client")).err().unwrap();
        assert!(err.is_invalid_input() && err.to_string().contains("no Admin base URL"), "{err}");
        assert_eq!(err.operation_name(), Some("get_o_auth2_client"));
        let c = Core::new("http://admin").unwrap();
        let err = c.inner.endpoint(crate::test_ops::named("oauth2_token")).err().unwrap();
        assert!(err.to_string().contains("no Public base URL"), "{err}");
        let mut b = Core::public_builder("http://p");
        b.public_url = None;
        assert!(b.build().unwrap_err().is_invalid_input());
        assert!(Core::builder("http://a").public_url("ftp://p").build().unwrap_err().is_invalid_input());
    }

    /// `bearer_token(std::env::var("T").unwrap_or_default())` with `T` unset would send a malformed
    /// `Authorization: Bearer `: the builder refuses an empty token instead of sending one.
    #[test]
    fn an_empty_bearer_token_is_refused_at_build() {
        for empty in ["", "  "] {
            let err = Core::builder("http://admin").bearer_token(empty).build().unwrap_err();
            assert!(err.is_invalid_input() && err.to_string().contains("bearer token is empty"), "{err}");
        }
        assert!(Core::builder("http://admin").bearer_token("t0ken").build().is_ok());
    }

    #[test]
    fn bad_base_urls_are_invalid_input() {
        for bad in ["", "127.0.0.1:4445", "ftp://x", "http://h/?a=1", "http://h/#f", "mailto:x@y", "http://u:p@h/"] {
            let err = Core::new(bad).unwrap_err();
            assert!(err.is_invalid_input(), "{bad}: {err:?}");
        }
    }

    #[test]
    fn debug_shows_only_the_safe_parts_of_a_base_url() {
        assert_eq!(displayable_base_url("http://127.0.0.1:4445/admin/"), "http://127.0.0.1:4445/admin/");
        assert_eq!(
            displayable_base_url("https://u:pw@h:1/p?t=tok#f"),
            "https://h:1/p (user info, query or fragment not shown)"
        );
        for hidden in ["http://u:pw@h:99999/", "ftp://u:pw@h/", "u:pw@h", ""] {
            assert_eq!(displayable_base_url(hidden), "<not an http(s) URL, not shown>", "{hidden}");
        }
    }

    #[test]
    fn debug_hides_credentials_and_header_values() {
        let b = Core::builder("http://h")
            .basic_auth("admin", Some("hunter2-password"))
            .default_header("X-Api-Key", "key-value-secret");
        let c = b.clone().build().unwrap();
        for printed in [format!("{b:?}"), format!("{c:?}")] {
            assert!(!printed.contains("hunter2"), "{printed}");
            assert!(!printed.contains("key-value-secret"), "{printed}");
            assert!(printed.contains("Basic"), "{printed}");
        }
        let c = Core::builder("http://h").bearer_token("tok-secret").build().unwrap();
        assert!(!format!("{c:?}").contains("tok-secret"));
    }
}
