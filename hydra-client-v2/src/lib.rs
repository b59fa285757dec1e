//! A typed async client for the [ORY Hydra](https://www.ory.sh/hydra/) v2 Admin and Public APIs.
//!
//! Every operation is a method on [`Client`], generated at compile time from the v2 endpoint tables in
//! the repository's `spec/v2/` directory. Everything hand-written (requests, retries, [`Error`],
//! [`Redirect`] and [`Cookies`], credentials) is `ory-hydra-runtime`, shared with `ory-hydra-v1-client`;
//! a v2 build compiles none of v1's operations or models.
//!
//! ```no_run
//! # async fn demo() -> Result<(), ory_hydra_v2_client::Error> {
//! use futures::TryStreamExt;
//! use ory_hydra_v2_client::{Client, ListOAuth2ClientsParams, OAuth2Client};
//!
//! let hydra = Client::builder("http://127.0.0.1:4445").public_url("http://127.0.0.1:4444").build()?;
//! let created = hydra.create_o_auth2_client(&OAuth2Client::new().with_client_name("billing")).await?;
//! // Every client, 100 per request, following the page tokens of the `Link` headers.
//! let all: Vec<OAuth2Client> =
//!     hydra.list_o_auth2_clients_stream(ListOAuth2ClientsParams::default().page_size(100)).try_collect().await?;
//! println!("{} clients", all.len());
//! hydra.delete_o_auth2_client(&created.client_id).await?;
//! # Ok(()) }
//! ```
//!
//! Listings page by Hydra v2's opaque page tokens (`<op>_stream` for every item, `<op>` for one
//! [`Page`]; `<op>_as::<T>` and `<op>_stream_as::<T>` decode each item into your own serde type, such as
//! a struct of the two members a report needs, and skip the rest); token lifespans are [`GoDuration`]s. Error bodies are kept as sent ([`ApiError::body`]) and
//! decode as the model each operation's docs name with [`Error::body_as`]: [`ErrorOAuth2`] as a rule,
//! [`OAuth2RedirectTo`] for a handled logout (see [`Error::is_already_handled`]),
//! [`VerifiableCredentialPrimingResponse`] for the 400 that primes a credential proof.
//!
//! Login and consent challenges are stateless on v2: a request that was handled already reads and
//! accepts again with 200, so [`Error::is_already_handled`] is never true for them; only a logout
//! request, which the server stores, answers 410 once its verifier was used.

#![warn(missing_docs)]
#![cfg_attr(docsrs, feature(doc_cfg))]

// The runtime's `GenericError` (what `ApiError::error` holds) is not re-exported: the v2 tables declare
// a `GenericError` model of their own.
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
    /// A client for Hydra v2's Admin and Public APIs. Cheap to clone: clones share connection pools and
    /// configuration.
    ///
    /// Build one with [`Client::builder`] (the Admin URL, for example `http://127.0.0.1:4445`; the v2
    /// Admin operations live under its `/admin` path) and add the Public URL with the builder's
    /// `public_url`, or start from [`Client::public_builder`]. Admin credentials and headers go to Admin
    /// calls only; Public operations take their credentials as arguments. The settings, views and
    /// browser steps shared with v1 are [`Core`](ory_hydra_runtime::Core)'s, reached through `Deref`.
    pub struct Client;
    krate = "ory_hydra_v2_client";
    operations = generated::__OPERATIONS;
    secret_members = generated::__SECRET_MEMBERS;
    secret_params = generated::__SECRET_PARAMS;
}

/// Items the generated code relies on. Not part of the public API.
#[doc(hidden)]
pub use ory_hydra_runtime::__rt;

// Several v2 operations take many required arguments as the draft tables stand (issue 20: to revisit
// with the v2 grammar, which may move them into params structs).
#[allow(clippy::too_many_arguments)]
mod generated {
    // `spec` is a symlink to the top-level spec/ (see Cargo.toml), so these paths hold in the package too.
    ory_hydra_v1_macros::generate!("spec/v2/models.table", "spec/v2/admin.table", "spec/v2/public.table");
}

pub use generated::*;
