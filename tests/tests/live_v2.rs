//! The Hydra v2 server line against a real v2.3.0: over plain HTTP, the traps and shapes the v2 client
//! (issue 20) must handle; through `ory-hydra-v2-client`, every operation v2.3.0 serves (`coverage`
//! fails when one is left uncalled). Each test says which client behaviour it backs; QUIRKS.md
//! ("v2.3.0") says how each fact was first seen.
//!
//! # Running it
//!
//! ```text
//! scripts/hydra.sh start v2.3.0         # builds on first use, prints HYDRA_ADMIN_URL/HYDRA_PUBLIC_URL
//! eval "$(scripts/hydra.sh env v2.3.0)"
//! cargo test -p hydra-client-tests --test live_v2
//! scripts/hydra.sh stop v2.3.0
//! ```
//!
//! `cargo xtask test` runs this suite (not the v1 one) against every v2 server in tests/hydra-server and
//! prints `live v2.3.0: ok. N passed; ...`; `--hydra v2.3.0` picks that server only. Without the two URLs
//! every test prints a message and passes; with `HYDRA_LIVE_REQUIRED=1` it fails instead. A server that
//! does not report a v2 version is skipped the same way.
//!
//! Tests run one at a time (several assert list totals) and expect a fresh server: the empty-list trap
//! needs a server on which no JWT issuer is trusted.
//!
//! | module | what |
//! |---|---|
//! | `client` | ory-hydra-v2-client: a client created, read, replaced, patched (only the patched member changes) and deleted; lifespans set and read back as `GoDuration`s (the flows' clients and the login/consent app calls in `support` go through it too) |
//! | `keys` | a key set generated, read, one key replaced, the set replaced, a key and the sets deleted (404 after); the Public key set holds the ID token's key, public parts only |
//! | `issuers` | a trusted JWT-bearer issuer found by id and by issuer, used for a jwt-bearer grant signed by its key, deleted (404, unlisted, the grant refused) |
//! | `registration` | dynamic registration: the registration access token reads, changes (the Admin API sees it) and deletes the client; a wrong token is 401 |
//! | `sessions` | login sessions revoked by subject (the next login is not skipped, another subject's is); a remembered consent listed, then revoked |
//! | `tokens` | a code exchanged, introspected, used at userinfo, the refresh token revoked; `delete_o_auth2_token` ends one client's access tokens only |
//! | `server` | `is_alive`, `is_ready`, the discovery document naming this server |
//! | `paging` | (a) empty list → `next` forever, (b) consent-session links skip an item, (c) no `Link` on an empty consent-session list, (d) counts ignore filters, path-only links |
//! | `flows` | stateless login/consent challenges, handled logout → 410 with a relative `redirect_to`, logout rejection without body, unknown challenges; through the typed client: rejected login and consent give the client `access_denied`, `revoke_oidc_session` starts a logout that, accepted, ends the remembered login and, rejected, keeps it |
//! | `errors` | errorOAuth2 bodies where genericError is declared, 307 from v1-shaped admin paths, revoke login sessions without subject/sid |
//! | `credentials` | the proof-priming 400 of `create_verifiable_credential` next to an ordinary 400; `private_key_jwt` client authentication |
//! | `v1_client` | ory-hydra-v1-client against v2: `get_version` works, v1 paths are 307 errors, nothing followed |
//! | `models` | lifespans as Go durations, `null` arrays and booleans from dynamic registration |
//! | `members` | every member a table declares required or `always` is in v2.3.0's answers |
//! | `coverage` | (no server) every v2 table operation but the device flow's (`since v25.4.0`) is called as `.<name>(` or `.<name>_stream(` by a module here |

#[path = "common/es256.rs"]
mod es256;
#[path = "common/listener.rs"]
mod listener;

#[path = "live_v2/support.rs"]
mod support;

#[path = "live_v2/client.rs"]
mod client;
#[path = "live_v2/coverage.rs"]
mod coverage;
#[path = "live_v2/credentials.rs"]
mod credentials;
#[path = "live_v2/errors.rs"]
mod errors;
#[path = "live_v2/flows.rs"]
mod flows;
#[path = "live_v2/issuers.rs"]
mod issuers;
#[path = "live_v2/keys.rs"]
mod keys;
#[path = "live_v2/members.rs"]
mod members;
#[path = "live_v2/models.rs"]
mod models;
#[path = "live_v2/paging.rs"]
mod paging;
#[path = "live_v2/registration.rs"]
mod registration;
#[path = "live_v2/server.rs"]
mod server;
#[path = "live_v2/sessions.rs"]
mod sessions;
#[path = "live_v2/tokens.rs"]
mod tokens;
#[path = "live_v2/v1_client.rs"]
mod v1_client;

#[path = "strict/mod.rs"]
mod strict;
