//! [`client_type!`]: how a line crate declares its `Client` over [`Core`](crate::Core).
//!
//! The generated methods are inherent methods (`impl crate::Client`), so the type must be the line
//! crate's own. The few methods that return the client itself are written here once and expanded in
//! each line crate; everything else is [`Core`](crate::Core)'s, reached through `Deref`.

/// Declares a line crate's `Client`: a newtype over [`Core`](crate::Core) with its constructors, its
/// views ([`Core::with_header`](crate::Core::with_header) and the others, returning the line's type),
/// `operations`/`operation` over the line's generated list, and the registration of that list and of
/// the line's secret members and parameters with the runtime (for [`Error::from_response`](crate::Error::from_response)
/// and the redaction of error bodies).
///
/// `krate` is the line crate's name as a path (`ory_hydra_v1_client`), used in the doc examples;
/// `operations`, `secret_members` and `secret_params` are the generated `__OPERATIONS`,
/// `__SECRET_MEMBERS` and `__SECRET_PARAMS`.
#[macro_export]
macro_rules! client_type {
    (
        $(#[$meta:meta])*
        pub struct Client;
        krate = $krate:literal;
        operations = $ops:path;
        secret_members = $secrets:path;
        secret_params = $params:path;
    ) => {
        $(#[$meta])*
        #[derive(Clone)]
        pub struct Client($crate::Core);

        impl ::core::ops::Deref for Client {
            type Target = $crate::Core;
            fn deref(&self) -> &$crate::Core {
                &self.0
            }
        }

        impl ::core::convert::From<$crate::Core> for Client {
            fn from(core: $crate::Core) -> Self {
                Client(core)
            }
        }

        impl ::core::fmt::Debug for Client {
            fn fmt(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
                ::core::fmt::Debug::fmt(&self.0, f)
            }
        }

        $crate::__rt::inventory::submit! {
            $crate::__rt::LineTable { operations: || $ops, secret_members: || $secrets, secret_params: || $params }
        }

        impl Client {
            /// A client for the Admin API at `base_url` (for example `http://127.0.0.1:4445`) with
            /// default settings.
            ///
            /// # Errors
            /// [`ErrorKind::InvalidInput`](crate::ErrorKind::InvalidInput) when the URL is not an
            /// absolute `http`/`https` URL without query or fragment.
            pub fn new(base_url: &str) -> ::core::result::Result<Self, $crate::Error> {
                Self::builder(base_url).build()
            }

            /// Starts configuring a client for the Admin API at `base_url`; add the Public API's URL
            /// with [`ClientBuilder::public_url`](crate::ClientBuilder::public_url).
            ///
            /// The URL may carry a path prefix such as `https://example.com/hydra-admin/`; every
            /// operation path is appended to it, including the pages that `Link` headers point to.
            pub fn builder(base_url: impl ::core::convert::Into<::std::string::String>) -> $crate::ClientBuilder<Self> {
                $crate::ClientBuilder::admin(base_url.into())
            }

            /// Starts configuring a client for the Public API only, at `public_url` (for example
            /// `https://auth.example.com`): the OAuth 2.0 and OpenID Connect endpoints an application
            /// uses. Admin operations on such a client fail without sending anything.
            pub fn public_builder(public_url: impl ::core::convert::Into<::std::string::String>) -> $crate::ClientBuilder<Self> {
                $crate::ClientBuilder::public(public_url.into())
            }

            /// A view of this client whose Admin API calls also send header `name: value`: see
            /// [`Core::with_header`](crate::Core::with_header).
            ///
            /// ```no_run
            #[doc = concat!("# async fn demo(hydra: &", $krate, "::Client) -> Result<(), ", $krate, "::Error> {")]
            /// let traced = hydra.with_header("X-Request-Id", "checkout-7f3a")?;
            /// println!("{:?}", traced.base_url());
            /// # Ok(()) }
            /// ```
            ///
            /// # Errors
            /// As for [`Core::with_header`](crate::Core::with_header).
            pub fn with_header(&self, name: &str, value: &str) -> ::core::result::Result<Self, $crate::Error> {
                self.0.with_header(name, value).map(Client)
            }

            /// A view of this client whose Public API calls also send header `name: value`, as
            /// [`with_header`](Self::with_header) does for Admin calls.
            ///
            /// # Errors
            /// As for [`with_header`](Self::with_header).
            pub fn with_public_header(&self, name: &str, value: &str) -> ::core::result::Result<Self, $crate::Error> {
                self.0.with_public_header(name, value).map(Client)
            }

            /// A view of this client whose calls have `timeout` as their time limit: see
            /// [`Core::with_timeout`](crate::Core::with_timeout).
            pub fn with_timeout(&self, timeout: ::std::time::Duration) -> Self {
                Client(self.0.with_timeout(timeout))
            }

            /// Every operation the tables declare, in table order.
            pub fn operations() -> &'static [&'static $crate::Operation] {
                $ops
            }

            /// The operation named `name` (its method's name), if the tables declare one.
            pub fn operation(name: &str) -> ::core::option::Option<&'static $crate::Operation> {
                Self::operations().iter().copied().find(|o| o.name == name)
            }
        }
    };
}
