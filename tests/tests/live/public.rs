//! The Public API through ory-hydra-v1-client's own methods against a real Hydra: the browser steps of
//! the authorization code flow (`oauth_auth`, `follow`), the token endpoint with every way a client
//! authenticates, refresh, revocation, userinfo, discovery, JWKS, dynamic client registration, and the
//! newer Admin operations that act on tokens (patch, lifespans, delete tokens, trusted JWT issuers with
//! a jwt-bearer grant, revoke-all consents).

use std::time::{Duration, SystemTime, UNIX_EPOCH};

use ory_hydra_v1_client::{
    AcceptConsentRequest, AcceptLoginRequest, Client, ClientCredentials, ConsentRequestSession, Cookies, DateTime,
    GrantType, IntrospectOAuth2TokenParams, JsonWebKey, OAuth2Client, Oauth2TokenParams, OauthAuthParams,
    PatchDocument, RevokeConsentSessionsParams, RevokeOAuth2TokenParams, TrustJwtGrantIssuerBody,
    UpdateOAuth2ClientLifespans,
};
use serde_json::json;

use crate::es256::Es256;
use crate::support::{self, live, obj, unique, DeleteOnPanic, Live, REDIRECT_URI};

/// ory-hydra-v1-client on both of the server's APIs.
fn both(live: &Live) -> Client {
    let admin = live.admin.admin_url().expect("admin URL").as_str().to_string();
    Client::builder(admin)
        .public_url(live.public.clone())
        .timeout(Duration::from_secs(120))
        .build()
        .expect("client for both APIs")
}

async fn active(hydra: &Client, token: &str) -> bool {
    hydra.introspect_o_auth2_token(token, IntrospectOAuth2TokenParams::default()).await.expect("introspect").active
}

/// Whether `token` turns inactive within about two seconds. Hydra v1.11 on its shared in-memory SQLite
/// store has been seen to report a just-revoked access token active for a moment under parallel load.
async fn inactive_soon(hydra: &Client, token: &str) -> bool {
    for _ in 0..20 {
        if !active(hydra, token).await {
            return true;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    false
}

/// Runs login and consent through `oauth_auth` and `follow` (no hand-written HTTP) and returns the code.
async fn code_for(hydra: &Client, client_id: &str, subject: &str) -> String {
    let mut jar = Cookies::new();
    let state = unique("state");
    let params = OauthAuthParams::default()
        .redirect_uri(REDIRECT_URI)
        .scope("openid offline")
        .state(state.clone())
        .nonce(unique("nonce"));
    let to_login = hydra.oauth_auth(&mut jar, client_id, "code", params).await.expect("oauth_auth");
    assert!(to_login.status.is_redirection(), "{to_login:?}");
    assert!(!jar.is_empty(), "Hydra sets its CSRF cookie: {to_login:?}");
    let lc = to_login.query_param("login_challenge").unwrap_or_else(|| panic!("no login_challenge: {to_login:?}"));
    let done = hydra
        .accept_login_request(&lc, &AcceptLoginRequest::new(subject).with_remember(false))
        .await
        .expect("accept_login_request");
    let to_consent = hydra.follow(done.redirect_to.as_str(), &mut jar).await.expect("follow");
    let cc =
        to_consent.query_param("consent_challenge").unwrap_or_else(|| panic!("no consent_challenge: {to_consent:?}"));
    let done = hydra
        .accept_consent_request(
            &cc,
            &AcceptConsentRequest::new().with_grant_scope(["openid", "offline"]).with_session(
                ConsentRequestSession::new()
                    .with_access_token(obj(json!({"role": "tester"})))
                    .with_id_token(obj(json!({"team": "live"}))),
            ),
        )
        .await
        .expect("accept_consent_request");
    let back = hydra.follow(done.redirect_to.as_str(), &mut jar).await.expect("follow");
    assert!(back.location.as_str().starts_with(REDIRECT_URI), "{back:?}");
    assert_eq!(back.query_param("state").as_deref(), Some(state.as_str()));
    back.query_param("code").unwrap_or_else(|| panic!("no code: {back:?}"))
}

#[tokio::test]
async fn authorization_code_refresh_userinfo_and_revoke_through_the_public_api() {
    let live = live!();
    let hydra = both(&live);
    let _list = support::clients_shared().await;
    let id = unique("live-pub-code");
    let secret = "live-public-secret-0123456789";
    let _cleanup = DeleteOnPanic::new(&live, &[&id]);
    hydra.create_o_auth2_client(&support::flow_client(&id, secret)).await.expect("create client");
    let creds = ClientCredentials::basic(&id, secret);
    let subject = unique("alice");

    let code = code_for(&hydra, &id, &subject).await;
    let tokens = hydra
        .oauth2_token(
            &creds,
            GrantType::AuthorizationCode,
            Oauth2TokenParams::default().code(code.clone()).redirect_uri(REDIRECT_URI),
        )
        .await
        .expect("exchange the code");
    let access = tokens.access_token.clone();
    let refresh = tokens.refresh_token.clone().expect("refresh_token (offline scope)");
    assert!(tokens.id_token.as_deref().is_some_and(|t| t.split('.').count() == 3), "an ID token (openid scope)");
    assert_eq!(tokens.token_type.to_ascii_lowercase(), "bearer");
    assert!(tokens.expires_in > 0 && tokens.expires_in <= 3600, "{:?}", tokens.expires_in);
    assert_eq!(tokens.scope, "openid offline");
    assert!(!format!("{tokens:?}").contains(&access), "Debug hides the tokens");

    let info = hydra.userinfo(&access).await.expect("userinfo");
    assert_eq!(info.sub, subject.as_str());
    assert_eq!(info.extra.get("team"), Some(json!("live")), "ID token session claims come back raw: {:?}", info.extra);
    let bad = hydra.userinfo("not-a-token").await.expect_err("a made-up token");
    assert_eq!(bad.status().map(|s| s.as_u16()), Some(401), "{bad}");

    let renewed = hydra
        .oauth2_token(&creds, GrantType::RefreshToken, Oauth2TokenParams::default().refresh_token(refresh.clone()))
        .await
        .expect("refresh");
    let access2 = renewed.access_token.clone();
    assert_ne!(access2, access);
    assert!(renewed.refresh_token.as_deref().is_some_and(|r| r != refresh), "refresh tokens rotate");
    assert!(active(&hydra, &access2).await);

    let refresh2 = renewed.refresh_token.clone().expect("refresh_token");
    hydra
        .revoke_o_auth2_token(&creds, &refresh2, RevokeOAuth2TokenParams::default().token_type_hint("refresh_token"))
        .await
        .expect("revoke");
    assert!(!active(&hydra, &refresh2).await, "the revoked refresh token");
    assert!(!active(&hydra, &access2).await, "revoking a refresh token revokes its access tokens");
    // A wrong secret is refused at the token endpoint.
    let wrong = hydra
        .oauth2_token(&ClientCredentials::basic(&id, "wrong"), GrantType::RefreshToken, Default::default())
        .await
        .expect_err("wrong secret");
    assert_eq!(wrong.status().map(|s| s.as_u16()), Some(401), "{wrong}");
    // The same code cannot be exchanged twice (done last: the server then revokes what the code gave).
    let again = hydra
        .oauth2_token(
            &creds,
            GrantType::AuthorizationCode,
            Oauth2TokenParams::default().code(code).redirect_uri(REDIRECT_URI),
        )
        .await
        .expect_err("a used code");
    assert_eq!(again.status().map(|s| s.as_u16()), Some(400), "{again}");
    hydra.delete_o_auth2_client(&id).await.expect("delete client");
}

#[tokio::test]
async fn client_credentials_with_client_secret_post_and_revocation() {
    let live = live!();
    let hydra = both(&live);
    let _list = support::clients_shared().await;
    let id = unique("live-pub-cc");
    let secret = "live-cc-secret-0123456789";
    let _cleanup = DeleteOnPanic::new(&live, &[&id]);
    let client = OAuth2Client::new()
        .with_client_id(&id)
        .with_client_secret(secret)
        .with_grant_types(["client_credentials"])
        .with_response_types(["token"])
        .with_scope("read write")
        .with_token_endpoint_auth_method("client_secret_post");
    hydra.create_o_auth2_client(&client).await.expect("create client");
    let creds = ClientCredentials::post(&id, secret);
    let t = hydra
        .oauth2_token(&creds, GrantType::ClientCredentials, Oauth2TokenParams::default().scope("read"))
        .await
        .expect("client credentials");
    let access = t.access_token;
    assert_eq!(t.scope, "read");
    assert_eq!(t.refresh_token, None);
    let info =
        hydra.introspect_o_auth2_token(&access, IntrospectOAuth2TokenParams::default()).await.expect("introspect");
    assert!(info.active);
    assert_eq!(info.client_id.as_deref(), Some(id.as_str()));
    // The post method is refused when the client is registered for another one... and basic here is.
    let basic = hydra
        .oauth2_token(&ClientCredentials::basic(&id, secret), GrantType::ClientCredentials, Default::default())
        .await;
    assert!(basic.is_err(), "the client is registered for client_secret_post");

    hydra.revoke_o_auth2_token(&creds, &access, RevokeOAuth2TokenParams::default()).await.expect("revoke");
    assert!(inactive_soon(&hydra, &access).await, "the revoked access token");
    hydra.delete_o_auth2_client(&id).await.expect("delete client");
}

#[tokio::test]
async fn discovery_jwks_and_readiness() {
    let live = live!();
    let hydra = Client::public_builder(live.public.clone()).build().expect("public-only client");
    let doc = hydra.discover_open_id_configuration().await.expect("discovery");
    assert_eq!(doc.issuer.trim_end_matches('/'), live.public);
    assert_eq!(doc.token_endpoint, format!("{}/oauth2/token", live.public));
    assert_eq!(doc.authorization_endpoint, format!("{}/oauth2/auth", live.public));
    assert_eq!(doc.jwks_uri, format!("{}/.well-known/jwks.json", live.public));
    assert!(doc.response_types_supported.iter().any(|t| t == "code"), "{doc:?}");
    assert!(doc.id_token_signing_alg_values_supported.iter().any(|a| a == "RS256"), "{doc:?}");
    assert!(!doc.subject_types_supported.is_empty());

    let jwks = hydra.well_known().await.expect("jwks");
    let keys = jwks.keys.expect("keys");
    assert!(!keys.is_empty());
    for k in &keys {
        assert!(k.d.is_none() && k.p.is_none() && k.q.is_none(), "only public material: {k:?}");
        assert!(k.n.is_some() || k.x.is_some(), "{k:?}");
    }
    assert_eq!(hydra.is_instance_ready().await.expect("ready").status, "ok");
    // This client has no Admin URL: Admin operations fail before anything is sent.
    assert!(hydra.get_version().await.expect_err("no admin URL").is_invalid_input());
}

#[tokio::test]
async fn dynamic_client_registration_lifecycle_with_its_registration_token() {
    let live = live!(
        needs "dynamic_client_registration_create_o_auth2_client",
        "dynamic_client_registration_get_o_auth2_client",
        "dynamic_client_registration_update_o_auth2_client",
        "dynamic_client_registration_delete_o_auth2_client"
    );
    let hydra = both(&live);
    let _list = support::clients_shared().await;
    let created = hydra
        .dynamic_client_registration_create_o_auth2_client(
            &OAuth2Client::new()
                .with_client_name("live dynamic")
                .with_redirect_uris([REDIRECT_URI])
                .with_grant_types(["authorization_code"])
                .with_response_types(["code"]),
        )
        .await
        .expect("register");
    let id = created.client_id.clone();
    let _cleanup = DeleteOnPanic::new(&live, &[&id]);
    let token = created.registration_access_token.clone().expect("registration_access_token");
    assert!(created.client_secret.is_some(), "a secret for the new client");
    assert!(!format!("{created:?}").contains(&token), "Debug hides the registration token");

    let got = hydra.dynamic_client_registration_get_o_auth2_client(&id, &token).await.expect("get own registration");
    assert_eq!(got.client_name, "live dynamic");
    let wrong =
        hydra.dynamic_client_registration_get_o_auth2_client(&id, "not-the-token").await.expect_err("wrong token");
    assert_eq!(wrong.status().map(|s| s.as_u16()), Some(401), "{wrong}");

    let updated = hydra
        .dynamic_client_registration_update_o_auth2_client(
            &id,
            &token,
            &got.clone().with_client_name("live dynamic renamed").with_client_secret_expires_at(0),
        )
        .await
        .expect("update own registration");
    assert_eq!(updated.client_name, "live dynamic renamed");
    let token = updated.registration_access_token.clone().unwrap_or(token);
    // The admin view agrees.
    assert_eq!(hydra.get_o_auth2_client(&id).await.expect("admin get").client_name.as_str(), "live dynamic renamed");

    hydra.dynamic_client_registration_delete_o_auth2_client(&id, &token).await.expect("delete own registration");
    let gone = hydra.get_o_auth2_client(&id).await.expect_err("deleted");
    support::assert_missing_client(&live, &gone, "after dynamic delete");
}

#[tokio::test]
async fn patch_lifespans_and_delete_tokens_of_a_client() {
    let live = live!(needs "patch_o_auth2_client", "update_o_auth2_client_lifespans", "delete_o_auth2_token");
    let hydra = both(&live);
    let _list = support::clients_shared().await;
    let id = unique("live-pub-patch");
    let secret = "live-patch-secret-0123456789";
    let _cleanup = DeleteOnPanic::new(&live, &[&id]);
    let client = OAuth2Client::new()
        .with_client_id(&id)
        .with_client_secret(secret)
        .with_client_name("before")
        .with_grant_types(["client_credentials"])
        .with_scope("read")
        .with_metadata(obj(json!({"tier": 1})));
    hydra.create_o_auth2_client(&client).await.expect("create");

    let patched = hydra
        .patch_o_auth2_client(
            &id,
            &[
                PatchDocument::new("replace", "/client_name").with_value(json!("after")),
                PatchDocument::new("add", "/audience").with_value(json!(["https://api.example"])),
            ],
        )
        .await
        .expect("patch");
    assert_eq!(patched.client_name, "after");
    assert_eq!(patched.audience, vec!["https://api.example".to_string()]);
    assert_eq!(patched.metadata.as_ref().and_then(|m| m.get("tier")), Some(json!(1)), "untouched fields stay");
    let bad =
        hydra.patch_o_auth2_client(&id, &[PatchDocument::new("test", "/client_name").with_value(json!("nope"))]).await;
    assert!(bad.is_err(), "a failing `test` operation fails the patch");

    let lifespans = UpdateOAuth2ClientLifespans::new().with_client_credentials_grant_access_token_lifespan("5m0s");
    let updated = hydra.update_o_auth2_client_lifespans(&id, &lifespans).await.expect("lifespans");
    assert_eq!(updated.client_credentials_grant_access_token_lifespan.as_deref(), Some("5m0s"));
    let creds = ClientCredentials::basic(&id, secret);
    let t = hydra.oauth2_token(&creds, GrantType::ClientCredentials, Default::default()).await.expect("token");
    assert!(t.expires_in > 0 && t.expires_in <= 300, "the 5-minute lifespan applies: {:?}", t.expires_in);

    let access = t.access_token;
    assert!(active(&hydra, &access).await);
    hydra.delete_o_auth2_token(&id).await.expect("delete tokens of the client");
    assert!(!active(&hydra, &access).await, "every token of the client is gone");
    hydra.delete_o_auth2_client(&id).await.expect("delete client");
}

/// The public JWK of `signer`.
fn jwk(signer: &Es256) -> JsonWebKey {
    let (x, y) = signer.xy();
    JsonWebKey::new(signer.kid.clone(), "EC")
        .with_alg("ES256")
        .with_key_use("sig")
        .with_crv("P-256")
        .with_x(x)
        .with_y(y)
}

#[tokio::test]
async fn trusted_issuer_lifecycle_with_a_jwt_bearer_grant() {
    let live = live!(needs "trust_jwt_grant_issuer", "get_trusted_jwt_grant_issuer", "delete_trusted_jwt_grant_issuer");
    let hydra = both(&live);
    let _list = support::clients_shared().await;
    let signer = Es256::new(unique("live-es256"));
    let issuer = format!("https://{}.issuer.example", unique("iss"));
    let subject = unique("svc-user");
    let expires = DateTime::now_utc() + Duration::from_secs(3600);
    let body = TrustJwtGrantIssuerBody::new(expires, issuer.clone(), jwk(&signer), ["read"]).with_subject(&subject);
    let trusted = hydra.trust_jwt_grant_issuer(&body).await.expect("trust issuer");
    let trust_id = trusted.id.clone();
    assert_eq!(trusted.issuer, issuer.as_str());
    assert_eq!(trusted.public_key.kid, signer.kid);
    let got = hydra.get_trusted_jwt_grant_issuer(&trust_id).await.expect("get");
    assert_eq!(got.subject, subject.as_str());
    let listed = hydra
        .list_trusted_jwt_grant_issuers(
            ory_hydra_v1_client::ListTrustedJwtGrantIssuersParams::default().issuer(&issuer),
        )
        .await
        .expect("list");
    assert_eq!(listed.items.iter().map(|t| t.id.as_str()).collect::<Vec<_>>(), [trust_id.as_str()]);

    let id = unique("live-pub-jwt");
    let secret = "live-jwt-secret-0123456789";
    let _cleanup = DeleteOnPanic::new(&live, &[&id]);
    let client = OAuth2Client::new()
        .with_client_id(&id)
        .with_client_secret(secret)
        .with_grant_types(["urn:ietf:params:oauth:grant-type:jwt-bearer"])
        .with_scope("read");
    hydra.create_o_auth2_client(&client).await.expect("create client");
    let now = SystemTime::now().duration_since(UNIX_EPOCH).expect("clock").as_secs();
    let assertion = signer.sign(&json!({
        "iss": issuer, "sub": subject, "aud": format!("{}/oauth2/token", live.public),
        "iat": now, "exp": now + 600, "jti": unique("jti")
    }));
    let creds = ClientCredentials::basic(&id, secret);
    let t = hydra
        .oauth2_token(
            &creds,
            GrantType::JwtBearer,
            Oauth2TokenParams::default().assertion(assertion.clone()).scope("read"),
        )
        .await
        .expect("jwt-bearer grant");
    let access = t.access_token;
    let info = hydra.introspect_o_auth2_token(&access, Default::default()).await.expect("introspect");
    assert!(info.active);
    assert_eq!(info.sub.as_deref(), Some(subject.as_str()));

    hydra.delete_trusted_jwt_grant_issuer(&trust_id).await.expect("delete trust");
    let gone = hydra.get_trusted_jwt_grant_issuer(&trust_id).await.expect_err("deleted");
    assert!(gone.is_not_found(), "{gone}");
    let now = SystemTime::now().duration_since(UNIX_EPOCH).expect("clock").as_secs();
    let again = signer.sign(&json!({
        "iss": issuer, "sub": subject, "aud": format!("{}/oauth2/token", live.public),
        "iat": now, "exp": now + 600, "jti": unique("jti")
    }));
    let refused = hydra
        .oauth2_token(&creds, GrantType::JwtBearer, Oauth2TokenParams::default().assertion(again).scope("read"))
        .await;
    assert!(refused.is_err(), "an issuer no longer trusted");
    hydra.delete_o_auth2_client(&id).await.expect("delete client");
}

#[tokio::test]
async fn revoke_all_consents_of_a_subject() {
    let live = live!();
    let hydra = both(&live);
    let _list = support::clients_shared().await;
    let subject = unique("bob");
    let (a, b) = (unique("live-pub-all-a"), unique("live-pub-all-b"));
    let _cleanup = DeleteOnPanic::new(&live, &[&a, &b]);
    let mut tokens = Vec::new();
    for id in [&a, &b] {
        let secret = "live-all-secret-0123456789";
        hydra.create_o_auth2_client(&support::flow_client(id, secret)).await.expect("create client");
        let code = code_for(&hydra, id, &subject).await;
        let t = hydra
            .oauth2_token(
                &ClientCredentials::basic(id.as_str(), secret),
                GrantType::AuthorizationCode,
                Oauth2TokenParams::default().code(code).redirect_uri(REDIRECT_URI),
            )
            .await
            .expect("exchange");
        tokens.push(t.access_token);
    }
    for t in &tokens {
        assert!(active(&hydra, t).await);
    }
    // Without `client`, v1.7+ wants `all=true`; older servers revoke everything anyway and ignore it.
    hydra
        .revoke_consent_sessions(&subject, RevokeConsentSessionsParams::default().all(true))
        .await
        .expect("revoke all");
    for t in &tokens {
        assert!(!active(&hydra, t).await, "every client's token is revoked");
    }
    let left = hydra.list_subject_consent_sessions(&subject, Default::default()).await.expect("list");
    assert!(left.items.is_empty(), "{:?}", left.items);
    for id in [&a, &b] {
        hydra.delete_o_auth2_client(id).await.expect("delete client");
    }
}
