//! `POST /credentials` on v2.3.0: the 400 that primes a proof shares its status with plain errors
//! (QUIRKS.md, "v2.3.0").

use reqwest::{Method, StatusCode};
use serde_json::{json, Value};

use crate::support::{exchange_code, live_v2, login_and_consent, unique};

// Backs: `on 400 VerifiableCredentialPrimingResponse` is chosen by the body (it has `c_nonce`), not by
// the status alone: another 400 of the same operation is an ordinary errorOAuth2.
#[tokio::test]
async fn a_credential_request_without_proof_is_primed_with_a_nonce() {
    let v2 = live_v2!();
    let client = v2.flow_client("v2-vc", "").await;
    let flow = login_and_consent(&v2, &client, &unique("v2-vc-user"), false).await;
    let token = exchange_code(&v2, &client, &flow).await;
    let access_token = token["access_token"].as_str().expect("access_token");
    let url = format!("{}/credentials", v2.public);
    let send = |body: Value| {
        v2.http
            .request(Method::POST, &url)
            .bearer_auth(access_token)
            .header("content-type", "application/json")
            .body(body.to_string())
            .send()
    };

    let primed = send(json!({"format": "jwt_vc_json", "types": ["VerifiableCredential"]})).await.expect("send");
    assert_eq!(primed.status(), StatusCode::BAD_REQUEST);
    let primed: Value = serde_json::from_str(&primed.text().await.expect("body")).expect("JSON");
    assert_eq!(primed["error"], "missing_proof");
    assert_eq!(primed["format"], "jwt_vc", "the answer names the format `jwt_vc`, not the `jwt_vc_json` asked for");
    assert!(primed["c_nonce"].as_str().is_some_and(|n| n.len() >= 32), "{primed}");
    assert_eq!(primed["c_nonce_expires_in"], 3600);

    let plain = send(json!({})).await.expect("send");
    assert_eq!(plain.status(), StatusCode::BAD_REQUEST);
    let plain: Value = serde_json::from_str(&plain.text().await.expect("body")).expect("JSON");
    assert_eq!(plain["error"], "invalid_request");
    assert!(plain.get("c_nonce").is_none(), "an ordinary error body: {plain}");

    let anonymous = v2.call(Method::POST, &url, Some(json!({"format": "jwt_vc_json"}))).await;
    assert_eq!(anonymous.status, StatusCode::UNAUTHORIZED);
    v2.delete_client(&client).await;
}
