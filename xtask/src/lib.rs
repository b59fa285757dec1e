//! Maintenance tasks for the ory-hydra-v1-client workspace, as a library.
//!
//! The `xtask` binary (`cargo xtask <command>`) is a thin command line over these modules, and the
//! tests under `xtask/tests/` call the same functions, so what CI checks is exactly what a developer
//! runs:
//!
//! - [`codegen`]: writes and checks the expanded snapshots in `spec/expanded/`;
//! - [`drift`]: compares the endpoint tables with an upstream OpenAPI document;
//! - [`line`](mod@line): the Hydra server lines (v1, v2) and which table set a release takes;
//! - [`import`]: prints table lines for upstream operations, ready to paste;
//! - [`names`]: the v1 → v2 name map the README shows, read from both table sets;
//! - [`msrv`]: checks the published crates' `rust-version` against every dependency's;
//! - [`openapi`]: loads and resolves Swagger 2.0 / OpenAPI 3.0 documents for the two above;
//! - [`server`]: builds, starts and stops a local Hydra (`cargo xtask hydra ...`);
//! - [`demo`]: the printed walk-through against a local Hydra;
//! - [`suite`]: `cargo xtask test`, the whole test suite, live Hydra included;
//! - [`browser`]: the login and consent provider's browser suite, per Hydra version;
//! - [`serve`]: `cargo xtask serve`, Hydra, the provider and a sample client to click through;
//! - [`fuzz`]: `cargo xtask fuzz`, the cargo-fuzz targets in `fuzz/`.

pub mod browser;
pub mod codegen;
pub mod demo;
pub mod drift;
pub mod fuzz;
pub mod import;
pub mod line;
pub mod msrv;
pub mod names;
pub mod openapi;
pub mod serve;
pub mod server;
pub mod suite;

use std::path::{Component, Path, PathBuf};

use anyhow::{bail, Context as _};
use ory_hydra_v1_codegen::{Api, Source};

/// The crate whose `ory_hydra_v1_macros::generate!` invocation expands the tables; its paths are relative to it.
pub const MACRO_CRATE_DIR: &str = "hydra-client";

/// The table paths exactly as `hydra-client/src/lib.rs` passes them to `ory_hydra_v1_macros::generate!`, in
/// the same order (the first, `declared`, is the runtime's: ory-hydra-runtime generates it). This is the one place the xtask lists the tables; a test checks it against the
/// invocation.
pub const TABLES: &[&str] = &["spec/runtime.table", "spec/models.table", "spec/admin.table", "spec/public.table"];

/// The v2 tables, as `hydra-client-v2/src/lib.rs` passes them to `ory_hydra_v1_macros::generate!` (its
/// `spec` link points at the top-level `spec/` too, so they resolve like [`TABLES`]).
pub const V2_TABLES: &[&str] = &["spec/v2/models.table", "spec/v2/admin.table", "spec/v2/public.table"];

/// How many of [`TABLES`], from the first, the runtime crate generates: the macro invocation names them
/// `declared`, and new models never go there.
pub const RUNTIME_TABLES: usize = 1;

/// The workspace root: the parent of this crate's directory, as `cargo run` names it when it starts
/// the xtask (see [`root_of`]).
pub fn workspace_root() -> PathBuf {
    root_of(std::env::var_os("CARGO_MANIFEST_DIR"), env!("CARGO_MANIFEST_DIR"))
}

/// The workspace root from the xtask's manifest directory: the one `cargo run` passes at run time when
/// there is one, else the one the binary was compiled in. Checkouts that share a target directory (a
/// worktree, a CI clone) share the `xtask` binary too, and cargo does not always link it again when the
/// other checkout's build is fresh: with only the compile-time path, `cargo xtask codegen` in one
/// checkout read and wrote the other checkout's tables and snapshots.
pub fn root_of(at_run_time: Option<std::ffi::OsString>, compiled_in: &str) -> PathBuf {
    let manifest = at_run_time.map(PathBuf::from).unwrap_or_else(|| PathBuf::from(compiled_in));
    manifest.parent().map(Path::to_path_buf).unwrap_or(manifest)
}

/// The sources the macro reads, resolved against `root` the way the macro resolves them against
/// `CARGO_MANIFEST_DIR`, and named as the macro names them in diagnostics.
pub fn table_sources(root: &Path) -> Vec<Source> {
    line::Line::V1.sources(root)
}

/// The macro crate's `spec` entry, a symlink to the top-level `spec/` directory, so that the tables are
/// packaged with the crate while maintainers edit only `spec/`. The xtask reads the tables at their real
/// place and does not depend on the link (a checkout without symlink support still runs it); a test
/// checks the link itself.
pub const SPEC_LINK: &str = "spec";

/// Where [`SPEC_LINK`] points, relative to the macro crate's directory.
pub const SPEC_LINK_TARGET: &str = "../spec";

/// The path of a table relative to the workspace root, e.g. `spec/models.table` for the macro's
/// `spec/models.table` (through [`SPEC_LINK`]) or for `../spec/models.table`.
pub fn table_path_from_root(table: &str) -> PathBuf {
    let table = Path::new(table);
    match table.strip_prefix(SPEC_LINK) {
        Ok(rest) => normalize(&Path::new(MACRO_CRATE_DIR).join(SPEC_LINK_TARGET).join(rest)),
        Err(_) => normalize(&Path::new(MACRO_CRATE_DIR).join(table)),
    }
}

/// Loads the workspace tables as the macro does, turning table errors into one readable error.
pub fn load_tables(root: &Path) -> anyhow::Result<Api> {
    // These are the client's tables, so what its runtime reads is checked too, as the macro does.
    match ory_hydra_v1_codegen::load_for_runtime(&table_sources(root)).into_result() {
        Ok(api) => Ok(api),
        Err(diags) => bail!("the tables have errors:\n\n{}", ory_hydra_v1_codegen::diag::render_all(&diags)),
    }
}

/// Loads tables from `sources`, turning table errors into one readable error.
pub fn load_sources(sources: &[Source]) -> anyhow::Result<Api> {
    match ory_hydra_v1_codegen::load(sources).into_result() {
        Ok(api) => Ok(api),
        Err(diags) => bail!("the tables have errors:\n\n{}", ory_hydra_v1_codegen::diag::render_all(&diags)),
    }
}

/// Removes `.` and `..` components without touching the file system.
fn normalize(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for c in path.components() {
        match c {
            Component::CurDir => {}
            Component::ParentDir => {
                if !out.pop() {
                    out.push("..");
                }
            }
            other => out.push(other),
        }
    }
    out
}

/// Reads a text file, naming it in the error.
pub(crate) fn read_text(path: &Path) -> anyhow::Result<String> {
    std::fs::read_to_string(path).with_context(|| format!("cannot read `{}`", path.display()))
}

/// Shows `path` relative to `root` when it is inside it, with `/` separators, for stable messages.
pub(crate) fn display_rel(root: &Path, path: &Path) -> String {
    let rel = path.strip_prefix(root).unwrap_or(path);
    rel.components().map(|c| c.as_os_str().to_string_lossy()).collect::<Vec<_>>().join("/")
}
