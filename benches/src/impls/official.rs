//! (b) The official generated SDK, `ory-hydra-client = "=1.11.8"`
//! (openapi-generator, reqwest 0.11), used as documented: a `Configuration`
//! holding one keep-alive `reqwest::Client` and the base path.

use super::{check_accept, check_create, check_get, check_introspect, check_list, BenchResult};
use crate::fixtures;
use ory_hydra_client::apis::admin_api;
use ory_hydra_client::apis::configuration::Configuration;
use ory_hydra_client::models;

pub struct Official {
    config: Configuration,
    create_req: models::OAuth2Client,
    accept_req: models::AcceptLoginRequest,
}

impl Official {
    pub fn new(base: &str) -> Official {
        let config = Configuration {
            base_path: base.trim_end_matches('/').to_string(),
            // reqwest 0.11's pooled client: keep-alive is on by default.
            client: reqwest011::Client::builder().build().expect("reqwest 0.11 client"),
            ..Configuration::default()
        };
        Official {
            config,
            create_req: serde_json::from_value(fixtures::create_request_value()).unwrap(),
            accept_req: serde_json::from_value(fixtures::accept_login_request_value()).unwrap(),
        }
    }

    pub async fn get(&self) -> BenchResult {
        let c = admin_api::get_o_auth2_client(&self.config, fixtures::GET_ID).await.map_err(|e| e.to_string())?;
        check_get(c.client_id.as_deref(), c.redirect_uris.as_ref().map(|v| v.len()))
    }

    pub async fn list(&self) -> BenchResult {
        let items = admin_api::list_o_auth2_clients(&self.config, Some(fixtures::PAGE as i64), Some(0), None, None)
            .await
            .map_err(|e| e.to_string())?;
        check_list(
            items.len(),
            items.first().and_then(|c| c.client_id.as_deref()),
            items.last().and_then(|c| c.client_id.as_deref()),
        )
    }

    pub async fn create(&self) -> BenchResult {
        // The generated API takes the model by value, so a caller that keeps its
        // template must clone it per call.
        let c =
            admin_api::create_o_auth2_client(&self.config, self.create_req.clone()).await.map_err(|e| e.to_string())?;
        check_create(c.client_id.as_deref(), c.client_secret.as_deref())
    }

    pub async fn accept(&self) -> BenchResult {
        let r = admin_api::accept_login_request(&self.config, fixtures::LOGIN_CHALLENGE, Some(self.accept_req.clone()))
            .await
            .map_err(|e| e.to_string())?;
        check_accept(Some(&r.redirect_to))
    }

    pub async fn introspect(&self) -> BenchResult {
        let t = admin_api::introspect_o_auth2_token(&self.config, fixtures::TOKEN, None)
            .await
            .map_err(|e| e.to_string())?;
        check_introspect(t.active, t.sub.as_deref(), t.client_id.as_deref())
    }
}
