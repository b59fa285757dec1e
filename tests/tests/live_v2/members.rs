//! The strict member check on every answer model a v2 server sends (tests/tests/strict/mod.rs): the raw
//! JSON of each answer must carry every member spec/v2/models.table declares required or `always`,
//! in the model and the models nested in it, and must decode as the typed model of
//! ory-hydra-v2-client. A table that makes a member plain which the server leaves out fails here.

use std::sync::LazyLock;

use ory_hydra_v1_codegen::ir::Api;
use ory_hydra_v1_codegen::version::Version as Release;
use ory_hydra_v2_client::{
    HealthStatus, IntrospectedOAuth2Token, JsonWebKey, JsonWebKeySet, OAuth2Client, OAuth2ConsentRequest,
    OAuth2ConsentSession, OAuth2LoginRequest, OAuth2LogoutRequest, OAuth2RedirectTo, OAuth2TokenExchange,
    OidcConfiguration, OidcUserInfo, TrustedOAuth2JwtGrantIssuer, Version,
};
use reqwest::Method;
use serde_json::{json, Value};
use url::Url;

use crate::strict::raw::{Body, Raw};
use crate::strict::strict;
use crate::support::{live_v2, query, unique, CLIENT_LOGGED_OUT, REDIRECT_URI, V2};

/// The v2 tables, read with the generator's library as the v2 crate's `generate!` names them.
static TABLES: LazyLock<Api> = LazyLock::new(|| crate::strict::load_tables("../hydra-client-v2"));

/// The server's release, for the tables' markers, and its version text, for messages.
struct Server {
    release: Option<Release>,
    text: String,
}

/// Checks `answer` as model `$model` for `$server` and gives the typed value.
macro_rules! check {
    ($server:expr, $model:ident, $answer:expr) => {
        strict!(&TABLES, $model, $answer, $server.release, &$server.text)
    };
}

/// The raw client for `v2`, and the server's version (itself a checked answer).
async fn connect(v2: &V2) -> (Raw, Server) {
    let raw = Raw::new(&v2.admin, &v2.public);
    let answer = raw.admin(Method::GET, "/version", None).await;
    let text = answer["version"].as_str().expect("a version").to_string();
    let server = Server { release: Release::parse_lenient(&text), text };
    check!(server, Version, &answer);
    (raw, server)
}

/// The body of a confidential authorization-code client named `id`.
fn flow_client(id: &str, secret: &str) -> Value {
    json!({
        "client_id": id, "client_secret": secret, "redirect_uris": [REDIRECT_URI],
        "grant_types": ["authorization_code", "refresh_token", "client_credentials"],
        "response_types": ["code", "id_token", "code id_token"], "scope": "openid offline",
        "post_logout_redirect_uris": [CLIENT_LOGGED_OUT],
    })
}

// Backs: OAuth2Client's required and `always` members are in every client answer of v2.3.0: a full and
// an empty creation, get, list, set and dynamic registration.
#[tokio::test]
async fn v2_client_answers_carry_every_member_the_tables_promise() {
    let v2 = live_v2!();
    let (raw, server) = connect(&v2).await;
    let id = unique("v2-strict-client");
    check!(
        server,
        OAuth2Client,
        &raw.admin(Method::POST, "/admin/clients", Some(flow_client(&id, "a-long-secret"))).await
    );
    let empty: OAuth2Client =
        check!(server, OAuth2Client, &raw.admin(Method::POST, "/admin/clients", Some(json!({}))).await);
    let got = raw.admin(Method::GET, &format!("/admin/clients/{id}"), None).await;
    let typed = v2.client().get_o_auth2_client(&id).await.expect("get_o_auth2_client");
    assert_eq!(check!(server, OAuth2Client, &got), typed, "the typed call decodes the same answer");
    for client in raw.admin(Method::GET, "/admin/clients?page_size=20", None).await.as_array().expect("a list") {
        check!(server, OAuth2Client, client);
    }
    let set = json!({"client_id": empty.client_id, "client_name": "renamed"});
    let updated = raw.admin(Method::PUT, &format!("/admin/clients/{}", empty.client_id), Some(set)).await;
    assert_eq!(check!(server, OAuth2Client, &updated).client_name, "renamed");
    let url = format!("{}/oauth2/register", raw.public);
    let (_, registered, _) = raw.send(Method::POST, &url, Body::Json(json!({"client_name": "dyn"})), None).await;
    let registered: OAuth2Client = check!(server, OAuth2Client, &registered);
    for id in [&id, &empty.client_id, &registered.client_id] {
        v2.delete_client(id).await;
    }
}

/// Accepts the login `lc` for `subject` and its consent, checking every answer on the way; gives the
/// redirect to the client.
async fn login_and_consent(v2: &V2, raw: &Raw, server: &Server, lc: &str, subject: &str) -> Url {
    let path = format!("/admin/oauth2/auth/requests/login?login_challenge={lc}");
    let login: OAuth2LoginRequest = check!(server, OAuth2LoginRequest, &raw.admin(Method::GET, &path, None).await);
    assert_eq!(login, v2.client().get_o_auth2_login_request(lc).await.expect("get_o_auth2_login_request"));
    let accept = json!({"subject": subject, "remember": true, "acr": "1", "context": {"k": 1}});
    let path = format!("/admin/oauth2/auth/requests/login/accept?login_challenge={lc}");
    let done: OAuth2RedirectTo = check!(server, OAuth2RedirectTo, &raw.admin(Method::PUT, &path, Some(accept)).await);
    let cc = raw.to_listener(&done.redirect_to, "/consent", "consent_challenge").await;
    let path = format!("/admin/oauth2/auth/requests/consent?consent_challenge={cc}");
    let consent: OAuth2ConsentRequest =
        check!(server, OAuth2ConsentRequest, &raw.admin(Method::GET, &path, None).await);
    assert_eq!(consent, v2.client().get_o_auth2_consent_request(&cc).await.expect("get_o_auth2_consent_request"));
    let session = json!({"id_token": {"name": "Alice"}, "access_token": {"role": "tester"}});
    let grant = json!({"grant_scope": ["openid", "offline"], "remember": true, "session": session});
    let path = format!("/admin/oauth2/auth/requests/consent/accept?consent_challenge={cc}");
    let done: OAuth2RedirectTo = check!(server, OAuth2RedirectTo, &raw.admin(Method::PUT, &path, Some(grant)).await);
    let (_, _, to) = raw.send(Method::GET, &done.redirect_to, Body::None, None).await;
    to.expect("a redirect to the client")
}

/// The token endpoint's answer to `form`, checked.
async fn token(raw: &Raw, server: &Server, client: (&str, &str), form: &[(&str, &str)]) -> OAuth2TokenExchange {
    let url = format!("{}/oauth2/token", raw.public);
    let (_, answer, _) = raw.send(Method::POST, &url, Body::Form(form), Some(client)).await;
    check!(server, OAuth2TokenExchange, &answer)
}

// Backs: the v2 login, consent and logout request models, OAuth2RedirectTo, the token, introspection
// and userinfo answers and consent sessions carry every member the tables promise, through a whole
// flow, a remembered login, a rejection and both kinds of logout.
#[tokio::test]
async fn v2_flow_answers_carry_every_member_the_tables_promise() {
    let v2 = live_v2!();
    let (raw, server) = connect(&v2).await;
    let (id, secret, subject) = (unique("v2-strict-flow"), "a-long-enough-secret", unique("alice"));
    raw.admin(Method::POST, "/admin/clients", Some(flow_client(&id, secret))).await;
    let lc = raw.authorize(&id, &unique("state"), REDIRECT_URI).await;
    let to = login_and_consent(&v2, &raw, &server, &lc, &subject).await;
    let code = query(&to, "code").expect("a code");
    let form = [("grant_type", "authorization_code"), ("code", &code), ("redirect_uri", REDIRECT_URI)];
    let first = token(&raw, &server, (&id, secret), &form).await;
    let refresh = first.refresh_token.clone().expect("a refresh token");
    let form = [("grant_type", "refresh_token"), ("refresh_token", refresh.as_str())];
    let tokens = token(&raw, &server, (&id, secret), &form).await;
    token(&raw, &server, (&id, secret), &[("grant_type", "client_credentials")]).await;
    let introspect = format!("{}/admin/oauth2/introspect", raw.admin);
    for t in [tokens.access_token.as_str(), tokens.refresh_token.as_deref().unwrap_or_default(), "not-a-token"] {
        let (_, answer, _) = raw.send(Method::POST, &introspect, Body::Form(&[("token", t)]), None).await;
        check!(server, IntrospectedOAuth2Token, &answer);
    }
    let userinfo = raw.http.get(format!("{}/userinfo", raw.public)).bearer_auth(&tokens.access_token).send().await;
    let userinfo = userinfo.expect("userinfo").text().await.expect("a userinfo body");
    let userinfo: Value = serde_json::from_str(&userinfo).expect("userinfo JSON");
    check!(server, OidcUserInfo, &userinfo);
    let sessions =
        raw.admin(Method::GET, &format!("/admin/oauth2/auth/sessions/consent?subject={subject}"), None).await;
    for session in sessions.as_array().expect("a list") {
        check!(server, OAuth2ConsentSession, session);
    }
    let lc = raw.authorize(&id, &unique("state"), REDIRECT_URI).await;
    let path = format!("/admin/oauth2/auth/requests/login?login_challenge={lc}");
    assert!(check!(server, OAuth2LoginRequest, &raw.admin(Method::GET, &path, None).await).skip);
    let path = format!("/admin/oauth2/auth/requests/login/reject?login_challenge={lc}");
    check!(server, OAuth2RedirectTo, &raw.admin(Method::PUT, &path, Some(json!({"error": "access_denied"}))).await);
    logouts(&raw, &server, first.id_token.as_deref().expect("an ID token")).await;
    v2.delete_client(&id).await;
}

/// A logout the user starts (rejected) and one the client starts with its ID token (accepted).
async fn logouts(raw: &Raw, server: &Server, id_token: &str) {
    let logout = format!("{}/oauth2/sessions/logout", raw.public);
    let challenge = raw.to_listener(&logout, "/logout", "logout_challenge").await;
    let path = format!("/admin/oauth2/auth/requests/logout?logout_challenge={challenge}");
    let request: OAuth2LogoutRequest = check!(server, OAuth2LogoutRequest, &raw.admin(Method::GET, &path, None).await);
    assert!(!request.rp_initiated);
    raw.admin(Method::PUT, &format!("/admin/oauth2/auth/requests/logout/reject?logout_challenge={challenge}"), None)
        .await;
    let mut url = Url::parse(&logout).expect("logout URL");
    url.query_pairs_mut()
        .append_pair("id_token_hint", id_token)
        .append_pair("post_logout_redirect_uri", CLIENT_LOGGED_OUT)
        .append_pair("state", "logout-state");
    let challenge = raw.to_listener(url.as_str(), "/logout", "logout_challenge").await;
    let path = format!("/admin/oauth2/auth/requests/logout?logout_challenge={challenge}");
    let request: OAuth2LogoutRequest = check!(server, OAuth2LogoutRequest, &raw.admin(Method::GET, &path, None).await);
    assert!(request.rp_initiated);
    let path = format!("/admin/oauth2/auth/requests/logout/accept?logout_challenge={challenge}");
    check!(server, OAuth2RedirectTo, &raw.admin(Method::PUT, &path, None).await);
}

// Backs: v2 key sets and keys, discovery, health and trusted JWT issuers carry every member the tables
// promise.
#[tokio::test]
async fn v2_key_and_server_answers_carry_every_member_the_tables_promise() {
    let v2 = live_v2!();
    let (raw, server) = connect(&v2).await;
    let set = unique("v2-strict-keys");
    for (alg, key_use) in [("RS256", "sig"), ("ES256", "sig"), ("ES512", "sig"), ("RS256", "enc")] {
        let name = format!("{set}-{alg}-{key_use}");
        let body = json!({"alg": alg, "kid": format!("k-{alg}"), "use": key_use});
        check!(server, JsonWebKeySet, &raw.admin(Method::POST, &format!("/admin/keys/{name}"), Some(body)).await);
        raw.admin(Method::DELETE, &format!("/admin/keys/{name}"), None).await;
    }
    raw.admin(Method::POST, &format!("/admin/keys/{set}"), Some(json!({"alg": "RS256", "kid": "k", "use": "sig"})))
        .await;
    let keys: JsonWebKeySet =
        check!(server, JsonWebKeySet, &raw.admin(Method::GET, &format!("/admin/keys/{set}"), None).await);
    let kid = keys.keys.as_deref().and_then(<[_]>::first).map(|k| k.kid.clone()).expect("a key");
    let one: JsonWebKeySet =
        check!(server, JsonWebKeySet, &raw.admin(Method::GET, &format!("/admin/keys/{set}/{kid}"), None).await);
    let key = serde_json::to_value(&one.keys.expect("keys")[0]).expect("a key as JSON");
    check!(server, JsonWebKey, &raw.admin(Method::PUT, &format!("/admin/keys/{set}/{kid}"), Some(key.clone())).await);
    let (_, jwks, _) = raw.send(Method::GET, &format!("{}/.well-known/jwks.json", raw.public), Body::None, None).await;
    check!(server, JsonWebKeySet, &jwks);
    let discovery = format!("{}/.well-known/openid-configuration", raw.public);
    check!(server, OidcConfiguration, &raw.send(Method::GET, &discovery, Body::None, None).await.1);
    check!(server, HealthStatus, &raw.admin(Method::GET, "/health/alive", None).await);
    let ready = format!("{}/health/ready", raw.public);
    check!(server, HealthStatus, &raw.send(Method::GET, &ready, Body::None, None).await.1);
    trusted_issuers(&raw, &server, key).await;
    raw.admin(Method::DELETE, &format!("/admin/keys/{set}"), None).await;
}

/// Trusts an issuer with the public part of `key` and checks what create, get and list answer.
async fn trusted_issuers(raw: &Raw, server: &Server, mut key: Value) {
    let private = ["d", "p", "q", "dp", "dq", "qi"];
    key.as_object_mut().expect("a key object").retain(|name, _| !private.contains(&name.as_str()));
    let issuer = format!("https://{}.example", unique("v2-strict-issuer"));
    let body = json!({"issuer": issuer, "subject": "alice", "scope": ["openid"], "jwk": key, "expires_at": "2100-01-01T00:00:00Z"});
    let path = "/admin/trust/grants/jwt-bearer/issuers";
    let trusted: TrustedOAuth2JwtGrantIssuer =
        check!(server, TrustedOAuth2JwtGrantIssuer, &raw.admin(Method::POST, path, Some(body)).await);
    check!(server, TrustedOAuth2JwtGrantIssuer, &raw.admin(Method::GET, &format!("{path}/{}", trusted.id), None).await);
    for one in raw.admin(Method::GET, &format!("{path}?issuer={issuer}"), None).await.as_array().expect("a list") {
        check!(server, TrustedOAuth2JwtGrantIssuer, one);
    }
    raw.admin(Method::DELETE, &format!("{path}/{}", trusted.id), None).await;
}
