//! Consent and login session operations against httpmock.

mod common;

use common::{answer, client, json, Recorder, BASIC};
use futures::TryStreamExt;
use httpmock::prelude::*;
use ory_hydra_v1_client::{
    ListSubjectConsentSessionsParams, PageRef, PreviousConsentSession, RevokeConsentSessionsParams,
};
use serde_json::json;

fn session_json(client_id: &str) -> serde_json::Value {
    json!({
        "consent_request": answer("ConsentRequest", json!({
            "challenge": format!("cc-{client_id}"),
            "client": {"client_id": client_id},
            "requested_scope": ["openid", "offline"],
            "subject": "alice"
        })),
        "grant_access_token_audience": ["https://api"],
        "grant_scope": ["openid"],
        "remember": true,
        "remember_for": 3600,
        "session": {"access_token": {"roles": ["admin"]}, "id_token": {"email": "a@example.com"}}
    })
}

fn assert_session(s: &PreviousConsentSession, client_id: &str) {
    let cr = &s.consent_request;
    assert_eq!(cr.challenge, format!("cc-{client_id}"));
    assert_eq!(cr.client.client_id, client_id);
    assert_eq!(cr.requested_scope, vec!["openid".to_string(), "offline".to_string()]);
    assert_eq!(cr.subject, "alice");
    assert_eq!(s.grant_access_token_audience, vec!["https://api".to_string()]);
    assert_eq!(s.grant_scope, vec!["openid".to_string()]);
    assert!(s.remember);
    assert_eq!(s.remember_for, 3600);
    let session = s.session.as_ref().expect("session");
    assert_eq!(session.access_token.get("roles"), Some(json!(["admin"])));
    assert_eq!(session.id_token.get("email"), Some(json!("a@example.com")));
}

#[tokio::test]
async fn list_subject_consent_sessions_sends_subject_limit_offset_and_decodes() {
    let server = MockServer::start_async().await;
    let rec = Recorder::new();
    let mock = server
        .mock_async(|when, then| {
            when.method(GET)
                .path("/oauth2/auth/sessions/consent")
                .query_param("subject", "alice")
                .query_param("limit", "2")
                .query_param("offset", "4")
                .header("authorization", BASIC)
                .header_missing("content-type");
            then.respond_with(rec.respond(
                200,
                &[("link", r#"</oauth2/auth/sessions/consent?subject=alice&limit=2&offset=6>; rel="next""#)],
                json(json!([session_json("app-1"), session_json("app-2")])),
            ));
        })
        .await;
    let page = client(&server)
        .list_subject_consent_sessions("alice", ListSubjectConsentSessionsParams::default().limit(2).offset(4))
        .await
        .unwrap();
    mock.assert_async().await;
    assert_eq!(rec.single().query(), "subject=alice&limit=2&offset=4");
    assert_eq!(page.items.len(), 2);
    assert_session(&page.items[0], "app-1");
    assert_session(&page.items[1], "app-2");
    assert_eq!(page.request(), PageRef { limit: Some(2), offset: 4 });
    assert_eq!(page.next_ref().unwrap(), Some(PageRef { limit: Some(2), offset: 6 }));
}

#[tokio::test]
async fn list_subject_consent_sessions_stream_keeps_the_subject_on_every_page() {
    let server = MockServer::start_async().await;
    let first = server
        .mock_async(|when, then| {
            when.method(GET)
                .path("/oauth2/auth/sessions/consent")
                .query_param("subject", "a b&c")
                .query_param("limit", "1")
                .query_param("offset", "0");
            then.status(200)
                .header("link", r#"</oauth2/auth/sessions/consent?limit=1&offset=1>; rel="next""#)
                .json_body(json!([session_json("app-1")]));
        })
        .await;
    let second = server
        .mock_async(|when, then| {
            when.method(GET)
                .path("/oauth2/auth/sessions/consent")
                .query_param("subject", "a b&c")
                .query_param("limit", "1")
                .query_param("offset", "1")
                .header("authorization", BASIC);
            then.status(200).json_body(json!([session_json("app-2")]));
        })
        .await;
    let all: Vec<PreviousConsentSession> = client(&server)
        .list_subject_consent_sessions_stream("a b&c", ListSubjectConsentSessionsParams::default().limit(1))
        .try_collect()
        .await
        .unwrap();
    first.assert_async().await;
    second.assert_async().await;
    assert_eq!(all.len(), 2);
    assert_session(&all[0], "app-1");
    assert_session(&all[1], "app-2");
}

#[tokio::test]
async fn revoke_consent_sessions_for_one_client() {
    let server = MockServer::start_async().await;
    let rec = Recorder::new();
    let mock = server
        .mock_async(|when, then| {
            when.method(DELETE)
                .path("/oauth2/auth/sessions/consent")
                .query_param("subject", "alice")
                .query_param("client", "app-1")
                .header("authorization", BASIC)
                .header_missing("content-type");
            then.respond_with(rec.respond(204, &[], Vec::new()));
        })
        .await;
    let () = client(&server)
        .revoke_consent_sessions("alice", RevokeConsentSessionsParams::default().client("app-1"))
        .await
        .unwrap();
    mock.assert_async().await;
    let seen = rec.single();
    assert_eq!(seen.query(), "subject=alice&client=app-1");
    assert!(seen.body.is_empty());
}

#[tokio::test]
async fn revoke_consent_sessions_for_every_client_sends_no_client_param() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.method(DELETE)
                .path("/oauth2/auth/sessions/consent")
                .query_param("subject", "alice")
                .query_param_missing("client")
                .header("authorization", BASIC);
            then.status(204);
        })
        .await;
    let () = client(&server).revoke_consent_sessions("alice", RevokeConsentSessionsParams::default()).await.unwrap();
    mock.assert_async().await;
}

#[tokio::test]
async fn revoke_authentication_session_sends_delete_with_subject() {
    let server = MockServer::start_async().await;
    let rec = Recorder::new();
    let mock = server
        .mock_async(|when, then| {
            when.method(DELETE)
                .path("/oauth2/auth/sessions/login")
                .query_param("subject", "alice@example.com")
                .header("authorization", BASIC)
                .header_missing("content-type");
            then.respond_with(rec.respond(204, &[], Vec::new()));
        })
        .await;
    let () = client(&server).revoke_authentication_session("alice@example.com").await.unwrap();
    mock.assert_async().await;
    assert_eq!(rec.single().query(), "subject=alice%40example.com");
}
