//! Login, consent and logout requests on v2.3.0: stateless challenges, the handled logout's 410 with a
//! relative `redirect_to`, and rejecting a logout (QUIRKS.md, "v2.3.0").

use reqwest::StatusCode;
use serde_json::json;

use crate::support::{live_v2, login_and_consent, query, unique, Browser, LISTENER};

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
