//! The browser cases: each runs in a fresh Chromium against its own relying party.

use std::sync::Arc;

use anyhow::ensure;
use fantoccini::Client;
use hydra_login_consent::line::{Hydra, ServerLine};

use crate::steps::*;
use crate::world::{World, REQUEST_TTL};

/// The code flow end to end: `login_hint` prefilled, every scope offered, the code exchanged, the ID
/// token carrying the `profile` and `email` claims from the users file. Saves the two screenshots README
/// shows.
pub async fn full_code_flow_with_token_exchange_and_id_token_claims(w: Arc<World>, c: Client) -> anyhow::Result<()> {
    let rp = w.relying_party().await?;
    start(&c, &rp, &format!("login_hint={EMAIL}")).await?;
    on_login_page(&c).await?;
    let prefilled = wait(&c, "#email").await?.prop("value").await?.unwrap_or_default();
    ensure!(prefilled == EMAIL, "login_hint not prefilled: {prefilled:?}");
    screenshot(&w, &c, "provider-login.png").await?;
    wait(&c, "#password").await?.send_keys(PASSWORD).await?;
    submit(&c, "#accept").await?;
    on_consent_page(&c).await?;
    for s in ["openid", "offline", "profile", "email"] {
        ensure!(present(&c, &format!("input[type=checkbox][id='{s}']")).await, "no checkbox for {s}");
    }
    screenshot(&w, &c, "provider-consent.png").await?;
    submit(&c, "#accept").await?;
    let o = success(&c).await?;
    let mut scopes: Vec<&str> = o.detail.split(' ').collect();
    scopes.sort_unstable();
    ensure!(scopes == ["email", "offline", "openid", "profile"], "granted {:?}", o.detail);
    ensure!(o.claims["sub"] == EMAIL, "claims {}", o.claims);
    ensure!(o.claims["name"] == "Foo Bar" && o.claims["given_name"] == "Foo", "claims {}", o.claims);
    ensure!(o.claims["email"] == EMAIL && o.claims["email_verified"] == true, "claims {}", o.claims);
    if w.version != "v1.3.2" {
        ensure!(o.claims["amr"] == serde_json::json!(["pwd"]), "claims {}", o.claims);
    }
    Ok(())
}

/// Saves a screenshot of the current page to docs/ (README shows them).
async fn screenshot(w: &World, c: &Client, name: &str) -> anyhow::Result<()> {
    let png = c.screenshot().await?;
    let dir = w.root.join("docs");
    std::fs::create_dir_all(&dir)?;
    std::fs::write(dir.join(name), png)?;
    Ok(())
}

/// A wrong password shows the form again with a message and the email kept; the right one goes on.
pub async fn wrong_password_shows_the_form_again(w: Arc<World>, c: Client) -> anyhow::Result<()> {
    let rp = w.relying_party().await?;
    start(&c, &rp, "").await?;
    log_in(&c, "wrong", false).await?;
    let message = text(&c, "#message").await?;
    ensure!(message.contains("wrong"), "message {message:?}");
    let kept = wait(&c, "#email").await?.prop("value").await?.unwrap_or_default();
    ensure!(kept == EMAIL, "email not kept: {kept:?}");
    log_in(&c, PASSWORD, false).await?;
    on_consent_page(&c).await
}

/// Unticking scopes grants only the others, and the ID token carries only their claims.
pub async fn partial_scope_grants_only_the_ticked_scopes(w: Arc<World>, c: Client) -> anyhow::Result<()> {
    let rp = w.relying_party().await?;
    start(&c, &rp, "").await?;
    log_in(&c, PASSWORD, false).await?;
    consent(&c, &["profile", "offline"], false).await?;
    let o = success(&c).await?;
    let mut scopes: Vec<&str> = o.detail.split(' ').collect();
    scopes.sort_unstable();
    ensure!(scopes == ["email", "openid"], "granted {:?}", o.detail);
    ensure!(o.claims["email"] == EMAIL, "claims {}", o.claims);
    ensure!(o.claims.get("name").is_none(), "profile claims without the profile scope: {}", o.claims);
    Ok(())
}

/// After "remember me", the next flow in the same browser skips the login form.
pub async fn remembered_login_skips_the_form(w: Arc<World>, c: Client) -> anyhow::Result<()> {
    let rp = w.relying_party().await?;
    full_flow(&c, &rp, true, false).await?;
    start(&c, &rp, "").await?;
    on_consent_page(&c).await?;
    submit(&c, "#accept").await?;
    success(&c).await.map(drop)
}

/// After a remembered consent, the next flow skips both pages.
pub async fn remembered_consent_skips_consent(w: Arc<World>, c: Client) -> anyhow::Result<()> {
    let rp = w.relying_party().await?;
    full_flow(&c, &rp, true, true).await?;
    start(&c, &rp, "").await?;
    let o = success(&c).await?;
    ensure!(o.detail.contains("profile"), "granted {:?}", o.detail);
    Ok(())
}

/// "Deny" on the login form sends access_denied to the client.
pub async fn deny_login(w: Arc<World>, c: Client) -> anyhow::Result<()> {
    let rp = w.relying_party().await?;
    start(&c, &rp, "").await?;
    on_login_page(&c).await?;
    submit(&c, "#reject").await?;
    failure(&c, "access_denied").await.map(drop)
}

/// "Deny" on the consent form sends access_denied to the client.
pub async fn deny_consent(w: Arc<World>, c: Client) -> anyhow::Result<()> {
    let rp = w.relying_party().await?;
    start(&c, &rp, "").await?;
    log_in(&c, PASSWORD, false).await?;
    on_consent_page(&c).await?;
    submit(&c, "#reject").await?;
    failure(&c, "access_denied").await.map(drop)
}

/// prompt=none without a session ends at the client with login_required.
pub async fn prompt_none_without_a_session_gives_login_required(w: Arc<World>, c: Client) -> anyhow::Result<()> {
    let rp = w.relying_party().await?;
    start(&c, &rp, "prompt=none").await?;
    failure(&c, "login_required").await.map(drop)
}

/// prompt=login shows the form although the login is remembered.
pub async fn prompt_login_forces_the_form(w: Arc<World>, c: Client) -> anyhow::Result<()> {
    let rp = w.relying_party().await?;
    full_flow(&c, &rp, true, true).await?;
    start(&c, &rp, "prompt=login").await?;
    log_in(&c, PASSWORD, false).await?;
    success(&c).await.map(drop)
}

/// Logout "Yes" ends the session at Hydra: the next flow asks for the password again.
pub async fn logout_yes_ends_the_session(w: Arc<World>, c: Client) -> anyhow::Result<()> {
    let rp = w.relying_party().await?;
    full_flow(&c, &rp, true, true).await?;
    c.goto(&format!("{}/oauth2/sessions/logout", w.public_url)).await?;
    ensure!(text(&c, "body").await?.contains(EMAIL), "the logout page does not name the user");
    submit(&c, "#accept").await?;
    wait(&c, "#message").await?;
    ensure!(path(&c).await? == "/logged-out", "after logout at {}", path(&c).await?);
    start(&c, &rp, "").await?;
    on_login_page(&c).await
}

/// Logout "No" is a real reject: the user stays signed in and the next flow skips the form.
pub async fn logout_no_keeps_the_session(w: Arc<World>, c: Client) -> anyhow::Result<()> {
    let rp = w.relying_party().await?;
    full_flow(&c, &rp, true, true).await?;
    c.goto(&format!("{}/oauth2/sessions/logout", w.public_url)).await?;
    submit(&c, "#reject").await?;
    let message = text(&c, "#message").await?;
    ensure!(message.contains("still signed in"), "message {message:?}");
    start(&c, &rp, "").await?;
    success(&c).await.map(drop)
}

/// A forged CSRF token and a missing one are both refused with the 403 page, and the challenge stays
/// usable.
pub async fn forged_or_missing_csrf_is_refused(w: Arc<World>, c: Client) -> anyhow::Result<()> {
    let rp = w.relying_party().await?;
    start(&c, &rp, "").await?;
    on_login_page(&c).await?;
    let challenge = hidden(&c, "challenge").await?;
    let token = hidden(&c, "_csrf").await?;
    let mut forged = token.clone().into_bytes();
    let last = forged.len() - 2;
    forged[last] = if forged[last] == b'A' { b'B' } else { b'A' };
    let forged = String::from_utf8(forged)?;
    let login = format!("{}/login", w.provider_url);
    let attempts: [&[(&str, &str)]; 2] = [
        &[("challenge", &challenge), ("_csrf", &forged), ("email", EMAIL), ("password", PASSWORD)],
        &[("challenge", &challenge), ("email", EMAIL), ("password", PASSWORD)],
    ];
    for fields in attempts {
        post_form(&c, &login, fields).await?;
        let message = text(&c, "#message").await?;
        ensure!(message.contains("did not come from this site"), "not refused: {message:?}");
        ensure!(text(&c, "h1").await? == "Request refused");
    }
    // The real form still works.
    c.back().await?;
    c.back().await?;
    log_in(&c, PASSWORD, false).await?;
    on_consent_page(&c).await
}

/// Submitting a completed login form again (a replay, or Back and submit) changes nothing: the
/// provider shows "start again" with Hydra's link, and the client gets no second code. On v1 Hydra
/// refuses the replay (409/410); on v2 it would take it (stateless challenges), so the refusal is the
/// provider's own record, and the case checks that Hydra itself still accepts the challenge.
pub async fn replaying_a_completed_form_is_harmless(w: Arc<World>, c: Client) -> anyhow::Result<()> {
    let rp = w.relying_party().await?;
    start(&c, &rp, "").await?;
    on_login_page(&c).await?;
    let challenge = hidden(&c, "challenge").await?;
    let token = hidden(&c, "_csrf").await?;
    log_in(&c, PASSWORD, false).await?;
    consent(&c, &[], false).await?;
    success(&c).await?;
    c.goto(&w.provider_url).await?;
    let fields = [("challenge", challenge.as_str()), ("_csrf", &token), ("email", EMAIL), ("password", PASSWORD)];
    post_form(&c, &format!("{}/login", w.provider_url), &fields).await?;
    ensure!(text(&c, "h1").await? == "Please start again", "replay not refused");
    ensure!(text(&c, "#message").await?.contains("already completed"));
    // Hydra v1.3 answers 409 without saying where to go; later v1 releases send the authorization URL
    // with their 410, and on v2 the provider recorded the request's URL when it answered.
    if w.version != "v1.3.2" {
        let link = wait(&c, "#continue").await?.attr("href").await?.unwrap_or_default();
        ensure!(
            link.starts_with(&format!("{}/oauth2/auth?", w.public_url)),
            "the start-again link is not Hydra's: {link}"
        );
        ensure!(link.contains(&format!("client_id={}", rp.client_id)), "the link is not this flow's: {link}");
    }
    if let Hydra::V2(hydra) = &w.hydra {
        let again = ory_hydra_v2_client::AcceptOAuth2LoginRequest::new(EMAIL);
        let answer = hydra.accept_o_auth2_login_request(&challenge, &again).await;
        ensure!(answer.is_ok(), "v2.3.0 refuses a second accept by itself now: {answer:?}");
    }
    // Back to the consent page: fetched again (no-store), it is handled already too.
    c.back().await?;
    c.back().await?;
    let h1 = text(&c, "h1").await?;
    ensure!(h1 == "Please start again" || h1 == "Sample relying party", "Back shows {h1:?}");
    Ok(())
}

/// A login request left open longer than Hydra's TTL never goes through and never shows a stack trace.
/// v1 accepts the login call and then refuses the verifier, so the client receives
/// `request_unauthorized` ("expired"); v2 refuses the expired challenge at the Admin API (401), so the
/// provider shows its "start again" page.
pub async fn expired_challenge_is_refused(w: Arc<World>, c: Client) -> anyhow::Result<()> {
    let rp = w.relying_party().await?;
    start(&c, &rp, "").await?;
    on_login_page(&c).await?;
    tokio::time::sleep(REQUEST_TTL + std::time::Duration::from_secs(2)).await;
    log_in(&c, PASSWORD, false).await?;
    match w.line {
        ServerLine::V1 => {
            let o = failure(&c, "request_unauthorized").await?;
            // v1.3 does not pass the reason on to the client.
            let says_expired = o.description.to_lowercase().contains("expired");
            ensure!(says_expired || w.version == "v1.3.2", "description {:?}", o.description);
        }
        ServerLine::V2 => {
            ensure!(path(&c).await? == "/login", "left the provider for {}", path(&c).await?);
            ensure!(text(&c, "h1").await? == "Please start again", "h1 {:?}", text(&c, "h1").await?);
            ensure!(text(&c, "#message").await?.contains("expired"), "not called expired");
        }
    }
    Ok(())
}

/// Submitting a completed logout form again shows "start again" with the link Hydra gives: on v2 a
/// path-only `redirect_to` (410), which the provider resolves against Hydra's public URL.
pub async fn replaying_a_completed_logout_starts_again(w: Arc<World>, c: Client) -> anyhow::Result<()> {
    let rp = w.relying_party().await?;
    full_flow(&c, &rp, true, true).await?;
    c.goto(&format!("{}/oauth2/sessions/logout", w.public_url)).await?;
    let challenge = hidden(&c, "challenge").await?;
    let token = hidden(&c, "_csrf").await?;
    submit(&c, "#accept").await?;
    ensure!(path(&c).await? == "/logged-out", "after logout at {}", path(&c).await?);
    let fields = [("challenge", challenge.as_str()), ("_csrf", &token), ("action", "accept")];
    post_form(&c, &format!("{}/logout", w.provider_url), &fields).await?;
    ensure!(text(&c, "h1").await? == "Please start again", "h1 {:?}", text(&c, "h1").await?);
    if w.line == ServerLine::V2 {
        let link = wait(&c, "#continue").await?.attr("href").await?.unwrap_or_default();
        ensure!(link == format!("{}/oauth2/sessions/logout", w.public_url), "link {link:?}");
    }
    Ok(())
}

/// A client registered with `skip_consent` (Hydra v2) never shows the consent page: the provider
/// grants every requested scope at once.
pub async fn client_with_skip_consent_skips_the_consent_page(w: Arc<World>, c: Client) -> anyhow::Result<()> {
    let rp = w.relying_party_with(true).await?;
    start(&c, &rp, "").await?;
    log_in(&c, PASSWORD, false).await?;
    let o = success(&c).await?;
    let mut scopes: Vec<&str> = o.detail.split(' ').collect();
    scopes.sort_unstable();
    ensure!(scopes == ["email", "offline", "openid", "profile"], "granted {:?}", o.detail);
    ensure!(o.claims["email"] == EMAIL, "claims {}", o.claims);
    // The same flow with a client that does not skip shows the page.
    let asks = w.relying_party().await?;
    start(&c, &asks, "").await?;
    log_in(&c, PASSWORD, false).await?;
    on_consent_page(&c).await
}

/// Hydra's own errors land on the error page with their error and description.
pub async fn error_page_shows_hydras_error(w: Arc<World>, c: Client) -> anyhow::Result<()> {
    c.goto(&format!("{}/oauth2/auth?client_id=no-such-client&response_type=code&state=abcdefghij", w.public_url))
        .await?;
    ensure!(path(&c).await? == "/error", "at {}", path(&c).await?);
    ensure!(text(&c, "#error").await? == "invalid_client", "error {:?}", text(&c, "#error").await?);
    ensure!(!text(&c, "#error_description").await?.is_empty());
    Ok(())
}

/// The signed-in user lists their consents and revokes one; the next flow asks for consent again.
pub async fn consent_sessions_are_listed_and_revoked(w: Arc<World>, c: Client) -> anyhow::Result<()> {
    let rp = w.relying_party().await?;
    full_flow(&c, &rp, true, true).await?;
    c.goto(&format!("{}/sessions", w.provider_url)).await?;
    ensure!(text(&c, "#subject").await? == EMAIL);
    let row = format!("tr[data-client='{}']", rp.client_id);
    ensure!(text(&c, &row).await?.contains("profile"), "consent not listed");
    submit(&c, &format!("[id='revoke-{}']", rp.client_id)).await?;
    wait(&c, "#subject").await?;
    ensure!(!present(&c, &row).await, "consent still listed after revoking");
    start(&c, &rp, "").await?;
    on_consent_page(&c).await
}

/// A link without its challenge gets a plain "bad request" page (not a call with "undefined").
pub async fn missing_challenge_is_a_bad_request(w: Arc<World>, c: Client) -> anyhow::Result<()> {
    for page in ["login", "consent", "logout"] {
        c.goto(&format!("{}/{page}", w.provider_url)).await?;
        let message = text(&c, "#message").await?;
        ensure!(message.contains(&format!("{page}_challenge")), "{page}: {message:?}");
    }
    Ok(())
}

/// A requested `acr_values` class (the user may edit it into the authorization URL) is never claimed
/// by a password login; `amr` reaches the ID token (v1.11; v1.3 takes no `amr`).
pub async fn a_requested_acr_is_not_claimed_and_amr_reaches_the_id_token(
    w: Arc<World>,
    c: Client,
) -> anyhow::Result<()> {
    let rp = w.relying_party().await?;
    start(&c, &rp, "acr_values=urn%3Aexample%3Amfa").await?;
    log_in(&c, PASSWORD, false).await?;
    consent(&c, &[], false).await?;
    let o = success(&c).await?;
    ensure!(o.claims["acr"] != "urn:example:mfa", "claims {}", o.claims);
    if w.version != "v1.3.2" {
        ensure!(o.claims["amr"] == serde_json::json!(["pwd"]), "claims {}", o.claims);
    }
    Ok(())
}

/// `max_age` passes through: a remembered login older than it shows the form again.
pub async fn max_age_forces_the_form_for_an_older_login(w: Arc<World>, c: Client) -> anyhow::Result<()> {
    let rp = w.relying_party().await?;
    full_flow(&c, &rp, true, true).await?;
    tokio::time::sleep(std::time::Duration::from_secs(3)).await;
    start(&c, &rp, "max_age=1").await?;
    log_in(&c, PASSWORD, false).await?;
    let o = success(&c).await?;
    ensure!(o.claims["auth_time"].as_i64().is_some(), "claims {}", o.claims);
    Ok(())
}

/// prompt=consent shows the consent page although the consent is remembered.
pub async fn prompt_consent_forces_the_consent_page(w: Arc<World>, c: Client) -> anyhow::Result<()> {
    let rp = w.relying_party().await?;
    full_flow(&c, &rp, true, true).await?;
    start(&c, &rp, "prompt=consent").await?;
    consent(&c, &[], false).await?;
    success(&c).await.map(drop)
}
