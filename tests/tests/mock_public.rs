//! Public API operations and models against httpmock: which side each request goes to, which
//! credentials it carries, and what is decoded.

mod common;

use common::{answer, builder, builder_for_redirects, client, json, Recorder, Seen, BASIC};
use httpmock::prelude::*;
use ory_hydra_v1_client::{
    Client, ClientCredentials, Cookies, DisconnectUserParams, GrantType, HealthNotReadyStatus, OAuth2Client,
    Oauth2TokenParams, Oauth2TokenResponse, OauthAuthParams, PatchDocument, PatchOperation, RevokeOAuth2TokenParams,
    StatusCode, UserinfoResponse, WellKnown,
};
use serde_json::json;

#[test]
fn the_token_response_decodes_and_hides_its_tokens() {
    let t: Oauth2TokenResponse = serde_json::from_value(json!({
        "access_token": "ory_at_secret-access", "refresh_token": "ory_rt_secret-refresh", "id_token": "eyJ.secret-id.sig",
        "expires_in": 3599, "scope": "openid offline", "token_type": "bearer"
    }))
    .unwrap();
    assert_eq!(t.access_token, "ory_at_secret-access");
    assert_eq!(t.refresh_token.as_deref(), Some("ory_rt_secret-refresh"));
    assert_eq!(t.id_token.as_deref(), Some("eyJ.secret-id.sig"));
    assert_eq!((t.expires_in, t.scope.as_str(), t.token_type.as_str()), (3599, "openid offline", "bearer"));
    assert!(t.extra.is_empty());
    let printed = format!("{t:?}");
    assert!(!printed.contains("secret"), "{printed}");
}

#[test]
fn the_discovery_document_decodes_with_its_required_members() {
    let doc: WellKnown = serde_json::from_value(answer(
        "WellKnown",
        json!({
            "issuer": "http://127.0.0.1:4444/",
            "authorization_endpoint": "http://127.0.0.1:4444/oauth2/auth",
            "token_endpoint": "http://127.0.0.1:4444/oauth2/token",
            "jwks_uri": "http://127.0.0.1:4444/.well-known/jwks.json",
            "subject_types_supported": ["public", "pairwise"],
            "response_types_supported": ["code", "code id_token"],
            "id_token_signing_alg_values_supported": ["RS256"],
            "registration_endpoint": "http://127.0.0.1:4444/oauth2/register",
            "backchannel_logout_supported": true,
            "request_object_signing_alg_values_supported": null,
            "some_future_member": 1
        }),
    ))
    .unwrap();
    assert_eq!(doc.issuer, "http://127.0.0.1:4444/");
    assert_eq!(doc.subject_types_supported, ["public", "pairwise"]);
    assert_eq!(doc.registration_endpoint.as_deref(), Some("http://127.0.0.1:4444/oauth2/register"));
    assert_eq!(doc.request_object_signing_alg_values_supported, None);
    assert!(doc.backchannel_logout_supported);
    assert_eq!(doc.extra.len(), 1, "unknown members are kept: {:?}", doc.extra);
    let missing = serde_json::from_value::<WellKnown>(json!({"issuer": "x"})).unwrap_err();
    assert!(missing.to_string().contains("missing field"), "{missing}");
}

#[test]
fn userinfo_keeps_standard_claims_typed_and_the_rest_raw() {
    let info: UserinfoResponse = serde_json::from_value(json!({
        "sub": "alice", "email": "a@example.com", "email_verified": true, "updated_at": 1700000000,
        "role": "admin", "groups": ["a", "b"], "big": 12345678901234567890u64
    }))
    .unwrap();
    assert_eq!(info.sub, "alice");
    assert_eq!(info.email_verified, Some(true));
    assert_eq!(info.updated_at, Some(1_700_000_000));
    assert_eq!(info.extra.len(), 3, "{:?}", info.extra);
    assert_eq!(info.extra.get("groups"), Some(json!(["a", "b"])));
    assert_eq!(serde_json::to_value(&info).unwrap()["big"], json!(12345678901234567890u64));
}

// --- which side each request goes to, and with which credentials ------------------------------------------

/// An Admin and a Public server, and a client for both with admin credentials and a gateway header that
/// must never reach the Public side.
struct TwoSides {
    admin: MockServer,
    public: MockServer,
    admin_seen: Recorder,
    hydra: Client,
}

async fn two_sides() -> TwoSides {
    let admin = MockServer::start_async().await;
    let public = MockServer::start_async().await;
    let admin_seen = Recorder::new();
    // Anything reaching the Admin server is recorded (and would fail the test).
    admin
        .mock_async(|_, then| {
            then.respond_with(admin_seen.respond(500, &[], "admin server must not be called"));
        })
        .await;
    let hydra = builder_for_redirects(admin.base_url())
        .public_url(public.base_url())
        .basic_auth("admin", Some("hunter2"))
        .default_header("X-Gateway-Key", "gateway-secret")
        .build()
        .unwrap();
    TwoSides { admin, public, admin_seen, hydra }
}

/// No admin credential or admin header in a request that went to the Public server.
fn assert_no_admin_secrets(seen: &Seen) {
    assert!(!seen.header("authorization").contains(&BASIC), "admin credentials on the Public side: {seen:#?}");
    assert!(seen.header("x-gateway-key").is_empty(), "admin header on the Public side: {seen:#?}");
    let raw = format!("{seen:?}");
    assert!(!raw.contains("hunter2") && !raw.contains("gateway-secret"), "{raw}");
}

fn basic(id: &str, secret: &str) -> String {
    use base64::Engine as _;
    format!("Basic {}", base64::engine::general_purpose::STANDARD.encode(format!("{id}:{secret}")))
}

#[tokio::test]
async fn every_public_operation_goes_to_the_public_url_with_only_its_own_credentials() {
    let t = two_sides().await;
    let rec = Recorder::new();
    let ok_json = |path: &'static str, body: serde_json::Value| {
        let rec = rec.clone();
        let server = &t.public;
        async move {
            server
                .mock_async(|when, then| {
                    when.path(path);
                    then.respond_with(rec.respond(200, &[], json(body)));
                })
                .await;
        }
    };
    let well_known = answer("WellKnown", json!({"issuer": "i", "authorization_endpoint": "a", "token_endpoint": "t"}));
    ok_json("/.well-known/openid-configuration", well_known).await;
    ok_json("/.well-known/jwks.json", json!({"keys": []})).await;
    ok_json("/health/ready", json!({"status": "ok"})).await;
    ok_json("/oauth2/token", answer("Oauth2TokenResponse", json!({"access_token": "at", "token_type": "bearer"})))
        .await;
    ok_json("/oauth2/revoke", json!({})).await;
    ok_json("/userinfo", json!({"sub": "alice"})).await;
    ok_json("/oauth2/register", json!({"client_id": "dyn", "registration_access_token": "rat"})).await;
    ok_json("/oauth2/register/dyn", json!({"client_id": "dyn"})).await;
    for path in ["/oauth2/auth", "/oauth2/sessions/logout"] {
        let rec = rec.clone();
        t.public
            .mock_async(|when, then| {
                when.path(path);
                then.respond_with(rec.respond(
                    302,
                    &[("location", "http://127.0.0.1:4999/login?login_challenge=c")],
                    "",
                ));
            })
            .await;
    }

    let h = &t.hydra;
    let mut jar = Cookies::new();
    let creds = ClientCredentials::basic("app", "app-secret");
    h.discover_open_id_configuration().await.unwrap();
    h.well_known().await.unwrap();
    h.is_instance_ready().await.unwrap();
    h.oauth_auth(&mut jar, "app", "code", OauthAuthParams::default()).await.unwrap();
    h.oauth2_token(&creds, GrantType::ClientCredentials, Oauth2TokenParams::default()).await.unwrap();
    h.revoke_o_auth2_token(&creds, "at", RevokeOAuth2TokenParams::default()).await.unwrap();
    h.disconnect_user(&mut jar, DisconnectUserParams::default()).await.unwrap();
    h.userinfo("user-access-token").await.unwrap();
    h.dynamic_client_registration_create_o_auth2_client(&OAuth2Client::new()).await.unwrap();
    h.dynamic_client_registration_get_o_auth2_client("dyn", "registration-token").await.unwrap();
    h.dynamic_client_registration_update_o_auth2_client("dyn", "registration-token", &OAuth2Client::new())
        .await
        .unwrap();
    h.dynamic_client_registration_delete_o_auth2_client("dyn", "registration-token").await.unwrap();

    assert!(t.admin_seen.seen().is_empty(), "Public operations reached the Admin server: {:#?}", t.admin_seen.seen());
    let seen = rec.seen();
    assert_eq!(seen.len(), 12);
    let app = basic("app", "app-secret");
    for s in &seen {
        assert_no_admin_secrets(s);
        let expected: Vec<&str> = match s.path() {
            "/oauth2/token" | "/oauth2/revoke" => vec![app.as_str()],
            "/userinfo" => vec!["Bearer user-access-token"],
            "/oauth2/register/dyn" => vec!["Bearer registration-token"],
            _ => vec![],
        };
        assert_eq!(s.header("authorization"), expected, "{} {}", s.method, s.path());
    }
    drop(t.admin);
}

#[tokio::test]
async fn admin_operations_go_to_the_admin_url_and_refuse_public_credentials() {
    let admin = MockServer::start_async().await;
    let public = MockServer::start_async().await;
    let public_seen = Recorder::new();
    public
        .mock_async(|_, then| {
            then.respond_with(public_seen.respond(500, &[], "public server must not be called"));
        })
        .await;
    let admin_seen = Recorder::new();
    admin
        .mock_async(|when, then| {
            when.path("/clients/x");
            then.respond_with(admin_seen.respond(200, &[], json(json!({"client_id": "x"}))));
        })
        .await;
    let hydra =
        builder(admin.base_url()).public_url(public.base_url()).basic_auth("admin", Some("hunter2")).build().unwrap();
    hydra.get_o_auth2_client("x").await.unwrap();
    assert_eq!(admin_seen.single().header("authorization"), [BASIC]);

    // The runtime refuses to put a client secret or a token on an Admin request, before sending.
    use ory_hydra_v1_client::__rt::Call;
    let get_client = Client::operation("get_o_auth2_client").unwrap();
    let mut call = Call::new(&hydra, get_client);
    call.path("/clients/x");
    call.client_credentials(&ClientCredentials::post("app", "app-secret"));
    let err = call.send_unit().await.unwrap_err();
    assert!(err.is_invalid_input() && err.to_string().contains("only sent to the Public API"), "{err}");
    assert!(!format!("{err:?}").contains("app-secret"));
    let mut call = Call::new(&hydra, get_client);
    call.bearer("access-token");
    assert!(call.send_unit().await.unwrap_err().is_invalid_input());
    assert_eq!(admin_seen.seen().len(), 1, "nothing more was sent");
    assert!(public_seen.seen().is_empty(), "{:#?}", public_seen.seen());
}

#[tokio::test]
async fn a_side_without_a_url_fails_before_sending() {
    let server = MockServer::start_async().await;
    let rec = Recorder::new();
    server
        .mock_async(|_, then| {
            then.respond_with(rec.respond(200, &[], json(json!({"status": "ok"}))));
        })
        .await;
    let admin_only = builder(server.base_url()).basic_auth("admin", Some("hunter2")).build().unwrap();
    let err = admin_only.is_instance_ready().await.unwrap_err();
    assert!(err.is_invalid_input() && err.to_string().contains("no Public base URL"), "{err}");
    // The way out it names is one the caller has: `Client`'s, not the runtime's `Core`.
    assert!(err.to_string().contains("ClientBuilder::public_url or Client::public_builder"), "{err}");
    let public_only = Client::public_builder(server.base_url()).build().unwrap();
    let err = public_only.is_instance_alive().await.unwrap_err();
    assert!(err.is_invalid_input() && err.to_string().contains("no Admin base URL"), "{err}");
    assert!(rec.seen().is_empty());
    // The same URL for both sides is allowed (a gateway); the admin credentials still stay on Admin calls.
    let both =
        builder(server.base_url()).public_url(server.base_url()).basic_auth("admin", Some("hunter2")).build().unwrap();
    both.is_instance_ready().await.unwrap();
    both.is_instance_alive().await.unwrap();
    let seen = rec.seen();
    assert_eq!(seen[0].header("authorization"), Vec::<&str>::new());
    assert_eq!(seen[1].header("authorization"), [BASIC]);
}

// --- the token endpoint: the three ways a client authenticates ------------------------------------------------

async fn token_server() -> (MockServer, Recorder) {
    let server = MockServer::start_async().await;
    let rec = Recorder::new();
    server
        .mock_async(|when, then| {
            when.method(POST).path("/oauth2/token");
            then.respond_with(rec.respond(
                200,
                &[],
                json(json!({"access_token": "at", "refresh_token": "rt", "id_token": "it", "expires_in": 3600,
                    "scope": "openid offline", "token_type": "bearer"})),
            ));
        })
        .await;
    (server, rec)
}

#[tokio::test]
async fn client_secret_basic_form_encodes_id_and_secret_in_the_header() {
    let (server, rec) = token_server().await;
    let hydra = Client::public_builder(server.base_url()).build().unwrap();
    let creds = ClientCredentials::basic("app:1/é", "s3cr3t +&=:");
    let t = hydra
        .oauth2_token(
            &creds,
            GrantType::AuthorizationCode,
            Oauth2TokenParams::default().code("the code").redirect_uri("http://app/cb?x=1"),
        )
        .await
        .unwrap();
    assert_eq!(
        (t.access_token.as_str(), t.refresh_token.as_deref(), t.id_token.as_deref()),
        ("at", Some("rt"), Some("it"))
    );
    assert_eq!((t.expires_in, t.scope.as_str(), t.token_type.as_str()), (3600, "openid offline", "bearer"));
    let seen = rec.single();
    // RFC 6749 2.3.1: each part form-encoded, then joined with `:` and base64-encoded.
    assert_eq!(seen.header("authorization"), [basic("app%3A1%2F%C3%A9", "s3cr3t+%2B%26%3D%3A").as_str()]);
    assert_eq!(seen.header("content-type"), ["application/x-www-form-urlencoded"]);
    assert_eq!(
        seen.body_text(),
        "grant_type=authorization_code&code=the+code&redirect_uri=http%3A%2F%2Fapp%2Fcb%3Fx%3D1"
    );
}

#[tokio::test]
async fn client_secret_post_and_public_clients_send_the_id_in_the_form() {
    let (server, rec) = token_server().await;
    let hydra = Client::public_builder(server.base_url()).build().unwrap();
    hydra
        .oauth2_token(
            &ClientCredentials::post("app", "s&cret"),
            GrantType::RefreshToken,
            Oauth2TokenParams::default().refresh_token("rt").scope("openid"),
        )
        .await
        .unwrap();
    hydra
        .oauth2_token(
            &ClientCredentials::public("spa"),
            GrantType::AuthorizationCode,
            Oauth2TokenParams::default().code("c").code_verifier("v"),
        )
        .await
        .unwrap();
    hydra
        .oauth2_token(
            &ClientCredentials::basic("svc", "pw"),
            GrantType::JwtBearer,
            Oauth2TokenParams::default().assertion("eyJ.x.y").scope("read").audience("api"),
        )
        .await
        .unwrap();
    let seen = rec.seen();
    assert!(seen[0].header("authorization").is_empty());
    assert_eq!(
        seen[0].body_text(),
        "client_id=app&client_secret=s%26cret&grant_type=refresh_token&refresh_token=rt&scope=openid"
    );
    assert!(seen[1].header("authorization").is_empty());
    assert_eq!(seen[1].body_text(), "client_id=spa&grant_type=authorization_code&code=c&code_verifier=v");
    assert_eq!(
        seen[2].body_text(),
        "grant_type=urn%3Aietf%3Aparams%3Aoauth%3Agrant-type%3Ajwt-bearer&scope=read&audience=api&assertion=eyJ.x.y"
    );
}

#[tokio::test]
async fn a_rejected_token_request_is_an_api_error_without_the_secret() {
    let server = MockServer::start_async().await;
    server
        .mock_async(|when, then| {
            when.path("/oauth2/token");
            then.status(401).body(r#"{"error":"invalid_client","error_description":"Client authentication failed"}"#);
        })
        .await;
    let hydra = Client::public_builder(server.base_url()).build().unwrap();
    let err = hydra
        .oauth2_token(&ClientCredentials::post("app", "wrong-secret"), GrantType::ClientCredentials, Default::default())
        .await
        .unwrap_err();
    assert_eq!(err.status(), Some(StatusCode::UNAUTHORIZED));
    assert_eq!(err.api().and_then(|a| a.error.as_ref()).map(|e| e.error.as_str()), Some("invalid_client"));
    for printed in [format!("{err}"), format!("{err:?}")] {
        assert!(!printed.contains("wrong-secret"), "{printed}");
    }
}

#[tokio::test]
async fn a_token_that_cannot_be_a_header_is_refused_without_showing_it() {
    let server = MockServer::start_async().await;
    let hydra = Client::public_builder(server.base_url()).build().unwrap();
    let err = hydra.userinfo("tok\r\nX-Evil: 1").await.unwrap_err();
    assert!(err.is_invalid_input(), "{err}");
    assert!(!format!("{err} {err:?}").contains("Evil"), "{err:?}");
}

#[tokio::test]
async fn revoke_sends_the_token_and_hint_in_the_form() {
    let server = MockServer::start_async().await;
    let rec = Recorder::new();
    server
        .mock_async(|when, then| {
            when.method(POST).path("/oauth2/revoke");
            then.respond_with(rec.respond(200, &[], ""));
        })
        .await;
    let hydra = Client::public_builder(server.base_url()).build().unwrap();
    hydra
        .revoke_o_auth2_token(
            &ClientCredentials::basic("app", "pw"),
            "rt+/=",
            RevokeOAuth2TokenParams::default().token_type_hint("refresh_token"),
        )
        .await
        .unwrap();
    let seen = rec.single();
    assert_eq!(seen.body_text(), "token=rt%2B%2F%3D&token_type_hint=refresh_token");
    assert_eq!(seen.header("authorization"), [basic("app", "pw").as_str()]);
}

// --- redirects ------------------------------------------------------------------------------------------------

#[tokio::test]
async fn oauth_auth_returns_the_redirect_and_keeps_the_cookies() {
    let server = MockServer::start_async().await;
    let rec = Recorder::new();
    server
        .mock_async(|when, then| {
            when.method(GET).path("/oauth2/auth").query_param_missing("login_verifier");
            then.respond_with(rec.respond(
                302,
                &[
                    ("location", "http://127.0.0.1:4999/login?login_challenge=ch%2F1"),
                    ("set-cookie", "oauth2_authentication_csrf=csrf-1; Path=/; HttpOnly"),
                    ("set-cookie", "other=o; Path=/"),
                ],
                "",
            ));
        })
        .await;
    server
        .mock_async(|when, then| {
            when.method(GET).path("/oauth2/auth").query_param_exists("login_verifier");
            then.respond_with(rec.respond(303, &[("location", "/oauth2/next?consent_challenge=cc")], ""));
        })
        .await;
    let hydra = Client::public_builder(server.base_url()).build().unwrap();
    let mut jar = Cookies::new();
    let r = hydra
        .oauth_auth(
            &mut jar,
            "app",
            "code",
            OauthAuthParams::default().scope("openid offline").state("state-123456").redirect_uri("http://app/cb"),
        )
        .await
        .unwrap();
    assert_eq!(r.status, StatusCode::FOUND);
    assert_eq!(r.query_param("login_challenge").as_deref(), Some("ch/1"));
    assert_eq!(r.set_cookies.len(), 2);
    assert_eq!(jar.get("oauth2_authentication_csrf"), Some("csrf-1"));
    let first = rec.seen()[0].clone();
    assert_eq!(
        first.query(),
        "client_id=app&response_type=code&redirect_uri=http%3A%2F%2Fapp%2Fcb&scope=openid+offline&state=state-123456"
    );
    assert!(first.header("cookie").is_empty());

    let r = hydra.oauth_auth(&mut jar, "app", "code", OauthAuthParams::default().login_verifier("lv")).await.unwrap();
    // A relative Location is resolved against the request URL.
    assert_eq!(r.location.as_str(), format!("{}/oauth2/next?consent_challenge=cc", server.base_url()));
    assert_eq!(rec.seen()[1].header("cookie"), ["oauth2_authentication_csrf=csrf-1; other=o"]);
}

#[tokio::test]
async fn a_redirect_operation_answered_without_a_redirect_is_an_error() {
    let server = MockServer::start_async().await;
    server
        .mock_async(|when, then| {
            when.path("/oauth2/sessions/logout");
            then.status(200).body("<html>logged out</html>");
        })
        .await;
    server
        .mock_async(|when, then| {
            when.path("/oauth2/auth");
            then.status(400).body(r#"{"error":"invalid_request"}"#);
        })
        .await;
    let hydra = Client::public_builder(server.base_url()).build().unwrap();
    let mut jar = Cookies::new();
    let err = hydra.disconnect_user(&mut jar, Default::default()).await.unwrap_err();
    assert!(err.is_decode(), "{err:?}");
    assert!(format!("{err:?}").contains("expected a redirect"), "{err:?}");
    let err = hydra.oauth_auth(&mut jar, "app", "code", Default::default()).await.unwrap_err();
    assert_eq!(err.status(), Some(StatusCode::BAD_REQUEST));
    assert!(err.is_api());
}

#[tokio::test]
async fn follow_continues_on_the_public_url_and_refuses_other_hosts() {
    let server = MockServer::start_async().await;
    let rec = Recorder::new();
    server
        .mock_async(|when, then| {
            when.method(GET).path("/oauth2/auth").query_param("login_verifier", "v 1");
            then.respond_with(rec.respond(
                302,
                &[("location", "http://127.0.0.1:4999/consent?consent_challenge=cc")],
                "",
            ));
        })
        .await;
    let hydra = Client::public_builder(server.base_url()).build().unwrap();
    let mut jar = Cookies::new();
    jar.store("oauth2_authentication_csrf=csrf-1");
    let url = format!("{}/oauth2/auth?client_id=app&login_verifier=v+1", server.base_url());
    let r = hydra.follow(&url, &mut jar).await.unwrap();
    assert_eq!(r.query_param("consent_challenge").as_deref(), Some("cc"));
    let seen = rec.single();
    assert_eq!(seen.uri, "/oauth2/auth?client_id=app&login_verifier=v+1");
    assert_eq!(seen.header("cookie"), ["oauth2_authentication_csrf=csrf-1"]);

    for elsewhere in ["http://127.0.0.1:4999/cb?code=c", "https://evil.example/oauth2/auth"] {
        let err = hydra.follow(elsewhere, &mut jar).await.unwrap_err();
        assert!(err.is_invalid_input(), "{err}");
    }
    assert_eq!(rec.seen().len(), 1, "nothing was sent to other hosts");
}

// --- typed answers and bodies -----------------------------------------------------------------------------------

#[tokio::test]
async fn patch_o_auth2_client_sends_a_json_patch_array() {
    let server = MockServer::start_async().await;
    let rec = Recorder::new();
    server
        .mock_async(|when, then| {
            when.method(PATCH).path("/clients/app%201%3F");
            then.respond_with(rec.respond(200, &[], json(json!({"client_id": "app 1?", "client_name": "new"}))));
        })
        .await;
    let patch = [
        PatchDocument::new("replace", "/client_name").with_value(json!("new")),
        PatchDocument::new("add", "/redirect_uris/-").with_value(json!("http://app/cb2")),
        PatchDocument::new("remove", "/metadata/tier"),
        PatchDocument::new("copy", "/owner").with_from("/client_name"),
    ];
    let c = client(&server).patch_o_auth2_client("app 1?", &patch).await.unwrap();
    assert_eq!(c.client_name, "new");
    let seen = rec.single();
    assert_eq!(seen.header("authorization"), [BASIC]);
    assert_eq!(
        seen.body_json(),
        json!([
            {"op": "replace", "path": "/client_name", "value": "new"},
            {"op": "add", "path": "/redirect_uris/-", "value": "http://app/cb2"},
            {"op": "remove", "path": "/metadata/tier"},
            {"op": "copy", "path": "/owner", "from": "/client_name"}
        ])
    );
}

#[test]
fn patch_operations_are_a_typed_enum_that_keeps_unknown_ones() {
    assert_eq!(PatchDocument::new("replace", "/x").op, PatchOperation::Replace);
    assert_eq!(PatchDocument::new(PatchOperation::Test, "/x").op.as_str(), "test");
    let d: PatchDocument = serde_json::from_value(json!({"op": "merge", "path": "/x"})).unwrap();
    assert_eq!(d.op, PatchOperation::Other("merge".into()));
    assert_eq!(serde_json::to_value(&d).unwrap(), json!({"op": "merge", "path": "/x"}));
    assert!(serde_json::from_value::<PatchDocument>(json!({"path": "/x"})).is_err(), "op is required");
}

#[tokio::test]
async fn dynamic_registration_manages_a_client_with_its_registration_token() {
    let server = MockServer::start_async().await;
    let rec = Recorder::new();
    server
        .mock_async(|when, then| {
            when.method(POST).path("/oauth2/register");
            then.respond_with(rec.respond(
                201,
                &[],
                json(json!({"client_id": "dyn 1#", "client_secret": "sec", "registration_access_token": "ory_at_rat",
                    "registration_client_uri": "http://public/oauth2/register/dyn%201%23"})),
            ));
        })
        .await;
    server
        .mock_async(|when, then| {
            when.path("/oauth2/register/dyn%201%23");
            then.respond_with(rec.respond(200, &[], json(json!({"client_id": "dyn 1#", "client_name": "n"}))));
        })
        .await;
    let hydra = Client::public_builder(server.base_url()).build().unwrap();
    let created = hydra
        .dynamic_client_registration_create_o_auth2_client(&OAuth2Client::new().with_client_name("n"))
        .await
        .unwrap();
    let token = created.registration_access_token.clone().unwrap();
    let id = created.client_id.clone();
    assert!(!format!("{created:?}").contains("ory_at_rat"));
    hydra.dynamic_client_registration_get_o_auth2_client(&id, &token).await.unwrap();
    hydra
        .dynamic_client_registration_update_o_auth2_client(&id, &token, &OAuth2Client::new().with_client_name("n2"))
        .await
        .unwrap();
    hydra.dynamic_client_registration_delete_o_auth2_client(&id, &token).await.unwrap();
    let seen = rec.seen();
    let methods: Vec<&str> = seen.iter().map(|s| s.method.as_str()).collect();
    assert_eq!(methods, ["POST", "GET", "PUT", "DELETE"]);
    assert!(seen[0].header("authorization").is_empty());
    assert_eq!(seen[0].body_json(), json!({"client_name": "n"}));
    for s in &seen[1..] {
        assert_eq!(s.header("authorization"), ["Bearer ory_at_rat"]);
    }
    assert_eq!(seen[2].body_json(), json!({"client_name": "n2"}));
}

#[tokio::test]
async fn discovery_jwks_userinfo_and_readiness_decode() {
    let server = MockServer::start_async().await;
    server
        .mock_async(|when, then| {
            when.path("/.well-known/jwks.json");
            then.status(200)
                .body(r#"{"keys":[{"kid":"public:k","kty":"RSA","alg":"RS256","use":"sig","n":"nn","e":"AQAB"}]}"#);
        })
        .await;
    server
        .mock_async(|when, then| {
            when.path("/userinfo").header("authorization", "Bearer at");
            then.status(200).body(r#"{"sub":"alice","email":"a@x","role":"admin"}"#);
        })
        .await;
    server
        .mock_async(|when, then| {
            when.path("/health/ready");
            then.status(503).body(r#"{"errors":{"database":"down"}}"#);
        })
        .await;
    let hydra = Client::public_builder(server.base_url()).build().unwrap();
    let keys = hydra.well_known().await.unwrap().keys.unwrap();
    assert_eq!((keys[0].kid.as_str(), keys[0].n.as_deref()), ("public:k", Some("nn")));
    let info = hydra.userinfo("at").await.unwrap();
    assert_eq!((info.sub.as_str(), info.email.as_deref()), ("alice", Some("a@x")));
    assert_eq!(info.extra.get("role"), Some(json!("admin")));
    let err = hydra.is_instance_ready().await.unwrap_err();
    assert_eq!(err.status(), Some(StatusCode::SERVICE_UNAVAILABLE));
    let not_ready: HealthNotReadyStatus = serde_json::from_str(&err.api().unwrap().body).unwrap();
    assert_eq!(not_ready.errors.unwrap().get("database"), Some(json!("down")));
}

/// A view's headers belong to a side, like default headers, and never stand in for an operation's own
/// credentials: `Authorization`, `Proxy-Authorization` and `Cookie` are refused, and a Public call keeps
/// its client credentials or bearer token while an Admin-side view header stays on the Admin side.
#[tokio::test]
async fn view_headers_stay_on_their_side_and_never_replace_a_calls_credentials() {
    let (admin, public) = (MockServer::start_async().await, MockServer::start_async().await);
    let (admin_seen, public_seen) = (Recorder::new(), Recorder::new());
    admin
        .mock_async(|when, then| {
            when.any_request();
            then.respond_with(admin_seen.respond(200, &[], json(json!({"client_id": "x"}))));
        })
        .await;
    public
        .mock_async(|when, then| {
            when.any_request();
            then.respond_with(public_seen.respond(
                200,
                &[],
                json(answer("Oauth2TokenResponse", json!({"access_token": "at", "sub": "u"}))),
            ));
        })
        .await;
    let hydra =
        builder(admin.base_url()).public_url(public.base_url()).basic_auth("admin", Some("hunter2")).build().unwrap();
    for name in ["Authorization", "authorization", "Proxy-Authorization", "Cookie"] {
        let err = hydra.with_header(name, "Bearer ADMIN").unwrap_err();
        assert!(err.is_invalid_input() && err.to_string().contains("own credentials"), "{name}: {err}");
        assert!(!format!("{err} {err:?}").contains("ADMIN"), "{err:?}");
        assert!(hydra.with_public_header(name, "Bearer ADMIN").unwrap_err().is_invalid_input(), "{name}");
    }
    let view =
        hydra.with_header("X-Gateway-Route", "admin-only").unwrap().with_public_header("X-Request-Id", "r1").unwrap();
    let creds = ClientCredentials::basic("cid", "S");
    view.oauth2_token(&creds, GrantType::ClientCredentials, Oauth2TokenParams::default()).await.unwrap();
    view.userinfo("user-token").await.unwrap();
    view.get_o_auth2_client("x").await.unwrap();
    let public_requests = public_seen.seen();
    assert_eq!(public_requests.len(), 2);
    assert_eq!(public_requests[0].header("authorization"), ["Basic Y2lkOlM="], "client credentials kept");
    assert_eq!(public_requests[1].header("authorization"), ["Bearer user-token"], "the user's token kept");
    for seen in &public_requests {
        assert_eq!(seen.header("x-request-id"), ["r1"], "{seen:#?}");
        assert!(seen.header("x-gateway-route").is_empty(), "an Admin-side header crossed: {seen:#?}");
    }
    let admin_request = admin_seen.single();
    assert_eq!(admin_request.header("authorization"), [BASIC]);
    assert_eq!(admin_request.header("x-gateway-route"), ["admin-only"]);
    assert!(admin_request.header("x-request-id").is_empty(), "a Public-side header crossed: {admin_request:#?}");
}

#[tokio::test]
async fn the_jar_honours_each_cookie_scope_and_stays_with_its_server() {
    // Issue 24: the jar sent a Secure cookie over http, kept cookies for other domains and paths, and a
    // jar reused with another client sent its cookies to another port.
    let server = MockServer::start_async().await;
    let other = MockServer::start_async().await;
    let rec = Recorder::new();
    let set = [
        ("set-cookie", "kept=k; Path=/"),
        ("set-cookie", "secure=s; Secure; Path=/"),
        ("set-cookie", "evil=e; Domain=evil.example; Path=/"),
        ("set-cookie", "elsewhere=p; Path=/other"),
        ("set-cookie", "__Host-h=1; Path=/"),
        ("location", "/next"),
    ];
    server
        .mock_async(|when, then| {
            when.method(GET).path("/oauth2/auth");
            then.respond_with(rec.respond(302, &set, ""));
        })
        .await;
    let elsewhere = other
        .mock_async(|when, then| {
            when.any_request();
            then.status(302).header("location", "/x");
        })
        .await;
    let hydra = Client::public_builder(server.base_url()).build().unwrap();
    let mut jar = Cookies::new();
    hydra.oauth_auth(&mut jar, "app", "code", OauthAuthParams::default()).await.unwrap();
    assert_eq!(jar.get("kept"), Some("k"));
    assert_eq!(jar.get("elsewhere"), Some("p"), "stored, for its own path");
    for ignored in ["secure", "evil", "__Host-h"] {
        assert_eq!(jar.get(ignored), None, "{ignored} stored from an http answer for {}", server.base_url());
    }
    jar.store("by-hand=1; Secure");
    hydra.oauth_auth(&mut jar, "app", "code", OauthAuthParams::default()).await.unwrap();
    assert_eq!(rec.seen()[1].header("cookie"), ["kept=k"], "only what is in scope for http://.../oauth2/auth");

    // The same jar with a client for another port: refused before sending.
    let stranger = Client::public_builder(other.base_url()).build().unwrap();
    let err = stranger.oauth_auth(&mut jar, "app", "code", OauthAuthParams::default()).await.unwrap_err();
    assert!(err.is_invalid_input() && err.to_string().contains("cookie jar belongs to"), "{err}");
    let err = stranger.follow("/oauth2/auth", &mut jar).await.unwrap_err();
    assert!(err.is_invalid_input(), "{err}");
    elsewhere.assert_calls_async(0).await;
}

#[tokio::test]
async fn follow_judges_the_path_after_decoding_and_refuses_escaped_separators() {
    // Issue 24: `/pub/..%2f..%2fadmin/clients` passed the check that the URL is under the Public base URL.
    let server = MockServer::start_async().await;
    let any = server
        .mock_async(|when, then| {
            when.any_request();
            then.status(302).header("location", "/x");
        })
        .await;
    let hydra = Client::public_builder(format!("{}/pub/", server.base_url())).build().unwrap();
    let mut jar = Cookies::new();
    jar.store("session=s");
    for escape in [
        "/pub/..%2f..%2fadmin/clients",
        "/pub/..%2F..%2Fadmin",
        "/pub/x%5c..%5c..%5cadmin",
        "/pub/%2e%2e/admin",
        "/pub/.%2e/admin",
        "/pub/../admin",
        "../admin/clients",
    ] {
        let err = hydra.follow(escape, &mut jar).await.unwrap_err();
        assert!(err.is_invalid_input(), "{escape}: {err}");
    }
    any.assert_calls_async(0).await;
    // A plain path under the base URL still goes.
    hydra.follow("/pub/oauth2/auth?x=1", &mut jar).await.unwrap();
    any.assert_calls_async(1).await;
}
