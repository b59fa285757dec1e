//! The v2 tables (spec/v2/, issue 20), which `ory-hydra-v2-client` compiles: they validate as they are,
//! hold exactly the 50 operations issue 20 names (v2.3.0's 47 plus the device flow's 3), and use the
//! grammar's v2 constructs (token paging, `duration`, `needs`, `always`, `errors`, `on`) where the
//! drafts put them, with no `# TODO(v2grammar)` draft left.

use std::path::PathBuf;

use ory_hydra_v1_codegen::{load, Loaded, Source};

const FILES: [&str; 3] = ["models.table", "admin.table", "public.table"];

/// The snake_case of every v2 operationId: v2.3.0's 47, then the device flow's 3 (since v25.4.0).
const OPERATIONS: [&str; 50] = [
    "discover_json_web_keys",
    "discover_oidc_configuration",
    "list_o_auth2_clients",
    "create_o_auth2_client",
    "delete_o_auth2_client",
    "get_o_auth2_client",
    "patch_o_auth2_client",
    "set_o_auth2_client",
    "set_o_auth2_client_lifespans",
    "delete_json_web_key_set",
    "get_json_web_key_set",
    "create_json_web_key_set",
    "set_json_web_key_set",
    "delete_json_web_key",
    "get_json_web_key",
    "set_json_web_key",
    "get_o_auth2_consent_request",
    "accept_o_auth2_consent_request",
    "reject_o_auth2_consent_request",
    "get_o_auth2_login_request",
    "accept_o_auth2_login_request",
    "reject_o_auth2_login_request",
    "get_o_auth2_logout_request",
    "accept_o_auth2_logout_request",
    "reject_o_auth2_logout_request",
    "revoke_o_auth2_consent_sessions",
    "list_o_auth2_consent_sessions",
    "revoke_o_auth2_login_sessions",
    "introspect_o_auth2_token",
    "delete_o_auth2_token",
    "list_trusted_o_auth2_jwt_grant_issuers",
    "trust_o_auth2_jwt_grant_issuer",
    "delete_trusted_o_auth2_jwt_grant_issuer",
    "get_trusted_o_auth2_jwt_grant_issuer",
    "create_verifiable_credential",
    "is_alive",
    "is_ready",
    "o_auth2_authorize",
    "create_oidc_dynamic_client",
    "delete_oidc_dynamic_client",
    "get_oidc_dynamic_client",
    "set_oidc_dynamic_client",
    "revoke_o_auth2_token",
    "revoke_oidc_session",
    "oauth2_token_exchange",
    "get_oidc_user_info",
    "get_version",
    "o_auth2_device_flow",
    "perform_o_auth2_device_verification_flow",
    "accept_user_code_request",
];

fn read(file: &str) -> String {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../spec/v2").join(file);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// The v2 tables, loaded and checked as the v2 crate's macro loads them.
fn load_v2() -> Loaded {
    let sources: Vec<Source> =
        FILES.iter().map(|f| Source::Inline { name: format!("spec/v2/{f}"), text: read(f) }).collect();
    load(&sources)
}

/// `s` with only its letters and digits, lower-cased: a doc that squashes to its item's name says nothing more.
fn squashed(s: &str) -> String {
    s.chars().filter(char::is_ascii_alphanumeric).collect::<String>().to_ascii_lowercase()
}

/// The tables `ory-hydra-v2-client` compiles validate as they are and hold the 50 operations.
#[test]
fn the_v2_tables_validate_and_hold_the_50_operations() {
    let loaded = load_v2();
    let problems: Vec<String> = loaded
        .diagnostics
        .iter()
        .map(|d| format!("{}:{}: {} | {}", d.loc.file, d.loc.line, d.message, d.loc.text))
        .collect();
    assert!(problems.is_empty(), "{}", problems.join("\n"));
    let mut names: Vec<&str> = loaded.api.operations.iter().map(|o| o.name.as_str()).collect();
    names.sort_unstable();
    let mut expected = OPERATIONS.to_vec();
    expected.sort_unstable();
    assert_eq!(names, expected);
}

/// The table lines (comments left out) that contain `text`.
fn uses(text: &str) -> usize {
    FILES.iter().map(|f| read(f).lines().filter(|l| !l.trim_start().starts_with('#') && l.contains(text)).count()).sum()
}

/// What the v2 grammar work restored from the drafts: the 3 token listings, the 2 `needs` groups, the
/// 26 Go duration fields, 20 of the 25 drafted `always` flags (the 2 on `datetime` members are left
/// out: a datetime has no zero value, so those stay optional; so are the 3 on members that became enums,
/// `subject_type`, `token_endpoint_auth_method` and `userinfo_signed_response_alg`), the 5 string enums
/// of the v1 line with v2's values, the 2 file-level `errors` lines, the 8
/// lines whose document declares `genericError` and the 5 `on` answers. No draft is left as a comment.
#[test]
fn the_constructs_the_grammar_took_are_used_and_no_longer_pending() {
    assert_eq!(uses(", token>"), 3, "page<Model, token> listings");
    assert_eq!(uses("-> () needs "), 2, "needs groups");
    assert_eq!(uses(": duration"), 26, "duration members");
    assert_eq!(uses(" always"), 20, "always flags");
    let enums = ["GrantType", "ResponseType", "SubjectType", "TokenEndpointAuthMethod", "SigningAlgorithm"];
    for name in enums {
        assert_eq!(uses(&format!("enum {name}")), 1, "enum {name}");
        assert_eq!(uses(&format!("{name} always")), 0, "always on the enum {name} (it has no zero value)");
    }
    assert_eq!(uses(": [GrantType] always") + uses(": [ResponseType] always"), 2, "enum arrays keep always");
    assert_eq!(uses("form grant_type: GrantType"), 1, "the token endpoint's grant type");
    assert_eq!(uses("datetime always"), 0, "always on a datetime");
    assert_eq!(
        FILES.iter().filter(|f| read(f).lines().any(|l| l == "errors ErrorOAuth2")).count(),
        2,
        "file-level errors"
    );
    assert_eq!(uses(" errors GenericError"), 8, "lines declaring genericError");
    assert_eq!(uses(" on 410 OAuth2RedirectTo"), 3, "handled login, consent and logout reads");
    assert_eq!(uses(" on 400 VerifiableCredentialPrimingResponse"), 1, "the credential priming answer");
    assert_eq!(uses(" on 503 HealthNotReadyStatus"), 1, "the readiness failure");
    for file in FILES {
        assert!(!read(file).contains("TODO(v2grammar)"), "{file}: a draft is left as a comment");
    }
}

#[test]
fn admin_paths_are_under_admin_and_only_the_device_flow_is_newer() {
    for line in read("admin.table").lines().filter(|l| l.starts_with(|c: char| c.is_ascii_uppercase())) {
        let path = line.split_whitespace().nth(1).unwrap_or_default();
        let unprefixed = ["/health/alive", "/version"].contains(&path);
        assert!(path.starts_with("/admin/") || unprefixed, "{line}");
    }
    let device = ["o_auth2_device_flow", "perform_o_auth2_device_verification_flow", "accept_user_code_request"];
    for file in ["admin.table", "public.table"] {
        for line in read(file).lines().filter(|l| l.starts_with(|c: char| c.is_ascii_uppercase())) {
            let name = line.split_whitespace().nth(2).unwrap_or_default();
            assert_eq!(line.ends_with("since v25.4.0"), device.contains(&name), "{line}");
        }
    }
}

/// Every parameter's documentation says what the value is for, not only its own name again
/// (`@sid Sid.`, `@all All.`): these lines are all a caller sees of a parameter in rustdoc.
#[test]
fn parameter_docs_say_more_than_the_parameter_name() {
    let loaded = load_v2();
    let restated = |name: &str, doc: &str| {
        let words =
            |s: &str| s.to_ascii_lowercase().replace(['_', '.'], " ").split_whitespace().collect::<Vec<_>>().join(" ");
        words(doc) == words(name)
    };
    let bare: Vec<String> = loaded
        .api
        .operations
        .iter()
        .flat_map(|o| o.params.iter().map(move |p| (o, p)))
        .filter(|(_, p)| p.doc.as_deref().is_none_or(|d| restated(&p.name, d)))
        .map(|(o, p)| format!("{} {}: {:?}", o.name, p.name, p.doc))
        .collect();
    assert!(bare.is_empty(), "parameters documented by their name only:\n{}", bare.join("\n"));
}

/// On a line with a path parameter and a bearer credential, the path parameters come first, as in the
/// v1 tables: the resource, then the credential. Both are `&str`, so a call written in the other line's
/// order would compile and send the token as the path.
#[test]
fn path_parameters_come_before_the_bearer_credential() {
    for file in ["admin.table", "public.table"] {
        for line in read(file).lines().filter(|l| l.contains(" auth bearer ") && l.contains(" path ")) {
            let (bearer, path) = (line.find(" auth bearer ").unwrap_or(0), line.find(" path ").unwrap_or(0));
            assert!(path < bearer, "{file}: {line}");
        }
    }
}

/// Every model's documentation says what it is, not its own name split into words again (`O
/// auth2redirect to.` for `OAuth2RedirectTo`): it is the first line of the type's rustdoc.
#[test]
fn model_docs_say_more_than_the_model_name() {
    let loaded = load_v2();
    let bare: Vec<String> = loaded
        .api
        .models
        .iter()
        .filter(|m| squashed(&m.doc.join(" ")) == squashed(&m.name))
        .map(|m| format!("{}: {:?}", m.name, m.doc))
        .collect();
    assert!(bare.is_empty(), "models documented by their name only:\n{}", bare.join("\n"));
}

/// Every field's documentation says more than its own name (`/// Sid.` over `field sid`): it is all
/// rustdoc shows of a member.
#[test]
fn field_docs_say_more_than_the_field_name() {
    let loaded = load_v2();
    let bare: Vec<String> = loaded
        .api
        .models
        .iter()
        .flat_map(|m| m.fields.iter().map(move |f| (m, f)))
        .filter(|(_, f)| squashed(&f.doc.join(" ")) == squashed(&f.json_name))
        .map(|(m, f)| format!("{}.{}: {:?}", m.name, f.json_name, f.doc))
        .collect();
    assert!(bare.is_empty(), "fields documented by their name only:\n{}", bare.join("\n"));
}
