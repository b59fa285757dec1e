//! The v2 adapter against an httpmock Hydra v2: a challenge it answered reads as handled without asking
//! Hydra (which would answer 200 again), a failed answer leaves the challenge usable, a handled
//! logout's path-only `redirect_to` becomes a URL at the public API, and 401/404 mean "expired".

use std::time::Duration;

use httpmock::prelude::*;
use hydra_login_consent::admin::{Admin, AdminError, Denial, LoginGrant};
use hydra_login_consent::v2::V2Admin;
use serde_json::json;

const PUBLIC: &str = "http://hydra.test:4444";
const LOGIN: &str = "/admin/oauth2/auth/requests/login";

fn login_request(challenge: &str) -> serde_json::Value {
    json!({
        "challenge": challenge, "client": {"client_id": "app", "client_uri": "http://app.test/"},
        "oidc_context": {"login_hint": "foo@bar.com"}, "request_url": "/oauth2/auth?client_id=app",
        "requested_access_token_audience": [], "requested_scope": ["openid"], "session_id": "s",
        "skip": false, "subject": ""
    })
}

fn adapter(server: &MockServer) -> V2Admin {
    let client = ory_hydra_v2_client::Client::builder(server.base_url()).build().unwrap();
    V2Admin::new(client, PUBLIC, Duration::from_secs(60)).unwrap()
}

#[tokio::test]
async fn an_answered_login_challenge_reads_as_handled_with_the_requests_url() {
    let server = MockServer::start_async().await;
    let read = server
        .mock_async(|when, then| {
            when.method(GET).path(LOGIN).query_param("login_challenge", "c1");
            then.status(200).json_body(login_request("c1"));
        })
        .await;
    let accept = server
        .mock_async(|when, then| {
            when.method(PUT).path(format!("{LOGIN}/accept")).query_param("login_challenge", "c1");
            then.status(200).json_body(json!({"redirect_to": "http://hydra.test:4444/oauth2/auth?login_verifier=v"}));
        })
        .await;
    let admin = adapter(&server);
    let info = admin.get_login("c1").await.unwrap();
    assert_eq!(info.login_hint.as_deref(), Some("foo@bar.com"));
    let to = admin.accept_login("c1", &LoginGrant { subject: "foo".into(), ..Default::default() }).await.unwrap();
    assert_eq!(to.as_str(), "http://hydra.test:4444/oauth2/auth?login_verifier=v");

    // The replay: Hydra would answer 200 (stateless challenges); the adapter does not ask it.
    let handled = AdminError::Handled { redirect_to: Some(format!("{PUBLIC}/oauth2/auth?client_id=app")) };
    assert_eq!(admin.get_login("c1").await.unwrap_err(), handled);
    let grant = LoginGrant { subject: "foo".into(), ..Default::default() };
    assert_eq!(admin.accept_login("c1", &grant).await.unwrap_err(), handled);
    assert_eq!(admin.reject_login("c1", &Denial::ACCESS_DENIED).await.unwrap_err(), handled);
    read.assert_calls_async(2).await; // the page's read and the one for the link, none after
    accept.assert_calls_async(1).await;
}

#[tokio::test]
async fn a_failed_answer_leaves_the_challenge_usable() {
    let server = MockServer::start_async().await;
    server
        .mock_async(|when, then| {
            when.method(GET).path(LOGIN);
            then.status(200).json_body(login_request("c2"));
        })
        .await;
    let reject = server
        .mock_async(|when, then| {
            when.method(PUT).path(format!("{LOGIN}/reject"));
            then.status(500).json_body(json!({"error": "server_error", "error_description": "db down"}));
        })
        .await;
    let admin = adapter(&server);
    let err = admin.reject_login("c2", &Denial::ACCESS_DENIED).await.unwrap_err();
    let expected =
        AdminError::Other { status: Some(500), error: "server_error".into(), description: Some("db down".into()) };
    assert_eq!(err, expected);
    assert!(admin.get_login("c2").await.is_ok(), "the failed call must not mark the challenge answered");
    assert!(admin.reject_login("c2", &Denial::ACCESS_DENIED).await.is_err());
    reject.assert_calls_async(2).await;
}

#[tokio::test]
async fn a_handled_logout_links_to_the_public_url_and_401_404_are_expired() {
    let server = MockServer::start_async().await;
    server
        .mock_async(|when, then| {
            when.method(GET).path("/admin/oauth2/auth/requests/logout").query_param("logout_challenge", "used");
            then.status(410).json_body(json!({"redirect_to": "/oauth2/sessions/logout"}));
        })
        .await;
    server
        .mock_async(|when, then| {
            when.method(GET).path("/admin/oauth2/auth/requests/consent").query_param("consent_challenge", "old");
            then.status(401).json_body(json!({"error": "request_unauthorized", "error_description": "expired"}));
        })
        .await;
    server
        .mock_async(|when, then| {
            when.method(GET).path(LOGIN).query_param("login_challenge", "nope");
            then.status(404).json_body(json!({"error": "Not Found", "error_description": "Unable to locate"}));
        })
        .await;
    let admin = adapter(&server);
    let handled = AdminError::Handled { redirect_to: Some(format!("{PUBLIC}/oauth2/sessions/logout")) };
    assert_eq!(admin.get_logout("used").await.unwrap_err(), handled);
    assert_eq!(admin.get_consent("old").await.unwrap_err(), AdminError::Expired);
    assert_eq!(admin.get_login("nope").await.unwrap_err(), AdminError::Expired);
}

/// Behind a proxy that mounts Hydra's public API under a prefix, the path-only `redirect_to` of a handled
/// logout (the path Hydra saw) gets the prefix back, so "start again" leads to Hydra, not to another app.
#[tokio::test]
async fn a_handled_logout_link_keeps_the_public_urls_prefix() {
    let server = MockServer::start_async().await;
    server
        .mock_async(|when, then| {
            when.method(GET).path("/admin/oauth2/auth/requests/logout").query_param("logout_challenge", "used");
            then.status(410).json_body(json!({"redirect_to": "/oauth2/sessions/logout"}));
        })
        .await;
    let client = ory_hydra_v2_client::Client::builder(server.base_url()).build().unwrap();
    let admin = V2Admin::new(client, "https://sso.test/hydra/", Duration::from_secs(60)).unwrap();
    let handled = AdminError::Handled { redirect_to: Some("https://sso.test/hydra/oauth2/sessions/logout".into()) };
    assert_eq!(admin.get_logout("used").await.unwrap_err(), handled);
}

/// A wrong Admin URL (Hydra's router has no such route) is reported as a failure, not as "this request
/// has expired", which would send every user to "start again" without a word about the cause.
#[tokio::test]
async fn a_missing_route_is_a_failure_not_an_expired_request() {
    let server = MockServer::start_async().await;
    server
        .mock_async(|when, then| {
            when.path_prefix("/admin/");
            then.status(404).json_body(json!({"error": {"code": 404, "message": "Not Found",
                "reason": "The requested route does not exist. Make sure you are using the right path, domain, and port."}}));
        })
        .await;
    let err = adapter(&server).get_login("c1").await.unwrap_err();
    assert!(matches!(err, AdminError::Other { status: Some(404), .. }), "{err:?}");
}
