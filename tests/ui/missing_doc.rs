hydra_macros::generate!(inline "
GET /things get_thing -> ()
");

fn main() {}
