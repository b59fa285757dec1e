//! The login and consent challenges this provider has answered, for a server that cannot tell.
//!
//! Hydra v2's login and consent challenges are stateless: the challenge is the encrypted flow itself, so
//! after the flow is over Hydra still reads it with 200 and accepts it again with a fresh verifier
//! (tests/hydra-server/QUIRKS.md, "v2.3.0"). Its answer has no `handled_at` or anything else that
//! changes once a challenge was answered, so nothing Hydra says can show a replay; a second login
//! verifier even starts a new consent request. Only the provider knows it answered, so it keeps a
//! record here and treats a recorded challenge as Hydra v1 treats a handled one (410).
//!
//! Why this shape:
//! - keyed by SHA-256 of the challenge: the record never holds a usable challenge (they are bearer
//!   values; a memory dump or a Debug print must not reveal one), and a ~1 KB challenge costs 32 bytes;
//! - an entry is *claimed* before the Admin call and dropped again when the call fails, so two
//!   submits of one form at once (a double click) cannot both reach Hydra: the second finds the claim;
//! - entries live as long as Hydra would still take the challenge (`ttl`, Hydra's
//!   `ttl.login_consent_request`): after that Hydra refuses it with 401 by itself, so memory stays
//!   bounded by the requests answered within one TTL, and [`MAX_ENTRIES`] caps even that.
//!
//! The record is in memory, per process: behind several replicas the same browser must reach the same
//! one (sticky sessions), and a restart forgets it. Hydra still refuses a consent verifier used twice,
//! so what a lost record lets through is a second consent page, never a second code for one consent.

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use sha2::{Digest as _, Sha256};

use crate::admin::AdminError;

/// The most challenges kept; beyond it the oldest are forgotten first.
pub const MAX_ENTRIES: usize = 100_000;

#[derive(Debug)]
struct Entry {
    until: Instant,
    /// Where "start again" leads (the request's original authorization URL), once the call succeeded.
    link: Option<String>,
}

/// The record: challenge hashes and when each may be forgotten.
#[derive(Debug)]
pub struct Completed {
    ttl: Duration,
    entries: Mutex<HashMap<[u8; 32], Entry>>,
}

fn key(challenge: &str) -> [u8; 32] {
    Sha256::digest(challenge.as_bytes()).into()
}

impl Completed {
    /// An empty record whose entries last `ttl` (at least Hydra's `ttl.login_consent_request`).
    pub fn new(ttl: Duration) -> Self {
        Completed { ttl, entries: Mutex::new(HashMap::new()) }
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<[u8; 32], Entry>> {
        // A panic while holding the lock leaves a map that is still consistent (every change is one insert
        // or remove), so a poisoned lock is used as it is.
        self.entries.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// `Handled` when `challenge` was answered (or is being answered) by this provider.
    pub fn check(&self, challenge: &str) -> Result<(), AdminError> {
        let now = Instant::now();
        match self.lock().get(&key(challenge)) {
            Some(e) if e.until > now => Err(AdminError::Handled { redirect_to: e.link.clone() }),
            _ => Ok(()),
        }
    }

    /// Records `challenge` as being answered; `Handled` when it already was. The claim is undone when
    /// the returned guard is dropped without [`Claim::keep`].
    pub fn claim(&self, challenge: &str) -> Result<Claim<'_>, AdminError> {
        let now = Instant::now();
        let k = key(challenge);
        let mut map = self.lock();
        if let Some(e) = map.get(&k).filter(|e| e.until > now) {
            return Err(AdminError::Handled { redirect_to: e.link.clone() });
        }
        map.retain(|_, e| e.until > now);
        if map.len() >= MAX_ENTRIES {
            let oldest = map.iter().min_by_key(|(_, e)| e.until).map(|(k, _)| *k);
            if let Some(o) = oldest {
                map.remove(&o);
            }
        }
        map.insert(k, Entry { until: now + self.ttl, link: None });
        Ok(Claim { record: self, key: k, kept: false })
    }

    /// How many challenges are recorded now (expired ones included until the next claim).
    pub fn len(&self) -> usize {
        self.lock().len()
    }

    /// Whether nothing is recorded.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

/// A challenge claimed in a [`Completed`] record while its Admin call runs.
#[derive(Debug)]
pub struct Claim<'a> {
    record: &'a Completed,
    key: [u8; 32],
    kept: bool,
}

impl Claim<'_> {
    /// The call succeeded: the challenge stays recorded, with `link` for the "start again" page.
    pub fn keep(mut self, link: Option<String>) {
        if let Some(e) = self.record.lock().get_mut(&self.key) {
            e.link = link;
        }
        self.kept = true;
    }
}

impl Drop for Claim<'_> {
    fn drop(&mut self) {
        if !self.kept {
            self.record.lock().remove(&self.key);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn handled_link(r: Result<(), AdminError>) -> Option<String> {
        match r {
            Err(AdminError::Handled { redirect_to }) => redirect_to,
            other => panic!("expected Handled, got {other:?}"),
        }
    }

    #[test]
    fn a_kept_claim_makes_the_challenge_handled_with_its_link() {
        let r = Completed::new(Duration::from_secs(60));
        assert!(r.check("c1").is_ok());
        r.claim("c1").unwrap().keep(Some("http://hydra/oauth2/auth?x".into()));
        assert_eq!(handled_link(r.check("c1")).as_deref(), Some("http://hydra/oauth2/auth?x"));
        assert!(matches!(r.claim("c1"), Err(AdminError::Handled { .. })));
        assert!(r.check("c2").is_ok(), "another challenge is not affected");
    }

    #[test]
    fn a_claim_blocks_a_second_one_until_it_is_dropped() {
        let r = Completed::new(Duration::from_secs(60));
        let first = r.claim("c").unwrap();
        // The double click: the second submit arrives while the first call runs.
        assert_eq!(handled_link(r.check("c")), None);
        assert!(r.claim("c").is_err());
        drop(first);
        assert!(r.check("c").is_ok(), "a failed call leaves the challenge usable");
        assert!(r.is_empty());
    }

    #[test]
    fn entries_end_with_the_ttl_and_the_record_holds_no_challenge() {
        let r = Completed::new(Duration::ZERO);
        r.claim("secret-challenge").unwrap().keep(None);
        assert!(r.check("secret-challenge").is_ok(), "expired entries are not handled");
        r.claim("other").unwrap().keep(None);
        assert_eq!(r.len(), 1, "the expired entry was pruned on the next claim");
        assert!(!format!("{r:?}").contains("secret-challenge"));
    }
}
