//! The [`Admin`] calls on Hydra v1 servers, through ory-hydra-v1-client.

use ory_hydra_v1_client as v1;
use v1::{
    AcceptConsentRequest, AcceptLoginRequest, ConsentRequestSession, ListSubjectConsentSessionsParams, RawObject,
    RejectRequest, RevokeConsentSessionsParams,
};

use crate::admin::{
    Admin, AdminError, ClientInfo, ConsentGrant, ConsentInfo, ConsentSession, Denial, HydraRedirect, LoginGrant,
    LoginInfo, LogoutInfo,
};

/// The v1 server line: wraps a configured [`ory_hydra_v1_client::Client`].
#[derive(Debug, Clone)]
pub struct V1Admin {
    client: v1::Client,
    /// Whether the server takes `amr` when a login is accepted (v1.3 refuses the unknown field).
    send_amr: bool,
}

impl V1Admin {
    /// Uses `client` (its base URL is Hydra's Admin API) for a server that takes `amr` (v1.11).
    pub fn new(client: v1::Client) -> Self {
        V1Admin { client, send_amr: true }
    }

    /// Asks the server its version and sends `amr` only to v1.11 and later (the oldest release this
    /// was checked against that takes it; v1.3 answers 400 to the unknown field).
    pub async fn for_server(client: v1::Client) -> Result<Self, v1::Error> {
        let version = client.get_version().await?.version;
        let minor = version.trim_start_matches('v').split('.').nth(1).and_then(|m| m.parse::<u32>().ok());
        let send_amr = version.trim_start_matches('v').starts_with("1.") && minor.is_some_and(|m| m >= 11);
        Ok(V1Admin { client, send_amr })
    }
}

/// Maps the client's error to the classes the pages show. The challenge is in the request URL, so only
/// the operation and the status are logged, never the error's text.
fn classify(err: v1::Error) -> AdminError {
    eprintln!("hydra-login-consent: {} failed (status {:?})", err.operation_name().unwrap_or("call"), err.status());
    if err.is_already_handled() {
        return AdminError::Handled { redirect_to: err.redirect_to().map(str::to_string) };
    }
    match err.status().map(|s| s.as_u16()) {
        // A 404 from Hydra's router (no such route: a wrong Admin URL) is not an expired request.
        Some(401) => AdminError::Expired,
        Some(404) if err.is_not_found() => AdminError::Expired,
        status => {
            let api = err.api().and_then(|a| a.error.as_ref());
            AdminError::Other {
                status,
                error: api.map_or_else(|| "the Admin API call failed".to_string(), |e| e.error.clone()),
                description: api.and_then(|e| e.error_description.clone()),
            }
        }
    }
}

fn client_info(c: v1::OAuth2Client) -> ClientInfo {
    ClientInfo {
        id: c.client_id,
        name: c.client_name,
        uri: Some(c.client_uri).filter(|u| !u.is_empty()),
        // Hydra v1 has no per-client skip_consent setting.
        skip_consent: false,
    }
}

fn redirect(done: v1::CompletedRequest) -> Result<HydraRedirect, AdminError> {
    HydraRedirect::from_hydra(&done.redirect_to)
}

fn reject_body(d: &Denial) -> RejectRequest {
    RejectRequest::new().with_error(d.error).with_error_description(d.description)
}

impl Admin for V1Admin {
    async fn get_login(&self, challenge: &str) -> Result<LoginInfo, AdminError> {
        let r = self.client.get_login_request(challenge).await.map_err(classify)?;
        let oidc = r.oidc_context;
        Ok(LoginInfo {
            skip: r.skip,
            subject: r.subject,
            client: client_info(r.client),
            login_hint: oidc.login_hint.filter(|h| !h.is_empty()),
            acr_values: oidc.acr_values.unwrap_or_default(),
        })
    }

    async fn accept_login(&self, challenge: &str, g: &LoginGrant) -> Result<HydraRedirect, AdminError> {
        let mut body = AcceptLoginRequest::new(&g.subject).with_remember(g.remember).with_remember_for(g.remember_for);
        if let Some(acr) = &g.acr {
            body = body.with_acr(acr);
        }
        if self.send_amr && !g.amr.is_empty() {
            body = body.with_amr(g.amr.clone());
        }
        redirect(self.client.accept_login_request(challenge, &body).await.map_err(classify)?)
    }

    async fn reject_login(&self, challenge: &str, d: &Denial) -> Result<HydraRedirect, AdminError> {
        redirect(self.client.reject_login_request(challenge, &reject_body(d)).await.map_err(classify)?)
    }

    async fn get_consent(&self, challenge: &str) -> Result<ConsentInfo, AdminError> {
        let r = self.client.get_consent_request(challenge).await.map_err(classify)?;
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
        let body = AcceptConsentRequest::new()
            .with_grant_scope(g.grant_scope.clone())
            .with_grant_access_token_audience(g.grant_audience.clone())
            .with_remember(g.remember)
            .with_remember_for(g.remember_for)
            .with_session(ConsentRequestSession::new().with_id_token(claims));
        redirect(self.client.accept_consent_request(challenge, &body).await.map_err(classify)?)
    }

    async fn reject_consent(&self, challenge: &str, d: &Denial) -> Result<HydraRedirect, AdminError> {
        redirect(self.client.reject_consent_request(challenge, &reject_body(d)).await.map_err(classify)?)
    }

    async fn get_logout(&self, challenge: &str) -> Result<LogoutInfo, AdminError> {
        let r = self.client.get_logout_request(challenge).await.map_err(classify)?;
        Ok(LogoutInfo { subject: r.subject, client: r.client.map(client_info) })
    }

    async fn accept_logout(&self, challenge: &str) -> Result<HydraRedirect, AdminError> {
        redirect(self.client.accept_logout_request(challenge).await.map_err(classify)?)
    }

    async fn reject_logout(&self, challenge: &str) -> Result<Option<HydraRedirect>, AdminError> {
        self.client.reject_logout_request(challenge, &reject_body(&Denial::ACCESS_DENIED)).await.map_err(classify)?;
        Ok(None)
    }

    async fn list_consents(&self, subject: &str) -> Result<Vec<ConsentSession>, AdminError> {
        // One page of Hydra's maximum size: a person has far fewer consents than that.
        let page = self
            .client
            .list_subject_consent_sessions(subject, ListSubjectConsentSessionsParams::default().limit(500))
            .await
            .map_err(classify)?;
        Ok(page
            .into_items()
            .into_iter()
            .map(|s| ConsentSession {
                client: client_info(s.consent_request.client),
                granted_scope: s.grant_scope,
                handled_at: s.handled_at.and_then(|t| t.format(&time_format()).ok()),
            })
            .collect())
    }

    async fn revoke_consent(&self, subject: &str, client_id: &str) -> Result<(), AdminError> {
        self.client
            .revoke_consent_sessions(subject, RevokeConsentSessionsParams::default().client(client_id))
            .await
            .map_err(classify)
    }
}

fn time_format() -> time::format_description::well_known::Rfc3339 {
    time::format_description::well_known::Rfc3339
}
