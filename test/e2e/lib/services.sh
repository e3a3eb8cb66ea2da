#!/usr/bin/env bash
# Makes sure PostgreSQL and/or Redis server BINARIES are present (installs the Debian packages with apt-get when
# they are missing) and prints where they are. It never starts, and never leaves running, the Debian system
# services: while apt-get runs, a policy-rc.d that refuses every service start is put in place (unless the machine
# already has one, as Docker images do), and a service the package still managed to start is stopped again.
# The e2e suite then runs its own throw-away servers from these binaries (test/e2e/lib/services.ts).
#
#   bash test/e2e/lib/services.sh postgres redis
#   -> PG_BIN=/usr/lib/postgresql/15/bin
#   -> REDIS_SERVER=/usr/bin/redis-server
#
# Needs root (or passwordless sudo) only when something has to be installed. Progress on stderr, KEY=value on stdout.
# An flock serialises concurrent runs (two test files installing at once).
set -euo pipefail

log() { printf '[e2e-services] %s\n' "$*" >&2; }
now() { date +%s.%N; }
elapsed() { awk -v a="$1" -v b="$(now)" 'BEGIN { printf "%.1fs", b - a }'; }

want_pg=0
want_redis=0
for arg in "$@"; do
	case "$arg" in
	postgres | postgresql | pg) want_pg=1 ;;
	redis) want_redis=1 ;;
	*)
		log "unknown service '$arg' (postgres | redis)"
		exit 2
		;;
	esac
done

find_pg_bin() {
	local dir
	# newest major version first
	for dir in $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -t/ -k4 -n -r); do
		if [ -x "$dir/postgres" ] && [ -x "$dir/initdb" ] && [ -x "$dir/pg_ctl" ]; then
			echo "$dir"
			return 0
		fi
	done
	if command -v postgres >/dev/null 2>&1 && command -v initdb >/dev/null 2>&1; then
		dirname "$(command -v postgres)"
		return 0
	fi
	return 1
}

find_redis() {
	if [ -x /usr/bin/redis-server ]; then echo /usr/bin/redis-server; return 0; fi
	command -v redis-server 2>/dev/null && return 0
	return 1
}

SUDO=""
if [ "$(id -u)" != "0" ]; then SUDO="sudo -n"; fi

apt_install() {
	local packages=("$@") t0 policy_added=0
	t0=$(now)
	command -v apt-get >/dev/null 2>&1 || { log "apt-get not found; install ${packages[*]} yourself"; exit 1; }
	mkdir -p "${XDG_CACHE_HOME:-$HOME/.cache}"
	exec 8>"${XDG_CACHE_HOME:-$HOME/.cache}/n8n-e2e-services.lock"
	flock 8
	# Keep maintainer scripts from starting the system services (Docker images already ship this file).
	if [ ! -e /usr/sbin/policy-rc.d ]; then
		printf '#!/bin/sh\nexit 101\n' | $SUDO tee /usr/sbin/policy-rc.d >/dev/null
		$SUDO chmod +x /usr/sbin/policy-rc.d
		policy_added=1
	fi
	log "apt-get install ${packages[*]} (not installed yet)"
	local rc=0
	{
		# update only when the package lists are missing or the install fails without it
		if ! $SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${packages[@]}" >&2; then
			$SUDO env DEBIAN_FRONTEND=noninteractive apt-get update -q >&2 &&
				$SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${packages[@]}" >&2
		fi
	} || rc=$?
	if [ "$policy_added" = 1 ]; then $SUDO rm -f /usr/sbin/policy-rc.d; fi
	[ "$rc" = 0 ] || { log "apt-get install ${packages[*]} failed (exit $rc)"; exit "$rc"; }
	# Belt and braces: if a service did get started (no policy-rc.d honoured), stop it again.
	for service in redis-server postgresql; do
		if command -v service >/dev/null 2>&1 && $SUDO service "$service" status >/dev/null 2>&1; then
			log "stopping system service $service started by the package"
			$SUDO service "$service" stop >&2 || true
		fi
	done
	log "installed ${packages[*]} in $(elapsed "$t0")"
}

missing=()
if [ "$want_pg" = 1 ] && ! find_pg_bin >/dev/null; then missing+=(postgresql); fi
if [ "$want_redis" = 1 ] && ! find_redis >/dev/null; then missing+=(redis-server); fi
if [ "${#missing[@]}" -gt 0 ]; then apt_install "${missing[@]}"; fi

if [ "$want_pg" = 1 ]; then
	PG_BIN=$(find_pg_bin) || { log "postgres binaries still missing"; exit 1; }
	echo "PG_BIN=$PG_BIN"
fi
if [ "$want_redis" = 1 ]; then
	REDIS_SERVER=$(find_redis) || { log "redis-server still missing"; exit 1; }
	echo "REDIS_SERVER=$REDIS_SERVER"
fi
