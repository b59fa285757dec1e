//! `cargo xtask demo`: the main job in one command. Starts a local Hydra (building it on first use),
//! runs the printed walk-through in `hydra-client/examples/demo.rs`, and stops the server whatever happens.

use std::process::ExitCode;

use anyhow::Context as _;

use crate::server::{cargo, Server};

/// Command-line options of `cargo xtask demo`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The Hydra version to run against, a directory of tests/hydra-server (default: the oldest, v1.3.2).
    #[arg(long = "hydra", value_name = "VERSION")]
    pub version: Option<String>,
}

/// Runs the walk-through against a fresh local server.
pub fn run(args: &Args) -> anyhow::Result<ExitCode> {
    let root = crate::workspace_root();
    let server = Server::start(&root, root.join("target/hydra-demo"), args.version.as_deref().unwrap_or(""))?;
    let status = cargo()
        .current_dir(&root)
        .args(["run", "--quiet", "-p", "ory-hydra-v1-client", "--example", "demo"])
        .envs(&server.env)
        .status()
        .context("cannot run the demo example")?;
    drop(server);
    Ok(if status.success() { ExitCode::SUCCESS } else { ExitCode::FAILURE })
}
