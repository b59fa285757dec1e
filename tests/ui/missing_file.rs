hydra_macros::generate!("does/not/exist.table");

fn main() {}
