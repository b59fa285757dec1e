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
//! let info = hydra.introspect_o_auth2_token(token.access_token.as_deref().unwrap_or_default(), Default::default()).await?;
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

mod answer;
mod call;
mod client;
mod cookies;
mod credentials;
mod decode;
mod duration;
mod error;
#[cfg(test)]
mod grammar_tests;
mod json_path;
pub mod operation;
mod pagination;
mod raw;
mod redirect;
mod retry;
mod token;
mod trace;
mod wire;

pub use client::{Client, ClientBuilder, Side};
pub use cookies::Cookies;
pub use credentials::{ClientAuthMethod, ClientCredentials};
pub use duration::{GoDuration, GoDurationError};
pub use error::{ApiError, DecodeError, DecodeSource, Error, ErrorKind};
pub use operation::Operation;
pub use pagination::{Page, PageLinks, PageRef, PageStream, TokenRef};
pub use raw::{RawObject, UnknownMembers};
pub use redirect::Redirect;
pub use retry::RetryPolicy;
pub use token::AccessToken;

/// A parsed JSON object.
pub type JsonObject = serde_json::Map<String, serde_json::Value>;

/// Any JSON value.
pub type JsonValue = serde_json::Value;

/// A point in time with its UTC offset, sent as an RFC 3339 string.
pub type DateTime = time::OffsetDateTime;

/// The oldest TLS version to accept, for [`ClientBuilder::min_tls_version`].
pub use ory_hydra_v1_transport::TlsVersion;

/// Re-exported so callers can name status codes in error handling without depending on `http`.
pub use http::StatusCode;

/// Items the generated code relies on. Not part of the public API.
#[doc(hidden)]
pub mod __rt {
    pub use crate::call::{Call, ParamValue};
    pub use crate::operation::{Credentials, Paging, ServerVersion};
    pub use crate::pagination::PageStart;
    pub use crate::wire::*;
    pub use http::Method;
}

/// What the fuzz targets in `fuzz/` call: the `Link` header parser the client pages with, and the code
/// that reads an answer. Not part of the public API: it may change or go away in any release.
#[doc(hidden)]
#[path = "fuzz_hooks.rs"]
pub mod __fuzz;

/// Compiles the Rust examples of the README as doctests.
#[cfg(doctest)]
// README.md is a symlink to the top-level README, so the file tested is the one the package ships.
#[doc = include_str!("../README.md")]
pub struct ReadmeDoctests;

mod generated {
    // `spec` is a symlink to the top-level spec/ (see Cargo.toml), so these paths hold in the package too.
    ory_hydra_v1_macros::generate!("spec/models.table", "spec/admin.table", "spec/public.table");
}

pub use generated::*;
