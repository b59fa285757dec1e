//! The v2 tables (spec/v2/, issue 20), which `ory-hydra-v2-client` compiles. The grammar takes token
//! paging, `duration`, `needs` and `always`, and the tables use them; the two extensions it does not take
//! yet (`errors <Model>` and `on <status> <Model>`, spec/v2/README.md) stay as
//! `# TODO(v2grammar): <drafted line>` comments above the line without them. This checks that (1) the
//! tables validate as they are and hold exactly the 50 operations issue 20 names (v2.3.0's 47 plus the
//! device flow's 3), (2) each comment's next line is its downgrade, (3) with the drafted lines restored,
//! every problem is one of the two pending extensions (a tripwire for when the grammar takes them), and
//! (4) the constructs the grammar took are used where the drafts put them.

use std::path::PathBuf;

use ory_hydra_v1_codegen::{load, Source};

const FILES: [&str; 3] = ["models.table", "admin.table", "public.table"];

/// Text that marks a line as using an extension the grammar does not take yet (spec/v2/README.md,
/// "Grammar extensions").
const EXTENSIONS: [&str; 2] = [" on ", "errors "];

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

/// One line with the pending constructs dropped: the `on <status> <Model>` and `errors <Model>`
/// annotations, and the file-level `errors <Model>` line.
fn downgrade(line: &str) -> Option<String> {
    if line.trim_start().starts_with("errors ") {
        return None;
    }
    if line.trim_start().starts_with("///") || line.trim_start().starts_with('#') {
        return Some(line.to_string());
    }
    let mut out = Vec::new();
    let mut words = line.split(' ').peekable();
    while let Some(w) = words.next() {
        match w {
            "on" => {
                words.next();
                words.next();
            }
            "errors" => {
                words.next();
            }
            _ => out.push(w),
        }
    }
    Some(out.join(" "))
}

/// What marks a line the grammar cannot say yet: the drafted line follows the marker, and the line under
/// it is its downgrade (`downgrade`), which `ory-hydra-v2-client` compiles today.
const TODO: &str = "# TODO(v2grammar): ";

/// The tables with every drafted line restored in place of its downgrade.
fn restored(file: &str) -> String {
    let text = read(file);
    let mut out: Vec<String> = Vec::new();
    let mut lines = text.lines().peekable();
    while let Some(line) = lines.next() {
        let Some(draft) = line.trim_start().strip_prefix(TODO) else {
            out.push(line.to_string());
            continue;
        };
        let indent = &line[..line.len() - line.trim_start().len()];
        // A file-level `errors` line has no downgrade under it.
        if downgrade(draft).is_some() {
            lines.next();
        }
        out.push(format!("{indent}{draft}"));
    }
    out.join("\n")
}

#[test]
fn every_todo_line_is_followed_by_its_downgrade() {
    let mut todos = 0;
    for file in FILES {
        let text = read(file);
        let lines: Vec<&str> = text.lines().collect();
        for (i, line) in lines.iter().enumerate() {
            let Some(draft) = line.trim_start().strip_prefix(TODO) else { continue };
            todos += 1;
            assert!(EXTENSIONS.iter().any(|e| draft.contains(e)), "{file}:{}: no extension in `{draft}`", i + 1);
            if let Some(down) = downgrade(draft) {
                assert_eq!(lines.get(i + 1).map(|l| l.trim()), Some(down.trim()), "{file}:{}", i + 1);
            }
        }
    }
    assert!(todos > 0, "no drafted line is left: drop the TODO machinery from this test");
}

#[test]
fn every_problem_in_the_restored_tables_is_a_proposed_extension() {
    let sources: Vec<Source> =
        FILES.iter().map(|f| Source::Inline { name: format!("spec/v2/{f}"), text: restored(f) }).collect();
    let diagnostics = load(&sources).diagnostics;
    for d in &diagnostics {
        eprintln!("{}:{}:{}: {}", d.loc.file, d.loc.line, d.loc.col, d.message);
    }
    let unexplained: Vec<String> = diagnostics
        .iter()
        .filter(|d| !EXTENSIONS.iter().any(|e| d.loc.text.contains(e)))
        .map(|d| format!("{}:{}: {} | {}", d.loc.file, d.loc.line, d.message, d.loc.text.trim()))
        .collect();
    assert!(unexplained.is_empty(), "problems outside the proposed extensions:\n{}", unexplained.join("\n"));
    assert!(!diagnostics.is_empty(), "the grammar now takes every extension: restore the TODO(v2grammar) lines");
}

/// The tables `ory-hydra-v2-client` compiles validate as they are and hold the 50 operations.
#[test]
fn the_v2_tables_validate_and_hold_the_50_operations() {
    let sources: Vec<Source> =
        FILES.iter().map(|f| Source::Inline { name: format!("spec/v2/{f}"), text: read(f) }).collect();
    let loaded = load(&sources);
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
/// 26 Go duration fields and 23 of the 25 drafted `always` flags (the 2 on `datetime` members are left
/// out: a datetime has no zero value, so those stay optional). None is left as a TODO comment.
#[test]
fn the_constructs_the_grammar_took_are_used_and_no_longer_pending() {
    assert_eq!(uses(", token>"), 3, "page<Model, token> listings");
    assert_eq!(uses("-> () needs "), 2, "needs groups");
    assert_eq!(uses(": duration"), 26, "duration members");
    assert_eq!(uses(" always"), 23, "always flags");
    assert_eq!(uses("datetime always"), 0, "always on a datetime");
    for file in FILES {
        for line in read(file).lines().filter(|l| l.trim_start().starts_with(TODO)) {
            for taken in ["token_page<", ": duration", " needs ", " always"] {
                assert!(!line.contains(taken), "{file}: a TODO still drafts `{taken}`: {line}");
            }
        }
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
