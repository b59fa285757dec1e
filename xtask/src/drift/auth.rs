//! Which API an upstream operation belongs to and which credentials it takes, in the tables' `auth`
//! kinds, read from the document. The v1 documents name the side with a tag (`admin` or `public`;
//! Hydra v1.11's `metadata` endpoints are served by both); the v2 ones tag by subject (`oAuth2`,
//! `jwk`, `oidc`, ...) and put every Admin operation under `/admin/`, so there the path names the side
//! (and `metadata` is still served by both). Its `security` says the credentials of a Public one
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
    // v2 serves every Admin operation under `/admin/`; no v1 path starts with it.
    let admin_path = op.path.starts_with("/admin/");
    // A tag that names neither side nor both (v2's subject tags) leaves the path to decide.
    let subject_tagged = !op.tags.is_empty() && !["admin", "public", "metadata"].iter().any(|t| tagged(t));
    if tagged("admin") || admin_path {
        vec![Kind::Admin]
    } else if tagged("public") || subject_tagged {
        vec![public]
    } else if public == Kind::Public {
        // Untagged, or served by both APIs (`metadata`): either side, without credentials.
        vec![Kind::Admin, Kind::Public]
    } else {
        vec![public]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn op(path: &str, tags: &[&str], security: &[&str]) -> Operation {
        Operation {
            method: "GET".into(),
            path: path.into(),
            operation_id: None,
            tags: tags.iter().map(|t| t.to_string()).collect(),
            params: Vec::new(),
            success: None,
            response_types: Vec::new(),
            failures: Vec::new(),
            produces_text: false,
            security: security.iter().map(|s| s.to_string()).collect(),
        }
    }

    #[test]
    fn v2_documents_name_the_side_by_the_admin_prefix_and_v1_ones_by_tag() {
        // v2: subject tags, the path decides.
        assert_eq!(fitting(&op("/admin/clients", &["oAuth2"], &[])), [Kind::Admin]);
        assert_eq!(fitting(&op("/credentials", &["oidc"], &[])), [Kind::Public]);
        assert_eq!(fitting(&op("/oauth2/token", &["oAuth2"], &["basic", "oauth2"])), [Kind::Client]);
        assert_eq!(fitting(&op("/oauth2/register/{id}", &["oidc"], &["bearer"])), [Kind::Bearer]);
        assert_eq!(fitting(&op("/health/alive", &["metadata"], &[])), [Kind::Admin, Kind::Public]);
        // v1: the tag decides.
        assert_eq!(fitting(&op("/clients", &["admin"], &[])), [Kind::Admin]);
        assert_eq!(fitting(&op("/userinfo", &["public"], &["oauth2"])), [Kind::Bearer]);
        assert_eq!(fitting(&op("/health/alive", &[], &[])), [Kind::Admin, Kind::Public]);
    }
}
