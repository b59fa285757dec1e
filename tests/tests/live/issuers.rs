//! Trusted JWT grant issuers (RFC 7523) against the real server: trust, get, list, delete, and what the
//! server keeps of the issuer's key.

use futures::TryStreamExt as _;
use ory_hydra_v1_client::{
    JsonWebKey, ListTrustedJwtGrantIssuersParams, TrustJwtGrantIssuerBody, TrustedJwtGrantIssuer,
};
use time::{Duration, OffsetDateTime};

use crate::support::{live, unique, Live};

/// An issuer's signing key: the public half as the JWK Hydra is told to trust.
pub struct IssuerKey {
    /// The public key, `kty` EC, `crv` P-256, `alg` ES256, with the given `kid`.
    pub jwk: JsonWebKey,
}

/// A fresh P-256 key pair (rcgen is already how the tests make keys).
pub fn issuer_key(kid: &str) -> IssuerKey {
    use base64::Engine as _;
    let pair = rcgen::KeyPair::generate_for(&rcgen::PKCS_ECDSA_P256_SHA256).expect("P-256 key");
    // An uncompressed point: 0x04, then 32 bytes of x and 32 of y.
    let point = pair.public_key_raw();
    assert_eq!((point.len(), point[0]), (65, 4), "uncompressed P-256 point");
    let b64 = |b: &[u8]| base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(b);
    let jwk = JsonWebKey::new(kid, "EC")
        .with_crv("P-256")
        .with_alg("ES256")
        .with_key_use("sig")
        .with_x(b64(&point[1..33]))
        .with_y(b64(&point[33..]));
    IssuerKey { jwk }
}

/// A day from now, in whole seconds (what the server stores).
pub fn tomorrow() -> OffsetDateTime {
    (OffsetDateTime::now_utc() + Duration::days(1)).replace_nanosecond(0).expect("whole seconds")
}

/// The relationships the server lists for `issuer`, sorted by id.
async fn listed(live: &Live, issuer: &str) -> Vec<TrustedJwtGrantIssuer> {
    let page = live
        .admin
        .list_trusted_jwt_grant_issuers(ListTrustedJwtGrantIssuersParams::default().issuer(issuer))
        .await
        .expect("list trusted issuers");
    let mut items = page.items;
    items.sort_by(|a, b| a.id.cmp(&b.id));
    items
}

/// Trust, get, list (filtered and paged) and delete; the issuer's public key is stored in a key set named
/// after the issuer and goes with the relationship.
#[tokio::test]
async fn trusted_issuer_lifecycle() {
    let live = live!(needs "trust_jwt_grant_issuer", "get_trusted_jwt_grant_issuer", "list_trusted_jwt_grant_issuers", "delete_trusted_jwt_grant_issuer");
    let hydra = &live.admin;
    // No `/` in the issuer, so the key set named after it can be read through the client.
    let issuer = unique("live-issuer");
    let subject = unique("user");
    let key = issuer_key(&unique("kid"));
    let kid = key.jwk.kid.clone();
    let expires = tomorrow();
    let before = OffsetDateTime::now_utc() - Duration::minutes(1);
    // Another issuer's relationship, which the `issuer` filter must leave out.
    let decoy = hydra
        .trust_jwt_grant_issuer(
            &TrustJwtGrantIssuerBody::new(expires, unique("live-decoy"), issuer_key("decoy").jwk, ["read"])
                .with_allow_any_subject(true),
        )
        .await
        .expect("trust the decoy");

    let trusted = hydra
        .trust_jwt_grant_issuer(
            &TrustJwtGrantIssuerBody::new(expires, &issuer, key.jwk.clone(), ["read", "write"]).with_subject(&subject),
        )
        .await
        .expect("trust_jwt_grant_issuer");
    let id = trusted.id.clone();
    assert!(!id.is_empty());
    assert_eq!(trusted.issuer, issuer.as_str());
    assert_eq!(trusted.subject, subject.as_str());
    assert_eq!(trusted.allow_any_subject, Some(false));
    assert_eq!(trusted.scope, vec!["read".to_string(), "write".to_string()]);
    assert_eq!(trusted.expires_at, expires);
    assert!(trusted.created_at >= before, "{trusted:?}");
    let public_key = &trusted.public_key;
    assert_eq!((public_key.set.as_str(), public_key.kid.as_str()), (issuer.as_str(), kid.as_str()));
    assert!(trusted.extra.is_empty(), "every member is modelled: {:?}", trusted.extra);

    // --- get and list give the same relationship.
    assert_eq!(hydra.get_trusted_jwt_grant_issuer(&id).await.expect("get"), trusted);
    assert_eq!(listed(&live, &issuer).await, vec![trusted.clone()]);
    let all: Vec<TrustedJwtGrantIssuer> = hydra
        .list_trusted_jwt_grant_issuers_stream(ListTrustedJwtGrantIssuersParams::default().limit(1))
        .try_collect()
        .await
        .expect("every issuer, one per page");
    assert_eq!(all.iter().filter(|t| t.id == id).count(), 1, "listed once");

    // --- the public key is stored under the issuer's name.
    let stored = hydra.get_json_web_key(&issuer, &kid).await.expect("stored key");
    let stored = stored.keys.unwrap_or_default();
    assert_eq!(stored.len(), 1, "{stored:?}");
    assert_eq!((&stored[0].x, &stored[0].y, &stored[0].d), (&key.jwk.x, &key.jwk.y, &None));

    // --- the same issuer, subject and key again is a conflict; any subject with another key is not.
    let err = hydra
        .trust_jwt_grant_issuer(
            &TrustJwtGrantIssuerBody::new(expires, &issuer, key.jwk.clone(), ["read"]).with_subject(&subject),
        )
        .await
        .expect_err("the same relationship twice");
    assert!(err.is_conflict(), "{err:?}");
    let other_key = issuer_key(&unique("kid"));
    let any = hydra
        .trust_jwt_grant_issuer(
            &TrustJwtGrantIssuerBody::new(expires, &issuer, other_key.jwk.clone(), ["read"])
                .with_allow_any_subject(true),
        )
        .await
        .expect("trust any subject");
    assert_eq!((any.allow_any_subject, any.subject.as_str()), (Some(true), ""));
    let mut both = vec![trusted.clone(), any.clone()];
    both.sort_by(|a, b| a.id.cmp(&b.id));
    assert_eq!(listed(&live, &issuer).await, both);

    // --- neither a subject nor any subject: refused.
    let err = hydra
        .trust_jwt_grant_issuer(&TrustJwtGrantIssuerBody::new(expires, &issuer, issuer_key("k").jwk, ["read"]))
        .await
        .expect_err("no subject");
    assert_eq!(err.status(), Some(ory_hydra_v1_client::StatusCode::BAD_REQUEST), "{err:?}");
    let e = err.api().and_then(|a| a.error.as_ref()).expect("parsed error body");
    assert_eq!(e.error, "missing_required_parameter", "{e:?}");

    // --- delete: gone from get, list and the key store; a second delete is 404.
    hydra.delete_trusted_jwt_grant_issuer(&id).await.expect("delete");
    assert!(hydra.get_trusted_jwt_grant_issuer(&id).await.expect_err("deleted").is_not_found());
    assert_eq!(listed(&live, &issuer).await, vec![any.clone()]);
    assert!(hydra.get_json_web_key(&issuer, &kid).await.expect_err("key deleted too").is_not_found());
    assert!(hydra.delete_trusted_jwt_grant_issuer(&id).await.expect_err("deleted twice").is_not_found());
    hydra.delete_trusted_jwt_grant_issuer(any.id.as_str()).await.expect("delete any");
    assert!(listed(&live, &issuer).await.is_empty());
    hydra.delete_trusted_jwt_grant_issuer(decoy.id.as_str()).await.expect("delete the decoy");
}

/// QUIRKS.md: two relationships of one issuer that share a key id share the stored key, and deleting
/// either deletes it, after which the other can no longer be read, listed or deleted (404).
#[tokio::test]
async fn relationships_sharing_a_key_go_together() {
    let live = live!(needs "trust_jwt_grant_issuer", "get_trusted_jwt_grant_issuer", "list_trusted_jwt_grant_issuers", "delete_trusted_jwt_grant_issuer");
    let hydra = &live.admin;
    let issuer = unique("live-issuer-shared");
    let key = issuer_key(&unique("kid"));
    let trust = |subject: String| {
        TrustJwtGrantIssuerBody::new(tomorrow(), &issuer, key.jwk.clone(), ["read"]).with_subject(subject)
    };
    let first = hydra.trust_jwt_grant_issuer(&trust(unique("user"))).await.expect("trust first subject");
    let second = hydra.trust_jwt_grant_issuer(&trust(unique("user"))).await.expect("trust second subject");
    assert_ne!(first.id, second.id);
    assert_eq!(listed(&live, &issuer).await.len(), 2);

    hydra.delete_trusted_jwt_grant_issuer(first.id.as_str()).await.expect("delete first");
    let second_id = second.id.as_str();
    let err = hydra.get_trusted_jwt_grant_issuer(second_id).await.expect_err("the shared key is gone");
    assert!(err.is_not_found(), "{err:?}");
    assert!(listed(&live, &issuer).await.is_empty());
    assert!(hydra.delete_trusted_jwt_grant_issuer(second_id).await.expect_err("unreachable").is_not_found());
}
