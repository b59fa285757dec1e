//! The tracing span of one call (feature `tracing`). Its fields follow OpenTelemetry's HTTP client
//! conventions (`http.request.method`, `url.template`, `server.address`, `server.port`,
//! `http.response.status_code`, `error.type`) plus the operation, the attempt count, the duration and
//! Hydra's request id: never a parameter value, a header or a body, which may hold secrets or ids.
//! With the `opentelemetry` feature the span's trace context also travels in the request's W3C
//! `traceparent` and `tracestate` headers.

#[cfg(feature = "tracing")]
mod imp {
    use std::time::Instant;

    use http::HeaderMap;
    use tracing::field::Empty;
    use url::Url;

    use crate::operation::Operation;

    /// The span of one call, or nothing when no subscriber wants it.
    pub(crate) struct CallSpan {
        span: tracing::Span,
        started: Option<Instant>,
    }

    /// Whether calls are traced at all: a cheap level check, so a client without a subscriber builds no
    /// path template.
    pub(crate) fn wanted() -> bool {
        tracing::enabled!(target: "ory_hydra_v1_client", tracing::Level::INFO)
    }

    impl CallSpan {
        /// `template` is the path template with the base URL's prefix; `base` names the server.
        pub(crate) fn new(op: &'static Operation, template: &str, base: &Url) -> CallSpan {
            let span = tracing::info_span!(
                target: "ory_hydra_v1_client",
                "hydra_call",
                otel.name = %format_args!("{} {}", op.method, template),
                otel.kind = "client",
                hydra.operation = op.name,
                http.request.method = op.method.as_str(),
                url.template = template,
                server.address = base.host_str().unwrap_or_default(),
                server.port = base.port_or_known_default().unwrap_or_default(),
                http.response.status_code = Empty,
                error.type = Empty,
                hydra.attempts = Empty,
                hydra.duration_ms = Empty,
                hydra.request_id = Empty,
            );
            let started = (!span.is_disabled()).then(Instant::now);
            CallSpan { span, started }
        }

        /// Whether a subscriber records this span.
        pub(crate) fn is_on(&self) -> bool {
            self.started.is_some()
        }

        /// Runs `work` inside the span (entered on every poll), or as it is when the span is off.
        pub(crate) async fn within<F: std::future::Future>(&self, work: F) -> F::Output {
            use tracing::Instrument as _;
            if self.started.is_some() {
                work.instrument(self.span.clone()).await
            } else {
                work.await
            }
        }

        pub(crate) fn record_status(&self, status: u16) {
            self.span.record("http.response.status_code", status);
            if status >= 400 {
                // The conventions name a failed HTTP call's error by its status code.
                self.span.record("error.type", status);
            }
        }

        /// A call that got no answer: `kind` says why (`timeout`, `connect`, ...).
        pub(crate) fn record_failure(&self, kind: &'static str) {
            self.span.record("error.type", kind);
        }

        pub(crate) fn record_request_id(&self, request_id: &str) {
            self.span.record("hydra.request_id", request_id);
        }

        pub(crate) fn finish(&self, attempts: u32) {
            if let Some(started) = self.started {
                self.span.record("hydra.attempts", attempts);
                self.span.record("hydra.duration_ms", started.elapsed().as_secs_f64() * 1000.0);
            }
        }

        /// Adds the W3C trace context of this span (or, when it is off, of the caller's current span) to
        /// `headers`, unless the caller set a `traceparent` of their own.
        #[cfg(feature = "opentelemetry")]
        pub(crate) fn inject(&self, headers: &mut HeaderMap) {
            let current;
            let span = if self.is_on() {
                &self.span
            } else {
                current = tracing::Span::current();
                &current
            };
            super::w3c::inject(span, headers);
        }

        /// Nothing without the `opentelemetry` feature.
        #[cfg(not(feature = "opentelemetry"))]
        pub(crate) fn inject(&self, _: &mut HeaderMap) {}
    }

    /// A retry is coming.
    pub(crate) fn retrying(operation: &'static str, attempt: u32, wait: std::time::Duration, reason: &str) {
        tracing::debug!(
            target: "ory_hydra_v1_client",
            operation,
            attempt,
            wait_ms = wait.as_millis() as u64,
            reason,
            "retrying"
        );
    }

    /// A listing is fetching a page.
    pub(crate) fn page(operation: &'static str, offset: i64, limit: Option<i64>) {
        tracing::debug!(target: "ory_hydra_v1_client", operation, offset, limit, "fetching a page");
    }

    /// A token-paged listing is about to fetch a page (the opaque token is not recorded).
    pub(crate) fn token_page(operation: &'static str, page_size: Option<i64>) {
        tracing::debug!(target: "ory_hydra_v1_client", operation, page_size, "fetching a page");
    }
}

#[cfg(not(feature = "tracing"))]
mod imp {
    use http::HeaderMap;
    use url::Url;

    use crate::operation::Operation;

    /// Nothing, without the `tracing` feature.
    pub(crate) struct CallSpan;

    pub(crate) fn wanted() -> bool {
        false
    }

    impl CallSpan {
        pub(crate) fn new(_: &'static Operation, _: &str, _: &Url) -> CallSpan {
            CallSpan
        }
        pub(crate) fn is_on(&self) -> bool {
            false
        }
        pub(crate) async fn within<F: std::future::Future>(&self, work: F) -> F::Output {
            work.await
        }
        pub(crate) fn record_status(&self, _: u16) {}
        pub(crate) fn record_failure(&self, _: &'static str) {}
        pub(crate) fn record_request_id(&self, _: &str) {}
        pub(crate) fn finish(&self, _: u32) {}
        pub(crate) fn inject(&self, _: &mut HeaderMap) {}
    }

    pub(crate) fn retrying(_: &'static str, _: u32, _: std::time::Duration, _: &str) {}
    pub(crate) fn page(_: &'static str, _: i64, _: Option<i64>) {}

    pub(crate) fn token_page(_: &'static str, _: Option<i64>) {}
}

pub(crate) use imp::*;

/// W3C trace context from the OpenTelemetry span behind a tracing span (feature `opentelemetry`).
#[cfg(feature = "opentelemetry")]
mod w3c {
    use http::{HeaderMap, HeaderValue};
    use opentelemetry::trace::TraceContextExt as _;
    use tracing_opentelemetry::OpenTelemetrySpanExt as _;

    /// Written here rather than through a propagator so the headers are W3C's whatever propagator the
    /// application installed globally (a B3-only setup would otherwise send nothing Hydra's own
    /// OpenTelemetry middleware reads).
    pub(super) fn inject(span: &tracing::Span, headers: &mut HeaderMap) {
        if headers.contains_key("traceparent") {
            return;
        }
        let context = span.context();
        let otel = context.span();
        let sc = otel.span_context();
        if !sc.is_valid() {
            return;
        }
        let parent = format!("00-{}-{}-{:02x}", sc.trace_id(), sc.span_id(), sc.trace_flags().to_u8());
        if let Ok(value) = HeaderValue::from_str(&parent) {
            headers.insert("traceparent", value);
        }
        let state = sc.trace_state().header();
        if let (false, Ok(value)) = (state.is_empty(), HeaderValue::from_str(&state)) {
            headers.insert("tracestate", value);
        }
    }
}
