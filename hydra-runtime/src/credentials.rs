//! Credentials a caller hands to one Public API call: an OAuth 2.0 client's id and secret, or its id and
//! a signer of client assertions. They travel with that request only, never with the client's
//! configuration, so they cannot reach the Admin API.

use std::fmt;
use std::sync::Arc;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use serde::ser::{Serialize, SerializeStruct, Serializer};

/// Boxed error of a signer.
type BoxError = Box<dyn std::error::Error + Send + Sync>;

/// Signs the claims of one client assertion into a compact JWT.
type Signer = Arc<dyn Fn(&AssertionClaims) -> Result<String, BoxError> + Send + Sync>;

/// How long a client assertion is valid: long enough for one request, short enough that a copy is
/// useless soon after.
const ASSERTION_LIFETIME: Duration = Duration::from_secs(60);

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
    /// A JWT the client signed with its private key, as `client_assertion` with
    /// `client_assertion_type` (`private_key_jwt`, RFC 7523 section 2.2); the client's registered
    /// `jwks` or `jwks_uri` holds the public key.
    PrivateKeyJwt,
}

impl ClientAuthMethod {
    /// The name Hydra and RFC 7591 use for the method, e.g. `client_secret_basic`.
    pub fn as_str(self) -> &'static str {
        match self {
            ClientAuthMethod::ClientSecretBasic => "client_secret_basic",
            ClientAuthMethod::ClientSecretPost => "client_secret_post",
            ClientAuthMethod::None => "none",
            ClientAuthMethod::PrivateKeyJwt => "private_key_jwt",
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
#[derive(Clone)]
pub struct ClientCredentials {
    id: String,
    secret: Option<String>,
    method: ClientAuthMethod,
    signer: Option<Signer>,
}

/// The claims of one client assertion (RFC 7523 section 3), made fresh for every request: the client
/// is issuer and subject, the audience is Hydra's token endpoint, and the id is unique.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct AssertionClaims {
    /// The issuer: the client id.
    pub iss: String,
    /// The subject: the client id.
    pub sub: String,
    /// The audience: the URL of Hydra's token endpoint on the client's Public URL, which Hydra checks
    /// for every endpoint that takes client authentication. Behind a proxy that rewrites the URL,
    /// sign a copy with the URL Hydra knows itself by instead.
    pub aud: String,
    /// A unique id (128 random bits, hex): Hydra refuses an assertion whose id it saw before.
    pub jti: String,
    /// When it was made, in seconds since the Unix epoch.
    pub iat: u64,
    /// When it expires (60 seconds after `iat`), in seconds since the Unix epoch.
    pub exp: u64,
}

impl Serialize for AssertionClaims {
    /// The JWT claims set: `iss`, `sub`, `aud`, `jti`, `iat`, `exp`. (Written out: this crate does not
    /// build serde's derive macros for one struct.)
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut claims = serializer.serialize_struct("AssertionClaims", 6)?;
        claims.serialize_field("iss", &self.iss)?;
        claims.serialize_field("sub", &self.sub)?;
        claims.serialize_field("aud", &self.aud)?;
        claims.serialize_field("jti", &self.jti)?;
        claims.serialize_field("iat", &self.iat)?;
        claims.serialize_field("exp", &self.exp)?;
        claims.end()
    }
}

impl AssertionClaims {
    /// Fresh claims for client `id` at the token endpoint `aud`.
    pub(crate) fn new(id: &str, aud: String) -> Result<Self, BoxError> {
        let mut random = [0u8; 16];
        getrandom::fill(&mut random).map_err(|e| format!("no random bytes for the assertion's id: {e}"))?;
        let jti = random.iter().map(|b| format!("{b:02x}")).collect();
        let iat = SystemTime::now().duration_since(UNIX_EPOCH).map_or(0, |d| d.as_secs());
        let exp = iat.saturating_add(ASSERTION_LIFETIME.as_secs());
        Ok(AssertionClaims { iss: id.to_owned(), sub: id.to_owned(), aud, jti, iat, exp })
    }
}

impl ClientCredentials {
    /// Id and secret sent in an HTTP Basic header (`client_secret_basic`). Both are form-encoded first,
    /// as RFC 6749 section 2.3.1 asks, so ids and secrets with `:` or non-ASCII characters survive.
    pub fn basic(id: impl Into<String>, secret: impl Into<String>) -> Self {
        ClientCredentials::with(id.into(), Some(secret.into()), ClientAuthMethod::ClientSecretBasic)
    }

    /// Credentials of `method` (with no signer).
    fn with(id: String, secret: Option<String>, method: ClientAuthMethod) -> Self {
        ClientCredentials { id, secret, method, signer: None }
    }

    /// Id and secret sent as form members of the request body (`client_secret_post`).
    pub fn post(id: impl Into<String>, secret: impl Into<String>) -> Self {
        ClientCredentials::with(id.into(), Some(secret.into()), ClientAuthMethod::ClientSecretPost)
    }

    /// A public client, identified by its id alone (`none`).
    pub fn public(id: impl Into<String>) -> Self {
        ClientCredentials::with(id.into(), None, ClientAuthMethod::None)
    }

    /// A client that authenticates with a JWT signed by its private key (`private_key_jwt`). For every
    /// request the client makes fresh [`AssertionClaims`] and calls `sign` to turn them into a compact
    /// JWT with the algorithm the client registered (`token_endpoint_auth_signing_alg`, RS256 unless
    /// set); the key stays with the caller, so it can live in an HSM or a cloud KMS. A signing error
    /// fails the call before anything is sent.
    ///
    /// ```
    /// use ory_hydra_v1_client::{ClientAuthMethod, ClientCredentials};
    ///
    /// let creds = ClientCredentials::private_key_jwt("billing", |claims| {
    ///     // e.g. jsonwebtoken::encode(&Header::new(Algorithm::RS256), claims, &key)
    ///     Ok::<_, std::convert::Infallible>(format!("header.{}.signature", claims.jti))
    /// });
    /// assert_eq!(creds.method(), ClientAuthMethod::PrivateKeyJwt);
    /// ```
    pub fn private_key_jwt<F, E>(id: impl Into<String>, sign: F) -> Self
    where
        F: Fn(&AssertionClaims) -> Result<String, E> + Send + Sync + 'static,
        E: Into<BoxError>,
    {
        let signer: Signer = Arc::new(move |claims| sign(claims).map_err(Into::into));
        ClientCredentials {
            signer: Some(signer),
            ..ClientCredentials::with(id.into(), None, ClientAuthMethod::PrivateKeyJwt)
        }
    }

    /// Signs fresh claims for a request to the token endpoint `aud`; `None` for a method without
    /// assertions.
    pub(crate) fn assertion(&self, aud: String) -> Option<Result<String, BoxError>> {
        let signer = self.signer.as_ref()?;
        Some(AssertionClaims::new(&self.id, aud).and_then(|claims| signer(&claims)))
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
            .finish_non_exhaustive()
    }
}

impl PartialEq for ClientCredentials {
    /// Same id, secret and method, and for `private_key_jwt` the same signer (not merely an equal one).
    fn eq(&self, other: &Self) -> bool {
        let same_signer = match (&self.signer, &other.signer) {
            (Some(a), Some(b)) => Arc::ptr_eq(a, b),
            (a, b) => a.is_none() && b.is_none(),
        };
        self.id == other.id && self.secret == other.secret && self.method == other.method && same_signer
    }
}

impl Eq for ClientCredentials {}
