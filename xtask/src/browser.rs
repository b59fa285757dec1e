//! The provider's browser suite (`provider/tests/browser`): a real Chromium through chromedriver against
//! the login and consent provider and a real Hydra, once per Hydra version. The suite starts and stops its
//! own Hydra (it must tell Hydra the provider's port and a short request TTL), so this module only runs
//! it per version (v1 and v2 alike) and collects one result line each, e.g.
//! `browser v2.3.0: ok. 22 passed; 0 failed; ...`.

use std::io::{BufRead as _, BufReader};
use std::path::Path;
use std::process::Stdio;

use anyhow::Context as _;

use crate::server::cargo;

/// The provider's `--server-line` for a Hydra version: `v1` for v1.x, `v2` for v2.x and the calendar
/// versions after it (v25.4.0, v26.2.0); `None` for a name that is not a version.
pub fn server_line(version: &str) -> Option<&'static str> {
    let major = version.strip_prefix('v')?.split('.').next()?.parse::<u32>().ok()?;
    match major {
        0 => None,
        1 => Some("v1"),
        _ => Some("v2"),
    }
}

/// Whether the provider (and so its browser suite) runs against a Hydra of `version`: both lines.
pub fn supported(version: &str) -> bool {
    server_line(version).is_some()
}

/// What one run of the browser suite came to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Outcome {
    /// The Hydra version.
    pub version: String,
    /// Whether the run succeeded.
    pub passed: bool,
    /// libtest's summary, e.g. `ok. 17 passed; 0 failed; ...`.
    pub summary: Option<String>,
}

impl Outcome {
    /// The result line printed for this server.
    pub fn line(&self) -> String {
        let summary = self.summary.as_deref().unwrap_or(if self.passed { "ok" } else { "FAILED (no test summary)" });
        format!("browser {}: {summary}", self.version)
    }
}

/// Runs the browser suite against a local Hydra of `version`, echoing its output.
pub fn run_suite(root: &Path, version: &str, state: &Path) -> anyhow::Result<Outcome> {
    println!("== cargo test -p hydra-login-consent --test browser   (Chromium, Hydra {version})");
    let mut child = cargo()
        .current_dir(root)
        .args(["test", "-p", "hydra-login-consent", "--test", "browser"])
        .env("HYDRA_BROWSER", "1")
        .env("HYDRA_VERSION", version)
        .env("HYDRA_STATE_DIR", state)
        .stdout(Stdio::piped())
        .spawn()
        .context("cannot run cargo")?;
    let mut summary = None;
    if let Some(out) = child.stdout.take() {
        for line in BufReader::new(out).lines() {
            let line = line.context("reading cargo test output")?;
            println!("{line}");
            if let Some(rest) = line.strip_prefix("test result: ") {
                summary = Some(rest.to_string());
            }
        }
    }
    let status = child.wait().context("waiting for cargo test")?;
    Ok(Outcome { version: version.to_string(), passed: status.success(), summary })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_result_line_names_the_server() {
        let o = Outcome { version: "v1.11.10".into(), passed: true, summary: Some("ok. 17 passed; 0 failed".into()) };
        assert_eq!(o.line(), "browser v1.11.10: ok. 17 passed; 0 failed");
        let failed = Outcome { version: "v1.3.2".into(), passed: false, summary: None };
        assert_eq!(failed.line(), "browser v1.3.2: FAILED (no test summary)");
        assert!(supported("v1.3.2") && supported("v1.11.10") && supported("v2.3.0"));
        assert_eq!(server_line("v1.11.10"), Some("v1"));
        assert_eq!(server_line("v2.3.0"), Some("v2"));
        assert_eq!(server_line("v26.2.0"), Some("v2"));
        assert_eq!(server_line("latest"), None);
        assert!(!supported("v0.9.0") && !supported("2.3.0"));
    }
}
