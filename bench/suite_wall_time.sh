#!/usr/bin/env bash
# Wall time of the whole base suite in replay mode (the main job's first
# half), median of N runs; prints one JSON line. Target: < 5 s on 2 cores.
# usage: bench/suite_wall_time.sh BUILD_DIR [RUNS]
set -euo pipefail
build_dir=${1:?usage: $0 BUILD_DIR [RUNS]}
runs=${2:-5}
cd "$(dirname "$0")/.."
times=()
for _ in $(seq "$runs"); do
  start=$(date +%s%N)
  "$build_dir/testsuite/llama-stack-test" --stack-config=starter --suite=base --setup=ollama \
    --inference-mode=replay >/dev/null 2>&1
  end=$(date +%s%N)
  times+=($(( (end - start) / 1000000 )))
done
sorted=($(printf '%s\n' "${times[@]}" | sort -n))
median=${sorted[$(( runs / 2 ))]}
tests=$("$build_dir/testsuite/llama-stack-test" --stack-config=starter --suite=base --setup=ollama \
  --list-test-cases 2>/dev/null | grep -c '::' || true)
printf '{"bench":"base_suite_replay_wall_time","runs":%d,"median_ms":%d,"min_ms":%d,"max_ms":%d,"test_cases":%d,"target_ms":5000}\n' \
  "$runs" "$median" "${sorted[0]}" "${sorted[$(( runs - 1 ))]}" "$tests"
