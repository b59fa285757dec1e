//! Local Hydras for the demo and the live test suite: `cargo xtask hydra build|start|stop|status|env`.
//!
//! The work is done by `scripts/hydra.sh` (build from the Go module proxy, cache the binary under
//! `~/.cache/hydra-client/hydra-<version>`, start on free ports with an in-memory store, stop by PID).
//! Every version in `tests/hydra-server/` has its own state directory, so servers of two versions can
//! run at once. This module runs the script and adds a guard that stops the server when the task ends,
//! on error and on Ctrl-C too.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;

use anyhow::{bail, Context as _};

/// Command-line options of `cargo xtask hydra`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// What to do with the server.
    #[arg(value_enum)]
    pub action: Action,
    /// Root of the state directories: each version keeps its PID, env and log files in
    /// `<dir>/<version>` (default: target/hydra-state).
    #[arg(long)]
    pub state_dir: Option<PathBuf>,
    /// The Hydra version, a directory of tests/hydra-server (default: the script's, v1.3.2).
    #[arg(long = "hydra", value_name = "VERSION")]
    pub version: Option<String>,
}

/// A `scripts/hydra.sh` subcommand.
#[derive(Debug, Clone, Copy, clap::ValueEnum)]
pub enum Action {
    /// Build the pinned Hydra from the Go module proxy into the cache (skipped when cached).
    Build,
    /// Build if needed and start `hydra serve all` on free 127.0.0.1 ports; prints the URLs.
    Start,
    /// Stop the server started from the same state directory.
    Stop,
    /// Exit 0 and print the URLs when the server runs.
    Status,
    /// Print the URLs of the running server as `NAME=value` lines.
    Env,
}

impl Action {
    fn as_str(self) -> &'static str {
        match self {
            Action::Build => "build",
            Action::Start => "start",
            Action::Stop => "stop",
            Action::Status => "status",
            Action::Env => "env",
        }
    }
}

/// Runs the subcommand.
pub fn run(args: &Args) -> anyhow::Result<ExitCode> {
    let root = crate::workspace_root();
    let state = args.state_dir.clone().unwrap_or_else(|| root.join("target/hydra-state"));
    let version = args.version.as_deref().unwrap_or("");
    let ok = script(&root, &state, args.action.as_str(), version)?;
    Ok(if ok { ExitCode::SUCCESS } else { ExitCode::FAILURE })
}

/// Runs `scripts/hydra.sh <action> <version>` with `state` as the state root; an empty version means
/// the script's default.
fn script(root: &Path, state: &Path, action: &str, version: &str) -> anyhow::Result<bool> {
    let status = Command::new("bash")
        .arg(root.join("scripts/hydra.sh"))
        .arg(action)
        .args((!version.is_empty()).then_some(version))
        .env("HYDRA_STATE_DIR", state)
        .status()
        .context("cannot run scripts/hydra.sh (is bash installed?)")?;
    Ok(status.success())
}

/// The Hydra versions there is a server module for (`tests/hydra-server/v*`), oldest first.
pub fn versions(root: &Path) -> anyhow::Result<Vec<String>> {
    let output = Command::new("bash")
        .arg(root.join("scripts/hydra.sh"))
        .arg("versions")
        .output()
        .context("cannot run scripts/hydra.sh (is bash installed?)")?;
    if !output.status.success() {
        bail!("scripts/hydra.sh versions failed: {}", String::from_utf8_lossy(&output.stderr));
    }
    Ok(String::from_utf8_lossy(&output.stdout).split_whitespace().map(str::to_string).collect())
}

/// A Hydra started for the duration of a task; stopped when dropped.
pub struct Server {
    root: PathBuf,
    state: PathBuf,
    version: String,
    /// `HYDRA_ADMIN_URL`, `HYDRA_PUBLIC_URL` and whatever else the script wrote to its env file.
    pub env: BTreeMap<String, String>,
}

impl Server {
    /// Builds (if needed) and starts a server of `version` (empty: the script's default) whose files
    /// live in `state/<version>`.
    pub fn start(root: &Path, state: PathBuf, version: &str) -> anyhow::Result<Self> {
        install_interrupt_guard();
        let version = if version.is_empty() { default_version(root)? } else { version.to_string() };
        // Stop a leftover from an earlier interrupted run of the same task first.
        let _ = script(root, &state, "stop", &version);
        if !script(root, &state, "start", &version)? {
            // An interrupted start may already have launched the server and written its PID.
            let _ = script(root, &state, "stop", &version);
            bail!("scripts/hydra.sh start {version} failed; see {}/{version}/hydra.log", state.display());
        }
        // From here on the guard owns the server, so a failure below still stops it.
        let mut server = Server { root: root.to_path_buf(), state, version, env: BTreeMap::new() };
        let text = crate::read_text(&server.state.join(&server.version).join("hydra.env"))?;
        server.env = text
            .lines()
            .filter_map(|l| l.split_once('='))
            .map(|(k, v)| (k.trim().to_string(), v.trim().to_string()))
            .collect();
        Ok(server)
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        if let Err(e) = script(&self.root, &self.state, "stop", &self.version) {
            eprintln!("warning: could not stop Hydra: {e:#}");
        }
    }
}

/// The version `scripts/hydra.sh` uses when none is named: `HYDRA_VERSION`, else the oldest module.
fn default_version(root: &Path) -> anyhow::Result<String> {
    if let Some(v) = std::env::var("HYDRA_VERSION").ok().filter(|v| !v.trim().is_empty()) {
        let v = v.trim();
        return Ok(if v.starts_with('v') { v.to_string() } else { format!("v{v}") });
    }
    versions(root)?.into_iter().next().context("tests/hydra-server has no v* module")
}

/// Ctrl-C reaches the whole foreground process group: the child task (cargo test, the demo) ends on it,
/// and this process must survive long enough to stop the server, so the signal only sets a flag here.
fn install_interrupt_guard() {
    static INSTALLED: AtomicBool = AtomicBool::new(false);
    if INSTALLED.swap(true, Ordering::SeqCst) {
        return;
    }
    let flag = Arc::new(AtomicBool::new(false));
    let seen = flag.clone();
    if let Err(e) = ctrlc::set_handler(move || {
        if !seen.swap(true, Ordering::SeqCst) {
            eprintln!("\ninterrupted: stopping Hydra…");
        }
    }) {
        eprintln!("warning: cannot handle Ctrl-C ({e}); an interrupted run may leave Hydra running");
    }
}

/// The `cargo` that runs this task (so toolchain overrides carry over).
pub fn cargo() -> Command {
    Command::new(std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into()))
}
