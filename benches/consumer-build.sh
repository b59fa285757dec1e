#!/usr/bin/env bash
# A consumer's clean build: a new crate depending on ory-hydra-v1-client (as packaged, default features),
# against the fair pair, a crate depending on the official `ory-hydra-client = "=1.11.8"` with reqwest
# 0.11's `rustls-tls` feature on (the crate depends on reqwest with default features off, so a user turns
# TLS on through reqwest; rustls on both sides). A third crate uses ory-hydra-v1-client with aws-lc-rs
# instead of ring (`default-features = false, features = ["aws-lc-rs"]`), to compare the two providers.
# Each consumer has tokio (rt-multi-thread, macros) and a main that builds a client and makes one call.
#
#   benches/consumer-build.sh                 # dev and release, ROUNDS=2, variants ours official ours-aws
#   ROUNDS=3 PROFILES=dev VARIANTS="ours official" benches/consumer-build.sh
#
# About 12 clean builds with the defaults: some 15 minutes on a quiet 2-core machine, far more on a busy
# one. benches/run.sh does not run it; the report it writes (BENCHMARKS.md) includes the result file.
#
# Each round builds every variant once, back to back (A, B, C, A, B, C, ...), each from an empty
# CARGO_TARGET_DIR, so a busy machine slows all of them alike and the ratio stays fair; the figures are
# the median over rounds. Dependencies are downloaded before timing. Units = the `Compiling` lines
# (build scripts' runs not counted). Writes benches/results/consumer-build.md; nothing else.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
ROUNDS=${ROUNDS:-2}
PROFILES=${PROFILES:-"dev release"}
OUT="$ROOT/benches/results/consumer-build.md"
WORK=$(mktemp -d "${TMPDIR:-/tmp}/hydra-consumer-build.XXXXXX")
trap 'rm -rf "$WORK"' EXIT
export CARGO_TERM_COLOR=never CARGO_TERM_PROGRESS_WHEN=never
log() { echo "[consumer-build] $*" >&2; }

# --- ory-hydra-v1-client as a registry user gets it: its packages, unpacked ----------------------------
CRATES=(ory-hydra-v1-codegen ory-hydra-v1-macros ory-hydra-v1-transport ory-hydra-v1-client)
pkg_args=()
for c in "${CRATES[@]}"; do pkg_args+=(-p "$c"); done
log "packaging ${CRATES[*]}"
(cd "$ROOT" && CARGO_TARGET_DIR="$WORK/package-target" cargo package --no-verify --allow-dirty "${pkg_args[@]}" >/dev/null 2>&1)
version=$(cd "$ROOT" && cargo metadata --format-version 1 --no-deps \
  | python3 -c 'import json,sys; print(next(p["version"] for p in json.load(sys.stdin)["packages"] if p["name"] == "ory-hydra-v1-client"))')
mkdir -p "$WORK/crates"
patch=""
for c in "${CRATES[@]}"; do
  tar -xzf "$WORK/package-target/package/$c-$version.crate" -C "$WORK/crates"
  patch+="$c = { path = \"$WORK/crates/$c-$version\" }"$'\n'
done

# make_crate DIR DEPENDENCIES MAIN [PATCH]
make_crate() {
  mkdir -p "$1/src"
  printf '[package]\nname = "consumer"\nversion = "0.0.0"\nedition = "2021"\npublish = false\n\n[workspace]\n\n[dependencies]\ntokio = { version = "1", features = ["rt-multi-thread", "macros"] }\n%s\n' "$2" >"$1/Cargo.toml"
  [ -n "${4:-}" ] && printf '\n[patch.crates-io]\n%s' "$4" >>"$1/Cargo.toml"
  printf '%s\n' "$3" >"$1/src/main.rs"
}

MAIN_OURS='#[tokio::main]
async fn main() {
    let hydra = ory_hydra_v1_client::Client::builder("https://127.0.0.1:9/").build().unwrap();
    println!("{:?}", hydra.get_o_auth2_client("x").await.map(|c| c.client_id));
}'
MAIN_OFFICIAL='#[tokio::main]
async fn main() {
    let mut config = ory_hydra_client::apis::configuration::Configuration::new();
    config.base_path = "https://127.0.0.1:9".into();
    let got = ory_hydra_client::apis::admin_api::get_o_auth2_client(&config, "x").await;
    println!("{:?}", got.map(|c| c.client_id));
}'
make_crate "$WORK/ours" "ory-hydra-v1-client = \"=$version\"" "$MAIN_OURS" "$patch"
make_crate "$WORK/official" $'ory-hydra-client = "=1.11.8"\nreqwest = { version = "0.11", default-features = false, features = ["rustls-tls"] }' "$MAIN_OFFICIAL"
make_crate "$WORK/ours-aws" "ory-hydra-v1-client = { version = \"=$version\", default-features = false, features = [\"aws-lc-rs\"] }" "$MAIN_OURS" "$patch"
read -r -a VARIANTS <<<"${VARIANTS:-ours official ours-aws}"
for v in "${VARIANTS[@]}"; do (cd "$WORK/$v" && cargo fetch -q); done

# build VARIANT PROFILE -> "seconds units"
build() {
  local dir="$WORK/$1" target="$WORK/target-$1-$2" flag=()
  [ "$2" = release ] && flag=(--release)
  rm -rf "$target"
  local start end
  start=$(date +%s.%N)
  (cd "$dir" && CARGO_TARGET_DIR="$target" cargo build --offline "${flag[@]}" 2>"$WORK/log-$1-$2")
  end=$(date +%s.%N)
  printf '%s %s\n' "$(python3 -c "print(f'{$end - $start:.1f}')")" "$(grep -c '^ *Compiling ' "$WORK/log-$1-$2")"
  rm -rf "$target"
}

declare -A WALL UNITS
for profile in $PROFILES; do
  for round in $(seq "$ROUNDS"); do
    for v in "${VARIANTS[@]}"; do
      read -r secs units < <(build "$v" "$profile") || true
      [ -n "${units:-}" ] || { log "$v ($profile) failed to build:"; cat "$WORK/log-$v-$profile" >&2; exit 1; }
      log "$profile round $round: $v ${secs}s, $units units (load $(cut -d' ' -f1-3 /proc/loadavg))"
      WALL[$v.$profile]+="$secs "
      UNITS[$v.$profile]=$units
    done
  done
done

median() { python3 -c "import sys,statistics; print(f'{statistics.median(float(x) for x in sys.argv[1:]):.1f}')" "$@"; }
ratio() { python3 -c "import sys; print(f'{float(sys.argv[1]) / float(sys.argv[2]):.2f}')" "$1" "$2"; }
{
  echo "## Consumer build (a new crate's clean build)"
  echo
  echo "Each consumer is a new crate with tokio and a \`main\` that builds a client and makes one call, built from an empty"
  echo "target directory; (a) uses ory-hydra-v1-client as packaged, (b) is the fair pair: \`ory-hydra-client = \"=1.11.8\"\`"
  echo "with reqwest 0.11's \`rustls-tls\` (rustls on both sides). Units = \`Compiling\` lines."
  echo
  echo "From \`benches/consumer-build.sh\`, $(date -u '+%Y-%m-%d %H:%M') UTC, $(rustc --version), $(nproc) logical CPUs,"
  echo "ROUNDS=$ROUNDS (variants interleaved in each round; median shown, every run listed), load average at the end $(cut -d' ' -f1-3 /proc/loadavg)."
  echo
  echo "| consumer crate (tokio + one call) | profile | wall, median (s) | runs (s) | units | wall vs (b) |"
  echo "|---|---|---:|---|---:|---:|"
  for profile in $PROFILES; do
    base=$(median ${WALL[official.$profile]})
    for v in "${VARIANTS[@]}"; do
      case $v in
        ours) label="(a) \`ory-hydra-v1-client\`, default features (rustls + ring)" ;;
        official) label="(b) \`ory-hydra-client = \"=1.11.8\"\` + reqwest 0.11 \`rustls-tls\`" ;;
        ours-aws) label="(c) \`ory-hydra-v1-client\`, \`default-features = false, features = [\"aws-lc-rs\"]\`" ;;
      esac
      m=$(median ${WALL[$v.$profile]})
      echo "| $label | $profile | $m | ${WALL[$v.$profile]% } | ${UNITS[$v.$profile]} | $(ratio "$m" "$base")x |"
    done
  done
} >"$OUT"
cat "$OUT"
