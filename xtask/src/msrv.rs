//! `cargo xtask msrv`: checks that the published crates' `rust-version` is honest, i.e. no dependency they
//! build with needs a newer Rust than they declare.
//!
//! Older toolchains cannot be installed everywhere CI runs, so instead of compiling with the declared
//! version this reads the `rust-version` every package declares, from `cargo metadata` on the locked
//! graph with every feature on. Only what a consumer compiles counts: normal and build dependencies,
//! reached from the publishable workspace members; dev-dependencies (and what only they bring in) do not.
//! Feature unification with the test crates can add a few optional dependencies to the walk, which only
//! makes the check stricter.

use std::collections::{BTreeMap, BTreeSet};
use std::process::ExitCode;

use anyhow::{bail, Context as _};
use serde_json::Value;

/// Options of `cargo xtask msrv`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Read this `cargo metadata --format-version 1` output instead of running cargo.
    #[arg(long)]
    pub metadata: Option<std::path::PathBuf>,
}

/// A Rust version as `rust-version` spells it (`1.88` or `1.88.0`), compared numerically.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct RustVersion(pub u64, pub u64, pub u64);

impl RustVersion {
    /// Parses `1.88`, `1.88.0` (a pre-release suffix such as `-nightly` is ignored).
    pub fn parse(text: &str) -> anyhow::Result<RustVersion> {
        let core = text.split(['-', '+']).next().unwrap_or_default();
        let mut parts = core.split('.').map(|p| p.parse::<u64>());
        let (Some(Ok(major)), minor, patch) = (parts.next(), parts.next(), parts.next()) else {
            bail!("`{text}` is not a Rust version");
        };
        let minor = minor.transpose().with_context(|| format!("`{text}` is not a Rust version"))?;
        let patch = patch.transpose().with_context(|| format!("`{text}` is not a Rust version"))?;
        Ok(RustVersion(major, minor.unwrap_or(0), patch.unwrap_or(0)))
    }
}

impl std::fmt::Display for RustVersion {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}.{}.{}", self.0, self.1, self.2)
    }
}

/// One package of the graph that declares a `rust-version`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Needs {
    /// `name version`.
    pub package: String,
    /// Its `rust-version`.
    pub rust_version: RustVersion,
}

/// What the check found.
#[derive(Debug)]
pub struct Report {
    /// The publishable workspace members, with the `rust-version` each declares.
    pub ours: BTreeMap<String, Option<RustVersion>>,
    /// The `rust-version` all of them must declare: the lowest that every dependency allows.
    pub needed: Option<RustVersion>,
    /// The dependencies that declare exactly [`Report::needed`].
    pub tightest: Vec<String>,
    /// How many packages the walk reached.
    pub packages: usize,
    /// Each problem, one line each.
    pub problems: Vec<String>,
}

/// Runs `cargo xtask msrv`.
pub fn run(args: &Args) -> anyhow::Result<ExitCode> {
    let metadata = match &args.metadata {
        Some(path) => crate::read_text(path)?,
        None => cargo_metadata()?,
    };
    let metadata: Value = serde_json::from_str(&metadata).context("cargo metadata printed no JSON")?;
    let report = check(&metadata)?;
    for (name, version) in &report.ours {
        let shown = version.map_or_else(|| "none".to_string(), |v| v.to_string());
        println!("{name}: rust-version {shown}");
    }
    if let Some(needed) = report.needed {
        println!(
            "the {} packages they build with need Rust {needed} (declared by {})",
            report.packages,
            report.tightest.join(", ")
        );
    }
    if report.problems.is_empty() {
        println!("rust-version is honest");
        return Ok(ExitCode::SUCCESS);
    }
    for problem in &report.problems {
        eprintln!("error: {problem}");
    }
    Ok(ExitCode::FAILURE)
}

fn cargo_metadata() -> anyhow::Result<String> {
    let out = crate::server::cargo()
        .args(["metadata", "--format-version", "1", "--all-features", "--locked"])
        .current_dir(crate::workspace_root())
        .stderr(std::process::Stdio::inherit())
        .output()
        .context("cannot run cargo metadata")?;
    if !out.status.success() {
        bail!("cargo metadata failed ({})", out.status);
    }
    String::from_utf8(out.stdout).context("cargo metadata printed invalid UTF-8")
}

/// Checks `metadata` (the JSON of `cargo metadata --format-version 1`, with its `resolve` graph).
pub fn check(metadata: &Value) -> anyhow::Result<Report> {
    let packages = index_packages(metadata)?;
    let roots = publishable_members(metadata, &packages)?;
    let reached = walk(metadata, &roots)?;
    let ours: BTreeMap<String, Option<RustVersion>> = roots
        .iter()
        .map(|id| Ok((field_str(packages[id.as_str()], "name")?.to_string(), rust_version(packages[id.as_str()])?)))
        .collect::<anyhow::Result<_>>()?;
    let mut needs = Vec::new();
    for id in reached.iter().filter(|id| !roots.contains(*id)) {
        let package = packages.get(id.as_str()).with_context(|| format!("package `{id}` is not listed"))?;
        if let Some(rust_version) = rust_version(package)? {
            let name = format!("{} {}", field_str(package, "name")?, field_str(package, "version")?);
            needs.push(Needs { package: name, rust_version });
        }
    }
    let needed = needs.iter().map(|n| n.rust_version).max();
    let tightest = needs.iter().filter(|n| Some(n.rust_version) == needed).map(|n| n.package.clone()).collect();
    let mut problems = Vec::new();
    for (name, declared) in &ours {
        problems.extend(rule_declared(name, *declared));
        if let Some(declared) = declared {
            problems.extend(rule_not_below_dependencies(name, *declared, &needs));
        }
    }
    problems.extend(rule_one_version(&ours));
    Ok(Report { ours, needed, tightest, packages: reached.len(), problems })
}

/// Every publishable crate declares a `rust-version`.
fn rule_declared(name: &str, declared: Option<RustVersion>) -> Option<String> {
    declared.is_none().then(|| format!("{name} declares no rust-version"))
}

/// No dependency needs a newer Rust than the crate declares.
fn rule_not_below_dependencies(name: &str, declared: RustVersion, needs: &[Needs]) -> Vec<String> {
    needs
        .iter()
        .filter(|n| n.rust_version > declared)
        .map(|n| {
            format!(
                "{name} declares rust-version {declared}, but its dependency {} needs {}",
                n.package, n.rust_version
            )
        })
        .collect()
}

/// The crates released together declare the same version, so the README can state one.
fn rule_one_version(ours: &BTreeMap<String, Option<RustVersion>>) -> Option<String> {
    let distinct: BTreeSet<_> = ours.values().flatten().collect();
    (distinct.len() > 1).then(|| format!("the published crates declare different rust-versions: {ours:?}"))
}

fn index_packages(metadata: &Value) -> anyhow::Result<BTreeMap<&str, &Value>> {
    let list = metadata["packages"].as_array().context("cargo metadata has no `packages`")?;
    list.iter().map(|p| Ok((field_str(p, "id")?, p))).collect()
}

/// Workspace members that can be published: `publish` is absent (any registry) or names a registry.
fn publishable_members(metadata: &Value, packages: &BTreeMap<&str, &Value>) -> anyhow::Result<BTreeSet<String>> {
    let members = metadata["workspace_members"].as_array().context("cargo metadata has no `workspace_members`")?;
    let mut roots = BTreeSet::new();
    for id in members.iter().filter_map(Value::as_str) {
        let package = packages.get(id).with_context(|| format!("member `{id}` is not listed"))?;
        let publishable = match &package["publish"] {
            Value::Array(registries) => !registries.is_empty(),
            _ => true,
        };
        if publishable {
            roots.insert(id.to_string());
        }
    }
    if roots.is_empty() {
        bail!("no publishable workspace member");
    }
    Ok(roots)
}

/// Every package reached from `roots` through normal and build dependencies of the resolved graph.
fn walk(metadata: &Value, roots: &BTreeSet<String>) -> anyhow::Result<BTreeSet<String>> {
    let nodes = metadata["resolve"]["nodes"].as_array().context("cargo metadata has no `resolve` graph")?;
    let nodes: BTreeMap<&str, &Value> =
        nodes.iter().map(|n| Ok((field_str(n, "id")?, n))).collect::<anyhow::Result<_>>()?;
    let mut seen = BTreeSet::new();
    let mut todo: Vec<String> = roots.iter().cloned().collect();
    while let Some(id) = todo.pop() {
        if !seen.insert(id.clone()) {
            continue;
        }
        let node = nodes.get(id.as_str()).with_context(|| format!("`{id}` is not in the resolve graph"))?;
        for dep in node["deps"].as_array().into_iter().flatten() {
            let kinds = dep["dep_kinds"].as_array().into_iter().flatten();
            // `kind` is null for a normal dependency, "build" or "dev" otherwise.
            if kinds.clone().any(|k| k["kind"].is_null() || k["kind"] == "build") {
                todo.push(field_str(dep, "pkg")?.to_string());
            }
        }
    }
    Ok(seen)
}

fn rust_version(package: &Value) -> anyhow::Result<Option<RustVersion>> {
    package["rust_version"].as_str().map(RustVersion::parse).transpose()
}

fn field_str<'a>(value: &'a Value, field: &str) -> anyhow::Result<&'a str> {
    value[field].as_str().with_context(|| format!("cargo metadata: `{field}` missing in {value}"))
}
