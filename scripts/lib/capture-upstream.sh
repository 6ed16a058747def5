# Sourced by test scripts: start and stop capture-upstream, the loopback test
# double that answers only from real captured exchanges.

# start_capture_upstream BUILD_DIR SRC_DIR LOG HOST... — serves the captures
# recorded against HOST... on a free port; sets upstream_pid and url.
start_capture_upstream() {
  local build_dir=$1 src=$2 log=$3
  shift 3
  "$build_dir/testsuite/upstream/capture-upstream" --captures "$src/testsuite/fixtures/captures" \
    --port 0 --host-filter "$@" >"$log" 2>&1 &
  upstream_pid=$!
  url=
  for _ in $(seq 100); do
    url=$(grep -o 'http://127.0.0.1:[0-9]*' "$log" || true)
    [ -n "$url" ] && return 0
    sleep 0.1
  done
  echo "FAILED: capture-upstream did not start: $(cat "$log")" >&2
  exit 1
}

stop_capture_upstream() {
  [ -n "${upstream_pid:-}" ] || return 0
  kill "$upstream_pid" 2>/dev/null || true
  wait "$upstream_pid" 2>/dev/null || true
  upstream_pid=
}
