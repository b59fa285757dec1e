//! Path parameters Hydra cannot route as one segment, on the real server: its router decodes `%2F`
//! before matching, so `victim/k1` as a key set names key `k1` of set `victim`, and `x/../victim` or
//! `victim/` are redirected (301) to `/clients/victim`, which a `reqwest::Client` follows. The client
//! refuses every such value before sending; this test aims each one at a victim client and key set, on
//! both transports, and checks that the victims are untouched.

use std::collections::BTreeSet;

use ory_hydra_v1_client::{
    Client, Error, JsonWebKey, JsonWebKeySet, JsonWebKeySetGeneratorRequest, OAuth2Client, PatchDocument,
    UpdateOAuth2ClientLifespans,
};

use ory_hydra_v1_codegen::ir::Location;

use crate::support::{clients_shared, live, unique, DeleteOnPanic, TABLES};

/// Every call that would reach `victim` (a client id and a key set name, `k1` one of its keys) if its
/// path parameter were sent as given, with the operation and parameter the refusal must name. `hydra`
/// needs a Public URL for the registration endpoints. `every_path_parameter_of_the_tables_is_attacked`
/// checks the list against the tables.
async fn attacks(hydra: &Client, victim: &str) -> Vec<(&'static str, &'static str, Result<(), Error>)> {
    let key = JsonWebKey::new("k1", "oct").with_alg("HS256");
    let generate = JsonWebKeySetGeneratorRequest::new("HS256", "k9", "sig");
    let vk1 = format!("{victim}/k1");
    let up = format!("x/../{victim}");
    let trailing = format!("{victim}/");
    let leading = format!("/{victim}");
    let parent = format!("../{victim}");
    let client = OAuth2Client::new().with_client_id(victim).with_client_name("replaced");
    let patch = PatchDocument::new("replace", "/client_name").with_value(serde_json::json!("replaced"));
    vec![
        ("delete_json_web_key_set", "set", hydra.delete_json_web_key_set(&vk1).await),
        ("get_json_web_key_set", "set", unit(hydra.get_json_web_key_set(&vk1).await)),
        ("update_json_web_key_set", "set", unit(hydra.update_json_web_key_set(&vk1, &JsonWebKeySet::new()).await)),
        ("create_json_web_key_set", "set", unit(hydra.create_json_web_key_set(&trailing, &generate).await)),
        ("delete_json_web_key", "kid", hydra.delete_json_web_key("other", &parent).await),
        ("delete_json_web_key", "set", hydra.delete_json_web_key(&up, "k1").await),
        ("delete_json_web_key", "kid", hydra.delete_json_web_key(victim, "k1/").await),
        ("update_json_web_key", "set", unit(hydra.update_json_web_key(&trailing, "k1", &key).await)),
        ("get_json_web_key", "kid", unit(hydra.get_json_web_key(victim, "k1/..").await)),
        ("get_json_web_key", "set", unit(hydra.get_json_web_key(&parent, "k1").await)),
        ("update_json_web_key", "kid", unit(hydra.update_json_web_key(victim, "/k1", &key).await)),
        ("update_o_auth2_client", "id", unit(hydra.update_o_auth2_client(&trailing, &client).await)),
        ("update_o_auth2_client", "id", unit(hydra.update_o_auth2_client(&leading, &client).await)),
        ("delete_o_auth2_client", "id", hydra.delete_o_auth2_client(&up).await),
        ("delete_o_auth2_client", "id", hydra.delete_o_auth2_client(&trailing).await),
        ("get_o_auth2_client", "id", unit(hydra.get_o_auth2_client(&up).await)),
        ("patch_o_auth2_client", "id", unit(hydra.patch_o_auth2_client(&trailing, std::slice::from_ref(&patch)).await)),
        (
            "update_o_auth2_client_lifespans",
            "id",
            unit(hydra.update_o_auth2_client_lifespans(&up, &UpdateOAuth2ClientLifespans::new()).await),
        ),
        ("get_trusted_jwt_grant_issuer", "id", unit(hydra.get_trusted_jwt_grant_issuer(&parent).await)),
        ("delete_trusted_jwt_grant_issuer", "id", hydra.delete_trusted_jwt_grant_issuer(&trailing).await),
        (
            "dynamic_client_registration_get_o_auth2_client",
            "id",
            unit(hydra.dynamic_client_registration_get_o_auth2_client(&up, "token").await),
        ),
        (
            "dynamic_client_registration_update_o_auth2_client",
            "id",
            unit(hydra.dynamic_client_registration_update_o_auth2_client(&leading, "token", &client).await),
        ),
        (
            "dynamic_client_registration_delete_o_auth2_client",
            "id",
            hydra.dynamic_client_registration_delete_o_auth2_client(&trailing, "token").await,
        ),
    ]
}

/// A call's result without its value.
fn unit<T>(result: Result<T, Error>) -> Result<(), Error> {
    result.map(drop)
}

#[tokio::test]
async fn values_hydra_cannot_route_never_reach_another_resource() {
    let live = live!();
    let _list = clients_shared().await;
    let victim = unique("victim");
    let _cleanup = DeleteOnPanic::new(&live, &[&victim]);
    let hydra = &live.admin;
    hydra
        .create_o_auth2_client(&OAuth2Client::new().with_client_id(&victim).with_client_name("original"))
        .await
        .expect("create victim client");
    for kid in ["k1", "k2"] {
        hydra
            .create_json_web_key_set(&victim, &JsonWebKeySetGeneratorRequest::new("HS256", kid, "sig"))
            .await
            .expect("create victim key");
    }
    let keys_before = hydra.get_json_web_key_set(&victim).await.expect("victim set");

    // The built-in transport, and a caller's reqwest client (which may not follow redirects: `build`
    // refuses one that does, issue 24); both with the Public URL, for the registration endpoints.
    let builder = || Client::builder(hydra.base_url().as_str()).public_url(live.public.clone());
    let built_in = builder().build().expect("client");
    let no_redirects = reqwest::Client::builder().redirect(reqwest::redirect::Policy::none()).build().expect("reqwest");
    let via_reqwest = builder().http_client(no_redirects).build().expect("client");
    let mut results = Vec::new();
    for (transport, admin) in [("built-in", &built_in), ("reqwest", &via_reqwest)] {
        for (operation, parameter, result) in attacks(admin, &victim).await {
            results.push((transport, operation, parameter, result));
        }
    }

    // The victims first, so a failure says what an accepted call did.
    let client = hydra.get_o_auth2_client(&victim).await.expect("the victim client survives");
    assert_eq!(client.client_name.as_str(), "original", "and is unchanged");
    let keys_after = hydra.get_json_web_key_set(&victim).await.expect("the victim key set survives");
    assert_eq!(keys_after, keys_before, "with every key unchanged");
    for (transport, operation, parameter, result) in results {
        let err = result.expect_err(operation);
        assert!(err.is_invalid_input(), "{transport} {operation}: {err:?}");
        assert_eq!((err.operation_name(), err.parameter()), (Some(operation), Some(parameter)), "{err:?}");
        assert!(!format!("{err} {err:?}").contains(&victim), "the value is not echoed: {err:?}");
    }

    hydra.delete_json_web_key_set(&victim).await.expect("delete victim set");
    hydra.delete_o_auth2_client(&victim).await.expect("delete victim client");
}

/// The attack list covers every path parameter of every table operation: a new table line with a path
/// parameter fails here until the list aims a value at it. The values are refused before anything is
/// sent, so this needs no server.
#[tokio::test]
async fn every_path_parameter_of_the_tables_is_attacked() {
    let nowhere = "http://127.0.0.1:9";
    let client = Client::builder(nowhere).public_url(nowhere).build().expect("client");
    let attacked: BTreeSet<(String, String)> = attacks(&client, "victim")
        .await
        .into_iter()
        .map(|(operation, parameter, result)| {
            assert!(result.expect_err(operation).is_invalid_input(), "{operation} was refused before sending");
            (operation.to_string(), parameter.to_string())
        })
        .collect();
    let declared: BTreeSet<(String, String)> = TABLES
        .operations
        .iter()
        .flat_map(|op| {
            op.params.iter().filter(|p| p.location == Location::Path).map(|p| (op.name.clone(), p.name.clone()))
        })
        .collect();
    let missing: Vec<_> = declared.difference(&attacked).collect();
    assert!(missing.is_empty(), "path parameters no attack aims at: {missing:?}");
    assert_eq!(attacked, declared, "every attack names a real operation and parameter");
}
