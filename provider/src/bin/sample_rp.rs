//! `sample-rp`: registers a client at Hydra and serves the sample relying party, so a person can click
//! through the login and consent pages (`cargo xtask serve` runs it).

use anyhow::Context as _;
use clap::Parser;
use hydra_login_consent::line::{Hydra, ServerLine};
use hydra_login_consent::relying_party::{router, RelyingParty};

/// Sample OAuth 2.0 client application for the login and consent provider.
#[derive(Debug, Parser)]
#[command(version, about)]
struct Cli {
    /// Address to listen on.
    #[arg(long, default_value = "127.0.0.1:5555")]
    listen: String,
    /// Hydra's Admin API (to register the client).
    #[arg(long, env = "HYDRA_ADMIN_URL")]
    hydra_admin_url: String,
    /// Hydra's public API (where the browser goes, and the token endpoint).
    #[arg(long, env = "HYDRA_PUBLIC_URL")]
    hydra_public_url: String,
    /// Which Hydra server line (default: asked from Hydra's /version).
    #[arg(long, value_enum, env = "HLC_SERVER_LINE")]
    server_line: Option<ServerLine>,
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let cli = Cli::parse();
    let line = match cli.server_line {
        Some(line) => line,
        None => ServerLine::detect(&cli.hydra_admin_url).await?,
    };
    let hydra = Hydra::connect(line, &cli.hydra_admin_url, &cli.hydra_public_url)?;
    let listener =
        tokio::net::TcpListener::bind(&cli.listen).await.with_context(|| format!("cannot listen on {}", cli.listen))?;
    let base = format!("http://{}", listener.local_addr()?);
    let rp = RelyingParty::register(hydra, &cli.hydra_public_url, &base).await?;
    println!("sample-rp: open {base}/ in a browser (client {})", rp.client_id);
    hydra_login_consent::serve(listener, router(rp)).await?;
    Ok(())
}
