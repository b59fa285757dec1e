#!/usr/bin/env bash
# Packages the publishable crates and tests a consumer built only from those packages.
#
# 1. `cargo package` for the publishable crates: cargo builds each packaged crate from its own
#    .crate contents, resolving the exact (`=`) pins between them from a temporary local registry of the
#    crates packaged in the same run (they are not on crates.io yet), so a file or dependency missing from
#    a package fails here already.
# 2. The .crate files are unpacked into a scratch directory, and tests/consumer (a crate outside the
#    workspace, copied to the scratch directory with the workspace's Cargo.lock so dependency versions
#    match the tested ones) is built against them: `[patch.crates-io]` points each crate name at its
#    unpacked package. The registry has no package of these names, so nothing else could satisfy them.
# 3. Before testing, `cargo metadata` must show every ory-hydra-v1-* (and the runtime) package coming from the unpacked
#    packages, never from the source tree.
#
# Usage: tests/consumer/run.sh   (from anywhere; honours CARGO_TARGET_DIR)
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
cd "$ROOT"
CRATES=(ory-hydra-v1-codegen ory-hydra-v1-macros ory-hydra-v1-transport ory-hydra-runtime ory-hydra-v1-client ory-hydra-v2-client)
TARGET=${CARGO_TARGET_DIR:-$ROOT/target}
WORK=$(mktemp -d "${TMPDIR:-/tmp}/hydra-consumer.XXXXXX")
trap 'rm -rf "$WORK"' EXIT

version=$(cargo metadata --format-version 1 --no-deps --locked \
  | python3 -c 'import json,sys; print(next(p["version"] for p in json.load(sys.stdin)["packages"] if p["name"] == "ory-hydra-v1-client"))')

# Registry crates count as immutable: cargo reuses an unpacked name-version of its temporary registry
# from $CARGO_HOME/registry/src/<hash of the registry's path>/, and a compiled one from the target
# directory, without looking at the sources. A second run at the same version would then verify against
# the first run's code. These names exist on no real registry, so every such copy is dropped first (the
# workspace's own builds of these crates go with them and are rebuilt when next needed).
shopt -s nullglob
for c in "${CRATES[@]}"; do
  rm -rf "${CARGO_HOME:-$HOME/.cargo}"/registry/src/*/"$c-$version"
  rm -rf "$TARGET"/*/{deps,.fingerprint,build}/"$c"-* "$TARGET"/*/{deps,.fingerprint,build}/*"${c//-/_}"-*
done
shopt -u nullglob

pkg_args=()
for c in "${CRATES[@]}"; do pkg_args+=(-p "$c"); done
cargo package --locked "${pkg_args[@]}"
mkdir -p "$WORK/crates"
patch_args=()
for c in "${CRATES[@]}"; do
  tar -xzf "$TARGET/package/$c-$version.crate" -C "$WORK/crates"
  patch_args+=(--config "patch.crates-io.$c.path=\"$WORK/crates/$c-$version\"")
done

cp -r tests/consumer "$WORK/consumer"
cp Cargo.lock "$WORK/consumer/Cargo.lock"
cd "$WORK/consumer"
cargo metadata --format-version 1 "${patch_args[@]}" | python3 -c '
import json, sys
crates = sys.argv[1]
meta = json.load(sys.stdin)
ours = [p for p in meta["packages"] if p["name"].startswith(("ory-hydra-v1-", "ory-hydra-runtime"))]
wrong = [p["manifest_path"] for p in ours if not p["manifest_path"].startswith(crates)]
assert len(ours) == 5 and not wrong, f"not built from the packages: {wrong or ours}"
print("consumer resolves", ", ".join(sorted(p["name"] + " " + p["version"] for p in ours)), "from", crates)
' "$WORK/crates/"
cargo test "${patch_args[@]}"
