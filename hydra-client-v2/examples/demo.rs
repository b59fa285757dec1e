//! A printed walk-through of ory-hydra-v2-client against a live Hydra v2: register a client, drive one
//! login → consent → token flow with the client's own Public API methods (the browser's steps with
//! `o_auth2_authorize` and `follow`, the code exchange and refresh with `oauth2_token_exchange`), read
//! userinfo and the discovery document, introspect and revoke tokens, page through clients by page
//! token, and clean up.
//!
//! `cargo xtask demo` starts a local Hydra v2.3.0, runs this and stops the server. To run it against a
//! Hydra v2 you already have, set both URLs:
//!
//! ```text
//! HYDRA_ADMIN_URL=http://127.0.0.1:4445 HYDRA_PUBLIC_URL=http://127.0.0.1:4444 \
//!     cargo run -p ory-hydra-v2-client --example demo
//! ```

use std::process::ExitCode;
use std::time::Duration;

use futures::TryStreamExt;
use ory_hydra_v2_client::{
    AcceptOAuth2ConsentRequest, AcceptOAuth2ConsentRequestSession, AcceptOAuth2LoginRequest, Client, ClientCredentials,
    Cookies, GrantType, IntrospectOAuth2TokenParams, ListOAuth2ClientsParams, OAuth2AuthorizeParams, OAuth2Client,
    Oauth2TokenExchangeParams, RawObject, ResponseType, RevokeOAuth2ConsentSessionsParams, RevokeOAuth2TokenParams,
    TokenEndpointAuthMethod,
};

type BoxError = Box<dyn std::error::Error + Send + Sync>;

const REDIRECT_URI: &str = "http://127.0.0.1:5555/callback";
const SUBJECT: &str = "alice@example.com";

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
            if e.downcast_ref::<ory_hydra_v2_client::Error>().is_some_and(|e| e.is_transport()) {
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

/// The walk-through, one function per part of the story.
async fn run(admin: &str, public: &str) -> Result<(), BoxError> {
    let hydra = Client::builder(admin).public_url(public).timeout(Duration::from_secs(15)).build()?;
    // The browser's cookie jar: Hydra's CSRF and session cookies between the steps of the flow.
    let mut browser = Cookies::new();

    step(1, "Server");
    let version = hydra.get_version().await?;
    let alive = hydra.is_alive().await?;
    println!("    Hydra {} at {admin}: {}", version.version.unwrap_or_default(), alive.status);

    let (client_id, secret) = register(&hydra).await?;
    let redirect = log_in(&hydra, &mut browser, &client_id).await?;
    let redirect = consent(&hydra, &mut browser, &redirect).await?;
    let creds = ClientCredentials::basic(&client_id, &secret);
    let (access_token, refresh_token) = exchange(&hydra, &mut browser, &creds, &redirect).await?;

    step(7, "Resource server: introspect the token");
    let info = hydra.introspect_o_auth2_token(&access_token, IntrospectOAuth2TokenParams::default()).await?;
    println!("    active={} sub={:?} scope={:?} ext={:?}", info.active, info.sub, info.scope, info.ext);

    let extra_ids = list_clients(&hydra).await?;
    clean_up(&hydra, &creds, &access_token, refresh_token.as_deref(), &extra_ids, &client_id).await?;
    println!("\nDone.");
    Ok(())
}

/// Step 2: a client for the flow; its id and secret.
async fn register(hydra: &Client) -> Result<(String, String), BoxError> {
    step(2, "Register an OAuth 2.0 client");
    let client = hydra
        .create_o_auth2_client(
            &OAuth2Client::new()
                .with_client_name("ory-hydra-v2-client demo")
                .with_grant_types([GrantType::AuthorizationCode, GrantType::RefreshToken])
                .with_response_types([ResponseType::Code])
                .with_redirect_uris([REDIRECT_URI])
                .with_scope("openid offline profile")
                .with_token_endpoint_auth_method(TokenEndpointAuthMethod::ClientSecretBasic),
        )
        .await?;
    let secret = client.client_secret.clone().ok_or("Hydra returned no client_secret")?;
    println!("    client_id = {}", client.client_id);
    println!("    Debug print hides the secret: client_secret: {:?}", client.client_secret.as_ref().map(|_| "…"));
    Ok((client.client_id, secret))
}

/// Steps 3 and 4: the browser starts the flow and the login provider accepts the login; where Hydra
/// sends the browser next.
async fn log_in(hydra: &Client, browser: &mut Cookies, client_id: &str) -> Result<String, BoxError> {
    step(3, "A user agent starts the authorization-code flow (o_auth2_authorize, redirect not followed)");
    let discovery = hydra.discover_oidc_configuration().await?;
    println!("    issuer {} ; token endpoint {}", discovery.issuer, discovery.token_endpoint);
    let params = OAuth2AuthorizeParams::default()
        .scope("openid offline profile")
        .state("demo-state-123456")
        .redirect_uri(REDIRECT_URI);
    let to_login = hydra.o_auth2_authorize(browser, client_id, "code", params).await?;
    let login_challenge = to_login.query_param("login_challenge").ok_or("no login_challenge in the redirect")?;
    // v2's challenges are the encrypted flow itself (about a kilobyte), not a short id.
    println!(
        "    redirected to the login provider with login_challenge={}… ({} chars)",
        short(&login_challenge),
        login_challenge.len()
    );

    step(4, "Login provider: fetch and accept the login request");
    let login = hydra.get_o_auth2_login_request(&login_challenge).await?;
    println!(
        "    client {} asks for scopes {:?}; skip = {}",
        login.client.client_id, login.requested_scope, login.skip
    );
    let accept = AcceptOAuth2LoginRequest::new(SUBJECT).with_remember(true).with_remember_for(3600);
    let done = hydra.accept_o_auth2_login_request(&login_challenge, &accept).await?;
    Ok(done.redirect_to)
}

/// Step 5: the consent provider grants what was asked; where Hydra sends the browser next.
async fn consent(hydra: &Client, browser: &mut Cookies, redirect: &str) -> Result<String, BoxError> {
    step(5, "Consent provider: fetch and accept the consent request");
    let consent_challenge =
        hydra.follow(redirect, browser).await?.query_param("consent_challenge").ok_or("no consent_challenge")?;
    let consent = hydra.get_o_auth2_consent_request(&consent_challenge).await?;
    println!("    subject {:?} is asked to grant {:?}", consent.subject, consent.requested_scope);
    // Session claims are free-form JSON: any serializable value that is an object.
    let claims = RawObject::new(&serde_json::json!({ "role": "demo-user" }))?;
    let accept = AcceptOAuth2ConsentRequest::new()
        .with_grant_scope(consent.requested_scope)
        .with_grant_access_token_audience(consent.requested_access_token_audience)
        .with_session(AcceptOAuth2ConsentRequestSession::new().with_access_token(claims));
    let done = hydra.accept_o_auth2_consent_request(&consent_challenge, &accept).await?;
    Ok(done.redirect_to)
}

/// Step 6: the client gets its code, exchanges it and refreshes; the live access token and refresh token.
async fn exchange(
    hydra: &Client,
    browser: &mut Cookies,
    creds: &ClientCredentials,
    redirect: &str,
) -> Result<(String, Option<String>), BoxError> {
    step(6, "The client receives a code and exchanges it for tokens");
    let back = hydra.follow(redirect, browser).await?;
    if let Some(error) = back.query_param("error") {
        return Err(format!("the flow ended with error={error}").into());
    }
    let code = back.query_param("code").ok_or("no code in the redirect to the client")?;
    println!("    authorization code {}…", short(&code));
    let params = Oauth2TokenExchangeParams::default().code(code).redirect_uri(REDIRECT_URI);
    let token = hydra.oauth2_token_exchange(creds, GrantType::AuthorizationCode, params).await?;
    println!(
        "    got an access token ({} chars), an ID token: {}, a refresh token: {}, scope {:?}, expires in {}s",
        token.access_token.len(),
        token.id_token.is_some(),
        token.refresh_token.is_some(),
        token.scope,
        token.expires_in
    );
    println!("    Debug print hides the tokens: {token:?}");
    let me = hydra.get_oidc_user_info(&token.access_token).await?;
    println!("    userinfo: sub={:?}", me.sub);
    let refresh_token = token.refresh_token.clone().ok_or("no refresh token")?;
    let params = Oauth2TokenExchangeParams::default().refresh_token(refresh_token);
    let renewed = hydra.oauth2_token_exchange(creds, GrantType::RefreshToken, params).await?;
    // Refreshing replaces the first access token (Hydra revokes it); the new one is the live one.
    println!("    refreshed: a new access token ({} chars)", renewed.access_token.len());
    Ok((renewed.access_token, renewed.refresh_token))
}

/// Step 8: more clients, listed page by page and as a stream; their ids.
async fn list_clients(hydra: &Client) -> Result<Vec<String>, BoxError> {
    step(8, "List clients page by page (page_size 2, opaque page tokens), then all at once as a stream");
    let mut extra_ids = Vec::new();
    for i in 0..4 {
        let c = hydra.create_o_auth2_client(&OAuth2Client::new().with_client_name(format!("demo extra {i}"))).await?;
        extra_ids.push(c.client_id);
    }
    let mut page = hydra.list_o_auth2_clients(ListOAuth2ClientsParams::default().page_size(2)).await?;
    let mut n = 1;
    loop {
        let names: Vec<&str> = page.items.iter().map(|c| c.client_name.as_str()).collect();
        let token = page.token_request().and_then(|r| r.page_token.as_deref()).map(short);
        println!("    page {n} (token {token:?}): {names:?}");
        match page.next_page().await? {
            Some(next) => page = next,
            None => break,
        }
        n += 1;
    }
    let all: Vec<OAuth2Client> =
        hydra.list_o_auth2_clients_stream(ListOAuth2ClientsParams::default().page_size(2)).try_collect().await?;
    println!("    the stream yields {} clients and stops at the last page", all.len());
    Ok(extra_ids)
}

/// Step 9: revoke what the flow granted and delete every client the demo made.
async fn clean_up(
    hydra: &Client,
    creds: &ClientCredentials,
    access_token: &str,
    refresh_token: Option<&str>,
    extra_ids: &[String],
    client_id: &str,
) -> Result<(), BoxError> {
    step(9, "Clean up: revoke the consent, delete the clients");
    if let Some(new_refresh) = refresh_token {
        hydra
            .revoke_o_auth2_token(
                creds,
                new_refresh,
                RevokeOAuth2TokenParams::default().token_type_hint("refresh_token"),
            )
            .await?;
        let info = hydra.introspect_o_auth2_token(access_token, IntrospectOAuth2TokenParams::default()).await?;
        println!("    revoked the refresh token at the Public API; its access token is now active={}", info.active);
    }
    hydra
        .revoke_o_auth2_consent_sessions(RevokeOAuth2ConsentSessionsParams::default().subject(SUBJECT).all(true))
        .await?;
    let info = hydra.introspect_o_auth2_token(access_token, IntrospectOAuth2TokenParams::default()).await?;
    println!("    after revoking consent the access token is active={}", info.active);
    for id in extra_ids.iter().map(String::as_str).chain([client_id]) {
        hydra.delete_o_auth2_client(id).await?;
    }
    match hydra.get_o_auth2_client(client_id).await {
        Err(e) if e.is_api() => println!("    {client_id} is gone: {e}"),
        Err(e) => Err(e)?,
        Ok(_) => Err("client still exists after delete")?,
    }
    Ok(())
}

fn short(s: &str) -> &str {
    s.get(..12).unwrap_or(s)
}
