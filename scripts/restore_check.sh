#!/usr/bin/env bash
# Restore a dump from scripts/backup.sh into a fresh database and prove it is
# whole: every table's row count must match the .counts file written with the
# dump, and Django must find every migration applied.
#   scripts/restore_check.sh DUMP [ADMIN_URL]
# ADMIN_URL is a PostgreSQL URL allowed to create databases
# (default postgres://postgres@127.0.0.1:5432/postgres). The scratch database
# is dropped afterwards unless KEEP=1.
set -euo pipefail
dump=${1:?usage: restore_check.sh DUMP [ADMIN_URL]}
admin=${2:-postgres://postgres@127.0.0.1:5432/postgres}
[ -f "$dump.counts" ] || { echo "missing $dump.counts" >&2; exit 2; }
name="mitra_restore_check_$(date -u +%Y%m%d%H%M%S)"
target="${admin%/*}/$name"
cd "$(dirname "$0")/.."

psql "$admin" -X -q -v ON_ERROR_STOP=1 -c "CREATE DATABASE $name"
cleanup() { [ "${KEEP:-0}" = 1 ] || psql "$admin" -X -q -c "DROP DATABASE IF EXISTS $name" >/dev/null; }
trap cleanup EXIT

pg_restore --no-owner --exit-on-error --dbname="$target" "$dump"

restored=$(mktemp)
psql "$target" -X -q -A -t -v ON_ERROR_STOP=1 <<'SQL' > "$restored"
SELECT format('SELECT %L || '' '' || count(*) FROM %I.%I;', table_name, table_schema, table_name)
FROM information_schema.tables
WHERE table_schema = 'public' AND table_type = 'BASE TABLE'
ORDER BY table_name \gexec
SQL
if ! diff -u "$dump.counts" "$restored"; then
    echo "restore check FAILED: row counts differ (above)" >&2
    exit 1
fi
tables=$(wc -l < "$restored")
rows=$(awk '{s+=$2} END {print s}' "$restored")
rm -f "$restored"

DATABASE_URL="$target" DJANGO_SETTINGS_MODULE=portal.settings.dev \
    .venv/bin/python manage.py migrate --check >/dev/null
echo "restore check passed: $tables tables, $rows rows match; no migration missing"
