# Sourced by the run scripts (test.sh, demo.sh, test/e2e/run.sh, test/e2e/compat/run.sh, test/browser/run.sh):
# makes sure the Bouwsoft simulators' shared test certificate exists (made once per machine, in
# $BOUWSOFT_SIM_TLS_DIR or ~/.cache/n8n-nodes-bouwsoft-outsmart/sim-tls/) and that every Node process started
# from here on (jest and its workers, n8n, queue-mode workers) trusts it. Node reads NODE_EXTRA_CA_CERTS only
# when a process starts, so it must be exported before any of them.
_trust_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
NODE_EXTRA_CA_CERTS="$(cd "$_trust_root" && node node_modules/ts-node/dist/bin.js --transpile-only test/simulators/bouwsoft/sharedCertificate.ts)"
export NODE_EXTRA_CA_CERTS
unset _trust_root
