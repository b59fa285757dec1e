//! `cargo test --workspace` fails when `spec/expanded/` no longer matches the tables, exactly as
//! `cargo xtask codegen --check` does.

#[test]
fn expanded_snapshots_are_up_to_date() {
    let report = xtask::codegen::check(&xtask::workspace_root()).unwrap_or_else(|e| panic!("{e:#}"));
    assert!(
        report.is_fresh(),
        "spec/expanded is out of date; run `cargo xtask codegen` and commit the result.\n\n{}",
        report.render()
    );
}

#[test]
fn table_list_matches_the_macro_invocation() {
    let lib = xtask::workspace_root().join(xtask::MACRO_CRATE_DIR).join("src/lib.rs");
    let source = std::fs::read_to_string(&lib).unwrap();
    let args: Vec<String> = xtask::TABLES
        .iter()
        .enumerate()
        .map(|(i, t)| if i < xtask::RUNTIME_TABLES { format!("declared {t:?}") } else { format!("{t:?}") })
        .collect();
    let invocation = format!("ory_hydra_v1_macros::generate!({});", args.join(", "));
    assert!(
        source.contains(&invocation),
        "{} no longer contains `{invocation}`; update xtask::TABLES to match the macro's table list",
        lib.display()
    );
}

/// The macro crate reads the tables through its `spec` symlink, which is how they travel in its package;
/// it must point at the top-level `spec/` that maintainers edit, not at a copy that could drift.
#[test]
fn macro_crate_spec_is_a_link_to_the_top_level_spec() {
    let root = xtask::workspace_root();
    let link = root.join(xtask::MACRO_CRATE_DIR).join(xtask::SPEC_LINK);
    let target = std::fs::read_link(&link).unwrap_or_else(|e| panic!("{} is not a symlink: {e}", link.display()));
    assert_eq!(target, std::path::Path::new(xtask::SPEC_LINK_TARGET));
    for table in xtask::TABLES {
        let through_link = std::fs::read(root.join(xtask::MACRO_CRATE_DIR).join(table)).unwrap();
        assert_eq!(through_link, std::fs::read(root.join(xtask::table_path_from_root(table))).unwrap(), "{table}");
    }
}

/// `check` notices stale, missing and leftover snapshots, and `write` repairs all three.
#[test]
fn check_reports_stale_missing_and_orphaned_snapshots_and_write_fixes_them() {
    let root = std::path::PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("xtask-snapshot-check");
    let _ = std::fs::remove_dir_all(&root);
    let real = xtask::workspace_root();
    std::fs::create_dir_all(root.join(xtask::MACRO_CRATE_DIR)).unwrap();
    std::fs::create_dir_all(root.join(xtask::codegen::EXPANDED_DIR)).unwrap();
    for table in xtask::TABLES.iter().chain(xtask::V2_TABLES) {
        let rel = xtask::table_path_from_root(table);
        std::fs::create_dir_all(root.join(&rel).parent().unwrap()).unwrap();
        std::fs::copy(real.join(&rel), root.join(&rel)).unwrap();
    }
    let expected = xtask::codegen::render(&root).unwrap();
    let (first, second) = (&expected[0], &expected[1]);
    std::fs::write(root.join(&first.path), first.contents.replacen("pub struct", "pub(crate) struct", 1)).unwrap();
    std::fs::write(root.join(xtask::codegen::EXPANDED_DIR).join("old.rs"), "// left over\n").unwrap();

    let report = xtask::codegen::check(&root).unwrap();
    assert!(!report.is_fresh());
    match &report.snapshots[0].1 {
        xtask::codegen::Status::Stale(diff) => {
            assert!(diff.contains(&format!("--- a/{}", first.path)), "{diff}");
            assert!(diff.contains("\n-pub(crate) struct") && diff.contains("\n+pub struct"), "{diff}");
        }
        other => panic!("expected a stale snapshot, got {other:?}"),
    }
    assert!(matches!(&report.snapshots[1].1, xtask::codegen::Status::Missing(d) if d.contains("@@ -0,0 +1,")));
    assert_eq!(report.orphans, ["spec/expanded/old.rs"]);
    let rendered = report.render();
    assert!(rendered.contains(&format!("{} is stale", first.path)), "{rendered}");
    assert!(rendered.contains(&format!("{} is missing", second.path)), "{rendered}");

    let changes = xtask::codegen::write(&root).unwrap();
    let mut want = vec![format!("updated {}", first.path)];
    want.extend(expected[1..].iter().map(|s| format!("created {}", s.path)));
    want.push("removed spec/expanded/old.rs".into());
    assert_eq!(changes, want);
    assert!(xtask::codegen::check(&root).unwrap().is_fresh());
    let _ = std::fs::remove_dir_all(&root);
}

/// The v2 snapshots come from the tables the v2 crate's macro reads, in its order.
#[test]
fn v2_table_list_matches_the_v2_macro_invocation() {
    let lib = xtask::workspace_root().join("hydra-client-v2/src/lib.rs");
    let source = std::fs::read_to_string(&lib).unwrap();
    let args: Vec<String> = xtask::V2_TABLES.iter().map(|t| format!("{t:?}")).collect();
    let invocation = format!("ory_hydra_v1_macros::generate!({});", args.join(", "));
    assert!(
        source.contains(&invocation),
        "{} no longer contains `{invocation}`; update xtask::V2_TABLES",
        lib.display()
    );
}

#[test]
fn the_root_is_the_checkout_cargo_runs_the_xtask_in_not_the_one_it_was_compiled_in() {
    // A binary built in one checkout and run by `cargo run` in another (a shared target directory) must
    // work on the checkout it was run in.
    let run_in = std::ffi::OsString::from("/work/other-checkout/xtask");
    assert_eq!(
        xtask::root_of(Some(run_in), "/work/first-checkout/xtask"),
        std::path::Path::new("/work/other-checkout")
    );
    assert_eq!(xtask::root_of(None, "/work/first-checkout/xtask"), std::path::Path::new("/work/first-checkout"));
    // Run by `cargo test`, the root is this checkout: its tables are there.
    assert!(xtask::workspace_root().join("spec/models.table").is_file());
}
