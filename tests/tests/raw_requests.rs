//! Raw requests (`Client::request`): an endpoint the tables lack, called with the client's credentials,
//! escaping, retries, error decoding and paging, on both line crates.

mod common;

use std::time::Duration;

use common::{json, Recorder, BASIC};
use futures::TryStreamExt as _;
use http::{Request, Response};
use httpmock::prelude::*;
use ory_hydra_v1_client::service::Body;
use ory_hydra_v1_client::{Client, ClientCredentials, ErrorKind, Method, PageStart, RetryPolicy, Side};
use serde_json::{json, Value};
use tower_test::mock;

const ADMIN: &str = "http://hydra-admin.test:4445/prefix";
const PUBLIC: &str = "http://hydra-public.test:4444";

type Handle = mock::Handle<Request<Body>, Response<String>>;

fn mocked(builder: ory_hydra_v1_client::ClientBuilder) -> (Client, Handle) {
    let (service, handle) = mock::pair::<Request<Body>, Response<String>>();
    (builder.service(service).build().expect("client over a mock"), handle)
}

fn admin_and_public() -> (Client, Handle) {
    mocked(
        Client::builder(ADMIN)
            .public_url(PUBLIC)
            .basic_auth("admin", Some("hunter2"))
            .default_header("X-Gateway-Key", "gateway-secret"),
    )
}

fn answer(status: u16, body: Value) -> Response<String> {
    Response::builder().status(status).body(body.to_string()).expect("a response")
}

fn header<'a>(req: &'a Request<Body>, name: &str) -> Option<&'a str> {
    req.headers().get(name).map(|v| v.to_str().expect("ASCII header"))
}

#[tokio::test]
async fn a_raw_admin_get_escapes_its_path_parameters_and_carries_the_admin_credentials() {
    let (client, mut handle) = admin_and_public();
    let call = tokio::spawn(async move {
        client
            .request(Method::GET, "/admin/trust/{issuer}/keys/{kid}")
            .path_param("issuer", "issuer.example:443?x=1#f")
            .path_param("kid", "100% key")
            .query("page", 2)
            .query("q", "a&b=c")
            .send::<Value>()
            .await
    });
    let (req, respond) = handle.next_request().await.expect("a request");
    assert_eq!(req.method(), Method::GET);
    assert_eq!(
        req.uri().to_string(),
        "http://hydra-admin.test:4445/prefix/admin/trust/issuer.example%3A443%3Fx%3D1%23f/keys/100%25%20key\
         ?page=2&q=a%26b%3Dc"
    );
    assert_eq!(header(&req, "authorization"), Some(BASIC));
    assert_eq!(header(&req, "x-gateway-key"), Some("gateway-secret"));
    respond.send_response(answer(200, json!({"kid": "100% key"})));
    assert_eq!(call.await.unwrap().expect("decoded"), json!({"kid": "100% key"}));
}

#[tokio::test]
async fn path_values_that_would_address_another_route_are_refused_before_sending() {
    let (client, _handle) = admin_and_public();
    for bad in ["victim/keys", "", ".", "..", "../clients"] {
        let err = client.request(Method::DELETE, "/clients/{id}").path_param("id", bad).send::<Value>().await;
        let err = err.expect_err(bad);
        assert!(err.is_invalid_input(), "{bad:?}: {err:?}");
        assert_eq!(err.parameter(), Some("id"), "{bad:?}");
        assert!(!err.to_string().contains("victim"), "the value is not quoted: {err}");
    }
    // Templates: a query, a raw space, a missing or a surplus parameter.
    let cases: [(&str, &[(&'static str, &str)]); 5] = [
        ("/clients?id=1", &[]),
        ("/clients/a b", &[]),
        ("/clients/{id}", &[]),
        ("/clients", &[("id", "x")]),
        ("clients", &[]),
    ];
    for (template, params) in cases {
        let mut req = client.request(Method::GET, template);
        for (name, value) in params {
            req = req.path_param(name, value);
        }
        let err = req.send::<Value>().await.expect_err(template);
        assert!(err.is_invalid_input(), "{template}: {err:?}");
        assert_eq!(err.operation_name(), Some("request"), "{template}");
    }
    // Dot segments in the template would leave the base URL's `/prefix` with the Admin credentials.
    for template in ["/../billing/secrets", "/clients/../keys/{id}", "/%2E%2e/billing", "/clients/./x"] {
        let mut req = client.request(Method::GET, template);
        if template.contains("{id}") {
            req = req.path_param("id", "k");
        }
        let err = req.send::<Value>().await.expect_err(template);
        assert!(err.is_invalid_input(), "{template}: {err:?}");
    }
    let purge = client.request(Method::from_bytes(b"PURGE").unwrap(), "/cache").send::<Value>().await;
    assert!(purge.unwrap_err().is_invalid_input());
}

#[tokio::test]
async fn a_raw_public_request_carries_only_its_own_credentials() {
    let (client, mut handle) = admin_and_public();
    let creds = ClientCredentials::basic("app", "app-secret");
    let call = tokio::spawn(async move {
        client
            .request(Method::POST, "/oauth2/device/auth")
            .side(Side::Public)
            .client_credentials(&creds)
            .form("scope", "openid offline")
            .send::<Value>()
            .await
    });
    let (req, respond) = handle.next_request().await.expect("a request");
    assert_eq!(req.uri().to_string(), "http://hydra-public.test:4444/oauth2/device/auth");
    assert_eq!(header(&req, "authorization"), Some("Basic YXBwOmFwcC1zZWNyZXQ="));
    assert_eq!(header(&req, "x-gateway-key"), None, "admin headers stay on the Admin side");
    assert_eq!(header(&req, "content-type"), Some("application/x-www-form-urlencoded"));
    assert_eq!(req.body().as_bytes(), b"scope=openid+offline");
    respond.send_response(answer(200, json!({"device_code": "d"})));
    call.await.unwrap().expect("decoded");

    // Form-borne client credentials cannot ride in a JSON body: refused rather than one of them lost.
    let (client, _handle) = admin_and_public();
    let posted = ClientCredentials::post("app", "app-secret");
    let req = client.request(Method::POST, "/x").side(Side::Public).client_credentials(&posted).json(&json!({}));
    assert!(req.send::<Value>().await.unwrap_err().is_invalid_input());

    // A bearer token is for the Public side only: an Admin request carries the client's own.
    let (client, _handle) = admin_and_public();
    let err = client.request(Method::GET, "/clients").bearer("user-token").send::<Value>().await.unwrap_err();
    assert!(err.is_invalid_input(), "{err:?}");
}

#[tokio::test]
async fn a_public_only_client_sends_raw_requests_to_the_public_api() {
    let (client, mut handle) = mocked(Client::public_builder(PUBLIC));
    let call =
        tokio::spawn(async move { client.request(Method::GET, "/userinfo").bearer("access-1").send_raw().await });
    let (req, respond) = handle.next_request().await.expect("a request");
    assert_eq!(req.uri().to_string(), "http://hydra-public.test:4444/userinfo");
    assert_eq!(header(&req, "authorization"), Some("Bearer access-1"));
    let mut answered = answer(200, json!({"sub": "alice"}));
    answered.headers_mut().insert("x-request-id", "r-1".parse().unwrap());
    respond.send_response(answered);
    let raw = call.await.unwrap().expect("answered");
    assert_eq!(raw.status(), 200);
    assert_eq!(raw.headers().get("x-request-id").unwrap(), "r-1");
    assert_eq!(raw.json::<Value>().unwrap(), json!({"sub": "alice"}));
    assert!(!format!("{raw:?}").contains("alice"), "{raw:?}");
}

#[tokio::test]
async fn error_answers_to_a_raw_request_are_decoded_api_errors() {
    let (client, mut handle) = admin_and_public();
    let call =
        tokio::spawn(
            async move { client.request(Method::GET, "/clients/{id}").path_param("id", "x").send_raw().await },
        );
    let (_, respond) = handle.next_request().await.expect("a request");
    respond.send_response(answer(409, json!({"error": "conflict", "error_description": "taken"})));
    let err = call.await.unwrap().expect_err("409");
    assert_eq!(err.kind(), ErrorKind::Api);
    assert!(err.is_conflict(), "{err:?}");
    assert_eq!(err.api().and_then(|a| a.message()), Some("taken"));
    assert_eq!(err.operation_name(), Some("request"));
}

#[tokio::test]
async fn raw_requests_are_retried_as_their_method_or_retry_safe_says() {
    let policy = RetryPolicy::new(2).base_delay(Duration::from_millis(1)).max_delay(Duration::from_millis(2));
    let (client, mut handle) = mocked(Client::builder(ADMIN).retry(policy));
    // POST is not idempotent: one attempt, the 503 is the answer.
    let c = client.clone();
    let post = tokio::spawn(async move { c.request(Method::POST, "/things").json(&json!({"a": 1})).send_raw().await });
    let (req, respond) = handle.next_request().await.expect("a request");
    assert_eq!(req.body().as_bytes(), br#"{"a":1}"#);
    respond.send_response(answer(503, json!({})));
    assert_eq!(post.await.unwrap().unwrap_err().status(), Some(http::StatusCode::SERVICE_UNAVAILABLE));
    // The same POST marked safe is sent again.
    let c = client.clone();
    let post = tokio::spawn(async move { c.request(Method::POST, "/things").retry_safe(true).send::<Value>().await });
    let (_, respond) = handle.next_request().await.expect("first attempt");
    respond.send_response(answer(503, json!({})));
    let (_, respond) = handle.next_request().await.expect("second attempt");
    respond.send_response(answer(200, json!({"ok": true})));
    assert_eq!(post.await.unwrap().unwrap(), json!({"ok": true}));
}

#[tokio::test]
async fn a_raw_listing_pages_by_offset_over_a_real_connection() {
    let server = MockServer::start_async().await;
    let rec = Recorder::new();
    let next = r#"</clients?limit=2&offset=2>; rel="next""#;
    let first = server
        .mock_async(|when, then| {
            when.method(GET).path("/clients").query_param("limit", "2").query_param("offset", "0");
            then.respond_with(rec.respond(200, &[("link", next)], json(json!([{"n": 1}, {"n": 2}]))));
        })
        .await;
    let second = server
        .mock_async(|when, then| {
            when.method(GET).path("/clients").query_param("limit", "2").query_param("offset", "2");
            then.respond_with(rec.respond(200, &[], json(json!([{"n": 3}]))));
        })
        .await;
    let client = Client::builder(server.base_url()).basic_auth("admin", Some("hunter2")).build().unwrap();
    let start = PageStart::Offset { limit: Some(2), offset: None };
    let all: Vec<Value> =
        client.request(Method::GET, "/clients").query("owner", "o").pages(start).try_collect().await.unwrap();
    assert_eq!(all, [json!({"n": 1}), json!({"n": 2}), json!({"n": 3})]);
    first.assert_async().await;
    second.assert_async().await;
    for seen in rec.seen() {
        assert_eq!(seen.header("authorization"), [BASIC], "every page carries the credentials");
        assert!(seen.query().starts_with("owner=o&"), "every page keeps the caller's query: {}", seen.query());
    }
}

#[tokio::test]
async fn the_v2_line_pages_raw_listings_by_token() {
    let server = MockServer::start_async().await;
    let next = r#"</admin/clients?page_size=1&page_token=tok-2>; rel="next""#;
    let first = server
        .mock_async(|when, then| {
            when.method(GET).path("/admin/clients").query_param("page_size", "1").query_param_missing("page_token");
            then.status(200).header("link", next).body(json(json!([{"client_id": "a"}])));
        })
        .await;
    let second = server
        .mock_async(|when, then| {
            when.method(GET).path("/admin/clients").query_param("page_token", "tok-2");
            then.status(200).body(json(json!([{"client_id": "b"}])));
        })
        .await;
    let client = ory_hydra_v2_client::Client::new(&server.base_url()).unwrap();
    let start = ory_hydra_v2_client::PageStart::Token { page_size: Some(1), page_token: None };
    let page = client.request(ory_hydra_v2_client::Method::GET, "/admin/clients").page::<Value>(start.clone()).await;
    assert_eq!(page.unwrap().items, [json!({"client_id": "a"})]);
    let all: Vec<Value> =
        client.request(ory_hydra_v2_client::Method::GET, "/admin/clients").pages(start).try_collect().await.unwrap();
    assert_eq!(all, [json!({"client_id": "a"}), json!({"client_id": "b"})]);
    first.assert_calls_async(2).await;
    second.assert_async().await;
}

#[tokio::test]
async fn a_redirect_to_a_raw_request_is_not_read_as_a_v2_server_hint() {
    // Generated v1 Admin calls read a 307 as "this is a v2 server"; a raw path is the caller's choice,
    // so its redirect is reported as it is.
    let (client, mut handle) = admin_and_public();
    let call = tokio::spawn(async move { client.request(Method::GET, "/somewhere").send_raw().await });
    let (_, respond) = handle.next_request().await.expect("a request");
    let moved = Response::builder().status(307).header("location", "/admin/somewhere").body(String::new()).unwrap();
    respond.send_response(moved);
    let err = call.await.unwrap().expect_err("a redirect is not followed");
    assert_eq!(err.status(), Some(http::StatusCode::TEMPORARY_REDIRECT));
    assert!(!err.to_string().contains("ory-hydra-v2-client"), "{err}");
}
