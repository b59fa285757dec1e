//! `cargo xtask drift`: differences between the endpoint tables and an upstream OpenAPI document.
//!
//! Every difference is reported as one line whose text is a stable *drift key*, e.g.
//! `param list_subject_consent_sessions query limit: extra in table`. Intentional differences are
//! listed in an allow-list file (by default the one beside the table set compared: `spec/drift-allow.txt`
//! for v1, `spec/v2/drift-allow.txt` for v2), one per line:
//!
//! ```text
//! # comment
//! <drift key exactly as reported> # <why the table differs on purpose>
//! ```
//!
//! A reason is required. An allowed difference is reported as `allowed: <key> (<reason>)`; an entry
//! that matches no difference is reported as stale and fails the check, so the list cannot rot. An entry
//! may be scoped to the document versions it is about: `[until v1.11] <key> # <reason>` (see
//! [`allow`]); out of its scope it neither allows nor goes stale.
//!
//! Each document is judged by its own version (from `--doc-version`, else its file name, e.g.
//! `hydra-v1.11.10-openapi.json`), which also picks the table set: a v1.x document is compared with
//! `spec/*.table`, a v2.x or calendar-versioned (v25.4.0, v26.2.0) one with `spec/v2/*.table` (see
//! [`crate::line`]). Within the set, a table operation, parameter or field whose `since`/`until` markers
//! put it outside that version is left out of the comparison, so it is not "extra in table"; if the
//! document has it anyway, that is reported (`…: in the v1.2 document, but the table marks it since
//! v1.11`). Models only such items use are left out too. Every tag counts by default (`--tag '*'`);
//! the summary line says how many operations of each tag were compared.
//!
//! What is compared:
//! - operations, matched by method and path (path parameter names do not matter for matching);
//!   upstream only counts operations with the `--tag` tag when the document tags its operations;
//! - the parameters of matched operations: location, required, type; the request body is matched by
//!   location alone, since upstream calls it `Body`; path parameters are matched by name, in any order;
//! - the success (lowest 2xx) response against the table's return type;
//! - the other responses: the document's error body (the body most of its non-2xx answers have) against
//!   the tables' usual `errors` model, once (`errors: <Model> in table, <type> upstream`); then each
//!   non-2xx answer against the line's `on <status> <Model>` for that status, else its `errors` model
//!   (`answer <op> <status>: <Model> in table, <type> upstream`);
//! - the models reachable from the matched operations (every response counts, errors too), matched by
//!   name case-insensitively, field by field: presence, required, type and format.
//!
//! Type mapping: `string` and enums↔string (any format but `date-time`), `datetime`↔string/date-time,
//! `i64`↔integer (no format, int64 or int32), `f64`↔number, `bool`↔boolean, `object`↔object,
//! `json`↔anything, `[T]`↔array of T, a model↔a `$ref` to the model of the same name. Returns: no
//! schema↔`()` or `text`, array of T↔`page<T>` or `[T]`.

use std::collections::{BTreeMap, HashSet};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use ory_hydra_v1_codegen::ir::Api;
use ory_hydra_v1_codegen::version::{Availability, Version};

use crate::line::Line;
use crate::openapi::{Document, Operation as UpOp};

pub mod allow;
pub mod auth;
mod compare;
pub mod items;
mod suggest;
pub mod version;

pub use allow::{AllowEntry, AllowList};
pub(crate) use compare::route_key;
pub use compare::{compare, find_table_model, type_matches};

/// Command-line options of `cargo xtask drift`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The upstream API description: a Swagger 2.0 or OpenAPI 3.x document in JSON.
    #[arg(long, value_name = "FILE")]
    pub openapi: PathBuf,
    /// The allow-list of intentional differences [default: the one beside the document's table set,
    /// spec/drift-allow.txt or spec/v2/drift-allow.txt, if present].
    #[arg(long, value_name = "FILE")]
    pub allow: Option<PathBuf>,
    /// Only upstream operations with this tag count, when the document tags its operations; `*` counts all.
    #[arg(long, value_name = "TAG", default_value = "*")]
    pub tag: String,
    /// The Hydra version the document describes [default: the `vX.Y.Z` in its file name]; it also picks
    /// the table set (v1.x: spec/*.table; v2.x, v25.x and later: spec/v2/*.table).
    #[arg(long, value_name = "VERSION")]
    pub doc_version: Option<String>,
}

/// Runs the subcommand: prints the report and fails unless every difference is allowed and every
/// allow-list entry is used.
pub fn run(args: &Args) -> anyhow::Result<ExitCode> {
    let (line, report) = check_file(&crate::workspace_root(), args)?;
    println!("tables: the Hydra {} line ({})", line.name(), line.tables().join(", "));
    print!("{}", report.render());
    Ok(if report.is_clean() { ExitCode::SUCCESS } else { ExitCode::FAILURE })
}

/// The check `cargo xtask drift` makes, without printing: the document's version (see
/// [`version::document_version`]) picks the table set of its server line ([`Line::of`]) under the
/// workspace `root`, and with it the default allow-list. Returns that line and the report.
pub fn check_file(root: &Path, args: &Args) -> anyhow::Result<(Line, Report)> {
    let doc = Document::load(&args.openapi)?;
    let version = version::document_version(args.doc_version.as_deref(), &args.openapi, doc.info_version())?;
    let line = Line::of(version);
    let api = line.load(root)?;
    let allow = match &args.allow {
        Some(path) => AllowList::load(path)?,
        None => {
            let path = root.join(line.allow_list());
            if path.exists() {
                AllowList::parse(&crate::read_text(&path)?, line.allow_list())?
            } else {
                AllowList::default()
            }
        }
    };
    let options = Options { tag: (args.tag != "*").then(|| args.tag.clone()), version: Some(version) };
    Ok((line, check(&api, &doc, &options, &allow)?))
}

/// What the comparison looks at.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// Only upstream operations with this tag count (when the document uses tags at all); `None` counts all.
    pub tag: Option<String>,
    /// The Hydra version the document describes; `None` compares every table item, markers or not.
    pub version: Option<Version>,
}

impl Options {
    /// Only `admin` operations, every table item.
    pub fn admin() -> Self {
        Options { tag: Some("admin".to_string()), version: None }
    }

    /// Every tag, judged as a document of `version` (e.g. `v1.11.10`).
    pub fn all_tags_at(version: &str) -> Self {
        Options { tag: None, version: Version::parse_lenient(version).map(Version::as_document) }
    }

    /// Whether a table item with these markers belongs in the comparison.
    fn includes(&self, span: Availability) -> bool {
        self.version.is_none_or(|v| span.contains(v))
    }
}

/// One reported difference.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Finding {
    /// A difference nobody explained.
    Drift(String),
    /// A difference the allow-list explains: the key and the reason.
    Allowed(String, String),
}

/// The outcome of a drift check.
#[derive(Debug, Clone)]
pub struct Report {
    /// What was compared against, for the summary line.
    pub origin: String,
    /// Every difference, in the order found.
    pub findings: Vec<Finding>,
    /// Allow-list entries that matched no difference.
    pub stale: Vec<AllowEntry>,
    /// The allow-list's name, for stale entry messages.
    pub allow_origin: String,
    /// The version the document was judged as, when known.
    pub version: Option<Version>,
    /// How many upstream operations of each tag were compared (`untagged` for none).
    pub tags: BTreeMap<String, usize>,
    /// Fixes for unexplained differences where the check knows one: a table line as the document
    /// describes it (`<file>:<line>: <line>`), or an import command.
    pub suggestions: Vec<String>,
}

impl Report {
    /// Whether there is no unexplained difference and no stale allow-list entry.
    pub fn is_clean(&self) -> bool {
        self.unexplained().next().is_none() && self.stale.is_empty()
    }

    /// The keys of differences the allow-list does not explain.
    pub fn unexplained(&self) -> impl Iterator<Item = &str> {
        self.findings.iter().filter_map(|f| match f {
            Finding::Drift(key) => Some(key.as_str()),
            Finding::Allowed(..) => None,
        })
    }

    /// The keys of differences the allow-list explains.
    pub fn allowed(&self) -> impl Iterator<Item = &str> {
        self.findings.iter().filter_map(|f| match f {
            Finding::Allowed(key, _) => Some(key.as_str()),
            Finding::Drift(_) => None,
        })
    }

    /// The report as printed: one line per finding and stale entry, then a summary.
    pub fn render(&self) -> String {
        let mut out = String::new();
        for f in &self.findings {
            match f {
                Finding::Drift(key) => out.push_str(&format!("drift: {key}\n")),
                Finding::Allowed(key, reason) => out.push_str(&format!("allowed: {key} ({reason})\n")),
            }
        }
        for s in &self.suggestions {
            out.push_str(&format!("suggest: {s}\n"));
        }
        for e in &self.stale {
            out.push_str(&format!("stale: {} ({}:{} matches no drift; remove it)\n", e.key, self.allow_origin, e.line));
        }
        let unexplained = self.unexplained().count();
        let allowed = self.allowed().count();
        if !self.tags.is_empty() {
            let counts: Vec<String> = self.tags.iter().map(|(tag, n)| format!("{n} {tag}")).collect();
            let total: usize = self.tags.values().sum();
            let judged = self.version.map(|v| format!(", judged as Hydra {v}")).unwrap_or_default();
            out.push_str(&format!("compared {total} upstream operations: {}{judged}\n", counts.join(", ")));
        }
        out.push_str(&format!(
            "{}: {unexplained} unexplained, {allowed} allowed, {} stale allow-list entr{} (against {})\n",
            if self.is_clean() { "ok" } else { "FAILED" },
            self.stale.len(),
            if self.stale.len() == 1 { "y" } else { "ies" },
            self.origin
        ));
        out
    }
}

/// Compares the tables with the document and applies the allow-list.
pub fn check(api: &Api, doc: &Document, options: &Options, allow: &AllowList) -> anyhow::Result<Report> {
    let keys = compare(api, doc, options)?;
    let mut report = apply_allow_list(api, keys, allow, doc.origin(), options.version);
    report.tags = upstream_operations(doc, options)?.iter().fold(BTreeMap::new(), |mut counts, op| {
        let tag = op.tags.first().cloned().unwrap_or_else(|| "untagged".to_string());
        *counts.entry(tag).or_insert(0) += 1;
        counts
    });
    let unexplained: Vec<&str> = report.unexplained().collect();
    report.suggestions = suggest::suggestions(api, doc, options, &unexplained)?;
    Ok(report)
}

/// Sorts drift keys into explained and unexplained ones and finds unused allow-list entries; only
/// entries whose scope covers `version`, about table items that `version` has (by the tables' markers,
/// see [`items`]), take part.
pub fn apply_allow_list(
    api: &Api,
    keys: Vec<String>,
    allow: &AllowList,
    origin: &str,
    version: Option<Version>,
) -> Report {
    let mut used = HashSet::new();
    let entries: Vec<&AllowEntry> = allow
        .entries
        .iter()
        .filter(|e| e.applies_to(version) && version.is_none_or(|v| items::key_in_version(api, &e.key, v)))
        .collect();
    let findings = keys
        .into_iter()
        .map(|key| match entries.iter().find(|e| e.matches(&key)) {
            Some(entry) => {
                used.insert(entry.line);
                Finding::Allowed(key, entry.reason.clone())
            }
            None => Finding::Drift(key),
        })
        .collect();
    let stale = entries.into_iter().filter(|e| !used.contains(&e.line)).cloned().collect();
    Report {
        origin: origin.to_string(),
        findings,
        stale,
        allow_origin: allow.origin.clone(),
        version,
        tags: BTreeMap::new(),
        suggestions: Vec::new(),
    }
}

/// The upstream operations the options select.
pub(crate) fn upstream_operations(doc: &Document, options: &Options) -> anyhow::Result<Vec<UpOp>> {
    let filter_by_tag = doc.has_tags();
    Ok(doc
        .operations()?
        .into_iter()
        .filter(|op| match (&options.tag, filter_by_tag) {
            (Some(tag), true) => op.tags.iter().any(|t| t == tag),
            _ => true,
        })
        .collect())
}
