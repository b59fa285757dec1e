//! Which Hydra server line the provider talks to, and a client of that line's crate.
//!
//! Hydra v1 and v2 serve the Admin API on different paths (v2 under `/admin`) and with different
//! models, so each line has its own client crate; `/version` answers on both, which is how
//! [`ServerLine::detect`] tells them apart.

use std::time::Duration;

use anyhow::Context as _;

/// A Hydra server line.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ServerLine {
    /// Hydra v1.x (v1.3.2 to v1.11.10), through ory-hydra-v1-client.
    V1,
    /// Hydra v2.x (v2.3.0 on), through ory-hydra-v2-client.
    V2,
}

impl ServerLine {
    /// The line of a version string such as `v1.11.10` or `v2.3.0`; later calendar versions (`v25.4.0`)
    /// belong to the v2 line. `None` for anything else.
    pub fn of_version(version: &str) -> Option<ServerLine> {
        let major = version.trim().trim_start_matches('v').split('.').next()?.parse::<u32>().ok()?;
        match major {
            0 => None,
            1 => Some(ServerLine::V1),
            _ => Some(ServerLine::V2),
        }
    }

    /// Asks the server at `admin_url` its version (`GET /version`, on both lines) and returns its line.
    pub async fn detect(admin_url: &str) -> anyhow::Result<ServerLine> {
        let probe = ory_hydra_v1_client::Client::builder(admin_url).timeout(Duration::from_secs(10)).build()?;
        let version = probe.get_version().await.context("cannot ask Hydra's Admin API its version")?;
        let version = version.version;
        ServerLine::of_version(&version).with_context(|| format!("Hydra reports an unknown version {version:?}"))
    }
}

/// A configured client of one line's crate, for what both the provider and the sample relying party do
/// with Hydra.
#[derive(Debug, Clone)]
pub enum Hydra {
    /// A Hydra v1 server.
    V1(ory_hydra_v1_client::Client),
    /// A Hydra v2 server.
    V2(ory_hydra_v2_client::Client),
}

impl Hydra {
    /// A client of `line` for the Admin API at `admin_url` and the public API at `public_url`.
    pub fn connect(line: ServerLine, admin_url: &str, public_url: &str) -> anyhow::Result<Hydra> {
        let timeout = Duration::from_secs(15);
        Ok(match line {
            ServerLine::V1 => Hydra::V1(
                ory_hydra_v1_client::Client::builder(admin_url).public_url(public_url).timeout(timeout).build()?,
            ),
            ServerLine::V2 => Hydra::V2(
                ory_hydra_v2_client::Client::builder(admin_url).public_url(public_url).timeout(timeout).build()?,
            ),
        })
    }

    /// The line of this client.
    pub fn line(&self) -> ServerLine {
        match self {
            Hydra::V1(_) => ServerLine::V1,
            Hydra::V2(_) => ServerLine::V2,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn versions_map_to_their_line() {
        assert_eq!(ServerLine::of_version("v1.3.2"), Some(ServerLine::V1));
        assert_eq!(ServerLine::of_version("v1.11.10"), Some(ServerLine::V1));
        assert_eq!(ServerLine::of_version("v2.3.0"), Some(ServerLine::V2));
        assert_eq!(ServerLine::of_version("2.3.0"), Some(ServerLine::V2));
        assert_eq!(ServerLine::of_version("v26.2.0"), Some(ServerLine::V2));
        assert_eq!(ServerLine::of_version("v0.9.0"), None);
        assert_eq!(ServerLine::of_version("master"), None);
        assert_eq!(ServerLine::of_version(""), None);
    }
}
