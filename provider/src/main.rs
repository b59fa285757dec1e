//! `hydra-login-consent`: serves the login, consent and logout pages Hydra redirects the browser to.
//!
//! ```text
//! hydra-login-consent --listen 127.0.0.1:4999 --hydra-admin-url http://127.0.0.1:4445 \
//!     --hydra-public-url http://127.0.0.1:4444 --users users.json   # the server line is asked for
//! hydra-login-consent --server-line v2 ...                          # or given
//! hydra-login-consent hash-password < password.txt
//! ```

use std::io::Read as _;
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Duration;

use anyhow::Context as _;
use clap::{Parser, Subcommand};
use hydra_login_consent::app::{router, Provider};
use hydra_login_consent::line::ServerLine;
use hydra_login_consent::signing::Signer;
use hydra_login_consent::users::{hash_password, Users};
use hydra_login_consent::v1::V1Admin;
use hydra_login_consent::v2::{V2Admin, DEFAULT_REQUEST_TTL};

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
    /// Hydra's public API: Hydra v2 answers some redirects with a path only, resolved against this URL.
    #[arg(long, env = "HYDRA_PUBLIC_URL", default_value = "http://127.0.0.1:4444")]
    hydra_public_url: String,
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
    /// Which Hydra server line the Admin API belongs to (default: asked from Hydra's /version at start).
    #[arg(long, value_enum, env = "HLC_SERVER_LINE")]
    server_line: Option<ServerLine>,
    /// How long remembered logins and consents last, in seconds (at most a hundred years).
    #[arg(long, default_value_t = 3600, value_parser = lifetime())]
    remember_for: u64,
    /// Hydra v2 only: how long answered login and consent challenges are remembered to refuse a replay,
    /// in seconds; at least Hydra's `ttl.login_consent_request` (default 1h).
    #[arg(long, default_value_t = DEFAULT_REQUEST_TTL.as_secs(), value_parser = lifetime())]
    request_ttl: u64,
}

/// Seconds in a hundred years: longer lifetimes are refused at start, since Hydra takes `remember_for`
/// as an int64 and the clocks the provider adds them to (`Instant`, Unix seconds) overflow before long.
const MAX_LIFETIME_SECS: u64 = 100 * 366 * 24 * 3600;

/// The parser of a lifetime option: seconds, from 0 to [`MAX_LIFETIME_SECS`].
fn lifetime() -> clap::builder::RangedU64ValueParser {
    clap::value_parser!(u64).range(..=MAX_LIFETIME_SECS)
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
    let line = match cli.server_line {
        Some(line) => line,
        None => ServerLine::detect(&cli.hydra_admin_url).await?,
    };
    let remember_for = Duration::from_secs(cli.remember_for);
    let routes = match line {
        ServerLine::V1 => {
            let client =
                ory_hydra_v1_client::Client::builder(&cli.hydra_admin_url).timeout(Duration::from_secs(10)).build()?;
            let admin = V1Admin::for_server(client).await.context("cannot reach Hydra's Admin API")?;
            router(Provider { admin, users, signer, secure_cookies, remember_for })
        }
        ServerLine::V2 => {
            url::Url::parse(&cli.hydra_public_url).context("--hydra-public-url is not a URL")?;
            let client = ory_hydra_v2_client::Client::builder(&cli.hydra_admin_url)
                .public_url(&cli.hydra_public_url)
                .timeout(Duration::from_secs(10))
                .build()?;
            let ttl = Duration::from_secs(cli.request_ttl);
            let admin = V2Admin::new(client, &cli.hydra_public_url, ttl).context("--hydra-public-url is not a URL")?;
            router(Provider { admin, users, signer, secure_cookies, remember_for })
        }
    };
    let listener =
        tokio::net::TcpListener::bind(&cli.listen).await.with_context(|| format!("cannot listen on {}", cli.listen))?;
    eprintln!("hydra-login-consent: listening on http://{} (Hydra {line:?})", listener.local_addr()?);
    hydra_login_consent::serve(listener, routes).await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn the_v2_line_needs_a_public_url_and_unknown_lines_are_refused() {
        let users = concat!(env!("CARGO_MANIFEST_DIR"), "/demo-users.json");
        let args = ["hydra-login-consent", "--server-line", "v2", "--users", users, "--hydra-public-url", "no url"];
        let err = format!("{:#}", run(Cli::try_parse_from(args).unwrap()).await.unwrap_err());
        assert!(err.contains("--hydra-public-url is not a URL"), "{err}");
        assert!(Cli::try_parse_from(["hydra-login-consent", "--server-line", "v3"]).is_err());
        let cli = Cli::try_parse_from(["hydra-login-consent", "--server-line", "v1"]).unwrap();
        assert_eq!(cli.server_line, Some(ServerLine::V1));
    }

    /// A lifetime past a hundred years is refused at start: it used to wrap to a negative `remember_for`
    /// for Hydra and to panic when added to the clock of the replay guard.
    #[test]
    fn lifetimes_too_long_for_the_clocks_are_refused_at_start() {
        for option in ["--remember-for", "--request-ttl"] {
            let huge = u64::MAX.to_string();
            let err = Cli::try_parse_from(["hydra-login-consent", option, &huge]).unwrap_err();
            assert_eq!(err.kind(), clap::error::ErrorKind::ValueValidation, "{option}: {err}");
            let year = (365 * 24 * 3600).to_string();
            assert!(Cli::try_parse_from(["hydra-login-consent", option, &year]).is_ok(), "{option}");
        }
    }
}
