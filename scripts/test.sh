#!/usr/bin/env bash
# Runs the test stages of `make test` and reports every stage, not just the first failure.
#
#   scripts/test.sh [release] [asan] [fuzz]     (no argument: all three, in this order)
#
#   release  build/       RelWithDebInfo; ctest: unit tests, golden cases, CLI error cases, seed scoring
#   asan     build-asan/  Debug + AddressSanitizer/UndefinedBehaviorSanitizer; the same ctest suite
#   fuzz     build-fuzz/  clang-14 + libFuzzer; fuzz/run.sh runs every target for FUZZ_SECONDS (default 20)
#
# Environment: JOBS (default: nproc), FUZZ_SECONDS (default 20). Exit status 1 if any stage failed.
# Dependencies are not installed here; `make test` runs scripts/install-deps.sh first.
set -uo pipefail
cd "$(dirname "$0")/.."

JOBS=${JOBS:-$(nproc)}
FUZZ_SECONDS=${FUZZ_SECONDS:-20}
stages=("$@")
[ ${#stages[@]} -eq 0 ] && stages=(release asan fuzz)

declare -a summary=()
failed=0

banner() { printf '\n==== %s ====\n' "$*"; }

# configure BUILD_DIR [cmake args...]: configure once; later runs only rebuild.
configure() {
  local dir=$1
  shift
  mkdir -p "$dir"
  cmake -S . -B "$dir" -G Ninja "$@" >"$dir/configure.log" 2>&1 || {
    cat "$dir/configure.log"
    return 1
  }
}

# ctest DIR: the suite, then the notices of skipped tests (ctest only shows the output of failed ones).
run_ctest() {
  local status=0
  (cd "$1" && ctest --output-on-failure --no-tests=error -j "$JOBS") || status=$?
  grep -h '^NOTICE:' "$1/Testing/Temporary/LastTest.log" 2>/dev/null | sort -u
  return $status
}

stage_release() {
  configure build -DCMAKE_BUILD_TYPE=RelWithDebInfo &&
    cmake --build build -j "$JOBS" &&
    run_ctest build
}

stage_asan() {
  export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=1}
  export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
  configure build-asan -DCMAKE_BUILD_TYPE=Debug -DPLANWATCH_SANITIZE=ON -DPLANWATCH_BENCH=OFF &&
    cmake --build build-asan -j "$JOBS" &&
    run_ctest build-asan
}

stage_fuzz() {
  if [ ! -f fuzz/CMakeLists.txt ] || [ ! -f fuzz/run.sh ]; then
    echo "NOTICE: fuzz/CMakeLists.txt or fuzz/run.sh not found; fuzzing skipped"
    return 0
  fi
  CC=clang-14 CXX=clang++-14 configure build-fuzz -DCMAKE_BUILD_TYPE=RelWithDebInfo \
    -DPLANWATCH_FUZZ=ON -DPLANWATCH_TESTS=OFF -DPLANWATCH_BENCH=OFF \
    -DCMAKE_C_FLAGS="-fsanitize=fuzzer-no-link,address,undefined" \
    -DCMAKE_CXX_FLAGS="-fsanitize=fuzzer-no-link,address,undefined" &&
    cmake --build build-fuzz -j "$JOBS" --target $(cd fuzz && ls fuzz_*.cpp | sed 's/\.cpp$//') &&
    bash fuzz/run.sh build-fuzz "$FUZZ_SECONDS"
}

# The store's integration suite runs on SQLite and, with a throwaway local cluster, on PostgreSQL.
if [ -z "${PLANWATCH_TEST_PG_URL:-}" ] && [ -x scripts/pg-test-cluster.sh ]; then
  if url=$(bash scripts/pg-test-cluster.sh start 2>/tmp/planwatch-pg-start.log | tail -n 1) && [ -n "$url" ]; then
    export PLANWATCH_TEST_PG_URL=$url
    echo "PostgreSQL test cluster: $PLANWATCH_TEST_PG_URL"
  else
    echo "NOTICE: the PostgreSQL test cluster did not start; PostgreSQL tests will be skipped"
    cat /tmp/planwatch-pg-start.log
  fi
fi

total_start=$SECONDS
for s in "${stages[@]}"; do
  case $s in
    release | asan | fuzz) ;;
    *)
      echo "scripts/test.sh: unknown stage '$s' (release, asan, fuzz)" >&2
      exit 2
      ;;
  esac
  banner "$s"
  start=$SECONDS
  if "stage_$s"; then
    result=passed
  else
    result=FAILED
    failed=1
  fi
  summary+=("$(printf '%-8s %-7s %4d s' "$s" "$result" $((SECONDS - start)))")
done

banner "summary"
printf '%s\n' "${summary[@]}"
printf 'total    %d s\n' $((SECONDS - total_start))
if [ $failed -ne 0 ]; then
  echo "make test: FAILED (see the stage output above)"
  exit 1
fi
echo "make test: all stages passed"
