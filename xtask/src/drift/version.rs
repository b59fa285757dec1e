//! Judging a document by its own version: which Hydra release a document describes, and whether a table
//! item (operation, parameter, field) exists in that release according to its `since`/`until` markers.

use std::fmt;
use std::path::Path;

use anyhow::bail;
use ory_hydra_v1_codegen::ir;

/// A Hydra release number, `vMAJOR.MINOR[.PATCH]`.
///
/// A document version without a patch (`v1.2`) stands for the whole minor line, so it compares as the
/// newest patch of it; a marker without a patch (`since v1.7`) means the line's first release, `v1.7.0`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Version {
    /// Major, minor, patch.
    pub number: (u32, u32, u32),
    /// Whether the patch number was written (for display only).
    patch_given: bool,
}

impl Version {
    /// Parses `v1.11.10`, `1.3` or `v1.2`; anything else is `None`.
    pub fn parse(text: &str) -> Option<Version> {
        let mut parts = text.strip_prefix('v').unwrap_or(text).split('.');
        let num = |p: Option<&str>| p.filter(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit()))?.parse().ok();
        let major = num(parts.next())?;
        let minor = num(parts.next())?;
        let patch = match parts.next() {
            Some(p) => Some(num(Some(p))?),
            None => None,
        };
        if parts.next().is_some() {
            return None;
        }
        Some(Version { number: (major, minor, patch.unwrap_or(0)), patch_given: patch.is_some() })
    }

    /// The version as a document version: without a patch it stands for the newest release of its line.
    pub fn as_document(self) -> Version {
        if self.patch_given {
            self
        } else {
            Version { number: (self.number.0, self.number.1, u32::MAX), patch_given: false }
        }
    }
}

impl fmt::Display for Version {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (major, minor, patch) = self.number;
        if self.patch_given {
            write!(f, "v{major}.{minor}.{patch}")
        } else {
            write!(f, "v{major}.{minor}")
        }
    }
}

/// The releases an item exists in: from `since` (inclusive) up to `until` (exclusive); `None` is open.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Span {
    /// The first release that has it.
    pub since: Option<Version>,
    /// The first release that no longer has it.
    pub until: Option<Version>,
}

impl Span {
    /// Whether a document of version `doc` should describe the item.
    pub fn contains(&self, doc: Version) -> bool {
        self.since.is_none_or(|s| doc >= s) && self.until.is_none_or(|u| doc < u)
    }

    /// `since v1.7`, `until v1.5`, `since v1.4 until v1.9`; empty when open on both sides.
    pub fn describe(&self) -> String {
        match (self.since, self.until) {
            (Some(s), Some(u)) => format!("since {s} until {u}"),
            (Some(s), None) => format!("since {s}"),
            (None, Some(u)) => format!("until {u}"),
            (None, None) => String::new(),
        }
    }

    /// Parses `[since vA]`, `[until vB]` or `[since vA until vB]` (the brackets already removed).
    pub fn parse(text: &str) -> anyhow::Result<Span> {
        let words: Vec<&str> = text.split_whitespace().collect();
        let mut span = Span::default();
        let mut rest = words.as_slice();
        while let [word, version, tail @ ..] = rest {
            let Some(v) = Version::parse(version) else { bail!("`{version}` is not a version like v1.11 or v1.10.2") };
            match *word {
                "since" if span.since.is_none() && span.until.is_none() => span.since = Some(v),
                "until" if span.until.is_none() => span.until = Some(v),
                _ => bail!("expected `since vA`, `until vB` or `since vA until vB`, found `{text}`"),
            }
            rest = tail;
        }
        if !rest.is_empty() || words.is_empty() {
            bail!("expected `since vA`, `until vB` or `since vA until vB`, found `{text}`");
        }
        if let (Some(s), Some(u)) = (span.since, span.until) {
            if u <= s {
                bail!("`until {u}` must come after `since {s}`");
            }
        }
        Ok(span)
    }
}

/// The Hydra version a document describes: `explicit` if given, else the first `vX.Y[.Z]` in its file
/// name (`hydra-v1.11.10-openapi.json`), else its `info.version` when that is a 1.x or later release.
/// The documents' own `info.version` is unreliable (`latest`, `v0.0.0-alpha.40`, empty), hence the order.
pub fn document_version(explicit: Option<&str>, path: &Path, info_version: Option<&str>) -> anyhow::Result<Version> {
    if let Some(text) = explicit {
        let Some(v) = Version::parse(text) else { bail!("--doc-version `{text}` is not a version like v1.11.10") };
        return Ok(v.as_document());
    }
    let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    for (i, _) in name.match_indices('v') {
        let candidate: String =
            name[i..].chars().take_while(|c| *c == 'v' || *c == '.' || c.is_ascii_digit()).collect();
        if let Some(v) = Version::parse(candidate.trim_end_matches('.')) {
            return Ok(v.as_document());
        }
    }
    if let Some(v) = info_version.and_then(Version::parse).filter(|v| v.number.0 >= 1) {
        return Ok(v.as_document());
    }
    bail!(
        "cannot tell which Hydra version `{}` describes (its file name names none and info.version is {:?}); \
         pass --doc-version vX.Y.Z",
        path.display(),
        info_version.unwrap_or("")
    )
}

/// The releases a table operation exists in, from its `since`/`until` markers.
pub fn of_operation(op: &ir::Operation) -> Span {
    Span::from(op.availability)
}

/// The releases a table parameter exists in, from its `since`/`until` markers.
pub fn of_param(param: &ir::Param) -> Span {
    Span::from(param.availability)
}

/// The releases a model field exists in, from its `since`/`until` markers.
pub fn of_field(field: &ir::Field) -> Span {
    Span::from(field.availability)
}

impl From<ir::ServerVersion> for Version {
    fn from(v: ir::ServerVersion) -> Self {
        Version { number: v.number, patch_given: true }
    }
}

impl From<ir::Availability> for Span {
    fn from(a: ir::Availability) -> Self {
        Span { since: a.since.map(Version::from), until: a.until.map(Version::from) }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn v(text: &str) -> Version {
        Version::parse(text).unwrap()
    }

    #[test]
    fn versions_parse_and_order() {
        assert_eq!(v("v1.11.10").number, (1, 11, 10));
        assert_eq!(v("1.3").number, (1, 3, 0));
        assert!(v("v1.10.2") > v("v1.9.99"));
        for bad in ["", "v1", "v1.", "va.b", "v1.2.3.4", "v1.-2", "latest", "v1.2.x"] {
            assert_eq!(Version::parse(bad), None, "{bad}");
        }
        assert_eq!(v("v1.2").to_string(), "v1.2");
        assert_eq!(v("v1.10.2").to_string(), "v1.10.2");
    }

    #[test]
    fn a_document_without_patch_covers_its_whole_line() {
        let doc = v("v1.2").as_document();
        assert!(Span { since: Some(v("v1.2.3")), until: None }.contains(doc));
        assert!(!Span { since: Some(v("v1.3")), until: None }.contains(doc));
        assert!(!Span { since: None, until: Some(v("v1.2")) }.contains(doc));
    }

    #[test]
    fn spans_are_inclusive_since_and_exclusive_until() {
        let span = Span::parse("since v1.4 until v1.9").unwrap();
        assert!(!span.contains(v("v1.3.2")));
        assert!(span.contains(v("v1.4.0")));
        assert!(span.contains(v("v1.8.5")));
        assert!(!span.contains(v("v1.9")));
        assert!(Span::default().contains(v("v1.0.0")));
        assert_eq!(span.describe(), "since v1.4 until v1.9");
        for bad in [
            "",
            "since",
            "since v1",
            "until v1.2 since v1.1",
            "since v1.2 since v1.3",
            "since v1.5 until v1.5",
            "from v1.2",
        ] {
            assert!(Span::parse(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn document_versions_come_from_the_flag_the_file_name_or_a_real_info_version() {
        let p = Path::new("/ref/hydra-v1.11.10-openapi.json");
        assert_eq!(document_version(None, p, Some("")).unwrap(), v("v1.11.10"));
        assert_eq!(
            document_version(None, Path::new("hydra-v1.2-openapi.json"), None).unwrap(),
            v("v1.2").as_document()
        );
        assert_eq!(document_version(Some("v1.3.2"), p, None).unwrap(), v("v1.3.2"));
        assert_eq!(document_version(None, Path::new("api.json"), Some("v1.8.5")).unwrap(), v("v1.8.5"));
        let err = document_version(None, Path::new("api.json"), Some("v0.0.0-alpha.40")).unwrap_err().to_string();
        assert!(err.contains("--doc-version"), "{err}");
        assert!(document_version(Some("latest"), p, None).is_err());
    }
}
