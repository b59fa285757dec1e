//! The tracing span of each call, seen through a capturing subscriber: its fields, the retry and page
//! events, and no secret, id or body anywhere in what was recorded.

mod net;

use std::collections::BTreeMap;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use futures::TryStreamExt as _;
use net::{scripted, Reply};
use ory_hydra_v1_client::{Client, ListOAuth2ClientsParams, RetryPolicy};
use tracing::field::{Field, Visit};
use tracing::span::{Attributes, Id, Record};
use tracing::{Event, Subscriber};
use tracing_subscriber::layer::{Context, SubscriberExt as _};
use tracing_subscriber::registry::LookupSpan;
use tracing_subscriber::Layer;

type FieldMap = BTreeMap<String, String>;

/// Every span (name and fields, as last recorded) and event (fields) the client produced.
#[derive(Clone, Default)]
struct Captured {
    spans: Arc<Mutex<BTreeMap<u64, (String, FieldMap)>>>,
    events: Arc<Mutex<Vec<FieldMap>>>,
}

struct Fields<'a>(&'a mut BTreeMap<String, String>);

impl Visit for Fields<'_> {
    fn record_debug(&mut self, field: &Field, value: &dyn std::fmt::Debug) {
        self.0.insert(field.name().to_string(), format!("{value:?}"));
    }
    fn record_str(&mut self, field: &Field, value: &str) {
        self.0.insert(field.name().to_string(), value.to_string());
    }
}

impl<S: Subscriber + for<'a> LookupSpan<'a>> Layer<S> for Captured {
    fn on_new_span(&self, attrs: &Attributes<'_>, id: &Id, _: Context<'_, S>) {
        let mut fields = BTreeMap::new();
        attrs.record(&mut Fields(&mut fields));
        self.spans.lock().unwrap().insert(id.into_u64(), (attrs.metadata().name().to_string(), fields));
    }
    fn on_record(&self, id: &Id, values: &Record<'_>, _: Context<'_, S>) {
        if let Some((_, fields)) = self.spans.lock().unwrap().get_mut(&id.into_u64()) {
            values.record(&mut Fields(fields));
        }
    }
    fn on_event(&self, event: &Event<'_>, _: Context<'_, S>) {
        let mut fields = BTreeMap::new();
        event.record(&mut Fields(&mut fields));
        fields.insert("target".into(), event.metadata().target().to_string());
        self.events.lock().unwrap().push(fields);
    }
}

impl Captured {
    fn calls(&self) -> Vec<BTreeMap<String, String>> {
        let spans = self.spans.lock().unwrap();
        spans.values().filter(|(name, _)| name == "hydra_call").map(|(_, f)| f.clone()).collect()
    }
    fn client_events(&self) -> Vec<BTreeMap<String, String>> {
        let events = self.events.lock().unwrap();
        events.iter().filter(|e| e["target"] == "ory_hydra_v1_client").cloned().collect()
    }
    fn everything(&self) -> String {
        format!("{:?} {:?}", self.spans.lock().unwrap(), self.events.lock().unwrap())
    }
}

const NOT_FOUND: &str = r#"{"error":"Not Found","error_description":"no such client","request_id":"req-42","client_secret":"leaked-secret"}"#;

#[tokio::test]
async fn one_span_per_call_with_the_template_status_attempts_duration_and_request_id() {
    let captured = Captured::default();
    let _guard = tracing::subscriber::set_default(tracing_subscriber::registry().with(captured.clone()));

    let (addr, _) = scripted(0, vec![Reply(503, None, "{}"), Reply(404, None, NOT_FOUND)]).await;
    let hydra = Client::builder(format!("http://{addr}"))
        .no_proxy()
        .bearer_token("bearer-token-value")
        .retry(RetryPolicy::new(3).base_delay(Duration::from_millis(5)))
        .build()
        .unwrap();
    let err = hydra.get_o_auth2_client("secret-client-id with spaces").await.unwrap_err();
    assert!(err.is_not_found());

    let calls = captured.calls();
    assert_eq!(calls.len(), 1, "{calls:?}");
    let call = &calls[0];
    // OpenTelemetry's HTTP client conventions, and the client's own facts under `hydra.`.
    assert_eq!(call["otel.name"], "GET /clients/{id}");
    assert_eq!(call["otel.kind"], "client");
    assert_eq!(call["hydra.operation"], "get_o_auth2_client");
    assert_eq!(call["http.request.method"], "GET");
    assert_eq!(call["url.template"], "/clients/{id}");
    assert_eq!(call["server.address"], "127.0.0.1");
    assert_eq!(call["server.port"], addr.port().to_string());
    assert_eq!(call["http.response.status_code"], "404");
    assert_eq!(call["error.type"], "404");
    assert_eq!(call["hydra.attempts"], "2");
    assert_eq!(call["hydra.request_id"], "req-42");
    assert!(call["hydra.duration_ms"].parse::<f64>().unwrap() > 0.0, "{call:?}");

    let retries: Vec<_> = captured.client_events().into_iter().filter(|e| e["message"] == "retrying").collect();
    assert_eq!(retries.len(), 1, "{retries:?}");
    assert_eq!((retries[0]["attempt"].as_str(), retries[0]["reason"].as_str()), ("1", "503"));

    let all = captured.everything();
    for secret in ["secret-client-id", "bearer-token-value", "leaked-secret", "no such client", "with spaces"] {
        assert!(!all.contains(secret), "{secret} was recorded: {all}");
    }
}

#[tokio::test]
async fn listing_pages_are_debug_events_and_each_page_is_a_call() {
    let captured = Captured::default();
    let _guard = tracing::subscriber::set_default(tracing_subscriber::registry().with(captured.clone()));
    let server = httpmock::MockServer::start_async().await;
    server
        .mock_async(|when, then| {
            when.method("GET").path("/clients").query_param("offset", "0");
            then.status(200)
                .header("link", "</clients?limit=1&offset=1>; rel=\"next\"")
                .body(r#"[{"client_id":"first-secret-id"}]"#);
        })
        .await;
    server
        .mock_async(|when, then| {
            when.method("GET").path("/clients").query_param("offset", "1");
            then.status(200).body("[]");
        })
        .await;
    let hydra = Client::builder(server.base_url()).no_proxy().build().unwrap();
    let all: Vec<_> =
        hydra.list_o_auth2_clients_stream(ListOAuth2ClientsParams::default().limit(1)).try_collect().await.unwrap();
    assert_eq!(all.len(), 1);
    let pages: Vec<_> = captured.client_events().into_iter().filter(|e| e["message"] == "fetching a page").collect();
    assert_eq!(pages.iter().map(|p| p["offset"].as_str()).collect::<Vec<_>>(), ["0", "1"]);
    let calls = captured.calls();
    assert_eq!(calls.len(), 2);
    assert!(
        calls.iter().all(|c| c["url.template"] == "/clients" && c["http.response.status_code"] == "200"),
        "{calls:?}"
    );
    assert!(calls.iter().all(|c| !c.contains_key("error.type")), "a successful call has no error.type: {calls:?}");
    assert!(!captured.everything().contains("first-secret-id"));
}

#[tokio::test]
async fn without_a_subscriber_calls_work_as_before() {
    let (addr, counts) = scripted(0, vec![Reply(200, None, net::CLIENT_JSON)]).await;
    let hydra = Client::builder(format!("http://{addr}")).no_proxy().build().unwrap();
    hydra.get_o_auth2_client("c1").await.unwrap();
    assert_eq!(counts.requests(), 1);
}

#[tokio::test]
async fn a_call_that_gets_no_answer_names_its_error_type() {
    let captured = Captured::default();
    let _guard = tracing::subscriber::set_default(tracing_subscriber::registry().with(captured.clone()));
    let hydra = Client::builder(format!("http://127.0.0.1:{}", net::free_port())).no_proxy().build().unwrap();
    assert!(hydra.get_o_auth2_client("c1").await.unwrap_err().is_connect());
    let calls = captured.calls();
    assert_eq!(calls[0]["error.type"], "connect", "{calls:?}");
    assert!(!calls[0].contains_key("http.response.status_code"), "{calls:?}");
}

#[tokio::test]
async fn a_raw_request_is_traced_with_its_template_and_never_its_values() {
    let captured = Captured::default();
    let _guard = tracing::subscriber::set_default(tracing_subscriber::registry().with(captured.clone()));

    let (addr, _) = scripted(0, vec![Reply(200, None, "{}")]).await;
    let hydra =
        Client::builder(format!("http://{addr}")).no_proxy().bearer_token("bearer-token-value").build().unwrap();
    let _: serde_json::Value = hydra
        .request(ory_hydra_v1_client::Method::PUT, "/keys/{set}/{kid}")
        .path_param("set", "secret-set-id")
        .path_param("kid", "secret-kid")
        .query("secret-query", "secret-value")
        .send()
        .await
        .unwrap();

    let calls = captured.calls();
    assert_eq!(calls.len(), 1, "{calls:?}");
    let call = &calls[0];
    assert_eq!(call["otel.name"], "PUT /keys/{set}/{kid}");
    assert_eq!(call["url.template"], "/keys/{set}/{kid}");
    assert_eq!(call["hydra.operation"], "request");
    assert_eq!(call["http.response.status_code"], "200");
    let all = captured.everything();
    for secret in ["secret-set-id", "secret-kid", "secret-query", "secret-value", "bearer-token-value"] {
        assert!(!all.contains(secret), "{secret} was recorded: {all}");
    }
}
