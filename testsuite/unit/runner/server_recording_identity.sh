#!/usr/bin/env bash
# Recording through a server writes what library mode writes: the base suite
# recorded once in library mode and once through `llama-stack run`
# (--stack-config=server:starter:<free port>) into two empty directories,
# against capture-upstream (the loopback test double that answers only from
# real captured Ollama exchanges); the two directories must hold the same
# recordings, byte for byte, nothing blanked: both runs set SOURCE_DATE_EPOCH,
# so each file's "recorded_at" is that instant, not the wall clock.
# index.sqlite is a derived, git-ignored cache: not its bytes but its rows are
# compared, without what is each run's own (the files' mtimes, the run ids).
#
# usage: server_recording_identity.sh BUILD_DIR
set -euo pipefail
build_dir=$(cd "${1:?usage: $0 BUILD_DIR}" && pwd)
src=$(cd "$(dirname "$0")/../../.." && pwd)
# shellcheck source=../../../scripts/lib/record-twice.sh
. "$src/scripts/lib/record-twice.sh"
record_twice_start "$build_dir" "$src"

runner="$build_dir/testsuite/llama-stack-test"
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')

# 2023-11-14T22:13:20Z: far from today, so no wall-clock stamp can pass for it.
export SOURCE_DATE_EPOCH=1700000000
epoch_stamp=2023-11-14T22:13:20Z

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
# Each file is stamped with SOURCE_DATE_EPOCH's instant (so the comparison
# below is not vacuous about recorded_at).
while IFS= read -r -d '' f; do
  [ "$(grep -c "^  \"recorded_at\": \"$epoch_stamp\",\$" "$f")" = 1 ] ||
    fail "$f: expected \"recorded_at\": \"$epoch_stamp\" (SOURCE_DATE_EPOCH=$SOURCE_DATE_EPOCH)"
done < <(find "$work/library/responses" "$work/server/responses" -type f -name '*.json' -print0)
[ "$(ls -A "$work/library")" = "$(ls -A "$work/server")" ] ||
  fail "the two directories hold different entries: $(ls -A "$work/library") vs $(ls -A "$work/server")"
diff -r "$work/library/responses" "$work/server/responses" >"$work/diff" ||
  fail "recording through a server differs from library mode: $(head -40 "$work/diff")"

# The index: the same rows, but for each run's own mtimes and run ids.
index_rows() {
  python3 - "$1/index.sqlite" <<'PY'
import sqlite3, sys
db = sqlite3.connect(f"file:{sys.argv[1]}?mode=ro", uri=True)
for table, columns in (("recordings", "request_hash, response_file, endpoint, model, test_id, "
                                      "timestamp, is_streaming, file_size"),
                       ("used", "recording"), ("ran", "test_id")):
    for row in db.execute(f"SELECT DISTINCT {columns} FROM {table} ORDER BY {columns}"):
        print(table, *row, sep="\t")
PY
}
index_rows "$work/library" >"$work/library.rows" || fail "cannot read $work/library/index.sqlite"
index_rows "$work/server" >"$work/server.rows" || fail "cannot read $work/server/index.sqlite"
[ "$(grep -c '^recordings' "$work/library.rows")" = "$count" ] ||
  fail "the library run's index does not list its $count files"
diff "$work/library.rows" "$work/server.rows" >"$work/index.diff" ||
  fail "the two runs' indexes differ: $(head -40 "$work/index.diff")"
echo "server recording identity: $count files identical byte for byte (recorded_at $epoch_stamp), index rows equal"
