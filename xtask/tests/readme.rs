//! The README is the package's front page on the registry (`hydra-client/README.md` links to it), so it
//! must read well there: several people edit it, and these checks keep what the registry needs.

use std::path::Path;

use ory_hydra_v1_codegen::ir::Auth;
use ory_hydra_v1_codegen::Source;
use xtask::drift::Options;
use xtask::openapi::Document;

fn readme() -> String {
    std::fs::read_to_string(xtask::workspace_root().join("README.md")).unwrap()
}

/// `key = "value"` from the `[workspace.package]` table of the root manifest.
fn workspace_package(key: &str) -> String {
    let manifest = std::fs::read_to_string(xtask::workspace_root().join("Cargo.toml")).unwrap();
    let line = manifest
        .lines()
        .skip_while(|l| l.trim() != "[workspace.package]")
        .find(|l| l.split('=').next().is_some_and(|k| k.trim() == key))
        .unwrap_or_else(|| panic!("no {key} in [workspace.package]"));
    line.split('"').nth(1).unwrap().to_string()
}

/// What a user puts in Cargo.toml for the current release: `0.1` for 0.1.x, `1` for 1.x.
fn requirement(version: &str) -> String {
    let parts: Vec<&str> = version.split('.').collect();
    if parts[0] == "0" {
        format!("{}.{}", parts[0], parts[1])
    } else {
        parts[0].to_string()
    }
}

/// The README's code blocks, in order.
fn code_blocks(text: &str) -> Vec<&str> {
    text.split("```").skip(1).step_by(2).collect()
}

/// The first code block is the v1 dependency line (this is the v1 crate's front page); the second, right
/// after it, is the v2 crate's, at the same release.
#[test]
fn first_code_blocks_are_the_dependency_lines_of_both_crates() {
    let text = readme();
    let blocks = code_blocks(&text);
    assert!(blocks.len() >= 2, "README has fewer than two code blocks");
    let requirement = requirement(&workspace_package("version"));
    for (block, krate) in blocks.iter().zip(["ory-hydra-v1-client", "ory-hydra-v2-client"]) {
        assert_eq!(*block, format!("toml\n[dependencies]\n{krate} = \"{requirement}\"\n"));
    }
}

#[test]
fn states_the_rust_version() {
    let rust_version = workspace_package("rust-version");
    assert!(
        readme().contains(&format!("Rust {rust_version} or newer")),
        "README does not say `Rust {rust_version} or newer`"
    );
}

/// Relative links point at files that are not in the package and break on the registry.
#[test]
fn links_are_absolute() {
    let text = readme();
    let relative: Vec<&str> = text
        .match_indices("](")
        .map(|(i, _)| text[i + 2..].split(')').next().unwrap_or_default())
        .filter(|target| !target.starts_with("https://") && !target.starts_with("http://") && !target.starts_with('#'))
        .collect();
    assert!(relative.is_empty(), "relative links in README.md: {relative:?}");
    let references: Vec<&str> =
        text.lines().filter(|l| l.starts_with('[') && l.contains("]: ") && !l.contains("]: http")).collect();
    assert!(references.is_empty(), "relative link definitions in README.md: {references:?}");
}

/// The package's README is the top-level one, through a symlink, so the doctest and the registry page
/// both see what maintainers edit.
#[test]
fn package_readme_is_the_top_level_readme() {
    let link = xtask::workspace_root().join(xtask::MACRO_CRATE_DIR).join("README.md");
    assert_eq!(std::fs::read_link(&link).unwrap(), Path::new("../README.md"));
}

#[test]
fn requirement_follows_cargo_semver() {
    assert_eq!(requirement("0.1.0"), "0.1");
    assert_eq!(requirement("0.12.3"), "0.12");
    assert_eq!(requirement("1.4.0"), "1");
}

/// The text block after `$ cargo xtask import` in "Adding an endpoint": the command's arguments and
/// the output it shows, dedented.
fn walkthrough() -> (Vec<String>, String) {
    let text = readme();
    let section = &text[text.find("## Adding an endpoint").expect("an `Adding an endpoint` section")..];
    let start = section.find("$ cargo xtask import").expect("the walkthrough runs `cargo xtask import`");
    let block = &section[start..section[start..].find("```").map(|end| start + end).expect("a closed block")];
    let mut lines = block.lines().map(|l| l.strip_prefix("   ").unwrap_or(l).trim_end());
    let command: Vec<String> = lines.next().unwrap().split_whitespace().skip(4).map(str::to_string).collect();
    let shown: String = lines.map(|l| format!("{l}\n")).collect();
    (command, shown.trim_end().to_string() + "\n")
}

/// The workspace tables with the operation the walkthrough adds taken out of `public.table` (its doc
/// lines too), plus `extra` as a further table.
fn tables_without(operation: &str, extra: Option<&str>) -> Vec<Source> {
    let root = xtask::workspace_root();
    let mut sources = Vec::new();
    for table in xtask::TABLES {
        let text = std::fs::read_to_string(root.join(xtask::table_path_from_root(table))).unwrap();
        let mut kept: Vec<&str> = Vec::new();
        for line in text.lines() {
            if line.split_whitespace().nth(2) == Some(operation) {
                while kept.last().is_some_and(|l| l.starts_with("///")) {
                    kept.pop();
                }
            } else {
                kept.push(line);
            }
        }
        sources.push(Source::Inline { name: (*table).to_string(), text: kept.join("\n") + "\n" });
    }
    if let Some(extra) = extra {
        sources.push(Source::Inline { name: "spec/pasted.table".into(), text: extra.to_string() });
    }
    sources
}

/// "Adding an endpoint", executed: `cargo xtask import` prints exactly what the README shows (for a
/// document describing the readiness check as v1.2 does, into tables that lack it), the lines it
/// shows load and generate with the client's tables, and drift is clean for them, credentials included.
#[test]
fn the_adding_an_endpoint_walkthrough_runs_as_shown() {
    let (command, shown) = walkthrough();
    assert_eq!(command[..2], ["--openapi", "hydra-v1.2-openapi.json"], "{command:?}");
    // The readiness check as the v1.2 document describes it: Public, no credentials.
    let doc = Document::from_json(
        r##"{"swagger": "2.0", "paths": {"/health/ready": {"get": {"operationId": "isInstanceReady", "tags": ["public"],
              "responses": {"200": {"description": "ready", "schema": {"$ref": "#/definitions/healthStatus"}}}}}},
            "definitions": {"healthStatus": {"type": "object", "properties": {"status": {"type": "string"}}}}}"##,
        "hydra-v1.2-openapi.json",
    )
    .unwrap();
    let operation = "is_instance_ready";
    let without = xtask::load_sources(&tables_without(operation, None)).unwrap();
    assert!(without.operations.iter().all(|o| o.name != operation));
    let printed = xtask::import::import(&without, &doc, &command[2..]).unwrap();
    assert_eq!(printed, shown, "README's walkthrough no longer shows what `cargo xtask import` prints");

    // Step 2: the shown lines, pasted as they are, load with the client's tables and generate.
    let pasted: String = shown.lines().filter(|l| !l.starts_with('#')).map(|l| format!("{l}\n")).collect();
    let sources = tables_without(operation, Some(&pasted));
    let api = match ory_hydra_v1_codegen::load_for_runtime(&sources).into_result() {
        Ok(api) => api,
        Err(diags) => panic!("{}\n{pasted}", ory_hydra_v1_codegen::diag::render_all(&diags)),
    };
    let op = api.operations.iter().find(|o| o.name == operation).expect("the pasted operation");
    assert_eq!(op.auth, Auth::Public);
    let code = ory_hydra_v1_codegen::codegen::generate_file(&api, sources.len() - 1);
    syn::parse2::<syn::File>(code).expect("the pasted line generates Rust");

    // Step 4: drift has nothing to say about it.
    let keys = xtask::drift::compare(&api, &doc, &Options::all_tags_at("v1.2")).unwrap();
    let about: Vec<&String> = keys.iter().filter(|k| k.contains(operation) || k.contains("/health/ready")).collect();
    assert!(about.is_empty(), "{about:?}");
}

/// Both table sets, loaded as their crates' macro invocations load them.
fn both_lines() -> (ory_hydra_v1_codegen::Api, ory_hydra_v1_codegen::Api) {
    let root = xtask::workspace_root();
    (xtask::line::Line::V1.load(&root).unwrap(), xtask::line::Line::V2.load(&root).unwrap())
}

/// "From v1 to v2" shows exactly what `cargo xtask names` prints for the tables as they are, so a
/// renamed operation or model in either table set cannot leave the README behind.
#[test]
fn the_v1_to_v2_name_map_is_the_one_the_tables_give() {
    let text = readme();
    let start_marker = "<!-- names: the output of `cargo xtask names` -->\n";
    let start = text.find(start_marker).expect("README has the names start marker") + start_marker.len();
    let end = start + text[start..].find("\n<!-- end names -->").expect("README has the names end marker");
    let (v1, v2) = both_lines();
    let expected = xtask::names::render(&v1, &v2);
    assert!(
        text[start..end] == expected,
        "README's name map is stale: replace the text between the `names` markers with the output of \
         `cargo xtask names`:\n{expected}"
    );
}

/// The coverage table's `ory-hydra-v2-client` column names, for each v1 operation, the v2 operation of
/// the same request (or `no`), and it has a row for each v2 operation without a v1 counterpart.
#[test]
fn the_coverage_table_s_v2_column_follows_both_table_sets() {
    let text = readme();
    let section = &text[text.find("## Coverage").expect("a Coverage section")..];
    let header = "| operation | request | API | ory-hydra-v1-client | ory-hydra-v2-client |";
    let table = &section[section.find(header).expect("the coverage table has a v2 column")..];
    let rows: Vec<Vec<&str>> = table
        .lines()
        .skip(2)
        .take_while(|l| l.starts_with('|'))
        .map(|l| l.trim_matches('|').split('|').map(str::trim).collect())
        .collect();
    let (v1, v2) = both_lines();
    let pairs = xtask::names::operation_pairs(&v1, &v2);
    let code =
        |op: Option<&ory_hydra_v1_codegen::ir::Operation>| op.map_or("no".to_string(), |o| format!("`{}`", o.name));
    let expected: Vec<(String, String, String)> = pairs
        .iter()
        .map(|p| {
            let first = code(p.v1.or(p.v2));
            (first, if p.v1.is_some() { "yes".into() } else { "no".into() }, code(p.v2))
        })
        .collect();
    let shown: Vec<(String, String, String)> =
        rows.iter().map(|r| (r[0].to_string(), r[3].to_string(), r[4].to_string())).collect();
    assert_eq!(shown, expected, "the coverage table's rows (operation, v1 crate, v2 crate)");
    let paired = pairs.iter().filter(|p| p.v1.is_some() && p.v2.is_some()).count();
    let totals = format!(
        "ory-hydra-v2-client {} ({paired} of them for a v1 request, {} new;",
        v2.operations.len(),
        v2.operations.len() - paired
    );
    assert!(section.replace('\n', " ").contains(&totals), "the totals say `{totals}`");
}
