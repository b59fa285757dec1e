//! The users file: who may log in, their argon2 password hashes and the claims the ID token carries.
//!
//! JSON, for example:
//!
//! ```json
//! { "users": [ { "email": "foo@bar.com", "password_hash": "$argon2id$v=19$...",
//!                "subject": "user-1", "name": "Foo Bar", "given_name": "Foo", "family_name": "Bar",
//!                "email_verified": true } ] }
//! ```
//!
//! `hydra-login-consent hash-password` prints a hash for a password read from standard input.

use std::collections::HashMap;
use std::path::Path;

use anyhow::Context as _;
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::Argon2;
use serde::Deserialize;
use serde_json::{Map, Value};

/// One user of the users file.
#[derive(Debug, Clone, Deserialize)]
pub struct User {
    /// The login name.
    pub email: String,
    /// The argon2 PHC string of the password.
    pub password_hash: String,
    /// The subject Hydra puts in tokens (default: the email).
    #[serde(default)]
    pub subject: Option<String>,
    /// Full name (`profile` scope).
    #[serde(default)]
    pub name: Option<String>,
    /// Given name (`profile` scope).
    #[serde(default)]
    pub given_name: Option<String>,
    /// Family name (`profile` scope).
    #[serde(default)]
    pub family_name: Option<String>,
    /// Whether the email address is verified (`email` scope).
    #[serde(default)]
    pub email_verified: bool,
}

impl User {
    /// The subject Hydra puts in tokens.
    pub fn subject(&self) -> &str {
        self.subject.as_deref().unwrap_or(&self.email)
    }

    /// The ID token claims the granted scopes release: `profile` gives the names, `email` the address.
    pub fn claims(&self, granted: &[String]) -> Map<String, Value> {
        let mut claims = Map::new();
        if granted.iter().any(|s| s == "profile") {
            for (k, v) in [("name", &self.name), ("given_name", &self.given_name), ("family_name", &self.family_name)] {
                if let Some(v) = v {
                    claims.insert(k.into(), Value::String(v.clone()));
                }
            }
        }
        if granted.iter().any(|s| s == "email") {
            claims.insert("email".into(), Value::String(self.email.clone()));
            claims.insert("email_verified".into(), Value::Bool(self.email_verified));
        }
        claims
    }
}

#[derive(Deserialize)]
struct UsersFile {
    users: Vec<User>,
}

/// The users, by email and by subject.
#[derive(Debug, Clone)]
pub struct Users {
    by_email: HashMap<String, User>,
    /// A hash checked when the email is unknown, so that the answer takes as long as for a known user.
    dummy_hash: String,
}

impl Users {
    /// Reads the users file.
    pub fn load(path: &Path) -> anyhow::Result<Self> {
        let text = std::fs::read_to_string(path).with_context(|| format!("cannot read {}", path.display()))?;
        Self::from_json(&text).with_context(|| format!("in {}", path.display()))
    }

    /// Parses a users file's text; every hash must be a valid PHC string.
    pub fn from_json(text: &str) -> anyhow::Result<Self> {
        let file: UsersFile = serde_json::from_str(text).context("not a users file")?;
        let mut by_email = HashMap::new();
        for u in file.users {
            PasswordHash::new(&u.password_hash)
                .map_err(|e| anyhow::anyhow!("user {}: bad password_hash: {e}", u.email))?;
            by_email.insert(u.email.clone(), u);
        }
        // Hashed with the defaults new hashes get; a random password, so nothing matches it.
        let dummy_hash = hash_password(&crate::random_token())?;
        Ok(Users { by_email, dummy_hash })
    }

    /// The user with this email and password, checking a hash either way so an unknown email costs as
    /// much as a wrong password (argon2's comparison of the digests is constant-time).
    pub fn authenticate(&self, email: &str, password: &str) -> Option<&User> {
        let user = self.by_email.get(email);
        let hash = user.map_or(self.dummy_hash.as_str(), |u| u.password_hash.as_str());
        let ok =
            PasswordHash::new(hash).is_ok_and(|h| Argon2::default().verify_password(password.as_bytes(), &h).is_ok());
        user.filter(|_| ok)
    }

    /// The user with this subject.
    pub fn by_subject(&self, subject: &str) -> Option<&User> {
        self.by_email.values().find(|u| u.subject() == subject)
    }
}

/// An argon2id PHC string for `password`, with a random salt and the crate's default cost.
pub fn hash_password(password: &str) -> anyhow::Result<String> {
    let mut salt = [0u8; 16];
    getrandom::getrandom(&mut salt).map_err(|e| anyhow::anyhow!("no randomness: {e}"))?;
    let salt = SaltString::encode_b64(&salt).map_err(|e| anyhow::anyhow!("{e}"))?;
    Argon2::default()
        .hash_password(password.as_bytes(), &salt)
        .map(|h| h.to_string())
        .map_err(|e| anyhow::anyhow!("cannot hash: {e}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn users() -> Users {
        let hash = hash_password("secret").unwrap();
        let text = serde_json::json!({ "users": [
            { "email": "foo@bar.com", "password_hash": hash, "subject": "user-1", "name": "Foo Bar",
              "given_name": "Foo", "family_name": "Bar", "email_verified": true }
        ]})
        .to_string();
        Users::from_json(&text).unwrap()
    }

    #[test]
    fn the_right_password_authenticates_and_others_do_not() {
        let u = users();
        assert_eq!(u.authenticate("foo@bar.com", "secret").map(User::subject), Some("user-1"));
        assert!(u.authenticate("foo@bar.com", "Secret").is_none());
        assert!(u.authenticate("nobody@bar.com", "secret").is_none());
        assert_eq!(u.by_subject("user-1").map(|u| u.email.as_str()), Some("foo@bar.com"));
    }

    #[test]
    fn claims_follow_the_granted_scopes() {
        let u = users();
        let user = u.by_subject("user-1").unwrap();
        assert!(user.claims(&["openid".into()]).is_empty());
        let p = user.claims(&["profile".into()]);
        assert_eq!(p.get("name"), Some(&Value::from("Foo Bar")));
        assert!(p.get("email").is_none());
        let e = user.claims(&["email".into()]);
        assert_eq!(e.get("email"), Some(&Value::from("foo@bar.com")));
        assert_eq!(e.get("email_verified"), Some(&Value::Bool(true)));
        assert!(e.get("name").is_none());
    }

    #[test]
    fn a_bad_hash_is_refused_at_load() {
        let text = r#"{"users":[{"email":"a@b","password_hash":"plain"}]}"#;
        assert!(Users::from_json(text).is_err());
    }
}
