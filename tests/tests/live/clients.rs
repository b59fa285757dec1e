//! OAuth 2.0 clients: create, get, update, delete, conflicts, missing clients, and ids that are hard to
//! put in a URL.

use std::time::Duration;

use futures::TryStreamExt;
use ory_hydra_v1_client::{
    Error, GrantType, JsonWebKeySet, ListOAuth2ClientsParams, OAuth2Client, RawObject, ResponseType, SigningAlgorithm,
    StatusCode, SubjectType, TokenEndpointAuthMethod,
};
use serde_json::{json, Value};

use crate::support::{
    assert_hint, assert_missing_client, clients_shared, legacy_error_fields, live, missing_client_status, obj,
    raw_request, server_version, sql_store, unique, Browser, DeleteOnPanic,
};

/// `value` as JSON without the named members.
fn json_without(value: &OAuth2Client, drop: &[&str]) -> Value {
    let mut v = serde_json::to_value(value).expect("serializes");
    let map = v.as_object_mut().expect("object");
    for k in drop {
        map.remove(*k);
    }
    v
}

fn rich_client(id: &str, secret: &str) -> OAuth2Client {
    let mut c = OAuth2Client::new()
        .with_client_id(id)
        .with_client_secret(secret)
        .with_client_name("Live CRUD")
        .with_owner("live-suite")
        .with_grant_types(["client_credentials"])
        .with_response_types(["token"])
        .with_redirect_uris(["https://app.example/cb", "http://127.0.0.1:4999/cb"])
        .with_scope("read write")
        .with_audience(["https://api.example"])
        .with_contacts(["ops@example.com"])
        .with_client_uri("https://app.example")
        .with_policy_uri("https://app.example/policy")
        .with_tos_uri("https://app.example/tos")
        .with_logo_uri("https://app.example/logo.png")
        .with_allowed_cors_origins(["https://app.example"])
        .with_metadata(obj(json!({"team": "qa", "n": 1, "nested": {"list": [1, 2]}})))
        .with_token_endpoint_auth_method("client_secret_basic");
    // A member this client version does not model: sent as is, but the server drops unknown fields.
    c.extra.insert("x_live_unknown", json!("dropped by the server"));
    c
}

#[tokio::test]
async fn create_get_update_delete_round_trip_keeps_every_field() {
    let live = live!();
    let _list = clients_shared().await;
    let browser = Browser::new(&live);
    let id = unique("live-crud");
    let secret = "crud-secret-0123456789";
    let sent = rich_client(&id, secret);
    let _cleanup = DeleteOnPanic::new(&live, &[&id]);
    let before = time::OffsetDateTime::now_utc();

    // --- create: everything sent comes back, plus the server's own fields.
    let created = live.admin.create_o_auth2_client(&sent).await.expect("create");
    assert_eq!(created.client_id, id.as_str());
    assert_eq!(created.client_secret.as_deref(), Some(secret), "POST echoes the secret");
    for field in [
        "client_name",
        "owner",
        "grant_types",
        "response_types",
        "redirect_uris",
        "scope",
        "audience",
        "contacts",
        "client_uri",
        "policy_uri",
        "tos_uri",
        "logo_uri",
        "allowed_cors_origins",
        "metadata",
        "token_endpoint_auth_method",
    ] {
        let s = serde_json::to_value(&sent).unwrap()[field].clone();
        let c = serde_json::to_value(&created).unwrap()[field].clone();
        assert_eq!(s, c, "{field} round-trips");
    }
    assert_eq!(created.client_secret_expires_at, 0);
    assert_eq!(created.grant_types, vec![GrantType::ClientCredentials], "strings become named variants");
    assert_eq!(created.response_types, vec![ResponseType::Token]);
    assert_eq!(created.token_endpoint_auth_method, Some(TokenEndpointAuthMethod::ClientSecretBasic));
    let meta: Value = created.metadata.as_ref().expect("metadata").decode().expect("metadata decodes");
    assert_eq!(meta, json!({"team": "qa", "n": 1, "nested": {"list": [1, 2]}}));
    assert_eq!(created.subject_type, Some(SubjectType::Public));
    assert_eq!(created.userinfo_signed_response_alg, Some(SigningAlgorithm::None));
    let created_at = created.created_at.expect("created_at");
    assert_eq!(created_at.nanosecond(), 0, "whole seconds");
    if sql_store(&live) {
        // The SQL store keeps `updated_at` in microseconds and rounds `created_at` to the second.
        let updated_at = created.updated_at.expect("updated_at");
        assert!((updated_at - created_at).abs() <= time::Duration::seconds(1), "{updated_at} vs {created_at}");
    } else {
        assert_eq!(created.updated_at, Some(created_at));
    }
    assert!((created_at - before).abs() < time::Duration::minutes(2), "created_at {created_at} is now");
    assert!(!created.extra.contains_key("x_live_unknown"), "the server drops unknown fields: {:?}", created.extra);
    // Fields the server leaves out when empty come back as None, arrays it did not get as null → None.
    // The SQL store sends an empty `jwks: {}` for a client without keys.
    let no_keys = sql_store(&live).then(JsonWebKeySet::default);
    assert_eq!(created.jwks, no_keys);
    assert_eq!(created.jwks_uri, None);
    assert_eq!(created.post_logout_redirect_uris, None);
    assert!(created.extra.is_empty(), "every member is modelled: {:?}", created.extra);
    // Debug never shows the secret.
    let shown = format!("{created:?}");
    assert!(!shown.contains(secret) && shown.contains("<redacted>"), "{shown}");

    // --- get: the same client, without the secret.
    let got = live.admin.get_o_auth2_client(&id).await.expect("get");
    assert_eq!(got.client_secret, None, "GET never returns the secret");
    // v1.11 returns the dynamic-registration token and URL only in the answer that created the client.
    let create_only = ["client_secret", "registration_access_token", "registration_client_uri"];
    assert_eq!(json_without(&got, &[]), json_without(&created, &create_only));
    let (status, body) = browser.client_credentials(&id, secret).await;
    assert_eq!(status, StatusCode::OK, "{body}");

    // --- read-modify-write: change one field, every other field survives, created_at included.
    tokio::time::sleep(Duration::from_millis(1100)).await; // updated_at has whole seconds
    let mut changed = got.clone();
    changed.client_name = "Live CRUD renamed".into();
    let updated = live.admin.update_o_auth2_client(&id, &changed).await.expect("update");
    assert_eq!(updated.client_secret, None, "PUT only echoes a secret it was given");
    let after = live.admin.get_o_auth2_client(&id).await.expect("get after update");
    assert_eq!(after.client_name, "Live CRUD renamed");
    assert_eq!(after.created_at, got.created_at, "created_at survives because the client sends it back");
    assert!(after.updated_at > got.updated_at, "updated_at moves: {:?} -> {:?}", got.updated_at, after.updated_at);
    assert_eq!(
        json_without(&after, &["client_name", "updated_at"]),
        json_without(&got, &["client_name", "updated_at"])
    );
    assert_eq!(json_without(&updated, &[]), json_without(&after, &[]), "the PUT answer is what GET returns");
    let (status, body) = browser.client_credentials(&id, secret).await;
    assert_eq!(status, StatusCode::OK, "a PUT without a secret keeps the old one: {body}");

    // --- PUT replaces the whole client: a field left out is cleared, and created_at left out becomes
    // Go's zero time (QUIRKS.md). This is why update must start from get.
    let mut bare = after.clone();
    bare.created_at = None;
    bare.contacts = Vec::new();
    let replaced = live.admin.update_o_auth2_client(&id, &bare).await.expect("update without created_at");
    let zero = time::OffsetDateTime::parse("0001-01-01T00:00:00Z", &time::format_description::well_known::Rfc3339)
        .expect("Go's zero time");
    let got_bare = live.admin.get_o_auth2_client(&id).await.expect("get");
    if sql_store(&live) {
        // The SQL store stamps a missing created_at with the time of the update instead.
        let stamped = replaced.created_at.expect("created_at");
        assert!((stamped - time::OffsetDateTime::now_utc()).abs() < time::Duration::minutes(2), "{stamped}");
        assert!(got_bare.created_at.is_some_and(|t| t != zero), "{:?}", got_bare.created_at);
    } else {
        assert_eq!(replaced.created_at, Some(zero));
        assert_eq!(got_bare.created_at, Some(zero), "GET keeps the zero time");
    }
    // `[]` from the SQL store, `null` before it: both read as empty.
    assert_eq!(got_bare.contacts, Vec::<String>::new(), "contacts cleared");
    let mut restore = got_bare.clone();
    restore.created_at = after.created_at;
    restore.contacts = after.contacts.clone();
    live.admin.update_o_auth2_client(&id, &restore).await.expect("restore");
    let restored = live.admin.get_o_auth2_client(&id).await.expect("get");
    assert_eq!(json_without(&restored, &["updated_at"]), json_without(&after, &["updated_at"]));

    // --- a new secret replaces the old one.
    let mut rotate = restored.clone();
    rotate.client_secret = Some("rotated-secret-0123456789".into());
    let rotated = live.admin.update_o_auth2_client(&id, &rotate).await.expect("rotate secret");
    assert_eq!(rotated.client_secret.as_deref(), Some("rotated-secret-0123456789"));
    assert_eq!(browser.client_credentials(&id, secret).await.0, StatusCode::UNAUTHORIZED, "old secret");
    assert_eq!(browser.client_credentials(&id, "rotated-secret-0123456789").await.0, StatusCode::OK, "new secret");

    // --- a duplicate id is a typed 409.
    let err = live.admin.create_o_auth2_client(&OAuth2Client::new().with_client_id(&id)).await.expect_err("dup");
    assert!(err.is_conflict() && err.is_api(), "{err:?}");
    assert_eq!(err.status(), Some(StatusCode::CONFLICT));
    assert!(!err.is_not_found() && err.redirect_to().is_none());
    let e = err.api().and_then(|a| a.error.as_ref()).expect("parsed error");
    assert_eq!(e.error, "Unable to insert or update resource because a resource with that value exists already");
    assert_eq!(e.status_code, legacy_error_fields(&live).then_some(409));

    // --- delete; afterwards the client is gone (the status depends on the version), a second delete is
    // still 204, and a PUT is a 404.
    live.admin.delete_o_auth2_client(&id).await.expect("delete");
    let err = live.admin.get_o_auth2_client(&id).await.expect_err("deleted");
    assert_missing_client(&live, &err, "get after delete");
    let again = live.admin.delete_o_auth2_client(&id).await;
    if sql_store(&live) {
        assert_missing_client(&live, &again.expect_err("the SQL store: 404"), "delete after delete");
    } else {
        again.expect("deleting a missing client is 204 too");
    }
    let err = live.admin.update_o_auth2_client(&id, &restore).await.expect_err("update of a missing client");
    assert!(err.is_not_found(), "{err:?}");
}

#[tokio::test]
async fn a_client_created_without_id_or_secret_gets_generated_ones() {
    let live = live!();
    let _list = clients_shared().await;
    let created =
        live.admin.create_o_auth2_client(&OAuth2Client::new().with_owner(unique("live-gen"))).await.expect("create {}");
    let id = created.client_id.clone();
    assert_eq!(id.len(), 36, "a UUID: {id}");
    let secret = created.client_secret.clone().expect("generated secret");
    assert_eq!(secret.len(), 26, "26 characters");
    assert!(secret.bytes().all(|b| b.is_ascii_alphanumeric() || b"_.~-".contains(&b)), "{secret}");
    // Defaults, and arrays that were not sent come back as null (read as empty).
    assert_eq!(created.scope, "offline_access offline openid");
    assert_eq!(created.token_endpoint_auth_method, Some(TokenEndpointAuthMethod::ClientSecretBasic));
    assert_eq!(created.grant_types, vec![]);
    assert_eq!(created.redirect_uris, Vec::<String>::new());
    assert_eq!(created.client_name.as_str(), "", "strings are always present");
    live.admin.delete_o_auth2_client(&id).await.expect("delete");
}

/// Hydra v1.2/v1.3 stores grant types, response types and auth methods it does not know and sends them
/// back; they come back as `Other` with the same text, and a get → update keeps them. Metadata comes back
/// as the JSON text the server stored.
#[tokio::test]
async fn values_the_client_does_not_know_round_trip_through_the_server() {
    let live = live!();
    let _list = clients_shared().await;
    let id = unique("live-enums");
    let _cleanup = DeleteOnPanic::new(&live, &[&id]);
    let sent = OAuth2Client::new()
        .with_client_id(&id)
        .with_grant_types([GrantType::ClientCredentials, GrantType::Other("urn:example:custom".into())])
        .with_response_types([ResponseType::CodeIdToken])
        .with_token_endpoint_auth_method("client_secret_jwt")
        .with_metadata(RawObject::from_json(r#"{"z":1,"a":{"deep":[true,null]},"big":12345678901234567890}"#).unwrap());
    assert_eq!(sent.token_endpoint_auth_method, Some(TokenEndpointAuthMethod::Other("client_secret_jwt".into())));

    let created = live.admin.create_o_auth2_client(&sent).await.expect("create");
    assert_eq!(created.grant_types, sent.grant_types);
    assert_eq!(created.response_types, vec![ResponseType::CodeIdToken]);
    assert_eq!(created.token_endpoint_auth_method, sent.token_endpoint_auth_method);
    assert_eq!(created.request_object_signing_alg, None, "an empty algorithm is left out, not sent as \"\"");
    let meta = created.metadata.clone().expect("metadata");
    assert_eq!(meta, sent.metadata.clone().unwrap(), "the same object, whatever the server's spacing");
    assert_eq!(meta.get("big"), Some(json!(12345678901234567890u64)));

    let fetched = live.admin.get_o_auth2_client(&id).await.expect("get");
    let updated = live.admin.update_o_auth2_client(&id, &fetched).await.expect("update with the fetched values");
    assert_eq!(updated.grant_types, sent.grant_types);
    assert_eq!(updated.token_endpoint_auth_method, sent.token_endpoint_auth_method);
    assert_eq!(updated.metadata, created.metadata);
    live.admin.delete_o_auth2_client(&id).await.expect("delete");
}

#[tokio::test]
async fn get_of_a_missing_client_is_a_typed_api_error() {
    let live = live!();
    let version = server_version(&live).await;
    let err = live.admin.get_o_auth2_client(&unique("live-missing")).await.expect_err("missing");
    assert_missing_client(&live, &err, "get missing");
    let shown = err.to_string();
    assert!(shown.contains("get_o_auth2_client") && shown.contains(missing_client_status(version).as_str()), "{shown}");
}

#[tokio::test]
async fn invalid_clients_are_rejected_with_the_servers_hint() {
    let live = live!();
    let _list = clients_shared().await;
    let short = OAuth2Client::new().with_client_id(unique("live-short")).with_client_secret("12345");
    let err = live.admin.create_o_auth2_client(&short).await.expect_err("short secret");
    assert_eq!(err.status(), Some(StatusCode::BAD_REQUEST));
    let e = err.api().and_then(|a| a.error.as_ref()).expect("parsed");
    // v1.11 answers with the RFC 7591 error code.
    let code = if sql_store(&live) { "invalid_client_metadata" } else { "invalid_request" };
    assert_eq!(e.error, code);
    assert_hint(&live, e, "Field client_secret must contain a secret that is at least 6 characters long.");
    let bad_uri = OAuth2Client::new().with_client_id(unique("live-uri")).with_redirect_uris(["not a uri"]);
    let err = live.admin.create_o_auth2_client(&bad_uri).await.expect_err("bad redirect uri");
    assert_eq!(err.status(), Some(StatusCode::BAD_REQUEST));
    let e = err.api().and_then(|a| a.error.as_ref()).expect("parsed");
    assert_hint(&live, e, "Unable to parse redirect URL: not a uri");
}

/// Ids with characters that are special in URLs. ory-hydra-v1-client escapes every path parameter as one
/// segment; what the server then does is in QUIRKS.md ("Client ids with special characters").
#[tokio::test]
async fn client_ids_with_url_special_characters() {
    let live = live!();
    let _list = clients_shared().await;
    let base = unique("live-id");

    // These round-trip: create, get, update, delete.
    for suffix in ["a?b", "a#b", "a%b", "a%2Fb", "a b", "a+b", "a:b@c", "ünï-日本", "a..b", "x&y=z;w"] {
        let id = format!("{base}-{suffix}");
        let _cleanup = DeleteOnPanic::new(&live, &[&id]);
        let created = live.admin.create_o_auth2_client(&OAuth2Client::new().with_client_id(&id)).await;
        let created = created.unwrap_or_else(|e| panic!("create {id:?}: {e:?}"));
        assert_eq!(created.client_id, id.as_str());
        let got = live.admin.get_o_auth2_client(&id).await.unwrap_or_else(|e| panic!("get {id:?}: {e:?}"));
        assert_eq!(got.client_id, id.as_str());
        let mut renamed = got.clone();
        renamed.client_name = format!("name of {id}");
        let updated =
            live.admin.update_o_auth2_client(&id, &renamed).await.unwrap_or_else(|e| panic!("update {id:?}: {e:?}"));
        assert_eq!(updated.client_id, id.as_str());
        let got = live.admin.get_o_auth2_client(&id).await.expect("get after update");
        assert_eq!(got.client_name, format!("name of {id}"));
        live.admin.delete_o_auth2_client(&id).await.unwrap_or_else(|e| panic!("delete {id:?}: {e:?}"));
        let err = live.admin.get_o_auth2_client(&id).await.expect_err("gone");
        assert_missing_client(&live, &err, &id);
    }

    // `/`: the server's router decodes `%2F` before matching, so `/clients/<base>-a%2Fb` would not
    // reach this client (and `x/../id` or `id/` would reach another one); the client refuses such ids in a
    // path before sending (see `unroutable.rs`). Creating one works, since the id travels in the body.
    let slash = format!("{base}-a/b");
    let created = live.admin.create_o_auth2_client(&OAuth2Client::new().with_client_id(&slash)).await.expect("create");
    assert_eq!(created.client_id, slash.as_str());
    let refused = |err: Error, what: &str| {
        assert!(err.is_invalid_input() && err.parameter() == Some("id"), "{what}: {err:?}");
    };
    refused(live.admin.get_o_auth2_client(&slash).await.expect_err("get a/b"), "get");
    refused(live.admin.update_o_auth2_client(&slash, &created).await.expect_err("update a/b"), "update");
    refused(live.admin.delete_o_auth2_client(&slash).await.expect_err("delete a/b"), "delete");
    // It exists all the same: the listing shows it (retried, since other tests add and remove clients
    // while this one only holds the list lock shared).
    let mut found = false;
    for _ in 0..5 {
        let all: Vec<OAuth2Client> = live
            .admin
            .list_o_auth2_clients_stream(ListOAuth2ClientsParams::default().limit(500))
            .try_collect()
            .await
            .expect("list");
        if all.iter().any(|c| c.client_id == slash) {
            found = true;
            break;
        }
    }
    assert!(found, "{slash} is in the listing");

    // `.` and `..`: URL libraries resolve them (even as %2E) before sending, so ory-hydra-v1-client refuses them
    // up front instead of addressing another resource. They cannot carry a unique suffix, so another
    // run may have created them already.
    for id in [".", ".."] {
        match live.admin.create_o_auth2_client(&OAuth2Client::new().with_client_id(id)).await {
            Ok(c) => assert_eq!(c.client_id, id),
            Err(e) => assert!(e.is_conflict(), "create {id:?}: {e:?}"),
        }
        let err = live.admin.get_o_auth2_client(id).await.expect_err("refused");
        assert!(err.is_invalid_input() && err.status().is_none(), "{err:?}");
        assert!(err.to_string().contains("cannot be sent as a URL path segment"), "{err}");
        let err = live.admin.update_o_auth2_client(id, &OAuth2Client::new()).await.expect_err("refused");
        assert!(err.is_invalid_input(), "{err:?}");
        let err = live.admin.delete_o_auth2_client(id).await.expect_err("refused");
        assert!(err.is_invalid_input(), "{err:?}");
        // The server itself handles them when the path is sent as is.
        let (status, body) = raw_request(live.admin.base_url().as_str(), "GET", &format!("/clients/{id}"), None).await;
        assert_eq!(status, 200, "{body}");
        assert_eq!(serde_json::from_str::<Value>(&body).expect("json")["client_id"], json!(id));
        let (status, _) = raw_request(live.admin.base_url().as_str(), "DELETE", &format!("/clients/{id}"), None).await;
        assert_eq!(status, 204);
    }
    let err = live.admin.get_o_auth2_client("").await.expect_err("empty id");
    assert!(err.is_invalid_input(), "{err:?}");
}
