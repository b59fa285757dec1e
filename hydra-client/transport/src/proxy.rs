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
    let uri = intercept.uri().clone();
    // The matcher splits the user info off at the first `@`, where curl and the URL standard take the
    // last: with a password such as `p@ss` left unescaped, the rest of the password stays in the address
    // (shown by `Debug`) and the proxy is sent a wrong one. Refused, without showing the URL.
    if uri.authority().is_some_and(|a| a.as_str().contains('@')) {
        return Err("the proxy URL's user info holds an unescaped `@`; write it as %40 (the URL is not shown)".into());
    }
    // With that ruled out, the matcher keeps credentials apart, so this address can be shown.
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_unescaped_at_sign_in_the_password_is_refused_without_showing_it() {
        let base: Uri = "http://hydra.example:4445/".parse().unwrap();
        let err = match choose(&ProxyChoice::Url("http://user:p@ss-word@proxy.example:3128".into()), &base) {
            Err(e) => e.to_string(),
            Ok(chosen) => panic!("accepted, showing {:?}", chosen.map(|c| c.uri)),
        };
        assert!(err.contains("%40") && !err.contains("ss-word"), "{err}");
        // Escaped, the same password is fine and stays out of the address.
        let chosen = choose(&ProxyChoice::Url("http://user:p%40ss-word@proxy.example:3128".into()), &base);
        let chosen = chosen.unwrap().unwrap();
        assert_eq!(chosen.uri.to_string(), "http://proxy.example:3128/");
        assert!(chosen.auth.is_some());
    }
}
