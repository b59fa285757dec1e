//! `cargo xtask test`: the whole test suite in one command.
//!
//! First `cargo test --workspace` (unit, httpmock, trybuild and snapshot tests; the live tests skip
//! there), then the httpmock suites again on the `reqwest` transport (`HYDRA_TEST_TRANSPORT=reqwest`,
//! the first run used the built-in one), then a live suite against real Hydras: one local server per
//! version in `tests/hydra-server/` (v1.3.2, v1.11.10, v2.3.0), each started, tested and stopped in
//! turn; or the one `HYDRA_ADMIN_URL` and `HYDRA_PUBLIC_URL` point at. v1 servers get the v1 suite
//! (`tests/tests/live.rs`), v2 servers the v2 one (`tests/tests/live_v2.rs`), see [`live_target`].
//!
//! Every live run ends with a result line per server, e.g.
//! `live v1.11.10: ok. 52 passed; 0 failed; 0 ignored; 0 measured; 0 filtered out; 0 skipped`, followed by
//! one line per test that skipped itself because that server version lacks what it tests.

use std::collections::BTreeMap;
use std::io::{BufRead as _, BufReader};
use std::path::Path;
use std::process::{ExitCode, Stdio};

use anyhow::Context as _;

use crate::server::{cargo, versions, Server};

/// Command-line options of `cargo xtask test`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Skip the live suite against a real Hydra.
    #[arg(long)]
    pub no_live: bool,
    /// Only run the live suite.
    #[arg(long, conflicts_with = "no_live")]
    pub live_only: bool,
    /// Run the live suite against this Hydra version only (repeatable; default: every version in
    /// tests/hydra-server).
    #[arg(long = "hydra", value_name = "VERSION")]
    pub versions: Vec<String>,
    /// Only run the provider's browser suite (Chromium against the login and consent provider and a real
    /// Hydra), once per Hydra version (v1 and v2 alike).
    #[arg(long, conflicts_with_all = ["no_live", "live_only"])]
    pub browser_only: bool,
    /// Skip the provider's browser suite.
    #[arg(long, conflicts_with = "browser_only")]
    pub no_browser: bool,
}

/// Runs the suites in order and stops at the first failure of the workspace tests; the live suite runs
/// against every server even when one fails, so the log shows the result for each.
pub fn run(args: &Args) -> anyhow::Result<ExitCode> {
    let root = crate::workspace_root();
    if args.browser_only {
        return browser_suites(&root, args);
    }
    if !args.live_only {
        println!("== cargo test --workspace");
        let status = cargo().current_dir(&root).args(["test", "--workspace"]).status().context("cannot run cargo")?;
        if !status.success() {
            return Ok(ExitCode::FAILURE);
        }
        println!("== httpmock suites again, through a caller-supplied reqwest::Client");
        let status = cargo()
            .current_dir(&root)
            .args(["test", "-p", "hydra-client-tests", "--test", "mock_*"])
            .env("HYDRA_TEST_TRANSPORT", "reqwest")
            .status()
            .context("cannot run cargo")?;
        if !status.success() {
            return Ok(ExitCode::FAILURE);
        }
    }
    if args.no_live {
        return Ok(ExitCode::SUCCESS);
    }
    let state = std::env::var_os("HYDRA_STATE_DIR").map_or_else(|| root.join("target/hydra-test"), Into::into);
    let external = ["HYDRA_ADMIN_URL", "HYDRA_PUBLIC_URL"].iter().all(|k| std::env::var_os(k).is_some());
    let mut outcomes = Vec::new();
    if external {
        println!("== live suite against HYDRA_ADMIN_URL / HYDRA_PUBLIC_URL from the environment");
        outcomes.push(live_suite(&root, "external", &BTreeMap::new(), &state.join("external"))?);
    } else {
        let wanted = if args.versions.is_empty() { versions(&root)? } else { args.versions.clone() };
        for version in &wanted {
            println!("== starting a local Hydra {version} for the live suite");
            // The guard stops the server at the end of the iteration, also after a failure.
            let server = Server::start(&root, state.clone(), version)?;
            outcomes.push(live_suite(&root, version, &server.env, &state.join(version))?);
        }
    }
    // Retries across a restart: a test with a server of its own (tests/tests/live_restart.rs).
    let restart_passed = if external {
        true
    } else {
        println!("== cargo test -p hydra-client-tests --test live_restart   (a Hydra of its own, restarted mid-run)");
        cargo()
            .current_dir(&root)
            .args(["test", "-p", "hydra-client-tests", "--test", "live_restart"])
            .env("HYDRA_LIVE_RESTART", "1")
            .env("HYDRA_STATE_DIR", state.join("restart"))
            .status()
            .context("cannot run cargo")?
            .success()
    };
    // The browser suites start Hydras of their own (on the provider's port), so not against an external one.
    let browser_passed =
        args.live_only || args.no_browser || external || browser_suites(&root, args)? == ExitCode::SUCCESS;
    println!("== live suite results");
    for o in &outcomes {
        println!("{}", o.line());
        for skip in &o.skips {
            println!("  skipped: {skip}");
        }
    }
    if !restart_passed {
        println!("live_restart: FAILED");
    }
    Ok(if restart_passed && browser_passed && outcomes.iter().all(|o| o.passed) {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    })
}

/// Runs the provider's browser suite against each requested version and prints one line per server.
fn browser_suites(root: &Path, args: &Args) -> anyhow::Result<ExitCode> {
    let state = std::env::var_os("HYDRA_STATE_DIR").map_or_else(|| root.join("target/hydra-test"), Into::into);
    let wanted = if args.versions.is_empty() { versions(root)? } else { args.versions.clone() };
    let mut outcomes = Vec::new();
    for version in wanted.iter().filter(|v| crate::browser::supported(v)) {
        outcomes.push(crate::browser::run_suite(root, version, &state.join("browser").join(version))?);
    }
    println!("== browser suite results");
    for o in &outcomes {
        println!("{}", o.line());
    }
    Ok(if outcomes.iter().all(|o| o.passed) { ExitCode::SUCCESS } else { ExitCode::FAILURE })
}

/// What one run of the live suite against one server came to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Outcome {
    /// The server's version (or `external`).
    pub label: String,
    /// Whether `cargo test` succeeded.
    pub passed: bool,
    /// libtest's own summary, e.g. `ok. 40 passed; 0 failed; ...`, when it printed one.
    pub summary: Option<String>,
    /// `<test>: <reason>` for every test that skipped itself on this server.
    pub skips: Vec<String>,
}

impl Outcome {
    /// The result line printed for this server.
    pub fn line(&self) -> String {
        let summary = self.summary.as_deref().unwrap_or(if self.passed { "ok" } else { "FAILED (no test summary)" });
        format!("live {}: {summary}; {} skipped", self.label, self.skips.len())
    }
}

/// Runs the live suite with `env` (the server's URLs), echoing its output, and collects the skip records
/// the tests append to `<state>/skips.txt` (`HYDRA_SKIP_LOG`).
fn live_suite(root: &Path, label: &str, env: &BTreeMap<String, String>, state: &Path) -> anyhow::Result<Outcome> {
    std::fs::create_dir_all(state).with_context(|| format!("cannot create {}", state.display()))?;
    let skip_log = state.join("skips.txt");
    let _ = std::fs::remove_file(&skip_log);
    let target = live_target(label);
    println!("== cargo test -p hydra-client-tests --test {target}   (Hydra {label})");
    let mut child = cargo()
        .current_dir(root)
        .args(["test", "-p", "hydra-client-tests", "--test", target])
        .envs(env)
        .env("HYDRA_LIVE_REQUIRED", "1")
        .env("HYDRA_SKIP_LOG", &skip_log)
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
    let skips = match std::fs::read_to_string(&skip_log) {
        Ok(text) => parse_skips(&text),
        Err(_) => Vec::new(),
    };
    Ok(Outcome { label: label.to_string(), passed: status.success(), summary, skips })
}

/// The live test target for a server: `live_v2` (tests/tests/live_v2.rs) for a v2 server, `live` (the
/// v1 suite) for every other label, `external` included.
pub fn live_target(label: &str) -> &'static str {
    let major = label.strip_prefix('v').and_then(|v| v.split('.').next()).and_then(|m| m.parse::<u32>().ok());
    if major == Some(2) {
        "live_v2"
    } else {
        "live"
    }
}

/// The skip records, one per line (`<test>\t<reason>`), sorted, shown as `<test>: <reason>`.
pub fn parse_skips(text: &str) -> Vec<String> {
    let mut skips: Vec<String> = text
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| match l.split_once('\t') {
            Some((test, reason)) => format!("{test}: {reason}"),
            None => l.to_string(),
        })
        .collect();
    skips.sort();
    skips
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn v2_servers_get_the_v2_suite_and_every_other_label_the_v1_one() {
        assert_eq!(live_target("v2.3.0"), "live_v2");
        assert_eq!(live_target("v1.11.10"), "live");
        assert_eq!(live_target("v1.3.2"), "live");
        assert_eq!(live_target("external"), "live");
        // Calendar versions (v25.4.0, v26.2.0) cannot be built here; no suite claims them yet.
        assert_eq!(live_target("v26.2.0"), "live");
    }

    #[test]
    fn skip_records_are_sorted_and_counted_in_the_result_line() {
        let skips = parse_skips("b::two\tneeds v1.11\n\na::one\tneeds v1.7\n");
        assert_eq!(skips, ["a::one: needs v1.7", "b::two: needs v1.11"]);
        let o = Outcome { label: "v1.3.2".into(), passed: true, summary: Some("ok. 3 passed; 0 failed".into()), skips };
        assert_eq!(o.line(), "live v1.3.2: ok. 3 passed; 0 failed; 2 skipped");
        let failed = Outcome { label: "v1.11.10".into(), passed: false, summary: None, skips: vec![] };
        assert_eq!(failed.line(), "live v1.11.10: FAILED (no test summary); 0 skipped");
    }
}
