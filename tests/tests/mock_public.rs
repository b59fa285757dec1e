//! Public API operations and models against httpmock: which side each request goes to, which
//! credentials it carries, and what is decoded.

mod common;

use ory_hydra_v1_client::{Oauth2TokenResponse, UserinfoResponse, WellKnown};
use serde_json::json;

#[test]
fn the_token_response_decodes_and_hides_its_tokens() {
    let t: Oauth2TokenResponse = serde_json::from_value(json!({
        "access_token": "ory_at_secret-access", "refresh_token": "ory_rt_secret-refresh", "id_token": "eyJ.secret-id.sig",
        "expires_in": 3599, "scope": "openid offline", "token_type": "bearer"
    }))
    .unwrap();
    assert_eq!(t.access_token.as_deref(), Some("ory_at_secret-access"));
    assert_eq!(t.refresh_token.as_deref(), Some("ory_rt_secret-refresh"));
    assert_eq!(t.id_token.as_deref(), Some("eyJ.secret-id.sig"));
    assert_eq!(
        (t.expires_in, t.scope.as_deref(), t.token_type.as_deref()),
        (Some(3599), Some("openid offline"), Some("bearer"))
    );
    assert!(t.extra.is_empty());
    let printed = format!("{t:?}");
    assert!(!printed.contains("secret"), "{printed}");
}

#[test]
fn the_discovery_document_decodes_with_its_required_members() {
    let doc: WellKnown = serde_json::from_value(json!({
        "issuer": "http://127.0.0.1:4444/",
        "authorization_endpoint": "http://127.0.0.1:4444/oauth2/auth",
        "token_endpoint": "http://127.0.0.1:4444/oauth2/token",
        "jwks_uri": "http://127.0.0.1:4444/.well-known/jwks.json",
        "subject_types_supported": ["public", "pairwise"],
        "response_types_supported": ["code", "code id_token"],
        "id_token_signing_alg_values_supported": ["RS256"],
        "registration_endpoint": "http://127.0.0.1:4444/oauth2/register",
        "backchannel_logout_supported": true,
        "request_object_signing_alg_values_supported": null,
        "some_future_member": 1
    }))
    .unwrap();
    assert_eq!(doc.issuer, "http://127.0.0.1:4444/");
    assert_eq!(doc.subject_types_supported, ["public", "pairwise"]);
    assert_eq!(doc.registration_endpoint.as_deref(), Some("http://127.0.0.1:4444/oauth2/register"));
    assert_eq!(doc.request_object_signing_alg_values_supported, None);
    assert_eq!(doc.backchannel_logout_supported, Some(true));
    assert_eq!(doc.extra.len(), 1, "unknown members are kept: {:?}", doc.extra);
    let missing = serde_json::from_value::<WellKnown>(json!({"issuer": "x"})).unwrap_err();
    assert!(missing.to_string().contains("missing field"), "{missing}");
}

#[test]
fn userinfo_keeps_standard_claims_typed_and_the_rest_raw() {
    let info: UserinfoResponse = serde_json::from_value(json!({
        "sub": "alice", "email": "a@example.com", "email_verified": true, "updated_at": 1700000000,
        "role": "admin", "groups": ["a", "b"], "big": 12345678901234567890u64
    }))
    .unwrap();
    assert_eq!(info.sub.as_deref(), Some("alice"));
    assert_eq!(info.email_verified, Some(true));
    assert_eq!(info.updated_at, Some(1_700_000_000));
    assert_eq!(info.extra.len(), 3, "{:?}", info.extra);
    assert_eq!(info.extra.get("groups"), Some(&json!(["a", "b"])));
    assert_eq!(serde_json::to_value(&info).unwrap()["big"], json!(12345678901234567890u64));
}
