//! Error answers on v2.3.0: body shapes, the 307 from v1-shaped admin paths, and the call that needs
//! `subject` or `sid` (QUIRKS.md, "v2.3.0").

use reqwest::{Method, StatusCode};
use serde_json::json;
use url::Url;

use crate::support::live_v2;

// Backs: errors decode as errorOAuth2 even where the document declares genericError (no
// `message`/`code` members arrive), and the raw body is kept.
#[tokio::test]
async fn error_bodies_are_error_oauth2_even_where_generic_error_is_declared() {
    let v2 = live_v2!();
    let missing = json!({"error": "Unable to locate the resource", "error_description": ""});
    // getOAuth2Client declares errorOAuth2.
    let got = v2.admin_get("/admin/clients/v2-no-such-client").await.expect(StatusCode::NOT_FOUND);
    assert_eq!(got.json(), missing);
    assert_eq!(got.header("content-type"), Some("application/json"));
    // deleteOAuth2Client and getTrustedOAuth2JwtGrantIssuer declare genericError.
    let deleted = v2.admin_call(Method::DELETE, "/admin/clients/v2-no-such-client", None).await;
    assert_eq!(deleted.expect(StatusCode::NOT_FOUND).json(), missing);
    let issuer = v2.admin_get("/admin/trust/grants/jwt-bearer/issuers/v2-no-such-issuer").await;
    assert_eq!(issuer.expect(StatusCode::NOT_FOUND).json(), missing);
    // A validation error of trustOAuth2JwtGrantIssuer (genericError declared) has an OAuth2 error code.
    let bad = v2.admin_call(Method::POST, "/admin/trust/grants/jwt-bearer/issuers", Some(json!({"issuer": ""}))).await;
    let bad = bad.expect(StatusCode::BAD_REQUEST).json();
    assert_eq!(bad["error"], "missing_required_parameter");
    assert!(bad.get("message").is_none() && bad.get("code").is_none(), "{bad}");
    // The public side answers the same shape (token endpoint without client credentials).
    let url = format!("{}/oauth2/token", v2.public);
    let resp = v2.http.post(&url).form(&[("grant_type", "client_credentials")]).send().await.expect("token");
    assert_eq!(resp.status(), StatusCode::BAD_REQUEST);
    let body: serde_json::Value = serde_json::from_str(&resp.text().await.expect("body")).expect("JSON");
    assert_eq!(body["error"], "invalid_request");
}

// Backs: revoke_o_auth2_login_sessions refuses to send without `subject` or `sid` (the server would
// answer 400; the client should not make the round trip).
#[tokio::test]
async fn revoking_login_sessions_needs_subject_or_sid() {
    let v2 = live_v2!();
    let answer = v2.admin_call(Method::DELETE, "/admin/oauth2/auth/sessions/login", None).await;
    let body = answer.expect(StatusCode::BAD_REQUEST).json();
    assert_eq!(body["error"], "invalid_request");
    let description = body["error_description"].as_str().expect("error_description");
    assert!(description.ends_with("Either 'subject' or 'sid' query parameters need to be defined."), "{description}");
    let by_subject = v2.admin_call(Method::DELETE, "/admin/oauth2/auth/sessions/login?subject=v2-nobody", None);
    by_subject.await.expect(StatusCode::NO_CONTENT);
}

// Backs: a 307 from a v1-shaped path is never followed and becomes an error saying the server is v2
// (the v1 client pointed at a v2 server says so too).
#[tokio::test]
async fn v1_shaped_admin_paths_answer_307_to_admin() {
    let v2 = live_v2!();
    for (method, path) in [
        (Method::GET, "/clients?limit=2"),
        (Method::POST, "/clients"),
        (Method::DELETE, "/oauth2/auth/sessions/login?subject=x"),
        (Method::GET, "/keys/some-set/some-kid"),
        (Method::PUT, "/oauth2/auth/requests/login/accept?login_challenge=x"),
    ] {
        let answer = v2.admin_call(method.clone(), path, None).await;
        assert_eq!(answer.status, StatusCode::TEMPORARY_REDIRECT, "{method} {path}: {}", answer.body);
        // scripts/hydra.sh sets URLS_SELF_ADMIN to the admin URL, which makes the Location absolute.
        assert_eq!(answer.header("location"), Some(format!("{}/admin{path}", v2.admin).as_str()), "{method} {path}");
    }
    // The public side has no such redirect.
    let public = v2.call(Method::GET, &format!("{}/clients", v2.public), None).await;
    assert_eq!(public.status, StatusCode::NOT_FOUND);
    // /version and /health/* are served on both shapes: a v1 client's get_version reaches a v2 server.
    v2.admin_get("/health/alive").await.expect(StatusCode::OK);
}

// Backs: the same, without URLS_SELF_ADMIN: v2.3.0 then sends `http:///admin/...` (scheme, empty
// host; seen on a server started with HYDRA_SELF_ADMIN=none). Needs no server: this is what a URL
// library makes of it, and why the client must never follow it.
#[test]
fn a_hostless_location_resolves_to_another_host() {
    let base = Url::parse("http://127.0.0.1:4445/clients?limit=2").expect("base");
    let followed = base.join("http:///admin/clients?limit=2").expect("the WHATWG parser accepts it");
    assert_eq!(followed.host_str(), Some("admin"), "a request to host `admin`: the wrong resource");
    assert_eq!(followed.path(), "/clients");
}
