//! Which Hydra releases have the table item a drift key names, from the tables' `since`/`until`
//! markers. An allow-list entry about an item a document's release does not have is out of that
//! document's scope (neither used nor stale), so entries never restate what the markers say.

use ory_hydra_v1_codegen::ir::{Api, Location, Model, Operation};
use ory_hydra_v1_codegen::version::Version;

use super::compare::route_key;

/// Whether release `version` has the table item `key` is about: the operation of an `operation`,
/// `param`, `return` or `auth` key (and the parameter of a `param` key), the field of a `field` key, the
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
        ["return" | "auth", name] => op_named(name).is_none_or(|o| o.availability.contains(version)),
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
