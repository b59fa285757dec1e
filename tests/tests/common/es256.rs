//! An ES256 signer for the JWTs the live suites send (jwt-bearer grants, `private_key_jwt` client
//! assertions): a fresh P-256 key, its public coordinates for a JWK, and compact signatures.

use base64::Engine as _;
use serde::Serialize;

/// A fresh P-256 key pair with its key id.
pub struct Es256 {
    pair: aws_lc_rs::signature::EcdsaKeyPair,
    /// The `kid` its JWK and every signed header carry.
    pub kid: String,
}

/// Base64url without padding, as JOSE writes it.
pub fn b64(bytes: &[u8]) -> String {
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes)
}

impl Es256 {
    /// A new key known as `kid`.
    pub fn new(kid: String) -> Self {
        use aws_lc_rs::signature::{EcdsaKeyPair, ECDSA_P256_SHA256_FIXED_SIGNING};
        let rng = aws_lc_rs::rand::SystemRandom::new();
        let pkcs8 = EcdsaKeyPair::generate_pkcs8(&ECDSA_P256_SHA256_FIXED_SIGNING, &rng).expect("key");
        let pair = EcdsaKeyPair::from_pkcs8(&ECDSA_P256_SHA256_FIXED_SIGNING, pkcs8.as_ref()).expect("key pair");
        Es256 { pair, kid }
    }

    /// The public point's `x` and `y`, base64url, for a JWK with `crv` `P-256`.
    pub fn xy(&self) -> (String, String) {
        use aws_lc_rs::signature::KeyPair as _;
        // An uncompressed point: 0x04, then X and Y (32 bytes each).
        let point = self.pair.public_key().as_ref();
        (b64(&point[1..33]), b64(&point[33..65]))
    }

    /// `claims` as a compact JWT signed with this key.
    pub fn sign(&self, claims: &impl Serialize) -> String {
        let header = serde_json::json!({"alg": "ES256", "typ": "JWT", "kid": self.kid});
        let claims = serde_json::to_string(claims).expect("claims");
        let input = format!("{}.{}", b64(header.to_string().as_bytes()), b64(claims.as_bytes()));
        let sig = self.pair.sign(&aws_lc_rs::rand::SystemRandom::new(), input.as_bytes()).expect("sign");
        format!("{input}.{}", b64(sig.as_ref()))
    }
}
