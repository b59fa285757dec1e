//! The hand-written part of the generated ORY Hydra clients, shared by every server line.
//!
//! A line crate (`ory-hydra-v1-client`, `ory-hydra-v2-client`) declares its `Client` over [`Core`] with
//! [`client_type!`], generates its operations and models from its endpoint tables, and re-exports the
//! items of this crate at its root. Users depend on a line crate; this crate holds what is not a table
//! fact: requests and retries, [raw requests](Core::request), the transports and the tower seam
//! ([`service`]), [`Error`], paging streams, [`Redirect`] and [`Cookies`], credentials, [`RawObject`]
//! and the [`Operation`] descriptions.

#![warn(missing_docs)]
#![cfg_attr(docsrs, feature(doc_cfg))]

mod answer;
mod call;
mod client;
mod client_type;
mod cookies;
mod credentials;
mod decode;
mod duration;
mod error;
mod json_path;
mod members;
pub mod operation;
mod pagination;
mod raw;
mod raw_request;
mod redirect;
mod retry;
#[cfg(test)]
mod test_ops;
mod token;
mod trace;
mod wire;

pub use client::{ClientBuilder, Core, Side};
pub use cookies::Cookies;
pub use credentials::{AssertionClaims, ClientAuthMethod, ClientCredentials};
pub use duration::{GoDuration, GoDurationError};
pub use error::{ApiError, DecodeError, DecodeSource, Error, ErrorKind};
pub use operation::Operation;
pub use pagination::{Page, PageLinks, PageRef, PageStart, PageStream, TokenRef};
pub use raw::{RawObject, UnknownMembers};
pub use raw_request::{RawRequest, RawResponse};
pub use redirect::Redirect;
pub use retry::RetryPolicy;
pub use token::AccessToken;

// The models this runtime reads out of error and redirect answers, generated from their table like every
// other model; the line crates re-export them.
#[allow(dead_code)] // the list of operations and secret members of a table set without operations
mod generated {
    // `spec` is a symlink to the top-level spec/ (see Cargo.toml), so this path holds in the package too.
    ory_hydra_v1_macros::generate!("spec/runtime.table");
}

pub use generated::{CompletedRequest, GenericError};

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

/// The HTTP method of a [raw request](Core::request), re-exported from `http`.
pub use http::Method;

/// The tower seam: the types a service given to [`ClientBuilder::service`] or a layer given to
/// [`ClientBuilder::layer`] works with.
pub mod service {
    /// The body trait an answer's body implements (`http_body::Body`).
    pub use ory_hydra_v1_transport::http_body::Body as HttpBody;
    pub use ory_hydra_v1_transport::{Body, BuiltinService, HttpService, ResponseBody};
}

/// Items the generated code and [`client_type!`] rely on. Not part of the public API.
#[doc(hidden)]
pub mod __rt {
    pub use crate::call::{Call, ParamValue};
    pub use crate::members::{fill, keep, need, need_time, opt, opt_time, skip, zero};
    pub use crate::operation::{Answer, Credentials, LineTable, Paging, ServerVersion};
    pub use crate::pagination::PageStart;
    pub use crate::str_enum_impls;
    pub use crate::wire::*;
    pub use http::Method;
    pub use inventory;
}

/// What the fuzz targets in `fuzz/` call: the `Link` header parser the client pages with, and the code
/// that reads an answer. Not part of the public API: it may change or go away in any release.
#[doc(hidden)]
#[path = "fuzz_hooks.rs"]
pub mod __fuzz;
