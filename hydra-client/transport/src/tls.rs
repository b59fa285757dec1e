//! TLS settings and the connector layer that applies them (rustls, native-tls or none).

use std::fmt;

use hyper_util::client::legacy::connect::HttpConnector;

#[cfg(any(feature = "rustls-no-provider", feature = "native-tls"))]
use crate::connect::Tcp;
use crate::BoxError;

/// The oldest TLS version a client accepts.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
#[non_exhaustive]
pub enum TlsVersion {
    /// TLS 1.2 (the default minimum).
    V1_2,
    /// TLS 1.3.
    V1_3,
}

/// How the built-in stack sets up TLS.
#[derive(Clone)]
pub struct TlsOptions {
    /// Extra trusted root certificates, each a PEM document holding one or more certificates.
    pub extra_roots_pem: Vec<Vec<u8>>,
    /// Whether the platform's trusted roots are used as well (on by default).
    pub built_in_roots: bool,
    /// The client's certificate chain and private key (PEM) for mutual TLS.
    pub identity: Option<Identity>,
    /// The oldest TLS version accepted.
    pub min_version: Option<TlsVersion>,
}

/// A client certificate chain and its private key, both PEM.
#[derive(Clone)]
pub struct Identity {
    /// The certificate chain, the client's own certificate first.
    pub chain_pem: Vec<u8>,
    /// The private key (PKCS#8, PKCS#1 or SEC1 with rustls; PKCS#8 with native-tls).
    pub key_pem: Vec<u8>,
}

impl Default for TlsOptions {
    fn default() -> Self {
        TlsOptions { extra_roots_pem: Vec::new(), built_in_roots: true, identity: None, min_version: None }
    }
}

impl TlsOptions {
    #[cfg(all(feature = "rustls-no-provider", not(feature = "native-tls")))]
    fn is_default(&self) -> bool {
        self.extra_roots_pem.is_empty() && self.built_in_roots && self.identity.is_none() && self.min_version.is_none()
    }
}

impl fmt::Debug for TlsOptions {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("TlsOptions")
            .field("extra_roots", &self.extra_roots_pem.len())
            .field("built_in_roots", &self.built_in_roots)
            .field("identity", &self.identity.is_some())
            .field("min_version", &self.min_version)
            .finish()
    }
}

#[cfg(feature = "native-tls")]
pub(crate) type Connector = hyper_tls::HttpsConnector<Tcp>;
#[cfg(all(feature = "rustls-no-provider", not(feature = "native-tls")))]
pub(crate) type Connector = hyper_rustls::HttpsConnector<Tcp>;
#[cfg(not(any(feature = "rustls-no-provider", feature = "native-tls")))]
pub(crate) type Connector = crate::connect::Tcp;

/// Wraps the TCP connector in TLS. `needed` is false for an `http` base URL: TLS is then never used, so
/// the platform's certificate store is not loaded.
#[cfg(feature = "native-tls")]
pub(crate) fn wrap(tcp: Tcp, options: &TlsOptions, needed: bool, http2: bool) -> Result<Connector, BoxError> {
    if http2 {
        return Err("HTTP/2 over TLS needs rustls (native-tls offers no ALPN here)".into());
    }
    if !needed {
        // Never used for an `http` base URL: trust nothing rather than load the platform's store.
        let unused = native_tls::TlsConnector::builder().disable_built_in_roots(true).build()?;
        return Ok(hyper_tls::HttpsConnector::from((tcp, unused.into())));
    }
    if !options.built_in_roots && options.extra_roots_pem.is_empty() {
        return Err("built-in root certificates are off and no root certificate was added".into());
    }
    let mut b = native_tls::TlsConnector::builder();
    for pem in &options.extra_roots_pem {
        b.add_root_certificate(native_tls::Certificate::from_pem(pem)?);
    }
    b.disable_built_in_roots(!options.built_in_roots);
    if let Some(id) = &options.identity {
        b.identity(native_tls::Identity::from_pkcs8(&id.chain_pem, &id.key_pem)?);
    }
    b.min_protocol_version(Some(match options.min_version {
        None | Some(TlsVersion::V1_2) => native_tls::Protocol::Tlsv12,
        Some(TlsVersion::V1_3) => return Err("TLS 1.3 as the minimum version needs the rustls feature".into()),
    }));
    Ok(hyper_tls::HttpsConnector::from((tcp, b.build()?.into())))
}

#[cfg(all(feature = "rustls-no-provider", not(feature = "native-tls")))]
pub(crate) fn wrap(tcp: Tcp, options: &TlsOptions, needed: bool, http2: bool) -> Result<Connector, BoxError> {
    let config = if needed { rustls_impl::config(options)? } else { rustls_impl::unused_config()? };
    let builder = hyper_rustls::HttpsConnectorBuilder::new().with_tls_config(config).https_or_http();
    #[cfg(feature = "http2")]
    if http2 {
        // ALPN offers h2 first and http/1.1 second; hyper then speaks what the server picked.
        return Ok(builder.enable_all_versions().wrap_connector(tcp));
    }
    let _ = http2;
    Ok(builder.enable_http1().wrap_connector(tcp))
}

#[cfg(not(any(feature = "rustls-no-provider", feature = "native-tls")))]
pub(crate) fn wrap(tcp: crate::connect::Tcp, _: &TlsOptions, _: bool, _: bool) -> Result<Connector, BoxError> {
    Ok(tcp)
}

/// Whether `err` itself is the TLS library's error.
pub(crate) fn is_tls(err: &(dyn std::error::Error + 'static)) -> bool {
    #[cfg(feature = "native-tls")]
    if err.is::<native_tls::Error>() {
        return true;
    }
    #[cfg(feature = "rustls-no-provider")]
    if err.is::<rustls::Error>() {
        return true;
    }
    let _ = err;
    false
}

/// Lets the TLS layer see `https` destinations: with TLS on, the TCP connector takes both schemes.
pub(crate) fn enforce_http(http: &mut HttpConnector) {
    http.enforce_http(!crate::HAS_TLS);
}

#[cfg(all(feature = "rustls-no-provider", not(feature = "native-tls")))]
mod rustls_impl {
    use std::sync::atomic::AtomicUsize;
    use std::sync::{Arc, OnceLock};

    use rustls::crypto::CryptoProvider;
    use rustls::pki_types::pem::PemObject as _;
    use rustls::pki_types::{CertificateDer, PrivateKeyDer};
    use rustls::{ClientConfig, RootCertStore};

    use super::{TlsOptions, TlsVersion};
    use crate::BoxError;

    /// How many times the platform's certificate verifier was set up (for tests of lazy loading).
    pub(crate) static PLATFORM_LOADS: AtomicUsize = AtomicUsize::new(0);

    /// The provider an application installed, else the one this crate's features pick.
    fn provider() -> Result<Arc<CryptoProvider>, BoxError> {
        if let Some(p) = CryptoProvider::get_default() {
            return Ok(p.clone());
        }
        // Asking rustls to pick from its crate features instead would fail when an application enables two.
        #[cfg(feature = "aws-lc-rs")]
        return Ok(Arc::new(rustls::crypto::aws_lc_rs::default_provider()));
        // rustls 0.23.48 deprecates ring's provider because it lacks post-quantum key exchange. A user who
        // picks the `ring` feature picks exactly that trade (no C or cmake toolchain to build), so the
        // warning is silenced here rather than passed on to every build of an application.
        #[cfg(all(feature = "ring", not(feature = "aws-lc-rs")))]
        #[allow(deprecated)]
        return Ok(Arc::new(rustls::crypto::ring::default_provider()));
        #[cfg(not(any(feature = "aws-lc-rs", feature = "ring")))]
        Err("no rustls crypto provider: enable the aws-lc-rs or ring feature, or install one with \
             rustls::crypto::CryptoProvider::install_default"
            .into())
    }

    /// A configuration for a client whose base URL is `http`: it never makes a TLS connection, so it
    /// trusts nothing rather than loading the platform's store.
    pub(super) fn unused_config() -> Result<ClientConfig, BoxError> {
        Ok(ClientConfig::builder_with_provider(provider()?)
            .with_safe_default_protocol_versions()?
            .with_root_certificates(RootCertStore::empty())
            .with_no_client_auth())
    }

    pub(super) fn config(options: &TlsOptions) -> Result<ClientConfig, BoxError> {
        // Setting up the platform's verifier takes milliseconds, so the default configuration is made
        // once per process rather than for each client built.
        static DEFAULT: OnceLock<ClientConfig> = OnceLock::new();
        if options.is_default() {
            if let Some(config) = DEFAULT.get() {
                return Ok(config.clone());
            }
        }
        let provider = provider()?;
        let versions: &[&rustls::SupportedProtocolVersion] = match options.min_version {
            Some(TlsVersion::V1_3) => &[&rustls::version::TLS13],
            None | Some(TlsVersion::V1_2) => rustls::DEFAULT_VERSIONS,
        };
        let mut extra = Vec::new();
        for pem in &options.extra_roots_pem {
            let before = extra.len();
            for cert in CertificateDer::pem_slice_iter(pem) {
                extra.push(cert.map_err(|e| format!("a root certificate is not valid PEM: {e}"))?);
            }
            if extra.len() == before {
                return Err("a root certificate PEM document holds no certificate".into());
            }
        }
        let builder = ClientConfig::builder_with_provider(provider.clone()).with_protocol_versions(versions)?;
        // With webpki-roots the built-in roots are Mozilla's, compiled in (for images without a system
        // certificate store); otherwise they are the platform verifier's.
        let builder = if options.built_in_roots && !cfg!(feature = "webpki-roots") {
            PLATFORM_LOADS.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
            let verifier = rustls_platform_verifier::Verifier::new_with_extra_roots(extra, provider)?;
            builder.dangerous().with_custom_certificate_verifier(Arc::new(verifier))
        } else {
            if !options.built_in_roots && extra.is_empty() {
                return Err("built-in root certificates are off and no root certificate was added".into());
            }
            #[cfg(feature = "webpki-roots")]
            let mut roots = match options.built_in_roots {
                true => RootCertStore { roots: webpki_roots::TLS_SERVER_ROOTS.to_vec() },
                false => RootCertStore::empty(),
            };
            #[cfg(not(feature = "webpki-roots"))]
            let mut roots = RootCertStore::empty();
            for cert in extra {
                roots.add(cert)?;
            }
            builder.with_root_certificates(roots)
        };
        let config = match &options.identity {
            None => builder.with_no_client_auth(),
            Some(id) => {
                let chain = CertificateDer::pem_slice_iter(&id.chain_pem)
                    .collect::<Result<Vec<_>, _>>()
                    .map_err(|e| format!("the client certificate chain is not valid PEM: {e}"))?;
                // The key's parse error is not shown: it could quote key material.
                let key = PrivateKeyDer::from_pem_slice(&id.key_pem)
                    .map_err(|_| "the client private key is not a PEM private key (PKCS#8, PKCS#1 or SEC1)")?;
                builder.with_client_auth_cert(chain, key)?
            }
        };
        if options.is_default() {
            // A failed setup is not cached, so a later build tries again.
            return Ok(DEFAULT.get_or_init(|| config).clone());
        }
        Ok(config)
    }
}

/// How many times the platform's certificate store was loaded in this process. Not part of the API:
/// tests use it to check that an `http` client loads nothing.
#[doc(hidden)]
pub fn platform_root_loads() -> usize {
    #[cfg(all(feature = "rustls-no-provider", not(feature = "native-tls")))]
    return rustls_impl::PLATFORM_LOADS.load(std::sync::atomic::Ordering::Relaxed);
    #[cfg(not(all(feature = "rustls-no-provider", not(feature = "native-tls"))))]
    0
}

#[cfg(all(test, feature = "webpki-roots", not(feature = "native-tls")))]
mod webpki_tests {
    use super::*;

    /// With `webpki-roots`, the built-in roots are the compiled-in ones: building a TLS configuration
    /// never touches the platform's store (which an image without a CA bundle lacks).
    #[test]
    fn built_in_roots_are_the_compiled_in_ones_and_the_platform_store_is_never_loaded() {
        let before = platform_root_loads();
        rustls_impl::config(&TlsOptions { min_version: Some(TlsVersion::V1_3), ..Default::default() })
            .expect("a configuration from the compiled-in roots");
        assert_eq!(platform_root_loads(), before, "the platform's store was loaded");
        assert!(webpki_roots::TLS_SERVER_ROOTS.len() > 100);
    }
}
