//! Health, version, metrics and token flushing.

use ory_hydra_v1_client::{FlushInactiveOAuth2TokensRequest, StatusCode};

use crate::support::{assert_hint, live, parse_version, server_version};

/// The go.mod of every server module in tests/hydra-server, one per Hydra version the suite runs against.
const SERVER_MODULES: &[&str] =
    &[include_str!("../../hydra-server/v1.3.2/go.mod"), include_str!("../../hydra-server/v1.11.10/go.mod")];

/// The version a go.mod pins for `github.com/ory/hydra`.
fn pinned(go_mod: &str) -> String {
    go_mod
        .lines()
        .filter_map(|l| {
            let mut words = l.split_whitespace().skip_while(|w| *w == "require");
            (words.next() == Some("github.com/ory/hydra")).then(|| words.next()).flatten()
        })
        .next()
        .expect("go.mod requires github.com/ory/hydra")
        .to_string()
}

/// What `get_version` may report: `HYDRA_EXPECTED_VERSION` (scripts/hydra.sh writes it to its env file),
/// else any version a server module pins.
fn expected_versions() -> Vec<String> {
    match std::env::var("HYDRA_EXPECTED_VERSION") {
        Ok(v) if !v.trim().is_empty() => vec![v.trim().to_string()],
        _ => SERVER_MODULES.iter().map(|m| pinned(m)).collect(),
    }
}

#[tokio::test]
async fn is_instance_alive_reports_ok() {
    let live = live!();
    let health = live.admin.is_instance_alive().await.expect("is_instance_alive");
    assert_eq!(health.status, "ok");
    assert!(health.extra.is_empty(), "unexpected members: {health:?}");
}

#[tokio::test]
async fn get_version_matches_the_pinned_version() {
    let live = live!();
    let v = live.admin.get_version().await.expect("get_version");
    let reported = v.version.as_str();
    let expected = expected_versions();
    assert!(
        expected.iter().any(|e| e == reported),
        "server reports {reported}, expected one of {expected:?}; set HYDRA_EXPECTED_VERSION for a server the \
         script did not start"
    );
    assert!(parse_version(reported).is_some_and(|(major, _)| major == 1), "{reported}");
    assert_eq!(server_version(&live).await.0, 1);
    // The harness read the same answer once, before the first test ran.
    assert_eq!(live.version.text, reported);
}

#[tokio::test]
async fn prometheus_returns_the_text_exposition_format() {
    let live = live!();
    let text = live.admin.prometheus().await.expect("prometheus");
    assert!(text.contains("# TYPE go_goroutines gauge"), "{}", &text[..text.len().min(500)]);
    assert!(text.lines().any(|l| l.starts_with("go_goroutines ")), "a sample line");
    assert!(text.contains("promhttp_metric_handler_requests_total"));
}

#[tokio::test]
async fn flush_inactive_tokens_with_not_after_is_accepted() {
    let live = live!();
    // `notAfter` now: only tokens that expired before now go, so concurrent flow tests keep theirs.
    let now = time::OffsetDateTime::now_utc().replace_nanosecond(0).expect("whole seconds");
    live.admin
        .flush_inactive_o_auth2_tokens(&FlushInactiveOAuth2TokensRequest::new().with_not_after(now))
        .await
        .expect("flush with notAfter: 204");
    // An empty body `{}` is fine too (QUIRKS: only a missing body gives 500, which the client never sends).
    live.admin
        .flush_inactive_o_auth2_tokens(&FlushInactiveOAuth2TokensRequest::new())
        .await
        .expect("flush with {}: 204");
}

#[tokio::test]
async fn an_empty_challenge_is_a_typed_invalid_request() {
    let live = live!();
    // A missing required query parameter cannot be produced through the typed API, but an empty one
    // can: Hydra treats it as missing (400 invalid_request naming `challenge`).
    let err = live.admin.get_login_request("").await.expect_err("empty challenge");
    assert_eq!(err.status(), Some(StatusCode::BAD_REQUEST), "{err:?}");
    let e = err.api().and_then(|a| a.error.as_ref()).expect("parsed error body");
    assert_eq!(e.error, "invalid_request");
    let quote = if live.version.at_least("v1.11") { "'" } else { "\"" };
    assert_hint(&live, e, &format!("Query parameter {quote}challenge{quote} is not defined but should have been."));
}
