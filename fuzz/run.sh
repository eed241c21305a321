#!/usr/bin/env bash
# Runs every built fuzz target for SECONDS each; fails if any of them finds a crash, leak or hang.
# Usage: fuzz/run.sh BUILD_DIR [SECONDS=60]   (build the targets first, see fuzz/CMakeLists.txt)
# Each target starts from a scratch copy of fuzz/corpus/<target>, so the committed seeds stay
# unchanged; crashing inputs are written to BUILD_DIR/fuzz-artifacts/.
set -uo pipefail
build="${1:?usage: fuzz/run.sh BUILD_DIR [SECONDS]}"
secs="${2:-60}"
here="$(cd "$(dirname "$0")" && pwd)"
mkdir -p "$build/fuzz-artifacts"
status=0
ran=0
for name in read_text read_pdf read_docx extract api; do
  exe="$build/fuzz/fuzz_$name"
  if [[ ! -x "$exe" ]]; then
    echo "run.sh: $exe is not built, skipping" >&2
    continue
  fi
  corpus="$(mktemp -d)"
  cp -r "$here/corpus/$name/." "$corpus/" 2>/dev/null || true
  echo "== fuzz_$name for ${secs}s"
  if ! "$exe" -max_total_time="$secs" -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 \
       -artifact_prefix="$build/fuzz-artifacts/$name-" "$corpus"; then
    echo "run.sh: fuzz_$name FAILED (see $build/fuzz-artifacts/)" >&2
    status=1
  fi
  rm -rf "$corpus"
  ran=$((ran + 1))
done
if [[ $ran -eq 0 ]]; then
  echo "run.sh: no fuzz target found under $build/fuzz" >&2
  exit 2
fi
exit $status
