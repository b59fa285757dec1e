//! Admin API operations and members that newer Hydra v1 releases (up to v1.11.10) added, against
//! httpmock: what is sent and what is decoded.

mod common;

use common::{answer, client, json, Recorder, BASIC};
use futures::TryStreamExt;
use httpmock::prelude::*;
use ory_hydra_v1_client::{
    AcceptConsentRequest, AcceptLoginRequest, DateTime, JsonWebKey, ListOAuth2ClientsParams,
    ListTrustedJwtGrantIssuersParams, LogoutRequest, OAuth2Client, OAuth2TokenIntrospection, PreviousConsentSession,
    RevokeConsentSessionsParams, SigningAlgorithm, TrustJwtGrantIssuerBody, UpdateOAuth2ClientLifespans,
};
use serde_json::json;

/// 2030-01-01T00:00:00Z
const EXPIRES: i64 = 1_893_456_000;

#[tokio::test]
async fn list_clients_sends_the_name_and_owner_filters() {
    let server = MockServer::start_async().await;
    let rec = Recorder::new();
    server
        .mock_async(|when, then| {
            when.method(GET).path("/clients");
            then.respond_with(rec.respond(200, &[], json(json!([{"client_id": "a", "owner": "team a/b"}]))));
        })
        .await;
    let page = client(&server)
        .list_o_auth2_clients(ListOAuth2ClientsParams::default().client_name("billing & co").owner("team a/b"))
        .await
        .unwrap();
    assert_eq!(page.items[0].owner, "team a/b");
    let seen = rec.single();
    assert_eq!(seen.query(), "client_name=billing+%26+co&owner=team+a%2Fb&offset=0");
    assert_eq!(seen.header("authorization"), [BASIC]);
}

#[tokio::test]
async fn revoke_consent_sessions_can_revoke_for_every_client() {
    let server = MockServer::start_async().await;
    let rec = Recorder::new();
    server
        .mock_async(|when, then| {
            when.method(DELETE).path("/oauth2/auth/sessions/consent");
            then.respond_with(rec.respond(204, &[], ""));
        })
        .await;
    let hydra = client(&server);
    hydra.revoke_consent_sessions("alice", RevokeConsentSessionsParams::default().all(true)).await.unwrap();
    hydra.revoke_consent_sessions("alice", RevokeConsentSessionsParams::default().client("app")).await.unwrap();
    let seen = rec.seen();
    assert_eq!(seen[0].query(), "subject=alice&all=true");
    assert_eq!(seen[1].query(), "subject=alice&client=app");
}

#[tokio::test]
async fn update_lifespans_puts_go_durations_and_returns_the_client() {
    let server = MockServer::start_async().await;
    let rec = Recorder::new();
    server
        .mock_async(|when, then| {
            when.method(PUT).path("/clients/app%201%3F/lifespans");
            then.respond_with(rec.respond(
                200,
                &[],
                json(json!({
                    "client_id": "app 1?",
                    "authorization_code_grant_access_token_lifespan": "1h0m0s",
                    "refresh_token_grant_refresh_token_lifespan": null,
                    "jwt_bearer_grant_access_token_lifespan": "30m0s"
                })),
            ));
        })
        .await;
    let lifespans = UpdateOAuth2ClientLifespans::new()
        .with_authorization_code_grant_access_token_lifespan("1h0m0s")
        .with_jwt_bearer_grant_access_token_lifespan("30m0s");
    let updated = client(&server).update_o_auth2_client_lifespans("app 1?", &lifespans).await.unwrap();
    assert_eq!(updated.authorization_code_grant_access_token_lifespan.as_deref(), Some("1h0m0s"));
    assert_eq!(updated.jwt_bearer_grant_access_token_lifespan.as_deref(), Some("30m0s"));
    assert_eq!(updated.refresh_token_grant_refresh_token_lifespan, None);
    assert!(updated.extra.is_empty(), "{:?}", updated.extra);
    let seen = rec.single();
    assert_eq!(
        seen.body_json(),
        json!({"authorization_code_grant_access_token_lifespan": "1h0m0s", "jwt_bearer_grant_access_token_lifespan": "30m0s"})
    );
    assert_eq!(seen.header("content-type"), ["application/json"]);
}

#[tokio::test]
async fn delete_o_auth2_token_names_the_client_in_the_query() {
    let server = MockServer::start_async().await;
    let rec = Recorder::new();
    server
        .mock_async(|when, then| {
            when.method(DELETE).path("/oauth2/tokens");
            then.respond_with(rec.respond(204, &[], ""));
        })
        .await;
    client(&server).delete_o_auth2_token("app?x=1&y").await.unwrap();
    let seen = rec.single();
    assert_eq!(seen.query(), "client_id=app%3Fx%3D1%26y");
    assert_eq!(seen.header("authorization"), [BASIC]);
}

fn issuer_json(id: &str) -> serde_json::Value {
    json!({
        "id": id,
        "issuer": "https://issuer.example",
        "subject": "alice",
        "allow_any_subject": false,
        "scope": ["read", "write"],
        "public_key": {"set": "https://issuer.example", "kid": "k1"},
        "created_at": "2026-01-02T03:04:05Z",
        "expires_at": "2030-01-01T00:00:00Z"
    })
}

#[tokio::test]
async fn trust_jwt_grant_issuer_posts_the_key_and_decodes_the_relationship() {
    let server = MockServer::start_async().await;
    let rec = Recorder::new();
    server
        .mock_async(|when, then| {
            when.method(POST).path("/trust/grants/jwt-bearer/issuers");
            then.respond_with(rec.respond(201, &[], json(issuer_json("t-1"))));
        })
        .await;
    let key = JsonWebKey::new("k1", "RSA").with_alg("RS256").with_key_use("sig").with_n("nnn").with_e("AQAB");
    let body = TrustJwtGrantIssuerBody::new(
        DateTime::from_unix_timestamp(EXPIRES).unwrap(),
        "https://issuer.example",
        key,
        ["read", "write"],
    )
    .with_subject("alice");
    let trusted = client(&server).trust_jwt_grant_issuer(&body).await.unwrap();
    assert_eq!(trusted.id, "t-1");
    assert_eq!(trusted.scope, vec!["read".to_string(), "write".to_string()]);
    let pk = trusted.public_key;
    assert_eq!((pk.set.as_str(), pk.kid.as_str()), ("https://issuer.example", "k1"));
    assert_eq!(trusted.expires_at, DateTime::from_unix_timestamp(EXPIRES).unwrap());
    assert_eq!(trusted.allow_any_subject, Some(false));
    assert!(trusted.extra.is_empty());
    let sent = rec.single().body_json();
    assert_eq!(sent["expires_at"], "2030-01-01T00:00:00Z");
    assert_eq!(sent["jwk"], json!({"alg": "RS256", "e": "AQAB", "kid": "k1", "kty": "RSA", "n": "nnn", "use": "sig"}));
    assert_eq!(sent["scope"], json!(["read", "write"]));
    assert_eq!(sent["subject"], "alice");
    assert!(sent.get("allow_any_subject").is_none(), "{sent}");
}

#[tokio::test]
async fn get_and_delete_trusted_issuer_escape_the_id() {
    let server = MockServer::start_async().await;
    let rec = Recorder::new();
    server
        .mock_async(|when, then| {
            when.method(GET).path("/trust/grants/jwt-bearer/issuers/t%231%3F");
            then.respond_with(rec.respond(200, &[], json(issuer_json("t#1?"))));
        })
        .await;
    server
        .mock_async(|when, then| {
            when.method(DELETE).path("/trust/grants/jwt-bearer/issuers/t%231%3F");
            then.respond_with(rec.respond(204, &[], ""));
        })
        .await;
    let hydra = client(&server);
    assert_eq!(hydra.get_trusted_jwt_grant_issuer("t#1?").await.unwrap().id, "t#1?");
    hydra.delete_trusted_jwt_grant_issuer("t#1?").await.unwrap();
    assert_eq!(rec.seen().len(), 2);
}

#[tokio::test]
async fn list_trusted_issuers_filters_by_issuer_and_follows_links() {
    let server = MockServer::start_async().await;
    let rec = Recorder::new();
    server
        .mock_async(|when, then| {
            when.method(GET).path("/trust/grants/jwt-bearer/issuers").query_param("offset", "0");
            then.respond_with(rec.respond(
                200,
                &[(
                    "link",
                    r#"</trust/grants/jwt-bearer/issuers?issuer=https%3A%2F%2Fi&limit=1&offset=1>; rel="next""#,
                )],
                json(json!([issuer_json("t-1")])),
            ));
        })
        .await;
    server
        .mock_async(|when, then| {
            when.method(GET).path("/trust/grants/jwt-bearer/issuers").query_param("offset", "1");
            then.respond_with(rec.respond(200, &[], json(json!([issuer_json("t-2")]))));
        })
        .await;
    let all: Vec<_> = client(&server)
        .list_trusted_jwt_grant_issuers_stream(ListTrustedJwtGrantIssuersParams::default().issuer("https://i").limit(1))
        .try_collect()
        .await
        .unwrap();
    let ids: Vec<_> = all.iter().map(|t| t.id.clone()).collect();
    assert_eq!(ids, ["t-1", "t-2"]);
    let seen = rec.seen();
    assert_eq!(seen[0].query(), "issuer=https%3A%2F%2Fi&limit=1&offset=0");
    assert_eq!(seen[1].query(), "issuer=https%3A%2F%2Fi&limit=1&offset=1");
}

#[test]
fn newer_client_members_decode_and_the_registration_token_is_hidden() {
    let c: OAuth2Client = serde_json::from_value(json!({
        "client_id": "dyn",
        "registration_access_token": "ory_at_registration-secret",
        "registration_client_uri": "http://public/oauth2/register/dyn",
        "token_endpoint_auth_signing_alg": "RS256",
        "authorization_code_grant_id_token_lifespan": "2h0m0s",
        "authorization_code_grant_refresh_token_lifespan": "720h0m0s",
        "client_credentials_grant_access_token_lifespan": "5m0s",
        "implicit_grant_access_token_lifespan": "1m0s",
        "implicit_grant_id_token_lifespan": "1m0s",
        "password_grant_access_token_lifespan": "1m0s",
        "password_grant_refresh_token_lifespan": "1m0s",
        "refresh_token_grant_access_token_lifespan": "1m0s",
        "refresh_token_grant_id_token_lifespan": "1m0s"
    }))
    .unwrap();
    assert_eq!(c.registration_access_token.as_deref(), Some("ory_at_registration-secret"));
    assert_eq!(c.registration_client_uri.as_deref(), Some("http://public/oauth2/register/dyn"));
    assert_eq!(c.token_endpoint_auth_signing_alg, Some(SigningAlgorithm::Rs256));
    assert_eq!(c.client_credentials_grant_access_token_lifespan.as_deref(), Some("5m0s"));
    assert!(c.extra.is_empty(), "every member is modelled: {:?}", c.extra);
    let printed = format!("{c:?}");
    assert!(!printed.contains("registration-secret"), "{printed}");
    assert!(printed.contains("registration_client_uri"), "{printed}");
}

#[test]
fn amr_handled_at_logout_challenge_and_token_use_are_modelled() {
    let login = AcceptLoginRequest::new("alice").with_amr(["pwd", "otp"]);
    assert_eq!(serde_json::to_value(&login).unwrap(), json!({"amr": ["pwd", "otp"], "subject": "alice"}));
    let at = DateTime::from_unix_timestamp(EXPIRES).unwrap();
    let consent = AcceptConsentRequest::new().with_handled_at(at);
    assert_eq!(serde_json::to_value(&consent).unwrap(), json!({"handled_at": "2030-01-01T00:00:00Z"}));

    let logout: LogoutRequest = serde_json::from_value(json!({
        "challenge": "lc-1", "client": {"client_id": "app"}, "subject": "alice", "sid": "s", "rp_initiated": true,
        "request_url": "/oauth2/sessions/logout"
    }))
    .unwrap();
    assert_eq!(logout.challenge.as_deref(), Some("lc-1"));
    assert_eq!(logout.client.map(|c| c.client_id).as_deref(), Some("app"));
    assert!(logout.extra.is_empty());

    let session: PreviousConsentSession =
        serde_json::from_value(answer(
            "PreviousConsentSession",
            json!({"handled_at": "2030-01-01T00:00:00Z", "consent_request": answer("ConsentRequest", json!({"amr": ["pwd"]}))}),
        ))
        .unwrap();
    assert_eq!(session.handled_at, Some(at));
    assert_eq!(session.consent_request.amr, Some(vec!["pwd".to_string()]));

    let info: OAuth2TokenIntrospection =
        serde_json::from_value(json!({"active": true, "token_type": "Bearer", "token_use": "access_token"})).unwrap();
    assert_eq!(info.token_use.as_deref(), Some("access_token"));
    assert!(info.extra.is_empty());
}
