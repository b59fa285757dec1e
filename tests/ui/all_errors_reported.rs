// Three unrelated mistakes: each is reported, not only the first.
ory_hydra_v1_macros::generate!(inline "
/// A thing.
model Thing
  /// Its owner.
  field owner?: Persn
/// Gets a thing.
GTE /things get_thing -> Thing
/// Deletes a thing.
DELETE /things/{id} delete_thing -> ()
");

fn main() {}
