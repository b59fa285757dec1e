//! (f) hyper's floor: the same requests through hyper-util's pooled HTTP/1.1 client (the stack (a)
//! sends through by default), with no JSON either way: request bodies built once, answers collected
//! and searched for the checked values as (e) does.

use super::floor::{holds_all, page_ends_hold};
use super::BenchResult;
use crate::fixtures::{self, PAGE};
use bytes::Bytes;
use http_body_util::{BodyExt, Full};
use hyper_util::client::legacy::{connect::HttpConnector, Client};
use hyper_util::rt::TokioExecutor;

pub struct HyperFloor {
    client: Client<HttpConnector, Full<Bytes>>,
    base: String,
    create: Bytes,
    accept: Bytes,
    introspect: Bytes,
}

impl HyperFloor {
    pub fn new(base: &str) -> HyperFloor {
        let mut http = HttpConnector::new();
        http.set_nodelay(true);
        HyperFloor {
            client: Client::builder(TokioExecutor::new()).build(http),
            base: base.trim_end_matches('/').to_string(),
            create: serde_json::to_vec(&fixtures::create_request_value()).unwrap().into(),
            accept: serde_json::to_vec(&fixtures::accept_login_request_value()).unwrap().into(),
            introspect: format!("token={}", fixtures::TOKEN).into_bytes().into(),
        }
    }

    async fn send(&self, method: &str, path: &str, body: Option<(&str, &Bytes)>) -> Result<Bytes, String> {
        let mut req = http::Request::builder()
            .method(method)
            .uri(format!("{}{path}", self.base))
            .header("accept", "application/json");
        if let Some((kind, _)) = body {
            req = req.header("content-type", kind);
        }
        let req = req.body(Full::new(body.map(|b| b.1.clone()).unwrap_or_default())).map_err(|e| e.to_string())?;
        let resp = self.client.request(req).await.map_err(|e| e.to_string())?;
        if !resp.status().is_success() {
            return Err(format!("status {}", resp.status()));
        }
        Ok(resp.into_body().collect().await.map_err(|e| e.to_string())?.to_bytes())
    }

    fn expect(body: &[u8], needles: &[&[u8]]) -> BenchResult {
        holds_all(body, needles)
    }

    pub async fn get(&self) -> BenchResult {
        let b = self.send("GET", &format!("/clients/{}", fixtures::GET_ID), None).await?;
        Self::expect(&b, &[fixtures::GET_ID.as_bytes()])
    }

    pub async fn list(&self) -> BenchResult {
        let b = self.send("GET", &format!("/clients?limit={PAGE}&offset=0"), None).await?;
        page_ends_hold(&b)
    }

    pub async fn create(&self) -> BenchResult {
        let b = self.send("POST", "/clients", Some(("application/json", &self.create))).await?;
        Self::expect(&b, &[fixtures::CREATED_ID.as_bytes(), fixtures::CREATED_SECRET.as_bytes()])
    }

    pub async fn accept(&self) -> BenchResult {
        let path = format!("/oauth2/auth/requests/login/accept?login_challenge={}", fixtures::LOGIN_CHALLENGE);
        let b = self.send("PUT", &path, Some(("application/json", &self.accept))).await?;
        Self::expect(&b, &[fixtures::REDIRECT_PREFIX.as_bytes()])
    }

    pub async fn introspect(&self) -> BenchResult {
        let b = self
            .send("POST", "/oauth2/introspect", Some(("application/x-www-form-urlencoded", &self.introspect)))
            .await?;
        Self::expect(&b, &[fixtures::LOGIN_SUBJECT.as_bytes(), fixtures::GET_ID.as_bytes()])
    }
}
