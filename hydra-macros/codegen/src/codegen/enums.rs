//! String enumerations: one variant per known value plus `Other`, with the trait impls from a runtime
//! macro.

use proc_macro2::{Ident, TokenStream};
use quote::quote;

use super::{doc_attrs, ident};
use crate::ir::Enum;

/// A string enumeration: one variant per known value plus `Other`, which keeps anything else the
/// server sends so nothing is lost. Known values decode without allocating. The trait impls come from
/// one runtime macro, and decoding goes through one shared, non-generic visitor that returns the
/// value's position, so each enum adds little to compile: no serde_json code is instantiated per enum.
pub(super) fn enumeration(e: &Enum, as_param: bool) -> TokenStream {
    let name = ident(&e.name);
    let doc = doc_attrs(&e.doc);
    let variants: Vec<Ident> = e.values.iter().map(|v| ident(&v.rust_name)).collect();
    let jsons: Vec<&str> = e.values.iter().map(|v| v.json.as_str()).collect();
    let positions: Vec<usize> = (0..variants.len()).collect();
    let variant_docs = e.values.iter().map(|v| doc_attrs(&v.doc));
    let expecting = format!("a {} string", e.name);
    let other_doc = format!(
        " A value this version of the client does not know, kept exactly as the server sent it. Build \
         values from strings with `{}::from`, which picks the named variant when there is one.",
        e.name
    );
    let param = if as_param { quote!(param) } else { quote!() };
    quote! {
        #doc
        #[derive(Clone, PartialEq, Eq, Hash, Debug)]
        #[non_exhaustive]
        pub enum #name {
            #(#variant_docs #variants,)*
            #[doc = #other_doc]
            Other(::std::string::String),
        }

        impl #name {
            /// The value as it appears on the wire.
            #[must_use]
            pub fn as_str(&self) -> &str {
                match self {
                    #(Self::#variants => #jsons,)*
                    Self::Other(s) => s,
                }
            }

            fn __index(s: &str) -> ::core::option::Option<usize> {
                match s {
                    #(#jsons => ::core::option::Option::Some(#positions),)*
                    _ => ::core::option::Option::None,
                }
            }

            fn __known(i: usize) -> Self {
                match i {
                    #(#positions => Self::#variants,)*
                    // Positions only come from `__index`, so this arm is never taken.
                    _ => Self::Other(::std::string::String::new()),
                }
            }
        }

        crate::__rt::str_enum_impls!(#name, #expecting #param);
    }
}
