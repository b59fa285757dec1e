//! Token introspection, flush, health, version and metrics against httpmock.

mod common;

use common::{client, json, Recorder, BASIC};
use httpmock::prelude::*;
use ory_hydra_v1_client::{DateTime, FlushInactiveOAuth2TokensRequest, IntrospectOAuth2TokenParams};
use serde_json::json;

#[tokio::test]
async fn introspect_o_auth2_token_posts_a_form_and_decodes() {
    let server = MockServer::start_async().await;
    let rec = Recorder::new();
    let mock = server
        .mock_async(|when, then| {
            when.method(POST)
                .path("/oauth2/introspect")
                .header("authorization", BASIC)
                .header("content-type", "application/x-www-form-urlencoded")
                .query_param_count(".*", ".*", 0)
                .form_urlencoded_tuple("token", "tok/en+1=&x")
                .form_urlencoded_tuple("scope", "openid offline");
            then.respond_with(rec.respond(
                200,
                &[("content-type", "application/json")],
                json(json!({
                    "active": true,
                    "aud": ["https://api"],
                    "client_id": "app",
                    "exp": 1_700_000_000,
                    "ext": {"roles": ["admin"]},
                    "iat": 1_600_000_000,
                    "iss": "https://hydra/",
                    "nbf": 1_600_000_001,
                    "obfuscated_subject": "alice-real",
                    "scope": "openid offline",
                    "sub": "alice",
                    "token_type": "access_token",
                    "username": "Alice"
                })),
            ));
        })
        .await;
    let info = client(&server)
        .introspect_o_auth2_token("tok/en+1=&x", IntrospectOAuth2TokenParams::default().scope("openid offline"))
        .await
        .unwrap();
    mock.assert_async().await;
    let seen = rec.single();
    assert_eq!(seen.query(), "");
    let body = seen.body_text();
    assert!(body.starts_with("token="), "{body}");
    assert_eq!(body.split('&').count(), 2, "exactly two form members: {body}");
    assert!(!body.contains('/') && !body.contains(' '), "reserved characters escaped: {body}");

    assert!(info.active);
    assert_eq!(info.aud, Some(vec!["https://api".to_string()]));
    assert_eq!(info.client_id.as_deref(), Some("app"));
    assert_eq!(info.exp, Some(1_700_000_000));
    assert_eq!(info.ext.as_ref().and_then(|m| m.get("roles")), Some(json!(["admin"])));
    assert_eq!(info.iat, Some(1_600_000_000));
    assert_eq!(info.iss.as_deref(), Some("https://hydra/"));
    assert_eq!(info.nbf, Some(1_600_000_001));
    assert_eq!(info.obfuscated_subject.as_deref(), Some("alice-real"));
    assert_eq!(info.scope.as_deref(), Some("openid offline"));
    assert_eq!(info.sub.as_deref(), Some("alice"));
    assert_eq!(info.token_type.as_deref(), Some("access_token"));
    assert_eq!(info.username.as_deref(), Some("Alice"));
}

#[tokio::test]
async fn introspect_without_scope_sends_only_the_token_and_decodes_inactive() {
    let server = MockServer::start_async().await;
    let rec = Recorder::new();
    let mock = server
        .mock_async(|when, then| {
            when.method(POST)
                .path("/oauth2/introspect")
                .header("content-type", "application/x-www-form-urlencoded")
                .form_urlencoded_tuple("token", "abc")
                .form_urlencoded_tuple_missing("scope");
            then.respond_with(rec.respond(200, &[], json(json!({"active": false}))));
        })
        .await;
    let info = client(&server).introspect_o_auth2_token("abc", IntrospectOAuth2TokenParams::default()).await.unwrap();
    mock.assert_async().await;
    assert_eq!(rec.single().body_text(), "token=abc");
    assert!(!info.active);
    assert_eq!(info.sub, None);
    assert_eq!(info.scope, None);
}

#[tokio::test]
async fn introspect_answer_without_the_required_active_member_is_a_decode_error() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.method(POST).path("/oauth2/introspect");
            then.status(200).json_body(json!({"sub": "alice"}));
        })
        .await;
    let err =
        client(&server).introspect_o_auth2_token("abc", IntrospectOAuth2TokenParams::default()).await.unwrap_err();
    mock.assert_async().await;
    assert!(err.is_decode(), "{err:?}");
    assert!(common::chain(&err).contains("active"), "{err}");
}

#[tokio::test]
async fn flush_inactive_o_auth2_tokens_sends_not_after_as_rfc3339() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.method(POST)
                .path("/oauth2/flush")
                .header("authorization", BASIC)
                .header("content-type", "application/json")
                .json_body(json!({"notAfter": "2020-01-02T03:04:05Z"}));
            then.status(204);
        })
        .await;
    let at = DateTime::from_unix_timestamp(1_577_934_245).unwrap();
    let () = client(&server)
        .flush_inactive_o_auth2_tokens(&FlushInactiveOAuth2TokensRequest::new().with_not_after(at))
        .await
        .unwrap();
    mock.assert_async().await;
}

#[tokio::test]
async fn flush_keeps_the_utc_offset_of_the_timestamp() {
    let server = MockServer::start_async().await;
    let rec = Recorder::new();
    let mock = server
        .mock_async(|when, then| {
            when.method(POST).path("/oauth2/flush");
            then.respond_with(rec.respond(204, &[], Vec::new()));
        })
        .await;
    let at =
        DateTime::from_unix_timestamp(1_577_934_245).unwrap().to_offset(time::UtcOffset::from_hms(2, 0, 0).unwrap());
    client(&server)
        .flush_inactive_o_auth2_tokens(&FlushInactiveOAuth2TokensRequest::new().with_not_after(at))
        .await
        .unwrap();
    mock.assert_async().await;
    assert_eq!(rec.single().body_json(), json!({"notAfter": "2020-01-02T05:04:05+02:00"}));
}

#[tokio::test]
async fn is_instance_alive_decodes_the_status() {
    let server = MockServer::start_async().await;
    let rec = Recorder::new();
    let mock = server
        .mock_async(|when, then| {
            when.method(GET).path("/health/alive").header("authorization", BASIC).header_missing("content-type");
            then.respond_with(rec.respond(200, &[("content-type", "application/json")], json(json!({"status": "ok"}))));
        })
        .await;
    let health = client(&server).is_instance_alive().await.unwrap();
    mock.assert_async().await;
    assert_eq!(rec.single().uri, "/health/alive");
    assert_eq!(health.status, "ok");
}

#[tokio::test]
async fn get_version_decodes_the_version() {
    let server = MockServer::start_async().await;
    let rec = Recorder::new();
    let mock = server
        .mock_async(|when, then| {
            when.method(GET).path("/version").header("authorization", BASIC);
            then.respond_with(rec.respond(200, &[], json(json!({"version": "v1.2.3"}))));
        })
        .await;
    let v = client(&server).get_version().await.unwrap();
    mock.assert_async().await;
    assert_eq!(rec.single().uri, "/version");
    assert_eq!(v.version, "v1.2.3");
}

#[tokio::test]
async fn prometheus_returns_the_text_unchanged() {
    let server = MockServer::start_async().await;
    let text = "# HELP go_goroutines Number of goroutines.\n# TYPE go_goroutines gauge\ngo_goroutines 42\n\
                hydra_requests{path=\"/clients\",method=\"GET\"} 7\n";
    let mock = server
        .mock_async(|when, then| {
            when.method(GET).path("/metrics/prometheus").header("authorization", BASIC);
            then.status(200).header("content-type", "text/plain; version=0.0.4").body(text);
        })
        .await;
    let got = client(&server).prometheus().await.unwrap();
    mock.assert_async().await;
    assert_eq!(got, text);
}

#[tokio::test]
async fn prometheus_with_invalid_utf8_is_a_decode_error() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.method(GET).path("/metrics/prometheus");
            then.status(200).body(b"metric 1\n\xff\xfe".as_slice());
        })
        .await;
    let err = client(&server).prometheus().await.unwrap_err();
    mock.assert_async().await;
    assert!(err.is_decode(), "{err:?}");
    assert_eq!(err.status(), Some(ory_hydra_v1_client::StatusCode::OK));
}

#[tokio::test]
async fn empty_204_answers_of_unit_operations_are_ok() {
    // Every operation returning `()`, answered with an empty 204.
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.header("authorization", BASIC);
            then.status(204);
        })
        .await;
    let c = client(&server);
    c.delete_o_auth2_client("x").await.unwrap();
    c.delete_json_web_key_set("s").await.unwrap();
    c.delete_json_web_key("s", "k").await.unwrap();
    c.reject_logout_request("l", &ory_hydra_v1_client::RejectRequest::new()).await.unwrap();
    c.revoke_consent_sessions("u", ory_hydra_v1_client::RevokeConsentSessionsParams::default()).await.unwrap();
    c.revoke_authentication_session("u").await.unwrap();
    c.flush_inactive_o_auth2_tokens(&FlushInactiveOAuth2TokensRequest::new()).await.unwrap();
    mock.assert_calls_async(7).await;
}

#[tokio::test]
async fn flush_without_not_after_sends_an_empty_object() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.method(POST).path("/oauth2/flush").header("content-type", "application/json").json_body(json!({}));
            then.status(204);
        })
        .await;
    client(&server).flush_inactive_o_auth2_tokens(&FlushInactiveOAuth2TokensRequest::new()).await.unwrap();
    mock.assert_async().await;
}

fn assert_send_sync_static<T: Send + Sync + 'static>(_: &T) {}
fn assert_send_static<T: Send + 'static>(_: &T) {}

#[tokio::test]
async fn calls_and_streams_can_run_on_spawned_tasks_concurrently() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.method(GET).path_prefix("/clients/c-").header("authorization", BASIC);
            then.status(200).json_body(json!({"client_id": "same"}));
        })
        .await;
    let list = server
        .mock_async(|when, then| {
            when.method(GET).path("/clients");
            then.status(200).json_body(json!([{"client_id": "l1"}, {"client_id": "l2"}]));
        })
        .await;
    let c = client(&server);
    assert_send_sync_static(&c);
    let tasks: Vec<_> = (0..16)
        .map(|i| {
            let c = c.clone();
            let fut = async move { c.get_o_auth2_client(&format!("c-{i}")).await };
            assert_send_static(&fut);
            tokio::spawn(fut)
        })
        .collect();
    for t in tasks {
        assert_eq!(t.await.unwrap().unwrap().client_id, "same");
    }
    mock.assert_calls_async(16).await;

    let stream = c.list_o_auth2_clients_stream(ory_hydra_v1_client::ListOAuth2ClientsParams::default());
    assert_send_static(&stream);
    let items: Vec<ory_hydra_v1_client::OAuth2Client> =
        tokio::spawn(futures::TryStreamExt::try_collect(stream)).await.unwrap().unwrap();
    assert_eq!(items.len(), 2);
    let page = c.list_o_auth2_clients(ory_hydra_v1_client::ListOAuth2ClientsParams::default()).await.unwrap();
    assert_send_sync_static(&page);
    list.assert_calls_async(2).await;

    let err = c.get_o_auth2_client("..").await.unwrap_err();
    assert_send_sync_static(&err);
}
