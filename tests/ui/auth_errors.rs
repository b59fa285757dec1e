// `auth` mistakes: each is reported at its own line and column.
ory_hydra_v1_macros::generate!(inline r#"
/// A thing.
model Thing
  /// Its name.
  field name?: string

/// Unknown kind: the table knows admin, public, client and bearer.
GET    /a        get_a        auth basic -> Thing
/// `bearer` needs the name of its token argument.
GET    /b        get_b        auth bearer -> Thing
/// `public` takes no argument.
GET    /c        get_c        auth public token -> Thing
/// Client credentials may travel in a form body, so no JSON body.
POST   /d        post_d       auth client, body body: Thing -> Thing
/// Two `auth` items.
GET    /e        get_e        auth public, auth admin -> Thing
/// The bearer argument clashes with a parameter.
GET    /f        get_f        auth bearer token, query token: string -> Thing
"#);

fn main() {}
