// Mistakes in the facts the runtime reads from an endpoint line (paging kind, `once`, `secret`
// parameters): each is reported at its own line and column.
ory_hydra_v1_macros::generate!(inline r#"
/// A thing.
model Thing
  /// Its name.
  field name?: string

/// A listing must name how it is paged.
GET    /a        list_a       query limit?: i64, query offset?: i64 -> page<Thing>
/// A paging kind the runtime does not know.
GET    /b        list_b       query limit?: i64, query offset?: i64 -> page<Thing, cursor>
/// Offset paging needs both of its parameters.
GET    /c        list_c       query limit?: i64 -> page<Thing, offset>
/// A POST is never retried: `once` says nothing new.
POST   /d        post_d       body body: Thing -> Thing once
/// An unknown flag after the return type.
GET    /e        get_e        -> Thing twice
/// Only string query or form parameters can be secret.
GET    /f        get_f        query n?: i64 secret -> Thing
/// Token paging's token is an opaque string, not a number.
GET    /g        list_g       query page_size?: i64, query page_token?: i64 -> page<Thing, token>
"#);

fn main() {}
