//! `Debug` output never shows secrets: client secrets, private key material, credentials and header
//! values, while the non-secret fields stay visible.

mod common;

use std::time::Duration;

use common::{json, Recorder};
use httpmock::prelude::*;
use ory_hydra_v1_client::{JsonWebKey, JsonWebKeySet, ListOAuth2ClientsParams, OAuth2Client};
use serde_json::json;

const SECRETS: &[&str] =
    &["CS-SECRET-1", "PRIV-D", "PRIV-P", "PRIV-Q", "PRIV-DP", "PRIV-DQ", "PRIV-QI", "SYM-K", "EXTRA-SECRET"];

fn assert_no_secrets(printed: &str) {
    for s in SECRETS {
        assert!(!printed.contains(s), "{s} leaked into Debug output: {printed}");
    }
}

fn private_key() -> JsonWebKey {
    JsonWebKey::new("kid-visible", "RSA")
        .with_alg("RS256")
        .with_key_use("sig")
        .with_n("modulus-visible")
        .with_e("AQAB")
        .with_crv("P-256-visible")
        .with_x("x-visible")
        .with_d("PRIV-D")
        .with_p("PRIV-P")
        .with_q("PRIV-Q")
        .with_dp("PRIV-DP")
        .with_dq("PRIV-DQ")
        .with_qi("PRIV-QI")
        .with_k("SYM-K")
}

#[test]
fn oauth2_client_debug_hides_the_secret_and_shows_the_rest() {
    let mut c = OAuth2Client::new()
        .with_client_id("visible-id")
        .with_client_name("Visible Name")
        .with_client_secret("CS-SECRET-1")
        .with_redirect_uris(["https://visible.example/cb"]);
    c.extra.insert("api_key", json!("EXTRA-SECRET"));
    for printed in [format!("{c:?}"), format!("{c:#?}")] {
        assert_no_secrets(&printed);
        for visible in ["visible-id", "Visible Name", "https://visible.example/cb", "client_secret", "api_key"] {
            assert!(printed.contains(visible), "{visible} missing from {printed}");
        }
    }
    // Without a secret nothing claims there is one.
    let plain = format!("{:?}", OAuth2Client::new().with_client_id("x"));
    assert!(!plain.contains("redacted"), "{plain}");
}

#[test]
fn json_web_key_debug_hides_private_members() {
    let key = private_key();
    let printed = format!("{key:?}");
    assert_no_secrets(&printed);
    for visible in ["kid-visible", "RS256", "RSA", "modulus-visible", "AQAB", "P-256-visible", "x-visible", "sig"] {
        assert!(printed.contains(visible), "{visible} missing from {printed}");
    }
    // The private members are shown as present but redacted.
    for name in ["d", "p", "q", "dp", "dq", "qi", "k"] {
        assert!(printed.contains(&format!("{name}: Some(")), "{name} not shown as present: {printed}");
    }
}

#[test]
fn nested_keys_stay_redacted_in_sets_and_clients() {
    let set = JsonWebKeySet::new().with_keys([private_key()]);
    let printed = format!("{set:#?}");
    assert_no_secrets(&printed);
    assert!(printed.contains("kid-visible"), "{printed}");
    let c = OAuth2Client::new().with_client_id("with-jwks").with_client_secret("CS-SECRET-1").with_jwks(set);
    let printed = format!("{c:?}");
    assert_no_secrets(&printed);
    assert!(printed.contains("with-jwks") && printed.contains("modulus-visible"), "{printed}");
}

#[test]
fn client_builder_and_client_debug_hide_credentials_and_header_values() {
    let builders = [
        common::builder("http://hydra.internal:4445/admin/")
            .basic_auth("admin", Some("BASIC-PASSWORD-SECRET"))
            .default_header("X-Api-Key", "HEADER-VALUE-SECRET")
            .timeout(Duration::from_secs(7))
            .user_agent("visible-agent/1"),
        common::builder("http://hydra.internal:4445/admin/")
            .bearer_token("BEARER-TOKEN-SECRET")
            .default_header("X-Api-Key", "HEADER-VALUE-SECRET"),
        common::builder("http://hydra.internal:4445/admin/")
            .http_client(common::reqwest_client())
            .bearer_token("BEARER-TOKEN-SECRET")
            .default_header("X-Api-Key", "HEADER-VALUE-SECRET"),
    ];
    for b in builders {
        let c = b.clone().build().unwrap();
        for printed in [format!("{b:?}"), format!("{b:#?}"), format!("{c:?}"), format!("{c:#?}")] {
            for secret in ["BASIC-PASSWORD-SECRET", "BEARER-TOKEN-SECRET", "HEADER-VALUE-SECRET"] {
                assert!(!printed.contains(secret), "{secret} leaked: {printed}");
            }
            // base64 of the basic credentials must not leak either.
            assert!(!printed.contains("YWRtaW46QkFTSUMtUEFTU1dPUkQtU0VDUkVU"), "{printed}");
            assert!(printed.contains("hydra.internal:4445"), "{printed}");
            assert!(printed.to_ascii_lowercase().contains("x-api-key"), "{printed}");
            assert!(printed.contains("Basic") || printed.contains("Bearer"), "auth kind shown: {printed}");
        }
    }
}

#[tokio::test]
async fn page_debug_redacts_client_secrets() {
    let server = MockServer::start_async().await;
    let rec = Recorder::new();
    let _mock = server
        .mock_async(|when, then| {
            when.method(GET).path("/clients");
            then.respond_with(rec.respond(
                200,
                &[],
                json(
                    json!([{"client_id": "listed-id", "client_secret": "CS-SECRET-1", "extra_thing": "EXTRA-SECRET"}]),
                ),
            ));
        })
        .await;
    let page = common::client(&server).list_o_auth2_clients(ListOAuth2ClientsParams::default()).await.unwrap();
    assert_eq!(page.items[0].client_secret.as_deref(), Some("CS-SECRET-1"));
    let printed = format!("{page:?}");
    assert_no_secrets(&printed);
    assert!(printed.contains("listed-id"), "{printed}");
}

/// The parameter structs hide their `secret` members (the table's flag) like models do: an unset one
/// prints `None`, a set one only that it is set; the other parameters stay visible.
#[test]
fn parameter_structs_hide_codes_verifiers_tokens_and_hints() {
    use ory_hydra_v1_client::{DisconnectUserParams, Oauth2TokenParams, OauthAuthParams};
    let token = Oauth2TokenParams::default()
        .code("CODE-SECRET")
        .code_verifier("VERIFIER-SECRET")
        .refresh_token("REFRESH-SECRET")
        .assertion("ASSERTION-SECRET")
        .scope("scope-visible");
    let auth = OauthAuthParams::default()
        .login_verifier("LOGIN-VERIFIER-SECRET")
        .consent_verifier("CONSENT-VERIFIER-SECRET")
        .state("state-visible");
    let logout = DisconnectUserParams::default().id_token_hint("ID-TOKEN-SECRET").state("logout-state-visible");
    let printed = format!("{token:?} {token:#?} {auth:?} {auth:#?} {logout:?} {logout:#?}");
    for secret in ["CODE-SECRET", "VERIFIER-SECRET", "REFRESH-SECRET", "ASSERTION-SECRET", "LOGIN-VERIFIER-SECRET"] {
        assert!(!printed.contains(secret), "{secret} leaked: {printed}");
    }
    assert!(!printed.contains("CONSENT-VERIFIER-SECRET") && !printed.contains("ID-TOKEN-SECRET"), "{printed}");
    for visible in ["scope-visible", "state-visible", "logout-state-visible", "code_verifier", "id_token_hint"] {
        assert!(printed.contains(visible), "{visible} missing: {printed}");
    }
    assert!(format!("{:?}", Oauth2TokenParams::default()).contains("code: None"));
}

/// `url` members: the `redirect_to` of an accepted request carries a one-shot verifier, a logout
/// request's `request_url` the ID token the relying party sent as `id_token_hint`. `Debug` shows these
/// URLs with those values hidden and the rest readable; the values themselves are intact.
#[test]
fn url_members_hide_verifiers_and_id_token_hints_from_debug() {
    use ory_hydra_v1_client::{CompletedRequest, LogoutRequest};
    let done: CompletedRequest = serde_json::from_value(json!({
        "redirect_to": "https://sso.example/oauth2/auth?client_id=app&login_verifier=LV-SECRET&state=st-visible"
    }))
    .unwrap();
    let logout: LogoutRequest = serde_json::from_value(json!({
        "request_url": "/oauth2/sessions/logout?id_token_hint=IDT-SECRET&post_logout_redirect_uri=https%3A%2F%2Frp%2Fbye",
        "rp_initiated": true, "sid": "sid-1", "subject": "alice"
    }))
    .unwrap();
    let printed = format!("{done:?} {logout:?} {done:#?}");
    for secret in ["LV-SECRET", "IDT-SECRET"] {
        assert!(!printed.contains(secret), "{secret} leaked into Debug output: {printed}");
    }
    for visible in [
        "https://sso.example/oauth2/auth?client_id=app&login_verifier=<redacted>",
        "st-visible",
        "post_logout_redirect_uri=https%3A%2F%2Frp%2Fbye",
        "alice",
    ] {
        assert!(printed.contains(visible), "{visible} is missing from Debug output: {printed}");
    }
    assert!(done.redirect_to.ends_with("login_verifier=LV-SECRET&state=st-visible"));
    assert!(logout.request_url.contains("id_token_hint=IDT-SECRET"));
}
