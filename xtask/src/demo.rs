//! `cargo xtask demo`: the main job in one command. Starts a local Hydra (building it on first use),
//! runs the printed walk-through of that server's line (`hydra-client-v2/examples/demo.rs` for a v2
//! server, `hydra-client/examples/demo.rs` for a v1 one), and stops the server whatever happens.

use std::process::ExitCode;

use anyhow::Context as _;
use ory_hydra_v1_codegen::version::Version;

use crate::line::Line;
use crate::server::{cargo, Server};

/// The server the demo runs against when `--hydra` names none: the v2 release the live suite tests.
pub const DEFAULT_VERSION: &str = "v2.3.0";

/// Command-line options of `cargo xtask demo`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The Hydra version to run against, a directory of tests/hydra-server (v1.3.2, v1.11.10, v2.3.0).
    #[arg(long = "hydra", value_name = "VERSION", default_value = DEFAULT_VERSION)]
    pub version: String,
}

/// The package whose `demo` example walks through a server of `version`: the crate of its line.
pub fn demo_package(version: &str) -> anyhow::Result<&'static str> {
    let parsed = Version::parse_lenient(version)
        .with_context(|| format!("`{version}` is not a Hydra version like v2.3.0 or v1.11.10"))?;
    Ok(match Line::of(parsed) {
        Line::V1 => "ory-hydra-v1-client",
        Line::V2 => "ory-hydra-v2-client",
    })
}

/// Runs the walk-through against a fresh local server.
pub fn run(args: &Args) -> anyhow::Result<ExitCode> {
    let root = crate::workspace_root();
    let package = demo_package(&args.version)?;
    let server = Server::start(&root, root.join("target/hydra-demo"), &args.version)?;
    let status = cargo()
        .current_dir(&root)
        .args(["run", "--quiet", "-p", package, "--example", "demo"])
        .envs(&server.env)
        .status()
        .context("cannot run the demo example")?;
    drop(server);
    Ok(if status.success() { ExitCode::SUCCESS } else { ExitCode::FAILURE })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_server_line_runs_its_own_crate_s_demo() {
        assert_eq!(demo_package(DEFAULT_VERSION).unwrap(), "ory-hydra-v2-client");
        assert_eq!(demo_package("v26.2.0").unwrap(), "ory-hydra-v2-client");
        assert_eq!(demo_package("v1.11.10").unwrap(), "ory-hydra-v1-client");
        assert_eq!(demo_package("1.3.2").unwrap(), "ory-hydra-v1-client");
        assert!(demo_package("latest").is_err());
    }
}
