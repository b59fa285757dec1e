//! Login, consent and logout request operations against httpmock.

mod common;

use common::{answer, client, json, Recorder, BASIC};
use httpmock::prelude::*;
use ory_hydra_v1_client::{AcceptConsentRequest, AcceptLoginRequest, ConsentRequestSession, JsonObject, RejectRequest};
use serde_json::json;

fn obj(v: serde_json::Value) -> JsonObject {
    v.as_object().unwrap().clone()
}

#[tokio::test]
async fn get_login_request_sends_the_challenge_and_decodes_nested_models() {
    let server = MockServer::start_async().await;
    let rec = Recorder::new();
    let mock = server
        .mock_async(|when, then| {
            when.method(GET)
                .path("/oauth2/auth/requests/login")
                .query_param("login_challenge", "lc-123")
                .header("authorization", BASIC)
                .header_missing("content-type");
            then.respond_with(rec.respond(
                200,
                &[("content-type", "application/json")],
                json(json!({
                    "challenge": "lc-123",
                    "client": {"client_id": "app", "client_name": "App", "redirect_uris": ["https://app/cb"]},
                    "oidc_context": {
                        "acr_values": ["urn:mace:incommon:iap:silver"],
                        "display": "page",
                        "id_token_hint_claims": {"sub": "u1"},
                        "login_hint": "alice@example.com",
                        "ui_locales": ["de-CH", "en"]
                    },
                    "request_url": "https://hydra/oauth2/auth?client_id=app",
                    "requested_access_token_audience": ["https://api"],
                    "requested_scope": ["openid", "offline"],
                    "session_id": "sess-1",
                    "skip": true,
                    "subject": "alice"
                })),
            ));
        })
        .await;
    let r = client(&server).get_login_request("lc-123").await.unwrap();
    mock.assert_async().await;
    assert_eq!(rec.single().query(), "login_challenge=lc-123");
    assert_eq!(r.challenge, "lc-123");
    let c = r.client;
    assert_eq!(c.client_id, "app");
    assert_eq!(c.client_name, "App");
    assert_eq!(c.redirect_uris, vec!["https://app/cb".to_string()]);
    let oidc = r.oidc_context;
    assert_eq!(oidc.acr_values, Some(vec!["urn:mace:incommon:iap:silver".to_string()]));
    assert_eq!(oidc.display.as_deref(), Some("page"));
    assert_eq!(oidc.id_token_hint_claims.as_ref().and_then(|m| m.get("sub")), Some(json!("u1")));
    assert_eq!(oidc.login_hint.as_deref(), Some("alice@example.com"));
    assert_eq!(oidc.ui_locales, Some(vec!["de-CH".to_string(), "en".to_string()]));
    assert_eq!(r.request_url, "https://hydra/oauth2/auth?client_id=app");
    assert_eq!(r.requested_access_token_audience, vec!["https://api".to_string()]);
    assert_eq!(r.requested_scope, vec!["openid".to_string(), "offline".to_string()]);
    assert_eq!(r.session_id, "sess-1");
    assert!(r.skip);
    assert_eq!(r.subject, "alice");
}

#[tokio::test]
async fn accept_login_request_puts_the_body_and_decodes_redirect_to() {
    let server = MockServer::start_async().await;
    let body = AcceptLoginRequest::new("alice")
        .with_remember(true)
        .with_remember_for(3600)
        .with_acr("silver")
        .with_context(obj(json!({"login_method": "password"})))
        .with_force_subject_identifier("pairwise-alice");
    let mock = server
        .mock_async(|when, then| {
            when.method(PUT)
                .path("/oauth2/auth/requests/login/accept")
                .query_param("login_challenge", "lc-123")
                .header("authorization", BASIC)
                .header("content-type", "application/json")
                .json_body(json!({
                    "subject": "alice",
                    "remember": true,
                    "remember_for": 3600,
                    "acr": "silver",
                    "context": {"login_method": "password"},
                    "force_subject_identifier": "pairwise-alice"
                }));
            then.status(200).json_body(json!({"redirect_to": "https://hydra/oauth2/auth?login_verifier=v1"}));
        })
        .await;
    let done = client(&server).accept_login_request("lc-123", &body).await.unwrap();
    mock.assert_async().await;
    assert_eq!(done.redirect_to, "https://hydra/oauth2/auth?login_verifier=v1");
}

#[tokio::test]
async fn accept_login_request_sends_only_the_subject_when_nothing_else_is_set() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.method(PUT)
                .path("/oauth2/auth/requests/login/accept")
                .query_param("login_challenge", "c")
                .json_body(json!({"subject": "bob"}));
            then.status(200).json_body(json!({"redirect_to": "https://x/1"}));
        })
        .await;
    let done = client(&server).accept_login_request("c", &AcceptLoginRequest::new("bob")).await.unwrap();
    mock.assert_async().await;
    assert_eq!(done.redirect_to, "https://x/1");
}

fn reject_body() -> RejectRequest {
    RejectRequest::new()
        .with_error("access_denied")
        .with_error_description("The resource owner denied the request")
        .with_error_hint("Try again")
        .with_error_debug("dbg")
        .with_status_code(403)
}

fn reject_json() -> serde_json::Value {
    json!({
        "error": "access_denied",
        "error_description": "The resource owner denied the request",
        "error_hint": "Try again",
        "error_debug": "dbg",
        "status_code": 403
    })
}

#[tokio::test]
async fn reject_login_request_puts_the_rejection() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.method(PUT)
                .path("/oauth2/auth/requests/login/reject")
                .query_param("login_challenge", "lc-9")
                .header("authorization", BASIC)
                .header("content-type", "application/json")
                .json_body(reject_json());
            then.status(200).json_body(json!({"redirect_to": "https://client/cb?error=access_denied"}));
        })
        .await;
    let done = client(&server).reject_login_request("lc-9", &reject_body()).await.unwrap();
    mock.assert_async().await;
    assert_eq!(done.redirect_to, "https://client/cb?error=access_denied");
}

#[tokio::test]
async fn get_consent_request_decodes_every_member() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.method(GET)
                .path("/oauth2/auth/requests/consent")
                .query_param("consent_challenge", "cc-1")
                .header("authorization", BASIC);
            then.status(200).json_body(json!({
                "acr": "silver",
                "challenge": "cc-1",
                "client": {"client_id": "app"},
                "context": {"login_method": "password"},
                "login_challenge": "lc-1",
                "login_session_id": "sess-1",
                "oidc_context": {"display": "popup"},
                "request_url": "https://hydra/oauth2/auth",
                "requested_access_token_audience": ["https://api"],
                "requested_scope": ["openid"],
                "skip": false,
                "subject": "alice"
            }));
        })
        .await;
    let r = client(&server).get_consent_request("cc-1").await.unwrap();
    mock.assert_async().await;
    assert_eq!(r.acr, "silver");
    assert_eq!(r.challenge, "cc-1");
    assert_eq!(r.client.client_id, "app");
    assert_eq!(r.context.as_ref().and_then(|c| c.get("login_method")), Some(json!("password")));
    assert_eq!(r.login_challenge, "lc-1");
    assert_eq!(r.login_session_id, "sess-1");
    assert_eq!(r.oidc_context.display.as_deref(), Some("popup"));
    assert_eq!(r.request_url, "https://hydra/oauth2/auth");
    assert_eq!(r.requested_access_token_audience, vec!["https://api".to_string()]);
    assert_eq!(r.requested_scope, vec!["openid".to_string()]);
    assert!(!r.skip);
    assert_eq!(r.subject, "alice");
}

#[tokio::test]
async fn accept_consent_request_puts_grants_and_session() {
    let server = MockServer::start_async().await;
    let body = AcceptConsentRequest::new()
        .with_grant_scope(["openid", "offline"])
        .with_grant_access_token_audience(["https://api"])
        .with_remember(true)
        .with_remember_for(0)
        .with_session(
            ConsentRequestSession::new()
                .with_access_token(obj(json!({"roles": ["admin"]})))
                .with_id_token(obj(json!({"email": "alice@example.com"}))),
        );
    let mock = server
        .mock_async(|when, then| {
            when.method(PUT)
                .path("/oauth2/auth/requests/consent/accept")
                .query_param("consent_challenge", "cc-1")
                .header("authorization", BASIC)
                .header("content-type", "application/json")
                .json_body(json!({
                    "grant_scope": ["openid", "offline"],
                    "grant_access_token_audience": ["https://api"],
                    "remember": true,
                    "remember_for": 0,
                    "session": {
                        "access_token": {"roles": ["admin"]},
                        "id_token": {"email": "alice@example.com"}
                    }
                }));
            then.status(200).json_body(json!({"redirect_to": "https://hydra/oauth2/auth?consent_verifier=v2"}));
        })
        .await;
    let done = client(&server).accept_consent_request("cc-1", &body).await.unwrap();
    mock.assert_async().await;
    assert_eq!(done.redirect_to, "https://hydra/oauth2/auth?consent_verifier=v2");
}

#[tokio::test]
async fn reject_consent_request_puts_the_rejection() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.method(PUT)
                .path("/oauth2/auth/requests/consent/reject")
                .query_param("consent_challenge", "cc-2")
                .header("authorization", BASIC)
                .header("content-type", "application/json")
                .json_body(reject_json());
            then.status(200).json_body(json!({"redirect_to": "https://client/cb?error=access_denied&state=s"}));
        })
        .await;
    let done = client(&server).reject_consent_request("cc-2", &reject_body()).await.unwrap();
    mock.assert_async().await;
    assert_eq!(done.redirect_to, "https://client/cb?error=access_denied&state=s");
}

#[tokio::test]
async fn get_logout_request_decodes() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.method(GET)
                .path("/oauth2/auth/requests/logout")
                .query_param("logout_challenge", "lo-1")
                .header("authorization", BASIC);
            then.status(200).json_body(json!({
                "request_url": "https://hydra/oauth2/sessions/logout",
                "rp_initiated": true,
                "sid": "sess-1",
                "subject": "alice"
            }));
        })
        .await;
    let r = client(&server).get_logout_request("lo-1").await.unwrap();
    mock.assert_async().await;
    assert_eq!(r.request_url, "https://hydra/oauth2/sessions/logout");
    assert!(r.rp_initiated);
    assert_eq!(r.sid, "sess-1");
    assert_eq!(r.subject, "alice");
}

#[tokio::test]
async fn accept_logout_request_puts_without_a_body() {
    let server = MockServer::start_async().await;
    let rec = Recorder::new();
    let mock = server
        .mock_async(|when, then| {
            when.method(PUT)
                .path("/oauth2/auth/requests/logout/accept")
                .query_param("logout_challenge", "lo-1")
                .header("authorization", BASIC)
                .header_missing("content-type");
            then.respond_with(rec.respond(200, &[], json(json!({"redirect_to": "https://app/logged-out"}))));
        })
        .await;
    let done = client(&server).accept_logout_request("lo-1").await.unwrap();
    mock.assert_async().await;
    assert!(rec.single().body.is_empty());
    assert_eq!(done.redirect_to, "https://app/logged-out");
}

#[tokio::test]
async fn reject_logout_request_puts_the_rejection_and_accepts_204() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.method(PUT)
                .path("/oauth2/auth/requests/logout/reject")
                .query_param("logout_challenge", "lo-2")
                .header("authorization", BASIC)
                .header("content-type", "application/json")
                .json_body(reject_json());
            then.status(204);
        })
        .await;
    let () = client(&server).reject_logout_request("lo-2", &reject_body()).await.unwrap();
    mock.assert_async().await;
}

#[tokio::test]
async fn challenges_with_reserved_characters_are_query_encoded() {
    let server = MockServer::start_async().await;
    let challenge = "a&b=c d+e/f?g#h%ü";
    let rec = Recorder::new();
    let mock = server
        .mock_async(|when, then| {
            when.method(GET).path("/oauth2/auth/requests/consent").query_param("consent_challenge", challenge);
            then.respond_with(rec.respond(200, &[], json(answer("ConsentRequest", json!({"challenge": challenge})))));
        })
        .await;
    let r = client(&server).get_consent_request(challenge).await.unwrap();
    mock.assert_async().await;
    assert_eq!(r.challenge, challenge);
    let seen = rec.single();
    assert_eq!(seen.path(), "/oauth2/auth/requests/consent");
    let q = seen.query();
    assert!(q.starts_with("consent_challenge="), "{q}");
    // One parameter only: the `&`, `=`, `?` and `#` of the value are escaped.
    for c in ['&', '#', '?', ' '] {
        assert!(!q.contains(c), "{c:?} left raw in {q}");
    }
    assert_eq!(q.matches('=').count(), 1, "{q}");
}
