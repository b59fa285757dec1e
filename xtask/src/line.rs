//! The Hydra server lines the workspace has a table set for, and which line a release belongs to.
//!
//! Hydra v1 (v1.x) and Hydra v2 (v2.x and the calendar-versioned v25.x, v26.x, ...) are two APIs: v2
//! moved every Admin path under `/admin`, renamed operations and pages by token. Each line has its own
//! tables (what its crate's macro invocation reads), its own snapshot folder and its own drift
//! allow-list beside its tables; everything that has to pick a table set for a release asks [`Line::of`].

use std::path::Path;

use ory_hydra_v1_codegen::version::Version;
use ory_hydra_v1_codegen::{Api, Source};

/// One server line and its table set.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Line {
    /// Hydra v1.x: `spec/*.table`, compiled by `ory-hydra-v1-client`.
    V1,
    /// Hydra v2.x and the calendar versions after it: `spec/v2/*.table`, compiled by `ory-hydra-v2-client`.
    V2,
}

impl Line {
    /// Every line, oldest first.
    pub const ALL: [Line; 2] = [Line::V1, Line::V2];

    /// The line a release belongs to: major 2 and above (v2.3.0, v25.4.0, v26.2.0) is the v2 API, which
    /// the calendar versions kept; anything before is v1.
    pub fn of(version: Version) -> Line {
        if version.number.0 >= 2 {
            Line::V2
        } else {
            Line::V1
        }
    }

    /// Its name in messages, `v1` or `v2`.
    pub fn name(self) -> &'static str {
        match self {
            Line::V1 => "v1",
            Line::V2 => "v2",
        }
    }

    /// Its tables, as its crate's macro invocation names them ([`crate::TABLES`], [`crate::V2_TABLES`]).
    pub fn tables(self) -> &'static [&'static str] {
        match self {
            Line::V1 => crate::TABLES,
            Line::V2 => crate::V2_TABLES,
        }
    }

    /// Its drift allow-list, relative to the workspace root: beside its tables.
    pub fn allow_list(self) -> &'static str {
        match self {
            Line::V1 => "spec/drift-allow.txt",
            Line::V2 => "spec/v2/drift-allow.txt",
        }
    }

    /// Its tables as sources, resolved against the workspace `root` and named as the macro names them.
    pub fn sources(self, root: &Path) -> Vec<Source> {
        self.tables()
            .iter()
            .map(|name| Source::File { name: (*name).to_string(), path: root.join(crate::table_path_from_root(name)) })
            .collect()
    }

    /// Loads its tables as its crate's macro does: the v1 set is also checked for what the runtime reads
    /// (its first table is the runtime's), the v2 set is not (it has no such table).
    pub fn load(self, root: &Path) -> anyhow::Result<Api> {
        match self {
            Line::V1 => crate::load_tables(root),
            Line::V2 => crate::load_sources(&self.sources(root)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn calendar_versions_and_every_v2_release_take_the_v2_tables() {
        let line = |text: &str| Line::of(Version::parse(text).unwrap());
        for v1 in ["v1.2", "v1.3.2", "v1.11.10"] {
            assert_eq!(line(v1), Line::V1, "{v1}");
        }
        for v2 in ["v2.0.0", "v2.3.0", "v25.4.0", "v26.2.0"] {
            assert_eq!(line(v2), Line::V2, "{v2}");
        }
        assert_eq!(Line::V2.allow_list(), "spec/v2/drift-allow.txt");
        assert!(Line::V2.tables().iter().all(|t| t.starts_with("spec/v2/")));
        assert!(Line::V1.tables().iter().all(|t| !t.starts_with("spec/v2/")));
    }
}
