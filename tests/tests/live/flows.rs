//! The authorization-code flow driven like a browser plus a login and consent app, token introspection,
//! consent sessions, rejections and requests that were already handled.

use ory_hydra_v1_client::{
    AcceptConsentRequest, AcceptLoginRequest, CompletedRequest, ConsentRequestSession, Error,
    IntrospectOAuth2TokenParams, ListSubjectConsentSessionsParams, RejectRequest, RevokeConsentSessionsParams,
    StatusCode,
};
use serde_json::{json, Value};

use crate::support::{
    assert_hint, challenge_of, clients_shared, flow_client, handled_request_status, jwt_claims, legacy_error_fields,
    live, login_and_consent, not_found_description, obj, query, server_version, sql_store, unique, Browser,
    DeleteOnPanic, Live, REDIRECT_URI,
};

fn strings(items: &[&str]) -> Vec<String> {
    items.iter().map(|s| s.to_string()).collect()
}

/// Creates a flow client; the guard deletes it if the test fails before its own cleanup.
async fn create_flow_client(live: &Live, prefix: &str) -> (String, String, DeleteOnPanic) {
    let id = unique(prefix);
    let secret = format!("{id}-secret");
    let created = live.admin.create_o_auth2_client(&flow_client(&id, &secret)).await.expect("create flow client");
    assert_eq!(created.client_id, id.as_str());
    let guard = DeleteOnPanic::new(live, &[&id]);
    (id, secret, guard)
}

async fn introspect(live: &Live, token: &str) -> ory_hydra_v1_client::OAuth2TokenIntrospection {
    live.admin.introspect_o_auth2_token(token, IntrospectOAuth2TokenParams::default()).await.expect("introspect")
}

#[tokio::test]
async fn authorization_code_flow_end_to_end() {
    let live = live!();
    let _list = clients_shared().await;
    let version = server_version(&live).await;
    let hydra = &live.admin;
    let (client_id, secret, _cleanup) = create_flow_client(&live, "live-flow").await;
    let subject = unique("user");
    let browser = Browser::new(&live);
    let state = unique("state");

    // --- /oauth2/auth sends the browser to the login app with a challenge.
    let hop = browser.authorize(&client_id, "openid offline profile", &state).await;
    assert_eq!(hop.status, StatusCode::FOUND);
    let lc = challenge_of(hop.redirect(), "/login", "login_challenge");
    assert_eq!(lc.len(), 32, "32 hex characters: {lc}");

    let login = hydra.get_login_request(&lc).await.expect("get_login_request");
    assert_eq!(login.challenge, lc.as_str());
    let c = login.client;
    assert_eq!(c.client_id, client_id);
    assert_eq!(c.client_secret, None, "embedded clients carry no secret");
    assert_eq!(c.redirect_uris, strings(&[REDIRECT_URI]));
    assert_eq!(login.requested_scope, strings(&["openid", "offline", "profile"]));
    assert!(!login.skip);
    assert_eq!(login.subject, "");
    let request_url = login.request_url.as_str();
    assert!(request_url.starts_with(&format!("{}/oauth2/auth?", live.public)), "{request_url}");
    assert!(request_url.contains(&format!("state={state}")), "{request_url}");
    let session_id = login.session_id.clone();
    assert!(!session_id.is_empty());
    assert!(login.requested_access_token_audience.as_slice().is_empty());
    assert!(login.extra.is_empty(), "every member is modelled: {:?}", login.extra);

    // --- the login app accepts: remembered, with an acr and context for the consent app.
    let done = hydra
        .accept_login_request(
            &lc,
            &AcceptLoginRequest::new(&subject)
                .with_remember(true)
                .with_remember_for(3600)
                .with_acr("silver")
                .with_context(obj(json!({"login_method": "password"}))),
        )
        .await
        .expect("accept_login_request");
    let redirect_to = done.redirect_to;
    assert!(
        redirect_to.starts_with(&format!("{}/oauth2/auth?", live.public)) && redirect_to.contains("login_verifier=")
    );

    // --- back at /oauth2/auth (with the CSRF cookie), on to the consent app.
    let cc = browser.follow_to_challenge(&redirect_to, "/consent", "consent_challenge").await;
    let consent = hydra.get_consent_request(&cc).await.expect("get_consent_request");
    assert_eq!(consent.challenge, cc.as_str());
    assert_eq!(consent.subject, subject.as_str());
    assert_eq!(consent.client.client_id, client_id);
    assert_eq!(consent.requested_scope, strings(&["openid", "offline", "profile"]));
    assert!(!consent.skip);
    assert_eq!(consent.login_challenge, lc.as_str());
    assert_eq!(consent.login_session_id, session_id.as_str());
    assert_eq!(consent.acr, "silver");
    assert_eq!(consent.context, Some(obj(json!({"login_method": "password"})).into()));
    assert!(consent.requested_access_token_audience.is_empty());

    // --- the consent app grants two of the three scopes, with claims for both tokens.
    let done = hydra
        .accept_consent_request(
            &cc,
            &AcceptConsentRequest::new()
                .with_grant_scope(["openid", "offline"])
                .with_remember(true)
                .with_remember_for(0)
                .with_session(
                    ConsentRequestSession::new()
                        .with_access_token(obj(json!({"role": "tester", "level": 3})))
                        .with_id_token(obj(json!({"email": "tester@example.com", "name": "Live Tester"}))),
                ),
        )
        .await
        .expect("accept_consent_request");
    let to = browser.follow_to_client(done.redirect_to.as_str()).await;
    assert_eq!(query(&to, "state").as_deref(), Some(state.as_str()));
    assert_eq!(query(&to, "scope").as_deref(), Some("openid offline"));
    let code = query(&to, "code").expect("code");

    // --- the client exchanges the code (basic auth, form body).
    let tokens = browser.exchange_code(&client_id, &secret, &code).await;
    assert_eq!(tokens["token_type"], json!("bearer"));
    assert_eq!(tokens["scope"], json!("openid offline"));
    assert!(tokens["expires_in"].as_i64().is_some_and(|s| (3500..=3600).contains(&s)), "{tokens}");
    let access = tokens["access_token"].as_str().expect("access_token").to_string();
    let refresh = tokens["refresh_token"].as_str().expect("refresh_token (offline)").to_string();
    let id_token = jwt_claims(tokens["id_token"].as_str().expect("id_token (openid)"));
    assert_eq!(id_token["sub"], json!(subject));
    assert_eq!(id_token["aud"], json!([client_id]));
    assert_eq!(id_token["email"], json!("tester@example.com"));
    assert_eq!(id_token["name"], json!("Live Tester"));
    assert_eq!(id_token["acr"], json!("silver"));
    assert_eq!(id_token["iss"], json!(format!("{}/", live.public)));

    // --- introspection sees the grant and the access-token claims.
    let info = introspect(&live, &access).await;
    assert!(info.active, "{info:?}");
    assert_eq!(info.sub.as_deref(), Some(subject.as_str()));
    assert_eq!(info.client_id.as_deref(), Some(client_id.as_str()));
    assert_eq!(info.scope.as_deref(), Some("openid offline"));
    // v1.11 reports the token's type as the token endpoint does, and what it is in `token_use`.
    let token_type = if live.version.at_least("v1.11") { "Bearer" } else { "access_token" };
    assert_eq!(info.token_type.as_deref(), Some(token_type));
    assert_eq!(info.iss, Some(format!("{}/", live.public)));
    let ext = info.ext.as_ref().expect("ext");
    assert_eq!(ext.get("role"), Some(json!("tester")));
    assert_eq!(ext.get("level"), Some(json!(3)));
    let (iat, exp) = (info.iat.expect("iat"), info.exp.expect("exp"));
    assert!((3590..=3610).contains(&(exp - iat)), "TTL_ACCESS_TOKEN=1h: iat {iat} exp {exp}");
    let refresh_info = introspect(&live, &refresh).await;
    assert!(refresh_info.active);
    let token_type = if live.version.at_least("v1.11") { "Bearer" } else { "refresh_token" };
    assert_eq!(refresh_info.token_type.as_deref(), Some(token_type));
    assert_eq!(refresh_info.sub.as_deref(), Some(subject.as_str()));
    // The scope parameter: a scope the token lacks makes it inactive, a granted one does not.
    let scoped = |scope: &'static str| {
        let token = access.clone();
        let admin = hydra.clone();
        async move { admin.introspect_o_auth2_token(&token, IntrospectOAuth2TokenParams::default().scope(scope)).await }
    };
    assert!(!scoped("profile").await.expect("introspect scope=profile").active, "profile was not granted");
    assert!(scoped("openid").await.expect("introspect scope=openid").active);
    assert!(scoped("openid offline").await.expect("introspect two scopes").active);
    let bogus = introspect(&live, "not-a-token").await;
    assert!(!bogus.active);
    assert_eq!((bogus.sub, bogus.scope, bogus.ext), (None, None, None));

    // --- the consent session is listed for the subject.
    let page = hydra
        .list_subject_consent_sessions(&subject, ListSubjectConsentSessionsParams::default())
        .await
        .expect("list_subject_consent_sessions");
    assert_eq!(page.items.len(), 1, "{page:?}");
    let session = &page.items[0];
    assert_eq!(session.grant_scope, strings(&["openid", "offline"]));
    assert!(session.remember);
    assert_eq!(session.remember_for, 0);
    let claims = session.session.as_ref().expect("session");
    assert_eq!(claims.access_token.get("role"), Some(json!("tester")));
    assert_eq!(claims.id_token.get("email"), Some(json!("tester@example.com")));
    let request = &session.consent_request;
    assert_eq!(request.challenge, cc);
    assert_eq!(request.client.client_id, client_id);
    assert_eq!(request.client.client_secret, None);
    // v1.3 adds `handled_at`: when the consent was given, so not in the future.
    if version >= (1, 3) {
        let handled_at = session.handled_at.expect("handled_at (v1.3)");
        assert!(handled_at <= time::OffsetDateTime::now_utc(), "{handled_at}");
        assert!(session.extra.is_empty(), "{:?}", session.extra);
    }
    // One session, no limit: only a `first` link whose limit is the total; nothing more to fetch.
    let links = page.links();
    assert_eq!(links.first.map(|r| (r.limit, r.offset)), Some((Some(1), 0)), "{links:?}");
    assert_eq!((links.next, links.prev, links.last), (None, None, None));
    // v1.11 counts the listing in X-Total-Count; v1.3 does not send it.
    let count = live.version.at_least("v1.11").then_some(1);
    assert_eq!(page.total_count(), count, "X-Total-Count");
    assert!(page.next_ref().expect("next_ref").is_none());
    assert!(page.next_page().await.expect("next_page").is_none());

    // --- revoking the consent (for this client) revokes its tokens.
    hydra
        .revoke_consent_sessions(&subject, RevokeConsentSessionsParams::default().client(&client_id))
        .await
        .expect("revoke_consent_sessions");
    assert!(!introspect(&live, &access).await.active, "access token revoked with the consent");
    assert!(!introspect(&live, &refresh).await.active, "refresh token revoked with the consent");
    let page = hydra
        .list_subject_consent_sessions(&subject, ListSubjectConsentSessionsParams::default())
        .await
        .expect("list after revoke");
    assert!(page.items.is_empty());
    // Every session of the subject: v1.7 made `all=true` mandatory for that (without `client` or
    // `all` it is a 400); v1.3 has no `all` and revokes everything when `client` is missing.
    let everything = RevokeConsentSessionsParams::default();
    let everything = if live.serves("revoke_consent_sessions.all") { everything.all(true) } else { everything };
    let result = hydra.revoke_consent_sessions(&subject, everything).await;
    if sql_store(&live) {
        result.expect("nothing left to revoke: 204 on the SQL store");
        let err = hydra
            .revoke_consent_sessions(&subject, RevokeConsentSessionsParams::default())
            .await
            .expect_err("neither client nor all");
        assert_eq!(err.status(), Some(StatusCode::BAD_REQUEST), "{err:?}");
    } else {
        assert!(result.expect_err("nothing left to revoke").is_not_found());
    }

    // --- a second flow in the same browser: the login is remembered (skip), the consent is not.
    let state2 = unique("state");
    let lc2 = browser.login_challenge(&client_id, "openid offline", &state2).await;
    assert_ne!(lc2, lc);
    let login2 = hydra.get_login_request(&lc2).await.expect("get_login_request (remembered)");
    assert!(login2.skip, "{login2:?}");
    assert_eq!(login2.subject, subject.as_str());
    assert_eq!(login2.session_id.as_str(), session_id.as_str(), "same login session");
    let done = hydra.accept_login_request(&lc2, &AcceptLoginRequest::new(&subject)).await.expect("accept (skip)");
    let cc2 = browser.follow_to_challenge(done.redirect_to.as_str(), "/consent", "consent_challenge").await;
    let consent2 = hydra.get_consent_request(&cc2).await.expect("get_consent_request 2");
    assert!(!consent2.skip, "the consent was revoked, so it is asked again");
    assert_eq!(consent2.subject, subject.as_str());
    let done = hydra
        .accept_consent_request(&cc2, &AcceptConsentRequest::new().with_grant_scope(["openid", "offline"]))
        .await
        .expect("accept consent 2");
    let to = browser.follow_to_client(done.redirect_to.as_str()).await;
    assert_eq!(query(&to, "state").as_deref(), Some(state2.as_str()));
    let tokens = browser.exchange_code(&client_id, &secret, &query(&to, "code").expect("code")).await;
    let info = introspect(&live, tokens["access_token"].as_str().expect("access_token")).await;
    assert!(info.active && info.sub.as_deref() == Some(subject.as_str()), "{info:?}");
    assert_eq!(info.ext, None, "no session claims this time");

    // --- clean up: the login session and the client.
    hydra.revoke_authentication_session(&subject).await.expect("revoke_authentication_session");
    hydra.delete_o_auth2_client(&client_id).await.expect("delete client");
}

/// A rejection reaches the client as an OAuth 2.0 error on its redirect URI.
#[tokio::test]
async fn rejected_login_and_consent_reach_the_client_as_errors() {
    let live = live!();
    let _list = clients_shared().await;
    let hydra = &live.admin;
    let (client_id, _, _cleanup) = create_flow_client(&live, "live-reject").await;

    // --- login rejected.
    let browser = Browser::new(&live);
    let state = unique("state");
    let lc = browser.login_challenge(&client_id, "openid", &state).await;
    let done = hydra
        .reject_login_request(
            &lc,
            &RejectRequest::new()
                .with_error("access_denied")
                .with_error_description("The user did not log in")
                .with_error_hint("Try again later")
                .with_status_code(403),
        )
        .await
        .expect("reject_login_request");
    let redirect_to = done.redirect_to;
    assert!(redirect_to.contains("login_verifier="), "{redirect_to}");
    let to = browser.follow_to_client(&redirect_to).await;
    assert_eq!(query(&to, "error").as_deref(), Some("access_denied"), "{to}");
    if legacy_error_fields(&live) {
        assert_eq!(query(&to, "error_description").as_deref(), Some("The user did not log in"), "{to}");
        assert_eq!(query(&to, "error_hint").as_deref(), Some("Try again later"), "{to}");
    } else {
        // The hint is appended to the description; there is no `error_hint` parameter any more.
        let description = query(&to, "error_description");
        assert_eq!(description.as_deref(), Some("The user did not log in Try again later"), "{to}");
        assert_eq!(query(&to, "error_hint"), None, "{to}");
    }
    assert_eq!(query(&to, "state").as_deref(), Some(state.as_str()));
    assert_eq!(query(&to, "code"), None);

    // --- login accepted, consent rejected.
    let browser = Browser::new(&live);
    let subject = unique("user");
    let state = unique("state");
    let lc = browser.login_challenge(&client_id, "openid", &state).await;
    let done = hydra.accept_login_request(&lc, &AcceptLoginRequest::new(&subject)).await.expect("accept login");
    let cc = browser.follow_to_challenge(done.redirect_to.as_str(), "/consent", "consent_challenge").await;
    let done = hydra
        .reject_consent_request(
            &cc,
            &RejectRequest::new().with_error("consent_required").with_error_description("No consent was given"),
        )
        .await
        .expect("reject_consent_request");
    let redirect_to = done.redirect_to;
    assert!(redirect_to.contains("consent_verifier="), "{redirect_to}");
    let to = browser.follow_to_client(&redirect_to).await;
    assert_eq!(query(&to, "error").as_deref(), Some("consent_required"), "{to}");
    assert_eq!(query(&to, "error_description").as_deref(), Some("No consent was given"), "{to}");
    assert_eq!(query(&to, "state").as_deref(), Some(state.as_str()));
    assert_eq!(query(&to, "code"), None);
    // A rejected consent is not a consent session.
    let page =
        hydra.list_subject_consent_sessions(&subject, ListSubjectConsentSessionsParams::default()).await.expect("list");
    assert!(page.items.is_empty(), "{page:?}");

    hydra.delete_o_auth2_client(&client_id).await.expect("delete client");
}

/// A request whose verifier the browser already used: 409 without `redirect_to` up to v1.10.1, 410 Gone
/// with the `redirect_to` the browser should go to from v1.10.2 (QUIRKS.md).
fn assert_used_already(live: &Live, err: &Error, debug: &str) {
    assert!(err.is_already_handled(), "{err:?}");
    assert_eq!(err.status(), Some(handled_request_status(live)), "{err:?}");
    assert!(!err.is_not_found(), "{err:?}");
    if handled_request_status(live) == StatusCode::GONE {
        let to = err.redirect_to().expect("410 carries redirect_to");
        assert!(to.starts_with(&format!("{}/oauth2/auth?", live.public)), "{to}");
        return;
    }
    assert!(err.is_conflict(), "{err:?}");
    assert_eq!(err.redirect_to(), None, "v1.2/v1.3 send no redirect_to with the 409");
    let e = err.api().and_then(|a| a.error.as_ref()).expect("parsed error");
    assert_eq!(e.error, "Conflict");
    assert_eq!(e.status_code, Some(409));
    assert_eq!(e.error_debug.as_deref(), Some(debug));
}

/// What Hydra v1.2/v1.3 really do with a request that was already handled (QUIRKS.md): accepting again
/// is a 200 with the same redirect, GET is a 200 until the browser used the verifier and a 409 after.
#[tokio::test]
async fn handling_a_request_twice() {
    let live = live!();
    let _list = clients_shared().await;
    let hydra = &live.admin;
    let (client_id, secret, _cleanup) = create_flow_client(&live, "live-twice").await;
    let browser = Browser::new(&live);
    let subject = unique("user");
    let lc = browser.login_challenge(&client_id, "openid", &unique("state")).await;

    let first = hydra.accept_login_request(&lc, &AcceptLoginRequest::new(&subject)).await.expect("accept 1");
    if sql_store(&live) {
        return handled_twice_on_the_sql_store(&live, &browser, &lc, first, &subject, &client_id, &secret).await;
    }
    let second = hydra.accept_login_request(&lc, &AcceptLoginRequest::new(&subject)).await.expect("accept 2: 200");
    assert_eq!(first.redirect_to, second.redirect_to, "same verifier");
    let still = hydra.get_login_request(&lc).await.expect("GET before the verifier is used: 200");
    assert_eq!(still.challenge, lc.as_str());
    assert_eq!(still.subject.as_str(), "", "the unchanged request");

    let cc = browser.follow_to_challenge(first.redirect_to.as_str(), "/consent", "consent_challenge").await;
    let err = hydra.get_login_request(&lc).await.expect_err("used");
    assert_used_already(&live, &err, "Login request has been used already");
    // Accepting a used request is still a 200 with the same redirect (the last write wins).
    let late = hydra.accept_login_request(&lc, &AcceptLoginRequest::new(&subject)).await.expect("late accept: 200");
    assert_eq!(late.redirect_to, first.redirect_to);

    let first = hydra
        .accept_consent_request(&cc, &AcceptConsentRequest::new().with_grant_scope(["openid"]))
        .await
        .expect("accept consent 1");
    let second = hydra
        .accept_consent_request(&cc, &AcceptConsentRequest::new().with_grant_scope(["openid"]))
        .await
        .expect("accept consent 2: 200");
    assert_eq!(first.redirect_to, second.redirect_to);
    hydra.get_consent_request(&cc).await.expect("GET before the verifier is used: 200");
    let to = browser.follow_to_client(first.redirect_to.as_str()).await;
    let err = hydra.get_consent_request(&cc).await.expect_err("used");
    assert_used_already(&live, &err, "Consent request has been used already");
    // The flow itself completed normally.
    let tokens = browser.exchange_code(&client_id, &secret, &query(&to, "code").expect("code")).await;
    assert!(introspect(&live, tokens["access_token"].as_str().expect("token")).await.active);

    hydra.delete_o_auth2_client(&client_id).await.expect("delete client");
}

/// `handling_a_request_twice` on the SQL store (v1.9+): a second accept is a 409 conflict (the handled
/// request is a row that exists already), and once the browser used the verifier a GET is a 410 Gone
/// with the `redirect_to` the browser should go to.
async fn handled_twice_on_the_sql_store(
    live: &Live,
    browser: &Browser,
    lc: &str,
    first: CompletedRequest,
    subject: &str,
    client_id: &str,
    secret: &str,
) {
    let hydra = &live.admin;
    let err = hydra.accept_login_request(lc, &AcceptLoginRequest::new(subject)).await.expect_err("accept 2");
    assert_eq!(err.status(), Some(StatusCode::CONFLICT), "{err:?}");
    let e = err.api().and_then(|a| a.error.as_ref()).expect("parsed error");
    assert_eq!(e.error, "Unable to insert or update resource because a resource with that value exists already");
    let cc = browser.follow_to_challenge(first.redirect_to.as_str(), "/consent", "consent_challenge").await;
    let err = hydra.get_login_request(lc).await.expect_err("used");
    assert_used_already(live, &err, "Login request has been used already");
    let done = hydra
        .accept_consent_request(&cc, &AcceptConsentRequest::new().with_grant_scope(["openid"]))
        .await
        .expect("accept consent 1");
    // Unlike the login request, accepting the consent request again is a 200 with the same redirect.
    let again = hydra
        .accept_consent_request(&cc, &AcceptConsentRequest::new().with_grant_scope(["openid"]))
        .await
        .expect("accept consent 2");
    assert_eq!(again.redirect_to, done.redirect_to);
    let to = browser.follow_to_client(done.redirect_to.as_str()).await;
    let err = hydra.get_consent_request(&cc).await.expect_err("used");
    assert_used_already(live, &err, "Consent request has been used already");
    let tokens = browser.exchange_code(client_id, secret, &query(&to, "code").expect("code")).await;
    assert!(introspect(live, tokens["access_token"].as_str().expect("token")).await.active);
    hydra.delete_o_auth2_client(client_id).await.expect("delete client");
}

/// Unknown challenges are a typed 404 for every login, consent and logout operation.
#[tokio::test]
async fn unknown_challenges_are_not_found() {
    let live = live!();
    let hydra = &live.admin;
    let bogus = unique("bogus");
    let reject = RejectRequest::new().with_error("access_denied");
    let results: Vec<(&str, Result<(), Error>)> = vec![
        ("get_login_request", hydra.get_login_request(&bogus).await.map(drop)),
        ("accept_login_request", hydra.accept_login_request(&bogus, &AcceptLoginRequest::new("u")).await.map(drop)),
        ("reject_login_request", hydra.reject_login_request(&bogus, &reject).await.map(drop)),
        ("get_consent_request", hydra.get_consent_request(&bogus).await.map(drop)),
        ("accept_consent_request", hydra.accept_consent_request(&bogus, &AcceptConsentRequest::new()).await.map(drop)),
        ("reject_consent_request", hydra.reject_consent_request(&bogus, &reject).await.map(drop)),
        ("get_logout_request", hydra.get_logout_request(&bogus).await.map(drop)),
        ("accept_logout_request", hydra.accept_logout_request(&bogus).await.map(drop)),
        ("reject_logout_request", hydra.reject_logout_request(&bogus, &reject).await),
    ];
    for (op, result) in results {
        if sql_store(&live) && op == "reject_logout_request" {
            // The SQL store rejects an unknown logout challenge without complaint: 204.
            result.expect("reject of an unknown logout challenge (SQL store)");
            continue;
        }
        let err = result.expect_err(op);
        assert!(err.is_not_found() && !err.is_already_handled(), "{op}: {err:?}");
        let api = err.api().expect("api error");
        assert_eq!(api.operation, op);
        let e = api.error.as_ref().expect("parsed error");
        if sql_store(&live) && op.contains("logout") {
            // The SQL store's own "no rows" error, not the consent handler's.
            assert_eq!(e.error, "Unable to locate the resource", "{op}");
            continue;
        }
        assert_eq!(e.error, "Not Found", "{op}");
        assert_eq!(e.error_description.as_deref(), Some(not_found_description(&live)), "{op}");
    }
}

/// `PUT …/login/accept` with an empty subject answers HTTP 400 with two JSON documents in one body: an
/// error whose `status_code` says 500, then a `redirect_to` (QUIRKS.md). The HTTP status is what counts;
/// both documents are read.
#[tokio::test]
async fn an_invalid_accept_is_a_400_with_two_json_documents() {
    let live = live!();
    let _list = clients_shared().await;
    let (client_id, _, _cleanup) = create_flow_client(&live, "live-twodocs").await;
    let browser = Browser::new(&live);
    let lc = browser.login_challenge(&client_id, "openid", &unique("state")).await;
    let err = live.admin.accept_login_request(&lc, &AcceptLoginRequest::new("")).await.expect_err("empty subject");
    live.admin.delete_o_auth2_client(&client_id).await.expect("delete client");
    assert!(err.is_api() && !err.is_already_handled(), "{err:?}");
    assert_eq!(err.status(), Some(StatusCode::BAD_REQUEST));
    let api = err.api().expect("api error");
    if !legacy_error_fields(&live) {
        // Fixed by v1.11: one error document, the reason at the end of the description, no redirect.
        assert_eq!(api.body.lines().count(), 1, "{}", api.body);
        let e = api.error.as_ref().expect("the error");
        assert_eq!(e.error, "invalid_request");
        assert_hint(&live, e, "Field 'subject' must not be empty.");
        assert_eq!(err.redirect_to(), None);
        return;
    }
    assert_eq!(api.body.lines().count(), 2, "{}", api.body);
    let e = api.error.as_ref().expect("the first document is the error");
    assert_eq!(e.error, "error");
    assert_eq!(e.status_code, Some(500), "the body disagrees with the HTTP status");
    assert_eq!(e.error_debug.as_deref(), Some("Subject from payload can not be empty"));
    let redirect = err.redirect_to().expect("the second document's redirect_to");
    assert!(redirect.starts_with(&format!("{}/oauth2/auth?", live.public)) && redirect.contains("login_verifier="));
    assert!(err.to_string().contains("400"), "{err}");
}

/// `login_and_consent` (used by the logout tests) works on its own and yields an exchangeable code.
#[tokio::test]
async fn a_plain_flow_yields_a_code_for_a_new_client() {
    let live = live!();
    let _list = clients_shared().await;
    let (client_id, secret, _cleanup) = create_flow_client(&live, "live-plain").await;
    let browser = Browser::new(&live);
    let subject = unique("user");
    let granted = login_and_consent(&live, &browser, &client_id, &subject, false).await;
    assert_eq!(query(&granted.final_redirect, "scope").as_deref(), Some("openid offline"));
    let tokens = browser.exchange_code(&client_id, &secret, &granted.code).await;
    let info = introspect(&live, tokens["access_token"].as_str().expect("token")).await;
    assert_eq!(info.ext.as_ref().and_then(|m| m.get("k")), Some(json!(1)));
    // The code is single-use.
    let again = reqwest::Client::new()
        .post(format!("{}/oauth2/token", live.public))
        .basic_auth(&client_id, Some(&secret))
        .form(&[("grant_type", "authorization_code"), ("code", granted.code.as_str()), ("redirect_uri", REDIRECT_URI)])
        .send()
        .await
        .expect("token request");
    assert_eq!(again.status(), StatusCode::BAD_REQUEST);
    let body = json_or_text(again).await;
    assert_eq!(body["error"], json!("invalid_grant"), "{body}");
    live.admin.delete_o_auth2_client(&client_id).await.expect("delete client");
}

async fn json_or_text(resp: reqwest::Response) -> Value {
    let text = resp.text().await.unwrap_or_default();
    serde_json::from_str(&text).unwrap_or(Value::String(text))
}
