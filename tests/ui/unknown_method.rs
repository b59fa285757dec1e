ory_hydra_v1_macros::generate!(inline "
/// Fetches a thing.
FETCH /things get_things -> ()
");

fn main() {}
