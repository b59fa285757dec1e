//! The suite exercises every operation the tables declare: a new table line fails here until a live test
//! calls its method. Needs no server.

use crate::support::TABLES;

#[test]
fn every_table_operation_is_called_by_a_live_test() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/live");
    let mut sources = String::new();
    for entry in std::fs::read_dir(&dir).expect("tests/live") {
        let path = entry.expect("a directory entry").path();
        if path.extension().is_some_and(|e| e == "rs") && !path.ends_with("coverage.rs") {
            sources.push_str(&std::fs::read_to_string(&path).expect("a live test module"));
        }
    }
    let uncalled: Vec<&str> = TABLES
        .operations
        .iter()
        .map(|op| op.name.as_str())
        .filter(|name| !sources.contains(&format!(".{name}(")) && !sources.contains(&format!(".{name}_stream(")))
        .collect();
    assert!(uncalled.is_empty(), "operations no live test calls: {uncalled:?}");
}
