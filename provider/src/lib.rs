//! A reference login, consent and logout provider for ORY Hydra, built on ory-hydra-v1-client (Hydra v1)
//! and ory-hydra-v2-client (Hydra v2).
//!
//! Hydra sends the browser here to sign in ([`flows::login_page`]), to grant scopes
//! ([`flows::consent_page`]) and to confirm a logout ([`flows::logout_page`]); the provider answers
//! Hydra through the Admin API ([`admin::Admin`], one implementation per server line: [`v1::V1Admin`])
//! and sends the browser on to the `redirect_to` Hydra returned. Users come from a JSON file with argon2
//! hashes ([`users`]); every form carries a CSRF token bound to its challenge ([`signing`]).
//!
//! The modules:
//! - [`admin`]: the Admin API calls the pages need, as a trait, and the types they exchange;
//! - [`v1`]: that trait on Hydra v1 servers;
//! - [`v2`]: that trait on Hydra v2 servers, with [`completed`], its record of answered challenges;
//! - [`line`](mod@line): which server line, and a client of its crate;
//! - [`app`]: the router, security headers, body limit, cookies and failure pages;
//! - [`flows`]: the login, consent, logout and error pages;
//! - [`account`]: the signed-in user's consent sessions page;
//! - [`pages`]: the HTML;
//! - [`signing`]: CSRF tokens and the session cookie;
//! - [`users`]: the users file and password checks;
//! - [`relying_party`]: a sample client application for the tests and the demo.

pub mod account;
pub mod admin;
pub mod app;
pub mod completed;
pub mod flows;
pub mod line;
pub mod pages;
pub mod relying_party;
pub mod signing;
pub mod users;
pub mod v1;
pub mod v2;

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine as _;

/// 16 random bytes, base64url: nonces, `state` values, the dummy password.
pub fn random_token() -> String {
    let mut b = [0u8; 16];
    getrandom::getrandom(&mut b).expect("the operating system gives no randomness");
    URL_SAFE_NO_PAD.encode(b)
}

/// Serves `router` on `listener` until the process ends.
pub async fn serve(listener: tokio::net::TcpListener, router: axum::Router) -> std::io::Result<()> {
    axum::serve(listener, router).await
}
