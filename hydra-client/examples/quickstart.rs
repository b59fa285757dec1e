//! A short tour against a running Hydra Admin API.
//!
//! ```text
//! HYDRA_ADMIN_URL=http://127.0.0.1:4445 cargo run -p ory-hydra-v1-client --example quickstart
//! ```
//!
//! It creates an OAuth 2.0 client, reads it back, lists clients page by page and deletes what it created.

use std::process::ExitCode;
use std::time::Duration;

use futures::TryStreamExt;
use ory_hydra_v1_client::{Client, Error, ListOAuth2ClientsParams, OAuth2Client};

#[tokio::main]
async fn main() -> ExitCode {
    let url = std::env::var("HYDRA_ADMIN_URL").unwrap_or_else(|_| "http://127.0.0.1:4445".to_string());
    match run(&url).await {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) if e.is_transport() => {
            eprintln!("Nothing answers at {url} ({e}).");
            eprintln!("Start a local Hydra with `cargo xtask hydra start` (it prints the admin URL), or point");
            eprintln!("HYDRA_ADMIN_URL at a running Hydra Admin API, e.g. HYDRA_ADMIN_URL=http://127.0.0.1:4445.");
            ExitCode::FAILURE
        }
        Err(e) => {
            eprintln!("error: {e}");
            let mut source = std::error::Error::source(&e);
            while let Some(s) = source {
                eprintln!("  caused by: {s}");
                source = s.source();
            }
            ExitCode::FAILURE
        }
    }
}

async fn run(url: &str) -> Result<(), Error> {
    let hydra = Client::builder(url).timeout(Duration::from_secs(10)).build()?;

    let version = hydra.get_version().await?;
    let health = hydra.is_instance_alive().await?;
    println!("Hydra {} at {url} is {}", version.version.as_str(), health.status.as_str());

    let created = hydra
        .create_o_auth2_client(
            &OAuth2Client::new()
                .with_client_name("quickstart example")
                .with_grant_types(["authorization_code", "refresh_token"])
                .with_response_types(["code"])
                .with_redirect_uris(["http://127.0.0.1:5555/callback"])
                .with_scope("openid offline"),
        )
        .await?;
    let id = created.client_id.clone();
    println!("created client {id} (secret returned once: {})", created.client_secret.is_some());

    let fetched = hydra.get_o_auth2_client(&id).await?;
    println!("read it back: name={:?} redirect_uris={:?}", fetched.client_name, fetched.redirect_uris);

    let first = hydra.list_o_auth2_clients(ListOAuth2ClientsParams::default().limit(10)).await?;
    println!("first page: {} clients, next page at {:?}", first.items.len(), first.next_ref()?);

    let all: Vec<OAuth2Client> =
        hydra.list_o_auth2_clients_stream(ListOAuth2ClientsParams::default().limit(100)).try_collect().await?;
    println!("all clients: {}", all.len());

    hydra.delete_o_auth2_client(&id).await?;
    // Hydra v1.2 answers 404 for a missing client; v1.3 answers 401 with the same meaning.
    match hydra.get_o_auth2_client(&id).await {
        Err(e) if e.is_api() => println!("deleted {id}; reading it again fails as expected: {e}"),
        Err(e) => return Err(e),
        Ok(_) => println!("unexpected: {id} can still be read after delete"),
    }
    Ok(())
}
