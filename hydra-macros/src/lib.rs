//! The `generate!` macro: expands ory-hydra-v1-client's endpoint tables into models and client methods.
//!
//! This crate only reads the invocation, locates the files and turns diagnostics into compile errors
//! next to the code for everything valid; all the work happens in the `ory-hydra-v1-codegen` library,
//! which the xtask runs too.

use std::path::PathBuf;

use proc_macro::TokenStream;
use proc_macro2::Span;
use quote::quote;
use syn::parse::{Parse, ParseStream};
use syn::punctuated::Punctuated;
use syn::{LitStr, Token};

/// One argument: a table path, or `inline "..."` table text.
enum Arg {
    Path(LitStr),
    /// `declared "path"`: a table whose items another crate generates (the runtime's models); it is
    /// loaded and checked with the others, so they can use its models, but nothing is generated from it.
    Declared(LitStr),
    Inline(LitStr),
}

impl Parse for Arg {
    fn parse(input: ParseStream<'_>) -> syn::Result<Self> {
        if input.peek(LitStr) {
            return Ok(Arg::Path(input.parse()?));
        }
        let kw: syn::Ident = input.parse()?;
        if kw == "declared" {
            return Ok(Arg::Declared(input.parse()?));
        }
        if kw != "inline" {
            return Err(syn::Error::new(
                kw.span(),
                "expected a table path string, `declared \"path\"` or `inline \"...\"`",
            ));
        }
        let _ = input.parse::<Option<Token![=]>>()?;
        Ok(Arg::Inline(input.parse()?))
    }
}

struct Args(Punctuated<Arg, Token![,]>);

impl Parse for Args {
    fn parse(input: ParseStream<'_>) -> syn::Result<Self> {
        Ok(Args(Punctuated::parse_terminated(input)?))
    }
}

/// Generates the models, options structs and `Client` methods that the given tables declare.
///
/// Each argument is either a path to a table file, relative to the invoking crate's
/// `CARGO_MANIFEST_DIR`, `declared "<path>"` for a table whose items another crate generates (a line
/// crate names the runtime's table so: its models can be used, and are not generated again), or
/// `inline "<table text>"`. Tables are checked together, so a model declared in
/// one can be used by another. Any problem in any table becomes a compile error that names the file,
/// line and column and quotes the offending line; all problems are reported, not just the first. The
/// items without problems are generated all the same, so a mistake in one table line breaks only the
/// code that uses what that line declares.
///
/// ```ignore
/// ory_hydra_v1_macros::generate!("spec/models.table", "spec/admin.table");
/// ```
#[proc_macro]
pub fn generate(input: TokenStream) -> TokenStream {
    expand(input.into()).into()
}

/// The whole expansion, on `proc_macro2` tokens so unit tests can run it.
fn expand(input: proc_macro2::TokenStream) -> proc_macro2::TokenStream {
    let args = match syn::parse2::<Args>(input) {
        Ok(args) => args,
        Err(e) => return e.to_compile_error(),
    };
    let manifest_dir = std::env::var_os("CARGO_MANIFEST_DIR").map(PathBuf::from).unwrap_or_default();
    let mut sources = Vec::new();
    let mut spans = Vec::new();
    let mut tracked = Vec::new();
    let mut declared = Vec::new();
    for (i, arg) in args.0.iter().enumerate() {
        match arg {
            Arg::Path(lit) | Arg::Declared(lit) => {
                if matches!(arg, Arg::Declared(_)) {
                    declared.push(i);
                }
                let name = lit.value();
                let path = manifest_dir.join(&name);
                // Naming the file in `include_str!` makes cargo rebuild when the table changes.
                if path.is_file() {
                    if let Some(p) = path.to_str() {
                        tracked.push(quote!(
                            const _: &str = include_str!(#p);
                        ));
                    }
                }
                spans.push((name.clone(), lit.span()));
                sources.push(ory_hydra_v1_codegen::Source::File { name, path });
            }
            Arg::Inline(lit) => {
                let name = if i == 0 { "<inline>".to_string() } else { format!("<inline #{}>", i + 1) };
                spans.push((name.clone(), lit.span()));
                sources.push(ory_hydra_v1_codegen::Source::Inline { name, text: lit.value() });
            }
        }
    }
    if sources.is_empty() {
        return syn::Error::new(Span::call_site(), "expected at least one table").to_compile_error();
    }
    // Like thiserror-impl's fallback: a table mistake becomes a compile error, and everything valid is
    // still generated, so the rest of the crate compiles against it and rustc reports only the uses of
    // the broken items rather than every use of every generated item.
    // The client's own tables must also declare what its hand-written runtime reads.
    let for_runtime =
        std::env::var("CARGO_CRATE_NAME").is_ok_and(|c| c == ory_hydra_v1_codegen::contract::RUNTIME_CRATE);
    let loaded = if for_runtime {
        ory_hydra_v1_codegen::load_for_runtime(&sources)
    } else {
        ory_hydra_v1_codegen::load(&sources)
    };
    let parts = (0..loaded.api.files.len())
        .filter(|i| !declared.contains(i))
        .map(|i| ory_hydra_v1_codegen::codegen::generate_file(&loaded.api, i));
    let code = quote!(#(#parts)*);
    let errors = loaded.diagnostics.iter().map(|d| {
        let span = spans.iter().find(|(n, _)| *n == d.loc.file).map_or(Span::call_site(), |(_, s)| *s);
        let message = d.to_string();
        quote::quote_spanned!(span=> ::core::compile_error!(#message);)
    });
    quote!(#(#tracked)* #(#errors)* #code)
}

#[cfg(test)]
mod tests {
    use super::expand;

    #[test]
    fn a_table_mistake_gives_its_error_and_everything_valid_is_still_generated() {
        let input = quote::quote!(inline "
/// Good.
model Good
  /// Its id.
  field id: string
/// Bad.
model Bad
  /// Its id.
  field id: strng
/// Holds a bad one.
model HoldsBad
  /// The bad one.
  field bad?: Bad
/// Gets a good one.
GET /good get_good -> Good
/// Gets a bad one.
GET /bad get_bad -> Bad
");
        let out = expand(input).to_string();
        assert_eq!(out.matches("compile_error").count(), 1, "{out}");
        assert!(out.contains("unknown type `strng`"), "{out}");
        assert!(out.contains("pub struct Good"), "{out}");
        assert!(out.contains("pub async fn get_good"), "{out}");
        // What names the broken model is left out too, quietly.
        for gone in ["pub struct Bad", "pub struct HoldsBad", "fn get_bad"] {
            assert!(!out.contains(gone), "{gone}: {out}");
        }
    }
}
