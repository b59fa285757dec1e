//! Per-call options (headers, time limit) through cheap client views, and bearer tokens from an async
//! provider, cached until they expire.

mod net;

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::Duration;

use httpmock::MockServer;
use net::CLIENT_JSON;
use ory_hydra_v1_client::{AccessToken, Client};

#[tokio::test]
async fn a_view_adds_its_headers_to_its_calls_only() {
    let server = MockServer::start_async().await;
    let tagged = server
        .mock_async(|when, then| {
            when.path("/clients/c1").header("x-request-id", "corr-1").header("x-tenant", "blue");
            then.status(200).header("content-type", "application/json").body(CLIENT_JSON);
        })
        .await;
    let plain = server
        .mock_async(|when, then| {
            when.path("/clients/c1").header_missing("x-request-id");
            then.status(200).header("content-type", "application/json").body(CLIENT_JSON);
        })
        .await;
    let hydra = Client::builder(server.base_url()).no_proxy().default_header("X-Tenant", "red").build().unwrap();
    let view = hydra.with_header("X-Request-Id", "corr-1").unwrap().with_header("X-Tenant", "blue").unwrap();
    view.get_o_auth2_client("c1").await.unwrap();
    view.get_o_auth2_client("c1").await.unwrap();
    hydra.get_o_auth2_client("c1").await.unwrap();
    tagged.assert_calls_async(2).await;
    plain.assert_calls_async(1).await;
    // Values are not printed; bad names and values are refused.
    assert!(!format!("{view:?}").contains("corr-1") && format!("{view:?}").contains("x-request-id"), "{view:?}");
    assert!(hydra.with_header("bad name", "v").unwrap_err().is_invalid_input());
    assert!(hydra.with_header("X-Ok", "line\nbreak").unwrap_err().is_invalid_input());
}

#[tokio::test]
async fn a_view_with_a_timeout_limits_its_calls_only() {
    let server = MockServer::start_async().await;
    server
        .mock_async(|when, then| {
            when.path("/clients/c1");
            then.status(200)
                .header("content-type", "application/json")
                .body(CLIENT_JSON)
                .delay(Duration::from_millis(400));
        })
        .await;
    let hydra = Client::builder(server.base_url()).no_proxy().timeout(Duration::from_secs(5)).build().unwrap();
    let hurried = hydra.with_timeout(Duration::from_millis(100));
    let err = hurried.get_o_auth2_client("c1").await.unwrap_err();
    assert!(err.is_timeout(), "{err:?}");
    hydra.get_o_auth2_client("c1").await.unwrap();
}

#[tokio::test]
async fn the_token_provider_is_asked_once_per_lifetime_and_shared_by_concurrent_calls() {
    let server = MockServer::start_async().await;
    let first = server
        .mock_async(|when, then| {
            when.path("/clients/c1").header("authorization", "Bearer token-1");
            then.status(200).header("content-type", "application/json").body(CLIENT_JSON);
        })
        .await;
    let second = server
        .mock_async(|when, then| {
            when.path("/clients/c1").header("authorization", "Bearer token-2");
            then.status(200).header("content-type", "application/json").body(CLIENT_JSON);
        })
        .await;
    let fetches = Arc::new(AtomicUsize::new(0));
    let f = fetches.clone();
    let hydra = Client::builder(server.base_url())
        .no_proxy()
        .bearer_token_provider(move || {
            let n = f.fetch_add(1, Ordering::SeqCst) + 1;
            async move {
                tokio::time::sleep(Duration::from_millis(20)).await;
                Ok(AccessToken::new(format!("token-{n}")).expires_in(Duration::from_millis(300)))
            }
        })
        .build()
        .unwrap();
    let calls = (0..5).map(|_| hydra.get_o_auth2_client("c1"));
    for r in futures::future::join_all(calls).await {
        r.unwrap();
    }
    assert_eq!(fetches.load(Ordering::SeqCst), 1);
    tokio::time::sleep(Duration::from_millis(350)).await;
    hydra.get_o_auth2_client("c1").await.unwrap();
    assert_eq!(fetches.load(Ordering::SeqCst), 2);
    first.assert_calls_async(5).await;
    second.assert_calls_async(1).await;
    assert!(!format!("{hydra:?}").contains("token-"));
}

#[tokio::test]
async fn a_failing_token_provider_fails_the_call_without_sending_it() {
    let server = MockServer::start_async().await;
    let any = server
        .mock_async(|when, then| {
            when.any_request();
            then.status(200).body(CLIENT_JSON);
        })
        .await;
    let hydra = Client::builder(server.base_url())
        .no_proxy()
        .bearer_token_provider(|| async { Err::<AccessToken, _>("vault unreachable".into()) })
        .build()
        .unwrap();
    let err = hydra.get_o_auth2_client("c1").await.unwrap_err();
    assert!(err.is_transport(), "{err:?}");
    let mut chain = String::new();
    let mut source = std::error::Error::source(&err);
    while let Some(e) = source {
        chain.push_str(&format!("{e}; "));
        source = e.source();
    }
    assert!(chain.contains("token provider") && chain.contains("vault unreachable"), "{chain}");
    any.assert_calls_async(0).await;
}

#[tokio::test]
async fn a_token_provider_that_never_answers_is_bounded_by_the_time_limit() {
    let server = MockServer::start_async().await;
    let any = server
        .mock_async(|when, then| {
            when.any_request();
            then.status(200).header("content-type", "application/json").body(CLIENT_JSON);
        })
        .await;
    let hydra = Client::builder(server.base_url())
        .no_proxy()
        .timeout(Duration::from_millis(100))
        .bearer_token_provider(futures::future::pending::<Result<AccessToken, _>>)
        .build()
        .unwrap();
    // The guard only keeps a regression from hanging the suite; the call's own limit is 100 ms.
    let outcome = tokio::time::timeout(Duration::from_secs(10), hydra.get_o_auth2_client("c1")).await;
    let err = outcome.expect("the call ends at its time limit").unwrap_err();
    assert!(err.is_timeout(), "{err:?}");
    assert_eq!(err.time_limit(), Some(Duration::from_millis(100)));
    any.assert_calls_async(0).await;
}

#[tokio::test]
async fn provider_tokens_go_to_the_admin_api_only() {
    let admin = MockServer::start_async().await;
    let public = MockServer::start_async().await;
    let with_token = admin
        .mock_async(|when, then| {
            when.path("/clients/c1").header("authorization", "Bearer admin-only-token");
            then.status(200).header("content-type", "application/json").body(CLIENT_JSON);
        })
        .await;
    let ready = public
        .mock_async(|when, then| {
            when.path("/health/ready").header_missing("authorization");
            then.status(200).header("content-type", "application/json").body(r#"{"status":"ok"}"#);
        })
        .await;
    let hydra = Client::builder(admin.base_url())
        .public_url(public.base_url())
        .no_proxy()
        .bearer_token_provider(|| async { Ok(AccessToken::new("admin-only-token")) })
        .build()
        .unwrap();
    hydra.get_o_auth2_client("c1").await.unwrap();
    hydra.is_instance_ready().await.unwrap();
    with_token.assert_calls_async(1).await;
    ready.assert_calls_async(1).await;
}
