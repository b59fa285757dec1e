//! The rules of endpoint lines: method, name, path, parameters, `auth`, return type and flags.

use std::collections::HashMap;

use super::{check_doc, check_markers, is_snake_ident, Checker, Kind};
use crate::contract::{self, COOKIES_ARG, CREDENTIALS_ARG, PARAMS_ARG};
use crate::diag::{Ctxt, Loc};
use crate::ir::{Auth, Location, Method, Operation, Paging, Param, Return, Segment, Type};
use crate::naming::is_rust_keyword;
use crate::parse::{Doc, DocLine, RawAuth, RawOperation, RawParam, RawReturn, Tok};

impl Checker<'_> {
    /// An operation, or `None` when it has a problem.
    pub(super) fn operation_item(
        &self,
        file: usize,
        raw: &RawOperation,
        file_errors: Option<&String>,
    ) -> Option<Operation> {
        let cx = self.cx;
        let before = cx.error_count();
        let method = check_method(cx, raw);
        check_operation_name(cx, raw);
        let (doc, mut param_docs) = split_param_docs(&raw.doc);
        check_doc(cx, &raw.loc, &doc, &format!("operation `{}`", raw.name.text));
        let (segments, path_ok) = path_segments(cx, raw);
        let mut params: Vec<Param> = Vec::new();
        for p in &raw.params {
            params.extend(self.param_item(raw, p, &params, path_ok.then_some(segments.as_slice()), &mut param_docs));
        }
        check_body_not_with_form(cx, raw, &params);
        let auth = auth_item(cx, raw, &params);
        let auth_doc = match &auth {
            Some((Auth::Bearer(arg), _)) => param_docs.remove(arg).map(|l| param_doc_text(&l.text)),
            _ => None,
        };
        check_param_docs_used(cx, raw, &param_docs);
        if path_ok {
            check_path_params_declared(cx, raw, &segments);
        }
        let ret = self.return_item(raw, &params);
        let availability = check_markers(cx, &raw.loc, &raw.markers);
        let (errors, answers) = (self.errors_item(raw, file_errors), self.answers_item(raw));
        let (method, (ret, paging), (auth, auth_position)) = (method?, ret?, auth?);
        let once = check_operation_flags(cx, raw, method);
        let needs = raw.needs.iter().filter_map(|group| check_needs(cx, raw, group, &params)).collect();
        check_redirect_is_public(cx, raw, &ret, &auth);
        check_generated_args_free(cx, raw, &auth, &ret);
        let (loc, doc, path, name) = (raw.loc.clone(), doc.texts(), raw.path.text.clone(), raw.name.text.clone());
        let op = Operation {
            loc,
            file,
            doc,
            method,
            path,
            segments,
            name,
            params,
            auth,
            auth_position,
            auth_doc,
            ret,
            paging,
            once,
            needs,
            errors,
            answers,
            availability,
        };
        (cx.error_count() == before).then_some(op)
    }

    /// One parameter of `op`, or `None` when it has a problem. `earlier` holds the parameters before it.
    pub(super) fn param_item(
        &self,
        op: &RawOperation,
        p: &RawParam,
        earlier: &[Param],
        segments: Option<&[Segment]>,
        param_docs: &mut HashMap<String, &DocLine>,
    ) -> Option<Param> {
        let cx = self.cx;
        let location = check_location(cx, op, p)?;
        check_param_name(cx, op, p);
        check_param_not_generated_local(cx, op, p);
        if !check_param_unique(cx, op, p, earlier) {
            return None;
        }
        let ty = self.resolve(&op.loc, &p.ty)?;
        match location {
            Location::Body => {
                check_single_body(cx, op, p, earlier);
                check_body_is_model(cx, op, p, &ty);
            }
            Location::Path | Location::Query | Location::Form => check_scalar_param(cx, op, p, location, &ty),
        }
        if location == Location::Path {
            check_path_param_required(cx, op, p);
            // A path with a problem of its own has no reliable placeholders to compare with.
            if let Some(segments) = segments {
                check_path_param_in_path(cx, op, p, segments);
            }
        }
        let doc = param_docs.remove(&p.name.text).map(|l| param_doc_text(&l.text));
        let availability = check_markers(cx, &op.loc, &p.markers);
        let secret = check_param_secret(cx, op, p, location, &ty);
        Some(Param { location, name: p.name.text.clone(), required: !p.optional, ty, doc, secret, availability })
    }

    /// What `op` returns and how it is paged, or `None` when the return type has a problem.
    pub(super) fn return_item(&self, op: &RawOperation, params: &[Param]) -> Option<(Return, Paging)> {
        let ret = match &op.ret {
            RawReturn::Unit(_) => Return::Unit,
            RawReturn::Text(_) => Return::Text,
            RawReturn::Redirect(_) => Return::Redirect,
            RawReturn::Json(t) => Return::Json(self.resolve(&op.loc, t)?),
            RawReturn::Page(page, model, kind) => {
                let paging = check_paging_kind(self.cx, op, page, kind.as_ref());
                if !self.check_page_model(op, model) {
                    return None;
                }
                let paging = paging?;
                check_page_params(self.cx, op, params, paging);
                return Some((Return::Page(model.text.clone()), paging));
            }
        };
        Some((ret, Paging::None))
    }

    /// A `page<...>` names a model declared in the tables.
    pub(super) fn check_page_model(&self, op: &RawOperation, model: &Tok) -> bool {
        let known = self.kinds.get(&model.text).is_some_and(|(k, _)| *k == Kind::Model);
        if !known {
            self.cx.error(op.loc.at_col(model.col), format!("unknown model `{}` in `page<...>`", model.text));
        }
        known
    }
}

/// The HTTP method is one the table accepts.
pub(super) fn check_method(cx: &Ctxt, raw: &RawOperation) -> Option<Method> {
    let method = Method::ALL.into_iter().find(|m| m.as_str() == raw.method.text);
    if method.is_none() {
        let all: Vec<&str> = Method::ALL.iter().map(|m| m.as_str()).collect();
        let message = format!("unknown HTTP method `{}` (expected one of {})", raw.method.text, all.join(", "));
        cx.error(raw.loc.at_col(raw.method.col), message);
    }
    method
}

/// An operation name is a snake_case identifier and not a keyword.
pub(super) fn check_operation_name(cx: &Ctxt, raw: &RawOperation) {
    let name = &raw.name.text;
    if !is_snake_ident(name) || is_rust_keyword(name) {
        cx.error(raw.loc.at_col(raw.name.col), format!("operation name `{name}` must be a snake_case Rust identifier"));
    }
}

/// Operation names are unique across all tables.
pub(super) fn check_operation_unique(cx: &Ctxt, raw: &RawOperation, seen: &mut HashMap<String, Loc>) -> bool {
    let name = &raw.name.text;
    if let Some(first) = seen.get(name) {
        let message = format!("duplicate operation `{name}` (first declared at {}:{})", first.file, first.line);
        cx.error(raw.loc.at_col(raw.name.col), message);
        return false;
    }
    seen.insert(name.clone(), raw.loc.clone());
    true
}

/// A method and path pair is declared once.
pub(super) fn check_route_unique(cx: &Ctxt, raw: &RawOperation, seen: &mut HashMap<(String, String), Loc>) -> bool {
    let route = (raw.method.text.clone(), raw.path.text.clone());
    if let Some(first) = seen.get(&route) {
        let message = format!("`{} {}` is already declared at {}:{}", route.0, route.1, first.file, first.line);
        cx.error(raw.loc.at_col(raw.path.col), message);
        return false;
    }
    seen.insert(route, raw.loc.clone());
    true
}

/// Splits an operation's doc into the method's lines and its `@param text` lines, by parameter name.
pub(super) fn split_param_docs(doc: &Doc) -> (Doc, HashMap<String, &DocLine>) {
    let mut lines = Doc::default();
    let mut params = HashMap::new();
    for line in &doc.0 {
        match line.text.strip_prefix('@') {
            Some(rest) => {
                let name = rest.split_once(' ').map_or(rest, |(n, _)| n);
                params.insert(name.to_string(), line);
            }
            None => lines.0.push(line.clone()),
        }
    }
    (lines, params)
}

/// The text of an `@param text` doc line.
pub(super) fn param_doc_text(line: &str) -> String {
    let rest = line.strip_prefix('@').unwrap_or(line);
    rest.split_once(' ').map_or("", |(_, t)| t).trim().to_string()
}

/// Every `@param` doc line names a parameter of the operation.
pub(super) fn check_param_docs_used(cx: &Ctxt, raw: &RawOperation, unused: &HashMap<String, &DocLine>) {
    let mut unused: Vec<&&DocLine> = unused.values().collect();
    unused.sort_by_key(|l| l.loc.line);
    for line in unused {
        let name = line.text[1..].split(' ').next().unwrap_or("");
        let message = format!("doc line `@{name}` documents no parameter of `{}`", raw.name.text);
        cx.error(line.loc.clone(), message);
    }
}

/// A parameter location is `path`, `query`, `body` or `form`.
pub(super) fn check_location(cx: &Ctxt, op: &RawOperation, p: &RawParam) -> Option<Location> {
    let location = [Location::Path, Location::Query, Location::Body, Location::Form]
        .into_iter()
        .find(|l| l.as_str() == p.location.text);
    if location.is_none() {
        let message = format!("unknown parameter location `{}` (expected path, query, body or form)", p.location.text);
        cx.error(op.loc.at_col(p.location.col), message);
    }
    location
}

/// A parameter name is a snake_case identifier, not a keyword and not the options argument's name.
pub(super) fn check_param_name(cx: &Ctxt, op: &RawOperation, p: &RawParam) {
    let name = &p.name.text;
    if !is_snake_ident(name) || is_rust_keyword(name) || name == PARAMS_ARG {
        let message = format!("parameter name `{name}` must be a snake_case Rust identifier other than `{PARAMS_ARG}`");
        cx.error(op.loc.at_col(p.name.col), message);
    }
}

/// A parameter name does not start with `__`, which the generated method body uses for its locals.
pub(super) fn check_param_not_generated_local(cx: &Ctxt, op: &RawOperation, p: &RawParam) {
    if p.name.text.starts_with(contract::GENERATED_LOCAL_PREFIX) {
        let message = format!(
            "parameter name `{}` starts with `{}`, which is reserved for the generated code",
            p.name.text,
            contract::GENERATED_LOCAL_PREFIX
        );
        cx.error(op.loc.at_col(p.name.col), message);
    }
}

/// An operation names each parameter once.
pub(super) fn check_param_unique(cx: &Ctxt, op: &RawOperation, p: &RawParam, earlier: &[Param]) -> bool {
    let ok = !earlier.iter().any(|q| q.name == p.name.text);
    if !ok {
        let message = format!("duplicate parameter `{}` in operation `{}`", p.name.text, op.name.text);
        cx.error(op.loc.at_col(p.name.col), message);
    }
    ok
}

/// An operation has at most one `body` parameter.
pub(super) fn check_single_body(cx: &Ctxt, op: &RawOperation, p: &RawParam, earlier: &[Param]) {
    if earlier.iter().any(|q| q.location == Location::Body) {
        cx.error(op.loc.at_col(p.name.col), "an operation can have only one `body` parameter");
    }
}

/// A `body` parameter has a model type, or is an array of a model (a JSON Patch document).
pub(super) fn check_body_is_model(cx: &Ctxt, op: &RawOperation, p: &RawParam, ty: &Type) {
    let ok = match ty {
        Type::Model(_) => true,
        Type::Array(inner) => matches!(**inner, Type::Model(_)),
        _ => false,
    };
    if !ok {
        cx.error(
            op.loc.at_col(p.ty.col()),
            "a `body` parameter must have a model type or be an array of one (`[Model]`)",
        );
    }
}

/// The operation's API and credentials with the position of their argument: `auth admin` when the line
/// has no `auth` item.
pub(super) fn auth_item(cx: &Ctxt, op: &RawOperation, params: &[Param]) -> Option<(Auth, usize)> {
    if !check_auth_single(cx, op) {
        return None;
    }
    let Some(raw) = op.auths.first() else { return Some((Auth::Admin, 0)) };
    let auth = check_auth_kind(cx, op, raw)?;
    if !check_auth_argument(cx, op, raw, &auth) {
        return None;
    }
    if auth == Auth::Client {
        check_client_auth_has_no_body(cx, op, raw, params);
    }
    Some((auth, raw.position))
}

/// An operation has at most one `auth` item.
pub(super) fn check_auth_single(cx: &Ctxt, op: &RawOperation) -> bool {
    let extra = op.auths.get(1);
    if let Some(second) = extra {
        cx.error(op.loc.at_col(second.keyword.col), "an operation can have only one `auth` item");
    }
    extra.is_none()
}

/// The kind after `auth` is `admin`, `public`, `client` or `bearer`.
pub(super) fn check_auth_kind(cx: &Ctxt, op: &RawOperation, raw: &RawAuth) -> Option<Auth> {
    let auth = match raw.kind.text.as_str() {
        "admin" => Auth::Admin,
        "public" => Auth::Public,
        "client" => Auth::Client,
        "bearer" => Auth::Bearer(raw.arg.as_ref().map(|a| a.text.clone()).unwrap_or_default()),
        other => {
            let message =
                format!("unknown authentication `{other}` (expected admin, public, client or `bearer <argument>`)");
            cx.error(op.loc.at_col(raw.kind.col), message);
            return None;
        }
    };
    Some(auth)
}

/// `auth bearer` names its argument with a snake_case identifier; the other kinds take none.
pub(super) fn check_auth_argument(cx: &Ctxt, op: &RawOperation, raw: &RawAuth, auth: &Auth) -> bool {
    let (col, message) = match (auth, &raw.arg) {
        (Auth::Bearer(_), None) => {
            (raw.kind.col, "`auth bearer` needs the name of its token argument, e.g. `auth bearer access_token`".into())
        }
        (Auth::Bearer(name), Some(arg))
            if !is_snake_ident(name) || is_rust_keyword(name) || name.starts_with(contract::GENERATED_LOCAL_PREFIX) =>
        {
            (arg.col, format!("bearer argument `{name}` must be a snake_case Rust identifier not starting with `__`"))
        }
        (Auth::Bearer(_), Some(_)) | (_, None) => return true,
        (_, Some(arg)) => (arg.col, format!("`auth {}` takes no argument, found `{}`", raw.kind.text, arg.text)),
    };
    cx.error(op.loc.at_col(col), message);
    false
}

/// `auth client` goes with a form body (or none): `client_secret_post` adds the credentials to the form.
pub(super) fn check_client_auth_has_no_body(cx: &Ctxt, op: &RawOperation, raw: &RawAuth, params: &[Param]) {
    if params.iter().any(|p| p.location == Location::Body) {
        let message = "`auth client` cannot go with a `body` parameter: client credentials may travel in a form body";
        cx.error(op.loc.at_col(raw.kind.col), message);
    }
}

/// A `redirect` answer comes from a browser endpoint of the Public API, which takes no credentials.
pub(super) fn check_redirect_is_public(cx: &Ctxt, op: &RawOperation, ret: &Return, auth: &Auth) {
    if *ret == Return::Redirect && *auth != Auth::Public {
        let col = match &op.ret {
            RawReturn::Redirect(t) => t.col,
            _ => op.loc.col,
        };
        cx.error(op.loc.at_col(col), "a `redirect` answer needs `auth public` (a browser endpoint of the Public API)");
    }
}

/// The arguments the generator adds (credentials, bearer token, cookie jar) are not also parameters.
pub(super) fn check_generated_args_free(cx: &Ctxt, op: &RawOperation, auth: &Auth, ret: &Return) {
    let mut added: Vec<&str> = Vec::new();
    match auth {
        Auth::Client => added.push(CREDENTIALS_ARG),
        Auth::Bearer(name) => added.push(name),
        Auth::Admin | Auth::Public => {}
    }
    if *ret == Return::Redirect {
        added.push(COOKIES_ARG);
    }
    for name in added {
        if let Some(p) = op.params.iter().find(|p| p.name.text == name) {
            let message = format!("parameter `{name}` clashes with the argument the `auth` item or `redirect` adds");
            cx.error(op.loc.at_col(p.name.col), message);
        }
    }
}

/// A `path`, `query` or `form` parameter has a type that fits in one text value.
pub(super) fn check_scalar_param(cx: &Ctxt, op: &RawOperation, p: &RawParam, location: Location, ty: &Type) {
    if !matches!(
        ty,
        Type::String | Type::I64 | Type::Bool | Type::F64 | Type::DateTime | Type::Duration | Type::Enum(_)
    ) {
        let message = format!(
            "a `{}` parameter must be string, i64, bool, f64, datetime, duration or an enum",
            location.as_str()
        );
        cx.error(op.loc.at_col(p.ty.col()), message);
    }
}

/// A `path` parameter is required.
pub(super) fn check_path_param_required(cx: &Ctxt, op: &RawOperation, p: &RawParam) {
    if p.optional {
        cx.error(op.loc.at_col(p.name.col), format!("path parameter `{}` cannot be optional", p.name.text));
    }
}

/// A `path` parameter appears as `{name}` in the path.
pub(super) fn check_path_param_in_path(cx: &Ctxt, op: &RawOperation, p: &RawParam, segments: &[Segment]) {
    let name = &p.name.text;
    if !segments.contains(&Segment::Param(name.clone())) {
        let message = format!("path parameter `{name}` does not appear as `{{{name}}}` in the path `{}`", op.path.text);
        cx.error(op.loc.at_col(p.name.col), message);
    }
}

/// An operation does not send both a JSON body and a form body.
pub(super) fn check_body_not_with_form(cx: &Ctxt, op: &RawOperation, params: &[Param]) {
    let has = |l: Location| params.iter().any(|p| p.location == l);
    if has(Location::Body) && has(Location::Form) {
        cx.error(op.loc.clone(), "an operation cannot have both `body` and `form` parameters");
    }
}

/// Every `{name}` in the path is declared as a `path` parameter.
pub(super) fn check_path_params_declared(cx: &Ctxt, op: &RawOperation, segments: &[Segment]) {
    for seg in segments {
        let Segment::Param(p) = seg else { continue };
        let declared = op.params.iter().any(|q| &q.name.text == p && q.location.text == "path");
        if !declared {
            let byte = op.path.text.find(&format!("{{{p}}}")).unwrap_or(0);
            let message = format!("`{{{p}}}` in the path is not declared: add `path {p}: string` to the line");
            cx.error(op.loc.at_byte_in(op.path.col, &op.path.text, byte), message);
        }
    }
}

/// A `page<...>` names its paging kind, one the runtime knows.
pub(super) fn check_paging_kind(cx: &Ctxt, op: &RawOperation, page: &Tok, kind: Option<&Tok>) -> Option<Paging> {
    let names: Vec<&str> = Paging::KINDS.iter().map(|(_, n)| *n).collect();
    let Some(kind) = kind else {
        let message =
            format!("`page<...>` needs its paging kind, as in `page<Model, offset>` (one of {})", names.join(", "));
        cx.error(op.loc.at_col(page.col), message);
        return None;
    };
    let found = Paging::KINDS.iter().find(|(_, n)| *n == kind.text).map(|(k, _)| *k);
    if found.is_none() {
        let message = format!("unknown paging kind `{}` (expected one of {})", kind.text, names.join(", "));
        cx.error(op.loc.at_col(kind.col), message);
    }
    found
}

/// A `page<...>` operation takes the query parameters its paging kind sets, as optional parameters of
/// the kind's types.
pub(super) fn check_page_params(cx: &Ctxt, op: &RawOperation, params: &[Param], paging: Paging) {
    for needed in paging.params() {
        let ty = paging.param_type(needed);
        let has =
            params.iter().any(|p| p.name == *needed && p.location == Location::Query && !p.required && p.ty == ty);
        if !has {
            let ty = ty.table_name();
            cx.error(op.loc.clone(), format!("`page<...>` needs an optional `query {needed}?: {ty}` parameter"));
        }
    }
}

/// Operation flags are known (only `once`, and only on a method that would otherwise be retried);
/// returns whether the line says `once`.
pub(super) fn check_operation_flags(cx: &Ctxt, op: &RawOperation, method: Method) -> bool {
    let mut once = false;
    for flag in &op.flags {
        match flag.text.as_str() {
            "once" if matches!(method, Method::Post | Method::Patch) => cx.error(
                op.loc.at_col(flag.col),
                format!("`once` is implied for `{}`: only GET, PUT and DELETE are retried", method.as_str()),
            ),
            "once" => once = true,
            other => cx.error(op.loc.at_col(flag.col), format!("unexpected `{other}` (expected `once` or a marker)")),
        }
    }
    once
}

/// A `needs a|b` group names two or more different optional parameters of the line (a path parameter
/// is always required); returns the names.
pub(super) fn check_needs(cx: &Ctxt, op: &RawOperation, group: &Tok, params: &[Param]) -> Option<Vec<String>> {
    let names: Vec<&str> = group.text.split('|').collect();
    let problem = if names.len() < 2 || names.iter().any(|n| n.is_empty()) {
        Some("`needs` takes two or more parameter names separated by `|`, as in `needs subject|sid`".to_string())
    } else if let Some(dup) = names.iter().enumerate().find(|(i, n)| names[..*i].contains(n)) {
        Some(format!("`{}` is named twice after `needs`", dup.1))
    } else {
        names.iter().find_map(|n| match params.iter().find(|p| p.name == *n) {
            None => Some(format!("`needs` names `{n}`, which is not a parameter of this line")),
            Some(p) if p.required => {
                Some(format!("`needs` names `{n}`, which is required already: name optional (`?`) parameters"))
            }
            Some(_) => None,
        })
    };
    if let Some(message) = problem {
        cx.error(op.loc.at_col(group.col), message);
        return None;
    }
    Some(names.into_iter().map(str::to_string).collect())
}

/// Only `string` parameters can be `secret`, and only those a parameter struct holds (a path parameter's
/// value is part of the URL); returns whether the parameter is secret.
pub(super) fn check_param_secret(cx: &Ctxt, op: &RawOperation, p: &RawParam, location: Location, ty: &Type) -> bool {
    let secret = !p.flags.is_empty();
    if secret && (*ty != Type::String || location == Location::Path || location == Location::Body) {
        cx.error(op.loc.at_col(p.flags[0].col), "only `string` query or form parameters can be `secret`");
    }
    secret
}

/// Splits the path template into literal text and `{name}` segments, checking each brace pair; the
/// flag says whether the path had no problem.
pub(super) fn path_segments(cx: &Ctxt, op: &RawOperation) -> (Vec<Segment>, bool) {
    let before = cx.error_count();
    let text = &op.path.text;
    let at = |byte: usize| op.loc.at_byte_in(op.path.col, text, byte);
    let mut out = Vec::new();
    let mut offset = 0;
    while offset < text.len() {
        let rest = &text[offset..];
        let literal_end = rest.find(['{', '}']).unwrap_or(rest.len());
        if !check_path_literal(cx, &at, text, offset, &rest[..literal_end]) {
            break;
        }
        let Some(i) = rest.find(['{', '}']) else {
            out.push(Segment::Literal(rest.to_string()));
            break;
        };
        if rest.as_bytes()[i] == b'}' {
            cx.error(at(offset + i), format!("unmatched `}}` in path `{text}`"));
            break;
        }
        if i > 0 {
            out.push(Segment::Literal(rest[..i].to_string()));
        }
        let Some(close) = rest[i..].find('}') else {
            cx.error(at(offset + i), format!("unclosed `{{` in path `{text}`"));
            break;
        };
        let name = &rest[i + 1..i + close];
        check_placeholder_name(cx, &at(offset + i), text, name);
        check_placeholder_fills_segment(cx, &at(offset + i), text, rest, i, close);
        out.push(Segment::Param(name.to_string()));
        offset += i + close + 1;
    }
    (out, cx.error_count() == before)
}

/// Literal path text (starting at byte `offset` of the path `text`) can be sent as it is written: the
/// generated call appends it verbatim, so a `?` or `#` would start the query or fragment there (the
/// parameters' own query then follows a second `?`, and a fragment is cut off before sending), and a
/// `.` or `..` segment is resolved by the server or a gateway to another route.
pub(super) fn check_path_literal(
    cx: &Ctxt,
    at: &dyn Fn(usize) -> Loc,
    text: &str,
    offset: usize,
    literal: &str,
) -> bool {
    if let Some(i) = literal.find(['?', '#']) {
        let message = format!("the path `{text}` holds a query or fragment; declare `query` parameters instead");
        cx.error(at(offset + i), message);
        return false;
    }
    let mut start = 0;
    for segment in literal.split('/') {
        let whole = (start > 0 || offset == 0 || text[..offset].ends_with('/'))
            && (start + segment.len() < literal.len() || offset + literal.len() == text.len());
        if whole && matches!(segment, "." | "..") {
            cx.error(
                at(offset + start),
                format!("the path `{text}` has a `{segment}` segment, which servers resolve away"),
            );
            return false;
        }
        start += segment.len() + 1;
    }
    true
}

/// A `{name}` placeholder holds a parameter name.
pub(super) fn check_placeholder_name(cx: &Ctxt, loc: &Loc, text: &str, name: &str) {
    if !is_snake_ident(name) {
        cx.error(loc.clone(), format!("`{{{name}}}` in path `{text}` is not a parameter name"));
    }
}

/// A `{name}` placeholder fills a whole path segment (`rest[open..=open + close]` is the placeholder).
pub(super) fn check_placeholder_fills_segment(cx: &Ctxt, loc: &Loc, text: &str, rest: &str, open: usize, close: usize) {
    let name = &rest[open + 1..open + close];
    let after = rest[open + close + 1..].chars().next();
    if open > 0 && !rest[..open].ends_with('/') || after.is_some_and(|c| c != '/') {
        cx.error(loc.clone(), format!("`{{{name}}}` must fill a whole path segment in `{text}`"));
    }
}
