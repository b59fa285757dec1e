//! The `Link` header parser, differentially: on any text it must not panic, and where the header is
//! well-formed by the reference reading of RFC 8288 (`hydra_client_fuzz::link_reference`) it must
//! accept it and find the same links. Half the inputs are built well-formed from structured parts, so the
//! comparison runs often; page positions are then read from the links too.

#![no_main]

use arbitrary::{Arbitrary, Unstructured};
use hydra_client_fuzz::link_reference;
use libfuzzer_sys::fuzz_target;
use ory_hydra_v1_client::__fuzz::{page_links, parse_link_header};

#[derive(Arbitrary, Debug)]
struct BuiltLink {
    empty_before: u8,
    space: u8,
    target: Vec<u8>,
    params: Vec<BuiltParam>,
}

#[derive(Arbitrary, Debug)]
struct BuiltParam {
    space: (u8, u8, u8),
    name: Vec<u8>,
    value: Option<Value>,
}

#[derive(Arbitrary, Debug)]
enum Value {
    Token(Vec<u8>),
    Quoted(String, u8),
}

const URI: &[u8] = b"abcxyzABZ0189-._~:/?#[]@!$&'()*+,;=%";
const URI_WORDS: &[&str] = &["/clients?", "limit=", "offset=", "&", "10", "-5", "https://h.example"];
const TCHAR: &[u8] = b"abrelnxtREL0-9!#$%&'*+.^_`|~";
const TCHAR_WORDS: &[&str] = &["rel", "next", "prev", "previous", "first", "last", "title"];

fn ows(n: u8) -> &'static str {
    ["", " ", "\t", "  "][usize::from(n % 4)]
}

/// Maps bytes onto an alphabet, high bytes onto whole words, so links often mean something.
fn from_alphabet(bytes: &[u8], alphabet: &[u8], words: &[&str], at_least_one: bool) -> String {
    let mut s = String::new();
    for &b in bytes {
        if b >= 0xF0 {
            s.push_str(words[usize::from(b - 0xF0) % words.len()]);
        } else {
            s.push(char::from(alphabet[usize::from(b) % alphabet.len()]));
        }
    }
    if at_least_one && s.is_empty() {
        s.push('x');
    }
    s
}

fn render(links: &[BuiltLink]) -> String {
    let mut out = String::new();
    for link in links {
        for _ in 0..link.empty_before % 3 {
            out.push_str(ows(link.space));
            out.push(',');
        }
        if !out.is_empty() {
            out.push(',');
        }
        out.push_str(ows(link.space));
        out.push('<');
        out.push_str(&from_alphabet(&link.target, URI, URI_WORDS, false));
        out.push('>');
        for p in &link.params {
            out.push_str(ows(p.space.0));
            out.push(';');
            out.push_str(ows(p.space.1));
            out.push_str(&from_alphabet(&p.name, TCHAR, TCHAR_WORDS, true));
            if let Some(v) = &p.value {
                out.push_str(ows(p.space.2));
                out.push('=');
                out.push_str(ows(p.space.2 / 4));
                match v {
                    Value::Token(t) => out.push_str(&from_alphabet(t, TCHAR, TCHAR_WORDS, true)),
                    Value::Quoted(text, escape_all) => {
                        out.push('"');
                        for c in text.chars().filter(|c| *c == '\t' || !c.is_control()) {
                            if c == '"' || c == '\\' || (escape_all % 2 == 1 && c != '\t') {
                                out.push('\\');
                            }
                            out.push(c);
                        }
                        out.push('"');
                    }
                }
            }
        }
        out.push_str(ows(link.space / 4));
    }
    out
}

// A first byte below 0x80 makes the rest the header text as it is (so seeds are plain headers); from
// 0x80 on, the rest is read as structured links.
fuzz_target!(|data: &[u8]| {
    let Some((&mode, rest)) = data.split_first() else { return };
    let (text, built) = if mode < 0x80 {
        (String::from_utf8_lossy(rest).into_owned(), false)
    } else {
        let Ok(links) = Vec::<BuiltLink>::arbitrary_take_rest(Unstructured::new(rest)) else { return };
        (render(&links), true)
    };
    let reference = link_reference::parse(&text);
    assert!(!built || reference.is_some(), "the reference must accept a built header: {text:?}");
    let parsed = parse_link_header(&text);
    if let Ok(links) = &parsed {
        let _ = page_links(links);
        for l in links {
            let _ = l.rels().count();
        }
    }
    if let Some(expected) = reference {
        let links = parsed.unwrap_or_else(|e| panic!("well-formed header {text:?} rejected: {e}"));
        let got: Vec<link_reference::RefLink> = links.into_iter().map(|l| (l.target, l.params)).collect();
        assert_eq!(got, expected, "header {text:?} read differently");
    }
});
