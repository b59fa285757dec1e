//! `cargo xtask <command>`: maintenance tasks for the ory-hydra-v1-client workspace.
//!
//! Each command lives in its own module of the `xtask` library; this file only parses the command line.
//! To add a command, add a module with an `Args` struct and a `run` function, and a variant below.

use std::process::ExitCode;

use clap::{Parser, Subcommand};
use xtask::{codegen, demo, drift, fuzz, import, msrv, names, serve, server, suite};

/// Maintenance tasks for the ory-hydra-v1-client workspace.
#[derive(Debug, Parser)]
#[command(name = "cargo xtask", bin_name = "cargo xtask", version, about)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Write the expansion of every endpoint table to spec/expanded/, or check that it is current.
    Codegen(codegen::Args),
    /// Compare the endpoint tables with an upstream OpenAPI document and report every difference.
    Drift(drift::Args),
    /// Print table lines (endpoints and the models they need) for upstream operations, ready to paste.
    Import(import::Args),
    /// Print the v1 -> v2 name map (operations and models that changed), read from both table sets.
    Names(names::Args),
    /// Check that no dependency of the published crates needs a newer Rust than their rust-version.
    Msrv(msrv::Args),
    /// Build, start or stop a local ORY Hydra (in-memory store) for the live tests and the demo.
    Hydra(server::Args),
    /// Start a local Hydra (v2.3.0 unless --hydra names another), run the printed walk-through of its
    /// line's client, and stop the server.
    Demo(demo::Args),
    /// Run the whole test suite: workspace tests, then the live suite against a real Hydra.
    Test(suite::Args),
    /// Start a local Hydra, the login and consent provider and a sample client, and print the URL to open.
    Serve(serve::Args),
    /// Build the cargo-fuzz targets in fuzz/ (nightly) and run each for a while; fails on any crash.
    Fuzz(fuzz::Args),
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match &cli.command {
        Command::Codegen(args) => codegen::run(args),
        Command::Drift(args) => drift::run(args),
        Command::Import(args) => import::run(args),
        Command::Msrv(args) => msrv::run(args),
        Command::Names(args) => names::run(args),
        Command::Hydra(args) => server::run(args),
        Command::Demo(args) => demo::run(args),
        Command::Test(args) => suite::run(args),
        Command::Fuzz(args) => fuzz::run(args),
        Command::Serve(args) => serve::run(args),
    };
    match result {
        Ok(code) => code,
        Err(e) => {
            eprintln!("error: {e:#}");
            ExitCode::FAILURE
        }
    }
}

#[cfg(test)]
mod tests {
    use clap::CommandFactory as _;

    use super::*;

    #[test]
    fn command_line_definition_is_consistent() {
        Cli::command().debug_assert();
    }

    #[test]
    fn subcommands_parse() {
        let cli = Cli::try_parse_from(["xtask", "drift", "--openapi", "a.json"]).unwrap();
        assert!(
            matches!(&cli.command, Command::Drift(a) if a.tag == "*" && a.allow.is_none() && a.doc_version.is_none())
        );
        let cli = Cli::try_parse_from(["xtask", "import", "--openapi", "a.json", "x", "y"]).unwrap();
        assert!(matches!(&cli.command, Command::Import(a) if a.operation_ids == ["x", "y"]));
        assert!(Cli::try_parse_from(["xtask", "import", "--openapi", "a.json"]).is_err());
        assert!(
            matches!(Cli::try_parse_from(["xtask", "codegen", "--check"]).unwrap().command, Command::Codegen(a) if a.check)
        );
        let cli = Cli::try_parse_from(["xtask", "fuzz", "--seconds", "20", "link_header"]).unwrap();
        assert!(
            matches!(&cli.command, Command::Fuzz(a) if a.seconds == 20 && a.runs.is_none() && a.targets == ["link_header"])
        );
        let cli = Cli::try_parse_from(["xtask", "fuzz", "--runs", "10000000"]).unwrap();
        assert!(matches!(&cli.command, Command::Fuzz(a) if a.runs == Some(10_000_000) && a.targets.is_empty()));
        assert!(Cli::try_parse_from(["xtask", "fuzz", "no_such_target"]).is_err());
        let cli = Cli::try_parse_from(["xtask", "test", "--browser-only"]).unwrap();
        assert!(matches!(&cli.command, Command::Test(a) if a.browser_only && !a.no_browser));
        assert!(Cli::try_parse_from(["xtask", "test", "--browser-only", "--live-only"]).is_err());
        let cli = Cli::try_parse_from(["xtask", "demo"]).unwrap();
        assert!(matches!(&cli.command, Command::Demo(a) if a.version == "v2.3.0"));
        let cli = Cli::try_parse_from(["xtask", "demo", "--hydra", "v1.11.10"]).unwrap();
        assert!(matches!(&cli.command, Command::Demo(a) if a.version == "v1.11.10"));
        let cli = Cli::try_parse_from(["xtask", "serve"]).unwrap();
        assert!(matches!(&cli.command, Command::Serve(a) if a.version == "v2.3.0" && a.port == 5555));
        let cli = Cli::try_parse_from(["xtask", "serve", "--hydra", "v1.11.10"]).unwrap();
        assert!(matches!(&cli.command, Command::Serve(a) if a.version == "v1.11.10"));
    }
}
