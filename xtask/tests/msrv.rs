//! `cargo xtask msrv` on small made-up graphs: what counts towards the published crates' rust-version and
//! what does not.

use serde_json::{json, Value};
use xtask::msrv::{check, RustVersion};

/// A `cargo metadata` document: `packages` as (name, rust-version, publishable), `edges` as
/// (from, to, kind) with kind `None` for a normal dependency.
fn metadata(packages: &[(&str, Option<&str>, bool)], edges: &[(&str, &str, Option<&str>)]) -> Value {
    let id = |name: &str| format!("{name} 1.0.0");
    let list: Vec<Value> = packages
        .iter()
        .map(|(name, rv, publishable)| {
            json!({
                "id": id(name), "name": name, "version": "1.0.0", "rust_version": rv,
                "publish": if *publishable { Value::Null } else { json!([]) },
            })
        })
        .collect();
    let members: Vec<String> = packages.iter().filter(|p| p.0.starts_with("ours")).map(|p| id(p.0)).collect();
    let nodes: Vec<Value> = packages
        .iter()
        .map(|(name, ..)| {
            let deps: Vec<Value> = edges
                .iter()
                .filter(|e| e.0 == *name)
                .map(|(_, to, kind)| json!({ "pkg": id(to), "dep_kinds": [{ "kind": kind }] }))
                .collect();
            json!({ "id": id(name), "deps": deps })
        })
        .collect();
    json!({ "packages": list, "workspace_members": members, "resolve": { "nodes": nodes } })
}

#[test]
fn a_normal_dependency_newer_than_ours_fails() {
    let m = metadata(
        &[("ours", Some("1.85"), true), ("mid", Some("1.70"), false), ("time", Some("1.88"), false)],
        &[("ours", "mid", None), ("mid", "time", None)],
    );
    let report = check(&m).unwrap();
    assert_eq!(report.needed, Some(RustVersion(1, 88, 0)));
    assert_eq!(report.tightest, ["time 1.0.0"]);
    assert_eq!(report.problems, ["ours declares rust-version 1.85.0, but its dependency time 1.0.0 needs 1.88.0"]);
}

#[test]
fn a_build_dependency_counts_too() {
    let m = metadata(&[("ours", Some("1.85"), true), ("cc", Some("1.90"), false)], &[("ours", "cc", Some("build"))]);
    assert_eq!(check(&m).unwrap().problems.len(), 1);
}

#[test]
fn dev_dependencies_and_unpublished_members_do_not_count() {
    let m = metadata(
        &[
            ("ours", Some("1.88"), true),
            ("ours-tests", Some("1.88"), false),
            ("serde", Some("1.61"), false),
            ("trybuild", Some("1.95"), false),
            ("clap", Some("1.95"), false),
        ],
        &[("ours", "serde", None), ("ours", "trybuild", Some("dev")), ("ours-tests", "clap", None)],
    );
    let report = check(&m).unwrap();
    assert!(report.problems.is_empty(), "{:?}", report.problems);
    assert_eq!(report.needed, Some(RustVersion(1, 61, 0)));
    assert_eq!(report.ours.keys().collect::<Vec<_>>(), ["ours"]);
}

#[test]
fn published_crates_must_declare_one_version() {
    let m = metadata(&[("ours", Some("1.88"), true), ("ours-macros", None, true)], &[("ours", "ours-macros", None)]);
    assert_eq!(check(&m).unwrap().problems, ["ours-macros declares no rust-version"]);
    let m = metadata(
        &[("ours", Some("1.88"), true), ("ours-macros", Some("1.85"), true)],
        &[("ours", "ours-macros", None)],
    );
    assert_eq!(check(&m).unwrap().problems.len(), 1);
}

#[test]
fn versions_compare_numerically() {
    assert!(RustVersion::parse("1.100").unwrap() > RustVersion::parse("1.88.1").unwrap());
    assert_eq!(RustVersion::parse("1.88").unwrap(), RustVersion::parse("1.88.0").unwrap());
    assert_eq!(RustVersion::parse("1.90.0-nightly").unwrap(), RustVersion(1, 90, 0));
    assert!(RustVersion::parse("one").is_err());
}

/// The real workspace: what CI runs, on the locked graph.
#[test]
fn the_workspace_rust_version_is_honest() {
    let out = std::process::Command::new(std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into()))
        .args(["metadata", "--format-version", "1", "--all-features", "--locked"])
        .current_dir(xtask::workspace_root())
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let report = check(&serde_json::from_slice(&out.stdout).unwrap()).unwrap();
    assert!(report.problems.is_empty(), "{}", report.problems.join("\n"));
    assert_eq!(report.ours.len(), 6, "{:?}", report.ours);
}
