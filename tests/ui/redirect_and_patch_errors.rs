// A `redirect` answer on an operation that is not a public browser endpoint, and a JSON body that is
// neither a model nor an array of one.
ory_hydra_v1_macros::generate!(inline r#"
/// One patch operation.
model Op
  /// The operation.
  field op: string

/// Redirects come from browser endpoints of the Public API: this one is an Admin operation.
GET    /admin/auth   admin_auth  query client_id: string -> redirect
/// Client credentials on a browser endpoint are refused too.
GET    /public/auth  public_auth auth client -> redirect
/// A JSON Patch body is an array of a model, not of strings.
PATCH  /things/{id}  patch_thing path id: string, body body: [string] -> ()
/// An array of a model is fine.
PATCH  /other/{id}   patch_other path id: string, body body: [Op] -> ()
"#);

fn main() {}
