//! The client handle and its builder: base URL, authentication, headers and the HTTP stack underneath.

use std::fmt;
use std::sync::Arc;
use std::time::Duration;

use http::header::{HeaderMap, HeaderName, HeaderValue, ACCEPT, AUTHORIZATION, HOST, USER_AGENT};
use url::Url;

use crate::Error;
use ory_hydra_v1_transport::{Settings, Transport, HAS_TLS};

/// A client for the Hydra Admin API. Cheap to clone: clones share one connection pool and configuration.
///
/// Build one with [`Client::new`] or [`Client::builder`]; every Admin API operation is a method on it.
#[derive(Clone)]
pub struct Client {
    pub(crate) inner: Arc<Inner>,
}

pub(crate) struct Inner {
    pub(crate) transport: Transport,
    pub(crate) settings: Settings,
    /// The path of the base URL without its trailing `/`, ready for operation paths to be appended.
    pub(crate) base_path: String,
    /// The parsed base URL; each request clones it and sets only path and query, so the scheme and
    /// host are parsed once here rather than on every call.
    pub(crate) base_url: Url,
    auth: AuthKind,
    header_names: Vec<HeaderName>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum AuthKind {
    None,
    Basic,
    Bearer,
}

impl Client {
    /// A client for the Admin API at `base_url` (for example `http://127.0.0.1:4445`) with default settings.
    ///
    /// # Errors
    /// [`ErrorKind::InvalidInput`](crate::ErrorKind::InvalidInput) when the URL is not an absolute
    /// `http`/`https` URL without query or fragment.
    pub fn new(base_url: &str) -> Result<Self, Error> {
        Self::builder(base_url).build()
    }

    /// Starts configuring a client for the Admin API at `base_url`.
    ///
    /// The URL may carry a path prefix such as `https://example.com/hydra-admin/`; every operation path
    /// is appended to it, including the pages that `Link` headers point to.
    pub fn builder(base_url: impl Into<String>) -> ClientBuilder {
        ClientBuilder {
            base_url: base_url.into(),
            auth: None,
            headers: Vec::new(),
            timeout: None,
            connect_timeout: None,
            user_agent: None,
            #[cfg(feature = "reqwest")]
            http: None,
        }
    }

    /// The base URL every operation path is appended to.
    pub fn base_url(&self) -> &Url {
        &self.inner.base_url
    }
}

impl fmt::Debug for Client {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Client")
            .field("base_url", &self.inner.base_url.as_str())
            .field("auth", &self.inner.auth)
            .field("extra_headers", &self.inner.header_names)
            .finish_non_exhaustive()
    }
}

#[derive(Clone)]
enum Auth {
    Basic { user: String, password: Option<String> },
    Bearer(String),
}

/// Configures a [`Client`]. Secrets given to it never appear in its `Debug` output.
#[derive(Clone)]
#[must_use]
pub struct ClientBuilder {
    base_url: String,
    auth: Option<Auth>,
    headers: Vec<(String, String)>,
    timeout: Option<Duration>,
    connect_timeout: Option<Duration>,
    user_agent: Option<String>,
    #[cfg(feature = "reqwest")]
    http: Option<ory_hydra_v1_transport::reqwest::Client>,
}

impl fmt::Debug for ClientBuilder {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let auth = match &self.auth {
            None => AuthKind::None,
            Some(Auth::Basic { .. }) => AuthKind::Basic,
            Some(Auth::Bearer(_)) => AuthKind::Bearer,
        };
        let names: Vec<&str> = self.headers.iter().map(|(n, _)| n.as_str()).collect();
        f.debug_struct("ClientBuilder")
            .field("base_url", &self.base_url)
            .field("auth", &auth)
            .field("extra_headers", &names)
            .field("timeout", &self.timeout)
            .field("connect_timeout", &self.connect_timeout)
            .field("user_agent", &self.user_agent)
            .field("custom_http_client", &self.has_custom_http_client())
            .finish()
    }
}

impl ClientBuilder {
    /// Sends HTTP basic credentials with every request (replaces a bearer token set earlier).
    pub fn basic_auth(mut self, user: impl Into<String>, password: Option<impl Into<String>>) -> Self {
        self.auth = Some(Auth::Basic { user: user.into(), password: password.map(Into::into) });
        self
    }

    /// Sends `Authorization: Bearer <token>` with every request (replaces basic credentials set earlier).
    pub fn bearer_token(mut self, token: impl Into<String>) -> Self {
        self.auth = Some(Auth::Bearer(token.into()));
        self
    }

    /// Adds a header to every request, such as one a gateway in front of Hydra needs. Values are treated
    /// as sensitive: they are never printed. A header named like one the builder sets (`Authorization`,
    /// `User-Agent`, `Accept`) replaces it; repeating a name sends all its values, comma-separated.
    pub fn default_header(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        self.headers.push((name.into(), value.into()));
        self
    }

    /// Limits how long a whole call (connect, send, receive the whole body) may take. Timing needs the
    /// tokio runtime's time driver (`enable_time` or `enable_all` on its builder, or `#[tokio::main]`).
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = Some(timeout);
        self
    }

    /// Limits how long connecting may take. Ignored with [`http_client`](Self::http_client), whose own
    /// settings apply.
    pub fn connect_timeout(mut self, timeout: Duration) -> Self {
        self.connect_timeout = Some(timeout);
        self
    }

    /// Replaces the default `User-Agent` (`hydra-client/<version>`).
    pub fn user_agent(mut self, user_agent: impl Into<String>) -> Self {
        self.user_agent = Some(user_agent.into());
        self
    }

    /// Sends requests through an existing `reqwest::Client` instead of the built-in HTTP stack, for its
    /// proxy, TLS, redirect or pool settings. Authentication, headers, user agent and timeout from this
    /// builder are added to each request. The built-in stack connects directly (no proxy) and costs less
    /// per call; this is the way to reach Hydra through a proxy.
    #[cfg(feature = "reqwest")]
    pub fn http_client(mut self, client: ory_hydra_v1_transport::reqwest::Client) -> Self {
        self.http = Some(client);
        self
    }

    fn has_custom_http_client(&self) -> bool {
        #[cfg(feature = "reqwest")]
        return self.http.is_some();
        #[cfg(not(feature = "reqwest"))]
        return false;
    }

    /// Checks the configuration and builds the client.
    ///
    /// # Errors
    /// [`ErrorKind::InvalidInput`](crate::ErrorKind::InvalidInput) for a base URL that is not absolute
    /// `http`/`https` or carries a query or fragment, a header name or value that is not valid HTTP, an
    /// `https` URL in a build without a TLS feature, or [`ErrorKind::Transport`](crate::ErrorKind::Transport)
    /// when TLS cannot be initialised.
    pub fn build(self) -> Result<Client, Error> {
        let base_url = parse_base_url(&self.base_url)?;
        if base_url.scheme() == "https" && !HAS_TLS && !self.has_custom_http_client() {
            return Err(Error::invalid_input(
                "an https base URL needs the `rustls` or `native-tls` feature of ory-hydra-v1-client, or a client \
                 given to ClientBuilder::http_client",
            ));
        }
        let base_path = base_url.path().trim_end_matches('/').to_string();

        let mut headers = HeaderMap::new();
        headers.insert(ACCEPT, HeaderValue::from_static("application/json"));
        let ua = self.user_agent.unwrap_or_else(|| concat!("hydra-client/", env!("CARGO_PKG_VERSION")).to_string());
        headers.insert(USER_AGENT, header_value("User-Agent", &ua)?);
        let auth_kind = match &self.auth {
            None => AuthKind::None,
            Some(Auth::Basic { user, password }) => {
                use base64::Engine as _;
                let raw = match password {
                    Some(p) => format!("{user}:{p}"),
                    None => format!("{user}:"),
                };
                let mut v = header_value(
                    "Authorization",
                    &format!("Basic {}", base64::engine::general_purpose::STANDARD.encode(raw)),
                )?;
                v.set_sensitive(true);
                headers.insert(AUTHORIZATION, v);
                AuthKind::Basic
            }
            Some(Auth::Bearer(token)) => {
                let mut v = header_value("Authorization", &format!("Bearer {token}"))?;
                v.set_sensitive(true);
                headers.insert(AUTHORIZATION, v);
                AuthKind::Bearer
            }
        };
        // A user header replaces the builder's own header of that name (Authorization, User-Agent, Accept),
        // and repeats of one name are joined into one comma-separated value (equivalent in HTTP), so the
        // map holds one value per name and every transport sends the same thing.
        let mut header_names: Vec<HeaderName> = Vec::new();
        for (name, value) in &self.headers {
            let n = HeaderName::from_bytes(name.as_bytes()).map_err(|e| Error::InvalidInput {
                message: format!("invalid header name {name:?}"),
                source: Some(Box::new(e)),
            })?;
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

        #[cfg(feature = "reqwest")]
        let custom = self.http.map(|http| Transport::reqwest(&base_url, http));
        #[cfg(not(feature = "reqwest"))]
        let custom = None;
        let transport = match custom {
            Some(t) => t,
            None => Transport::builtin(&base_url, self.connect_timeout)
                .map_err(|source| Error::Transport { operation: "build client", source })?,
        };
        // Set once here, unless the caller chose their own: hyper would format it for every request.
        if let Some(host) = transport.host_header() {
            headers.entry(HOST).or_insert(host);
        }
        Ok(Client {
            inner: Arc::new(Inner {
                transport,
                settings: Settings { headers, timeout: self.timeout },
                base_path,
                base_url,
                auth: auth_kind,
                header_names,
            }),
        })
    }
}

fn header_value(name: &str, value: &str) -> Result<HeaderValue, Error> {
    HeaderValue::from_str(value).map_err(|e| Error::InvalidInput {
        message: format!("invalid value for header {name:?} (values are not shown)"),
        source: Some(Box::new(e)),
    })
}

fn parse_base_url(raw: &str) -> Result<Url, Error> {
    let url = Url::parse(raw).map_err(|e| Error::InvalidInput {
        message: format!("invalid base URL {raw:?}: {e}"),
        source: Some(Box::new(e)),
    })?;
    if !matches!(url.scheme(), "http" | "https") {
        return Err(Error::invalid_input(format!("base URL {raw:?} must use http or https")));
    }
    if url.cannot_be_a_base() || url.host().is_none() {
        return Err(Error::invalid_input(format!("base URL {raw:?} has no host")));
    }
    if url.query().is_some() || url.fragment().is_some() {
        return Err(Error::invalid_input(format!("base URL {raw:?} must not have a query or fragment")));
    }
    if !url.username().is_empty() || url.password().is_some() {
        return Err(Error::invalid_input(
            "base URL must not embed credentials; use ClientBuilder::basic_auth (the URL is not shown)",
        ));
    }
    Ok(url)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base_url_keeps_its_prefix_without_trailing_slash() {
        let c = Client::new("https://example.com/hydra-admin/").unwrap();
        assert_eq!(c.inner.base_path, "/hydra-admin");
        let c = Client::new("http://127.0.0.1:4445").unwrap();
        assert_eq!(c.inner.base_path, "");
    }

    #[test]
    fn bad_base_urls_are_invalid_input() {
        for bad in ["", "127.0.0.1:4445", "ftp://x", "http://h/?a=1", "http://h/#f", "mailto:x@y", "http://u:p@h/"] {
            let err = Client::new(bad).unwrap_err();
            assert!(err.is_invalid_input(), "{bad}: {err:?}");
        }
    }

    #[test]
    fn debug_hides_credentials_and_header_values() {
        let b = Client::builder("http://h")
            .basic_auth("admin", Some("hunter2-password"))
            .default_header("X-Api-Key", "key-value-secret");
        let c = b.clone().build().unwrap();
        for printed in [format!("{b:?}"), format!("{c:?}")] {
            assert!(!printed.contains("hunter2"), "{printed}");
            assert!(!printed.contains("key-value-secret"), "{printed}");
            assert!(printed.contains("Basic"), "{printed}");
        }
        let c = Client::builder("http://h").bearer_token("tok-secret").build().unwrap();
        assert!(!format!("{c:?}").contains("tok-secret"));
    }
}
