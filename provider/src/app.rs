//! The router, its shared state and what every response gets: security headers, a body limit, and the
//! helpers for forms, cookies and the pages for Admin API failures.

use std::sync::Arc;
use std::time::Duration;

use axum::extract::DefaultBodyLimit;
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::get;
use axum::Router;
use maud::Markup;

use crate::admin::{Admin, AdminError, HydraRedirect};
use crate::signing::Signer;
use crate::users::Users;
use crate::{account, flows, pages};

/// The largest form body the provider reads; its forms are a few hundred bytes.
pub const BODY_LIMIT: usize = 16 * 1024;

/// The provider's own session cookie (for the consent sessions page).
pub const SESSION_COOKIE: &str = "hlc_session";

/// A random value of the browser's, bound into every form's CSRF token (the login, consent and logout
/// forms', beside their challenge, and the sign-in form's), so that a form posted from another site,
/// whose browser holds another value or none, is refused.
pub const PRE_SESSION_COOKIE: &str = "hlc_pre";

/// The browser's [`PRE_SESSION_COOKIE`] value, and the `Set-Cookie` that gives it one when it has
/// none (or one this provider cannot have set). The value is kept across pages, so forms open in two
/// tabs stay valid.
pub fn browser_nonce(secure: bool, headers: &HeaderMap) -> (String, Option<HeaderValue>) {
    let ours = |v: &&str| v.len() == 22 && v.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_');
    match cookie(headers, PRE_SESSION_COOKIE).filter(ours) {
        Some(nonce) => (nonce.to_string(), None),
        None => {
            let nonce = crate::random_token();
            let set = set_cookie(secure, PRE_SESSION_COOKIE, &nonce, None);
            (nonce, Some(set))
        }
    }
}

/// What a flow form's CSRF token is bound to: the browser's nonce and the challenge. The nonce is
/// fixed-length base64url, so the two cannot run into each other.
pub fn form_binding(nonce: &str, challenge: &str) -> String {
    format!("{nonce}.{challenge}")
}

/// Whether a flow form's token holds for this browser and challenge.
pub fn form_token_holds(signer: &Signer, headers: &HeaderMap, token: &str, purpose: &str, challenge: &str) -> bool {
    match cookie(headers, PRE_SESSION_COOKIE).filter(|n| !n.is_empty()) {
        Some(nonce) => signer.check_csrf(token, purpose, &form_binding(nonce, challenge)),
        None => false,
    }
}

/// `res` with the nonce cookie added when the browser needs one.
pub fn with_nonce(mut res: Response, set: Option<HeaderValue>) -> Response {
    if let Some(set) = set {
        res.headers_mut().append(header::SET_COOKIE, set);
    }
    res
}

/// The Content-Security-Policy of every page: nothing but the provider's stylesheet, no framing.
/// (No `form-action`: Chromium applies it to the redirects after a POST, which go to Hydra and the client.)
pub const CSP: &str = "default-src 'none'; style-src 'self'; img-src 'self'; base-uri 'none'; frame-ancestors 'none'";

/// What the handlers share.
#[derive(Debug)]
pub struct Provider<A> {
    /// The Admin API of the server line in use.
    pub admin: A,
    /// The users file.
    pub users: Users,
    /// Signs CSRF tokens and the session cookie.
    pub signer: Signer,
    /// Whether cookies get `Secure` (the provider is served over https).
    pub secure_cookies: bool,
    /// How long remembered logins and consents last.
    pub remember_for: Duration,
}

/// The shared state as the handlers receive it.
pub type State<A> = axum::extract::State<Arc<Provider<A>>>;

/// Every route of the provider.
pub fn router<A: Admin>(provider: Provider<A>) -> Router {
    Router::new()
        .route("/", get(account::index::<A>))
        .route("/style.css", get(|| async { ([(header::CONTENT_TYPE, "text/css")], pages::STYLE) }))
        .route("/login", get(flows::login_page::<A>).post(flows::login_submit::<A>))
        .route("/consent", get(flows::consent_page::<A>).post(flows::consent_submit::<A>))
        .route("/logout", get(flows::logout_page::<A>).post(flows::logout_submit::<A>))
        .route(
            "/logged-out",
            get(|| async { page(StatusCode::OK, pages::message("Signed out", "You are signed out.", None)) }),
        )
        .route("/error", get(flows::error_page))
        .route("/sessions", get(account::sessions_page::<A>))
        .route("/sessions/login", axum::routing::post(account::sign_in::<A>))
        .route("/sessions/revoke", axum::routing::post(account::revoke::<A>))
        .layer(DefaultBodyLimit::max(BODY_LIMIT))
        .layer(axum::middleware::map_response(security_headers))
        .with_state(Arc::new(provider))
}

/// Headers every answer carries: the CSP, no framing, no sniffing, no caching (pages hold challenges and
/// tokens), and no referrer (the URLs hold challenges).
async fn security_headers(mut res: Response) -> Response {
    let h = res.headers_mut();
    h.insert(header::CONTENT_SECURITY_POLICY, HeaderValue::from_static(CSP));
    h.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    h.insert(header::X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff"));
    h.insert(header::REFERRER_POLICY, HeaderValue::from_static("no-referrer"));
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    res
}

/// A page with a status.
pub fn page(status: StatusCode, markup: Markup) -> Response {
    (status, markup).into_response()
}

/// A 303 to where Hydra said.
pub fn to_hydra(target: &HydraRedirect) -> Response {
    Redirect::to(target.as_str()).into_response()
}

/// The 403 for a missing or wrong CSRF token.
pub fn forbidden() -> Response {
    page(
        StatusCode::FORBIDDEN,
        pages::message(
            "Request refused",
            "This form has expired or did not come from this site. Please start again.",
            None,
        ),
    )
}

/// The 400 for a request without its challenge.
pub fn missing(what: &str) -> Response {
    page(StatusCode::BAD_REQUEST, pages::message("Bad request", &format!("The request has no {what}."), None))
}

/// The page for a failed Admin API call: "start again" for expired and handled requests, a generic
/// error otherwise (Hydra's error code and description, nothing internal).
pub fn admin_failure(err: AdminError) -> Response {
    match err {
        AdminError::Expired => page(
            StatusCode::UNAUTHORIZED,
            pages::start_again(
                "This request has expired. Please go back to the application and start again.",
                None,
                None,
            ),
        ),
        AdminError::Handled { redirect_to } => {
            // Only a URL Hydra gave, and only http(s).
            let link = redirect_to.as_deref().and_then(|u| HydraRedirect::from_hydra(u).ok());
            page(
                StatusCode::GONE,
                pages::start_again(
                    "This request was already completed.",
                    link.as_ref().map(HydraRedirect::as_str),
                    None,
                ),
            )
        }
        AdminError::Other { status, error, description } => page(
            StatusCode::BAD_GATEWAY,
            pages::error(
                &error,
                description.as_deref().unwrap_or(""),
                &status.map_or(String::new(), |s| format!("Hydra answered {s}")),
            ),
        ),
    }
}

/// A parsed `application/x-www-form-urlencoded` body. Hand-read because serde's form decoding cannot
/// take a repeated field (`grant_scope`).
#[derive(Debug, Default)]
pub struct FormData(Vec<(String, String)>);

impl FormData {
    /// Parses a body.
    pub fn parse(body: &[u8]) -> Self {
        FormData(url::form_urlencoded::parse(body).into_owned().collect())
    }

    /// The first value of `name`, or "".
    pub fn get(&self, name: &str) -> &str {
        self.0.iter().find(|(k, _)| k == name).map_or("", |(_, v)| v.as_str())
    }

    /// Every value of `name`.
    pub fn all(&self, name: &str) -> Vec<String> {
        self.0.iter().filter(|(k, _)| k == name).map(|(_, v)| v.clone()).collect()
    }

    /// Whether a checkbox named `name` was ticked.
    pub fn checked(&self, name: &str) -> bool {
        !self.get(name).is_empty()
    }
}

/// The value of cookie `name` in the request.
pub fn cookie<'h>(headers: &'h HeaderMap, name: &str) -> Option<&'h str> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|c| c.trim().split_once('='))
        .find(|(k, _)| *k == name)
        .map(|(_, v)| v)
}

/// A `Set-Cookie` value: HttpOnly, SameSite=Lax, Secure when served over https; `max_age` None makes it
/// a browser-session cookie, zero deletes it.
pub fn set_cookie(secure: bool, name: &str, value: &str, max_age: Option<Duration>) -> HeaderValue {
    let mut c = format!("{name}={value}; Path=/; HttpOnly; SameSite=Lax");
    if let Some(age) = max_age {
        c.push_str(&format!("; Max-Age={}", age.as_secs()));
    }
    if secure {
        c.push_str("; Secure");
    }
    HeaderValue::from_str(&c).unwrap_or_else(|_| HeaderValue::from_static("invalid=; Max-Age=0"))
}
