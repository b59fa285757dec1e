//! JSON Web Key operations against httpmock: `(set, kid)` path order, bodies and decoded keys.

mod common;

use common::{client, json, Recorder, BASIC};
use httpmock::prelude::*;
use ory_hydra_v1_client::{JsonWebKey, JsonWebKeySet, JsonWebKeySetGeneratorRequest};
use serde_json::json;

fn rsa_key_json(kid: &str) -> serde_json::Value {
    json!({
        "alg": "RS256", "kid": kid, "kty": "RSA", "use": "sig",
        "n": "modulus", "e": "AQAB",
        "d": "priv-d", "p": "priv-p", "q": "priv-q", "dp": "priv-dp", "dq": "priv-dq", "qi": "priv-qi",
        "x5c": ["cert-1", "cert-2"]
    })
}

fn assert_rsa_key(k: &JsonWebKey, kid: &str) {
    assert_eq!(k.alg.as_deref(), Some("RS256"));
    assert_eq!(k.kid, kid);
    assert_eq!(k.kty, "RSA");
    assert_eq!(k.key_use.as_deref(), Some("sig"));
    assert_eq!(k.n.as_deref(), Some("modulus"));
    assert_eq!(k.e.as_deref(), Some("AQAB"));
    assert_eq!(k.d.as_deref(), Some("priv-d"));
    assert_eq!(k.p.as_deref(), Some("priv-p"));
    assert_eq!(k.q.as_deref(), Some("priv-q"));
    assert_eq!(k.dp.as_deref(), Some("priv-dp"));
    assert_eq!(k.dq.as_deref(), Some("priv-dq"));
    assert_eq!(k.qi.as_deref(), Some("priv-qi"));
    assert_eq!(k.x5c, Some(vec!["cert-1".to_string(), "cert-2".to_string()]));
    assert_eq!(k.crv, None);
    assert!(k.extra.is_empty(), "{:?}", k.extra);
}

#[tokio::test]
async fn create_json_web_key_set_posts_the_generator_request() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.method(POST)
                .path("/keys/hydra.openid.id-token")
                .header("authorization", BASIC)
                .header("content-type", "application/json")
                .json_body(json!({"alg": "RS256", "kid": "new-key", "use": "sig"}));
            then.status(201).json_body(json!({"keys": [rsa_key_json("new-key")]}));
        })
        .await;
    let req = JsonWebKeySetGeneratorRequest::new("RS256", "new-key", "sig");
    let set = client(&server).create_json_web_key_set("hydra.openid.id-token", &req).await.unwrap();
    mock.assert_async().await;
    let keys = set.keys.expect("keys");
    assert_eq!(keys.len(), 1);
    assert_rsa_key(&keys[0], "new-key");
}

#[tokio::test]
async fn get_json_web_key_set_decodes_every_key() {
    let server = MockServer::start_async().await;
    let rec = Recorder::new();
    let mock = server
        .mock_async(|when, then| {
            when.method(GET).path("/keys/my-set").header("authorization", BASIC).header_missing("content-type");
            then.respond_with(rec.respond(
                200,
                &[("content-type", "application/json")],
                json(json!({"keys": [
                    rsa_key_json("a"),
                    {"alg": "ES256", "kid": "b", "kty": "EC", "crv": "P-256", "x": "xx", "y": "yy", "use": "enc"},
                    {"alg": "HS256", "kid": "c", "kty": "oct", "k": "sym-key"}
                ]})),
            ));
        })
        .await;
    let set = client(&server).get_json_web_key_set("my-set").await.unwrap();
    mock.assert_async().await;
    assert!(rec.single().body.is_empty());
    let keys = set.keys.expect("keys");
    assert_eq!(keys.len(), 3);
    assert_rsa_key(&keys[0], "a");
    assert_eq!((keys[1].kid.as_str(), keys[1].kty.as_str()), ("b", "EC"));
    assert_eq!(keys[1].crv.as_deref(), Some("P-256"));
    assert_eq!(keys[1].x.as_deref(), Some("xx"));
    assert_eq!(keys[1].y.as_deref(), Some("yy"));
    assert_eq!(keys[1].key_use.as_deref(), Some("enc"));
    assert_eq!(keys[1].d, None);
    assert_eq!(keys[2].alg.as_deref(), Some("HS256"));
    assert_eq!(keys[2].k.as_deref(), Some("sym-key"));
    assert_eq!(keys[2].key_use, None);
}

#[tokio::test]
async fn update_json_web_key_set_puts_the_whole_set() {
    let server = MockServer::start_async().await;
    let k1 = JsonWebKey::new("k1", "RSA").with_alg("RS256").with_key_use("sig").with_n("modulus").with_e("AQAB");
    let k2 = JsonWebKey::new("k2", "oct").with_alg("HS256").with_k("sym");
    let body = JsonWebKeySet::new().with_keys([k1, k2]);
    let mock = server
        .mock_async(|when, then| {
            when.method(PUT)
                .path("/keys/my-set")
                .header("authorization", BASIC)
                .header("content-type", "application/json")
                .json_body(json!({"keys": [
                    {"alg": "RS256", "kid": "k1", "kty": "RSA", "use": "sig", "n": "modulus", "e": "AQAB"},
                    {"alg": "HS256", "kid": "k2", "kty": "oct", "k": "sym"}
                ]}));
            then.status(200).json_body(json!({"keys": [
                {"alg": "RS256", "kid": "k1", "kty": "RSA", "use": "sig", "n": "modulus", "e": "AQAB"}
            ]}));
        })
        .await;
    let set = client(&server).update_json_web_key_set("my-set", &body).await.unwrap();
    mock.assert_async().await;
    let keys = set.keys.unwrap();
    assert_eq!(keys.len(), 1);
    assert_eq!(keys[0].kid, "k1");
    assert_eq!(keys[0].n.as_deref(), Some("modulus"));
}

#[tokio::test]
async fn delete_json_web_key_set_sends_delete() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.method(DELETE).path("/keys/my-set").header("authorization", BASIC).header_missing("content-type");
            then.status(204);
        })
        .await;
    let () = client(&server).delete_json_web_key_set("my-set").await.unwrap();
    mock.assert_async().await;
}

#[tokio::test]
async fn get_json_web_key_uses_set_then_kid_and_decodes_a_set() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.method(GET).path("/keys/the-set/the-kid").header("authorization", BASIC);
            then.status(200).json_body(json!({"keys": [rsa_key_json("the-kid")]}));
        })
        .await;
    let set = client(&server).get_json_web_key("the-set", "the-kid").await.unwrap();
    mock.assert_async().await;
    let keys = set.keys.unwrap();
    assert_eq!(keys.len(), 1);
    assert_rsa_key(&keys[0], "the-kid");
}

#[tokio::test]
async fn update_json_web_key_puts_one_key_with_private_members() {
    let server = MockServer::start_async().await;
    let key = JsonWebKey::new("the-kid", "RSA")
        .with_alg("RS256")
        .with_key_use("sig")
        .with_n("modulus")
        .with_e("AQAB")
        .with_d("priv-d")
        .with_p("priv-p")
        .with_q("priv-q")
        .with_dp("priv-dp")
        .with_dq("priv-dq")
        .with_qi("priv-qi")
        .with_x5c(["cert-1", "cert-2"]);
    let mock = server
        .mock_async(|when, then| {
            when.method(PUT)
                .path("/keys/the-set/the-kid")
                .header("authorization", BASIC)
                .header("content-type", "application/json")
                .json_body(rsa_key_json("the-kid"));
            then.status(200).json_body(rsa_key_json("the-kid"));
        })
        .await;
    let got = client(&server).update_json_web_key("the-set", "the-kid", &key).await.unwrap();
    mock.assert_async().await;
    assert_rsa_key(&got, "the-kid");
    assert_eq!(got, key);
}

#[tokio::test]
async fn delete_json_web_key_sends_delete_to_set_then_kid() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.method(DELETE).path("/keys/the-set/the-kid").header("authorization", BASIC);
            then.status(204);
        })
        .await;
    let () = client(&server).delete_json_web_key("the-set", "the-kid").await.unwrap();
    mock.assert_async().await;
}

#[tokio::test]
async fn a_key_set_with_null_keys_decodes_to_none() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.method(GET).path("/keys/empty");
            then.status(200).json_body(json!({"keys": null}));
        })
        .await;
    let set = client(&server).get_json_web_key_set("empty").await.unwrap();
    mock.assert_async().await;
    assert_eq!(set.keys, None);
}

#[tokio::test]
async fn a_key_missing_a_required_member_is_a_decode_error_naming_it() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.method(GET).path("/keys/s/k");
            then.status(200).json_body(json!({"keys": [rsa_key_json("ok"), {"alg": "RS256", "kty": "RSA"}]}));
        })
        .await;
    let err = client(&server).get_json_web_key("s", "k").await.unwrap_err();
    mock.assert_async().await;
    assert!(err.is_decode(), "{err:?}");
    let d = err.decode().expect("decode details");
    assert!(d.path.starts_with("keys[1]"), "path {:?}", d.path);
    assert!(common::chain(&err).contains("kid"), "{err}");
}

#[tokio::test]
async fn a_generated_ec_key_without_alg_decodes_and_is_sent_back_without_alg() {
    // Hydra leaves `alg` out of some generated EC keys (ES512).
    let server = MockServer::start_async().await;
    let ec = json!({"kid": "ec-1", "kty": "EC", "crv": "P-521", "x": "xx", "y": "yy", "use": "sig"});
    let get = server
        .mock_async(|when, then| {
            when.method(GET).path("/keys/ec-set/ec-1");
            then.status(200).json_body(json!({"keys": [ec.clone()]}));
        })
        .await;
    let put = server
        .mock_async(|when, then| {
            when.method(PUT).path("/keys/ec-set/ec-1").json_body(ec.clone());
            then.status(200).json_body(ec.clone());
        })
        .await;
    let c = client(&server);
    let key = c.get_json_web_key("ec-set", "ec-1").await.unwrap().keys.unwrap().remove(0);
    assert_eq!(key.alg, None);
    assert_eq!(key.crv.as_deref(), Some("P-521"));
    let back = c.update_json_web_key("ec-set", "ec-1", &key).await.unwrap();
    assert_eq!(back, key);
    get.assert_async().await;
    put.assert_async().await;
}
