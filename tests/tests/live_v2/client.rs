//! `ory-hydra-v2-client` against v2.3.0: a client's life through the generated Admin calls.

use ory_hydra_v2_client::OAuth2Client;

use crate::support::{live_v2, unique, REDIRECT_URI};

// Backs: create/get/set/delete_o_auth2_client on the `/admin/clients` paths, the model's round trip, and
// a 404 after deletion read as `is_not_found` from an errorOAuth2 body.
#[tokio::test]
async fn a_client_is_created_read_replaced_and_deleted() {
    let v2 = live_v2!();
    let hydra = v2.client();
    let name = unique("v2-typed");
    let created = hydra
        .create_o_auth2_client(&OAuth2Client::new().with_client_name(name.clone()).with_redirect_uris([REDIRECT_URI]))
        .await
        .expect("create_o_auth2_client");
    let id = created.client_id.clone();
    assert!(!id.is_empty(), "Hydra assigns an id");
    assert!(created.client_secret.is_some(), "a new client's secret is in the create answer only");

    let read = hydra.get_o_auth2_client(&id).await.expect("get_o_auth2_client");
    assert_eq!(
        (read.client_name.as_str(), read.redirect_uris.as_slice()),
        (name.as_str(), &[REDIRECT_URI.to_string()][..])
    );
    assert!(read.client_secret.is_none(), "{read:?}");

    let replaced = hydra
        .set_o_auth2_client(&id, &read.clone().with_client_name(format!("{name}-2")))
        .await
        .expect("set_o_auth2_client");
    assert_eq!(replaced.client_name, format!("{name}-2"));

    hydra.delete_o_auth2_client(&id).await.expect("delete_o_auth2_client");
    let gone = hydra.get_o_auth2_client(&id).await.expect_err("deleted");
    assert!(gone.is_not_found(), "{gone:?}");
    assert!(gone.api().is_some_and(|a| a.body.contains("error")), "{gone:?}");
}
