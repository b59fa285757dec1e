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

    // The same two answers through the typed client: only the first decodes as the priming model.
    use ory_hydra_v2_client::{
        CreateVerifiableCredentialRequestBody as Body, ErrorOAuth2, VerifiableCredentialPrimingResponse,
    };
    let hydra = v2.client();
    let asked = Body::new().with_format("jwt_vc_json").with_types(["VerifiableCredential"]);
    let err = hydra.create_verifiable_credential(access_token, &asked).await.expect_err("a priming 400");
    let typed = err.body_as::<VerifiableCredentialPrimingResponse>().expect("a priming answer");
    assert_eq!((typed.format.as_str(), typed.c_nonce_expires_in), ("jwt_vc", 3600));
    let err = hydra.create_verifiable_credential(access_token, &Body::new()).await.expect_err("a plain 400");
    assert!(err.body_as::<VerifiableCredentialPrimingResponse>().is_none(), "{err:?}");
    assert_eq!(err.body_as::<ErrorOAuth2>().map(|e| e.error), Some("invalid_request".to_string()));

    let anonymous = v2.call(Method::POST, &url, Some(json!({"format": "jwt_vc_json"}))).await;
    assert_eq!(anonymous.status, StatusCode::UNAUTHORIZED);
    v2.delete_client(&client).await;
}

// Backs: `ClientCredentials::private_key_jwt` on a real v2.3.0: the client signs fresh claims for every
// request (Hydra refuses a `jti` it saw before, so two grants in a row prove the claims are new), the
// audience is the token endpoint on the Public URL, and a wrong key is refused by the server.
#[tokio::test]
async fn a_private_key_jwt_client_gets_tokens_with_fresh_assertions() {
    use ory_hydra_v2_client::{ClientCredentials, GrantType, OAuth2Client, SigningAlgorithm, TokenEndpointAuthMethod};
    use std::sync::{Arc, Mutex};
    let v2 = live_v2!();
    let hydra = v2.client();
    let id = unique("v2-pkjwt");
    let key = Arc::new(crate::es256::Es256::new(unique("v2-pkjwt-key")));
    let (x, y) = key.xy();
    let jwks =
        json!({"keys": [{"kty": "EC", "crv": "P-256", "x": x, "y": y, "kid": key.kid, "alg": "ES256", "use": "sig"}]});
    let client = OAuth2Client::new()
        .with_client_id(id.clone())
        .with_grant_types([GrantType::ClientCredentials])
        .with_token_endpoint_auth_method(TokenEndpointAuthMethod::PrivateKeyJwt)
        .with_token_endpoint_auth_signing_alg(SigningAlgorithm::Es256)
        .with_jwks(jwks);
    hydra.create_o_auth2_client(&client).await.expect("create a private_key_jwt client");

    let seen = Arc::new(Mutex::new(Vec::new()));
    let (signer, log) = (key.clone(), seen.clone());
    let creds = ClientCredentials::private_key_jwt(id.clone(), move |claims| {
        log.lock().unwrap().push(claims.clone());
        Ok::<_, std::convert::Infallible>(signer.sign(claims))
    });
    for _ in 0..2 {
        let token = hydra.oauth2_token_exchange(&creds, GrantType::ClientCredentials, Default::default()).await;
        assert!(!token.expect("a token for a signed assertion").access_token.is_empty());
    }
    let seen = seen.lock().unwrap().clone();
    assert_eq!(seen.len(), 2);
    assert_ne!(seen[0].jti, seen[1].jti, "a fresh id per request");
    assert_eq!(seen[0].aud, format!("{}/oauth2/token", v2.public));
    assert_eq!((seen[0].iss.as_str(), seen[0].sub.as_str()), (id.as_str(), id.as_str()));

    let stranger = crate::es256::Es256::new(key.kid.clone());
    let wrong = ClientCredentials::private_key_jwt(id.clone(), move |claims| {
        Ok::<_, std::convert::Infallible>(stranger.sign(claims))
    });
    let err = hydra.oauth2_token_exchange(&wrong, GrantType::ClientCredentials, Default::default()).await.unwrap_err();
    assert!(err.is_unauthorized(), "{err:?}");
    v2.delete_client(&id).await;
}
