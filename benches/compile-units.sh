#!/usr/bin/env bash
# Compile cost of the client unit against the official crate's unit, like with like (issue 23):
# both are dependencies of ONE consumer crate in ONE workspace, so they build with the same profile
# (cargo's defaults: the repository's own `[profile.dev] debug = "line-tables-only"` does not apply to a
# dependency's build, exactly as a user sees it), the same compiler, flags and machine state.
#
#   benches/compile-units.sh                      # dev and release, both lines
#   PROFILES=dev REPEAT=5 LINES=v2 benches/compile-units.sh
#   CALLGRIND=0 benches/compile-units.sh             # without the (slow) instruction counts
#   PARTS=solo LINES=v1 benches/compile-units.sh     # only the consumers' clean builds of one line
#
# For each profile it measures
#  - each unit inside a clean build of the consumer (`--timings`; units share the cores there);
#  - each unit rebuilt alone: `cargo clean -p <unit>`, then `CARGO_INCREMENTAL=0 cargo build` (as cargo
#    builds any registry dependency), REPEAT times, median; the two units are measured in alternation so
#    that a change in machine load hits both;
#  - (dev only, when valgrind is there) rustc's instruction count for each unit under callgrind, with the
#    exact command and environment cargo used: deterministic, so immune to the machine's load.
# Writes benches/results/compile-units.md, which `hydra-bench` includes in BENCHMARKS.md.
#
# Why not benches/compile-cost.sh: it builds our unit inside the repository workspace (whose dev profile
# has line-tables-only debuginfo) and the official crate in a workspace of its own with full debuginfo, so
# its ratio compared unlike builds. It remains for the figures only it has (macro expansion, incremental
# table edits).
set -euo pipefail
# shellcheck source=benches/lib.sh
source "$(dirname "$0")/lib.sh"

ROOT=$(cd "$(dirname "$0")/.." && pwd)
PROFILES=${PROFILES:-dev release}
REPEAT=${REPEAT:-3}
OUT="$ROOT/benches/results/compile-units.md"
WORK=$(mktemp -d "${TMPDIR:-/tmp}/hydra-compile-units.XXXXXX")
trap 'rm -rf "$WORK"' EXIT
mkdir -p "$ROOT/benches/results"
export CARGO_TERM_COLOR=never CARGO_TERM_PROGRESS_WHEN=never

log() { echo "[compile-units] $*" >&2; }
# PARTS picks what runs (all by default): units (each unit in a clean build and rebuilt alone, every
# operation called, and rustc's instruction counts), solo (a consumer's clean build), edits (table edits).
part() { [[ " ${PARTS:-units solo edits} " == *" $1 "* ]]; }
ratio() { python3 -c "import sys; a,b=map(float,sys.argv[1:]); print(f'{a/b:.2f}x' if b else 'n/a')" "$1" "$2"; }

# The pairs measured: line, our package, the crate name of its lib, the peer's registry version, the
# peer's features when its defaults are not the fair pair (26.2.0 defaults to native-tls; ours to rustls),
# and what a consumer of the peer must add to speak TLS at all (- for nothing): 1.11.8 depends on
# reqwest 0.11 without default features, so without reqwest's `rustls-tls` it cannot reach an https
# Hydra, and its consumer would compile no TLS stack while ours compiles rustls.
LINES=${LINES:-v1 v2}
PAIRS=()
[[ " $LINES " == *" v1 "* ]] && PAIRS+=("ory-hydra-v1-client ory_hydra_v1_client 1.11.8 - reqwest@0.11:rustls-tls")
[[ " $LINES " == *" v2 "* ]] && PAIRS+=("ory-hydra-v2-client ory_hydra_v2_client 26.2.0 rustls-tls -")


log "copying the workspace to $WORK/ws"
mkdir -p "$WORK/ws"
tar -C "$ROOT" --exclude=./target --exclude=./benches --exclude=./fuzz --exclude=./.git -cf - . | tar -C "$WORK/ws" -xf -

# One consumer per pair: ours by path, the peer renamed so that both lines of the official crate could
# sit in one graph.
consumer() { # consumer DIR OUR_PACKAGE PEER_VERSION PEER_FEATURES
  mkdir -p "$1/src"
  local dir peer_features=""
  if [ "$4" != - ]; then peer_features=", default-features = false, features = [\"$4\"]"; fi
  dir=$(cd "$WORK/ws" && cargo metadata --format-version 1 --no-deps | python3 -c \
    "import json,sys; p=[p for p in json.load(sys.stdin)['packages'] if p['name']=='$2'][0]; print(p['manifest_path'].rsplit('/',1)[0])")
  cat >"$1/Cargo.toml" <<EOF
[package]
name = "units"
version = "0.0.0"
edition = "2021"
publish = false

[workspace]
members = ["calls-ours", "calls-peer"]

[dependencies]
ours = { package = "$2", path = "$dir" }
peer = { package = "ory-hydra-client", version = "=$3"$peer_features }
EOF
  echo 'pub use {ours, peer};' >"$1/src/lib.rs"
  # Two more members take the poll function of every operation, one of ours and one of the peer's: what
  # a program calling every operation compiles of the client besides the client's own unit (ours are
  # `#[inline]` and compile in the caller; the peer's compile in its unit).
  local side
  for side in ours peer; do
    mkdir -p "$1/calls-$side/src"
    printf '[package]\nname = "calls-%s"\nversion = "0.0.0"\nedition = "2021"\npublish = false\n\n[dependencies]\n%s\n' \
      "$side" "$(sed -n "s/^$side = /dep = /p" "$1/Cargo.toml")" >"$1/calls-$side/Cargo.toml"
  done
  local snaps=("$WORK/ws/spec/expanded/admin.rs" "$WORK/ws/spec/expanded/public.rs")
  [ "$2" = ory-hydra-v2-client ] && snaps=("$WORK/ws/spec/v2/expanded/admin.rs" "$WORK/ws/spec/v2/expanded/public.rs")
  python3 "$ROOT/benches/every_call.py" ours "${snaps[@]}" >"$1/calls-ours/src/lib.rs"
  : >"$1/calls-peer/src/lib.rs" # written below, once cargo has fetched the peer's source
  (cd "$1" && cargo fetch -q)
  local peer_src
  peer_src=$(cd "$1" && cargo metadata --format-version 1 | python3 -c \
    "import json,sys; print([p for p in json.load(sys.stdin)['packages'] if p['name']=='ory-hydra-client'][0]['manifest_path'].rsplit('/',1)[0])")
  python3 "$ROOT/benches/every_call.py" peer "$peer_src/src" >"$1/calls-peer/src/lib.rs"
}

# solo DIR DEP_LINE -> a consumer crate in DIR with one dependency, DEP_LINE (a Cargo.toml line)
solo() {
  mkdir -p "$1/src"
  printf '[package]\nname = "solo"\nversion = "0.0.0"\nedition = "2021"\npublish = false\n\n[workspace]\n\n[dependencies]\n%s\n' "$2" >"$1/Cargo.toml"
  echo 'pub use dep;' >"$1/src/lib.rs"
}

# clean_build DIR TARGET PROFILE_FLAG -> wall seconds of a build of DIR from an empty target dir
clean_build() {
  rm -rf "$2"
  local t0 t1
  t0=$(date +%s.%N)
  (cd "$1" && CARGO_TARGET_DIR="$2" cargo build $3 >/dev/null 2>"$WORK/solo.log") || { cat "$WORK/solo.log" >&2; exit 1; }
  t1=$(date +%s.%N)
  python3 -c "print(f'{$t1-$t0:.1f}')"
}

# alone DIR TARGET PROFILE_FLAG PACKAGE -> seconds of PACKAGE rebuilt alone
alone() {
  (cd "$1" && CARGO_TARGET_DIR="$2" cargo clean -p "$4" $3 >/dev/null 2>&1)
  (cd "$1" && CARGO_INCREMENTAL=0 CARGO_TARGET_DIR="$2" cargo build $3 -p "$4" --timings >/dev/null 2>"$WORK/alone.log")
  unit_time "$2" "$4"
}

# edits DIR TARGET PACKAGE TABLE -> "doc endpoint": median seconds of an incremental dev `cargo build -p
# PACKAGE` after editing one doc line of TABLE, then after renaming one operation (the edit undone after
# each run, and the build brought back up to date). A path dependency builds incrementally in dev.
edits() {
  local table=$4 orig="$WORK/table.orig" doc_line ep_line runs_doc=() runs_ep=() i t0 t1
  cp "$table" "$orig"
  doc_line=$(grep -n '^/// Fetches one OAuth 2.0 client' "$table" | head -1 | cut -d: -f1)
  ep_line=$(grep -n '^DELETE .* delete_o_auth2_client ' "$table" | head -1 | cut -d: -f1)
  build() { (cd "$1" && CARGO_TARGET_DIR="$2" cargo build -p "$3" >/dev/null 2>"$WORK/edit.log") || { cat "$WORK/edit.log" >&2; exit 1; }; }
  build "$1" "$2" "$3"
  for i in $(seq "$REPEAT"); do
    sed -i "${doc_line}s/\$/ x$i/" "$table"
    t0=$(date +%s.%N); build "$1" "$2" "$3"; t1=$(date +%s.%N)
    runs_doc+=("$(python3 -c "print(f'{$t1-$t0:.2f}')")")
    cp "$orig" "$table"; build "$1" "$2" "$3"
    sed -i "${ep_line}s/delete_o_auth2_client /delete_o_auth2_client$i /" "$table"
    t0=$(date +%s.%N); build "$1" "$2" "$3"; t1=$(date +%s.%N)
    runs_ep+=("$(python3 -c "print(f'{$t1-$t0:.2f}')")")
    cp "$orig" "$table"; build "$1" "$2" "$3"
  done
  echo "$(median "${runs_doc[@]}") (${runs_doc[*]}) | $(median "${runs_ep[@]}") (${runs_ep[*]})"
}

# instructions DIR TARGET PACKAGE CRATE_NAME -> rustc instructions for that unit (dev profile)
instructions() {
  (cd "$1" && CARGO_TARGET_DIR="$2" cargo clean -p "$3" >/dev/null 2>&1)
  (cd "$1" && CARGO_INCREMENTAL=0 CARGO_TARGET_DIR="$2" cargo build -vv 2>&1) \
    | sed -n "s/^ *Running \`\(.*--crate-name $4 .*\)\`\$/\1/p" | head -1 >"$WORK/cg.cmd"
  python3 - "$WORK/cg.cmd" "$WORK/cg.out" <<'PY'
import sys
cmd = open(sys.argv[1]).read().strip()
before, after = cmd.split(" --crate-name ", 1)
env, rustc = before.rsplit(" ", 1)
open(sys.argv[1], "w").write(f"{env} valgrind --tool=callgrind --callgrind-out-file={sys.argv[2]} {rustc} --crate-name {after}")
PY
  (cd "$1" && CARGO_INCREMENTAL=0 bash "$WORK/cg.cmd" >/dev/null 2>&1) || { echo nan; return; }
  sed -n 's/^\(summary\|totals\): *\([0-9]*\).*/\2/p' "$WORK/cg.out" | head -1
}

{
  echo "## Compile cost, like with like"
  echo
  echo "From \`benches/compile-units.sh\`, $(date -u '+%Y-%m-%d %H:%M') UTC, $(rustc -V), $(nproc) logical CPUs."
  echo "Both units are dependencies of one consumer crate in one workspace: same profile (cargo's"
  echo "defaults, full debuginfo in dev), compiler, flags and machine state. \"Alone\" = \`cargo clean -p\`"
  echo "of that unit, then a non-incremental build; median of $REPEAT, the two units alternating."
  echo
  echo "| unit | profile | in a clean consumer build (s) | rebuilt alone (s) | ratio alone |"
  echo "|---|---|---:|---:|---:|"
} >"$WORK/table.md"
: >"$WORK/ir.md"
: >"$WORK/solo.md"
: >"$WORK/calls.md"
: >"$WORK/edits.md"

for pair in "${PAIRS[@]}"; do
  read -r ours cname peer features peer_tls <<<"$pair"
  dir="$WORK/units-$ours"
  consumer "$dir" "$ours" "$peer" "$features"
  for profile in $PROFILES; do
    pflag=""
    [ "$profile" = release ] && pflag="--release"
    target="$WORK/target-$ours-$profile"
    if part units; then
    log "$ours vs ory-hydra-client $peer ($profile): clean consumer build"
    (cd "$dir" && CARGO_TARGET_DIR="$target" cargo build $pflag --workspace --timings >/dev/null 2>"$WORK/clean.log") \
      || { cat "$WORK/clean.log"; exit 1; }
    ours_clean=$(unit_time "$target" "$ours")
    peer_clean=$(unit_time "$target" ory-hydra-client)
    a=() b=()
    for i in $(seq "$REPEAT"); do
      log "  rebuilt alone, round $i"
      a+=("$(alone "$dir" "$target" "$pflag" "$ours")")
      b+=("$(alone "$dir" "$target" "$pflag" ory-hydra-client)")
    done
    ma=$(median "${a[@]}")
    mb=$(median "${b[@]}")
    echo "| $ours | $profile | $ours_clean | $ma (${a[*]}) | $(ratio "$ma" "$mb") |" >>"$WORK/table.md"
    echo "| ory-hydra-client $peer | $profile | $peer_clean | $mb (${b[*]}) | |" >>"$WORK/table.md"
    # Every operation called: the crate calling them rebuilt alone, added to the unit's own time.
    e=() f=()
    for i in $(seq "$REPEAT"); do
      log "  every operation called, round $i"
      e+=("$(alone "$dir" "$target" "$pflag" calls-ours)")
      f+=("$(alone "$dir" "$target" "$pflag" calls-peer)")
    done
    me=$(median "${e[@]}")
    mf=$(median "${f[@]}")
    se=$(python3 -c "print(f'{$ma+$me:.2f}')")
    sf=$(python3 -c "print(f'{$mb+$mf:.2f}')")
    echo "| $ours | $profile | $ma + $me (${e[*]}) = $se | $mb + $mf (${f[*]}) = $sf | $(ratio "$se" "$sf") |" >>"$WORK/calls.md"
    fi
    if part solo; then
    # A user's clean build: a consumer of ours alone against a consumer of the peer alone (the fair pair:
    # both on rustls), each from an empty target dir, alternating.
    solo "$WORK/solo-ours" "dep = { package = \"$ours\", path = \"$(sed -n 's/^ours = .*path = "\(.*\)" }$/\1/p' "$dir/Cargo.toml")\" }"
    peer_dep=$(sed -n 's/^peer = /dep = /p' "$dir/Cargo.toml")
    if [ "$peer_tls" != - ]; then
      tls_crate=${peer_tls%%@*} tls_version=${peer_tls#*@}
      peer_dep="$peer_dep
$tls_crate = { version = \"${tls_version%%:*}\", default-features = false, features = [\"${tls_version#*:}\"] }"
    fi
    solo "$WORK/solo-peer" "$peer_dep"
    c=() d=()
    for i in $(seq "$REPEAT"); do
      log "  clean consumer builds, round $i"
      c+=("$(clean_build "$WORK/solo-ours" "$WORK/target-solo" "$pflag")")
      d+=("$(clean_build "$WORK/solo-peer" "$WORK/target-solo" "$pflag")")
    done
    mc=$(median "${c[@]}")
    md=$(median "${d[@]}")
    echo "| $ours | $profile | $mc (${c[*]}) | $md (${d[*]}) | $(ratio "$mc" "$md") |" >>"$WORK/solo.md"
    fi
    if [ "$profile" = dev ] && part edits; then
      log "  incremental rebuilds after a table edit"
      table="$WORK/ws/spec/admin.table"
      [ "$ours" = ory-hydra-v2-client ] && table="$WORK/ws/spec/v2/admin.table"
      echo "| $ours | \`${table#"$WORK/ws/"}\` | $(edits "$dir" "$WORK/target-$ours-incr" "$ours" "$table") |" >>"$WORK/edits.md"
    fi
    if [ "$profile" = dev ] && part units && [ "${CALLGRIND:-1}" = 1 ] && command -v valgrind >/dev/null; then
      log "  instructions under callgrind"
      ia=$(instructions "$dir" "$target" "$ours" "$cname")
      ib=$(instructions "$dir" "$target" ory-hydra-client ory_hydra_client)
      if [ "$ia" != nan ] && [ "$ib" != nan ]; then
        echo "| $ours / ory-hydra-client $peer | $(python3 -c "print(round($ia/1e6))") / $(python3 -c "print(round($ib/1e6))") | $(ratio "$ia" "$ib") |" >>"$WORK/ir.md"
      fi
    fi
  done
done

{
  cat "$WORK/table.md"
  echo
  echo "Every operation called (\`benches/every_call.py\`: a crate taking the \`poll\` function of each"
  echo "async operation, so that each one compiles): the client unit rebuilt alone plus that crate rebuilt"
  echo "alone. Ours are \`#[inline]\` and compile in the calling crate; the peer's compile in its own unit."
  echo
  echo "| line | profile | ours: unit + calling crate (s) | peer: unit + calling crate (s) | ratio |"
  echo "|---|---|---:|---:|---:|"
  cat "$WORK/calls.md"
  echo
  echo "A consumer's clean build (wall time of \`cargo build\` from an empty target dir, the whole dependency"
  echo "graph included), one consumer depending on ours alone, one on the peer alone (rustls on both sides;"
  echo "for 1.11.8, whose reqwest 0.11 has no TLS of its own, the consumer adds reqwest's \`rustls-tls\`):"
  echo
  echo "| line | profile | consumer of ours (s) | consumer of the peer (s) | ratio |"
  echo "|---|---|---:|---:|---:|"
  cat "$WORK/solo.md"
  echo
  echo "Incremental dev rebuild of the unit (\`cargo build -p\`, a path dependency, so incremental) after"
  echo "one table edit, median of $REPEAT (every run listed):"
  echo
  echo "| unit | table | one doc line edited (s) | one operation renamed (s) |"
  echo "|---|---|---:|---:|"
  cat "$WORK/edits.md"
  if [ -s "$WORK/ir.md" ]; then
    echo
    echo "rustc instructions per unit, dev profile (valgrind \`--tool=callgrind\`, the command cargo ran):"
    echo
    echo "| units | millions of instructions | ratio |"
    echo "|---|---:|---:|"
    cat "$WORK/ir.md"
  fi
  echo
  echo "Load average at the end: $(cut -d' ' -f1-3 /proc/loadavg)."
} >"$OUT"
log "wrote $OUT"
cat "$OUT"
