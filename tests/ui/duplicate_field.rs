ory_hydra_v1_macros::generate!(inline "
/// A thing.
model Thing
  /// Its id.
  field id: string
  /// Its id, declared twice.
  field id?: i64
");

fn main() {}
