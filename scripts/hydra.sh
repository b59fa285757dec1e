#!/usr/bin/env bash
# Build, start and stop real ORY Hydra servers for the client's integration
# tests. Each supported version has a tiny Go module in
# tests/hydra-server/<version>/ that pins github.com/ory/hydra or, from v2 on,
# github.com/ory/hydra/v2 (see
# tests/hydra-server/QUIRKS.md for why the oldest is v1.3.2 and not v1.2.3);
# it is built using only the Go module proxy.
#
# Usage: scripts/hydra.sh build|start|stop|restart|status|env|path [VERSION]
#        scripts/hydra.sh stop all
#        scripts/hydra.sh versions
#
#   build    build the binary into the cache (skipped if it already exists)
#   start    build if needed, start `hydra serve all` on two free 127.0.0.1
#            ports with an in-memory store, wait for /health/alive, write
#            $STATE_DIR/hydra.pid and $STATE_DIR/hydra.env, print the env
#   stop     stop the server from the pid file (idempotent); `stop all`
#            stops the server of every version
#   restart  stop, then start (gives an empty in-memory store)
#   status   exit 0 and print the env if running, exit 3 otherwise
#   env      print $STATE_DIR/hydra.env as `export K=V` lines, for
#            `eval $(scripts/hydra.sh env)` (fails if not running); start
#            and status print the same lines
#   path     print the binary's cache path (does not build)
#   versions print the versions there is a module for, oldest first
#
# VERSION (the argument, else $HYDRA_VERSION, else the oldest: v1.3.2) names a directory
# of tests/hydra-server. Every version has its own state directory, so servers
# of different versions run side by side:
#   HYDRA_VERSION=v1.11.10 scripts/hydra.sh start   # or: scripts/hydra.sh start v1.11.10
#
# The cache is keyed by the version only: after changing
# tests/hydra-server/<version> without changing the version, delete the cached
# binary (the file `scripts/hydra.sh path <version>` prints) to force a rebuild.
#
# Environment (all optional):
#   HYDRA_VERSION             the version when no argument names one
#   HYDRA_CACHE_DIR           binary cache root
#                             (default ${XDG_CACHE_HOME:-$HOME/.cache}/hydra-client)
#   HYDRA_STATE_DIR           root of the pid/env/log dirs; each version uses
#                             $HYDRA_STATE_DIR/<version> (default <repo>/target/hydra-state)
#   HYDRA_BIN                 run this binary instead of building one
#   HYDRA_ADMIN_PORT          fixed admin port (default: a free port)
#   HYDRA_PUBLIC_PORT         fixed public port (default: a free port)
#   HYDRA_TEST_LISTENER_PORT  port of the test's login/consent/logout app (4999)
#   HYDRA_SYSTEM_SECRET       system secret, >= 32 chars (a fixed test value)
#   HYDRA_LOG_LEVEL           Hydra's LOG_LEVEL (default info)
#   HYDRA_TTL_LOGIN_CONSENT_REQUEST  lifespan of login/consent requests (default 1h)
#   HYDRA_SELF_ADMIN          URLS_SELF_ADMIN (default the admin URL; `none` leaves it unset)
#   HYDRA_START_TIMEOUT       seconds to wait for /health/alive (default 60)
set -euo pipefail

SCRIPT_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO_ROOT="$(cd "$SCRIPT_DIR/.." && pwd)"
SERVERS_DIR="$REPO_ROOT/tests/hydra-server"


log() { echo "hydra.sh: $*" >&2; }
die() { log "$*"; exit 1; }

# The versions there is a module for, oldest first.
versions() {
  local d
  for d in "$SERVERS_DIR"/v*/; do
    [[ -f "$d/go.mod" ]] && basename "$d"
  done | sort -V
}

ACTION="${1:-}"
HYDRA_VERSION="${2:-${HYDRA_VERSION:-$(versions | head -n 1)}}"
[[ "$HYDRA_VERSION" == v* ]] || HYDRA_VERSION="v$HYDRA_VERSION"
if [[ "$ACTION" == stop && "$HYDRA_VERSION" == vall ]]; then
  for v in $(versions); do bash "$0" stop "$v"; done
  exit 0
fi
MODULE_DIR="$SERVERS_DIR/$HYDRA_VERSION"
if [[ "$ACTION" != versions && ! -f "$MODULE_DIR/go.mod" ]]; then
  die "no module for Hydra $HYDRA_VERSION in tests/hydra-server (have: $(versions | tr '\n' ' '))"
fi
if [[ "$ACTION" != versions ]]; then
  # MODULE: Hydra's module path (v2: github.com/ory/hydra/v2); CGO, TAGS, VERSION_PKG: how this version
  # is built; MEMORY_DSN: its in-memory store; SERVE_FLAGS: what `serve all` needs for plain HTTP;
  # LIVE_SERIAL=1: the store cannot take concurrent writes, so the live suite must send one request at a time.
  MODULE=github.com/ory/hydra CGO=0 TAGS="" VERSION_PKG=github.com/ory/hydra/cmd MEMORY_DSN=memory
  SERVE_FLAGS="--dangerous-force-http --sqa-opt-out" LIVE_SERIAL=0
  # shellcheck source=/dev/null
  [[ -f "$MODULE_DIR/build.env" ]] && source "$MODULE_DIR/build.env"
  # The module must pin the version its directory is named after.
  pinned="$(awk -v m="$MODULE" '$1 == m && $2 ~ /^v/ { print $2; exit }
                 $1 == "require" && $2 == m { print $3; exit }' "$MODULE_DIR/go.mod")"
  [[ "$pinned" == "$HYDRA_VERSION" ]] \
    || die "tests/hydra-server/$HYDRA_VERSION/go.mod pins $MODULE ${pinned:-nothing}"
fi

CACHE_ROOT="${HYDRA_CACHE_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/hydra-client}"
CACHED_BIN="$CACHE_ROOT/hydra-$HYDRA_VERSION/hydra"
STATE_DIR="${HYDRA_STATE_DIR:-$REPO_ROOT/target/hydra-state}/$HYDRA_VERSION"
PID_FILE="$STATE_DIR/hydra.pid"
ENV_FILE="$STATE_DIR/hydra.env"
LOG_FILE="$STATE_DIR/hydra.log"

# ---------------------------------------------------------------- build ----

do_build() {
  if [[ -n "${HYDRA_BIN:-}" ]]; then
    [[ -x "$HYDRA_BIN" ]] || die "HYDRA_BIN=$HYDRA_BIN is not an executable"
    echo "$HYDRA_BIN"
    return
  fi
  if [[ -x "$CACHED_BIN" ]]; then
    log "using cached $CACHED_BIN"
    echo "$CACHED_BIN"
    return
  fi
  command -v go >/dev/null || die "go is not installed"
  mkdir -p "$(dirname "$CACHED_BIN")"
  # Serialise concurrent builds (e.g. two test runs) when flock is there.
  if command -v flock >/dev/null; then
    exec 9>"$(dirname "$CACHED_BIN")/.build.lock"
    flock 9
    if [[ -x "$CACHED_BIN" ]]; then
      echo "$CACHED_BIN"
      return
    fi
  fi
  local tmp="$CACHED_BIN.tmp.$$"
  local start=$SECONDS
  log "building ORY Hydra $HYDRA_VERSION (first build takes a few minutes) ..."
  (
    cd "$MODULE_DIR"
    export GOTOOLCHAIN=local GOFLAGS="-mod=readonly -buildvcs=false" CGO_ENABLED="$CGO"
    go build -trimpath -tags "$TAGS" \
      -ldflags "-s -w -X $VERSION_PKG.Version=$HYDRA_VERSION -X $VERSION_PKG.Commit=module-proxy -X $VERSION_PKG.Date=unknown" \
      -o "$tmp" .
  ) || { rm -f "$tmp"; die "go build failed"; }
  mv -f "$tmp" "$CACHED_BIN"
  log "built in $((SECONDS - start))s"
  echo "$CACHED_BIN"
}

# ---------------------------------------------------------------- ports ----

free_port() {
  # Prints one free TCP port on 127.0.0.1 that is not in "$@".
  local p
  if command -v python3 >/dev/null; then
    for _ in 1 2 3 4 5 6 7 8 9 10; do
      p="$(python3 -c 'import socket
s = socket.socket()
s.bind(("127.0.0.1", 0))
print(s.getsockname()[1])
s.close()')"
      if [[ " $* " != *" $p "* ]]; then echo "$p"; return; fi
    done
  fi
  # Fallback: random high port that nothing answers on.
  for _ in $(seq 1 200); do
    p=$(( 20000 + RANDOM % 30000 ))
    [[ " $* " == *" $p "* ]] && continue
    if ! (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null; then echo "$p"; return; fi
  done
  die "could not find a free port"
}

# -------------------------------------------------------------- process ----

running_pid() {
  # Prints the pid from the pid file if that process is alive and is hydra.
  [[ -f "$PID_FILE" ]] || return 1
  local pid
  pid="$(cat "$PID_FILE" 2>/dev/null || true)"
  [[ "$pid" =~ ^[0-9]+$ ]] || return 1
  kill -0 "$pid" 2>/dev/null || return 1
  if [[ -r "/proc/$pid/cmdline" ]] && ! tr '\0' ' ' <"/proc/$pid/cmdline" | grep -q 'serve all'; then
    return 1 # pid was reused by something else
  fi
  echo "$pid"
}

# Prints $ENV_FILE as `export K=V` lines, so that `eval $(scripts/hydra.sh env)`
# (or `start`) exports the URLs to child processes such as `cargo test`; plain
# `K=V` would only set shell variables. The file itself stays plain `K=V`.
print_env() { sed 's/^/export /' "$ENV_FILE"; }

alive() { curl -fsS -o /dev/null --max-time 2 "$1/health/alive" 2>/dev/null; }

do_start() {
  local pid
  if pid="$(running_pid)"; then
    log "already running (pid $pid)"
    print_env
    return
  fi
  local bin
  bin="$(do_build)"
  mkdir -p "$STATE_DIR"
  rm -f "$PID_FILE" "$ENV_FILE"

  # Free ports are picked before hydra binds them, so another process can win
  # the race; retry with new ports unless the caller fixed them.
  local attempt
  for attempt in 1 2 3; do
    if launch "$bin"; then
      return 0
    fi
    [[ -z "${HYDRA_ADMIN_PORT:-}" && -z "${HYDRA_PUBLIC_PORT:-}" ]] || break
    log "start attempt $attempt failed; retrying with new ports"
  done
  exit 1
}

launch() {
  local bin="$1" pid
  local admin_port="${HYDRA_ADMIN_PORT:-}" public_port="${HYDRA_PUBLIC_PORT:-}"
  [[ -n "$admin_port" ]] || admin_port="$(free_port "$public_port")" || return 1
  [[ -n "$public_port" ]] || public_port="$(free_port "$admin_port")" || return 1
  local admin_url="http://127.0.0.1:$admin_port"
  local public_url="http://127.0.0.1:$public_port"
  local listener="http://127.0.0.1:${HYDRA_TEST_LISTENER_PORT:-4999}"
  local secret="${HYDRA_SYSTEM_SECRET:-hydra-client-integration-tests-system-secret}"
  # URLS_SELF_ADMIN (v2: the base of the 307 Location from v1-shaped admin paths); HYDRA_SELF_ADMIN=none
  # leaves it unset, to see the server's own fallback.
  local self_admin="${HYDRA_SELF_ADMIN:-$admin_url/}"
  [[ "$self_admin" != none ]] || self_admin=""
  (( ${#secret} >= 32 )) || die "HYDRA_SYSTEM_SECRET must be at least 32 characters"

  echo "==== $(date -u +%FT%TZ) starting $bin (admin $admin_url, public $public_url)" >>"$LOG_FILE"

  # Config keys are Hydra v1.x config keys with '.' -> '_' (v1.3: viper, driver/configuration; v1.11:
  # ory/x configx, spec/config.json). Keys a version does not know are ignored by it
  # (OIDC_DYNAMIC_CLIENT_REGISTRATION_ENABLED is v1.11 only, SERVE_COOKIES_SAME_SITE_MODE v1.3+).
  env \
    DSN="$MEMORY_DSN" \
    SECRETS_SYSTEM="$secret" \
    SERVE_ADMIN_HOST=127.0.0.1 SERVE_ADMIN_PORT="$admin_port" \
    SERVE_PUBLIC_HOST=127.0.0.1 SERVE_PUBLIC_PORT="$public_port" \
    SERVE_ADMIN_ACCESS_LOG_DISABLE_FOR_HEALTH=true \
    SERVE_PUBLIC_ACCESS_LOG_DISABLE_FOR_HEALTH=true \
    SERVE_COOKIES_SAME_SITE_MODE=Lax \
    URLS_SELF_ISSUER="$public_url/" \
    URLS_SELF_PUBLIC="$public_url/" \
    ${self_admin:+URLS_SELF_ADMIN="$self_admin"} \
    URLS_LOGIN="$listener/login" \
    URLS_CONSENT="$listener/consent" \
    URLS_LOGOUT="$listener/logout" \
    URLS_ERROR="$listener/error" \
    URLS_POST_LOGOUT_REDIRECT="$listener/logged-out" \
    OAUTH2_EXPOSE_INTERNAL_ERRORS=true \
    TTL_LOGIN_CONSENT_REQUEST="${HYDRA_TTL_LOGIN_CONSENT_REQUEST:-1h}" \
    TTL_AUTH_CODE=10m \
    TTL_ACCESS_TOKEN=1h \
    TTL_ID_TOKEN=1h \
    TTL_REFRESH_TOKEN=24h \
    OAUTH2_HASHERS_BCRYPT_COST=4 \
    OIDC_DYNAMIC_CLIENT_REGISTRATION_ENABLED=true \
    LOG_LEVEL="${HYDRA_LOG_LEVEL:-info}" \
    LOG_FORMAT=text \
    SQA_OPT_OUT=true DISABLE_TELEMETRY=true \
    nohup "$bin" serve all $SERVE_FLAGS \
    >>"$LOG_FILE" 2>&1 </dev/null &
  pid=$!
  echo "$pid" >"$PID_FILE"

  local deadline=$(( SECONDS + ${HYDRA_START_TIMEOUT:-60} ))
  until alive "$admin_url" && alive "$public_url"; do
    if ! kill -0 "$pid" 2>/dev/null; then
      rm -f "$PID_FILE"
      log "hydra exited during startup; last log lines:"
      tail -n 15 "$LOG_FILE" >&2 || true
      return 1
    fi
    if (( SECONDS >= deadline )); then
      log "hydra did not answer /health/alive within ${HYDRA_START_TIMEOUT:-60}s; last log lines:"
      tail -n 30 "$LOG_FILE" >&2 || true
      do_stop >/dev/null 2>&1 || true
      exit 1
    fi
    sleep 0.2
  done

  printf 'HYDRA_ADMIN_URL=%s\nHYDRA_PUBLIC_URL=%s\nHYDRA_EXPECTED_VERSION=%s\nHYDRA_LIVE_SERIAL=%s\n' \
    "$admin_url" "$public_url" "$HYDRA_VERSION" "$LIVE_SERIAL" >"$ENV_FILE"
  log "started hydra $HYDRA_VERSION (pid $pid, log $LOG_FILE)"
  print_env
}

do_stop() {
  local pid
  if ! pid="$(running_pid)"; then
    rm -f "$PID_FILE" "$ENV_FILE"
    log "not running"
    return 0
  fi
  kill -TERM "$pid" 2>/dev/null || true
  local i
  for i in $(seq 1 100); do # up to 10s
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.1
  done
  if kill -0 "$pid" 2>/dev/null; then
    log "pid $pid ignored SIGTERM; sending SIGKILL"
    kill -KILL "$pid" 2>/dev/null || true
    for i in $(seq 1 50); do
      kill -0 "$pid" 2>/dev/null || break
      sleep 0.1
    done
  fi
  rm -f "$PID_FILE" "$ENV_FILE"
  log "stopped (pid $pid)"
}

do_status() {
  local pid
  if pid="$(running_pid)" && [[ -f "$ENV_FILE" ]]; then
    log "running (pid $pid, hydra $HYDRA_VERSION)"
    print_env
    return 0
  fi
  log "not running"
  return 3
}

case "$ACTION" in
  build) do_build ;;
  versions) versions ;;
  start) do_start ;;
  stop) do_stop ;;
  restart) do_stop; do_start ;;
  status) do_status ;;
  env)
    running_pid >/dev/null || die "not running"
    print_env
    ;;
  path) echo "${HYDRA_BIN:-$CACHED_BIN}" ;;
  *)
    sed -n '2,/^set -euo/p' "$0" | sed '$d' | sed 's/^# \{0,1\}//' >&2
    exit 2
    ;;
esac
