//! OAuth 2.0 client operations against httpmock: what is sent and what is decoded.

mod common;

use common::{client, json, Recorder, BASIC};
use futures::TryStreamExt;
use httpmock::prelude::*;
use ory_hydra_v1_client::{
    DateTime, GrantType, JsonObject, ListOAuth2ClientsParams, OAuth2Client, ResponseType, SigningAlgorithm,
    SubjectType, TokenEndpointAuthMethod,
};
use serde_json::json;

fn ts(unix: i64) -> DateTime {
    DateTime::from_unix_timestamp(unix).unwrap()
}

/// 2020-01-02T03:04:05Z
const T1: i64 = 1_577_934_245;
/// 2021-06-07T08:09:10Z
const T2: i64 = 1_623_053_350;

fn full_client_json() -> serde_json::Value {
    json!({
        "client_id": "billing-svc",
        "client_name": "billing",
        "client_secret": "s3cr3t-from-server",
        "client_secret_expires_at": 0,
        "client_uri": "https://billing.example",
        "contacts": ["ops@billing.example"],
        "created_at": "2020-01-02T03:04:05Z",
        "updated_at": "2021-06-07T08:09:10Z",
        "grant_types": ["authorization_code", "refresh_token"],
        "response_types": ["code", "id_token"],
        "redirect_uris": ["https://billing.example/cb"],
        "scope": "openid offline",
        "audience": ["https://api.example"],
        "owner": "payments",
        "subject_type": "public",
        "token_endpoint_auth_method": "client_secret_basic",
        "userinfo_signed_response_alg": "none",
        "metadata": {"team": "payments", "tier": 2},
        "jwks": {"keys": [{"alg": "RS256", "kid": "k1", "kty": "RSA", "use": "sig", "n": "nnn", "e": "AQAB"}]},
        "allowed_cors_origins": [],
        "backchannel_logout_session_required": true,
        "frontchannel_logout_session_required": false
    })
}

fn assert_full_client(c: &OAuth2Client) {
    assert_eq!(c.client_id, "billing-svc");
    assert_eq!(c.client_name, "billing");
    assert_eq!(c.client_secret.as_deref(), Some("s3cr3t-from-server"));
    assert_eq!(c.client_secret_expires_at, 0);
    assert_eq!(c.client_uri, "https://billing.example");
    assert_eq!(c.contacts, &["ops@billing.example".to_string()][..]);
    assert_eq!(c.created_at, Some(ts(T1)));
    assert_eq!(c.updated_at, Some(ts(T2)));
    assert_eq!(c.grant_types, vec![GrantType::AuthorizationCode, GrantType::RefreshToken]);
    assert_eq!(c.response_types, vec![ResponseType::Code, ResponseType::IdToken]);
    assert_eq!(c.redirect_uris, vec!["https://billing.example/cb".to_string()]);
    assert_eq!(c.scope, "openid offline");
    assert_eq!(c.audience, vec!["https://api.example".to_string()]);
    assert_eq!(c.owner, "payments");
    assert_eq!(c.subject_type, Some(SubjectType::Public));
    assert_eq!(c.token_endpoint_auth_method, Some(TokenEndpointAuthMethod::ClientSecretBasic));
    assert_eq!(c.userinfo_signed_response_alg, Some(SigningAlgorithm::None));
    let meta = c.metadata.as_ref().expect("metadata");
    assert_eq!(meta.get("team"), Some(json!("payments")));
    assert_eq!(meta.get("tier"), Some(json!(2)));
    let keys = c.jwks.as_ref().and_then(|s| s.keys.as_ref()).expect("jwks keys");
    assert_eq!(keys.len(), 1);
    assert_eq!(keys[0].kid, "k1");
    assert_eq!(keys[0].key_use.as_deref(), Some("sig"));
    assert_eq!(keys[0].n.as_deref(), Some("nnn"));
    assert_eq!(c.allowed_cors_origins, Vec::<String>::new());
    assert_eq!(c.backchannel_logout_session_required, Some(true));
    assert_eq!(c.frontchannel_logout_session_required, Some(false));
    assert!(c.extra.is_empty(), "every member is modelled: {:?}", c.extra);
}

#[tokio::test]
async fn create_o_auth2_client_posts_json_and_decodes_the_created_client() {
    let server = MockServer::start_async().await;
    let mut meta = JsonObject::new();
    meta.insert("team".into(), json!("payments"));
    let body = OAuth2Client::new()
        .with_client_name("billing")
        .with_redirect_uris(["https://billing.example/cb"])
        .with_grant_types(["authorization_code", "refresh_token"])
        .with_scope("openid offline")
        .with_metadata(meta)
        .with_created_at(ts(T1));
    let mock = server
        .mock_async(|when, then| {
            when.method(POST)
                .path("/clients")
                .header("authorization", BASIC)
                .header("content-type", "application/json")
                .header("accept", "application/json")
                .query_param_count(".*", ".*", 0)
                .json_body(json!({
                    "client_name": "billing",
                    "redirect_uris": ["https://billing.example/cb"],
                    "grant_types": ["authorization_code", "refresh_token"],
                    "scope": "openid offline",
                    "metadata": {"team": "payments"},
                    "created_at": "2020-01-02T03:04:05Z"
                }));
            then.status(201).header("content-type", "application/json").json_body(full_client_json());
        })
        .await;

    let created = client(&server).create_o_auth2_client(&body).await.unwrap();
    mock.assert_async().await;
    assert_full_client(&created);
}

#[tokio::test]
async fn get_o_auth2_client_sends_get_without_body_and_decodes() {
    let server = MockServer::start_async().await;
    let rec = Recorder::new();
    let mock = server
        .mock_async(|when, then| {
            when.method(GET).path("/clients/billing-svc").header("authorization", BASIC).header_missing("content-type");
            then.respond_with(rec.respond(200, &[], json(full_client_json())));
        })
        .await;
    let c = client(&server).get_o_auth2_client("billing-svc").await.unwrap();
    mock.assert_async().await;
    let seen = rec.single();
    assert!(seen.body.is_empty(), "GET sent a body: {seen:?}");
    assert_eq!(seen.uri, "/clients/billing-svc");
    assert_full_client(&c);
}

#[tokio::test]
async fn list_o_auth2_clients_sends_limit_and_offset_and_decodes_the_page() {
    let server = MockServer::start_async().await;
    let rec = Recorder::new();
    let mock = server
        .mock_async(|when, then| {
            when.method(GET)
                .path("/clients")
                .query_param("limit", "5")
                .query_param("offset", "10")
                .header("authorization", BASIC)
                .header_missing("content-type");
            then.respond_with(rec.respond(
                200,
                &[
                    ("content-type", "application/json"),
                    (
                        "link",
                        r#"</clients?limit=5&offset=0>; rel="first",</clients?limit=5&offset=15>; rel="next",</clients?limit=5&offset=5>; rel="prev",</clients?limit=5&offset=20>; rel="last""#,
                    ),
                ],
                json(json!([{"client_id": "a", "client_name": "A"}, {"client_id": "b", "scope": "openid"}])),
            ));
        })
        .await;

    let page =
        client(&server).list_o_auth2_clients(ListOAuth2ClientsParams::default().limit(5).offset(10)).await.unwrap();
    mock.assert_async().await;
    assert_eq!(rec.single().query(), "limit=5&offset=10");
    assert_eq!(page.items.len(), 2);
    assert_eq!(page.items[0].client_id, "a");
    assert_eq!(page.items[0].client_name, "A");
    assert_eq!(page.items[1].client_id, "b");
    assert_eq!(page.items[1].scope, "openid");
    assert_eq!(page.request(), ory_hydra_v1_client::PageRef { limit: Some(5), offset: 10 });
    let links = page.links();
    assert_eq!(links.first.map(|r| r.offset), Some(0));
    assert_eq!(links.next, Some(ory_hydra_v1_client::PageRef { limit: Some(5), offset: 15 }));
    assert_eq!(links.prev.map(|r| r.offset), Some(5));
    assert_eq!(links.last.map(|r| r.offset), Some(20));
    assert_eq!(page.total_count(), None);
    assert_eq!(page.next_ref().unwrap(), Some(ory_hydra_v1_client::PageRef { limit: Some(5), offset: 15 }));
}

#[tokio::test]
async fn list_o_auth2_clients_without_params_sends_offset_zero_and_no_limit() {
    let server = MockServer::start_async().await;
    let rec = Recorder::new();
    let mock = server
        .mock_async(|when, then| {
            when.method(GET).path("/clients");
            then.respond_with(rec.respond(200, &[], json(json!([{"client_id": "only"}]))));
        })
        .await;
    let all: Vec<OAuth2Client> =
        client(&server).list_o_auth2_clients_stream(ListOAuth2ClientsParams::default()).try_collect().await.unwrap();
    mock.assert_async().await;
    let seen = rec.single();
    assert_eq!(seen.query(), "offset=0");
    assert_eq!(seen.header("authorization"), [BASIC]);
    assert_eq!(all.len(), 1);
    assert_eq!(all[0].client_id, "only");
}

#[tokio::test]
async fn update_o_auth2_client_puts_json_to_the_id_and_decodes() {
    let server = MockServer::start_async().await;
    let body = OAuth2Client::new()
        .with_client_id("billing-svc")
        .with_client_name("billing v2")
        .with_client_secret("new-secret")
        .with_contacts(["a@example.com", "b@example.com"])
        .with_backchannel_logout_session_required(false);
    let mock = server
        .mock_async(|when, then| {
            when.method(PUT)
                .path("/clients/billing-svc")
                .header("authorization", BASIC)
                .header("content-type", "application/json")
                .json_body(json!({
                    "client_id": "billing-svc",
                    "client_name": "billing v2",
                    "client_secret": "new-secret",
                    "contacts": ["a@example.com", "b@example.com"],
                    "backchannel_logout_session_required": false
                }));
            then.status(200).json_body(json!({
                "client_id": "billing-svc",
                "client_name": "billing v2",
                "client_secret": "new-secret",
                "contacts": ["a@example.com", "b@example.com"],
                "updated_at": "2021-06-07T08:09:10Z"
            }));
        })
        .await;
    let updated = client(&server).update_o_auth2_client("billing-svc", &body).await.unwrap();
    mock.assert_async().await;
    assert_eq!(updated.client_id, "billing-svc");
    assert_eq!(updated.client_name, "billing v2");
    assert_eq!(updated.client_secret.as_deref(), Some("new-secret"));
    assert_eq!(updated.contacts.len(), 2);
    assert_eq!(updated.updated_at, Some(ts(T2)));
    assert_eq!(updated.created_at, None);
}

#[tokio::test]
async fn delete_o_auth2_client_sends_delete_and_accepts_204() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.method(DELETE)
                .path("/clients/billing-svc")
                .header("authorization", BASIC)
                .header_missing("content-type")
                .body("");
            then.status(204);
        })
        .await;
    let () = client(&server).delete_o_auth2_client("billing-svc").await.unwrap();
    mock.assert_async().await;
}

#[tokio::test]
async fn bearer_token_default_headers_and_user_agent_are_sent() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.method(GET)
                .path("/clients/x")
                .header("authorization", "Bearer tok-123")
                .header("x-gateway-key", "gw-value")
                .header("user-agent", "my-agent/1.0");
            then.status(200).json_body(json!({"client_id": "x"}));
        })
        .await;
    let c = common::builder(server.base_url())
        .bearer_token("tok-123")
        .default_header("X-Gateway-Key", "gw-value")
        .user_agent("my-agent/1.0")
        .build()
        .unwrap();
    let got = c.get_o_auth2_client("x").await.unwrap();
    mock.assert_async().await;
    assert_eq!(got.client_id, "x");
}

#[tokio::test]
async fn no_auth_sends_no_authorization_and_default_user_agent_names_the_crate() {
    let server = MockServer::start_async().await;
    let rec = Recorder::new();
    let mock = server
        .mock_async(|when, then| {
            when.method(GET).path("/clients/x");
            then.respond_with(rec.respond(200, &[], json(json!({"client_id": "x"}))));
        })
        .await;
    common::new_client(&server.base_url()).unwrap().get_o_auth2_client("x").await.unwrap();
    mock.assert_async().await;
    let seen = rec.single();
    assert!(seen.header("authorization").is_empty(), "{seen:?}");
    let ua = seen.header("user-agent");
    assert_eq!(ua.len(), 1);
    assert!(ua[0].starts_with("hydra-client/"), "{ua:?}");
}

#[tokio::test]
async fn basic_auth_without_password_encodes_user_and_colon() {
    let server = MockServer::start_async().await;
    // base64("admin:") == "YWRtaW46"
    let mock = server
        .mock_async(|when, then| {
            when.method(DELETE).path("/clients/x").header("authorization", "Basic YWRtaW46");
            then.status(204);
        })
        .await;
    let c = common::builder(server.base_url()).basic_auth("admin", None::<String>).build().unwrap();
    c.delete_o_auth2_client("x").await.unwrap();
    mock.assert_async().await;
}

#[tokio::test]
async fn custom_http_client_still_gets_auth_headers_and_user_agent() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.method(GET)
                .path("/clients/x")
                .header("authorization", BASIC)
                .header("x-tenant", "t1")
                .header("user-agent", "custom/2")
                .header("accept", "application/json");
            then.status(200).json_body(json!({"client_id": "x", "owner": "o"}));
        })
        .await;
    let c = common::builder(server.base_url())
        .http_client(common::reqwest_client())
        .basic_auth("admin", Some("hunter2"))
        .default_header("X-Tenant", "t1")
        .user_agent("custom/2")
        .build()
        .unwrap();
    let got = c.get_o_auth2_client("x").await.unwrap();
    mock.assert_async().await;
    assert_eq!(got.owner, "o");
}

#[tokio::test]
async fn prefixed_base_url_keeps_its_prefix() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.method(GET).path("/hydra-admin/clients/x").header("authorization", BASIC);
            then.status(200).json_body(json!({"client_id": "x"}));
        })
        .await;
    for base in [format!("{}/hydra-admin/", server.base_url()), format!("{}/hydra-admin", server.base_url())] {
        let c = common::builder(base).basic_auth("admin", Some("hunter2")).build().unwrap();
        assert_eq!(c.get_o_auth2_client("x").await.unwrap().client_id, "x");
    }
    mock.assert_calls_async(2).await;
}

#[tokio::test]
async fn unknown_members_and_null_arrays_survive_a_read_modify_write() {
    let server = MockServer::start_async().await;
    let get = server
        .mock_async(|when, then| {
            when.method(GET).path("/clients/rt");
            then.status(200).json_body(json!({
                "client_id": "rt",
                "client_name": "old name",
                "brand_new_field": {"x": 1},
                "another_new": [1, "two", null],
                "contacts": null,
                "redirect_uris": null,
                "metadata": null,
                "created_at": "2020-01-02T03:04:05Z"
            }));
        })
        .await;
    let rec = Recorder::new();
    let put = server
        .mock_async(|when, then| {
            when.method(PUT).path("/clients/rt").header("content-type", "application/json");
            then.respond_with(rec.respond(200, &[], json(json!({"client_id": "rt", "client_name": "new name"}))));
        })
        .await;

    let c = client(&server);
    let mut got = c.get_o_auth2_client("rt").await.unwrap();
    get.assert_async().await;
    assert_eq!(got.contacts, Vec::<String>::new());
    assert_eq!(got.redirect_uris, Vec::<String>::new());
    assert_eq!(got.metadata, None);
    assert_eq!(got.extra.get("brand_new_field"), Some(json!({"x": 1})));
    assert_eq!(got.extra.get("another_new"), Some(json!([1, "two", null])));
    assert_eq!(got.extra.len(), 2, "known members must not land in extra: {:?}", got.extra);

    got.client_name = "new name".into();
    let updated = c.update_o_auth2_client("rt", &got).await.unwrap();
    put.assert_async().await;
    assert_eq!(updated.client_name, "new name");

    let sent = rec.single().body_json();
    let sent = sent.as_object().expect("PUT body is an object");
    assert_eq!(sent.get("client_id"), Some(&json!("rt")));
    assert_eq!(sent.get("client_name"), Some(&json!("new name")));
    assert_eq!(sent.get("brand_new_field"), Some(&json!({"x": 1})));
    assert_eq!(sent.get("another_new"), Some(&json!([1, "two", null])));
    assert_eq!(sent.get("created_at"), Some(&json!("2020-01-02T03:04:05Z")));
    for absent in ["contacts", "redirect_uris", "metadata"] {
        assert!(sent.get(absent).is_none_or(|v| v.is_null()), "{absent} sent as {:?}", sent.get(absent));
    }
    let expected_keys = ["another_new", "brand_new_field", "client_id", "client_name", "created_at"];
    let mut keys: Vec<&str> = sent.keys().map(String::as_str).filter(|k| !sent[*k].is_null()).collect();
    keys.sort_unstable();
    assert_eq!(keys, expected_keys);
}

/// Unknown members go back exactly as received, however many get -> update cycles they pass: big
/// integers, decimals with trailing zeros, exponents, escapes and nested values, in the server's order.
#[tokio::test]
async fn unknown_members_go_back_byte_for_byte_in_order() {
    let unknown = concat!(
        r#""x_num":12345678901234567890123,"x_dec":1.50,"x_exp":-2.5E+300,"#,
        r#""x_esc":"caf\u00e9 \"q\" \/","x_nested":{"z":[1.0,{"big":98765432109876543210}],"a":null}"#
    );
    let body = format!(r#"{{"client_id":"rt",{unknown},"client_name":"n"}}"#);
    let server = MockServer::start_async().await;
    server
        .mock_async(|when, then| {
            when.method(GET).path("/clients/rt");
            then.status(200).header("content-type", "application/json").body(body.as_str());
        })
        .await;
    let rec = Recorder::new();
    server
        .mock_async(|when, then| {
            when.method(PUT).path("/clients/rt");
            then.respond_with(rec.respond(200, &[], body.clone().into_bytes()));
        })
        .await;
    let c = client(&server);
    let mut current = c.get_o_auth2_client("rt").await.unwrap();
    assert_eq!(current.extra.get_json("x_num"), Some("12345678901234567890123"));
    for _ in 0..3 {
        current = c.update_o_auth2_client("rt", &current).await.unwrap();
    }
    for seen in rec.seen() {
        let sent = seen.body_text();
        assert!(sent.contains(unknown), "unknown members changed on the way back:\n{sent}\nnot containing\n{unknown}");
    }
    assert_eq!(rec.seen().len(), 3);
    let shown = format!("{current:?}");
    assert!(shown.contains("x_num") && !shown.contains("1234567890"), "Debug names them without values: {shown}");
}

#[tokio::test]
async fn extra_members_never_duplicate_a_modelled_field() {
    // A caller putting a modelled name into `extra` must not produce a JSON object with two `client_name`s.
    let server = MockServer::start_async().await;
    let rec = Recorder::new();
    let mock = server
        .mock_async(|when, then| {
            when.method(POST).path("/clients");
            then.respond_with(rec.respond(201, &[], json(json!({"client_id": "gen"}))));
        })
        .await;
    let mut body = OAuth2Client::new().with_client_name("real");
    body.extra.insert("client_name", json!("shadow"));
    body.extra.insert("x_custom", json!(true));
    let created = client(&server).create_o_auth2_client(&body).await.unwrap();
    mock.assert_async().await;
    assert_eq!(created.client_id, "gen");
    let text = rec.single().body_text();
    assert_eq!(text.matches("\"client_name\"").count(), 1, "{text}");
    let v: serde_json::Value = serde_json::from_str(&text).unwrap();
    assert_eq!(v, json!({"client_name": "real", "x_custom": true}));
}

/// The values of each header in `names` on one `get_version` request from a client with basic auth and
/// the given `default_header`s, built with a custom `reqwest::Client` or the built-in one.
async fn headers_sent<const N: usize>(
    custom_http: bool,
    defaults: &[(&str, &str)],
    names: [&str; N],
) -> [Vec<String>; N] {
    headers_sent_to(&MockServer::start_async().await, custom_http, defaults, names).await
}

/// [`headers_sent`] against a given server.
async fn headers_sent_to<const N: usize>(
    server: &MockServer,
    custom_http: bool,
    defaults: &[(&str, &str)],
    names: [&str; N],
) -> [Vec<String>; N] {
    let rec = Recorder::new();
    let mock = server
        .mock_async(|when, then| {
            when.method(GET).path("/version");
            then.respond_with(rec.respond(200, &[], json(json!({"version": "v"}))));
        })
        .await;
    let mut b = common::builder(server.base_url()).basic_auth("admin", Some("hunter2"));
    for (name, value) in defaults {
        b = b.default_header(*name, *value);
    }
    if custom_http {
        b = b.http_client(common::reqwest_client());
    }
    b.build().unwrap().get_version().await.unwrap();
    mock.assert_async().await;
    let seen = rec.single();
    names.map(|name| seen.header(name).into_iter().map(str::to_owned).collect())
}

async fn seen_default_headers(custom_http: bool) -> (Vec<String>, Vec<String>) {
    let [multi, auth] =
        headers_sent(custom_http, &[("X-Multi", "one"), ("X-Multi", "two")], ["x-multi", "authorization"]).await;
    (multi, auth)
}

#[tokio::test]
async fn repeated_default_headers_are_all_sent_with_a_custom_http_client() {
    let (multi, auth) = seen_default_headers(true).await;
    // Repeats of one name travel as one comma-separated field, which HTTP defines as equivalent.
    assert_eq!(multi, ["one, two"]);
    assert_eq!(auth, [BASIC]);
}

#[tokio::test]
async fn repeated_default_headers_are_all_sent_with_the_built_in_http_client() {
    let (multi, auth) = seen_default_headers(false).await;
    assert_eq!(auth, [BASIC]);
    assert_eq!(multi, ["one, two"], "same headers as with a custom http client");
}

/// The `authorization`, `user-agent` and `accept` values a request carries when `default_header` repeats
/// a header the builder sets itself.
async fn colliding_headers(custom_http: bool) -> [Vec<String>; 3] {
    let defaults = [("Authorization", "Bearer from-default-header"), ("User-Agent", "ua-from-default-header")];
    headers_sent(custom_http, &defaults, ["authorization", "user-agent", "accept"]).await
}

#[tokio::test]
async fn a_default_header_colliding_with_auth_is_sent_once_with_the_built_in_http_client() {
    let [auth, ua, accept] = colliding_headers(false).await;
    assert_eq!(auth.len(), 1, "{auth:?}");
    assert_eq!(ua.len(), 1, "{ua:?}");
    assert_eq!(accept, ["application/json"]);
}

#[tokio::test]
async fn a_default_header_colliding_with_auth_is_sent_once_with_a_custom_http_client() {
    let custom = colliding_headers(true).await;
    let [auth, ua, _] = &custom;
    assert_eq!(auth.len(), 1, "a single Authorization header: {auth:?}");
    assert_eq!(ua.len(), 1, "a single User-Agent header: {ua:?}");
    assert_eq!(custom, colliding_headers(false).await, "both HTTP client modes send the same headers");
}

#[tokio::test]
async fn nested_unknown_members_and_go_zero_times_round_trip() {
    let server = MockServer::start_async().await;
    let original = json!({
        "client_id": "nested",
        "created_at": "0001-01-01T00:00:00Z",
        "updated_at": "2020-01-02T03:04:05.123456789+02:00",
        "jwks": {
            "keys": [{"kid": "k", "kty": "RSA", "x5t#S256": "thumb", "key_ops": ["verify"]}],
            "set_level_unknown": true
        }
    });
    let get = server
        .mock_async(|when, then| {
            when.method(GET).path("/clients/nested");
            then.status(200).json_body(original.clone());
        })
        .await;
    let rec = Recorder::new();
    let put = server
        .mock_async(|when, then| {
            when.method(PUT).path("/clients/nested");
            then.respond_with(rec.respond(200, &[], json(json!({"client_id": "nested"}))));
        })
        .await;
    let c = client(&server);
    let got = c.get_o_auth2_client("nested").await.unwrap();
    get.assert_async().await;
    assert_eq!(got.created_at.map(|t| t.year()), Some(1));
    let updated_at = got.updated_at.expect("updated_at");
    assert_eq!(updated_at.nanosecond(), 123_456_789);
    assert_eq!(updated_at.offset().whole_hours(), 2);
    let jwks = got.jwks.as_ref().unwrap();
    assert_eq!(jwks.extra.get("set_level_unknown"), Some(json!(true)));
    let key = &jwks.keys.as_ref().unwrap()[0];
    assert_eq!(key.extra.get("x5t#S256"), Some(json!("thumb")));
    assert_eq!(key.extra.get("key_ops"), Some(json!(["verify"])));

    c.update_o_auth2_client("nested", &got).await.unwrap();
    put.assert_async().await;
    assert_eq!(rec.single().body_json(), original, "an unchanged client is sent back exactly as received");
}

#[tokio::test]
async fn the_host_header_names_the_base_url_and_no_default_header_can_replace_it() {
    for custom_http in [false, true] {
        let server = MockServer::start_async().await;
        let expected = format!("127.0.0.1:{}", server.port());
        let [host] = headers_sent_to(&server, custom_http, &[], ["host"]).await;
        assert_eq!(host, vec![expected], "custom_http={custom_http}");
    }
    // `Host` frames the connection: the HTTP stack sets it from the base URL alone (issue 24).
    let err = common::builder("http://127.0.0.1:4445").default_header("Host", "hydra-admin.internal").build();
    assert!(err.unwrap_err().is_invalid_input());
}

#[tokio::test]
async fn the_built_in_transport_does_not_follow_redirects() {
    let server = MockServer::start_async().await;
    let elsewhere = server
        .mock_async(|when, then| {
            when.path("/elsewhere");
            then.status(200).json_body(json!({"version": "wrong"}));
        })
        .await;
    let moved = server
        .mock_async(|when, then| {
            when.method(GET).path("/version");
            then.status(302).header("Location", "/elsewhere");
        })
        .await;
    let c =
        ory_hydra_v1_client::Client::builder(server.base_url()).basic_auth("admin", Some("hunter2")).build().unwrap();
    let err = c.get_version().await.unwrap_err();
    assert!(err.is_api(), "{err:?}");
    assert_eq!(err.status(), Some(ory_hydra_v1_client::StatusCode::FOUND));
    moved.assert_async().await;
    elsewhere.assert_calls_async(0).await; // the redirect was not followed
}
