ory_hydra_v1_macros::generate!(inline "
/// A thing.
model Thing
  /// Since when it exists: not a version.
  field id?: string since 1.11
  /// Gone before it came.
  field old?: string since v1.7 until v1.5
/// Gets a thing.
GET /things/{id} get_thing path id: string -> Thing since v1.3 since v1.4
");

fn main() {}
