//! `cargo xtask serve`: a local Hydra, the login and consent provider on the port Hydra sends the browser
//! to (`HYDRA_TEST_LISTENER_PORT`, 4999 by default), and the sample relying party, so a person can click through the flow. Ctrl-C stops all three.

use std::process::{Child, ExitCode};

use anyhow::{bail, Context as _};

use crate::server::{cargo, Server};

/// Command-line options of `cargo xtask serve`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The Hydra version, a directory of tests/hydra-server (v1 and v2 versions alike).
    #[arg(long = "hydra", value_name = "VERSION", default_value = "v2.3.0")]
    pub version: String,
    /// The sample relying party's port (the page to open).
    #[arg(long, default_value_t = 5555)]
    pub port: u16,
}

/// The provider's port: scripts/hydra.sh points Hydra's login, consent and logout URLs at
/// `HYDRA_TEST_LISTENER_PORT`, 4999 when unset, so the provider listens on the same one.
fn provider_port() -> anyhow::Result<u16> {
    match std::env::var("HYDRA_TEST_LISTENER_PORT") {
        Ok(p) if !p.trim().is_empty() => p.trim().parse().context("HYDRA_TEST_LISTENER_PORT is not a port"),
        _ => Ok(4999),
    }
}

/// Builds the two binaries, starts everything, prints the URL and waits for Ctrl-C.
pub fn run(args: &Args) -> anyhow::Result<ExitCode> {
    let root = crate::workspace_root();
    let Some(line) = crate::browser::server_line(&args.version) else {
        bail!("{:?} is not a Hydra version (such as v2.3.0 or v1.11.10)", args.version);
    };
    let provider_port = provider_port()?;
    let status = cargo().current_dir(&root).args(["build", "-q", "-p", "hydra-login-consent", "--bins"]).status()?;
    if !status.success() {
        return Ok(ExitCode::FAILURE);
    }
    let server = Server::start(&root, root.join("target/hydra-serve"), &args.version)?;
    let spawn = |bin: &str, extra: &[String]| -> anyhow::Result<Child> {
        cargo()
            .current_dir(&root)
            .args(["run", "-q", "-p", "hydra-login-consent", "--bin", bin, "--"])
            .args(extra)
            .envs(&server.env)
            .spawn()
            .with_context(|| format!("cannot start {bin}"))
    };
    let users = root.join("provider/demo-users.json");
    let mut provider = spawn(
        "hydra-login-consent",
        &[
            format!("--listen=127.0.0.1:{provider_port}"),
            format!("--users={}", users.display()),
            format!("--server-line={line}"),
        ],
    )?;
    let rp_args = [format!("--listen=127.0.0.1:{}", args.port), format!("--server-line={line}")];
    let mut rp = match spawn("sample-rp", &rp_args) {
        Ok(rp) => rp,
        Err(e) => {
            let _ = provider.kill();
            return Err(e);
        }
    };
    for port in [provider_port, args.port] {
        if !listening(port) {
            let _ = (provider.kill(), rp.kill());
            bail!("nothing listens on port {port} after a minute; see the output above");
        }
    }
    println!("\nOpen http://127.0.0.1:{}/ and sign in as foo@bar.com with the password foobar.", args.port);
    println!(
        "The provider's own page of consents: http://127.0.0.1:{provider_port}/sessions. Ctrl-C stops everything.\n"
    );
    // Ctrl-C reaches the children (they end) while this process keeps running to stop Hydra.
    let status = provider.wait()?;
    let _ = rp.kill();
    let _ = rp.wait();
    drop(server);
    Ok(if status.success() { ExitCode::SUCCESS } else { ExitCode::FAILURE })
}

/// Waits up to a minute for a local port to accept connections.
fn listening(port: u16) -> bool {
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(60);
    while std::time::Instant::now() < deadline {
        if std::net::TcpStream::connect(("127.0.0.1", port)).is_ok() {
            return true;
        }
        std::thread::sleep(std::time::Duration::from_millis(200));
    }
    false
}
