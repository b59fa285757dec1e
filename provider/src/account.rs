//! The signed-in user's own pages: the consents they granted, each revocable. The provider knows who is
//! signed in from its own session cookie, set when a login succeeds (or by the sign-in form here).

use std::time::Duration;

use axum::body::Bytes;
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};

use crate::admin::Admin;
use crate::app::{self, FormData, State};
use crate::pages;

/// GET /: where the provider's pages are.
pub async fn index<A: Admin>(_state: State<A>) -> Response {
    let body = pages::message(
        "Login and consent provider",
        "Hydra sends the browser here to sign in.",
        Some(("/sessions", "Your consents")),
    );
    app::page(StatusCode::OK, body)
}

/// The signed-in subject, from a valid session cookie.
fn signed_in<A>(state: &State<A>, headers: &HeaderMap) -> Option<String> {
    app::cookie(headers, app::SESSION_COOKIE).and_then(|v| state.signer.check_session(v))
}

/// GET /sessions: the consent sessions of the signed-in user, or a sign-in form.
pub async fn sessions_page<A: Admin>(state: State<A>, headers: HeaderMap) -> Response {
    let Some(subject) = signed_in(&state, &headers) else {
        // Before there is a session, the form's token is bound to the browser's nonce (double submit).
        let (nonce, set) = app::browser_nonce(state.secure_cookies, &headers);
        let csrf = state.signer.csrf_token("signin", &nonce);
        let form = pages::LoginForm { action: "/sessions/login", csrf: &csrf, ..Default::default() };
        return app::with_nonce(app::page(StatusCode::OK, pages::login(&form)), set);
    };
    match state.admin.list_consents(&subject).await {
        Ok(list) => {
            let csrf = state.signer.csrf_token("sessions", &subject);
            app::page(StatusCode::OK, pages::sessions(&subject, &csrf, &list))
        }
        Err(e) => app::admin_failure(e),
    }
}

/// POST /sessions/login: the provider's own sign-in, for the sessions page.
pub async fn sign_in<A: Admin>(state: State<A>, headers: HeaderMap, body: Bytes) -> Response {
    let form = FormData::parse(&body);
    let nonce = app::cookie(&headers, app::PRE_SESSION_COOKIE).unwrap_or("");
    if nonce.is_empty() || !state.signer.check_csrf(form.get("_csrf"), "signin", nonce) {
        return app::forbidden();
    }
    let Some(user) = state.users.authenticate(form.get("email"), form.get("password")) else {
        let csrf = state.signer.csrf_token("signin", nonce);
        let again = pages::LoginForm {
            action: "/sessions/login",
            csrf: &csrf,
            email: form.get("email"),
            message: Some("The email address or the password is wrong."),
            ..Default::default()
        };
        return app::page(StatusCode::OK, pages::login(&again));
    };
    let value = state.signer.session_cookie(user.subject(), state.remember_for);
    let mut res = Redirect::to("/sessions").into_response();
    let h = res.headers_mut();
    h.append(header::SET_COOKIE, app::set_cookie(state.secure_cookies, app::SESSION_COOKIE, &value, None));
    h.append(
        header::SET_COOKIE,
        app::set_cookie(state.secure_cookies, app::PRE_SESSION_COOKIE, "", Some(Duration::ZERO)),
    );
    res
}

/// POST /sessions/revoke: revokes the consent given to one client, then shows the list again.
pub async fn revoke<A: Admin>(state: State<A>, headers: HeaderMap, body: Bytes) -> Response {
    let form = FormData::parse(&body);
    let Some(subject) = signed_in(&state, &headers) else { return app::forbidden() };
    if !state.signer.check_csrf(form.get("_csrf"), "sessions", &subject) {
        return app::forbidden();
    }
    let client = form.get("client");
    if client.is_empty() {
        return app::missing("client");
    }
    match state.admin.revoke_consent(&subject, client).await {
        Ok(()) => Redirect::to("/sessions").into_response(),
        Err(e) => app::admin_failure(e),
    }
}
