//! `sample-rp`: registers a client at Hydra and serves the sample relying party, so a person can click
//! through the login and consent pages (`cargo xtask serve` runs it).

use std::time::Duration;

use anyhow::Context as _;
use clap::Parser;
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
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let cli = Cli::parse();
    let hydra = ory_hydra_v1_client::Client::builder(&cli.hydra_admin_url)
        .public_url(&cli.hydra_public_url)
        .timeout(Duration::from_secs(10))
        .build()?;
    let listener =
        tokio::net::TcpListener::bind(&cli.listen).await.with_context(|| format!("cannot listen on {}", cli.listen))?;
    let base = format!("http://{}", listener.local_addr()?);
    let rp = RelyingParty::register(hydra, &cli.hydra_public_url, &base).await?;
    println!("sample-rp: open {base}/ in a browser (client {})", rp.client_id);
    hydra_login_consent::serve(listener, router(rp)).await?;
    Ok(())
}
