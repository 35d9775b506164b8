#!/bin/bash
# make litestream-test: continuous replication with Litestream (docs/operations.md, "A second copy, continuously").
# Litestream replicates the live database to a second directory while `sedia serve` runs and imports and bookings are
# written; the server is killed with SIGKILL; `litestream sync -wait` pushes what was committed; the replica restored
# with `-integrity-check full` must hold every committed row, pass `sedia db check`, and export the same instance.
# Then a server stopped with SIGTERM under Litestream's read lock must exit 0 without logging an error.
# Usage: scripts/litestream-test.sh SEDIA_BINARY LITESTREAM_BINARY INSTANCE.json
set -euo pipefail
sedia=$(readlink -f "$1")
litestream=$(readlink -f "$2")
instance=$(readlink -f "$3")
here=$(cd "$(dirname "$0")/.." && pwd)
scratch=$(mktemp -d /tmp/sedia-litestream-test.XXXXXX)
server=""
replicator=""
cleanup() {
    [ -n "$server" ] && kill -9 "$server" 2>/dev/null || true
    [ -n "$replicator" ] && kill "$replicator" 2>/dev/null && wait "$replicator" 2>/dev/null || true
    rm -rf "$scratch"
}
trap cleanup EXIT
fail() { echo "litestream-test: FAIL: $*" >&2; exit 1; }
cd "$scratch"

# Starts `sedia serve` in the background on a free port; returns once it printed its "serving" line (read from a
# pipe as it comes, so no polling), with the process id in $server.
start_server() {
    mkfifo serve.out
    "$sedia" serve --db "$scratch/live.sqlite" --host 127.0.0.1 --port 0 --no-mail \
        --rules "$here/rules" --calendars "$here/calendars" >serve.out 2>serve.err &
    server=$!
    exec 3<serve.out
    local line
    while read -r -t 60 line <&3; do
        case "$line" in "sedia serving on "*) address=${line#sedia serving on }; break ;; esac
    done
    rm -f serve.out
    [ -n "${address:-}" ] || fail "the server did not start: $(cat serve.err)"
}

# Every table's row count, one "table count" line each (the database is opened read-only).
counts() {
    python3 - "$1" <<'PY'
import sqlite3, sys
db = sqlite3.connect(f"file:{sys.argv[1]}?mode=ro", uri=True)
for (name,) in db.execute("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name"):
    print(name, db.execute(f'SELECT count(*) FROM "{name}"').fetchone()[0])
PY
}

echo "== Litestream $("$litestream" version) replicating live.sqlite to replica/"
"$sedia" db init --db live.sqlite >/dev/null
cat >litestream.yml <<YML
socket:
  enabled: true
  path: $scratch/litestream.sock
dbs:
  - path: $scratch/live.sqlite
    replica:
      type: file
      path: $scratch/replica
      sync-interval: 1s
YML
"$litestream" replicate -config litestream.yml >litestream.log 2>&1 &
replicator=$!
[ -S "$scratch/litestream.sock" ] || for _ in $(seq 100); do [ -S "$scratch/litestream.sock" ] && break; sleep 0.1; done
[ -S "$scratch/litestream.sock" ] || fail "litestream did not open its control socket: $(cat litestream.log)"

echo "== the server runs while imports and bookings are written"
start_server
curl -fsS "${address}healthz" >/dev/null || fail "/healthz"
"$sedia" import instance "$instance" --db live.sqlite >/dev/null
"$sedia" solve "$instance" --out plan.json --time-limit 2 >/dev/null
"$sedia" apply-plan plan.json --db live.sqlite >/dev/null
"$sedia" user add --db live.sqlite --username replica-check --role coordinator --state MY-13 --password-stdin \
    <<<"litestream-drill-2027" >/dev/null

echo "== SIGKILL the server"
kill -9 "$server"
wait "$server" 2>/dev/null || true
server=""
counts live.sqlite >committed.txt
bookings=$(awk '$1 == "interview_booking" || $1 == "hearing_booking" { n += $2 } END { print n + 0 }' committed.txt)
[ "$bookings" -gt 0 ] || fail "no bookings were committed (committed.txt: $(tr '\n' ' ' <committed.txt))"

echo "== sync what was committed, restore with -integrity-check full"
"$litestream" sync -socket "$scratch/litestream.sock" -wait -timeout 60 "$scratch/live.sqlite" >/dev/null
start=$(date +%s.%N)
"$litestream" restore -config litestream.yml -o restored.sqlite -integrity-check full "$scratch/live.sqlite" 2>restore.log \
    || fail "restore: $(cat restore.log)"
end=$(date +%s.%N)
counts restored.sqlite >restored.txt
diff committed.txt restored.txt || fail "the restored replica's rows differ from the committed ones (above)"
"$sedia" db check restored.sqlite >/dev/null || fail "sedia db check on the restored replica"
"$sedia" export-instance --db live.sqlite --out live.json >/dev/null
"$sedia" export-instance --db restored.sqlite --out restored.json >/dev/null
cmp live.json restored.json || fail "export-instance of the restored replica differs from the live one"
echo "restored $(awk '{ n += $2 } END { print n }' restored.txt) rows ($bookings bookings) in $(python3 -c "print(round($end - $start, 2))") s"

echo "== SIGTERM under Litestream's read lock: exit 0, no error logged"
start_server
stop_start=$(date +%s.%N)
kill -TERM "$server"
status=0; wait "$server" || status=$?
stop_end=$(date +%s.%N)
server=""
[ "$status" = 0 ] || fail "the server exited $status on SIGTERM: $(cat serve.err)"
if grep -Ei 'error|critical' serve.err; then fail "the server logged the error above while stopping under Litestream"; fi
echo "stopped in $(python3 -c "print(round($stop_end - $stop_start, 2))") s"
echo "litestream-test: ok"
