//! The provider's HTTP answers without a browser or a Hydra: an [`Admin`] double records the calls, and
//! each test sends one request through the router.

use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::body::{to_bytes, Body};
use axum::http::{header, Request, StatusCode};
use axum::response::Response;
use hydra_login_consent::admin::*;
use hydra_login_consent::app::{router, Provider, BODY_LIMIT, CSP};
use hydra_login_consent::signing::Signer;
use hydra_login_consent::users::{hash_password, Users};
use tower::ServiceExt as _;

const KEY: &[u8; 32] = b"0123456789abcdef0123456789abcdef";
const DONE: &str = "http://hydra.test/oauth2/auth?login_verifier=v";

/// An Admin API double: fixed answers, every call recorded.
#[derive(Default)]
struct Double {
    login: LoginInfo,
    consent: ConsentInfo,
    fail: Option<AdminError>,
    calls: Mutex<Vec<String>>,
    granted: Mutex<Option<ConsentGrant>>,
    logged_in: Mutex<Option<LoginGrant>>,
}

impl Double {
    fn answer<T>(&self, call: &str, ok: T) -> Result<T, AdminError> {
        self.calls.lock().unwrap().push(call.to_string());
        self.fail.clone().map_or(Ok(ok), Err)
    }
    fn done(&self, call: &str) -> Result<HydraRedirect, AdminError> {
        self.answer(call, ())?;
        HydraRedirect::from_hydra(DONE)
    }
}

/// The double as the router holds it, while the test keeps its own handle.
struct Handle(Arc<Double>);

impl std::ops::Deref for Handle {
    type Target = Double;
    fn deref(&self) -> &Double {
        &self.0
    }
}

impl Admin for Handle {
    async fn get_login(&self, _: &str) -> Result<LoginInfo, AdminError> {
        self.answer("get_login", self.login.clone())
    }
    async fn accept_login(&self, _: &str, g: &LoginGrant) -> Result<HydraRedirect, AdminError> {
        *self.logged_in.lock().unwrap() = Some(g.clone());
        self.done("accept_login")
    }
    async fn reject_login(&self, _: &str, _: &Denial) -> Result<HydraRedirect, AdminError> {
        self.done("reject_login")
    }
    async fn get_consent(&self, _: &str) -> Result<ConsentInfo, AdminError> {
        self.answer("get_consent", self.consent.clone())
    }
    async fn accept_consent(&self, _: &str, g: &ConsentGrant) -> Result<HydraRedirect, AdminError> {
        *self.granted.lock().unwrap() = Some(g.clone());
        self.done("accept_consent")
    }
    async fn reject_consent(&self, _: &str, _: &Denial) -> Result<HydraRedirect, AdminError> {
        self.done("reject_consent")
    }
    async fn get_logout(&self, _: &str) -> Result<LogoutInfo, AdminError> {
        self.answer("get_logout", LogoutInfo::default())
    }
    async fn accept_logout(&self, _: &str) -> Result<HydraRedirect, AdminError> {
        self.done("accept_logout")
    }
    async fn reject_logout(&self, _: &str) -> Result<Option<HydraRedirect>, AdminError> {
        self.answer("reject_logout", None)
    }
    async fn list_consents(&self, _: &str) -> Result<Vec<ConsentSession>, AdminError> {
        self.answer("list_consents", Vec::new())
    }
    async fn revoke_consent(&self, _: &str, _: &str) -> Result<(), AdminError> {
        self.answer("revoke_consent", ())
    }
}

fn users() -> Users {
    static USERS: std::sync::OnceLock<Users> = std::sync::OnceLock::new();
    USERS.get_or_init(load_users).clone()
}

fn load_users() -> Users {
    let text = serde_json::json!({ "users": [{ "email": "foo@bar.com", "password_hash": hash_password("foobar").unwrap(),
        "name": "Foo Bar", "email_verified": true }] });
    Users::from_json(&text.to_string()).unwrap()
}

async fn send(double: &Arc<Double>, secure: bool, req: Request<Body>) -> Response {
    let provider = Provider {
        admin: Handle(double.clone()),
        users: users(),
        signer: Signer::new(*KEY),
        secure_cookies: secure,
        remember_for: Duration::from_secs(3600),
    };
    router(provider).oneshot(req).await.unwrap()
}

/// The browser's nonce (`hlc_pre`) in these tests: 22 base64url characters, as the provider makes them.
const NONCE: &str = "bm9uY2Utb2YtYnJvd3Nlcg";

/// A form POST from the browser that holds [`NONCE`].
fn post(path: &str, body: &str) -> Request<Body> {
    post_from(Some(NONCE), path, body)
}

/// A form POST from a browser holding `nonce`, or no nonce cookie at all.
fn post_from(nonce: Option<&str>, path: &str, body: &str) -> Request<Body> {
    let mut req = Request::post(path).header(header::CONTENT_TYPE, "application/x-www-form-urlencoded");
    if let Some(nonce) = nonce {
        req = req.header(header::COOKIE, format!("hlc_pre={nonce}"));
    }
    req.body(Body::from(body.to_string())).unwrap()
}

/// A flow form's token for `challenge`, as the page shown to the browser holding [`NONCE`] carries it.
fn token(purpose: &str, challenge: &str) -> String {
    Signer::new(*KEY).csrf_token(purpose, &format!("{NONCE}.{challenge}"))
}

async fn body(res: Response) -> String {
    String::from_utf8(to_bytes(res.into_body(), 1 << 20).await.unwrap().to_vec()).unwrap()
}

fn calls(d: &Double) -> Vec<String> {
    d.calls.lock().unwrap().clone()
}

#[tokio::test]
async fn a_post_without_a_valid_csrf_token_is_403_and_reaches_no_admin_call() {
    let d = Arc::new(Double::default());
    for form in [
        "challenge=c1&email=foo%40bar.com&password=foobar".to_string(),
        "challenge=c1&_csrf=forged&email=foo%40bar.com&password=foobar".to_string(),
        // A token for another challenge, and one for another form.
        format!("challenge=c1&_csrf={}&email=foo%40bar.com&password=foobar", token("login", "c2")),
        format!("challenge=c1&_csrf={}&email=foo%40bar.com&password=foobar", token("consent", "c1")),
    ] {
        let res = send(&d, false, post("/login", &form)).await;
        assert_eq!(res.status(), StatusCode::FORBIDDEN, "{form}");
    }
    for path in ["/consent", "/logout"] {
        let res = send(&d, false, post(path, "challenge=c1&action=accept")).await;
        assert_eq!(res.status(), StatusCode::FORBIDDEN, "{path}");
    }
    assert!(calls(&d).is_empty(), "{:?}", calls(&d));
    let good = format!("challenge=c1&_csrf={}&email=foo%40bar.com&password=foobar", token("login", "c1"));
    let res = send(&d, false, post("/login", &good)).await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    assert_eq!(res.headers()[header::LOCATION], DONE);
    assert_eq!(calls(&d), ["get_login", "accept_login"]);
}

/// Login CSRF: a form posted from another site carries a token the attacker fetched for their own
/// challenge, but the victim's browser holds another nonce (or none), so the post is refused before any
/// Admin call, and no session cookie of the attacker's is planted. The page gives a browser without a
/// nonce one, and keeps the one it has.
#[tokio::test]
async fn a_flow_form_posted_from_another_browser_is_403() {
    let d = Arc::new(Double::default());
    let login = format!("challenge=c1&_csrf={}&email=foo%40bar.com&password=foobar", token("login", "c1"));
    let consent = format!("challenge=c1&_csrf={}&grant_scope=openid", token("consent", "c1"));
    let logout = format!("challenge=c1&_csrf={}&action=accept", token("logout", "c1"));
    for (path, form) in [("/login", &login), ("/consent", &consent), ("/logout", &logout)] {
        for other in [None, Some("b3RoZXItYnJvd3Nlci1ub24")] {
            let res = send(&d, false, post_from(other, path, form)).await;
            assert_eq!(res.status(), StatusCode::FORBIDDEN, "{path} from {other:?}");
            assert!(res.headers().get(header::SET_COOKIE).is_none(), "{path}");
        }
    }
    assert!(calls(&d).is_empty(), "{:?}", calls(&d));

    let page = |cookie: Option<&str>| {
        let mut req = Request::get("/login?login_challenge=c1");
        if let Some(c) = cookie {
            req = req.header(header::COOKIE, c);
        }
        req.body(Body::empty()).unwrap()
    };
    let res = send(&d, false, page(None)).await;
    let set = res.headers()[header::SET_COOKIE].to_str().unwrap().to_string();
    let nonce = set.strip_prefix("hlc_pre=").and_then(|v| v.split(';').next()).unwrap().to_string();
    let html = body(res).await;
    let csrf = html.split("name=\"_csrf\" value=\"").nth(1).and_then(|v| v.split('"').next()).unwrap().to_string();
    let res = send(&d, false, page(Some(&format!("hlc_pre={nonce}")))).await;
    assert!(res.headers().get(header::SET_COOKIE).is_none(), "a browser's nonce is kept");
    let form = format!("challenge=c1&_csrf={csrf}&email=foo%40bar.com&password=foobar");
    let res = send(&d, false, post_from(Some(&nonce), "/login", &form)).await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER, "the page's own token, from its own browser");
}

#[tokio::test]
async fn a_scope_that_was_not_requested_is_never_granted() {
    let consent = ConsentInfo {
        requested_scope: vec!["openid".into(), "email".into()],
        subject: "foo@bar.com".into(),
        ..Default::default()
    };
    let d = Arc::new(Double { consent, ..Default::default() });
    let csrf = token("consent", "c1");
    let res =
        send(&d, false, post("/consent", &format!("challenge=c1&_csrf={csrf}&grant_scope=openid&grant_scope=admin")))
            .await;
    assert_eq!(res.status(), StatusCode::BAD_REQUEST);
    assert_eq!(calls(&d), ["get_consent"]);
    let res =
        send(&d, false, post("/consent", &format!("challenge=c1&_csrf={csrf}&grant_scope=email&remember=1"))).await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let g = d.granted.lock().unwrap().clone().unwrap();
    assert_eq!(g.grant_scope, ["email"]);
    assert!(g.remember);
    assert_eq!(g.id_token.get("email").and_then(|v| v.as_str()), Some("foo@bar.com"));
    assert!(g.id_token.get("name").is_none(), "profile claims without the profile scope");
}

#[tokio::test]
async fn every_page_carries_the_csp_and_no_framing() {
    let d = Arc::new(Double::default());
    for path in ["/login?login_challenge=c1", "/error?error=x", "/login", "/sessions"] {
        let res = send(&d, false, Request::get(path).body(Body::empty()).unwrap()).await;
        let h = res.headers();
        assert_eq!(h[header::CONTENT_SECURITY_POLICY], CSP, "{path}");
        assert!(CSP.contains("frame-ancestors 'none'"));
        assert_eq!(h[header::X_FRAME_OPTIONS], "DENY");
        assert_eq!(h[header::REFERRER_POLICY], "no-referrer");
        assert_eq!(h[header::CACHE_CONTROL], "no-store");
    }
}

#[tokio::test]
async fn cookies_are_httponly_lax_and_secure_only_under_https() {
    let d = Arc::new(Double::default());
    let good = format!("challenge=c1&_csrf={}&email=foo%40bar.com&password=foobar&remember=1", token("login", "c1"));
    for secure in [false, true] {
        let res = send(&d, secure, post("/login", &good)).await;
        let cookie = res.headers()[header::SET_COOKIE].to_str().unwrap().to_string();
        assert!(cookie.starts_with("hlc_session="), "{cookie}");
        assert!(cookie.contains("; HttpOnly") && cookie.contains("; SameSite=Lax"), "{cookie}");
        assert!(cookie.contains("; Max-Age=3600"), "remember me keeps the session: {cookie}");
        assert_eq!(cookie.contains("; Secure"), secure, "{cookie}");
    }
}

#[tokio::test]
async fn expired_and_handled_challenges_lead_to_start_again() {
    let d = Arc::new(Double { fail: Some(AdminError::Expired), ..Default::default() });
    let res = send(&d, false, Request::get("/login?login_challenge=c1").body(Body::empty()).unwrap()).await;
    assert_eq!(res.status(), StatusCode::UNAUTHORIZED);
    assert!(body(res).await.contains("start again"));
    let handled = AdminError::Handled { redirect_to: Some("http://hydra.test/oauth2/auth?client_id=x".into()) };
    let d = Arc::new(Double { fail: Some(handled), ..Default::default() });
    let res = send(&d, false, Request::get("/consent?consent_challenge=c1").body(Body::empty()).unwrap()).await;
    assert_eq!(res.status(), StatusCode::GONE);
    assert!(body(res).await.contains("href=\"http://hydra.test/oauth2/auth?client_id=x\""));
    // A redirect_to that is not http(s) is never linked.
    let d = Arc::new(Double {
        fail: Some(AdminError::Handled { redirect_to: Some("javascript:alert(1)".into()) }),
        ..Default::default()
    });
    let res = send(&d, false, Request::get("/consent?consent_challenge=c1").body(Body::empty()).unwrap()).await;
    assert!(!body(res).await.contains("javascript:"));
}

#[tokio::test]
async fn a_client_that_skips_consent_is_not_asked() {
    let client = ClientInfo { id: "c".into(), skip_consent: true, ..Default::default() };
    let consent = ConsentInfo { client, requested_scope: vec!["openid".into()], ..Default::default() };
    let d = Arc::new(Double { consent, ..Default::default() });
    let res = send(&d, false, Request::get("/consent?consent_challenge=c1").body(Body::empty()).unwrap()).await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    assert_eq!(calls(&d), ["get_consent", "accept_consent"]);
    assert_eq!(d.granted.lock().unwrap().as_ref().unwrap().grant_scope, ["openid"]);
}

#[tokio::test]
async fn an_oversized_body_is_refused() {
    let d = Arc::new(Double::default());
    let big = format!("challenge=c1&email={}", "a".repeat(BODY_LIMIT + 1));
    let res = send(&d, false, post("/login", &big)).await;
    assert_eq!(res.status(), StatusCode::PAYLOAD_TOO_LARGE);
    assert!(calls(&d).is_empty());
}

#[tokio::test]
async fn an_empty_challenge_is_a_bad_request_not_a_call() {
    let d = Arc::new(Double::default());
    for path in ["/login?login_challenge=", "/consent", "/logout?logout_challenge="] {
        let res = send(&d, false, Request::get(path).body(Body::empty()).unwrap()).await;
        assert_eq!(res.status(), StatusCode::BAD_REQUEST, "{path}");
    }
    assert!(calls(&d).is_empty());
}

#[tokio::test]
async fn logout_no_rejects_and_yes_accepts_and_ends_the_providers_session() {
    let d = Arc::new(Double::default());
    let csrf = token("logout", "c1");
    let res = send(&d, false, post("/logout", &format!("challenge=c1&_csrf={csrf}&action=reject"))).await;
    assert_eq!(res.status(), StatusCode::OK);
    assert!(res.headers().get(header::SET_COOKIE).is_none());
    assert!(body(res).await.contains("still signed in"));
    assert_eq!(calls(&d), ["get_logout", "reject_logout"]);
    // A form without the button's value is not a "yes".
    let res = send(&d, false, post("/logout", &format!("challenge=c1&_csrf={csrf}"))).await;
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(calls(&d)[2..], ["get_logout", "reject_logout"]);
    let res = send(&d, false, post("/logout", &format!("challenge=c1&_csrf={csrf}&action=accept"))).await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let cookie = res.headers()[header::SET_COOKIE].to_str().unwrap();
    assert!(cookie.starts_with("hlc_session=;") && cookie.contains("Max-Age=0"), "{cookie}");
    assert_eq!(calls(&d)[4..], ["get_logout", "accept_logout"]);
}

#[tokio::test]
async fn deny_on_the_login_form_rejects_without_a_password() {
    let d = Arc::new(Double::default());
    let res =
        send(&d, false, post("/login", &format!("challenge=c1&_csrf={}&action=reject", token("login", "c1")))).await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    assert_eq!(calls(&d), ["get_login", "reject_login"]);
}

#[tokio::test]
async fn a_wrong_password_shows_the_form_again_and_accepts_nothing() {
    let login = LoginInfo { login_hint: Some("hint@bar.com".into()), ..Default::default() };
    let d = Arc::new(Double { login, ..Default::default() });
    let res = send(&d, false, Request::get("/login?login_challenge=c1").body(Body::empty()).unwrap()).await;
    assert!(body(res).await.contains("value=\"hint@bar.com\""), "login_hint not prefilled");
    let form = format!("challenge=c1&_csrf={}&email=foo%40bar.com&password=nope", token("login", "c1"));
    let res = send(&d, false, post("/login", &form)).await;
    assert_eq!(res.status(), StatusCode::OK);
    let page = body(res).await;
    assert!(page.contains("id=\"message\"") && page.contains("value=\"foo@bar.com\""), "{page}");
    assert_eq!(calls(&d), ["get_login", "get_login"]);
}

/// `acr_values` come from the authorization URL, which the user may edit: a password login must not
/// claim whatever class it names.
#[tokio::test]
async fn a_requested_acr_is_never_claimed_by_a_password_login() {
    let login = LoginInfo { acr_values: vec!["urn:example:mfa".into()], ..Default::default() };
    let d = Arc::new(Double { login, ..Default::default() });
    let form = format!("challenge=c1&_csrf={}&email=foo%40bar.com&password=foobar", token("login", "c1"));
    let res = send(&d, false, post("/login", &form)).await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    assert_eq!(calls(&d), ["get_login", "accept_login"]);
    let grant = d.logged_in.lock().unwrap().clone().expect("a login grant");
    assert_eq!(grant.acr, None, "{grant:?}");
    assert_eq!(grant.amr, ["pwd"]);
}
