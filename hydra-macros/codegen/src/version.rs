//! Hydra release numbers and the ranges of releases an item exists in.
//!
//! This is the one version type of the workspace: the tables' `since`/`until` markers, the xtask
//! (which judges an upstream document by the release it describes) and the live test suite (which
//! reads the version a server reports) all parse and compare releases with it.

use std::cmp::Ordering;
use std::fmt;
use std::hash::{Hash, Hasher};

/// A Hydra release number, `v<major>.<minor>[.<patch>]`.
///
/// A missing patch number counts as 0 (`since v1.7` means from `v1.7.0` on); whether it was written is
/// kept for display only, so `v1.7` and `v1.7.0` are equal.
#[derive(Debug, Clone, Copy)]
pub struct Version {
    /// Major, minor and patch number.
    pub number: (u32, u32, u32),
    /// Whether the text gave a patch number (for display only).
    patch_given: bool,
}

impl Version {
    /// The release `v<major>.<minor>.<patch>`.
    pub const fn new(major: u32, minor: u32, patch: u32) -> Version {
        Version { number: (major, minor, patch), patch_given: true }
    }

    /// Parses `v1.11.10` or `v1.7` (as a table marker writes it); anything else (no `v`, a missing
    /// minor, a fourth part, a suffix) is `None`.
    pub fn parse(text: &str) -> Option<Version> {
        Self::parse_numbers(text.strip_prefix('v')?)
    }

    /// Parses a version a person or a server wrote: surrounding whitespace, a missing `v` and anything
    /// after the numbers (`-beta.1`, `+build`) are allowed, so ` v1.3.2-beta.1` is `v1.3.2` and `1.3` is
    /// `v1.3`. `GET /version` answers and `--doc-version` go through here.
    pub fn parse_lenient(text: &str) -> Option<Version> {
        let text = text.trim();
        let text = text.strip_prefix('v').unwrap_or(text);
        let end = text.find(['-', '+']).unwrap_or(text.len());
        Self::parse_numbers(&text[..end])
    }

    /// `<major>.<minor>[.<patch>]`, each part at most six digits.
    fn parse_numbers(text: &str) -> Option<Version> {
        let mut parts = text.split('.').map(|p| {
            (!p.is_empty() && p.len() <= 6 && p.bytes().all(|b| b.is_ascii_digit())).then(|| p.parse().ok()).flatten()
        });
        let (major, minor) = (parts.next()??, parts.next()??);
        let patch = match parts.next() {
            Some(p) => Some(p?),
            None => None,
        };
        parts
            .next()
            .is_none()
            .then_some(Version { number: (major, minor, patch.unwrap_or(0)), patch_given: patch.is_some() })
    }

    /// The version as the table wrote it: `v1.7` stays `v1.7`, `v1.10.2` stays `v1.10.2`.
    pub fn as_written(self) -> String {
        let (major, minor, patch) = self.number;
        if self.patch_given {
            format!("v{major}.{minor}.{patch}")
        } else {
            format!("v{major}.{minor}")
        }
    }

    /// `(major, minor)`: the release line, e.g. `(1, 3)` for `v1.3.2`.
    pub fn line(self) -> (u32, u32) {
        (self.number.0, self.number.1)
    }

    /// The version as a document's version: one without a patch number (`v1.2`) stands for its whole
    /// line, so it compares as the newest release of it.
    pub fn as_document(self) -> Version {
        if self.patch_given {
            self
        } else {
            Version { number: (self.number.0, self.number.1, u32::MAX), patch_given: false }
        }
    }
}

impl PartialEq for Version {
    fn eq(&self, other: &Self) -> bool {
        self.number == other.number
    }
}

impl Eq for Version {}

impl Hash for Version {
    fn hash<H: Hasher>(&self, state: &mut H) {
        self.number.hash(state);
    }
}

impl PartialOrd for Version {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Version {
    fn cmp(&self, other: &Self) -> Ordering {
        self.number.cmp(&other.number)
    }
}

impl fmt::Display for Version {
    /// `v1.7.0` for the release; `v1.2` for a document version that stands for its whole line.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (major, minor, patch) = self.number;
        if !self.patch_given && patch == u32::MAX {
            write!(f, "v{major}.{minor}")
        } else {
            write!(f, "v{major}.{minor}.{patch}")
        }
    }
}

/// The Hydra releases an item exists in: from `since` (inclusive) to `until` (exclusive); `None` is open.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Availability {
    /// The first release that has it.
    pub since: Option<Version>,
    /// The first release that no longer has it.
    pub until: Option<Version>,
}

impl Availability {
    /// Whether release `version` has the item.
    pub fn contains(&self, version: Version) -> bool {
        self.since.is_none_or(|s| version >= s) && self.until.is_none_or(|u| version < u)
    }

    /// Whether every release has the item (no marker).
    pub fn is_always(&self) -> bool {
        self.since.is_none() && self.until.is_none()
    }

    /// The markers as a table writes them: `since v1.7`, `until v1.5`, `since v1.4 until v1.9`; empty
    /// when open on both sides.
    pub fn describe(&self) -> String {
        match (self.since, self.until) {
            (Some(s), Some(u)) => format!("since {} until {}", s.as_written(), u.as_written()),
            (Some(s), None) => format!("since {}", s.as_written()),
            (None, Some(u)) => format!("until {}", u.as_written()),
            (None, None) => String::new(),
        }
    }

    /// Parses `since vA`, `until vB` or `since vA until vB` (the form [`Availability::describe`] writes).
    pub fn parse(text: &str) -> Result<Availability, String> {
        let shape = || format!("expected `since vA`, `until vB` or `since vA until vB`, found `{text}`");
        let words: Vec<&str> = text.split_whitespace().collect();
        let mut span = Availability::default();
        let mut rest = words.as_slice();
        while let [word, version, tail @ ..] = rest {
            let Some(v) = Version::parse(version) else {
                return Err(format!("`{version}` is not a version like v1.11 or v1.10.2"));
            };
            match *word {
                "since" if span.since.is_none() && span.until.is_none() => span.since = Some(v),
                "until" if span.until.is_none() => span.until = Some(v),
                _ => return Err(shape()),
            }
            rest = tail;
        }
        if !rest.is_empty() || words.is_empty() {
            return Err(shape());
        }
        if let (Some(s), Some(u)) = (span.since, span.until) {
            if u <= s {
                return Err(format!("`until {}` must come after `since {}`", u.as_written(), s.as_written()));
            }
        }
        Ok(span)
    }

    /// The sentence the generated documentation gets, or `None` for an item every v1 release has.
    pub fn doc_line(&self) -> Option<String> {
        match (self.since, self.until) {
            (Some(s), Some(u)) => Some(format!("Available from Hydra {s} up to, not including, {u}.")),
            (Some(s), None) => Some(format!("Available since Hydra {s}.")),
            (None, Some(u)) => Some(format!("Not available from Hydra {u} on.")),
            (None, None) => None,
        }
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
        assert_eq!(v("v1.3").number, (1, 3, 0));
        assert!(v("v1.10.2") > v("v1.9.99"));
        assert_eq!(v("v1.7"), v("v1.7.0"));
        for bad in
            ["", "1.3", "v1", "v1.", "va.b", "v1.2.3.4", "v1.-2", "latest", "v1.2.x", "v1.2.3-rc.1", "v1.1234567"]
        {
            assert_eq!(Version::parse(bad), None, "{bad}");
        }
        assert_eq!(v("v1.2").as_written(), "v1.2");
        assert_eq!(v("v1.2").to_string(), "v1.2.0");
        assert_eq!(v("v1.2").as_document().to_string(), "v1.2");
        assert_eq!(v("v1.10.2").as_written(), "v1.10.2");
        assert_eq!(v("v1.3.2").line(), (1, 3));
    }

    #[test]
    fn people_and_servers_may_leave_out_the_v_and_add_a_suffix() {
        assert_eq!(Version::parse_lenient("1.10.2"), Some(Version::new(1, 10, 2)));
        assert_eq!(Version::parse_lenient(" v1.3.2-beta.1\n"), Some(Version::new(1, 3, 2)));
        assert_eq!(Version::parse_lenient("v1.11.10+abc"), Some(Version::new(1, 11, 10)));
        assert_eq!(Version::parse_lenient("1.3").map(Version::as_written).as_deref(), Some("v1.3"));
        for bad in ["latest", "", "v1", "-1.2"] {
            assert_eq!(Version::parse_lenient(bad), None, "{bad}");
        }
    }

    #[test]
    fn a_document_without_patch_covers_its_whole_line() {
        let doc = v("v1.2").as_document();
        assert!(Availability { since: Some(v("v1.2.3")), until: None }.contains(doc));
        assert!(!Availability { since: Some(v("v1.3")), until: None }.contains(doc));
        assert!(!Availability { since: None, until: Some(v("v1.2")) }.contains(doc));
    }

    #[test]
    fn ranges_are_inclusive_since_and_exclusive_until() {
        let span = Availability::parse("since v1.4 until v1.9").unwrap();
        assert!(!span.contains(v("v1.3.2")));
        assert!(span.contains(v("v1.4.0")));
        assert!(span.contains(v("v1.8.5")));
        assert!(!span.contains(v("v1.9")));
        assert!(Availability::default().contains(v("v1.0.0")));
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
            assert!(Availability::parse(bad).is_err(), "{bad}");
        }
    }
}
