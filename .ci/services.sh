# Sourced by .ci/run. Starts loopback services for integration tests and exports their URLs.

start_services() {
    start_postgres
}

stop_services() {
    stop_postgres
}

PG_DIR=""
PG_PORT=54329

start_postgres() {
    local bindir
    bindir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
    if [ -z "$bindir" ]; then
        echo "PostgreSQL not installed: postgres tests will be skipped" >&2
        return 0
    fi
    PG_DIR=$(mktemp -d /tmp/facturador-pg.XXXXXX)
    chown postgres "$PG_DIR"
    runuser -u postgres -- "$bindir/initdb" -D "$PG_DIR/data" -A trust -U postgres >/dev/null
    runuser -u postgres -- "$bindir/pg_ctl" -D "$PG_DIR/data" -l "$PG_DIR/log" -w \
        -o "-p $PG_PORT -k $PG_DIR -c listen_addresses=127.0.0.1 -c fsync=off" start >/dev/null
    export FACTURADOR_TEST_PG_URL="postgresql+psycopg://postgres@127.0.0.1:$PG_PORT/postgres"
}

stop_postgres() {
    [ -n "$PG_DIR" ] || return 0
    local bindir
    bindir=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)
    runuser -u postgres -- "$bindir/pg_ctl" -D "$PG_DIR/data" -m immediate stop >/dev/null 2>&1 || true
    rm -rf "$PG_DIR"
}
