//! A typed async client for the [ORY Hydra](https://www.ory.sh/hydra/) v1 Admin and Public APIs (every
//! operation up to Hydra v1.11.10).
//!
//! Every operation is a method on [`Client`], with typed parameters and results. The methods and models
//! are generated at compile time from the endpoint tables in the repository's `spec/` directory, so the
//! tables are the only place an endpoint is described.
//!
//! ```no_run
//! # async fn demo() -> Result<(), ory_hydra_v1_client::Error> {
//! use futures::TryStreamExt;
//! use ory_hydra_v1_client::{Client, ListOAuth2ClientsParams, OAuth2Client};
//!
//! let hydra = Client::builder("http://127.0.0.1:4445").build()?;
//! let created = hydra
//!     .create_o_auth2_client(
//!         &OAuth2Client::new()
//!             .with_client_name("billing")
//!             .with_redirect_uris(["https://billing.example/callback"]),
//!     )
//!     .await?;
//! println!("created {:?}", created.client_id);
//!
//! // Every client, 500 per request, following the Link headers.
//! let all: Vec<OAuth2Client> =
//!     hydra.list_o_auth2_clients_stream(ListOAuth2ClientsParams::default().limit(500)).try_collect().await?;
//! println!("{} clients", all.len());
//!
//! // The same walk into your own type: only the members it declares are kept.
//! #[derive(serde::Deserialize)]
//! struct Owner {
//!     client_id: String,
//!     owner: String,
//! }
//! let owners: Vec<Owner> =
//!     hydra.list_o_auth2_clients_stream_as(ListOAuth2ClientsParams::default().limit(500)).try_collect().await?;
//! println!("{} owned by {}", owners[0].client_id, owners[0].owner);
//! # Ok(()) }
//! ```
//!
//! Hydra serves the Public API (OAuth 2.0 and OpenID Connect) on its own port. Give its URL with
//! [`ClientBuilder::public_url`] (or build a Public-only client with [`Client::public_builder`]); Public
//! operations take their credentials as arguments, and the admin credentials never go there:
//!
//! ```no_run
//! # async fn demo() -> Result<(), ory_hydra_v1_client::Error> {
//! use ory_hydra_v1_client::{Client, ClientCredentials, GrantType, Oauth2TokenParams};
//!
//! let hydra = Client::builder("http://127.0.0.1:4445").public_url("http://127.0.0.1:4444").build()?;
//! let token = hydra
//!     .oauth2_token(
//!         &ClientCredentials::basic("billing", "billing-secret"),
//!         GrantType::ClientCredentials,
//!         Oauth2TokenParams::default().scope("invoices.read"),
//!     )
//!     .await?;
//! let info = hydra.introspect_o_auth2_token(&token.access_token, Default::default()).await?;
//! println!("active: {}", info.active);
//! # Ok(()) }
//! ```
//!
//! Errors are one type, [`Error`]: see [`Error::kind`], [`Error::status`] and helpers such as
//! [`Error::is_not_found`] and [`Error::is_already_handled`].
//!
//! What the tables say about each operation (its side and credentials, path template, paging, retry
//! safety, the Hydra releases that serve it) is also data: [`Client::operations`] lists an
//! [`Operation`] per method, and [`Error::operation`] says which one failed.
//!
//! Requests go through hyper's connection pool with TLS from rustls by default; the `native-tls`
//! feature uses the platform's TLS library instead. The built-in stack honours the proxy environment
//! variables and takes private roots, a client certificate and a minimum TLS version (see
//! [`ClientBuilder::proxy`] and [`ClientBuilder::add_root_certificate_pem`]);
//! `ClientBuilder::http_client` (feature `reqwest`, off by default) sends requests through a
//! `reqwest::Client` you configured instead.

#![warn(missing_docs)]
#![cfg_attr(docsrs, feature(doc_cfg))]

// Everything hand-written lives in `ory-hydra-runtime`, shared with the v2 line; its items are
// re-exported here at the paths v1 users know.
pub use ory_hydra_runtime::{
    operation, service, AccessToken, ApiError, AssertionClaims, ClientAuthMethod, ClientCredentials, Cookies, DateTime,
    DecodeError, DecodeSource, Error, ErrorKind, GoDuration, GoDurationError, JsonObject, JsonValue, Method, Operation,
    Page, PageLinks, PageRef, PageStart, PageStream, RawObject, RawRequest, RawResponse, Redirect, RetryPolicy, Side,
    StatusCode, TlsVersion, TokenRef, UnknownMembers,
};

/// Configures a [`Client`]: start one with [`Client::builder`] or [`Client::public_builder`]. Secrets
/// given to it never appear in its `Debug` output.
pub type ClientBuilder = ory_hydra_runtime::ClientBuilder<Client>;

ory_hydra_runtime::client_type! {
    /// A client for Hydra's Admin and Public APIs. Cheap to clone: clones share connection pools and
    /// configuration.
    ///
    /// Hydra serves its two APIs on different listeners (by default port 4445 for Admin, 4444 for
    /// Public). Build a client with [`Client::builder`] (Admin URL) and add
    /// [`ClientBuilder::public_url`](ory_hydra_runtime::ClientBuilder::public_url), or start from
    /// [`Client::public_builder`] for a client that only talks to the Public API. Every operation is a
    /// method on `Client` and knows which side it belongs to; calling one whose side has no URL fails
    /// with [`ErrorKind::InvalidInput`] before anything is sent.
    ///
    /// Credentials never cross sides: what the builder's `basic_auth`, `bearer_token` and
    /// `default_header` and [`Client::with_header`] configure goes to Admin endpoints only, and the
    /// OAuth 2.0 client credentials, access tokens and registration tokens that Public operations take
    /// as arguments go to that one Public request only. Which side an operation is on, and what it
    /// carries, is its [`Operation`] description.
    ///
    /// The settings and the browser steps shared with the other lines (`base_url`, `follow`, ...) are
    /// [`Core`](ory_hydra_runtime::Core)'s, reached through `Deref`.
    pub struct Client;
    krate = "ory_hydra_v1_client";
    operations = generated::__OPERATIONS;
    secret_members = generated::__SECRET_MEMBERS;
    secret_params = generated::__SECRET_PARAMS;
}

/// Items the generated code relies on. Not part of the public API.
#[doc(hidden)]
pub use ory_hydra_runtime::__rt;

/// What the fuzz targets in `fuzz/` call: the `Link` header parser the client pages with, and the code
/// that reads an answer. Not part of the public API: it may change or go away in any release.
#[doc(hidden)]
pub mod __fuzz {
    pub use ory_hydra_runtime::__fuzz::*;

    /// The JSON members whose values error output hides (from the tables' `secret` flags).
    pub const SECRET_MEMBERS: &[&str] = crate::generated::__SECRET_MEMBERS;
}

/// Compiles the Rust examples of the README as doctests.
#[cfg(doctest)]
// README.md is a symlink to the top-level README, so the file tested is the one the package ships.
#[doc = include_str!("../README.md")]
pub struct ReadmeDoctests;

// An answer model's `new` takes every member the servers always send (`WellKnown` has 24); answers are
// decoded, not built, so the long constructors serve tests and mocks, where `Default` and the `with_*`
// setters are the shorter way.
#[allow(clippy::too_many_arguments)]
mod generated {
    // The runtime generates the models of its own table; the v1 tables use them.
    pub use ory_hydra_runtime::{CompletedRequest, GenericError};
    // `spec` is a symlink to the top-level spec/ (see Cargo.toml), so these paths hold in the package too.
    ory_hydra_v1_macros::generate!(declared "spec/runtime.table", "spec/models.table", "spec/admin.table", "spec/public.table");
}

pub use generated::*;

// Tables written inline in the tests, generated and run against this crate's runtime paths.
#[cfg(test)]
mod grammar_tests;

#[cfg(test)]
mod tests {
    /// The v1 tables flag client secrets, private key parts and tokens, and what they flag is redacted
    /// from errors built by name alone (the runtime finds the list through the registration).
    #[test]
    fn every_secret_member_of_the_tables_is_redacted() {
        for name in ["client_secret", "registration_access_token", "qi", "access_token", "refresh_token", "id_token"] {
            assert!(crate::__fuzz::SECRET_MEMBERS.contains(&name), "{name}");
        }
        for name in crate::__fuzz::SECRET_MEMBERS {
            let body = format!(r#"{{"{name}":"hidden-value","x":1}}"#);
            let err = crate::Error::from_response("get_o_auth2_client", crate::StatusCode::BAD_REQUEST, body);
            assert!(!format!("{err} {err:?}").contains("hidden-value"), "{name}");
        }
    }

    // The string enums the generator emits, through the runtime's shared macro and visitor.
    use crate::{GrantType, ResponseType, SigningAlgorithm};
    use serde_json::json;

    #[test]
    fn generated_enums_decode_known_and_unknown_values() {
        let got: Vec<GrantType> = serde_json::from_str(
            r#"["authorization_code","urn:ietf:params:oauth:grant-type:jwt-bearer","urn:example:custom","","Implicit"]"#,
        )
        .unwrap();
        assert_eq!(
            got,
            [
                GrantType::AuthorizationCode,
                GrantType::JwtBearer,
                GrantType::Other("urn:example:custom".into()),
                GrantType::Other(String::new()),
                GrantType::Other("Implicit".into()),
            ]
        );
        assert_eq!(serde_json::from_value::<GrantType>(json!("refresh_token")).unwrap(), GrantType::RefreshToken);
        assert_eq!(serde_json::from_str::<ResponseType>(r#""code id_token""#).unwrap(), ResponseType::CodeIdToken);
        assert_eq!(serde_json::from_str::<ResponseType>(r#""none""#).unwrap(), ResponseType::None);
        assert_eq!(
            serde_json::from_str::<ResponseType>(r#""id_token code""#).unwrap(),
            ResponseType::Other("id_token code".into()),
            "combinations are matched as written"
        );
        assert_eq!(serde_json::from_str::<SigningAlgorithm>(r#""RS256""#).unwrap(), SigningAlgorithm::Rs256);
        assert_eq!(
            serde_json::from_str::<SigningAlgorithm>(r#""rs256""#).unwrap(),
            SigningAlgorithm::Other("rs256".into())
        );
        let err = serde_json::from_str::<GrantType>("5").unwrap_err();
        assert!(err.to_string().contains("a GrantType string"), "{err}");
    }

    #[test]
    fn generated_enums_serialize_the_wire_text() {
        let values = [
            GrantType::ClientCredentials,
            GrantType::JwtBearer,
            GrantType::Other("urn:example:custom".into()),
            GrantType::Other(String::new()),
            GrantType::Other("quote\"and\\slash".into()),
        ];
        assert_eq!(
            serde_json::to_string(&values).unwrap(),
            r#"["client_credentials","urn:ietf:params:oauth:grant-type:jwt-bearer","urn:example:custom","","quote\"and\\slash"]"#
        );
        assert_eq!(serde_json::to_string(&ResponseType::CodeIdTokenToken).unwrap(), r#""code id_token token""#);
        // Round trip: every value comes back as it was.
        let back: Vec<GrantType> = serde_json::from_str(&serde_json::to_string(&values).unwrap()).unwrap();
        assert_eq!(back, values);
    }

    #[test]
    fn generated_enum_conversions() {
        assert_eq!(GrantType::from("implicit"), GrantType::Implicit);
        assert_eq!(GrantType::from(String::from("implicit")), GrantType::Implicit);
        assert_eq!(GrantType::from("custom"), GrantType::Other("custom".into()));
        assert_eq!("client_credentials".parse::<GrantType>(), Ok(GrantType::ClientCredentials));
        assert_eq!(GrantType::JwtBearer.to_string(), "urn:ietf:params:oauth:grant-type:jwt-bearer");
        assert_eq!(GrantType::Other("x".into()).as_ref(), "x");
        assert_eq!(SigningAlgorithm::Es512.as_str(), "ES512");
        let owned = String::from("urn:example:custom");
        let ptr = owned.as_ptr();
        match GrantType::from(owned) {
            GrantType::Other(kept) => assert_eq!(kept.as_ptr(), ptr, "From<String> moves the String"),
            other => panic!("{other:?}"),
        }
        // A known value built as `Other` by hand is not the named variant, but travels the same.
        let by_hand = GrantType::Other("implicit".into());
        assert_ne!(by_hand, GrantType::Implicit);
        assert_eq!(serde_json::to_string(&by_hand).unwrap(), serde_json::to_string(&GrantType::Implicit).unwrap());
    }
}
