//! OpenID Connect dynamic client registration through `ory-hydra-v2-client` on v2.3.0: the registration
//! access token is the credential of the client's own reads, changes and deletion.

use ory_hydra_v2_client::OAuth2Client;

use crate::support::{live_v2, unique, REDIRECT_URI};

// Backs: create_oidc_dynamic_client returns the client with a registration_access_token;
// get/set/delete_oidc_dynamic_client send it as a bearer token and act on the client the path names
// (the Admin API sees the change and then the deletion); a wrong token is refused, and a change rotates
// the token.
#[tokio::test]
async fn a_registered_client_manages_itself_with_its_token() {
    let v2 = live_v2!();
    let hydra = v2.client();
    let name = unique("v2-registered");
    let body = OAuth2Client::new().with_client_name(name.clone()).with_redirect_uris([REDIRECT_URI]);
    let created = hydra.create_oidc_dynamic_client(&body).await.expect("create_oidc_dynamic_client");
    let id = created.client_id.clone();
    let token = created.registration_access_token.clone().expect("a registration access token");
    assert_eq!(created.client_name, name);
    assert!(created.client_secret.is_some(), "the secret is in the registration answer");

    let read = hydra.get_oidc_dynamic_client(&id, &token).await.expect("get_oidc_dynamic_client");
    assert_eq!((read.client_id.as_str(), read.client_name.as_str()), (id.as_str(), name.as_str()));
    let wrong = hydra.get_oidc_dynamic_client(&id, "not-the-token").await.expect_err("a wrong token");
    assert!(wrong.is_unauthorized(), "{wrong:?}");

    let renamed = format!("{name}-2");
    let changed = read.clone().with_client_name(renamed.clone());
    let set = hydra.set_oidc_dynamic_client(&id, &token, &changed).await.expect("set_oidc_dynamic_client");
    assert_eq!((set.client_id.as_str(), set.client_name.as_str()), (id.as_str(), renamed.as_str()));
    let admin_view = hydra.get_o_auth2_client(&id).await.expect("the Admin API's view");
    assert_eq!(admin_view.client_name, renamed, "the change is stored");

    // A change rotates the token: the answer carries a new one and the old one is refused from then on.
    let current = set.registration_access_token.clone().expect("a new registration access token");
    assert_ne!(current, token, "rotated");
    let stale = hydra.get_oidc_dynamic_client(&id, &token).await.expect_err("the token before the change");
    assert!(stale.is_unauthorized(), "{stale:?}");
    let stale = hydra.delete_oidc_dynamic_client(&id, &token).await.expect_err("deleting with the old token");
    assert!(stale.is_unauthorized(), "{stale:?}");
    hydra.delete_oidc_dynamic_client(&id, &current).await.expect("delete_oidc_dynamic_client");
    let gone = hydra.get_o_auth2_client(&id).await.expect_err("deleted");
    assert!(gone.is_not_found(), "{gone:?}");
}
