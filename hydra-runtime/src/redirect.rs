//! Answers that send a browser elsewhere. Operations such as `oauth_auth` and `disconnect_user` are
//! browser endpoints: Hydra answers them with a redirect and cookies. The client does not follow the
//! redirect; it hands back where the browser would go and keeps the cookies in a [`Cookies`] jar, so a
//! program can play the browser's part step by step (tests, command-line tools, headless flows).

use std::fmt;

use http::StatusCode;
use url::Url;

use crate::wire::Redacted;
use crate::{Cookies, Core, Error};

impl Core {
    /// Plays the browser's next step of a flow: requests `url` on the Public API with the jar's cookies
    /// and returns where the server sends the browser next, storing the cookies it sets. `url` is a
    /// `redirect_to` Hydra handed out after a login, consent or logout was accepted, or the location of an
    /// earlier [`Redirect`]; a relative URL is taken relative to the Public base URL, and one that starts
    /// with `/` from its host's root, as a browser takes it (behind a proxy's path prefix, pass the
    /// absolute URL).
    ///
    /// # Errors
    /// [`ErrorKind::InvalidInput`](crate::ErrorKind::InvalidInput), without sending anything, when the
    /// client has no Public base URL, `url` is not under it (its path is judged after `.` and `..`
    /// segments are resolved, and one with an escaped `/`, `\` or dot segment is refused), or `cookies`
    /// belongs to another server: the jar's cookies only go to the server that set them. Otherwise as for any operation; an answer that is not a redirect is
    /// [`ErrorKind::Decode`](crate::ErrorKind::Decode).
    pub async fn follow(&self, url: &str, cookies: &mut Cookies) -> Result<Redirect, Error> {
        const OPERATION: &str = "follow";
        let base = &self.inner.endpoint(&crate::operation::FOLLOW)?.base_url;
        // The base URL names the API's root, so a relative URL goes under it whether or not the base was
        // written with a trailing `/` (`Url::join` would otherwise replace its last segment).
        let mut root = base.clone();
        if !root.path().ends_with('/') {
            root.set_path(&format!("{}/", root.path()));
        }
        let target = root.join(url).map_err(|e| {
            Error::invalid_input_with(format!("{OPERATION}: not a URL (not shown): {e}"), Some(Box::new(e)))
        })?;
        if let Some(why) = path_problem(target.path()) {
            return Err(Error::invalid_call(
                &crate::operation::FOLLOW,
                format!("the URL's path {why} (the URL is not shown)"),
            ));
        }
        let prefix = base.path().trim_end_matches('/');
        let under_base = target.path() == prefix || target.path().starts_with(&format!("{prefix}/"));
        if target.origin() != base.origin() || !under_base {
            let mut message = format!("the URL is not under the Public base URL {base}; cookies are only sent there");
            if is_root_path(url) && !prefix.is_empty() {
                // A browser takes `/oauth2/auth` from the host's root too; say so, since behind a
                // proxy's prefix this is the usual way to get here.
                message.push_str(&format!(
                    ". A URL that starts with `/` is taken from the host's root, not from under `{prefix}`: \
                     pass the absolute URL, or the path with `{prefix}` in front"
                ));
            }
            return Err(Error::invalid_call(&crate::operation::FOLLOW, message));
        }
        let mut call = crate::__rt::Call::new(self, &crate::operation::FOLLOW);
        call.set_target(target.path(), target.query());
        call.send_redirect(cookies).await
    }
}

/// Whether `url` is a path from the host's root (`/x`), not a network-path (`//host/x`) or relative one.
fn is_root_path(url: &str) -> bool {
    url.starts_with('/') && !url.starts_with("//") && !url.starts_with("/\\")
}

/// Why `path` (as the URL parser left it: literal and `%2E` dot segments already resolved) could lead
/// a server elsewhere than the path says, or `None`. A segment holding an escaped `/` or `\`, or one
/// that decodes to `.` or `..`, is resolved by some servers after the prefix check here has passed it
/// (`/pub/..%2f..%2fadmin/clients`), so such paths are refused rather than guessed at.
fn path_problem(path: &str) -> Option<&'static str> {
    for segment in path.split('/') {
        let decoded = percent_encoding::percent_decode_str(segment).collect::<Vec<u8>>();
        if decoded.contains(&b'/') || decoded.contains(&b'\\') {
            return Some("holds an escaped `/` or `\\`");
        }
        if decoded == b"." || decoded == b".." {
            return Some("holds an escaped `.` or `..` segment");
        }
    }
    None
}

/// Where the server sends the browser: the status, the `Location` target, and the cookies it set.
///
/// `Debug` shows the target without its query and fragment (they carry authorization codes, tokens and
/// challenges) and only the names of the cookies.
#[derive(Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct Redirect {
    /// The redirect status (302 or 303 from Hydra).
    pub status: StatusCode,
    /// The `Location` header, resolved against the URL that was requested.
    pub location: Url,
    /// Every `Set-Cookie` header of the answer, as sent. The same cookies are already stored in the jar
    /// the call was given.
    pub set_cookies: Vec<String>,
}

impl Redirect {
    /// The first value of a query parameter of the target, decoded, e.g. `login_challenge`, `code` or
    /// `error`.
    pub fn query_param(&self, name: &str) -> Option<String> {
        self.location.query_pairs().find(|(k, _)| k == name).map(|(_, v)| v.into_owned())
    }

    /// The first value of a parameter in the target's fragment, decoded: the implicit and hybrid
    /// flows return tokens there (`#access_token=...`).
    pub fn fragment_param(&self, name: &str) -> Option<String> {
        let fragment = self.location.fragment()?;
        form_urlencoded::parse(fragment.as_bytes()).find(|(k, _)| k == name).map(|(_, v)| v.into_owned())
    }
}

impl fmt::Debug for Redirect {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut shown = self.location.clone();
        let hidden = shown.query().is_some() || shown.fragment().is_some();
        shown.set_query(None);
        shown.set_fragment(None);
        // A user name and password in the target (`https://user:pass@app/cb`) are credentials too.
        let user_info = !shown.username().is_empty() || shown.password().is_some();
        // Both fail only for a URL that cannot have user info, which then has none to hide.
        let _ = shown.set_username("");
        let _ = shown.set_password(None);
        let names: Vec<&str> = self.set_cookies.iter().map(|c| cookie_name(c)).collect();
        f.debug_struct("Redirect")
            .field("status", &self.status)
            .field("location", &shown.as_str())
            .field("user_info", &user_info.then_some(Redacted))
            .field("query_and_fragment", &hidden.then_some(Redacted))
            .field("set_cookies", &names)
            .finish()
    }
}

fn cookie_name(set_cookie: &str) -> &str {
    set_cookie.split(['=', ';']).next().unwrap_or_default().trim()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_with_escaped_separators_or_dot_segments_are_refused() {
        for bad in ["/pub/..%2f..%2fadmin", "/a%2Fb", "/a%5cb", "/pub/%2e%2e", "/pub/.%2E/x", "/%2e/x"] {
            assert!(path_problem(bad).is_some(), "{bad}");
        }
        for good in ["/pub/oauth2/auth", "/a%20b/c", "/...", "/a.b/..c", "/"] {
            assert_eq!(path_problem(good), None, "{good}");
        }
    }

    /// Behind a proxy's prefix, a path from the host's root is refused (it is not under the base) with
    /// a message that says why and what to pass instead; nothing is sent.
    #[tokio::test]
    async fn a_root_path_under_a_prefixed_base_is_refused_with_a_hint() {
        let hydra = Core::public_builder("http://127.0.0.1:9/hydra/").build().unwrap();
        let err = hydra.follow("/oauth2/auth?client_id=c", &mut Cookies::new()).await.unwrap_err();
        let message = err.to_string();
        assert!(err.is_invalid_input(), "{message}");
        assert!(message.contains("taken from the host's root") && message.contains("`/hydra`"), "{message}");
        assert!(!message.contains("client_id"), "the URL is not shown: {message}");

        let err = hydra.follow("https://elsewhere/x", &mut Cookies::new()).await.unwrap_err();
        assert!(!err.to_string().contains("host's root"), "no hint for another origin: {err}");
        // A path-relative URL goes under the prefix, whether the base has its trailing `/` or not. A jar
        // bound to another server stops the call before anything is sent, and only once the URL has
        // passed as under the base.
        for base in ["http://127.0.0.1:9/hydra", "http://127.0.0.1:9/hydra/"] {
            let hydra = Core::public_builder(base).build().unwrap();
            let mut elsewhere = Cookies::new();
            elsewhere.header_for(&Url::parse("http://other.example/").unwrap(), &crate::operation::FOLLOW).unwrap();
            let err = hydra.follow("oauth2/auth", &mut elsewhere).await.unwrap_err();
            assert!(err.to_string().contains("cookie jar belongs to"), "{base}: {err}");
        }
        let bare = Core::public_builder("http://127.0.0.1:9/").build().unwrap();
        let err = bare.follow("//other/x", &mut Cookies::new()).await.unwrap_err();
        assert!(!err.to_string().contains("host's root"), "no hint without a prefix: {err}");
    }

    #[test]
    fn debug_hides_cookie_values_and_the_target_query() {
        let mut jar = Cookies::new();
        jar.store("csrf=secret-value");
        assert!(!format!("{jar:?}").contains("secret-value"));
        let r = Redirect {
            status: StatusCode::FOUND,
            location: Url::parse("http://app/cb?code=the-code#access_token=tok").unwrap(),
            set_cookies: vec!["csrf=secret-value; Path=/".into()],
        };
        let printed = format!("{r:?}");
        for secret in ["the-code", "tok", "secret-value"] {
            assert!(!printed.contains(secret), "{printed}");
        }
        assert!(printed.contains("http://app/cb") && printed.contains("csrf"), "{printed}");
        assert_eq!(r.query_param("code").as_deref(), Some("the-code"));
        assert_eq!(r.fragment_param("access_token").as_deref(), Some("tok"));
    }

    #[test]
    fn debug_hides_user_info_in_the_target() {
        let r = Redirect {
            status: StatusCode::FOUND,
            location: Url::parse("https://cb-user:cb-password@app.example/cb").unwrap(),
            set_cookies: Vec::new(),
        };
        let printed = format!("{r:?}");
        assert!(!printed.contains("cb-user") && !printed.contains("cb-password"), "{printed}");
        assert!(printed.contains("https://app.example/cb") && printed.contains("user_info: Some"), "{printed}");
        assert_eq!(r.location.password(), Some("cb-password"), "the value itself is intact");
    }
}
