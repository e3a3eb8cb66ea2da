#!/usr/bin/env bash
# Browser suite: make sure Debian's Chromium and the cached Node 24 + n8n 2.41.1 are installed, then run
# test/browser/*.browser.ts with jest. Expects `npm run build` to have run (or E2E_PACKAGE_DIR=<built package>).
# Extra arguments go to jest. Screenshots: test/browser/screenshots/ (git-ignored).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."

echo "== browser: Chromium (Debian package) =="
bash test/browser/install.sh

echo "== browser: Node 24 + n8n install (cached outside the clone) =="
start=$(date +%s)
bash test/e2e/lib/install.sh >/dev/null
echo "   ready after $(( $(date +%s) - start ))s"

# The Bouwsoft simulator speaks HTTPS with the machine's test certificate; n8n (e2e/lib/n8n.ts) and jest trust it.
source scripts/trust-simulator-ca.sh

echo "== browser: jest (test/browser/jest.config.js) =="
exec npx jest --config test/browser/jest.config.js --runInBand "$@"
