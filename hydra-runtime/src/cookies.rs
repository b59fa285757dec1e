//! The cookie jar of the redirect answers: what a browser keeps between the steps of a login, consent or
//! logout flow, and the rules of RFC 6265 that decide which request gets which cookie.

use std::fmt;
use std::net::IpAddr;
use std::time::{Duration, SystemTime};

use url::Url;

use crate::{Error, Operation};

/// A minimal cookie jar for one Hydra Public API: what a browser would keep between the steps of a
/// login, consent or logout flow (Hydra's CSRF and session cookies).
///
/// Operations that answer with a redirect send the jar's cookies and store the ones the answer sets.
/// The jar belongs to the first server (scheme, host and port) it is used with: a call that would take
/// it to another server fails before sending anything, so its cookies only ever go back to the server
/// that set them. Within that server, the rules of RFC 6265 apply: a cookie is sent only under its
/// `Path`, a `Secure` one only over `https`, a `Domain` that does not cover the server's host (or any
/// `Domain` for an IP address other than itself) makes the answer's cookie ignored, and so does a
/// `Secure` cookie set over plain `http` or a `__Secure-`/`__Host-` name whose conditions are not met.
/// The jar keeps one cookie per name (a later one of the same name replaces it, whatever its path); a
/// cookie the server expires (`Max-Age=0`, a past `Expires`, or an empty value) is removed, and one
/// whose `Max-Age` or `Expires` has passed since is no longer sent or shown. `Debug` prints the names
/// only.
#[derive(Clone, Default, PartialEq, Eq)]
pub struct Cookies {
    cookies: Vec<Cookie>,
    /// The server the jar belongs to, from the first request it went with.
    origin: Option<Origin>,
}

/// Scheme, host and port of a server.
#[derive(Clone, Debug, PartialEq, Eq)]
struct Origin {
    scheme: String,
    host: String,
    port: Option<u16>,
}

impl Origin {
    fn of(url: &Url) -> Self {
        Origin {
            scheme: url.scheme().to_string(),
            host: url.host_str().unwrap_or_default().to_ascii_lowercase(),
            port: url.port_or_known_default(),
        }
    }
}

impl fmt::Display for Origin {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}://{}", self.scheme, self.host)?;
        match self.port {
            Some(port) => write!(f, ":{port}"),
            None => Ok(()),
        }
    }
}

/// One stored cookie and its scope.
#[derive(Clone, PartialEq, Eq)]
struct Cookie {
    name: String,
    value: String,
    /// The `Domain` attribute (lower case, without a leading dot), or `None` for a host-only cookie.
    domain: Option<String>,
    path: String,
    secure: bool,
    /// When the cookie stops being sent, from its `Max-Age` or `Expires`; `None` for a session cookie
    /// (or a lifetime past what the clock holds).
    expires_at: Option<SystemTime>,
}

impl Cookie {
    fn live(&self, now: SystemTime) -> bool {
        self.expires_at.is_none_or(|at| at > now)
    }
}

impl Cookies {
    /// An empty jar.
    pub fn new() -> Self {
        Self::default()
    }

    /// Stores (or replaces, or removes) a cookie from the value of one `Set-Cookie` header, as if the
    /// server the jar belongs to had set it: a cookie without `Path` gets `/`, and its `Domain`,
    /// `Secure` and name prefix are checked when it is sent. Values that are not cookies, and prefixed
    /// names whose conditions are not met, are ignored.
    pub fn store(&mut self, set_cookie: &str) {
        let Some(c) = SetCookie::parse(set_cookie) else { return };
        let path = c.path.filter(|p| p.starts_with('/')).unwrap_or("/").to_string();
        self.keep(&c, c.domain.map(str::to_ascii_lowercase), path);
    }

    /// Stores a cookie that the answer to a request for `url` set, by RFC 6265 section 5.3: ignored
    /// when its `Domain` does not cover `url`'s host or it is `Secure` (or prefixed) and `url` is not
    /// `https`; without a `Path`, it gets the directory of `url`'s path.
    pub(crate) fn store_from(&mut self, url: &Url, set_cookie: &str) {
        let Some(c) = SetCookie::parse(set_cookie) else { return };
        let host = url.host_str().unwrap_or_default().to_ascii_lowercase();
        if (c.secure || prefix(c.name).is_some()) && url.scheme() != "https" {
            return;
        }
        let domain = match c.domain {
            None => None,
            Some(d) if domain_matches(&host, &d.to_ascii_lowercase()) => Some(d.to_ascii_lowercase()),
            Some(_) => return,
        };
        let path = c.path.filter(|p| p.starts_with('/')).map_or_else(|| default_path(url.path()), str::to_string);
        self.keep(&c, domain, path);
    }

    /// Puts `c` in the jar with its scope, replacing a cookie of the same name, unless it expired or
    /// its name's prefix asks for what it lacks.
    fn keep(&mut self, c: &SetCookie<'_>, domain: Option<String>, path: String) {
        let prefixed_right = match prefix(c.name) {
            None => true,
            Some(Prefix::Secure) => c.secure,
            Some(Prefix::Host) => c.secure && domain.is_none() && c.path == Some("/"),
        };
        if !prefixed_right {
            return;
        }
        self.cookies.retain(|k| k.name != c.name);
        let now = SystemTime::now();
        if !c.expired(now) {
            let (name, value) = (c.name.to_string(), c.value.to_string());
            let cookie = Cookie { name, value, domain, path, secure: c.secure, expires_at: c.expires_at(now) };
            self.cookies.push(cookie);
        }
    }

    /// The `Cookie` header for a request to `url`, binding the jar to `url`'s server on first use.
    ///
    /// # Errors
    /// [`ErrorKind::InvalidInput`](crate::ErrorKind::InvalidInput) when the jar belongs to another
    /// server.
    pub(crate) fn header_for(&mut self, url: &Url, operation: &'static Operation) -> Result<Option<String>, Error> {
        self.header_at(url, operation, SystemTime::now())
    }

    /// [`header_for`](Self::header_for) at `now`, dropping the cookies that expired by then.
    fn header_at(
        &mut self,
        url: &Url,
        operation: &'static Operation,
        now: SystemTime,
    ) -> Result<Option<String>, Error> {
        let origin = Origin::of(url);
        match &self.origin {
            None => self.origin = Some(origin),
            Some(own) if *own == origin => {}
            Some(own) => {
                let message = format!(
                    "this cookie jar belongs to {own}, and its cookies only go back there; use a new jar for {origin}"
                );
                return Err(Error::invalid_call(operation, message));
            }
        }
        self.cookies.retain(|c| c.live(now));
        let host = url.host_str().unwrap_or_default().to_ascii_lowercase();
        let https = url.scheme() == "https";
        let mut chosen: Vec<&Cookie> = self
            .cookies
            .iter()
            .filter(|c| c.domain.as_deref().is_none_or(|d| domain_matches(&host, d)))
            .filter(|c| path_matches(url.path(), &c.path) && (https || !c.secure))
            .collect();
        // RFC 6265 5.4: cookies with longer paths first (a stable sort keeps the order of arrival).
        chosen.sort_by_key(|c| std::cmp::Reverse(c.path.len()));
        Ok(join(chosen.into_iter()))
    }

    /// The cookies that have not expired.
    fn live(&self) -> impl Iterator<Item = &Cookie> {
        let now = SystemTime::now();
        self.cookies.iter().filter(move |c| c.live(now))
    }

    /// The value of a cookie that has not expired.
    pub fn get(&self, name: &str) -> Option<&str> {
        self.live().find(|c| c.name == name).map(|c| c.value.as_str())
    }

    /// How many unexpired cookies the jar holds.
    pub fn len(&self) -> usize {
        self.live().count()
    }

    /// Whether the jar holds no unexpired cookie.
    pub fn is_empty(&self) -> bool {
        self.live().next().is_none()
    }

    /// Every unexpired cookie of the jar as one `Cookie` header (`a=1; b=2`), whatever its scope, or
    /// `None` when there is none. A request gets only the cookies in its scope (path, `Secure`).
    pub fn header(&self) -> Option<String> {
        join(self.live())
    }
}

fn join<'a>(cookies: impl Iterator<Item = &'a Cookie>) -> Option<String> {
    let parts: Vec<String> = cookies.map(|c| format!("{}={}", c.name, c.value)).collect();
    (!parts.is_empty()).then(|| parts.join("; "))
}

/// The name prefixes of RFC 6265bis section 4.1.3, which browsers enforce.
enum Prefix {
    /// `__Secure-`: the cookie must be `Secure`.
    Secure,
    /// `__Host-`: `Secure`, no `Domain`, and `Path=/`.
    Host,
}

/// The prefix of a cookie name (compared without regard to case, as RFC 6265bis asks).
fn prefix(name: &str) -> Option<Prefix> {
    let starts = |p: &str| name.get(..p.len()).is_some_and(|n| n.eq_ignore_ascii_case(p));
    if starts("__Host-") {
        Some(Prefix::Host)
    } else if starts("__Secure-") {
        Some(Prefix::Secure)
    } else {
        None
    }
}

/// RFC 6265 5.1.3: `host` is `domain`, or ends with `.domain` and is a name rather than an IP address.
fn domain_matches(host: &str, domain: &str) -> bool {
    let host_is_ip = host.parse::<IpAddr>().is_ok() || host.starts_with('[');
    host == domain || (!host_is_ip && host.strip_suffix(domain).is_some_and(|rest| rest.ends_with('.')))
}

/// RFC 6265 5.1.4: the cookie path is the request path, or a prefix of it that ends at a `/`.
fn path_matches(request: &str, cookie: &str) -> bool {
    request == cookie || request.strip_prefix(cookie).is_some_and(|rest| cookie.ends_with('/') || rest.starts_with('/'))
}

/// RFC 6265 5.1.4: the directory of a request path (`/` for a path with a single `/`).
fn default_path(path: &str) -> String {
    match path.rfind('/') {
        Some(0) | None => "/".to_string(),
        Some(at) => path[..at].to_string(),
    }
}

/// What the jar needs of one `Set-Cookie` value, read as RFC 6265 section 5.2 says a browser reads it.
///
/// Written here rather than taken from the `cookie` crate: the jar needs a handful of facts, and that
/// crate brings `time`'s proc macros into every consumer's build (issue 11 keeps that build lean). HTTP
/// dates are read by `httpdate`, which the client needs for `Retry-After`.
struct SetCookie<'a> {
    name: &'a str,
    /// Kept as sent, quotes included: a browser returns the value it was given.
    value: &'a str,
    /// `Max-Age` in seconds; wins over `Expires` when both are present.
    max_age: Option<i64>,
    expires: Option<SystemTime>,
    /// The `Domain` attribute without its leading dot; an empty one counts as none.
    domain: Option<&'a str>,
    path: Option<&'a str>,
    secure: bool,
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
        let mut cookie =
            SetCookie { name, value, max_age: None, expires: None, domain: None, path: None, secure: false };
        for attribute in parts {
            let (key, arg) = attribute.split_once('=').unwrap_or((attribute, ""));
            cookie.read_attribute(key.trim(), arg.trim());
        }
        Some(cookie)
    }

    /// Reads one attribute (RFC 6265 5.2.1 to 5.2.6); the last of a kind wins, unknown ones are ignored.
    fn read_attribute(&mut self, key: &str, arg: &'a str) {
        if key.eq_ignore_ascii_case("max-age") {
            // RFC 6265 5.2.2: an optional leading `-`, then digits only; anything else is ignored.
            let digits = arg.strip_prefix('-').unwrap_or(arg);
            if !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit()) {
                // More digits than an i64 holds is still a number of seconds: saturate, keep the sign.
                self.max_age = Some(arg.parse().unwrap_or(if arg.starts_with('-') { i64::MIN } else { i64::MAX }));
            }
        } else if key.eq_ignore_ascii_case("expires") {
            if let Ok(at) = httpdate::parse_http_date(arg) {
                self.expires = Some(at);
            }
        } else if key.eq_ignore_ascii_case("domain") {
            let domain = arg.strip_prefix('.').unwrap_or(arg);
            self.domain = (!domain.is_empty()).then_some(domain);
        } else if key.eq_ignore_ascii_case("path") {
            self.path = Some(arg);
        } else if key.eq_ignore_ascii_case("secure") {
            self.secure = true;
        }
    }

    /// When a cookie stored at `now` stops being sent (RFC 6265 5.3 step 3: `Max-Age` wins), or `None`
    /// for a session cookie or a lifetime past what `SystemTime` holds.
    fn expires_at(&self, now: SystemTime) -> Option<SystemTime> {
        match (self.max_age, self.expires) {
            (Some(seconds), _) => now.checked_add(Duration::from_secs(u64::try_from(seconds).unwrap_or(0))),
            (None, at) => at,
        }
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
        f.debug_set().entries(self.cookies.iter().map(|c| &c.name)).finish()
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

    /// A cookie whose `Max-Age` or `Expires` passes while it sits in the jar is no longer sent or shown,
    /// as a browser would drop it; a session cookie stays.
    #[test]
    fn a_cookie_past_its_lifetime_is_no_longer_sent() {
        let mut jar = Cookies::new();
        jar.store("short=1; Max-Age=60");
        jar.store("dated=2; Expires=Fri, 01 Jan 2100 00:00:00 GMT");
        jar.store("session=3");
        let url = Url::parse("http://hydra.example/oauth2/auth").unwrap();
        let op = &crate::operation::FOLLOW;
        let soon = SystemTime::now() + Duration::from_secs(30);
        assert_eq!(jar.header_at(&url, op, soon).unwrap().as_deref(), Some("short=1; dated=2; session=3"));
        let later = SystemTime::now() + Duration::from_secs(120);
        assert_eq!(jar.header_at(&url, op, later).unwrap().as_deref(), Some("dated=2; session=3"));
        assert_eq!(jar.get("short"), None, "dropped from the jar");
        let after_2100 = httpdate::parse_http_date("Sat, 01 Jan 2101 00:00:00 GMT").unwrap();
        assert_eq!(jar.header_at(&url, op, after_2100).unwrap().as_deref(), Some("session=3"));
        jar.store("huge=4; Max-Age=99999999999999999999999");
        assert_eq!(jar.get("huge"), Some("4"), "a lifetime past the clock never ends");
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

    fn url(s: &str) -> Url {
        Url::parse(s).unwrap()
    }

    /// What a request to `at` gets from `jar`.
    fn sent(jar: &mut Cookies, at: &str) -> Option<String> {
        jar.header_for(&url(at), &crate::operation::FOLLOW).unwrap()
    }

    #[test]
    fn secure_cookies_go_over_https_only_and_are_never_taken_from_http() {
        let mut jar = Cookies::new();
        jar.store_from(&url("http://h/"), "plain=1; Path=/");
        jar.store_from(&url("http://h/"), "taken-over-http=1; Secure; Path=/");
        assert_eq!(jar.get("taken-over-http"), None, "a Secure cookie set over http is ignored");
        let mut tls = Cookies::new();
        tls.store_from(&url("https://h/"), "s=1; Secure; Path=/");
        tls.store_from(&url("https://h/"), "p=2; Path=/");
        assert_eq!(sent(&mut tls, "https://h/x").as_deref(), Some("s=1; p=2"));
        let mut seeded = Cookies::new();
        seeded.store("s=1; Secure");
        seeded.store("p=2");
        assert_eq!(sent(&mut seeded, "http://h/x").as_deref(), Some("p=2"), "no Secure cookie over http");
        assert_eq!(sent(&mut jar, "http://h/").as_deref(), Some("plain=1"));
    }

    #[test]
    fn a_domain_must_cover_the_host_that_set_it() {
        let mut jar = Cookies::new();
        jar.store_from(&url("http://a.example.com/"), "parent=1; Domain=.example.com; Path=/");
        jar.store_from(&url("http://a.example.com/"), "other=1; Domain=other.com; Path=/");
        jar.store_from(&url("http://a.example.com/"), "sibling=1; Domain=b.example.com; Path=/");
        jar.store_from(&url("http://a.example.com/"), "suffix=1; Domain=xample.com; Path=/");
        assert_eq!(sent(&mut jar, "http://a.example.com/").as_deref(), Some("parent=1"));
        let mut ip = Cookies::new();
        ip.store_from(&url("http://127.0.0.1:4444/"), "same=1; Domain=127.0.0.1; Path=/");
        ip.store_from(&url("http://127.0.0.1:4444/"), "shorter=1; Domain=0.0.1; Path=/");
        assert_eq!(sent(&mut ip, "http://127.0.0.1:4444/").as_deref(), Some("same=1"));
        // A cookie stored by hand with a Domain goes only to hosts it covers.
        let mut seeded = Cookies::new();
        seeded.store("evil=1; Domain=evil.example");
        seeded.store("host-only=1");
        assert_eq!(sent(&mut seeded, "http://hydra.example/").as_deref(), Some("host-only=1"));
    }

    #[test]
    fn a_cookie_goes_only_under_its_path() {
        let mut jar = Cookies::new();
        // Without Path: the directory of the request path.
        jar.store_from(&url("http://h/oauth2/auth"), "dir=1");
        jar.store_from(&url("http://h/oauth2/auth"), "slash=2; Path=/x/");
        jar.store_from(&url("http://h/oauth2/auth"), "exact=3; Path=/x");
        jar.store_from(&url("http://h/oauth2/auth"), "relative=4; Path=x");
        assert_eq!(jar.get("relative"), Some("4"), "a Path not starting with / is the default one");
        assert_eq!(sent(&mut jar, "http://h/oauth2/token").as_deref(), Some("dir=1; relative=4"));
        assert_eq!(sent(&mut jar, "http://h/oauth2").as_deref(), Some("dir=1; relative=4"));
        assert_eq!(sent(&mut jar, "http://h/oauth2x"), None);
        assert_eq!(sent(&mut jar, "http://h/x/y").as_deref(), Some("slash=2; exact=3"));
        assert_eq!(sent(&mut jar, "http://h/x").as_deref(), Some("exact=3"));
        assert_eq!(sent(&mut jar, "http://h/xy"), None);
        assert_eq!(sent(&mut jar, "http://h/"), None);
    }

    #[test]
    fn prefixed_names_need_what_their_prefix_promises() {
        let mut jar = Cookies::new();
        let at = url("https://h/a/b");
        jar.store_from(&at, "__Secure-no=1; Path=/");
        jar.store_from(&at, "__Secure-yes=1; Secure; Path=/");
        jar.store_from(&at, "__Host-domain=1; Secure; Path=/; Domain=h");
        jar.store_from(&at, "__Host-path=1; Secure; Path=/a");
        jar.store_from(&at, "__Host-nopath=1; Secure");
        jar.store_from(&at, "__host-insecure=1; Path=/");
        jar.store_from(&at, "__Host-yes=1; Secure; Path=/");
        assert_eq!(jar.header().as_deref(), Some("__Secure-yes=1; __Host-yes=1"));
        // Over http no prefixed cookie is taken, Secure or not.
        let mut plain = Cookies::new();
        plain.store_from(&url("http://h/"), "__Secure-x=1; Secure; Path=/");
        assert!(plain.is_empty());
        // By hand too.
        plain.store("__Host-x=1");
        plain.store("__Secure-y=1");
        assert!(plain.is_empty());
    }

    #[test]
    fn a_jar_belongs_to_the_first_server_it_is_used_with() {
        let mut jar = Cookies::new();
        jar.store("session=s");
        assert_eq!(sent(&mut jar, "http://127.0.0.1:4444/oauth2/auth").as_deref(), Some("session=s"));
        for elsewhere in ["http://127.0.0.1:4445/clients", "https://127.0.0.1:4444/", "http://localhost:4444/"] {
            let err = jar.header_for(&url(elsewhere), &crate::operation::FOLLOW).unwrap_err();
            assert!(err.is_invalid_input() && err.to_string().contains("belongs to http://127.0.0.1:4444"), "{err}");
        }
        assert_eq!(sent(&mut jar, "http://127.0.0.1:4444/x").as_deref(), Some("session=s"));
        // The default port is the same server written differently.
        let mut jar = Cookies::new();
        sent(&mut jar, "https://h/");
        assert!(jar.header_for(&url("https://h:443/"), &crate::operation::FOLLOW).is_ok());
    }
}
