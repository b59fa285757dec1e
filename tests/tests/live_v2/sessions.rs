//! Login and consent sessions through `ory-hydra-v2-client` on v2.3.0: a remembered login ended by
//! subject, and a remembered consent listed and then revoked.

use ory_hydra_v2_client::{
    ListOAuth2ConsentSessionsParams, RevokeOAuth2ConsentSessionsParams, RevokeOAuth2LoginSessionsParams,
};

use crate::support::{live_v2, unique, TypedBrowser};

// Backs: revoke_o_auth2_login_sessions sends `subject` and ends that subject's remembered login (the
// next flow shows the login form again), leaving another subject's session alone; with neither
// `subject` nor `sid` it is refused before anything is sent.
#[tokio::test]
async fn revoking_login_sessions_by_subject_ends_the_remembered_login() {
    let v2 = live_v2!();
    let client = v2.flow_client("v2-revoke-login", "").await;
    let subject = unique("v2-revoke-login-user");
    let mut browser = TypedBrowser::new(&v2);
    browser.login_and_consent(&client, &subject, true).await;
    let mut bystander = TypedBrowser::new(&v2);
    bystander.login_and_consent(&client, &unique("v2-revoke-login-other"), true).await;
    assert!(browser.login_is_skipped(&client).await, "remembered before the revocation");

    let hydra = v2.client();
    let by_subject = RevokeOAuth2LoginSessionsParams::default().subject(subject.clone());
    hydra.revoke_o_auth2_login_sessions(by_subject).await.expect("revoke_o_auth2_login_sessions");
    assert!(!browser.login_is_skipped(&client).await, "the subject's session ended");
    assert!(bystander.login_is_skipped(&client).await, "another subject's session is kept");

    let nothing = hydra.revoke_o_auth2_login_sessions(RevokeOAuth2LoginSessionsParams::default()).await;
    let err = nothing.expect_err("neither subject nor sid");
    assert_eq!(err.status(), None, "refused before sending: {err:?}");
    v2.delete_client(&client).await;
}

// Backs: list_o_auth2_consent_sessions lists the subject's remembered consent with the client and the
// granted scopes, and revoke_o_auth2_consent_sessions for that subject and client empties the list.
#[tokio::test]
async fn a_remembered_consent_is_listed_then_revoked() {
    let v2 = live_v2!();
    let client = v2.flow_client("v2-consent-list", "").await;
    let subject = unique("v2-consent-list-user");
    let mut browser = TypedBrowser::new(&v2);
    browser.login_and_consent(&client, &subject, true).await;
    let hydra = v2.client();

    let page = hydra.list_o_auth2_consent_sessions(&subject, ListOAuth2ConsentSessionsParams::default()).await;
    let sessions = page.expect("list_o_auth2_consent_sessions").items;
    assert_eq!(sessions.len(), 1, "{sessions:?}");
    let session = &sessions[0];
    assert_eq!(session.consent_request.subject, subject);
    assert_eq!(session.consent_request.client.client_id, client);
    assert_eq!(session.grant_scope, ["openid", "offline"]);
    assert!(session.remember, "{session:?}");

    let revoke = RevokeOAuth2ConsentSessionsParams::default().subject(subject.clone()).client(client.clone());
    hydra.revoke_o_auth2_consent_sessions(revoke).await.expect("revoke_o_auth2_consent_sessions");
    let page = hydra.list_o_auth2_consent_sessions(&subject, ListOAuth2ConsentSessionsParams::default()).await;
    assert!(page.expect("list after revoking").items.is_empty(), "revoked");
    v2.delete_client(&client).await;
}
