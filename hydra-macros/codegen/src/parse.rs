//! Syntax: turns table text into raw declarations, one per line, without judging what they mean.
//!
//! Every problem is reported to the shared [`Ctxt`] and parsing continues on the next line, so a table
//! with several mistakes reports all of them at once. A block header (`model`, `enum`) that cannot be
//! read still opens a *poisoned* block: its member lines are read and dropped quietly instead of each
//! being reported as out of place, so one typo gives one error.
//!
//! To add a line kind: add a [`LineKind`] variant and its keyword in [`LineKind::of`], then a
//! `parse_*` function and an arm in `Parser::line`; a new block member kind also gets a `Block`
//! case. Problems inside one line are returned as a [`LineError`] and reported by `Parser::line`.

use crate::diag::{Ctxt, Loc};

/// A whitespace-separated token with the column (1-based, in characters) where it starts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Tok {
    /// The token text.
    pub text: String,
    /// Column of the first character, counted from 1.
    pub col: usize,
}

/// One `///` line: its text (without the marker and one following space) and where the text starts.
#[derive(Debug, Clone)]
pub struct DocLine {
    /// The line, at the column of the first character after `///`.
    pub loc: Loc,
    /// The documentation text.
    pub text: String,
}

/// The doc lines written above an item.
#[derive(Debug, Clone, Default)]
pub struct Doc(pub Vec<DocLine>);

impl Doc {
    /// The text of every line, as the generated code's documentation.
    pub fn texts(&self) -> Vec<String> {
        self.0.iter().map(|l| l.text.clone()).collect()
    }

    /// Whether there is no line with text on it.
    pub fn is_blank(&self) -> bool {
        self.0.iter().all(|l| l.text.trim().is_empty())
    }
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
    pub doc: Doc,
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
    /// `since`/`until` markers written after the type.
    pub markers: RawMarkers,
}

/// The `since vX.Y[.Z]` / `until vX.Y[.Z]` markers after a field, parameter or endpoint, unchecked:
/// each is the keyword token and the version token, in the order written.
#[derive(Debug, Clone, Default)]
pub struct RawMarkers(pub Vec<(Tok, Tok)>);

/// A `model` line and the `field` lines that follow it.
#[derive(Debug, Clone)]
pub struct RawModel {
    /// Where the `model` line is.
    pub loc: Loc,
    /// Doc lines written above the model.
    pub doc: Doc,
    /// The model name.
    pub name: Tok,
    /// Whether the `model` line had a problem: the model is then known by name but not checked further
    /// or generated, and nothing that refers to it is reported again.
    pub poisoned: bool,
    /// Whether one of its `field` lines could not be read (and is missing from `fields`).
    pub broken_members: bool,
    /// Its fields, in table order.
    pub fields: Vec<RawField>,
}

/// One `value` line of an enum block, such as `value "code id_token" as CodeIdToken`.
#[derive(Debug, Clone)]
pub struct RawEnumValue {
    /// Where the line is.
    pub loc: Loc,
    /// Doc lines written above the value.
    pub doc: Doc,
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
    pub doc: Doc,
    /// The enum name.
    pub name: Tok,
    /// Whether the `enum` line had a problem (see [`RawModel::poisoned`]).
    pub poisoned: bool,
    /// Whether one of its `value` lines could not be read (and is missing from `values`).
    pub broken_members: bool,
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
    /// Flags written after the type (such as `secret`).
    pub flags: Vec<Tok>,
    /// `since`/`until` markers written after the type.
    pub markers: RawMarkers,
}

/// An `auth <kind> [<argument>]` item of an endpoint line: which API the operation belongs to and which
/// credentials it sends.
#[derive(Debug, Clone)]
pub struct RawAuth {
    /// The `auth` keyword.
    pub keyword: Tok,
    /// The kind: `admin`, `public`, `client` or `bearer`, unchecked.
    pub kind: Tok,
    /// The argument name written after the kind (`bearer access_token`).
    pub arg: Option<Tok>,
    /// How many parameters come before it on the line: where its argument goes among the method's.
    pub position: usize,
}

/// What an endpoint returns, as written after `->`.
#[derive(Debug, Clone)]
pub enum RawReturn {
    /// `()`: an empty body.
    Unit(Tok),
    /// `text`: the body as a string.
    Text(Tok),
    /// `page<Model, kind>`: one page of a listing paged the way `kind` names (`offset`); the kind is
    /// `None` when it was left out.
    Page(Tok, Tok, Option<Tok>),
    /// `redirect`: where the server sends the browser, not followed.
    Redirect(Tok),
    /// Any other type: the body as JSON.
    Json(RawType),
}

/// One endpoint line.
#[derive(Debug, Clone)]
pub struct RawOperation {
    /// Where the line is.
    pub loc: Loc,
    /// Doc lines written above the endpoint.
    pub doc: Doc,
    /// The HTTP method token, unchecked.
    pub method: Tok,
    /// The path template token, unchecked.
    pub path: Tok,
    /// The operation name.
    pub name: Tok,
    /// Its parameters in table order.
    pub params: Vec<RawParam>,
    /// Its `auth` items (validation accepts at most one).
    pub auths: Vec<RawAuth>,
    /// The return type.
    pub ret: RawReturn,
    /// Flags written after the return type (such as `once`).
    pub flags: Vec<Tok>,
    /// `needs <a>|<b>` items written after the return type: the group of names, as one token each.
    pub needs: Vec<Tok>,
    /// `errors <Model>` items written after the return type: the model of the line's error bodies.
    pub errors: Vec<Tok>,
    /// `on <status>[|<status>...] <Model>` items written after the return type: the statuses, as one token,
    /// and the model of the body the server answers with them.
    pub answers: Vec<(Tok, Tok)>,
    /// `since`/`until` markers written after the return type.
    pub markers: RawMarkers,
}

/// A file-level `errors <Model>` line: the model of the error bodies of every operation in the file
/// that does not name its own.
#[derive(Debug, Clone)]
pub struct RawErrors {
    /// Where the line is.
    pub loc: Loc,
    /// The model name.
    pub model: Tok,
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
    /// The file's `errors <Model>` lines (validation accepts at most one).
    pub errors: Vec<RawErrors>,
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

/// A problem inside one line: the column it points at and the message. `Parser::line` reports it to
/// the context; returning it lets a line parser stop at the first problem of its line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LineError {
    /// Column, counted from 1 in characters.
    pub col: usize,
    /// What is wrong.
    pub message: String,
}

impl LineError {
    fn new(col: usize, message: impl Into<String>) -> Self {
        LineError { col, message: message.into() }
    }
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

    fn expect_word(&mut self, what: &str) -> Result<&'a Tok, LineError> {
        match self.peek() {
            Some(t) if is_word(&t.text) => {
                self.pos += 1;
                Ok(t)
            }
            Some(t) => Err(LineError::new(t.col, format!("expected {what}, found `{}`", t.text))),
            None => Err(LineError::new(self.here(), format!("expected {what}, found the end of the line"))),
        }
    }

    fn expect(&mut self, text: &str, context: &str) -> Result<(), LineError> {
        if self.eat(text) {
            Ok(())
        } else {
            let found = self.peek().map_or("the end of the line".to_string(), |t| format!("`{}`", t.text));
            Err(LineError::new(self.here(), format!("expected `{text}` {context}, found {found}")))
        }
    }

    fn parse_type(&mut self) -> Result<RawType, LineError> {
        if self.eat("[") {
            let inner = self.parse_type()?;
            self.expect("]", "to close the array type")?;
            return Ok(RawType::Array(Box::new(inner)));
        }
        Ok(RawType::Name(self.expect_word("a type")?.clone()))
    }

    fn finish(&self) -> Result<(), LineError> {
        match self.peek() {
            None => Ok(()),
            Some(t) => Err(LineError::new(t.col, format!("unexpected `{}` at the end of the line", t.text))),
        }
    }
}

fn is_word(s: &str) -> bool {
    s.chars().next().is_some_and(|c| c.is_alphanumeric() || c == '_')
}

/// What a line declares, decided by its first word.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LineKind {
    /// `model <Name>`: opens a model block.
    Model,
    /// `field ...`: a member of the open model block.
    Field,
    /// `enum <Name>`: opens an enum block.
    Enum,
    /// `value "..."`: a member of the open enum block.
    Value,
    /// `errors <Model>`: the error body model of the file's operations.
    Errors,
    /// Anything else: an endpoint line, starting with its HTTP method.
    Operation,
}

impl LineKind {
    /// The kind of a line whose first token is `head`.
    pub fn of(head: &str) -> LineKind {
        match head {
            "model" => LineKind::Model,
            "field" => LineKind::Field,
            "enum" => LineKind::Enum,
            "value" => LineKind::Value,
            ERRORS => LineKind::Errors,
            _ => LineKind::Operation,
        }
    }
}

/// The block that member lines attach to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Block {
    /// No block is open: member lines are out of place.
    None,
    /// `field` lines go to this model (an index into [`RawTable::models`]).
    Model(usize),
    /// `value` lines go to this enum (an index into [`RawTable::enums`]).
    Enum(usize),
    /// A `model` line that could not be read: its `field` lines are read and dropped quietly.
    PoisonedModel,
    /// An `enum` line that could not be read: its `value` lines are read and dropped quietly.
    PoisonedEnum,
}

/// Parses one table file. `file` is the name diagnostics print for it; problems go to `cx`.
pub fn parse_table(cx: &Ctxt, file: &str, text: &str) -> RawTable {
    let mut parser = Parser { cx, file, table: RawTable::default(), doc: Doc::default(), block: Block::None };
    for (idx, raw_line) in text.lines().enumerate() {
        parser.line(idx + 1, raw_line);
    }
    if let Some(first) = parser.doc.0.first() {
        cx.error(first.loc.clone(), "doc comment at the end of the file documents nothing");
    }
    parser.table
}

/// The state of reading one file: the table so far, the doc lines waiting for their item, and the open
/// block.
struct Parser<'a> {
    cx: &'a Ctxt,
    file: &'a str,
    table: RawTable,
    doc: Doc,
    block: Block,
}

impl Parser<'_> {
    /// Reads one line, reporting its problem (if any) to the context.
    fn line(&mut self, line_no: usize, raw_line: &str) {
        let trimmed = raw_line.trim_start();
        let indent = raw_line.chars().count() - trimmed.chars().count();
        let loc = Loc::new(self.file, line_no, indent + 1, raw_line);
        if trimmed.is_empty() || trimmed.starts_with('#') {
            return;
        }
        if let Some(rest) = trimmed.strip_prefix("///") {
            let text = rest.strip_prefix(' ').unwrap_or(rest);
            let col = indent + 1 + (trimmed.chars().count() - text.chars().count());
            self.doc.0.push(DocLine { loc: loc.at_col(col), text: text.trim_end().to_string() });
            return;
        }
        let toks = tokenize(raw_line);
        let mut cur = Cursor { toks: &toks, pos: 1, line_len: raw_line.chars().count() };
        let doc = std::mem::take(&mut self.doc);
        let kind = LineKind::of(&toks[0].text);
        let result = match kind {
            LineKind::Model => self.model_line(&mut cur, loc.clone(), doc),
            LineKind::Enum => self.enum_line(&mut cur, loc.clone(), doc),
            LineKind::Field => self.field_line(&mut cur, loc.clone(), doc, toks[0].col),
            LineKind::Value => self.value_line(raw_line, indent, loc.clone(), doc, toks[0].col),
            LineKind::Errors => self.errors_line(&mut cur, loc.clone(), doc),
            LineKind::Operation if !looks_like_method(&toks[0].text) => self.unknown_line(&toks[0]),
            LineKind::Operation => {
                cur.pos = 0;
                self.block = Block::None;
                parse_operation(&mut cur, loc.clone(), doc).map(|op| self.table.operations.push(op))
            }
        };
        // Only an endpoint line closes the open block. A member line of the wrong kind, or a line that
        // is not an endpoint either (a misspelt keyword), is reported but leaves the block open, so the
        // lines after it still attach.
        if let Err(e) = result {
            self.cx.error(loc.at_col(e.col), e.message);
        }
    }

    /// A line that is neither a keyword line nor an endpoint: probably a misspelt `field` or `value`, so
    /// the open block is kept but marked as missing a member.
    fn unknown_line(&mut self, head: &Tok) -> Result<(), LineError> {
        match self.block {
            Block::Model(m) => self.table.models[m].broken_members = true,
            Block::Enum(e) => self.table.enums[e].broken_members = true,
            _ => {}
        }
        Err(LineError::new(
            head.col,
            format!(
                "unknown line `{}`: expected `model`, `field`, `enum`, `value` or an HTTP method such as `GET`",
                head.text
            ),
        ))
    }

    /// `errors <Model>`: the file's error body model. It closes any open block, like an endpoint line.
    fn errors_line(&mut self, cur: &mut Cursor<'_>, loc: Loc, doc: Doc) -> Result<(), LineError> {
        self.block = Block::None;
        if let Some(first) = doc.0.first() {
            self.cx.error(first.loc.clone(), "an `errors` line takes no documentation");
        }
        let model = cur.expect_word("a model name after `errors`")?.clone();
        cur.finish()?;
        self.table.errors.push(RawErrors { loc, model });
        Ok(())
    }

    /// `model <Name>`: opens a model block, poisoned when the line has a problem.
    fn model_line(&mut self, cur: &mut Cursor<'_>, loc: Loc, doc: Doc) -> Result<(), LineError> {
        let name = cur.expect_word("a model name after `model`");
        let finished = name.as_ref().map_or(Ok(()), |_| cur.finish());
        self.block = match &name {
            Ok(name) => {
                let poisoned = finished.is_err();
                self.table.models.push(RawModel {
                    loc,
                    doc,
                    name: (*name).clone(),
                    poisoned,
                    broken_members: false,
                    fields: Vec::new(),
                });
                if poisoned {
                    Block::PoisonedModel
                } else {
                    Block::Model(self.table.models.len() - 1)
                }
            }
            Err(_) => Block::PoisonedModel,
        };
        name.and(finished)
    }

    /// `enum <Name>`: opens an enum block, poisoned when the line has a problem.
    fn enum_line(&mut self, cur: &mut Cursor<'_>, loc: Loc, doc: Doc) -> Result<(), LineError> {
        let name = cur.expect_word("an enum name after `enum`");
        let finished = name.as_ref().map_or(Ok(()), |_| cur.finish());
        self.block = match &name {
            Ok(name) => {
                let poisoned = finished.is_err();
                self.table.enums.push(RawEnum {
                    loc,
                    doc,
                    name: (*name).clone(),
                    poisoned,
                    broken_members: false,
                    values: Vec::new(),
                });
                if poisoned {
                    Block::PoisonedEnum
                } else {
                    Block::Enum(self.table.enums.len() - 1)
                }
            }
            Err(_) => Block::PoisonedEnum,
        };
        name.and(finished)
    }

    /// A `field` line: attaches to the open model; in a poisoned block it is read and dropped.
    fn field_line(&mut self, cur: &mut Cursor<'_>, loc: Loc, doc: Doc, head_col: usize) -> Result<(), LineError> {
        match self.block {
            Block::Model(m) => {
                let model = &mut self.table.models[m];
                let field = parse_field(cur, loc, doc);
                model.broken_members |= field.is_err();
                field.map(|f| model.fields.push(f))
            }
            Block::PoisonedModel => Ok(()),
            _ => Err(LineError::new(head_col, "`field` line outside a model: put a `model <Name>` line above it")),
        }
    }

    /// A `value` line: attaches to the open enum; in a poisoned block it is read and dropped.
    fn value_line(&mut self, line: &str, indent: usize, loc: Loc, doc: Doc, head_col: usize) -> Result<(), LineError> {
        match self.block {
            Block::Enum(e) => {
                let enumeration = &mut self.table.enums[e];
                let value = parse_enum_value(line, indent + "value".len(), loc, doc);
                enumeration.broken_members |= value.is_err();
                value.map(|v| enumeration.values.push(v))
            }
            Block::PoisonedEnum => Ok(()),
            _ => Err(LineError::new(head_col, "`value` line outside an enum: put an `enum <Name>` line above it")),
        }
    }
}

/// Whether a line's first word could be an HTTP method (upper-case letters), so the line is read as an
/// endpoint; anything else there is a misspelt keyword or junk.
fn looks_like_method(head: &str) -> bool {
    !head.is_empty() && head.chars().all(|c| c.is_ascii_uppercase())
}

/// Reads `value "<text>" [as <Name>]` from the raw line: the quoted text may hold spaces and `:`, which
/// the tokenizer would split. `start` is the character index just past the `value` keyword.
fn parse_enum_value(line: &str, start: usize, loc: Loc, doc: Doc) -> Result<RawEnumValue, LineError> {
    let chars: Vec<char> = line.chars().collect();
    let mut i = start;
    while i < chars.len() && chars[i].is_whitespace() {
        i += 1;
    }
    if chars.get(i) != Some(&'"') {
        let found = if i < chars.len() { format!("`{}`", chars[i]) } else { "the end of the line".into() };
        return Err(LineError::new(
            i + 1,
            format!("expected a quoted value after `value`, such as `\"code\"`, found {found}"),
        ));
    }
    let open = i;
    i += 1;
    let text_start = i;
    while i < chars.len() && chars[i] != '"' {
        if chars[i] == '\\' {
            return Err(LineError::new(i + 1, "backslashes are not allowed in enum values"));
        }
        i += 1;
    }
    if i >= chars.len() {
        return Err(LineError::new(open + 1, "unterminated quoted value: add the closing `\"`"));
    }
    let json = Tok { text: chars[text_start..i].iter().collect(), col: open + 1 };
    let rest: String = chars[i + 1..].iter().collect();
    let toks: Vec<Tok> = tokenize(&rest).into_iter().map(|t| Tok { col: t.col + i + 1, text: t.text }).collect();
    let mut cur = Cursor { toks: &toks, pos: 0, line_len: chars.len() };
    let rust_name = if cur.eat("as") { Some(cur.expect_word("a Rust variant name after `as`")?.clone()) } else { None };
    cur.finish()?;
    Ok(RawEnumValue { loc, doc, json, rust_name })
}

/// `field <json_name>[?] [as <rust_name>]: <type> [flag ...]`, after the `field` keyword.
fn parse_field(cur: &mut Cursor<'_>, loc: Loc, doc: Doc) -> Result<RawField, LineError> {
    let json_name = cur.expect_word("a JSON field name after `field`")?.clone();
    let optional = cur.eat("?");
    let rust_name = if cur.eat("as") { Some(cur.expect_word("a Rust field name after `as`")?.clone()) } else { None };
    cur.expect(":", "between the field name and its type")?;
    let ty = cur.parse_type()?;
    let mut flags = Vec::new();
    let mut markers = RawMarkers::default();
    while let Some(t) = cur.peek() {
        if is_marker(&t.text) {
            markers = parse_markers(cur)?;
            continue;
        }
        cur.next();
        if !is_word(&t.text) {
            return Err(LineError::new(t.col, format!("unexpected `{}` after the field type", t.text)));
        }
        flags.push(t.clone());
    }
    Ok(RawField { loc, doc, json_name, optional, rust_name, ty, flags, markers })
}

/// `<METHOD> <path> <name> [<param or auth>, ...] -> <return>`.
fn parse_operation(cur: &mut Cursor<'_>, loc: Loc, doc: Doc) -> Result<RawOperation, LineError> {
    let method = cur.expect_word("an HTTP method, `model`, `field`, `enum` or `value`")?.clone();
    let path = match cur.next() {
        Some(t) if t.text.starts_with('/') => t.clone(),
        Some(t) => return Err(LineError::new(t.col, format!("expected a path starting with `/`, found `{}`", t.text))),
        None => {
            return Err(LineError::new(cur.here(), "expected a path after the HTTP method, found the end of the line"))
        }
    };
    let name = cur.expect_word("an operation name after the path")?.clone();
    let mut params = Vec::new();
    let mut auths = Vec::new();
    if !cur.eat("->") {
        loop {
            if cur.peek().is_some_and(|t| t.text == "auth") {
                auths.push(parse_auth(cur, params.len())?);
            } else {
                params.push(parse_param(cur)?);
            }
            if cur.eat("->") {
                break;
            }
            cur.expect(",", "between parameters (or `->` before the return type)")?;
        }
    }
    let ret = parse_return(cur)?;
    let is_flag = |w: &str| is_word(w) && ![NEEDS, ERRORS, ON].contains(&w);
    let (mut flags, mut markers) = parse_flags_and_markers(cur, is_flag)?;
    let (mut needs, mut errors, mut answers) = (Vec::new(), Vec::new(), Vec::new());
    loop {
        if cur.eat(NEEDS) {
            needs.push(clause_word(cur, "parameter names after `needs`, as in `needs subject|sid`")?);
        } else if cur.eat(ERRORS) {
            errors.push(clause_word(cur, "a model name after `errors`, as in `errors GenericError`")?);
        } else if cur.eat(ON) {
            let statuses = clause_word(cur, "statuses after `on`, as in `on 410 OAuth2RedirectTo`")?;
            answers.push((statuses, clause_word(cur, "a model name after the statuses of `on`")?));
        } else {
            break;
        }
        let (more_flags, more_markers) = parse_flags_and_markers(cur, is_flag)?;
        flags.extend(more_flags);
        markers.0.extend(more_markers.0);
    }
    cur.finish()?;
    Ok(RawOperation { loc, doc, method, path, name, params, auths, ret, flags, needs, errors, answers, markers })
}

/// The one token a clause keyword (`needs`, `errors`, `on`) takes next; `what` says what was expected.
fn clause_word(cur: &mut Cursor<'_>, what: &str) -> Result<Tok, LineError> {
    match cur.next() {
        Some(t) if is_word(&t.text) => Ok(t.clone()),
        Some(t) => Err(LineError::new(t.col, format!("expected {what}, found `{}`", t.text))),
        None => Err(LineError::new(cur.here(), format!("expected {what}, found the end of the line"))),
    }
}

/// The word before a group of optional parameters of which a call must set at least one.
pub const NEEDS: &str = "needs";

/// The word before the model of error bodies: a line of its own for a whole file, or a clause of one
/// endpoint line.
pub const ERRORS: &str = "errors";

/// The word before the statuses and model of a typed non-2xx answer.
pub const ON: &str = "on";

/// `auth <kind> [<argument>]`; `position` is the number of parameters before it.
fn parse_auth(cur: &mut Cursor<'_>, position: usize) -> Result<RawAuth, LineError> {
    let keyword = cur.next().cloned().ok_or_else(|| LineError::new(cur.here(), "expected `auth`"))?;
    let kind =
        cur.expect_word("an authentication kind after `auth` (admin, public, client or bearer <argument>)")?.clone();
    let arg = match cur.peek() {
        Some(t) if is_word(&t.text) => cur.next().cloned(),
        _ => None,
    };
    Ok(RawAuth { keyword, kind, arg, position })
}

/// `<location> <name>[?]: <type>`.
fn parse_param(cur: &mut Cursor<'_>) -> Result<RawParam, LineError> {
    let location = cur.expect_word("a parameter location (`path`, `query`, `body` or `form`) or `->`")?.clone();
    let name = cur.expect_word("a parameter name")?.clone();
    let optional = cur.eat("?");
    cur.expect(":", "between the parameter name and its type")?;
    let ty = cur.parse_type()?;
    // Only known flags: a word such as `query` after the type is the next parameter missing its `,`.
    let (flags, markers) = parse_flags_and_markers(cur, |w| PARAM_FLAGS.contains(&w))?;
    Ok(RawParam { location, name, optional, ty, flags, markers })
}

/// The flags a parameter can carry after its type.
pub const PARAM_FLAGS: &[&str] = &["secret"];

/// Words after a type or return type: the flags `is_flag` accepts (such as `secret` or `once`, checked
/// in validation) and `since`/`until` markers, in any order, up to the first other token.
fn parse_flags_and_markers(
    cur: &mut Cursor<'_>,
    is_flag: impl Fn(&str) -> bool,
) -> Result<(Vec<Tok>, RawMarkers), LineError> {
    let mut flags = Vec::new();
    let mut markers = RawMarkers::default();
    while let Some(t) = cur.peek() {
        if is_marker(&t.text) {
            markers.0.extend(parse_markers(cur)?.0);
        } else if is_flag(&t.text) && !is_marker(&t.text) {
            cur.next();
            flags.push(t.clone());
        } else {
            break;
        }
    }
    Ok((flags, markers))
}

/// Whether `word` starts a version marker.
fn is_marker(word: &str) -> bool {
    matches!(word, "since" | "until")
}

/// Any number of `since <version>` / `until <version>` pairs (checked later, in validation).
fn parse_markers(cur: &mut Cursor<'_>) -> Result<RawMarkers, LineError> {
    let mut markers = RawMarkers::default();
    while let Some(keyword) = cur.peek().filter(|t| is_marker(&t.text)) {
        cur.next();
        let what = format!("a Hydra version such as `v1.10.2` after `{}`", keyword.text);
        let version = cur.expect_word(&what)?;
        markers.0.push((keyword.clone(), version.clone()));
    }
    Ok(markers)
}

/// What follows `->`: `()`, `text`, `redirect`, `page<Model>` or a type.
fn parse_return(cur: &mut Cursor<'_>) -> Result<RawReturn, LineError> {
    Ok(match cur.peek() {
        Some(t) if t.text == "()" => {
            cur.next();
            RawReturn::Unit(t.clone())
        }
        Some(t) if t.text == "text" => {
            cur.next();
            RawReturn::Text(t.clone())
        }
        Some(t) if t.text == "redirect" => {
            cur.next();
            RawReturn::Redirect(t.clone())
        }
        Some(t) if t.text == "page" => {
            cur.next();
            cur.expect("<", "after `page`")?;
            let model = cur.expect_word("a model name inside `page<...>`")?.clone();
            let kind =
                if cur.eat(",") { Some(cur.expect_word("a paging kind such as `offset`")?.clone()) } else { None };
            cur.expect(">", "to close `page<...>`")?;
            RawReturn::Page(t.clone(), model, kind)
        }
        Some(_) => RawReturn::Json(cur.parse_type()?),
        None => return Err(LineError::new(cur.here(), "expected a return type after `->`, found the end of the line")),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diag::Diagnostic;

    fn parse_table(file: &str, text: &str) -> (RawTable, Vec<Diagnostic>) {
        let cx = Ctxt::new();
        let table = super::parse_table(&cx, file, text);
        (table, cx.into_diagnostics())
    }

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
        assert_eq!(t.models[0].doc.texts(), ["A thing."]);
        let f = &t.models[0].fields;
        assert_eq!(f.len(), 2);
        assert!(f[0].optional);
        assert_eq!(f[0].flags[0].text, "secret");
        assert_eq!(f[1].rust_name.as_ref().unwrap().text, "key_use");
        assert!(matches!(f[1].ty, RawType::Array(_)));
        assert_eq!(t.operations.len(), 2);
        assert_eq!(t.operations[0].params.len(), 1);
        assert_eq!(t.operations[0].doc.texts(), ["Get it."]);
        assert!(matches!(t.operations[1].ret, RawReturn::Unit(_)));
    }

    #[test]
    fn parses_enums_with_quoted_values() {
        let text = "/// Kinds.\nenum Kind\n  /// A.\n  value \"code id_token\"\n  value \"urn:x:y\" as Urn\n";
        let (t, errs) = parse_table("t.table", text);
        assert!(errs.is_empty(), "{errs:?}");
        assert_eq!(t.enums.len(), 1);
        assert_eq!(t.enums[0].doc.texts(), ["Kinds."]);
        let v = &t.enums[0].values;
        assert_eq!((v[0].json.text.as_str(), v[0].json.col, v[0].doc.0.len()), ("code id_token", 9, 1));
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
