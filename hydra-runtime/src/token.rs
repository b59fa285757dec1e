//! Bearer tokens from a caller's async provider, cached until shortly before they expire.

use std::fmt;
use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;
use std::time::{Duration, Instant};

use http::HeaderValue;

type BoxError = Box<dyn std::error::Error + Send + Sync>;
type Fetching = Pin<Box<dyn Future<Output = Result<AccessToken, BoxError>> + Send>>;

/// A bearer token a [token provider](crate::ClientBuilder::bearer_token_provider) hands out, and how long
/// it may be used. `Debug` does not show the token.
#[derive(Clone)]
pub struct AccessToken {
    token: String,
    expires_in: Option<Duration>,
}

impl AccessToken {
    /// A token used until the provider is asked again (never, unless [`expires_in`](Self::expires_in)).
    pub fn new(token: impl Into<String>) -> Self {
        AccessToken { token: token.into(), expires_in: None }
    }

    /// Uses the token for at most `lifetime` from now; a new one is fetched a little before that
    /// (a tenth of the lifetime early, at most ten seconds). A lifetime too long for the clock to reach
    /// (such as `Duration::MAX`) counts as none.
    pub fn expires_in(mut self, lifetime: Duration) -> Self {
        self.expires_in = Some(lifetime);
        self
    }
}

impl fmt::Debug for AccessToken {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("AccessToken").field("token", &"<redacted>").field("expires_in", &self.expires_in).finish()
    }
}

/// The provider and its cached `Authorization` value.
pub(crate) struct TokenSource {
    fetch: Box<dyn Fn() -> Fetching + Send + Sync>,
    cached: futures_util::lock::Mutex<Option<(HeaderValue, Option<Instant>)>>,
}

impl TokenSource {
    pub(crate) fn new<F, Fut>(fetch: F) -> Arc<Self>
    where
        F: Fn() -> Fut + Send + Sync + 'static,
        Fut: Future<Output = Result<AccessToken, BoxError>> + Send + 'static,
    {
        Arc::new(TokenSource {
            fetch: Box::new(move || Box::pin(fetch())),
            cached: futures_util::lock::Mutex::new(None),
        })
    }

    /// The `Authorization` value to send: the cached one while it is fresh, else a new one. Callers that
    /// arrive during a fetch wait for it rather than fetching again.
    pub(crate) async fn authorization(&self) -> Result<HeaderValue, BoxError> {
        let mut slot = self.cached.lock().await;
        if let Some((value, until)) = &*slot {
            if until.is_none_or(|u| Instant::now() < u) {
                return Ok(value.clone());
            }
        }
        let token = (self.fetch)().await?;
        let mut value = HeaderValue::from_str(&format!("Bearer {}", token.token))
            .map_err(|_| "the token provider returned a token that cannot be sent in a header (not shown)")?;
        value.set_sensitive(true);
        // A lifetime past what an `Instant` can hold (`Duration::MAX`, or a server's `expires_in` of -1
        // cast to seconds) is as good as none: adding it would panic.
        let until = token
            .expires_in
            .and_then(|life| Instant::now().checked_add(life - (life / 10).min(Duration::from_secs(10))));
        *slot = Some((value.clone(), until));
        Ok(value)
    }
}

/// A token provider's error, as the source of the call's error.
#[derive(Debug)]
pub(crate) struct ProviderFailed(pub(crate) BoxError);

impl fmt::Display for ProviderFailed {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("the bearer token provider failed")
    }
}

impl std::error::Error for ProviderFailed {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        Some(&*self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn a_lifetime_too_long_for_an_instant_is_no_expiry_not_a_panic() {
        let calls = Arc::new(std::sync::atomic::AtomicUsize::new(0));
        let counted = calls.clone();
        let source = TokenSource::new(move || {
            counted.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
            async { Ok(AccessToken::new("t").expires_in(Duration::from_secs(u64::MAX))) }
        });
        for _ in 0..2 {
            assert_eq!(source.authorization().await.unwrap(), "Bearer t");
        }
        assert_eq!(calls.load(std::sync::atomic::Ordering::SeqCst), 1, "the token is kept");
    }
}
