# A throwaway PostgreSQL cluster for the tests: Debian's `postgresql` installed when missing, `initdb` in a
# temporary folder, a free port on loopback, stopped (and its folder removed) by stop_test_postgres, which the
# caller runs from its EXIT trap. PostgreSQL refuses to run as root: as root, the cluster runs as the
# `postgres` user the package creates. Sourced after setup.sh, not run.
#
#   start_test_postgres     # exports MOCEAN_NOTIFY_TEST_POSTGRES_URL=postgres://mocean@127.0.0.1:PORT/mocean
#   stop_test_postgres

test_postgres_dir=""
test_postgres_as=()

postgres_bin() {
    local found
    found=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)
    [ -n "$found" ] && echo "$found"
}

start_test_postgres() {
    if [ -z "$(postgres_bin)" ]; then
        REQUIRED_PACKAGES=(postgresql)
        install_missing_packages || return 1
    fi
    local bin port
    bin=$(postgres_bin) || { echo "postgres: no PostgreSQL binaries under /usr/lib/postgresql" >&2; return 1; }
    test_postgres_dir=$(mktemp -d /tmp/mocean-notify-postgres.XXXXXX)
    if [ "$(id -u)" -eq 0 ]; then
        chown postgres: "$test_postgres_dir"
        test_postgres_as=(runuser -u postgres --)
    fi
    port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
    "${test_postgres_as[@]}" "$bin/initdb" -D "$test_postgres_dir/data" -U mocean --auth=trust -E UTF8 \
        --locale=C.UTF-8 > "$test_postgres_dir/initdb.log" 2>&1 \
        || { cat "$test_postgres_dir/initdb.log" >&2; return 1; }
    "${test_postgres_as[@]}" "$bin/pg_ctl" -D "$test_postgres_dir/data" -l "$test_postgres_dir/server.log" -w \
        -o "-p $port -c listen_addresses=127.0.0.1 -k $test_postgres_dir -c fsync=off -c max_connections=200" \
        start > /dev/null || { cat "$test_postgres_dir/server.log" >&2; return 1; }
    "${test_postgres_as[@]}" "$bin/createdb" -h 127.0.0.1 -p "$port" -U mocean mocean \
        || { echo "postgres: createdb failed" >&2; return 1; }
    export MOCEAN_NOTIFY_TEST_POSTGRES_URL="postgres://mocean@127.0.0.1:$port/mocean"
    echo "postgres: a throwaway cluster on 127.0.0.1:$port ($test_postgres_dir)" >&2
}

stop_test_postgres() {
    [ -n "$test_postgres_dir" ] || return 0
    "${test_postgres_as[@]}" "$(postgres_bin)/pg_ctl" -D "$test_postgres_dir/data" -m immediate stop \
        > /dev/null 2>&1 || true
    rm -rf "$test_postgres_dir"
    test_postgres_dir=""
}
