//! The rules every generated model applies to each member while decoding, through JSON and YAML (the
//! generated visitors hand each member to the runtime's shared helpers, so these pin what the helpers
//! must keep doing for every model and every format): a member sent twice is refused, a missing required
//! member is named, `null` reads as absent (or as Go's zero value where the table says so), timestamps
//! are checked, and unknown members are kept.

use ory_hydra_v1_client::{OAuth2Client, TrustedJwtGrantIssuer};
use serde::de::DeserializeOwned;
use serde_json::{json, Value};

/// A trusted issuer as Hydra v1.11 answers it, every required member present.
fn issuer() -> Value {
    json!({
        "created_at": "2026-12-07T01:02:03Z",
        "expires_at": "2027-12-07T01:02:03Z",
        "id": "7a3e",
        "issuer": "https://issuer.example",
        "public_key": {"kid": "k1", "set": "s1"},
        "scope": ["read"],
        "subject": "alice"
    })
}

/// Decodes `value` from JSON text and from YAML text, returning both results' error messages or values.
fn both<T: DeserializeOwned>(value: &Value) -> [Result<T, String>; 2] {
    let text = serde_json::to_string(value).unwrap();
    let yaml = serde_norway::to_string(value).unwrap();
    [
        serde_json::from_str::<T>(&text).map_err(|e| e.to_string()),
        serde_norway::from_str::<T>(&yaml).map_err(|e| e.to_string()),
    ]
}

#[test]
fn a_complete_answer_decodes_in_both_formats() {
    for got in both::<TrustedJwtGrantIssuer>(&issuer()) {
        let got = got.expect("decodes");
        assert_eq!(got.id, "7a3e");
        assert_eq!(got.public_key.kid, "k1");
        assert_eq!(got.created_at.year(), 2026);
        assert_eq!(got.scope, ["read"]);
    }
}

#[test]
fn a_missing_required_member_is_an_error_naming_it() {
    for member in ["issuer", "public_key", "created_at", "expires_at", "id", "subject"] {
        let mut value = issuer();
        value.as_object_mut().unwrap().remove(member);
        for got in both::<TrustedJwtGrantIssuer>(&value) {
            let err = got.err().unwrap_or_else(|| panic!("{member} missing must fail"));
            assert!(err.contains(&format!("missing field `{member}`")), "{member}: {err}");
        }
    }
}

#[test]
fn a_missing_required_array_reads_as_empty_as_go_reads_it() {
    let mut value = issuer();
    value.as_object_mut().unwrap().remove("scope");
    for got in both::<TrustedJwtGrantIssuer>(&value) {
        assert!(got.expect("decodes").scope.is_empty());
    }
}

#[test]
fn a_member_sent_twice_is_refused_instead_of_replacing_the_first() {
    let text = r#"{"client_id":"first","client_name":"a","client_id":"second"}"#;
    let err = serde_json::from_str::<OAuth2Client>(text).unwrap_err().to_string();
    assert!(err.contains("duplicate field `client_id`"), "{err}");
    let text = r#"{"client_id":"c","created_at":"2026-12-07T01:02:03Z","created_at":"2026-12-07T01:02:04Z"}"#;
    let err = serde_json::from_str::<OAuth2Client>(text).unwrap_err().to_string();
    assert!(err.contains("duplicate field `created_at`"), "{err}");
}

#[test]
fn null_reads_as_absent_or_as_the_zero_value() {
    let value = json!({
        "client_id": "c",
        "client_name": null,
        "redirect_uris": null,
        "created_at": null,
        "post_logout_redirect_uris": null,
        "metadata": null
    });
    for got in both::<OAuth2Client>(&value) {
        let got = got.expect("null is accepted");
        assert_eq!(got.client_name, "", "an always member reads null as its zero value");
        assert!(got.redirect_uris.is_empty());
        assert_eq!(got.created_at, None);
        assert_eq!(got.post_logout_redirect_uris, None);
        assert!(got.metadata.is_none());
    }
}

#[test]
fn a_bad_timestamp_is_an_error_in_required_and_optional_members() {
    let mut value = issuer();
    value["created_at"] = json!("yesterday");
    for got in both::<TrustedJwtGrantIssuer>(&value) {
        assert!(got.expect_err("must fail").contains("invalid RFC 3339 timestamp"));
    }
    let value = json!({"client_id": "c", "updated_at": "not a time"});
    for got in both::<OAuth2Client>(&value) {
        assert!(got.expect_err("must fail").contains("invalid RFC 3339 timestamp"));
    }
}

#[test]
fn unknown_members_are_kept_in_order_next_to_the_known_ones() {
    let text = r#"{"client_id":"c","zz_new":[1,{"a":2}],"client_name":"n","aa_new":"x"}"#;
    let got: OAuth2Client = serde_json::from_str(text).unwrap();
    assert_eq!(got.client_id, "c");
    assert_eq!(got.client_name, "n");
    let names: Vec<&str> = got.extra.iter().map(|(k, _)| k).collect();
    assert_eq!(names, ["zz_new", "aa_new"]);
    let back = serde_json::to_string(&got).unwrap();
    assert!(back.contains(r#""zz_new":[1,{"a":2}]"#), "{back}");
}
