//! Path parameters with reserved characters reach the server as one percent-encoded segment, and a
//! prefixed base URL keeps its prefix. Paths are checked as the server received them, still encoded.

mod common;

use common::{answer, client, json, Recorder, BASIC};
use httpmock::prelude::*;
use ory_hydra_v1_client::{JsonWebKey, OAuth2Client};
use serde_json::json;

/// Ids and the single segment each must become.
const IDS: &[(&str, &str)] = &[
    ("plain-id_1.2~x", "plain-id_1.2~x"),
    ("a?b=c", "a%3Fb%3Dc"),
    ("a#frag", "a%23frag"),
    ("100%", "100%25"),
    ("%2F", "%252F"),
    ("%2e%2e", "%252e%252e"),
    ("hello world", "hello%20world"),
    ("a+b", "a%2Bb"),
    ("a;b,c", "a%3Bb%2Cc"),
    ("back\\slash", "back%5Cslash"),
    ("tab\there", "tab%09here"),
    ("ünïcødé", "%C3%BCn%C3%AFc%C3%B8d%C3%A9"),
    ("🔑", "%F0%9F%94%91"),
    ("...", "..."),
    ("..a", "..a"),
    ("a..", "a.."),
    (".hidden", ".hidden"),
];

#[tokio::test]
async fn client_ids_with_reserved_characters_are_one_encoded_segment() {
    let server = MockServer::start_async().await;
    let c = client(&server);
    for (id, encoded) in IDS {
        let expected = format!("/clients/{encoded}");
        let rec = Recorder::new();
        let mock = server
            .mock_async(|when, then| {
                when.method(GET).path(expected.as_str()).header("authorization", BASIC);
                then.respond_with(rec.respond(200, &[], json(json!({"client_id": id}))));
            })
            .await;
        let got = c.get_o_auth2_client(id).await.unwrap_or_else(|e| panic!("{id:?}: {e:?}"));
        assert_eq!(got.client_id, *id);
        mock.assert_async().await;
        let seen = rec.single();
        assert_eq!(seen.uri, expected, "id {id:?}");
        mock.delete_async().await;
    }
}

#[tokio::test]
async fn update_and_delete_encode_the_id_the_same_way() {
    let server = MockServer::start_async().await;
    let rec = Recorder::new();
    let put = server
        .mock_async(|when, then| {
            when.method(PUT).path("/clients/a..%5Cb").json_body(json!({"client_id": "a..\\b"}));
            then.respond_with(rec.respond(200, &[], json(json!({"client_id": "a..\\b"}))));
        })
        .await;
    let del = server
        .mock_async(|when, then| {
            when.method(DELETE).path("/clients/x%20y%3Fz");
            then.respond_with(rec.respond(204, &[], Vec::new()));
        })
        .await;
    let c = client(&server);
    let got = c.update_o_auth2_client("a..\\b", &OAuth2Client::new().with_client_id("a..\\b")).await.unwrap();
    assert_eq!(got.client_id, "a..\\b");
    c.delete_o_auth2_client("x y?z").await.unwrap();
    put.assert_async().await;
    del.assert_async().await;
    let uris: Vec<String> = rec.seen().into_iter().map(|s| s.uri).collect();
    assert_eq!(uris, ["/clients/a..%5Cb", "/clients/x%20y%3Fz"]);
}

#[tokio::test]
async fn key_set_and_kid_are_encoded_separately_in_path_order() {
    let server = MockServer::start_async().await;
    let rec = Recorder::new();
    let mock = server
        .mock_async(|when, then| {
            when.path_prefix("/keys/");
            then.respond_with(rec.respond(
                200,
                &[],
                json(json!({"alg": "RS256", "kid": "k", "kty": "RSA", "keys": []})),
            ));
        })
        .await;
    let c = client(&server);
    c.get_json_web_key("set%1", "kid?#").await.unwrap();
    c.get_json_web_key_set("a\\..").await.unwrap();
    c.update_json_web_key("s p", "ü..", &JsonWebKey::new("k", "RSA").with_alg("RS256")).await.unwrap();
    c.get_json_web_key("..x", "x..").await.unwrap();
    mock.assert_calls_async(4).await;
    let uris: Vec<String> = rec.seen().into_iter().map(|s| s.uri).collect();
    assert_eq!(uris, ["/keys/set%251/kid%3F%23", "/keys/a%5C..", "/keys/s%20p/%C3%BC..", "/keys/..x/x..",]);
}

#[tokio::test]
async fn prefixed_base_url_prefixes_every_operation_path() {
    let server = MockServer::start_async().await;
    let rec = Recorder::new();
    let mock = server
        .mock_async(|when, then| {
            when.path_prefix("/hydra-admin/").header("authorization", BASIC);
            // One body that is every answer asked for here (a client, health, a login request).
            let body = answer("LoginRequest", json!({"client_id": "x", "status": "ok", "version": "v"}));
            then.respond_with(rec.respond(200, &[], json(body)));
        })
        .await;
    let c = common::builder(format!("{}/hydra-admin/", server.base_url()))
        .basic_auth("admin", Some("hunter2"))
        .build()
        .unwrap();
    assert_eq!(c.base_url().path(), "/hydra-admin/");
    c.get_o_auth2_client("x").await.unwrap();
    c.get_o_auth2_client("a%b").await.unwrap();
    c.is_instance_alive().await.unwrap();
    c.get_login_request("lc").await.unwrap();
    mock.assert_calls_async(4).await;
    let uris: Vec<String> = rec.seen().into_iter().map(|s| s.uri).collect();
    assert_eq!(
        uris,
        [
            "/hydra-admin/clients/x",
            "/hydra-admin/clients/a%25b",
            "/hydra-admin/health/alive",
            "/hydra-admin/oauth2/auth/requests/login?login_challenge=lc",
        ]
    );
}

#[tokio::test]
async fn nested_prefix_without_trailing_slash_is_kept() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.method(GET).path("/a/b/version");
            then.status(200).json_body(json!({"version": "v1.2.3"}));
        })
        .await;
    let c = common::new_client(&format!("{}/a/b", server.base_url())).unwrap();
    assert_eq!(c.get_version().await.unwrap().version, "v1.2.3");
    mock.assert_async().await;
}

/// Values Hydra cannot route as one path segment: its router decodes `%2F` before matching, so each of
/// these would address another resource (`victim/k1` as a key set is key `k1` of set `victim`;
/// `x/../victim` and `victim/` are redirected to `victim`), and URL parsers resolve `.` and `..`.
const UNROUTABLE: &[&str] =
    &["victim/k1", "x/../victim", "victim/", "/victim", "../victim", "a/b", "/", "//", "%2F/", "", ".", ".."];

/// Checks one refusal: typed, naming the operation and the parameter, never echoing the value.
fn assert_refused(err: &ory_hydra_v1_client::Error, operation: &str, parameter: &str, value: &str) {
    assert!(err.is_invalid_input(), "{operation}({parameter}={value:?}): {err:?}");
    assert_eq!(err.operation_name(), Some(operation), "{err:?}");
    assert_eq!(err.parameter(), Some(parameter), "{err:?}");
    let shown = format!("{err} | {err:?} | {}", common::chain(err));
    assert!(shown.contains(operation) && shown.contains(&format!("`{parameter}`")), "{shown}");
    if value.len() > 2 {
        assert!(!shown.contains(value), "the value is not shown: {shown}");
    }
}

/// Calls every operation that has a path parameter with `v` in each path parameter in turn (the others
/// get a plain value), and returns the errors. A table line with a path parameter that is missing here
/// fails the test below, which compares with the operation descriptions.
async fn with_each_path_parameter_set_to(c: &ory_hydra_v1_client::Client, v: &str) -> Vec<ory_hydra_v1_client::Error> {
    let key = JsonWebKey::new("k", "RSA");
    let body = OAuth2Client::new();
    let generate = ory_hydra_v1_client::JsonWebKeySetGeneratorRequest::new("RS256", "k", "sig");
    let set = ory_hydra_v1_client::JsonWebKeySet::new();
    let lifespans = ory_hydra_v1_client::UpdateOAuth2ClientLifespans::new();
    let patch = [ory_hydra_v1_client::PatchDocument::new("replace", "/client_name")];
    let results = vec![
        c.get_o_auth2_client(v).await.err(),
        c.update_o_auth2_client(v, &body).await.err(),
        c.patch_o_auth2_client(v, &patch).await.err(),
        c.delete_o_auth2_client(v).await.err(),
        c.update_o_auth2_client_lifespans(v, &lifespans).await.err(),
        c.create_json_web_key_set(v, &generate).await.err(),
        c.get_json_web_key_set(v).await.err(),
        c.update_json_web_key_set(v, &set).await.err(),
        c.delete_json_web_key_set(v).await.err(),
        c.get_json_web_key(v, "k").await.err(),
        c.get_json_web_key("s", v).await.err(),
        c.update_json_web_key(v, "k", &key).await.err(),
        c.update_json_web_key("s", v, &key).await.err(),
        c.delete_json_web_key(v, "k").await.err(),
        c.delete_json_web_key("other", v).await.err(),
        c.get_trusted_jwt_grant_issuer(v).await.err(),
        c.delete_trusted_jwt_grant_issuer(v).await.err(),
        c.dynamic_client_registration_get_o_auth2_client(v, "rat").await.err(),
        c.dynamic_client_registration_update_o_auth2_client(v, "rat", &body).await.err(),
        c.dynamic_client_registration_delete_o_auth2_client(v, "rat").await.err(),
    ];
    results.into_iter().map(|e| e.expect("an unroutable value is refused")).collect()
}

#[tokio::test]
async fn values_hydra_cannot_route_are_refused_on_every_path_parameter_without_sending() {
    let server = MockServer::start_async().await;
    let any = server
        .mock_async(|when, then| {
            when.any_request();
            then.status(200).json_body(json!({"keys": [], "client_id": "victim"}));
        })
        .await;
    let c = common::builder(server.base_url())
        .public_url(server.base_url())
        .basic_auth("admin", Some("hunter2"))
        .build()
        .unwrap();
    // Every path parameter of every operation, from the descriptions the tables generate.
    let mut expected: Vec<(&str, &str)> = ory_hydra_v1_client::Client::operations()
        .iter()
        .flat_map(|op| op.path_params.iter().map(|p| (op.name, *p)))
        .collect();
    expected.sort_unstable();
    for bad in UNROUTABLE {
        // A distinct marker around the value shows it is never echoed (`/`-values alone are too short).
        let v = if bad.contains('/') { format!("s3cr3t{bad}") } else { bad.to_string() };
        let errors = with_each_path_parameter_set_to(&c, &v).await;
        let mut refused: Vec<(&str, &str)> = Vec::new();
        for err in &errors {
            let (operation, parameter) = (err.operation_name().unwrap(), err.parameter().unwrap_or("?"));
            assert_refused(err, operation, parameter, &v);
            refused.push((operation, parameter));
        }
        refused.sort_unstable();
        assert_eq!(refused, expected, "every path parameter of every operation, once ({v:?})");
    }
    any.assert_calls_async(0).await;
}
