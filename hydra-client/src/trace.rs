//! The tracing span of one call (feature `tracing`). Its fields are the operation, the method, the path
//! template, the status, the attempt count, the duration and Hydra's `request_id`: never a parameter
//! value, a header or a body, which may hold secrets or ids.

#[cfg(feature = "tracing")]
mod imp {
    use std::time::Instant;

    use http::Method;
    use tracing::field::Empty;

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
        pub(crate) fn new(operation: &'static str, method: &Method, template: &str) -> CallSpan {
            let span = tracing::info_span!(
                target: "ory_hydra_v1_client",
                "hydra_call",
                operation,
                method = method.as_str(),
                path = template,
                status = Empty,
                attempts = Empty,
                duration_ms = Empty,
                request_id = Empty,
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
            self.span.record("status", status);
        }

        pub(crate) fn record_request_id(&self, request_id: &str) {
            self.span.record("request_id", request_id);
        }

        pub(crate) fn finish(&self, attempts: u32) {
            if let Some(started) = self.started {
                self.span.record("attempts", attempts);
                self.span.record("duration_ms", started.elapsed().as_secs_f64() * 1000.0);
            }
        }
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
    use http::Method;

    /// Nothing, without the `tracing` feature.
    pub(crate) struct CallSpan;

    pub(crate) fn wanted() -> bool {
        false
    }

    impl CallSpan {
        pub(crate) fn new(_: &'static str, _: &Method, _: &str) -> CallSpan {
            CallSpan
        }
        pub(crate) fn is_on(&self) -> bool {
            false
        }
        pub(crate) async fn within<F: std::future::Future>(&self, work: F) -> F::Output {
            work.await
        }
        pub(crate) fn record_status(&self, _: u16) {}
        pub(crate) fn record_request_id(&self, _: &str) {}
        pub(crate) fn finish(&self, _: u32) {}
    }

    pub(crate) fn retrying(_: &'static str, _: u32, _: std::time::Duration, _: &str) {}
    pub(crate) fn page(_: &'static str, _: i64, _: Option<i64>) {}

    pub(crate) fn token_page(_: &'static str, _: Option<i64>) {}
}

pub(crate) use imp::*;
