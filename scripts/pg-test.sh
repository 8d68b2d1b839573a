#!/usr/bin/env bash
# Run a command against a throwaway PostgreSQL server, then stop and remove it.
#
#   scripts/pg-test.sh                                  # the store and ingest tests
#   scripts/pg-test.sh node dist/cli/main.js ingest dir # anything: DATABASE_URL is set
#
# The server listens only on a unix socket in a temporary folder (no TCP port), with fsync off.
# It exports DATABASE_URL (the store uses it) and NIANBAO_TEST_PG_URL (the tests then create
# their databases on this server instead of starting their own). Needs the Debian package
# `postgresql`; as root the server runs as the `postgres` user (postgres refuses root).
set -euo pipefail
cd "$(dirname "$0")/.."

bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)
if [ -z "$bin" ] || [ ! -x "$bin/initdb" ]; then
  echo "pg-test: PostgreSQL is not installed (apt-get install postgresql)" >&2
  exit 1
fi

dir=$(mktemp -d "${TMPDIR:-/tmp}/nianbao-pg-XXXXXX")
as_pg=()
if [ "$(id -u)" = 0 ]; then
  chown postgres: "$dir"
  as_pg=(runuser -u postgres --)
fi
# The server commands run from the temporary folder: postgres must be able to enter its working directory.
pg() { (cd "$dir" && "${as_pg[@]}" "$@"); }
cleanup() {
  pg "$bin/pg_ctl" -D "$dir/data" -m immediate -w stop >/dev/null 2>&1 || true
  rm -rf "$dir"
}
trap cleanup EXIT

pg "$bin/initdb" -D "$dir/data" -A trust -U postgres -E UTF8 --locale=C --lc-ctype=C.UTF-8 --no-sync >/dev/null
pg "$bin/pg_ctl" -D "$dir/data" -l "$dir/log" -w \
  -o "-k $dir -c listen_addresses='' -c fsync=off -c full_page_writes=off -c synchronous_commit=off -c max_connections=200" start >/dev/null
pg "$bin/createdb" -h "$dir" -U postgres nianbao

host=$(node -e 'process.stdout.write(encodeURIComponent(process.argv[1]))' "$dir")
export DATABASE_URL="postgresql://postgres@localhost/nianbao?host=$host"
export NIANBAO_TEST_PG_URL="postgresql://postgres@localhost/postgres?host=$host"
echo "pg-test: PostgreSQL at $dir (DATABASE_URL set)" >&2

if [ $# -eq 0 ]; then
  set -- npx vitest run test/store test/ingest
fi
"$@"
