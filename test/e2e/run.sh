#!/usr/bin/env bash
# `npm run test:e2e`: make sure Node 24 + n8n are in the cache (installs on a cold machine), then run the
# end-to-end suites one after another against real n8n servers. Expects `npm run build` to have run.
# Extra arguments go to jest (e.g. `npm run test:e2e -- smoke`).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."

echo "== e2e: Node 24 + n8n install (cached outside the clone) =="
start=$(date +%s)
bash test/e2e/lib/install.sh >/dev/null
echo "   ready after $(( $(date +%s) - start ))s"

# The Bouwsoft simulator speaks HTTPS with the machine's test certificate; n8n (lib/n8n.ts) and jest trust it.
source scripts/trust-simulator-ca.sh

echo "== e2e: jest (test/e2e/jest.config.js) =="
exec npx jest --config test/e2e/jest.config.js --runInBand "$@"
