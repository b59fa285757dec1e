//! `hydra-login-consent`: serves the login, consent and logout pages Hydra redirects the browser to.
//!
//! ```text
//! hydra-login-consent --listen 127.0.0.1:4999 --hydra-admin-url http://127.0.0.1:4445 --users users.json
//! hydra-login-consent hash-password < password.txt
//! ```

use std::io::Read as _;
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Duration;

use anyhow::Context as _;
use clap::{Parser, Subcommand, ValueEnum};
use hydra_login_consent::app::{router, Provider};
use hydra_login_consent::signing::Signer;
use hydra_login_consent::users::{hash_password, Users};
use hydra_login_consent::v1::V1Admin;

/// Login, consent and logout provider for ORY Hydra.
#[derive(Debug, Parser)]
#[command(version, about, args_conflicts_with_subcommands = true)]
struct Cli {
    #[command(subcommand)]
    command: Option<Command>,
    /// Address to listen on; Hydra's urls.login, urls.consent and urls.logout point here.
    #[arg(long, env = "HLC_LISTEN", default_value = "127.0.0.1:4999")]
    listen: String,
    /// Hydra's Admin API.
    #[arg(long, env = "HYDRA_ADMIN_URL", default_value = "http://127.0.0.1:4445")]
    hydra_admin_url: String,
    /// The users file (JSON, argon2 hashes).
    #[arg(long, env = "HLC_USERS")]
    users: Option<PathBuf>,
    /// Key for the CSRF tokens and the session cookie (random at start when unset: every open form and
    /// session then ends with the process).
    #[arg(long, env = "HLC_SECRET", hide_env_values = true)]
    secret: Option<String>,
    /// The provider's public base URL; when it is https, cookies are marked Secure.
    #[arg(long, env = "HLC_PUBLIC_URL")]
    public_url: Option<String>,
    /// Which Hydra server line the Admin API belongs to.
    #[arg(long, value_enum, default_value = "v1")]
    server_line: ServerLine,
    /// How long remembered logins and consents last, in seconds.
    #[arg(long, default_value_t = 3600)]
    remember_for: u64,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
enum ServerLine {
    /// Hydra v1.x, through ory-hydra-v1-client.
    V1,
    /// Hydra v2.x (needs the v2 client).
    V2,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Read a password from standard input and print its argon2id hash for the users file.
    HashPassword,
}

#[tokio::main]
async fn main() -> ExitCode {
    match run(Cli::parse()).await {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("hydra-login-consent: {e:#}");
            ExitCode::FAILURE
        }
    }
}

async fn run(cli: Cli) -> anyhow::Result<()> {
    if let Some(Command::HashPassword) = cli.command {
        let mut password = String::new();
        std::io::stdin().read_to_string(&mut password)?;
        println!("{}", hash_password(password.trim_end_matches(['\r', '\n']))?);
        return Ok(());
    }
    let users = Users::load(&cli.users.context("--users (or HLC_USERS) is required")?)?;
    let signer = match &cli.secret {
        Some(s) if s.len() >= 32 => Signer::new(s.as_bytes()),
        Some(_) => anyhow::bail!("--secret must be at least 32 characters"),
        None => Signer::random(),
    };
    let secure_cookies = cli.public_url.as_deref().is_some_and(|u| u.starts_with("https://"));
    let admin = match cli.server_line {
        ServerLine::V1 => {
            let client =
                ory_hydra_v1_client::Client::builder(&cli.hydra_admin_url).timeout(Duration::from_secs(10)).build()?;
            V1Admin::for_server(client).await.context("cannot reach Hydra's Admin API")?
        }
        ServerLine::V2 => {
            anyhow::bail!("--server-line v2 is not available in this build (the v2 client does not exist yet)")
        }
    };
    let provider =
        Provider { admin, users, signer, secure_cookies, remember_for: Duration::from_secs(cli.remember_for) };
    let listener =
        tokio::net::TcpListener::bind(&cli.listen).await.with_context(|| format!("cannot listen on {}", cli.listen))?;
    eprintln!("hydra-login-consent: listening on http://{}", listener.local_addr()?);
    hydra_login_consent::serve(listener, router(provider)).await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn the_v2_line_says_it_is_not_available_yet() {
        let users = concat!(env!("CARGO_MANIFEST_DIR"), "/demo-users.json");
        let cli = Cli::try_parse_from(["hydra-login-consent", "--server-line", "v2", "--users", users]).unwrap();
        let err = run(cli).await.unwrap_err().to_string();
        assert!(err.contains("not available in this build"), "{err}");
        assert!(Cli::try_parse_from(["hydra-login-consent", "--server-line", "v3"]).is_err());
    }
}
