//! Plumbing of the v2 live suite: the environment switch, unique names, one-test-at-a-time, plain HTTP
//! calls that keep status, headers and raw body, `Link` header reading, and the browser side of the
//! login → consent → code flow (no redirect is ever followed by the HTTP library). Creating and deleting
//! clients and the login and consent app's calls go through `ory-hydra-v2-client`; so does every step of
//! [`TypedBrowser`], the browser of the typed-client tests.

use std::collections::BTreeMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::LazyLock;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use ory_hydra_v2_client::{AcceptOAuth2ConsentRequest, AcceptOAuth2LoginRequest};
use reqwest::{Method, StatusCode};
use serde_json::Value;
use url::Url;

pub use crate::listener::LISTENER;

/// The redirect URI of every flow client; only ever read from `Location` headers.
pub const REDIRECT_URI: &str = "http://127.0.0.1:4999/cb";

/// A post-logout redirect URI of the test clients: on [`REDIRECT_URI`]'s origin, since Hydra refuses one
/// on another (the listener's port may differ). Only ever read from `Location` headers.
pub const CLIENT_LOGGED_OUT: &str = "http://127.0.0.1:4999/logged-out";

const SKIP_MESSAGE: &str = "live v2 tests skipped: set HYDRA_ADMIN_URL and HYDRA_PUBLIC_URL to a Hydra v2 \
     server, e.g. `eval $(scripts/hydra.sh start v2.3.0)` (see the top of tests/tests/live_v2.rs); set \
     HYDRA_LIVE_REQUIRED=1 to make this a failure";

/// The suite runs one test at a time: several traps are about list totals, which another test creating
/// clients or sessions at the same moment would change (and the in-memory SQLite store takes one
/// writer at a time anyway). A tokio lock, so it works across the runtimes of `#[tokio::test]`s.
static ONE_AT_A_TIME: tokio::sync::Mutex<()> = tokio::sync::Mutex::const_new(());

/// What every v2 live test starts from.
pub struct V2 {
    /// The Admin API base URL, without a trailing `/` (v2's admin routes are under `{admin}/admin`).
    pub admin: String,
    /// The Public API base URL, without a trailing `/`.
    pub public: String,
    /// A plain HTTP client that never follows redirects and keeps no cookies.
    pub http: reqwest::Client,
    _turn: tokio::sync::MutexGuard<'static, ()>,
}

/// One answer: status, headers (names lower-case) and the raw body.
#[derive(Debug)]
pub struct Answer {
    pub status: StatusCode,
    pub headers: reqwest::header::HeaderMap,
    pub body: String,
}

impl Answer {
    /// The body as JSON; panics with the body when it is not.
    pub fn json(&self) -> Value {
        serde_json::from_str(&self.body).unwrap_or_else(|e| panic!("not JSON ({e}): {}", self.body))
    }

    /// A header's value as text.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).map(|v| v.to_str().expect("ASCII header value"))
    }

    /// The `Link` header as `rel -> target` (the target exactly as sent).
    pub fn links(&self) -> BTreeMap<String, String> {
        self.header("link").map(parse_link).unwrap_or_default()
    }

    /// `X-Total-Count` as a number.
    pub fn total(&self) -> u64 {
        self.header("x-total-count").expect("X-Total-Count").parse().expect("a number")
    }

    /// Checks the status, showing the body on failure.
    #[track_caller]
    pub fn expect(self, status: StatusCode) -> Self {
        assert_eq!(self.status, status, "body: {}", self.body);
        self
    }
}

/// Reads `<target>; rel="name", ...`. Good enough for Hydra's own headers (targets hold no `,` or `>`);
/// the client's real parser is tested on hostile input elsewhere.
pub fn parse_link(header: &str) -> BTreeMap<String, String> {
    header
        .split(',')
        .filter_map(|part| {
            let (target, params) = part.trim().strip_prefix('<')?.split_once('>')?;
            let rel = params.split(';').find_map(|p| p.trim().strip_prefix("rel="))?.trim_matches('"');
            Some((rel.to_string(), target.to_string()))
        })
        .collect()
}

/// The server, or `None` (after printing why) when the environment names none, or names a server that
/// is not v2, and `HYDRA_LIVE_REQUIRED` is not `1`.
pub async fn connect() -> Option<V2> {
    let var = |name: &str| std::env::var(name).ok().filter(|v| !v.trim().is_empty());
    let required = var("HYDRA_LIVE_REQUIRED").as_deref() == Some("1");
    let (Some(admin), Some(public)) = (var("HYDRA_ADMIN_URL"), var("HYDRA_PUBLIC_URL")) else {
        assert!(!required, "HYDRA_LIVE_REQUIRED=1 but no server is configured. {SKIP_MESSAGE}");
        eprintln!("{SKIP_MESSAGE}");
        return None;
    };
    let turn = ONE_AT_A_TIME.lock().await;
    let http = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .timeout(Duration::from_secs(60))
        .build()
        .expect("reqwest client");
    let v2 = V2 {
        admin: admin.trim().trim_end_matches('/').to_string(),
        public: public.trim().trim_end_matches('/').to_string(),
        http,
        _turn: turn,
    };
    let version = v2.call(Method::GET, &format!("{}/version", v2.admin), None).await.json();
    let version = version["version"].as_str().expect("GET /version names a version").to_string();
    if let Some(expected) = var("HYDRA_EXPECTED_VERSION") {
        assert_eq!(version, expected, "the server is not the version scripts/hydra.sh started");
    }
    if !version.starts_with("v2.") {
        assert!(!required, "the v2 suite needs a Hydra v2 server, this one reports {version}");
        eprintln!("live v2 tests skipped: the server reports {version}");
        return None;
    }
    Some(v2)
}

/// Unwraps [`connect()`] or returns from the test.
macro_rules! live_v2 {
    () => {
        match $crate::support::connect().await {
            Some(v2) => v2,
            None => return,
        }
    };
}
pub(crate) use live_v2;

/// A name no other test, and no other run against the same server, uses.
pub fn unique(prefix: &str) -> String {
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    static RUN: LazyLock<String> = LazyLock::new(|| {
        let nanos = SystemTime::now().duration_since(UNIX_EPOCH).unwrap_or_default().as_nanos();
        format!("{:x}{:x}", nanos & 0xffff_ffff_ffff, std::process::id())
    });
    format!("{prefix}-{}-{}", *RUN, COUNTER.fetch_add(1, Ordering::Relaxed))
}

/// The value of query parameter `name` in `url`.
pub fn query(url: &Url, name: &str) -> Option<String> {
    url.query_pairs().find(|(k, _)| k == name).map(|(_, v)| v.into_owned())
}

impl V2 {
    /// `METHOD url` with an optional JSON body.
    pub async fn call(&self, method: Method, url: &str, body: Option<Value>) -> Answer {
        let mut request = self.http.request(method.clone(), url);
        if let Some(body) = body {
            request = request.header("content-type", "application/json").body(body.to_string());
        }
        let resp = request.send().await.unwrap_or_else(|e| panic!("{method} {url}: {e}"));
        Answer { status: resp.status(), headers: resp.headers().clone(), body: resp.text().await.expect("body") }
    }

    /// `METHOD {admin}{path}` (path includes `/admin` where v2 wants it, so v1-shaped paths can be sent).
    pub async fn admin_call(&self, method: Method, path: &str, body: Option<Value>) -> Answer {
        self.call(method, &format!("{}{path}", self.admin), body).await
    }

    /// `GET {admin}{path}`.
    pub async fn admin_get(&self, path: &str) -> Answer {
        self.admin_call(Method::GET, path, None).await
    }

    /// `PUT {admin}/admin/oauth2/auth/requests/{kind}/{action}?{kind}_challenge=…` with a JSON body.
    pub async fn handle_request(&self, kind: &str, action: &str, challenge: &str, body: Option<Value>) -> Answer {
        let mut url = Url::parse(&format!("{}/admin/oauth2/auth/requests/{kind}/{action}", self.admin)).expect("url");
        url.query_pairs_mut().append_pair(&format!("{kind}_challenge"), challenge);
        self.call(Method::PUT, url.as_str(), body).await
    }

    /// `GET {admin}/admin/oauth2/auth/requests/{kind}?{kind}_challenge=…`.
    pub async fn get_request(&self, kind: &str, challenge: &str) -> Answer {
        let mut url = Url::parse(&format!("{}/admin/oauth2/auth/requests/{kind}", self.admin)).expect("url");
        url.query_pairs_mut().append_pair(&format!("{kind}_challenge"), challenge);
        self.call(Method::GET, url.as_str(), None).await
    }

    /// `ory-hydra-v2-client` for this server's two URLs.
    pub fn client(&self) -> ory_hydra_v2_client::Client {
        ory_hydra_v2_client::Client::builder(&self.admin).public_url(&self.public).build().expect("a v2 client")
    }

    /// Creates a confidential authorization-code client (secret `<id>-secret`) through the v2 client and
    /// returns its id.
    pub async fn flow_client(&self, prefix: &str, owner: &str) -> String {
        let id = unique(prefix);
        use ory_hydra_v2_client::{GrantType, ResponseType, SigningAlgorithm, SubjectType, TokenEndpointAuthMethod};
        let grants = [GrantType::AuthorizationCode, GrantType::RefreshToken];
        let client = ory_hydra_v2_client::OAuth2Client::new()
            .with_client_id(id.clone())
            .with_client_secret(format!("{id}-secret"))
            .with_owner(owner)
            .with_redirect_uris([REDIRECT_URI])
            .with_grant_types(grants.clone())
            .with_response_types([ResponseType::Code])
            .with_scope("openid offline")
            .with_token_endpoint_auth_method(TokenEndpointAuthMethod::ClientSecretBasic);
        let created = self.client().create_o_auth2_client(&client).await.expect("create_o_auth2_client");
        assert_eq!(created.client_id, id);
        // The server's own values for the value sets decode as named variants, not `Other`.
        assert_eq!((created.grant_types, created.response_types), (grants.to_vec(), vec![ResponseType::Code]));
        assert_eq!(created.token_endpoint_auth_method, Some(TokenEndpointAuthMethod::ClientSecretBasic));
        assert_eq!(created.subject_type, Some(SubjectType::Public), "v2.3.0 fills in the default");
        assert_eq!(created.userinfo_signed_response_alg, Some(SigningAlgorithm::None));
        id
    }

    /// Deletes a client through the v2 client (cleanup; a missing one is fine).
    pub async fn delete_client(&self, id: &str) {
        if let Err(e) = self.client().delete_o_auth2_client(id).await {
            assert!(e.is_not_found(), "delete_o_auth2_client({id}): {e:?}");
        }
    }
}

/// Exchanges the authorization code of a finished flow for tokens (client secret `<id>-secret`, basic
/// auth) and returns the token answer.
pub async fn exchange_code(v2: &V2, client_id: &str, flow: &Flow) -> Value {
    let code = query(&flow.final_redirect, "code").expect("a code");
    let resp = v2
        .http
        .post(format!("{}/oauth2/token", v2.public))
        .basic_auth(client_id, Some(format!("{client_id}-secret")))
        .form(&[("grant_type", "authorization_code"), ("code", &code), ("redirect_uri", REDIRECT_URI)])
        .send()
        .await
        .expect("token request");
    let status = resp.status();
    let body = resp.text().await.expect("token body");
    assert_eq!(status, StatusCode::OK, "token endpoint: {body}");
    serde_json::from_str(&body).expect("token answer is JSON")
}

/// A cookie-keeping user agent that never follows redirects, so each hop can be inspected.
pub struct Browser {
    http: reqwest::Client,
}

/// What a browser-driven login and consent produced.
pub struct Flow {
    /// The browser, holding Hydra's session cookies (needed for a later logout).
    pub browser: Browser,
    pub login_challenge: String,
    pub consent_challenge: String,
    /// The `login_session_id` of the consent request.
    pub login_session_id: String,
    /// Where the browser was finally sent (the client's redirect URI with `code` and `state`).
    pub final_redirect: Url,
}

impl Browser {
    pub fn new() -> Self {
        let http = reqwest::Client::builder()
            .cookie_store(true)
            .redirect(reqwest::redirect::Policy::none())
            .timeout(Duration::from_secs(60))
            .build()
            .expect("reqwest client");
        Browser { http }
    }

    /// `GET url`; returns the status and the `Location` resolved against `url`.
    pub async fn get(&self, url: &str) -> (StatusCode, Option<Url>) {
        let resp = self.http.get(url).send().await.unwrap_or_else(|e| panic!("GET {url}: {e}"));
        let location = resp.headers().get("location").map(|l| {
            let l = l.to_str().expect("ASCII Location");
            resp.url().join(l).unwrap_or_else(|e| panic!("Location {l:?}: {e}"))
        });
        (resp.status(), location)
    }

    /// `GET url`, expecting a redirect to the listener's `path` carrying `param`, which is returned.
    pub async fn to_challenge(&self, url: &str, path: &str, param: &str) -> String {
        let (status, to) = self.get(url).await;
        let to = to.unwrap_or_else(|| panic!("{url} answered {status} without a Location"));
        assert_eq!(format!("{}://{}{}", to.scheme(), to.authority(), to.path()), format!("{LISTENER}{path}"));
        query(&to, param).unwrap_or_else(|| panic!("{to} has no {param}"))
    }
}

/// Runs login and consent for `subject` at `client_id` (remembered when `remember`), as a login and
/// consent app would, and follows the browser to the client's redirect URI.
pub async fn login_and_consent(v2: &V2, client_id: &str, subject: &str, remember: bool) -> Flow {
    let browser = Browser::new();
    let state = unique("state");
    let mut auth = Url::parse(&format!("{}/oauth2/auth", v2.public)).expect("public URL");
    auth.query_pairs_mut()
        .append_pair("client_id", client_id)
        .append_pair("response_type", "code")
        .append_pair("scope", "openid offline")
        .append_pair("state", &state)
        .append_pair("redirect_uri", REDIRECT_URI);
    let login_challenge = browser.to_challenge(auth.as_str(), "/login", "login_challenge").await;
    // The login and consent app's side goes through ory-hydra-v2-client.
    let hydra = v2.client();
    let login = hydra.get_o_auth2_login_request(&login_challenge).await.expect("get_o_auth2_login_request");
    assert_eq!((login.challenge.as_str(), login.client.client_id.as_str()), (login_challenge.as_str(), client_id));
    let accept = AcceptOAuth2LoginRequest::new(subject).with_remember(remember);
    let accepted = hydra.accept_o_auth2_login_request(&login_challenge, &accept).await.expect("accept login");
    let consent_challenge = browser.to_challenge(&accepted.redirect_to, "/consent", "consent_challenge").await;
    let consent = hydra.get_o_auth2_consent_request(&consent_challenge).await.expect("get_o_auth2_consent_request");
    assert_eq!(consent.subject, subject);
    let login_session_id = consent.login_session_id.clone();
    let grant = AcceptOAuth2ConsentRequest::new().with_grant_scope(consent.requested_scope).with_remember(remember);
    let accepted = hydra.accept_o_auth2_consent_request(&consent_challenge, &grant).await.expect("accept consent");
    let (_, to) = browser.get(&accepted.redirect_to).await;
    let final_redirect = to.expect("a redirect to the client");
    assert_eq!(query(&final_redirect, "state").as_deref(), Some(state.as_str()));
    assert!(query(&final_redirect, "code").is_some(), "no code in {final_redirect}");
    Flow { browser, login_challenge, consent_challenge, login_session_id, final_redirect }
}

/// A user agent driven through the v2 client's own browser steps (`o_auth2_authorize`, `follow`,
/// `revoke_oidc_session`) with its [`Cookies`](ory_hydra_v2_client::Cookies) jar: what a login and
/// consent app built on the client would do, with Hydra's session cookies kept between flows.
pub struct TypedBrowser {
    /// The client for both APIs: the browser steps and the login, consent and logout app's calls.
    pub hydra: ory_hydra_v2_client::Client,
    /// Hydra's CSRF and session cookies, kept across flows.
    pub jar: ory_hydra_v2_client::Cookies,
}

impl TypedBrowser {
    /// A browser with an empty jar, for `v2`'s server.
    pub fn new(v2: &V2) -> Self {
        TypedBrowser { hydra: v2.client(), jar: ory_hydra_v2_client::Cookies::new() }
    }

    /// Starts an authorization-code request of `client_id` (scope `openid offline`) and returns the
    /// login request's challenge from the redirect to the login UI.
    pub async fn authorize(&mut self, client_id: &str) -> String {
        let params = ory_hydra_v2_client::OAuth2AuthorizeParams::default()
            .redirect_uri(REDIRECT_URI)
            .scope("openid offline")
            .state(unique("state"));
        let to =
            self.hydra.o_auth2_authorize(&mut self.jar, client_id, "code", params).await.expect("o_auth2_authorize");
        challenge_of(&to, "/login", "login_challenge")
    }

    /// Whether a new authorization request of `client` skips the login form (a remembered login).
    pub async fn login_is_skipped(&mut self, client_id: &str) -> bool {
        let challenge = self.authorize(client_id).await;
        self.hydra.get_o_auth2_login_request(&challenge).await.expect("get_o_auth2_login_request").skip
    }

    /// Follows one redirect hop of Hydra's Public API with the jar.
    pub async fn follow(&mut self, url: &str) -> ory_hydra_v2_client::Redirect {
        self.hydra.follow(url, &mut self.jar).await.unwrap_or_else(|e| panic!("follow: {e:?}"))
    }

    /// Logs `subject` in and grants every requested scope (both remembered when `remember`); returns
    /// the authorization code the client's redirect URI receives.
    pub async fn login_and_consent(&mut self, client_id: &str, subject: &str, remember: bool) -> String {
        let login_challenge = self.authorize(client_id).await;
        let accept = AcceptOAuth2LoginRequest::new(subject).with_remember(remember);
        let accepted = self.hydra.accept_o_auth2_login_request(&login_challenge, &accept).await.expect("accept login");
        let to = self.follow(&accepted.redirect_to).await;
        let consent_challenge = challenge_of(&to, "/consent", "consent_challenge");
        let consent = self.hydra.get_o_auth2_consent_request(&consent_challenge).await.expect("consent request");
        let grant = AcceptOAuth2ConsentRequest::new().with_grant_scope(consent.requested_scope).with_remember(remember);
        let accepted = self.hydra.accept_o_auth2_consent_request(&consent_challenge, &grant).await.expect("accept");
        let back = self.follow(&accepted.redirect_to).await;
        assert!(back.location.as_str().starts_with(REDIRECT_URI), "{back:?}");
        back.query_param("code").unwrap_or_else(|| panic!("no code: {back:?}"))
    }
}

/// The `param` of a redirect to the listener's `path` (the login, consent or logout UI).
#[track_caller]
pub fn challenge_of(to: &ory_hydra_v2_client::Redirect, path: &str, param: &str) -> String {
    let target = &to.location;
    assert_eq!(format!("{}://{}{}", target.scheme(), target.authority(), target.path()), format!("{LISTENER}{path}"));
    to.query_param(param).unwrap_or_else(|| panic!("{to:?} has no {param}"))
}
