//! The tower seam: a client over a caller's `Service` (tower-test's mock here) sends exactly the request
//! a generated method describes, keeps its credentials on the Admin side, maps the service's errors to
//! transport errors, and still applies its body limit, time limit and retries; a layer over the built-in
//! stack sees the real requests that reach a server.

mod common;

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use common::{json, BASIC};
use http::{Request, Response};
use httpmock::prelude::*;
use ory_hydra_v1_client::service::{Body, HttpService};
use ory_hydra_v1_client::{Client, ErrorKind, Method, RetryPolicy};
use serde_json::json;
use tower::{Layer, Service, ServiceExt as _};
use tower_test::mock;

const ADMIN: &str = "http://hydra-admin.test:4445/prefix/";
const PUBLIC: &str = "http://hydra-public.test:4444";

type Handle = mock::Handle<Request<Body>, Response<String>>;

/// A client over a fresh mock, with admin credentials and a gateway header on the Admin side.
fn mocked() -> (Client, Handle) {
    let (service, handle) = mock::pair::<Request<Body>, Response<String>>();
    let client = Client::builder(ADMIN)
        .public_url(PUBLIC)
        .basic_auth("admin", Some("hunter2"))
        .default_header("X-Gateway-Key", "gateway-secret")
        .service(service)
        .build()
        .expect("client over a mock");
    (client, handle)
}

fn answer(status: u16, body: serde_json::Value) -> Response<String> {
    Response::builder()
        .status(status)
        .header("content-type", "application/json")
        .body(body.to_string())
        .expect("a response")
}

fn header<'a>(req: &'a Request<Body>, name: &str) -> Option<&'a str> {
    req.headers().get(name).map(|v| v.to_str().expect("ASCII header"))
}

#[tokio::test]
async fn a_mock_service_gets_the_exact_admin_request_and_its_answer_is_decoded() {
    let (client, mut handle) = mocked();
    let call = tokio::spawn(async move { client.get_o_auth2_client("a?b#c%d e").await });
    let (req, respond) = handle.next_request().await.expect("a request");
    assert_eq!(req.method(), Method::GET);
    // The id is one escaped segment under the base URL's prefix: `?`, `#` and `%` address nothing else.
    assert_eq!(req.uri().to_string(), "http://hydra-admin.test:4445/prefix/clients/a%3Fb%23c%25d%20e");
    assert_eq!(header(&req, "authorization"), Some(BASIC));
    assert_eq!(header(&req, "x-gateway-key"), Some("gateway-secret"));
    assert_eq!(header(&req, "accept"), Some("application/json"));
    assert!(req.body().is_empty());
    respond.send_response(answer(200, json!({"client_id": "a?b#c%d e", "client_name": "Billing"})));
    let got = call.await.expect("joined").expect("decoded");
    assert_eq!(got.client_name, "Billing");
}

#[tokio::test]
async fn public_requests_through_a_service_carry_only_their_own_credentials() {
    let (client, mut handle) = mocked();
    let call = tokio::spawn(async move { client.userinfo("access-token-1").await });
    let (req, respond) = handle.next_request().await.expect("a request");
    assert_eq!(
        (req.method(), req.uri().to_string().as_str()),
        (&Method::GET, "http://hydra-public.test:4444/userinfo")
    );
    assert_eq!(header(&req, "authorization"), Some("Bearer access-token-1"));
    assert_eq!(header(&req, "x-gateway-key"), None, "admin headers stay on the Admin side");
    respond.send_response(answer(200, json!({"sub": "alice"})));
    assert_eq!(call.await.expect("joined").expect("decoded").sub, "alice");
}

#[tokio::test]
async fn a_json_body_reaches_the_service_whole() {
    let (client, mut handle) = mocked();
    let sent = ory_hydra_v1_client::OAuth2Client::new().with_client_id("new-one").with_client_secret("s3cret-value");
    let call = tokio::spawn(async move { client.create_o_auth2_client(&sent).await });
    let (req, respond) = handle.next_request().await.expect("a request");
    assert_eq!(req.method(), Method::POST);
    assert_eq!(req.uri().path(), "/prefix/clients");
    assert_eq!(header(&req, "content-type"), Some("application/json"));
    let body: serde_json::Value = serde_json::from_slice(req.body().as_bytes()).expect("JSON body");
    assert_eq!(body, json!({"client_id": "new-one", "client_secret": "s3cret-value"}));
    // The body's Debug output shows its length, never the secret it carries.
    assert!(!format!("{:?}", req.body()).contains("s3cret"), "{:?}", req.body());
    respond.send_response(answer(201, json!({"client_id": "new-one"})));
    call.await.expect("joined").expect("created");
}

#[derive(Debug)]
struct Unplugged;

impl std::fmt::Display for Unplugged {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("the fake network is unplugged")
    }
}

impl std::error::Error for Unplugged {}

#[tokio::test]
async fn an_error_from_the_service_is_a_transport_error_with_its_source_kept() {
    let (client, mut handle) = mocked();
    let call = tokio::spawn(async move { client.get_o_auth2_client("x").await });
    let (_, respond) = handle.next_request().await.expect("a request");
    respond.send_error(Unplugged);
    let err = call.await.expect("joined").expect_err("the service failed");
    assert_eq!(err.kind(), ErrorKind::Transport);
    assert!(err.is_transport() && !err.is_connect() && !err.is_timeout(), "{err:?}");
    assert_eq!(err.operation_name(), Some("get_o_auth2_client"));
    let source = std::error::Error::source(&err).expect("a source");
    assert!(source.downcast_ref::<Unplugged>().is_some(), "{source:?}");
}

#[tokio::test]
async fn the_body_limit_applies_over_a_service() {
    let (service, mut handle) = mock::pair::<Request<Body>, Response<String>>();
    let client = Client::builder(ADMIN).max_response_body(64).service(service).build().expect("client");
    let call = tokio::spawn(async move { client.get_o_auth2_client("x").await });
    let (_, respond) = handle.next_request().await.expect("a request");
    respond.send_response(answer(200, json!({"client_id": "x".repeat(100)})));
    let err = call.await.expect("joined").expect_err("too large");
    assert!(err.is_body_too_large(), "{err:?}");
    assert_eq!(err.body_limit(), Some(64));
}

#[tokio::test]
async fn the_time_limit_applies_over_a_service_that_never_answers() {
    let (service, mut handle) = mock::pair::<Request<Body>, Response<String>>();
    let client = Client::builder(ADMIN).timeout(Duration::from_millis(50)).service(service).build().expect("client");
    let call = tokio::spawn(async move { client.get_o_auth2_client("x").await });
    // Held, never answered.
    let _held = handle.next_request().await.expect("a request");
    let err = call.await.expect("joined").expect_err("timed out");
    assert!(err.is_timeout(), "{err:?}");
}

#[tokio::test]
async fn retries_apply_over_a_service_and_each_attempt_reaches_it() {
    let (service, mut handle) = mock::pair::<Request<Body>, Response<String>>();
    let policy = RetryPolicy::new(3).base_delay(Duration::from_millis(1)).max_delay(Duration::from_millis(2));
    let client = Client::builder(ADMIN).retry(policy).service(service).build().expect("client");
    let call = tokio::spawn(async move { client.get_o_auth2_client("x").await });
    let (_, respond) = handle.next_request().await.expect("first attempt");
    respond.send_response(answer(503, json!({"error": "busy"})));
    let (again, respond) = handle.next_request().await.expect("second attempt");
    assert_eq!(again.uri().path(), "/prefix/clients/x");
    respond.send_response(answer(200, json!({"client_id": "x"})));
    call.await.expect("joined").expect("the second attempt succeeds");
}

#[tokio::test]
async fn an_api_error_from_a_service_is_decoded_like_any_other() {
    let (client, mut handle) = mocked();
    let call = tokio::spawn(async move { client.get_o_auth2_client("gone").await });
    let (_, respond) = handle.next_request().await.expect("a request");
    respond.send_response(answer(404, json!({"error": "Not Found", "error_description": "no such client"})));
    let err = call.await.expect("joined").expect_err("404");
    assert!(err.is_not_found(), "{err:?}");
    assert_eq!(err.api().and_then(|a| a.message()), Some("no such client"));
}

#[test]
fn a_service_cannot_be_combined_with_a_reqwest_client() {
    let (service, _handle) = mock::pair::<Request<Body>, Response<String>>();
    let reqwest = common::reqwest_client();
    let err = Client::builder(ADMIN).service(service).http_client(reqwest).build().unwrap_err();
    assert!(err.is_invalid_input(), "{err:?}");
}

/// The URI and `Authorization` of each request a layer saw.
type Seen = Arc<Mutex<Vec<(String, Option<String>)>>>;

/// A layer that counts the requests through it and notes what it saw of each.
#[derive(Clone, Default)]
struct Counting {
    seen: Seen,
    count: Arc<AtomicUsize>,
}

impl<S> Layer<S> for Counting {
    type Service = CountingService<S>;
    fn layer(&self, inner: S) -> CountingService<S> {
        CountingService { inner, counting: self.clone() }
    }
}

#[derive(Clone)]
struct CountingService<S> {
    inner: S,
    counting: Counting,
}

impl<S: Service<Request<Body>>> Service<Request<Body>> for CountingService<S> {
    type Response = S::Response;
    type Error = S::Error;
    type Future = S::Future;

    fn poll_ready(&mut self, cx: &mut std::task::Context<'_>) -> std::task::Poll<Result<(), S::Error>> {
        self.inner.poll_ready(cx)
    }

    fn call(&mut self, req: Request<Body>) -> S::Future {
        self.counting.count.fetch_add(1, Ordering::SeqCst);
        let auth = header(&req, "authorization").map(str::to_owned);
        self.counting.seen.lock().unwrap().push((req.uri().to_string(), auth));
        self.inner.call(req)
    }
}

#[tokio::test]
async fn a_layer_over_the_built_in_stack_sees_the_real_requests() {
    let server = MockServer::start_async().await;
    let get = server
        .mock_async(|when, then| {
            when.method(GET).path("/clients/a%20b").header("authorization", BASIC);
            then.status(200).body(json(json!({"client_id": "a b"})));
        })
        .await;
    let token = server
        .mock_async(|when, then| {
            when.method(POST).path("/oauth2/revoke");
            then.status(200);
        })
        .await;
    let counting = Counting::default();
    let client = Client::builder(server.base_url())
        .public_url(server.base_url())
        .basic_auth("admin", Some("hunter2"))
        .layer(counting.clone())
        .build()
        .expect("layered client");
    client.get_o_auth2_client("a b").await.expect("through the layer");
    let creds = ory_hydra_v1_client::ClientCredentials::post("app", "app-secret");
    client.revoke_o_auth2_token(&creds, "t", Default::default()).await.expect("public call");
    get.assert_async().await;
    token.assert_async().await;
    assert_eq!(counting.count.load(Ordering::SeqCst), 2);
    let seen = counting.seen.lock().unwrap().clone();
    let base = server.base_url();
    assert_eq!(
        seen,
        [(format!("{base}/clients/a%20b"), Some(BASIC.to_owned())), (format!("{base}/oauth2/revoke"), None)]
    );
}

#[tokio::test]
async fn tower_middleware_composes_over_the_built_in_stack() {
    let server = MockServer::start_async().await;
    let slow = server
        .mock_async(|when, then| {
            when.method(GET).path("/clients/slow");
            then.status(200).delay(Duration::from_secs(5)).body(json(json!({"client_id": "slow"})));
        })
        .await;
    let fast = server
        .mock_async(|when, then| {
            when.method(GET).path("/clients/fast");
            then.status(200).body(json(json!({"client_id": "fast"})));
        })
        .await;
    let stack = tower::ServiceBuilder::new()
        .concurrency_limit(4)
        .layer(tower::timeout::TimeoutLayer::new(Duration::from_millis(200)))
        .into_inner();
    let client = Client::builder(server.base_url()).layer(stack).build().expect("layered client");
    let got = client.get_o_auth2_client("fast").await.expect("within the layer's limit");
    assert_eq!(got.client_id, "fast");
    // The layer's own time limit ends the call as a timeout, its `Elapsed` kept as the source.
    let err = client.get_o_auth2_client("slow").await.expect_err("the layer's limit passed");
    assert!(err.is_timeout(), "{err:?}");
    fast.assert_async().await;
    slow.assert_async().await;
}

#[tokio::test]
async fn what_a_layer_wraps_is_a_plain_tower_service_over_the_built_in_stack() {
    // A layer gets the stack as an `HttpService`: `ready` + `call` work on it as on any other service.
    let server = MockServer::start_async().await;
    let ok = server
        .mock_async(|when, then| {
            when.method(GET).path("/health/alive");
            then.status(200).body("{}");
        })
        .await;
    let grabbed: Arc<Mutex<Option<HttpService>>> = Arc::default();
    let keep = grabbed.clone();
    let grab = tower::layer::layer_fn(move |inner: HttpService| {
        *keep.lock().unwrap() = Some(inner.clone());
        inner
    });
    Client::builder(server.base_url()).layer(grab).build().expect("client");
    let mut stack = grabbed.lock().unwrap().take().expect("the layer got the built-in stack");
    let req = Request::get(format!("{}/health/alive", server.base_url())).body(Body::default()).unwrap();
    let resp = stack.ready().await.expect("ready").call(req).await.expect("answered");
    assert_eq!(resp.status(), 200);
    ok.assert_async().await;
}

#[tokio::test]
async fn a_layer_wraps_a_reqwest_client_and_a_service_too() {
    let server = MockServer::start_async().await;
    let get = server
        .mock_async(|when, then| {
            when.method(GET).path("/clients/x").header("authorization", BASIC);
            then.status(200).body(json(json!({"client_id": "x"})));
        })
        .await;
    let counting = Counting::default();
    let over_reqwest = Client::builder(server.base_url())
        .basic_auth("admin", Some("hunter2"))
        .http_client(common::reqwest_client())
        .layer(counting.clone())
        .build()
        .expect("layered reqwest client");
    over_reqwest.get_o_auth2_client("x").await.expect("through the layer and reqwest");
    get.assert_async().await;
    assert_eq!(counting.count.load(Ordering::SeqCst), 1);
    // A connection that cannot be opened through reqwest under a layer is still a connect error.
    let closed = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap();
    let unreachable = Client::builder(format!("http://{closed}"))
        .http_client(common::reqwest_client())
        .layer(counting.clone())
        .build()
        .unwrap();
    let err = unreachable.get_o_auth2_client("x").await.expect_err("nothing listens");
    assert!(err.is_connect(), "{err:?}");
    // And through the built-in stack under a layer: the hyper-util error under the layer says so.
    let builtin = Client::builder(format!("http://{closed}")).layer(counting.clone()).build().unwrap();
    let err = builtin.get_o_auth2_client("x").await.expect_err("nothing listens");
    assert!(err.is_connect(), "{err:?}");

    let (service, mut handle) = mock::pair::<Request<Body>, Response<String>>();
    let over_service = Client::builder(ADMIN).service(service).layer(counting.clone()).build().expect("client");
    let call = tokio::spawn(async move { over_service.get_o_auth2_client("y").await });
    let (req, respond) = handle.next_request().await.expect("a request");
    assert_eq!(req.uri().path(), "/prefix/clients/y");
    respond.send_response(answer(200, json!({"client_id": "y"})));
    call.await.unwrap().expect("through the layer and the service");
    assert_eq!(counting.count.load(Ordering::SeqCst), 4);
}

#[tokio::test]
async fn a_time_limit_below_the_client_that_ends_a_body_mid_way_is_a_timeout_and_not_retried() {
    use futures::stream;
    use http_body_util::StreamBody;
    // A `reqwest::Client`'s own timeout, or a caller's body timeout, passes while the body is read: the
    // answer's status and headers came, then the body stream fails with the time limit's error.
    let calls = Arc::new(AtomicUsize::new(0));
    let counted = calls.clone();
    let service = tower::service_fn(move |_req: Request<Body>| {
        counted.fetch_add(1, Ordering::SeqCst);
        async move {
            let frames: Vec<Result<hyper::body::Frame<bytes::Bytes>, tower::BoxError>> = vec![
                Ok(hyper::body::Frame::data(bytes::Bytes::from_static(b"{\"client_id\":"))),
                Err(Box::new(tower::timeout::error::Elapsed::new())),
            ];
            Ok::<_, tower::BoxError>(Response::new(StreamBody::new(stream::iter(frames))))
        }
    });
    let policy = RetryPolicy::new(3).base_delay(Duration::from_millis(1)).max_delay(Duration::from_millis(2));
    let client = Client::builder(ADMIN).retry(policy).service(service).build().expect("client");
    let err = client.get_o_auth2_client("x").await.expect_err("the body never ended");
    assert!(err.is_timeout(), "{err:?}");
    assert_eq!(err.kind(), ErrorKind::Timeout);
    assert_eq!(calls.load(Ordering::SeqCst), 1, "a timeout is not retried");
}
