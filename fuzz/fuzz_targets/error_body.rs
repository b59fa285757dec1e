//! Error answers: any status with any body (raw), or a body of one or more JSON documents in Hydra's
//! shapes followed by anything (HTML, text, nothing). The error keeps the body verbatim, understands the
//! first error document and the first `redirect_to` document, and never shows a secret member's value
//! in `Debug` or `Display` output.

#![no_main]

use arbitrary::{Arbitrary, Unstructured};
use http::StatusCode;
use libfuzzer_sys::fuzz_target;
use ory_hydra_v1_client::Error;
use serde_json::{json, Map, Value};

use ory_hydra_v1_client::__fuzz::SECRET_MEMBERS;

/// Structured input: documents in Hydra's shapes, then any text.
#[derive(Arbitrary, Debug)]
struct Documents<'a> {
    status: u16,
    docs: Vec<Doc>,
    separator: Sep,
    trailer: &'a str,
}

#[derive(Arbitrary, Debug)]
enum Sep {
    None,
    Newline,
    Spaces,
}

#[derive(Arbitrary, Debug)]
struct Doc {
    shape: Shape,
    extra: Vec<(String, String)>,
    secret: Option<(u8, u32, bool)>,
}

#[derive(Arbitrary, Debug)]
enum Shape {
    Flat { error: String, description: Option<String>, code: Option<i64> },
    Nested { code: Option<i64>, status: Option<String>, message: Option<String>, reason: Option<String> },
    Redirect(String),
    Other,
}

fn render(doc: &Doc) -> (Value, Option<String>) {
    let mut v = match &doc.shape {
        Shape::Flat { error, description, code } => {
            json!({"error": error, "error_description": description, "status_code": code})
        }
        Shape::Nested { code, status, message, reason } => {
            json!({"error": {"code": code, "status": status, "message": message, "reason": reason}})
        }
        Shape::Redirect(to) => json!({ "redirect_to": to }),
        Shape::Other => json!({}),
    };
    let map = v.as_object_mut().expect("every shape is an object");
    for (k, val) in &doc.extra {
        map.entry(k.clone()).or_insert_with(|| Value::String(val.clone()));
    }
    let mut secret = None;
    if let Some((which, seed, nested)) = doc.secret {
        let name = SECRET_MEMBERS[usize::from(which) % SECRET_MEMBERS.len()];
        let value = format!("S3cr3tV4lu3{seed:08x}");
        let inserted = if nested {
            match map.entry("data").or_insert_with(|| json!({})) {
                Value::Object(data) => insert_new(data, name, &value),
                _ => false,
            }
        } else {
            insert_new(map, name, &value)
        };
        if inserted {
            secret = Some(value);
        }
    }
    (v, secret)
}

fn insert_new(map: &mut Map<String, Value>, name: &str, value: &str) -> bool {
    if map.contains_key(name) {
        return false;
    }
    map.insert(name.to_string(), Value::String(value.to_string()));
    true
}

fn status_of(code: u16) -> StatusCode {
    StatusCode::from_u16(400 + code % 200).unwrap_or(StatusCode::BAD_REQUEST)
}

fn check(e: &ory_hydra_v1_client::ApiError, body: &[u8]) {
    assert_eq!(e.body, String::from_utf8_lossy(body), "the body must be kept verbatim");
    let _ = e.message();
    let wrapped = Error::from(ory_hydra_v1_client::__fuzz::api_error(e.status, body));
    hydra_client_fuzz::exercise_error(&wrapped);
}

// A first byte below 0x80 makes the rest the body as it is (so seeds are plain bodies); from 0x80 on,
// the rest is read as structured documents.
fuzz_target!(|data: &[u8]| {
    let Some((&mode, rest)) = data.split_first() else { return };
    if mode < 0x80 {
        let e = ory_hydra_v1_client::__fuzz::api_error(status_of(u16::from(mode)), rest);
        return check(&e, rest);
    }
    let Ok(Documents { status, docs, separator, trailer }) = Documents::arbitrary_take_rest(Unstructured::new(rest))
    else {
        return;
    };
    let mut body = String::new();
    let mut secrets = Vec::new();
    let mut values = Vec::new();
    for doc in &docs {
        let (v, secret) = render(doc);
        body.push_str(&v.to_string());
        body.push_str(match separator {
            Sep::None => "",
            Sep::Newline => "\n",
            Sep::Spaces => "  ",
        });
        secrets.extend(secret);
        values.push(v);
    }
    body.push_str(trailer);
    let e = ory_hydra_v1_client::__fuzz::api_error(status_of(status), body.as_bytes());
    check(&e, body.as_bytes());
    // A trailer may add documents of its own; only the generated ones are predictable.
    let expected_redirect = values.iter().find_map(|v| v.get("redirect_to")?.as_str());
    if let Some(to) = expected_redirect {
        let got = e.completed.as_ref().map(|c| c.redirect_to.as_str());
        assert_eq!(got, Some(to), "the first redirect_to document must be read\nbody: {body}");
    }
    // Only a document built with the flat shape is sure to have members of the right types.
    let first_error =
        docs.iter().zip(&values).find(|(_, v)| v.get("error").is_some_and(|e| e.is_string() || e.is_object()));
    if let Some((Doc { shape: Shape::Flat { error, .. }, .. }, _)) = first_error {
        let got = e.error.as_ref().map(|g| g.error.as_str());
        assert_eq!(got, Some(error.as_str()), "the first error document must be read\nbody: {body}");
    }
    let wrapped = Error::from(e);
    let printed = format!("{wrapped} {wrapped:?} {:?}", wrapped.api());
    for s in &secrets {
        // A value that also appears as another member's text is not a secret's leak.
        if body.matches(s.as_str()).count() == 1 {
            assert!(!printed.contains(s.as_str()), "secret {s} shown in\n{printed}\nbody: {body}");
        }
    }
});
