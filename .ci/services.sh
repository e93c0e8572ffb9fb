# Sourced by .ci/run. Starts loopback services for integration tests and exports their URLs.

start_services() {
    start_postgres
    check_secret_service
}

stop_services() {
    stop_postgres
}

PG_DIR=""
PG_PORT=${FACTURADOR_PG_PORT:-54329}

start_postgres() {
    local bindir
    bindir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
    if [ -z "$bindir" ]; then
        echo "PostgreSQL not installed: postgres tests will be skipped" >&2
        return 0
    fi
    PG_DIR=$(mktemp -d -t facturador-pg.XXXXXX)
    chown postgres "$PG_DIR"
    runuser -u postgres -- "$bindir/initdb" -D "$PG_DIR/data" -A trust -U postgres >/dev/null
    runuser -u postgres -- "$bindir/pg_ctl" -D "$PG_DIR/data" -l "$PG_DIR/log" -w \
        -o "-p $PG_PORT -k $PG_DIR -c listen_addresses=127.0.0.1 -c fsync=off" start >/dev/null
    "$bindir/pg_isready" -h 127.0.0.1 -p "$PG_PORT" -t 30 >/dev/null
    # Store tests create (and drop) one database per test from this URL.
    export FACTURADOR_TEST_PG_URL="postgresql://postgres@127.0.0.1:$PG_PORT/postgres"
}

# tests/integration/conftest.py starts its own private Secret Service per test session
# (dbus-run-session + gnome-keyring-daemon --unlock --components=secrets, temporary HOME),
# so nothing runs here; this only says why keyring tests would be skipped.
check_secret_service() {
    local tool
    for tool in dbus-run-session gnome-keyring-daemon; do
        if ! command -v "$tool" >/dev/null 2>&1; then
            echo "$tool not installed: keyring integration tests will be skipped" >&2
        fi
    done
}

stop_postgres() {
    [ -n "$PG_DIR" ] || return 0
    local bindir
    bindir=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)
    runuser -u postgres -- "$bindir/pg_ctl" -D "$PG_DIR/data" -m immediate stop >/dev/null 2>&1 || true
    rm -rf "$PG_DIR"
}
