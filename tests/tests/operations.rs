//! The operation descriptions: one per table line, read by calls, errors and retries, and enumerable so
//! tests and tools need no lists of their own.

mod common;

use std::collections::HashSet;

use httpmock::prelude::*;
use ory_hydra_v1_client::operation::{Credentials, Paging};
use ory_hydra_v1_client::{Client, Side, StatusCode};

/// The endpoint lines of the tables, as (method, path, name), read from the table files themselves.
fn table_lines() -> Vec<(String, String, String)> {
    let spec = concat!(env!("CARGO_MANIFEST_DIR"), "/../spec");
    let mut lines = Vec::new();
    for file in ["admin.table", "public.table"] {
        let text = std::fs::read_to_string(format!("{spec}/{file}")).unwrap();
        for line in text.lines() {
            let words: Vec<&str> = line.split_whitespace().collect();
            if let [method @ ("GET" | "POST" | "PUT" | "PATCH" | "DELETE"), path, name, ..] = words.as_slice() {
                lines.push((method.to_string(), path.to_string(), name.to_string()));
            }
        }
    }
    lines
}

#[test]
fn every_table_line_has_exactly_one_description_in_table_order() {
    let described: Vec<(String, String, String)> =
        Client::operations().iter().map(|o| (o.method.to_string(), o.path.to_string(), o.name.to_string())).collect();
    assert_eq!(described, table_lines());
    let names: HashSet<&str> = Client::operations().iter().map(|o| o.name).collect();
    assert_eq!(names.len(), Client::operations().len(), "names are unique");
    for op in Client::operations() {
        assert!(std::ptr::eq(Client::operation(op.name).unwrap(), *op), "{op}");
        let placeholders: Vec<&str> =
            op.path.split('/').filter_map(|s| s.strip_prefix('{')?.strip_suffix('}')).collect();
        assert_eq!(op.path_params, placeholders.as_slice(), "{op}");
        assert_eq!(op.side() == Side::Admin, op.credentials == Credentials::Admin, "{op}");
    }
    assert!(Client::operation("no_such_operation").is_none());
}

#[test]
fn descriptions_hold_the_facts_the_tables_declare() {
    let op = |name| Client::operation(name).unwrap();
    assert_eq!(op("userinfo").credentials, Credentials::Bearer { argument: "access_token" });
    assert_eq!(op("oauth2_token").credentials, Credentials::Client);
    assert_eq!(op("well_known").credentials, Credentials::None);
    assert_eq!(op("list_o_auth2_clients").paging, Paging::Offset);
    assert_eq!(op("get_o_auth2_client").paging, Paging::None);
    let listings: Vec<&str> =
        Client::operations().iter().filter(|o| o.paging != Paging::None).map(|o| o.name).collect();
    assert_eq!(listings, ["list_o_auth2_clients", "list_subject_consent_sessions", "list_trusted_jwt_grant_issuers"]);
    let handled: Vec<u16> = op("accept_login_request").answers.iter().filter(|a| a.handled).map(|a| a.status).collect();
    assert_eq!(handled, [409, 410]);
    assert!(op("create_o_auth2_client").answers.is_empty());
    assert_eq!(op("create_o_auth2_client").errors, Some("GenericError"));
    assert_eq!(op("get_login_request").answer_model(StatusCode::GONE), Some("CompletedRequest"));
    assert_eq!(op("get_login_request").answer_model(StatusCode::NOT_FOUND), Some("GenericError"));
    assert_eq!(op("patch_o_auth2_client").since.map(|v| v.to_string()).as_deref(), Some("v1.10.2"));
}

/// Retry safety is the table's: reads, replacements and deletions may be sent again; creations and the
/// one-shot completions (`once` in the table) may not, whatever their method.
#[test]
fn retry_safety_is_a_fact_of_the_operation_not_of_its_method() {
    let safe = |name| Client::operation(name).unwrap().retry_safe;
    for name in ["get_o_auth2_client", "update_o_auth2_client", "delete_o_auth2_client", "get_login_request"] {
        assert!(safe(name), "{name}");
    }
    for name in [
        "create_o_auth2_client",
        "patch_o_auth2_client",
        "oauth2_token",
        "accept_login_request",
        "reject_login_request",
        "accept_consent_request",
        "reject_consent_request",
        "accept_logout_request",
        "reject_logout_request",
        "oauth_auth",
        "disconnect_user",
    ] {
        assert!(!safe(name), "{name}");
    }
}

#[tokio::test]
async fn an_error_carries_the_description_of_its_operation() {
    let server = MockServer::start_async().await;
    server
        .mock_async(|when, then| {
            when.any_request();
            then.status(410).json_body(serde_json::json!({"redirect_to": "https://app.example/done"}));
        })
        .await;
    let c = common::client(&server);
    let err = c.accept_login_request("lc", &ory_hydra_v1_client::AcceptLoginRequest::new("user")).await.unwrap_err();
    let op = err.operation().expect("the error names its operation");
    assert!(std::ptr::eq(op, Client::operation("accept_login_request").unwrap()));
    assert_eq!(err.operation_name(), Some("accept_login_request"));
    assert!(err.is_already_handled());
    let err = c.get_o_auth2_client("x").await.unwrap_err();
    assert_eq!(err.operation().map(|o| o.name), Some("get_o_auth2_client"));
    assert!(!err.is_already_handled(), "a 410 of an operation on no login request is not that");
}

/// Refused before sending, for want of the side's URL: the error still names its operation.
#[tokio::test]
async fn a_call_on_a_side_without_a_url_carries_its_operation() {
    let public_only = Client::public_builder("http://127.0.0.1:9").build().unwrap();
    let err = public_only.get_o_auth2_client("x").await.unwrap_err();
    assert!(err.is_invalid_input(), "{err:?}");
    assert!(std::ptr::eq(err.operation().unwrap(), Client::operation("get_o_auth2_client").unwrap()));
    assert_eq!(
        err.to_string(),
        "get_o_auth2_client: invalid input: this client has no Admin base URL for this Admin API operation (set one \
         with Client::builder(admin_url))"
    );
}
