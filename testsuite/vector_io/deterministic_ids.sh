#!/usr/bin/env bash
# Ids the stack mints under record/replay repeat: the vector_io suite
# recorded twice (sqlite-vec alone, so every test runs) against
# capture-upstream (the loopback double answering only from real captured
# Ollama exchanges) into two empty directories and two empty store
# directories. The recordings must be the same files, byte for byte
# (recorded_at blanked: the wall-clock second of the write), and the stores
# and chunks the runs left behind must carry the same minted ids.
#
# usage: deterministic_ids.sh BUILD_DIR
set -euo pipefail
build_dir=$(cd "${1:?usage: $0 BUILD_DIR}" && pwd)
src=$(cd "$(dirname "$0")/../.." && pwd)
# shellcheck source=../../scripts/lib/record-twice.sh
. "$src/scripts/lib/record-twice.sh"
record_twice_start "$build_dir" "$src"

run() {  # run N TESTS EXPECTED_PASSED: record TESTS into rec<N>, stores in state<N>
  rm -rf "$work/state$1"
  mkdir -p "$work/rec$1" "$work/state$1"
  SQLITE_STORE_DIR="$work/state$1" FILES_STORAGE_DIR="$work/state$1/files" LLAMA_STACK_TEST_RECORDING_DIR="$work/rec$1" \
    "$build_dir/testsuite/llama-stack-test" --suite=base --setup=ollama \
    --stack-config=inference=remote::ollama,vector_io=inline::sqlite-vec,files=inline::localfs --test-case="$2" \
    --env "OLLAMA_URL=$url" --inference-mode=record >"$work/run$1.out" 2>&1 ||
    fail "recording run $1 failed: $(tail -20 "$work/run$1.out")"
  grep -q "| $3 passed | 0 failed" "$work/run$1.out" || fail "run $1: $(grep 'test cases:' "$work/run$1.out")"
}
record() {  # record N
  # The whole suite; then the last insert test alone, whose store (with
  # chunks given no id) is left for the id comparison.
  run "$1" 'vector_io/*' 47
  run "$1" '*::test_insert_chunks[*test_case4]' 1
  rm -f "$work/rec$1/index.sqlite"
  while IFS= read -r -d '' f; do
    sed -Ei 's/^  "recorded_at": "[^"]*",$/  "recorded_at": "",/' "$f"
  done < <(find "$work/rec$1" -type f -name '*.json' -print0)
  sqlite3 "$work/state$1/sqlite_vec.db" \
    "SELECT id FROM vector_stores ORDER BY seq; SELECT chunk_id FROM vector_chunks ORDER BY row;" >"$work/ids$1"
  # Then a file batch's test alone: its files, their chunks and the batch
  # are left (file-, chunk-, batch_ ids).
  run "$1" '*::test_openai_vector_store_file_batch_create_and_retrieve*' 1
  rm -f "$work/rec$1/index.sqlite"
  sqlite3 "$work/state$1/sqlite_vec.db" \
    "SELECT file_id FROM vector_store_files ORDER BY seq; SELECT chunk_id FROM vector_chunks ORDER BY row;
     SELECT batch_id FROM vector_store_file_batches;" >>"$work/ids$1"
}
record 1
record 2
count=$(find "$work/rec1" -type f -name '*.json' | wc -l)
[ "$count" -gt 20 ] || fail "run 1 wrote only $count recordings"
diff -r "$work/rec1" "$work/rec2" >"$work/diff" || fail "the two recordings differ: $(head -40 "$work/diff")"
grep -q '^vs_' "$work/ids1" || fail "no minted store id was left: $(cat "$work/ids1")"
grep -q '^chunk-' "$work/ids1" || fail "no minted chunk id was left: $(cat "$work/ids1")"
grep -q '^file-' "$work/ids1" || fail "no minted file id was left: $(cat "$work/ids1")"
grep -q '^batch_' "$work/ids1" || fail "no minted batch id was left: $(cat "$work/ids1")"
diff "$work/ids1" "$work/ids2" || fail "the two runs minted different ids"
echo "deterministic ids: $count recordings identical; $(wc -l <"$work/ids1") store, chunk, file and batch ids identical"
