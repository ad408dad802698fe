#!/usr/bin/env bash
# Start a throwaway PostgreSQL cluster for the API's PostgreSQL test run, and print its URL.
#
#   eval "$(apps/api/scripts/test-postgres.sh --export)"   # sets TEST_DATABASE_URL
#   apps/api/scripts/test-postgres.sh                      # prints postgres://postgres@127.0.0.1:55432/postgres
#   apps/api/scripts/test-postgres.sh --stop
#
# Idempotent: a second call finds the running cluster and prints the same URL.
# Works with binaries in /usr/local/bin (source build) or /usr/lib/postgresql/<ver>/bin (Debian).
# PostgreSQL refuses to run as root, so as root the cluster belongs to an unprivileged user
# (PG_TEST_USER, default "pgtest", created when missing).
# Env: PG_TEST_PORT (55432), PG_TEST_DIR (/tmp/tianyuan-pgtest), PG_TEST_USER (pgtest).
set -euo pipefail

PORT="${PG_TEST_PORT:-55432}"
DIR="${PG_TEST_DIR:-/tmp/tianyuan-pgtest}"
RUN_AS="${PG_TEST_USER:-pgtest}"
DATA="$DIR/data"
URL="postgres://postgres@127.0.0.1:${PORT}/postgres"

find_bindir() {
  if [ -n "${PG_BINDIR:-}" ] && [ -x "$PG_BINDIR/pg_ctl" ]; then echo "$PG_BINDIR"; return; fi
  local d
  for d in /usr/local/bin /usr/local/pgsql/bin; do
    if [ -x "$d/pg_ctl" ] && [ -x "$d/initdb" ]; then echo "$d"; return; fi
  done
  # Debian/Ubuntu: the newest /usr/lib/postgresql/<ver>/bin
  d="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)"
  if [ -n "$d" ] && [ -x "$d/pg_ctl" ]; then echo "$d"; return; fi
  if command -v pg_ctl >/dev/null 2>&1; then dirname "$(command -v pg_ctl)"; return; fi
  echo "test-postgres.sh: no PostgreSQL binaries found (looked in /usr/local/bin and /usr/lib/postgresql/*/bin)" >&2
  exit 1
}

BIN="$(find_bindir)"

as_owner() {
  if [ "$(id -u)" = "0" ]; then
    su "$RUN_AS" -s /bin/sh -c "$1"
  else
    sh -c "$1"
  fi
}

if [ "$(id -u)" = "0" ] && ! id "$RUN_AS" >/dev/null 2>&1; then
  useradd -m "$RUN_AS" >/dev/null
fi

if [ "${1:-}" = "--stop" ]; then
  if [ -f "$DATA/postmaster.pid" ]; then as_owner "'$BIN/pg_ctl' -D '$DATA' -m fast stop" >&2; fi
  exit 0
fi

mkdir -p "$DIR"
if [ "$(id -u)" = "0" ]; then chown "$RUN_AS" "$DIR"; fi

# A cluster left by another PostgreSQL major version cannot be started by this one: start afresh.
MAJOR="$("$BIN/postgres" --version | sed -E 's/^[^0-9]*([0-9]+).*/\1/')"
if [ -f "$DATA/PG_VERSION" ] && [ "$(cat "$DATA/PG_VERSION")" != "$MAJOR" ]; then
  echo "test-postgres.sh: $DATA is from PostgreSQL $(cat "$DATA/PG_VERSION"), binaries are $MAJOR: re-initialising" >&2
  as_owner "'$BIN/pg_ctl' -D '$DATA' -m immediate stop" >/dev/null 2>&1 || true
  rm -rf "$DATA"
fi

if [ ! -f "$DATA/PG_VERSION" ]; then
  as_owner "'$BIN/initdb' -D '$DATA' -U postgres --auth=trust --encoding=UTF8 --no-locale" >"$DIR/initdb.log" 2>&1 \
    || { cat "$DIR/initdb.log" >&2; exit 1; }
fi

if ! as_owner "'$BIN/pg_ctl' -D '$DATA' status" >/dev/null 2>&1; then
  as_owner "'$BIN/pg_ctl' -D '$DATA' -o \"-p $PORT -k '$DIR' -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off\" -l '$DIR/server.log' -w start" >&2 \
    || { tail -n 30 "$DIR/server.log" >&2; exit 1; }
fi

if [ "${1:-}" = "--export" ]; then
  echo "export TEST_DATABASE_URL='$URL'"
else
  echo "$URL"
fi
