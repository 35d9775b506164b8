#!/usr/bin/env python3
"""F5 drill (issue 24): one coordinator starts a replan every second for SECONDS; the server's RSS is sampled.

Usage: scripts/bench-replan-memory.py SEDIA DB SECONDS, with DB holding an instance, a plan and the coordinator
`coord13` of MY-13 (password f5-memory-drill-2027); docs/benchmarks-app.md has the steps and the figures."""
import http.cookiejar, re, subprocess, sys, time, urllib.parse, urllib.request
sedia, db, seconds = sys.argv[1], sys.argv[2], int(sys.argv[3])
HERE = __import__("os").path.dirname(__import__("os").path.abspath(__file__))
RULES, CALENDARS = HERE + "/../rules", HERE + "/../calendars"
server = subprocess.Popen([sedia, "serve", "--db", db, "--port", "0", "--no-mail", "--rules", RULES, "--calendars",
                           CALENDARS], stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
line = server.stdout.readline()
base = re.search(r"(http://\S+)/", line)[1]
jar = http.cookiejar.CookieJar()
op = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
page = op.open(base + "/login").read().decode()
token = re.search(r'name="login" value="([^"]+)"', page)[1]
op.open(urllib.request.Request(base + "/login", data=urllib.parse.urlencode(
    {"login": token, "username": "coord13", "password": "f5-memory-drill-2027"}).encode(), headers={"Origin": base}))
def rss():
    for l in open(f"/proc/{server.pid}/status"):
        if l.startswith("VmRSS:"):
            return int(l.split()[1]) // 1024
print(f"start: {rss()} MB")
codes = {}
start = time.time()
next_sample = 30
while time.time() - start < seconds:
    page = op.open(base + "/replan").read().decode()
    csrf = re.search(r'name="csrf" value="([^"]+)"', page)[1]
    try:
        r = op.open(urllib.request.Request(base + "/replan/start", data=urllib.parse.urlencode(
            {"csrf": csrf, "budgets": "0, 5, none"}).encode(), headers={"Origin": base}))
        code = r.status
    except urllib.error.HTTPError as e:
        code = e.code
    codes[code] = codes.get(code, 0) + 1
    if time.time() - start >= next_sample:
        print(f"{int(time.time() - start)} s: {rss()} MB, answers {codes}")
        next_sample += 30
    time.sleep(1)
print(f"end: {rss()} MB, answers {codes}")
server.terminate(); server.wait()
