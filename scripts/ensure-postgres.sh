#!/usr/bin/env bash
# Runs a command beside a throwaway PostgreSQL server:
#
#   bash scripts/ensure-postgres.sh .venv/bin/python -m pytest
#
# Installs Debian's PostgreSQL server when its binaries are missing (as ensure-browser.sh does for
# Chromium), creates a cluster with initdb in a temporary folder, starts it on a free loopback port
# (and a Unix socket in that folder) as an unprivileged user (PostgreSQL refuses to run as root:
# root runs it as the `postgres` system user, created by the Debian package, else as `nobody`),
# runs the command with PARLEY_TEST_PG set to the server's URL, then stops the server and removes
# the folder, whatever the command's outcome. PG_OPTS adds server settings (for a benchmark:
# PG_OPTS='-c shared_buffers=1GB'). Its exit status is the command's. The tests that need
# PostgreSQL fail, not skip, while PARLEY_TEST_PG is set and the server does not answer.
set -euo pipefail

if [ "$#" -eq 0 ]; then
  echo "usage: $0 COMMAND [ARG...]" >&2
  exit 2
fi

find_bin() {
  local dir
  for dir in "${PG_BIN:-}" $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V -r); do
    if [ -n "$dir" ] && [ -x "$dir/initdb" ] && [ -x "$dir/pg_ctl" ]; then
      echo "$dir"
      return 0
    fi
  done
  return 1
}

BIN="$(find_bin || true)"
if [ -z "$BIN" ]; then
  SUDO=""
  if [ "$(id -u)" != "0" ]; then SUDO="sudo"; fi
  echo "installing Debian postgresql for the database tests" >&2
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq postgresql >/dev/null
  BIN="$(find_bin)" || { echo "ensure-postgres: no initdb after installing postgresql" >&2; exit 1; }
fi

DIR="$(mktemp -d "${TMPDIR:-/tmp}/parley-pg.XXXXXX")"
RUN=()
if [ "$(id -u)" = "0" ]; then
  OWNER=postgres
  getent passwd "$OWNER" >/dev/null || OWNER=nobody
  chown "$OWNER" "$DIR"
  chmod 700 "$DIR"
  RUN=(runuser -u "$OWNER" --)
fi

PORT="$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])' \
  2>/dev/null || echo $((20000 + $$ % 20000)))"

stop() {
  "${RUN[@]}" "$BIN/pg_ctl" -D "$DIR/data" -m immediate -w stop >/dev/null 2>&1 || true
  rm -rf "$DIR"
}
trap stop EXIT

(cd "$DIR" && "${RUN[@]}" "$BIN/initdb" -D "$DIR/data" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 \
  >"$DIR/initdb.log" 2>&1) || { cat "$DIR/initdb.log" >&2; echo "ensure-postgres: initdb failed" >&2; exit 1; }
OPTS="-c listen_addresses=127.0.0.1 -p $PORT -k $DIR -c fsync=off -c synchronous_commit=off \
-c full_page_writes=off -c max_connections=200 ${PG_OPTS:-}"
(cd "$DIR" && "${RUN[@]}" "$BIN/pg_ctl" -D "$DIR/data" -l "$DIR/server.log" -o "$OPTS" -w -t 60 start >/dev/null) || {
  cat "$DIR/server.log" >&2 || true
  echo "ensure-postgres: the PostgreSQL server did not start" >&2
  exit 1
}

export PARLEY_TEST_PG="postgresql://postgres@127.0.0.1:$PORT/postgres"
echo "$("$BIN/postgres" --version) for the tests at $PARLEY_TEST_PG" >&2
set +e
"$@"
STATUS=$?
set -e
exit "$STATUS"
