hydra_macros::generate!(inline "
/// Fetches a thing.
FETCH /things get_things -> ()
");

fn main() {}
