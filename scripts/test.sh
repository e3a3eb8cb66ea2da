#!/usr/bin/env bash
# `npm test`: build, lint, typecheck, unit/node/reliability tests, the end-to-end tests in a real n8n (regular and
# queue mode), the compatibility suite on older n8n versions, then the browser tests in the n8n editor.
# Stops at the first failing step and says which one.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

STEP=""
SUITE_START=$(date +%s)
STEP_START=$SUITE_START

step() {
	if [ -n "$STEP" ]; then echo "-- $STEP: ok ($(( $(date +%s) - STEP_START ))s)"; fi
	STEP="$1"
	STEP_START=$(date +%s)
	echo
	echo "================================================================"
	echo "== $STEP"
	echo "================================================================"
}

on_exit() {
	local code=$?
	if [ "$code" -ne 0 ]; then
		echo
		echo "!! FAILED in step: $STEP (exit $code, after $(( $(date +%s) - SUITE_START ))s)"
	fi
}
trap on_exit EXIT

step "1/7 build (npm run build)"
npm run build

step "2/7 lint (npm run lint)"
npm run lint

step "3/7 typecheck (npm run typecheck)"
npm run typecheck

# The Bouwsoft simulator speaks HTTPS with a test certificate every test process must trust from its start.
source scripts/trust-simulator-ca.sh

RESULTS_DIR=$(mktemp -d)
step "4/7 unit, node and reliability tests (npx jest)"
npx jest --json --outputFile="$RESULTS_DIR/jest.json"

step "5/7 end-to-end tests in a real n8n (npm run test:e2e)"
npm run test:e2e -- --json --outputFile="$RESULTS_DIR/e2e.json"

step "6/7 compatibility: n8n 1.123.81, 2.0.3, 2.20.12 (bash test/e2e/compat/run.sh)"
E2E_COMPAT_JSON_DIR="$RESULTS_DIR" bash test/e2e/compat/run.sh

step "7/7 browser tests in the n8n editor (test/browser/run.sh)"
bash test/browser/run.sh --json --outputFile="$RESULTS_DIR/browser.json"

step "done"
echo "All steps passed in $(( $(date +%s) - SUITE_START ))s"
# One plain closing line over both jest runs.
node -e '
const fs = require("fs");
let passed = 0, failed = 0;
for (const f of process.argv.slice(1)) { const r = JSON.parse(fs.readFileSync(f, "utf8")); passed += r.numPassedTests; failed += r.numFailedTests; }
console.log(`Tests: ${passed} passed, ${failed} failed`);
' "$RESULTS_DIR/jest.json" "$RESULTS_DIR/e2e.json" "$RESULTS_DIR"/compat-*.json "$RESULTS_DIR/browser.json"
