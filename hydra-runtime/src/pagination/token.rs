//! The rules of [`Paging::Token`](crate::operation::Paging::Token) listings (Hydra v2): how a page's
//! `Link` header leads to the next page, and when it must not be followed.
//!
//! Hydra v2 writes path-only links (`</admin/clients?page_size=2&page_token=...>; rel="next"`) built from
//! the path it saw, so a prefix a proxy strips (`/hydra`) is missing from them. Only a link's
//! `page_token` and `page_size` are taken: the next request is a copy of the first one with those two
//! changed, so it keeps the configured base URL, prefix, path and filters, and a link that names another
//! origin or another resource is refused rather than followed.
//!
//! Tokens are opaque (v2.3 sends base64 offsets, v25 and later encrypted keyset positions), so nothing
//! here reads them. What the rules can check without reading them is the page size: v2.3.0's consent
//! session listing writes its links with page and size swapped (QUIRKS.md, "v2.3.0", trap (b)), which
//! shows as a link naming another `page_size` than the one asked for; following such links skips items,
//! so a page whose links disagree with the asked size fails instead.

use url::Url;

use super::Link;

/// A position in a listing paged by opaque token: what [`Page::next_token`](super::Page::next_token)
/// gives and a token-paged page was asked for.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Default)]
pub struct TokenRef {
    /// Items per page; `None` leaves it to the server.
    pub page_size: Option<i64>,
    /// The opaque token of the page, as a `next` link named it; `None` for the first page.
    pub page_token: Option<String>,
}

/// The paging parameters one link target names.
#[derive(Debug, Default)]
struct Named {
    page_size: Option<i64>,
    page_token: Option<String>,
}

/// Reads `page_size` and `page_token` from a link target (absolute or relative).
fn named(target: &str) -> Result<Named, String> {
    let query = target.split_once('?').map_or("", |(_, q)| q);
    let query = query.split_once('#').map_or(query, |(q, _)| q);
    let mut out = Named::default();
    for (k, v) in form_urlencoded::parse(query.as_bytes()) {
        match &*k {
            "page_size" => {
                let size =
                    v.parse::<i64>().map_err(|_| format!("link {target:?} has page_size={v:?}, not a whole number"))?;
                out.page_size = Some(size);
            }
            "page_token" => out.page_token = Some(v.into_owned()),
            _ => {}
        }
    }
    Ok(out)
}

/// The target of the first `rel="next"` link, if any.
pub(super) fn next_target(links: &[Link]) -> Option<String> {
    links.iter().find(|l| l.rels().any(|r| r == "next")).map(|l| l.target.clone())
}

/// Checks every paging link of a page (`first`, `next`, `prev`, `last`) against the page size asked for:
/// each one that names a `page_size` must name that one (or, when none was asked, all the same one).
/// Returns the size the next page is asked with.
///
/// # Errors
/// A message saying which link disagrees, and why following it is refused.
pub(super) fn checked_size(links: &[Link], asked: Option<i64>) -> Result<Option<i64>, String> {
    let mut size = asked;
    for link in links {
        if !link.rels().any(|r| matches!(r.as_str(), "first" | "next" | "prev" | "previous" | "last")) {
            continue;
        }
        let Some(named) = named(&link.target)?.page_size else { continue };
        match size {
            Some(s) if s != named => {
                return Err(format!(
                    "the link {:?} names page_size={named} where the listing pages by {s}: its positions \
                     do not match the pages asked for, so following it could skip or repeat items",
                    link.target
                ))
            }
            _ => size = Some(named),
        }
    }
    Ok(size)
}

/// Where the `next` link `target` leads from the page asked for at `asked` on `request_url`: its token,
/// with the page size `size` (from [`checked_size`]).
///
/// # Errors
/// A message when the target is not a URL, names another origin or another resource, or names no
/// token.
pub(super) fn follow(request_url: &Url, target: &str, size: Option<i64>) -> Result<TokenRef, String> {
    let resolved = Url::options()
        .base_url(Some(request_url))
        .parse(target)
        .map_err(|e| format!("the `next` link {target:?} is not a URL: {e}"))?;
    if resolved.origin() != request_url.origin() {
        return Err(format!("the `next` link {target:?} leads to another origin; it is not followed"));
    }
    // Hydra writes the path it saw; behind a proxy that strips a prefix that is the tail of ours.
    let (ours, theirs) = (decoded(request_url.path()), decoded(resolved.path()));
    if !(ours == theirs || (theirs.starts_with('/') && ours.ends_with(&theirs))) {
        return Err(format!("the `next` link {target:?} names another resource than the listing; it is not followed"));
    }
    // An empty token is no position: Hydra reads `page_token=` as the first page, so following it would
    // list the first page's items again.
    let token = named(target)?.page_token.filter(|t| !t.is_empty());
    if token.is_none() {
        return Err(format!("the `next` link {target:?} names no page_token, so it cannot be followed"));
    }
    Ok(TokenRef { page_size: size, page_token: token })
}

/// A path with its percent-escapes decoded, so two spellings of one path compare equal.
fn decoded(path: &str) -> String {
    percent_encoding::percent_decode_str(path).decode_utf8_lossy().into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::pagination::parse_link_header;

    fn url(s: &str) -> Url {
        Url::parse(s).unwrap()
    }

    #[test]
    fn a_path_only_next_link_keeps_the_configured_prefix() {
        let at = url("http://h:4445/hydra/admin/clients?owner=o");
        let next = follow(&at, "/admin/clients?page_size=2&page_token=abc%3D", Some(2)).unwrap();
        assert_eq!(next, TokenRef { page_size: Some(2), page_token: Some("abc=".into()) });
        let relative = follow(&at, "clients?page_token=t", None).unwrap();
        assert_eq!(relative.page_token.as_deref(), Some("t"));
    }

    #[test]
    fn links_to_another_origin_or_resource_or_without_token_are_refused() {
        let at = url("http://h:4445/admin/clients");
        for (target, why) in [
            ("http://evil.example/admin/clients?page_token=t", "another origin"),
            ("https://h:4445/admin/clients?page_token=t", "another origin"),
            ("//evil.example/admin/clients?page_token=t", "another origin"),
            ("/admin/keys/x?page_token=t", "another resource"),
            ("/admin/clients?page_size=2", "no page_token"),
            ("/admin/clients?page_size=2&page_token=", "no page_token"),
            ("/admin/clients?page_size=x&page_token=t", "not a whole number"),
        ] {
            let e = follow(&at, target, None).unwrap_err();
            assert!(e.contains(why), "{target}: {e}");
        }
    }

    #[test]
    fn every_paging_link_must_name_the_asked_size() {
        let links = |h: &str| parse_link_header(h).unwrap();
        let same = links(r#"</x?page_size=1&page_token=a>; rel="first", </x?page_size=1&page_token=b>; rel="next""#);
        assert_eq!(checked_size(&same, Some(1)), Ok(Some(1)));
        assert_eq!(checked_size(&same, None), Ok(Some(1)), "the server's size is adopted when none was asked");
        // v2.3.0's second consent-session page after asking 1: only `first`/`prev`, with size 2.
        let swapped = links(r#"</x?page_size=2&page_token=a>; rel="first", </x?page_size=2&page_token=b>; rel="prev""#);
        assert!(checked_size(&swapped, Some(1)).unwrap_err().contains("page_size=2"));
        let mixed = links(r#"</x?page_size=1&page_token=a>; rel="first", </x?page_size=3&page_token=b>; rel="next""#);
        assert!(checked_size(&mixed, None).is_err(), "links disagreeing among themselves");
        let other = links(r#"</x?page_size=9>; rel="alternate""#);
        assert_eq!(checked_size(&other, Some(1)), Ok(Some(1)), "other relations are not paging links");
    }
}
