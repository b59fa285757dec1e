ory_hydra_v1_macros::generate!("does/not/exist.table");

fn main() {}
