//! The strict member check on every answer model the server sends: the raw JSON of each answer (got
//! with a plain HTTP request, next to the typed call where asking twice changes nothing) must carry
//! every member the tables declare required or `always`, in the model and the models nested in it,
//! and must decode as the typed model. A table that makes a member plain which this server leaves out
//! fails here, naming the member.

use ory_hydra_v1_client::{
    CompletedRequest, ConsentRequest, HealthStatus, JsonWebKey, JsonWebKeySet, LoginRequest, LogoutRequest,
    OAuth2Client, OAuth2TokenIntrospection, Oauth2TokenResponse, PreviousConsentSession, TrustedJwtGrantIssuer,
    UserinfoResponse, Version, WellKnown,
};
use reqwest::Method;
use serde_json::{json, Value};
use url::Url;

use crate::strict::raw::{Body, Raw};
use crate::strict::strict;
use crate::support::{
    clients_shared, live, query, unique, DeleteOnPanic, Live, CLIENT_LOGGED_OUT, REDIRECT_URI, TABLES,
};

/// Checks `answer` as model `$model` for this server and gives the typed value.
macro_rules! check {
    ($live:expr, $model:ident, $answer:expr) => {
        strict!(&TABLES, $model, $answer, Some($live.version.release), &$live.version.text)
    };
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

// Backs: OAuth2Client's `always` members (and the required ones of nested models) are in every client
// answer: a full and an empty creation, get, list, update and dynamic registration.
#[tokio::test]
async fn client_answers_carry_every_member_the_tables_promise() {
    let live = live!();
    let _clients = clients_shared().await;
    let raw = Raw::new(live.admin.base_url().as_str(), &live.public);
    let id = unique("live-strict-client");
    let _cleanup = DeleteOnPanic::new(&live, &[&id]);
    let created = raw.admin(Method::POST, "/clients", Some(flow_client(&id, "a-long-enough-secret"))).await;
    let created: OAuth2Client = check!(live, OAuth2Client, &created);
    let empty = raw.admin(Method::POST, "/clients", Some(json!({}))).await;
    let empty: OAuth2Client = check!(live, OAuth2Client, &empty);
    let _cleanup_empty = DeleteOnPanic::new(&live, &[empty.client_id.as_str()]);
    let got = raw.admin(Method::GET, &format!("/clients/{id}"), None).await;
    let typed = live.admin.get_o_auth2_client(&id).await.expect("get_o_auth2_client");
    assert_eq!(check!(live, OAuth2Client, &got), typed, "the typed call decodes the same answer");
    let listed = raw.admin(Method::GET, "/clients?limit=20", None).await;
    for client in listed.as_array().expect("a list") {
        check!(live, OAuth2Client, client);
    }
    let put = json!({"client_id": empty.client_id, "client_name": "renamed"});
    let updated = raw.admin(Method::PUT, &format!("/clients/{}", empty.client_id), Some(put)).await;
    assert_eq!(check!(live, OAuth2Client, &updated).client_name, "renamed");
    if live.serves("dynamic_client_registration_create_o_auth2_client") {
        let url = format!("{}/oauth2/register", raw.public);
        let (_, registered, _) = raw.send(Method::POST, &url, Body::Json(json!({"client_name": "dyn"})), None).await;
        let registered: OAuth2Client = check!(live, OAuth2Client, &registered);
        live.admin.delete_o_auth2_client(&registered.client_id).await.expect("delete the registered client");
    }
    for id in [&created.client_id, &empty.client_id] {
        live.admin.delete_o_auth2_client(id).await.expect("delete");
    }
}

/// Accepts the login `lc` for `subject` and its consent, checking every answer on the way; gives the
/// redirect to the client.
async fn login_and_consent(live: &Live, raw: &Raw, lc: &str, subject: &str) -> Url {
    let path = format!("/oauth2/auth/requests/login?login_challenge={lc}");
    let login: LoginRequest = check!(live, LoginRequest, &raw.admin(Method::GET, &path, None).await);
    assert_eq!(login, live.admin.get_login_request(lc).await.expect("get_login_request"));
    let accept = json!({"subject": subject, "remember": true, "acr": "1", "context": {"k": 1}});
    let path = format!("/oauth2/auth/requests/login/accept?login_challenge={lc}");
    let done: CompletedRequest = check!(live, CompletedRequest, &raw.admin(Method::PUT, &path, Some(accept)).await);
    let cc = raw.to_listener(&done.redirect_to, "/consent", "consent_challenge").await;
    let path = format!("/oauth2/auth/requests/consent?consent_challenge={cc}");
    let consent: ConsentRequest = check!(live, ConsentRequest, &raw.admin(Method::GET, &path, None).await);
    assert_eq!(consent, live.admin.get_consent_request(&cc).await.expect("get_consent_request"));
    let session = json!({"id_token": {"name": "Alice"}, "access_token": {"role": "tester"}});
    let grant = json!({"grant_scope": ["openid", "offline"], "remember": true, "session": session});
    let path = format!("/oauth2/auth/requests/consent/accept?consent_challenge={cc}");
    let done: CompletedRequest = check!(live, CompletedRequest, &raw.admin(Method::PUT, &path, Some(grant)).await);
    let (_, _, to) = raw.send(Method::GET, &done.redirect_to, Body::None, None).await;
    to.expect("a redirect to the client")
}

/// The token endpoint's answer to `form`, checked.
async fn token(live: &Live, raw: &Raw, client: (&str, &str), form: &[(&str, &str)]) -> Oauth2TokenResponse {
    let url = format!("{}/oauth2/token", raw.public);
    let (_, answer, _) = raw.send(Method::POST, &url, Body::Form(form), Some(client)).await;
    check!(live, Oauth2TokenResponse, &answer)
}

// Backs: the login, consent and logout request models, CompletedRequest, the token, introspection and
// userinfo answers and consent sessions carry every member the tables promise, through a whole flow,
// a remembered (skipped) login, a rejection and both kinds of logout.
#[tokio::test]
async fn flow_answers_carry_every_member_the_tables_promise() {
    let live = live!();
    let _clients = clients_shared().await;
    let raw = Raw::new(live.admin.base_url().as_str(), &live.public);
    let (id, secret, subject) = (unique("live-strict-flow"), "a-long-enough-secret", unique("alice"));
    let _cleanup = DeleteOnPanic::new(&live, &[&id]);
    raw.admin(Method::POST, "/clients", Some(flow_client(&id, secret))).await;
    let lc = raw.authorize(&id, &unique("state"), REDIRECT_URI).await;
    let to = login_and_consent(&live, &raw, &lc, &subject).await;
    let code = query(&to, "code").expect("a code");
    let form = [("grant_type", "authorization_code"), ("code", &code), ("redirect_uri", REDIRECT_URI)];
    let first = token(&live, &raw, (&id, secret), &form).await;
    let refresh = first.refresh_token.expect("a refresh token");
    let tokens =
        token(&live, &raw, (&id, secret), &[("grant_type", "refresh_token"), ("refresh_token", &refresh)]).await;
    token(&live, &raw, (&id, secret), &[("grant_type", "client_credentials")]).await;
    let admin_introspect = format!("{}/oauth2/introspect", raw.admin);
    for t in [tokens.access_token.as_str(), tokens.refresh_token.as_deref().unwrap_or_default(), "not-a-token"] {
        let (_, answer, _) = raw.send(Method::POST, &admin_introspect, Body::Form(&[("token", t)]), None).await;
        check!(live, OAuth2TokenIntrospection, &answer);
    }
    let userinfo = raw.http.get(format!("{}/userinfo", raw.public)).bearer_auth(&tokens.access_token).send().await;
    let userinfo = userinfo.expect("userinfo").text().await.expect("a userinfo body");
    let userinfo: Value = serde_json::from_str(&userinfo).expect("userinfo JSON");
    assert_eq!(check!(live, UserinfoResponse, &userinfo).sub, subject);
    let sessions = raw.admin(Method::GET, &format!("/oauth2/auth/sessions/consent?subject={subject}"), None).await;
    for session in sessions.as_array().expect("a list") {
        check!(live, PreviousConsentSession, session);
    }
    // A remembered login is skipped; then a rejected one.
    let lc = raw.authorize(&id, &unique("state"), REDIRECT_URI).await;
    let path = format!("/oauth2/auth/requests/login?login_challenge={lc}");
    assert!(check!(live, LoginRequest, &raw.admin(Method::GET, &path, None).await).skip);
    let path = format!("/oauth2/auth/requests/login/reject?login_challenge={lc}");
    let rejected = raw.admin(Method::PUT, &path, Some(json!({"error": "access_denied"}))).await;
    check!(live, CompletedRequest, &rejected);
    logouts(&live, &raw, first.id_token.as_deref().expect("an ID token")).await;
    live.admin.delete_o_auth2_client(&id).await.expect("delete");
}

/// A logout the user starts (rejected) and one the client starts with its ID token (accepted).
async fn logouts(live: &Live, raw: &Raw, id_token: &str) {
    let logout = format!("{}/oauth2/sessions/logout", raw.public);
    let challenge = raw.to_listener(&logout, "/logout", "logout_challenge").await;
    let path = format!("/oauth2/auth/requests/logout?logout_challenge={challenge}");
    let request: LogoutRequest = check!(live, LogoutRequest, &raw.admin(Method::GET, &path, None).await);
    assert!(!request.rp_initiated);
    raw.admin(Method::PUT, &format!("/oauth2/auth/requests/logout/reject?logout_challenge={challenge}"), None).await;
    let mut url = Url::parse(&logout).expect("logout URL");
    url.query_pairs_mut()
        .append_pair("id_token_hint", id_token)
        .append_pair("post_logout_redirect_uri", CLIENT_LOGGED_OUT)
        .append_pair("state", "logout-state");
    let challenge = raw.to_listener(url.as_str(), "/logout", "logout_challenge").await;
    let path = format!("/oauth2/auth/requests/logout?logout_challenge={challenge}");
    let request: LogoutRequest = check!(live, LogoutRequest, &raw.admin(Method::GET, &path, None).await);
    assert!(request.rp_initiated);
    let path = format!("/oauth2/auth/requests/logout/accept?logout_challenge={challenge}");
    check!(live, CompletedRequest, &raw.admin(Method::PUT, &path, None).await);
}

// Backs: key sets and keys (generated for each algorithm the server has, read back, put back),
// discovery, version, health and trusted JWT issuers carry every member the tables promise.
#[tokio::test]
async fn key_and_server_answers_carry_every_member_the_tables_promise() {
    let live = live!();
    let raw = Raw::new(live.admin.base_url().as_str(), &live.public);
    let set = unique("live-strict-keys");
    for (alg, key_use) in [("RS256", "sig"), ("ES256", "sig"), ("HS256", "sig"), ("RS256", "enc")] {
        let path = format!("/keys/{set}-{alg}-{key_use}");
        let body = json!({"alg": alg, "kid": format!("k-{alg}"), "use": key_use});
        // Not every release generates every algorithm (v1.3.2 has no ES256); the ones it does are checked.
        let (status, answer, _) =
            raw.request(Method::POST, &format!("{}{path}", raw.admin), Body::Json(body), None).await;
        if status.is_success() {
            check!(live, JsonWebKeySet, &answer);
            live.admin.delete_json_web_key_set(&format!("{set}-{alg}-{key_use}")).await.expect("delete the set");
        }
    }
    raw.admin(Method::POST, &format!("/keys/{set}"), Some(json!({"alg": "RS256", "kid": "k", "use": "sig"}))).await;
    let keys: JsonWebKeySet = check!(live, JsonWebKeySet, &raw.admin(Method::GET, &format!("/keys/{set}"), None).await);
    let kid = keys.keys.as_deref().and_then(<[_]>::first).map(|k| k.kid.clone()).expect("a key");
    let one = raw.admin(Method::GET, &format!("/keys/{set}/{kid}"), None).await;
    let one: JsonWebKeySet = check!(live, JsonWebKeySet, &one);
    let key = serde_json::to_value(&one.keys.expect("keys")[0]).expect("a key as JSON");
    check!(live, JsonWebKey, &raw.admin(Method::PUT, &format!("/keys/{set}/{kid}"), Some(key.clone())).await);
    let (_, jwks, _) = raw.send(Method::GET, &format!("{}/.well-known/jwks.json", raw.public), Body::None, None).await;
    check!(live, JsonWebKeySet, &jwks);
    let discovery = format!("{}/.well-known/openid-configuration", raw.public);
    check!(live, WellKnown, &raw.send(Method::GET, &discovery, Body::None, None).await.1);
    check!(live, Version, &raw.admin(Method::GET, "/version", None).await);
    check!(live, HealthStatus, &raw.admin(Method::GET, "/health/alive", None).await);
    let ready = format!("{}/health/ready", raw.public);
    check!(live, HealthStatus, &raw.send(Method::GET, &ready, Body::None, None).await.1);
    if live.serves("trust_jwt_grant_issuer") {
        trusted_issuers(&live, &raw, key).await;
    }
    live.admin.delete_json_web_key_set(&set).await.expect("delete the set");
}

/// Trusts an issuer with the public part of `key` and checks what create and list answer.
async fn trusted_issuers(live: &Live, raw: &Raw, mut key: Value) {
    let private = ["d", "p", "q", "dp", "dq", "qi"];
    key.as_object_mut().expect("a key object").retain(|name, _| !private.contains(&name.as_str()));
    let issuer = format!("https://{}.example", unique("strict-issuer"));
    let body = json!({"issuer": issuer, "subject": "alice", "scope": ["openid"], "jwk": key, "expires_at": "2100-01-01T00:00:00Z"});
    let trusted = raw.admin(Method::POST, "/trust/grants/jwt-bearer/issuers", Some(body)).await;
    let trusted: TrustedJwtGrantIssuer = check!(live, TrustedJwtGrantIssuer, &trusted);
    let listed = raw.admin(Method::GET, &format!("/trust/grants/jwt-bearer/issuers?issuer={issuer}"), None).await;
    for one in listed.as_array().expect("a list") {
        check!(live, TrustedJwtGrantIssuer, one);
    }
    live.admin.delete_trusted_jwt_grant_issuer(&trusted.id).await.expect("delete the trust");
}
