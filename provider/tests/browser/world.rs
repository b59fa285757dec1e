//! What the browser cases share: a real Hydra (started with scripts/hydra.sh), the provider on the port
//! Hydra sends the browser to, chromedriver, and a way to open a fresh Chromium and a fresh relying party
//! (a client of its own, so Hydra's remembered consents of one case never reach another).

use std::net::TcpListener as StdListener;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use anyhow::{bail, Context as _};
use fantoccini::wd::Capabilities;
use hydra_login_consent::admin::Admin;
use hydra_login_consent::app::{router, Provider};
use hydra_login_consent::line::{Hydra, ServerLine};
use hydra_login_consent::relying_party::{self, RelyingParty};
use hydra_login_consent::signing::Signer;
use hydra_login_consent::users::Users;
use hydra_login_consent::v1::V1Admin;
use hydra_login_consent::v2::V2Admin;

/// How long Hydra keeps a login or consent request open in this suite; the expiry case waits longer.
pub const REQUEST_TTL: Duration = Duration::from_secs(15);

/// The shared fixtures.
pub struct World {
    /// Runs the provider, the relying parties and the cases.
    pub rt: tokio::runtime::Runtime,
    /// The repository root.
    pub root: PathBuf,
    /// The Hydra version under test.
    pub version: String,
    /// Its server line.
    pub line: ServerLine,
    state_dir: PathBuf,
    /// Hydra's Admin and public API.
    pub hydra: Hydra,
    /// Hydra's public URL.
    pub public_url: String,
    /// The provider's base URL.
    pub provider_url: String,
    chromedriver: Child,
    /// chromedriver's URL.
    pub webdriver_url: String,
    profiles: AtomicUsize,
}

/// The provider on `admin`, with the demo users and a fresh key.
fn provider<A: Admin>(admin: A, users: Users) -> Provider<A> {
    Provider { admin, users, signer: Signer::random(), secure_cookies: false, remember_for: Duration::from_secs(3600) }
}

fn free_port() -> anyhow::Result<u16> {
    Ok(StdListener::bind("127.0.0.1:0")?.local_addr()?.port())
}

fn hydra_script(root: &Path, state: &Path, args: &[&str], envs: &[(&str, String)]) -> anyhow::Result<String> {
    let out = Command::new("bash")
        .arg(root.join("scripts/hydra.sh"))
        .args(args)
        .env("HYDRA_STATE_DIR", state)
        .envs(envs.iter().map(|(k, v)| (*k, v.as_str())))
        .stderr(Stdio::inherit())
        .output()
        .context("cannot run scripts/hydra.sh")?;
    if !out.status.success() {
        bail!("scripts/hydra.sh {} failed", args.join(" "));
    }
    Ok(String::from_utf8_lossy(&out.stdout).into_owned())
}

impl World {
    /// Starts everything; the version comes from `HYDRA_VERSION` (default v1.11.10).
    pub fn start() -> anyhow::Result<World> {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).parent().context("no workspace root")?.to_path_buf();
        let version = std::env::var("HYDRA_VERSION").unwrap_or_else(|_| "v1.11.10".into());
        let line = ServerLine::of_version(&version).with_context(|| format!("no server line for {version}"))?;
        let state_dir = std::env::var_os("HYDRA_STATE_DIR")
            .map_or_else(|| root.join("target/hydra-browser"), PathBuf::from)
            .join("browser");
        let rt = tokio::runtime::Builder::new_multi_thread().worker_threads(2).enable_all().build()?;
        // The provider's port first: Hydra is told to send the browser there.
        let listener = rt.block_on(tokio::net::TcpListener::bind("127.0.0.1:0"))?;
        let provider_port = listener.local_addr()?.port();
        let _ = hydra_script(&root, &state_dir, &["stop", &version], &[]);
        let env = hydra_script(
            &root,
            &state_dir,
            &["start", &version],
            &[
                ("HYDRA_TEST_LISTENER_PORT", provider_port.to_string()),
                ("HYDRA_TTL_LOGIN_CONSENT_REQUEST", format!("{}s", REQUEST_TTL.as_secs())),
            ],
        )?;
        let var = |k: &str| {
            env.lines()
                .find_map(|l| l.strip_prefix("export ").unwrap_or(l).strip_prefix(&format!("{k}=")).map(str::to_string))
                .with_context(|| format!("scripts/hydra.sh printed no {k}"))
        };
        let (admin_url, public_url) = (var("HYDRA_ADMIN_URL")?, var("HYDRA_PUBLIC_URL")?);
        let hydra = Hydra::connect(line, &admin_url, &public_url)?;
        let users = Users::load(&root.join("provider/demo-users.json"))?;
        let routes = match &hydra {
            Hydra::V1(client) => router(provider(rt.block_on(V1Admin::for_server(client.clone()))?, users)),
            Hydra::V2(client) => router(provider(V2Admin::new(client.clone(), &public_url, REQUEST_TTL)?, users)),
        };
        let _guard = rt.enter();
        rt.spawn(hydra_login_consent::serve(listener, routes));
        let (chromedriver, webdriver_url) = start_chromedriver()?;
        Ok(World {
            rt,
            root,
            version,
            line,
            state_dir,
            hydra,
            public_url,
            provider_url: format!("http://127.0.0.1:{provider_port}"),
            chromedriver,
            webdriver_url,
            profiles: AtomicUsize::new(0),
        })
    }

    /// A fresh Chromium (own profile: no cookies) driven over WebDriver.
    pub async fn browser(&self) -> anyhow::Result<Browser> {
        let n = self.profiles.fetch_add(1, Ordering::SeqCst);
        let profile = std::env::temp_dir().join(format!("hlc-chromium-{}-{n}", std::process::id()));
        let _ = std::fs::remove_dir_all(&profile);
        let mut args = vec![
            "--headless=new".to_string(),
            "--disable-gpu".into(),
            "--disable-quic".into(),
            "--no-first-run".into(),
            "--disable-background-networking".into(),
            "--disable-component-update".into(),
            "--disable-sync".into(),
            "--disable-dev-shm-usage".into(),
            "--window-size=720,560".into(),
            format!("--user-data-dir={}", profile.display()),
        ];
        if is_root() {
            args.push("--no-sandbox".into());
        }
        let mut opts = serde_json::json!({ "args": args });
        if let Ok(bin) = std::env::var("CHROME_BIN") {
            opts["binary"] = bin.into();
        }
        let mut caps = Capabilities::new();
        caps.insert("goog:chromeOptions".into(), opts);
        let connector = hyper_util::client::legacy::connect::HttpConnector::new();
        let client = fantoccini::ClientBuilder::new(connector)
            .capabilities(caps)
            .connect(&self.webdriver_url)
            .await
            .context("cannot open a Chromium session")?;
        Ok(Browser { client, profile })
    }

    /// A relying party with a client of its own, served on a free port.
    pub async fn relying_party(&self) -> anyhow::Result<RelyingParty> {
        self.relying_party_with(false).await
    }

    /// A relying party whose client has `skip_consent` set as given (Hydra v2 only).
    pub async fn relying_party_with(&self, skip_consent: bool) -> anyhow::Result<RelyingParty> {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
        let base = format!("http://{}", listener.local_addr()?);
        let rp = RelyingParty::register_client(self.hydra.clone(), &self.public_url, &base, skip_consent).await?;
        tokio::spawn(hydra_login_consent::serve(listener, relying_party::router(rp.clone())));
        Ok(rp)
    }
}

impl Drop for World {
    fn drop(&mut self) {
        let _ = self.chromedriver.kill();
        let _ = self.chromedriver.wait();
        if let Err(e) = hydra_script(&self.root, &self.state_dir, &["stop", &self.version], &[]) {
            eprintln!("warning: could not stop Hydra: {e:#}");
        }
    }
}

/// A browser session and its profile directory, removed at the end.
pub struct Browser {
    /// The WebDriver client.
    pub client: fantoccini::Client,
    profile: PathBuf,
}

impl Browser {
    /// Ends the session and removes the profile.
    pub async fn close(self) {
        let _ = self.client.close().await;
        let _ = std::fs::remove_dir_all(&self.profile);
    }
}

fn is_root() -> bool {
    Command::new("id").arg("-u").output().is_ok_and(|o| String::from_utf8_lossy(&o.stdout).trim() == "0")
}

/// Whether chromedriver is installed (scripts/chromium.sh installs it with Chromium).
pub fn chromium_installed() -> bool {
    let bin = std::env::var("CHROMEDRIVER_BIN").unwrap_or_else(|_| "chromedriver".into());
    Command::new(bin).arg("--version").output().is_ok_and(|o| o.status.success())
}

fn start_chromedriver() -> anyhow::Result<(Child, String)> {
    let port = free_port()?;
    let bin = std::env::var("CHROMEDRIVER_BIN").unwrap_or_else(|_| "chromedriver".into());
    let mut child = Command::new(&bin)
        .arg(format!("--port={port}"))
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .with_context(|| format!("cannot start {bin} (run scripts/chromium.sh)"))?;
    let deadline = Instant::now() + Duration::from_secs(20);
    while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
        if Instant::now() > deadline {
            let _ = child.kill();
            bail!("chromedriver did not listen on port {port}");
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    Ok((child, format!("http://127.0.0.1:{port}")))
}
