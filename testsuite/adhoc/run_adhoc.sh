#!/usr/bin/env bash
# One of the integration testing guide's ad-hoc examples, as written but for
# our runner, in replay, offline, from the shipped recordings:
#   run_adhoc.sh [--through-server] RUNNER EXPECTED_PASSED ARG...
# --through-server: the same --stack-config served by a server the runner
# starts (server:<spec>:<a free loopback port>), with the same counts.
# ARG... are the runner's arguments (the guide's --stack-config and model
# options, the test files as -tc patterns). No --setup: the models come from
# the options, as in the guide. The stores live in a temporary directory
# (SQLITE_STORE_DIR), so runs neither see nor touch ~/.llama. Fails unless
# the run passes with exactly EXPECTED_PASSED tests passed (a run that
# skipped everything must not look green).
set -euo pipefail
through_server=false
if [ "${1:-}" = --through-server ]; then through_server=true; shift; fi
runner=$1 expected=$2
shift 2

# A port nothing listens on (a listener there would be taken for our server),
# below the kernel's ephemeral range (32768 on): other tests' outgoing
# connections hold ports there, and a bind to one fails.
free_port() {
  local port
  for _ in $(seq 50); do
    port=$((20000 + RANDOM % 12000))
    if ! (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then echo "$port"; return; fi
  done
  echo "run_adhoc.sh: no free loopback port found" >&2
  exit 1
}
state=$(mktemp -d)
trap 'rm -rf "$state"' EXIT
unset LLAMA_STACK_CONFIG LLAMA_STACK_TEST_INFERENCE_MODE LLAMA_STACK_TEST_RECORDING_DIR
log="$state/run.log"
run() {
  status=0
  SQLITE_STORE_DIR="$state" FILES_STORAGE_DIR="$state/files" "$runner" --inference-mode=replay "$@" >"$log" 2>&1 ||
    status=$?
}
if $through_server; then
  # The port can still be taken between the probe and the server's bind.
  for attempt in 1 2 3; do
    args=()
    for arg in "$@"; do
      case $arg in
        --stack-config=*) args+=("--stack-config=server:${arg#--stack-config=}:$(free_port)") ;;
        *) args+=("$arg") ;;
      esac
    done
    run "${args[@]}"
    [ $status -eq 2 ] && grep -q "Address already in use" "$log" || break
    echo "run_adhoc.sh: attempt $attempt: the port was taken; another port"
  done
else
  run "$@"
fi
cat "$log"
[ $status -eq 0 ] || { echo "run_adhoc.sh: the runner exited with $status"; exit 1; }
if $through_server; then
  grep -q "^llama-stack-test: started a Llama Stack server for " "$log" ||
    { echo "run_adhoc.sh: the runner did not start a server"; exit 1; }
fi
grep -q "| $expected passed | 0 failed" "$log" ||
  { echo "run_adhoc.sh: expected $expected passed and 0 failed"; exit 1; }
