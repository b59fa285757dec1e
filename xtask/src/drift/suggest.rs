//! What to do about unexplained drift, where the report can tell: the table line as the document
//! describes it (written by the generator's printer, so it reads back as the same item), or the
//! `cargo xtask import` command that writes a missing operation's line.

use ory_hydra_v1_codegen::ir::{Api, Auth};
use ory_hydra_v1_codegen::print;

use super::{auth, compare::route_key, Options};
use crate::openapi::Document;

/// One suggestion per unexplained key the report knows a fix for, in key order.
pub fn suggestions(api: &Api, doc: &Document, options: &Options, keys: &[&str]) -> anyhow::Result<Vec<String>> {
    let upstream = super::upstream_operations(doc, options)?;
    let mut out = Vec::new();
    for key in keys {
        if let Some(name) = key.strip_prefix("auth ").and_then(|rest| rest.split(':').next()) {
            let Some(op) = api.operations.iter().find(|o| o.name == name) else { continue };
            let route = route_key(op.method.as_str(), &op.path);
            let Some(up) = upstream.iter().find(|u| route_key(&u.method, &u.path) == route) else { continue };
            let arg = match &op.auth {
                Auth::Bearer(arg) => arg.as_str(),
                _ => "access_token",
            };
            let mut fixed = op.clone();
            fixed.auth = auth::fitting(up)[0].to_auth(arg);
            out.push(format!("{}:{}: {}", op.loc.file, op.loc.line, print::operation_line(&fixed)));
        } else if let Some((_, id)) = key.split_once(": missing in table (upstream ") {
            let id = id.trim_end_matches(')');
            out.push(format!("cargo xtask import --openapi {} {id}", doc.origin()));
        }
    }
    Ok(out)
}
