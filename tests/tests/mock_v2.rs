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

#[tokio::test]
async fn a_patch_sends_each_operations_wire_value_and_keeps_an_unknown_one() {
    use ory_hydra_v2_client::{JsonPatch, PatchOperation};
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.method(PATCH).path("/admin/clients/app").json_body(json!([
                {"op": "replace", "path": "/client_name", "value": "billing"},
                {"op": "test", "path": "/owner", "value": "team"},
                {"op": "merge", "path": "/metadata"}
            ]));
            then.status(200).json_body(json!({"client_id": "app", "client_name": "billing"}));
        })
        .await;
    let patch = [
        JsonPatch::new(PatchOperation::Replace, "/client_name").with_value(json!("billing")),
        // A string still names an operation, as before the enum.
        JsonPatch::new("test", "/owner").with_value(json!("team")),
        // An operation this release does not name goes out exactly as given.
        JsonPatch::new("merge", "/metadata"),
    ];
    assert_eq!(patch[1].op, PatchOperation::Test);
    assert_eq!(patch[2].op, PatchOperation::Other("merge".into()));
    let saved = client(&server).patch_o_auth2_client("app", &patch).await.unwrap();
    mock.assert_async().await;
    assert_eq!(saved.client_name, "billing");
    let back: Vec<JsonPatch> = serde_json::from_value(serde_json::to_value(&patch).unwrap()).unwrap();
    assert_eq!(back, patch, "decoding what was sent gives the same operations");
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
        // Hydra rotates the registration access token on every update: a second copy carries the
        // token the first one retired, and the new one (in the lost answer) is gone.
        "set_oidc_dynamic_client",
    ] {
        assert!(!safe(name), "{name} must not be resent");
    }
    for name in ["get_o_auth2_login_request", "set_o_auth2_client", "delete_o_auth2_client", "is_alive"] {
        assert!(safe(name), "{name}");
    }
}

/// The holder's proof JWT in a credential request is a credential of its own, like a client assertion:
/// `Debug` of the request body hides it.
#[test]
fn a_credential_request_hides_its_proof_from_debug() {
    use ory_hydra_v2_client::{CreateVerifiableCredentialRequestBody, VerifiableCredentialProof};
    let proof = VerifiableCredentialProof::new().with_jwt("PROOF-JWT-SECRET").with_proof_type("jwt");
    let body = CreateVerifiableCredentialRequestBody::new().with_format("jwt_vc_json").with_proof(proof);
    let printed = format!("{body:?}");
    assert!(!printed.contains("PROOF-JWT-SECRET") && printed.contains("jwt_vc_json"), "{printed}");
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

/// The typed error body the tables name: `errors ErrorOAuth2` for every v2 line, `errors GenericError`
/// where the document declares herodot's wrapped shape, decoded on request with `Error::body_as`.
#[tokio::test]
async fn error_bodies_decode_as_the_model_the_line_names() {
    use ory_hydra_v2_client::{ErrorOAuth2, GenericError};
    let server = MockServer::start_async().await;
    server
        .mock_async(|when, then| {
            when.method(GET).path("/admin/clients/gone");
            then.status(404).body(r#"{"error":"not_found","error_description":"no such client","status_code":404}"#);
        })
        .await;
    server
        .mock_async(|when, then| {
            when.method(DELETE).path("/admin/clients/gone");
            then.status(404).body(r#"{"error":{"code":404,"status":"Not Found","message":"no such client"}}"#);
        })
        .await;
    let hydra = client(&server);
    let err = hydra.get_o_auth2_client("gone").await.unwrap_err();
    assert_eq!(err.operation().and_then(|o| o.answer_model(StatusCode::NOT_FOUND)), Some("ErrorOAuth2"));
    let typed = err.body_as::<ErrorOAuth2>().expect("an errorOAuth2 body");
    assert_eq!((typed.error.as_str(), typed.error_description.as_str()), ("not_found", "no such client"));
    let err = hydra.delete_o_auth2_client("gone").await.unwrap_err();
    assert_eq!(err.operation().and_then(|o| o.errors), Some("GenericError"));
    let generic = err.body_as::<GenericError>().expect("the wrapped genericError");
    assert_eq!((generic.message.as_str(), generic.code), ("no such client", Some(404)));
    assert_eq!(err.api().and_then(|a| a.message()), Some("no such client"), "read by shape either way");
}

/// `on 410 OAuth2RedirectTo`: a handled logout is "already handled", and its path-only `redirect_to`
/// (what v2.3.0 sends, the path Hydra saw) becomes a URL under the Public URL, its prefix included, so
/// the browser reaches Hydra behind a proxy that mounts it there; the body stays as sent.
#[tokio::test]
async fn a_handled_logout_is_already_handled_with_its_redirect_resolved_on_the_public_url() {
    let server = MockServer::start_async().await;
    server
        .mock_async(|when, then| {
            when.method(GET).path("/admin/oauth2/auth/requests/logout");
            then.status(410).body(r#"{"redirect_to":"/oauth2/sessions/logout"}"#);
        })
        .await;
    let hydra = Client::builder(server.base_url()).public_url("https://sso.example/hydra/").build().unwrap();
    let err = hydra.get_o_auth2_logout_request("ch").await.unwrap_err();
    assert!(err.is_already_handled(), "{err:?}");
    assert_eq!(err.redirect_to(), Some("https://sso.example/hydra/oauth2/sessions/logout"));
    assert_eq!(err.api().unwrap().body, r#"{"redirect_to":"/oauth2/sessions/logout"}"#);
    // Without a Public URL nothing is invented: the path stays a path.
    let admin_only = client(&server).get_o_auth2_logout_request("ch").await.unwrap_err();
    assert_eq!(admin_only.redirect_to(), Some("/oauth2/sessions/logout"));
    // A 410 of an operation whose line names no handled answer is a plain 410.
    let gone = ory_hydra_v2_client::Error::from_response("get_o_auth2_client", StatusCode::GONE, "{}");
    assert!(!gone.is_already_handled());
    assert!(ory_hydra_v2_client::Error::from_response("get_o_auth2_login_request", StatusCode::GONE, "{}")
        .is_already_handled());
}

/// `on 400 VerifiableCredentialPrimingResponse`: the body's shape decides, so a plain 400 error of the
/// same operation is not taken for a priming answer.
#[tokio::test]
async fn a_priming_answer_is_told_from_a_plain_400_by_its_shape() {
    use ory_hydra_v2_client::{
        CreateVerifiableCredentialRequestBody, ErrorOAuth2, VerifiableCredentialPrimingResponse,
    };
    let server = MockServer::start_async().await;
    let priming = r#"{"format":"jwt_vc","c_nonce":"n-1","c_nonce_expires_in":600,"error":"missing_proof","error_description":"send a proof"}"#;
    server
        .mock_async(|when, then| {
            when.method(POST).path("/credentials").header("authorization", "Bearer first");
            then.status(400).body(priming);
        })
        .await;
    server
        .mock_async(|when, then| {
            when.method(POST).path("/credentials").header("authorization", "Bearer second");
            then.status(400).body(r#"{"error":"invalid_request","error_description":"bad format"}"#);
        })
        .await;
    let hydra = Client::public_builder(server.base_url()).build().unwrap();
    let body = CreateVerifiableCredentialRequestBody::new();
    let err = hydra.create_verifiable_credential("first", &body).await.unwrap_err();
    let primed = err.body_as::<VerifiableCredentialPrimingResponse>().expect("a priming answer");
    assert_eq!((primed.c_nonce.as_str(), primed.c_nonce_expires_in), ("n-1", 600));
    assert!(!err.is_already_handled());
    let err = hydra.create_verifiable_credential("second", &body).await.unwrap_err();
    assert!(err.body_as::<VerifiableCredentialPrimingResponse>().is_none(), "no c_nonce: not a priming answer");
    assert_eq!(err.body_as::<ErrorOAuth2>().map(|e| e.error), Some("invalid_request".to_string()));
}

/// `on 503 HealthNotReadyStatus`: the readiness failure's body is typed too.
#[tokio::test]
async fn a_failed_readiness_check_has_its_typed_body() {
    use ory_hydra_v2_client::HealthNotReadyStatus;
    let server = MockServer::start_async().await;
    server
        .mock_async(|when, then| {
            when.method(GET).path("/health/ready");
            then.status(503).body(r#"{"errors":{"database":"connection refused"}}"#);
        })
        .await;
    let err = Client::public_builder(server.base_url()).build().unwrap().is_ready().await.unwrap_err();
    assert_eq!(
        err.operation().and_then(|o| o.answer_model(StatusCode::SERVICE_UNAVAILABLE)),
        Some("HealthNotReadyStatus")
    );
    let status = err.body_as::<HealthNotReadyStatus>().expect("a not-ready body");
    let errors = status.errors.expect("the failing checks");
    assert_eq!(errors.get("database").and_then(|v| v.as_str().map(str::to_owned)), Some("connection refused".into()));
}

/// `private_key_jwt`: the assertion the signer returns goes in the form with its type and the client id,
/// no `Authorization` header; the claims name the token endpoint under the Public URL's prefix and expire
/// a minute after they were made; a signer's error fails the call before anything is sent.
#[tokio::test]
async fn a_private_key_jwt_call_sends_the_signed_assertion_in_the_form() {
    use ory_hydra_v2_client::{AssertionClaims, ClientAuthMethod, ClientCredentials, GrantType};
    use std::sync::{Arc, Mutex};
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.method(POST)
                .path("/hydra/oauth2/token")
                .header_missing("authorization")
                .form_urlencoded_tuple("client_id", "svc")
                .form_urlencoded_tuple(
                    "client_assertion_type",
                    "urn:ietf:params:oauth:client-assertion-type:jwt-bearer",
                )
                .form_urlencoded_tuple("client_assertion", "signed.jwt.value")
                .form_urlencoded_tuple("grant_type", "client_credentials");
            then.status(200)
                .json_body(json!({"access_token": "at", "expires_in": 3599, "scope": "", "token_type": "bearer"}));
        })
        .await;
    let seen: Arc<Mutex<Vec<AssertionClaims>>> = Arc::default();
    let log = seen.clone();
    let creds = ClientCredentials::private_key_jwt("svc", move |claims| {
        log.lock().unwrap().push(claims.clone());
        Ok::<_, std::convert::Infallible>("signed.jwt.value".to_string())
    });
    assert_eq!(creds.method(), ClientAuthMethod::PrivateKeyJwt);
    let hydra = Client::public_builder(format!("{}/hydra/", server.base_url())).build().unwrap();
    for _ in 0..2 {
        hydra.oauth2_token_exchange(&creds, GrantType::ClientCredentials, Default::default()).await.unwrap();
    }
    mock.assert_calls_async(2).await;
    let seen = seen.lock().unwrap().clone();
    assert_eq!(seen[0].aud, format!("{}/hydra/oauth2/token", server.base_url()));
    assert_eq!((seen[0].iss.as_str(), seen[0].sub.as_str(), seen[0].exp - seen[0].iat), ("svc", "svc", 60));
    assert!(seen[0].jti.len() == 32 && seen[0].jti.chars().all(|c| c.is_ascii_hexdigit()), "{}", seen[0].jti);
    assert_ne!(seen[0].jti, seen[1].jti);
    let claims = serde_json::to_value(&seen[0]).unwrap();
    assert_eq!(claims.as_object().map(|o| o.len()), Some(6), "{claims}");

    let failing = ClientCredentials::private_key_jwt("svc", |_| Err("the KMS is down"));
    let err =
        hydra.oauth2_token_exchange(&failing, GrantType::ClientCredentials, Default::default()).await.unwrap_err();
    assert!(err.is_invalid_input(), "{err:?}");
    assert_eq!(std::error::Error::source(&err).map(|s| s.to_string()), Some("the KMS is down".into()));
    mock.assert_calls_async(2).await;
}

/// A personal access token (Ory Network, an API gateway) goes to every Admin call and to no Public one,
/// even when both APIs share one host.
#[tokio::test]
async fn the_admin_bearer_token_reaches_admin_calls_only() {
    let server = MockServer::start_async().await;
    let admin = server
        .mock_async(|when, then| {
            when.method(GET).path("/admin/clients/app").header("authorization", "Bearer ory_pat_secret");
            then.status(200).json_body(json!({"client_id": "app"}));
        })
        .await;
    let public = server
        .mock_async(|when, then| {
            when.method(GET).path("/.well-known/jwks.json").header_missing("authorization");
            then.status(200).json_body(json!({"keys": []}));
        })
        .await;
    let hydra = Client::builder(server.base_url())
        .public_url(server.base_url())
        .bearer_token("ory_pat_secret")
        .build()
        .unwrap();
    assert_eq!(hydra.get_o_auth2_client("app").await.unwrap().client_id, "app");
    hydra.discover_json_web_keys().await.unwrap();
    admin.assert_async().await;
    public.assert_async().await;
    assert!(!format!("{hydra:?}").contains("ory_pat_secret"), "the token is not printed");
}

/// The device flow from the device's side (RFC 8628): start it, then poll the token endpoint with the
/// device code under the device-code grant type. Without `device_code` in the token request the server
/// has nothing to look up, so the flow could not end in tokens through this client.
#[tokio::test]
async fn a_device_polls_for_its_tokens_with_the_device_code() {
    use ory_hydra_v2_client::{ClientCredentials, GrantType, OAuth2DeviceFlowParams, Oauth2TokenExchangeParams};
    let server = MockServer::start_async().await;
    let start = server
        .mock_async(|when, then| {
            when.method(POST).path("/oauth2/device/auth").form_urlencoded_tuple("scope", "openid offline");
            then.status(200).json_body(json!({
                "device_code": "DC-1/+=", "user_code": "ABCD-EFGH", "expires_in": 600, "interval": 5,
                "verification_uri": "http://public/oauth2/device/verify"
            }));
        })
        .await;
    let token = server
        .mock_async(|when, then| {
            when.method(POST)
                .path("/oauth2/token")
                .header("authorization", "Basic dHY6dHYtc2VjcmV0")
                .form_urlencoded_tuple("grant_type", "urn:ietf:params:oauth:grant-type:device_code")
                .form_urlencoded_tuple("device_code", "DC-1/+=");
            then.status(200).json_body(json!({"access_token": "at", "expires_in": 3599, "token_type": "bearer"}));
        })
        .await;
    let hydra = Client::public_builder(server.base_url()).build().unwrap();
    let creds = ClientCredentials::basic("tv", "tv-secret");
    let auth =
        hydra.o_auth2_device_flow(&creds, OAuth2DeviceFlowParams::default().scope("openid offline")).await.unwrap();
    let device_code = auth.device_code.expect("a device code");
    let params = Oauth2TokenExchangeParams::default().device_code(device_code.as_str());
    assert!(!format!("{params:?}").contains("DC-1"), "the device code is a credential: {params:?}");
    let tokens = hydra.oauth2_token_exchange(&creds, GrantType::DeviceCode, params).await.unwrap();
    start.assert_async().await;
    token.assert_async().await;
    assert_eq!(tokens.access_token, "at");
}

/// The v2 line registers its own secret parameters with the runtime: a body quoting a device-flow or
/// logout request shows none of the device code, user code or verifiers in `Display` or `Debug`.
#[tokio::test]
async fn echoed_v2_secret_parameters_are_redacted() {
    use ory_hydra_v2_client::{ClientCredentials, GrantType, Oauth2TokenExchangeParams};
    let echo =
        "bad request: device_code=DC-SECRET&user_code=UC-SECRET&device_verifier=DV-SECRET&logout_verifier=LV-SECRET";
    let server = MockServer::start_async().await;
    server
        .mock_async(|when, then| {
            when.method(POST).path("/oauth2/token");
            then.status(400).body(echo);
        })
        .await;
    let hydra = Client::public_builder(server.base_url()).build().unwrap();
    let creds = ClientCredentials::public("tv");
    let err = hydra
        .oauth2_token_exchange(&creds, GrantType::DeviceCode, Oauth2TokenExchangeParams::default())
        .await
        .unwrap_err();
    assert_eq!(err.api().map(|a| a.body.as_str()), Some(echo), "the body is kept as sent");
    let printed = format!("{err} {err:?}");
    for secret in ["DC-SECRET", "UC-SECRET", "DV-SECRET", "LV-SECRET"] {
        assert!(!printed.contains(secret), "{secret} leaked: {printed}");
    }
}

/// v2's `url` members (`OAuth2RedirectTo::redirect_to`, the requests' `request_url`) hide the consent
/// verifier and ID token hint in `Debug`, as v1's do.
#[test]
fn v2_url_members_hide_verifiers_and_id_token_hints_from_debug() {
    use ory_hydra_v2_client::{OAuth2LoginRequest, OAuth2RedirectTo};
    let done = OAuth2RedirectTo::new("http://public/oauth2/auth?client_id=app&consent_verifier=CV-SECRET");
    let mut request = login_request();
    request["request_url"] = json!("http://public/oauth2/auth?client_id=app&prompt=none&id_token_hint=IDT-SECRET");
    let login: OAuth2LoginRequest = serde_json::from_value(request).unwrap();
    let printed = format!("{done:?} {login:?}");
    for secret in ["CV-SECRET", "IDT-SECRET"] {
        assert!(!printed.contains(secret), "{secret} leaked into Debug output: {printed}");
    }
    assert!(printed.contains("consent_verifier=<redacted>") && printed.contains("prompt=none"), "{printed}");
    assert!(login.request_url.ends_with("id_token_hint=IDT-SECRET"));
}

/// Dynamic registration takes the client id first and its registration access token second, in the
/// order of v1's `dynamic_client_registration_*` methods: a call ported from v1 with the new name must
/// reach the client it names and must not put the token in the URL.
#[tokio::test]
async fn dynamic_registration_takes_the_id_then_the_token_as_on_v1() {
    let server = MockServer::start_async().await;
    let get = server
        .mock_async(|when, then| {
            when.method(GET).path("/oauth2/register/app%201").header("authorization", "Bearer RAT-1");
            then.status(200).json_body(json!({"client_id": "app 1"}));
        })
        .await;
    let set = server
        .mock_async(|when, then| {
            when.method(PUT).path("/oauth2/register/app%201").header("authorization", "Bearer RAT-1");
            then.status(200).json_body(json!({"client_id": "app 1", "client_name": "renamed"}));
        })
        .await;
    let delete = server
        .mock_async(|when, then| {
            when.method(DELETE).path("/oauth2/register/app%201").header("authorization", "Bearer RAT-1");
            then.status(204);
        })
        .await;
    let hydra = Client::public_builder(server.base_url()).build().unwrap();
    assert_eq!(hydra.get_oidc_dynamic_client("app 1", "RAT-1").await.unwrap().client_id, "app 1");
    let renamed = OAuth2Client::new().with_client_name("renamed");
    assert_eq!(hydra.set_oidc_dynamic_client("app 1", "RAT-1", &renamed).await.unwrap().client_name, "renamed");
    hydra.delete_oidc_dynamic_client("app 1", "RAT-1").await.unwrap();
    for mock in [get, set, delete] {
        mock.assert_async().await;
    }
}

/// An Admin base URL that already ends in `/admin` sends every v2 Admin call to `/admin/admin/...`,
/// which Hydra answers with its HTML "route not found" page: the error says how to fix the URL. A
/// missing resource (Hydra's own error document) and a base URL without `/admin` get no such hint.
#[tokio::test]
async fn an_admin_base_url_ending_in_admin_is_named_in_the_404() {
    let server = MockServer::start_async().await;
    server
        .mock_async(|when, then| {
            when.path_prefix("/admin/admin/");
            then.status(404)
                .header("content-type", "text/html")
                .body("<!DOCTYPE html><title>404 - Route not found</title>");
        })
        .await;
    server
        .mock_async(|when, then| {
            when.path("/admin/clients/gone");
            then.status(404).json_body(json!({"error": "Not Found", "error_description": "no such client"}));
        })
        .await;
    // What Hydra v2.3.0 answers a JSON client for a route it does not have.
    let route = r#"{"error":{"code":404,"message":"Not Found","reason":"The requested route does not exist. Make sure you are using the right path, domain, and port."}}"#;
    server
        .mock_async(|when, then| {
            when.path_prefix("/json/admin/admin/");
            then.status(404).header("content-type", "application/json").body(route);
        })
        .await;
    let doubled = Client::new(&format!("{}/admin/", server.base_url())).unwrap();
    let err = doubled.get_o_auth2_client("app").await.unwrap_err();
    assert_eq!(err.status(), Some(StatusCode::NOT_FOUND), "{err:?}");
    assert!(err.to_string().contains("without it (http://127.0.0.1:4445, not http://127.0.0.1:4445/admin)"), "{err}");
    let doubled = Client::new(&format!("{}/json/admin", server.base_url())).unwrap();
    let err = doubled.delete_o_auth2_client("app").await.unwrap_err();
    // Hydra's router has no such route: that is not an answer about the client, which may well exist.
    assert!(!err.is_not_found() && err.status() == Some(StatusCode::NOT_FOUND), "{err:?}");
    let err = err.to_string();
    assert!(err.contains("hint: The requested route does not exist") && err.contains("without it"), "{err}");
    let right = client(&server).get_o_auth2_client("gone").await.unwrap_err();
    assert!(right.is_not_found() && !right.to_string().contains("Admin base URL"), "{right}");
    assert!(!right.to_string().contains("no /admin routes"), "{right}");
    // A server without `/admin` routes at all (a Hydra v1 answers herodot's route error there too).
    let v1 = Client::new(&format!("{}/json/", server.base_url())).unwrap();
    server
        .mock_async(|when, then| {
            when.path_prefix("/json/admin/clients");
            then.status(404).header("content-type", "application/json").body(route);
        })
        .await;
    let err = v1.get_o_auth2_client("app").await.unwrap_err().to_string();
    assert!(err.contains("no /admin routes") && err.contains("ory-hydra-v1-client"), "{err}");
}

/// Revocation takes RFC 7009's optional `token_type_hint`, as v1's does, and leaves it out when unset.
#[tokio::test]
async fn revocation_sends_the_token_type_hint_when_given() {
    use ory_hydra_v2_client::{ClientCredentials, RevokeOAuth2TokenParams};
    let server = MockServer::start_async().await;
    let hinted = server
        .mock_async(|when, then| {
            when.method(POST)
                .path("/oauth2/revoke")
                .form_urlencoded_tuple("token", "rt")
                .form_urlencoded_tuple("token_type_hint", "refresh_token");
            then.status(200);
        })
        .await;
    let plain = server
        .mock_async(|when, then| {
            when.method(POST)
                .path("/oauth2/revoke")
                .form_urlencoded_tuple("token", "at")
                .body_excludes("token_type_hint");
            then.status(200);
        })
        .await;
    let hydra = Client::public_builder(server.base_url()).build().unwrap();
    let creds = ClientCredentials::basic("app", "secret");
    let hint = RevokeOAuth2TokenParams::default().token_type_hint("refresh_token");
    hydra.revoke_o_auth2_token(&creds, "rt", hint).await.unwrap();
    hydra.revoke_o_auth2_token(&creds, "at", Default::default()).await.unwrap();
    hinted.assert_async().await;
    plain.assert_async().await;
}

/// A v2 client whose value sets hold named values, values this client does not know (a custom grant,
/// `client_secret_jwt`, `EdDSA`) and an empty string: each decodes to its variant or `Other`, and a
/// whole-client update sends every one back exactly as the server wrote it.
#[tokio::test]
async fn a_client_with_known_and_unknown_enum_values_round_trips_exactly() {
    use ory_hydra_v2_client::{GrantType, ResponseType, SigningAlgorithm, SubjectType, TokenEndpointAuthMethod};
    let stored = json!({
        "client_id": "app",
        "grant_types": [
            "authorization_code", "urn:ietf:params:oauth:grant-type:device_code",
            "urn:ietf:params:oauth:grant-type:jwt-bearer", "urn:example:custom", "Refresh_Token"
        ],
        "response_types": ["code id_token", "id_token code"],
        "subject_type": "",
        "token_endpoint_auth_method": "client_secret_jwt",
        "token_endpoint_auth_signing_alg": "EdDSA",
        "request_object_signing_alg": "",
        "userinfo_signed_response_alg": "none"
    });
    let server = MockServer::start_async().await;
    let get = server
        .mock_async(|when, then| {
            when.method(GET).path("/admin/clients/app");
            then.status(200).json_body(stored.clone());
        })
        .await;
    let put = server
        .mock_async(|when, then| {
            when.method(PUT).path("/admin/clients/app").json_body(stored.clone());
            then.status(200).json_body(stored.clone());
        })
        .await;
    let hydra = client(&server);
    let got = hydra.get_o_auth2_client("app").await.unwrap();
    assert_eq!(
        got.grant_types,
        [
            GrantType::AuthorizationCode,
            GrantType::DeviceCode,
            GrantType::JwtBearer,
            GrantType::Other("urn:example:custom".into()),
            GrantType::Other("Refresh_Token".into()),
        ]
    );
    assert_eq!(got.response_types, [ResponseType::CodeIdToken, ResponseType::Other("id_token code".into())]);
    assert_eq!(got.subject_type, Some(SubjectType::Other(String::new())));
    assert_eq!(got.token_endpoint_auth_method, Some(TokenEndpointAuthMethod::Other("client_secret_jwt".into())));
    assert_eq!(got.token_endpoint_auth_signing_alg, Some(SigningAlgorithm::Other("EdDSA".into())));
    assert_eq!(got.request_object_signing_alg, Some(SigningAlgorithm::Other(String::new())));
    assert_eq!(got.userinfo_signed_response_alg, Some(SigningAlgorithm::None));
    assert_eq!(serde_json::to_value(&got).unwrap(), stored, "encoding gives back what was decoded");
    let saved = hydra.set_o_auth2_client("app", &got).await.unwrap();
    get.assert_async().await;
    put.assert_async().await;
    assert_eq!(saved, got);
}

/// The enum members that were `string always` are optional now (an enum has no zero value): a client
/// without them decodes as `None` and goes back out without them, as a Go server wrote it.
#[test]
fn absent_enum_members_stay_absent() {
    let bare: OAuth2Client = serde_json::from_str(r#"{"client_id":"app"}"#).unwrap();
    assert_eq!((bare.subject_type.as_ref(), bare.token_endpoint_auth_method.as_ref()), (None, None));
    assert_eq!(bare.userinfo_signed_response_alg, None);
    assert!(bare.grant_types.is_empty() && bare.response_types.is_empty());
    assert_eq!(serde_json::to_string(&bare).unwrap(), r#"{"client_id":"app"}"#);
}

/// The token call sends a named grant type as its wire value and an unknown one unchanged.
#[tokio::test]
async fn the_token_call_sends_the_grant_types_wire_value() {
    use ory_hydra_v2_client::{ClientCredentials, GrantType, Oauth2TokenExchangeParams};
    let server = MockServer::start_async().await;
    let mut mocks = Vec::new();
    for (grant, scope) in
        [("urn:ietf:params:oauth:grant-type:jwt-bearer", "jwt"), ("urn:example:grant-type:custom", "custom")]
    {
        let mock = server
            .mock_async(|when, then| {
                when.method(POST)
                    .path("/oauth2/token")
                    .form_urlencoded_tuple("grant_type", grant)
                    .form_urlencoded_tuple("scope", scope);
                then.status(200).json_body(json!({"access_token": scope, "expires_in": 60, "token_type": "bearer"}));
            })
            .await;
        mocks.push(mock);
    }
    let hydra = Client::public_builder(server.base_url()).build().unwrap();
    let creds = ClientCredentials::basic("svc", "svc-secret");
    let params = |scope: &str| Oauth2TokenExchangeParams::default().assertion("a.b.c").scope(scope);
    let named = hydra.oauth2_token_exchange(&creds, GrantType::JwtBearer, params("jwt")).await.unwrap();
    let custom = GrantType::from("urn:example:grant-type:custom");
    assert_eq!(custom, GrantType::Other("urn:example:grant-type:custom".into()));
    let other = hydra.oauth2_token_exchange(&creds, custom, params("custom")).await.unwrap();
    assert_eq!((named.access_token.as_str(), other.access_token.as_str()), ("jwt", "custom"));
    for mock in &mocks {
        mock.assert_async().await;
    }
}
