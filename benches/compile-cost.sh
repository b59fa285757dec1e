#!/usr/bin/env bash
# Compile cost of ory-hydra-v1-client vs the official ory-hydra-client 1.11.8, from clean target dirs.
#
#   benches/compile-cost.sh            # dev profile (what `cargo build` / `cargo test` pay)
#   PROFILE=release benches/compile-cost.sh
#
# Works on a copy of the workspace in a temporary directory (so the table edits of the incremental test
# never touch the real spec/, and no build lock is shared with other builds), with fresh CARGO_TARGET_DIRs.
# Writes benches/results/compile-cost.md (compile-cost-release.md for PROFILE=release), which `hydra-bench` includes in BENCHMARKS.md.
#
# Figures:
#  - clean build: `cargo build -p ory-hydra-v1-client --timings` / the official crate's `--timings`; the per-unit
#    durations come from the UNIT_DATA table of cargo-timing.html (stable cargo has no JSON timings).
#    Units compete for the cores there, so each crate is also rebuilt alone: `cargo clean -p <crate>`
#    then build again, REPEAT times, median.
#  - macro expansion: rustc's `-Z time-passes` `macro_expand_crate` for ory-hydra-v1-client (all macros of the
#    crate, dominated by `generate!`; RUSTC_BOOTSTRAP=1 unlocks -Z on stable and is set for every build of
#    the copy, so adding the flag rebuilds only ory-hydra-v1-client), plus the ory-hydra-v1-codegen library timed directly
#    (`hydra-bench --expand-time`, optimised build).
#  - incremental: rebuild after editing one line of spec/admin.table (a doc line, then an endpoint line),
#    and a no-op rebuild, REPEAT times each, median.
set -euo pipefail
# shellcheck source=benches/lib.sh
source "$(dirname "$0")/lib.sh"

ROOT=$(cd "$(dirname "$0")/.." && pwd)
PROFILE=${PROFILE:-dev}
REPEAT=${REPEAT:-3}
OUT_DIR="$ROOT/benches/results"
OUT="$OUT_DIR/compile-cost.md"
[ "$PROFILE" = release ] && OUT="$OUT_DIR/compile-cost-release.md"
WORK=$(mktemp -d "${TMPDIR:-/tmp}/hydra-compile-cost.XXXXXX")
trap 'rm -rf "$WORK"' EXIT
mkdir -p "$OUT_DIR"

PFLAG=()
[ "$PROFILE" = release ] && PFLAG=(--release)
export CARGO_TERM_COLOR=never CARGO_TERM_PROGRESS_WHEN=never

now() { date +%s.%N; }
since() { python3 -c "import sys; print(f'{float(sys.argv[2]) - float(sys.argv[1]):.2f}')" "$1" "$(now)"; }
log() { echo "[compile-cost] $*" >&2; }


# --- the workspace copy -------------------------------------------------------------------------------
log "copying the workspace to $WORK/ws"
mkdir -p "$WORK/ws"
tar -C "$ROOT" --exclude=./target --exclude=./benches --exclude=./.git -cf - . | tar -C "$WORK/ws" -xf -
export RUSTC_BOOTSTRAP=1  # see the header; the same compiler and flags, only -Z unlocked
TH="$WORK/target-hydra"

# --- ory-hydra-v1-client, clean ------------------------------------------------------------------------------
log "clean build of ory-hydra-v1-client ($PROFILE) with --timings"
t0=$(now)
(cd "$WORK/ws" && CARGO_TARGET_DIR="$TH" cargo build -p ory-hydra-v1-client "${PFLAG[@]}" --timings >/dev/null 2>"$WORK/h.log") || { cat "$WORK/h.log"; exit 1; }
H_TOTAL=$(since "$t0")
H_UNIT=$(unit_time "$TH" ory-hydra-v1-client)
H_MACROS=$(unit_time "$TH" ory-hydra-v1-macros)
H_CODEGEN=$(unit_time "$TH" ory-hydra-v1-codegen)
H_TRANSPORT=$(unit_time "$TH" ory-hydra-v1-transport)
H_NUNITS=$(grep -c "Compiling" "$WORK/h.log" || true)

# Rebuilt alone without incremental compilation: a workspace member gets it in dev, a dependency (how
# users build both ory-hydra-v1-client and the official crate) never does.
log "ory-hydra-v1-client and its transport crate rebuilt alone, non-incremental, $REPEAT times"
alone=()
talone=()
for _ in $(seq "$REPEAT"); do
  # The transport first, in ory-hydra-v1-client's graph (built on its own it would get other features and be
  # rebuilt anyway). cargo starts ory-hydra-v1-client before the transport's code generation ends, so this figure
  # shares the cores for a while; the second build then compiles ory-hydra-v1-client and nothing else.
  (cd "$WORK/ws" && CARGO_TARGET_DIR="$TH" cargo clean -p ory-hydra-v1-transport "${PFLAG[@]}" >/dev/null 2>&1)
  (cd "$WORK/ws" && CARGO_INCREMENTAL=0 CARGO_TARGET_DIR="$TH" cargo build -p ory-hydra-v1-client "${PFLAG[@]}" --timings >/dev/null 2>&1)
  talone+=("$(unit_time "$TH" ory-hydra-v1-transport)")
  (cd "$WORK/ws" && CARGO_TARGET_DIR="$TH" cargo clean -p ory-hydra-v1-client "${PFLAG[@]}" >/dev/null 2>&1)
  (cd "$WORK/ws" && CARGO_INCREMENTAL=0 CARGO_TARGET_DIR="$TH" cargo build -p ory-hydra-v1-client "${PFLAG[@]}" --timings >/dev/null 2>"$WORK/alone.log")
  if [ "$(grep -c Compiling "$WORK/alone.log")" != 1 ]; then
    echo "compile-cost: rebuilding ory-hydra-v1-client alone compiled more than ory-hydra-v1-client:" >&2
    cat "$WORK/alone.log" >&2
    exit 1
  fi
  alone+=("$(unit_time "$TH" ory-hydra-v1-client)")
done
H_ALONE=$(median "${alone[@]}")
T_ALONE=$(median "${talone[@]}")

log "macro expansion (-Z time-passes), $REPEAT times"
exp=()
for _ in $(seq "$REPEAT"); do
  (cd "$WORK/ws" && CARGO_TARGET_DIR="$TH" cargo clean -p ory-hydra-v1-client "${PFLAG[@]}" >/dev/null 2>&1)
  tp=$(cd "$WORK/ws" && CARGO_TARGET_DIR="$TH" cargo rustc -p ory-hydra-v1-client --lib "${PFLAG[@]}" -- -Ztime-passes 2>&1 | awk '$NF=="macro_expand_crate"{gsub(";","",$2); print $2}' | tail -1)
  exp+=("${tp:-nan}")
done
H_EXPAND=$(median "${exp[@]}")
# Put ory-hydra-v1-client back to a normal build (without -Ztime-passes) for the incremental runs.
(cd "$WORK/ws" && CARGO_TARGET_DIR="$TH" cargo build -p ory-hydra-v1-client "${PFLAG[@]}" >/dev/null 2>&1)

# --- incremental --------------------------------------------------------------------------------------
TABLE="$WORK/ws/spec/admin.table"
incr() { # incr SED_EXPR -> median seconds of `cargo build -p ory-hydra-v1-client` after applying the edit
  local runs=() i
  for i in $(seq "$REPEAT"); do
    if [ -n "$1" ]; then sed -i "$1" "$TABLE"; fi
    sleep 0.01
    local t
    t=$(now)
    (cd "$WORK/ws" && CARGO_TARGET_DIR="$TH" cargo build -p ory-hydra-v1-client "${PFLAG[@]}" >/dev/null 2>"$WORK/i.log") || { cat "$WORK/i.log"; exit 1; }
    runs+=("$(since "$t")")
  done
  median "${runs[@]}"
}
log "incremental rebuilds"
cp "$TABLE" "$WORK/admin.table.orig"
DOC_LINE=$(grep -n '^/// Fetches one OAuth 2.0 client' "$TABLE" | head -1 | cut -d: -f1)
EP_LINE=$(grep -n '^DELETE */clients/{id}' "$TABLE" | head -1 | cut -d: -f1)
I_NOOP=$(incr "")
I_DOC=$(incr "${DOC_LINE}s/\$/ x/")
cp "$WORK/admin.table.orig" "$TABLE"
(cd "$WORK/ws" && CARGO_TARGET_DIR="$TH" cargo build -p ory-hydra-v1-client "${PFLAG[@]}" >/dev/null 2>&1)
# An endpoint line whose generated code changes: rename delete_o_auth2_client back and forth.
I_EP_RUNS=()
for i in $(seq "$REPEAT"); do
  sed -i "${EP_LINE}s/delete_o_auth2_client /delete_o_auth2_client$i /" "$TABLE"
  t=$(now)
  (cd "$WORK/ws" && CARGO_TARGET_DIR="$TH" cargo build -p ory-hydra-v1-client "${PFLAG[@]}" >/dev/null 2>"$WORK/i.log") || { cat "$WORK/i.log"; exit 1; }
  I_EP_RUNS+=("$(since "$t")")
  cp "$WORK/admin.table.orig" "$TABLE"
  (cd "$WORK/ws" && CARGO_TARGET_DIR="$TH" cargo build -p ory-hydra-v1-client "${PFLAG[@]}" >/dev/null 2>&1)
done
I_EP=$(median "${I_EP_RUNS[@]}")

# --- the official crate, clean ------------------------------------------------------------------------
log "clean build of ory-hydra-client 1.11.8 ($PROFILE) with --timings"
mkdir -p "$WORK/official/src"
cat >"$WORK/official/Cargo.toml" <<'EOF'
[package]
name = "official-unit"
version = "0.0.0"
edition = "2021"
publish = false

[workspace]

[dependencies]
ory-hydra-client = "=1.11.8"
EOF
echo 'pub use ory_hydra_client;' >"$WORK/official/src/lib.rs"
TO="$WORK/target-official"
unset RUSTC_BOOTSTRAP
t0=$(now)
(cd "$WORK/official" && CARGO_TARGET_DIR="$TO" cargo build "${PFLAG[@]}" --timings >/dev/null 2>"$WORK/o.log") || { cat "$WORK/o.log"; exit 1; }
O_TOTAL=$(since "$t0")
O_UNIT=$(unit_time "$TO" ory-hydra-client)
O_NUNITS=$(grep -c "Compiling" "$WORK/o.log" || true)
alone=()
for _ in $(seq "$REPEAT"); do
  (cd "$WORK/official" && CARGO_TARGET_DIR="$TO" cargo clean -p ory-hydra-client "${PFLAG[@]}" >/dev/null 2>&1)
  (cd "$WORK/official" && CARGO_TARGET_DIR="$TO" cargo build "${PFLAG[@]}" --timings >/dev/null 2>&1)
  alone+=("$(unit_time "$TO" ory-hydra-client)")
done
O_ALONE=$(median "${alone[@]}")

# --- instructions per unit (callgrind), the load-independent cross-check -------------------------------
# Wall and CPU times of one crate move by ±20% on a shared VM. rustc's instruction count for the same
# unit does not, so each unit is compiled once more under callgrind with the exact command and
# environment cargo used (taken from `cargo build -vv`). Dev profile only: the release runs take long.
# cg_unit DIR TARGET_DIR PACKAGE CRATE_NAME [cargo build args...] -> instructions
cg_unit() {
  local dir=$1 target=$2 pkg=$3 cname=$4
  shift 4
  (cd "$dir" && CARGO_TARGET_DIR="$target" cargo clean -p "$pkg" >/dev/null 2>&1)
  (cd "$dir" && CARGO_INCREMENTAL=0 CARGO_TARGET_DIR="$target" cargo build -vv "$@" 2>&1) \
    | sed -n "s/^ *Running \`\(.*--crate-name $cname .*\)\`\$/\1/p" | head -1 >"$WORK/cg.cmd"
  python3 - "$WORK/cg.cmd" "$WORK/cg.out" <<'PY'
import sys
cmd = open(sys.argv[1]).read().strip()
before, after = cmd.split(" --crate-name ", 1)
env, rustc = before.rsplit(" ", 1)
open(sys.argv[1], "w").write(f"{env} valgrind --tool=callgrind --callgrind-out-file={sys.argv[2]} {rustc} --crate-name {after}")
PY
  (cd "$dir" && CARGO_INCREMENTAL=0 bash "$WORK/cg.cmd" >/dev/null 2>&1) || { echo nan; return; }
  sed -n 's/^\(summary\|totals\): *\([0-9]*\).*/\2/p' "$WORK/cg.out" | head -1
}
H_IR=""
O_IR=""
if [ "$PROFILE" = dev ] && command -v valgrind >/dev/null; then
  log "instructions per unit under callgrind (a few minutes)"
  H_IR=$(cg_unit "$WORK/ws" "$TH" ory-hydra-v1-client ory_hydra_v1_client -p ory-hydra-v1-client)
  O_IR=$(cg_unit "$WORK/official" "$TO" ory-hydra-client ory_hydra_client)
fi

# --- the generator library, timed directly --------------------------------------------------------------
log "ory-hydra-v1-codegen library timing"
EXP_LINE=$(cargo run --quiet --release --manifest-path "$ROOT/benches/Cargo.toml" -- --expand-time 2>/dev/null | grep '^EXPAND' || true)
val() { sed -n "s/.*$1=\([^ ]*\).*/\1/p" <<<"$EXP_LINE"; }

RUSTC_V=$(rustc -V)
CPU=$(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -1)
NCPU=$(nproc)
LOAD=$(cut -d' ' -f1-3 /proc/loadavg)
DATE=$(date -u '+%Y-%m-%d %H:%M')

cat >"$OUT" <<EOF
## Compile cost ($PROFILE profile)

From \`benches/compile-cost.sh\` (profile \`$PROFILE\`, fresh \`CARGO_TARGET_DIR\`s, on a copy of the workspace),
$DATE UTC, $RUSTC_V, $CPU, $NCPU logical CPUs, load average at the end $LOAD. Unit durations are
cargo's \`--timings\` figures (from \`cargo-timing.html\`); "alone" rebuilds just that crate after
\`cargo clean -p\`, without incremental compilation (as cargo builds any dependency), median of $REPEAT.

| unit | clean build, in the full graph (s) | rebuilt alone (s) |
|---|---:|---:|
| ory-hydra-v1-client (macro expansion included) | $H_UNIT | $H_ALONE |
| ory-hydra-client 1.11.8 | $O_UNIT | $O_ALONE |
| ory-hydra-v1-transport (its HTTP stack, built once, not on table edits; "alone" = rebuilt with ory-hydra-v1-client starting beside it) | $H_TRANSPORT | $T_ALONE |
| ory-hydra-v1-macros (proc macro, built once) | $H_MACROS | |
| ory-hydra-v1-codegen (its generator library, built once) | $H_CODEGEN | |

| whole graph from clean | wall (s) | units compiled |
|---|---:|---:|
| \`cargo build -p ory-hydra-v1-client\` (hyper, rustls with ring, time, …: the default features) | $H_TOTAL | $H_NUNITS |
| a crate depending on \`ory-hydra-client = "=1.11.8"\` (reqwest 0.11, no TLS) | $O_TOTAL | $O_NUNITS |

Macro expansion for the full table ($(val lines) table lines → $(val tokens) tokens, $(val bytes) bytes of code):

| measure | ms |
|---|---:|
| rustc \`-Z time-passes\` \`macro_expand_crate\` of ory-hydra-v1-client (all its macros, median of $REPEAT) | $(python3 -c "print(f'{float(\"$H_EXPAND\")*1000:.0f}')") |
| ory-hydra-v1-codegen library, optimised: read + parse + validate the tables | $(val load_ms) |
| ory-hydra-v1-codegen library, optimised: generate the token stream | $(val generate_ms) |

| incremental rebuild of ory-hydra-v1-client (\`cargo build -p ory-hydra-v1-client\`, median of $REPEAT) | s |
|---|---:|
| nothing changed | $I_NOOP |
| one doc line of \`spec/admin.table\` edited | $I_DOC |
| one endpoint line of \`spec/admin.table\` edited (an operation renamed) | $I_EP |
EOF
if [ -n "$H_IR" ] && [ -n "$O_IR" ] && [ "$H_IR" != nan ] && [ "$O_IR" != nan ]; then
  cat >>"$OUT" <<EOF

Instructions rustc executes for each unit (valgrind \`--tool=callgrind\`, the exact command and
environment cargo used, non-incremental, macro expansion included). Deterministic, so immune to the
load of the machine; it does not see how well a unit spreads over the cores.

| unit | rustc instructions (millions) |
|---|---:|
| ory-hydra-v1-client | $(python3 -c "print(round($H_IR/1e6))") |
| ory-hydra-client 1.11.8 | $(python3 -c "print(round($O_IR/1e6))") |
| ory-hydra-v1-client / ory-hydra-client | $(python3 -c "print(f'{$H_IR/$O_IR:.3f}')") |
EOF
fi
log "wrote $OUT"
cat "$OUT"
