//! A printed walk-through of ory-hydra-v1-client against a live Hydra: register a client, drive one
//! login → consent → token flow as a browser would, introspect the token, page through clients,
//! and clean up.
//!
//! `cargo xtask demo` starts a local Hydra, runs this and stops the server. To run it against a Hydra you
//! already have, set both URLs:
//!
//! ```text
//! HYDRA_ADMIN_URL=http://127.0.0.1:4445 HYDRA_PUBLIC_URL=http://127.0.0.1:4444 \
//!     cargo run -p ory-hydra-v1-client --example demo
//! ```

use std::process::ExitCode;
use std::time::Duration;

use futures::TryStreamExt;
use ory_hydra_v1_client::{
    AcceptConsentRequest, AcceptLoginRequest, Client, ConsentRequestSession, IntrospectOAuth2TokenParams,
    ListOAuth2ClientsParams, OAuth2Client, RawObject,
};

type BoxError = Box<dyn std::error::Error + Send + Sync>;

const REDIRECT_URI: &str = "http://127.0.0.1:5555/callback";

#[tokio::main]
async fn main() -> ExitCode {
    let admin = std::env::var("HYDRA_ADMIN_URL").unwrap_or_else(|_| "http://127.0.0.1:4445".into());
    let public = std::env::var("HYDRA_PUBLIC_URL").unwrap_or_else(|_| "http://127.0.0.1:4444".into());
    match run(&admin, &public).await {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("\ndemo failed: {e}");
            let mut source = e.source();
            while let Some(s) = source {
                eprintln!("  caused by: {s}");
                source = s.source();
            }
            if e.downcast_ref::<ory_hydra_v1_client::Error>().is_some_and(|e| e.is_transport()) {
                eprintln!(
                    "Is Hydra running? `cargo xtask demo` starts one; or set HYDRA_ADMIN_URL and HYDRA_PUBLIC_URL."
                );
            }
            ExitCode::FAILURE
        }
    }
}

fn step(n: u32, text: &str) {
    println!("\n[{n}] {text}");
}

async fn run(admin: &str, public: &str) -> Result<(), BoxError> {
    let hydra = Client::builder(admin).timeout(Duration::from_secs(15)).build()?;
    // The "browser": keeps Hydra's session cookies and lets us look at each redirect.
    let browser = reqwest::Client::builder()
        .cookie_store(true)
        .redirect(reqwest::redirect::Policy::none())
        .timeout(Duration::from_secs(15))
        .build()?;

    step(1, "Server");
    let version = hydra.get_version().await?;
    let alive = hydra.is_instance_alive().await?;
    println!("    Hydra {} at {admin}: {}", version.version.unwrap_or_default(), alive.status.unwrap_or_default());

    step(2, "Register an OAuth 2.0 client");
    let client = hydra
        .create_o_auth2_client(
            &OAuth2Client::new()
                .with_client_name("ory-hydra-v1-client demo")
                .with_grant_types(["authorization_code", "refresh_token"])
                .with_response_types(["code"])
                .with_redirect_uris([REDIRECT_URI])
                .with_scope("openid offline profile")
                .with_token_endpoint_auth_method("client_secret_basic"),
        )
        .await?;
    let client_id = client.client_id.clone().ok_or("Hydra returned no client_id")?;
    let secret = client.client_secret.clone().ok_or("Hydra returned no client_secret")?;
    println!("    client_id = {client_id}");
    println!("    Debug print hides the secret: client_secret: {:?}", client.client_secret.as_ref().map(|_| "…"));
    println!("    {client:?}");

    step(3, "A user agent starts the authorization-code flow");
    let auth_url = format!(
        "{public}/oauth2/auth?client_id={}&response_type=code&scope=openid+offline+profile&state=demo-state-123456&redirect_uri={}",
        enc(&client_id),
        enc(REDIRECT_URI)
    );
    let login_challenge = query_param(&location(&browser, &auth_url).await?, "login_challenge")?;
    println!("    redirected to the login provider with login_challenge={}…", short(&login_challenge));

    step(4, "Login provider: fetch and accept the login request");
    let login = hydra.get_login_request(&login_challenge).await?;
    println!(
        "    client {:?} asks for scopes {:?}; skip = {:?}",
        login.client.and_then(|c| c.client_id),
        login.requested_scope,
        login.skip
    );
    let done = hydra
        .accept_login_request(
            &login_challenge,
            &AcceptLoginRequest::new("alice@example.com").with_remember(true).with_remember_for(3600),
        )
        .await?;
    let redirect = done.redirect_to.ok_or("no redirect_to after login")?;

    step(5, "Consent provider: fetch and accept the consent request");
    let consent_challenge = query_param(&location(&browser, &redirect).await?, "consent_challenge")?;
    let consent = hydra.get_consent_request(&consent_challenge).await?;
    println!("    subject {:?} is asked to grant {:?}", consent.subject, consent.requested_scope);
    // Session claims are free-form JSON: any serializable value that is an object.
    let claims = RawObject::new(&serde_json::json!({ "role": "demo-user" }))?;
    let done = hydra
        .accept_consent_request(
            &consent_challenge,
            &AcceptConsentRequest::new()
                .with_grant_scope(consent.requested_scope.unwrap_or_default())
                .with_session(ConsentRequestSession::new().with_access_token(claims)),
        )
        .await?;
    let redirect = done.redirect_to.ok_or("no redirect_to after consent")?;

    step(6, "The client receives a code and exchanges it for tokens");
    let code = query_param(&location(&browser, &redirect).await?, "code")?;
    println!("    authorization code {}…", short(&code));
    let token: serde_json::Value = browser
        .post(format!("{public}/oauth2/token"))
        .basic_auth(&client_id, Some(&secret))
        .form(&[("grant_type", "authorization_code"), ("code", code.as_str()), ("redirect_uri", REDIRECT_URI)])
        .send()
        .await?
        .error_for_status()?
        .json()
        .await?;
    let access_token = token["access_token"].as_str().ok_or("no access_token in the token response")?.to_string();
    println!("    got an access token ({} chars), scope {:?}", access_token.len(), token["scope"]);

    step(7, "Resource server: introspect the token");
    let info = hydra.introspect_o_auth2_token(&access_token, IntrospectOAuth2TokenParams::default()).await?;
    println!("    active={} sub={:?} scope={:?} ext={:?}", info.active, info.sub, info.scope, info.ext);

    step(8, "List clients page by page (limit 2), then all at once as a stream");
    let mut extra_ids = Vec::new();
    for i in 0..4 {
        let c = hydra.create_o_auth2_client(&OAuth2Client::new().with_client_name(format!("demo extra {i}"))).await?;
        extra_ids.push(c.client_id.unwrap_or_default());
    }
    let mut page = hydra.list_o_auth2_clients(ListOAuth2ClientsParams::default().limit(2)).await?;
    loop {
        let names: Vec<String> = page.items.iter().map(|c| c.client_name.clone().unwrap_or_default()).collect();
        println!(
            "    offset {:>2}: {:?}  (next: {:?})",
            page.request().offset,
            names,
            page.next_ref()?.map(|r| r.offset)
        );
        match page.next_page().await? {
            Some(next) => page = next,
            None => break,
        }
    }
    let all: Vec<OAuth2Client> =
        hydra.list_o_auth2_clients_stream(ListOAuth2ClientsParams::default().limit(2)).try_collect().await?;
    println!("    the stream yields {} clients and stops (Hydra sends a `next` link even past the end)", all.len());

    step(9, "Clean up: revoke the consent, delete the clients");
    hydra.revoke_consent_sessions("alice@example.com", Default::default()).await?;
    let info = hydra.introspect_o_auth2_token(&access_token, IntrospectOAuth2TokenParams::default()).await?;
    println!("    after revoking consent the token is active={}", info.active);
    for id in extra_ids.iter().chain([&client_id]) {
        hydra.delete_o_auth2_client(id).await?;
    }
    match hydra.get_o_auth2_client(&client_id).await {
        Err(e) if e.is_api() => println!("    {client_id} is gone: {e}"),
        Err(e) => return Err(e.into()),
        Ok(_) => return Err("client still exists after delete".into()),
    }
    println!("\nDone.");
    Ok(())
}

/// GETs `url` and returns where it redirects to.
async fn location(browser: &reqwest::Client, url: &str) -> Result<String, BoxError> {
    let resp = browser.get(url).send().await?;
    let status = resp.status();
    let to = resp.headers().get(reqwest::header::LOCATION).and_then(|v| v.to_str().ok()).map(str::to_owned);
    match to {
        Some(to) if status.is_redirection() => Ok(to),
        _ => {
            Err(format!("expected a redirect from {url}, got {status}: {}", resp.text().await.unwrap_or_default())
                .into())
        }
    }
}

fn query_param(url: &str, name: &str) -> Result<String, BoxError> {
    let parsed = url::Url::parse(url)?;
    if let Some((_, v)) = parsed.query_pairs().find(|(k, _)| k == "error") {
        return Err(format!("the flow ended with error={v} ({url})").into());
    }
    parsed
        .query_pairs()
        .find(|(k, _)| k == name)
        .map(|(_, v)| v.into_owned())
        .ok_or_else(|| format!("no {name} in {url}").into())
}

fn enc(s: &str) -> String {
    url::form_urlencoded::byte_serialize(s.as_bytes()).collect()
}

fn short(s: &str) -> &str {
    s.get(..12).unwrap_or(s)
}
