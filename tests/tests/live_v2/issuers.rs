//! Trusted JWT-bearer grant issuers (RFC 7523) through `ory-hydra-v2-client` on v2.3.0: trusted, found
//! by id and by issuer, used for a grant, then removed.

use ory_hydra_v2_client::{
    ClientCredentials, GrantType, JsonWebKey, ListTrustedOAuth2JwtGrantIssuersParams, OAuth2Client,
    Oauth2TokenExchangeParams, TokenEndpointAuthMethod, TrustOAuth2JwtGrantIssuer,
};
use time::{Duration, OffsetDateTime};

use crate::es256::Es256;
use crate::support::{live_v2, unique, V2};

/// A grant of `client` with an assertion `key` signs for `issuer` and `subject` (a fresh `jti` each time).
async fn grant(
    v2: &V2,
    client: &str,
    key: &Es256,
    issuer: &str,
    subject: &str,
) -> Result<String, ory_hydra_v2_client::Error> {
    let now = OffsetDateTime::now_utc().unix_timestamp();
    let claims = serde_json::json!({
        "iss": issuer, "sub": subject, "aud": format!("{}/oauth2/token", v2.public),
        "iat": now, "exp": now + 300, "jti": unique("jti"),
    });
    let creds = ClientCredentials::basic(client, format!("{client}-secret"));
    let params = Oauth2TokenExchangeParams::default().assertion(key.sign(&claims)).scope("read");
    Ok(v2.client().oauth2_token_exchange(&creds, GrantType::JwtBearer, params).await?.access_token)
}

// Backs: trust_o_auth2_jwt_grant_issuer returns the relationship with its id and the stored key's set and
// kid; get_trusted_o_auth2_jwt_grant_issuer finds it by id, list_trusted_o_auth2_jwt_grant_issuers by
// issuer; a jwt-bearer grant signed by the trusted key works, and after
// delete_trusted_o_auth2_jwt_grant_issuer the relationship is 404 (`is_not_found`), unlisted, and the
// same grant is refused.
#[tokio::test]
async fn a_trusted_issuer_is_found_used_and_removed() {
    let v2 = live_v2!();
    let hydra = v2.client();
    let (issuer, subject) = (unique("v2-issuer"), unique("v2-issuer-user"));
    let key = Es256::new(unique("v2-issuer-key"));
    let (x, y) = key.xy();
    let jwk = JsonWebKey::new("ES256", key.kid.clone(), "EC", "sig").with_crv("P-256").with_x(x).with_y(y);
    let expires = (OffsetDateTime::now_utc() + Duration::days(1)).replace_nanosecond(0).expect("whole seconds");
    let body = TrustOAuth2JwtGrantIssuer::new(expires, &issuer, jwk, ["read"]).with_subject(&subject);
    let trusted = hydra.trust_o_auth2_jwt_grant_issuer(&body).await.expect("trust_o_auth2_jwt_grant_issuer");
    assert!(!trusted.id.is_empty());
    assert_eq!((trusted.issuer.as_str(), trusted.subject.as_str()), (issuer.as_str(), subject.as_str()));
    assert_eq!((trusted.scope.as_slice(), trusted.expires_at), (&["read".to_string()][..], expires));
    assert_eq!((trusted.public_key.set.as_str(), trusted.public_key.kid.as_str()), (issuer.as_str(), key.kid.as_str()));

    assert_eq!(hydra.get_trusted_o_auth2_jwt_grant_issuer(&trusted.id).await.expect("get"), trusted);
    let by_issuer = ListTrustedOAuth2JwtGrantIssuersParams::default().issuer(issuer.clone());
    let listed = hydra.list_trusted_o_auth2_jwt_grant_issuers(by_issuer.clone()).await.expect("list").items;
    assert_eq!(listed, std::slice::from_ref(&trusted));

    let client = unique("v2-jwt-bearer");
    let registered = OAuth2Client::new()
        .with_client_id(client.clone())
        .with_client_secret(format!("{client}-secret"))
        .with_grant_types([GrantType::JwtBearer])
        .with_scope("read")
        .with_token_endpoint_auth_method(TokenEndpointAuthMethod::ClientSecretBasic);
    hydra.create_o_auth2_client(&registered).await.expect("a jwt-bearer client");
    let access = grant(&v2, &client, &key, &issuer, &subject).await.expect("a grant the trusted key signed");
    let seen = hydra.introspect_o_auth2_token(&access, Default::default()).await.expect("introspect");
    assert_eq!((seen.active, seen.sub.as_deref()), (true, Some(subject.as_str())));

    hydra.delete_trusted_o_auth2_jwt_grant_issuer(&trusted.id).await.expect("delete_trusted_o_auth2_jwt_grant_issuer");
    let gone = hydra.get_trusted_o_auth2_jwt_grant_issuer(&trusted.id).await.expect_err("deleted");
    assert!(gone.is_not_found(), "{gone:?}");
    assert!(hydra.list_trusted_o_auth2_jwt_grant_issuers(by_issuer).await.expect("list").items.is_empty());
    let refused = grant(&v2, &client, &key, &issuer, &subject).await.expect_err("an issuer no longer trusted");
    assert!(refused.status().is_some_and(|s| s.is_client_error()), "{refused:?}");
    v2.delete_client(&client).await;
}
