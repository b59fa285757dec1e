//! Models: the struct, its constructors and setters, `Debug` that hides secrets, and hand-rolled serde
//! impls that keep unknown members.

use proc_macro2::{Ident, TokenStream};
use quote::{format_ident, quote};

use super::{debug_field, doc_attrs, ident, rust_type, setter_arg, with_availability, Shown};
use crate::contract;
use crate::ir::{Field, Model, Type};

pub(super) fn model(m: &Model) -> TokenStream {
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
        let mut lines = with_availability(&f.doc, f.availability);
        if f.always {
            lines.push(String::new());
            lines.push(
                "The server always sends it (its zero value stands in when an answer lacks it); a request \
                 body leaves it out while it is zero, which Hydra reads the same way."
                    .into(),
            );
        }
        let doc = doc_attrs(&lines);
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
            #[inline]
            fn default() -> Self {
                Self { #(#defaults)* #extra: crate::__rt::UnknownMembers::new() }
            }
        }
    }
}

/// A constructor over the required fields, then one `with_*` setter per field.
///
/// These, `Default` and `Debug` are `#[inline]` for the reason the operations are (see `operations::method`):
/// they compile where they are used, and not at all for the many models a program never builds by hand.
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
    let plain: Vec<&str> = m.fields.iter().filter(|f| f.is_plain()).map(|f| f.json_name.as_str()).collect();
    let plain_doc = format!(
        " The JSON members of `{}` that every answer carries, as the table declares them (required or \
         `always`; a member with a version marker only in the releases that have it), in table order. \
         Every other member may be missing. Tools and tests read this list instead of keeping their own.",
        m.name
    );
    quote! {
        impl #name {
            #[doc = #plain_doc]
            pub const REQUIRED_MEMBERS: &'static [&'static str] = &[#(#plain),*];
            #[doc = #ctor_doc]
            #[must_use]
            #[inline]
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
    let store = if f.is_plain() { conv } else { quote!(::core::option::Option::Some(#conv)) };
    let doc = format!(" Returns `self` with [`{}`](Self::{}) set.", f.rust_name, f.rust_name);
    quote! {
        #[doc = #doc]
        #[must_use]
        #[inline]
        pub fn #setter(mut self, #value: #ty) -> Self {
            self.#n = #store;
            self
        }
    }
}

/// How `Debug` shows field `f`, by its flags.
fn shown(f: &Field) -> Shown {
    match (f.secret, f.url) {
        (true, _) => Shown::Redacted,
        (false, true) => Shown::Url,
        (false, false) => Shown::Plain,
    }
}

/// `Debug` that shows `secret` fields as redacted, `url` fields without their secret parameters, and the
/// unknown members after the known ones.
fn debug_impl(m: &Model, name: &Ident, rust_names: &[Ident]) -> TokenStream {
    let extra = ident(contract::EXTRA_FIELD);
    let debug_fields =
        m.fields.iter().zip(rust_names).map(|(f, n)| debug_field(&f.rust_name, n, shown(f), f.is_plain()));
    let name_str = &m.name;
    quote! {
        impl ::core::fmt::Debug for #name {
            #[inline]
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
        quote!(crate::__rt::Key::Known(#i) => crate::__rt::fill(&mut #s, &mut __map, #json),)
    });
    let finish = m.fields.iter().zip(&slots).zip(rust_names).map(|((f, s), n)| {
        let json = &f.json_name;
        let value = match (f.required, f.ty == Type::DateTime, f.ty.is_nullable_container()) {
            // Absent or `null` in an answer: the zero value, as Go reads it.
            _ if f.always => quote!(crate::__rt::zero(#s)),
            (false, true, _) => quote!(crate::__rt::opt_time(#s)),
            (false, false, _) => quote!(crate::__rt::opt(#s)),
            (true, _, true) => quote!(crate::__rt::zero(#s)),
            (true, true, _) => quote!(crate::__rt::need_time(#s, #json)?),
            (true, false, false) => quote!(crate::__rt::need(#s, #json)?),
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
                                crate::__rt::Key::Known(_) => crate::__rt::skip(&mut __map),
                                crate::__rt::Key::Unknown(k) => crate::__rt::keep(&mut #extra, k, &mut __map),
                            }?;
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
        if f.always {
            // Left out when zero, as Go's `omitempty` does: a Go server reads a missing member as zero.
            quote! {
                if !crate::__rt::IsZero::is_zero(&self.#n) {
                    __map.serialize_entry(#json, &self.#n)?;
                }
            }
        } else if f.required {
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

fn field_type(f: &Field) -> TokenStream {
    let ty = rust_type(&f.ty);
    if f.is_plain() {
        ty
    } else {
        quote!(::core::option::Option<#ty>)
    }
}
