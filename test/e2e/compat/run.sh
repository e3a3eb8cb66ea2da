#!/usr/bin/env bash
# Compatibility suite: for each supported n8n version other than the pinned one (which the main e2e covers), make
# sure it is installed (cached like the pinned one, from test/e2e/compat/n8n-<version>/package-lock.json, keyed by
# version and lockfile hash) and run test/e2e/compat/*.compat.test.ts against it. Expects `npm run build`.
#
#   bash test/e2e/compat/run.sh              # every version below
#   bash test/e2e/compat/run.sh 2.0.3        # only these versions
#   E2E_PACKAGE_DIR=/tmp/pkg bash test/e2e/compat/run.sh 1.123.81   # another build of the package
#   E2E_COMPAT_JSON_DIR=/tmp/r bash test/e2e/compat/run.sh           # also jest --json into /tmp/r/compat-<version>.json
#
# Runs every version even when one fails, then prints one line per version and exits non-zero if any failed.
set -uo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../../.."

# n8n version -> Node version it runs on (what that line's Docker image ships; engines allow it).
declare -A NODE_FOR=(
	[1.123.81]=22.23.5
	[2.0.3]=22.23.5
	[2.20.12]=22.23.5
)
ORDER=(1.123.81 2.0.3 2.20.12)
if [ "$#" -gt 0 ]; then
	ORDER=()
	while [ "$#" -gt 0 ] && [ "$1" != "--" ]; do ORDER+=("$1"); shift; done
	[ "${1:-}" = "--" ] && shift
fi

# The Bouwsoft simulator speaks HTTPS with the machine's test certificate; n8n (lib/n8n.ts) and jest trust it.
source scripts/trust-simulator-ca.sh

declare -A RESULT
FAILED=0
SUITE_START=$(date +%s)
for version in "${ORDER[@]}"; do
	node_version="${NODE_FOR[$version]:-}"
	if [ -z "$node_version" ]; then
		echo "!! compat: n8n $version is not in the supported list (${!NODE_FOR[*]})" >&2
		exit 2
	fi
	echo
	echo "== compat: n8n $version on Node $node_version =="
	start=$(date +%s)
	if ! E2E_N8N_VERSION="$version" E2E_NODE_VERSION="$node_version" bash test/e2e/lib/install.sh >/dev/null; then
		RESULT[$version]="FAILED (install)"
		FAILED=1
		continue
	fi
	install_s=$(( $(date +%s) - start ))
	start=$(date +%s)
	json=()
	[ -n "${E2E_COMPAT_JSON_DIR:-}" ] && json=(--json "--outputFile=$E2E_COMPAT_JSON_DIR/compat-$version.json")
	if E2E_N8N_VERSION="$version" E2E_NODE_VERSION="$node_version" \
		npx jest --config test/e2e/compat/jest.config.js --runInBand "${json[@]}" "$@"; then
		RESULT[$version]="ok (install ${install_s}s, suite $(( $(date +%s) - start ))s)"
	else
		RESULT[$version]="FAILED (install ${install_s}s, suite $(( $(date +%s) - start ))s)"
		FAILED=1
	fi
done

echo
echo "== compat summary ($(( $(date +%s) - SUITE_START ))s) =="
for version in "${ORDER[@]}"; do echo "   n8n $version (Node ${NODE_FOR[$version]}): ${RESULT[$version]}"; done
exit "$FAILED"
