//! Which proxy, if any, a client's requests go through. Decided once when the client is built: every
//! request goes to the base URL's host, so one answer holds for all of them.

use http::header::HeaderValue;
use http::Uri;
use hyper_util::client::proxy::matcher::Matcher;

use crate::BoxError;

/// The proxy setting of the built-in stack.
#[derive(Clone, Default)]
pub enum ProxyChoice {
    /// `HTTP_PROXY`, `HTTPS_PROXY`, `ALL_PROXY` and `NO_PROXY` (or their lower-case forms) as curl reads
    /// them, and the operating system's settings with the `system-proxy` feature.
    #[default]
    FromEnvironment,
    /// Always connect directly.
    Disabled,
    /// This `http://[user:password@]host:port` proxy for every request, whatever the environment says.
    Url(String),
}

/// A proxy to use: its address (without credentials) and the `Proxy-Authorization` value to send, if any.
pub(crate) struct Chosen {
    pub(crate) uri: Uri,
    pub(crate) auth: Option<HeaderValue>,
}

/// The proxy for requests to `base` (scheme and authority), or `None` to connect directly.
pub(crate) fn choose(choice: &ProxyChoice, base: &Uri) -> Result<Option<Chosen>, BoxError> {
    let matcher = match choice {
        ProxyChoice::Disabled => return Ok(None),
        ProxyChoice::FromEnvironment => Matcher::from_system(),
        ProxyChoice::Url(url) => {
            check_explicit(url)?;
            Matcher::builder().all(url.as_str()).build()
        }
    };
    let Some(intercept) = matcher.intercept(base) else { return Ok(None) };
    // The matcher keeps credentials apart, so this address can be shown.
    let uri = intercept.uri().clone();
    if uri.scheme() != Some(&http::uri::Scheme::HTTP) {
        return Err(format!(
            "the proxy {uri} chosen for {base} is not an http:// proxy, which is all the built-in stack can \
             use; set ClientBuilder::proxy or no_proxy, or send through ClientBuilder::http_client"
        )
        .into());
    }
    Ok(Some(Chosen { uri, auth: intercept.basic_auth().cloned() }))
}

/// Refuses an explicit proxy URL the matcher would silently ignore. The URL is never echoed: it may
/// carry a password.
fn check_explicit(url: &str) -> Result<(), BoxError> {
    let parsed: Uri = url.parse().map_err(|_| "the proxy URL does not parse (the URL is not shown)")?;
    if parsed.scheme_str() != Some("http") || parsed.host().is_none_or(str::is_empty) {
        return Err("the proxy URL must be http://[user:password@]host:port (the URL is not shown)".into());
    }
    Ok(())
}
