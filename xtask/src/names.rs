//! The v1 → v2 name map, read from both table sets so that the README's map is generated and checked
//! instead of kept by hand (`cargo xtask names` prints it; `xtask/tests/readme.rs` compares it with
//! the README).
//!
//! An operation of one line corresponds to the operation of the other with the same method and route,
//! once the `/admin` prefix Hydra v2 put in front of every Admin path is taken off (path parameter names
//! do not matter). A v1 model corresponds to the v2 model that takes its place: the return and body of
//! corresponding operations, the parameters of the same name, and, from there, the members of the same
//! JSON name of corresponding models.

use std::collections::{BTreeSet, VecDeque};

use ory_hydra_v1_codegen::ir::{Api, Location, Operation, Return, Type};

use crate::drift::route_key;
use crate::line::Line;

/// Command-line options of `cargo xtask names` (none).
#[derive(Debug, clap::Args)]
pub struct Args {}

/// Prints the name map of the workspace's two table sets, as the README shows it.
pub fn run(_args: &Args) -> anyhow::Result<std::process::ExitCode> {
    let root = crate::workspace_root();
    print!("{}", render(&Line::V1.load(&root)?, &Line::V2.load(&root)?));
    Ok(std::process::ExitCode::SUCCESS)
}

/// One row of the operation map: a v1 operation and its v2 counterpart, either of which may be missing.
#[derive(Debug, Clone, Copy)]
pub struct OperationPair<'a> {
    /// The v1 operation, `None` for one v2 added.
    pub v1: Option<&'a Operation>,
    /// The v2 operation, `None` for one v2 dropped.
    pub v2: Option<&'a Operation>,
}

impl OperationPair<'_> {
    /// Whether both lines have the operation under the same name.
    pub fn same_name(&self) -> bool {
        matches!((self.v1, self.v2), (Some(a), Some(b)) if a.name == b.name)
    }
}

/// The route of an operation with v2's `/admin` prefix taken off, so both lines' routes compare.
fn line_neutral_route(op: &Operation) -> (String, String) {
    let path = op.path.strip_prefix("/admin").filter(|rest| rest.starts_with('/')).unwrap_or(&op.path);
    route_key(op.method.as_str(), path)
}

/// Every operation of either line, paired: v1's in table order with their v2 counterparts, then the v2
/// operations no v1 one corresponds to, in table order.
pub fn operation_pairs<'a>(v1: &'a Api, v2: &'a Api) -> Vec<OperationPair<'a>> {
    let find = |op: &Operation| v2.operations.iter().find(|o| line_neutral_route(o) == line_neutral_route(op));
    let mut pairs: Vec<OperationPair<'a>> =
        v1.operations.iter().map(|op| OperationPair { v1: Some(op), v2: find(op) }).collect();
    let paired: Vec<&str> = pairs.iter().filter_map(|p| p.v2.map(|o| o.name.as_str())).collect();
    pairs.extend(
        v2.operations
            .iter()
            .filter(|o| !paired.contains(&o.name.as_str()))
            .map(|o| OperationPair { v1: None, v2: Some(o) }),
    );
    pairs
}

/// The v1 models whose place a v2 model of another name takes, as `(v1, v2)` pairs sorted by the v1
/// name; a v1 model that two v2 models replace (a request and an answer shape split apart) has a row each.
pub fn model_renames(v1: &Api, v2: &Api) -> Vec<(String, String)> {
    let mut queue: VecDeque<(Type, Type)> = VecDeque::new();
    for pair in operation_pairs(v1, v2) {
        let (Some(a), Some(b)) = (pair.v1, pair.v2) else { continue };
        if let (Some(ra), Some(rb)) = (returned(&a.ret), returned(&b.ret)) {
            queue.push_back((ra, rb));
        }
        for pa in &a.params {
            let same = |pb: &&ory_hydra_v1_codegen::ir::Param| {
                pb.location == pa.location && (pa.location == Location::Body || pb.name == pa.name)
            };
            if let Some(pb) = b.params.iter().find(same) {
                queue.push_back((pa.ty.clone(), pb.ty.clone()));
            }
        }
    }
    let mut seen: BTreeSet<(String, String)> = BTreeSet::new();
    while let Some((a, b)) = queue.pop_front() {
        match (a, b) {
            (Type::Array(a), Type::Array(b)) => queue.push_back((*a, *b)),
            (Type::Model(a), Type::Model(b)) => {
                if !seen.insert((a.clone(), b.clone())) {
                    continue;
                }
                let (Some(ma), Some(mb)) = (v1.model(&a), v2.model(&b)) else { continue };
                for fa in &ma.fields {
                    if let Some(fb) = mb.fields.iter().find(|f| f.json_name == fa.json_name) {
                        queue.push_back((fa.ty.clone(), fb.ty.clone()));
                    }
                }
            }
            _ => {}
        }
    }
    seen.into_iter().filter(|(a, b)| a != b).collect()
}

/// The model an operation answers with, as a type to pair.
fn returned(ret: &Return) -> Option<Type> {
    match ret {
        Return::Json(ty) => Some(ty.clone()),
        Return::Page(model) => Some(Type::Model(model.clone())),
        Return::Unit | Return::Text | Return::Redirect => None,
    }
}

/// The README's name map in Markdown: the operations whose name changed, were dropped or were added,
/// then the models whose name changed.
pub fn render(v1: &Api, v2: &Api) -> String {
    let pairs = operation_pairs(v1, v2);
    let code = |op: Option<&Operation>| op.map_or("—".to_string(), |o| format!("`{}`", o.name));
    let kept: Vec<String> = pairs.iter().filter(|p| p.same_name()).map(|p| code(p.v1)).collect();
    let mut out = format!(
        "{} operations keep their names: {}. These differ:\n\n\
         | v1 (`ory-hydra-v1-client`) | v2 (`ory-hydra-v2-client`) | v2 request |\n| --- | --- | --- |\n",
        kept.len(),
        kept.join(", ")
    );
    for p in pairs.iter().filter(|p| !p.same_name()) {
        let request =
            p.v2.map_or("not in the v2 tables".to_string(), |o| format!("`{} {}`", o.method.as_str(), o.path));
        out.push_str(&format!("| {} | {} | {request} |\n", code(p.v1), code(p.v2)));
    }
    out.push_str("\n| v1 model | v2 model |\n| --- | --- |\n");
    for (a, b) in model_renames(v1, v2) {
        out.push_str(&format!("| `{a}` | `{b}` |\n"));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn api(text: &str) -> Api {
        ory_hydra_v1_codegen::load_str("t.table", text).unwrap()
    }

    #[test]
    fn operations_pair_by_route_without_the_admin_prefix_and_models_by_their_place() {
        let v1 = api("/// A.\nmodel LoginRequest\n  /// C.\n  field client?: App\n\
                      /// C.\nmodel App\n  /// I.\n  field id?: string\n\
                      /// G.\nGET /oauth2/auth/requests/login get_login_request query login_challenge: string -> LoginRequest\n\
                      /// F.\nPOST /oauth2/flush flush -> ()\n");
        let v2 = api("/// A.\nmodel OAuth2LoginRequest\n  /// C.\n  field client?: OAuth2Client\n\
                      /// C.\nmodel OAuth2Client\n  /// I.\n  field id?: string\n\
                      /// G.\nGET /admin/oauth2/auth/requests/login get_o_auth2_login_request query login_challenge: string -> OAuth2LoginRequest\n\
                      /// D.\nPOST /oauth2/device/auth o_auth2_device_flow auth public -> ()\n");
        let pairs = operation_pairs(&v1, &v2);
        let names: Vec<(Option<&str>, Option<&str>)> =
            pairs.iter().map(|p| (p.v1.map(|o| o.name.as_str()), p.v2.map(|o| o.name.as_str()))).collect();
        assert_eq!(
            names,
            [
                (Some("get_login_request"), Some("get_o_auth2_login_request")),
                (Some("flush"), None),
                (None, Some("o_auth2_device_flow")),
            ]
        );
        assert_eq!(
            model_renames(&v1, &v2),
            [("App".to_string(), "OAuth2Client".to_string()), ("LoginRequest".into(), "OAuth2LoginRequest".into())]
        );
    }
}
