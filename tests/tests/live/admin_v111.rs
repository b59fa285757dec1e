//! The Admin operations newer v1 releases added, against the real server: per-grant token lifespans, deleting
//! every token of a client, revoking all of a user's consents, and the `client_name` list filter.
//!
//! Each test checks what the server did (a token's lifetime, introspection after a delete, the sessions that
//! are left), so a request with a wrong path, parameter or body fails it.

use futures::TryStreamExt as _;
use ory_hydra_v1_client::{
    IntrospectOAuth2TokenParams, ListOAuth2ClientsParams, ListSubjectConsentSessionsParams, OAuth2Client,
    OAuth2TokenIntrospection, RevokeConsentSessionsParams, StatusCode, UpdateOAuth2ClientLifespans,
};
use serde_json::Value;

use crate::support::{
    clients_shared, flow_client, jwt_claims, live, login_and_consent, unique, Browser, DeleteOnPanic, Live,
};

/// A confidential client that may use the authorization code, refresh token and client credentials grants.
async fn create_client(live: &Live, prefix: &str) -> (String, String, DeleteOnPanic) {
    let id = unique(prefix);
    let secret = format!("{id}-secret");
    let client =
        flow_client(&id, &secret).with_grant_types(["authorization_code", "refresh_token", "client_credentials"]);
    let created = live.admin.create_o_auth2_client(&client).await.expect("create client");
    assert_eq!(created.client_id, id.as_str());
    let guard = DeleteOnPanic::new(live, &[&id]);
    (id, secret, guard)
}

/// An access token from the client credentials grant; returns the whole token response.
async fn client_credentials(browser: &Browser, id: &str, secret: &str) -> Value {
    let (status, body) = browser.client_credentials(id, secret).await;
    assert_eq!(status, StatusCode::OK, "client_credentials for {id}: {body}");
    serde_json::from_str(&body).expect("token response is JSON")
}

fn access_token(tokens: &Value) -> String {
    tokens["access_token"].as_str().expect("access_token").to_string()
}

async fn introspect(live: &Live, token: &str) -> OAuth2TokenIntrospection {
    live.admin.introspect_o_auth2_token(token, IntrospectOAuth2TokenParams::default()).await.expect("introspect")
}

/// How long the server made a token live, from its introspection.
async fn lifetime(live: &Live, token: &str) -> i64 {
    let info = introspect(live, token).await;
    assert!(info.active, "{info:?}");
    info.exp.expect("exp") - info.iat.expect("iat")
}

/// The authorization code flow for `subject` with a new browser; returns the token response.
async fn code_flow_tokens(live: &Live, id: &str, secret: &str, subject: &str) -> Value {
    let browser = Browser::new(live);
    let granted = login_and_consent(live, &browser, id, subject, true).await;
    browser.exchange_code(id, secret, &granted.code).await
}

/// The eight lifespans the tests leave unset, which the server must report as unset.
fn other_lifespans(c: &OAuth2Client) -> [&Option<String>; 8] {
    [
        &c.implicit_grant_access_token_lifespan,
        &c.implicit_grant_id_token_lifespan,
        &c.jwt_bearer_grant_access_token_lifespan,
        &c.password_grant_access_token_lifespan,
        &c.password_grant_refresh_token_lifespan,
        &c.refresh_token_grant_access_token_lifespan,
        &c.refresh_token_grant_id_token_lifespan,
        &c.refresh_token_grant_refresh_token_lifespan,
    ]
}

/// `PUT /clients/{id}/lifespans`: each lifespan shows in the tokens of its grant, the server answers with the
/// client in Go's duration notation, a PUT replaces every lifespan, and unset ones fall back to the defaults.
#[tokio::test]
async fn lifespans_per_grant_show_in_the_issued_tokens() {
    let live = live!(needs "update_o_auth2_client_lifespans");
    let _list = clients_shared().await;
    let (id, secret, _cleanup) = create_client(&live, "live-lifespans").await;
    let browser = Browser::new(&live);

    let lifespans = UpdateOAuth2ClientLifespans::new()
        .with_client_credentials_grant_access_token_lifespan("90s")
        .with_authorization_code_grant_access_token_lifespan("2m")
        .with_authorization_code_grant_id_token_lifespan("3m")
        .with_authorization_code_grant_refresh_token_lifespan("5m");
    let updated = live.admin.update_o_auth2_client_lifespans(&id, &lifespans).await.expect("update lifespans");
    assert_eq!(updated.client_id, id.as_str());
    // QUIRKS.md: the answer spells each duration as Go prints it.
    assert_eq!(updated.client_credentials_grant_access_token_lifespan.as_deref(), Some("1m30s"));
    assert_eq!(updated.authorization_code_grant_access_token_lifespan.as_deref(), Some("2m0s"));
    assert_eq!(updated.authorization_code_grant_id_token_lifespan.as_deref(), Some("3m0s"));
    assert_eq!(updated.authorization_code_grant_refresh_token_lifespan.as_deref(), Some("5m0s"));
    assert!(other_lifespans(&updated).iter().all(|l| l.is_none()), "{updated:?}");
    assert_eq!(updated.client_secret, None, "the answer carries no secret");
    let got = live.admin.get_o_auth2_client(&id).await.expect("get client");
    assert_eq!(got.client_credentials_grant_access_token_lifespan.as_deref(), Some("1m30s"));
    assert_eq!(got.authorization_code_grant_refresh_token_lifespan.as_deref(), Some("5m0s"));

    // --- client credentials: 90 seconds.
    let tokens = client_credentials(&browser, &id, &secret).await;
    let expires_in = tokens["expires_in"].as_i64().expect("expires_in");
    assert!((85..=90).contains(&expires_in), "{tokens}");
    assert_eq!(lifetime(&live, &access_token(&tokens)).await, 90);

    // --- authorization code: access 2 minutes, ID token 3, refresh token 5.
    let tokens = code_flow_tokens(&live, &id, &secret, &unique("user")).await;
    let expires_in = tokens["expires_in"].as_i64().expect("expires_in");
    assert!((115..=120).contains(&expires_in), "{tokens}");
    // The flow's tokens count from when the authorization request began, which `iat` can trail by a second
    // or two; the windows still tell each lifespan from the others and from the 1-hour default.
    let access = lifetime(&live, &access_token(&tokens)).await;
    assert!((118..=125).contains(&access), "access token lives {access}s");
    let id_token = jwt_claims(tokens["id_token"].as_str().expect("id_token"));
    let id_life = id_token["exp"].as_i64().zip(id_token["iat"].as_i64()).map(|(e, i)| e - i).expect("exp, iat");
    assert!((178..=185).contains(&id_life), "ID token lives {id_life}s: {id_token}");
    let refresh = lifetime(&live, tokens["refresh_token"].as_str().expect("refresh_token")).await;
    assert!((298..=305).contains(&refresh), "refresh token lives {refresh}s");

    // --- a PUT replaces every lifespan: the ones it leaves out are unset again.
    let updated = live
        .admin
        .update_o_auth2_client_lifespans(
            &id,
            &UpdateOAuth2ClientLifespans::new().with_client_credentials_grant_access_token_lifespan("1h30m"),
        )
        .await
        .expect("update one lifespan");
    assert_eq!(updated.client_credentials_grant_access_token_lifespan.as_deref(), Some("1h30m0s"));
    assert_eq!(updated.authorization_code_grant_access_token_lifespan, None, "{updated:?}");
    assert_eq!(updated.authorization_code_grant_refresh_token_lifespan, None, "{updated:?}");
    assert_eq!(lifetime(&live, &access_token(&client_credentials(&browser, &id, &secret).await)).await, 5400);

    // --- none set: the server's TTL_ACCESS_TOKEN (1h) again.
    let updated = live
        .admin
        .update_o_auth2_client_lifespans(&id, &UpdateOAuth2ClientLifespans::new())
        .await
        .expect("clear lifespans");
    assert_eq!(updated.client_credentials_grant_access_token_lifespan, None);
    assert_eq!(lifetime(&live, &access_token(&client_credentials(&browser, &id, &secret).await)).await, 3600);

    // --- what the server refuses.
    let err = live
        .admin
        .update_o_auth2_client_lifespans(
            &id,
            &UpdateOAuth2ClientLifespans::new().with_client_credentials_grant_access_token_lifespan("an hour"),
        )
        .await
        .expect_err("not a duration");
    assert_eq!(err.status(), Some(StatusCode::BAD_REQUEST), "{err:?}");
    let e = err.api().and_then(|a| a.error.as_ref()).expect("parsed error body");
    let description = e.error_description.as_deref().unwrap_or_default();
    assert!(description.contains("invalid duration"), "{e:?}");
    let err = live
        .admin
        .update_o_auth2_client_lifespans(&unique("live-missing"), &UpdateOAuth2ClientLifespans::new())
        .await
        .expect_err("missing client");
    assert!(err.is_not_found(), "{err:?}");

    live.admin.delete_o_auth2_client(&id).await.expect("delete client");
}

/// `DELETE /oauth2/tokens?client_id=`: every access and refresh token of that client becomes inactive, and
/// no other client's; the client itself stays and gets new tokens.
#[tokio::test]
async fn deleting_a_clients_tokens_leaves_other_clients_alone() {
    let live = live!(needs "delete_o_auth2_token");
    let _list = clients_shared().await;
    let (a, a_secret, _cleanup_a) = create_client(&live, "live-deltok-a").await;
    let (b, b_secret, _cleanup_b) = create_client(&live, "live-deltok-b").await;
    let browser = Browser::new(&live);
    let subject = unique("user");

    let a_flow = code_flow_tokens(&live, &a, &a_secret, &subject).await;
    let a_access = access_token(&a_flow);
    let a_refresh = a_flow["refresh_token"].as_str().expect("refresh_token").to_string();
    let a_cc = access_token(&client_credentials(&browser, &a, &a_secret).await);
    let b_cc = access_token(&client_credentials(&browser, &b, &b_secret).await);
    let b_flow = access_token(&code_flow_tokens(&live, &b, &b_secret, &subject).await);
    for token in [&a_access, &a_refresh, &a_cc, &b_cc, &b_flow] {
        assert!(introspect(&live, token).await.active, "active before the delete");
    }

    live.admin.delete_o_auth2_token(&a).await.expect("delete_o_auth2_token");
    for (what, token) in [("access", &a_access), ("client credentials", &a_cc)] {
        assert!(!introspect(&live, token).await.active, "{what} token of {a} is revoked");
    }
    // As upstream documents it (not every client library does), only the access tokens go: refresh tokens
    // stay active (QUIRKS.md).
    let info = introspect(&live, &a_refresh).await;
    assert!(info.active && info.token_use.as_deref() == Some("refresh_token"), "{info:?}");
    for token in [&b_cc, &b_flow] {
        let info = introspect(&live, token).await;
        assert!(info.active && info.client_id.as_deref() == Some(b.as_str()), "{b} keeps its tokens: {info:?}");
    }
    // The consent the user gave stays; only the tokens went.
    let sessions = live
        .admin
        .list_subject_consent_sessions(&subject, ListSubjectConsentSessionsParams::default())
        .await
        .expect("list consent sessions");
    assert_eq!(sessions.items.len(), 2, "{sessions:?}");
    // The client is still there and gets new tokens.
    let fresh = access_token(&client_credentials(&browser, &a, &a_secret).await);
    assert!(introspect(&live, &fresh).await.active);

    // QUIRKS.md: a client without tokens, or that does not exist, is 204 too.
    live.admin.delete_o_auth2_token(&unique("live-missing")).await.expect("unknown client: 204");
    let err = live.admin.delete_o_auth2_token("").await.expect_err("an empty client_id");
    assert_eq!(err.status(), Some(StatusCode::BAD_REQUEST), "{err:?}");
    let e = err.api().and_then(|a| a.error.as_ref()).expect("parsed error body");
    assert_eq!(e.error, "invalid_request", "{e:?}");

    live.admin.revoke_consent_sessions(&subject, RevokeConsentSessionsParams::default().all(true)).await.ok();
    live.admin.revoke_authentication_session(&subject).await.ok();
    live.admin.delete_o_auth2_client(&a).await.expect("delete a");
    live.admin.delete_o_auth2_client(&b).await.expect("delete b");
}

/// The client ids of a subject's consent sessions, sorted.
async fn consented_clients(live: &Live, subject: &str) -> Vec<String> {
    let page = live
        .admin
        .list_subject_consent_sessions(subject, ListSubjectConsentSessionsParams::default())
        .await
        .expect("list consent sessions");
    let mut ids: Vec<String> = page.items.iter().map(|s| s.consent_request.client.client_id.clone()).collect();
    ids.sort();
    ids
}

/// `DELETE /oauth2/auth/sessions/consent?subject=&all=true`: every consent of that user, for every client,
/// and the tokens issued under them; other users keep theirs. From v1.7 on a call with neither `client` nor
/// `all` is refused, so this also proves the client sends `all`. v1.3 ignores `all` and revokes everything
/// when `client` is missing, so the test runs there too.
#[tokio::test]
async fn revoking_all_consents_of_a_user() {
    let live = live!();
    let _list = clients_shared().await;
    let (c1, c1_secret, _cleanup_1) = create_client(&live, "live-revall-1").await;
    let (c2, c2_secret, _cleanup_2) = create_client(&live, "live-revall-2").await;
    let (user, other) = (unique("user"), unique("user"));

    let user_tokens =
        [code_flow_tokens(&live, &c1, &c1_secret, &user).await, code_flow_tokens(&live, &c2, &c2_secret, &user).await];
    let other_token = access_token(&code_flow_tokens(&live, &c1, &c1_secret, &other).await);
    let mut both = vec![c1.clone(), c2.clone()];
    both.sort();
    assert_eq!(consented_clients(&live, &user).await, both);
    assert_eq!(consented_clients(&live, &other).await, vec![c1.clone()]);

    if live.serves("revoke_consent_sessions.all") {
        let err = live
            .admin
            .revoke_consent_sessions(&user, RevokeConsentSessionsParams::default())
            .await
            .expect_err("neither client nor all");
        assert_eq!(err.status(), Some(StatusCode::BAD_REQUEST), "{err:?}");
        assert_eq!(consented_clients(&live, &user).await, both, "nothing was revoked");
    }

    live.admin
        .revoke_consent_sessions(&user, RevokeConsentSessionsParams::default().all(true))
        .await
        .expect("revoke all consents");
    assert!(consented_clients(&live, &user).await.is_empty(), "every consent of {user} is gone");
    for tokens in &user_tokens {
        assert!(!introspect(&live, &access_token(tokens)).await.active, "access token revoked");
        let refresh = tokens["refresh_token"].as_str().expect("refresh_token");
        assert!(!introspect(&live, refresh).await.active, "refresh token revoked");
    }
    assert_eq!(consented_clients(&live, &other).await, vec![c1.clone()], "{other} keeps their consent");
    assert!(introspect(&live, &other_token).await.active, "{other} keeps their token");

    // Nothing left to revoke: v1.3 answers 404, v1.11 204 (QUIRKS.md).
    let again = live.admin.revoke_consent_sessions(&user, RevokeConsentSessionsParams::default().all(true)).await;
    if live.version.at_least("v1.11") {
        again.expect("nothing left: 204");
    } else {
        assert!(again.expect_err("nothing left: 404").is_not_found());
    }

    live.admin
        .revoke_consent_sessions(&other, RevokeConsentSessionsParams::default().client(&c1))
        .await
        .expect("revoke the other user's consent");
    for subject in [&user, &other] {
        live.admin.revoke_authentication_session(subject).await.ok();
    }
    live.admin.delete_o_auth2_client(&c1).await.expect("delete c1");
    live.admin.delete_o_auth2_client(&c2).await.expect("delete c2");
}

/// The ids a filtered listing yields, through every page of two, sorted.
async fn listed(live: &Live, params: ListOAuth2ClientsParams) -> Vec<String> {
    let clients: Vec<OAuth2Client> =
        live.admin.list_o_auth2_clients_stream(params.limit(2)).try_collect().await.expect("filtered listing");
    let mut ids: Vec<String> = clients.into_iter().map(|c| c.client_id).collect();
    ids.sort();
    ids
}

/// `GET /clients?client_name=`: exactly the clients with that name (not a prefix match), alone and together
/// with `owner`, across pages.
#[tokio::test]
async fn the_client_name_filter_lists_only_clients_of_that_name() {
    let live = live!(needs "list_o_auth2_clients.client_name");
    let _list = clients_shared().await;
    let name = unique("live-name");
    let (owner1, owner2) = (unique("live-name-owner"), unique("live-name-owner"));
    let specs = [
        (format!("{name}-c0"), name.clone(), &owner1),
        (format!("{name}-c1"), name.clone(), &owner1),
        (format!("{name}-c2"), name.clone(), &owner2),
        (format!("{name}-c3"), format!("{name}-longer"), &owner1),
        (format!("{name}-c4"), String::new(), &owner1),
    ];
    let ids: Vec<&str> = specs.iter().map(|(id, _, _)| id.as_str()).collect();
    let _cleanup = DeleteOnPanic::new(&live, &ids);
    for (id, client_name, owner) in &specs {
        let client = OAuth2Client::new().with_client_id(id).with_client_name(client_name).with_owner(owner.as_str());
        live.admin.create_o_auth2_client(&client).await.expect("create client");
    }
    let of = |picks: &[usize]| picks.iter().map(|&i| ids[i].to_string()).collect::<Vec<_>>();

    let by_name = listed(&live, ListOAuth2ClientsParams::default().client_name(name.clone())).await;
    assert_eq!(by_name, of(&[0, 1, 2]), "exactly the clients named {name}");
    let both = listed(&live, ListOAuth2ClientsParams::default().client_name(name.clone()).owner(owner1.clone())).await;
    assert_eq!(both, of(&[0, 1]), "named {name} and owned by {owner1}");
    let by_owner = listed(&live, ListOAuth2ClientsParams::default().owner(owner1.clone())).await;
    assert_eq!(by_owner, of(&[0, 1, 3, 4]));
    let none = listed(&live, ListOAuth2ClientsParams::default().client_name(format!("{name}-nobody"))).await;
    assert!(none.is_empty(), "{none:?}");

    for id in ids {
        live.admin.delete_o_auth2_client(id).await.expect("delete client");
    }
}
