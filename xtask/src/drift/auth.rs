//! Which API an upstream operation belongs to and which credentials it takes, in the tables' `auth`
//! kinds, read from the document: its tag names the side (`admin` or `public`; Hydra v1.11's
//! `metadata` endpoints are served by both), and its `security` the credentials of a Public one
//! (`basic`: the client's id and secret, `auth client`; `oauth2` or `bearer` alone: a token, `auth
//! bearer`; none: `auth public`). The Admin API's credentials are whatever the client is configured
//! with, so an Admin operation is `auth admin` whatever its `security` says.

use ory_hydra_v1_codegen::ir::Auth;

use crate::openapi::Operation;

/// An `auth` kind without the bearer argument's name (which the document does not give).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// `auth admin`.
    Admin,
    /// `auth public`.
    Public,
    /// `auth client`.
    Client,
    /// `auth bearer <argument>`.
    Bearer,
}

impl Kind {
    /// The table keyword.
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Admin => "admin",
            Kind::Public => "public",
            Kind::Client => "client",
            Kind::Bearer => "bearer",
        }
    }

    /// The table's `auth` item of this kind; a bearer token argument is called `bearer_arg`.
    pub fn to_auth(self, bearer_arg: &str) -> Auth {
        match self {
            Kind::Admin => Auth::Admin,
            Kind::Public => Auth::Public,
            Kind::Client => Auth::Client,
            Kind::Bearer => Auth::Bearer(bearer_arg.to_string()),
        }
    }
}

/// The kind of a table operation's `auth`.
pub fn kind(auth: &Auth) -> Kind {
    match auth {
        Auth::Admin => Kind::Admin,
        Auth::Public => Kind::Public,
        Auth::Client => Kind::Client,
        Auth::Bearer(_) => Kind::Bearer,
    }
}

/// The `auth` kinds that agree with the document, the one to suggest first.
pub fn fitting(op: &Operation) -> Vec<Kind> {
    let tagged = |tag: &str| op.tags.iter().any(|t| t.eq_ignore_ascii_case(tag));
    let has = |kind: &str| op.security.iter().any(|k| k == kind);
    let public = if has("basic") {
        Kind::Client
    } else if has("oauth2") || has("bearer") {
        Kind::Bearer
    } else {
        Kind::Public
    };
    if tagged("admin") {
        vec![Kind::Admin]
    } else if tagged("public") {
        vec![public]
    } else if public == Kind::Public {
        // Untagged, or served by both APIs (`metadata`): either side, without credentials.
        vec![Kind::Admin, Kind::Public]
    } else {
        vec![public]
    }
}
