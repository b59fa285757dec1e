//! ory-hydra-v1-client against a real ORY Hydra server: every Admin API operation, the browser side of the
//! OAuth 2.0 flows, pagination over 1,200 clients, and the server's odd corners.
//!
//! # Running it
//!
//! Against the servers `scripts/hydra.sh` builds (ORY Hydra v1.3.2 and v1.11.10 from the Go module proxy,
//! in-memory store, plain HTTP on two free 127.0.0.1 ports; see tests/hydra-server/QUIRKS.md):
//!
//! ```text
//! scripts/hydra.sh start v1.11.10         # builds on first use, prints HYDRA_ADMIN_URL/HYDRA_PUBLIC_URL
//! eval "$(scripts/hydra.sh env v1.11.10)" # or: export $(cat target/hydra-state/v1.11.10/hydra.env)
//! cargo test -p hydra-client-tests --test live
//! scripts/hydra.sh stop v1.11.10
//! ```
//!
//! Without a version argument (or `HYDRA_VERSION`) the script means the oldest, v1.3.2. Each version has
//! its own state directory, so both can run at once. `start`, `status` and `env` print `export HYDRA_…=…`
//! lines, so `eval "$(scripts/hydra.sh start)"` does both steps at once. `cargo xtask test --live-only`
//! starts each version in turn, runs this suite with `HYDRA_LIVE_REQUIRED=1`, stops the server, and ends
//! with one result line per version (`--hydra v1.11.10` for one version only).
//!
//! Against an existing Hydra v1.x, set the two URLs yourself. The server must send its login, consent and
//! logout UIs to `http://127.0.0.1:4999/{login,consent,logout}` (nothing needs to listen there: the tests
//! read the challenges from the `Location` headers) and must serve plain HTTP. For example, the Docker
//! image of a v1 release:
//!
//! ```text
//! docker run -d --name hydra -p 4444:4444 -p 4445:4445 \
//!   -e DSN=memory -e SECRETS_SYSTEM=hydra-client-integration-tests-system-secret \
//!   -e URLS_SELF_ISSUER=http://127.0.0.1:4444/ -e URLS_SELF_PUBLIC=http://127.0.0.1:4444/ \
//!   -e URLS_LOGIN=http://127.0.0.1:4999/login -e URLS_CONSENT=http://127.0.0.1:4999/consent \
//!   -e URLS_LOGOUT=http://127.0.0.1:4999/logout -e URLS_ERROR=http://127.0.0.1:4999/error \
//!   -e URLS_POST_LOGOUT_REDIRECT=http://127.0.0.1:4999/logged-out \
//!   -e OAUTH2_EXPOSE_INTERNAL_ERRORS=true -e OAUTH2_HASHERS_BCRYPT_COST=4 \
//!   -e OIDC_DYNAMIC_CLIENT_REGISTRATION_ENABLED=true \
//!   oryd/hydra:v1.11.10 serve all --dangerous-force-http
//! HYDRA_ADMIN_URL=http://127.0.0.1:4445 HYDRA_PUBLIC_URL=http://127.0.0.1:4444 \
//! HYDRA_EXPECTED_VERSION=v1.11.10 cargo test -p hydra-client-tests --test live
//! ```
//!
//! # Server versions
//!
//! The harness asks the server for its version once (`GET /version`, [`support::Version`]) and every test
//! sees it as `live.version`. Where versions answer differently (QUIRKS.md) the tests use helpers that
//! accept the answer of the running version: [`support::missing_client_status`] /
//! [`support::assert_missing_client`] (404 up to v1.2, 401 from v1.3), [`support::handled_request_status`]
//! (409 up to v1.10.1, 410 with a `redirect_to` from v1.10.2). Which releases have an operation or a
//! parameter is not written here: the suite reads the tables with the generator's library
//! ([`support::TABLES`]) and asks their `since`/`until` markers ([`support::Live::serves`]). A test of
//! something a server lacks starts with `live!(needs "delete_o_auth2_token", "list_o_auth2_clients.owner")`:
//! on a server without one of them it prints `SKIPPED <test>: <why>` and appends that line to
//! `HYDRA_SKIP_LOG` (which `cargo xtask test` counts and lists per server); on a server that has them,
//! nothing is skipped. `HYDRA_EXPECTED_VERSION` is what `get_version` must report
//! (scripts/hydra.sh sets it; default: any version a module in tests/hydra-server pins).
//!
//! Without `HYDRA_ADMIN_URL` and `HYDRA_PUBLIC_URL` every test prints a message and passes, so a plain
//! `cargo test` works without a server; with `HYDRA_LIVE_REQUIRED=1` (CI) they fail instead.
//!
//! # Sharing one server
//!
//! Tests run in parallel against one server and may share it with other runs: every client id, subject
//! and key set name carries a unique suffix ([`support::unique`]). The pagination test needs a client
//! list that nothing else changes while it pages, so tests that create or delete clients hold
//! `support::clients_shared()` and the pagination test holds `support::clients_exclusive()`. Another
//! suite writing to the same server at the same moment could still disturb the pagination test.
//!
//! Leftovers: a client whose id contains `/` cannot be deleted through the API (the router decodes `%2F`
//! before matching, so the client refuses such ids in a path), so each run leaves one such client
//! (`live-…-a/b`) behind.
//!
//! # Where each operation is exercised
//!
//! `coverage` checks that every operation of the tables is called by some live test.
//!
//! | module | operations |
//! |---|---|
//! | `server` | is_instance_alive, get_version, prometheus, flush_inactive_o_auth2_tokens |
//! | `clients` | create/get/update/delete_o_auth2_client, list_o_auth2_clients |
//! | `issuers` | trust_jwt_grant_issuer, get/list/delete_trusted_jwt_grant_issuer(s) |
//! | `keys` | create/get/update/delete_json_web_key_set, get/update/delete_json_web_key |
//! | `flows` | get/accept/reject_login_request, get/accept/reject_consent_request, introspect_o_auth2_token, list_subject_consent_sessions, revoke_consent_sessions |
//! | `logout` | get/accept/reject_logout_request, revoke_authentication_session, disconnect_user |
//! | `pagination` | list_o_auth2_clients(_stream), list_subject_consent_sessions(_stream) |
//! | `admin_v111` | update_o_auth2_client_lifespans, delete_o_auth2_token, revoke_consent_sessions with `all`, list_o_auth2_clients with `client_name` (and `owner`) |
//! | `public` | oauth_auth, follow, oauth2_token (code, refresh, client credentials, jwt-bearer), revoke_o_auth2_token, userinfo, discover_open_id_configuration, well_known, is_instance_ready, dynamic_client_registration_*, patch_o_auth2_client, update_o_auth2_client_lifespans, delete_o_auth2_token, trust/get/list/delete trusted JWT issuers, revoke_consent_sessions(all) |
//! | `members` | the raw answers of clients, flows (login, consent, logout, tokens, introspection, userinfo, consent sessions), keys, discovery, version, health and trusted issuers, checked strictly: every member the tables declare required or `always` is there (tests/tests/strict/mod.rs) |
//! | `unroutable` | every operation with a path parameter, given values Hydra cannot route as one segment (a test checks the list against the tables) |

#[path = "common/es256.rs"]
mod es256;
#[path = "common/listener.rs"]
mod listener;

#[path = "live/support.rs"]
mod support;

#[path = "live/admin_v111.rs"]
mod admin_v111;
#[path = "live/clients.rs"]
mod clients;
#[path = "live/coverage.rs"]
mod coverage;
#[path = "live/flows.rs"]
mod flows;
#[path = "live/issuers.rs"]
mod issuers;
#[path = "live/keys.rs"]
mod keys;
#[path = "live/logout.rs"]
mod logout;
#[path = "live/members.rs"]
mod members;
#[path = "live/pagination.rs"]
mod pagination;
#[path = "live/public.rs"]
mod public;
#[path = "live/raw.rs"]
mod raw;
#[path = "live/server.rs"]
mod server;
#[path = "live/unroutable.rs"]
mod unroutable;

#[path = "strict/mod.rs"]
mod strict;
