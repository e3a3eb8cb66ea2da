#!/usr/bin/env bash
# Debian's Chromium for the browser suite (no browser download through npm). Does nothing when /usr/bin/chromium
# exists. Tries `apt-get install` from the current package lists first, then again after `apt-get update`.
set -euo pipefail
CHROMIUM=${BROWSER_CHROMIUM:-/usr/bin/chromium}
if [ -x "$CHROMIUM" ]; then
	echo "[browser-install] chromium present: $("$CHROMIUM" --version 2>/dev/null | grep -i chromium || echo "$CHROMIUM")"
	exit 0
fi
SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
export DEBIAN_FRONTEND=noninteractive
start=$(date +%s)
echo "[browser-install] $CHROMIUM missing: apt-get install -y chromium"
if ! $SUDO apt-get install -y chromium; then
	echo "[browser-install] install failed; apt-get update, then again"
	$SUDO apt-get update
	$SUDO apt-get install -y chromium
fi
[ -x "$CHROMIUM" ] || { echo "[browser-install] $CHROMIUM still missing after apt-get install chromium" >&2; exit 1; }
echo "[browser-install] installed $("$CHROMIUM" --version 2>/dev/null | grep -i chromium) in $(( $(date +%s) - start ))s"
