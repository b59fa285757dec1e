//! Shared plumbing of the live suite: the environment switch, unique names, the client-list lock, a
//! cookie-keeping "browser" that never follows redirects, and the OAuth 2.0 flow steps a login and consent
//! app would perform.

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::LazyLock;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use ory_hydra_v1_client::{
    AcceptConsentRequest, AcceptLoginRequest, Client, ConsentRequestSession, GenericError, JsonObject, OAuth2Client,
    StatusCode,
};
use ory_hydra_v1_codegen::ir::Api;
use ory_hydra_v1_codegen::version::{Availability, Version as Release};
use serde_json::Value;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::sync::{RwLock, RwLockReadGuard, RwLockWriteGuard};
use url::Url;

pub use crate::listener::LISTENER;

/// The redirect URI of every test client. Only ever read from `Location` headers, never requested.
pub const REDIRECT_URI: &str = "http://127.0.0.1:4999/cb";

/// A post-logout redirect URI of the test clients: on [`REDIRECT_URI`]'s origin, since Hydra refuses one
/// on another (the listener's port may differ). Only ever read from `Location` headers.
pub const CLIENT_LOGGED_OUT: &str = "http://127.0.0.1:4999/logged-out";

const SKIP_MESSAGE: &str = "live Hydra tests skipped: set HYDRA_ADMIN_URL and HYDRA_PUBLIC_URL, e.g. \
     `eval $(scripts/hydra.sh start)` or `export $(cat target/hydra-state/hydra.env)` (see the top of \
     tests/tests/live.rs); set HYDRA_LIVE_REQUIRED=1 to make this a failure";

/// What every live test starts from.
pub struct Live {
    /// ory-hydra-v1-client on the Admin API.
    pub admin: Client,
    /// The public (OAuth 2.0) base URL, without a trailing `/`.
    pub public: String,
    /// What the server's `GET /version` reports.
    pub version: Version,
    /// Held for the whole test when the server takes one request at a time (`HYDRA_LIVE_SERIAL=1`).
    _serial: Option<tokio::sync::MutexGuard<'static, ()>>,
}

impl Live {
    /// Whether this server has a table item, as the tables' `since`/`until` markers say: an operation
    /// (`"delete_o_auth2_token"`) or one of its parameters (`"list_o_auth2_clients.owner"`).
    pub fn serves(&self, item: &str) -> bool {
        availability(item).contains(self.version.release)
    }

    /// How many requests a test may have in flight at once: 32, or 1 when the server's store cannot
    /// take concurrent writes (`HYDRA_LIVE_SERIAL=1`, which scripts/hydra.sh sets for v1.11.10's
    /// in-memory SQLite; QUIRKS.md).
    pub fn parallel_requests(&self) -> usize {
        if self._serial.is_some() {
            1
        } else {
            32
        }
    }
}

/// Runs the tests one at a time when the server needs it (see [`Live::parallel_requests`]). A tokio
/// lock, so it works across the separate runtimes of `#[tokio::test]`s.
static SERIAL: tokio::sync::Mutex<()> = tokio::sync::Mutex::const_new(());

/// The version a server reports (`GET /version`), e.g. `v1.11.10`: its text, for messages, and the release
/// it names, in the generator's version type (the one the tables' `since`/`until` markers use).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Version {
    /// The text the server sent.
    pub text: String,
    /// The release; a missing patch counts as 0 and a suffix such as `-beta.1` is ignored.
    pub release: Release,
}

impl Version {
    /// Parses `v1.11.10`, `1.3` or `v1.3.2-beta.1`.
    pub fn parse(text: &str) -> Option<Version> {
        Release::parse_lenient(text).map(|release| Version { text: text.trim().to_string(), release })
    }

    /// Whether this server is `since` (e.g. `"v1.11"`) or newer.
    pub fn at_least(&self, since: &str) -> bool {
        let since = Release::parse(since).unwrap_or_else(|| panic!("bad version literal {since:?}"));
        self.release >= since
    }

    /// `(major, minor)`.
    pub fn minor(&self) -> (u32, u32) {
        self.release.line()
    }
}

/// The client's tables, read once with the generator's own library, in the order the client's
/// `generate!` invocation names them: which releases have an operation or a parameter is said there,
/// by its `since`/`until` markers, and the suite asks them instead of keeping versions of its own.
pub static TABLES: LazyLock<Api> = LazyLock::new(|| crate::strict::load_tables("../hydra-client"));

/// The markers of a table operation (`"name"`) or of one of its parameters (`"name.parameter"`, which
/// the operation's own markers bound too). Panics on a name the tables do not have, so a renamed item
/// cannot silently stop a test from running.
pub fn availability(item: &str) -> Availability {
    let (operation, param) = match item.split_once('.') {
        Some((operation, param)) => (operation, Some(param)),
        None => (item, None),
    };
    let op = TABLES.operations.iter().find(|o| o.name == operation);
    let op = op.unwrap_or_else(|| panic!("no operation `{operation}` in the tables"));
    let Some(param) = param else { return op.availability };
    let p = op.params.iter().find(|p| p.name == param);
    let p = p.unwrap_or_else(|| panic!("`{operation}` has no parameter `{param}` in the tables"));
    // Both ranges hold; the parameter's markers never widen the operation's.
    Availability {
        since: op.availability.since.max(p.availability.since),
        until: match (op.availability.until, p.availability.until) {
            (Some(a), Some(b)) => Some(a.min(b)),
            (a, b) => a.or(b),
        },
    }
}

/// The server's version, asked once per test binary (each `#[tokio::test]` has its own runtime, so only
/// the answer is shared, never a connection).
static VERSION: tokio::sync::OnceCell<Version> = tokio::sync::OnceCell::const_new();

/// The server, or `None` (after printing why) when the environment does not name one and
/// `HYDRA_LIVE_REQUIRED` is not `1`.
pub async fn connect() -> Option<Live> {
    let var = |name: &str| std::env::var(name).ok().filter(|v| !v.trim().is_empty());
    match (var("HYDRA_ADMIN_URL"), var("HYDRA_PUBLIC_URL")) {
        (Some(admin), Some(public)) => {
            let admin = Client::builder(admin.trim())
                .timeout(Duration::from_secs(120))
                .build()
                .expect("HYDRA_ADMIN_URL is a usable base URL");
            let version = VERSION
                .get_or_init(|| async {
                    let v = admin.get_version().await.expect("GET /version");
                    let text = v.version;
                    Version::parse(&text).unwrap_or_else(|| panic!("unparseable server version {text:?}"))
                })
                .await
                .clone();
            let serial = match var("HYDRA_LIVE_SERIAL").as_deref() {
                Some("1") => Some(SERIAL.lock().await),
                _ => None,
            };
            Some(Live { admin, public: public.trim().trim_end_matches('/').to_string(), version, _serial: serial })
        }
        _ if var("HYDRA_LIVE_REQUIRED").as_deref() == Some("1") => {
            panic!("HYDRA_LIVE_REQUIRED=1 but the server is not configured. {SKIP_MESSAGE}")
        }
        _ => {
            eprintln!("{SKIP_MESSAGE}");
            None
        }
    }
}

/// Unwraps [`connect()`] or returns from the test.
///
/// `live!(needs "delete_o_auth2_token", "list_o_auth2_clients.owner")` also returns, after recording the
/// skip with [`skip`], when the server lacks one of the table items the test exercises (operations, or
/// `operation.parameter`), as the tables' `since`/`until` markers say ([`Live::serves`]). On a server
/// that has them all, nothing is skipped.
macro_rules! live {
    () => {
        match $crate::support::connect().await {
            Some(live) => live,
            None => return,
        }
    };
    (needs $($item:literal),+ $(,)?) => {{
        let live = $crate::support::live!();
        if let Some(reason) = $crate::support::missing(&live, &[$($item),+]) {
            $crate::support::skip(&live, &reason);
            return;
        }
        live
    }};
}
pub(crate) use live;

/// Why the server cannot run a test that exercises `items`, or `None` when it serves them all.
pub fn missing(live: &Live, items: &[&str]) -> Option<String> {
    let lacking: Vec<String> = items
        .iter()
        .filter(|item| !live.serves(item))
        .map(|item| format!("{item} ({})", availability(item).describe()))
        .collect();
    (!lacking.is_empty()).then(|| format!("needs {}", lacking.join(", ")))
}

/// Records that the running test skips itself on this server: printed to stderr and appended as
/// `<test>\t<reason> (server <version>)` to the file `HYDRA_SKIP_LOG` names, which `cargo xtask test`
/// counts and lists in its result line per server.
pub fn skip(live: &Live, reason: &str) {
    let thread = std::thread::current();
    let test = thread.name().unwrap_or("<unnamed test>");
    let line = format!("{test}\t{reason} (server {})", live.version.text);
    eprintln!("SKIPPED {}", line.replace('\t', ": "));
    if let Some(path) = std::env::var_os("HYDRA_SKIP_LOG") {
        use std::io::Write as _;
        let written = std::fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(&path)
            .and_then(|mut f| f.write_all(format!("{line}\n").as_bytes()));
        written.unwrap_or_else(|e| panic!("cannot append to HYDRA_SKIP_LOG {path:?}: {e}"));
    }
}

/// A name no other test, and no other run against the same server, uses: `<prefix>-<time>-<pid>-<n>`.
pub fn unique(prefix: &str) -> String {
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    static RUN: LazyLock<String> = LazyLock::new(|| {
        let nanos = SystemTime::now().duration_since(UNIX_EPOCH).unwrap_or_default().as_nanos();
        format!("{:x}{:x}", nanos & 0xffff_ffff_ffff, std::process::id())
    });
    format!("{prefix}-{}-{}", *RUN, COUNTER.fetch_add(1, Ordering::Relaxed))
}

/// Offset pagination over a list that changes while it is read can skip or repeat items (Hydra's
/// in-memory store shifts every later client down on delete). So every test that creates or deletes
/// clients holds this lock shared, and the pagination test holds it exclusively. The lock is a tokio
/// lock, which works across the separate runtimes of `#[tokio::test]`s.
static CLIENT_LIST: RwLock<()> = RwLock::const_new(());

/// Held while a test creates or deletes clients (many such tests may run at once).
pub async fn clients_shared() -> RwLockReadGuard<'static, ()> {
    CLIENT_LIST.read().await
}

/// Held while a test pages through the whole client list (nothing else may add or remove clients).
pub async fn clients_exclusive() -> RwLockWriteGuard<'static, ()> {
    CLIENT_LIST.write().await
}

/// Deletes the named clients if the test panics before its own cleanup, so a failed run does not leave
/// them behind. Declare it after the list lock, so that it runs while the lock is still held.
pub struct DeleteOnPanic {
    admin: Client,
    ids: Vec<String>,
}

impl DeleteOnPanic {
    pub fn new(live: &Live, ids: &[&str]) -> Self {
        DeleteOnPanic { admin: live.admin.clone(), ids: ids.iter().map(|s| s.to_string()).collect() }
    }
}

impl Drop for DeleteOnPanic {
    fn drop(&mut self) {
        if !std::thread::panicking() {
            return;
        }
        let base = self.admin.base_url().to_string();
        let ids = std::mem::take(&mut self.ids);
        // The test's runtime is unwinding; use a fresh one (and a fresh connection pool, since pooled
        // connections belong to the test's runtime) on another thread.
        let _ = std::thread::spawn(move || {
            let rt = tokio::runtime::Builder::new_current_thread().enable_all().build().expect("runtime");
            let Ok(admin) = Client::builder(base).timeout(Duration::from_secs(30)).build() else { return };
            rt.block_on(async {
                for id in ids {
                    let _ = admin.delete_o_auth2_client(&id).await;
                }
            });
        })
        .join();
    }
}

/// A JSON object from a `json!({...})` literal.
pub fn obj(v: Value) -> JsonObject {
    v.as_object().expect("a JSON object literal").clone()
}

/// The Hydra version the server reports, as `(major, minor)`; `(1, 3)` for `v1.3.2`.
pub async fn server_version(live: &Live) -> (u32, u32) {
    live.version.minor()
}

pub fn parse_version(text: &str) -> Option<(u32, u32)> {
    Version::parse(text).map(|v| v.minor())
}

// ------------------------------------------------------------------------------------ version quirks --
// Answers that differ between the Hydra versions the suite runs against (tests/hydra-server/QUIRKS.md).
// A client must accept each of them, so the tests assert the one the running server gives.

/// From v1.9 every store is SQL (pop; `DSN=memory` is an in-memory SQLite database). The in-memory Go
/// store before it answered some calls differently (QUIRKS.md, "v1.11.10").
pub fn sql_store(live: &Live) -> bool {
    live.version.at_least("v1.9")
}

/// Up to v1.10.1 error bodies carry `status_code`, `error_hint`, `error_debug` and `request_id`; from
/// v1.10.2 (without `oauth2.include_legacy_error_fields`) only `error` and `error_description`, with the
/// hint appended to the description.
pub fn legacy_error_fields(live: &Live) -> bool {
    !live.version.at_least("v1.10.2")
}

/// Checks that an error body carries the server's `hint`: in `error_hint` with legacy error fields, at
/// the end of `error_description` without them.
pub fn assert_hint(live: &Live, e: &GenericError, hint: &str) {
    if legacy_error_fields(live) {
        assert_eq!(e.error_hint.as_deref(), Some(hint), "{e:?}");
    } else {
        assert_eq!(e.error_hint, None, "{e:?}");
        let description = e.error_description.as_deref().unwrap_or_default();
        assert!(description.ends_with(hint), "hint {hint:?} not at the end of {description:?}");
    }
}

/// The status a `GET /clients/{id}` for a missing client gets: 404 up to v1.2, 401 from v1.3 (the
/// in-memory store's answer), 404 again with the SQL store from v1.9 (tests/hydra-server/QUIRKS.md).
pub fn missing_client_status(version: (u32, u32)) -> StatusCode {
    if version >= (1, 9) {
        StatusCode::NOT_FOUND
    } else if version >= (1, 3) {
        StatusCode::UNAUTHORIZED
    } else {
        StatusCode::NOT_FOUND
    }
}

/// Checks that `err` is what this server answers for a client that does not exist (see
/// [`missing_client_status`]); `what` names the call in the failure message.
pub fn assert_missing_client(live: &Live, err: &ory_hydra_v1_client::Error, what: &str) {
    let status = missing_client_status(live.version.minor());
    assert!(err.is_api(), "{what}: {err:?}");
    assert_eq!(err.status(), Some(status), "{what}: {err:?}");
    assert_eq!(err.is_not_found(), status == StatusCode::NOT_FOUND, "{what}");
    let e = err.api().and_then(|a| a.error.as_ref()).expect("parsed error body");
    let (error, status_code) = match (status, sql_store(live)) {
        (StatusCode::UNAUTHORIZED, _) => ("The request could not be authorized", Some(401)),
        (_, true) => ("Unable to locate the resource", None),
        _ => ("Not Found", Some(404)),
    };
    assert_eq!(e.error, error, "{what}");
    assert_eq!(e.status_code, status_code, "{what}");
}

/// The status for a login, consent or logout request that was already handled: 409 Conflict without a
/// `redirect_to` up to v1.10.1, 410 Gone with a `redirect_to` from v1.10.2 on (Hydra's changelog for
/// v1.10.2; QUIRKS.md has what v1.3.2 and v1.11.10 answer).
pub fn handled_request_status(live: &Live) -> StatusCode {
    if live.version.at_least("v1.10.2") {
        StatusCode::GONE
    } else {
        StatusCode::CONFLICT
    }
}

/// The `error_description` of an unknown login, consent or logout challenge or key: v1.3 has a typo.
pub fn not_found_description(live: &Live) -> &'static str {
    if sql_store(live) {
        "Unable to locate the requested resource"
    } else {
        "Unable to located the requested resource"
    }
}

// ------------------------------------------------------------------------------------------------ flow --

/// A client for the authorization-code flow: confidential, basic auth at the token endpoint.
pub fn flow_client(id: &str, secret: &str) -> OAuth2Client {
    OAuth2Client::new()
        .with_client_id(id)
        .with_client_secret(secret)
        .with_client_name("live flow client")
        .with_grant_types(["authorization_code", "refresh_token"])
        .with_response_types(["code"])
        .with_redirect_uris([REDIRECT_URI])
        .with_scope("openid offline profile")
        .with_token_endpoint_auth_method("client_secret_basic")
}

/// A user agent that keeps cookies and never follows redirects, so each hop can be inspected.
pub struct Browser {
    http: reqwest::Client,
    public: String,
}

/// One answer the browser got: status, `Location` (resolved against the request URL) and body.
#[derive(Debug)]
pub struct Hop {
    pub status: StatusCode,
    pub location: Option<Url>,
    pub body: String,
}

impl Hop {
    /// The `Location` of a redirect; panics (with the body) for anything else.
    pub fn redirect(&self) -> &Url {
        assert!(self.status.is_redirection(), "expected a redirect, got {} with body {}", self.status, self.body);
        self.location.as_ref().expect("a redirect has a Location")
    }
}

/// The value of query parameter `name` in `url`.
pub fn query(url: &Url, name: &str) -> Option<String> {
    url.query_pairs().find(|(k, _)| k == name).map(|(_, v)| v.into_owned())
}

impl Browser {
    pub fn new(live: &Live) -> Self {
        let http = reqwest::Client::builder()
            .cookie_store(true)
            .redirect(reqwest::redirect::Policy::none())
            .timeout(Duration::from_secs(60))
            .build()
            .expect("reqwest client");
        Browser { http, public: live.public.clone() }
    }

    /// `GET url` with the cookie jar.
    pub async fn get(&self, url: &str) -> Hop {
        let resp = self.http.get(url).send().await.unwrap_or_else(|e| panic!("GET {url}: {e}"));
        let status = resp.status();
        let base = resp.url().clone();
        let location = resp
            .headers()
            .get(reqwest::header::LOCATION)
            .map(|v| v.to_str().expect("ASCII Location"))
            .map(|l| base.join(l).unwrap_or_else(|e| panic!("Location {l:?} does not resolve: {e}")));
        let body = resp.text().await.unwrap_or_default();
        Hop { status, location, body }
    }

    /// Starts an authorization request for `client_id` and returns the whole first answer.
    pub async fn authorize(&self, client_id: &str, scope: &str, state: &str) -> Hop {
        let mut url = Url::parse(&format!("{}/oauth2/auth", self.public)).expect("public URL");
        url.query_pairs_mut()
            .append_pair("client_id", client_id)
            .append_pair("response_type", "code")
            .append_pair("scope", scope)
            .append_pair("state", state)
            .append_pair("redirect_uri", REDIRECT_URI);
        self.get(url.as_str()).await
    }

    /// Follows a `redirect_to` from Hydra and expects to be sent to the listener's `path` with a
    /// `<param>` challenge, which is returned.
    pub async fn follow_to_challenge(&self, redirect_to: &str, path: &str, param: &str) -> String {
        let hop = self.get(redirect_to).await;
        challenge_of(hop.redirect(), path, param)
    }

    /// Starts an authorization request and returns the login challenge.
    pub async fn login_challenge(&self, client_id: &str, scope: &str, state: &str) -> String {
        let hop = self.authorize(client_id, scope, state).await;
        challenge_of(hop.redirect(), "/login", "login_challenge")
    }

    /// Follows the last `redirect_to` (after consent) and returns the final redirect to the client.
    pub async fn follow_to_client(&self, redirect_to: &str) -> Url {
        let hop = self.get(redirect_to).await;
        let to = hop.redirect().clone();
        assert_eq!(
            format!("{}://{}{}", to.scheme(), to.authority(), to.path()),
            REDIRECT_URI,
            "final redirect goes to the client: {to}"
        );
        to
    }

    /// `POST {public}/oauth2/token` exchanging `code`, with the client's credentials as basic auth.
    pub async fn exchange_code(&self, client_id: &str, secret: &str, code: &str) -> Value {
        let resp = self
            .http
            .post(format!("{}/oauth2/token", self.public))
            .basic_auth(client_id, Some(secret))
            .form(&[("grant_type", "authorization_code"), ("code", code), ("redirect_uri", REDIRECT_URI)])
            .send()
            .await
            .expect("token request");
        let status = resp.status();
        let body = resp.text().await.expect("token body");
        assert_eq!(status, StatusCode::OK, "token endpoint: {body}");
        serde_json::from_str(&body).expect("token response is JSON")
    }

    /// `POST {public}/oauth2/token` with `grant_type=client_credentials`; returns the status and body.
    pub async fn client_credentials(&self, client_id: &str, secret: &str) -> (StatusCode, String) {
        let resp = self
            .http
            .post(format!("{}/oauth2/token", self.public))
            .basic_auth(client_id, Some(secret))
            .form(&[("grant_type", "client_credentials")])
            .send()
            .await
            .expect("token request");
        let status = resp.status();
        (status, resp.text().await.unwrap_or_default())
    }
}

/// Checks that `to` is the listener's `path` and returns its `param`.
pub fn challenge_of(to: &Url, path: &str, param: &str) -> String {
    assert_eq!(
        format!("{}://{}{}", to.scheme(), to.authority(), to.path()),
        format!("{LISTENER}{path}"),
        "redirect to the {path} app: {to}"
    );
    query(to, param).unwrap_or_else(|| panic!("{to} has no {param}"))
}

/// What a login-and-consent round trip produced.
pub struct Granted {
    pub code: String,
    pub final_redirect: Url,
}

/// Runs the whole browser side of a flow with a subject that logs in (remembered when `remember`) and
/// consents to `scope` without further checks; returns the authorization code.
pub async fn login_and_consent(
    live: &Live,
    browser: &Browser,
    client_id: &str,
    subject: &str,
    remember: bool,
) -> Granted {
    let state = unique("state");
    let lc = browser.login_challenge(client_id, "openid offline", &state).await;
    let done = live
        .admin
        .accept_login_request(&lc, &AcceptLoginRequest::new(subject).with_remember(remember))
        .await
        .expect("accept_login_request");
    let cc = browser.follow_to_challenge(done.redirect_to.as_str(), "/consent", "consent_challenge").await;
    let consent = live.admin.get_consent_request(&cc).await.expect("get_consent_request");
    let done = live
        .admin
        .accept_consent_request(
            &cc,
            &AcceptConsentRequest::new()
                .with_grant_scope(consent.requested_scope.clone())
                .with_remember(remember)
                .with_session(ConsentRequestSession::new().with_access_token(obj(serde_json::json!({"k": 1})))),
        )
        .await
        .expect("accept_consent_request");
    let to = browser.follow_to_client(done.redirect_to.as_str()).await;
    assert_eq!(query(&to, "state").as_deref(), Some(state.as_str()));
    let code = query(&to, "code").unwrap_or_else(|| panic!("no code in {to}"));
    Granted { code, final_redirect: to }
}

// ----------------------------------------------------------------------------------------- raw HTTP --

/// Sends `METHOD path` byte for byte (no URL normalisation, unlike every URL library) and returns the
/// status and body. Used for the client ids `.` and `..`, which ory-hydra-v1-client refuses to put in a path.
pub async fn raw_request(base: &str, method: &str, path: &str, body: Option<&str>) -> (u16, String) {
    let url = Url::parse(base).expect("base URL");
    let host = url.host_str().expect("host");
    let port = url.port_or_known_default().expect("port");
    let mut stream = tokio::net::TcpStream::connect((host, port)).await.expect("connect");
    let body = body.unwrap_or("");
    let request = format!(
        "{method} {path} HTTP/1.1\r\nHost: {host}:{port}\r\nConnection: close\r\nContent-Type: application/json\r\n\
         Content-Length: {}\r\n\r\n{body}",
        body.len()
    );
    stream.write_all(request.as_bytes()).await.expect("write");
    let mut answer = Vec::new();
    stream.read_to_end(&mut answer).await.expect("read");
    let text = String::from_utf8_lossy(&answer).into_owned();
    let status =
        text.split(' ').nth(1).and_then(|s| s.parse().ok()).unwrap_or_else(|| panic!("no status line in {text:?}"));
    let body = text.split_once("\r\n\r\n").map(|(_, b)| b.to_string()).unwrap_or_default();
    (status, body)
}

/// The payload of a JWT (not verified: the tests only read claims Hydra itself put there).
pub fn jwt_claims(jwt: &str) -> Value {
    use base64::Engine as _;
    let payload = jwt.split('.').nth(1).expect("a JWT has three parts");
    let bytes = base64::engine::general_purpose::URL_SAFE_NO_PAD.decode(payload).expect("base64url payload");
    serde_json::from_slice(&bytes).expect("JSON claims")
}
