//! Hydra's three redirects: the login, consent and logout pages and their forms, and the error page.
//!
//! Every POST checks its CSRF token first (bound to the form and its challenge), then fetches the
//! request again: a second submit of a handled form (double click, Back) ends on the "start again"
//! page instead of acting twice, and the consent form's scopes are checked against what Hydra says was
//! requested, never against the form.

use std::collections::HashMap;

use axum::body::Bytes;
use axum::extract::Query;
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};

use crate::admin::{Admin, ConsentGrant, Denial, LoginGrant};
use crate::app::{self, FormData, State};
use crate::pages;

type Params = Query<HashMap<String, String>>;

/// The non-empty query parameter `name`.
fn param<'a>(q: &'a Params, name: &str) -> Option<&'a str> {
    q.get(name).map(String::as_str).filter(|v| !v.is_empty())
}

/// GET /login: skips the form when Hydra knows the user, else shows it with `login_hint` prefilled.
pub async fn login_page<A: Admin>(state: State<A>, headers: HeaderMap, q: Params) -> Response {
    let Some(challenge) = param(&q, "login_challenge") else { return app::missing("login_challenge") };
    let info = match state.admin.get_login(challenge).await {
        Ok(i) => i,
        Err(e) => return app::admin_failure(e),
    };
    if info.skip {
        let grant = LoginGrant { subject: info.subject.clone(), ..Default::default() };
        return match state.admin.accept_login(challenge, &grant).await {
            Ok(to) => with_session(&state, app::to_hydra(&to), &info.subject, false),
            Err(e) => app::admin_failure(e),
        };
    }
    let (nonce, set) = app::browser_nonce(state.secure_cookies, &headers);
    let csrf = state.signer.csrf_token("login", &app::form_binding(&nonce, challenge));
    let form = pages::LoginForm {
        action: "/login",
        challenge,
        csrf: &csrf,
        email: info.login_hint.as_deref().unwrap_or(""),
        client: Some(&info.client),
        message: None,
    };
    app::with_nonce(app::page(StatusCode::OK, pages::login(&form)), set)
}

/// POST /login: deny, or check the password (a wrong one shows the form again) and accept.
pub async fn login_submit<A: Admin>(state: State<A>, headers: HeaderMap, body: Bytes) -> Response {
    let form = FormData::parse(&body);
    let challenge = form.get("challenge");
    if challenge.is_empty() {
        return app::missing("login challenge");
    }
    if !app::form_token_holds(&state.signer, &headers, form.get("_csrf"), "login", challenge) {
        return app::forbidden();
    }
    let info = match state.admin.get_login(challenge).await {
        Ok(i) => i,
        Err(e) => return app::admin_failure(e),
    };
    if form.get("action") == "reject" {
        return match state.admin.reject_login(challenge, &Denial::ACCESS_DENIED).await {
            Ok(to) => app::to_hydra(&to),
            Err(e) => app::admin_failure(e),
        };
    }
    let email = form.get("email");
    let Some(user) = state.users.authenticate(email, form.get("password")) else {
        let (nonce, _) = app::browser_nonce(state.secure_cookies, &headers);
        let csrf = state.signer.csrf_token("login", &app::form_binding(&nonce, challenge));
        let again = pages::LoginForm {
            action: "/login",
            challenge,
            csrf: &csrf,
            email,
            client: Some(&info.client),
            message: Some("The email address or the password is wrong."),
        };
        return app::page(StatusCode::OK, pages::login(&again));
    };
    let remember = form.checked("remember");
    let grant = LoginGrant {
        subject: user.subject().to_string(),
        remember,
        remember_for: state.remember_for.as_secs() as i64,
        // No class is claimed: this provider knows of none its password check meets, and `acr_values`
        // come from the authorization URL, which the user may edit, so passing one back would let
        // anyone with a password be vouched for at whatever level they ask (`...:mfa`).
        acr: None,
        amr: vec!["pwd".into()],
    };
    match state.admin.accept_login(challenge, &grant).await {
        Ok(to) => with_session(&state, app::to_hydra(&to), user.subject(), remember),
        Err(e) => app::admin_failure(e),
    }
}

/// Adds the provider's own session cookie (for the consent sessions page) to `res`.
fn with_session<A>(state: &State<A>, mut res: Response, subject: &str, remember: bool) -> Response {
    let value = state.signer.session_cookie(subject, state.remember_for);
    let age = remember.then_some(state.remember_for);
    res.headers_mut()
        .append(header::SET_COOKIE, app::set_cookie(state.secure_cookies, app::SESSION_COOKIE, &value, age));
    res
}

/// The accept body for a consent: the granted scopes, all requested audiences, the claims the scopes
/// release from the users file.
fn consent_grant<A>(
    state: &State<A>,
    subject: &str,
    scopes: Vec<String>,
    aud: Vec<String>,
    remember: bool,
) -> ConsentGrant {
    let id_token = state.users.by_subject(subject).map(|u| u.claims(&scopes)).unwrap_or_default();
    ConsentGrant {
        grant_scope: scopes,
        grant_audience: aud,
        remember,
        remember_for: state.remember_for.as_secs() as i64,
        id_token,
    }
}

/// GET /consent: skipped when Hydra says so (or, on v2, the client skips consent), else one checkbox per
/// requested scope.
pub async fn consent_page<A: Admin>(state: State<A>, headers: HeaderMap, q: Params) -> Response {
    let Some(challenge) = param(&q, "consent_challenge") else { return app::missing("consent_challenge") };
    let info = match state.admin.get_consent(challenge).await {
        Ok(i) => i,
        Err(e) => return app::admin_failure(e),
    };
    if info.skip || info.client.skip_consent {
        let grant = consent_grant(&state, &info.subject, info.requested_scope, info.requested_audience, false);
        return match state.admin.accept_consent(challenge, &grant).await {
            Ok(to) => app::to_hydra(&to),
            Err(e) => app::admin_failure(e),
        };
    }
    let (nonce, set) = app::browser_nonce(state.secure_cookies, &headers);
    let csrf = state.signer.csrf_token("consent", &app::form_binding(&nonce, challenge));
    let page = pages::consent(challenge, &csrf, &info.client, &info.subject, &info.requested_scope);
    app::with_nonce(app::page(StatusCode::OK, page), set)
}

/// POST /consent: deny, or grant the ticked scopes when they are all among the requested ones.
pub async fn consent_submit<A: Admin>(state: State<A>, headers: HeaderMap, body: Bytes) -> Response {
    let form = FormData::parse(&body);
    let challenge = form.get("challenge");
    if challenge.is_empty() {
        return app::missing("consent challenge");
    }
    if !app::form_token_holds(&state.signer, &headers, form.get("_csrf"), "consent", challenge) {
        return app::forbidden();
    }
    let info = match state.admin.get_consent(challenge).await {
        Ok(i) => i,
        Err(e) => return app::admin_failure(e),
    };
    if form.get("action") == "reject" {
        return match state.admin.reject_consent(challenge, &Denial::ACCESS_DENIED).await {
            Ok(to) => app::to_hydra(&to),
            Err(e) => app::admin_failure(e),
        };
    }
    let scopes = form.all("grant_scope");
    if !is_subset(&scopes, &info.requested_scope) {
        return app::page(
            StatusCode::BAD_REQUEST,
            pages::message("Bad request", "The form grants a scope the application did not ask for.", None),
        );
    }
    let grant = consent_grant(&state, &info.subject, scopes, info.requested_audience, form.checked("remember"));
    match state.admin.accept_consent(challenge, &grant).await {
        Ok(to) => app::to_hydra(&to),
        Err(e) => app::admin_failure(e),
    }
}

/// Whether every granted scope was requested.
pub fn is_subset(granted: &[String], requested: &[String]) -> bool {
    granted.iter().all(|g| requested.contains(g))
}

/// GET /logout: asks the user to confirm.
pub async fn logout_page<A: Admin>(state: State<A>, headers: HeaderMap, q: Params) -> Response {
    let Some(challenge) = param(&q, "logout_challenge") else { return app::missing("logout_challenge") };
    match state.admin.get_logout(challenge).await {
        Ok(info) => {
            let (nonce, set) = app::browser_nonce(state.secure_cookies, &headers);
            let csrf = state.signer.csrf_token("logout", &app::form_binding(&nonce, challenge));
            app::with_nonce(app::page(StatusCode::OK, pages::logout(challenge, &csrf, &info.subject)), set)
        }
        Err(e) => app::admin_failure(e),
    }
}

/// POST /logout: "Yes" accepts (and ends the provider's own session), "No" rejects, so the user stays
/// signed in.
pub async fn logout_submit<A: Admin>(state: State<A>, headers: HeaderMap, body: Bytes) -> Response {
    let form = FormData::parse(&body);
    let challenge = form.get("challenge");
    if challenge.is_empty() {
        return app::missing("logout challenge");
    }
    if !app::form_token_holds(&state.signer, &headers, form.get("_csrf"), "logout", challenge) {
        return app::forbidden();
    }
    if let Err(e) = state.admin.get_logout(challenge).await {
        return app::admin_failure(e);
    }
    if form.get("action") == "accept" {
        return match state.admin.accept_logout(challenge).await {
            Ok(to) => {
                let mut res = app::to_hydra(&to);
                let gone = app::set_cookie(state.secure_cookies, app::SESSION_COOKIE, "", Some(Default::default()));
                res.headers_mut().append(header::SET_COOKIE, gone);
                res
            }
            Err(e) => app::admin_failure(e),
        };
    }
    match state.admin.reject_logout(challenge).await {
        Ok(Some(to)) => app::to_hydra(&to),
        Ok(None) => app::page(StatusCode::OK, pages::message("Still signed in", "You are still signed in.", None)),
        Err(e) => app::admin_failure(e),
    }
}

/// GET /error: Hydra's error, as Hydra described it.
pub async fn error_page(q: Params) -> Response {
    let get = |k: &str| q.get(k).map_or("", String::as_str);
    let error = if get("error").is_empty() { "unknown_error" } else { get("error") };
    (StatusCode::BAD_REQUEST, pages::error(error, get("error_description"), get("error_hint"))).into_response()
}
