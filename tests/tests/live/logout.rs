//! Logout requests started at `{public}/oauth2/sessions/logout`, and revoking a subject's login sessions.

use ory_hydra_v1_client::{
    AcceptLoginRequest, Client, Cookies, DisconnectUserParams, OauthAuthParams, RejectRequest, StatusCode,
};

use crate::support::{
    challenge_of, clients_shared, flow_client, live, login_and_consent, sql_store, unique, Browser, DeleteOnPanic,
    Live, LISTENER, REDIRECT_URI,
};

async fn logged_in_browser(live: &Live, prefix: &str) -> (String, String, Browser, DeleteOnPanic) {
    let client_id = unique(prefix);
    live.admin
        .create_o_auth2_client(&flow_client(&client_id, &format!("{client_id}-secret")))
        .await
        .expect("create client");
    let guard = DeleteOnPanic::new(live, &[&client_id]);
    let browser = Browser::new(live);
    let subject = unique("user");
    login_and_consent(live, &browser, &client_id, &subject, true).await;
    (client_id, subject, browser, guard)
}

/// Starts a new authorization request and reports whether Hydra skips the login, and for whom.
async fn login_skip(live: &Live, browser: &Browser, client_id: &str) -> (bool, String) {
    let lc = browser.login_challenge(client_id, "openid", &unique("state")).await;
    let login = live.admin.get_login_request(&lc).await.expect("get_login_request");
    (login.skip, login.subject)
}

async fn logout_challenge(live: &Live, browser: &Browser) -> String {
    let hop = browser.get(&format!("{}/oauth2/sessions/logout", live.public)).await;
    assert_eq!(hop.status, StatusCode::FOUND, "{hop:?}");
    challenge_of(hop.redirect(), "/logout", "logout_challenge")
}

#[tokio::test]
async fn logout_requests_can_be_rejected_and_accepted() {
    let live = live!();
    let _list = clients_shared().await;
    let hydra = &live.admin;
    let (client_id, subject, browser, _cleanup) = logged_in_browser(&live, "live-logout").await;
    assert_eq!(login_skip(&live, &browser, &client_id).await, (true, subject.clone()));

    // --- a user-initiated logout, rejected: 204, the request is gone, the session stays.
    let challenge = logout_challenge(&live, &browser).await;
    assert_eq!(challenge.len(), 36, "a UUID: {challenge}");
    let request = hydra.get_logout_request(&challenge).await.expect("get_logout_request");
    assert_eq!(request.subject, subject.as_str());
    assert_eq!(request.sid.len(), 36, "{request:?}");
    assert_eq!(request.request_url, "/oauth2/sessions/logout");
    assert!(!request.rp_initiated);
    assert!(request.extra.is_empty(), "{request:?}");
    hydra.reject_logout_request(&challenge, &RejectRequest::new()).await.expect("reject_logout_request: 204");
    let err = hydra.get_logout_request(&challenge).await.expect_err("deleted by the reject");
    assert!(err.is_not_found(), "{err:?}");
    if sql_store(&live) {
        // The SQL store keeps the rejected request: accepting it afterwards still answers a redirect.
        hydra.accept_logout_request(&challenge).await.expect("accept after reject (SQL store)");
    } else {
        let err = hydra.accept_logout_request(&challenge).await.expect_err("deleted by the reject");
        assert!(err.is_not_found(), "{err:?}");
    }
    assert_eq!(login_skip(&live, &browser, &client_id).await, (true, subject.clone()), "still logged in");

    // --- again, accepted: the verifier ends the session and goes to the post-logout URL.
    let challenge2 = logout_challenge(&live, &browser).await;
    assert_ne!(challenge2, challenge);
    let request2 = hydra.get_logout_request(&challenge2).await.expect("get_logout_request 2");
    assert_eq!(request2.sid, request.sid, "same login session");
    let done = hydra.accept_logout_request(&challenge2).await.expect("accept_logout_request");
    let redirect_to = done.redirect_to;
    assert!(
        redirect_to.starts_with(&format!("{}/oauth2/sessions/logout?logout_verifier=", live.public)),
        "{redirect_to}"
    );
    let again = hydra.accept_logout_request(&challenge2).await.expect("accepting twice is a 200");
    assert_eq!(again.redirect_to, redirect_to.as_str());
    hydra.get_logout_request(&challenge2).await.expect("GET after accept is still 200");
    let hop = browser.get(&redirect_to).await;
    assert_eq!(hop.redirect().as_str(), format!("{LISTENER}/logged-out"));
    assert_eq!(login_skip(&live, &browser, &client_id).await, (false, String::new()), "logged out");

    // --- without a login session, logout goes straight to the post-logout URL.
    let hop = Browser::new(&live).get(&format!("{}/oauth2/sessions/logout", live.public)).await;
    assert_eq!(hop.redirect().as_str(), format!("{LISTENER}/logged-out"));

    hydra.delete_o_auth2_client(&client_id).await.expect("delete client");
}

#[tokio::test]
async fn revoke_authentication_session_forgets_the_login() {
    let live = live!();
    let _list = clients_shared().await;
    let hydra = &live.admin;
    let (client_id, subject, browser, _cleanup) = logged_in_browser(&live, "live-revoke-login").await;
    assert_eq!(login_skip(&live, &browser, &client_id).await, (true, subject.clone()));

    hydra.revoke_authentication_session(&subject).await.expect("revoke_authentication_session");
    assert_eq!(login_skip(&live, &browser, &client_id).await, (false, String::new()));

    // Nothing left to revoke, and an unknown subject: 404 (not 204 as for a missing client or key set).
    if sql_store(&live) {
        // The SQL store deletes nothing and says 204.
        hydra.revoke_authentication_session(&subject).await.expect("already revoked: 204");
        hydra.revoke_authentication_session(&unique("nobody")).await.expect("unknown subject: 204");
    } else {
        let err = hydra.revoke_authentication_session(&subject).await.expect_err("already revoked");
        assert!(err.is_not_found(), "{err:?}");
        let err = hydra.revoke_authentication_session(&unique("nobody")).await.expect_err("unknown subject");
        assert!(err.is_not_found(), "{err:?}");
    }
    let err = hydra.revoke_authentication_session("").await.expect_err("empty subject");
    assert_eq!(err.status(), Some(StatusCode::BAD_REQUEST), "{err:?}");

    hydra.delete_o_auth2_client(&client_id).await.expect("delete client");
}

/// `disconnect_user`, the typed logout entry point: with the login session cookie of a remembered login
/// in its jar, it answers the redirect to the logout provider with a challenge for that session's user.
#[tokio::test]
async fn disconnect_user_starts_a_logout_request_for_the_session_in_its_jar() {
    let live = live!();
    let _list = clients_shared().await;
    let client_id = unique("live-disconnect");
    live.admin
        .create_o_auth2_client(&flow_client(&client_id, &format!("{client_id}-secret")))
        .await
        .expect("create client");
    let _cleanup = DeleteOnPanic::new(&live, &[&client_id]);
    let admin = live.admin.admin_url().expect("admin URL").as_str().to_string();
    let hydra = Client::builder(admin).public_url(live.public.clone()).build().expect("client for both APIs");

    // A remembered login: following its redirect_to sets Hydra's login session cookie in the jar.
    let mut jar = Cookies::new();
    let subject = unique("user");
    let params = OauthAuthParams::default().redirect_uri(REDIRECT_URI).scope("openid").state(unique("state"));
    let to_login = hydra.oauth_auth(&mut jar, &client_id, "code", params).await.expect("oauth_auth");
    let lc = to_login.query_param("login_challenge").unwrap_or_else(|| panic!("no login_challenge: {to_login:?}"));
    let done = hydra
        .accept_login_request(&lc, &AcceptLoginRequest::new(&subject).with_remember(true))
        .await
        .expect("accept_login_request");
    hydra.follow(done.redirect_to.as_str(), &mut jar).await.expect("follow to consent");

    let to_logout = hydra.disconnect_user(&mut jar, DisconnectUserParams::default()).await.expect("disconnect_user");
    assert_eq!(to_logout.status, StatusCode::FOUND, "{to_logout:?}");
    assert!(to_logout.location.as_str().starts_with(&format!("{LISTENER}/logout?")), "{to_logout:?}");
    let challenge =
        to_logout.query_param("logout_challenge").unwrap_or_else(|| panic!("no logout_challenge: {to_logout:?}"));
    let request = live.admin.get_logout_request(&challenge).await.expect("get_logout_request");
    assert_eq!(request.subject.as_str(), subject.as_str(), "{request:?}");
    assert!(!request.rp_initiated, "no id_token_hint: the user started it");
}
