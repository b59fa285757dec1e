//! Operations: the `static` description each call starts from, the options struct of the optional
//! parameters, and the `Client` method (two for a listing).

use proc_macro2::{Ident, TokenStream};
use quote::quote;

use super::{debug_field, doc_attrs, ident, rust_type, setter_arg, with_availability, Shown};
use crate::contract;
use crate::ir::{Auth, Location, Operation, Paging, Param, Return, Segment, Type};

/// The `errors` and `answers` members of `op`'s description.
fn answer_facts(op: &Operation) -> (TokenStream, TokenStream) {
    let errors = match &op.errors {
        Some(model) => quote!(::core::option::Option::Some(#model)),
        None => quote!(::core::option::Option::None),
    };
    let answers = op.answers.iter().map(|a| {
        let (status, model, handled) = (a.status, &a.model, a.handled);
        quote! {
            crate::__rt::Answer {
                status: #status,
                model: #model,
                handled: #handled,
            }
        }
    });
    (errors, quote!(&[#(#answers),*]))
}

/// The `static` description of `op` that its method starts its call from (`crate::Operation`).
pub(super) fn description(op: &Operation) -> TokenStream {
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
    let paging = paging_variant(op.paging);
    let (errors, answers) = answer_facts(op);
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
            errors: #errors,
            answers: #answers,
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

pub(super) fn params_struct(op: &Operation) -> Option<TokenStream> {
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
            #[inline]
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
    let fields = params.iter().map(|p| {
        let how = if p.secret { Shown::Redacted } else { Shown::Plain };
        debug_field(&p.name, &ident(&p.name), how, false)
    });
    let name_str = name.to_string();
    let debug = quote! {
        impl ::core::fmt::Debug for #name {
            #[inline]
            fn fmt(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
                let mut d = f.debug_struct(#name_str);
                #(#fields)*
                d.finish()
            }
        }
    };
    (quote!(), debug)
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

pub(super) fn method(op: &Operation) -> TokenStream {
    let name = ident(&op.name);
    let description = ident(&contract::operation_static(&op.name));
    let doc = doc_attrs(&method_doc(op));
    let (args, params_build) = arguments(op);
    let path_build = path_statements(op);
    let needs = op.needs.iter().map(|group| {
        let set = group.iter().map(|n| {
            let n = ident(n);
            quote!(params.#n.is_some())
        });
        quote!(__call.needs_one_of(&[#(#group),*], #(#set)||*);)
    });
    let prelude = quote! {
        let mut __call = crate::__rt::Call::new(self, &#description);
        #(#needs)*
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
    // `#[inline]` makes the method (and the decoding and sending code its future instantiates) compile in
    // the crate that calls it, and only if something calls it: a user of five operations does not compile
    // the other forty, and the client crate itself compiles in a fraction of the time (issue 23). A crate
    // that calls an operation compiles it once however often it calls it (debug builds share one copy).
    quote! {
        #doc
        #[inline]
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
    for group in &op.needs {
        let names: Vec<String> = group.iter().map(|n| format!("`{n}`")).collect();
        doc.push(String::new());
        doc.push(format!(
            "At least one of {} must be set in `params`: without any, the call fails with \
             [`ErrorKind::InvalidInput`](crate::ErrorKind::InvalidInput) before anything is sent.",
            names.join(", ")
        ));
    }
    doc.extend(answers_doc(op));
    if !op.retry_safe() {
        doc.push(String::new());
        doc.push(
            "A [retry policy](crate::RetryPolicy) sends this request again only when the connection could not be \
             opened: once it may have reached the server, a second copy would not be harmless."
                .into(),
        );
    }
    doc
}

/// What the method's docs say of the error bodies and `on` answers the table names for `op`.
fn answers_doc(op: &Operation) -> Vec<String> {
    let mut doc = Vec::new();
    if let Some(model) = &op.errors {
        doc.push(String::new());
        doc.push(format!(
            "The table names [`{model}`](crate::{model}) for its error bodies: `err.body_as::<{model}>()` \
             decodes one. Whatever its shape, an error body is kept as sent in [`ApiError`](crate::ApiError), \
             and [`ApiError::message`](crate::ApiError::message) reads it."
        ));
    }
    for a in op.answers.iter().filter(|a| !a.handled) {
        let (status, model) = (a.status, &a.model);
        doc.push(String::new());
        doc.push(format!(
            "A {status} answer may carry a [`{model}`](crate::{model}) instead: \
             `err.body_as::<{model}>()` is `Some` when the body has its shape."
        ));
    }
    let handled: Vec<String> = op.handled_statuses().map(|s| s.to_string()).collect();
    if !handled.is_empty() {
        doc.push(String::new());
        doc.push(format!(
            "When the request was already handled (status {}), \
             [`Error::is_already_handled`](crate::Error::is_already_handled) is true and \
             [`Error::redirect_to`](crate::Error::redirect_to) may say where to send the user.",
            handled.join(" or ")
        ));
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
        " Every item of [`{op}`](Self::{op}), page after page, as a stream.\n\n {} It stops where \
         [`Page::{next}`](crate::Page::{next}) finds no next page; an error ends the stream after it is \
         yielded.",
        op.paging.start_doc(),
        op = op.name,
        next = op.paging.next_method(),
    );
    // The paging kind's parameters, by their table names, as the runtime's `PageStart` variant of that
    // kind takes them: a new kind needs nothing here.
    let kind = paging_variant(op.paging);
    let fields: Vec<Ident> = op.paging.params().iter().map(|p| ident(p)).collect();
    let start = quote!(crate::__rt::PageStart::#kind { #(#fields: params.#fields),* });
    let own_type = own_type_methods(op, args, prelude, model, &start);
    quote! {
        #doc
        #[inline]
        pub async fn #name(&self, #(#args),*) -> ::core::result::Result<crate::Page<#model>, crate::Error> {
            #prelude
            __call.send_page::<#model>(#start).await
        }

        #[doc = #stream_doc]
        #[inline]
        pub fn #stream(&self, #(#args),*) -> crate::PageStream<#model> {
            #prelude
            __call.into_stream::<#model>(#start)
        }

        #own_type
    }
}

/// A listing's `<op>_as` and `<op>_stream_as`: the same requests, paging and errors, with items decoded
/// into the caller's type. A program that reads two members of thousands of items need not store (and
/// allocate) the thirty others, and a new server member is theirs to add without waiting for the tables.
fn own_type_methods(
    op: &Operation,
    args: &[TokenStream],
    prelude: &TokenStream,
    model: &Ident,
    start: &TokenStream,
) -> TokenStream {
    let page_as = ident(&contract::page_as_method(&op.name));
    let stream_as = ident(&contract::stream_as_method(&op.name));
    let stream = contract::stream_method(&op.name);
    let page_doc = format!(
        " [`{op}`](Self::{op}) with each item decoded into your own type `T` instead of \
         [`{model}`](crate::{model}).\n\n `T` reads each item's JSON object as the server sent it: declare \
         only the members you read, and serde skips the others without storing them. The request, the \
         paging and the errors are those of [`{op}`](Self::{op}), and \
         [`Page::next_page`](crate::Page::next_page) keeps the type.\n\n # Errors\n As [`{op}`](Self::{op}); \
         an item that `T` cannot decode fails the page with a decoding error that names its position.",
        op = op.name,
    );
    let stream_doc = format!(
        " [`{stream}`](Self::{stream}) with each item decoded into your own type `T`, as \
         [`{page_as}`](Self::{page_as}) does: the same pages, stop rules and errors.",
    );
    quote! {
        #[doc = #page_doc]
        #[inline]
        pub async fn #page_as<T: ::serde::de::DeserializeOwned>(
            &self, #(#args),*
        ) -> ::core::result::Result<crate::Page<T>, crate::Error> {
            #prelude
            __call.send_page::<T>(#start).await
        }

        #[doc = #stream_doc]
        #[inline]
        pub fn #stream_as<T: ::serde::de::DeserializeOwned + ::core::marker::Send + 'static>(
            &self, #(#args),*
        ) -> crate::PageStream<T> {
            #prelude
            __call.into_stream::<T>(#start)
        }
    }
}

/// The runtime's variant (of `Paging` and `PageStart`) for a paging kind: its table name in PascalCase.
fn paging_variant(paging: Paging) -> Ident {
    ident(&paging.table_name().map_or_else(|| "None".to_string(), crate::naming::pascal_case))
}
