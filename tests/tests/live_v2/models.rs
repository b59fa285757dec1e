//! Member shapes v2.3.0 sends that a typed model must take: Go duration strings, `null` arrays and
//! booleans (QUIRKS.md, "v2.3.0").

use reqwest::{Method, StatusCode};
use serde_json::{json, Value};

use crate::support::{live_v2, unique};

// Backs: lifespans are Go duration strings (a `GoDuration` type): normalised on the way back, numbers
// and unit-less digits refused.
#[tokio::test]
async fn lifespans_are_go_duration_strings() {
    let v2 = live_v2!();
    let id = v2.flow_client("v2-lifespans", "").await;
    let fresh = v2.admin_get(&format!("/admin/clients/{id}")).await.expect(StatusCode::OK).json();
    assert_eq!(fresh["authorization_code_grant_access_token_lifespan"], Value::Null, "unset lifespans are null");
    let path = format!("/admin/clients/{id}/lifespans");
    let set = json!({
        "authorization_code_grant_access_token_lifespan": "90m",
        "client_credentials_grant_access_token_lifespan": "1h30m45s",
        "refresh_token_grant_refresh_token_lifespan": "720h",
    });
    let client = v2.admin_call(Method::PUT, &path, Some(set)).await.expect(StatusCode::OK).json();
    assert_eq!(client["authorization_code_grant_access_token_lifespan"], "1h30m0s");
    assert_eq!(client["client_credentials_grant_access_token_lifespan"], "1h30m45s");
    assert_eq!(client["refresh_token_grant_refresh_token_lifespan"], "720h0m0s");
    assert_eq!(client["implicit_grant_id_token_lifespan"], Value::Null, "the others stay null");
    for (value, hint) in [
        (json!(3600), "cannot unmarshal number"),
        (json!("3600"), "missing unit in duration"),
        (json!("1 hour"), "duration"),
    ] {
        let body = json!({"authorization_code_grant_access_token_lifespan": value});
        let refused = v2.admin_call(Method::PUT, &path, Some(body)).await.expect(StatusCode::BAD_REQUEST).json();
        let description = refused["error_description"].as_str().expect("error_description");
        assert!(description.contains(hint), "{value}: {description}");
    }
    v2.delete_client(&id).await;
}

// Backs: `null` arrays decode as empty and `null` booleans as absent; the registration access token is
// a per-call credential of the dynamic-client operations.
#[tokio::test]
async fn dynamic_registration_answers_null_arrays() {
    let v2 = live_v2!();
    let url = format!("{}/oauth2/register", v2.public);
    let name = unique("v2-dyn");
    let created = v2.call(Method::POST, &url, Some(json!({"client_name": name}))).await.expect(StatusCode::CREATED);
    let client = created.json();
    for member in ["redirect_uris", "grant_types", "response_types", "contacts"] {
        assert_eq!(client[member], Value::Null, "{member} is null, not []");
    }
    assert_eq!(client["audience"], json!([]), "while audience is []");
    let id = client["client_id"].as_str().expect("client_id");
    // The Location of a public registration points at the admin path, relative.
    assert_eq!(created.header("location"), Some(format!("/admin/clients/{id}").as_str()));
    let token = client["registration_access_token"].as_str().expect("registration_access_token");
    let one = format!("{url}/{id}");
    let read = v2.http.get(&one).bearer_auth(token).send().await.expect("get");
    assert_eq!(read.status(), StatusCode::OK);
    let read: Value = serde_json::from_str(&read.text().await.expect("body")).expect("JSON");
    assert_eq!(read["skip_logout_consent"], Value::Null, "a null boolean");
    let anonymous = v2.call(Method::GET, &one, None).await;
    assert_eq!(anonymous.status, StatusCode::UNAUTHORIZED, "{}", anonymous.body);
    let deleted = v2.http.delete(&one).bearer_auth(token).send().await.expect("delete");
    assert_eq!(deleted.status(), StatusCode::NO_CONTENT);
}
