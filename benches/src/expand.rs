//! `hydra-bench --expand-time`: the macro's own work for the full table, timed
//! by calling the `ory-hydra-v1-codegen` library the proc macro is a thin shell over
//! (read + parse + validate + generate the token stream), in this optimised
//! binary. rustc's own expansion figure (proc macro built the way cargo builds
//! it, plus token conversion and parsing of the output) comes from
//! `compile-cost.sh` (`-Z time-passes`).

use std::time::Instant;

pub fn run() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).parent().unwrap();
    let sources: Vec<ory_hydra_v1_codegen::Source> =
        ["spec/runtime.table", "spec/models.table", "spec/admin.table", "spec/public.table"]
            .iter()
            .map(|p| ory_hydra_v1_codegen::Source::File { name: p.to_string(), path: root.join(p) })
            .collect();
    let lines: usize = sources
        .iter()
        .map(|s| match s {
            ory_hydra_v1_codegen::Source::File { path, .. } => {
                std::fs::read_to_string(path).map(|t| t.lines().count()).unwrap_or(0)
            }
            _ => 0,
        })
        .sum();
    let mut load = Vec::new();
    let mut gen = Vec::new();
    let mut to_string = Vec::new();
    let mut out_len = 0;
    let mut tokens = 0;
    for _ in 0..30 {
        let t = Instant::now();
        let api = ory_hydra_v1_codegen::load(&sources).into_result().expect("tables load");
        let t1 = Instant::now();
        let code = ory_hydra_v1_codegen::codegen::generate(&api);
        let t2 = Instant::now();
        let text = code.to_string();
        let t3 = Instant::now();
        out_len = text.len();
        tokens = count(code);
        load.push((t1 - t).as_secs_f64() * 1e3);
        gen.push((t2 - t1).as_secs_f64() * 1e3);
        to_string.push((t3 - t2).as_secs_f64() * 1e3);
    }
    let med = |mut v: Vec<f64>| {
        v.sort_by(|a, b| a.partial_cmp(b).unwrap());
        v[v.len() / 2]
    };
    println!(
        "EXPAND lines={lines} load_ms={:.3} generate_ms={:.3} to_string_ms={:.3} tokens={tokens} bytes={out_len}",
        med(load),
        med(gen),
        med(to_string)
    );
}

fn count(ts: proc_macro2::TokenStream) -> usize {
    ts.into_iter()
        .map(|t| match t {
            proc_macro2::TokenTree::Group(g) => 1 + count(g.stream()),
            _ => 1,
        })
        .sum()
}
