//! The generator behind `ory-hydra-v1-macros`, as a plain library.
//!
//! It reads compact endpoint tables (see `spec/README.md` for the grammar), checks them, and produces
//! the Rust code of the client: `parse` (syntax) → `validate` (meaning, every problem collected) →
//! `codegen`. The proc macro is a thin shell over [`load`] and [`codegen::generate`]; the xtask calls
//! the same functions to write the checked-in expansion snapshots and to compare tables with OpenAPI.

pub mod codegen;
pub mod diag;
pub mod ir;
pub mod naming;
pub mod parse;
pub mod validate;

use std::path::PathBuf;

pub use diag::{Diagnostic, Loc};
pub use ir::Api;

/// Where a table comes from.
#[derive(Debug, Clone)]
pub enum Source {
    /// A file on disk. `name` is what messages print (usually the path as the user wrote it).
    File {
        /// The name shown in diagnostics.
        name: String,
        /// The path to read.
        path: PathBuf,
    },
    /// Table text given directly, e.g. inline in a macro invocation.
    Inline {
        /// The name shown in diagnostics.
        name: String,
        /// The table text.
        text: String,
    },
}

/// Reads, parses and validates tables into one [`Api`], or returns every problem found.
///
/// Files that cannot be read are reported like any other problem; the other tables are still checked.
pub fn load(sources: &[Source]) -> Result<Api, Vec<Diagnostic>> {
    let mut errors = Vec::new();
    let mut files = Vec::new();
    let mut tables = Vec::new();
    for source in sources {
        let (name, path, text) = match source {
            Source::File { name, path } => match std::fs::read_to_string(path) {
                Ok(text) => (name.clone(), Some(path.clone()), text),
                Err(e) => {
                    errors.push(Diagnostic::new(
                        Loc::new(name, 1, 1, ""),
                        format!("cannot read table file `{name}`: {e}"),
                    ));
                    continue;
                }
            },
            Source::Inline { name, text } => (name.clone(), None, text.clone()),
        };
        let (table, errs) = parse::parse_table(&name, &text);
        errors.extend(errs);
        files.push(ir::SourceFile { name, path });
        tables.push(table);
    }
    match validate::validate(files, &tables) {
        Ok(api) if errors.is_empty() => Ok(api),
        Ok(_) => Err(errors),
        Err(more) => {
            errors.extend(more);
            Err(errors)
        }
    }
}

/// Convenience for tests and tools: loads a single table given as text.
pub fn load_str(name: &str, text: &str) -> Result<Api, Vec<Diagnostic>> {
    load(&[Source::Inline { name: name.to_string(), text: text.to_string() }])
}
