//! A local Hydra for the demo and the live test suite: `cargo xtask hydra build|start|stop|status|env`.
//!
//! The work is done by `scripts/hydra.sh` (build from the Go module proxy, cache the binary under
//! `~/.cache/hydra-client`, start on free ports with an in-memory store, stop by PID). This module runs it
//! and adds a guard that stops the server when the task ends, on error and on Ctrl-C too.

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
    /// Directory for the PID, env and log files (default: target/hydra-state).
    #[arg(long)]
    pub state_dir: Option<PathBuf>,
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
    let ok = script(&root, &state, args.action.as_str())?;
    Ok(if ok { ExitCode::SUCCESS } else { ExitCode::FAILURE })
}

fn script(root: &Path, state: &Path, action: &str) -> anyhow::Result<bool> {
    let status = Command::new("bash")
        .arg(root.join("scripts/hydra.sh"))
        .arg(action)
        .env("HYDRA_STATE_DIR", state)
        .status()
        .context("cannot run scripts/hydra.sh (is bash installed?)")?;
    Ok(status.success())
}

/// A Hydra started for the duration of a task; stopped when dropped.
pub struct Server {
    root: PathBuf,
    state: PathBuf,
    /// `HYDRA_ADMIN_URL`, `HYDRA_PUBLIC_URL` and whatever else the script wrote to its env file.
    pub env: BTreeMap<String, String>,
}

impl Server {
    /// Builds (if needed) and starts a server whose files live in `state`.
    pub fn start(root: &Path, state: PathBuf) -> anyhow::Result<Self> {
        install_interrupt_guard();
        // Stop a leftover from an earlier interrupted run of the same task first.
        let _ = script(root, &state, "stop");
        if !script(root, &state, "start")? {
            // An interrupted start may already have launched the server and written its PID.
            let _ = script(root, &state, "stop");
            bail!("scripts/hydra.sh start failed; see {}/hydra.log", state.display());
        }
        // From here on the guard owns the server, so a failure below still stops it.
        let mut server = Server { root: root.to_path_buf(), state, env: BTreeMap::new() };
        let text = crate::read_text(&server.state.join("hydra.env"))?;
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
        if let Err(e) = script(&self.root, &self.state, "stop") {
            eprintln!("warning: could not stop Hydra: {e:#}");
        }
    }
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
