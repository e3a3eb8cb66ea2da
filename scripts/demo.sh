#!/usr/bin/env bash
# `npm run demo`: build the package, make sure Node 24 + n8n are installed (cached outside the clone), then start
# the simulators and n8n with every template (scripts/demo.ts). Runs until Ctrl-C.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

echo "== demo: build =="
npm run build

echo "== demo: Node 24 + n8n install (first time ~5 min, then cached) =="
bash test/e2e/lib/install.sh >/dev/null

echo "== demo: simulators + n8n =="
# The Bouwsoft simulator speaks HTTPS with the machine's test certificate; n8n must trust it from its start.
source scripts/trust-simulator-ca.sh
exec npx ts-node --transpile-only scripts/demo.ts "$@"
