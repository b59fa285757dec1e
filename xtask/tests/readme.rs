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

#[test]
fn first_code_block_is_the_dependency_line() {
    let text = readme();
    let start = text.find("```").expect("README has no code block");
    let block = &text[start..];
    let end = block[3..].find("```").expect("unterminated code block") + 3;
    let expected =
        format!("```toml\n[dependencies]\nory-hydra-v1-client = \"{}\"\n", requirement(&workspace_package("version")));
    assert_eq!(&block[..end], expected);
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
