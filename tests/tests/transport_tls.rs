//! The built-in stack against a real TLS server with certificates made in the test: private roots, the
//! platform roots turned off, mutual TLS, the minimum version, and handshakes that must fail.

mod net;

use net::{server_config, tls_server, Ca};
use ory_hydra_v1_client::{Client, TlsVersion};

fn builder(addr: std::net::SocketAddr) -> ory_hydra_v1_client::ClientBuilder {
    Client::builder(format!("https://localhost:{}", addr.port())).no_proxy()
}

#[tokio::test]
async fn a_private_ca_added_as_root_is_trusted() {
    let ca = Ca::new("test CA");
    let (addr, counts) = tls_server(server_config(&ca.leaf(&["localhost"]), None)).await;
    let hydra = builder(addr).add_root_certificate_pem(ca.pem()).build().unwrap();
    let got = hydra.get_o_auth2_client("c1").await.unwrap();
    assert_eq!(got.client_id, "c1");
    // Only the extra root, without the platform's.
    let hydra = builder(addr).add_root_certificate_pem(ca.pem()).tls_built_in_root_certs(false).build().unwrap();
    hydra.get_o_auth2_client("c1").await.unwrap();
    assert_eq!(counts.requests(), 2);
}

#[tokio::test]
async fn a_server_signed_by_another_ca_fails_the_handshake() {
    let (ca, wrong) = (Ca::new("server CA"), Ca::new("other CA"));
    let (addr, counts) = tls_server(server_config(&ca.leaf(&["localhost"]), None)).await;
    for hydra in [
        builder(addr).add_root_certificate_pem(wrong.pem()).tls_built_in_root_certs(false).build().unwrap(),
        builder(addr).add_root_certificate_pem(wrong.pem()).build().unwrap(),
        builder(addr).build().unwrap(),
    ] {
        let err = hydra.get_o_auth2_client("c1").await.unwrap_err();
        assert!(err.is_transport() && err.is_tls() && err.is_connect() && !err.is_proxy(), "{err:?}");
        let chain = error_chain(&err);
        assert!(chain.to_lowercase().contains("certificate"), "{chain}");
    }
    assert_eq!(counts.requests(), 0);
    assert_eq!(counts.failed_handshakes(3).await, 3);
}

#[tokio::test]
async fn a_certificate_for_another_name_fails_the_handshake() {
    let ca = Ca::new("test CA");
    let (addr, counts) = tls_server(server_config(&ca.leaf(&["elsewhere.example"]), None)).await;
    let hydra = builder(addr).add_root_certificate_pem(ca.pem()).build().unwrap();
    assert!(hydra.get_o_auth2_client("c1").await.unwrap_err().is_transport());
    assert_eq!(counts.requests(), 0);
}

#[tokio::test]
async fn mutual_tls_presents_the_identity_and_a_client_without_one_is_refused() {
    let ca = Ca::new("test CA");
    let clients_ca = Ca::new("client CA");
    let (addr, counts) = tls_server(server_config(&ca.leaf(&["localhost"]), Some(&clients_ca))).await;

    let me = clients_ca.leaf(&["billing-service"]);
    let hydra = builder(addr).add_root_certificate_pem(ca.pem()).identity_pem(me.cert_pem, me.key_pem).build().unwrap();
    hydra.get_o_auth2_client("c1").await.unwrap();
    assert_eq!(counts.requests(), 1);

    let anonymous = builder(addr).add_root_certificate_pem(ca.pem()).build().unwrap();
    let err = anonymous.get_o_auth2_client("c1").await.unwrap_err();
    assert!(err.is_transport() && err.is_tls(), "{err:?}");
    // An identity from a CA the server does not trust is refused too.
    let stranger = Ca::new("stranger CA").leaf(&["intruder"]);
    let hydra = builder(addr)
        .add_root_certificate_pem(ca.pem())
        .identity_pem(stranger.cert_pem, stranger.key_pem)
        .build()
        .unwrap();
    assert!(hydra.get_o_auth2_client("c1").await.unwrap_err().is_tls());
    assert_eq!(counts.requests(), 1);
}

#[tokio::test]
async fn the_minimum_tls_version_refuses_an_older_server() {
    let ca = Ca::new("test CA");
    let leaf = ca.leaf(&["localhost"]);
    let provider = std::sync::Arc::new(rustls::crypto::aws_lc_rs::default_provider());
    let tls12_only = rustls::ServerConfig::builder_with_provider(provider)
        .with_protocol_versions(&[&rustls::version::TLS12])
        .unwrap()
        .with_no_client_auth()
        .with_single_cert(vec![leaf.cert.clone()], leaf.key.clone_key())
        .unwrap();
    let (addr, counts) = tls_server(tls12_only).await;
    let hydra = builder(addr).add_root_certificate_pem(ca.pem()).min_tls_version(TlsVersion::V1_2).build().unwrap();
    hydra.get_o_auth2_client("c1").await.unwrap();
    let hydra = builder(addr).add_root_certificate_pem(ca.pem()).min_tls_version(TlsVersion::V1_3).build().unwrap();
    assert!(hydra.get_o_auth2_client("c1").await.unwrap_err().is_tls());
    assert_eq!(counts.requests(), 1);
}

#[test]
fn bad_tls_material_is_refused_when_building_without_echoing_the_key() {
    let b = Client::builder("https://localhost:1").no_proxy();
    let err = b.clone().add_root_certificate_pem("not a certificate").build().unwrap_err();
    assert!(error_chain(&err).to_lowercase().contains("certificate"), "{err:?}");
    let err = b.clone().tls_built_in_root_certs(false).build().unwrap_err();
    assert!(error_chain(&err).contains("no root certificate"), "{}", error_chain(&err));
    let ca = Ca::new("test CA");
    let leaf = ca.leaf(&["me"]);
    let err = b
        .identity_pem(
            leaf.cert_pem,
            "-----BEGIN PRIVATE KEY-----\nU0VDUkVULUtFWS1CWVRFUw==\n-----END PRIVATE KEY-----\n",
        )
        .build()
        .unwrap_err();
    let chain = error_chain(&err);
    assert!(!chain.contains("U0VDUkVU") && !format!("{err:?}").contains("U0VDUkVU"), "{chain}");
}

#[test]
fn tls_settings_do_not_matter_to_an_http_client() {
    // An http base URL never makes a TLS connection, so even a configuration that trusts nothing builds.
    Client::builder("http://127.0.0.1:1").tls_built_in_root_certs(false).build().unwrap();
}

fn error_chain(err: &dyn std::error::Error) -> String {
    let mut text = err.to_string();
    let mut source = err.source();
    while let Some(e) = source {
        text.push_str(" <- ");
        text.push_str(&e.to_string());
        source = e.source();
    }
    text
}
