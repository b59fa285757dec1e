ory_hydra_v1_macros::generate!(inline "
/// A thing.
model Thing
  /// Its name.
  field name?: strin
");

fn main() {}
