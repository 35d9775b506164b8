#!/usr/bin/env bash
# Web benchmarks for `sedia serve` at national size, with nginx serving the same feed file as the yardstick.
#
#   scripts/bench-app.sh .build/release/sedia [INSTANCE.json]
#
# Loads the national instance (2,500 cases) and a solved plan into a fresh database, starts the server on
# loopback, measures start-up to the first 200 on /healthz, then runs wrk (-t2 -c32, 10 s each) on:
#   1. the feed with If-None-Match (304), sedia and nginx (`etag on`, same bytes from disk), side by side;
#   2. the full feed (200);
#   3. pages at national size, signed in as a national coordinator, with latency percentiles;
#   4. every page (lists, case, checklist, slots, week views, book-at, /me) with 16 clients (-t2 -c16 --latency);
#   5. replan from the web: a state coordinator's POST /replan/start until the proposal is shown (3 runs), then
#      a national coordinator's (every state) once (scripts/bench-replan.py).
#   6. what-if from the web: a state coordinator's question (a room more, an officer leaving) until the answer is
#      shown (3 runs; scripts/bench-replan.py --whatif).
#   7. the pages people start from, with 16 clients: a state coordinator's Today, case search and filters, the
#      board, and the leave page listing the bookings a fortnight's sick leave breaks; a prosecutor's My cases (40
#      cases); an officer's agenda (scripts/benchweb.py signs in and enters the leave).
# PARTS picks the sections (default all): PARTS="pages16 replan" scripts/bench-app.sh .build/release/sedia
#   feed = 1 and 2, pages = 3, pages16 = 4, replan = 5, whatif = 6, start = 7.
# The first page request after start loads the snapshot (all cases and bookings): timed separately below.
# Needs wrk and nginx (make bench-app installs them). Prints everything; copy the numbers to docs/benchmarks-app.md.
set -euo pipefail

SEDIA=$(realpath "${1:?usage: scripts/bench-app.sh SEDIA_BINARY [INSTANCE.json]}")
# The app keeps children within 250 km by default (issue 22): the instance with that limit, so its plan applies.
INSTANCE=$(realpath "${2:-../shared/instances/national-s1-250km.json}")
DURATION=${DURATION:-10s}
WORK=$(mktemp -d /tmp/sedia-bench-XXXXXX)
# nginx workers run as an unprivileged user: they must be able to read the feed file.
chmod 755 "$WORK"
PARTS=${PARTS:-feed pages pages16 replan whatif start}
want() { [[ " $PARTS " == *" $1 "* ]]; }
SEDIA_PORT=${SEDIA_PORT:-18080}
NGINX_PORT=${NGINX_PORT:-18081}
SERVER_PID=""
NGINX_PID=""
cleanup() {
    [ -n "$SERVER_PID" ] && kill "$SERVER_PID" 2>/dev/null || true
    [ -n "$NGINX_PID" ] && kill "$NGINX_PID" 2>/dev/null || true
    rm -rf "$WORK"
}
trap cleanup EXIT

DB=$WORK/sedia.sqlite
echo "== data: $INSTANCE"
"$SEDIA" db init --db "$DB" >/dev/null
"$SEDIA" import instance "$INSTANCE" --db "$DB"
"$SEDIA" solve "$INSTANCE" --out "$WORK/plan.json" --time-limit 10 >/dev/null
"$SEDIA" apply-plan "$WORK/plan.json" --db "$DB"
printf 'Sedia-load-test-1\n' | "$SEDIA" user add --db "$DB" --username bench --role coordinator --password-stdin >/dev/null
# Ids for the pages of section 4, from the instance and its plan: the first case with an interview that the plan
# booked, its centre (first room), an officer and a psychologist of that centre, the case's court (else the state's).
eval "$(python3 - "$INSTANCE" "$WORK/plan.json" <<'PY'
import json, sys
inst, plan = (json.load(open(p)) for p in sys.argv[1:3])
booked = {b["case"]: b for b in plan["interviews"]}
case = next(c for c in inst["cases"] if c.get("interview") and c["id"] in booked)
b = booked[case["id"]]
centre = next(c for c in inst["centres"] if any(r["id"] == b["room"] for r in c["rooms"]))
officer = next(i["id"] for i in inst["interviewers"] if centre["id"] in i["centres"])
psy = next(p["id"] for p in inst["psychologists"] if centre["id"] in p["centres"])
court = (case.get("hearing") or {}).get("court") or next(c["id"] for c in inst["courts"] if c["state"] == centre["state"])
for k, v in dict(P_CASE=case["id"], P_CENTRE=centre["id"], P_STATE=centre["state"], P_ROOM=centre["rooms"][0]["id"],
                 P_OFFICER=officer, P_PSY=psy, P_COURT=court, P_DAY=b["start"][:10], P_START=b["start"],
                 P_BOOKED_OFFICER=b["interviewer"]).items():
    print(f"{k}={v}")
PY
)"
printf 'Replan-timing-77\n' | "$SEDIA" user add --db "$DB" --username bench-state --role coordinator --state "$P_STATE" \
    --password-stdin >/dev/null
# Section 7's people: a prosecutor of that state holding 40 of its cases with a trial to bring, and the officer of the
# booked interview (their agenda).
printf 'Prosecutor-timing-78\n' | "$SEDIA" user add --db "$DB" --username bench-dpp --role prosecutor --person DPP-BENCH \
    --state "$P_STATE" --password-stdin >/dev/null
printf 'Officer-timing-79\n' | "$SEDIA" user add --db "$DB" --username bench-io --role staff --person "$P_BOOKED_OFFICER" \
    --password-stdin >/dev/null
python3 - "$DB" "$P_STATE" <<'PY'
import sqlite3, sys
db = sqlite3.connect(sys.argv[1])
with db:
    db.execute("UPDATE case_file SET prosecutor = 'DPP-BENCH' WHERE id IN (SELECT id FROM case_file WHERE state = ? "
               "AND hearing_deadline IS NOT NULL ORDER BY id LIMIT 40)", (sys.argv[2],))
PY
CENTRE=$(python3 -c "import json,sys; print(json.load(open(sys.argv[1]))['centres'][0]['id'])" "$INSTANCE")
FEED_URL=$("$SEDIA" feed-token create --db "$DB" --username bench --feed "state:$(python3 -c "import json,sys; print(json.load(open(sys.argv[1]))['centres'][0]['state'])" "$INSTANCE")" --base-url "http://127.0.0.1:$SEDIA_PORT")
FEED_PATH=${FEED_URL#http://127.0.0.1:$SEDIA_PORT}

echo "== start-up (process start to first 200 on /healthz)"
start=$(date +%s.%N)
"$SEDIA" serve --db "$DB" --port "$SEDIA_PORT" >"$WORK/serve.log" 2>&1 &
SERVER_PID=$!
until curl -fs "http://127.0.0.1:$SEDIA_PORT/healthz" >/dev/null 2>&1; do
    kill -0 "$SERVER_PID" 2>/dev/null || { echo "sedia serve stopped:"; tail -20 "$WORK/serve.log"; exit 1; }
    sleep 0.01
done
end=$(date +%s.%N)
python3 -c "print(f'start-up: {($end - $start) * 1000:.0f} ms')"

if want feed; then
curl -fs "$FEED_URL" -o "$WORK/feed.ics"
echo "feed: $(wc -c <"$WORK/feed.ics") bytes, $(grep -c BEGIN:VEVENT "$WORK/feed.ics") events"
ETAG=$(curl -fsI "$FEED_URL" | tr -d '\r' | awk -F': ' 'tolower($1)=="etag"{print $2}')

mkdir -p "$WORK/www/feeds" "$WORK/nginx"
cp "$WORK/feed.ics" "$WORK/www/feeds/feed.ics"
cat >"$WORK/nginx/nginx.conf" <<EOF
worker_processes 1;
daemon off;
pid $WORK/nginx/nginx.pid;
error_log $WORK/nginx/error.log;
events { worker_connections 1024; }
http {
    access_log off;
    client_body_temp_path $WORK/nginx; proxy_temp_path $WORK/nginx; fastcgi_temp_path $WORK/nginx;
    uwsgi_temp_path $WORK/nginx; scgi_temp_path $WORK/nginx;
    types { text/calendar ics; }
    server {
        listen 127.0.0.1:$NGINX_PORT;
        root $WORK/www;
        etag on;
        add_header Referrer-Policy no-referrer;
    }
}
EOF
nginx -c "$WORK/nginx/nginx.conf" &
NGINX_PID=$!
until curl -fs "http://127.0.0.1:$NGINX_PORT/feeds/feed.ics" -o /dev/null 2>&1; do sleep 0.05; done
NGINX_ETAG=$(curl -fsI "http://127.0.0.1:$NGINX_PORT/feeds/feed.ics" | tr -d '\r' | awk -F': ' 'tolower($1)=="etag"{print $2}')

check304() { curl -s -o /dev/null -w '%{http_code}' -H "If-None-Match: $2" "$1"; }
echo "conditional GET answers: sedia $(check304 "$FEED_URL" "$ETAG"), nginx $(check304 "http://127.0.0.1:$NGINX_PORT/feeds/feed.ics" "$NGINX_ETAG")"

# On a shared machine the load moves between runs: ROUNDS=3 alternates nginx and sedia three times.
echo "== 1. feed, If-None-Match hit (304): nginx then sedia, ${ROUNDS:-1} round(s)"
for _ in $(seq "${ROUNDS:-1}"); do
    wrk -t2 -c32 -d"$DURATION" -H "If-None-Match: $NGINX_ETAG" "http://127.0.0.1:$NGINX_PORT/feeds/feed.ics" | grep -E "Requests/sec|Latency|Non-2xx"
    wrk -t2 -c32 -d"$DURATION" -H "If-None-Match: $ETAG" "http://127.0.0.1:$SEDIA_PORT$FEED_PATH" | grep -E "Requests/sec|Latency|Non-2xx"
done

echo "== 2. full feed (200): nginx then sedia"
wrk -t2 -c32 -d"$DURATION" "http://127.0.0.1:$NGINX_PORT/feeds/feed.ics" | grep -E "Requests/sec|Latency|Transfer"
wrk -t2 -c32 -d"$DURATION" "$FEED_URL" | grep -E "Requests/sec|Latency|Transfer"
fi

LOGIN_HTML=$(curl -fs -c "$WORK/jar" "http://127.0.0.1:$SEDIA_PORT/login")
LOGIN_TOKEN=$(sed -n 's/.*name="login" value="\([^"]*\)".*/\1/p' <<<"$LOGIN_HTML")
curl -fs -b "$WORK/jar" -c "$WORK/jar" -o /dev/null --data "login=$LOGIN_TOKEN&username=bench&password=Sedia-load-test-1" \
    "http://127.0.0.1:$SEDIA_PORT/login"
SESSION=$(awk '$6=="sedia_session"{print $7}' "$WORK/jar")
curl -s -o /dev/null -w 'first page after start (loads the snapshot): %{time_total} s\n' -H "Cookie: sedia_session=$SESSION" \
    "http://127.0.0.1:$SEDIA_PORT/cases"

if want pages; then
echo "== 3. pages at national size (signed in)"
FIRST_CASE=$(python3 -c "import json,sys; print(json.load(open(sys.argv[1]))['cases'][0]['id'])" "$INSTANCE")
FIRST_DAY=$(python3 -c "import json,sys; print(json.load(open(sys.argv[1]))['planStart'])" "$INSTANCE")
for page in "/cases" "/board" "/cases/$FIRST_CASE" "/cases/$FIRST_CASE/checklist" "/week/centre/$CENTRE?from=$FIRST_DAY"; do
    code=$(curl -s -o /dev/null -w '%{http_code}' -H "Cookie: sedia_session=$SESSION" "http://127.0.0.1:$SEDIA_PORT$page")
    echo "-- $page (status $code)"
    echo "   one client at a time (-t1 -c1):"
    wrk -t1 -c1 -d"$DURATION" --latency -H "Cookie: sedia_session=$SESSION" "http://127.0.0.1:$SEDIA_PORT$page" |
        grep -E "Requests/sec|^ +(50|90|99)%|Non-2xx"
    echo "   eight at once (-t2 -c8):"
    wrk -t2 -c8 -d"$DURATION" --latency -H "Cookie: sedia_session=$SESSION" "http://127.0.0.1:$SEDIA_PORT$page" |
        grep -E "Requests/sec|^ +(50|90|99)%|Non-2xx"
done
fi

if want pages16; then
echo "== 4. every page with 16 clients (-t2 -c16 --latency, $DURATION each), signed in as a national coordinator; load: $(uptime)"
echo "   case $P_CASE, centre $P_CENTRE ($P_STATE, room $P_ROOM), officer $P_OFFICER, psychologist $P_PSY, court $P_COURT, day $P_DAY"
for page in "/cases" "/cases/new" "/board" "/cases/$P_CASE" "/cases/$P_CASE/checklist" "/cases/$P_CASE/slots" "/week" \
    "/week/centre/$P_CENTRE" "/week/centre/$P_CENTRE?day=$P_DAY" "/week/officer/$P_OFFICER" "/week/psychologist/$P_PSY" \
    "/week/court/$P_COURT" "/cases/$P_CASE/book-at?room=$P_ROOM&start=$P_START" "/me" "/whatif" \
    "/whatif?changes=%2Broom%40$P_CENTRE+-interviewer%3A$P_OFFICER+%2Bcases%3A10%25"; do
    code=$(curl -s -o "$WORK/page.html" -w '%{http_code} %{size_download} bytes %{time_total} s' -H "Cookie: sedia_session=$SESSION" \
        "http://127.0.0.1:$SEDIA_PORT$page")
    echo "-- $page (status $code)"
    wrk -t2 -c16 -d"$DURATION" --latency -H "Cookie: sedia_session=$SESSION" "http://127.0.0.1:$SEDIA_PORT$page" |
        grep -E "Requests/sec|^ +(50|90|99)%|Non-2xx|Socket errors"
done
echo "   load after section 4: $(uptime)"
fi

if want replan; then
echo "== 5. replan from the web (default budgets; poll every 100 ms until the proposal is shown); load: $(uptime)"
echo "-- state coordinator ($P_STATE), 3 runs"
python3 "$(dirname "$0")/bench-replan.py" "http://127.0.0.1:$SEDIA_PORT" bench-state Replan-timing-77 --runs 3
echo "-- national coordinator (every state), 1 run"
python3 "$(dirname "$0")/bench-replan.py" "http://127.0.0.1:$SEDIA_PORT" bench Sedia-load-test-1 --runs 1 --scope '*'
echo "   load after section 5: $(uptime)"
fi

if want whatif; then
echo "== 6. what-if from the web (a room more at $P_CENTRE, $P_OFFICER leaving; 3000 search steps per solve, two solves; poll every 100 ms until the answer is shown); load: $(uptime)"
echo "-- state coordinator ($P_STATE), 3 runs"
python3 "$(dirname "$0")/bench-replan.py" "http://127.0.0.1:$SEDIA_PORT" bench-state Replan-timing-77 --runs 3 \
    --whatif "+room@$P_CENTRE -interviewer:$P_OFFICER"
echo "   load after section 6: $(uptime)"
fi

if want start; then
echo "== 7. the pages people start from, 16 clients (-t2 -c16 --latency, $DURATION each); load: $(uptime)"
BASE=http://127.0.0.1:$SEDIA_PORT
WEB="python3 $(dirname "$0")/benchweb.py"
STATE_SESSION=$($WEB session "$BASE" bench-state Replan-timing-77)
DPP_SESSION=$($WEB session "$BASE" bench-dpp Prosecutor-timing-78)
IO_SESSION=$($WEB session "$BASE" bench-io Officer-timing-79)
LEAVE_TO=$(python3 -c "import datetime,sys; print(datetime.date.fromisoformat(sys.argv[1]) + datetime.timedelta(days=13))" "$P_DAY")
AFFECTED=$($WEB leave "$BASE" bench-state Replan-timing-77 "person:$P_BOOKED_OFFICER" "$P_DAY" "$LEAVE_TO")
echo "   $P_BOOKED_OFFICER on sick leave $P_DAY to $LEAVE_TO: $AFFECTED"
SEARCH=$(cut -c1-8 <<<"$P_CASE")
for entry in "$STATE_SESSION /today" "$STATE_SESSION /cases?q=$SEARCH" "$STATE_SESSION /cases?late=yes" \
    "$STATE_SESSION /cases?booked=no&page=2" "$STATE_SESSION /board" "$STATE_SESSION $AFFECTED" "$DPP_SESSION /my-cases" \
    "$IO_SESSION /agenda"; do
    session=${entry%% *}
    page=${entry#* }
    code=$(curl -s -o "$WORK/page.html" -w '%{http_code} %{size_download} bytes %{time_total} s' -H "Cookie: sedia_session=$session" \
        "$BASE$page")
    echo "-- $page (status $code)"
    wrk -t2 -c16 -d"$DURATION" --latency -H "Cookie: sedia_session=$session" "$BASE$page" |
        grep -E "Requests/sec|^ +(50|90|99)%|Non-2xx|Socket errors"
done
echo "   load after section 7: $(uptime)"
fi
