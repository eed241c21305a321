#!/usr/bin/env bash
# HTTP throughput on this machine, with wrk: planwatch's cached province dashboard and the uncached
# status of the largest seed plan (GET /api/plans/{id}/status, ~200 tasks) against a hello-world
# RESTinio server, in the same run.
#   usage: bench/http_bench.sh [BUILD_DIR=build] [SECONDS=10] [CONNECTIONS=64]
# Starts `planwatch serve --demo` on a throwaway data directory (SQLite) and the hello server on
# free ports, runs wrk against each (2 wrk threads: the machine has 2 cores, shared by server and
# client — the figures are therefore a lower bound), prints requests/s, and stops both.
# The largest plan of ${PLANWATCH_SHARED:-../shared}/seeds is imported and published by the office
# (demo login vanphong) first; without ../shared the demo plan's status is measured instead.
set -euo pipefail
BUILD=${1:-build}
SECONDS_=${2:-10}
CONN=${3:-64}
PLANWATCH=$BUILD/src/cli/planwatch
HELLO=$BUILD/bench/planwatch_hello_server
for b in "$PLANWATCH" "$HELLO"; do [ -x "$b" ] || { echo "missing $b (cmake --build $BUILD)" >&2; exit 1; }; done
command -v wrk >/dev/null || { echo "wrk not installed (scripts/install-deps.sh)" >&2; exit 1; }

DATA=$(mktemp -d /tmp/planwatch-httpbench-XXXXXX)
PIDS=()
cleanup() { for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null || true; rm -rf "$DATA"; }
trap cleanup EXIT

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
wait_up() { for _ in $(seq 1 100); do curl -fsS "$1" >/dev/null 2>&1 && return 0; sleep 0.1; done; echo "no answer from $1" >&2; exit 1; }

P1=$(free_port)
"$PLANWATCH" serve --demo --data "$DATA" --port "$P1" >"$DATA/serve.log" 2>&1 &
PIDS+=($!)
P2=$(free_port)
"$HELLO" "$P2" >/dev/null 2>&1 &
PIDS+=($!)
wait_up "http://127.0.0.1:$P1/healthz"
wait_up "http://127.0.0.1:$P2/"

ORG=$(curl -fsS "http://127.0.0.1:$P1/api/plans" | python3 -c 'import json,sys; d=json.load(sys.stdin); p=d["plans"] if isinstance(d,dict) else d; print(p[0]["org_id"])')
URL="http://127.0.0.1:$P1/api/dashboard?org=$ORG"
curl -fsS "$URL" >/dev/null

# The plan whose status is measured: the largest seed plan, imported and published by the office.
SHARED=${PLANWATCH_SHARED:-../shared}
SEED=$(ls -S "$SHARED"/seeds/*.txt 2>/dev/null | head -1 || true)
PLAN=$(curl -fsS "http://127.0.0.1:$P1/api/plans" | python3 -c 'import json,sys; print(json.load(sys.stdin)[0]["id"])')
if [ -n "$SEED" ]; then
  JAR="$DATA/jar"
  CSRF=$(curl -fsS -c "$JAR" -X POST "http://127.0.0.1:$P1/api/login" -H 'Content-Type: application/json' -d '{"login":"vanphong","password":"planwatch-demo"}' |
         python3 -c 'import json,sys; print(json.load(sys.stdin)["csrf_token"])')
  PLAN=$(curl -fsS -b "$JAR" -H "X-CSRF-Token: $CSRF" --data-binary @"$SEED" \
         "http://127.0.0.1:$P1/api/plans/import?filename=$(basename "$SEED")" | python3 -c 'import json,sys; print(json.load(sys.stdin)["id"])')
  curl -fsS -b "$JAR" -H "X-CSRF-Token: $CSRF" -X POST "http://127.0.0.1:$P1/api/plans/$PLAN/publish" >/dev/null
else
  echo "note: no seed plans in $SHARED/seeds; measuring the demo plan's status" >&2
fi
STATUS_URL="http://127.0.0.1:$P1/api/plans/$PLAN/status"
TASKS=$(curl -fsS "$STATUS_URL" | python3 -c 'import json,sys; print(len(json.load(sys.stdin)["tasks"]))')

rps() { wrk -t2 -c"$CONN" -d"${SECONDS_}s" --latency "$@" | tee /dev/stderr | awk '/Requests\/sec/ {print $2}'; }
echo "== hello-world RESTinio: http://127.0.0.1:$P2/" >&2
HELLO_RPS=$(rps "http://127.0.0.1:$P2/")
echo "== planwatch cached dashboard: $URL" >&2
DASH_RPS=$(rps "$URL")
echo "== planwatch plan status ($TASKS tasks), the public's (cached like the dashboard): $STATUS_URL" >&2
STATUS_RPS=$(rps "$STATUS_URL")
# The office's view: cached per audience (role, organisation, agency) like the public's; the first
# request of each cache period computes it.
JAR="$DATA/jar"
[ -f "$JAR" ] || curl -fsS -c "$JAR" -X POST "http://127.0.0.1:$P1/api/login" -H 'Content-Type: application/json' -d '{"login":"vanphong","password":"planwatch-demo"}' >/dev/null
TOKEN=$(awk '$6 == "pw_session" {print $7}' "$JAR")
echo "== planwatch plan status as the office (cached per audience): $STATUS_URL" >&2
OFFICE_RPS=$(rps -H "Cookie: pw_session=$TOKEN" "$STATUS_URL")
printf 'hello-world RESTinio   %10.0f req/s\nplanwatch /api/dashboard %8.0f req/s  (%.0f%% of hello-world)\n' \
  "$HELLO_RPS" "$DASH_RPS" "$(python3 -c "print(100*$DASH_RPS/$HELLO_RPS)")"
printf 'planwatch /api/plans/{id}/status (%s tasks), public %8.0f req/s  (%.0f%% of hello-world)\n' \
  "$TASKS" "$STATUS_RPS" "$(python3 -c "print(100*$STATUS_RPS/$HELLO_RPS)")"
printf 'planwatch /api/plans/{id}/status (%s tasks), office %8.0f req/s\n' "$TASKS" "$OFFICE_RPS"
