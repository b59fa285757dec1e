//! `ory-hydra-v2-client` against httpmock: the v2 paths (Admin under `/admin`), the login flow's
//! redirect answers, a whole-client update and the errorOAuth2 error shape.

use httpmock::prelude::*;
use ory_hydra_v2_client::{AcceptOAuth2LoginRequest, Client, OAuth2Client, Side, StatusCode};
use serde_json::json;

fn client(server: &MockServer) -> Client {
    Client::builder(server.base_url()).build().unwrap()
}

fn login_request() -> serde_json::Value {
    json!({
        "challenge": "ch-1",
        "client": {"client_id": "app"},
        "oidc_context": {},
        "request_url": "http://public/oauth2/auth?client_id=app",
        "requested_access_token_audience": [],
        "requested_scope": ["openid"],
        "session_id": "sess",
        "skip": false,
        "subject": ""
    })
}

#[tokio::test]
async fn get_login_request_asks_the_admin_path_with_the_challenge() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.method(GET).path("/admin/oauth2/auth/requests/login").query_param("login_challenge", "ch 1");
            then.status(200).json_body(login_request());
        })
        .await;
    let req = client(&server).get_o_auth2_login_request("ch 1").await.unwrap();
    mock.assert_async().await;
    assert_eq!((req.challenge.as_str(), req.skip), ("ch-1", false));
    assert_eq!(req.client.client_id, "app");
    assert_eq!(req.requested_scope, ["openid"]);
}

#[tokio::test]
async fn accept_login_request_sends_the_body_and_returns_redirect_to() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.method(PUT)
                .path("/admin/oauth2/auth/requests/login/accept")
                .query_param("login_challenge", "ch-1")
                .json_body(json!({"subject": "alice", "remember": true}));
            then.status(200).json_body(json!({"redirect_to": "http://public/oauth2/auth?login_verifier=v"}));
        })
        .await;
    let body = AcceptOAuth2LoginRequest::new("alice").with_remember(true);
    let answer = client(&server).accept_o_auth2_login_request("ch-1", &body).await.unwrap();
    mock.assert_async().await;
    assert_eq!(answer.redirect_to, "http://public/oauth2/auth?login_verifier=v");
}

#[tokio::test]
async fn set_client_puts_the_whole_client_at_its_id() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.method(PUT)
                .path("/admin/clients/app%201")
                .json_body_includes(r#"{"client_name": "billing", "redirect_uris": ["https://b/cb"]}"#);
            then.status(200).json_body(json!({"client_id": "app 1", "client_name": "billing"}));
        })
        .await;
    let body = OAuth2Client::new().with_client_name("billing").with_redirect_uris(["https://b/cb"]);
    let saved = client(&server).set_o_auth2_client("app 1", &body).await.unwrap();
    mock.assert_async().await;
    assert_eq!((saved.client_id.as_str(), saved.client_name.as_str()), ("app 1", "billing"));
}

/// v2 answers errors as errorOAuth2 (`error`, `error_description`, `error_debug`, `status_code`): the
/// error says what happened and keeps the body byte for byte.
#[tokio::test]
async fn an_error_oauth2_answer_is_read_and_its_raw_body_kept() {
    let server = MockServer::start_async().await;
    let raw = r#"{"error":"Not Found","error_description":"Unable to locate the resource","error_debug":"no row","status_code":404}"#;
    server
        .mock_async(|when, then| {
            when.method(GET).path("/admin/clients/gone");
            then.status(404).header("content-type", "application/json").body(raw);
        })
        .await;
    let err = client(&server).get_o_auth2_client("gone").await.unwrap_err();
    assert!(err.is_api() && err.is_not_found(), "{err:?}");
    assert_eq!(err.status(), Some(StatusCode::NOT_FOUND));
    assert_eq!(err.operation_name(), Some("get_o_auth2_client"));
    let api = err.api().unwrap();
    assert_eq!(api.body, raw);
    assert_eq!(api.message(), Some("Unable to locate the resource"));
    assert_eq!(api.error.as_ref().map(|e| e.error.as_str()), Some("Not Found"));
}

/// Every Admin operation of v2 is under `/admin` (health and version excepted), and a base URL's path
/// prefix comes before it.
#[tokio::test]
async fn admin_paths_are_under_admin_after_the_base_prefix() {
    for op in Client::operations().iter().filter(|o| o.side() == Side::Admin) {
        assert!(op.path.starts_with("/admin/") || ["/health/alive", "/version"].contains(&op.path), "{op}");
    }
    assert!(Client::operation("get_o_auth2_client").unwrap().path.starts_with("/admin/"));
    // v1's names are not v2's.
    assert!(Client::operation("get_login_request").is_none());
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.method(DELETE).path("/gw/admin/clients/app");
            then.status(204);
        })
        .await;
    let hydra = Client::new(&format!("{}/gw/", server.base_url())).unwrap();
    hydra.delete_o_auth2_client("app").await.unwrap();
    mock.assert_async().await;
}

/// The tokens of a token answer, a device code and an issued credential are credentials: `Debug` (which
/// ends up in logs) must not print them, while the other members stay visible.
#[test]
fn debug_hides_the_tokens_device_codes_and_credentials_v2_answers_carry() {
    use ory_hydra_v2_client::{DeviceAuthorization, OAuth2TokenExchange, VerifiableCredentialResponse};
    let token: OAuth2TokenExchange = serde_json::from_value(json!({
        "access_token": "AT-SECRET", "id_token": "IDT-SECRET", "refresh_token": "RT-SECRET",
        "expires_in": 3599, "scope": "openid offline", "token_type": "bearer"
    }))
    .unwrap();
    let device: DeviceAuthorization = serde_json::from_value(json!({
        "device_code": "DC-SECRET", "user_code": "ABCD-EFGH", "expires_in": 600, "interval": 5,
        "verification_uri": "http://public/oauth2/device/verify"
    }))
    .unwrap();
    let credential: VerifiableCredentialResponse =
        serde_json::from_value(json!({"credential_draft_00": "VC-SECRET", "format": "jwt_vc_json"})).unwrap();
    let printed = format!("{token:?} {device:?} {credential:?}");
    for secret in ["AT-SECRET", "IDT-SECRET", "RT-SECRET", "DC-SECRET", "VC-SECRET"] {
        assert!(!printed.contains(secret), "{secret} leaked into Debug output: {printed}");
    }
    for visible in ["3599", "openid offline", "bearer", "ABCD-EFGH", "jwt_vc_json", "verification_uri"] {
        assert!(printed.contains(visible), "{visible} is missing from Debug output: {printed}");
    }
    // The values themselves are intact.
    assert_eq!(token.access_token, "AT-SECRET");
    assert_eq!(token.refresh_token.as_deref(), Some("RT-SECRET"));
}

/// The one-shot completions of the v2 line (accepting or rejecting a login, consent, logout or user
/// code, and the browser steps that consume a verifier) are never resent by a retry policy, like v1's;
/// reads, replacements and deletions still may be.
#[test]
fn v2_one_shot_completions_are_not_retry_safe() {
    let safe = |name: &str| Client::operation(name).unwrap_or_else(|| panic!("no operation {name}")).retry_safe;
    for name in [
        "accept_o_auth2_login_request",
        "reject_o_auth2_login_request",
        "accept_o_auth2_consent_request",
        "reject_o_auth2_consent_request",
        "accept_o_auth2_logout_request",
        "reject_o_auth2_logout_request",
        "accept_user_code_request",
        "o_auth2_authorize",
        "revoke_oidc_session",
        "perform_o_auth2_device_verification_flow",
    ] {
        assert!(!safe(name), "{name} must not be resent");
    }
    for name in ["get_o_auth2_login_request", "set_o_auth2_client", "delete_o_auth2_client", "is_alive"] {
        assert!(safe(name), "{name}");
    }
}

/// Codes, verifiers, refresh tokens, assertions and ID token hints in v2's parameter structs stay out of
/// `Debug`, as in v1's.
#[test]
fn v2_parameter_structs_hide_codes_verifiers_and_tokens() {
    use ory_hydra_v2_client::{
        OAuth2AuthorizeParams, Oauth2TokenExchangeParams, PerformOAuth2DeviceVerificationFlowParams,
        RevokeOidcSessionParams,
    };
    let printed = format!(
        "{:?} {:?} {:?} {:?}",
        Oauth2TokenExchangeParams::default()
            .code("CODE-SECRET")
            .refresh_token("RT-SECRET")
            .code_verifier("PKCE-SECRET")
            .assertion("JWT-SECRET")
            .redirect_uri("http://rp.example/cb"),
        OAuth2AuthorizeParams::default().login_verifier("LV-SECRET").consent_verifier("CV-SECRET").state("st-visible"),
        RevokeOidcSessionParams::default().id_token_hint("IDT-SECRET").logout_verifier("LOV-SECRET"),
        PerformOAuth2DeviceVerificationFlowParams::default().user_code("UC-SECRET").device_verifier("DV-SECRET"),
    );
    for secret in [
        "CODE-SECRET",
        "RT-SECRET",
        "PKCE-SECRET",
        "JWT-SECRET",
        "LV-SECRET",
        "CV-SECRET",
        "IDT-SECRET",
        "LOV-SECRET",
        "UC-SECRET",
        "DV-SECRET",
    ] {
        assert!(!printed.contains(secret), "{secret} leaked into Debug output: {printed}");
    }
    assert!(printed.contains("http://rp.example/cb") && printed.contains("st-visible"), "{printed}");
}
