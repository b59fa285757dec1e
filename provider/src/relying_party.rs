//! A tiny sample relying party: starts the authorization code flow at Hydra and exchanges the code on
//! its callback, then shows the outcome (granted scopes and ID token claims, or the error). The browser
//! tests read its page; `cargo xtask serve` runs it so a person can click through.

use std::collections::HashMap;
use std::sync::Arc;

use axum::extract::{Query, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::get;
use axum::Router;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine as _;
use maud::html;

use crate::line::Hydra;

/// The scopes the sample client may ask for.
pub const SCOPES: &str = "openid offline profile email";

/// The registered client and where Hydra is. `Debug` leaves out the client secret.
#[derive(Clone)]
pub struct RelyingParty {
    /// Talks to Hydra (its public URL is used for the code exchange).
    pub hydra: Hydra,
    /// Hydra's public URL, where the browser is sent.
    pub public_url: String,
    /// The relying party's own base URL (`http://127.0.0.1:5555`).
    pub base_url: String,
    /// The registered client's id.
    pub client_id: String,
    /// The registered client's secret.
    pub client_secret: String,
}

impl std::fmt::Debug for RelyingParty {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("RelyingParty")
            .field("hydra", &self.hydra)
            .field("public_url", &self.public_url)
            .field("base_url", &self.base_url)
            .field("client_id", &self.client_id)
            .field("client_secret", &"<redacted>")
            .finish()
    }
}

impl RelyingParty {
    /// Registers a new client at Hydra with `<base_url>/callback` as its redirect URI.
    pub async fn register(hydra: Hydra, public_url: &str, base_url: &str) -> anyhow::Result<Self> {
        Self::register_client(hydra, public_url, base_url, false).await
    }

    /// Registers a new client as [`register`](Self::register) does; with `skip_consent` (Hydra v2 only)
    /// the client is one whose users are never asked for consent.
    pub async fn register_client(
        hydra: Hydra,
        public_url: &str,
        base_url: &str,
        skip_consent: bool,
    ) -> anyhow::Result<Self> {
        let name = "Sample relying party";
        let redirect = format!("{base_url}/callback");
        let (client_id, client_secret) = match &hydra {
            Hydra::V1(c) => {
                anyhow::ensure!(!skip_consent, "Hydra v1 clients have no skip_consent setting");
                use ory_hydra_v1_client::{GrantType, ResponseType, TokenEndpointAuthMethod};
                let created = c
                    .create_o_auth2_client(
                        &ory_hydra_v1_client::OAuth2Client::new()
                            .with_client_name(name)
                            .with_client_uri(base_url)
                            .with_grant_types([GrantType::AuthorizationCode, GrantType::RefreshToken])
                            .with_response_types([ResponseType::Code])
                            .with_redirect_uris([redirect])
                            .with_scope(SCOPES)
                            .with_token_endpoint_auth_method(TokenEndpointAuthMethod::ClientSecretBasic),
                    )
                    .await?;
                (created.client_id, created.client_secret.unwrap_or_default())
            }
            Hydra::V2(c) => {
                use ory_hydra_v2_client::{GrantType, ResponseType, TokenEndpointAuthMethod};
                let created = c
                    .create_o_auth2_client(
                        &ory_hydra_v2_client::OAuth2Client::new()
                            .with_client_name(name)
                            .with_client_uri(base_url)
                            .with_grant_types([GrantType::AuthorizationCode, GrantType::RefreshToken])
                            .with_response_types([ResponseType::Code])
                            .with_redirect_uris([redirect])
                            .with_scope(SCOPES)
                            .with_token_endpoint_auth_method(TokenEndpointAuthMethod::ClientSecretBasic)
                            .with_skip_consent(skip_consent),
                    )
                    .await?;
                (created.client_id, created.client_secret.unwrap_or_default())
            }
        };
        Ok(RelyingParty {
            hydra,
            public_url: public_url.trim_end_matches('/').to_string(),
            base_url: base_url.to_string(),
            client_id,
            client_secret,
        })
    }

    /// Exchanges `code` at the token endpoint: the granted scope and the ID token, or the error's text.
    async fn exchange(&self, code: &str) -> Result<(Option<String>, Option<String>), String> {
        match &self.hydra {
            Hydra::V1(c) => {
                use ory_hydra_v1_client::{ClientCredentials, GrantType, Oauth2TokenParams};
                let creds = ClientCredentials::basic(&self.client_id, &self.client_secret);
                let params = Oauth2TokenParams::default().code(code).redirect_uri(self.redirect_uri());
                let token = c.oauth2_token(&creds, GrantType::AuthorizationCode, params).await;
                token.map(|t| (Some(t.scope), t.id_token)).map_err(|e| e.to_string())
            }
            Hydra::V2(c) => {
                use ory_hydra_v2_client::{ClientCredentials, GrantType, Oauth2TokenExchangeParams};
                let creds = ClientCredentials::basic(&self.client_id, &self.client_secret);
                let params = Oauth2TokenExchangeParams::default().code(code).redirect_uri(self.redirect_uri());
                let token = c.oauth2_token_exchange(&creds, GrantType::AuthorizationCode, params).await;
                token.map(|t| (t.scope, t.id_token)).map_err(|e| e.to_string())
            }
        }
    }

    fn redirect_uri(&self) -> String {
        format!("{}/callback", self.base_url)
    }
}

/// The relying party's routes: `/`, `/start` (query: `scope`, `prompt`, `max_age`, `login_hint`,
/// `acr_values`), `/callback`.
pub fn router(rp: RelyingParty) -> Router {
    Router::new()
        .route("/", get(home))
        .route("/start", get(start))
        .route("/callback", get(callback))
        .with_state(Arc::new(rp))
}

async fn home(State(rp): State<Arc<RelyingParty>>) -> Response {
    let logout = format!("{}/oauth2/sessions/logout", rp.public_url);
    html! {
        h1 { "Sample relying party" }
        ul {
            li { a #signin href="/start" { "Sign in" } }
            li { a href="/start?scope=openid%20email" { "Sign in, email only" } }
            li { a href="/start?prompt=login" { "Sign in again (prompt=login)" } }
            li { a href=(logout) { "Sign out at Hydra" } }
        }
    }
    .into_response()
}

async fn start(State(rp): State<Arc<RelyingParty>>, Query(q): Query<HashMap<String, String>>) -> Response {
    let state = crate::random_token();
    let mut url = url::Url::parse(&format!("{}/oauth2/auth", rp.public_url)).expect("Hydra's public URL is a URL");
    {
        let mut p = url.query_pairs_mut();
        p.append_pair("client_id", &rp.client_id)
            .append_pair("response_type", "code")
            .append_pair("redirect_uri", &rp.redirect_uri())
            .append_pair("scope", q.get("scope").map_or(SCOPES, String::as_str))
            .append_pair("state", &state)
            .append_pair("nonce", &crate::random_token());
        for k in ["prompt", "max_age", "login_hint", "acr_values"] {
            if let Some(v) = q.get(k) {
                p.append_pair(k, v);
            }
        }
    }
    let mut res = Redirect::to(url.as_str()).into_response();
    let cookie = format!("rp_state={state}; Path=/; HttpOnly; SameSite=Lax");
    res.headers_mut().insert(header::SET_COOKIE, cookie.parse().expect("a token is a valid cookie"));
    res
}

async fn callback(
    State(rp): State<Arc<RelyingParty>>,
    headers: HeaderMap,
    Query(q): Query<HashMap<String, String>>,
) -> Response {
    let get = |k: &str| q.get(k).map_or("", String::as_str);
    if crate::app::cookie(&headers, "rp_state") != Some(get("state")) {
        return outcome(StatusCode::BAD_REQUEST, "error", "state_mismatch", "", "");
    }
    if !get("error").is_empty() {
        return outcome(StatusCode::OK, "error", get("error"), get("error_description"), "");
    }
    match rp.exchange(get("code")).await {
        Ok((scope, id_token)) => {
            let claims = id_token.as_deref().and_then(id_token_claims).unwrap_or_default();
            outcome(StatusCode::OK, "ok", scope.as_deref().unwrap_or(""), "", &claims)
        }
        Err(e) => outcome(StatusCode::BAD_GATEWAY, "error", "token_exchange_failed", &e, ""),
    }
}

/// The ID token's payload as JSON text (the signature is Hydra's; this page only shows it).
fn id_token_claims(jwt: &str) -> Option<String> {
    let payload = jwt.split('.').nth(1)?;
    String::from_utf8(URL_SAFE_NO_PAD.decode(payload).ok()?).ok()
}

/// The page the tests read: `#result` is `ok` or `error`; `#detail` holds the granted scope or the error
/// code, `#description` the error description, `#claims` the ID token claims.
fn outcome(status: StatusCode, result: &str, detail: &str, description: &str, claims: &str) -> Response {
    let body = html! {
        h1 { "Sample relying party" }
        p { "Result: " strong #result { (result) } }
        p { code #detail { (detail) } }
        p #description { (description) }
        pre #claims { (claims) }
        p { a href="/" { "Back" } }
    };
    (status, body).into_response()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn debug_never_shows_the_client_secret() {
        let hydra = Hydra::connect(crate::line::ServerLine::V2, "http://127.0.0.1:9", "http://127.0.0.1:9").unwrap();
        let rp = RelyingParty {
            hydra,
            public_url: "http://127.0.0.1:9".into(),
            base_url: "http://127.0.0.1:5555".into(),
            client_id: "rp-client".into(),
            client_secret: "rp-secret-value".into(),
        };
        let printed = format!("{rp:?}");
        assert!(!printed.contains("rp-secret-value"), "{printed}");
        assert!(printed.contains("rp-client") && printed.contains("client_secret"), "{printed}");
    }
}
