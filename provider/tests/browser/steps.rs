//! What a person does in the browser, as steps the cases compose.

use std::time::Duration;

use anyhow::{bail, Context as _};
use fantoccini::{Client, Locator};
use hydra_login_consent::relying_party::RelyingParty;

/// How long a step waits for the page it expects.
const WAIT: Duration = Duration::from_secs(20);

/// The demo user (provider/demo-users.json).
pub const EMAIL: &str = "foo@bar.com";
/// The demo user's password.
pub const PASSWORD: &str = "foobar";

/// Waits for the element `css` on the current page.
pub async fn wait(c: &Client, css: &str) -> anyhow::Result<fantoccini::elements::Element> {
    let found = c.wait().at_most(WAIT).for_element(Locator::Css(css)).await;
    match found {
        Ok(e) => Ok(e),
        Err(e) => {
            let url = c.current_url().await.map(|u| u.path().to_string()).unwrap_or_default();
            bail!("no {css} on the page at {url}: {e}")
        }
    }
}

/// The text of `css`.
pub async fn text(c: &Client, css: &str) -> anyhow::Result<String> {
    Ok(wait(c, css).await?.text().await?)
}

/// Clicks `css` (a checkbox: the page stays).
pub async fn click(c: &Client, css: &str) -> anyhow::Result<()> {
    wait(c, css).await?.click().await.with_context(|| format!("cannot click {css}"))
}

/// Clicks the submit button `css` and waits until the browser has left the page, so the next step
/// never reads the old page.
pub async fn submit(c: &Client, css: &str) -> anyhow::Result<()> {
    let old = c.find(Locator::Css("html")).await?;
    click(c, css).await?;
    left(c, old).await
}

/// Waits until `old` (the previous page's root element) is gone.
async fn left(c: &Client, old: fantoccini::elements::Element) -> anyhow::Result<()> {
    let deadline = std::time::Instant::now() + WAIT;
    while old.tag_name().await.is_ok() {
        if std::time::Instant::now() > deadline {
            bail!("the page at {} did not change", path(c).await.unwrap_or_default());
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    Ok(())
}

/// The path of the current page.
pub async fn path(c: &Client) -> anyhow::Result<String> {
    Ok(c.current_url().await?.path().to_string())
}

/// Whether `css` is on the current page now (no waiting).
pub async fn present(c: &Client, css: &str) -> bool {
    c.find(Locator::Css(css)).await.is_ok()
}

/// Starts a flow at the relying party with the extra query `query` (such as `prompt=login`).
pub async fn start(c: &Client, rp: &RelyingParty, query: &str) -> anyhow::Result<()> {
    c.goto(&format!("{}/start?{query}", rp.base_url)).await?;
    Ok(())
}

/// Waits for the login form; asserts it is the provider's.
pub async fn on_login_page(c: &Client) -> anyhow::Result<()> {
    wait(c, "#password").await?;
    let p = path(c).await?;
    if p != "/login" {
        bail!("expected the login page, got {p}");
    }
    Ok(())
}

/// Fills the login form and submits it.
pub async fn log_in(c: &Client, password: &str, remember: bool) -> anyhow::Result<()> {
    on_login_page(c).await?;
    let email = wait(c, "#email").await?;
    email.clear().await?;
    email.send_keys(EMAIL).await?;
    wait(c, "#password").await?.send_keys(password).await?;
    if remember {
        click(c, "#remember").await?;
    }
    submit(c, "#accept").await
}

/// Waits for the consent form, unticks `untick`, ticks remember if asked, and allows.
pub async fn consent(c: &Client, untick: &[&str], remember: bool) -> anyhow::Result<()> {
    on_consent_page(c).await?;
    for s in untick {
        click(c, &format!("[id='{s}']")).await?;
    }
    if remember {
        click(c, "#remember").await?;
    }
    submit(c, "#accept").await
}

/// Waits for the consent form.
pub async fn on_consent_page(c: &Client) -> anyhow::Result<()> {
    wait(c, "form[action='/consent']").await?;
    let p = path(c).await?;
    if p != "/consent" {
        bail!("expected the consent page, got {p}");
    }
    Ok(())
}

/// What the relying party's callback page says.
#[derive(Debug)]
pub struct Outcome {
    /// `ok` or `error`.
    pub result: String,
    /// The granted scope, or the error code.
    pub detail: String,
    /// The error description.
    pub description: String,
    /// The ID token's claims.
    pub claims: serde_json::Value,
}

/// Waits for the relying party's callback page and reads it.
pub async fn outcome(c: &Client) -> anyhow::Result<Outcome> {
    let result = text(c, "#result").await?;
    let claims = text(c, "#claims").await?;
    Ok(Outcome {
        result,
        detail: text(c, "#detail").await?,
        description: text(c, "#description").await?,
        claims: if claims.is_empty() { serde_json::Value::Null } else { serde_json::from_str(&claims)? },
    })
}

/// Waits for a successful outcome and returns it.
pub async fn success(c: &Client) -> anyhow::Result<Outcome> {
    let o = outcome(c).await?;
    if o.result != "ok" {
        bail!("the flow failed: {} {}", o.detail, o.description);
    }
    Ok(o)
}

/// Waits for the relying party to receive `error`.
pub async fn failure(c: &Client, error: &str) -> anyhow::Result<Outcome> {
    let o = outcome(c).await?;
    if o.result != "error" || o.detail != error {
        bail!("expected error {error}, got {} {} {}", o.result, o.detail, o.description);
    }
    Ok(o)
}

/// One complete sign-in: login (remembered or not) and consent (all scopes).
pub async fn full_flow(
    c: &Client,
    rp: &RelyingParty,
    remember_login: bool,
    remember_consent: bool,
) -> anyhow::Result<()> {
    start(c, rp, "").await?;
    log_in(c, PASSWORD, remember_login).await?;
    consent(c, &[], remember_consent).await?;
    success(c).await.map(drop)
}

/// The value of the hidden input `name` on the current page.
pub async fn hidden(c: &Client, name: &str) -> anyhow::Result<String> {
    let e = wait(c, &format!("input[name='{name}']")).await?;
    Ok(e.attr("value").await?.unwrap_or_default())
}

/// Posts a form with `fields` to `action` from the current page's origin, as a replayed or forged
/// submission would (WebDriver's script runs outside the page's CSP).
pub async fn post_form(c: &Client, action: &str, fields: &[(&str, &str)]) -> anyhow::Result<()> {
    let fields: Vec<serde_json::Value> = fields.iter().map(|(k, v)| serde_json::json!([k, v])).collect();
    let old = c.find(Locator::Css("html")).await?;
    c.execute(
        "const f = document.createElement('form'); f.method = 'post'; f.action = arguments[0];
         for (const [k, v] of arguments[1]) { const i = document.createElement('input'); i.type = 'hidden';
           i.name = k; i.value = v; f.appendChild(i); }
         document.body.appendChild(f); f.submit();",
        vec![action.into(), fields.into()],
    )
    .await?;
    left(c, old).await
}
