//! The generator behind `ory-hydra-v1-macros`, as a plain library.
//!
//! It reads compact endpoint tables (see `spec/README.md` for the grammar), checks them, and produces
//! the Rust code of the client: `parse` (syntax) → `validate` (meaning) → `codegen`. Parsing and
//! validation report to one [`Ctxt`], which [`load`] drains: it returns the valid items together with
//! every problem. The proc macro is a thin shell over [`load`] and [`codegen::generate`]; the xtask
//! calls the same functions to write the checked-in expansion snapshots and to compare tables with
//! OpenAPI. Names and models the hand-written runtime relies on are declared in [`contract`].

pub mod codegen;
pub mod contract;
pub mod diag;
pub mod ir;
pub mod naming;
pub mod parse;
pub mod print;
pub mod validate;
pub mod version;

use std::path::PathBuf;

pub use diag::{Ctxt, Diagnostic, Loc};
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

/// What [`load`] makes of a set of tables: everything that is valid, and every problem found.
#[derive(Debug, Clone)]
pub struct Loaded {
    /// The valid items. An item with a problem, or naming a type with one, is left out; the rest can
    /// be generated as usual.
    pub api: Api,
    /// Every problem, in the order found (files in order, then parsing before validation).
    pub diagnostics: Vec<Diagnostic>,
}

impl Loaded {
    /// The whole [`Api`] when there is no problem, otherwise the problems.
    pub fn into_result(self) -> Result<Api, Vec<Diagnostic>> {
        if self.diagnostics.is_empty() {
            Ok(self.api)
        } else {
            Err(self.diagnostics)
        }
    }
}

/// Reads, parses and validates tables into one [`Api`] of what is valid, with every problem found.
///
/// Files that cannot be read are reported like any other problem; the other tables are still checked.
pub fn load(sources: &[Source]) -> Loaded {
    load_with(sources, false)
}

/// [`load`] for the tables of `ory-hydra-v1-client` itself, which must also declare the models its
/// hand-written runtime reads ([`contract::RUNTIME_MODELS`]).
pub fn load_for_runtime(sources: &[Source]) -> Loaded {
    load_with(sources, true)
}

fn load_with(sources: &[Source], for_runtime: bool) -> Loaded {
    let cx = Ctxt::new();
    let mut files = Vec::new();
    let mut tables = Vec::new();
    for source in sources {
        let (name, path, text) = match source {
            Source::File { name, path } => match std::fs::read_to_string(path) {
                Ok(text) => (name.clone(), Some(path.clone()), text),
                Err(e) => {
                    cx.error(Loc::new(name, 1, 1, ""), format!("cannot read table file `{name}`: {e}"));
                    continue;
                }
            },
            Source::Inline { name, text } => (name.clone(), None, text.clone()),
        };
        tables.push(parse::parse_table(&cx, &name, &text));
        files.push(ir::SourceFile { name, path });
    }
    let api = validate::validate(&cx, files, &tables);
    if for_runtime {
        validate::check_runtime_models(&cx, &tables, &api);
    }
    Loaded { api, diagnostics: cx.into_diagnostics() }
}

/// Convenience for tests and tools: loads a single table given as text, all or nothing.
pub fn load_str(name: &str, text: &str) -> Result<Api, Vec<Diagnostic>> {
    load(&[Source::Inline { name: name.to_string(), text: text.to_string() }]).into_result()
}
