#!/usr/bin/env bash
# Makes sure Debian's Chromium is at $CHROMIUM_PATH (default /usr/bin/chromium) before browser tests.
# Playwright cannot download its own browsers on this kind of machine, so the system package is used.
set -euo pipefail
CHROMIUM_PATH="${CHROMIUM_PATH:-/usr/bin/chromium}"
if [ -x "$CHROMIUM_PATH" ]; then exit 0; fi
if [ "$(id -u)" -ne 0 ]; then
  echo "Chromium is missing at $CHROMIUM_PATH: run 'sudo apt-get update && sudo apt-get install -y chromium' (or set CHROMIUM_PATH), then retry." >&2
  exit 1
fi
echo "Installing Chromium from Debian's packages (once per machine)…" >&2
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq >/dev/null
apt-get install -y -qq chromium >/dev/null
test -x "$CHROMIUM_PATH"
