ory_hydra_v1_macros::generate!(inline "
/// Gets a thing.
GET /things/{id} get_thing path id string -> ()
");

fn main() {}
