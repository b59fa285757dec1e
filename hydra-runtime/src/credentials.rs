//! Credentials a caller hands to one Public API call: an OAuth 2.0 client's id and secret. They travel
//! with that request only, never with the client's configuration, so they cannot reach the Admin API.

use std::fmt;

/// How an OAuth 2.0 client proves its identity at Hydra's token and revocation endpoints. The method
/// must match the client's registered `token_endpoint_auth_method`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum ClientAuthMethod {
    /// Id and secret in an HTTP Basic `Authorization` header (`client_secret_basic`, Hydra's default).
    ClientSecretBasic,
    /// Id and secret as `client_id` and `client_secret` members of the form body (`client_secret_post`).
    ClientSecretPost,
    /// Only the id, as the `client_id` form member: a public client such as a browser or mobile app
    /// (`none`).
    None,
}

impl ClientAuthMethod {
    /// The name Hydra and RFC 7591 use for the method, e.g. `client_secret_basic`.
    pub fn as_str(self) -> &'static str {
        match self {
            ClientAuthMethod::ClientSecretBasic => "client_secret_basic",
            ClientAuthMethod::ClientSecretPost => "client_secret_post",
            ClientAuthMethod::None => "none",
        }
    }
}

/// An OAuth 2.0 client's credentials for one Public API call (token exchange, revocation).
///
/// The secret is never printed by `Debug`.
///
/// ```
/// use ory_hydra_v1_client::{ClientAuthMethod, ClientCredentials};
///
/// let creds = ClientCredentials::basic("billing", "s3cr3t");
/// assert_eq!(creds.method(), ClientAuthMethod::ClientSecretBasic);
/// assert!(!format!("{creds:?}").contains("s3cr3t"));
/// let spa = ClientCredentials::public("single-page-app");
/// assert_eq!(spa.secret(), None);
/// ```
#[derive(Clone, PartialEq, Eq)]
pub struct ClientCredentials {
    id: String,
    secret: Option<String>,
    method: ClientAuthMethod,
}

impl ClientCredentials {
    /// Id and secret sent in an HTTP Basic header (`client_secret_basic`). Both are form-encoded first,
    /// as RFC 6749 section 2.3.1 asks, so ids and secrets with `:` or non-ASCII characters survive.
    pub fn basic(id: impl Into<String>, secret: impl Into<String>) -> Self {
        ClientCredentials { id: id.into(), secret: Some(secret.into()), method: ClientAuthMethod::ClientSecretBasic }
    }

    /// Id and secret sent as form members of the request body (`client_secret_post`).
    pub fn post(id: impl Into<String>, secret: impl Into<String>) -> Self {
        ClientCredentials { id: id.into(), secret: Some(secret.into()), method: ClientAuthMethod::ClientSecretPost }
    }

    /// A public client, identified by its id alone (`none`).
    pub fn public(id: impl Into<String>) -> Self {
        ClientCredentials { id: id.into(), secret: None, method: ClientAuthMethod::None }
    }

    /// The client id.
    pub fn id(&self) -> &str {
        &self.id
    }

    /// The client secret, if the method uses one.
    pub fn secret(&self) -> Option<&str> {
        self.secret.as_deref()
    }

    /// How the credentials are sent.
    pub fn method(&self) -> ClientAuthMethod {
        self.method
    }
}

impl fmt::Debug for ClientCredentials {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ClientCredentials")
            .field("id", &self.id)
            .field("secret", &self.secret.as_ref().map(|_| crate::wire::Redacted))
            .field("method", &self.method)
            .finish()
    }
}
