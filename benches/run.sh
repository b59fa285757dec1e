#!/usr/bin/env bash
# The whole benchmark: compile cost, then runtime (CPU/wall, callgrind cross-check, paging memory).
# Writes BENCHMARKS.md at the repository root and benches/ratios.svg. About 15 minutes on 2 cores
# (most of it the clean builds of compile-cost.sh); needs valgrind for the instruction counts.
# Extra arguments go to hydra-bench, e.g. `benches/run.sh --quick`.
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --release --manifest-path benches/Cargo.toml
benches/compile-units.sh
benches/compile-cost.sh
cargo run --release --manifest-path benches/Cargo.toml -- --all "$@"
