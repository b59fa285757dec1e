//! Tokens through `ory-hydra-v2-client` on v2.3.0: the code exchanged, introspected, used at userinfo,
//! revoked by the client, and a client's access tokens deleted by the admin.

use ory_hydra_v2_client::{
    ClientCredentials, GrantType, IntrospectOAuth2TokenParams, OAuth2TokenExchange, Oauth2TokenExchangeParams,
};

use crate::support::{live_v2, unique, TypedBrowser, REDIRECT_URI, V2};

/// A fresh subject's tokens at `client` (secret `<client>-secret`), through the typed token exchange.
async fn tokens(v2: &V2, client: &str, subject: &str) -> OAuth2TokenExchange {
    let mut browser = TypedBrowser::new(v2);
    let code = browser.login_and_consent(client, subject, false).await;
    let creds = ClientCredentials::basic(client, format!("{client}-secret"));
    let params = Oauth2TokenExchangeParams::default().code(code).redirect_uri(REDIRECT_URI);
    v2.client()
        .oauth2_token_exchange(&creds, GrantType::AuthorizationCode, params)
        .await
        .expect("oauth2_token_exchange")
}

/// Whether the admin's introspection says `token` is active.
async fn active(v2: &V2, token: &str) -> bool {
    let answer = v2.client().introspect_o_auth2_token(token, IntrospectOAuth2TokenParams::default()).await;
    answer.expect("introspect_o_auth2_token").active
}

// Backs: oauth2_token_exchange with client_secret_basic, introspect_o_auth2_token naming the token's
// client and subject, get_oidc_user_info answering for the access token's subject, and
// revoke_o_auth2_token on the refresh token making it inactive.
#[tokio::test]
async fn a_code_becomes_tokens_that_introspect_serve_userinfo_and_revoke() {
    let v2 = live_v2!();
    let client = v2.flow_client("v2-tokens", "").await;
    let subject = unique("v2-tokens-user");
    let hydra = v2.client();
    let token = tokens(&v2, &client, &subject).await;
    assert_eq!(token.token_type, "bearer");
    assert!(token.id_token.is_some(), "scope openid");
    let seen = hydra.introspect_o_auth2_token(&token.access_token, IntrospectOAuth2TokenParams::default()).await;
    let seen = seen.expect("introspect_o_auth2_token");
    assert!(seen.active);
    assert_eq!((seen.client_id.as_deref(), seen.sub.as_deref()), (Some(client.as_str()), Some(subject.as_str())));
    assert_eq!(seen.token_use.as_deref(), Some("access_token"));
    let user = hydra.get_oidc_user_info(&token.access_token).await.expect("get_oidc_user_info");
    assert_eq!(user.sub, subject);

    let refresh = token.refresh_token.clone().expect("scope offline");
    assert!(active(&v2, &refresh).await);
    let creds = ClientCredentials::basic(&client, format!("{client}-secret"));
    hydra.revoke_o_auth2_token(&creds, &refresh, Default::default()).await.expect("revoke_o_auth2_token");
    assert!(!active(&v2, &refresh).await, "the revoked refresh token");
    v2.delete_client(&client).await;
}

// Backs: delete_o_auth2_token sends `client_id` and makes that client's access tokens inactive at
// introspection; another client's token stays active.
#[tokio::test]
async fn deleting_a_clients_tokens_makes_them_inactive() {
    let v2 = live_v2!();
    let client = v2.flow_client("v2-delete-tokens", "").await;
    let other = v2.flow_client("v2-keep-tokens", "").await;
    let token = tokens(&v2, &client, &unique("v2-delete-tokens-user")).await;
    let kept = tokens(&v2, &other, &unique("v2-keep-tokens-user")).await;
    assert!(active(&v2, &token.access_token).await && active(&v2, &kept.access_token).await);
    v2.client().delete_o_auth2_token(&client).await.expect("delete_o_auth2_token");
    assert!(!active(&v2, &token.access_token).await, "the client's access token");
    assert!(active(&v2, &kept.access_token).await, "another client's token");
    v2.delete_client(&client).await;
    v2.delete_client(&other).await;
}
