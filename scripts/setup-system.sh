#!/usr/bin/env bash
# Installs what the project needs beyond Node 20 and npm: redis-server (Debian's package) for the
# @awaitwise/redis tests and benchmarks. Safe to run again; does nothing when redis-server is present.
set -euo pipefail
# Chromium (Debian's package) for the @awaitwise/doctor HTML report test; installed only when missing.
if ! command -v chromium >/dev/null 2>&1; then
  echo "setup-system: installing chromium from Debian's packages"
  CHROMIUM_SUDO=""; if [ "$(id -u)" -ne 0 ]; then CHROMIUM_SUDO="sudo"; fi
  $CHROMIUM_SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $CHROMIUM_SUDO apt-get install -y -qq --no-install-recommends chromium >/dev/null
fi
if command -v redis-server >/dev/null 2>&1; then
  echo "setup-system: redis-server already installed ($(redis-server --version | cut -d' ' -f3))"
  exit 0
fi
SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
echo "setup-system: installing redis-server from Debian's packages"
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends redis-server >/dev/null
# The package starts a system service on :6379; the tests start their own servers, so stop it.
($SUDO service redis-server stop >/dev/null 2>&1 || true)
redis-server --version
