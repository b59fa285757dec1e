#!/usr/bin/env bash
# Installs Debian's Chromium and its WebDriver (chromium-driver) for the provider's browser suite
# (provider/tests/browser.rs) when either is missing; does nothing when both are there.
#
# Usage: scripts/chromium.sh            install when missing, then print both versions
# Needs root (or sudo) and apt-get; on other systems install Chromium and chromedriver by hand and put
# them on PATH (or set CHROME_BIN and CHROMEDRIVER_BIN).
set -euo pipefail

have() { command -v "$1" >/dev/null 2>&1; }

if ! { have chromium || [[ -n "${CHROME_BIN:-}" ]]; } || ! { have chromedriver || [[ -n "${CHROMEDRIVER_BIN:-}" ]]; }; then
  have apt-get || { echo "chromium.sh: no apt-get here; install chromium and chromedriver by hand" >&2; exit 1; }
  SUDO=""
  if [[ "$(id -u)" != 0 ]]; then
    have sudo || { echo "chromium.sh: need root or sudo to run apt-get" >&2; exit 1; }
    SUDO=sudo
  fi
  export DEBIAN_FRONTEND=noninteractive
  $SUDO apt-get update -qq
  $SUDO apt-get install -y -qq --no-install-recommends chromium chromium-driver >/dev/null
fi
"${CHROME_BIN:-chromium}" --version
"${CHROMEDRIVER_BIN:-chromedriver}" --version
