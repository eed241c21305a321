#!/usr/bin/env bash
# A throwaway PostgreSQL cluster for the store's integration tests.
#
#   scripts/pg-test-cluster.sh start    create (first time) and start; prints the URL
#   scripts/pg-test-cluster.sh stop     stop it (the data stays; `destroy` removes it)
#   scripts/pg-test-cluster.sh url      print postgres://postgres@127.0.0.1:<port>/planwatch_test
#   scripts/pg-test-cluster.sh status   exit 0 when running
#   scripts/pg-test-cluster.sh destroy  stop and delete the directory
#
#   export PLANWATCH_TEST_PG_URL=$(scripts/pg-test-cluster.sh start)
#
# Directory ${PLANWATCH_PG_DIR:-/tmp/planwatch-pg}, port ${PLANWATCH_PG_PORT:-55432}; binaries from
# ${PLANWATCH_PG_BIN:-/usr/lib/postgresql/15/bin} (else the newest /usr/lib/postgresql/*/bin, else PATH).
# The server listens on 127.0.0.1 only with trust authentication, and runs with fsync off: test
# data only, never production. initdb refuses to run as root, so as root everything runs as the
# `postgres` OS user (created by Debian's postgresql package) and the directory is handed to it.
set -euo pipefail

DIR=${PLANWATCH_PG_DIR:-/tmp/planwatch-pg}
PORT=${PLANWATCH_PG_PORT:-55432}
DB=planwatch_test
DATA=$DIR/data
URL="postgres://postgres@127.0.0.1:${PORT}/${DB}"

find_bin() {
  if [ -n "${PLANWATCH_PG_BIN:-}" ]; then echo "$PLANWATCH_PG_BIN"; return; fi
  if [ -x /usr/lib/postgresql/15/bin/initdb ]; then echo /usr/lib/postgresql/15/bin; return; fi
  local newest
  newest=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)
  if [ -n "$newest" ] && [ -x "$newest/initdb" ]; then echo "$newest"; return; fi
  if command -v initdb >/dev/null; then dirname "$(command -v initdb)"; return; fi
  echo "pg-test-cluster: no PostgreSQL server binaries (apt-get install postgresql)" >&2
  exit 1
}

# Runs a command as the cluster's owner: `postgres` when we are root, else ourselves.
as_owner() {
  if [ "$(id -u)" -eq 0 ]; then
    if ! id postgres >/dev/null 2>&1; then
      echo "pg-test-cluster: running as root needs the 'postgres' OS user (apt-get install postgresql)" >&2
      exit 1
    fi
    if command -v runuser >/dev/null; then runuser -u postgres -- "$@"; else su postgres -s /bin/sh -c "$(printf '%q ' "$@")"; fi
  else
    "$@"
  fi
}

running() {
  [ -f "$DATA/PG_VERSION" ] && as_owner "$BIN/pg_ctl" -D "$DATA" status >/dev/null 2>&1
}

create() {
  mkdir -p "$DIR"
  if [ "$(id -u)" -eq 0 ]; then chown postgres: "$DIR"; fi
  chmod 700 "$DIR"
  [ -f "$DATA/PG_VERSION" ] && return 0
  as_owner "$BIN/initdb" -D "$DATA" -U postgres --auth=trust --encoding=UTF8 --no-locale >"$DIR/initdb.log" 2>&1 || {
    cat "$DIR/initdb.log" >&2
    exit 1
  }
  as_owner sh -c "cat > '$DATA/pg_hba.conf'" <<HBA
# pg-test-cluster: trust, loopback and the socket directory only
local all all trust
host  all all 127.0.0.1/32 trust
HBA
  as_owner sh -c "cat >> '$DATA/postgresql.conf'" <<CONF

# pg-test-cluster
listen_addresses = '127.0.0.1'
port = $PORT
unix_socket_directories = '$DIR'
max_connections = 100
fsync = off
synchronous_commit = off
full_page_writes = off
CONF
}

start() {
  create
  if ! running; then
    as_owner "$BIN/pg_ctl" -D "$DATA" -l "$DIR/server.log" -w -t 60 start >/dev/null || {
      tail -n 20 "$DIR/server.log" >&2
      exit 1
    }
  fi
  local exists
  exists=$(as_owner "$BIN/psql" -h 127.0.0.1 -p "$PORT" -U postgres -d postgres -tAc \
    "SELECT 1 FROM pg_database WHERE datname = '$DB'")
  if [ "$exists" != "1" ]; then
    as_owner "$BIN/createdb" -h 127.0.0.1 -p "$PORT" -U postgres "$DB"
  fi
  echo "$URL"
}

stop() {
  if running; then as_owner "$BIN/pg_ctl" -D "$DATA" -m fast -w stop >/dev/null; fi
}

BIN=$(find_bin)
case "${1:-}" in
  start) start ;;
  stop) stop ;;
  url) echo "$URL" ;;
  status) running ;;
  destroy) stop; rm -rf "$DIR" ;;
  *) echo "usage: $0 start|stop|url|status|destroy" >&2; exit 2 ;;
esac
