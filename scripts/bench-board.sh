#!/usr/bin/env bash
# The deadline board at national size, timed with curl (issue 22: /board under 300 ms).
#
#   scripts/bench-board.sh .build/debug/sedia [INSTANCE.json]
#
# Loads the national instance (2,500 cases) and a solved plan into a fresh database, as scripts/bench-app.sh does,
# starts the server from the repository (its rules/ and calendars/ give the checklists), signs in as a national
# coordinator and as a Selangor coordinator, and fetches each board URL below ROUNDS times one after the other. The
# first request of a URL after start or after a write builds the board (the cold figure); the others read it from the
# cache (a reload). /cases is fetched first, so the board's first figure is the board (checklists, bound, ranking),
# not the snapshot's load. Then a checklist tick (an audited write: the board is ranked again, the snapshot and the
# checklists stay) is followed by the board, three times. Prints total time (ms) and size (bytes) per request; copy the
# numbers to docs/benchmarks-app.md.
set -euo pipefail

SEDIA=$(realpath "${1:?usage: scripts/bench-board.sh SEDIA_BINARY [INSTANCE.json]}")
INSTANCE=$(realpath "${2:-../shared/instances/national-s1-250km.json}")
ROUNDS=${ROUNDS:-10}
PORT=${PORT:-18090}
WORK=$(mktemp -d /tmp/sedia-board-XXXXXX)
SERVER_PID=""
cleanup() {
    [ -n "$SERVER_PID" ] && kill "$SERVER_PID" 2>/dev/null || true
    rm -rf "$WORK"
}
trap cleanup EXIT

DB=$WORK/sedia.sqlite
"$SEDIA" db init --db "$DB" >/dev/null
"$SEDIA" import instance "$INSTANCE" --db "$DB"
"$SEDIA" solve "$INSTANCE" --out "$WORK/plan.json" --time-limit 10 >/dev/null
"$SEDIA" apply-plan "$WORK/plan.json" --db "$DB"
printf 'Sedia-board-test-1\n' | "$SEDIA" user add --db "$DB" --username nat --role coordinator --password-stdin >/dev/null
printf 'Sedia-board-test-1\n' | "$SEDIA" user add --db "$DB" --username sel --role coordinator --state MY-10 --password-stdin >/dev/null

"$SEDIA" serve --db "$DB" --port "$PORT" >"$WORK/serve.log" 2>&1 &
SERVER_PID=$!
until curl -fs "http://127.0.0.1:$PORT/healthz" >/dev/null 2>&1; do
    kill -0 "$SERVER_PID" 2>/dev/null || { echo "sedia serve stopped:"; tail -20 "$WORK/serve.log"; exit 1; }
    sleep 0.05
done

sign_in() {
    local jar=$WORK/$1.jar
    local token
    token=$(curl -fs -c "$jar" "http://127.0.0.1:$PORT/login" | sed -n 's/.*name="login" value="\([^"]*\)".*/\1/p')
    curl -fs -b "$jar" -c "$jar" -o /dev/null --data "login=$token&username=$1&password=Sedia-board-test-1" "http://127.0.0.1:$PORT/login"
}

measure() {
    local user=$1 path=$2
    echo "== $user $path ${3:-}"
    for i in $(seq "$ROUNDS"); do
        curl -fs -b "$WORK/$user.jar" -o /dev/null -w "%{time_total} %{size_download}\n" "http://127.0.0.1:$PORT$path" |
            awk -v i="$i" '{ printf "  %2d: %7.1f ms %8d bytes\n", i, $1 * 1000, $2 }'
    done
}

sign_in nat
sign_in sel
ROUNDS=1 measure nat /cases
measure nat /board
measure nat "/board?level=late"
measure nat "/board?page=5"
measure nat "/board?state=MY-10&prosecutor=none&level=at-risk"
measure sel /board

# A tick, then the board: the first request after it ranks the cases again.
CSRF=$(curl -fs -b "$WORK/nat.jar" "http://127.0.0.1:$PORT/me" | sed -n 's/.*name="csrf" value="\([^"]*\)".*/\1/p' | head -1)
TICK=$(curl -fs -b "$WORK/nat.jar" "http://127.0.0.1:$PORT/board" | grep -o 'href="/cases/[^/"]*/checklist#item-[^"]*"' | head -1)
TICK_CASE=$(sed 's#href="/cases/\([^/]*\)/.*#\1#' <<<"$TICK")
TICK_ITEM=$(sed 's#.*\#item-\([^"]*\)"#\1#' <<<"$TICK")
for done in 1 0 1; do
    curl -fs -b "$WORK/nat.jar" -o /dev/null --data "item=$TICK_ITEM&done=$done&csrf=$CSRF" "http://127.0.0.1:$PORT/cases/$TICK_CASE/checklist"
    ROUNDS=2 measure nat /board "(after marking $TICK_ITEM on $TICK_CASE done=$done)"
done
