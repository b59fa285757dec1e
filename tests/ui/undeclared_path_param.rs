hydra_macros::generate!(inline "
/// Gets a thing.
GET /things/{id} get_thing -> ()
");

fn main() {}
