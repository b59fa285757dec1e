//! Retries across a real Hydra restart. A binary of its own with a server of its own (own state
//! directory, fixed ports), because restarting the server the live suite uses would break its tests.
//!
//! Runs when `HYDRA_LIVE_RESTART=1` (`cargo xtask test` sets it once per run) and the Hydra binary can be
//! built or is cached; otherwise prints why it skipped.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use ory_hydra_v1_client::{Client, ListOAuth2ClientsParams, OAuth2Client, RetryPolicy};

/// The server this test started; stopped when dropped, also after a failure.
struct Hydra {
    root: PathBuf,
    state: PathBuf,
    ports: (u16, u16),
}

impl Hydra {
    fn script(&self, action: &str) {
        let status = Command::new("bash")
            .arg(self.root.join("scripts/hydra.sh"))
            .arg(action)
            .env("HYDRA_STATE_DIR", &self.state)
            .env("HYDRA_ADMIN_PORT", self.ports.0.to_string())
            .env("HYDRA_PUBLIC_PORT", self.ports.1.to_string())
            .env_remove("HYDRA_ADMIN_URL")
            .env_remove("HYDRA_PUBLIC_URL")
            .stdout(std::process::Stdio::null())
            .status()
            .expect("bash runs");
        assert!(status.success(), "scripts/hydra.sh {action} failed");
    }
}

impl Drop for Hydra {
    fn drop(&mut self) {
        self.script("stop");
    }
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port()
}

fn refuses(port: u16) -> bool {
    std::net::TcpStream::connect(("127.0.0.1", port)).is_err()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn calls_with_retries_ride_out_a_hydra_restart() {
    if std::env::var("HYDRA_LIVE_RESTART").as_deref() != Ok("1") {
        println!(
            "SKIPPED calls_with_retries_ride_out_a_hydra_restart: set HYDRA_LIVE_RESTART=1 (cargo xtask test does)"
        );
        return;
    }
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).parent().unwrap().to_path_buf();
    let state = std::env::var_os("HYDRA_STATE_DIR")
        .map_or_else(|| Path::new(env!("CARGO_TARGET_TMPDIR")).join("hydra-restart"), PathBuf::from);
    let hydra = Hydra { root, state, ports: (free_port(), free_port()) };
    hydra.script("start");
    let client = || {
        Client::builder(format!("http://127.0.0.1:{}", hydra.ports.0))
            .no_proxy()
            .retry(
                RetryPolicy::new(200)
                    .base_delay(Duration::from_millis(50))
                    .max_delay(Duration::from_millis(300))
                    .total_budget(Duration::from_secs(90)),
            )
            .build()
            .unwrap()
    };
    let before = client().create_o_auth2_client(&OAuth2Client::new().with_client_id("before-restart")).await.unwrap();
    assert_eq!(before.client_id, "before-restart");
    // A client with no pooled connection to the old server: a POST written to a kept-alive connection
    // the old server dropped may have reached it, so it is rightly not resent (that case is covered by
    // transport_retries); this test is about calls refused at connect.
    let admin = client();

    // Restart in the background; once the admin port refuses connections, call through the outage.
    let port = hydra.ports.0;
    let restarting = std::thread::spawn(move || {
        hydra.script("restart");
        hydra
    });
    let down_since = Instant::now();
    while !refuses(port) {
        assert!(down_since.elapsed() < Duration::from_secs(30), "the admin port never went down");
        std::thread::sleep(Duration::from_millis(5));
    }
    // Both go out while nothing listens: refused connections, retried until the new server answers.
    let during = OAuth2Client::new().with_client_id("during-restart");
    let (created, listed) = tokio::join!(
        admin.create_o_auth2_client(&during),
        admin.list_o_auth2_clients(ListOAuth2ClientsParams::default()),
    );
    let created = created.expect("a POST refused at connect is retried across the restart");
    assert_eq!(created.client_id, "during-restart");
    listed.expect("a GET is retried across the restart");
    let hydra = restarting.join().expect("restart thread");

    // The in-memory store started empty: the earlier client is gone, so the server really restarted
    // (a missing client is 404, or 401 on Hydra v1.3, see QUIRKS.md).
    let gone = admin.get_o_auth2_client("before-restart").await.unwrap_err();
    assert!(gone.is_not_found() || gone.is_unauthorized(), "{gone:?}");
    admin.get_o_auth2_client("during-restart").await.unwrap();
    drop(hydra);
}
