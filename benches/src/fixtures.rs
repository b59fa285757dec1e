//! Realistic ORY Hydra v1.2 JSON payloads, shared by the canned server (which
//! precomputes its responses from them) and the implementations (which check
//! their results against the constants below).

use serde_json::{json, Value};

pub const GET_ID: &str = "b5f3c1a2-7d4e-4c8b-9a61-2f0e8d7c6b5a";
pub const CREATED_ID: &str = "9d1f3e4b-2a6c-4f8e-b7d0-5c3a1e9f2b84";
pub const CREATED_SECRET: &str = "mK8~vQ2.zT9-hP4_rW7nX1cB6yL3jF0s";
pub const LOGIN_CHALLENGE: &str = "5c7e2b1d9f0a4e3c8b6d1a2f7e9c0b4d";
pub const LOGIN_SUBJECT: &str = "user-12345";
pub const TOKEN: &str =
    "ory_at_Xk2mP9qR4tV7wY1zA3cE5gI8kM0oQ2sU4wY6aC8eG0i.Jn3Lp5Rt7Vx9Zb1Df3Hh5Jl7Nn9Pp1Rr3Tt5Vv7Xx9Z";
pub const REDIRECT_PREFIX: &str = "https://hydra.example.com/oauth2/auth?";

/// Page size of the list workload and of the paging-memory test.
pub const PAGE: usize = 500;
/// Total number of clients the canned server pretends to hold (20 pages of 500).
pub const TOTAL: usize = 10_000;

pub fn list_item_id(i: usize) -> String {
    format!("bench-client-{i:05}")
}

fn jwks_one_key(i: usize) -> Value {
    json!({
        "keys": [{
            "use": "sig",
            "kty": "RSA",
            "kid": format!("public:{:016x}", 0x1603dfe0af8f4596u64 ^ i as u64),
            "alg": "RS256",
            "n": "vTqrxUyQPl_20aqf5kXHwDZrel-KovIp8s7ewJod2EXHl8tWlRB3_Rem34KwBfqlKQGp1nqah-51H4Jzruqe0cFP58hPEIt6WqrvnmJCXxnNuIB53iX_uUUXXHDHBeaPCSRoNJzNysjoJ30TIUsKBiirhBa7f235PXbKiHducLevV6PcKxJ5cY8zO286qJLBWSPm-OIevwqsIsSIH44Qtm9sioFikhkbLwrmwqOHMQzhQdLwMg85hFM5EE9bbRd-oRKbq0Z4ZRpQQKD6SZCASMIFnFg-1jqfNqxOc4FXcSXc8fvhAt-VOp0MUIW2acnRDHKuV0dmwQpiRYbCpQ0pgXYq8FQR3ykYqXB_oJY0wEWbKDrqHafOb7MbYLWqeOFJGdXQDd1Vu5RLF9oimFFZW21SaR4hVGXbWQyGIYg4i5uzQhc5kajBO8pKpDdb4ilMGtJSxhrGTf_TJwfqLNyYMXShY5iUmRNrHPnOWvP3q0uaTkKnm4Qgx-lLRQjjuFD-0Q7bU0jtrUuFFmnGlxhSCS2kzZ6Unoe8t9SbnoCq9e3r8JzD_z8jmRc8gLWNf4c2JHEHXoxtmVK1qYoLH6FDSWyjRwdGh-16b8s8F8jBLfkI5kDNU_wQ4iD6UoEgeD0YoTP5zu4NbH4NAc0W6_YWgfeLcLBKUW-zgnYkVT1Lt8xGk",
            "e": "AQAB"
        }]
    })
}

/// One OAuth2Client as Hydra v1.2 returns it from GET /clients/{id} and GET /clients
/// (Hydra never returns the secret there; `omitempty` drops it).
pub fn client_value(id: &str, i: usize) -> Value {
    let host = format!("app{i}.example.com");
    json!({
        "client_id": id,
        "client_name": format!("Benchmark Client {i}"),
        "redirect_uris": [
            format!("https://{host}/callback"),
            format!("https://{host}/oauth2/callback"),
            "http://127.0.0.1:3000/callback"
        ],
        "grant_types": ["authorization_code", "refresh_token", "client_credentials"],
        "response_types": ["code", "id_token", "token"],
        "scope": "openid offline offline_access profile email phone",
        "audience": ["https://api.example.com", format!("https://{host}/api")],
        "owner": format!("team-{}@example.com", i % 17),
        "policy_uri": format!("https://{host}/policy"),
        "allowed_cors_origins": [format!("https://{host}"), "https://admin.example.com"],
        "tos_uri": format!("https://{host}/tos"),
        "client_uri": format!("https://{host}/"),
        "logo_uri": format!("https://cdn.example.com/logos/{i}.png"),
        "contacts": [format!("ops+{i}@example.com"), "security@example.com"],
        "client_secret_expires_at": 0,
        "subject_type": "public",
        "sector_identifier_uri": format!("https://{host}/sector.json"),
        "jwks": if i.is_multiple_of(10) { jwks_one_key(i) } else { json!({}) },
        "jwks_uri": format!("https://{host}/.well-known/jwks.json"),
        "token_endpoint_auth_method": "client_secret_basic",
        "request_object_signing_alg": "RS256",
        "request_uris": [format!("https://{host}/request.jwt")],
        "userinfo_signed_response_alg": "none",
        "frontchannel_logout_uri": format!("https://{host}/logout/frontchannel"),
        "frontchannel_logout_session_required": true,
        "post_logout_redirect_uris": [format!("https://{host}/logged-out")],
        "backchannel_logout_uri": format!("https://{host}/logout/backchannel"),
        "backchannel_logout_session_required": false,
        "metadata": {
            "tenant": format!("tenant-{}", i % 97),
            "tier": if i.is_multiple_of(3) { "gold" } else { "standard" },
            "features": ["sso", "mfa"],
            "limits": {"rpm": 600, "burst": 50}
        },
        "created_at": "2020-01-01T10:00:00Z",
        "updated_at": "2020-01-02T11:30:00.123456Z"
    })
}

pub fn get_client_body() -> Vec<u8> {
    serde_json::to_vec(&client_value(GET_ID, 0)).unwrap()
}

/// The request body every implementation sends to POST /clients (the same
/// fields for all four, so the bytes on the wire are comparable).
pub fn create_request_value() -> Value {
    json!({
        "client_name": "Created Client",
        "redirect_uris": ["https://created.example.com/callback", "http://127.0.0.1:3000/callback"],
        "grant_types": ["authorization_code", "refresh_token"],
        "response_types": ["code"],
        "scope": "openid offline profile",
        "audience": ["https://api.example.com"],
        "owner": "team-a@example.com",
        "contacts": ["ops@example.com"],
        "client_uri": "https://created.example.com/",
        "token_endpoint_auth_method": "client_secret_basic",
        "subject_type": "public",
        "metadata": {"tenant": "acme", "tier": "gold"}
    })
}

/// 201 body of POST /clients: the full client, this time with the secret.
pub fn create_response_body() -> Vec<u8> {
    let mut v = client_value(CREATED_ID, 1);
    v["client_secret"] = json!(CREATED_SECRET);
    v["client_name"] = json!("Created Client");
    serde_json::to_vec(&v).unwrap()
}

pub fn accept_login_request_value() -> Value {
    json!({
        "subject": LOGIN_SUBJECT,
        "remember": true,
        "remember_for": 3600,
        "acr": "urn:example:acr:mfa",
        "context": {"login_method": "password+totp", "ip": "203.0.113.7"}
    })
}

pub fn completed_request_body() -> Vec<u8> {
    serde_json::to_vec(&json!({
        "redirect_to": format!("{REDIRECT_PREFIX}client_id={GET_ID}&login_verifier=2f6b0c7a9e4d41d5b8a3c6e1f0d9b7a2&redirect_uri=https%3A%2F%2Fapp0.example.com%2Fcallback&response_type=code&scope=openid+offline&state=af0ifjsldkj")
    }))
    .unwrap()
}

pub fn introspection_body() -> Vec<u8> {
    serde_json::to_vec(&json!({
        "active": true,
        "scope": "openid offline profile email",
        "client_id": GET_ID,
        "sub": LOGIN_SUBJECT,
        "exp": 1577880000i64,
        "iat": 1577876400i64,
        "nbf": 1577876400i64,
        "aud": ["https://api.example.com"],
        "iss": "https://hydra.example.com/",
        "token_type": "access_token",
        "ext": {
            "tenant": "acme",
            "roles": ["admin", "editor"],
            "session_id": "c3d1e4f5-6a7b-4c8d-9e0f-1a2b3c4d5e6f",
            "amr": ["pwd", "otp"]
        }
    }))
    .unwrap()
}

/// Body of GET /clients?limit=500&offset=`offset` (an empty array past the end).
pub fn list_page_body(offset: usize, limit: usize) -> Vec<u8> {
    let end = (offset + limit).min(TOTAL);
    let items: Vec<Value> = (offset..end).map(|i| client_value(&list_item_id(i), i)).collect();
    serde_json::to_vec(&Value::Array(items)).unwrap()
}

/// The Link header Hydra v1.2 (ory/x pagination.Header) sends for a page.
pub fn list_link_header(offset: usize, limit: usize) -> String {
    let l = |rel: &str, off: usize| format!("</clients?limit={limit}&offset={off}>; rel=\"{rel}\"");
    let last = ((TOTAL - 1) / limit) * limit;
    let mut parts = Vec::new();
    if offset >= limit {
        parts.push(l("first", 0));
    }
    if offset + limit < TOTAL {
        parts.push(l("next", offset + limit));
    }
    if offset >= limit {
        parts.push(l("prev", offset - limit));
    }
    if offset < last {
        parts.push(l("last", last));
    }
    parts.join(",")
}
