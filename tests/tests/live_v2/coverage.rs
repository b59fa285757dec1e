//! The v2 suite calls every operation the v2 tables declare through `ory-hydra-v2-client`, except the
//! device flow's (`since v25.4.0`: v2.3.0 does not serve them). A new table line fails here until a
//! live test calls its method. Needs no server.

use ory_hydra_v1_codegen::ir::Operation;

/// Every operation no module of tests/live_v2 calls as `.<name>(` or `.<name>_stream(`.
fn uncalled<'a>(operations: &'a [Operation], sources: &str) -> Vec<&'a str> {
    operations
        .iter()
        .filter(|op| op.availability.since.is_none())
        .map(|op| op.name.as_str())
        .filter(|name| !sources.contains(&format!(".{name}(")) && !sources.contains(&format!(".{name}_stream(")))
        .collect()
}

#[test]
fn every_v2_table_operation_is_called_by_a_live_test() {
    let api = crate::strict::load_tables("../hydra-client-v2");
    let newer: Vec<&str> =
        api.operations.iter().filter(|op| op.availability.since.is_some()).map(|op| op.name.as_str()).collect();
    // Only the device flow is newer than v2.3.0; anything else with a marker would slip past this test.
    let mut device = newer.clone();
    device.sort_unstable();
    assert_eq!(device, ["accept_user_code_request", "o_auth2_device_flow", "perform_o_auth2_device_verification_flow"]);

    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/live_v2");
    let mut sources = String::new();
    for entry in std::fs::read_dir(&dir).expect("tests/live_v2") {
        let path = entry.expect("a directory entry").path();
        if path.extension().is_some_and(|e| e == "rs") && !path.ends_with("coverage.rs") {
            sources.push_str(&std::fs::read_to_string(&path).expect("a live test module"));
        }
    }
    let missing = uncalled(&api.operations, &sources);
    assert!(missing.is_empty(), "v2 operations no live test calls through the typed client: {missing:?}");
}
