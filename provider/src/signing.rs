//! HMAC-SHA256 signatures for the provider's CSRF tokens and its own session cookie.
//!
//! A CSRF token is bound to a purpose (`login`, `consent`...) and to what the form acts on (the
//! challenge, or the signed-in subject), so a token taken from one form fails on every other form; it
//! expires after [`CSRF_LIFETIME`]. The key comes from the command line or is random at start (tokens
//! and sessions then end with the process).

use std::time::{Duration, SystemTime, UNIX_EPOCH};

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine as _;
use hmac::{Hmac, Mac};
use sha2::Sha256;

type HmacSha256 = Hmac<Sha256>;

/// How long a form may be left open before its token is refused.
pub const CSRF_LIFETIME: Duration = Duration::from_secs(3600);

/// The key, and the operations on it.
#[derive(Clone)]
pub struct Signer {
    key: Vec<u8>,
}

impl std::fmt::Debug for Signer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Signer { key: <redacted> }")
    }
}

fn now() -> u64 {
    SystemTime::now().duration_since(UNIX_EPOCH).map_or(0, |d| d.as_secs())
}

impl Signer {
    /// Uses `key` (at least 32 bytes are advisable).
    pub fn new(key: impl Into<Vec<u8>>) -> Self {
        Signer { key: key.into() }
    }

    /// A key of 32 random bytes.
    pub fn random() -> Self {
        let mut key = [0u8; 32];
        getrandom::getrandom(&mut key).expect("the operating system gives no randomness");
        Signer::new(key)
    }

    fn mac(&self, parts: &[&[u8]]) -> HmacSha256 {
        let mut mac = HmacSha256::new_from_slice(&self.key).expect("HMAC takes any key length");
        for p in parts {
            // Length-prefixed, so ("ab","c") and ("a","bc") sign differently.
            mac.update(&(p.len() as u64).to_be_bytes());
            mac.update(p);
        }
        mac
    }

    /// A token for a form of `purpose` acting on `binding`.
    pub fn csrf_token(&self, purpose: &str, binding: &str) -> String {
        self.csrf_token_at(purpose, binding, now())
    }

    fn csrf_token_at(&self, purpose: &str, binding: &str, issued: u64) -> String {
        let mut nonce = [0u8; 16];
        getrandom::getrandom(&mut nonce).expect("the operating system gives no randomness");
        let issued = issued.to_be_bytes();
        let tag = self.mac(&[b"csrf", purpose.as_bytes(), binding.as_bytes(), &issued, &nonce]).finalize().into_bytes();
        let mut raw = Vec::with_capacity(8 + 16 + 32);
        raw.extend_from_slice(&issued);
        raw.extend_from_slice(&nonce);
        raw.extend_from_slice(&tag);
        URL_SAFE_NO_PAD.encode(raw)
    }

    /// Whether `token` was made by [`csrf_token`](Self::csrf_token) for this purpose and binding and has
    /// not expired. The tag is compared in constant time.
    pub fn check_csrf(&self, token: &str, purpose: &str, binding: &str) -> bool {
        let Ok(raw) = URL_SAFE_NO_PAD.decode(token) else { return false };
        if raw.len() != 8 + 16 + 32 {
            return false;
        }
        let (issued, rest) = raw.split_at(8);
        let (nonce, tag) = rest.split_at(16);
        let issued_at = u64::from_be_bytes(issued.try_into().unwrap_or_default());
        let age = now().saturating_sub(issued_at);
        if issued_at > now() + 60 || age > CSRF_LIFETIME.as_secs() {
            return false;
        }
        self.mac(&[b"csrf", purpose.as_bytes(), binding.as_bytes(), issued, nonce]).verify_slice(tag).is_ok()
    }

    /// The value of the provider's session cookie for `subject`, valid for `lifetime`.
    pub fn session_cookie(&self, subject: &str, lifetime: Duration) -> String {
        let expires = (now() + lifetime.as_secs()).to_string();
        let tag = self.mac(&[b"session", subject.as_bytes(), expires.as_bytes()]).finalize().into_bytes();
        format!("{}.{expires}.{}", URL_SAFE_NO_PAD.encode(subject), URL_SAFE_NO_PAD.encode(tag))
    }

    /// The subject of a session cookie value, when its signature holds and it has not expired.
    pub fn check_session(&self, value: &str) -> Option<String> {
        let mut it = value.split('.');
        let (subject, expires, tag) = (it.next()?, it.next()?, it.next()?);
        if it.next().is_some() || expires.parse::<u64>().ok()? < now() {
            return None;
        }
        let subject = String::from_utf8(URL_SAFE_NO_PAD.decode(subject).ok()?).ok()?;
        let tag = URL_SAFE_NO_PAD.decode(tag).ok()?;
        self.mac(&[b"session", subject.as_bytes(), expires.as_bytes()]).verify_slice(&tag).ok()?;
        Some(subject)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_csrf_token_holds_only_for_its_purpose_and_challenge() {
        let s = Signer::new(*b"0123456789abcdef0123456789abcdef");
        let t = s.csrf_token("login", "challenge-1");
        assert!(s.check_csrf(&t, "login", "challenge-1"));
        assert!(!s.check_csrf(&t, "login", "challenge-2"));
        assert!(!s.check_csrf(&t, "consent", "challenge-1"));
        assert!(!Signer::new(*b"another key, another key, anothe").check_csrf(&t, "login", "challenge-1"));
        assert!(!s.check_csrf("", "login", "challenge-1"));
        assert!(!s.check_csrf("not base64 !", "login", "challenge-1"));
        // One flipped bit anywhere breaks it.
        let mut raw = URL_SAFE_NO_PAD.decode(&t).unwrap();
        raw[20] ^= 1;
        assert!(!s.check_csrf(&URL_SAFE_NO_PAD.encode(raw), "login", "challenge-1"));
    }

    #[test]
    fn an_old_csrf_token_is_refused() {
        let s = Signer::new(*b"0123456789abcdef0123456789abcdef");
        let old = s.csrf_token_at("login", "c", now() - CSRF_LIFETIME.as_secs() - 1);
        assert!(!s.check_csrf(&old, "login", "c"));
        let recent = s.csrf_token_at("login", "c", now() - 10);
        assert!(s.check_csrf(&recent, "login", "c"));
    }

    #[test]
    fn a_session_cookie_cannot_be_altered() {
        let s = Signer::new(*b"0123456789abcdef0123456789abcdef");
        let v = s.session_cookie("user-1", Duration::from_secs(60));
        assert_eq!(s.check_session(&v).as_deref(), Some("user-1"));
        let other = s.session_cookie("user-2", Duration::from_secs(60));
        let forged = format!("{}.{}", v.split('.').next().unwrap(), other.split_once('.').unwrap().1);
        assert_eq!(s.check_session(&forged), None);
        assert_eq!(Signer::random().check_session(&v), None);
    }
}
