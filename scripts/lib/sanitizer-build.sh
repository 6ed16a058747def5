# Sourced by scripts/sanitizer-suite and scripts/fuzz: the one place that
# decides how the sanitizer build is configured. One build directory serves
# both: clang 16 with ASan+UBSan and libFuzzer's coverage in every object
# (-Dfuzzing=true), so the fuzz targets link libFuzzer while the test
# binaries run the meson suite under the same sanitizers. Two such builds
# (GCC ASan for the suite, clang for the fuzzers) cost CI 1476 s + 297 s of
# a 2-core machine; clang compiles the Beast/coroutine units 2.3x faster
# than GCC under ASan (README, "Build time"). -O1: what the ASan docs
# recommend, and 17% less compile time than -O2 on the heaviest unit.
sanitizer_build_dir=${SANITIZER_BUILD_DIR:-${ASAN_BUILD_DIR:-${FUZZ_BUILD_DIR:-build-asan}}}

# sanitizer_build_setup: configures $sanitizer_build_dir unless it already
# is a build of this kind; a directory configured otherwise (an older GCC
# build-asan, say) is an error naming it, never silently reused.
sanitizer_build_setup() {
  local dir=$sanitizer_build_dir
  if [ -f "$dir/build.ninja" ]; then
    if ! meson introspect --buildoptions "$dir" 2>/dev/null |
        python3 -c 'import json,sys; o={x["name"]: x["value"] for x in json.load(sys.stdin)}; sys.exit(0 if o.get("fuzzing") is True and o.get("b_sanitize") == "address,undefined" else 1)'; then
      echo "sanitizer build: $dir is configured otherwise (not clang with -Dfuzzing=true -Db_sanitize=address,undefined); remove it (rm -rf $dir) or set SANITIZER_BUILD_DIR to another directory" >&2
      return 2
    fi
    return 0
  fi
  local log
  log=$(mktemp)
  if ! CXX=${FUZZ_CXX:-clang++-16} CC=${FUZZ_CC:-clang-16} meson setup "$dir" -Dfuzzing=true \
      -Db_sanitize=address,undefined -Db_lundef=false -Dbuildtype=debugoptimized -Doptimization=1 \
      >"$log" 2>&1; then
    cat "$log" >&2
    rm -f "$log"
    return 1
  fi
  rm -f "$log"
}

sanitizer_build_env() {
  export ASAN_OPTIONS=${ASAN_OPTIONS:-halt_on_error=1:detect_leaks=1:abort_on_error=1}
  export UBSAN_OPTIONS=${UBSAN_OPTIONS:-halt_on_error=1:print_stacktrace=1}
  # Reports with function names and lines.
  ASAN_SYMBOLIZER_PATH=$(command -v llvm-symbolizer-16 || command -v llvm-symbolizer || true)
  export ASAN_SYMBOLIZER_PATH
}
