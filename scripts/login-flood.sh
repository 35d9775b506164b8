#!/usr/bin/env bash
# Measures /healthz while sign-ins flood the server (docs/security.md, "Measured").
# Usage: scripts/login-flood.sh PATH/TO/sedia [SECONDS] [CLIENTS]
# Every flooding request comes from a new address (X-Forwarded-For, the server started with --trust-forwarded-for)
# and a new username, so the throttle never refuses it and each one costs a bcrypt check: the worst case for the
# bounded pool. Prints the flood's answers by status and /healthz's times (ms): median, 90th percentile, max.
set -euo pipefail
SEDIA=${1:?usage: $0 PATH/TO/sedia [SECONDS] [CLIENTS]}
SECONDS_TO_RUN=${2:-20}
CLIENTS=${3:-8}
WORK=$(mktemp -d)
SERVER=
trap '[ -n "$SERVER" ] && kill $SERVER 2>/dev/null || true; wait 2>/dev/null || true; rm -rf "$WORK"' EXIT
DB=$WORK/sedia.sqlite
PORT=$((20000 + RANDOM % 20000))
"$SEDIA" db init --db "$DB" >/dev/null
printf 'stormy-test-passphrase-1\n' | "$SEDIA" user add --db "$DB" --username flood --role admin --password-stdin >/dev/null
"$SEDIA" serve --db "$DB" --port "$PORT" --trust-forwarded-for >"$WORK/server.log" 2>&1 &
SERVER=$!
for _ in $(seq 100); do curl -fs "http://127.0.0.1:$PORT/healthz" >/dev/null && break; sleep 0.1; done
BASE=http://127.0.0.1:$PORT
flood() {
    local n=0 end=$((SECONDS + SECONDS_TO_RUN))
    while [ $SECONDS -lt $end ]; do
        n=$((n + 1))
        local jar=$WORK/jar.$1
        local page token
        page=$(curl -s -c "$jar" "$BASE/login")
        token=$(sed -n 's/.*name="login" value="\([^"]*\)".*/\1/p' <<<"$page" | head -1)
        curl -s -o /dev/null -w '%{http_code}\n' -b "$jar" -H "X-Forwarded-For: 10.$1.$((n / 250)).$((n % 250))" \
            --data "login=$token&username=u$1x$n&password=wrong-password-$n" "$BASE/login" >>"$WORK/codes.$1"
    done
}
for c in $(seq "$CLIENTS"); do flood "$c" & done
sleep 2
end=$((SECONDS + SECONDS_TO_RUN - 4))
while [ $SECONDS -lt $end ]; do
    curl -s -o /dev/null -w '%{time_total}\n' "$BASE/healthz" >>"$WORK/healthz"
    sleep 0.2
done
wait $(jobs -p | grep -v "^$SERVER\$") 2>/dev/null || true
echo "flood answers:"; cat "$WORK"/codes.* | sort | uniq -c
sort -n "$WORK/healthz" | awk '{ t[NR] = $1 * 1000 } END { printf "healthz: %d samples, median %.1f ms, p90 %.1f ms, max %.1f ms\n", NR, t[int(NR / 2) + 1], t[int(NR * 0.9) + 1], t[NR] }'
