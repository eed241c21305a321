#!/usr/bin/env bash
# Imports every seed plan in ../shared/seeds and scores the output against ../shared/gold.
# Exit 77 (ctest SKIP) with a notice when ../shared is absent.
set -euo pipefail
bin=$1
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)
shared=${PLANWATCH_SHARED:-$repo/../shared}
if [ ! -d "$shared/seeds" ] || [ ! -d "$shared/gold" ] || [ ! -f "$shared/tools/score_import.py" ]; then
  echo "NOTICE: $shared not found; seed scoring skipped"
  exit 77
fi
# shellcheck source=bars.env
source "$here/bars.env"
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
for f in "$shared"/seeds/*.txt; do
  "$bin" import --json "$f" >"$out/$(basename "$f" .txt).json"
done
args=()
for b in $BARS; do args+=(--min "$b"); done
python3 "$shared/tools/score_import.py" --pred-dir "$out" --gold-dir "$shared/gold" --show 0 "${args[@]}"
