//! Raw requests (`Client::request`) and a layer over the built-in stack, against the real server: the
//! raw calls reach the endpoints they name with the Admin credentials on Admin requests only, escape
//! their path parameters, page, and decode the server's errors.

use std::sync::{Arc, Mutex};

use futures::TryStreamExt as _;
use http::Request;
use ory_hydra_v1_client::service::{Body, HttpService};
use ory_hydra_v1_client::{Client, Method, OAuth2Client, PageStart, Side};
use serde_json::Value;
use tower::ServiceExt as _;

use crate::support::{clients_shared, live, missing_client_status, unique, DeleteOnPanic, Live};

/// Path and `Authorization` of each request that went through the layer.
type Log = Arc<Mutex<Vec<(String, Option<String>)>>>;

/// A client of the live server with a fixed admin token (Hydra's Admin API ignores it; the log shows
/// where it went) and a layer over the built-in stack that logs every request.
fn logged_client(live: &Live) -> (Client, Log) {
    let log: Log = Arc::default();
    let to_log = log.clone();
    let layer = tower::layer::layer_fn(move |inner: HttpService| {
        let log = to_log.clone();
        tower::service_fn(move |req: Request<Body>| {
            let auth = req.headers().get("authorization").map(|v| v.to_str().unwrap_or("?").to_owned());
            log.lock().unwrap().push((req.uri().path().to_owned(), auth));
            inner.clone().oneshot(req)
        })
    });
    let client = Client::builder(live.admin.base_url().as_str())
        .public_url(&live.public)
        .bearer_token("live-admin-token")
        .layer(layer)
        .build()
        .expect("a layered client");
    (client, log)
}

#[tokio::test]
async fn raw_requests_reach_the_real_server_through_a_layer_with_admin_credentials_on_the_admin_side() {
    let live = live!();
    let _list = clients_shared().await;
    let id = unique("raw a?b#c%d");
    let owner = unique("raw-owner");
    let _cleanup = DeleteOnPanic::new(&live, &[&id]);
    live.admin.create_o_auth2_client(&OAuth2Client::new().with_client_id(&id).with_owner(&owner)).await.unwrap();
    let (client, log) = logged_client(&live);

    let got: Value = client.request(Method::GET, "/clients/{id}").path_param("id", &id).send().await.unwrap();
    assert_eq!(got["client_id"], id.as_str());

    if live.serves("list_o_auth2_clients.owner") {
        let start = PageStart::Offset { limit: Some(50), offset: None };
        let listed: Vec<Value> =
            client.request(Method::GET, "/clients").query("owner", &owner).pages(start).try_collect().await.unwrap();
        let ids: Vec<&str> = listed.iter().filter_map(|c| c["client_id"].as_str()).collect();
        assert_eq!(ids, [id.as_str()]);
    }

    let discovery: Value =
        client.request(Method::GET, "/.well-known/openid-configuration").side(Side::Public).send().await.unwrap();
    assert!(discovery["issuer"].as_str().is_some_and(|i| !i.is_empty()), "{discovery}");

    let deleted = client.request(Method::DELETE, "/clients/{id}").path_param("id", &id).send_raw().await.unwrap();
    assert_eq!(deleted.status(), 204);
    let err = client.request(Method::GET, "/clients/{id}").path_param("id", &id).send_raw().await.unwrap_err();
    assert!(err.is_api(), "{err:?}");
    assert_eq!(err.status(), Some(missing_client_status(live.version.minor())), "{err:?}");

    let log = log.lock().unwrap().clone();
    let escaped = id.replace('%', "%25").replace('?', "%3F").replace('#', "%23").replace(' ', "%20");
    assert!(log.iter().any(|(path, _)| path.ends_with(&format!("/clients/{escaped}"))), "{log:?}");
    for (path, auth) in &log {
        let expected = (!path.starts_with("/.well-known/")).then_some("Bearer live-admin-token");
        assert_eq!(auth.as_deref(), expected, "{path}");
    }
    // get, (the owner listing's one page), discovery, delete, get: every call went through the layer.
    let calls = if live.serves("list_o_auth2_clients.owner") { 5 } else { 4 };
    assert_eq!(log.len(), calls, "{log:?}");
}
