//! Which Hydra releases have the table item a drift key names, from the tables' `since`/`until`
//! markers. An allow-list entry about an item a document's release does not have is out of that
//! document's scope (neither used nor stale), so entries never restate what the markers say.

use ory_hydra_v1_codegen::ir::{Api, Location, Model, Operation};
use ory_hydra_v1_codegen::version::Version;

use super::compare::route_key;

/// Whether release `version` has the table item `key` is about: the operation of an `operation`,
/// `param`, `return`, `auth` or `answer` key (and the parameter of a `param` key), the field of a `field` key, the
/// model of a `model` key. A key naming nothing in the tables is about every release.
pub fn key_in_version(api: &Api, key: &str, version: Version) -> bool {
    let head = key.split_once(':').map_or(key, |(head, _)| head);
    let words: Vec<&str> = head.split_whitespace().collect();
    let op_named = |name: &str| api.operations.iter().find(|o| o.name == name);
    match words.as_slice() {
        ["operation", method, path] => {
            let route = route_key(method, path);
            let op = api.operations.iter().find(|o| route_key(o.method.as_str(), &o.path) == route);
            op.is_none_or(|o| o.availability.contains(version))
        }
        ["return" | "auth", name] | ["answer", name, _] => {
            op_named(name).is_none_or(|o| o.availability.contains(version))
        }
        ["param", name, rest @ ..] => op_named(name).is_none_or(|o| param_in_version(o, rest, version)),
        ["field", member] => {
            let Some((model, field)) = member.split_once('.') else { return true };
            let field = api.model(model).and_then(|m| m.fields.iter().find(|f| f.json_name == field));
            field.is_none_or(|f| f.availability.contains(version))
        }
        ["model", name] => api.model(name).is_none_or(|m| model_in_version(m, version)),
        _ => true,
    }
}

/// Whether release `version` has the operation and the parameter `rest` names (`body`, `<location>
/// <name>` or `<name>`).
fn param_in_version(op: &Operation, rest: &[&str], version: Version) -> bool {
    let param = match rest {
        ["body"] => op.params.iter().find(|p| p.location == Location::Body),
        [.., name] => op.params.iter().find(|p| p.name == *name),
        [] => None,
    };
    op.availability.contains(version) && param.is_none_or(|p| p.availability.contains(version))
}

/// Whether release `version` has a model: a model whose every member is marked outside it (a webhook
/// payload a later release introduced) is not there; the `model` line itself carries no markers.
pub fn model_in_version(model: &Model, version: Version) -> bool {
    model.fields.is_empty() || model.fields.iter().any(|f| f.availability.contains(version))
}

#[cfg(test)]
mod tests {
    use super::*;

    const TABLE: &str = "/// M.\nmodel M\n  /// A.\n  field a?: string\n  /// B.\n  field b?: string since v1.11\n\
                         /// Hook.\nmodel Hook\n  /// C.\n  field c?: string since v1.10.7\n\
                         /// G.\nGET /x get_x query q?: bool since v1.7, query r?: string -> M\n\
                         /// N.\nDELETE /y/{id} new_y path id: string, body body: M -> () since v1.11\n";

    #[test]
    fn each_kind_of_key_is_judged_by_the_markers_of_the_item_it_names() {
        let api = ory_hydra_v1_codegen::load_str("t.table", TABLE).unwrap();
        let v = |t: &str| Version::parse(t).unwrap().as_document();
        let cases = [
            ("operation DELETE /y/{other}: extra in table", "v1.2", false),
            ("operation DELETE /y/{other}: extra in table", "v1.11.10", true),
            ("param get_x query q: extra in table", "v1.3.2", false),
            ("param get_x query q: extra in table", "v1.7.0", true),
            ("param get_x r: location query in table, form upstream", "v1.2", true),
            ("param new_y body: required in table, optional upstream", "v1.2", false),
            ("return new_y: () in table, object upstream", "v1.3.2", false),
            ("auth new_y: admin in table, public upstream", "v1.11.10", true),
            ("answer new_y 410: error body in table, redirect upstream", "v1.3.2", false),
            ("answer new_y 410: error body in table, redirect upstream", "v1.11.10", true),
            ("field M.b: extra in table", "v1.2", false),
            ("field M.a: extra in table", "v1.2", true),
            ("model Hook: extra in table", "v1.10.6", false),
            ("model Hook: extra in table", "v1.10", true),
            ("model Hook: extra in table", "v1.11.10", true),
            ("model M: extra in table", "v1.2", true),
            // Names the tables do not have: about every release.
            ("field Gone.x: missing in table", "v1.2", true),
            ("operation GET /nowhere: missing in table", "v1.2", true),
        ];
        for (key, version, expected) in cases {
            assert_eq!(key_in_version(&api, key, v(version)), expected, "{key} at {version}");
        }
    }
}
