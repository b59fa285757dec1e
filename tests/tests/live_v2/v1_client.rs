//! ory-hydra-v1-client pointed at a v2 server: what it does today (QUIRKS.md, "v2.3.0").

use ory_hydra_v1_client::{Client, StatusCode};

use crate::support::live_v2;

// Backs: the v1 client never follows the 307 of a v1-shaped path (it must not: without URLS_SELF_ADMIN the
// Location leads to host `admin`). Today that surfaces as an API error with status 307 and the raw body;
// issue 20 wants the error to say the server is a v2 one, and this test is where that lands.
#[tokio::test]
async fn the_v1_client_gets_a_307_error_and_follows_nothing() {
    let v2 = live_v2!();
    let client = Client::builder(v2.admin.as_str()).build().expect("client");
    // /version is unprefixed on v2, so the v1 client can tell what it talks to.
    let version = client.get_version().await.expect("get_version");
    assert!(version.version.starts_with("v2."), "{version:?}");

    let err = client.list_o_auth2_clients(Default::default()).await.expect_err("a v1 path on a v2 server");
    assert!(err.is_api(), "{err:?}");
    assert_eq!(err.status(), Some(StatusCode::TEMPORARY_REDIRECT));
    let api = err.api().expect("an API error");
    assert!(api.error.is_none(), "the body is HTML, not an error model");
    assert!(api.body.contains(&format!("{}/admin/clients?", v2.admin)), "raw body kept: {}", api.body);

    let err = client.get_o_auth2_client("v2-any").await.expect_err("a v1 path on a v2 server");
    assert_eq!(err.status(), Some(StatusCode::TEMPORARY_REDIRECT));
    // The message says what the user is facing and which client that server needs.
    assert!(err.to_string().contains("ory-hydra-v2-client"), "{err}");
}
