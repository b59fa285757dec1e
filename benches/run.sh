#!/usr/bin/env bash
# The whole benchmark: compile cost, then runtime (CPU/wall, callgrind cross-check, paging memory).
# Writes BENCHMARKS.md at the repository root and benches/ratios.svg. About 35 minutes on 2 cores
# (most of it the clean builds of compile-units.sh); needs valgrind for the instruction counts.
# compile-cost.sh is no longer part of it: it compared our unit in this workspace's profile against the
# official crate in a workspace of its own (unlike builds, issue 23); compile-units.sh compares like with
# like and also times table edits. Run compile-cost.sh on its own for its macro-expansion figures.
# Extra arguments go to hydra-bench, e.g. `benches/run.sh --quick`.
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --release --manifest-path benches/Cargo.toml
benches/compile-units.sh
cargo run --release --manifest-path benches/Cargo.toml -- --all "$@"
