//! A plain HTTP client for the strict member check: it gets the raw JSON of an answer, which the check
//! holds against the tables, and walks the browser side of a flow (cookies kept, redirects not
//! followed). The same for both lines: a v2 Admin path simply starts with `/admin`.

use std::time::Duration;

use reqwest::{Method, StatusCode};
use serde_json::Value;
use url::Url;

/// A plain HTTP client with a cookie jar that never follows redirects: the raw side of each call.
pub struct Raw {
    /// The HTTP client (cookies kept, redirects not followed).
    pub http: reqwest::Client,
    /// The Admin API base URL, without a trailing `/`.
    pub admin: String,
    /// The Public API base URL, without a trailing `/`.
    pub public: String,
}

/// What a request carries.
pub enum Body<'a> {
    /// No body.
    None,
    /// A JSON body.
    Json(Value),
    /// A form body.
    Form(&'a [(&'a str, &'a str)]),
}

impl Raw {
    /// A client for the server at these base URLs.
    pub fn new(admin: &str, public: &str) -> Raw {
        let http = reqwest::Client::builder()
            .cookie_store(true)
            .redirect(reqwest::redirect::Policy::none())
            .timeout(Duration::from_secs(60))
            .build()
            .expect("reqwest client");
        let base = |url: &str| url.trim_end_matches('/').to_string();
        Raw { http, admin: base(admin), public: base(public) }
    }

    /// [`Raw::request`] that must succeed (or redirect).
    pub async fn send(
        &self,
        method: Method,
        url: &str,
        body: Body<'_>,
        basic: Option<(&str, &str)>,
    ) -> (StatusCode, Value, Option<Url>) {
        let (status, value, location) = self.request(method.clone(), url, body, basic).await;
        assert!(status.is_success() || status.is_redirection(), "{method} {url}: {status} {value}");
        (status, value, location)
    }

    /// `method url` with `body` (and basic credentials when given); the status, the body as JSON
    /// (`null` when empty or not JSON) and the `Location` of a redirect.
    pub async fn request(
        &self,
        method: Method,
        url: &str,
        body: Body<'_>,
        basic: Option<(&str, &str)>,
    ) -> (StatusCode, Value, Option<Url>) {
        let mut request = self.http.request(method.clone(), url);
        request = match body {
            Body::None => request,
            Body::Json(v) => request.header("content-type", "application/json").body(v.to_string()),
            Body::Form(f) => request.form(f),
        };
        if let Some((user, password)) = basic {
            request = request.basic_auth(user, Some(password));
        }
        let resp = request.send().await.unwrap_or_else(|e| panic!("{method} {url}: {e}"));
        let status = resp.status();
        let location = resp
            .headers()
            .get("location")
            .map(|l| resp.url().join(l.to_str().expect("ASCII Location")).expect("a Location that resolves"));
        let text = resp.text().await.expect("a body");
        (status, serde_json::from_str(&text).unwrap_or(Value::Null), location)
    }

    /// The JSON answer of an Admin API call.
    pub async fn admin(&self, method: Method, path: &str, body: Option<Value>) -> Value {
        let body = body.map_or(Body::None, Body::Json);
        self.send(method, &format!("{}{path}", self.admin), body, None).await.1
    }

    /// Follows a URL Hydra handed out and gives the `param` of the listener URL it redirects to.
    pub async fn to_listener(&self, url: &str, path: &str, param: &str) -> String {
        let (_, _, to) = self.send(Method::GET, url, Body::None, None).await;
        let to = to.unwrap_or_else(|| panic!("{url} did not redirect"));
        assert_eq!(to.path(), path, "{to}");
        to.query_pairs()
            .find(|(k, _)| k == param)
            .map(|(_, v)| v.into_owned())
            .unwrap_or_else(|| panic!("{to} has no {param}"))
    }

    /// Starts an authorization request of `client` and gives its login challenge.
    pub async fn authorize(&self, client: &str, state: &str, redirect_uri: &str) -> String {
        let mut url = Url::parse(&format!("{}/oauth2/auth", self.public)).expect("public URL");
        url.query_pairs_mut()
            .append_pair("client_id", client)
            .append_pair("response_type", "code")
            .append_pair("scope", "openid offline")
            .append_pair("state", state)
            .append_pair("nonce", state)
            .append_pair("redirect_uri", redirect_uri)
            .append_pair("login_hint", "alice")
            .append_pair("ui_locales", "en");
        self.to_listener(url.as_str(), "/login", "login_challenge").await
    }
}
