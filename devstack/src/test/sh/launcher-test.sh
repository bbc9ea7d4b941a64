#!/usr/bin/env bash
# Checks the ./slipway launcher's dispatch without building or starting anything:
#   devstack/src/test/sh/launcher-test.sh
set -uo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../../../.." && pwd)"
SLIPWAY="$ROOT/slipway"
failures=0

expect() { # expect DESCRIPTION EXPECTED_RC ACTUAL_RC
  if [[ "$2" == "$3" ]]; then
    echo "ok   $1"
  else
    echo "FAIL $1: exit $3, expected $2"
    failures=$((failures + 1))
  fi
}

out="$("$SLIPWAY" help 2>/dev/null)"; rc=$?
expect "help exits 0" 0 "$rc"
for command in dev infra orchestrator agent sim-list validate compile decompile bench help; do
  if grep -qE "^  $command( |$)" <<< "$out"; then echo "ok   help lists $command"; else echo "FAIL help does not list $command"; failures=$((failures + 1)); fi
done

"$SLIPWAY" no-such-command >/dev/null 2>/tmp/slipway-launcher-test.err; rc=$?
expect "unknown command exits 2" 2 "$rc"
if grep -q "unknown command 'no-such-command'" /tmp/slipway-launcher-test.err && grep -q '^usage:' /tmp/slipway-launcher-test.err; then
  echo "ok   unknown command prints the error and usage on stderr"
else
  echo "FAIL unknown command: stderr was: $(cat /tmp/slipway-launcher-test.err)"; failures=$((failures + 1))
fi

"$SLIPWAY" >/dev/null 2>&1; rc=$?
expect "no command exits 2" 2 "$rc"

env -u SLIPWAY_DB_URL -u SLIPWAY_DB_USER -u SLIPWAY_DB_PASSWORD -u SLIPWAY_KAFKA_BOOTSTRAP \
  SLIPWAY_NO_BUILD=1 "$SLIPWAY" orchestrator >/dev/null 2>&1; rc=$?
expect "orchestrator without its environment exits 2" 2 "$rc"

SLIPWAY_NO_BUILD=1 "$SLIPWAY" orchestrator --data-dir /nonexistent-slipway-dir >/dev/null 2>&1; rc=$?
expect "orchestrator --data-dir without infra.env exits 1" 1 "$rc"

rm -f /tmp/slipway-launcher-test.err
if [[ $failures -gt 0 ]]; then
  echo "$failures failure(s)"
  exit 1
fi
echo "all launcher checks passed"
