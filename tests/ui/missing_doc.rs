ory_hydra_v1_macros::generate!(inline "
GET /things get_thing -> ()
");

fn main() {}
