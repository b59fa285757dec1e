//! Where the live suites' login, consent and logout UIs "live": `scripts/hydra.sh` points Hydra's
//! `URLS_LOGIN`, `URLS_CONSENT` and `URLS_LOGOUT` at `127.0.0.1` on `HYDRA_TEST_LISTENER_PORT` (4999
//! when unset), so the suites read the same variable and expect the same URLs. Nothing has to listen
//! there: the tests read the challenges from `Location` headers.

use std::fmt;

/// The listener's base URL, `http://127.0.0.1:<port>`, written by `Display` (so `format!("{LISTENER}/x")`
/// reads the port the server was started with).
pub struct Listener;

/// The one listener of a live run.
pub const LISTENER: Listener = Listener;

impl fmt::Display for Listener {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let port = std::env::var("HYDRA_TEST_LISTENER_PORT").ok().filter(|p| !p.trim().is_empty());
        write!(f, "http://127.0.0.1:{}", port.as_deref().map_or("4999", str::trim))
    }
}
