//! Every model round-trips through serde_json text (byte for byte), `serde_json::Value`, YAML and TOML:
//! admin tools keep client definitions in such files. Each model is filled from the tables themselves
//! (every field set, free-form members nested, one unknown member), so a model added to a table is
//! covered once it is named in `every_model!` below, and the test fails until it is.

use std::collections::BTreeSet;
use std::fmt::Debug;

use ory_hydra_v1_client::*;
use ory_hydra_v1_codegen::ir::{Api, Type};
use ory_hydra_v1_codegen::Source;
use serde::de::DeserializeOwned;
use serde::Serialize;
use serde_json::{json, Value};

mod common;

/// The client's own tables, as `hydra-client/src/lib.rs` expands them.
fn tables() -> Api {
    let source = |name: &str, text: &str| Source::Inline { name: name.into(), text: text.into() };
    let sources = [
        source("runtime.table", include_str!("../../spec/runtime.table")),
        source("models.table", include_str!("../../spec/models.table")),
        source("admin.table", include_str!("../../spec/admin.table")),
    ];
    ory_hydra_v1_codegen::load(&sources).into_result().expect("the client's tables are valid")
}

/// A value for every field of `model`, nested models included: TOML-safe (no `null`, integers within
/// i64), free-form members with nested values in an order a sorted map would change.
fn sample(api: &Api, model: &str, depth: usize) -> Value {
    let m = api.model(model).expect("model");
    let mut out = serde_json::Map::new();
    for f in &m.fields {
        if let Some(v) = sample_of(api, &f.ty, depth) {
            out.insert(f.json_name.clone(), v);
        }
    }
    Value::Object(out)
}

fn sample_of(api: &Api, ty: &Type, depth: usize) -> Option<Value> {
    Some(match ty {
        Type::String => json!("text with \"quotes\" and é"),
        Type::Bool => json!(true),
        Type::I64 => json!(-42),
        Type::F64 => json!(1.5),
        Type::DateTime => json!("2021-03-04T05:06:07Z"),
        Type::Duration => json!("1h30m0.5s"),
        Type::Object | Type::Json => json!({"z": 1, "a": {"nested": [1, "two", false]}, "m": 2.25}),
        Type::Enum(name) => json!(api.enumeration(name).expect("enum").values[0].json),
        Type::Array(inner) => json!([sample_of(api, inner, depth)?]),
        // Models that contain themselves stop after a few levels.
        Type::Model(_) if depth > 3 => return None,
        Type::Model(name) => sample(api, name, depth + 1),
    })
}

/// Checks one model: serde_json text twice gives the same bytes, and `Value`, YAML and TOML each give
/// back an equal model.
fn round_trip<T: Serialize + DeserializeOwned + PartialEq + Debug>(name: &str, json: &Value) {
    let mut doc = json.as_object().expect("object").clone();
    doc.insert("x_unknown_member".into(), json!({"b": [1, {"c": "d"}], "a": 7}));
    let text = serde_json::to_string(&doc).expect("sample text");
    let model: T = serde_json::from_str(&text).unwrap_or_else(|e| panic!("{name}: {e}\n{text}"));

    let written = serde_json::to_string(&model).expect("to json");
    let again: T = serde_json::from_str(&written).expect("from json");
    assert_eq!(again, model, "{name} via serde_json");
    assert_eq!(serde_json::to_string(&again).unwrap(), written, "{name}: serde_json text is stable byte for byte");

    let value = serde_json::to_value(&model).expect("to value");
    assert_eq!(serde_json::from_value::<T>(value).expect("from value"), model, "{name} via Value");

    let yaml = serde_norway::to_string(&model).unwrap_or_else(|e| panic!("{name} to YAML: {e}"));
    assert!(!yaml.contains("serde_json"), "{name}: serde_json's private wrapper leaked into YAML:\n{yaml}");
    let back: T = serde_norway::from_str(&yaml).unwrap_or_else(|e| panic!("{name} from YAML: {e}\n{yaml}"));
    assert_eq!(back, model, "{name} via YAML:\n{yaml}");

    let toml_text = toml::to_string(&model).unwrap_or_else(|e| panic!("{name} to TOML: {e}"));
    assert!(!toml_text.contains("serde_json"), "{name}: serde_json's private wrapper leaked into TOML");
    let back: T = toml::from_str(&toml_text).unwrap_or_else(|e| panic!("{name} from TOML: {e}\n{toml_text}"));
    assert_eq!(back, model, "{name} via TOML:\n{toml_text}");
}

macro_rules! every_model {
    ($($model:ident),* $(,)?) => {
        const MODELS: &[&str] = &[$(stringify!($model)),*];

        fn check(api: &Api, name: &str) {
            let json = sample(api, name, 0);
            match name {
                $(stringify!($model) => round_trip::<$model>(name, &json),)*
                other => panic!("{other} is not in every_model!"),
            }
        }
    };
}

every_model!(
    AcceptConsentRequest,
    AcceptLoginRequest,
    CompletedRequest,
    ConsentRequest,
    ConsentRequestSession,
    FlushInactiveOAuth2TokensRequest,
    GenericError,
    HealthStatus,
    JsonWebKey,
    JsonWebKeySet,
    JsonWebKeySetGeneratorRequest,
    LoginRequest,
    LogoutRequest,
    OAuth2Client,
    OAuth2TokenIntrospection,
    OpenIdConnectContext,
    PreviousConsentSession,
    RejectRequest,
    Version,
    JsonError,
    HealthNotReadyStatus,
    RequestWasHandledResponse,
    FlushLoginConsentRequest,
    PatchDocument,
    UpdateOAuth2ClientLifespans,
    TrustJwtGrantIssuerBody,
    TrustedJwtGrantIssuer,
    TrustedJsonWebKey,
    Oauth2TokenResponse,
    WellKnown,
    UserinfoResponse,
    RefreshTokenHookRequest,
    RefreshTokenHookResponse,
    OAuth2AccessRequest,
    Session,
    DefaultSession,
    Headers,
    IdTokenClaims,
);

#[test]
fn every_model_round_trips_through_json_value_yaml_and_toml() {
    let api = tables();
    let declared: BTreeSet<&str> = api.models.iter().map(|m| m.name.as_str()).collect();
    let listed: BTreeSet<&str> = MODELS.iter().copied().collect();
    assert_eq!(listed, declared, "every_model! must name every model of the tables");
    for name in MODELS {
        check(&api, name);
    }
}

/// The case the issue reported: a client definition with `metadata` written to YAML and TOML and read
/// back, with the metadata as a plain mapping in the file.
#[test]
fn a_client_with_metadata_is_written_as_plain_yaml_and_toml() {
    let meta = r#"{"team":"payments","limits":{"rps":50,"burst":[1,2]}}"#;
    let client = OAuth2Client::new().with_client_id("billing").with_metadata(RawObject::from_json(meta).unwrap());
    let yaml = serde_norway::to_string(&client).unwrap();
    assert!(yaml.contains("metadata:\n  team: payments\n  limits:"), "{yaml}");
    let back: OAuth2Client = serde_norway::from_str(&yaml).unwrap();
    assert_eq!(back.metadata.as_ref().and_then(|m| m.get("limits")), Some(json!({"rps": 50, "burst": [1, 2]})));
    let toml_text = toml::to_string(&client).unwrap();
    assert!(toml_text.contains("[metadata]") && toml_text.contains("team = \"payments\""), "{toml_text}");
    let back: OAuth2Client = toml::from_str(&toml_text).unwrap();
    assert_eq!(back, client);
    // And back on the wire, the text as it was set.
    assert!(serde_json::to_string(&client).unwrap().contains(meta));
}

/// Free-form members travel through YAML and TOML in the order the server sent them, both ways: a
/// read -> write cycle of a file keeps it as it was (they used to pass through a sorted map).
#[test]
fn free_form_members_keep_their_order_through_yaml_and_toml() {
    let meta = r#"{"zeta":1,"alpha":{"yes":true,"b":[3,1,2],"a":"x"},"mid":-2.5,"big":18446744073709551615}"#;
    let client = OAuth2Client::new().with_metadata(RawObject::from_json(meta).unwrap());
    let yaml = serde_norway::to_string(&client).unwrap();
    let (z, a, m) = (yaml.find("zeta:").unwrap(), yaml.find("alpha:").unwrap(), yaml.find("mid:").unwrap());
    assert!(z < a && a < m && yaml.find("yes:").unwrap() < yaml.find("a: x").unwrap(), "{yaml}");
    let back: OAuth2Client = serde_norway::from_str(&yaml).unwrap();
    assert_eq!(back.metadata.as_ref().unwrap().as_json(), meta, "YAML:\n{yaml}");
    assert_eq!(serde_norway::to_string(&back).unwrap(), yaml, "a YAML read -> write cycle changes nothing");

    // TOML writes plain keys before tables, so the flat members keep their order among themselves.
    let flat = r#"{"zeta":1,"alpha":"a","mid":-2.5,"list":[3,1,2]}"#;
    let client = OAuth2Client::new().with_metadata(RawObject::from_json(flat).unwrap());
    let toml_text = toml::to_string(&client).unwrap();
    let back: OAuth2Client = toml::from_str(&toml_text).unwrap();
    assert_eq!(back.metadata.as_ref().unwrap().as_json(), flat, "TOML:\n{toml_text}");
    assert_eq!(toml::to_string(&back).unwrap(), toml_text, "a TOML read -> write cycle changes nothing");
}

/// The same for the login `context` a consent request carries and for members no table declares (kept
/// in `extra`).
#[test]
fn login_context_and_unknown_members_keep_their_order_through_yaml() {
    // The members every answer carries come after the ones under test (a `Value` would sort these).
    let carried = serde_json::to_string(&common::answer("ConsentRequest", json!({"challenge": "c"}))).unwrap();
    let text = format!(r#"{{"context":{{"z":1,"a":2}},"later":{{"y":1,"b":2}},"earlier":0,{}"#, &carried[1..]);
    let login: ConsentRequest = serde_json::from_str(&text).unwrap();
    let yaml = serde_norway::to_string(&login).unwrap();
    assert!(yaml.find("z: 1").unwrap() < yaml.find("a: 2").unwrap(), "{yaml}");
    assert!(yaml.find("later:").unwrap() < yaml.find("earlier:").unwrap(), "{yaml}");
    let back: ConsentRequest = serde_norway::from_str(&yaml).unwrap();
    assert_eq!(back.context.as_ref().unwrap().as_json(), r#"{"z":1,"a":2}"#);
    assert_eq!(back.extra.get_json("later"), Some(r#"{"y":1,"b":2}"#));
    assert_eq!(back.extra.keys().collect::<Vec<_>>(), ["later", "earlier"]);
}
