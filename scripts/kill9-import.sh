#!/usr/bin/env bash
# Kills `sedia import instance` with SIGKILL at several moments and checks that the database is intact and holds
# either nothing of the import or all of it (one transaction), never part of it.
#
#   scripts/kill9-import.sh .build/release/sedia [INSTANCE.json]
set -euo pipefail
SEDIA=$(realpath "${1:?usage: scripts/kill9-import.sh SEDIA_BINARY [INSTANCE.json]}")
INSTANCE=$(realpath "${2:-../shared/instances/national-s1.json}")
WORK=$(mktemp -d /tmp/sedia-kill9-XXXXXX)
trap 'rm -rf "$WORK"' EXIT
DB=$WORK/sedia.sqlite
CASES=$(python3 -c "import json,sys; print(len(json.load(open(sys.argv[1]))['cases']))" "$INSTANCE")
"$SEDIA" db init --db "$DB" >/dev/null
check() {
    python3 - "$DB" "$1" "$CASES" <<'PY'
import sqlite3, sys
db, label, cases = sys.argv[1], sys.argv[2], int(sys.argv[3])
c = sqlite3.connect(db)
ok = c.execute("pragma integrity_check").fetchone()[0]
n = c.execute("select count(*) from case_file").fetchone()[0]
print(f"{label}: integrity {ok}, {n} cases")
sys.exit(0 if ok == "ok" and n in (0, cases) else 1)
PY
}
for delay in 0.05 0.1 0.2 0.4 0.8; do
    "$SEDIA" import instance "$INSTANCE" --db "$DB" >/dev/null 2>&1 &
    pid=$!
    sleep "$delay"
    kill -9 "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
    check "killed after ${delay}s"
done
echo "every interrupted import left the database intact and all-or-nothing"
