//! The table loader on any text, as the proc macro runs it: parse, validate and generate the code of
//! every valid item. It must never panic (a panic in a proc macro is an unreadable compile error), every
//! problem must render as a diagnostic, and the generated code (of a table accepted whole, or of the
//! valid part of one with problems) must be a Rust file that `syn` parses. A NUL byte splits the input into several tables checked together, as the macro's several
//! arguments are.

#![no_main]

use libfuzzer_sys::fuzz_target;
use ory_hydra_v1_codegen::{codegen, diag, load, Source};

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let sources: Vec<Source> = text
        .split('\0')
        .take(3)
        .enumerate()
        .map(|(i, t)| Source::Inline { name: format!("fuzz{i}.table"), text: t.to_string() })
        .collect();
    // The macro generates every valid item even when others have problems, so the generated code must
    // parse in both cases.
    let loaded = load(&sources);
    let code = codegen::generate(&loaded.api);
    if let Err(e) = syn::parse2::<syn::File>(code.clone()) {
        panic!("tables generate code syn rejects: {e}\ntables: {text:?}\ncode: {code}");
    }
    let _ = diag::render_all(&loaded.diagnostics);
});
