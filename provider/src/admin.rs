//! The handful of Admin API calls the provider makes, behind one trait, so that each Hydra server line
//! (v1, v2) plugs in with a small adapter and the pages stay the same.

use std::future::Future;

use serde_json::{Map, Value};

/// The OAuth 2.0 client that started a flow, as the pages show it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ClientInfo {
    /// The client id.
    pub id: String,
    /// The client's display name (empty when it has none).
    pub name: String,
    /// The client's home page, shown as the "start again" link.
    pub uri: Option<String>,
    /// Whether the client is configured to skip consent (a v2 field; v1 clients never have it).
    pub skip_consent: bool,
}

impl ClientInfo {
    /// The name to show: the display name, else the id.
    pub fn label(&self) -> &str {
        if self.name.is_empty() {
            &self.id
        } else {
            &self.name
        }
    }
}

/// A pending login request.
#[derive(Debug, Clone, Default)]
pub struct LoginInfo {
    /// Whether Hydra already knows the user and the form must be skipped.
    pub skip: bool,
    /// The remembered user when `skip` is set.
    pub subject: String,
    /// The client that asks.
    pub client: ClientInfo,
    /// The login name the client suggested (`login_hint`).
    pub login_hint: Option<String>,
    /// The requested authentication context classes (`acr_values`), by preference.
    pub acr_values: Vec<String>,
}

/// A pending consent request.
#[derive(Debug, Clone, Default)]
pub struct ConsentInfo {
    /// Whether Hydra remembers the decision and the page must be skipped.
    pub skip: bool,
    /// The user asked for consent.
    pub subject: String,
    /// The client that asks.
    pub client: ClientInfo,
    /// The scopes the client asked for.
    pub requested_scope: Vec<String>,
    /// The audiences the client asked for.
    pub requested_audience: Vec<String>,
}

/// A pending logout request.
#[derive(Debug, Clone, Default)]
pub struct LogoutInfo {
    /// The user being logged out.
    pub subject: String,
    /// The client that asked for the logout, when a relying party started it.
    pub client: Option<ClientInfo>,
}

/// A consent the user gave earlier.
#[derive(Debug, Clone, Default)]
pub struct ConsentSession {
    /// The client the consent was given to.
    pub client: ClientInfo,
    /// The granted scopes.
    pub granted_scope: Vec<String>,
    /// When the consent was given (RFC 3339), when Hydra says.
    pub handled_at: Option<String>,
}

/// What the login provider tells Hydra when it accepts a login.
#[derive(Debug, Clone, Default)]
pub struct LoginGrant {
    /// The authenticated user.
    pub subject: String,
    /// Whether Hydra should remember the login.
    pub remember: bool,
    /// How long the login is remembered, in seconds.
    pub remember_for: i64,
    /// The authentication context class reached, when one was asked for.
    pub acr: Option<String>,
    /// How the user authenticated (`pwd`).
    pub amr: Vec<String>,
}

/// What the consent provider tells Hydra when it accepts a consent.
#[derive(Debug, Clone, Default)]
pub struct ConsentGrant {
    /// The granted scopes, a subset of the requested ones.
    pub grant_scope: Vec<String>,
    /// The granted audiences.
    pub grant_audience: Vec<String>,
    /// Whether Hydra should remember the decision.
    pub remember: bool,
    /// How long the decision is remembered, in seconds.
    pub remember_for: i64,
    /// Claims for the ID token.
    pub id_token: Map<String, Value>,
}

/// An OAuth 2.0 error the provider reports to the client when the user says no.
#[derive(Debug, Clone)]
pub struct Denial {
    /// The error code (`access_denied`).
    pub error: &'static str,
    /// A sentence for the client.
    pub description: &'static str,
}

impl Denial {
    /// The user refused.
    pub const ACCESS_DENIED: Denial =
        Denial { error: "access_denied", description: "The resource owner denied the request." };
}

/// A URL Hydra returned as `redirect_to`. Only the adapters build one, so the provider can redirect only
/// to where Hydra said.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HydraRedirect(String);

impl HydraRedirect {
    /// Wraps a `redirect_to` from Hydra; refuses anything but an absolute http(s) URL, so a broken or
    /// hostile answer cannot make the provider send the browser to a `javascript:` URL.
    pub fn from_hydra(url: &str) -> Result<Self, AdminError> {
        match url::Url::parse(url) {
            // The parsed URL, as a browser would read the text: non-ASCII and spaces percent-encoded,
            // so it always fits a `Location` header.
            Ok(u) if matches!(u.scheme(), "http" | "https") => Ok(HydraRedirect(u.into())),
            _ => Err(AdminError::Other {
                status: None,
                error: "invalid redirect_to from Hydra".into(),
                description: None,
            }),
        }
    }

    /// The URL.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// How an Admin call failed, in the classes the pages care about.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AdminError {
    /// The challenge expired (401) or is unknown (404): the user must start again.
    Expired,
    /// The request was handled already (v1's 410; on v2, a login or consent challenge this provider
    /// already answered, see [`crate::completed`]); Hydra may say where to go.
    Handled {
        /// Where Hydra says the browser should go (the original authorization URL).
        redirect_to: Option<String>,
    },
    /// Anything else; shown as an error page without internals.
    Other {
        /// The HTTP status of Hydra's answer, when there was one.
        status: Option<u16>,
        /// Hydra's error code, or a short description of the failure.
        error: String,
        /// Hydra's error description.
        description: Option<String>,
    },
}

/// The Admin API calls the provider makes. One implementation per Hydra server line.
pub trait Admin: Send + Sync + 'static {
    /// Fetches a login request.
    fn get_login(&self, challenge: &str) -> impl Future<Output = Result<LoginInfo, AdminError>> + Send;
    /// Accepts a login request.
    fn accept_login(
        &self,
        challenge: &str,
        grant: &LoginGrant,
    ) -> impl Future<Output = Result<HydraRedirect, AdminError>> + Send;
    /// Rejects a login request.
    fn reject_login(
        &self,
        challenge: &str,
        denial: &Denial,
    ) -> impl Future<Output = Result<HydraRedirect, AdminError>> + Send;
    /// Fetches a consent request.
    fn get_consent(&self, challenge: &str) -> impl Future<Output = Result<ConsentInfo, AdminError>> + Send;
    /// Accepts a consent request.
    fn accept_consent(
        &self,
        challenge: &str,
        grant: &ConsentGrant,
    ) -> impl Future<Output = Result<HydraRedirect, AdminError>> + Send;
    /// Rejects a consent request.
    fn reject_consent(
        &self,
        challenge: &str,
        denial: &Denial,
    ) -> impl Future<Output = Result<HydraRedirect, AdminError>> + Send;
    /// Fetches a logout request.
    fn get_logout(&self, challenge: &str) -> impl Future<Output = Result<LogoutInfo, AdminError>> + Send;
    /// Accepts a logout request.
    fn accept_logout(&self, challenge: &str) -> impl Future<Output = Result<HydraRedirect, AdminError>> + Send;
    /// Rejects a logout request: the user stays logged in. Neither line gives a redirect today (v2.3.0
    /// answers 204), so the adapters return `None` and the page says so.
    fn reject_logout(&self, challenge: &str) -> impl Future<Output = Result<Option<HydraRedirect>, AdminError>> + Send;
    /// Lists a user's consent sessions.
    fn list_consents(&self, subject: &str) -> impl Future<Output = Result<Vec<ConsentSession>, AdminError>> + Send;
    /// Revokes a user's consent to one client.
    fn revoke_consent(&self, subject: &str, client_id: &str) -> impl Future<Output = Result<(), AdminError>> + Send;
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Hydra's `redirect_to` with non-ASCII or spaces (a `state` the relying party chose) still becomes
    /// a redirect, percent-encoded as a browser would read it, instead of a 500 (a header holds ASCII).
    #[test]
    fn a_redirect_with_non_ascii_text_is_sent_percent_encoded() {
        let target = HydraRedirect::from_hydra("https://rp.example/cb?code=c&state=été a").unwrap();
        assert_eq!(target.as_str(), "https://rp.example/cb?code=c&state=%C3%A9t%C3%A9%20a");
        let res = crate::app::to_hydra(&target);
        assert_eq!(res.status(), axum::http::StatusCode::SEE_OTHER);
        assert_eq!(res.headers()["location"], target.as_str());
        assert!(HydraRedirect::from_hydra("javascript:alert(1)").is_err());
    }
}
