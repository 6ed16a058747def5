#!/usr/bin/env bash
# Every bench binary given as an argument: --help prints its usage and exits
# 0; an unknown flag and a value its flag refuses each exit 2 with the
# problem and the usage on stderr, nothing else (no uncaught exception).
set -uo pipefail
failures=0
check() {  # check BINARY EXPECTED_STATUS EXPECTED_TEXT ARGS...
  local bin=$1 want=$2 text=$3
  shift 3
  local out status
  out=$("$bin" "$@" 2>&1)
  status=$?
  if [ "$status" != "$want" ] || ! grep -qF -- "$text" <<<"$out" || grep -q "terminate called" <<<"$out"; then
    echo "FAILED: $(basename "$bin") $*: exit $status (want $want), output:" >&2
    echo "$out" | head -8 >&2
    failures=$((failures + 1))
  fi
}
for bin in "$@"; do
  check "$bin" 0 "usage: $(basename "$bin")" --help
  check "$bin" 2 "unknown option '--no-such-flag'" --no-such-flag
  # Each one's first flag, from its usage line, with a value no flag takes.
  flag=$("$bin" --help | grep -o -- '\[--[a-z-]*' | head -1 | tr -d '[')
  check "$bin" 2 "$flag: 'x1' is not a whole number" "$flag" x1
  check "$bin" 2 "$flag needs a value" "$flag"
done
echo "bench-options: $# binaries, $failures failures"
((failures == 0))
