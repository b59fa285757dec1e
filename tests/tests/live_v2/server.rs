//! The server's own answers through `ory-hydra-v2-client` on v2.3.0: health and discovery.

use crate::support::live_v2;

// Backs: is_alive (Admin) and is_ready (Public) decode `{"status":"ok"}` from a running server.
#[tokio::test]
async fn the_server_is_alive_and_ready() {
    let v2 = live_v2!();
    let hydra = v2.client();
    assert_eq!(hydra.is_alive().await.expect("is_alive").status, "ok");
    assert_eq!(hydra.is_ready().await.expect("is_ready").status, "ok");
}

// Backs: discover_oidc_configuration names this server's issuer and its Public endpoints.
#[tokio::test]
async fn the_discovery_document_names_this_server() {
    let v2 = live_v2!();
    let config = v2.client().discover_oidc_configuration().await.expect("discover_oidc_configuration");
    assert_eq!(config.issuer, format!("{}/", v2.public), "URLS_SELF_ISSUER as scripts/hydra.sh sets it");
    assert_eq!(config.jwks_uri, format!("{}/.well-known/jwks.json", v2.public));
    assert_eq!(config.token_endpoint, format!("{}/oauth2/token", v2.public));
    assert_eq!(config.end_session_endpoint, format!("{}/oauth2/sessions/logout", v2.public));
}
