//! Regression tests for what the fuzz targets in `fuzz/` found (see FUZZING.md). Each runs the case
//! through the same code the target does, without libFuzzer.

use ory_hydra_v1_client::OAuth2Client;

/// model_decode: a number in an undeclared member came back as another number after one read-modify-write
/// cycle, because serde_json's default float parser can be off by one unit in the last place. The client
/// now parses floats exactly (serde_json's `float_roundtrip`), so the value it writes back is the one read.
#[test]
fn floats_in_undeclared_members_survive_a_round_trip_unchanged() {
    let text = r#"{"client_id":"x","score":1.2345678900123457e+30,"nested":{"a":1234567890012345678901234567890}}"#;
    let read: OAuth2Client = ory_hydra_v1_client::__fuzz::decode_body(text.as_bytes()).unwrap();
    let written = serde_json::to_string(&read).unwrap();
    assert!(written.contains("1.2345678900123457e+30"), "{written}");
    let again: OAuth2Client = ory_hydra_v1_client::__fuzz::decode_body(written.as_bytes()).unwrap();
    assert!(again == read, "{read:?}\n{again:?}");
    assert_eq!(serde_json::to_string(&again).unwrap(), written);
}
