//! Typed string enums and free-form JSON objects (`RawObject`) against httpmock: what is decoded, and that
//! a read-modify-write cycle sends back exactly what the server sent.

mod common;

use common::{client, Recorder};
use httpmock::prelude::*;
use ory_hydra_v1_client::{
    ConsentRequestSession, Error, GrantType, OAuth2Client, RawObject, ResponseType, SigningAlgorithm, SubjectType,
    TokenEndpointAuthMethod,
};
use serde_json::json;

fn decode_error(err: &Error) -> &ory_hydra_v1_client::DecodeError {
    err.decode().unwrap_or_else(|| panic!("expected a decode error, got {err:?}"))
}

/// Serves `body` (as exact text) for `GET /clients/{id}` and records the `PUT /clients/{id}` that follows,
/// answering it with the same text. Returns the decoded client and the text of the PUT body.
async fn get_then_update(server: &MockServer, id: &str, body: &str) -> (OAuth2Client, OAuth2Client, String) {
    let path = format!("/clients/{id}");
    let get = server
        .mock_async(|when, then| {
            when.method(GET).path(path.as_str());
            then.status(200).header("content-type", "application/json").body(body);
        })
        .await;
    let rec = Recorder::new();
    let put = server
        .mock_async(|when, then| {
            when.method(PUT).path(path.as_str()).header("content-type", "application/json");
            then.respond_with(rec.respond(200, &[("content-type", "application/json")], body));
        })
        .await;
    let c = client(server);
    let got = c.get_o_auth2_client(id).await.unwrap();
    get.assert_async().await;
    let updated = c.update_o_auth2_client(id, &got).await.unwrap();
    put.assert_async().await;
    (got, updated, rec.single().body_text())
}

/// Members in the order the client serializes them (field names sorted), so a lossless cycle gives back
/// this exact text.
const ENUM_CLIENT: &str = concat!(
    r#"{"client_id":"enum-rt","#,
    r#""grant_types":["authorization_code","urn:example:custom","client_credentials","#,
    r#""urn:ietf:params:oauth:grant-type:jwt-bearer","Refresh_Token"],"#,
    r#""request_object_signing_alg":"","#,
    r#""response_types":["code id_token","code","id_token code"],"#,
    r#""subject_type":"pairwise","#,
    r#""token_endpoint_auth_method":"private_key_jwt","#,
    r#""userinfo_signed_response_alg":"ES256K"}"#
);

#[tokio::test]
async fn enum_members_decode_into_variants_and_survive_get_then_update_byte_for_byte() {
    let server = MockServer::start_async().await;
    let (got, updated, sent) = get_then_update(&server, "enum-rt", ENUM_CLIENT).await;

    assert_eq!(
        got.grant_types,
        vec![
            GrantType::AuthorizationCode,
            GrantType::Other("urn:example:custom".into()),
            GrantType::ClientCredentials,
            GrantType::JwtBearer,
            GrantType::Other("Refresh_Token".into()),
        ]
    );
    assert_eq!(
        got.response_types,
        vec![ResponseType::CodeIdToken, ResponseType::Code, ResponseType::Other("id_token code".into())]
    );
    assert_eq!(got.subject_type, Some(SubjectType::Pairwise));
    assert_eq!(got.token_endpoint_auth_method, Some(TokenEndpointAuthMethod::PrivateKeyJwt));
    assert_eq!(got.request_object_signing_alg, Some(SigningAlgorithm::Other(String::new())));
    assert_eq!(got.userinfo_signed_response_alg, Some(SigningAlgorithm::Other("ES256K".into())));
    assert!(got.extra.is_empty(), "every member is modelled: {:?}", got.extra);

    // Member by member first, for a readable failure; then the whole text.
    for member in [
        r#""grant_types":["authorization_code","urn:example:custom","client_credentials","urn:ietf:params:oauth:grant-type:jwt-bearer","Refresh_Token"]"#,
        r#""request_object_signing_alg":"""#,
        r#""response_types":["code id_token","code","id_token code"]"#,
        r#""subject_type":"pairwise""#,
        r#""token_endpoint_auth_method":"private_key_jwt""#,
        r#""userinfo_signed_response_alg":"ES256K""#,
    ] {
        assert!(sent.contains(member), "PUT body lacks {member}: {sent}");
    }
    assert_eq!(sent, ENUM_CLIENT);
    assert!(updated == got, "the server's echo decodes to the same client");
}

#[tokio::test]
async fn enum_members_built_from_strings_send_their_wire_text() {
    let server = MockServer::start_async().await;
    let rec = Recorder::new();
    let mock = server
        .mock_async(|when, then| {
            when.method(POST).path("/clients");
            then.respond_with(rec.respond(201, &[], r#"{"client_id":"new"}"#));
        })
        .await;
    let body = OAuth2Client::new()
        .with_grant_types(["implicit", "urn:example:custom"])
        .with_response_types([ResponseType::IdTokenToken, ResponseType::from("code")])
        .with_subject_type("public")
        .with_token_endpoint_auth_method(TokenEndpointAuthMethod::None)
        .with_request_object_signing_alg(SigningAlgorithm::Rs256)
        .with_userinfo_signed_response_alg("none");
    // Strings naming a known value become that variant.
    assert_eq!(body.grant_types[0], GrantType::Implicit);
    assert_eq!(body.subject_type, Some(SubjectType::Public));
    assert_eq!(body.userinfo_signed_response_alg, Some(SigningAlgorithm::None));
    client(&server).create_o_auth2_client(&body).await.unwrap();
    mock.assert_async().await;
    assert_eq!(
        rec.single().body_text(),
        concat!(
            r#"{"grant_types":["implicit","urn:example:custom"],"request_object_signing_alg":"RS256","#,
            r#""response_types":["id_token token","code"],"subject_type":"public","#,
            r#""token_endpoint_auth_method":"none","userinfo_signed_response_alg":"none"}"#
        )
    );
}

/// Decodes `body` as the answer to `get_o_auth2_client`, which must fail; returns the error.
async fn get_client_error(body: &str) -> Error {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.method(GET).path("/clients/x");
            then.status(200).header("content-type", "application/json").body(body);
        })
        .await;
    let err = client(&server).get_o_auth2_client("x").await.unwrap_err();
    mock.assert_async().await;
    assert!(err.is_decode(), "{body}: {err:?}");
    assert_eq!(err.operation_name(), Some("get_o_auth2_client"));
    assert_eq!(decode_error(&err).body, body, "the body is kept whole");
    err
}

#[tokio::test]
async fn an_enum_member_of_the_wrong_json_type_is_a_decode_error_naming_it() {
    for (body, path) in [
        (r#"{"client_id":"x","subject_type":5}"#, "subject_type"),
        (r#"{"subject_type":5,"client_id":"x"}"#, "subject_type"),
        (r#"{"client_id":"x","token_endpoint_auth_method":true,"scope":"s"}"#, "token_endpoint_auth_method"),
        (r#"{"client_id":"x","userinfo_signed_response_alg":{"alg":"RS256"}}"#, "userinfo_signed_response_alg"),
        (r#"{"client_id":"x","grant_types":["implicit",7]}"#, "grant_types[1]"),
        (r#"{"client_id":"x","response_types":"code"}"#, "response_types"),
    ] {
        let err = get_client_error(body).await;
        let d = decode_error(&err);
        assert_eq!(d.path, path, "{body}");
        assert!(err.to_string().contains(&format!("`{path}`")), "{err}");
        assert!(matches!(d.source, ory_hydra_v1_client::DecodeSource::Json(_)), "{:?}", d.source);
    }
    let err = get_client_error(r#"{"subject_type":5}"#).await;
    let shown = common::chain(&err);
    assert!(shown.contains("a SubjectType string"), "the error chain says what was expected: {shown}");
}

/// Free-form metadata in an order, with numbers and escapes, that a parse-and-reserialize would change:
/// "z" before "a", an integer beyond 64 bits, `1.0`, an exponent, unicode both raw and escaped, and
/// escaped quotes, backslashes, slashes and control characters.
const METADATA: &str = concat!(
    r#"{"z":{"ünï":"caf\u00e9 \"q\" \\ \/ \n\t","emoji":"😀","escaped":"\ud83d\ude00"},"#,
    r#""a":123456789012345678901234567890,"f":1.0,"e":1E3,"neg":-0.0,"#,
    r#""list":[ 1 , {"b":null} ],"dup":1,"dup":2}"#
);

#[tokio::test]
async fn metadata_survives_get_then_update_as_the_same_text() {
    let server = MockServer::start_async().await;
    let body = format!(r#"{{"client_id":"meta-rt","metadata":{METADATA},"owner":"o"}}"#);
    let (got, updated, sent) = get_then_update(&server, "meta-rt", &body).await;

    let meta = got.metadata.as_ref().expect("metadata");
    assert_eq!(meta.as_json(), METADATA);
    assert_eq!(meta.to_string(), METADATA);
    assert_eq!(meta.get("z").unwrap()["ünï"], json!("café \"q\" \\ / \n\t"));
    assert_eq!(meta.get("z").unwrap()["escaped"], json!("😀"));
    assert_eq!(meta.get("f"), Some(json!(1.0)));
    assert!(!meta.is_empty());

    assert!(sent.contains(&format!(r#""metadata":{METADATA}"#)), "PUT body changed the metadata text: {sent}");
    assert_eq!(sent, body);
    assert_eq!(updated.metadata.as_ref().map(RawObject::as_json), Some(METADATA));
    assert!(updated == got);
}

#[tokio::test]
async fn metadata_null_or_absent_decodes_to_none_and_is_not_sent() {
    for body in [
        r#"{"client_id":"n","metadata":null}"#,
        r#"{"client_id":"n","metadata" : null ,"owner":"o"}"#,
        r#"{"client_id":"n"}"#,
    ] {
        let server = MockServer::start_async().await;
        let (got, _, sent) = get_then_update(&server, "n", body).await;
        assert_eq!(got.metadata, None, "{body}");
        assert!(!sent.contains("metadata"), "{body} sent back as {sent}");
    }
}

#[tokio::test]
async fn empty_metadata_is_kept_as_sent() {
    let server = MockServer::start_async().await;
    let body = r#"{"client_id":"e","metadata":{ }}"#;
    let (got, _, sent) = get_then_update(&server, "e", body).await;
    let meta = got.metadata.as_ref().expect("an empty object is not None");
    assert!(meta.is_empty());
    assert_eq!(*meta, RawObject::default());
    assert_eq!(sent, body);
}

#[tokio::test]
async fn metadata_that_is_not_an_object_is_a_decode_error_naming_it() {
    // `metadata` followed by another member.
    for (body, found) in [
        (r#"{"client_id":"x","metadata":[1,2],"owner":"o"}"#, "sequence"),
        (r#"{"metadata":"x","client_id":"x"}"#, "a string"),
        (r#"{"metadata":5,"client_id":"x"}"#, "a number"),
        (r#"{"metadata":true,"client_id":"x"}"#, "a boolean"),
    ] {
        let err = get_client_error(body).await;
        let d = decode_error(&err);
        assert_eq!(d.path, "metadata", "{body}");
        let shown = common::chain(&err);
        assert!(shown.contains("`metadata`") && shown.contains(found), "{body}: {shown}");
        assert!(shown.contains("expected a JSON object"), "{shown}");
    }
}

/// A `RawObject` error has no position of its own: serde_json gives it the position the enclosing
/// object's decoder has reached, which is past the closing `}` when the bad member is the last one. The
/// client still names the member, at the top level and nested, however the body is laid out.
#[tokio::test]
async fn metadata_that_is_not_an_object_is_named_even_as_the_last_member() {
    for body in [
        r#"{"client_id":"x","metadata":[1,2]}"#,
        r#"{"client_id":"x","metadata":"x"}"#,
        "{\n  \"client_id\": \"x\",\n  \"metadata\": [{\"a\": 1}]\n}\n",
    ] {
        let err = get_client_error(body).await;
        assert_eq!(decode_error(&err).path, "metadata", "{body}");
    }

    let server = MockServer::start_async().await;
    let body = r#"{"challenge":"c","client":{"client_id":"x","metadata":[1]},"skip":false}"#;
    server
        .mock_async(|when, then| {
            when.method(GET).path("/oauth2/auth/requests/login");
            then.status(200).header("content-type", "application/json").body(body);
        })
        .await;
    let err = client(&server).get_login_request("c").await.unwrap_err();
    assert_eq!(decode_error(&err).path, "client.metadata", "{err:?}");
}

#[tokio::test]
async fn create_sends_typed_grant_types_and_raw_metadata() {
    let server = MockServer::start_async().await;
    let rec = Recorder::new();
    let mock = server
        .mock_async(|when, then| {
            when.method(POST).path("/clients").header("content-type", "application/json");
            then.respond_with(rec.respond(
                201,
                &[("content-type", "application/json")],
                r#"{"client_id":"gen","grant_types":["client_credentials"],"metadata":{"team":"payments","tier":2}}"#,
            ));
        })
        .await;
    let metadata = RawObject::new(&json!({"team": "payments", "tier": 2, "tags": ["a", "b"]})).unwrap();
    let body = OAuth2Client::new()
        .with_client_name("billing")
        .with_grant_types([GrantType::ClientCredentials])
        .with_metadata(metadata);
    let created = client(&server).create_o_auth2_client(&body).await.unwrap();
    mock.assert_async().await;

    let seen = rec.single();
    assert_eq!(
        seen.body_json(),
        json!({
            "client_name": "billing",
            "grant_types": ["client_credentials"],
            "metadata": {"team": "payments", "tier": 2, "tags": ["a", "b"]}
        })
    );
    assert_eq!(
        seen.body_text(),
        r#"{"client_name":"billing","grant_types":["client_credentials"],"metadata":{"tags":["a","b"],"team":"payments","tier":2}}"#
    );
    assert_eq!(created.grant_types, vec![GrantType::ClientCredentials]);
    let meta = created.metadata.expect("metadata");
    assert_eq!(meta, RawObject::from_json(r#"{ "tier": 2, "team": "payments" }"#).unwrap());
    assert_eq!(meta.get("tier"), Some(json!(2)));
}

#[tokio::test]
async fn consent_session_claims_are_sent_as_given_and_empty_ones_left_out() {
    let server = MockServer::start_async().await;
    let rec = Recorder::new();
    let mock = server
        .mock_async(|when, then| {
            when.method(PUT).path("/oauth2/auth/requests/consent/accept").query_param("consent_challenge", "cc");
            then.respond_with(rec.respond(200, &[], r#"{"redirect_to":"https://hydra/done"}"#));
        })
        .await;
    let access = r#"{"z":1,"a":123456789012345678901234567890}"#;
    let session = ConsentRequestSession::new()
        .with_access_token(RawObject::from_json(access).unwrap())
        .with_id_token(RawObject::default());
    let body = ory_hydra_v1_client::AcceptConsentRequest::new().with_session(session);
    let done = client(&server).accept_consent_request("cc", &body).await.unwrap();
    mock.assert_async().await;
    assert_eq!(done.redirect_to, "https://hydra/done");
    // `id_token` is `always`: left out while empty, which Hydra reads as the empty object it is.
    assert_eq!(rec.single().body_text(), format!(r#"{{"session":{{"access_token":{access}}}}}"#));
}
