//! The IR written back as table text, in the grammar `parse` reads (spec/README.md).
//!
//! `cargo xtask import` builds IR items from an upstream document and prints them here, and `cargo
//! xtask drift` prints the lines it suggests the same way, so every keyword the grammar has (`auth`,
//! `since`/`until`, `secret`, `as`, `page<...>`) is written in one place. Parsing what this prints gives
//! the same IR back (a test checks it for the workspace's tables).

use crate::ir::{Api, Auth, Enum, EnumValue, Field, Model, Operation, Param, Return, Type};
use crate::naming::{snake_case, variant_name};
use crate::version::Availability;

/// The widths the workspace tables align endpoint lines to: method, path, operation name.
const COLUMNS: (usize, usize, usize) = (6, 40, 30);

/// Every item of `api`: models, then enums, then operations, each preceded by its doc lines.
pub fn api(api: &Api) -> String {
    let models = api.models.iter().map(model);
    let enums = api.enums.iter().map(enumeration);
    let operations = api.operations.iter().map(operation);
    models.chain(enums).chain(operations).collect::<Vec<_>>().join("\n")
}

/// A model: its doc lines, the `model` line, and each field with its doc lines, indented.
pub fn model(m: &Model) -> String {
    let mut out = doc_lines("", &m.doc);
    out.push_str(&format!("model {}\n", m.name));
    for f in &m.fields {
        out.push_str(&doc_lines("  ", &f.doc));
        out.push_str(&format!("  {}\n", field_line(f)));
    }
    out
}

/// `field <json>[?] [as <rust>]: <type> [secret] [url] [always] [<markers>]`; `as` only when the Rust
/// name is not the one the generator derives.
pub fn field_line(f: &Field) -> String {
    let rename = if f.rust_name == snake_case(&f.json_name) { String::new() } else { format!(" as {}", f.rust_name) };
    let secret = if f.secret { " secret" } else { "" };
    let url = if f.url { " url" } else { "" };
    let always = if f.always { " always" } else { "" };
    let optional = if f.required { "" } else { "?" };
    let ty = f.ty.table_name();
    format!("field {}{optional}{rename}: {ty}{secret}{url}{always}{}", f.json_name, markers(f.availability))
}

/// An enum: its doc lines, the `enum` line, and each value with its doc lines, indented.
pub fn enumeration(e: &Enum) -> String {
    let mut out = doc_lines("", &e.doc);
    out.push_str(&format!("enum {}\n", e.name));
    for v in &e.values {
        out.push_str(&doc_lines("  ", &v.doc));
        out.push_str(&format!("  {}\n", value_line(v)));
    }
    out
}

/// `value "<wire text>" [as <Variant>]`; `as` only when the variant is not the derived one.
pub fn value_line(v: &EnumValue) -> String {
    let rename = if v.rust_name == variant_name(&v.json) { String::new() } else { format!(" as {}", v.rust_name) };
    format!("value \"{}\"{rename}", v.json)
}

/// An endpoint: its doc lines, `@<param>` doc lines (and the bearer argument's), then the line.
pub fn operation(op: &Operation) -> String {
    let mut out = doc_lines("", &op.doc);
    for p in &op.params {
        if let Some(doc) = &p.doc {
            out.push_str(&format!("/// @{} {doc}\n", p.name));
        }
    }
    if let (Auth::Bearer(arg), Some(doc)) = (&op.auth, &op.auth_doc) {
        out.push_str(&format!("/// @{arg} {doc}\n"));
    }
    out.push_str(&operation_line(op));
    out.push('\n');
    out
}

/// `<METHOD> <path> <name> [<param>, ..., auth <kind>] -> <return> [on ...] [errors <Model>] [once]
/// [needs <a>|<b>] [<markers>]`, aligned like the
/// workspace tables. `auth admin`, the default, is left out; another kind goes where the table put it.
pub fn operation_line(op: &Operation) -> String {
    let mut items: Vec<String> = op.params.iter().map(param).collect();
    if op.auth != Auth::Admin {
        items.insert(op.auth_position.min(items.len()), format!("auth {}", op.auth.table_name()));
    }
    let items = if items.is_empty() { String::new() } else { format!("{} ", items.join(", ")) };
    let (m, p, n) = COLUMNS;
    let ret = match (&op.ret, op.paging.table_name()) {
        (Return::Page(model), Some(kind)) => format!("page<{model}, {kind}>"),
        (ret, _) => return_name(ret),
    };
    let once = if op.once { " once" } else { "" };
    let needs: String = op.needs.iter().map(|group| format!(" needs {}", group.join("|"))).collect();
    let errors = op.errors.as_ref().map(|model| format!(" errors {model}")).unwrap_or_default();
    format!(
        "{:<m$} {:<p$} {:<n$} {items}-> {ret}{}{errors}{once}{needs}{}",
        op.method.as_str(),
        op.path,
        op.name,
        answers(op),
        markers(op.availability)
    )
}

/// ` on <status>|<status> <Model>` for each run of statuses with the same model (with the leading
/// space), or nothing.
pub fn answers(op: &Operation) -> String {
    let mut runs: Vec<(Vec<String>, &str)> = Vec::new();
    for a in &op.answers {
        match runs.last_mut() {
            Some((statuses, model)) if *model == a.model => statuses.push(a.status.to_string()),
            _ => runs.push((vec![a.status.to_string()], &a.model)),
        }
    }
    runs.iter().map(|(statuses, model)| format!(" on {} {model}", statuses.join("|"))).collect()
}

/// `<location> <name>[?]: <type> [secret] [<markers>]`.
pub fn param(p: &Param) -> String {
    let optional = if p.required { "" } else { "?" };
    let secret = if p.secret { " secret" } else { "" };
    format!("{} {}{optional}: {}{secret}{}", p.location.as_str(), p.name, type_name(&p.ty), markers(p.availability))
}

/// The table spelling of a type, e.g. `[string]` or `OAuth2Client`.
pub fn type_name(ty: &Type) -> String {
    ty.table_name()
}

/// The table spelling of a return: `()`, `text`, `redirect`, `page<Model>` (without the paging kind, which
/// the operation holds: see [`operation_line`]) or a type.
pub fn return_name(ret: &Return) -> String {
    match ret {
        Return::Unit => "()".into(),
        Return::Text => "text".into(),
        Return::Redirect => "redirect".into(),
        Return::Page(model) => format!("page<{model}>"),
        Return::Json(ty) => type_name(ty),
    }
}

/// ` since vA`, ` until vB`, ` since vA until vB` (with the leading space), or nothing.
pub fn markers(availability: Availability) -> String {
    if availability.is_always() {
        String::new()
    } else {
        format!(" {}", availability.describe())
    }
}

/// `/// <line>` for each doc line, indented.
fn doc_lines(indent: &str, doc: &[String]) -> String {
    doc.iter()
        .map(|line| if line.is_empty() { format!("{indent}///\n") } else { format!("{indent}/// {line}\n") })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diag::Loc;
    use crate::{load_str, Source};

    /// The IR with every source position blanked, so two loads of different text compare by content.
    fn content(api: &Api) -> String {
        let mut api = api.clone();
        let blank = Loc::new("", 0, 0, "");
        api.files.clear();
        for m in &mut api.models {
            m.loc = blank.clone();
            m.file = 0;
            m.fields.iter_mut().for_each(|f| f.loc = blank.clone());
        }
        for e in &mut api.enums {
            e.loc = blank.clone();
            e.file = 0;
            e.values.iter_mut().for_each(|v| v.loc = blank.clone());
        }
        for op in &mut api.operations {
            op.loc = blank.clone();
            op.file = 0;
            op.segments.clear();
        }
        format!("{api:#?}")
    }

    /// The workspace's own v1 tables, as the client's macro reads them.
    fn workspace_tables() -> Api {
        tables_in("", &["runtime.table", "models.table", "admin.table", "public.table"])
    }

    /// Tables of `dir` under the workspace's spec/.
    fn tables_in(dir: &str, names: &[&str]) -> Api {
        let spec = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../spec").join(dir);
        let sources: Vec<Source> =
            names.iter().map(|name| Source::File { name: (*name).into(), path: spec.join(name) }).collect();
        crate::load(&sources).into_result().expect("the workspace tables are valid")
    }

    #[test]
    fn every_workspace_table_item_round_trips_through_the_printer() {
        let api = workspace_tables();
        let text = super::api(&api);
        let again =
            load_str("printed.table", &text).unwrap_or_else(|d| panic!("{}\n{text}", crate::diag::render_all(&d)));
        assert_eq!(content(&again), content(&api));
        assert_eq!(super::api(&again), text, "printing is stable");
        // Every keyword the tables use is exercised.
        for needle in [
            " auth client",
            " auth bearer access_token",
            " auth public",
            " secret",
            " as key_use",
            " since v1.",
            "page<OAuth2Client, offset>",
            "-> CompletedRequest on 409|410 CompletedRequest errors GenericError once",
            "-> LoginRequest on 409|410 CompletedRequest errors GenericError\n",
            "form code?: string secret",
            "field request_url: string url\n",
        ] {
            assert!(text.contains(needle), "no `{needle}` printed");
        }
    }

    /// The v2 tables round-trip too, with their `errors` lines and `on` clauses written per operation.
    #[test]
    fn every_v2_table_item_round_trips_through_the_printer() {
        let api = tables_in("v2", &["models.table", "admin.table", "public.table"]);
        let text = super::api(&api);
        let again =
            load_str("printed.table", &text).unwrap_or_else(|d| panic!("{}\n{text}", crate::diag::render_all(&d)));
        assert_eq!(content(&again), content(&api));
        for needle in [
            "-> OAuth2LoginRequest on 410 OAuth2RedirectTo errors ErrorOAuth2\n",
            "-> () errors GenericError\n",
            "-> VerifiableCredentialResponse on 400 VerifiableCredentialPrimingResponse errors ErrorOAuth2\n",
        ] {
            assert!(text.contains(needle), "no `{needle}` printed");
        }
        let login = api.operations.iter().find(|o| o.name == "get_o_auth2_login_request").expect("declared");
        assert_eq!(login.handled_statuses().collect::<Vec<_>>(), [410]);
        let vc = api.operations.iter().find(|o| o.name == "create_verifiable_credential").expect("declared");
        assert_eq!(vc.handled_statuses().count(), 0, "a priming answer has no redirect_to");
    }

    /// Constructs the v1 tables do not use (the v2 line's) round-trip as well.
    #[test]
    fn constructs_beyond_the_v1_tables_round_trip() {
        let table = "/// M.\nmodel M\n  /// A.\n  field a?: string\n  /// T.\n  field ttl: duration\n  /// N.\n  field names?: [string] always\n/// G.\n\
                     /// @page_size Size.\n/// @page_token Token.\nGET /admin/x list_x query page_size?: i64, query \
                     page_token?: string, query owner?: string, query wait?: duration -> page<M, token>\n/// D.\n\
                     DELETE /admin/s revoke_s query subject?: string, query sid?: string -> () needs subject|sid since \
                     v2.3\n";
        let api = load_str("t.table", table).expect("valid");
        assert_eq!(api.operations[0].paging, crate::ir::Paging::Token);
        let text = super::api(&api);
        let again =
            load_str("printed.table", &text).unwrap_or_else(|d| panic!("{}\n{text}", crate::diag::render_all(&d)));
        assert_eq!(content(&again), content(&api));
        assert_eq!(super::api(&again), text, "printing is stable");
        assert_eq!(api.operations[1].needs, [["subject", "sid"]]);
        for needle in [
            "field ttl: duration\n",
            "field names?: [string] always\n",
            "query owner?: string, query wait?: duration -> page<M, token>\n",
            "query sid?: string -> () needs subject|sid since v2.3\n",
        ] {
            assert!(text.contains(needle), "no `{needle}` in:\n{text}");
        }
    }

    #[test]
    fn markers_auth_and_renames_are_written_as_the_grammar_spells_them() {
        let table = "/// M.\nmodel M\n  /// A.\n  field use? as key_use: string secret since v1.11\n  /// B.\n  field notAfter: \
                     datetime until v1.5\n/// E.\nenum E\n  /// V.\n  value \"code id_token\"\n  /// W.\n  value \"RS256\" as Rs\n\
                     /// G.\n/// @id The id.\n/// @token A token.\nGET /x/{id} get_x path id: string, auth bearer token, query \
                     q?: bool since v1.7 until v1.9 -> [M] since v1.10.2\n";
        let api = load_str("t.table", table).expect("valid");
        assert_eq!(field_line(&api.models[0].fields[0]), "field use? as key_use: string secret since v1.11");
        assert_eq!(field_line(&api.models[0].fields[1]), "field notAfter: datetime until v1.5");
        assert_eq!(value_line(&api.enums[0].values[0]), "value \"code id_token\"");
        assert_eq!(value_line(&api.enums[0].values[1]), "value \"RS256\" as Rs");
        let op = &api.operations[0];
        assert_eq!(
            operation(op),
            "/// G.\n/// @id The id.\n/// @token A token.\nGET    /x/{id}                                  get_x                          \
             path id: string, auth bearer token, query q?: bool since v1.7 until v1.9 -> [M] since v1.10.2\n"
        );
    }
}
