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

// Backs: patch_o_auth2_client sends a JSON Patch document to `/admin/clients/{id}` and decodes the
// patched client; only the patched member changes (the rest, `updated_at` aside, comes back as it was).
#[tokio::test]
async fn a_patch_changes_only_the_patched_member() {
    use ory_hydra_v2_client::JsonPatch;
    let v2 = live_v2!();
    let hydra = v2.client();
    let id = v2.flow_client("v2-patch", "v2-patch-owner").await;
    let before = hydra.get_o_auth2_client(&id).await.expect("get_o_auth2_client");
    let name = unique("v2-patched");
    let patch = [JsonPatch::new("replace", "/client_name").with_value(serde_json::json!(name))];
    let patched = hydra.patch_o_auth2_client(&id, &patch).await.expect("patch_o_auth2_client");
    assert_eq!((patched.client_id.as_str(), patched.client_name.as_str()), (id.as_str(), name.as_str()));
    let mut expected = before.clone().with_client_name(name.clone());
    expected.updated_at = patched.updated_at;
    assert_eq!(patched, expected, "only client_name changed");
    assert_eq!(hydra.get_o_auth2_client(&id).await.expect("read back").client_name, name, "stored");

    // A patch of a member that is not there is refused as an API error (v2.3.0 answers 500, "The error
    // is unrecognizable", not a 400), and changes nothing.
    let bad = [JsonPatch::new("remove", "/no_such_member")];
    let err = hydra.patch_o_auth2_client(&id, &bad).await.expect_err("an impossible patch");
    assert!(err.api().is_some(), "{err:?}");
    assert_eq!(hydra.get_o_auth2_client(&id).await.expect("read back").client_name, name);
    v2.delete_client(&id).await;
}

// Backs: set_o_auth2_client_lifespans takes and gives back `GoDuration` values (normalised by the
// server, e.g. `90m` → `1h30m0s`); lifespans left unset stay `None`, and a read sees the same.
#[tokio::test]
async fn lifespans_round_trip_as_go_durations() {
    use ory_hydra_v2_client::{GoDuration, OAuth2ClientTokenLifespans};
    let v2 = live_v2!();
    let hydra = v2.client();
    let id = v2.flow_client("v2-typed-lifespans", "").await;
    let go = |text: &str| GoDuration::parse(text).expect("a Go duration");
    let lifespans = OAuth2ClientTokenLifespans::new()
        .with_authorization_code_grant_access_token_lifespan(go("90m"))
        .with_client_credentials_grant_access_token_lifespan(go("1h30m45s"))
        .with_refresh_token_grant_refresh_token_lifespan(go("720h"));
    let client = hydra.set_o_auth2_client_lifespans(&id, &lifespans).await.expect("set_o_auth2_client_lifespans");
    assert_eq!(client.client_id, id, "the right client");
    let shown = |d: &Option<GoDuration>| d.as_ref().map(|d| d.as_str().to_string());
    assert_eq!(shown(&client.authorization_code_grant_access_token_lifespan).as_deref(), Some("1h30m0s"));
    assert_eq!(client.authorization_code_grant_access_token_lifespan, Some(go("90m")), "the same duration");
    assert_eq!(shown(&client.client_credentials_grant_access_token_lifespan).as_deref(), Some("1h30m45s"));
    assert_eq!(shown(&client.refresh_token_grant_refresh_token_lifespan).as_deref(), Some("720h0m0s"));
    assert_eq!(client.implicit_grant_id_token_lifespan, None, "unset lifespans stay unset");
    let read = hydra.get_o_auth2_client(&id).await.expect("get_o_auth2_client");
    assert_eq!(read.client_credentials_grant_access_token_lifespan, Some(go("1h30m45s")));
    assert_eq!(read.refresh_token_grant_refresh_token_lifespan.map(|d| d.as_nanos()), Some(720 * 3600 * 1_000_000_000));
    v2.delete_client(&id).await;
}

// Backs: raw requests (`Client::request`) on the v2 line: an escaped path parameter, token paging with
// the caller's query kept on every page, and a raw DELETE, against the real server.
#[tokio::test]
async fn raw_requests_read_page_and_delete_on_the_v2_paths() {
    use futures::TryStreamExt as _;
    use ory_hydra_v2_client::{Method, PageStart};
    use serde_json::Value;

    let v2 = live_v2!();
    let hydra = v2.client();
    let name = unique("v2-raw");
    let mut ids = Vec::new();
    for _ in 0..2 {
        let new = OAuth2Client::new().with_client_name(name.clone()).with_redirect_uris([REDIRECT_URI]);
        ids.push(hydra.create_o_auth2_client(&new).await.expect("create_o_auth2_client").client_id);
    }

    let read: Value = hydra.request(Method::GET, "/admin/clients/{id}").path_param("id", &ids[0]).send().await.unwrap();
    assert_eq!(read["client_name"], name.as_str());

    let start = PageStart::Token { page_size: Some(1), page_token: None };
    let listed: Vec<Value> = hydra
        .request(Method::GET, "/admin/clients")
        .query("client_name", &name)
        .pages(start)
        .try_collect()
        .await
        .unwrap();
    let mut listed: Vec<String> = listed.iter().map(|c| c["client_id"].as_str().unwrap().to_owned()).collect();
    listed.sort();
    let mut expected = ids.clone();
    expected.sort();
    assert_eq!(listed, expected, "one client per page, both pages filtered by name");

    for id in &ids {
        let gone = hydra.request(Method::DELETE, "/admin/clients/{id}").path_param("id", id).send_raw().await.unwrap();
        assert_eq!(gone.status(), 204);
    }
    let err = hydra.request(Method::GET, "/admin/clients/{id}").path_param("id", &ids[0]).send_raw().await.unwrap_err();
    assert!(err.is_not_found(), "{err:?}");
}
