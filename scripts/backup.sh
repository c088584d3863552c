#!/usr/bin/env bash
# Dump the portal's PostgreSQL database and note every table's row count.
#   scripts/backup.sh DIR [KEEP_DAYS]
# DATABASE_URL names the database (postgres://user@host:port/name).
# Writes DIR/mitra-pustaka-YYYYmmdd-HHMMSS.dump (custom format) and a
# .counts file beside it, which scripts/restore_check.sh compares against.
set -euo pipefail
dir=${1:?usage: backup.sh DIR [KEEP_DAYS]}
keep=${2:-14}
: "${DATABASE_URL:?set DATABASE_URL to the portal database}"
mkdir -p "$dir"
stamp=$(date -u +%Y%m%d-%H%M%S)
dump="$dir/mitra-pustaka-$stamp.dump"

# The row counts and the dump come from one snapshot, so they agree exactly:
# a session holds a REPEATABLE READ transaction open, exports its snapshot for
# pg_dump, and counts the rows of every table within it.
coproc SNAP { psql "$DATABASE_URL" -X -q -A -t -v ON_ERROR_STOP=1; }
trap 'kill "${SNAP_PID:-}" 2>/dev/null || true' EXIT
echo "BEGIN ISOLATION LEVEL REPEATABLE READ; SELECT pg_export_snapshot();" >&"${SNAP[1]}"
read -r snapshot <&"${SNAP[0]}"

pg_dump --format=custom --no-owner --snapshot="$snapshot" --file="$dump.partial" "$DATABASE_URL"

cat >&"${SNAP[1]}" <<'SQL'
SELECT format('SELECT %L || '' '' || count(*) FROM %I.%I;', table_name, table_schema, table_name)
FROM information_schema.tables
WHERE table_schema = 'public' AND table_type = 'BASE TABLE'
ORDER BY table_name \gexec
SELECT '--end--';
SQL
: > "$dump.counts"
while read -r line <&"${SNAP[0]}"; do
    [ "$line" = "--end--" ] && break
    echo "$line" >> "$dump.counts"
done
echo "COMMIT;" >&"${SNAP[1]}"
exec {SNAP[1]}>&-
wait "$SNAP_PID" 2>/dev/null || true

mv "$dump.partial" "$dump"
echo "backup: $dump ($(du -h "$dump" | cut -f1)), $(wc -l < "$dump.counts") tables"
find "$dir" -name 'mitra-pustaka-*.dump*' -mtime +"$keep" -delete
