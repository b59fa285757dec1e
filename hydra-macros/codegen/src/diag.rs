//! Located error messages about a table, printed like rustc prints its own, and the one context
//! ([`Ctxt`]) that parsing and validation report them to.

use std::cell::RefCell;
use std::fmt;

/// A position in a table file, with the text of its line so a message can quote it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Loc {
    /// The file name as the user wrote it (or `<inline>`).
    pub file: String,
    /// Line number, counted from 1.
    pub line: usize,
    /// Column in characters, counted from 1.
    pub col: usize,
    /// The whole text of that line.
    pub text: String,
}

impl Loc {
    /// Builds a location.
    pub fn new(file: &str, line: usize, col: usize, text: &str) -> Self {
        Loc { file: file.to_string(), line, col, text: text.to_string() }
    }

    /// The same line at another column.
    pub fn at_col(&self, col: usize) -> Self {
        Loc { col, ..self.clone() }
    }

    /// The same line at the column of the character `byte` bytes into `tok_text`, a token that starts
    /// at column `tok_col`. Columns count characters, so a byte offset must not be added to one directly.
    pub fn at_byte_in(&self, tok_col: usize, tok_text: &str, byte: usize) -> Self {
        let chars = tok_text.get(..byte).map_or(0, |s| s.chars().count());
        self.at_col(tok_col + chars)
    }
}

/// One problem found in a table.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    /// Where the problem is.
    pub loc: Loc,
    /// What is wrong, in one sentence.
    pub message: String,
}

impl Diagnostic {
    /// Builds a diagnostic.
    pub fn new(loc: Loc, message: impl Into<String>) -> Self {
        Diagnostic { loc, message: message.into() }
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let Loc { file, line, col, text } = &self.loc;
        let gutter = line.to_string().len();
        writeln!(f, "{}", self.message)?;
        write!(f, "{:gutter$}--> {file}:{line}:{col}", "")?;
        if text.is_empty() {
            return Ok(());
        }
        writeln!(f)?;
        writeln!(f, "{:gutter$} |", "")?;
        writeln!(f, "{line} | {text}")?;
        write!(f, "{:gutter$} | {:pad$}^", "", "", pad = col.saturating_sub(1))
    }
}

/// Formats several diagnostics as one block of text, one after another.
pub fn render_all(diags: &[Diagnostic]) -> String {
    diags.iter().map(|d| format!("error: {d}\n")).collect::<Vec<_>>().join("\n")
}

/// The one sink for table problems, shared by parsing and validation (the shape of serde_derive's
/// `internals::Ctxt`).
///
/// Stages report through `&Ctxt` and carry on, so one run shows every problem. The owner must
/// collect the result with [`Ctxt::check`] or [`Ctxt::into_diagnostics`]: dropping a context whose
/// problems nobody looked at is a bug in the generator, and panics so a test notices.
#[derive(Debug)]
pub struct Ctxt {
    // `None` once the problems have been taken.
    errors: RefCell<Option<Vec<Diagnostic>>>,
}

impl Ctxt {
    /// An empty context.
    pub fn new() -> Self {
        Ctxt { errors: RefCell::new(Some(Vec::new())) }
    }

    /// Records a problem at `loc`.
    pub fn error(&self, loc: Loc, message: impl Into<String>) {
        if let Some(errors) = self.errors.borrow_mut().as_mut() {
            errors.push(Diagnostic::new(loc, message));
        }
    }

    /// How many problems have been recorded so far; comparing two counts tells whether the checks in
    /// between found anything.
    pub fn error_count(&self) -> usize {
        self.errors.borrow().as_ref().map_or(0, Vec::len)
    }

    /// Every problem recorded, in the order they were found, consuming the context.
    pub fn into_diagnostics(self) -> Vec<Diagnostic> {
        self.errors.borrow_mut().take().unwrap_or_default()
    }

    /// `Ok` when nothing was recorded, otherwise every problem.
    pub fn check(self) -> Result<(), Vec<Diagnostic>> {
        let errors = self.into_diagnostics();
        if errors.is_empty() {
            Ok(())
        } else {
            Err(errors)
        }
    }
}

impl Default for Ctxt {
    fn default() -> Self {
        Ctxt::new()
    }
}

impl Drop for Ctxt {
    fn drop(&mut self) {
        if !std::thread::panicking() && self.errors.borrow().is_some() {
            panic!("diag::Ctxt dropped without checking its problems");
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_context_hands_back_what_was_reported() {
        let cx = Ctxt::new();
        assert_eq!(cx.error_count(), 0);
        cx.error(Loc::new("t", 2, 3, "x"), "first");
        cx.error(Loc::new("t", 4, 1, "y"), "second");
        assert_eq!(cx.error_count(), 2);
        let errors = cx.check().unwrap_err();
        assert_eq!(errors.iter().map(|d| d.message.as_str()).collect::<Vec<_>>(), ["first", "second"]);
        assert!(Ctxt::new().check().is_ok());
    }

    #[test]
    #[should_panic(expected = "dropped without checking")]
    fn an_unchecked_context_panics_on_drop() {
        let cx = Ctxt::new();
        cx.error(Loc::new("t", 1, 1, ""), "lost");
    }

    #[test]
    fn columns_count_characters_not_bytes() {
        let loc = Loc::new("t", 1, 1, "GET /ünï/{id}");
        // `{` is 7 bytes but 5 characters into the path token at column 5.
        assert_eq!(loc.at_byte_in(5, "/ünï/{id}", 7).col, 10);
    }
}
