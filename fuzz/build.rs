//! Lists every model and enum the client's tables declare and writes `types.rs`: a dispatch from an index
//! to the generated type, so the decoding targets cover a model as soon as a table declares it.
//!
//! The tables are the ones `hydra-client/src/lib.rs` hands to `generate!`, read from that invocation so the
//! list cannot drift from what the client compiles.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use ory_hydra_v1_codegen::Source;

fn main() {
    let root = PathBuf::from(std::env::var("CARGO_MANIFEST_DIR").expect("cargo sets CARGO_MANIFEST_DIR"));
    let client = root.join("../hydra-client");
    let lib = client.join("src/lib.rs");
    println!("cargo:rerun-if-changed={}", lib.display());
    let text = std::fs::read_to_string(&lib).expect("hydra-client/src/lib.rs is readable");
    let mut names = Vec::new();
    for tables in invocations(&text) {
        let sources: Vec<Source> = tables
            .iter()
            .map(|t| {
                let path = client.join(t);
                println!("cargo:rerun-if-changed={}", path.display());
                Source::File { name: t.clone(), path }
            })
            .collect();
        let api = ory_hydra_v1_codegen::load(&sources).into_result().unwrap_or_else(|diags| {
            panic!("the tables do not load:\n{}", ory_hydra_v1_codegen::diag::render_all(&diags))
        });
        for name in api.models.iter().map(|m| &m.name).chain(api.enums.iter().map(|e| &e.name)) {
            if !names.contains(name) {
                names.push(name.clone());
            }
        }
    }
    assert!(!names.is_empty(), "no `generate!` invocation with tables found in {}", lib.display());
    write_dispatch(&names, &Path::new(&std::env::var("OUT_DIR").expect("cargo sets OUT_DIR")).join("types.rs"));
}

/// The quoted table paths of each `generate!(...)` invocation (inline tables are skipped).
fn invocations(text: &str) -> Vec<Vec<String>> {
    let mut out = Vec::new();
    let mut rest = text;
    while let Some(at) = rest.find("generate!(") {
        rest = &rest[at + "generate!(".len()..];
        let end = rest.find(')').unwrap_or(rest.len());
        let args = &rest[..end];
        let quoted: Vec<String> = args.split('"').skip(1).step_by(2).map(str::to_string).collect();
        if !quoted.is_empty() {
            out.push(quoted);
        }
        rest = &rest[end..];
    }
    out
}

fn write_dispatch(names: &[String], out: &Path) {
    let mut code = String::new();
    code.push_str("/// Every model and enum of the tables, in table order.\npub const TYPES: &[&str] = &[\n");
    for n in names {
        let _ = writeln!(code, "    {n:?},");
    }
    code.push_str("];\n\n/// Calls `v` with the type at `index` (modulo the number of types).\n");
    code.push_str(
        "pub fn visit<V: crate::Visit>(index: usize, v: V) -> V::Output {\n    match index % TYPES.len() {\n",
    );
    for (i, n) in names.iter().enumerate() {
        let _ = writeln!(code, "        {i} => v.visit::<ory_hydra_v1_client::{n}>({n:?}),");
    }
    code.push_str("        _ => unreachable!(\"index is reduced modulo TYPES.len()\"),\n    }\n}\n");
    std::fs::write(out, code).expect("OUT_DIR is writable");
}
