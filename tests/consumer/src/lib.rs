//! Nothing of its own: the test in `tests/packaged.rs` uses ory-hydra-v1-client as built from its package.
