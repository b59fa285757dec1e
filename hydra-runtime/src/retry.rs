//! Opt-in retries: which failures are worth another attempt, and how long to wait before it.

use std::time::{Duration, Instant, SystemTime};

use http::header::RETRY_AFTER;
use http::{HeaderMap, StatusCode};
use ory_hydra_v1_transport::{Failure, Outgoing, Received, Settings, Transport};

/// When and how often a failed call is sent again; see [`ClientBuilder::retry`](crate::ClientBuilder::retry).
///
/// A call is retried when the connection could not be opened (for every operation: the request never
/// left), and, for operations whose description says a second copy is harmless
/// ([`Operation::retry_safe`](crate::Operation::retry_safe): reads, replacements and deletions, but not
/// creations, the one-shot completion of a login, consent or logout request, or the update of a
/// dynamically registered client, which rotates its registration access token), when Hydra or a gateway
/// answers 429, 502, 503 or 504 or the connection broke before the answer was complete. A timeout is not
/// retried. Waits grow exponentially from [`base_delay`](Self::base_delay) up to
/// [`max_delay`](Self::max_delay) with full jitter (a random wait between zero and that bound); a
/// `Retry-After` answer header (seconds or an HTTP date) replaces the computed wait. Retrying stops after
/// [`max_attempts`](Self::new) attempts, or when the next wait would end after the
/// [`total_budget`](Self::total_budget) or a `Retry-After` asks for longer than `max_delay`; the call
/// then returns the last failure. The client's [`timeout`](crate::ClientBuilder::timeout) bounds the
/// whole call, waits included: a wait that would end after it is not started, and the call fails with a
/// [`Timeout`](crate::ErrorKind::Timeout) error at once.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RetryPolicy {
    max_attempts: u32,
    base_delay: Duration,
    max_delay: Duration,
    budget: Option<Duration>,
}

impl RetryPolicy {
    /// Up to `max_attempts` attempts in all (at least one), waits from 100 ms up to 5 s, no total budget.
    pub fn new(max_attempts: u32) -> Self {
        RetryPolicy {
            max_attempts: max_attempts.max(1),
            base_delay: Duration::from_millis(100),
            max_delay: Duration::from_secs(5),
            budget: None,
        }
    }

    /// The bound on the first wait; each further wait's bound doubles, up to [`max_delay`](Self::max_delay).
    pub fn base_delay(mut self, delay: Duration) -> Self {
        self.base_delay = delay;
        self
    }

    /// The longest wait between two attempts, and the longest `Retry-After` that is honoured.
    pub fn max_delay(mut self, delay: Duration) -> Self {
        self.max_delay = delay;
        self
    }

    /// The time from the first attempt after which no further attempt starts.
    pub fn total_budget(mut self, budget: Duration) -> Self {
        self.budget = Some(budget);
        self
    }

    /// How many attempts a call makes at most.
    pub fn max_attempts(&self) -> u32 {
        self.max_attempts
    }

    /// The wait before attempt `attempt + 1`, or `None` to stop and return `outcome`; `retry_safe` says
    /// whether the operation may be sent again after the request may have reached the server.
    pub(crate) fn next_wait(
        &self,
        retry_safe: bool,
        outcome: &Result<Received, Failure>,
        attempt: u32,
        started: Instant,
    ) -> Option<Duration> {
        if attempt >= self.max_attempts {
            return None;
        }
        let asked = match outcome {
            Err(Failure::Connect(_)) => None,
            // The connection broke (closed or reset, typically a server restarting): safe to send again
            // only when sending twice does no harm.
            Err(Failure::Other(_)) if retry_safe => None,
            Ok(r) if retry_safe && is_retryable_status(r.status) => retry_after(&r.headers),
            _ => return None,
        };
        let wait = match asked {
            Some(asked) if asked > self.max_delay => return None,
            Some(asked) => asked,
            None => self.backoff(attempt),
        };
        // Saturating: a `Retry-After` of u64::MAX seconds under `max_delay(Duration::MAX)` must end the
        // retries, not overflow.
        match self.budget {
            Some(budget) if started.elapsed().checked_add(wait).is_none_or(|end| end > budget) => None,
            _ => Some(wait),
        }
    }

    /// Full jitter: a random wait up to `min(max_delay, base_delay * 2^(attempt - 1))`.
    fn backoff(&self, attempt: u32) -> Duration {
        let bound = self.base_delay.saturating_mul(1u32 << (attempt - 1).min(20)).min(self.max_delay);
        bound.mul_f64(random_fraction())
    }
}

/// Sends `out`, again as `policy` allows; returns the last outcome and how many attempts were made.
pub(crate) async fn send(
    transport: &Transport,
    settings: &Settings,
    policy: Option<&RetryPolicy>,
    operation: &'static crate::Operation,
    out: Outgoing,
) -> (Result<Received, Failure>, u32) {
    let Some(policy) = policy else { return (transport.send(settings, out).await, 1) };
    let started = Instant::now();
    // The time limit bounds the whole call, waits included: each attempt gets what is left of it.
    let deadline = out.timeout.or(settings.timeout).and_then(|limit| started.checked_add(limit));
    let mut out = out;
    let mut attempt = 1;
    loop {
        let outcome = transport.send(settings, out.clone()).await;
        let Some(wait) = policy.next_wait(operation.retry_safe, &outcome, attempt, started) else {
            return (outcome, attempt);
        };
        if let Some(deadline) = deadline {
            // A wait that would outlast the limit is not started: no answer can come in time.
            let left = deadline.saturating_duration_since(Instant::now());
            if wait >= left {
                return (Err(Failure::Timeout(None)), attempt);
            }
            out.timeout = Some(left - wait);
        }
        let reason = match &outcome {
            Ok(r) => r.status.as_str(),
            Err(Failure::Connect(_)) => "connect",
            Err(_) => "connection broken",
        };
        crate::trace::retrying(operation.name, attempt, wait, reason);
        ory_hydra_v1_transport::sleep(wait).await;
        attempt += 1;
    }
}

fn is_retryable_status(status: StatusCode) -> bool {
    matches!(status.as_u16(), 429 | 502 | 503 | 504)
}

/// `Retry-After` as a wait: delay-seconds, or an HTTP date (a date in the past means now).
pub(crate) fn retry_after(headers: &HeaderMap) -> Option<Duration> {
    let text = headers.get(RETRY_AFTER)?.to_str().ok()?.trim();
    if let Ok(seconds) = text.parse::<u64>() {
        return Some(Duration::from_secs(seconds));
    }
    let at = httpdate::parse_http_date(text).ok()?;
    Some(at.duration_since(SystemTime::now()).unwrap_or(Duration::ZERO))
}

/// A number in `[0, 1)` from the standard library's per-process random hash keys, mixed with a counter,
/// so jitter needs no random-number crate (its quality only has to spread clients apart).
fn random_fraction() -> f64 {
    use std::hash::{BuildHasher, Hasher};
    use std::sync::atomic::{AtomicU64, Ordering};
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    let mut h = std::collections::hash_map::RandomState::new().build_hasher();
    h.write_u64(COUNTER.fetch_add(1, Ordering::Relaxed));
    (h.finish() >> 11) as f64 / (1u64 << 53) as f64
}

#[cfg(test)]
mod tests {
    use super::*;
    use bytes::Bytes;

    fn answer(status: u16, retry_after: Option<&str>) -> Result<Received, Failure> {
        let mut headers = HeaderMap::new();
        if let Some(v) = retry_after {
            headers.insert(RETRY_AFTER, v.parse().unwrap());
        }
        Ok(Received { status: StatusCode::from_u16(status).unwrap(), headers, body: Bytes::new() })
    }

    #[test]
    fn only_retry_safe_operations_are_retried_on_answers_and_every_operation_on_connect_errors() {
        let p = RetryPolicy::new(3);
        let now = Instant::now();
        for status in [429, 502, 503, 504] {
            assert!(p.next_wait(true, &answer(status, None), 1, now).is_some(), "{status}");
            assert!(p.next_wait(true, &answer(status, None), 1, now).is_some(), "{status}");
            assert!(p.next_wait(true, &answer(status, None), 1, now).is_some(), "{status}");
            assert!(p.next_wait(false, &answer(status, None), 1, now).is_none(), "{status}");
        }
        for status in [200, 400, 401, 404, 409, 500, 501] {
            assert!(p.next_wait(true, &answer(status, None), 1, now).is_none(), "{status}");
        }
        let refused = || Err(Failure::Connect("refused".into()));
        assert!(p.next_wait(false, &refused(), 1, now).is_some());
        assert!(p.next_wait(false, &Err(Failure::Other("reset".into())), 1, now).is_none());
        assert!(p.next_wait(true, &Err(Failure::Other("reset".into())), 1, now).is_some());
        assert!(p.next_wait(true, &Err(Failure::Timeout(None)), 1, now).is_none());
        assert!(p.next_wait(true, &refused(), 3, now).is_none(), "attempts are bounded");
    }

    #[test]
    fn waits_have_full_jitter_under_a_doubling_bound() {
        let p = RetryPolicy::new(10).base_delay(Duration::from_millis(100)).max_delay(Duration::from_millis(350));
        let mut seen_small = false;
        for _ in 0..200 {
            let w = p.backoff(1);
            assert!(w < Duration::from_millis(100));
            seen_small |= w < Duration::from_millis(50);
            assert!(p.backoff(3) < Duration::from_millis(350));
            assert!(p.backoff(30) < Duration::from_millis(350));
        }
        assert!(seen_small, "waits are spread from zero");
    }

    #[test]
    fn a_huge_retry_after_under_an_unbounded_max_delay_saturates_instead_of_overflowing() {
        // Issue 24: `started.elapsed() + wait` panicked ("overflow when adding durations").
        let p = RetryPolicy::new(3).max_delay(Duration::MAX).total_budget(Duration::from_secs(10));
        let huge = answer(503, Some("18446744073709551615"));
        // A call that started a few seconds ago: the sum carries into the seconds and overflowed.
        let earlier = Instant::now().checked_sub(Duration::from_secs(3)).unwrap_or_else(Instant::now);
        assert_eq!(p.next_wait(true, &huge, 1, earlier), None);
        let unbudgeted = RetryPolicy::new(3).max_delay(Duration::MAX);
        assert_eq!(unbudgeted.next_wait(true, &huge, 1, Instant::now()), Some(Duration::from_secs(u64::MAX)));
    }

    #[test]
    fn retry_after_is_honoured_within_the_limits() {
        let p = RetryPolicy::new(3).max_delay(Duration::from_secs(10)).total_budget(Duration::from_secs(5));
        let now = Instant::now();
        assert_eq!(p.next_wait(true, &answer(503, Some("2")), 1, now), Some(Duration::from_secs(2)));
        let date = httpdate::fmt_http_date(SystemTime::now() + Duration::from_secs(4));
        let w = p.next_wait(true, &answer(429, Some(&date)), 1, now).unwrap();
        assert!(w > Duration::from_secs(2) && w <= Duration::from_secs(4), "{w:?}");
        let past = httpdate::fmt_http_date(SystemTime::now() - Duration::from_secs(60));
        assert_eq!(p.next_wait(true, &answer(429, Some(&past)), 1, now), Some(Duration::ZERO));
        // Beyond the budget, or longer than max_delay: stop.
        assert_eq!(p.next_wait(true, &answer(503, Some("6")), 1, now), None);
        assert_eq!(p.next_wait(true, &answer(503, Some("11")), 1, now), None);
        // Unreadable values fall back to the computed wait.
        assert!(p.next_wait(true, &answer(503, Some("soon")), 1, now).unwrap() < Duration::from_millis(100));
    }
}
