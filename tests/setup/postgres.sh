#!/usr/bin/env bash
# A throwaway PostgreSQL 15 cluster for the test suites, on a Unix socket in a temporary folder
# (no TCP port, nothing shared with other clusters on the machine).
#
#   eval "$(bash tests/setup/postgres.sh start)"   # exports TEST_DATABASE_URL and FOLLOWTHROUGH_PG_DIR
#   npm test                                       # the suites now run on PostgreSQL
#   bash tests/setup/postgres.sh stop "$FOLLOWTHROUGH_PG_DIR"
#
# Uses Debian's packaged binaries (/usr/lib/postgresql/15/bin, `apt-get install postgresql`).
# PostgreSQL refuses to run as root: as root (CI) the cluster runs as the `postgres` account
# through runuser; otherwise as the current user. Authentication is `trust` on the socket only;
# the folder is readable by its owner alone (and root).
set -euo pipefail

bin=${PG_BIN:-/usr/lib/postgresql/15/bin}
command=${1:-}

as_owner() {
  if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

case "$command" in
  start)
    [ -x "$bin/initdb" ] || { echo "PostgreSQL 15 not found in $bin (apt-get install postgresql)" >&2; exit 1; }
    dir=$(mktemp -d "${TMPDIR:-/tmp}/followthrough-pg.XXXXXX")
    [ "$(id -u)" -eq 0 ] && chown postgres: "$dir"
    chmod 700 "$dir"
    as_owner "$bin/initdb" -D "$dir/data" -U postgres --auth=trust --encoding=UTF8 --locale=C.UTF-8 >"$dir/initdb.log" 2>&1 ||
      { cat "$dir/initdb.log" >&2; exit 1; }
    # Throwaway data: durability is traded for speed (the suites create and drop many databases).
    as_owner "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 \
      -o "-c listen_addresses='' -k $dir -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200" \
      start >/dev/null || { cat "$dir/server.log" >&2; exit 1; }
    echo "export FOLLOWTHROUGH_PG_DIR='$dir'"
    echo "export TEST_DATABASE_URL='postgres://postgres@localhost/postgres?host=$dir'"
    ;;
  stop)
    dir=${2:?usage: postgres.sh stop DIR}
    [ -d "$dir/data" ] && as_owner "$bin/pg_ctl" -D "$dir/data" -m immediate -w stop >/dev/null 2>&1 || true
    rm -rf "$dir"
    ;;
  *)
    echo "usage: postgres.sh start | stop DIR" >&2
    exit 2
    ;;
esac
