# shellcheck shell=bash
# Sourced by the record-twice tests (a suite recorded twice into empty
# directories against capture-upstream, the two results compared):
# what each of them needs before its first run.
# shellcheck source=capture-upstream.sh
. "$(dirname "${BASH_SOURCE[0]}")/capture-upstream.sh"

fail() { echo "FAILED: $*" >&2; exit 1; }

# record_twice_start BUILD_DIR SRC_DIR — sets work (a scratch directory
# removed on exit, with capture-upstream stopped), clears the test settings
# a caller's environment may carry (each run sets its own), and starts
# capture-upstream serving the captured Ollama exchanges (sets url).
record_twice_start() {
  work=$(mktemp -d)
  upstream_pid=
  trap 'stop_capture_upstream; rm -rf "$work"' EXIT
  unset LLAMA_STACK_CONFIG LLAMA_STACK_TEST_INFERENCE_MODE LLAMA_STACK_TEST_RECORDING_DIR
  start_capture_upstream "$1" "$2" "$work/upstream.log" 0.0.0.0:11434 localhost:11434
}
