//! A bad endpoint table must fail to compile with a message that points at the table line.
//! Each case under `tests/ui/` holds one kind of mistake; its `.stderr` is the expected compiler output.

#[test]
fn table_errors_are_compile_errors() {
    let t = trybuild::TestCases::new();
    t.compile_fail("ui/*.rs");
}
