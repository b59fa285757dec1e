//! The strict member check of the live suites: an answer a real server sent must carry every member
//! the tables declare required or `always` (in the releases that have it), in the model and in every
//! model nested in it. A required member a server leaves out would fail to decode (or, for an `always`
//! one, silently read as zero), so a table that promises too much fails here, on the server that
//! breaks the promise, with the member's path.

pub mod raw;

use ory_hydra_v1_codegen::ir::{Api, Field, Model, Type};
use ory_hydra_v1_codegen::version::Version as Release;
use serde::de::DeserializeOwned;
use serde_json::Value;

/// Reads the tables a line crate's `generate!` invocation names (`crate_dir` relative to the tests
/// crate, such as `../hydra-client-v2`), with the generator's own library.
pub fn load_tables(crate_dir: &str) -> Api {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(crate_dir);
    let lib = std::fs::read_to_string(dir.join("src/lib.rs")).expect("the line crate's src/lib.rs");
    let args = lib.split("generate!(").nth(1).and_then(|rest| rest.split(')').next()).expect("a generate! invocation");
    let sources: Vec<ory_hydra_v1_codegen::Source> = args
        .split('"')
        .skip(1)
        .step_by(2)
        .map(|table| ory_hydra_v1_codegen::Source::File { name: table.to_string(), path: dir.join(table) })
        .collect();
    match ory_hydra_v1_codegen::load(&sources).into_result() {
        Ok(api) => api,
        Err(diags) => panic!("{}", ory_hydra_v1_codegen::diag::render_all(&diags)),
    }
}

/// The model `name` of the tables; panics on a name they lack, so a renamed model cannot turn a check
/// off.
fn model<'a>(api: &'a Api, name: &str) -> &'a Model {
    api.models.iter().find(|m| m.name == name).unwrap_or_else(|| panic!("no model `{name}` in the tables"))
}

/// Whether the server of `release` must send `field` in every answer (`None`: the tables' markers do
/// not apply, as for the v2 line, whose tables have none).
fn promised(field: &Field, release: Option<Release>) -> bool {
    field.is_plain() && release.is_none_or(|r| field.availability.contains(r))
}

/// Every member that model `name` (and each model nested in `answer`) promises and `answer` lacks,
/// as `path.member (why)` lines. `null` counts as missing except for an array or an object, which Go
/// writes as `null` when empty and which decodes as empty.
pub fn missing_members(api: &Api, name: &str, answer: &Value, release: Option<Release>) -> Vec<String> {
    let mut missing = Vec::new();
    walk(api, name, answer, release, name, &mut missing);
    missing
}

fn walk(api: &Api, name: &str, answer: &Value, release: Option<Release>, path: &str, missing: &mut Vec<String>) {
    let Some(object) = answer.as_object() else {
        missing.push(format!("{path} (not an object: {answer})"));
        return;
    };
    for field in &model(api, name).fields {
        let at = format!("{path}.{}", field.json_name);
        match object.get(&field.json_name) {
            None if promised(field, release) => missing.push(format!("{at} (absent)")),
            Some(Value::Null) if promised(field, release) && !field.ty.is_nullable_container() => {
                missing.push(format!("{at} (null)"));
            }
            Some(value) => nested(api, &field.ty, value, release, &at, missing),
            None => {}
        }
    }
}

/// Checks the models inside a member's value.
fn nested(api: &Api, ty: &Type, value: &Value, release: Option<Release>, at: &str, missing: &mut Vec<String>) {
    match (ty, value) {
        (Type::Model(inner), Value::Object(_)) => walk(api, inner, value, release, at, missing),
        (Type::Array(item), Value::Array(items)) => {
            for (i, v) in items.iter().enumerate() {
                nested(api, item, v, release, &format!("{at}[{i}]"), missing);
            }
        }
        _ => {}
    }
}

/// The JSON names of the members model `name` declares plain (required or `always`), in table order.
pub fn table_plain_members<'a>(api: &'a Api, name: &str) -> Vec<&'a str> {
    model(api, name).fields.iter().filter(|f| f.is_plain()).map(|f| f.json_name.as_str()).collect()
}

/// The whole check of one answer of model `name`: the generated `REQUIRED_MEMBERS` list is what the
/// tables declare, the answer carries every promised member, and it decodes as the typed model.
/// Returns the typed value.
pub fn check_answer<T: DeserializeOwned>(
    api: &Api,
    name: &str,
    generated: &[&str],
    answer: &Value,
    release: Option<Release>,
    server: &str,
) -> T {
    assert_eq!(generated, table_plain_members(api, name), "{name}::REQUIRED_MEMBERS against the tables");
    let missing = missing_members(api, name, answer, release);
    assert!(missing.is_empty(), "{server} left out members the tables promise: {missing:?}\nin the answer {answer}");
    serde_json::from_value(answer.clone()).unwrap_or_else(|e| panic!("{name} from {server}: {e}\n{answer}"))
}

/// `strict!(api, Model, &answer, release, server)`: [`check_answer`] with the model's generated list,
/// giving the typed value.
macro_rules! strict {
    ($api:expr, $model:ident, $answer:expr, $release:expr, $server:expr) => {
        $crate::strict::check_answer::<$model>(
            $api,
            stringify!($model),
            $model::REQUIRED_MEMBERS,
            $answer,
            $release,
            $server,
        )
    };
}
pub(crate) use strict;

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn api() -> Api {
        let table = "/// A.\nmodel A\n  /// R.\n  field r: string\n  /// W.\n  field w?: i64 always\n  /// L.\n  field l: [string]\n  /// N.\n  field n?: B\n  /// O.\n  field o?: string\n  /// S.\n  field s: string since v1.10\n/// B.\nmodel B\n  /// K.\n  field k: bool\n";
        let source = ory_hydra_v1_codegen::Source::Inline { name: "t.table".into(), text: table.into() };
        ory_hydra_v1_codegen::load(&[source]).into_result().unwrap_or_else(|d| panic!("{d:?}"))
    }

    #[test]
    fn names_every_promised_member_that_an_answer_lacks() {
        let api = api();
        let v1_3 = Release::parse("v1.3.2");
        let v1_11 = Release::parse("v1.11.10");
        let full = json!({"r": "x", "w": 1, "l": null, "n": {"k": true}, "s": "y"});
        assert_eq!(missing_members(&api, "A", &full, v1_11), Vec::<String>::new());
        let lacking = json!({"r": null, "l": [], "n": {}, "o": null});
        assert_eq!(missing_members(&api, "A", &lacking, v1_3), ["A.r (null)", "A.w (absent)", "A.n.k (absent)"]);
        assert_eq!(
            missing_members(&api, "A", &lacking, v1_11),
            ["A.r (null)", "A.w (absent)", "A.n.k (absent)", "A.s (absent)"],
            "a marked member is promised only from its release on"
        );
        assert_eq!(table_plain_members(&api, "A"), ["r", "w", "l", "s"]);
    }
}
