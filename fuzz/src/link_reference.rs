//! A deliberately plain reading of RFC 8288 section 3 (with RFC 9110's list and quoted-string rules),
//! written from the grammar rather than from the client's parser, for the differential target:
//!
//! ```text
//! Link       = #link-value                      ; empty list elements allowed
//! link-value = "<" URI-Reference ">" *( OWS ";" OWS link-param )
//! link-param = token BWS [ "=" BWS ( token / quoted-string ) ]
//! ```
//!
//! It only says what a well-formed header means; anything it does not accept is outside the comparison.
//! URI references are limited to the characters RFC 3986 allows, without checking their structure.

/// One link: its target and its parameters (names lower-cased, quoted values unescaped).
pub type RefLink = (String, Vec<(String, String)>);

fn is_ows(c: char) -> bool {
    c == ' ' || c == '\t'
}

fn is_tchar(c: char) -> bool {
    c.is_ascii_alphanumeric() || "!#$%&'*+-.^_`|~".contains(c)
}

fn is_uri_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || "-._~:/?#[]@!$&'()*+,;=%".contains(c)
}

/// The links of a well-formed header, or `None` when it is not well-formed.
pub fn parse(header: &str) -> Option<Vec<RefLink>> {
    let mut links = Vec::new();
    // Split into list elements first: a comma inside `<...>` or a quoted string does not separate.
    for element in split_list(header)? {
        let element = element.trim_matches(is_ows);
        if element.is_empty() {
            continue;
        }
        links.push(link_value(element)?);
    }
    Some(links)
}

/// The elements of a comma-separated list, or `None` for an unterminated `<` or quoted string.
fn split_list(header: &str) -> Option<Vec<&str>> {
    let mut out = Vec::new();
    let (mut start, mut in_uri, mut in_quote, mut escaped) = (0, false, false, false);
    for (i, c) in header.char_indices() {
        if in_quote {
            match (escaped, c) {
                (true, _) => escaped = false,
                (false, '\\') => escaped = true,
                (false, '"') => in_quote = false,
                _ => {}
            }
        } else if in_uri {
            in_uri = c != '>';
        } else if c == '<' {
            in_uri = true;
        } else if c == '"' {
            in_quote = true;
        } else if c == ',' {
            out.push(&header[start..i]);
            start = i + 1;
        }
    }
    if in_uri || in_quote {
        return None;
    }
    out.push(&header[start..]);
    Some(out)
}

fn link_value(element: &str) -> Option<RefLink> {
    let rest = element.strip_prefix('<')?;
    let close = rest.find('>')?;
    let target = &rest[..close];
    if !target.chars().all(is_uri_char) {
        return None;
    }
    let mut rest = &rest[close + 1..];
    let mut params = Vec::new();
    loop {
        rest = rest.trim_start_matches(is_ows);
        if rest.is_empty() {
            return Some((target.to_string(), params));
        }
        rest = rest.strip_prefix(';')?.trim_start_matches(is_ows);
        let name_len = rest.find(|c| !is_tchar(c)).unwrap_or(rest.len());
        if name_len == 0 {
            return None;
        }
        let name = rest[..name_len].to_ascii_lowercase();
        rest = rest[name_len..].trim_start_matches(is_ows);
        let mut value = String::new();
        if let Some(after) = rest.strip_prefix('=') {
            rest = after.trim_start_matches(is_ows);
            if let Some(quoted) = rest.strip_prefix('"') {
                let (v, after) = quoted_string(quoted)?;
                value = v;
                rest = after;
            } else {
                let len = rest.find(|c| !is_tchar(c)).unwrap_or(rest.len());
                if len == 0 {
                    return None;
                }
                value = rest[..len].to_string();
                rest = &rest[len..];
            }
        }
        params.push((name, value));
    }
}

/// The content of a quoted string whose opening quote is already consumed, and what follows it.
fn quoted_string(s: &str) -> Option<(String, &str)> {
    let mut value = String::new();
    let mut chars = s.char_indices();
    while let Some((i, c)) = chars.next() {
        match c {
            '"' => return Some((value, &s[i + 1..])),
            '\\' => {
                let (_, e) = chars.next()?;
                if !(e == '\t' || e == ' ' || e.is_ascii_graphic() || !e.is_ascii()) {
                    return None;
                }
                value.push(e);
            }
            '\t' | ' ' => value.push(c),
            c if c.is_ascii_graphic() || !c.is_ascii() => value.push(c),
            _ => return None,
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::parse;

    #[test]
    fn reads_the_rfc_examples() {
        let l = parse(r#"<http://example.com/TheBook/chapter2>; rel="previous"; title="previous chapter""#).unwrap();
        assert_eq!(l[0].0, "http://example.com/TheBook/chapter2");
        assert_eq!(l[0].1[1], ("title".into(), "previous chapter".into()));
        let l = parse(r#"</>; rel="http://example.net/foo", , </x>;REL = next"#).unwrap();
        assert_eq!(l.len(), 2);
        assert_eq!(l[1].1[0], ("rel".into(), "next".into()));
        let l = parse(r#"<a>; t="a, \"b\"; c""#).unwrap();
        assert_eq!(l[0].1[0].1, r#"a, "b"; c"#);
    }

    #[test]
    fn rejects_what_is_not_well_formed() {
        for bad in ["<a", "a>", "<a> rel=next", "<a>;", "<a>; =x", "<a>; r=", "<a>; r=\"x", "<a b>", "<a>; r=\"\u{1}\""]
        {
            assert_eq!(parse(bad), None, "{bad:?}");
        }
    }
}
