//! W3C trace context (feature `opentelemetry`): a request carries the `traceparent` and `tracestate` of
//! its call's span, a child of the caller's OpenTelemetry trace; without an OpenTelemetry layer nothing
//! is added, and a `traceparent` the caller set is kept.

mod net;

use std::convert::Infallible;
use std::net::SocketAddr;
use std::sync::{Arc, Mutex};

use bytes::Bytes;
use http_body_util::Full;
use hyper::body::Incoming;
use hyper::service::service_fn;
use hyper::{Request, Response};
use hyper_util::rt::TokioIo;
use net::CLIENT_JSON;
use opentelemetry::trace::{
    SpanContext, SpanId, TraceContextExt as _, TraceFlags, TraceId, TraceState, TracerProvider as _,
};
use ory_hydra_v1_client::Client;
use tracing_opentelemetry::OpenTelemetrySpanExt as _;
use tracing_subscriber::layer::SubscriberExt as _;

type Seen = Arc<Mutex<Vec<http::HeaderMap>>>;

/// A server answering [`CLIENT_JSON`] and keeping every request's headers.
async fn server() -> (SocketAddr, Seen) {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let seen = Seen::default();
    let s = seen.clone();
    tokio::spawn(async move {
        loop {
            let Ok((tcp, _)) = listener.accept().await else { return };
            let s = s.clone();
            tokio::spawn(async move {
                let service = service_fn(move |req: Request<Incoming>| {
                    s.lock().unwrap().push(req.headers().clone());
                    let mut resp = Response::new(Full::new(Bytes::from_static(CLIENT_JSON.as_bytes())));
                    resp.headers_mut().insert("content-type", "application/json".parse().unwrap());
                    async move { Ok::<_, Infallible>(resp) }
                });
                let _ = hyper::server::conn::http1::Builder::new().serve_connection(TokioIo::new(tcp), service).await;
            });
        }
    });
    (addr, seen)
}

fn header(seen: &Seen, name: &str) -> Option<String> {
    seen.lock().unwrap().last().and_then(|h| h.get(name)).map(|v| v.to_str().unwrap().to_string())
}

fn otel_subscriber() -> impl tracing::Subscriber + Send + Sync {
    let tracer = opentelemetry_sdk::trace::SdkTracerProvider::builder().build().tracer("transport_otel");
    tracing_subscriber::registry().with(tracing_opentelemetry::layer().with_tracer(tracer))
}

/// The caller's span, continuing a remote trace (as a web handler would) whose state carries a vendor
/// entry.
fn remote_parent() -> (tracing::Span, TraceId) {
    let trace_id = TraceId::from_hex("4bf92f3577b34da6a3ce929d0e0e4736").unwrap();
    let state = TraceState::from_key_value([("vendor", "opaque-value")]).unwrap();
    let remote =
        SpanContext::new(trace_id, SpanId::from_hex("00f067aa0ba902b7").unwrap(), TraceFlags::SAMPLED, true, state);
    let span = tracing::info_span!("handler");
    span.set_parent(opentelemetry::Context::new().with_remote_span_context(remote)).unwrap();
    (span, trace_id)
}

#[tokio::test]
async fn a_request_carries_the_trace_context_of_its_call() {
    let _guard = tracing::subscriber::set_default(otel_subscriber());
    let (addr, seen) = server().await;
    let hydra = Client::builder(format!("http://{addr}")).no_proxy().build().unwrap();
    let (parent, trace_id) = remote_parent();
    hydra.get_o_auth2_client("c1").instrument_in(&parent).await.unwrap();

    let traceparent = header(&seen, "traceparent").expect("a traceparent header");
    let parts: Vec<&str> = traceparent.split('-').collect();
    assert_eq!(parts.len(), 4, "{traceparent}");
    assert_eq!(parts[0], "00");
    assert_eq!(parts[1], trace_id.to_string(), "the caller's trace continues");
    assert_eq!(parts[2].len(), 16);
    assert_ne!(parts[2], "00f067aa0ba902b7", "the parent is the call's own span, not the caller's");
    assert_eq!(parts[3], "01", "sampled");
    assert_eq!(header(&seen, "tracestate").as_deref(), Some("vendor=opaque-value"));
}

#[tokio::test]
async fn without_an_opentelemetry_layer_nothing_is_added() {
    let (addr, seen) = server().await;
    let hydra = Client::builder(format!("http://{addr}")).no_proxy().build().unwrap();
    hydra.get_o_auth2_client("c1").await.unwrap();
    assert_eq!(header(&seen, "traceparent"), None);
    assert_eq!(header(&seen, "tracestate"), None);
}

#[tokio::test]
async fn a_traceparent_the_caller_set_is_kept() {
    let _guard = tracing::subscriber::set_default(otel_subscriber());
    let (addr, seen) = server().await;
    let own = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01";
    let hydra =
        Client::builder(format!("http://{addr}")).no_proxy().default_header("traceparent", own).build().unwrap();
    let (parent, _) = remote_parent();
    hydra.get_o_auth2_client("c1").instrument_in(&parent).await.unwrap();
    assert_eq!(header(&seen, "traceparent").as_deref(), Some(own));
}

/// `Instrument::instrument` under a name that says which span it runs in.
trait InstrumentIn: std::future::Future + Sized {
    fn instrument_in(self, span: &tracing::Span) -> tracing::instrument::Instrumented<Self> {
        tracing::Instrument::instrument(self, span.clone())
    }
}

impl<F: std::future::Future> InstrumentIn for F {}
