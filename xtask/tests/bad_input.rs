//! Bad OpenAPI input gives a clear error instead of a panic or a silent skip.

use std::path::Path;

use xtask::openapi::Document;

fn load_err(text: &str) -> String {
    format!("{:#}", Document::from_json(text, "doc.json").unwrap_err())
}

#[test]
fn missing_file() {
    let err = format!("{:#}", Document::load(Path::new("/definitely/not/here.json")).unwrap_err());
    assert!(err.contains("cannot read the OpenAPI document `/definitely/not/here.json`"), "{err}");
}

#[test]
fn not_json() {
    let err = load_err("swagger: '2.0'\npaths: {}\n");
    assert!(err.contains("`doc.json` is not valid JSON") && err.contains("convert a YAML document"), "{err}");
    let err = load_err("{\"swagger\": \"2.0\",");
    assert!(err.contains("`doc.json` is not valid JSON"), "{err}");
}

#[test]
fn not_an_openapi_document() {
    assert!(load_err("[1, 2]").contains("top level is not a JSON object"));
    assert!(load_err(r#"{"paths": {}}"#).contains("neither `swagger: \"2.0\"` nor `openapi: \"3.x\"`"));
    assert!(load_err(r#"{"swagger": "1.2", "paths": {}}"#).contains("only Swagger 2.0 and OpenAPI 3.x"));
    assert!(load_err(r#"{"swagger": "2.0"}"#).contains("no `paths` object"));
}

#[test]
fn dangling_and_external_refs() {
    let err = load_err(
        r##"{"swagger": "2.0", "paths": {"/a": {"get": {"responses": {
            "200": {"schema": {"$ref": "#/definitions/Nope"}},
            "500": {"schema": {"$ref": "other.json#/definitions/E"}}}}}}}"##,
    );
    assert!(
        err.contains("`$ref: #/definitions/Nope` at `/paths/~1a/get/responses/200/schema` points to nothing"),
        "{err}"
    );
    assert!(err.contains("`$ref: other.json#/definitions/E`") && err.contains("not a local reference"), "{err}");
}
