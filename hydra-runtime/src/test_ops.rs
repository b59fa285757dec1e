//! Operation descriptions for the runtime's own unit tests, registered as a line would register its
//! generated ones. The real descriptions come from a line crate's tables; these are fixtures shaped like
//! a few of v1's, so the runtime's tests do not depend on a line crate's generated code.

use http::Method;

use crate::operation::{Answer, Credentials, LineTable, Paging};
use crate::{ClientBuilder, Core, Error, Operation};

/// What v1's tables say of a handled login, consent or logout request: 409 (v1.2) or 410 with where the
/// browser goes next.
const HANDLED: &[Answer] = &[
    Answer { status: 409, model: "CompletedRequest", handled: true },
    Answer { status: 410, model: "CompletedRequest", handled: true },
];

/// An Admin `GET` of `name` with no paging and no markers, to adjust with struct update syntax.
pub(crate) const fn op(name: &'static str) -> Operation {
    Operation {
        name,
        method: Method::GET,
        credentials: Credentials::Admin,
        path: "/things",
        path_params: &[],
        paging: Paging::None,
        errors: None,
        answers: &[],
        retry_safe: true,
        since: None,
        until: None,
    }
}

static GET_O_AUTH2_CLIENT: Operation = Operation {
    name: "get_o_auth2_client",
    method: Method::GET,
    credentials: Credentials::Admin,
    path: "/clients/{id}",
    path_params: &["id"],
    paging: Paging::None,
    errors: None,
    answers: &[],
    retry_safe: true,
    since: None,
    until: None,
};
static OAUTH2_TOKEN: Operation = Operation {
    name: "oauth2_token",
    method: Method::POST,
    credentials: Credentials::Client,
    path: "/oauth2/token",
    path_params: &[],
    paging: Paging::None,
    errors: None,
    answers: &[],
    retry_safe: false,
    since: None,
    until: None,
};
static REJECT_CONSENT_REQUEST: Operation = Operation {
    name: "reject_consent_request",
    method: Method::PUT,
    credentials: Credentials::Admin,
    path: "/oauth2/auth/requests/consent/reject",
    path_params: &[],
    paging: Paging::None,
    errors: None,
    answers: HANDLED,
    retry_safe: true,
    since: None,
    until: None,
};
static CREATE_O_AUTH2_CLIENT: Operation = Operation {
    name: "create_o_auth2_client",
    method: Method::POST,
    credentials: Credentials::Admin,
    path: "/clients",
    path_params: &[],
    paging: Paging::None,
    errors: None,
    answers: &[],
    retry_safe: false,
    since: None,
    until: None,
};

static GET_LOGIN_REQUEST: Operation = Operation {
    name: "get_login_request",
    method: Method::GET,
    credentials: Credentials::Admin,
    path: "/oauth2/auth/requests/login",
    path_params: &[],
    paging: Paging::None,
    errors: None,
    answers: HANDLED,
    retry_safe: true,
    since: None,
    until: None,
};
static ACCEPT_CONSENT_REQUEST: Operation = Operation {
    name: "accept_consent_request",
    method: Method::PUT,
    credentials: Credentials::Admin,
    path: "/oauth2/auth/requests/consent/accept",
    path_params: &[],
    paging: Paging::None,
    errors: None,
    answers: HANDLED,
    retry_safe: true,
    since: None,
    until: None,
};
static REJECT_LOGOUT_REQUEST: Operation = Operation {
    name: "reject_logout_request",
    method: Method::PUT,
    credentials: Credentials::Admin,
    path: "/oauth2/auth/requests/logout/reject",
    path_params: &[],
    paging: Paging::None,
    errors: None,
    answers: HANDLED,
    retry_safe: true,
    since: None,
    until: None,
};

static OPERATIONS: &[&Operation] = &[
    &GET_O_AUTH2_CLIENT,
    &OAUTH2_TOKEN,
    &REJECT_CONSENT_REQUEST,
    &CREATE_O_AUTH2_CLIENT,
    &GET_LOGIN_REQUEST,
    &ACCEPT_CONSENT_REQUEST,
    &REJECT_LOGOUT_REQUEST,
];

/// The secret members of the fixture line.
pub(crate) static SECRET_MEMBERS: &[&str] =
    &["access_token", "client_secret", "d", "id_token", "k", "refresh_token", "registration_access_token"];

/// The secret parameters of the fixture line.
pub(crate) static SECRET_PARAMS: &[&str] = &["code", "code_verifier", "token"];

inventory::submit! {
    LineTable { operations: || OPERATIONS, secret_members: || SECRET_MEMBERS, secret_params: || SECRET_PARAMS }
}

/// The fixture operation named `name`.
pub(crate) fn named(name: &str) -> &'static Operation {
    crate::operation::find_by_name(name).unwrap_or_else(|| panic!("no fixture operation {name}"))
}

impl Core {
    /// What a line's `Client::new` does, for tests.
    pub(crate) fn new(base_url: &str) -> Result<Core, Error> {
        Core::builder(base_url).build()
    }

    /// What a line's `Client::builder` does, for tests.
    pub(crate) fn builder(base_url: impl Into<String>) -> ClientBuilder<Core> {
        ClientBuilder::admin(base_url.into())
    }

    /// What a line's `Client::public_builder` does, for tests.
    pub(crate) fn public_builder(public_url: impl Into<String>) -> ClientBuilder<Core> {
        ClientBuilder::public(public_url.into())
    }
}
