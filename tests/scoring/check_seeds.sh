#!/usr/bin/env bash
# Seed scoring: imports every seed plan in ../shared/seeds with `planwatch import --json` and scores the
# output against ../shared/gold with ../shared/tools/score_import.py. Fails (exit 1) when a figure is below
# its bar in bars.env next to this script. Exit 77 (ctest SKIP) with a notice when ../shared is absent.
#
#   tests/scoring/check_seeds.sh PLANWATCH_BIN        (ctest test scoring/seeds)
#   PLANWATCH_SHARED=/path/to/shared tests/scoring/check_seeds.sh build/src/cli/planwatch
set -euo pipefail
bin=${1:?usage: check_seeds.sh PLANWATCH_BIN}
here=$(cd "$(dirname "$0")" && pwd)
repo=$(git -C "$here" rev-parse --show-toplevel 2>/dev/null || (cd "$here/../.." && pwd))
shared=${PLANWATCH_SHARED:-$repo/../shared}
if [ ! -d "$shared/seeds" ] || [ ! -d "$shared/gold" ] || [ ! -f "$shared/tools/score_import.py" ]; then
  echo "NOTICE: ../shared not found; seed scoring skipped (looked in $shared; set PLANWATCH_SHARED)"
  exit 77
fi
# shellcheck source=bars.env
source "$here/bars.env"

out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
n=0
for f in "$shared"/seeds/*.txt; do
  name=$(basename "$f" .txt)
  if ! "$bin" import --json "$f" >"$out/$name.json" 2>"$out/$name.err"; then
    echo "FAIL: planwatch import --json $f exited with an error:"
    cat "$out/$name.err"
    exit 1
  fi
  n=$((n + 1))
done
echo "imported $n seed plans; bars: $BARS"

args=()
for b in $BARS; do args+=(--min "$b"); done
python3 "$shared/tools/score_import.py" --pred-dir "$out" --gold-dir "$shared/gold" --show 0 "${args[@]}"
