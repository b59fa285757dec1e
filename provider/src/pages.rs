//! The HTML pages, compiled in with maud: every interpolated value is HTML-escaped by the macro.
//! No page needs JavaScript; the element ids are the ones Hydra's own browser tests drive.

use maud::{html, Markup, DOCTYPE};

use crate::admin::{ClientInfo, ConsentSession};

/// The stylesheet, served at `/style.css` (the CSP allows styles from the provider itself only).
pub const STYLE: &str =
    "body{font-family:system-ui,sans-serif;max-width:34rem;margin:2rem auto;padding:0 1rem;color:#222}\
h1{font-size:1.4rem}label{display:block;margin:.5rem 0}input[type=email],input[type=password]{width:100%;padding:.4rem}\
button{padding:.4rem 1rem;margin:.6rem .4rem 0 0}.msg{color:#a00}.muted{color:#666;font-size:.9rem}\
table{border-collapse:collapse;width:100%}td,th{text-align:left;padding:.3rem;border-bottom:1px solid #ddd}";

fn layout(title: &str, body: Markup) -> Markup {
    html! {
        (DOCTYPE)
        html lang="en" {
            head {
                meta charset="utf-8";
                meta name="viewport" content="width=device-width, initial-scale=1";
                title { (title) }
                link rel="stylesheet" href="/style.css";
            }
            body { h1 { (title) } (body) }
        }
    }
}

/// What the login form shows.
#[derive(Debug, Default)]
pub struct LoginForm<'a> {
    /// Where the form posts (`/login`, or `/sessions/login` for the provider's own sign-in).
    pub action: &'a str,
    /// The login challenge (empty for the provider's own sign-in).
    pub challenge: &'a str,
    /// The CSRF token.
    pub csrf: &'a str,
    /// The email to prefill (`login_hint`, or what the user typed).
    pub email: &'a str,
    /// The client that asks, when there is one.
    pub client: Option<&'a ClientInfo>,
    /// The error to show after a failed attempt.
    pub message: Option<&'a str>,
}

/// The login form.
pub fn login(f: &LoginForm<'_>) -> Markup {
    layout(
        "Sign in",
        html! {
            @if let Some(c) = f.client { p { "to continue to " strong { (c.label()) } } }
            @if let Some(m) = f.message { p.msg #message role="alert" { (m) } }
            form method="post" action=(f.action) {
                input type="hidden" name="_csrf" value=(f.csrf);
                @if !f.challenge.is_empty() { input type="hidden" name="challenge" value=(f.challenge); }
                label for="email" { "Email" }
                input #email type="email" name="email" value=(f.email) required autocomplete="username";
                label for="password" { "Password" }
                input #password type="password" name="password" required autocomplete="current-password";
                @if f.client.is_some() {
                    label { input #remember type="checkbox" name="remember" value="1"; " Remember me" }
                }
                button #accept type="submit" name="action" value="accept" { "Sign in" }
                @if f.client.is_some() {
                    button #reject type="submit" name="action" value="reject" formnovalidate { "Deny" }
                }
            }
        },
    )
}

/// The consent form: one checkbox per requested scope, with the scope as its id.
pub fn consent(challenge: &str, csrf: &str, client: &ClientInfo, subject: &str, scopes: &[String]) -> Markup {
    layout(
        "Allow access",
        html! {
            p { strong { (client.label()) } " asks for access to your account (" (subject) ")." }
            form method="post" action="/consent" {
                input type="hidden" name="_csrf" value=(csrf);
                input type="hidden" name="challenge" value=(challenge);
                @for s in scopes {
                    label { input id=(s) type="checkbox" name="grant_scope" value=(s) checked; " " (s) }
                }
                label { input #remember type="checkbox" name="remember" value="1"; " Remember this decision" }
                button #accept type="submit" name="action" value="accept" { "Allow" }
                button #reject type="submit" name="action" value="reject" { "Deny" }
            }
        },
    )
}

/// The logout confirmation.
pub fn logout(challenge: &str, csrf: &str, subject: &str) -> Markup {
    layout(
        "Sign out",
        html! {
            p { "Do you want to sign out " (subject) "?" }
            form method="post" action="/logout" {
                input type="hidden" name="_csrf" value=(csrf);
                input type="hidden" name="challenge" value=(challenge);
                button #accept type="submit" name="action" value="accept" { "Yes" }
                button #reject type="submit" name="action" value="reject" { "No" }
            }
        },
    )
}

/// A page with one sentence and an optional link.
pub fn message(title: &str, text: &str, link: Option<(&str, &str)>) -> Markup {
    layout(
        title,
        html! {
            p #message { (text) }
            @if let Some((href, label)) = link { p { a #continue href=(href) { (label) } } }
        },
    )
}

/// The "start again" page for an expired or already handled request.
pub fn start_again(text: &str, continue_to: Option<&str>, client: Option<&ClientInfo>) -> Markup {
    layout(
        "Please start again",
        html! {
            p #message { (text) }
            @if let Some(href) = continue_to { p { a #continue href=(href) { "Start again" } } }
            @if let Some(c) = client {
                @if let Some(uri) = &c.uri { p { "Back to " a #client href=(uri) { (c.label()) } } }
            }
        },
    )
}

/// Hydra's error page: its `error`, `error_description` and `error_hint`, nothing internal.
pub fn error(error: &str, description: &str, hint: &str) -> Markup {
    layout(
        "Something went wrong",
        html! {
            p { "Error: " code #error { (error) } }
            @if !description.is_empty() { p #error_description { (description) } }
            @if !hint.is_empty() { p #error_hint .muted { (hint) } }
        },
    )
}

/// The signed-in user's consents, each with a revoke button.
pub fn sessions(subject: &str, csrf: &str, sessions: &[ConsentSession]) -> Markup {
    layout(
        "Your consents",
        html! {
            p { "Signed in as " strong #subject { (subject) } }
            @if sessions.is_empty() { p #empty { "You have not granted any application access." } }
            @else {
                table #sessions {
                    tr { th { "Application" } th { "Scopes" } th { "Granted" } th {} }
                    @for s in sessions {
                        tr .session data-client=(s.client.id) {
                            td { (s.client.label()) }
                            td { (s.granted_scope.join(" ")) }
                            td .muted { (s.handled_at.as_deref().unwrap_or("")) }
                            td {
                                form method="post" action="/sessions/revoke" {
                                    input type="hidden" name="_csrf" value=(csrf);
                                    input type="hidden" name="client" value=(s.client.id);
                                    button .revoke type="submit" id={ "revoke-" (s.client.id) } { "Revoke" }
                                }
                            }
                        }
                    }
                }
            }
        },
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_interpolation_is_escaped() {
        let client = ClientInfo { id: "c\"1".into(), name: "<b>Evil</b>".into(), uri: None, skip_consent: false };
        let page = login(&LoginForm {
            action: "/login",
            challenge: "ch\"><script>",
            csrf: "t",
            email: "\"><script>alert(1)</script>",
            client: Some(&client),
            message: Some("<i>x</i>"),
        })
        .into_string();
        assert!(!page.contains("<script>"), "{page}");
        assert!(!page.contains("<b>Evil"), "{page}");
        assert!(page.contains("&lt;b&gt;Evil&lt;/b&gt;"));
        assert!(page.contains("value=\"&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;\""), "{page}");
        assert!(page.contains("&lt;i&gt;x&lt;/i&gt;"));
        let page = consent("c", "t", &client, "<u>", &["openid".into(), "\"><img>".into()]).into_string();
        assert!(!page.contains("<img>") && !page.contains("<u>"), "{page}");
        let page = error("<e>", "<d>", "<h>").into_string();
        assert!(!page.contains("<e>") && !page.contains("<d>") && !page.contains("<h>"));
    }

    #[test]
    fn the_forms_carry_the_ids_hydras_tests_drive() {
        let client = ClientInfo { id: "c".into(), ..Default::default() };
        let page = login(&LoginForm {
            action: "/login",
            challenge: "c",
            csrf: "t",
            client: Some(&client),
            ..Default::default()
        })
        .into_string();
        for id in ["id=\"email\"", "id=\"password\"", "id=\"remember\"", "id=\"accept\"", "id=\"reject\""] {
            assert!(page.contains(id), "{id} missing");
        }
        let page = consent("c", "t", &client, "s", &["openid".into(), "offline".into()]).into_string();
        for id in ["id=\"openid\"", "id=\"offline\"", "id=\"remember\"", "id=\"accept\"", "id=\"reject\""] {
            assert!(page.contains(id), "{id} missing");
        }
    }
}
