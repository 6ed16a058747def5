#!/usr/bin/env bash
# Recording through a server writes what library mode writes: the base suite
# recorded once in library mode and once through `llama-stack run`
# (--stack-config=server:starter:<free port>) into two empty directories,
# against capture-upstream (the loopback test double that answers only from
# real captured Ollama exchanges); the two directories must hold the same
# recordings, byte for byte (index.sqlite is a derived, git-ignored cache
# and is left out). The one field that may differ is each file's
# "recorded_at": the wall-clock second it was written, which two runs
# cannot share; it is checked to be a timestamp and then blanked on both
# sides before the byte comparison.
#
# usage: server_recording_identity.sh BUILD_DIR
set -euo pipefail
build_dir=$(cd "${1:?usage: $0 BUILD_DIR}" && pwd)
src=$(cd "$(dirname "$0")/../../.." && pwd)
work=$(mktemp -d)
upstream_pid=
# shellcheck source=../../../scripts/lib/capture-upstream.sh
. "$src/scripts/lib/capture-upstream.sh"
cleanup() {
  stop_capture_upstream
  rm -rf "$work"
}
trap cleanup EXIT
fail() { echo "FAILED: $*" >&2; exit 1; }
unset LLAMA_STACK_CONFIG LLAMA_STACK_TEST_INFERENCE_MODE LLAMA_STACK_TEST_RECORDING_DIR

runner="$build_dir/testsuite/llama-stack-test"
start_capture_upstream "$build_dir" "$src" "$work/upstream.log" 0.0.0.0:11434 localhost:11434
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')

record() {  # record NAME STACK
  mkdir -p "$work/$1"
  LLAMA_STACK_TEST_RECORDING_DIR="$work/$1" "$runner" --suite=base --setup=ollama \
    --stack-config="$2" --env "OLLAMA_URL=$url" --inference-mode=record >"$work/$1.out" 2>&1 ||
    fail "recording with --stack-config=$2 failed: $(tail -20 "$work/$1.out")"
  grep "test cases:" "$work/$1.out"
}
echo "== library mode"
record library starter
echo "== through a server on port $port"
record server "server:starter:$port"
[ "$(grep "test cases:" "$work/library.out")" = "$(grep "test cases:" "$work/server.out")" ] ||
  fail "the two runs counted differently"

count=$(find "$work/library/responses" -type f -name '*.json' | wc -l)
[ "$count" -gt 10 ] || fail "library mode wrote only $count files"
stamp='^  "recorded_at": "[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}Z",$'
for side in library server; do
  cp -r "$work/$side" "$work/$side.cmp"
  rm -f "$work/$side.cmp/index.sqlite"
  while IFS= read -r -d '' f; do
    [ "$(grep -cE "$stamp" "$f")" = 1 ] || fail "$f: expected one recorded_at timestamp line"
    sed -Ei 's/^  "recorded_at": "[^"]*",$/  "recorded_at": "",/' "$f"
  done < <(find "$work/$side.cmp" -type f -name '*.json' -print0)
done
diff -r "$work/library.cmp" "$work/server.cmp" >"$work/diff" ||
  fail "recording through a server differs from library mode: $(head -40 "$work/diff")"
echo "server recording identity: $count files identical (recorded_at aside)"
