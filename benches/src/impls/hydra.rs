//! (a) ory-hydra-v1-client, this repository's generated client, used as its docs show.

use super::{check_accept, check_create, check_get, check_introspect, check_list, BenchResult};
use crate::fixtures::{self, list_item_id, PAGE};
use futures::StreamExt;
use ory_hydra_v1_client::{
    AcceptLoginRequest, Client, IntrospectOAuth2TokenParams, ListOAuth2ClientsParams, OAuth2Client,
};

pub struct Hydra {
    client: Client,
    create_req: OAuth2Client,
    accept_req: AcceptLoginRequest,
}

impl Hydra {
    pub fn new(base: &str) -> Hydra {
        Hydra {
            client: Client::builder(base).build().expect("ory-hydra-v1-client"),
            create_req: serde_json::from_value(fixtures::create_request_value()).unwrap(),
            accept_req: serde_json::from_value(fixtures::accept_login_request_value()).unwrap(),
        }
    }

    pub async fn get(&self) -> BenchResult {
        let c = self.client.get_o_auth2_client(fixtures::GET_ID).await.map_err(|e| e.to_string())?;
        check_get(Some(c.client_id.as_str()), Some(c.redirect_uris.len()))
    }

    pub async fn list(&self) -> BenchResult {
        let page = self
            .client
            .list_o_auth2_clients(ListOAuth2ClientsParams::default().limit(PAGE as i64).offset(0))
            .await
            .map_err(|e| e.to_string())?;
        let items = &page.items;
        check_list(items.len(), items.first().map(|c| c.client_id.as_str()), items.last().map(|c| c.client_id.as_str()))
    }

    /// The same page as [`list`](Self::list), into (d)'s minimal struct through `list_o_auth2_clients_as`.
    pub async fn list_own(&self) -> BenchResult {
        let page = self
            .client
            .list_o_auth2_clients_as::<super::minimal::ListClient>(
                ListOAuth2ClientsParams::default().limit(PAGE as i64).offset(0),
            )
            .await
            .map_err(|e| e.to_string())?;
        let items = &page.items;
        check_list(
            items.len(),
            items.first().and_then(|c| c.client_id.as_deref()),
            items.last().and_then(|c| c.client_id.as_deref()),
        )
    }

    pub async fn create(&self) -> BenchResult {
        let c = self.client.create_o_auth2_client(&self.create_req).await.map_err(|e| e.to_string())?;
        check_create(Some(c.client_id.as_str()), c.client_secret.as_deref())
    }

    pub async fn accept(&self) -> BenchResult {
        let r = self
            .client
            .accept_login_request(fixtures::LOGIN_CHALLENGE, &self.accept_req)
            .await
            .map_err(|e| e.to_string())?;
        check_accept(Some(r.redirect_to.as_str()))
    }

    pub async fn introspect(&self) -> BenchResult {
        let t = self
            .client
            .introspect_o_auth2_token(fixtures::TOKEN, IntrospectOAuth2TokenParams::default())
            .await
            .map_err(|e| e.to_string())?;
        check_introspect(t.active, t.sub.as_deref(), t.client_id.as_deref())
    }
}

/// Paging-memory child for (a). Returns (VmHWM before the first request, items seen).
pub async fn memory(mode: &str, base: &str, vm_hwm_kb: fn() -> u64) -> (u64, usize) {
    let client = Client::builder(base).build().expect("ory-hydra-v1-client");
    let params = ListOAuth2ClientsParams::default().limit(PAGE as i64);
    let base_kb = vm_hwm_kb();
    let n = match mode {
        "a-page" => {
            let page = client.list_o_auth2_clients(params.offset(0)).await.expect("list");
            for (i, c) in page.items.iter().enumerate() {
                assert_eq!(c.client_id, list_item_id(i));
            }
            page.items.len()
        }
        "a-stream" => {
            let mut s = client.list_o_auth2_clients_stream(params);
            let mut n = 0;
            while let Some(c) = s.next().await {
                let c = c.expect("stream item");
                assert_eq!(c.client_id, list_item_id(n));
                n += 1;
            }
            n
        }
        "a-collect" => {
            let all: Vec<OAuth2Client> =
                client.list_o_auth2_clients_stream(params).map(|r| r.expect("stream item")).collect().await;
            for (i, c) in all.iter().enumerate() {
                assert_eq!(c.client_id, list_item_id(i));
            }
            all.len()
        }
        _ => panic!("unknown mode {mode}"),
    };
    (base_kb, n)
}
