// One typo in a `model` line (a stray word after the name) gives one error. The block it opens is
// poisoned: its `field` lines land neither in the model above nor outside any model, and the places
// that use `Client2` are not reported again as unknown types.
ory_hydra_v1_macros::generate!(inline "
/// A thing.
model Thing
  /// Its id.
  field id: string
/// Another client.
model Client2 extra
  /// Its id.
  field id: string
  /// Its name.
  field name?: string
/// Holds another client.
model Holder
  /// The client.
  field client?: Client2
/// Gets another client.
GET /clients2/{id} get_client2 path id: string -> Client2
");

fn main() {}
