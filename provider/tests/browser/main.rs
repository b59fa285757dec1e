//! The provider driven by a real Chromium (over WebDriver, with chromedriver) against a real Hydra.
//!
//! `cargo xtask test` runs it once per Hydra version (`HYDRA_VERSION`), with `HYDRA_BROWSER=1`; without
//! that variable every case is reported as ignored, so `cargo test --workspace` stays fast and needs no
//! browser. By hand:
//!
//! ```text
//! bash scripts/chromium.sh      # Debian's chromium and chromium-driver, when missing
//! HYDRA_BROWSER=1 HYDRA_VERSION=v1.11.10 cargo test -p hydra-login-consent --test browser
//! ```
//!
//! A custom harness (libtest-mimic): one Hydra, one provider and one chromedriver for all cases, stopped
//! at the end; each case runs in a fresh browser profile, one case at a time.

mod cases;
mod steps;
mod world;

use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;

use fantoccini::Client;
use libtest_mimic::{Arguments, Failed, Trial};

use crate::world::World;

type Case = fn(Arc<World>, Client) -> Pin<Box<dyn Future<Output = anyhow::Result<()>> + Send>>;

macro_rules! cases {
    ($($name:ident),* $(,)?) => {
        vec![$((stringify!($name), (|w, c| Box::pin(cases::$name(w, c))) as Case)),*]
    };
}

fn all_cases() -> Vec<(&'static str, Case)> {
    cases![
        full_code_flow_with_token_exchange_and_id_token_claims,
        wrong_password_shows_the_form_again,
        partial_scope_grants_only_the_ticked_scopes,
        remembered_login_skips_the_form,
        remembered_consent_skips_consent,
        deny_login,
        deny_consent,
        prompt_none_without_a_session_gives_login_required,
        prompt_login_forces_the_form,
        prompt_consent_forces_the_consent_page,
        a_requested_acr_is_not_claimed_and_amr_reaches_the_id_token,
        max_age_forces_the_form_for_an_older_login,
        logout_yes_ends_the_session,
        logout_no_keeps_the_session,
        forged_or_missing_csrf_is_refused,
        replaying_a_completed_form_is_harmless,
        replaying_a_completed_logout_starts_again,
        expired_challenge_is_refused,
        error_page_shows_hydras_error,
        consent_sessions_are_listed_and_revoked,
        missing_challenge_is_a_bad_request,
        client_with_skip_consent_skips_the_consent_page,
    ]
}

/// Cases about what only Hydra v2 has; on a v1 server they are reported as ignored.
const V2_ONLY: &[&str] = &["client_with_skip_consent_skips_the_consent_page"];

fn main() {
    let mut args = Arguments::from_args();
    // One browser at a time: the machine has few cores, and the cases time Hydra's request TTL.
    args.test_threads = Some(1);
    let enabled = std::env::var("HYDRA_BROWSER").is_ok_and(|v| v == "1");
    let listing = args.list;
    let version = std::env::var("HYDRA_VERSION").unwrap_or_default();
    let v1_server = version.is_empty() || version.starts_with("v1.");
    let world = if enabled && !listing {
        if !world::chromium_installed() {
            eprintln!("browser suite: chromedriver not found; run scripts/chromium.sh");
            std::process::exit(1);
        }
        match World::start() {
            Ok(w) => Some(Arc::new(w)),
            Err(e) => {
                eprintln!("browser suite: cannot start: {e:#}");
                std::process::exit(1);
            }
        }
    } else {
        if !listing {
            eprintln!("browser suite: set HYDRA_BROWSER=1 to run it (cargo xtask test --browser-only does)");
        }
        None
    };
    let trials = all_cases()
        .into_iter()
        .map(|(name, case)| {
            let world = world.clone();
            let wrong_line = v1_server && V2_ONLY.contains(&name);
            Trial::test(name, move || run_case(world, case)).with_ignored_flag(!enabled || wrong_line)
        })
        .collect();
    let conclusion = libtest_mimic::run(&args, trials);
    // Stops chromedriver and Hydra before the process exits.
    if let Some(w) = world {
        match Arc::try_unwrap(w) {
            Ok(w) => drop(w),
            Err(_) => eprintln!("warning: a case still holds the fixtures; Hydra may outlive the run"),
        }
    }
    conclusion.exit();
}

fn run_case(world: Option<Arc<World>>, case: Case) -> Result<(), Failed> {
    let Some(w) = world else { return Ok(()) };
    let rt = w.rt.handle().clone();
    rt.block_on(async {
        let browser = w.browser().await.map_err(|e| Failed::from(format!("{e:#}")))?;
        let result = case(w.clone(), browser.client.clone()).await;
        browser.close().await;
        result.map_err(|e| Failed::from(format!("{e:#}")))
    })
}
