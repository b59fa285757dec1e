//! Rust code for a checked [`Api`]: models with hand-rolled serde impls, options structs and client methods.
//!
//! The output names runtime helpers as `crate::__rt::*`, `crate::Client`, `crate::Error`, `crate::Page` and
//! `crate::PageStream`, so it is meant to be expanded inside the `ory-hydra-v1-client` crate. Models and options
//! structs refer to each other by bare name: all the output for one `Api` lands in the same module.

use proc_macro2::{Ident, Span, TokenStream};
use quote::{format_ident, quote};

use crate::contract;
use crate::ir::{
    Api, Auth, Availability, Enum, Field, Location, Model, Operation, Paging, Param, Return, Segment, Type,
};

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
    // One list of the operations of every table, emitted with the last file, so it exists even without any.
    let list = if file + 1 == api.files.len().max(1) { operations_list(api) } else { quote!() };
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

/// Whether Hydra answers `op` with 409 Conflict (v1.2) or 410 Gone (later v1) once the login, consent or
/// logout request it acts on has been handled. Every operation on such a request, and no other, lives
/// under `/oauth2/auth/requests/`, so the path decides and a new table line is classified with no
/// list to keep up to date.
fn answers_already_handled(op: &Operation) -> bool {
    op.path.starts_with(contract::HANDLED_REQUESTS_PATH_PREFIX)
}

/// The `static` description of `op` that its method starts its call from (`crate::Operation`).
fn description(op: &Operation) -> TokenStream {
    let name = ident(&contract::operation_static(&op.name));
    let (op_name, path) = (&op.name, &op.path);
    let method = ident(op.method.as_str());
    let credentials = match &op.auth {
        Auth::Admin => quote!(Admin),
        Auth::Public => quote!(None),
        Auth::Client => quote!(Client),
        Auth::Bearer(arg) => quote!(Bearer { argument: #arg }),
    };
    let path_params = op.segments.iter().filter_map(|s| match s {
        Segment::Param(p) => Some(p.as_str()),
        Segment::Literal(_) => None,
    });
    let paging = match op.paging {
        Paging::None => quote!(None),
        Paging::Offset => quote!(Offset),
    };
    let handled = if answers_already_handled(op) {
        quote!(&[crate::StatusCode::CONFLICT, crate::StatusCode::GONE])
    } else {
        quote!(&[])
    };
    let retry_safe = op.retry_safe();
    let (since, until) = (version(op.availability.since), version(op.availability.until));
    let doc = format!(" What the tables say about [`Client::{op_name}`](crate::Client::{op_name}).");
    quote! {
        #[doc = #doc]
        pub(crate) static #name: crate::Operation = crate::Operation {
            name: #op_name,
            method: crate::__rt::Method::#method,
            credentials: crate::__rt::Credentials::#credentials,
            path: #path,
            path_params: &[#(#path_params),*],
            paging: crate::__rt::Paging::#paging,
            already_handled: #handled,
            retry_safe: #retry_safe,
            since: #since,
            until: #until,
        };
    }
}

/// A marker's version as a runtime value.
fn version(v: Option<crate::ir::ServerVersion>) -> TokenStream {
    match v {
        Some(v) => {
            let (major, minor, patch) = v.number;
            quote!(::core::option::Option::Some(crate::__rt::ServerVersion::new(#major, #minor, #patch)))
        }
        None => quote!(::core::option::Option::None),
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

fn ident(name: &str) -> Ident {
    Ident::new(name, Span::call_site())
}

fn doc_attrs(lines: &[String]) -> TokenStream {
    let lines = lines.iter().map(|l| format!(" {l}"));
    quote!(#(#[doc = #lines])*)
}

/// The Rust type of a value of `ty` (without the `Option` of an optional field).
fn rust_type(ty: &Type) -> TokenStream {
    match ty {
        Type::String => quote!(::std::string::String),
        Type::Bool => quote!(bool),
        Type::I64 => quote!(i64),
        Type::F64 => quote!(f64),
        Type::DateTime => quote!(crate::__rt::DateTime),
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

fn field_type(f: &Field) -> TokenStream {
    let ty = rust_type(&f.ty);
    if f.required {
        ty
    } else {
        quote!(::core::option::Option<#ty>)
    }
}

/// The argument type a setter or constructor takes for a value of `ty`, and how to turn it into `ty`.
fn setter_arg(ty: &Type, arg: &Ident) -> (TokenStream, TokenStream) {
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

/// A string enumeration: one variant per known value plus `Other`, which keeps anything else the
/// server sends so nothing is lost. Known values decode without allocating. The trait impls come from
/// one runtime macro, and decoding goes through one shared, non-generic visitor that returns the
/// value's position, so each enum adds little to compile: no serde_json code is instantiated per enum.
fn enumeration(e: &Enum, as_param: bool) -> TokenStream {
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

fn model(m: &Model) -> TokenStream {
    let name = ident(&m.name);
    let key_fn = ident(&contract::key_fn(&m.name));
    let rust_names: Vec<Ident> = m.fields.iter().map(|f| ident(&f.rust_name)).collect();
    let key_fn_item = key_fn_item(m, &key_fn);
    let struct_item = model_struct(m, &name, &rust_names);
    let inherent = model_constructors(m, &name, &rust_names);
    let debug = debug_impl(m, &name, &rust_names);
    let de = deserialize_impl(m, &name, &key_fn, &rust_names);
    let ser = serialize_impl(m, &name, &key_fn, &rust_names);
    quote! {
        #key_fn_item
        #struct_item
        #inherent
        #debug
        #de
        #ser
    }
}

/// The free function that maps a JSON member name to the position of a field of `m`.
fn key_fn_item(m: &Model, key_fn: &Ident) -> TokenStream {
    let json_names: Vec<&str> = m.fields.iter().map(|f| f.json_name.as_str()).collect();
    let positions = 0..json_names.len();
    quote! {
        /// Position of a JSON member name among the model's fields. A `match` compiles to length and
        /// byte comparisons, far cheaper per key than scanning a list of names.
        fn #key_fn(name: &str) -> ::core::option::Option<usize> {
            match name {
                #(#json_names => ::core::option::Option::Some(#positions),)*
                _ => ::core::option::Option::None,
            }
        }
    }
}

/// The struct of a model, with the map of unknown members last, and its `Default`.
fn model_struct(m: &Model, name: &Ident, rust_names: &[Ident]) -> TokenStream {
    let doc = doc_attrs(&m.doc);
    let extra = ident(contract::EXTRA_FIELD);
    let struct_fields = m.fields.iter().zip(rust_names).map(|(f, n)| {
        let doc = doc_attrs(&with_availability(&f.doc, f.availability));
        let ty = field_type(f);
        quote!(#doc pub #n: #ty,)
    });
    let defaults = m.fields.iter().zip(rust_names).map(|(f, n)| match &f.ty {
        Type::DateTime if f.required => quote!(#n: crate::__rt::DateTime::UNIX_EPOCH,),
        // A string enum has no natural default; a required one starts as the empty wire value.
        Type::Enum(name) if f.required => {
            let e = ident(name);
            quote!(#n: #e::Other(::std::string::String::new()),)
        }
        _ => quote!(#n: ::core::default::Default::default(),),
    });
    let extra_doc = " Members the server sent that this version of the client does not model, each kept as the \
                     exact JSON text received, in order. They are sent back unchanged when the value is serialized, \
                     so a read-modify-write cycle keeps them; `Debug` shows only their names.";
    quote! {
        #doc
        #[derive(Clone, PartialEq)]
        #[non_exhaustive]
        pub struct #name {
            #(#struct_fields)*
            #[doc = #extra_doc]
            pub #extra: crate::__rt::UnknownMembers,
        }

        impl ::core::default::Default for #name {
            fn default() -> Self {
                Self { #(#defaults)* #extra: crate::__rt::UnknownMembers::new() }
            }
        }
    }
}

/// A constructor over the required fields, then one `with_*` setter per field.
fn model_constructors(m: &Model, name: &Ident, rust_names: &[Ident]) -> TokenStream {
    let required: Vec<(&Field, &Ident)> = m.fields.iter().zip(rust_names).filter(|(f, _)| f.required).collect();
    let ctor_args = required.iter().map(|(f, n)| {
        let (ty, _) = setter_arg(&f.ty, n);
        quote!(#n: #ty)
    });
    let ctor_sets = required.iter().map(|(f, n)| {
        let (_, conv) = setter_arg(&f.ty, n);
        quote!(#n: #conv,)
    });
    let ctor_doc = if required.is_empty() {
        format!(" Creates a new, empty `{}`; fill it with the `with_*` setters.", m.name)
    } else {
        let names: Vec<String> = required.iter().map(|(f, _)| format!("`{}`", f.rust_name)).collect();
        format!(
            " Creates a new `{}` from its required fields ({}); everything else starts empty.",
            m.name,
            names.join(", ")
        )
    };
    let setters = m.fields.iter().zip(rust_names).map(|(f, n)| model_setter(f, n));
    quote! {
        impl #name {
            #[doc = #ctor_doc]
            #[must_use]
            pub fn new(#(#ctor_args),*) -> Self {
                Self { #(#ctor_sets)* ..::core::default::Default::default() }
            }
            #(#setters)*
        }
    }
}

/// The `with_*` setter of field `f` (Rust name `n`).
fn model_setter(f: &Field, n: &Ident) -> TokenStream {
    let setter = format_ident!("with_{}", f.rust_name);
    let value = ident("value");
    let (ty, conv) = setter_arg(&f.ty, &value);
    let store = if f.required { conv } else { quote!(::core::option::Option::Some(#conv)) };
    let doc = format!(" Returns `self` with [`{}`](Self::{}) set.", f.rust_name, f.rust_name);
    quote! {
        #[doc = #doc]
        #[must_use]
        pub fn #setter(mut self, #value: #ty) -> Self {
            self.#n = #store;
            self
        }
    }
}

/// `Debug` that shows `secret` fields as redacted and the unknown members after the known ones.
fn debug_impl(m: &Model, name: &Ident, rust_names: &[Ident]) -> TokenStream {
    let extra = ident(contract::EXTRA_FIELD);
    let debug_fields = m.fields.iter().zip(rust_names).map(|(f, n)| debug_field(&f.rust_name, n, f.secret, f.required));
    let name_str = &m.name;
    quote! {
        impl ::core::fmt::Debug for #name {
            fn fmt(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
                let mut d = f.debug_struct(#name_str);
                #(#debug_fields)*
                crate::__rt::debug_extra(&mut d, &self.#extra);
                d.finish()
            }
        }
    }
}

/// A visitor that matches known keys by position and keeps every other member in `extra`, which is
/// what `#[serde(flatten)]` would do without buffering the whole object first.
fn deserialize_impl(m: &Model, name: &Ident, key_fn: &Ident, rust_names: &[Ident]) -> TokenStream {
    let slots: Vec<Ident> = (0..m.fields.len()).map(|i| format_ident!("__f{}", i)).collect();
    let decls = m.fields.iter().zip(&slots).map(|(f, s)| {
        let wire = wire_type(f);
        quote!(let mut #s: ::core::option::Option<#wire> = ::core::option::Option::None;)
    });
    let arms = m.fields.iter().zip(&slots).enumerate().map(|(i, (f, s))| {
        let json = &f.json_name;
        quote! {
            crate::__rt::Key::Known(#i) => {
                if #s.is_some() {
                    return ::core::result::Result::Err(<__A::Error as ::serde::de::Error>::duplicate_field(#json));
                }
                #s = ::core::option::Option::Some(__map.next_value()?);
            }
        }
    });
    let finish = m.fields.iter().zip(&slots).zip(rust_names).map(|((f, s), n)| {
        let json = &f.json_name;
        let missing = quote!(<__A::Error as ::serde::de::Error>::missing_field(#json));
        let value = match (f.required, f.ty == Type::DateTime, f.ty.is_nullable_container()) {
            (false, true, _) => quote!(#s.flatten().map(|w| w.0)),
            (false, false, _) => quote!(#s.flatten()),
            (true, _, true) => quote!(#s.flatten().unwrap_or_default()),
            (true, true, _) => quote!(#s.ok_or_else(|| #missing)?.0),
            (true, false, false) => quote!(#s.ok_or_else(|| #missing)?),
        };
        quote!(#n: #value,)
    });
    let expecting = contract::model_expecting(&m.name);
    let extra = ident(contract::EXTRA_FIELD);
    quote! {
        impl<'de> ::serde::Deserialize<'de> for #name {
            fn deserialize<__D: ::serde::Deserializer<'de>>(deserializer: __D) -> ::core::result::Result<Self, __D::Error> {
                struct __Visitor;
                impl<'de> ::serde::de::Visitor<'de> for __Visitor {
                    type Value = #name;
                    fn expecting(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
                        f.write_str(#expecting)
                    }
                    fn visit_map<__A: ::serde::de::MapAccess<'de>>(self, mut __map: __A) -> ::core::result::Result<#name, __A::Error> {
                        #(#decls)*
                        let mut #extra = crate::__rt::UnknownMembers::new();
                        while let ::core::option::Option::Some(key) = __map.next_key_seed(crate::__rt::KeySeed(#key_fn))? {
                            match key {
                                #(#arms)*
                                crate::__rt::Key::Known(_) => {
                                    __map.next_value::<::serde::de::IgnoredAny>()?;
                                }
                                crate::__rt::Key::Unknown(k) => {
                                    #extra.__push(k, __map.next_value::<crate::__rt::RawMember>()?);
                                }
                            }
                        }
                        ::core::result::Result::Ok(#name { #(#finish)* #extra })
                    }
                }
                deserializer.deserialize_map(__Visitor)
            }
        }
    }
}

/// What a field slot holds while decoding: `null` is accepted wherever a value may be absent.
fn wire_type(f: &Field) -> TokenStream {
    let inner = if f.ty == Type::DateTime { quote!(crate::__rt::Rfc3339) } else { rust_type(&f.ty) };
    if !f.required || f.ty.is_nullable_container() {
        quote!(::core::option::Option<#inner>)
    } else {
        inner
    }
}

fn serialize_impl(m: &Model, name: &Ident, key_fn: &Ident, rust_names: &[Ident]) -> TokenStream {
    let entries = m.fields.iter().zip(rust_names).map(|(f, n)| {
        let json = &f.json_name;
        let wrap = |v: TokenStream| {
            if f.ty == Type::DateTime {
                quote!(&crate::__rt::Rfc3339Ref(#v))
            } else {
                v
            }
        };
        if f.required {
            let v = wrap(quote!(&self.#n));
            quote!(__map.serialize_entry(#json, #v)?;)
        } else {
            let v = wrap(quote!(v));
            quote! {
                if let ::core::option::Option::Some(v) = &self.#n {
                    __map.serialize_entry(#json, #v)?;
                }
            }
        }
    });
    let extra = ident(contract::EXTRA_FIELD);
    quote! {
        impl ::serde::Serialize for #name {
            fn serialize<__S: ::serde::Serializer>(&self, serializer: __S) -> ::core::result::Result<__S::Ok, __S::Error> {
                use ::serde::ser::SerializeMap as _;
                let mut __map = serializer.serialize_map(::core::option::Option::None)?;
                #(#entries)*
                crate::__rt::serialize_extra(&mut __map, &self.#extra, #key_fn)?;
                __map.end()
            }
        }
    }
}

fn params_struct_name(op: &Operation) -> Ident {
    ident(&contract::params_struct(&op.name))
}

fn param_doc(p: &Param) -> String {
    let text = match &p.doc {
        Some(d) if !d.is_empty() => format!(" {d}"),
        _ => format!(" The `{}` {} parameter.", p.name, p.location.as_str()),
    };
    match p.availability.doc_line() {
        Some(line) => format!("{text} {line}"),
        None => text,
    }
}

/// `doc` followed by the sentence saying which Hydra releases have the item, when it is not all of v1.
fn with_availability(doc: &[String], availability: Availability) -> Vec<String> {
    let mut doc = doc.to_vec();
    if let Some(line) = availability.doc_line() {
        doc.extend([String::new(), line]);
    }
    doc
}

fn params_struct(op: &Operation) -> Option<TokenStream> {
    let params: Vec<&Param> = op.optional_params().collect();
    if params.is_empty() {
        return None;
    }
    let name = params_struct_name(op);
    let doc = format!(
        " Optional parameters of [`Client::{op}`](crate::Client::{op}). Start from `default()` and chain the setters.",
        op = op.name
    );
    let fields = params.iter().map(|p| {
        let n = ident(&p.name);
        let ty = rust_type(&p.ty);
        let doc = param_doc(p);
        quote!(#[doc = #doc] pub #n: ::core::option::Option<#ty>,)
    });
    let setters = params.iter().map(|p| {
        let n = ident(&p.name);
        let value = ident("value");
        let (ty, conv) = setter_arg(&p.ty, &value);
        let doc = format!(" Sets [`{}`](Self::{}).", p.name, p.name);
        quote! {
            #[doc = #doc]
            #[must_use]
            pub fn #n(mut self, #value: #ty) -> Self {
                self.#n = ::core::option::Option::Some(#conv);
                self
            }
        }
    });
    let (derive_debug, debug) = params_debug(&name, &params);
    Some(quote! {
        #[doc = #doc]
        #[derive(#derive_debug Clone, Default, PartialEq)]
        #[non_exhaustive]
        pub struct #name {
            #(#fields)*
        }

        impl #name {
            #(#setters)*
        }

        #debug
    })
}

/// A parameter struct's `Debug`: derived, or written out when a `secret` parameter must show as redacted.
fn params_debug(name: &Ident, params: &[&Param]) -> (TokenStream, TokenStream) {
    if !params.iter().any(|p| p.secret) {
        return (quote!(Debug,), quote!());
    }
    let fields = params.iter().map(|p| debug_field(&p.name, &ident(&p.name), p.secret, false));
    let name_str = name.to_string();
    let debug = quote! {
        impl ::core::fmt::Debug for #name {
            fn fmt(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
                let mut d = f.debug_struct(#name_str);
                #(#fields)*
                d.finish()
            }
        }
    };
    (quote!(), debug)
}

/// The `d.field(..)` statement of one member named `shown` (Rust field `n`): a secret one shows as
/// redacted, or as `None` when it is optional and unset.
fn debug_field(shown: &str, n: &Ident, secret: bool, required: bool) -> TokenStream {
    match (secret, required) {
        (true, true) => quote!(d.field(#shown, &crate::__rt::Redacted);),
        (true, false) => quote!(d.field(#shown, &self.#n.as_ref().map(|_| crate::__rt::Redacted));),
        (false, _) => quote!(d.field(#shown, &self.#n);),
    }
}

/// How a required parameter is taken by the method, and whether that type is already a reference (the
/// one place that decides both, so a value is borrowed exactly when it is not one).
fn arg_type(ty: &Type) -> (TokenStream, bool) {
    match ty {
        Type::String => (quote!(&str), true),
        Type::Model(_) => {
            let ty = rust_type(ty);
            (quote!(&#ty), true)
        }
        Type::Array(inner) if matches!(**inner, Type::Model(_)) => {
            let inner = rust_type(inner);
            (quote!(&[#inner]), true)
        }
        other => (rust_type(other), false),
    }
}

/// `arg` as a reference, for the `Call` methods that take one.
fn borrowed(ty: &Type, arg: &Ident) -> TokenStream {
    if arg_type(ty).1 {
        quote!(#arg)
    } else {
        quote!(&#arg)
    }
}

/// The credential argument an `auth client` or `auth bearer` operation takes, and the statement that
/// puts it on the call.
fn auth_arg(auth: &Auth) -> Option<(TokenStream, TokenStream)> {
    match auth {
        Auth::Admin | Auth::Public => None,
        Auth::Client => {
            let n = ident(contract::CREDENTIALS_ARG);
            Some((quote!(#n: &crate::ClientCredentials), quote!(__call.client_credentials(#n);)))
        }
        Auth::Bearer(name) => {
            let n = ident(name);
            Some((quote!(#n: &str), quote!(__call.bearer(#n);)))
        }
    }
}

/// Doc lines that say which API the operation belongs to and what it sends.
fn auth_doc(op: &Operation) -> Vec<String> {
    let route = format!("`{} {}`", op.method.as_str(), op.path);
    let line = match &op.auth {
        Auth::Admin => format!("Sends {route} to the Admin API, with the credentials configured on the client."),
        Auth::Public => format!("Sends {route} to the Public API, without credentials."),
        Auth::Client => format!(
            "Sends {route} to the Public API, authenticated with the OAuth 2.0 client `{}` given here (never \
             with the client's admin credentials).",
            contract::CREDENTIALS_ARG
        ),
        Auth::Bearer(arg) => format!(
            "Sends {route} to the Public API with `{arg}` as its bearer token (never with the client's admin \
             credentials)."
        ),
    };
    let mut doc = vec![line];
    if op.ret == Return::Redirect {
        doc.push(String::new());
        doc.push(format!(
            "The answer is a redirect, which is not followed: the result says where the server sends the browser. \
             The cookies in `{}` are sent, and the cookies the answer sets are stored there.",
            contract::COOKIES_ARG
        ));
    }
    doc
}

/// Statements that put one parameter's value on the call; `value` is an expression of type `&T`. Path
/// parameters are placed by [`path_statements`], in path order, so they have none here.
fn apply_param(p: &Param, value: TokenStream) -> TokenStream {
    let name = &p.name;
    match p.location {
        Location::Path => TokenStream::new(),
        Location::Query => quote!(__call.query(#name, #value);),
        Location::Form => quote!(__call.form(#name, #value);),
        Location::Body => quote!(__call.json(#value);),
    }
}

/// The paragraph of an operation's `# Errors` section about path parameters the client refuses.
fn path_param_errors_doc(op: &Operation) -> Vec<String> {
    let names: Vec<String> = op
        .segments
        .iter()
        .filter_map(|s| match s {
            Segment::Param(p) => Some(format!("`{p}`")),
            Segment::Literal(_) => None,
        })
        .collect();
    if names.is_empty() {
        return Vec::new();
    }
    vec![
        String::new(),
        format!(
            "Refuses, before sending anything, a value of {} that Hydra could not route as one path segment: empty, \
             `.`, `..`, or containing `/` (Hydra decodes `%2F` before routing, so such a value would reach \
             another resource). The error is [`ErrorKind::InvalidInput`](crate::ErrorKind::InvalidInput) and names \
             the operation and the parameter, never the value. Any other character is percent-encoded and \
             arrives intact.",
            names.join(" or ")
        ),
    ]
}

fn method(op: &Operation) -> TokenStream {
    let name = ident(&op.name);
    let description = ident(&contract::operation_static(&op.name));
    let doc = doc_attrs(&method_doc(op));
    let (args, params_build) = arguments(op);
    let path_build = path_statements(op);
    let prelude = quote! {
        let mut __call = crate::__rt::Call::new(self, &#description);
        #(#path_build)*
        #(#params_build)*
    };
    let ok = match &op.ret {
        Return::Unit => quote!(()),
        Return::Text => quote!(::std::string::String),
        Return::Redirect => quote!(crate::Redirect),
        Return::Json(ty) => rust_type(ty),
        Return::Page(model) => return page_methods(op, &doc, &args, &prelude, &ident(model)),
    };
    let cookies = ident(contract::COOKIES_ARG);
    let send = match &op.ret {
        Return::Unit => quote!(__call.send_unit()),
        Return::Text => quote!(__call.send_text()),
        Return::Redirect => quote!(__call.send_redirect(#cookies)),
        _ => quote!(__call.send_json::<#ok>()),
    };
    quote! {
        #doc
        pub async fn #name(&self, #(#args),*) -> ::core::result::Result<#ok, crate::Error> {
            #prelude
            #send.await
        }
    }
}

/// The documentation of an operation's method: the table's lines, the request, the documented
/// required arguments and the errors.
fn method_doc(op: &Operation) -> Vec<String> {
    let mut doc = with_availability(&op.doc, op.availability);
    doc.push(String::new());
    doc.extend(auth_doc(op));
    let mut documented: Vec<(&str, String)> = op
        .required_params()
        .filter(|p| p.doc.is_some() || p.availability.doc_line().is_some())
        .map(|p| (p.name.as_str(), param_doc(p)))
        .collect();
    if let (Auth::Bearer(arg), Some(text)) = (&op.auth, &op.auth_doc) {
        documented.insert(op.auth_position.min(documented.len()), (arg, format!(" {text}")));
    }
    if !documented.is_empty() {
        doc.push(String::new());
        doc.push("# Arguments".into());
        for (name, text) in documented {
            doc.push(format!("- `{name}`:{text}"));
        }
    }
    doc.push(String::new());
    doc.push("# Errors".into());
    doc.push(
        "Fails with [`Error`](crate::Error) when the request cannot be sent, the server answers with a \
         status outside 2xx, or the body does not decode."
            .into(),
    );
    doc.extend(path_param_errors_doc(op));
    if answers_already_handled(op) {
        doc.push(String::new());
        doc.push(
            "When the request was already handled, [`Error::is_already_handled`](crate::Error::is_already_handled) \
             is true and [`Error::redirect_to`](crate::Error::redirect_to) may say where to send the user."
                .into(),
        );
    }
    doc
}

/// Statements that put the path on the call, one per literal piece or `{name}` placeholder.
fn path_statements(op: &Operation) -> Vec<TokenStream> {
    op.segments
        .iter()
        .map(|seg| match seg {
            Segment::Literal(text) => quote!(__call.path(#text);),
            Segment::Param(p) => {
                let value = match op.params.iter().find(|q| &q.name == p) {
                    Some(q) => borrowed(&q.ty, &ident(p)),
                    None => TokenStream::new(),
                };
                quote!(__call.path_param(#p, #value);)
            }
        })
        .collect()
}

/// The method's arguments (a redirect's cookie jar, required parameters with the credential argument in
/// the `auth` item's place, then the options struct) and the statements that put the non-path parameters
/// and credentials on the call. A listing's `limit` and `offset` go to the pager instead.
fn arguments(op: &Operation) -> (Vec<TokenStream>, Vec<TokenStream>) {
    let mut args = Vec::new();
    let mut build = Vec::new();
    if op.ret == Return::Redirect {
        let n = ident(contract::COOKIES_ARG);
        args.push(quote!(#n: &mut crate::Cookies));
    }
    let mut auth = auth_arg(&op.auth);
    for (i, p) in op.params.iter().enumerate() {
        if i == op.auth_position {
            if let Some((arg, apply)) = auth.take() {
                args.push(arg);
                build.push(apply);
            }
        }
        let n = ident(&p.name);
        if p.required {
            let (ty, _) = arg_type(&p.ty);
            args.push(quote!(#n: #ty));
            build.push(apply_param(p, borrowed(&p.ty, &n)));
        } else if !op.paging.params().contains(&p.name.as_str()) {
            let apply = apply_param(p, quote!(v));
            build.push(quote! {
                if let ::core::option::Option::Some(v) = &params.#n {
                    #apply
                }
            });
        }
    }
    if let Some((arg, apply)) = auth {
        args.push(arg);
        build.push(apply);
    }
    if op.optional_params().next().is_some() {
        let ps = params_struct_name(op);
        args.push(quote!(params: #ps));
    }
    (args, build)
}

/// A `page<Model>` operation's two methods: one page, and every item as a stream.
fn page_methods(
    op: &Operation,
    doc: &TokenStream,
    args: &[TokenStream],
    prelude: &TokenStream,
    model: &Ident,
) -> TokenStream {
    let name = ident(&op.name);
    let stream = ident(&contract::stream_method(&op.name));
    let stream_doc = format!(
        " Every item of [`{}`](Self::{}), page after page, as a stream.\n\n Starts at `params.offset` \
         (default 0) and asks for `params.limit` items per page (server default when unset). Follows the \
         `next` links but stops on an empty page, a missing or repeated `next` link, or an offset at or \
         past `X-Total-Count`, since Hydra sends a `next` link even for an empty listing. An error ends \
         the stream after it is yielded.",
        op.name, op.name
    );
    quote! {
        #doc
        pub async fn #name(&self, #(#args),*) -> ::core::result::Result<crate::Page<#model>, crate::Error> {
            #prelude
            __call.send_page::<#model>(params.limit, params.offset).await
        }

        #[doc = #stream_doc]
        pub fn #stream(&self, #(#args),*) -> crate::PageStream<#model> {
            #prelude
            __call.into_stream::<#model>(params.limit, params.offset)
        }
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
                     /// Reads a login request.\nGET /oauth2/auth/requests/login/x read_login query c: string -> ()\n";
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
        assert!(thing.contains("already_handled : & []") && thing.contains("retry_safe : true"), "{thing}");
        assert!(login.contains("StatusCode :: CONFLICT , crate :: StatusCode :: GONE"), "{login}");
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

    #[test]
    fn only_enums_used_as_parameters_implement_param_value() {
        let code = generated();
        assert!(code.contains("str_enum_impls ! (Kind , \"a Kind string\" param)"), "{code}");
        assert!(code.contains("str_enum_impls ! (Colour , \"a Colour string\")"), "{code}");
    }
}
