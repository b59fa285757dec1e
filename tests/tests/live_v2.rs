//! The Hydra v2 server line against a real v2.3.0, over plain HTTP: the traps and shapes the v2 client
//! (issue 20) must handle, pinned down before that client exists. Each test says which client behaviour
//! it will back; QUIRKS.md ("v2.3.0") says how each fact was first seen.
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
//! | `client` | ory-hydra-v2-client: a client created, read, replaced and deleted (the flows' clients and the login/consent app calls in `support` go through it too) |
//! | `paging` | (a) empty list → `next` forever, (b) consent-session links skip an item, (c) no `Link` on an empty consent-session list, (d) counts ignore filters, path-only links |
//! | `flows` | stateless login/consent challenges, handled logout → 410 with a relative `redirect_to`, logout rejection without body, unknown challenges |
//! | `errors` | errorOAuth2 bodies where genericError is declared, 307 from v1-shaped admin paths, revoke login sessions without subject/sid |
//! | `credentials` | the proof-priming 400 of `create_verifiable_credential` next to an ordinary 400 |
//! | `v1_client` | ory-hydra-v1-client against v2: `get_version` works, v1 paths are 307 errors, nothing followed |
//! | `models` | lifespans as Go durations, `null` arrays and booleans from dynamic registration |

#[path = "common/es256.rs"]
mod es256;

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
