#!/usr/bin/env bash
# A throwaway PostgreSQL cluster for the tests (make test-postgres), built
# with Debian's binaries (apt package `postgresql`) in .pg/ of the project.
#   scripts/postgres.sh start     init (first time) and start; does nothing if running
#   scripts/postgres.sh stop      stop it (nothing if not running)
#   scripts/postgres.sh url       print the SQLAlchemy URL of database referral_test
#   scripts/postgres.sh destroy   stop and delete the cluster
# Listens on 127.0.0.1 only, port 55432 or the next free one (PG_TEST_PORT sets
# the first one tried). As root, the server runs as the `postgres` system user
# (initdb refuses root); the data is throwaway: fsync is off.
# scripts/prod.sh uses the same script for the production profile's cluster:
# PG_ROOT (folder, default .pg/), PG_DATABASE (default referral_test) and
# PG_DURABLE=1 (keeps fsync on).
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"

DB="${PG_DATABASE:-referral_test}"
DB_USER=referral

die() { echo "postgres.sh: $*" >&2; exit 1; }

find_bin() {
  local dir
  if [ -n "${PG_BIN:-}" ]; then echo "$PG_BIN"; return; fi
  dir="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)"
  if [ -n "$dir" ] && [ -x "$dir/initdb" ]; then echo "$dir"; return; fi
  command -v initdb >/dev/null 2>&1 && { dirname "$(command -v initdb)"; return; }
  die "no initdb found: apt-get install postgresql (or set PG_BIN)"
}

# Who runs the server: ourselves, or as root a system user.
if [ "$(id -u)" -eq 0 ]; then
  RUN_AS="postgres"
  if ! id -u "$RUN_AS" >/dev/null 2>&1; then
    RUN_AS="pgtest"
    id -u "$RUN_AS" >/dev/null 2>&1 ||
      useradd --system --no-create-home --home-dir /nonexistent --shell /usr/sbin/nologin "$RUN_AS"
  fi
else
  RUN_AS=""
fi

as_server_user() {
  if [ -n "$RUN_AS" ]; then
    (cd / && runuser -u "$RUN_AS" -- "$@")
  else
    "$@"
  fi
}

# The cluster lives in .pg/ of the project; as root, when the server user
# cannot reach the project (say, a checkout under /root), in /tmp instead.
PGROOT="${PG_ROOT:-$ROOT/.pg}"
if [ -n "$RUN_AS" ] && ! runuser -u "$RUN_AS" -- test -x "$ROOT"; then
  PGROOT="/tmp/empfehlungsbot-pg-$(printf '%s' "${PG_ROOT:-$ROOT}" | cksum | cut -d' ' -f1)"
fi
DATA="$PGROOT/data"

port_in_use() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

is_running() {
  [ -f "$DATA/PG_VERSION" ] && as_server_user "$BIN/pg_ctl" status -D "$DATA" >/dev/null 2>&1
}

url() {
  [ -s "$PGROOT/port" ] && [ -s "$PGROOT/password" ] || die "no cluster: run '$0 start' first"
  echo "postgresql+psycopg2://$DB_USER:$(cat "$PGROOT/password")@127.0.0.1:$(cat "$PGROOT/port")/$DB"
}

init_cluster() {
  mkdir -p "$PGROOT"
  chmod 755 "$PGROOT"
  # Random password for the TCP login; local socket logins need none.
  head -c 18 /dev/urandom | od -An -tx1 | tr -d ' \n' >"$PGROOT/password"
  chmod 600 "$PGROOT/password"
  [ -z "$RUN_AS" ] || chown -R "$RUN_AS" "$PGROOT"
  as_server_user "$BIN/initdb" -D "$DATA" -U "$DB_USER" --pwfile="$PGROOT/password" \
    --auth-local=trust --auth-host=scram-sha-256 --encoding=UTF8 --locale=C.UTF-8 \
    >"$PGROOT/initdb.log" 2>&1 || { cat "$PGROOT/initdb.log" >&2; die "initdb failed"; }
  cat >>"$DATA/postgresql.conf" <<EOF

# scripts/postgres.sh
listen_addresses = '127.0.0.1'
unix_socket_directories = '$PGROOT'
max_connections = 100
EOF
  if [ "${PG_DURABLE:-0}" != 1 ]; then
    printf '%s\n' "# throwaway test cluster" "fsync = off" "synchronous_commit = off" \
      "full_page_writes = off" >>"$DATA/postgresql.conf"
  fi
}

start() {
  if is_running; then
    echo "PostgreSQL already running on 127.0.0.1:$(cat "$PGROOT/port") ($DATA)"
    return
  fi
  [ -f "$DATA/PG_VERSION" ] || init_cluster
  local port="${PG_TEST_PORT:-55432}"
  while port_in_use "$port"; do port=$((port + 1)); done
  echo "$port" >"$PGROOT/port"
  as_server_user "$BIN/pg_ctl" start -D "$DATA" -w -t 60 -o "-p $port" -l "$PGROOT/server.log" \
    >/dev/null || { tail -n 20 "$PGROOT/server.log" >&2; die "server did not start"; }
  if [ -z "$(as_server_user "$BIN/psql" -h "$PGROOT" -p "$port" -U "$DB_USER" -d postgres -tAc \
    "SELECT 1 FROM pg_database WHERE datname = '$DB'")" ]; then
    as_server_user "$BIN/createdb" -h "$PGROOT" -p "$port" -U "$DB_USER" -O "$DB_USER" "$DB"
  fi
  echo "PostgreSQL started on 127.0.0.1:$port, database $DB ($DATA)"
}

stop() {
  if is_running; then
    as_server_user "$BIN/pg_ctl" stop -D "$DATA" -m fast -w >/dev/null
    echo "PostgreSQL stopped."
  fi
}

case "${1:-}" in
  start) BIN="$(find_bin)"; start ;;
  stop) BIN="$(find_bin)"; stop ;;
  url) url ;;
  destroy) BIN="$(find_bin)"; stop; rm -rf "$PGROOT" ;;
  *) die "usage: $0 start|stop|url|destroy" ;;
esac
