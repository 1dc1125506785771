#!/usr/bin/env bash
# Runs a command with a scratch PostgreSQL server on 127.0.0.1 and REVIEWDESK_TEST_DB_URL pointing at it:
#   bash scripts/with_postgres.sh .venv/bin/python -m pytest tests/server
# The server tests then run against PostgreSQL instead of SQLite (tests/server/conftest.py), proving the
# server does not depend on SQLite-only behaviour. The cluster lives in a temporary folder and is stopped
# and removed afterwards. PostgreSQL comes from the machine (Debian's packages); when it is missing and we
# are root, it is installed with apt-get.
# REVIEWDESK_PG_DIR=<folder> keeps the cluster in that folder instead (made on first use, started and
# stopped around the command, never removed): the load benchmark reuses a seeded database between runs.
set -euo pipefail

find_bin() {
    command -v "$1" 2>/dev/null && return 0
    ls /usr/lib/postgresql/*/bin/"$1" 2>/dev/null | sort -V | tail -n 1
}

INITDB="$(find_bin initdb || true)"
if [[ -z "$INITDB" && "$(id -u)" == 0 ]] && command -v apt-get >/dev/null; then
    echo "with_postgres: installing PostgreSQL from Debian's packages" >&2
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null
    INITDB="$(find_bin initdb || true)"
fi
if [[ -z "$INITDB" ]]; then
    echo "with_postgres: PostgreSQL (initdb) not found; install Debian's postgresql package" >&2
    exit 1
fi
PG_CTL="$(dirname "$INITDB")/pg_ctl"
[[ -x "$PG_CTL" ]] || PG_CTL="$(find_bin pg_ctl)"

KEEP="${REVIEWDESK_PG_DIR:-}"
if [[ -n "$KEEP" ]]; then
    mkdir -p "$KEEP"
    DIR="$(cd "$KEEP" && pwd)"
else
    DIR="$(mktemp -d /tmp/reviewdesk-pg.XXXXXX)"
fi
PORT="${REVIEWDESK_PG_PORT:-$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')}"
AS=()
if [[ "$(id -u)" == 0 ]]; then
    # PostgreSQL refuses to run as root: run the cluster as the postgres user (or nobody).
    RUN_AS="$(id -u postgres >/dev/null 2>&1 && echo postgres || echo nobody)"
    chown "$RUN_AS" "$DIR"
    AS=(su "$RUN_AS" -s /bin/sh -c)
else
    AS=(sh -c)
fi

cleanup() {
    "${AS[@]}" "'$PG_CTL' -D '$DIR/data' -m immediate stop" >/dev/null 2>&1 || true
    [[ -n "$KEEP" ]] || rm -rf "$DIR"
}
trap cleanup EXIT

if [[ ! -f "$DIR/data/PG_VERSION" ]]; then
    "${AS[@]}" "'$INITDB' -D '$DIR/data' -A trust -U postgres -E UTF8 >'$DIR/initdb.log' 2>&1"
fi
"${AS[@]}" "'$PG_CTL' -D '$DIR/data' -w -l '$DIR/server.log' \
    -o \"-p $PORT -k '$DIR' -c listen_addresses=127.0.0.1 -c fsync=off\" start >/dev/null"
if [[ -z "$KEEP" ]] || ! "${AS[@]}" "psql -h 127.0.0.1 -p $PORT -U postgres -lqt" | cut -d'|' -f1 | grep -qw reviewdesk_test; then
    "${AS[@]}" "psql -h 127.0.0.1 -p $PORT -U postgres -q -c 'CREATE DATABASE reviewdesk_test'" 2>/dev/null \
        || "${AS[@]}" "'$(dirname "$INITDB")/createdb' -h 127.0.0.1 -p $PORT -U postgres reviewdesk_test"
fi

export REVIEWDESK_TEST_DB_URL="postgresql+psycopg://postgres@127.0.0.1:$PORT/reviewdesk_test"
echo "with_postgres: PostgreSQL $("$INITDB" --version | awk '{print $3}') on 127.0.0.1:$PORT" >&2
"$@"
