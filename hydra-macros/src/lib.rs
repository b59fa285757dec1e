//! The `generate!` macro: expands ory-hydra-v1-client's endpoint tables into models and client methods.
//!
//! This crate only reads the invocation, locates the files and turns diagnostics into compile errors;
//! all the work happens in the `ory-hydra-v1-codegen` library, which the xtask runs too.

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
    Inline(LitStr),
}

impl Parse for Arg {
    fn parse(input: ParseStream<'_>) -> syn::Result<Self> {
        if input.peek(LitStr) {
            return Ok(Arg::Path(input.parse()?));
        }
        let kw: syn::Ident = input.parse()?;
        if kw != "inline" {
            return Err(syn::Error::new(kw.span(), "expected a table path string or `inline \"...\"`"));
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
/// `CARGO_MANIFEST_DIR`, or `inline "<table text>"`. Tables are checked together, so a model declared in
/// one can be used by another. Any problem in any table becomes a compile error that names the file,
/// line and column and quotes the offending line; all problems are reported, not just the first.
///
/// ```ignore
/// ory_hydra_v1_macros::generate!("../spec/models.table", "../spec/admin.table");
/// ```
#[proc_macro]
pub fn generate(input: TokenStream) -> TokenStream {
    let args = match syn::parse::<Args>(input) {
        Ok(args) => args,
        Err(e) => return e.to_compile_error().into(),
    };
    let manifest_dir = std::env::var_os("CARGO_MANIFEST_DIR").map(PathBuf::from).unwrap_or_default();
    let mut sources = Vec::new();
    let mut spans = Vec::new();
    let mut tracked = Vec::new();
    for (i, arg) in args.0.iter().enumerate() {
        match arg {
            Arg::Path(lit) => {
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
        return syn::Error::new(Span::call_site(), "expected at least one table").to_compile_error().into();
    }
    match ory_hydra_v1_codegen::load(&sources) {
        Ok(api) => {
            let code = ory_hydra_v1_codegen::codegen::generate(&api);
            quote!(#(#tracked)* #code).into()
        }
        Err(diags) => {
            let errors = diags.iter().map(|d| {
                let span = spans.iter().find(|(n, _)| *n == d.loc.file).map_or(Span::call_site(), |(_, s)| *s);
                let message = d.to_string();
                quote::quote_spanned!(span=> ::core::compile_error!(#message);)
            });
            quote!(#(#tracked)* #(#errors)*).into()
        }
    }
}
