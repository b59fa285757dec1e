//! What the generated code and the hand-written runtime of `ory-hydra-v1-client` agree on, declared
//! once: the names the generator reserves or derives, and the models the runtime reads.
//!
//! Validation checks tables against these declarations and codegen builds names with the functions
//! below, so the two cannot drift apart.

/// The crate whose tables must declare [`RUNTIME_MODELS`] (as `CARGO_CRATE_NAME` spells it).
pub const RUNTIME_CRATE: &str = "ory_hydra_runtime";

/// The Rust field of every model that keeps the members the table does not declare.
pub const EXTRA_FIELD: &str = "extra";

/// The query parameter a `page<...>` listing takes for the page size.
pub const PAGE_LIMIT: &str = "limit";

/// The query parameter a `page<...>` listing takes for the position of the first item.
pub const PAGE_OFFSET: &str = "offset";

/// The query parameter a token-paged listing takes for the number of items per page.
pub const PAGE_SIZE: &str = "page_size";

/// The query parameter a token-paged listing takes for the opaque position of the page.
pub const PAGE_TOKEN: &str = "page_token";

/// The argument that carries an operation's optional parameters.
pub const PARAMS_ARG: &str = "params";

/// How the locals of generated method bodies start (`__call`); parameters, which become arguments
/// next to them, must not.
pub const GENERATED_LOCAL_PREFIX: &str = "__";

/// The argument that carries the OAuth 2.0 client credentials of an `auth client` operation.
pub const CREDENTIALS_ARG: &str = "credentials";

/// The argument that carries the cookie jar of an operation answered with `redirect`.
pub const COOKIES_ARG: &str = "cookies";

/// The variant every string enum gets for values the table does not list.
pub const OTHER_VARIANT: &str = "Other";

/// Names the crate root of `ory-hydra-v1-client` already uses (hand-written types and re-exports,
/// plus `Self`): a model or enum with one of them would be shadowed or would not compile. A test in
/// this module compares the list with what `hydra-client/src/lib.rs` exports at its root.
pub const RESERVED_TYPE_NAMES: &[&str] = &[
    "Self",
    "AccessToken",
    "ApiError",
    "AssertionClaims",
    "Client",
    "ClientAuthMethod",
    "ClientBuilder",
    "ClientCredentials",
    "Cookies",
    "DateTime",
    "DecodeError",
    "DecodeSource",
    "Error",
    "ErrorKind",
    "GoDuration",
    "GoDurationError",
    "JsonObject",
    "JsonValue",
    "Method",
    "Operation",
    "Page",
    "PageLinks",
    "PageRef",
    "PageStart",
    "PageStream",
    "RawObject",
    "RawRequest",
    "RawResponse",
    "ReadmeDoctests",
    "Redirect",
    "RetryPolicy",
    "Side",
    "StatusCode",
    "TlsVersion",
    "TokenRef",
    "UnknownMembers",
];

/// The member of an `on <status> <Model>` answer's model that makes the status mean "handled already":
/// Hydra answers a login, consent or logout request that was handled with where the browser goes next.
pub const REDIRECT_MEMBER: &str = "redirect_to";

/// The generated `static` list of every operation's description, which `Client::operations` returns
/// (`hydra-client/src/operation.rs` names it).
pub const OPERATIONS_STATIC: &str = "__OPERATIONS";

/// The generated `static` description (`crate::Operation`) of operation `op`, which its method's call
/// starts from.
pub fn operation_static(op: &str) -> String {
    format!("__OP_{}", op.to_ascii_uppercase())
}

/// A model the runtime reads by name, and the fields (JSON name, table type) it relies on.
#[derive(Debug, Clone, Copy)]
pub struct RuntimeModel {
    /// The model name.
    pub name: &'static str,
    /// Fields the runtime uses: JSON name, table type, and whether it is required (the runtime relies on
    /// the Rust type, so an optional field must stay optional too).
    pub fields: &'static [(&'static str, &'static str, bool)],
}

/// The models the hand-written runtime (`hydra-client/src/error.rs`) decodes error bodies into.
pub const RUNTIME_MODELS: &[RuntimeModel] = &[
    RuntimeModel { name: "GenericError", fields: &[("error", "string", true), ("error_description", "string", false)] },
    RuntimeModel { name: "CompletedRequest", fields: &[("redirect_to", "string", true)] },
];

/// The generated `&[&str]` of the JSON names of every `secret` field, which the runtime redacts from
/// error bodies it prints (`hydra-client/src/error.rs` names it).
pub const SECRET_MEMBERS_CONST: &str = "__SECRET_MEMBERS";

/// The generated `&[&str]` of the wire names of every `secret` query or form parameter, which the runtime
/// redacts where a printed body quotes a request (`name=value`).
pub const SECRET_PARAMS_CONST: &str = "__SECRET_PARAMS";

/// What a generated model's `Deserialize` says it expects, in serde's "invalid type: ..., expected X".
/// The runtime recognises `RawObject`'s own error by "expected a JSON object"; a model name is never
/// empty, so this text can contain "a JSON object" (`Schema`) but never "expected a JSON object".
pub fn model_expecting(model: &str) -> String {
    format!("a {model} JSON object")
}

/// The method that streams every item of the `page<...>` operation `op`.
pub fn stream_method(op: &str) -> String {
    format!("{op}_stream")
}

/// The method that fetches a page of the `page<...>` operation `op` with items of the caller's type.
pub fn page_as_method(op: &str) -> String {
    format!("{op}_as")
}

/// The method that streams every item of the `page<...>` operation `op` as the caller's type.
pub fn stream_as_method(op: &str) -> String {
    format!("{op}_stream_as")
}

/// Every method a `page<...>` operation `op` generates besides its own: validation checks each is free.
pub fn page_extra_methods(op: &str) -> [String; 3] {
    [stream_method(op), page_as_method(op), stream_as_method(op)]
}

/// The struct that holds the optional parameters of operation `op`.
pub fn params_struct(op: &str) -> String {
    format!("{}Params", crate::naming::pascal_case(op))
}

/// The free function that maps a JSON member name to a field position for model `model`. Two models
/// whose names differ only in letter case would get the same function; validation rejects that.
pub fn key_fn(model: &str) -> String {
    format!("__{}_key", model.to_lowercase())
}

#[cfg(test)]
mod tests {
    /// The type names `hydra-client/src/lib.rs` declares or re-exports at its root: the last segment of
    /// each `pub use` (or each name in its braces), and each `pub type`/`pub struct`.
    fn root_exports() -> Vec<String> {
        let lib = concat!(env!("CARGO_MANIFEST_DIR"), "/../../hydra-client/src/lib.rs");
        let text = std::fs::read_to_string(lib).expect("the client's lib.rs is next to the generator");
        let mut names = Vec::new();
        // Top-level items only; a `pub use` list may continue on indented lines up to its `;`.
        let mut items = Vec::new();
        let mut open: Option<String> = None;
        for line in text.lines() {
            match open.as_mut() {
                Some(item) => item.push_str(line.trim()),
                None if !line.starts_with(' ') => open = Some(line.to_string()),
                None => continue,
            }
            if open.as_ref().is_some_and(|i| i.ends_with(';') || !i.starts_with("pub use")) {
                items.extend(open.take());
            }
        }
        for item in items {
            let item = item.trim_end_matches(';');
            if let Some(path) = item.strip_prefix("pub use ") {
                let last = path.split_once('{').map_or_else(|| path.rsplit("::").next().unwrap_or(path), |(_, l)| l);
                let list = last.trim_end_matches(['}', ',']);
                // Modules (`operation`, `__rt`) are not type names.
                let types = list.split(',').map(|n| n.trim().to_string());
                names.extend(types.filter(|n| n.starts_with(|c: char| c.is_ascii_uppercase())));
            } else if let Some(rest) = item.strip_prefix("pub type ").or(item.strip_prefix("pub struct ")) {
                let name: String = rest.chars().take_while(|c| c.is_alphanumeric() || *c == '_').collect();
                names.push(name);
            }
        }
        // The `Client` that `ory_hydra_runtime::client_type!` declares.
        if text.contains("ory_hydra_runtime::client_type! {") {
            names.push("Client".to_string());
        }
        names.sort();
        names
    }

    #[test]
    fn every_root_export_of_the_client_is_reserved_and_nothing_else() {
        let mut reserved: Vec<String> =
            super::RESERVED_TYPE_NAMES.iter().filter(|n| **n != "Self").map(|n| n.to_string()).collect();
        reserved.sort();
        assert_eq!(reserved, root_exports());
    }
}
