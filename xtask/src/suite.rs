//! `cargo xtask test`: the whole test suite in one command.
//!
//! First `cargo test --workspace` (unit, httpmock, trybuild and snapshot tests; the live tests skip
//! there), then the httpmock suites again on the `reqwest` transport (`HYDRA_TEST_TRANSPORT=reqwest`,
//! the first run used the built-in one), then the live suite (`tests/tests/live.rs`) against a real Hydra: a local one that this task
//! starts and stops, or the one `HYDRA_ADMIN_URL` and `HYDRA_PUBLIC_URL` point at.

use std::collections::BTreeMap;
use std::process::ExitCode;

use anyhow::Context as _;

use crate::server::{cargo, Server};

/// Command-line options of `cargo xtask test`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Skip the live suite against a real Hydra.
    #[arg(long)]
    pub no_live: bool,
    /// Only run the live suite.
    #[arg(long, conflicts_with = "no_live")]
    pub live_only: bool,
}

/// Runs the suites in order and stops at the first failure.
pub fn run(args: &Args) -> anyhow::Result<ExitCode> {
    let root = crate::workspace_root();
    if !args.live_only {
        println!("== cargo test --workspace");
        let status = cargo().current_dir(&root).args(["test", "--workspace"]).status().context("cannot run cargo")?;
        if !status.success() {
            return Ok(ExitCode::FAILURE);
        }
        println!("== httpmock suites again, through a caller-supplied reqwest::Client");
        let status = cargo()
            .current_dir(&root)
            .args(["test", "-p", "hydra-client-tests", "--test", "mock_*"])
            .env("HYDRA_TEST_TRANSPORT", "reqwest")
            .status()
            .context("cannot run cargo")?;
        if !status.success() {
            return Ok(ExitCode::FAILURE);
        }
    }
    if args.no_live {
        return Ok(ExitCode::SUCCESS);
    }
    let external = ["HYDRA_ADMIN_URL", "HYDRA_PUBLIC_URL"].iter().all(|k| std::env::var_os(k).is_some());
    // The guard stops the local server when this function returns, also after a failure.
    let (_server, env) = if external {
        println!("== live suite against HYDRA_ADMIN_URL / HYDRA_PUBLIC_URL from the environment");
        (None, BTreeMap::new())
    } else {
        println!("== starting a local Hydra for the live suite");
        let state = std::env::var_os("HYDRA_STATE_DIR").map_or_else(|| root.join("target/hydra-test"), Into::into);
        let server = Server::start(&root, state)?;
        let env = server.env.clone();
        (Some(server), env)
    };
    println!("== cargo test -p hydra-client-tests --test live");
    let status = cargo()
        .current_dir(&root)
        .args(["test", "-p", "hydra-client-tests", "--test", "live"])
        .envs(&env)
        .env("HYDRA_LIVE_REQUIRED", "1")
        .status()
        .context("cannot run cargo")?;
    Ok(if status.success() { ExitCode::SUCCESS } else { ExitCode::FAILURE })
}
