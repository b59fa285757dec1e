//! The drift check against small fixtures: `fixtures/drift/clean.json` describes exactly the table below,
//! and every other fixture there is that document with one kind of difference (its `x-fixture` member
//! says which). Each test asserts the exact drift lines, so a check that reports too much fails too.

use std::path::PathBuf;

use ory_hydra_v1_codegen::{Api, Source};
use xtask::drift::{self, AllowList, Options};
use xtask::openapi::Document;

const TABLE: &str = r#"
/// A widget.
model Widget
  /// Its id.
  field id: string
  /// When it was made.
  field created_at?: datetime
  /// How many there are.
  field count?: i64
  /// How heavy it is.
  field weight?: f64
  /// Free-form tags.
  field tags?: [string]
  /// Free-form labels.
  field labels?: object
  /// Anything at all.
  field data?: json
  /// Its main part.
  field part?: Part

/// A part of a widget.
model Part
  /// Its name.
  field name: string
  /// Whether it is in use.
  field active?: bool

/// An error body.
model Problem
  /// What went wrong.
  field error: string

/// Lists widgets.
GET    /widgets                        list_widgets     query limit?: i64, query offset?: i64 -> page<Widget>
/// Creates a widget.
POST   /widgets                        create_widget    body body: Widget -> Widget
/// Fetches a widget.
GET    /widgets/{id}                   get_widget       path id: string -> Widget
/// Deletes a widget.
DELETE /widgets/{id}                   delete_widget    path id: string, query force?: bool -> ()
/// Fetches a part of a widget.
GET    /widgets/{widget}/parts/{name}  get_widget_part  path widget: string, path name: string -> Part
/// Searches widgets.
POST   /widgets/search                 search_widgets   form q: string, form max?: i64 -> [Widget]
/// Metrics as text.
GET    /metrics                        metrics          -> text
"#;

fn fixture(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/drift").join(name)
}

fn table() -> Api {
    xtask::load_sources(&[Source::Inline { name: "widgets.table".into(), text: TABLE.into() }]).unwrap()
}

/// The drift keys of a fixture against the table, with the default `admin` tag filter.
fn drift_of(name: &str) -> Vec<String> {
    let doc = Document::load(&fixture(name)).unwrap();
    drift::compare(&table(), &doc, &Options::admin()).unwrap()
}

#[test]
fn clean_fixture_has_no_drift() {
    assert_eq!(drift_of("clean.json"), Vec::<String>::new());
    let doc = Document::load(&fixture("clean.json")).unwrap();
    let report = drift::check(&table(), &doc, &Options::admin(), &AllowList::default()).unwrap();
    assert!(report.is_clean(), "{}", report.render());
    let shown = report.render();
    assert!(
        shown.starts_with("compared 7 upstream operations: 7 admin\nok: 0 unexplained, 0 allowed, 0 stale"),
        "{shown}"
    );
}

#[test]
fn every_tag_is_counted_in_the_summary() {
    let doc = Document::load(&fixture("clean.json")).unwrap();
    let report = drift::check(&table(), &doc, &Options::all_tags_at("v1.3.2"), &AllowList::default()).unwrap();
    let shown = report.render();
    assert!(shown.contains("compared 8 upstream operations: 7 admin, 1 public, judged as Hydra v1.3.2\n"), "{shown}");
    assert!(shown.contains("drift: operation GET /public/widgets: missing in table"), "{shown}");
}

#[test]
fn scoped_allow_list_entries_only_count_for_their_document_versions() {
    let doc = Document::load(&fixture("missing_operation.json")).unwrap();
    let allow = AllowList::parse(
        "[until v1.5] operation POST /widgets/{id}/polish: missing in table (upstream polishWidget) # old only\n\
         [since v1.9] operation GET /nowhere: extra in table # newer documents only\n",
        "allow.txt",
    )
    .unwrap();
    let old = drift::check(&table(), &doc, &Options { tag: None, ..Options::all_tags_at("v1.3.2") }, &allow).unwrap();
    assert_eq!(old.unexplained().count(), 1, "{}", old.render()); // GET /public/widgets
    assert_eq!(old.allowed().count(), 1, "{}", old.render());
    assert!(old.stale.is_empty(), "the [since v1.9] entry is out of scope, so not stale: {}", old.render());
    let new = drift::check(&table(), &doc, &Options::all_tags_at("v1.11.10"), &allow).unwrap();
    assert_eq!(new.allowed().count(), 0, "{}", new.render());
    assert_eq!(new.stale.len(), 1, "{}", new.render());
    assert_eq!(new.stale[0].key, "operation GET /nowhere: extra in table");
}

#[test]
fn clean_openapi3_fixture_has_no_drift() {
    assert_eq!(drift_of("clean_openapi3.json"), Vec::<String>::new());
}

#[test]
fn operations_of_other_tags_count_only_without_the_tag_filter() {
    let doc = Document::load(&fixture("clean.json")).unwrap();
    let all = drift::compare(&table(), &doc, &Options { tag: None, version: None }).unwrap();
    assert_eq!(all, ["operation GET /public/widgets: missing in table (upstream listPublicWidgets)"]);
}

#[test]
fn missing_operation() {
    assert_eq!(
        drift_of("missing_operation.json"),
        ["operation POST /widgets/{id}/polish: missing in table (upstream polishWidget)"]
    );
}

#[test]
fn extra_operation() {
    assert_eq!(drift_of("extra_operation.json"), ["operation DELETE /widgets/{id}: extra in table"]);
}

#[test]
fn param_name_differs() {
    assert_eq!(
        drift_of("param_name.json"),
        ["param delete_widget query forced: missing in table", "param delete_widget query force: extra in table"]
    );
}

#[test]
fn param_location_differs() {
    assert_eq!(
        drift_of("param_location.json"),
        ["param delete_widget force: location query in table, header upstream"]
    );
}

#[test]
fn param_required_differs() {
    assert_eq!(
        drift_of("param_required.json"),
        ["param delete_widget query force: optional in table, required upstream"]
    );
}

#[test]
fn param_type_differs() {
    assert_eq!(drift_of("param_type.json"), ["param delete_widget query force: type bool in table, string upstream"]);
}

#[test]
fn model_missing() {
    assert_eq!(
        drift_of("model_missing.json"),
        ["model maker: missing in table", "field Widget.maker: missing in table"]
    );
}

#[test]
fn field_missing() {
    assert_eq!(drift_of("field_missing.json"), ["field Widget.color: missing in table"]);
}

#[test]
fn field_extra() {
    assert_eq!(drift_of("field_extra.json"), ["field Widget.count: extra in table"]);
}

#[test]
fn field_type_differs() {
    assert_eq!(drift_of("field_type.json"), ["field Widget.count: type i64 in table, string upstream"]);
}

#[test]
fn field_format_differs() {
    assert_eq!(drift_of("field_format.json"), ["field Widget.created_at: type datetime in table, string upstream"]);
}

#[test]
fn field_required_differs() {
    assert_eq!(drift_of("field_required.json"), ["field Widget.created_at: optional in table, required upstream"]);
}

#[test]
fn return_type_differs() {
    assert_eq!(drift_of("return_type.json"), ["return get_widget: Widget in table, part upstream"]);
}

#[test]
fn allowed_entry_explains_a_difference() {
    let doc = Document::load(&fixture("field_missing.json")).unwrap();
    let allow = AllowList::parse(
        "# intentional\nfield Widget.color: missing in table  # colour is decided by the client\n",
        "allow.txt",
    )
    .unwrap();
    let report = drift::check(&table(), &doc, &Options::admin(), &allow).unwrap();
    assert!(report.is_clean(), "{}", report.render());
    assert_eq!(report.allowed().collect::<Vec<_>>(), ["field Widget.color: missing in table"]);
    assert!(report
        .render()
        .contains("allowed: field Widget.color: missing in table (colour is decided by the client)\n"));
    assert!(report.render().contains("ok: 0 unexplained, 1 allowed, 0 stale"), "{}", report.render());
}

#[test]
fn stale_allow_entry_fails() {
    let doc = Document::load(&fixture("clean.json")).unwrap();
    let allow = AllowList::parse("\nfield Widget.color: missing in table # no longer true\n", "allow.txt").unwrap();
    let report = drift::check(&table(), &doc, &Options::admin(), &allow).unwrap();
    assert!(!report.is_clean());
    assert_eq!(report.stale.len(), 1);
    assert_eq!(report.stale[0].line, 2);
    assert!(report.render().contains("stale: field Widget.color: missing in table (allow.txt:2 matches no drift"));
    assert!(report.render().contains("FAILED: 0 unexplained, 0 allowed, 1 stale allow-list entry"));
}

#[test]
fn unexplained_drift_fails_and_is_printed() {
    let doc = Document::load(&fixture("field_type.json")).unwrap();
    let report = drift::check(&table(), &doc, &Options::admin(), &AllowList::default()).unwrap();
    assert!(!report.is_clean());
    assert!(report.render().starts_with("drift: field Widget.count: type i64 in table, string upstream\n"));
}

#[test]
fn the_workspace_allow_list_parses() {
    let path = xtask::workspace_root().join(drift::DEFAULT_ALLOW_LIST);
    let list = AllowList::load(&path).unwrap();
    assert!(!list.entries.is_empty());
}

/// The widget table with a field, a parameter and an operation that only servers from v1.11 have, and
/// the metrics operation marked as gone from v1.3.
fn marked_table() -> Api {
    let text = TABLE
        .replace("  field count?: i64\n", "  field count?: i64\n  /// New.\n  field fresh?: string since v1.11\n")
        .replace("query force?: bool -> ()", "query force?: bool, query hard?: bool since v1.11 -> ()")
        .replace("metrics          -> text", "metrics          -> text  until v1.3")
        + "/// Gadgets.\nGET    /gadgets  list_gadgets  -> [Part]  since v1.11\n";
    xtask::load_sources(&[Source::Inline { name: "widgets.table".into(), text }]).unwrap()
}

#[test]
fn items_newer_than_the_document_are_not_extra_and_removed_ones_are_named() {
    let doc = Document::load(&fixture("clean.json")).unwrap();
    let at = |v: &str| Options { tag: Some("admin".into()), ..Options::all_tags_at(v) };
    assert_eq!(drift::compare(&marked_table(), &doc, &at("v1.2")).unwrap(), Vec::<String>::new());
    assert_eq!(
        drift::compare(&marked_table(), &doc, &at("v1.3.2")).unwrap(),
        ["operation GET /metrics: in the v1.3.2 document, but the table marks it until v1.3"]
    );
    assert_eq!(
        drift::compare(&marked_table(), &doc, &at("v1.11.10")).unwrap(),
        [
            "operation GET /metrics: in the v1.11.10 document, but the table marks it until v1.3",
            "param delete_widget query hard: extra in table",
            "operation GET /gadgets: extra in table",
            "field Widget.fresh: extra in table",
        ]
    );
    // Without a document version every item counts, markers or not.
    let all = drift::compare(&marked_table(), &doc, &Options::admin()).unwrap();
    assert_eq!(all.len(), 3, "{all:?}");
}
