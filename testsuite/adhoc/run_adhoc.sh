#!/usr/bin/env bash
# One of the integration testing guide's ad-hoc examples, as written but for
# our runner, in replay, offline, from the shipped recordings:
#   run_adhoc.sh RUNNER EXPECTED_PASSED ARG...
# ARG... are the runner's arguments (the guide's --stack-config and model
# options, the test files as -tc patterns). No --setup: the models come from
# the options, as in the guide. The stores live in a temporary directory
# (SQLITE_STORE_DIR), so runs neither see nor touch ~/.llama. Fails unless
# the run passes with exactly EXPECTED_PASSED tests passed (a run that
# skipped everything must not look green).
set -euo pipefail
runner=$1 expected=$2
shift 2
state=$(mktemp -d)
trap 'rm -rf "$state"' EXIT
unset LLAMA_STACK_CONFIG LLAMA_STACK_TEST_INFERENCE_MODE LLAMA_STACK_TEST_RECORDING_DIR
log="$state/run.log"
status=0
SQLITE_STORE_DIR="$state" FILES_STORAGE_DIR="$state/files" "$runner" --inference-mode=replay "$@" >"$log" 2>&1 ||
  status=$?
cat "$log"
[ $status -eq 0 ] || { echo "run_adhoc.sh: the runner exited with $status"; exit 1; }
grep -q "| $expected passed | 0 failed" "$log" ||
  { echo "run_adhoc.sh: expected $expected passed and 0 failed"; exit 1; }
