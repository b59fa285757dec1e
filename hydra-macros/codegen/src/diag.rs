//! Located error messages about a table, printed like rustc prints its own.

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
