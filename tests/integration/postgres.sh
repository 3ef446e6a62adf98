#!/usr/bin/env bash
# postgres.sh start|stop|pause|resume DIR — a throw-away PostgreSQL 15 cluster on a
# free loopback port for the tests. `start` initialises DIR/cluster, starts the
# server, creates the database "rotunda_test" and writes DIR/postgres.env
# (ROTUNDA_TEST_PG_HOST/PORT/NAME/USER). `stop` stops it and removes DIR/cluster.
# `pause` and `resume` stop and start the same cluster on the same port, for tests
# of "database unavailable" and recovery. PostgreSQL refuses to run as root, so
# everything runs as the postgres user.
set -euo pipefail
command=$1
dir=$2
bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
[ -n "$bin" ] || { echo "postgres.sh: PostgreSQL server binaries not found (apt-get install postgresql)" >&2; exit 1; }
cluster=$dir/cluster
as_postgres() { runuser -u postgres -- "$@"; }

wait_ready() {
  local port=$1 deadline=$((SECONDS + 30))
  until as_postgres "$bin/pg_isready" -q -h 127.0.0.1 -p "$port"; do
    [ $SECONDS -lt $deadline ] || { echo "postgres.sh: server on port $port not ready after 30 s" >&2; cat "$dir/postgres.log" >&2; exit 1; }
    sleep 0.1
  done
}

start_server() {
  local port=$1
  as_postgres "$bin/pg_ctl" -D "$cluster" -l "$dir/postgres.log" -w -t 30 \
    -o "-c listen_addresses=127.0.0.1 -c port=$port -c unix_socket_directories=$cluster -c fsync=off -c max_connections=200" start >/dev/null
  wait_ready "$port"
}

case $command in
  start)
    mkdir -p "$dir"
    chmod 755 "$dir"
    "$0" stop "$dir" >/dev/null 2>&1 || true
    port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
    mkdir -p "$cluster"
    chown postgres:postgres "$cluster"
    touch "$dir/postgres.log" && chown postgres:postgres "$dir/postgres.log"
    as_postgres "$bin/initdb" -D "$cluster" -U postgres -A trust --no-sync >/dev/null
    start_server "$port"
    as_postgres "$bin/psql" -q -h 127.0.0.1 -p "$port" -U postgres -c "CREATE DATABASE rotunda_test"
    cat >"$dir/postgres.env" <<ENV
ROTUNDA_TEST_PG_HOST=127.0.0.1
ROTUNDA_TEST_PG_PORT=$port
ROTUNDA_TEST_PG_NAME=rotunda_test
ROTUNDA_TEST_PG_USER=postgres
ENV
    echo "postgres.sh: PostgreSQL on 127.0.0.1:$port (cluster $cluster)"
    ;;
  stop)
    if [ -f "$cluster/PG_VERSION" ]; then
      as_postgres "$bin/pg_ctl" -D "$cluster" -m immediate -w stop >/dev/null 2>&1 || true
    fi
    rm -rf "$cluster" "$dir/postgres.env"
    ;;
  pause)
    as_postgres "$bin/pg_ctl" -D "$cluster" -m immediate -w stop >/dev/null
    ;;
  resume)
    . "$dir/postgres.env"
    start_server "$ROTUNDA_TEST_PG_PORT"
    ;;
  *)
    echo "usage: postgres.sh start|stop|pause|resume DIR" >&2
    exit 2
    ;;
esac
