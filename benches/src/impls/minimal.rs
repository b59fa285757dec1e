//! (d) The same calls as (c), hand-written on reqwest 0.13 + serde, but into
//! minimal structs that hold only the fields the checks read (serde skips the
//! rest of the JSON without allocating). The request bodies carry the same
//! fields as the other implementations send.

use super::{check_accept, check_create, check_get, check_introspect, check_list, BenchResult};
use crate::fixtures;
use reqwest::header::{HeaderValue, CONTENT_TYPE};
use serde::{Deserialize, Serialize};

#[derive(Deserialize)]
struct GetClient {
    client_id: Option<String>,
    redirect_uris: Option<Vec<String>>,
}

/// The list item: (a′) decodes into this same struct through `list_o_auth2_clients_as`.
#[derive(Deserialize)]
pub struct ListClient {
    pub client_id: Option<String>,
}

#[derive(Deserialize)]
struct CreatedClient {
    client_id: Option<String>,
    client_secret: Option<String>,
}

#[derive(Deserialize)]
struct Completed {
    redirect_to: Option<String>,
}

#[derive(Deserialize)]
struct Introspection {
    active: bool,
    sub: Option<String>,
    client_id: Option<String>,
}

/// Exactly the fields the workload sends on create.
#[derive(Serialize, Deserialize)]
struct CreateRequest {
    client_name: String,
    redirect_uris: Vec<String>,
    grant_types: Vec<String>,
    response_types: Vec<String>,
    scope: String,
    audience: Vec<String>,
    owner: String,
    contacts: Vec<String>,
    client_uri: String,
    token_endpoint_auth_method: String,
    subject_type: String,
    metadata: serde_json::Value,
}

#[derive(Serialize, Deserialize)]
struct AcceptLogin {
    subject: String,
    remember: bool,
    remember_for: i64,
    acr: String,
    context: serde_json::Value,
}

const JSON: HeaderValue = HeaderValue::from_static("application/json");
const FORM: HeaderValue = HeaderValue::from_static("application/x-www-form-urlencoded");

async fn parse<T: serde::de::DeserializeOwned>(resp: reqwest::Response) -> Result<T, String> {
    let status = resp.status();
    let body = resp.bytes().await.map_err(|e| e.to_string())?;
    if !status.is_success() {
        return Err(format!("status {status}"));
    }
    serde_json::from_slice(&body).map_err(|e| e.to_string())
}

fn enc(s: &str) -> String {
    url::form_urlencoded::byte_serialize(s.as_bytes()).collect()
}

pub struct Minimal {
    http: reqwest::Client,
    base: String,
    create_req: CreateRequest,
    accept_req: AcceptLogin,
}

impl Minimal {
    pub fn new(base: &str) -> Minimal {
        Minimal {
            http: reqwest::Client::new(),
            base: base.trim_end_matches('/').to_string(),
            create_req: serde_json::from_value(fixtures::create_request_value()).unwrap(),
            accept_req: serde_json::from_value(fixtures::accept_login_request_value()).unwrap(),
        }
    }

    pub async fn get(&self) -> BenchResult {
        let url = format!("{}/clients/{}", self.base, enc(fixtures::GET_ID));
        let c: GetClient = parse(self.http.get(url).send().await.map_err(|e| e.to_string())?).await?;
        check_get(c.client_id.as_deref(), c.redirect_uris.as_ref().map(|v| v.len()))
    }

    pub async fn list(&self) -> BenchResult {
        let url = format!("{}/clients?limit={}&offset=0", self.base, fixtures::PAGE);
        let items: Vec<ListClient> = parse(self.http.get(url).send().await.map_err(|e| e.to_string())?).await?;
        check_list(
            items.len(),
            items.first().and_then(|c| c.client_id.as_deref()),
            items.last().and_then(|c| c.client_id.as_deref()),
        )
    }

    pub async fn create(&self) -> BenchResult {
        let body = serde_json::to_vec(&self.create_req).map_err(|e| e.to_string())?;
        let url = format!("{}/clients", self.base);
        let req = self.http.post(url).header(CONTENT_TYPE, JSON).body(body);
        let c: CreatedClient = parse(req.send().await.map_err(|e| e.to_string())?).await?;
        check_create(c.client_id.as_deref(), c.client_secret.as_deref())
    }

    pub async fn accept(&self) -> BenchResult {
        let body = serde_json::to_vec(&self.accept_req).map_err(|e| e.to_string())?;
        let url = format!(
            "{}/oauth2/auth/requests/login/accept?login_challenge={}",
            self.base,
            enc(fixtures::LOGIN_CHALLENGE)
        );
        let req = self.http.put(url).header(CONTENT_TYPE, JSON).body(body);
        let r: Completed = parse(req.send().await.map_err(|e| e.to_string())?).await?;
        check_accept(r.redirect_to.as_deref())
    }

    pub async fn introspect(&self) -> BenchResult {
        let mut form = url::form_urlencoded::Serializer::new(String::new());
        form.append_pair("token", fixtures::TOKEN);
        let url = format!("{}/oauth2/introspect", self.base);
        let req = self.http.post(url).header(CONTENT_TYPE, FORM).body(form.finish());
        let t: Introspection = parse(req.send().await.map_err(|e| e.to_string())?).await?;
        check_introspect(t.active, t.sub.as_deref(), t.client_id.as_deref())
    }
}
