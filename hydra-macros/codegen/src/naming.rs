//! Case conversions and Rust keyword checks shared by validation and codegen.

/// Converts a JSON member name such as `notAfter` or `x5c` to a snake_case Rust name.
pub fn snake_case(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 4);
    let mut prev_lower = false;
    for c in s.chars() {
        if c.is_ascii_uppercase() {
            if prev_lower {
                out.push('_');
            }
            out.push(c.to_ascii_lowercase());
            prev_lower = false;
        } else if c == '-' {
            out.push('_');
            prev_lower = false;
        } else {
            out.push(c);
            prev_lower = c.is_ascii_lowercase() || c.is_ascii_digit();
        }
    }
    out
}

/// Converts a snake_case operation name such as `list_o_auth2_clients` to `ListOAuth2Clients`.
pub fn pascal_case(s: &str) -> String {
    s.split('_')
        .filter(|w| !w.is_empty())
        .map(|w| {
            let mut c = w.chars();
            c.next().map(|f| f.to_ascii_uppercase().to_string() + c.as_str()).unwrap_or_default()
        })
        .collect()
}

/// Converts an enum value such as `client_secret_basic`, `code id_token` or `RS256` to a variant name
/// (`ClientSecretBasic`, `CodeIdToken`, `Rs256`): every run of letters and digits is one word.
pub fn variant_name(s: &str) -> String {
    s.split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(|w| {
            let lower = w.to_ascii_lowercase();
            let mut c = lower.chars();
            c.next().map(|f| f.to_ascii_uppercase().to_string() + c.as_str()).unwrap_or_default()
        })
        .collect()
}

/// Whether `s` is what the tables accept as a snake_case name (operations, parameters, fields): a
/// lowercase ASCII letter or `_`, then lowercase letters, digits and `_`; `_` alone is not one (Rust
/// reserves it). Keywords are checked separately ([`is_rust_keyword`]).
pub fn is_snake_ident(s: &str) -> bool {
    let mut chars = s.chars();
    s != "_"
        && chars.next().is_some_and(|c| c.is_ascii_lowercase() || c == '_')
        && chars.all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
}

/// Whether `s` is a Rust keyword (strict or reserved) in any edition this crate supports.
pub fn is_rust_keyword(s: &str) -> bool {
    matches!(
        s,
        "as" | "break"
            | "const"
            | "continue"
            | "crate"
            | "else"
            | "enum"
            | "extern"
            | "false"
            | "fn"
            | "for"
            | "if"
            | "impl"
            | "in"
            | "let"
            | "loop"
            | "match"
            | "mod"
            | "move"
            | "mut"
            | "pub"
            | "ref"
            | "return"
            | "self"
            | "Self"
            | "static"
            | "struct"
            | "super"
            | "trait"
            | "true"
            | "type"
            | "unsafe"
            | "use"
            | "where"
            | "while"
            | "async"
            | "await"
            | "dyn"
            | "abstract"
            | "become"
            | "box"
            | "do"
            | "final"
            | "macro"
            | "override"
            | "priv"
            | "typeof"
            | "unsized"
            | "virtual"
            | "yield"
            | "try"
            | "gen"
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn snake_idents_are_what_the_tables_accept() {
        for ok in ["a", "client_id", "_private", "x5c", "a__b"] {
            assert!(is_snake_ident(ok), "{ok}");
        }
        for bad in ["", "_", "Client", "2fa", "client-id", "clientId", "é"] {
            assert!(!is_snake_ident(bad), "{bad}");
        }
    }

    #[test]
    fn converts_names() {
        assert_eq!(snake_case("notAfter"), "not_after");
        assert_eq!(snake_case("client_id"), "client_id");
        assert_eq!(snake_case("x5c"), "x5c");
        assert_eq!(pascal_case("list_o_auth2_clients"), "ListOAuth2Clients");
        assert_eq!(pascal_case("get_version"), "GetVersion");
        assert!(is_rust_keyword("use"));
        assert!(!is_rust_keyword("kid"));
        assert_eq!(variant_name("client_secret_basic"), "ClientSecretBasic");
        assert_eq!(variant_name("code id_token"), "CodeIdToken");
        assert_eq!(variant_name("RS256"), "Rs256");
        assert_eq!(variant_name("urn:a:grant-type:b"), "UrnAGrantTypeB");
        assert_eq!(variant_name("2fa"), "2fa");
    }
}
