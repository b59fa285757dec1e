//! The README is the package's front page on the registry (`hydra-client/README.md` links to it), so it
//! must read well there: several people edit it, and these checks keep what the registry needs.

use std::path::Path;

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
