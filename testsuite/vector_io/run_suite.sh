#!/usr/bin/env bash
# The vector_io suite tests in replay, offline, from the shipped recordings:
#   run_suite.sh RUNNER CLI STACK EXPECTED_PASSED
# STACK is a --stack-config ("starter", an ad-hoc spec) or "server:starter"
# (a server on a free port). The stores live in a temporary directory
# (SQLITE_STORE_DIR, and FILES_STORAGE_DIR for the uploaded files), so runs
# neither see nor touch ~/.llama. Fails unless
# the run passes and exactly EXPECTED_PASSED tests passed (a suite that
# skipped everything must not look green).
set -euo pipefail
runner=$1 cli=$2 stack=$3 expected=$4
state=$(mktemp -d)
trap 'rm -rf "$state"' EXIT
if [ "$stack" = server:starter ]; then
  port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
  stack="server:starter:$port"
fi
log="$state/run.log"
status=0
SQLITE_STORE_DIR="$state" FILES_STORAGE_DIR="$state/files" LLAMA_STACK_CLI="$cli" "$runner" --suite=base --setup=ollama \
  --stack-config="$stack" --inference-mode=replay --test-case='vector_io/*' >"$log" 2>&1 || status=$?
cat "$log"
[ $status -eq 0 ] || { echo "run_suite.sh: the runner exited with $status"; exit 1; }
grep -q "| $expected passed | 0 failed" "$log" ||
  { echo "run_suite.sh: expected $expected passed and 0 failed"; exit 1; }
