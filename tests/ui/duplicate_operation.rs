ory_hydra_v1_macros::generate!(inline "
/// Lists things.
GET /things list_things -> ()
/// Lists things again, under the same name.
GET /other-things list_things -> ()
");

fn main() {}
