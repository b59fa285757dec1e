//! Answers that send a browser elsewhere. Operations such as `oauth_auth` and `disconnect_user` are
//! browser endpoints: Hydra answers them with a redirect and cookies. The client does not follow the
//! redirect; it hands back where the browser would go and keeps the cookies in a [`Cookies`] jar, so a
//! program can play the browser's part step by step (tests, command-line tools, headless flows).

use std::fmt;
use std::time::SystemTime;

use http::StatusCode;
use url::Url;

use crate::client::Side;
use crate::wire::Redacted;
use crate::{Client, Error};

impl Client {
    /// Plays the browser's next step of a flow: requests `url` on the Public API with the jar's cookies
    /// and returns where the server sends the browser next, storing the cookies it sets. `url` is a
    /// `redirect_to` Hydra handed out after a login, consent or logout was accepted, or the location of an
    /// earlier [`Redirect`]; a relative URL is taken relative to the Public base URL.
    ///
    /// # Errors
    /// [`ErrorKind::InvalidInput`](crate::ErrorKind::InvalidInput), without sending anything, when the
    /// client has no Public base URL or `url` is not under it: the jar's cookies only go to the server
    /// that set them. Otherwise as for any operation; an answer that is not a redirect is
    /// [`ErrorKind::Decode`](crate::ErrorKind::Decode).
    pub async fn follow(&self, url: &str, cookies: &mut Cookies) -> Result<Redirect, Error> {
        const OPERATION: &str = "follow";
        let base = &self.inner.endpoint(Side::Public, OPERATION)?.base_url;
        let target = base.join(url).map_err(|e| {
            Error::invalid_input_with(format!("{OPERATION}: not a URL (not shown): {e}"), Some(Box::new(e)))
        })?;
        let prefix = base.path().trim_end_matches('/');
        let under_base = target.path() == prefix || target.path().starts_with(&format!("{prefix}/"));
        if target.origin() != base.origin() || !under_base {
            let message = format!("the URL is not under the Public base URL {base}; cookies are only sent there");
            return Err(Error::invalid_call(&crate::operation::FOLLOW, message));
        }
        let mut call = crate::__rt::Call::new(self, &crate::operation::FOLLOW);
        call.set_target(target.path(), target.query());
        call.send_redirect(cookies).await
    }
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
        let names: Vec<&str> = self.set_cookies.iter().map(|c| cookie_name(c)).collect();
        f.debug_struct("Redirect")
            .field("status", &self.status)
            .field("location", &shown.as_str())
            .field("query_and_fragment", &hidden.then_some(Redacted))
            .field("set_cookies", &names)
            .finish()
    }
}

fn cookie_name(set_cookie: &str) -> &str {
    set_cookie.split(['=', ';']).next().unwrap_or_default().trim()
}

/// A minimal cookie jar for one Hydra Public API: what a browser would keep between the steps of a
/// login, consent or logout flow (Hydra's CSRF and session cookies).
///
/// Operations that answer with a redirect send the jar's cookies and store the ones the answer sets.
/// The jar keeps name and value only: it is meant for one server, so domain and path are not
/// checked; a cookie the server expires (`Max-Age=0`, a past `Expires`, or an empty value) is removed.
/// `Debug` prints the names only.
#[derive(Clone, Default, PartialEq, Eq)]
pub struct Cookies {
    pairs: Vec<(String, String)>,
}

impl Cookies {
    /// An empty jar.
    pub fn new() -> Self {
        Self::default()
    }

    /// Stores (or replaces, or removes) a cookie from the value of one `Set-Cookie` header. Values that
    /// are not cookies are ignored.
    pub fn store(&mut self, set_cookie: &str) {
        let Some(c) = SetCookie::parse(set_cookie) else { return };
        self.pairs.retain(|(n, _)| n != c.name);
        if !c.expired(SystemTime::now()) {
            self.pairs.push((c.name.to_string(), c.value.to_string()));
        }
    }

    /// The value of a cookie.
    pub fn get(&self, name: &str) -> Option<&str> {
        self.pairs.iter().find(|(n, _)| n == name).map(|(_, v)| v.as_str())
    }

    /// How many cookies the jar holds.
    pub fn len(&self) -> usize {
        self.pairs.len()
    }

    /// Whether the jar is empty.
    pub fn is_empty(&self) -> bool {
        self.pairs.is_empty()
    }

    /// The `Cookie` request header for the jar's cookies (`a=1; b=2`), or `None` when it is empty.
    pub fn header(&self) -> Option<String> {
        if self.pairs.is_empty() {
            return None;
        }
        let parts: Vec<String> = self.pairs.iter().map(|(n, v)| format!("{n}={v}")).collect();
        Some(parts.join("; "))
    }
}

/// What the jar needs of one `Set-Cookie` value, read as RFC 6265 section 5.2 says a browser reads it.
///
/// Written here rather than taken from the `cookie` crate: the jar needs four facts (name, value,
/// `Max-Age`, `Expires`), and that crate brings `time`'s proc macros into every consumer's build (issue 11
/// keeps that build lean). HTTP dates are read by `httpdate`, which the client needs for `Retry-After`.
struct SetCookie<'a> {
    name: &'a str,
    /// Kept as sent, quotes included: a browser returns the value it was given.
    value: &'a str,
    /// `Max-Age` in seconds; wins over `Expires` when both are present.
    max_age: Option<i64>,
    expires: Option<SystemTime>,
}

impl<'a> SetCookie<'a> {
    /// `None` for a value a browser ignores: no `=` in the first part, or an empty name.
    fn parse(set_cookie: &'a str) -> Option<Self> {
        let mut parts = set_cookie.split(';');
        let (name, value) = parts.next()?.split_once('=')?;
        let (name, value) = (name.trim(), value.trim());
        if name.is_empty() {
            return None;
        }
        let mut cookie = SetCookie { name, value, max_age: None, expires: None };
        for attribute in parts {
            let (key, arg) = attribute.split_once('=').unwrap_or((attribute, ""));
            let (key, arg) = (key.trim(), arg.trim());
            if key.eq_ignore_ascii_case("max-age") {
                // RFC 6265 5.2.2: an optional leading `-`, then digits only; anything else is ignored.
                let digits = arg.strip_prefix('-').unwrap_or(arg);
                if !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit()) {
                    // More digits than an i64 holds is still a number of seconds: saturate, keep the sign.
                    cookie.max_age =
                        Some(arg.parse().unwrap_or(if arg.starts_with('-') { i64::MIN } else { i64::MAX }));
                }
            } else if key.eq_ignore_ascii_case("expires") {
                if let Ok(at) = httpdate::parse_http_date(arg) {
                    cookie.expires = Some(at);
                }
            }
        }
        Some(cookie)
    }

    /// Whether a browser would drop the cookie at `now` (an empty value counts: Hydra clears a cookie so).
    fn expired(&self, now: SystemTime) -> bool {
        self.value.is_empty()
            || match (self.max_age, self.expires) {
                (Some(seconds), _) => seconds <= 0,
                (None, Some(at)) => at <= now,
                (None, None) => false,
            }
    }
}

impl fmt::Debug for Cookies {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_set().entries(self.pairs.iter().map(|(n, _)| n)).finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_jar_stores_replaces_and_expires_cookies() {
        let mut jar = Cookies::new();
        jar.store("oauth2_authentication_csrf=abc; Path=/; HttpOnly; SameSite=Lax");
        jar.store("session=s1; Max-Age=3600");
        assert_eq!(jar.header().as_deref(), Some("oauth2_authentication_csrf=abc; session=s1"));
        jar.store("session=s2");
        assert_eq!(jar.get("session"), Some("s2"));
        jar.store("session=gone; Max-Age=0");
        jar.store("oauth2_authentication_csrf=x; Expires=Thu, 01 Jan 1970 00:00:00 GMT");
        assert!(jar.is_empty(), "{jar:?}");
        jar.store("not a cookie");
        assert_eq!(jar.header(), None);
    }

    #[test]
    fn set_cookie_attributes_are_read_as_a_browser_reads_them() {
        let mut jar = Cookies::new();
        // Max-Age wins over Expires (RFC 6265 5.3 step 3), in either order and any case.
        jar.store("a=1; Expires=Thu, 01 Jan 1970 00:00:00 GMT; max-age=60");
        jar.store("b=2; MAX-AGE=60; expires=Thu, 01 Jan 1970 00:00:00 GMT");
        // A Max-Age that is not a number is ignored, so the past Expires decides.
        jar.store("c=3; Max-Age=soon; Expires=Thu, 01 Jan 1970 00:00:00 GMT");
        // A future Expires keeps the cookie; an unreadable one is ignored.
        jar.store("d=4; Expires=Fri, 01 Jan 2100 00:00:00 GMT");
        jar.store("e=5; Expires=someday");
        // A negative or over-long Max-Age is still a number of seconds.
        jar.store("f=6; Max-Age=-1");
        jar.store("g=7; Max-Age=99999999999999999999999");
        // Quotes and inner `=` stay in the value; blanks around name and value go.
        jar.store(" h = \"x=y\" ; Path=/");
        // No `=` or an empty name: not a cookie.
        jar.store("i; Max-Age=60");
        jar.store("=9; Max-Age=60");
        assert_eq!(jar.header().as_deref(), Some("a=1; b=2; d=4; e=5; g=7; h=\"x=y\""), "{jar:?}");
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
}
