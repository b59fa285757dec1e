//! (c) The same calls hand-written on reqwest 0.13 + serde, into structs that
//! hold every field of the Hydra v1.2 models: the limit for a complete typed
//! client. Written the way a careful engineer would: one `reqwest::Client`,
//! URLs built from a base string computed once, body read with `bytes()` and
//! parsed with `serde_json::from_slice`.

use super::{check_accept, check_create, check_get, check_introspect, check_list, BenchResult};
use crate::fixtures;
use reqwest::header::{HeaderValue, CONTENT_TYPE};
use serde::{Deserialize, Serialize};
use std::collections::HashMap;

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct JsonWebKey {
    pub alg: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub crv: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub d: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub dp: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub dq: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub e: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub k: Option<String>,
    pub kid: String,
    pub kty: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub n: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub p: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub q: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub qi: Option<String>,
    #[serde(rename = "use")]
    pub use_: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub x: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub x5c: Option<Vec<String>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub y: Option<String>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct JsonWebKeySet {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub keys: Option<Vec<JsonWebKey>>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct OAuth2Client {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub allowed_cors_origins: Option<Vec<String>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub audience: Option<Vec<String>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub backchannel_logout_session_required: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub backchannel_logout_uri: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub client_id: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub client_name: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub client_secret: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub client_secret_expires_at: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub client_uri: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub contacts: Option<Vec<String>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub created_at: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub frontchannel_logout_session_required: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub frontchannel_logout_uri: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub grant_types: Option<Vec<String>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub jwks: Option<JsonWebKeySet>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub jwks_uri: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub logo_uri: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub metadata: Option<serde_json::Value>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub owner: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub policy_uri: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub post_logout_redirect_uris: Option<Vec<String>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub redirect_uris: Option<Vec<String>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub request_object_signing_alg: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub request_uris: Option<Vec<String>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub response_types: Option<Vec<String>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub scope: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sector_identifier_uri: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub subject_type: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub token_endpoint_auth_method: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub tos_uri: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub updated_at: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub userinfo_signed_response_alg: Option<String>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct AcceptLoginRequest {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub acr: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub context: Option<serde_json::Value>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub force_subject_identifier: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub remember: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub remember_for: Option<i64>,
    pub subject: String,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct CompletedRequest {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub redirect_to: Option<String>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct OAuth2TokenIntrospection {
    pub active: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub aud: Option<Vec<String>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub client_id: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub exp: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ext: Option<HashMap<String, serde_json::Value>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub iat: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub iss: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub nbf: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub obfuscated_subject: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub scope: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sub: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub token_type: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub username: Option<String>,
}

#[derive(Debug)]
#[allow(dead_code)] // read through Debug only
pub enum Error {
    Http(reqwest::Error),
    Status(u16, bytes::Bytes),
    Json(serde_json::Error),
}

impl From<reqwest::Error> for Error {
    fn from(e: reqwest::Error) -> Self {
        Error::Http(e)
    }
}
impl From<serde_json::Error> for Error {
    fn from(e: serde_json::Error) -> Self {
        Error::Json(e)
    }
}

const JSON: HeaderValue = HeaderValue::from_static("application/json");
const FORM: HeaderValue = HeaderValue::from_static("application/x-www-form-urlencoded");

pub struct Api {
    http: reqwest::Client,
    base: String,
}

async fn parse<T: serde::de::DeserializeOwned>(resp: reqwest::Response) -> Result<T, Error> {
    let status = resp.status();
    let body = resp.bytes().await?;
    if !status.is_success() {
        return Err(Error::Status(status.as_u16(), body));
    }
    Ok(serde_json::from_slice(&body)?)
}

fn enc(s: &str) -> String {
    url::form_urlencoded::byte_serialize(s.as_bytes()).collect()
}

impl Api {
    pub fn new(base: &str) -> Api {
        Api { http: reqwest::Client::new(), base: base.trim_end_matches('/').to_string() }
    }

    pub async fn get_o_auth2_client(&self, id: &str) -> Result<OAuth2Client, Error> {
        let url = format!("{}/clients/{}", self.base, enc(id));
        parse(self.http.get(url).send().await?).await
    }

    pub async fn list_o_auth2_clients(&self, limit: i64, offset: i64) -> Result<Vec<OAuth2Client>, Error> {
        let url = format!("{}/clients?limit={limit}&offset={offset}", self.base);
        parse(self.http.get(url).send().await?).await
    }

    pub async fn create_o_auth2_client(&self, c: &OAuth2Client) -> Result<OAuth2Client, Error> {
        let body = serde_json::to_vec(c)?;
        let url = format!("{}/clients", self.base);
        parse(self.http.post(url).header(CONTENT_TYPE, JSON).body(body).send().await?).await
    }

    pub async fn accept_login_request(
        &self,
        challenge: &str,
        req: &AcceptLoginRequest,
    ) -> Result<CompletedRequest, Error> {
        let body = serde_json::to_vec(req)?;
        let url = format!("{}/oauth2/auth/requests/login/accept?login_challenge={}", self.base, enc(challenge));
        parse(self.http.put(url).header(CONTENT_TYPE, JSON).body(body).send().await?).await
    }

    pub async fn introspect_o_auth2_token(
        &self,
        token: &str,
        scope: Option<&str>,
    ) -> Result<OAuth2TokenIntrospection, Error> {
        let mut form = url::form_urlencoded::Serializer::new(String::new());
        form.append_pair("token", token);
        if let Some(s) = scope {
            form.append_pair("scope", s);
        }
        let url = format!("{}/oauth2/introspect", self.base);
        parse(self.http.post(url).header(CONTENT_TYPE, FORM).body(form.finish()).send().await?).await
    }
}

/// The bench driver for (c).
pub struct Full {
    api: Api,
    create_req: OAuth2Client,
    accept_req: AcceptLoginRequest,
}

impl Full {
    pub fn new(base: &str) -> Full {
        Full {
            api: Api::new(base),
            create_req: serde_json::from_value(fixtures::create_request_value()).unwrap(),
            accept_req: serde_json::from_value(fixtures::accept_login_request_value()).unwrap(),
        }
    }

    pub async fn get(&self) -> BenchResult {
        let c = self.api.get_o_auth2_client(fixtures::GET_ID).await.map_err(|e| format!("{e:?}"))?;
        check_get(c.client_id.as_deref(), c.redirect_uris.as_ref().map(|v| v.len()))
    }

    pub async fn list(&self) -> BenchResult {
        let items = self.api.list_o_auth2_clients(fixtures::PAGE as i64, 0).await.map_err(|e| format!("{e:?}"))?;
        check_list(
            items.len(),
            items.first().and_then(|c| c.client_id.as_deref()),
            items.last().and_then(|c| c.client_id.as_deref()),
        )
    }

    pub async fn create(&self) -> BenchResult {
        let c = self.api.create_o_auth2_client(&self.create_req).await.map_err(|e| format!("{e:?}"))?;
        check_create(c.client_id.as_deref(), c.client_secret.as_deref())
    }

    pub async fn accept(&self) -> BenchResult {
        let r = self
            .api
            .accept_login_request(fixtures::LOGIN_CHALLENGE, &self.accept_req)
            .await
            .map_err(|e| format!("{e:?}"))?;
        check_accept(r.redirect_to.as_deref())
    }

    pub async fn introspect(&self) -> BenchResult {
        let t = self.api.introspect_o_auth2_token(fixtures::TOKEN, None).await.map_err(|e| format!("{e:?}"))?;
        check_introspect(t.active, t.sub.as_deref(), t.client_id.as_deref())
    }
}
