//! The [`Admin`] calls on Hydra v2 servers (v2.3.0 on), through ory-hydra-v2-client.
//!
//! Two differences from v1 are handled here, so the pages behave the same on both lines:
//! - login and consent challenges are stateless on v2 (Hydra answers 200 to every read and accept of
//!   a finished flow), so the adapter keeps its own record of the challenges it answered
//!   ([`Completed`], which says why) and reports a recorded one as handled, as v1's 410 does;
//! - a handled logout answers 410 with a path-only `redirect_to`, resolved here against Hydra's public
//!   URL (so are the accept answers, should a server send a path there too).

use std::time::Duration;

use ory_hydra_v2_client as v2;
use url::Url;
use v2::{
    AcceptOAuth2ConsentRequest, AcceptOAuth2ConsentRequestSession, AcceptOAuth2LoginRequest,
    ListOAuth2ConsentSessionsParams, RawObject, RejectOAuth2Request, RevokeOAuth2ConsentSessionsParams,
};

use crate::admin::{
    Admin, AdminError, ClientInfo, ConsentGrant, ConsentInfo, ConsentSession, Denial, HydraRedirect, LoginGrant,
    LoginInfo, LogoutInfo,
};
use crate::completed::Completed;

/// Hydra's default `ttl.login_consent_request`: how long a login or consent challenge is accepted.
pub const DEFAULT_REQUEST_TTL: Duration = Duration::from_secs(3600);

/// The v2 server line: a configured [`ory_hydra_v2_client::Client`], Hydra's public URL and the record
/// of answered challenges.
#[derive(Debug)]
pub struct V2Admin {
    client: v2::Client,
    public_url: Url,
    completed: Completed,
}

impl V2Admin {
    /// Uses `client` (its base URL is Hydra's Admin API) for a server whose public API is at
    /// `public_url`; answered challenges are remembered for `request_ttl`, which must be at least
    /// Hydra's `ttl.login_consent_request` ([`DEFAULT_REQUEST_TTL`] unless configured).
    pub fn new(client: v2::Client, public_url: &str, request_ttl: Duration) -> Result<Self, url::ParseError> {
        let public_url = Url::parse(public_url)?;
        Ok(V2Admin { client, public_url, completed: Completed::new(request_ttl) })
    }

    /// `to` (a URL or a path from Hydra) against the public URL. A path is the one Hydra saw, without the
    /// prefix a proxy may mount the public API under, so the public URL's path goes in front of it.
    fn resolve(&self, to: &str) -> Option<String> {
        if to.starts_with('/') && !to.starts_with("//") {
            let prefixed = format!("{}{to}", self.public_url.path().trim_end_matches('/'));
            return self.public_url.join(&prefixed).ok().map(String::from);
        }
        self.public_url.join(to).ok().map(String::from)
    }

    fn redirect(&self, done: v2::OAuth2RedirectTo) -> Result<HydraRedirect, AdminError> {
        HydraRedirect::from_hydra(&self.resolve(&done.redirect_to).unwrap_or_default())
    }

    /// Maps the client's error to the classes the pages show. The challenge is in the request URL, so
    /// only the operation and the status are logged, never the error's text.
    fn classify(&self, err: v2::Error) -> AdminError {
        eprintln!("hydra-login-consent: {} failed (status {:?})", err.operation_name().unwrap_or("call"), err.status());
        // Only logout requests are stored on v2, so only they answer 410 (with a path-only redirect_to,
        // which the client resolves when it knows the public URL, and this adapter in any case).
        if err.is_already_handled() {
            return AdminError::Handled { redirect_to: err.redirect_to().and_then(|to| self.resolve(to)) };
        }
        match err.status().map(|s| s.as_u16()) {
            // 401: expired (`request_unauthorized`); 404: unknown or not a challenge at all, unless
            // Hydra's router has no such route (a wrong Admin URL), which is no answer about the request.
            Some(401) => AdminError::Expired,
            Some(404) if err.is_not_found() => AdminError::Expired,
            status => {
                let api = err.api().and_then(|a| a.error.as_ref());
                AdminError::Other {
                    status,
                    error: api.map_or_else(|| "the Admin API call failed".to_string(), |e| e.error.clone()),
                    description: api.and_then(|e| e.error_description.clone()).filter(|d| !d.is_empty()),
                }
            }
        }
    }
}

fn client_info(c: v2::OAuth2Client) -> ClientInfo {
    ClientInfo {
        id: c.client_id,
        name: c.client_name,
        uri: Some(c.client_uri).filter(|u| !u.is_empty()),
        skip_consent: c.skip_consent,
    }
}

fn reject_body(d: &Denial) -> RejectOAuth2Request {
    RejectOAuth2Request::new().with_error(d.error).with_error_description(d.description)
}

impl Admin for V2Admin {
    async fn get_login(&self, challenge: &str) -> Result<LoginInfo, AdminError> {
        self.completed.check(challenge)?;
        let r = self.client.get_o_auth2_login_request(challenge).await.map_err(|e| self.classify(e))?;
        Ok(LoginInfo {
            skip: r.skip,
            subject: r.subject,
            client: client_info(r.client),
            login_hint: r.oidc_context.login_hint.filter(|h| !h.is_empty()),
            acr_values: r.oidc_context.acr_values.unwrap_or_default(),
        })
    }

    async fn accept_login(&self, challenge: &str, g: &LoginGrant) -> Result<HydraRedirect, AdminError> {
        let claim = self.completed.claim(challenge)?;
        // Read again for the "start again" link a later replay gets (v1 sends the same URL with its 410).
        let request = self.client.get_o_auth2_login_request(challenge).await.map_err(|e| self.classify(e))?;
        let mut body = AcceptOAuth2LoginRequest::new(&g.subject)
            .with_remember(g.remember)
            .with_remember_for(g.remember_for)
            .with_amr(g.amr.clone());
        if let Some(acr) = &g.acr {
            body = body.with_acr(acr);
        }
        let done = self.client.accept_o_auth2_login_request(challenge, &body).await.map_err(|e| self.classify(e))?;
        let to = self.redirect(done)?;
        claim.keep(self.resolve(&request.request_url));
        Ok(to)
    }

    async fn reject_login(&self, challenge: &str, d: &Denial) -> Result<HydraRedirect, AdminError> {
        let claim = self.completed.claim(challenge)?;
        let request = self.client.get_o_auth2_login_request(challenge).await.map_err(|e| self.classify(e))?;
        let done =
            self.client.reject_o_auth2_login_request(challenge, &reject_body(d)).await.map_err(|e| self.classify(e))?;
        let to = self.redirect(done)?;
        claim.keep(self.resolve(&request.request_url));
        Ok(to)
    }

    async fn get_consent(&self, challenge: &str) -> Result<ConsentInfo, AdminError> {
        self.completed.check(challenge)?;
        let r = self.client.get_o_auth2_consent_request(challenge).await.map_err(|e| self.classify(e))?;
        Ok(ConsentInfo {
            skip: r.skip,
            subject: r.subject,
            client: client_info(r.client),
            requested_scope: r.requested_scope,
            requested_audience: r.requested_access_token_audience,
        })
    }

    async fn accept_consent(&self, challenge: &str, g: &ConsentGrant) -> Result<HydraRedirect, AdminError> {
        let claims = RawObject::new(&g.id_token).map_err(|_| AdminError::Other {
            status: None,
            error: "the ID token claims are not a JSON object".into(),
            description: None,
        })?;
        let claim = self.completed.claim(challenge)?;
        let request = self.client.get_o_auth2_consent_request(challenge).await.map_err(|e| self.classify(e))?;
        let body = AcceptOAuth2ConsentRequest::new()
            .with_grant_scope(g.grant_scope.clone())
            .with_grant_access_token_audience(g.grant_audience.clone())
            .with_remember(g.remember)
            .with_remember_for(g.remember_for)
            .with_session(AcceptOAuth2ConsentRequestSession::new().with_id_token(claims));
        let done = self.client.accept_o_auth2_consent_request(challenge, &body).await.map_err(|e| self.classify(e))?;
        let to = self.redirect(done)?;
        claim.keep(self.resolve(&request.request_url));
        Ok(to)
    }

    async fn reject_consent(&self, challenge: &str, d: &Denial) -> Result<HydraRedirect, AdminError> {
        let claim = self.completed.claim(challenge)?;
        let request = self.client.get_o_auth2_consent_request(challenge).await.map_err(|e| self.classify(e))?;
        let done = self
            .client
            .reject_o_auth2_consent_request(challenge, &reject_body(d))
            .await
            .map_err(|e| self.classify(e))?;
        let to = self.redirect(done)?;
        claim.keep(self.resolve(&request.request_url));
        Ok(to)
    }

    async fn get_logout(&self, challenge: &str) -> Result<LogoutInfo, AdminError> {
        let r = self.client.get_o_auth2_logout_request(challenge).await.map_err(|e| self.classify(e))?;
        Ok(LogoutInfo { subject: r.subject, client: r.client.map(client_info) })
    }

    async fn accept_logout(&self, challenge: &str) -> Result<HydraRedirect, AdminError> {
        let done = self.client.accept_o_auth2_logout_request(challenge).await.map_err(|e| self.classify(e))?;
        self.redirect(done)
    }

    async fn reject_logout(&self, challenge: &str) -> Result<Option<HydraRedirect>, AdminError> {
        // 204 without a body: the user stays where they are.
        self.client.reject_o_auth2_logout_request(challenge).await.map_err(|e| self.classify(e))?;
        Ok(None)
    }

    async fn list_consents(&self, subject: &str) -> Result<Vec<ConsentSession>, AdminError> {
        // One page, read without following its links: v2.3.0 writes them with page and size swapped
        // (QUIRKS.md, trap (b)); a person has far fewer consents than a page holds.
        let params = ListOAuth2ConsentSessionsParams::default().page_size(500);
        let page = self.client.list_o_auth2_consent_sessions(subject, params).await.map_err(|e| self.classify(e))?;
        let rfc3339 = time::format_description::well_known::Rfc3339;
        Ok(page
            .into_items()
            .into_iter()
            .map(|s| ConsentSession {
                client: client_info(s.consent_request.client),
                granted_scope: s.grant_scope,
                handled_at: s.handled_at.format(&rfc3339).ok(),
            })
            .collect())
    }

    async fn revoke_consent(&self, subject: &str, client_id: &str) -> Result<(), AdminError> {
        let params = RevokeOAuth2ConsentSessionsParams::default().subject(subject).client(client_id);
        self.client.revoke_o_auth2_consent_sessions(params).await.map_err(|e| self.classify(e))
    }
}
