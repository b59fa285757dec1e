//! Login, consent and logout requests on v2.3.0: stateless challenges, the handled logout's 410 with a
//! relative `redirect_to`, and rejecting a logout (QUIRKS.md, "v2.3.0"); then the same decisions made
//! through `ory-hydra-v2-client` (rejected login and consent, accepted and rejected logout).

use reqwest::StatusCode;
use serde_json::json;

use ory_hydra_v2_client::{AcceptOAuth2LoginRequest, RejectOAuth2Request, RevokeOidcSessionParams};

use crate::support::{
    challenge_of, live_v2, login_and_consent, query, unique, Browser, TypedBrowser, LISTENER, REDIRECT_URI, V2,
};

// Backs: `is_already_handled` cannot be true for login/consent on v2 (a second accept is a 200), and the
// v2 docs say so; also that challenges are long opaque tokens, not 32 hex characters.
#[tokio::test]
async fn login_and_consent_challenges_are_stateless() {
    let v2 = live_v2!();
    let client = v2.flow_client("v2-stateless", "").await;
    let subject = unique("v2-stateless-user");
    let flow = login_and_consent(&v2, &client, &subject, false).await;
    assert!(flow.login_challenge.len() > 200, "an encrypted flow, not an id: {} chars", flow.login_challenge.len());

    // The whole flow is over (the code was issued), yet both requests still read and accept.
    let login = v2.get_request("login", &flow.login_challenge).await.expect(StatusCode::OK).json();
    assert_eq!(login["challenge"], flow.login_challenge.as_str());
    let again = v2.handle_request("login", "accept", &flow.login_challenge, Some(json!({"subject": subject})));
    let again = again.await.expect(StatusCode::OK).json();
    assert!(again["redirect_to"].as_str().expect("redirect_to").contains("login_verifier="));

    v2.get_request("consent", &flow.consent_challenge).await.expect(StatusCode::OK);
    let again = v2.handle_request("consent", "accept", &flow.consent_challenge, Some(json!({})));
    let again = again.await.expect(StatusCode::OK).json();
    assert!(again["redirect_to"].as_str().expect("redirect_to").contains("consent_verifier="));

    // Rejecting after accepting is a 200 as well.
    let rejected = v2.handle_request("login", "reject", &flow.login_challenge, Some(json!({"error": "access_denied"})));
    rejected.await.expect(StatusCode::OK);
    v2.delete_client(&client).await;
}

// Backs: a handled logout is reported as already handled, with its `redirect_to` resolved against the
// public URL (the server sends a path only); rejecting a logout sends no body and gets 204.
#[tokio::test]
async fn a_handled_logout_answers_410_with_a_relative_redirect() {
    let v2 = live_v2!();
    let client = v2.flow_client("v2-logout", "").await;
    let flow = login_and_consent(&v2, &client, &unique("v2-logout-user"), true).await;
    let logout_url = format!("{}/oauth2/sessions/logout", v2.public);
    let challenge = flow.browser.to_challenge(&logout_url, "/logout", "logout_challenge").await;

    let request = v2.get_request("logout", &challenge).await.expect(StatusCode::OK).json();
    assert_eq!(request["request_url"], "/oauth2/sessions/logout", "request_url is a path as well");
    let accepted = v2.handle_request("logout", "accept", &challenge, None).await.expect(StatusCode::OK).json();
    let verifier_url = accepted["redirect_to"].as_str().expect("redirect_to");
    assert!(verifier_url.starts_with(&format!("{}/oauth2/sessions/logout?logout_verifier=", v2.public)));
    // Accepted but not yet used by the browser: still a 200.
    v2.get_request("logout", &challenge).await.expect(StatusCode::OK);

    let (status, to) = flow.browser.get(verifier_url).await;
    assert_eq!(status, StatusCode::FOUND);
    assert_eq!(to.expect("Location").as_str(), format!("{LISTENER}/logged-out"));

    let gone = v2.get_request("logout", &challenge).await.expect(StatusCode::GONE).json();
    assert_eq!(gone, json!({"redirect_to": "/oauth2/sessions/logout"}));
    // The typed client says so from the table's `on 410 OAuth2RedirectTo`, with the path resolved
    // against its Public URL and the body kept as sent.
    let err = v2.client().get_o_auth2_logout_request(&challenge).await.expect_err("a handled logout");
    assert!(err.is_already_handled(), "{err:?}");
    assert_eq!(err.redirect_to(), Some(logout_url.as_str()));
    let sent = err.body_as::<ory_hydra_v2_client::OAuth2RedirectTo>().expect("the 410 body");
    assert_eq!(sent.redirect_to, "/oauth2/sessions/logout");
    // Accepting the used request again answers 200 with the old verifier; rejecting it, 204.
    v2.handle_request("logout", "accept", &challenge, None).await.expect(StatusCode::OK);
    let rejected = v2.handle_request("logout", "reject", &challenge, None).await.expect(StatusCode::NO_CONTENT);
    assert_eq!(rejected.body, "");
    v2.delete_client(&client).await;
}

// Backs: reject_o_auth2_logout_request sends no body and returns `()` on 204.
#[tokio::test]
async fn rejecting_a_logout_needs_no_body() {
    let v2 = live_v2!();
    let client = v2.flow_client("v2-logout-reject", "").await;
    let flow = login_and_consent(&v2, &client, &unique("v2-reject-user"), true).await;
    let logout_url = format!("{}/oauth2/sessions/logout", v2.public);
    let challenge = flow.browser.to_challenge(&logout_url, "/logout", "logout_challenge").await;
    let rejected = v2.handle_request("logout", "reject", &challenge, None).await.expect(StatusCode::NO_CONTENT);
    assert_eq!(rejected.body, "");
    assert_eq!(query(&flow.final_redirect, "scope").as_deref(), Some("openid offline"));
    v2.delete_client(&client).await;
}

// Backs: the unknown-challenge errors the v2 client decodes (errorOAuth2 bodies, two wordings).
#[tokio::test]
async fn unknown_challenges_are_404_with_error_bodies() {
    let v2 = live_v2!();
    let login = v2.get_request("login", "not-a-challenge").await.expect(StatusCode::NOT_FOUND).json();
    assert_eq!(login, json!({"error": "Not Found", "error_description": "Unable to locate the requested resource"}));
    let logout = v2.get_request("logout", "not-a-challenge").await.expect(StatusCode::NOT_FOUND).json();
    assert_eq!(logout, json!({"error": "Unable to locate the resource", "error_description": ""}));
    let browser = Browser::new();
    let (status, _) = browser.get(&format!("{}/oauth2/sessions/logout", v2.public)).await;
    assert_eq!(status, StatusCode::FOUND, "a logout without a session still redirects");
}

/// The `error` and `error_description` the client's redirect URI receives after `redirect_to` is
/// followed, with the code it must not receive.
async fn client_error(browser: &mut TypedBrowser, redirect_to: &str) -> [Option<String>; 3] {
    let back = browser.follow(redirect_to).await;
    assert!(back.location.as_str().starts_with(REDIRECT_URI), "{back:?}");
    ["error", "error_description", "code"].map(|name| back.query_param(name))
}

// Backs: reject_o_auth2_login_request sends the error to the login request it names, and the answer's
// `redirect_to` brings the client `access_denied` with the description given and no code.
#[tokio::test]
async fn a_rejected_login_gives_the_client_access_denied() {
    let v2 = live_v2!();
    let client = v2.flow_client("v2-reject-login", "").await;
    let mut browser = TypedBrowser::new(&v2);
    let challenge = browser.authorize(&client).await;
    let reject = RejectOAuth2Request::new().with_error("access_denied").with_error_description("the user said no");
    let rejected = browser.hydra.reject_o_auth2_login_request(&challenge, &reject).await.expect("reject login");
    assert!(rejected.redirect_to.contains("login_verifier="), "{}", rejected.redirect_to);
    let sent = client_error(&mut browser, &rejected.redirect_to).await;
    assert_eq!(sent, [Some("access_denied".into()), Some("the user said no".into()), None]);
    v2.delete_client(&client).await;
}

// Backs: reject_o_auth2_consent_request on the consent request of an accepted login: the client gets
// `access_denied` and no code.
#[tokio::test]
async fn a_rejected_consent_gives_the_client_access_denied() {
    let v2 = live_v2!();
    let client = v2.flow_client("v2-reject-consent", "").await;
    let mut browser = TypedBrowser::new(&v2);
    let login = browser.authorize(&client).await;
    let accept = AcceptOAuth2LoginRequest::new(unique("v2-reject-consent-user"));
    let accepted = browser.hydra.accept_o_auth2_login_request(&login, &accept).await.expect("accept login");
    let to = browser.follow(&accepted.redirect_to).await;
    let challenge = challenge_of(&to, "/consent", "consent_challenge");
    let reject = RejectOAuth2Request::new().with_error("access_denied").with_error_description("not this app");
    let rejected = browser.hydra.reject_o_auth2_consent_request(&challenge, &reject).await.expect("reject consent");
    assert!(rejected.redirect_to.contains("consent_verifier="), "{}", rejected.redirect_to);
    let sent = client_error(&mut browser, &rejected.redirect_to).await;
    assert_eq!(sent, [Some("access_denied".into()), Some("not this app".into()), None]);
    v2.delete_client(&client).await;
}

/// A remembered login of a fresh subject at `client`, then `revoke_oidc_session` with the browser's
/// cookies: returns the browser, the subject and the logout challenge of the redirect to the logout UI.
async fn remembered_then_logout(v2: &V2, client: &str) -> (TypedBrowser, String, String) {
    let mut browser = TypedBrowser::new(v2);
    let subject = unique("v2-logout-typed-user");
    browser.login_and_consent(client, &subject, true).await;
    let to = browser.hydra.revoke_oidc_session(&mut browser.jar, RevokeOidcSessionParams::default()).await;
    let to = to.expect("revoke_oidc_session");
    assert_eq!(to.status, ory_hydra_v2_client::StatusCode::FOUND, "{to:?}");
    let challenge = challenge_of(&to, "/logout", "logout_challenge");
    (browser, subject, challenge)
}

// Backs: revoke_oidc_session answers the redirect to the logout UI for the session in the jar, and
// accept_o_auth2_logout_request's `redirect_to` ends that session (the next login is not skipped).
#[tokio::test]
async fn an_accepted_logout_ends_the_remembered_login() {
    let v2 = live_v2!();
    let client = v2.flow_client("v2-logout-accept", "").await;
    let (mut browser, subject, challenge) = remembered_then_logout(&v2, &client).await;
    let request = browser.hydra.get_o_auth2_logout_request(&challenge).await.expect("get_o_auth2_logout_request");
    assert_eq!(request.subject, subject, "the jar's session");
    let accepted = browser.hydra.accept_o_auth2_logout_request(&challenge).await.expect("accept logout");
    assert!(accepted.redirect_to.starts_with(&format!("{}/oauth2/sessions/logout?logout_verifier=", v2.public)));
    let done = browser.follow(&accepted.redirect_to).await;
    assert_eq!(done.location.as_str(), format!("{LISTENER}/logged-out"));
    assert!(!browser.login_is_skipped(&client).await, "the session ended");
    v2.delete_client(&client).await;
}

// Backs: reject_o_auth2_logout_request returns `()` (the 204 has no body) and keeps the session: the
// next login is still skipped.
#[tokio::test]
async fn a_rejected_logout_keeps_the_remembered_login() {
    let v2 = live_v2!();
    let client = v2.flow_client("v2-logout-keep", "").await;
    let (mut browser, _, challenge) = remembered_then_logout(&v2, &client).await;
    browser.hydra.reject_o_auth2_logout_request(&challenge).await.expect("reject logout");
    assert!(browser.login_is_skipped(&client).await, "the session is kept");
    v2.delete_client(&client).await;
}
