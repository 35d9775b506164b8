#!/usr/bin/env bash
# Kills `sedia import instance`, then `sedia import cases` (a CSV of every case of the instance under new ids), with
# SIGKILL at several moments and checks that the database is intact and holds either nothing of the import or all of
# it (one transaction), never part of it.
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
# check LABEL [ID-PREFIX]: the database is intact and holds none or all of the import's cases (ids starting so).
check() {
    python3 - "$DB" "$1" "$CASES" "${2:-}" <<'PY'
import sqlite3, sys
db, label, cases, prefix = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4]
c = sqlite3.connect(db)
ok = c.execute("pragma integrity_check").fetchone()[0]
n = c.execute("select count(*) from case_file where id like ?", (prefix + "%",)).fetchone()[0]
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

# The same for a table import: a fresh database with the whole instance, then the cases again as CSV under new ids.
rm -f "$DB" "$DB-wal" "$DB-shm"
"$SEDIA" db init --db "$DB" >/dev/null
"$SEDIA" import instance "$INSTANCE" --db "$DB" >/dev/null
python3 - "$INSTANCE" "$WORK/cases.csv" <<'PY'
import csv, json, sys
inst = json.load(open(sys.argv[1]))
court_state = {c["id"]: c["state"] for c in inst["courts"]}
fallback = inst["centres"][0]["state"]
columns = ["id", "state", "child.ref", "child.age", "child.languages", "child.lat", "child.lon", "interview.durationMinutes",
           "interview.earliest", "interview.targetBy", "interviewDoneOn", "hearing.court", "hearing.deadline", "hearing.days",
           "hearing.earliest"]
with open(sys.argv[2], "w", newline="") as f:
    w = csv.writer(f)
    w.writerow(columns)
    for c in inst["cases"]:
        i, h = c.get("interview"), c.get("hearing")
        w.writerow(["KX-" + c["id"], court_state[h["court"]] if h else fallback, c["child"]["ref"], c["child"]["age"],
                    ";".join(c["child"]["languages"]), c["child"]["lat"], c["child"]["lon"],
                    i["durationMinutes"] if i else "", i["earliest"] if i else "", i["targetBy"] if i else "",
                    c.get("interviewDoneOn") or "", h["court"] if h else "", h["deadline"] if h else "",
                    h["days"] if h else "", h["earliest"] if h else ""])
PY
# Kill at fractions of a full run's time, so some kills land inside the write transaction whatever the build's speed.
cp "$DB" "$WORK/timing.sqlite"
start=$(date +%s.%N)
"$SEDIA" import cases "$WORK/cases.csv" --db "$WORK/timing.sqlite" >/dev/null
full=$(python3 -c "import sys; print(float(sys.argv[2]) - float(sys.argv[1]))" "$start" "$(date +%s.%N)")
echo "a full import cases takes ${full}s"
for fraction in 0.2 0.5 0.7 0.85 0.95; do
    delay=$(python3 -c "import sys; print(round(float(sys.argv[1]) * float(sys.argv[2]), 3))" "$full" "$fraction")
    "$SEDIA" import cases "$WORK/cases.csv" --db "$DB" >/dev/null 2>&1 &
    pid=$!
    sleep "$delay"
    kill -9 "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
    check "import cases killed after ${delay}s" KX-
done
echo "every interrupted import left the database intact and all-or-nothing"
