//! Syntax: turns table text into raw declarations, one per line, without judging what they mean.
//!
//! Every problem is recorded as a [`Diagnostic`] and parsing continues on the next line, so a table
//! with several mistakes reports all of them at once.

use crate::diag::{Diagnostic, Loc};

/// A whitespace-separated token with the column (1-based, in characters) where it starts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Tok {
    /// The token text.
    pub text: String,
    /// Column of the first character, counted from 1.
    pub col: usize,
}

/// A type as written in the table, before names are resolved.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RawType {
    /// A bare name: a primitive such as `string` or a model name.
    Name(Tok),
    /// `[T]`: a JSON array of `T`.
    Array(Box<RawType>),
}

impl RawType {
    /// Column where the type starts.
    pub fn col(&self) -> usize {
        match self {
            RawType::Name(t) => t.col,
            RawType::Array(inner) => inner.col().saturating_sub(1),
        }
    }
}

/// One `field` line of a model block.
#[derive(Debug, Clone)]
pub struct RawField {
    /// Where the line is.
    pub loc: Loc,
    /// Doc lines written above the field.
    pub doc: Vec<String>,
    /// The JSON member name.
    pub json_name: Tok,
    /// `true` when the name carries a trailing `?`.
    pub optional: bool,
    /// The Rust name given with `as`, if any.
    pub rust_name: Option<Tok>,
    /// The declared type.
    pub ty: RawType,
    /// Flags written after the type (such as `secret`).
    pub flags: Vec<Tok>,
}

/// A `model` line and the `field` lines that follow it.
#[derive(Debug, Clone)]
pub struct RawModel {
    /// Where the `model` line is.
    pub loc: Loc,
    /// Doc lines written above the model.
    pub doc: Vec<String>,
    /// The model name.
    pub name: Tok,
    /// Its fields, in table order.
    pub fields: Vec<RawField>,
}

/// One `value` line of an enum block, such as `value "code id_token" as CodeIdToken`.
#[derive(Debug, Clone)]
pub struct RawEnumValue {
    /// Where the line is.
    pub loc: Loc,
    /// Doc lines written above the value.
    pub doc: Vec<String>,
    /// The wire string, without its quotes; `col` points at the opening quote.
    pub json: Tok,
    /// The Rust variant name given with `as`, if any.
    pub rust_name: Option<Tok>,
}

/// An `enum` line and the `value` lines that follow it.
#[derive(Debug, Clone)]
pub struct RawEnum {
    /// Where the `enum` line is.
    pub loc: Loc,
    /// Doc lines written above the enum.
    pub doc: Vec<String>,
    /// The enum name.
    pub name: Tok,
    /// Its values, in table order.
    pub values: Vec<RawEnumValue>,
}

/// One parameter of an endpoint line, such as `query limit?: i64`.
#[derive(Debug, Clone)]
pub struct RawParam {
    /// Where the parameter is: `path`, `query`, `body` or `form`.
    pub location: Tok,
    /// The parameter name.
    pub name: Tok,
    /// `true` when the name carries a trailing `?`.
    pub optional: bool,
    /// The declared type.
    pub ty: RawType,
}

/// What an endpoint returns, as written after `->`.
#[derive(Debug, Clone)]
pub enum RawReturn {
    /// `()`: an empty body.
    Unit(Tok),
    /// `text`: the body as a string.
    Text(Tok),
    /// `page<Model>`: one page of a `Link`-paginated listing.
    Page(Tok, Tok),
    /// Any other type: the body as JSON.
    Json(RawType),
}

/// One endpoint line.
#[derive(Debug, Clone)]
pub struct RawOperation {
    /// Where the line is.
    pub loc: Loc,
    /// Doc lines written above the endpoint.
    pub doc: Vec<String>,
    /// The HTTP method token, unchecked.
    pub method: Tok,
    /// The path template token, unchecked.
    pub path: Tok,
    /// The operation name.
    pub name: Tok,
    /// Its parameters in table order.
    pub params: Vec<RawParam>,
    /// The return type.
    pub ret: RawReturn,
}

/// Everything one table file declares.
#[derive(Debug, Clone, Default)]
pub struct RawTable {
    /// Model blocks in file order.
    pub models: Vec<RawModel>,
    /// Enum blocks in file order.
    pub enums: Vec<RawEnum>,
    /// Endpoint lines in file order.
    pub operations: Vec<RawOperation>,
}

/// Splits a line into tokens, treating `,` `:` `(` `)` `<` `>` `[` `]` `?` and `->` as tokens of their own
/// so that `limit?: i64,` and `limit ? : i64 ,` read the same.
fn tokenize(line: &str) -> Vec<Tok> {
    let chars: Vec<char> = line.chars().collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if c.is_whitespace() {
            i += 1;
            continue;
        }
        if c == '-' && chars.get(i + 1) == Some(&'>') {
            out.push(Tok { text: "->".into(), col: i + 1 });
            i += 2;
            continue;
        }
        if c == '(' && chars.get(i + 1) == Some(&')') {
            out.push(Tok { text: "()".into(), col: i + 1 });
            i += 2;
            continue;
        }
        if matches!(c, ',' | ':' | '<' | '>' | '[' | ']' | '?' | '(' | ')') {
            out.push(Tok { text: c.to_string(), col: i + 1 });
            i += 1;
            continue;
        }
        let start = i;
        // A path keeps its braces and punctuation together; other words stop at punctuation.
        let is_path = c == '/';
        while i < chars.len()
            && !chars[i].is_whitespace()
            && (is_path || !matches!(chars[i], ',' | ':' | '<' | '>' | '[' | ']' | '?' | '(' | ')'))
        {
            if !is_path && chars[i] == '-' && chars.get(i + 1) == Some(&'>') {
                break;
            }
            i += 1;
        }
        out.push(Tok { text: chars[start..i].iter().collect(), col: start + 1 });
    }
    out
}

/// A cursor over one line's tokens that produces located errors.
struct Cursor<'a> {
    toks: &'a [Tok],
    pos: usize,
    line_len: usize,
}

impl<'a> Cursor<'a> {
    fn peek(&self) -> Option<&'a Tok> {
        self.toks.get(self.pos)
    }

    fn next(&mut self) -> Option<&'a Tok> {
        let t = self.toks.get(self.pos);
        if t.is_some() {
            self.pos += 1;
        }
        t
    }

    fn eat(&mut self, text: &str) -> bool {
        if self.peek().is_some_and(|t| t.text == text) {
            self.pos += 1;
            true
        } else {
            false
        }
    }

    /// Column for an error about a missing token: the next token's, or just past the line.
    fn here(&self) -> usize {
        self.peek().map_or(self.line_len + 1, |t| t.col)
    }

    fn expect_word(&mut self, what: &str) -> Result<&'a Tok, (usize, String)> {
        match self.peek() {
            Some(t) if is_word(&t.text) => {
                self.pos += 1;
                Ok(t)
            }
            Some(t) => Err((t.col, format!("expected {what}, found `{}`", t.text))),
            None => Err((self.here(), format!("expected {what}, found the end of the line"))),
        }
    }

    fn expect(&mut self, text: &str, context: &str) -> Result<(), (usize, String)> {
        if self.eat(text) {
            Ok(())
        } else {
            let found = self.peek().map_or("the end of the line".to_string(), |t| format!("`{}`", t.text));
            Err((self.here(), format!("expected `{text}` {context}, found {found}")))
        }
    }

    fn parse_type(&mut self) -> Result<RawType, (usize, String)> {
        if self.eat("[") {
            let inner = self.parse_type()?;
            self.expect("]", "to close the array type")?;
            return Ok(RawType::Array(Box::new(inner)));
        }
        Ok(RawType::Name(self.expect_word("a type")?.clone()))
    }

    fn finish(&self) -> Result<(), (usize, String)> {
        match self.peek() {
            None => Ok(()),
            Some(t) => Err((t.col, format!("unexpected `{}` at the end of the line", t.text))),
        }
    }
}

fn is_word(s: &str) -> bool {
    s.chars().next().is_some_and(|c| c.is_alphanumeric() || c == '_')
}

/// Parses one table file. `file` is the name diagnostics print for it.
pub fn parse_table(file: &str, text: &str) -> (RawTable, Vec<Diagnostic>) {
    let mut table = RawTable::default();
    let mut errors = Vec::new();
    let mut doc: Vec<String> = Vec::new();
    // The model that `field` lines attach to, or the enum that `value` lines attach to; reset by any
    // other line.
    let mut open_model: Option<usize> = None;
    let mut open_enum: Option<usize> = None;

    for (idx, raw_line) in text.lines().enumerate() {
        let line_no = idx + 1;
        let trimmed = raw_line.trim_start();
        let indent = raw_line.chars().count() - trimmed.chars().count();
        let loc = |col: usize| Loc::new(file, line_no, col, raw_line);
        if trimmed.is_empty() {
            continue;
        }
        if let Some(rest) = trimmed.strip_prefix("///") {
            doc.push(rest.strip_prefix(' ').unwrap_or(rest).trim_end().to_string());
            continue;
        }
        if trimmed.starts_with('#') {
            continue;
        }
        let toks = tokenize(raw_line);
        let mut cur = Cursor { toks: &toks, pos: 0, line_len: raw_line.chars().count() };
        let taken_doc = std::mem::take(&mut doc);
        let head = &toks[0];
        if head.text != "value" {
            open_enum = None;
        }
        let result = match head.text.as_str() {
            "model" => {
                cur.next();
                parse_model(&mut cur, loc(indent + 1), taken_doc).map(|m| {
                    table.models.push(m);
                    open_model = Some(table.models.len() - 1);
                })
            }
            "enum" => {
                open_model = None;
                cur.next();
                parse_enum(&mut cur, loc(indent + 1), taken_doc).map(|e| {
                    table.enums.push(e);
                    open_enum = Some(table.enums.len() - 1);
                })
            }
            "value" => match open_enum {
                None => Err((head.col, "`value` line outside an enum: put an `enum <Name>` line above it".to_string())),
                Some(e) => parse_enum_value(raw_line, indent + "value".len(), loc(indent + 1), taken_doc)
                    .map(|v| table.enums[e].values.push(v)),
            },
            "field" => {
                cur.next();
                match open_model {
                    None => {
                        Err((head.col, "`field` line outside a model: put a `model <Name>` line above it".to_string()))
                    }
                    Some(m) => {
                        parse_field(&mut cur, loc(indent + 1), taken_doc).map(|f| table.models[m].fields.push(f))
                    }
                }
            }
            _ => {
                open_model = None;
                parse_operation(&mut cur, loc(indent + 1), taken_doc).map(|op| table.operations.push(op))
            }
        };
        if let Err((col, message)) = result {
            errors.push(Diagnostic::new(loc(col), message));
        }
    }
    if !doc.is_empty() {
        let last = text.lines().count();
        let line = text.lines().last().unwrap_or("");
        errors.push(Diagnostic::new(
            Loc::new(file, last, 1, line),
            "doc comment at the end of the file documents nothing".to_string(),
        ));
    }
    (table, errors)
}

fn parse_model(cur: &mut Cursor<'_>, loc: Loc, doc: Vec<String>) -> Result<RawModel, (usize, String)> {
    let name = cur.expect_word("a model name after `model`")?.clone();
    cur.finish()?;
    Ok(RawModel { loc, doc, name, fields: Vec::new() })
}

fn parse_enum(cur: &mut Cursor<'_>, loc: Loc, doc: Vec<String>) -> Result<RawEnum, (usize, String)> {
    let name = cur.expect_word("an enum name after `enum`")?.clone();
    cur.finish()?;
    Ok(RawEnum { loc, doc, name, values: Vec::new() })
}

/// Reads `value "<text>" [as <Name>]` from the raw line: the quoted text may hold spaces and `:`, which
/// the tokenizer would split. `start` is the character index just past the `value` keyword.
fn parse_enum_value(line: &str, start: usize, loc: Loc, doc: Vec<String>) -> Result<RawEnumValue, (usize, String)> {
    let chars: Vec<char> = line.chars().collect();
    let mut i = start;
    while i < chars.len() && chars[i].is_whitespace() {
        i += 1;
    }
    if chars.get(i) != Some(&'"') {
        let found = if i < chars.len() { format!("`{}`", chars[i]) } else { "the end of the line".into() };
        return Err((i + 1, format!("expected a quoted value after `value`, such as `\"code\"`, found {found}")));
    }
    let open = i;
    i += 1;
    let text_start = i;
    while i < chars.len() && chars[i] != '"' {
        if chars[i] == '\\' {
            return Err((i + 1, "backslashes are not allowed in enum values".into()));
        }
        i += 1;
    }
    if i >= chars.len() {
        return Err((open + 1, "unterminated quoted value: add the closing `\"`".into()));
    }
    let json = Tok { text: chars[text_start..i].iter().collect(), col: open + 1 };
    let rest: String = chars[i + 1..].iter().collect();
    let toks: Vec<Tok> = tokenize(&rest).into_iter().map(|t| Tok { col: t.col + i + 1, text: t.text }).collect();
    let mut cur = Cursor { toks: &toks, pos: 0, line_len: chars.len() };
    let rust_name = if cur.eat("as") { Some(cur.expect_word("a Rust variant name after `as`")?.clone()) } else { None };
    cur.finish()?;
    Ok(RawEnumValue { loc, doc, json, rust_name })
}

fn parse_field(cur: &mut Cursor<'_>, loc: Loc, doc: Vec<String>) -> Result<RawField, (usize, String)> {
    let json_name = cur.expect_word("a JSON field name after `field`")?.clone();
    let optional = cur.eat("?");
    let rust_name = if cur.eat("as") { Some(cur.expect_word("a Rust field name after `as`")?.clone()) } else { None };
    cur.expect(":", "between the field name and its type")?;
    let ty = cur.parse_type()?;
    let mut flags = Vec::new();
    while let Some(t) = cur.next() {
        if !is_word(&t.text) {
            return Err((t.col, format!("unexpected `{}` after the field type", t.text)));
        }
        flags.push(t.clone());
    }
    Ok(RawField { loc, doc, json_name, optional, rust_name, ty, flags })
}

fn parse_operation(cur: &mut Cursor<'_>, loc: Loc, doc: Vec<String>) -> Result<RawOperation, (usize, String)> {
    let method = cur.expect_word("an HTTP method, `model`, `field`, `enum` or `value`")?.clone();
    let path = match cur.next() {
        Some(t) if t.text.starts_with('/') => t.clone(),
        Some(t) => return Err((t.col, format!("expected a path starting with `/`, found `{}`", t.text))),
        None => return Err((cur.here(), "expected a path after the HTTP method, found the end of the line".into())),
    };
    let name = cur.expect_word("an operation name after the path")?.clone();
    let mut params = Vec::new();
    if !cur.eat("->") {
        loop {
            let location = cur.expect_word("a parameter location (`path`, `query`, `body` or `form`) or `->`")?.clone();
            let pname = cur.expect_word("a parameter name")?.clone();
            let optional = cur.eat("?");
            cur.expect(":", "between the parameter name and its type")?;
            let ty = cur.parse_type()?;
            params.push(RawParam { location, name: pname, optional, ty });
            if cur.eat("->") {
                break;
            }
            cur.expect(",", "between parameters (or `->` before the return type)")?;
        }
    }
    let ret = match cur.peek() {
        Some(t) if t.text == "()" => {
            cur.next();
            RawReturn::Unit(t.clone())
        }
        Some(t) if t.text == "text" => {
            cur.next();
            RawReturn::Text(t.clone())
        }
        Some(t) if t.text == "page" => {
            cur.next();
            cur.expect("<", "after `page`")?;
            let model = cur.expect_word("a model name inside `page<...>`")?.clone();
            cur.expect(">", "to close `page<...>`")?;
            RawReturn::Page(t.clone(), model)
        }
        Some(_) => RawReturn::Json(cur.parse_type()?),
        None => return Err((cur.here(), "expected a return type after `->`, found the end of the line".into())),
    };
    cur.finish()?;
    Ok(RawOperation { loc, doc, method, path, name, params, ret })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokenizer_splits_punctuation_but_keeps_paths_whole() {
        let toks: Vec<String> = tokenize("GET /a/{id}/b list_x query limit?: i64, path id: [string] -> page<X>")
            .into_iter()
            .map(|t| t.text)
            .collect();
        assert_eq!(
            toks,
            [
                "GET",
                "/a/{id}/b",
                "list_x",
                "query",
                "limit",
                "?",
                ":",
                "i64",
                ",",
                "path",
                "id",
                ":",
                "[",
                "string",
                "]",
                "->",
                "page",
                "<",
                "X",
                ">"
            ]
        );
    }

    #[test]
    fn parses_models_fields_and_operations_with_docs() {
        let text = "/// A thing.\nmodel Thing\n  /// Its id.\n  field id?: string secret\n  field use as key_use: [string]\n\n/// Get it.\nGET /things/{id} get_thing path id: string -> Thing\nDELETE /x del -> ()\n";
        let (t, errs) = parse_table("t.table", text);
        assert!(errs.is_empty(), "{errs:?}");
        assert_eq!(t.models.len(), 1);
        assert_eq!(t.models[0].doc, ["A thing."]);
        let f = &t.models[0].fields;
        assert_eq!(f.len(), 2);
        assert!(f[0].optional);
        assert_eq!(f[0].flags[0].text, "secret");
        assert_eq!(f[1].rust_name.as_ref().unwrap().text, "key_use");
        assert!(matches!(f[1].ty, RawType::Array(_)));
        assert_eq!(t.operations.len(), 2);
        assert_eq!(t.operations[0].params.len(), 1);
        assert_eq!(t.operations[0].doc, ["Get it."]);
        assert!(matches!(t.operations[1].ret, RawReturn::Unit(_)));
    }

    #[test]
    fn parses_enums_with_quoted_values() {
        let text = "/// Kinds.\nenum Kind\n  /// A.\n  value \"code id_token\"\n  value \"urn:x:y\" as Urn\n";
        let (t, errs) = parse_table("t.table", text);
        assert!(errs.is_empty(), "{errs:?}");
        assert_eq!(t.enums.len(), 1);
        assert_eq!(t.enums[0].doc, ["Kinds."]);
        let v = &t.enums[0].values;
        assert_eq!((v[0].json.text.as_str(), v[0].json.col, v[0].doc.len()), ("code id_token", 9, 1));
        assert_eq!(v[1].json.text, "urn:x:y");
        assert_eq!(v[1].rust_name.as_ref().map(|t| (t.text.as_str(), t.col)), Some(("Urn", 22)));
    }

    #[test]
    fn reports_malformed_enum_values() {
        let text = "value \"a\"\nenum E\n  value a\n  value \"b\n  value \"c\" as\n  value \"d\" x\n";
        let (_, errs) = parse_table("t.table", text);
        let got: Vec<(usize, usize)> = errs.iter().map(|e| (e.loc.line, e.loc.col)).collect();
        assert_eq!(got, [(1, 1), (3, 9), (4, 9), (5, 15), (6, 13)], "{errs:?}");
        assert!(errs[0].message.contains("outside an enum"));
        assert!(errs[2].message.contains("unterminated"));
    }

    #[test]
    fn collects_every_malformed_line_with_its_column() {
        let text = "GET /x a path id string -> ()\nfield x: string\nGET /y b ->\n";
        let (_, errs) = parse_table("t.table", text);
        assert_eq!(errs.len(), 3, "{errs:?}");
        assert_eq!((errs[0].loc.line, errs[0].loc.col), (1, 18));
        assert!(errs[1].message.contains("outside a model"));
        assert_eq!(errs[2].loc.line, 3);
    }
}
