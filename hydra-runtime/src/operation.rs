//! What the tables say about each operation, as data: one [`Operation`] per table line, generated as a
//! `static`. A call starts from its operation's description, an error carries it, and tools and tests
//! enumerate them with a line crate's `Client::operations` instead of keeping lists.

use std::fmt;

use http::{Method, StatusCode};

use crate::client::Side;

/// The facts of one operation, as its table line declares them.
///
/// Every method of a line crate's `Client` has one; its `Client::operations` lists them all and [`Error::operation`](crate::Error::operation) says which one failed. They are
/// `static`, so passing one around costs a pointer.
///
/// ```
/// use ory_hydra_v1_client::Client;
///
/// let op = Client::operation("get_o_auth2_client").unwrap();
/// assert_eq!((op.method.as_str(), op.path), ("GET", "/clients/{id}"));
/// assert_eq!(op.path_params, ["id"]);
/// assert!(op.retry_safe);
/// ```
// Not `#[non_exhaustive]`: the line crates' generated code builds these with struct expressions, which
// that attribute forbids outside this crate.
#[derive(Debug, PartialEq, Eq)]
pub struct Operation {
    /// The operation's name, which is also its method's name on `Client`.
    pub name: &'static str,
    /// The HTTP method of its request.
    pub method: Method,
    /// Which of Hydra's APIs it belongs to and which credentials its request carries.
    pub credentials: Credentials,
    /// The path template as the table writes it, such as `/keys/{set}/{kid}`.
    pub path: &'static str,
    /// The names of the path template's `{parameters}`, in path order.
    pub path_params: &'static [&'static str],
    /// How a listing is paged, or [`Paging::None`] for an operation that is not one.
    pub paging: Paging,
    /// The model of its error bodies as its table names it (`errors <Model>`), or `None` for Hydra's
    /// usual error shape. Whatever it names, [`ApiError`](crate::ApiError) reads the body the same way
    /// and keeps it; decode it as that model with [`Error::body_as`](crate::Error::body_as).
    pub errors: Option<&'static str>,
    /// The non-2xx statuses whose body has a model of its own (its table's `on <status> <Model>`
    /// clauses), such as a handled request's redirect.
    pub answers: &'static [Answer],
    /// Whether sending the request again, after it may have reached the server, does no harm: a retry
    /// policy resends it only then (and always when the connection could not be opened).
    pub retry_safe: bool,
    /// The first Hydra release that serves it, when not every v1 release does.
    pub since: Option<ServerVersion>,
    /// The first Hydra release that no longer serves it, when one does not.
    pub until: Option<ServerVersion>,
}

impl Operation {
    /// The API the request goes to.
    pub fn side(&self) -> Side {
        match self.credentials {
            Credentials::Admin => Side::Admin,
            _ => Side::Public,
        }
    }

    /// Whether an error answer with `status` means the request the operation acted on was already
    /// handled.
    pub fn answers_already_handled(&self, status: StatusCode) -> bool {
        self.answers.iter().any(|a| a.handled && a.status == status.as_u16())
    }

    /// The model its table names for a non-2xx answer with `status`: the `on` clause's model for that
    /// status, else the error model.
    pub fn answer_model(&self, status: StatusCode) -> Option<&'static str> {
        self.answers.iter().find(|a| a.status == status.as_u16()).map(|a| a.model).or(self.errors)
    }

    /// Whether a server of release `version` serves this operation, as the table's markers say.
    pub fn available_in(&self, version: ServerVersion) -> bool {
        self.since.is_none_or(|s| s <= version) && self.until.is_none_or(|u| version < u)
    }
}

impl fmt::Display for Operation {
    /// The operation's name.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name)
    }
}

/// A non-2xx status for which an operation's table line names the body's model
/// (`on <status> <Model>`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Answer {
    /// The HTTP status code (a number, so the tables' generated descriptions stay `static`).
    pub status: u16,
    /// The name of the body's model, a type of the line crate.
    pub model: &'static str,
    /// Whether the status means that the login, consent or logout request the operation acts on was
    /// handled already (the model carries the `redirect_to` where the browser goes next), which is what
    /// [`Error::is_already_handled`](crate::Error::is_already_handled) reports.
    pub handled: bool,
}

/// Which API an operation belongs to and which credentials its request carries (its table's `auth`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum Credentials {
    /// The Admin API, with the credentials and headers configured on the client.
    Admin,
    /// The Public API, without credentials.
    None,
    /// The Public API, with OAuth 2.0 client credentials given to the call.
    Client,
    /// The Public API, with a bearer token given to the call as the named argument.
    Bearer {
        /// The name of the method argument that carries the token.
        argument: &'static str,
    },
}

/// How a listing asks for its pages; the rules that page through one live in the client's paging module.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum Paging {
    /// Not a listing.
    None,
    /// `limit`/`offset` query parameters, `Link` headers naming the other pages and an optional
    /// `X-Total-Count` (Hydra v1).
    Offset,
    /// `page_size`/`page_token` query parameters, the opaque token of the next page named by a `Link`
    /// header's `next` target, and an `X-Total-Count` that is only a hint (Hydra v2).
    Token,
}

/// A Hydra release, as a table's `since`/`until` markers name it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct ServerVersion {
    /// The major number.
    pub major: u32,
    /// The minor number.
    pub minor: u32,
    /// The patch number.
    pub patch: u32,
}

impl ServerVersion {
    /// `v<major>.<minor>.<patch>`.
    pub const fn new(major: u32, minor: u32, patch: u32) -> Self {
        ServerVersion { major, minor, patch }
    }
}

impl fmt::Display for ServerVersion {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "v{}.{}.{}", self.major, self.minor, self.patch)
    }
}

/// What `Client::follow` is, for its errors: not a table line, a browser step
/// to a URL Hydra handed out. Like `oauth_auth`, such a step may consume a verifier, so it is not sent
/// twice.
pub(crate) static FOLLOW: Operation = Operation {
    name: "follow",
    method: Method::GET,
    credentials: Credentials::None,
    path: "",
    path_params: &[],
    paging: Paging::None,
    errors: None,
    answers: &[],
    retry_safe: false,
    since: None,
    until: None,
};

/// One line crate's generated lists, registered with `inventory` by its `Client` declaration
/// ([`client_type!`](crate::client_type)): an error built from an operation's name alone
/// ([`Error::from_response`](crate::Error::from_response)) finds its description here, and error bodies
/// are redacted by the secret members of every line compiled in.
#[doc(hidden)]
pub struct LineTable {
    /// The line's `__OPERATIONS`.
    pub operations: fn() -> &'static [&'static Operation],
    /// The line's `__SECRET_MEMBERS`.
    pub secret_members: fn() -> &'static [&'static str],
    /// The line's `__SECRET_PARAMS`.
    pub secret_params: fn() -> &'static [&'static str],
}

inventory::collect!(LineTable);

fn lines() -> impl Iterator<Item = &'static LineTable> {
    inventory::iter::<LineTable>.into_iter()
}

/// The description of the operation named `name` in the tables of the lines compiled in, if one declares
/// it. With both lines in one build, a name they share resolves to either line's description.
pub(crate) fn find_by_name(name: &str) -> Option<&'static Operation> {
    lines().flat_map(|t| (t.operations)().iter().copied()).find(|o| o.name == name)
}

/// Whether a line compiled in flags JSON member `name` as secret in its tables.
pub(crate) fn is_secret_member(name: &str) -> bool {
    lines().any(|t| (t.secret_members)().contains(&name))
}

/// Whether a line compiled in flags query or form parameter `name` as secret in its tables, or the
/// runtime sends it as a client credential of its own (`private_key_jwt`'s assertion).
pub(crate) fn is_secret_param(name: &str) -> bool {
    name == crate::call::CLIENT_ASSERTION_FIELD || lines().any(|t| (t.secret_params)().contains(&name))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn availability_follows_the_markers() {
        let v = ServerVersion::new;
        let mut patch = crate::test_ops::op("patch_o_auth2_client");
        patch.since = Some(v(1, 10, 2));
        assert!(!patch.available_in(v(1, 10, 1)) && patch.available_in(v(1, 10, 2)) && patch.available_in(v(1, 11, 0)));
        let mut gone = crate::test_ops::op("x");
        gone.until = Some(v(2, 0, 0));
        assert!(gone.available_in(v(1, 0, 0)) && !gone.available_in(v(2, 0, 0)));
    }
}
