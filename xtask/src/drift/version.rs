//! Judging a document by its own version: which Hydra release a document describes. Releases and the
//! ranges of releases a table item exists in are the generator's own types
//! ([`ory_hydra_v1_codegen::version`]), the same ones the tables' markers and the live suite use.

use std::path::Path;

use anyhow::bail;
use ory_hydra_v1_codegen::version::Version;

/// The Hydra version a document describes: `explicit` if given, else the first `vX.Y[.Z]` in its file
/// name (`hydra-v1.11.10-openapi.json`), else its `info.version` when that is a 1.x or later release.
/// The documents' own `info.version` is unreliable (`latest`, `v0.0.0-alpha.40`, empty), hence the order.
pub fn document_version(explicit: Option<&str>, path: &Path, info_version: Option<&str>) -> anyhow::Result<Version> {
    if let Some(text) = explicit {
        let Some(v) = Version::parse_lenient(text) else {
            bail!("--doc-version `{text}` is not a version like v1.11.10")
        };
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
    if let Some(v) = info_version.and_then(Version::parse_lenient).filter(|v| v.number.0 >= 1) {
        return Ok(v.as_document());
    }
    bail!(
        "cannot tell which Hydra version `{}` describes (its file name names none and info.version is {:?}); \
         pass --doc-version vX.Y.Z",
        path.display(),
        info_version.unwrap_or("")
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn v(text: &str) -> Version {
        Version::parse(text).unwrap()
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
        assert_eq!(document_version(Some("1.3.2"), p, None).unwrap(), v("v1.3.2"));
        assert_eq!(document_version(None, Path::new("api.json"), Some("v1.8.5")).unwrap(), v("v1.8.5"));
        let err = document_version(None, Path::new("api.json"), Some("v0.0.0-alpha.40")).unwrap_err().to_string();
        assert!(err.contains("--doc-version"), "{err}");
        assert!(document_version(Some("latest"), p, None).is_err());
    }
}
