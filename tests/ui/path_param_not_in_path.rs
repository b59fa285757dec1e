ory_hydra_v1_macros::generate!(inline "
/// Gets a thing.
GET /things get_thing path id: string -> ()
");

fn main() {}
