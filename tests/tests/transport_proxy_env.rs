//! Proxies named in `HTTP_PROXY`, `HTTPS_PROXY`, `ALL_PROXY` and `NO_PROXY`. A binary of its own with a
//! single test, so changing the process environment races no other test.

mod net;

use httpmock::MockServer;
use net::{proxy, server_config, tls_server, Ca, CLIENT_JSON};
use ory_hydra_v1_client::Client;

const VARS: [&str; 8] =
    ["HTTP_PROXY", "http_proxy", "HTTPS_PROXY", "https_proxy", "ALL_PROXY", "all_proxy", "NO_PROXY", "no_proxy"];

fn clear() {
    for v in VARS {
        // SAFETY (edition 2024 marks this unsafe): this binary runs one test, and no other thread reads
        // the environment while it changes.
        std::env::remove_var(v);
    }
}

#[tokio::test(flavor = "current_thread")]
async fn proxy_variables_are_honoured_by_default() {
    clear();
    let server = MockServer::start_async().await;
    server
        .mock_async(|when, then| {
            when.any_request();
            then.status(200).header("content-type", "application/json").body(CLIENT_JSON);
        })
        .await;
    let (proxy_addr, log) = proxy(None).await;
    let ca = Ca::new("test CA");
    let (tls_addr, tls_counts) = tls_server(server_config(&ca.leaf(&["localhost"]), None)).await;
    let https_base = format!("https://localhost:{}", tls_addr.port());
    let https = || Client::builder(https_base.clone()).add_root_certificate_pem(ca.pem()).build().unwrap();

    // HTTP_PROXY covers http only.
    std::env::set_var("HTTP_PROXY", format!("http://{proxy_addr}"));
    Client::new(&server.base_url()).unwrap().get_o_auth2_client("c1").await.unwrap();
    https().get_o_auth2_client("c1").await.unwrap();
    assert_eq!((log.forwarded(), log.tunnels()), (1, 0));

    // HTTPS_PROXY covers https only.
    clear();
    std::env::set_var("https_proxy", format!("http://{proxy_addr}"));
    Client::new(&server.base_url()).unwrap().get_o_auth2_client("c1").await.unwrap();
    https().get_o_auth2_client("c1").await.unwrap();
    assert_eq!((log.forwarded(), log.tunnels()), (1, 1));

    // ALL_PROXY covers both; NO_PROXY exempts a host; no_proxy() and an explicit proxy win over them.
    clear();
    std::env::set_var("ALL_PROXY", format!("http://{proxy_addr}"));
    Client::new(&server.base_url()).unwrap().get_o_auth2_client("c1").await.unwrap();
    https().get_o_auth2_client("c1").await.unwrap();
    assert_eq!((log.forwarded(), log.tunnels()), (2, 2));
    Client::builder(server.base_url()).no_proxy().build().unwrap().get_o_auth2_client("c1").await.unwrap();
    std::env::set_var("NO_PROXY", "localhost,127.0.0.1");
    Client::new(&server.base_url()).unwrap().get_o_auth2_client("c1").await.unwrap();
    https().get_o_auth2_client("c1").await.unwrap();
    assert_eq!((log.forwarded(), log.tunnels()), (2, 2));
    let explicit = Client::builder(server.base_url()).proxy(format!("http://{proxy_addr}")).build().unwrap();
    explicit.get_o_auth2_client("c1").await.unwrap();
    assert_eq!((log.forwarded(), log.tunnels()), (3, 2));
    assert_eq!(tls_counts.requests(), 4);

    // A proxy the built-in stack cannot use is refused when building, naming no password.
    clear();
    std::env::set_var("ALL_PROXY", "socks5://u:env-secret@127.0.0.1:1080");
    let err = Client::new(&server.base_url()).unwrap_err();
    assert!(!format!("{err} {err:?}").contains("env-secret"), "{err:?}");
    clear();
}
