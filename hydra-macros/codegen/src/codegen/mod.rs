//! Rust code for a checked [`Api`]: models with hand-rolled serde impls, options structs and client methods.
//!
//! The output names runtime helpers as `crate::__rt::*`, `crate::Client`, `crate::Error`, `crate::Page` and
//! `crate::PageStream`, so it is meant to be expanded inside the `ory-hydra-v1-client` crate. Models and options
//! structs refer to each other by bare name: all the output for one `Api` lands in the same module.
//!
//! Split the way serde_derive keeps `ser.rs` and `de.rs` apart: `enums`, `models` and `operations` each
//! generate one kind of item; this module holds what they share (type spellings, setters, docs).

use proc_macro2::{Ident, Span, TokenStream};
use quote::quote;

mod enums;
mod models;
mod operations;

use crate::contract;
use crate::ir::{Api, Availability, Operation, Type};
use enums::enumeration;
use models::model;
use operations::{description, method, params_struct};

/// Generates every item declared in table file number `file` of `api`.
pub fn generate_file(api: &Api, file: usize) -> TokenStream {
    let enums = api.enums.iter().filter(|e| e.file == file).map(|e| {
        let as_param = api.operations.iter().flat_map(|o| &o.params).any(|p| p.ty == Type::Enum(e.name.clone()));
        enumeration(e, as_param)
    });
    let models = api.models.iter().filter(|m| m.file == file).map(model);
    let ops: Vec<&Operation> = api.operations.iter().filter(|o| o.file == file).collect();
    let descriptions = ops.iter().map(|o| description(o));
    let params = ops.iter().filter_map(|o| params_struct(o));
    let methods = ops.iter().map(|o| method(o));
    let client_impl = if ops.is_empty() {
        quote!()
    } else {
        quote! {
            impl crate::Client {
                #(#methods)*
            }
        }
    };
    // One list over the models of every table, emitted with the last table that has any.
    let secrets = if api.models.iter().map(|m| m.file).max() == Some(file) { secret_members(api) } else { quote!() };
    // One list of the operations of every table and one of their secret parameters, emitted with the last
    // file, so they exist even without any.
    let list = if file + 1 == api.files.len().max(1) {
        let (ops, params) = (operations_list(api), secret_params(api));
        quote!(#ops #params)
    } else {
        quote!()
    };
    quote! {
        #(#enums)*
        #(#models)*
        #(#descriptions)*
        #(#params)*
        #client_impl
        #secrets
        #list
    }
}

/// The JSON names of every `secret` field, for the runtime to redact from error bodies it prints.
fn secret_members(api: &Api) -> TokenStream {
    let mut names: Vec<&str> =
        api.models.iter().flat_map(|m| &m.fields).filter(|f| f.secret).map(|f| f.json_name.as_str()).collect();
    names.sort_unstable();
    names.dedup();
    let name = ident(contract::SECRET_MEMBERS_CONST);
    quote! {
        /// JSON members whose string values are secret, from the `secret` flags of the tables.
        #[allow(dead_code)]
        pub(crate) const #name: &[&str] = &[#(#names),*];
    }
}

/// The wire names of every `secret` parameter, for the runtime to redact where a printed body quotes a
/// request (`code=...&code_verifier=...`).
fn secret_params(api: &Api) -> TokenStream {
    let mut names: Vec<&str> =
        api.operations.iter().flat_map(|o| &o.params).filter(|p| p.secret).map(|p| p.name.as_str()).collect();
    names.sort_unstable();
    names.dedup();
    let name = ident(contract::SECRET_PARAMS_CONST);
    quote! {
        /// Query and form parameters whose values are secret, from the `secret` flags of the tables.
        #[allow(dead_code)]
        pub(crate) const #name: &[&str] = &[#(#names),*];
    }
}

/// Every operation's description, in table order, for `Client::operations`.
fn operations_list(api: &Api) -> TokenStream {
    let statics = api.operations.iter().map(|o| ident(&contract::operation_static(&o.name)));
    let name = ident(contract::OPERATIONS_STATIC);
    quote! {
        /// Every operation of the tables, in table order.
        pub(crate) static #name: &[&crate::Operation] = &[#(&#statics),*];
    }
}

/// Generates the items of every table of `api`, in file order.
pub fn generate(api: &Api) -> TokenStream {
    let parts = (0..api.files.len()).map(|i| generate_file(api, i));
    quote!(#(#parts)*)
}

pub(super) fn ident(name: &str) -> Ident {
    Ident::new(name, Span::call_site())
}

pub(super) fn doc_attrs(lines: &[String]) -> TokenStream {
    let lines = lines.iter().map(|l| format!(" {l}"));
    quote!(#(#[doc = #lines])*)
}

/// The Rust type of a value of `ty` (without the `Option` of an optional field).
pub(super) fn rust_type(ty: &Type) -> TokenStream {
    match ty {
        Type::String => quote!(::std::string::String),
        Type::Bool => quote!(bool),
        Type::I64 => quote!(i64),
        Type::F64 => quote!(f64),
        Type::DateTime => quote!(crate::__rt::DateTime),
        Type::Duration => quote!(crate::__rt::GoDuration),
        Type::Object => quote!(crate::__rt::RawObject),
        Type::Json => quote!(crate::__rt::JsonValue),
        Type::Array(inner) => {
            let inner = rust_type(inner);
            quote!(::std::vec::Vec<#inner>)
        }
        Type::Model(name) | Type::Enum(name) => {
            let name = ident(name);
            quote!(#name)
        }
    }
}

/// The argument type a setter or constructor takes for a value of `ty`, and how to turn it into `ty`.
pub(super) fn setter_arg(ty: &Type, arg: &Ident) -> (TokenStream, TokenStream) {
    match ty {
        Type::String => (quote!(impl ::core::convert::Into<::std::string::String>), quote!(#arg.into())),
        Type::Json => (quote!(impl ::core::convert::Into<crate::__rt::JsonValue>), quote!(#arg.into())),
        Type::Object => (quote!(impl ::core::convert::Into<crate::__rt::RawObject>), quote!(#arg.into())),
        Type::Enum(_) => {
            let ty = rust_type(ty);
            (quote!(impl ::core::convert::Into<#ty>), quote!(#arg.into()))
        }
        Type::Array(inner) if matches!(**inner, Type::String | Type::Enum(_)) => {
            let inner = rust_type(inner);
            (
                quote!(impl ::core::iter::IntoIterator<Item = impl ::core::convert::Into<#inner>>),
                quote!(#arg.into_iter().map(::core::convert::Into::into).collect()),
            )
        }
        Type::Array(inner) => {
            let inner = rust_type(inner);
            (quote!(impl ::core::iter::IntoIterator<Item = #inner>), quote!(#arg.into_iter().collect()))
        }
        other => (rust_type(other), quote!(#arg)),
    }
}

/// `doc` followed by the sentence saying which Hydra releases have the item, when it is not all of v1.
pub(super) fn with_availability(doc: &[String], availability: Availability) -> Vec<String> {
    let mut doc = doc.to_vec();
    if let Some(line) = availability.doc_line() {
        doc.extend([String::new(), line]);
    }
    doc
}

/// How `Debug` shows a member.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(super) enum Shown {
    /// As it is.
    Plain,
    /// Not at all (`secret`).
    Redacted,
    /// A URL with the values of secret parameters in its query and fragment hidden (`url`).
    Url,
}

/// The `d.field(..)` statement of one member named `shown` (Rust field `n`): a secret one shows as
/// redacted, or as `None` when it is optional and unset; a URL one through the runtime's filter.
pub(super) fn debug_field(shown: &str, n: &Ident, how: Shown, required: bool) -> TokenStream {
    match (how, required) {
        (Shown::Redacted, true) => quote!(d.field(#shown, &crate::__rt::Redacted);),
        (Shown::Redacted, false) => quote!(d.field(#shown, &self.#n.as_ref().map(|_| crate::__rt::Redacted));),
        (Shown::Url, true) => quote!(d.field(#shown, &crate::__rt::UrlDebug(&self.#n));),
        (Shown::Url, false) => quote!(d.field(#shown, &self.#n.as_deref().map(crate::__rt::UrlDebug));),
        (Shown::Plain, _) => quote!(d.field(#shown, &self.#n);),
    }
}

#[cfg(test)]
mod tests {
    use crate::load_str;

    const TABLE: &str = r#"
/// Kinds.
enum Kind
  /// A.
  value "a"
  /// B c.
  value "b c"
/// Colours.
enum Colour
  /// Red.
  value "red"
/// A thing.
model Thing
  /// Its kinds.
  field kinds?: [Kind]
  /// Its colour.
  field colour?: Colour
/// Lists things of a kind.
GET /things list_things query kind?: Kind -> [Thing]
"#;

    fn generated() -> String {
        let api = load_str("t.table", TABLE).expect("valid table");
        super::generate(&api).to_string()
    }

    #[test]
    fn enums_get_variants_lookups_and_shared_impls() {
        let code = generated();
        assert!(code.contains("pub enum Kind"), "{code}");
        assert!(code.contains("A , # [doc = \" B c.\"] BC ,"), "variants from the values: {code}");
        assert!(code.contains("\"b c\" => :: core :: option :: Option :: Some (1usize)"), "{code}");
        assert!(code.contains("Other (:: std :: string :: String)"), "{code}");
        // Fields and setters take the enum; arrays of it accept anything that converts.
        assert!(code.contains("pub kinds : :: core :: option :: Option < :: std :: vec :: Vec < Kind > >"), "{code}");
        assert!(code.contains("IntoIterator < Item = impl :: core :: convert :: Into < Kind >>"), "{code}");
    }

    /// Every path parameter goes through `Call::path_param` with its name, which refuses values Hydra
    /// cannot route; the docs say so. Nothing per operation: a new table line gets the same.
    #[test]
    fn every_path_parameter_is_checked_by_name_and_documented() {
        let table =
            "/// Deletes a thing.\n/// @b The b.\nDELETE /a/{b}/c/{d} remove_thing path b: string, path d: i64 -> ()\n\
                     /// Reads a login request.\nGET /oauth2/auth/requests/login/x read_login query c: string -> () \
                     on 410 Done\n/// D.\nmodel Done\n  /// R.\n  field redirect_to?: string\n";
        let code = super::generate(&crate::load_str("t.table", table).expect("valid table")).to_string();
        assert!(code.contains("__call . path_param (\"b\" , b)"), "{code}");
        assert!(code.contains("__call . path_param (\"d\" , & d)"), "{code}");
        assert!(code.contains("a value of `b` or `d` that Hydra could not route"), "{code}");
        let description = |name: &str| {
            let start =
                code.find(&format!("static __OP_{} ", name.to_uppercase())).expect("a description per operation");
            code[start..].split("} ;").next().unwrap_or_default().to_string()
        };
        let (thing, login) = (description("remove_thing"), description("read_login"));
        assert!(thing.contains("path_params : & [\"b\" , \"d\"]"), "{thing}");
        assert!(thing.contains("answers : & []") && thing.contains("retry_safe : true"), "{thing}");
        assert!(
            login
                .contains("answers : & [crate :: __rt :: Answer { status : 410u16 , model : \"Done\" , handled : true"),
            "{login}"
        );
    }

    #[test]
    fn secret_fields_of_every_table_are_listed_once_after_the_last_models() {
        let models = "/// A.\nmodel A\n  /// S.\n  field s?: string secret\n  /// P.\n  field p?: string\n";
        let more = "/// B.\nmodel B\n  /// K.\n  field k: string secret\n  /// S.\n  field s?: string secret\n";
        let sources = [
            crate::Source::Inline { name: "a".into(), text: models.into() },
            crate::Source::Inline { name: "b".into(), text: more.into() },
        ];
        let api = crate::load(&sources).into_result().expect("valid tables");
        assert!(!super::generate_file(&api, 0).to_string().contains("__SECRET_MEMBERS"));
        let code = super::generate_file(&api, 1).to_string();
        assert!(code.contains("const __SECRET_MEMBERS : & [& str] = & [\"k\" , \"s\"] ;"), "{code}");
    }

    /// A `url` field shows through the runtime's filter, required or optional; `secret` wins over it.
    #[test]
    fn url_fields_show_through_the_filter() {
        let table = "/// A.\nmodel A\n  /// R.\n  field r: string url\n  /// O.\n  field o?: string url\n  \
                     /// S.\n  field s?: string secret url\n";
        let code = super::generate(&crate::load_str("t.table", table).expect("valid table")).to_string();
        assert!(code.contains("d . field (\"r\" , & crate :: __rt :: UrlDebug (& self . r))"), "{code}");
        assert!(
            code.contains("d . field (\"o\" , & self . o . as_deref () . map (crate :: __rt :: UrlDebug))"),
            "{code}"
        );
        assert!(
            code.contains("d . field (\"s\" , & self . s . as_ref () . map (| _ | crate :: __rt :: Redacted))"),
            "{code}"
        );
    }

    /// Retry safety comes from the method and the `once` flag; a `secret` parameter gets a `Debug` that
    /// hides it while the others stay derived.
    #[test]
    fn descriptions_read_once_and_params_hide_secret_members() {
        let table = "/// P.\nPUT /a put_a -> ()\n/// Q.\nPUT /b put_once -> () once\n/// R.\nPOST /c post_c -> ()\n\
                     /// S.\nGET /d get_d query code?: string secret, query scope?: string -> ()\n\
                     /// T.\nGET /e get_e query scope?: string -> ()\n";
        let code = super::generate(&crate::load_str("t.table", table).expect("valid table")).to_string();
        let safe = |name: &str| {
            let start = code.find(&format!("static __OP_{} ", name.to_uppercase())).expect("described");
            code[start..].split("retry_safe : ").nth(1).unwrap_or_default().starts_with("true")
        };
        assert!(safe("put_a") && !safe("put_once") && !safe("post_c") && safe("get_d"), "{code}");
        assert!(
            code.contains("d . field (\"code\" , & self . code . as_ref () . map (| _ | crate :: __rt :: Redacted))")
        );
        assert!(code.contains("d . field (\"scope\" , & self . scope)"), "{code}");
        assert!(
            code.contains("# [derive (Debug , Clone , Default , PartialEq)] # [non_exhaustive] pub struct GetEParams")
        );
    }

    #[test]
    fn only_enums_used_as_parameters_implement_param_value() {
        let code = generated();
        assert!(code.contains("str_enum_impls ! (Kind , \"a Kind string\" param)"), "{code}");
        assert!(code.contains("str_enum_impls ! (Colour , \"a Colour string\")"), "{code}");
    }
}
