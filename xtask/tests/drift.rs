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
GET    /widgets                        list_widgets     query limit?: i64, query offset?: i64 -> page<Widget, offset>
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
fn the_workspace_allow_lists_parse() {
    for line in xtask::line::Line::ALL {
        let path = xtask::workspace_root().join(line.allow_list());
        let list = AllowList::load(&path).unwrap();
        assert!(!list.entries.is_empty(), "{}", line.allow_list());
    }
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

/// A copy of the workspace's tables in a fresh temporary directory, with `edit` applied to
/// `public.table`, loaded as the macro would load them.
fn workspace_tables_with_public_table(name: &str, edit: impl Fn(&str) -> String) -> Api {
    let root = xtask::workspace_root();
    let dir = std::env::temp_dir().join(format!("xtask-drift-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let mut sources = Vec::new();
    for table in xtask::TABLES {
        let text = std::fs::read_to_string(root.join(xtask::table_path_from_root(table))).unwrap();
        let file = std::path::Path::new(table).file_name().unwrap();
        let text = if file == "public.table" { edit(&text) } else { text };
        std::fs::write(dir.join(file), text).unwrap();
        sources.push(Source::File { name: (*table).to_string(), path: dir.join(file) });
    }
    let api = xtask::load_sources(&sources).unwrap();
    std::fs::remove_dir_all(&dir).unwrap();
    api
}

/// The token endpoint as the v1 documents describe it: Public, with the client's credentials
/// (`basic`) or OAuth 2.0.
fn token_endpoint_document() -> Document {
    Document::from_json(
        r#"{"swagger": "2.0",
            "securityDefinitions": {"basic": {"type": "basic"}, "oauth2": {"type": "oauth2", "flow": "accessCode",
              "authorizationUrl": "/oauth2/auth", "tokenUrl": "/oauth2/token", "scopes": {}}},
            "paths": {"/oauth2/token": {"post": {"operationId": "oauth2Token", "tags": ["public"],
              "security": [{"basic": []}, {"oauth2": []}],
              "parameters": [{"name": "grant_type", "in": "formData", "required": true, "type": "string"}],
              "responses": {"200": {"description": "tokens"}}}}}}"#,
        "token.json",
    )
    .unwrap()
}

#[test]
fn drift_fails_naming_the_operation_when_a_table_changes_its_credentials() {
    let doc = token_endpoint_document();
    let options = Options::all_tags_at("v1.11.10");
    let auth_keys = |api: &Api| -> Vec<String> {
        drift::compare(api, &doc, &options).unwrap().into_iter().filter(|k| k.starts_with("auth ")).collect()
    };
    let unchanged = workspace_tables_with_public_table("unchanged", str::to_string);
    assert_eq!(auth_keys(&unchanged), Vec::<String>::new());

    let changed = workspace_tables_with_public_table("changed", |text| {
        let line = "oauth2_token                   auth client,";
        assert!(text.contains(line), "public.table no longer has `{line}`");
        text.replace(line, "oauth2_token                   auth public,")
    });
    assert_eq!(auth_keys(&changed), ["auth oauth2_token: public in table, client upstream"]);
    let allow = AllowList::default();
    let report = drift::check(&changed, &doc, &options, &allow).unwrap();
    assert!(!report.is_clean());
    assert!(
        report.render().contains("drift: auth oauth2_token: public in table, client upstream\n"),
        "{}",
        report.render()
    );

    // A bearer token where the document wants the client's credentials is drift too; so is an Admin
    // operation the document calls Public.
    let bearer = workspace_tables_with_public_table("bearer", |text| {
        text.replace("oauth2_token                   auth client,", "oauth2_token                   auth bearer token,")
    });
    assert_eq!(auth_keys(&bearer), ["auth oauth2_token: bearer in table, client upstream"]);
    let admin = workspace_tables_with_public_table("admin", |text| {
        text.replace("oauth2_token                   auth client,", "oauth2_token                  ")
    });
    assert_eq!(auth_keys(&admin), ["auth oauth2_token: admin in table, client upstream"]);
}

#[test]
fn operations_served_by_both_apis_take_either_side_without_credentials() {
    let text = r#"{"openapi": "3.0.3", "components": {"securitySchemes": {"bearer": {"type": "http", "scheme": "bearer"}}},
        "paths": {"/metrics": {"get": {"operationId": "metrics", "tags": ["metadata"],
                    "responses": {"200": {"description": "m", "content": {"text/plain": {}}}}}},
                  "/widgets/search": {"post": {"operationId": "searchWidgets", "tags": ["metadata"],
                    "security": [{"bearer": []}], "responses": {"204": {"description": "none"}}}}}}"#;
    let doc = Document::from_json(text, "metadata.json").unwrap();
    let keys = drift::compare(&table(), &doc, &Options::all_tags_at("v1.11.10")).unwrap();
    let auth: Vec<&String> = keys.iter().filter(|k| k.starts_with("auth ")).collect();
    assert_eq!(auth, ["auth search_widgets: admin in table, bearer upstream"], "{keys:?}");
}

#[test]
fn allow_list_entries_about_items_a_release_lacks_are_out_of_its_scope() {
    let doc = Document::load(&fixture("clean.json")).unwrap();
    // Unscoped: the table's `since v1.11` marker on list_gadgets scopes it.
    let allow = AllowList::parse("operation GET /gadgets: extra in table # a reason\n", "allow.txt").unwrap();
    let at = |v: &str| Options { tag: Some("admin".into()), ..Options::all_tags_at(v) };
    let old = drift::check(&marked_table(), &doc, &at("v1.2"), &allow).unwrap();
    assert!(old.is_clean() && old.allowed().count() == 0, "neither used nor stale: {}", old.render());
    let new = drift::check(&marked_table(), &doc, &at("v1.11.10"), &allow).unwrap();
    assert_eq!(new.allowed().collect::<Vec<_>>(), ["operation GET /gadgets: extra in table"]);
}

#[test]
fn a_model_whose_every_member_is_newer_than_the_document_is_not_extra() {
    let text = format!("{TABLE}\n/// A hook payload.\nmodel Hook\n  /// Its id.\n  field id?: string since v1.11\n");
    let api = xtask::load_sources(&[Source::Inline { name: "widgets.table".into(), text }]).unwrap();
    let doc = Document::load(&fixture("clean.json")).unwrap();
    let at = |v: &str| Options { tag: Some("admin".into()), ..Options::all_tags_at(v) };
    assert_eq!(drift::compare(&api, &doc, &at("v1.3.2")).unwrap(), Vec::<String>::new());
    assert_eq!(drift::compare(&api, &doc, &at("v1.11.10")).unwrap(), ["model Hook: extra in table"]);
}

#[test]
fn an_inline_object_answer_is_compared_member_by_member() {
    let answer = |props: &str| {
        let props: serde_json::Value = serde_json::from_str(props).unwrap();
        let path_param = |name: &str| serde_json::json!({"name": name, "in": "path", "required": true, "schema": {"type": "string"}});
        serde_json::json!({"openapi": "3.0.3", "paths": {"/widgets/{id}/parts/{name}": {"get": {
            "operationId": "getWidgetPart", "tags": ["admin"], "parameters": [path_param("widget"), path_param("name")],
            "responses": {"200": {"description": "p", "content": {"application/json": {"schema":
                {"type": "object", "required": ["name"], "properties": props}}}}}}}}})
        .to_string()
    };
    let keys = |props: &str| {
        let doc = Document::from_json(&answer(props), "inline.json").unwrap();
        drift::compare(&table(), &doc, &Options { tag: Some("admin".into()), version: None })
            .unwrap()
            .into_iter()
            .filter(|k| k.starts_with("field ") || k.starts_with("return "))
            .collect::<Vec<_>>()
    };
    let same = r#"{"name": {"type": "string"}, "active": {"type": "boolean"}}"#;
    assert_eq!(keys(same), Vec::<String>::new());
    let other = r#"{"name": {"type": "string"}, "active": {"type": "string"}}"#;
    assert_eq!(keys(other), ["field Part.active: type bool in table, string upstream"]);
}

#[test]
fn a_missing_operation_comes_with_the_import_command_that_writes_its_line() {
    let doc = Document::load(&fixture("missing_operation.json")).unwrap();
    let report = drift::check(&table(), &doc, &Options::admin(), &AllowList::default()).unwrap();
    let origin = doc.origin().to_string();
    assert_eq!(report.suggestions, [format!("cargo xtask import --openapi {origin} polishWidget")]);
    assert!(report.render().contains(&format!("suggest: cargo xtask import --openapi {origin} polishWidget\n")));
}

/// `cargo xtask drift` picks the table set by the document's release: a document named for v2.3.0 or
/// for a calendar version (v26.2.0) is compared with `spec/v2/*.table` and its allow-list, a v1 one
/// with `spec/*.table`, and `--doc-version` overrides the file name. The document holds one v2
/// operation, which only the v2 tables have.
#[test]
fn a_document_is_checked_against_the_table_set_of_its_release() {
    use xtask::line::Line;
    let root = xtask::workspace_root();
    let dir = std::env::temp_dir().join(format!("xtask-drift-lines-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let text = r#"{"openapi": "3.0.3", "paths": {"/admin/clients/{id}": {"get": {"operationId": "getOAuth2Client",
        "tags": ["oAuth2"], "parameters": [{"name": "id", "in": "path", "required": true, "schema": {"type": "string"}}],
        "responses": {"200": {"description": "the client"}}}}}}"#;
    let missing = "operation GET /admin/clients/{id}: missing in table (upstream getOAuth2Client)";
    let cases = [
        ("hydra-v2.3.0-openapi.json", None, Line::V2),
        ("hydra-v26.2.0-openapi.json", None, Line::V2),
        ("hydra-v1.11.10-openapi.json", None, Line::V1),
        ("hydra-v1.11.10-openapi.json", Some("v25.4.0"), Line::V2),
        ("api.json", Some("v1.3.2"), Line::V1),
    ];
    for (name, doc_version, expected) in cases {
        let path = dir.join(name);
        std::fs::write(&path, text).unwrap();
        let args =
            drift::Args { openapi: path, allow: None, tag: "*".into(), doc_version: doc_version.map(str::to_string) };
        let (line, report) = drift::check_file(&root, &args).unwrap();
        assert_eq!(line, expected, "{name} {doc_version:?}");
        assert_eq!(report.allow_origin, expected.allow_list(), "{name} {doc_version:?}");
        let keys: Vec<&str> = report
            .findings
            .iter()
            .map(|f| match f {
                drift::Finding::Drift(k) | drift::Finding::Allowed(k, _) => k.as_str(),
            })
            .collect();
        assert_eq!(keys.contains(&missing), expected == Line::V1, "{name} {doc_version:?}: {keys:?}");
        // The tables' own operations the one-operation document lacks: v2's under /admin, v1's not.
        let extra = match expected {
            Line::V2 => "operation GET /admin/clients: extra in table",
            Line::V1 => "operation GET /clients: extra in table",
        };
        assert!(keys.contains(&extra), "{name} {doc_version:?}: {keys:?}");
    }
    std::fs::remove_dir_all(&dir).unwrap();
}

/// A non-2xx answer the document types otherwise than with its error body (the body most of its failures
/// have) is a difference, since no table item can declare it yet; answers with the error body, and ones
/// without a body, are not.
#[test]
fn an_answer_typed_otherwise_than_the_error_body_is_reported() {
    let text = r##"{"swagger": "2.0", "paths": {
        "/widgets/{id}": {
          "get": {"operationId": "getWidget", "tags": ["admin"],
            "parameters": [{"name": "id", "in": "path", "required": true, "type": "string"}],
            "responses": {"200": {"description": "w", "schema": {"$ref": "#/definitions/Widget"}},
                          "404": {"description": "e", "schema": {"$ref": "#/definitions/Problem"}},
                          "410": {"description": "gone", "schema": {"$ref": "#/definitions/Part"}}}},
          "delete": {"operationId": "deleteWidget", "tags": ["admin"],
            "parameters": [{"name": "id", "in": "path", "required": true, "type": "string"},
                           {"name": "force", "in": "query", "type": "boolean"}],
            "responses": {"204": {"description": "gone"}, "302": {"description": "moved"},
                          "404": {"description": "e", "schema": {"$ref": "#/definitions/Problem"}},
                          "default": {"description": "e", "schema": {"$ref": "#/definitions/Problem"}}}}}},
      "definitions": {
        "Problem": {"type": "object", "required": ["error"], "properties": {"error": {"type": "string"}}},
        "Part": {"type": "object", "required": ["name"],
                 "properties": {"name": {"type": "string"}, "active": {"type": "boolean"}}},
        "Widget": {"type": "object", "required": ["id"], "properties": {"id": {"type": "string"}}}}}"##;
    let doc = Document::from_json(text, "answers.json").unwrap();
    let answers = |api: &Api| -> Vec<String> {
        let keys = drift::compare(api, &doc, &Options::admin()).unwrap();
        keys.into_iter().filter(|k| k.starts_with("answer ") || k.starts_with("errors")).collect()
    };
    assert_eq!(answers(&table()), ["answer get_widget 410: error body in table, Part upstream"]);

    // The table's `on` item types the 410: the right model is no difference, another one is.
    let with = |line: &str| {
        let text = TABLE.replace("path id: string -> Widget\n", &format!("path id: string -> Widget {line}\n"));
        xtask::load_sources(&[Source::Inline { name: "widgets.table".into(), text }]).unwrap()
    };
    assert_eq!(answers(&with("on 410 Part")), Vec::<String>::new());
    assert_eq!(answers(&with("on 410 Problem")), ["answer get_widget 410: Problem in table, Part upstream"]);
    // The tables' usual error model is compared with the document's error body once.
    assert_eq!(answers(&with("errors Part")), ["errors: Part in table, Problem upstream"]);
}
