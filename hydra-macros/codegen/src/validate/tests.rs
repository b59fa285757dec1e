//! One row per rule, each checked for its single error at its line and column.

use crate::{load, load_for_runtime, load_str};

/// One row per rule: (rule, table text, line, column, message fragment). Each table has exactly one
/// mistake, and the test checks it gives exactly one error, there.
const RULES: &[(&str, &str, usize, usize, &str)] = &[
    // --- syntax (parse.rs) ---
    ("field outside a model", "/// F.\nfield a: string\n", 2, 1, "`field` line outside a model"),
    ("value outside an enum", "/// V.\nvalue \"a\"\n", 2, 1, "`value` line outside an enum"),
    ("model without a name", "/// M.\nmodel\n", 2, 6, "expected a model name"),
    ("junk after a model name", "/// M.\nmodel M x\n", 2, 9, "unexpected `x`"),
    ("enum without a name", "/// E.\nenum ?\n", 2, 6, "expected an enum name"),
    ("junk after an enum name", "/// E.\nenum E x\n  /// A.\n  value \"a\"\n", 2, 8, "unexpected `x`"),
    ("unquoted value", "/// E.\nenum E\n  /// A.\n  value a\n", 4, 9, "expected a quoted value"),
    ("backslash in value", "/// E.\nenum E\n  /// A.\n  value \"a\\b\"\n", 4, 11, "backslashes"),
    ("unterminated value", "/// E.\nenum E\n  /// A.\n  value \"a\n", 4, 9, "unterminated"),
    ("`as` without a variant", "/// E.\nenum E\n  /// A.\n  value \"a\" as\n", 4, 15, "a Rust variant name"),
    ("junk after a value", "/// E.\nenum E\n  /// A.\n  value \"a\" b\n", 4, 13, "unexpected `b`"),
    ("field without a name", "/// M.\nmodel M\n  /// A.\n  field : string\n", 4, 9, "a JSON field name"),
    ("field without `:`", "/// M.\nmodel M\n  /// A.\n  field a string\n", 4, 11, "expected `:`"),
    ("field without a type", "/// M.\nmodel M\n  /// A.\n  field a:\n", 4, 11, "expected a type"),
    ("unclosed array type", "/// M.\nmodel M\n  /// A.\n  field a: [string\n", 4, 19, "to close the array"),
    ("punctuation after a field type", "/// M.\nmodel M\n  /// A.\n  field a: string ,\n", 4, 19, "after the field type"),
    ("line without a method", "/// G.\n? /x get_x -> ()\n", 2, 1, "unknown line `?`"),
    ("misspelt keyword in a block", "/// M.\nmodel M\n  /// A.\n  feild a: string\n  /// B.\n  field b: string\n", 4, 3, "unknown line `feild`"),
    ("path without `/`", "/// G.\nGET x get_x -> ()\n", 2, 5, "a path starting with `/`"),
    ("method without a path", "/// G.\nGET\n", 2, 4, "a path after the HTTP method"),
    ("operation without a name", "/// G.\nGET /x -> ()\n", 2, 8, "an operation name"),
    ("parameter without a location", "/// G.\nGET /x get_x , -> ()\n", 2, 14, "a parameter location"),
    ("parameter without a name", "/// G.\nGET /x get_x query : string -> ()\n", 2, 20, "a parameter name"),
    ("parameter without `:`", "/// G.\nGET /x get_x query q string -> ()\n", 2, 22, "between the parameter name"),
    ("parameters without `,`", "/// G.\nGET /x get_x query a: string query b: string -> ()\n", 2, 30, "between parameters"),
    ("missing return type", "/// G.\nGET /x get_x ->\n", 2, 16, "a return type after `->`"),
    ("`page` without `<`", "/// G.\nGET /x get_x -> page M\n", 2, 22, "after `page`"),
    ("`page<>` without a model", "/// G.\nGET /x get_x -> page<>\n", 2, 22, "a model name inside"),
    ("`page<M` unclosed", "/// G.\nGET /x get_x -> page<M\n", 2, 23, "to close `page<...>`"),
    ("junk at the end of a line", "/// G.\nGET /x get_x -> () ,\n", 2, 20, "unexpected `,`"),
    ("doc comment documenting nothing", "/// G.\nGET /x get_x -> ()\n/// Lost.\n\n/// Lost too.\n", 3, 5, "documents nothing"),
    // --- type names ---
    ("check_type_unique", "/// A.\nmodel A\n/// A again.\nmodel A\n", 4, 7, "duplicate model `A`"),
    ("check_type_not_primitive", "/// S.\nmodel string\n", 2, 7, "is a primitive type name"),
    ("check_pascal_type_name", "/// S.\nmodel My_Model\n", 2, 7, "must be a PascalCase identifier"),
    ("check_type_not_reserved", "/// S.\nmodel Self\n", 2, 7, "`Self` is reserved"),
    ("check_type_not_reserved", "/// C.\nenum Client\n  /// A.\n  value \"a\"\n", 2, 6, "`Client` is reserved"),
    ("check_key_fn_distinct", "/// A.\nmodel FooBar\n/// B.\nmodel Foobar\n", 4, 7, "differs only in letter case"),
    ("check_type_known", "/// M.\nmodel M\n  /// A.\n  field a?: [Nope]\n", 4, 14, "unknown type `Nope`"),
    ("check_array_element", "/// M.\nmodel M\n  /// A.\n  field a?: [datetime]\n", 4, 13, "arrays of `datetime`"),
    ("check_doc", "model M\n  /// A.\n  field a: string\n", 1, 1, "model `M` has no doc comment"),
    // --- enums ---
    ("check_enum_has_values", "/// E.\nenum E\n", 2, 1, "has no values"),
    ("check_value_not_empty", "/// E.\nenum E\n  /// A.\n  value \"\"\n", 4, 9, "cannot be empty"),
    ("check_value_unique", "/// E.\nenum E\n  /// A.\n  value \"a\"\n  /// A.\n  value \"a\"\n", 6, 9, "duplicate value"),
    ("check_variant_name", "/// E.\nenum E\n  /// A.\n  value \"a\" as a_b\n", 4, 16, "not a PascalCase variant"),
    ("check_variant_not_other", "/// E.\nenum E\n  /// A.\n  value \"other\"\n", 4, 9, "`Other` is reserved"),
    ("check_variant_unique", "/// E.\nenum E\n  /// A.\n  value \"a-b\"\n  /// A.\n  value \"a_b\"\n", 6, 9, "duplicate variant `AB`"),
    // --- model fields ---
    ("check_field_unique", "/// M.\nmodel M\n  /// A.\n  field a: string\n  /// A.\n  field a?: i64\n", 6, 9, "duplicate field `a`"),
    ("check_snake_field_name", "/// M.\nmodel M\n  /// A.\n  field a as B: string\n", 4, 14, "not a snake_case Rust field"),
    ("check_field_not_keyword", "/// M.\nmodel M\n  /// A.\n  field type: string\n", 4, 9, "is a Rust keyword"),
    ("check_field_not_extra", "/// M.\nmodel M\n  /// A.\n  field extra?: object\n", 4, 9, "`extra` is reserved"),
    ("check_rust_field_unique", "/// M.\nmodel M\n  /// A.\n  field aB: string\n  /// A.\n  field a_b: string\n", 6, 9, "duplicate Rust field name `a_b`"),
    ("check_field_flags", "/// M.\nmodel M\n  /// A.\n  field a: string hidden\n", 4, 19, "unknown field flag `hidden`"),
    ("check_secret_is_string", "/// M.\nmodel M\n  /// A.\n  field a: i64 secret\n", 4, 12, "only `string` fields can be `secret`"),
    ("check_secret_is_string", "/// M.\nmodel M\n  /// A.\n  field a: [string] url\n", 4, 12, "only `string` fields can be `secret` or `url`"),
    // --- operations ---
    ("check_method", "/// G.\nFETCH /x get_x -> ()\n", 2, 1, "unknown HTTP method `FETCH`"),
    ("check_operation_name", "/// G.\nGET /x GetX -> ()\n", 2, 8, "must be a snake_case Rust identifier"),
    ("check_operation_unique", "/// G.\nGET /x get_x -> ()\n/// G.\nGET /y get_x -> ()\n", 4, 8, "duplicate operation `get_x`"),
    ("check_route_unique", "/// G.\nGET /x get_x -> ()\n/// G.\nGET /x get_y -> ()\n", 4, 5, "`GET /x` is already declared"),
    ("check_param_docs_used", "/// G.\n/// @nope Nothing.\nGET /x get_x -> ()\n", 2, 5, "`@nope` documents no parameter"),
    ("check_location", "/// G.\nGET /x get_x header h: string -> ()\n", 2, 14, "unknown parameter location `header`"),
    ("check_param_name", "/// G.\nGET /x get_x query params?: string -> ()\n", 2, 20, "other than `params`"),
    ("check_param_not_generated_local", "/// G.\nGET /x get_x query __call?: string -> ()\n", 2, 20, "reserved for the generated code"),
    ("check_snake_field_name", "/// M.\nmodel M\n  /// A.\n  field a as _: string\n", 4, 14, "`_` is not a snake_case"),
    ("check_param_unique", "/// G.\nGET /x get_x query a: string, query a: i64 -> ()\n", 2, 37, "duplicate parameter `a`"),
    ("check_single_body", "/// M.\nmodel M\n/// G.\nPOST /x post_x body a: M, body b: M -> ()\n", 4, 32, "only one `body`"),
    ("check_body_is_model", "/// G.\nPOST /x post_x body a: string -> ()\n", 2, 24, "must have a model type"),
    ("check_body_is_model", "/// G.\nPATCH /x patch_x body a: [string] -> ()\n", 2, 26, "or be an array of one"),
    ("`auth` without a kind", "/// G.\nGET /x get_x auth -> ()\n", 2, 19, "an authentication kind after `auth`"),
    ("check_auth_single", "/// G.\nGET /x get_x auth public, auth admin -> ()\n", 2, 27, "only one `auth` item"),
    ("check_auth_kind", "/// G.\nGET /x get_x auth basic -> ()\n", 2, 19, "unknown authentication `basic`"),
    ("check_auth_argument", "/// G.\nGET /x get_x auth bearer -> ()\n", 2, 19, "needs the name of its token argument"),
    ("check_auth_argument", "/// G.\nGET /x get_x auth public token -> ()\n", 2, 26, "takes no argument"),
    ("check_auth_argument", "/// G.\nGET /x get_x auth bearer __call -> ()\n", 2, 26, "not starting with `__`"),
    ("check_client_auth_has_no_body", "/// M.\nmodel M\n/// G.\nPOST /x post_x auth client, body b: M -> ()\n", 4, 21, "cannot go with a `body`"),
    ("check_redirect_is_public", "/// G.\nGET /x get_x -> redirect\n", 2, 17, "needs `auth public`"),
    ("check_generated_args_free", "/// G.\nGET /x get_x auth bearer t, query t: string -> ()\n", 2, 35, "clashes with the argument"),
    ("check_scalar_param", "/// G.\nGET /x get_x query a?: [string] -> ()\n", 2, 24, "must be string, i64, bool"),
    ("check_path_param_required", "/// G.\nGET /x/{id} get_x path id?: string -> ()\n", 2, 24, "cannot be optional"),
    ("check_path_param_in_path", "/// G.\nGET /x get_x path id: string -> ()\n", 2, 19, "does not appear as `{id}`"),
    ("check_body_not_with_form", "/// M.\nmodel M\n/// G.\nPOST /x post_x body a: M, form b: string -> ()\n", 4, 1, "both `body` and `form`"),
    ("check_path_params_declared", "/// G.\nGET /x/{id} get_x -> ()\n", 2, 8, "`{id}` in the path is not declared"),
    ("check_page_model", "/// G.\nGET /x get_x query limit?: i64, query offset?: i64 -> page<Nope, offset>\n", 2, 60, "unknown model `Nope`"),
    ("check_paging_kind", "/// M.\nmodel M\n/// G.\nGET /x get_x query limit?: i64, query offset?: i64 -> page<M>\n", 4, 55, "needs its paging kind"),
    ("check_paging_kind", "/// M.\nmodel M\n/// G.\nGET /x get_x query limit?: i64, query offset?: i64 -> page<M, cursor>\n", 4, 63, "unknown paging kind `cursor`"),
    ("check_operation_flags", "/// G.\nGET /x get_x -> () x\n", 2, 20, "unexpected `x`"),
    ("check_operation_flags", "/// G.\nPOST /x post_x -> () once\n", 2, 22, "`once` is implied for `POST`"),
    ("check_needs", "/// G.\nDELETE /x del_x query a?: string -> () needs a\n", 2, 46, "two or more parameter names"),
    ("check_needs", "/// G.\nDELETE /x del_x query a?: string -> () needs a|\n", 2, 46, "two or more parameter names"),
    ("check_needs", "/// G.\nDELETE /x del_x query a?: string -> () needs a|a\n", 2, 46, "`a` is named twice"),
    ("check_needs", "/// G.\nDELETE /x del_x query a?: string -> () needs a|b\n", 2, 46, "`b`, which is not a parameter"),
    ("check_needs", "/// G.\nDELETE /x del_x query a?: string, query b: string -> () needs a|b\n", 2, 63, "`b`, which is required already"),
    ("needs without names", "/// G.\nDELETE /x del_x query a?: string -> () needs\n", 2, 45, "expected parameter names after `needs`"),
    ("file_errors", "/// E.\nmodel E\n  /// A.\n  field error: string\nerrors E\nerrors E\n", 6, 1, "at most one `errors` line"),
    ("check_model_name", "errors Nope\n", 1, 8, "`errors` names `Nope`, which no table declares"),
    ("errors line with docs", "/// E.\nmodel E\n/// E.\nerrors E\n", 3, 5, "takes no documentation"),
    ("errors_item", "/// E.\nmodel E\n  /// A.\n  field error: string\n/// G.\nGET /x get_x -> () errors E errors E\n", 6, 36, "at most one `errors` clause"),
    ("check_model_name", "/// E.\nenum E\n  /// A.\n  value \"a\"\n/// G.\nGET /x get_x -> () on 410 E\n", 6, 27, "`on` names enum `E`"),
    ("check_answer_status", "/// E.\nmodel E\n/// G.\nGET /x get_x -> () on 200 E\n", 4, 23, "from 400 to 599"),
    ("check_answer_status", "/// E.\nmodel E\n/// G.\nGET /x get_x -> () on 4x0 E\n", 4, 23, "found `4x0`"),
    ("check_answer_status_unique", "/// E.\nmodel E\n/// G.\nGET /x get_x -> () on 410 E on 409|410 E\n", 4, 32, "status 410 is named twice"),
    ("on without a model", "/// G.\nGET /x get_x -> () on 410\n", 2, 26, "a model name after the statuses of `on`"),
    ("check_always_fits", "/// M.\nmodel M\n  /// A.\n  field a: string always\n", 4, 9, "`always` is for optional fields"),
    ("check_always_fits", "/// M.\nmodel M\n  /// A.\n  field a?: datetime always\n", 4, 13, "needs a type with a zero value"),
    ("check_param_secret", "/// G.\nGET /x get_x query n?: i64 secret -> ()\n", 2, 28, "only `string` query or form parameters"),
    ("check_page_params", "/// M.\nmodel M\n/// G.\nGET /x get_x query limit?: i64 -> page<M, offset>\n", 4, 1, "`query offset?: i64`"),
    ("check_page_params", "/// M.\nmodel M\n/// G.\nGET /x get_x query page_size?: i64, query page_token?: i64 -> page<M, token>\n", 4, 1, "`query page_token?: string`"),
    ("check_page_params", "/// M.\nmodel M\n/// G.\nGET /x get_x query page_token?: string -> page<M, token>\n", 4, 1, "`query page_size?: i64`"),
    ("unmatched `}` in a path", "/// G.\nGET /x}/y get_x -> ()\n", 2, 7, "unmatched `}`"),
    ("unclosed `{` in a path", "/// G.\nGET /x/{id get_x path id: string -> ()\n", 2, 8, "unclosed `{`"),
    ("check_placeholder_name", "/// G.\nGET /x/{Id} get_x -> ()\n", 2, 8, "is not a parameter name"),
    ("check_path_literal", "/// G.\nGET /x?y=1 get_x -> ()\n", 2, 7, "holds a query or fragment"),
    ("check_path_literal", "/// G.\nGET /x/{id}/y#top get_x path id: string -> ()\n", 2, 14, "holds a query or fragment"),
    ("check_path_literal", "/// G.\nGET /x/../admin/y get_x -> ()\n", 2, 8, "has a `..` segment"),
    ("check_path_literal", "/// G.\nGET /x/{id}/. get_x path id: string -> ()\n", 2, 13, "has a `.` segment"),
    ("check_placeholder_fills_segment", "/// G.\nGET /x/a{id} get_x path id: string -> ()\n", 2, 9, "must fill a whole path segment"),
    // --- server-version markers ---
    ("marker without a version", "/// G.\nGET /x get_x -> () since\n", 2, 25, "a Hydra version such as `v1.10.2` after `since`"),
    ("check_markers", "/// G.\nGET /x get_x -> () since 1.2\n", 2, 26, "`1.2` is not a Hydra version"),
    ("check_markers", "/// M.\nmodel M\n  /// A.\n  field a?: string since v1.2 since v1.3\n", 4, 31, "`since` is given twice"),
    ("check_markers", "/// G.\nGET /x get_x query a?: string since v1.7 until v1.5 -> ()\n", 2, 42, "`until v1.5.0` must be a later release than `since v1.7.0`"),
    // --- names derived from several items ---
    ("check_stream_name_free", "/// M.\nmodel M\n/// G.\nGET /x get_x query limit?: i64, query offset?: i64 -> page<M, offset>\n/// S.\nGET /s get_x_stream -> ()\n", 4, 1, "generates `get_x_stream`"),
    ("check_stream_name_free", "/// M.\nmodel M\n/// G.\nGET /x get_x query limit?: i64, query offset?: i64 -> page<M, offset>\n/// S.\nGET /s get_x_as -> ()\n", 4, 1, "generates `get_x_as`"),
    ("check_stream_name_free", "/// M.\nmodel M\n/// G.\nGET /x get_x query page_size?: i64, query page_token?: string -> page<M, token>\n/// S.\nGET /s get_x_stream_as -> ()\n", 4, 1, "generates `get_x_stream_as`"),
    ("check_params_name_free", "/// M.\nmodel GetXParams\n/// G.\nGET /x get_x query a?: string -> ()\n", 4, 1, "generates the type `GetXParams`"),
    // --- what the runtime needs (only checked for the client's own tables) ---
    ("check_runtime_models", "/// C.\nmodel CompletedRequest\n  /// R.\n  field redirect_to: string\n", 1, 1, "needs a model `GenericError`"),
    ("check_runtime_models", "/// G.\nmodel GenericError\n  /// E.\n  field error?: string\n  /// D.\n  field error_description?: string\n/// C.\nmodel CompletedRequest\n  /// R.\n  field redirect_to: string\n", 2, 1, "needs `field error: string` in model `GenericError`"),
    // --- columns count characters, not bytes ---
    ("non-ASCII before a path placeholder", "/// Ünïcödé.\nGET /ünï/{id} get_x -> ()\n", 2, 10, "`{id}` in the path is not declared"),
    ("non-ASCII before a bad placeholder", "/// G.\nGET /é/{Id} get_x -> ()\n", 2, 8, "is not a parameter name"),
    ("indented doc line", "/// Gêt.\n  /// @nöpe Ünï.\nGET /x get_x -> ()\n", 2, 7, "`@nöpe` documents no parameter"),
    ("non-ASCII before a field type", "/// M.\nmodel M\n  /// Ä.\n  field ä as a: Nope\n", 4, 17, "unknown type `Nope`"),
];

#[test]
fn every_rule_reports_one_error_at_its_line_and_column() {
    let mut failures = Vec::new();
    for (rule, table, line, col, fragment) in RULES {
        let sources = [crate::Source::Inline { name: "t.table".into(), text: table.to_string() }];
        let loaded = if *rule == "check_runtime_models" { load_for_runtime(&sources) } else { load(&sources) };
        let got: Vec<_> = loaded.diagnostics.into_iter().map(|d| (d.loc.line, d.loc.col, d.message)).collect();
        let ok = matches!(got.as_slice(), [(l, c, m)] if l == line && c == col && m.contains(fragment));
        if !ok {
            failures.push(format!("{rule}: expected {line}:{col} `{fragment}`, got {got:?}"));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn every_check_function_has_a_row() {
    let source = concat!(
        include_str!("mod.rs"),
        include_str!("enums.rs"),
        include_str!("models.rs"),
        include_str!("operations.rs")
    );
    let names = source.split("fn check_").skip(1).filter_map(|rest| {
        let end = rest.find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))?;
        (end > 0 && rest[end..].starts_with('(')).then(|| &rest[..end])
    });
    let missing: Vec<&str> =
        names.filter(|name| !RULES.iter().any(|(rule, ..)| rule.strip_prefix("check_") == Some(name))).collect();
    assert!(missing.is_empty(), "rules without a row in RULES: {missing:?}");
}

#[test]
fn markers_reach_the_ir_on_operations_parameters_and_fields() {
    let table =
        "/// M.\nmodel M\n  /// A.\n  field a?: string secret since v1.11\n  /// B.\n  field b?: i64 until v1.5 \
                 since v1.2\n/// G.\nGET /x get_x query q?: bool since v1.7, query r?: string -> M since v1.10.2\n";
    let api = load_str("t.table", table).expect("valid");
    use crate::ir::{self, Availability};
    let v = |t: &str| ir::ServerVersion::parse(t);
    let m = &api.models[0];
    assert!(m.fields[0].secret);
    assert_eq!(m.fields[0].availability, Availability { since: v("v1.11"), until: None });
    assert_eq!(m.fields[1].availability, Availability { since: v("v1.2"), until: v("v1.5") });
    let op = &api.operations[0];
    assert_eq!(op.availability, Availability { since: v("v1.10.2"), until: None });
    assert_eq!(op.params[0].availability.since, v("v1.7.0"));
    assert_eq!(op.params[1].availability, Availability::default());
    assert_eq!(op.availability.doc_line().as_deref(), Some("Available since Hydra v1.10.2."));
    assert_eq!(
        m.fields[1].availability.doc_line().as_deref(),
        Some("Available from Hydra v1.2.0 up to, not including, v1.5.0.")
    );
    for bad in ["1.2", "v1", "v1.2.3.4", "v1.x", "v-1.2", "v1..2", "v1.2.", "v9999999.1"] {
        assert_eq!(ir::ServerVersion::parse(bad), None, "{bad}");
    }
}

#[test]
fn a_block_with_a_line_that_could_not_be_read_is_not_generated_half() {
    let text = "/// M.\nmodel M\n  /// A.\n  feild a: string\n  /// B.\n  field b: string\n/// G.\nGET /m get_m -> M\n";
    let loaded = load(&[crate::Source::Inline { name: "t".into(), text: text.into() }]);
    assert_eq!(loaded.diagnostics.len(), 1, "{:?}", loaded.diagnostics);
    assert!(loaded.api.models.is_empty() && loaded.api.operations.is_empty());
}

#[test]
fn the_runtime_models_are_not_required_of_other_tables() {
    assert!(load_str("t.table", "/// G.\nGET /x get_x -> ()\n").is_ok());
}

#[test]
fn the_rows_are_valid_once_the_mistake_is_fixed() {
    // The context of the rows is itself valid: one row with its mistake fixed loads cleanly.
    let fixed = "/// M.\nmodel M\n/// G.\nPOST /x post_x body a: M, query b: string -> ()\n";
    assert!(load_str("t.table", fixed).is_ok());
}

#[test]
fn a_dot_next_to_a_placeholder_is_reported_once_as_a_partial_segment() {
    // `.{id}` is one segment the placeholder does not fill: that rule's error alone, not a dot segment too.
    for table in
        ["/// G.\nGET /x/.{id} get_x path id: string -> ()\n", "/// G.\nGET /x/{id}.. get_x path id: string -> ()\n"]
    {
        let errors = crate::load_str("t.table", table).unwrap_err();
        assert_eq!(errors.len(), 1, "{errors:?}");
        assert!(errors[0].message.contains("must fill a whole path segment"), "{errors:?}");
    }
}
