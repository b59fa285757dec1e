//! The allow-list of intentional differences: `<drift key> # <reason>` per line, optionally scoped to the
//! document versions it applies to with a leading `[since vA]`, `[until vB]` or `[since vA until vB]`.
//! A `*` in the key stands for any text, so one entry with one reason can cover every member of a
//! model a document describes differently (`field GenericError.*`).

use std::path::Path;

use anyhow::{bail, Context as _};

use ory_hydra_v1_codegen::version::{Availability, Version};

/// One allow-list entry.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AllowEntry {
    /// The drift key it allows, exactly as reported.
    pub key: String,
    /// Why the difference is intended.
    pub reason: String,
    /// Its line number in the file, counted from 1.
    pub line: usize,
    /// The document versions it applies to (open on both sides when the line has no `[...]` scope).
    pub scope: Availability,
}

impl AllowEntry {
    /// Whether the entry explains the drift key `key`: equal, or equal with each `*` standing for any
    /// text.
    pub fn matches(&self, key: &str) -> bool {
        let mut parts = self.key.split('*');
        let first = parts.next().unwrap_or_default();
        let Some(mut rest) = key.strip_prefix(first) else { return false };
        let parts: Vec<&str> = parts.collect();
        let Some((last, middle)) = parts.split_last() else { return rest.is_empty() };
        for part in middle {
            match rest.find(part) {
                Some(at) => rest = &rest[at + part.len()..],
                None => return false,
            }
        }
        rest.ends_with(last)
    }

    /// Whether the entry applies to a document of version `doc` (every entry does when the version is
    /// unknown).
    pub fn applies_to(&self, doc: Option<Version>) -> bool {
        doc.is_none_or(|v| self.scope.contains(v))
    }
}

/// The parsed allow-list file.
#[derive(Debug, Clone, Default)]
pub struct AllowList {
    /// The name messages use for the file.
    pub origin: String,
    /// Its entries in file order.
    pub entries: Vec<AllowEntry>,
}

impl AllowList {
    /// Reads and parses an allow-list file.
    pub fn load(path: &Path) -> anyhow::Result<AllowList> {
        let text = std::fs::read_to_string(path)
            .with_context(|| format!("cannot read the allow-list `{}`", path.display()))?;
        AllowList::parse(&text, &path.display().to_string())
    }

    /// Parses allow-list text; `origin` names it in messages. Every malformed line is reported.
    pub fn parse(text: &str, origin: &str) -> anyhow::Result<AllowList> {
        let mut entries: Vec<AllowEntry> = Vec::new();
        let mut problems = Vec::new();
        for (i, raw) in text.lines().enumerate() {
            let line = i + 1;
            let trimmed = raw.trim();
            if trimmed.is_empty() || trimmed.starts_with('#') {
                continue;
            }
            let (scope, rest) = match trimmed.strip_prefix('[').and_then(|r| r.split_once(']')) {
                Some((scope, rest)) => match Availability::parse(scope).map_err(anyhow::Error::msg) {
                    Ok(span) => (span, rest.trim()),
                    Err(e) => {
                        problems.push(format!("{origin}:{line}: bad scope `[{scope}]`: {e}"));
                        continue;
                    }
                },
                None => (Availability::default(), trimmed),
            };
            let (key, reason) = match rest.split_once('#') {
                Some((key, reason)) => (key.trim(), reason.trim()),
                None => (rest, ""),
            };
            if reason.is_empty() {
                problems.push(format!(
                    "{origin}:{line}: `{key}` has no reason; write `<drift key> # <why the difference is intended>`"
                ));
                continue;
            }
            if let Some(first) = entries.iter().find(|e| e.key == key && overlap(e.scope, scope)) {
                problems.push(format!("{origin}:{line}: `{key}` is already listed on line {}", first.line));
                continue;
            }
            entries.push(AllowEntry { key: key.to_string(), reason: reason.to_string(), line, scope });
        }
        if !problems.is_empty() {
            bail!("the allow-list has errors:\n  {}", problems.join("\n  "));
        }
        Ok(AllowList { origin: origin.to_string(), entries })
    }
}

/// Whether two scopes share a version (two entries for one key may only cover disjoint versions).
fn overlap(a: Availability, b: Availability) -> bool {
    let starts_before_end = |x: Availability, y: Availability| match (x.since, y.until) {
        (Some(s), Some(u)) => s < u,
        _ => true,
    };
    starts_before_end(a, b) && starts_before_end(b, a)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn allow_list_needs_reasons_and_rejects_duplicates() {
        let ok = AllowList::parse("# c\n\nparam a query b: extra in table  # the server has it\n", "a.txt").unwrap();
        assert_eq!(ok.entries[0].key, "param a query b: extra in table");
        assert_eq!(ok.entries[0].reason, "the server has it");
        assert_eq!(ok.entries[0].line, 3);
        assert_eq!(ok.entries[0].scope, Availability::default());
        let err = AllowList::parse("x: y\nz #   \n", "a.txt").unwrap_err().to_string();
        assert!(err.contains("a.txt:1:") && err.contains("a.txt:2:"), "{err}");
        let err = AllowList::parse("k # r\nk # again\n", "a.txt").unwrap_err().to_string();
        assert!(err.contains("already listed on line 1"), "{err}");
    }

    #[test]
    fn a_star_stands_for_any_text() {
        let entry =
            |key: &str| AllowEntry { key: key.into(), reason: "r".into(), line: 1, scope: Availability::default() };
        assert!(entry("field E.*").matches("field E.code: missing in table"));
        assert!(entry("field E.*: missing in table").matches("field E.code: missing in table"));
        assert!(!entry("field E.*: missing in table").matches("field E.code: extra in table"));
        assert!(!entry("field E.*").matches("field Error.code: missing in table"));
        assert!(entry("param p query *: extra in table").matches("param p query limit: extra in table"));
        assert!(entry("exact key").matches("exact key") && !entry("exact key").matches("exact key!"));
    }

    #[test]
    fn scoped_entries_apply_to_their_versions_only() {
        let list = AllowList::parse(
            "[until v1.11] k # old documents lack it\n[since v1.11] k # new documents spell it differently\n",
            "a.txt",
        )
        .unwrap();
        let v = |t: &str| Version::parse(t).map(Version::as_document);
        assert!(list.entries[0].applies_to(v("v1.2")) && !list.entries[0].applies_to(v("v1.11.10")));
        assert!(!list.entries[1].applies_to(v("v1.3.2")) && list.entries[1].applies_to(v("v1.11.10")));
        assert!(list.entries[0].applies_to(None));
        let err = AllowList::parse("[since v1.3] k # a\n[until v1.5] k # b\n", "a.txt").unwrap_err().to_string();
        assert!(err.contains("already listed on line 1"), "{err}");
        let err = AllowList::parse("[from v1.3] k # a\n", "a.txt").unwrap_err().to_string();
        assert!(err.contains("a.txt:1: bad scope `[from v1.3]`"), "{err}");
    }
}
