#!/usr/bin/env python3
"""Speed of a case's year at national size (issue 21, "Speed"; results in docs/benchmarks-app.md).

    scripts/bench-case-year.py SEDIA [--instance ../shared/instances/national-s1-250km.json] [--db DB] [--duration 10]
                               [--parts pages,events,booking] [--port 18090]

Builds the database unless --db names one that exists (then it is reused as it is):
  1. `sedia db init`, `sedia import instance` (national: 2,500 cases), `sedia solve --time-limit 10`, `sedia apply-plan`;
  2. `sedia generate --history 5` on those cases (the published rates, docs/app.md);
  3. scripts/bench-report.py: 25,000 more cases with a five-year history (55 % charged, 14 court dates each, a third
     adjourned, disposals). Those clones are made to look like old cases: their interview was held (a month before
     registration), a case never charged was closed (no further action) two months after its report, and a case still
     pending in court has its trial to book (the court's 12 months from registration; planner load like the real one).
Then starts `sedia serve` on loopback and measures, with Python threads (http.client; the client's own time is in the
figures, about 1 ms a request):
  pages   the Reports page (a national and a state coordinator) and the case page with the longest timeline, 8 clients
          each, --duration seconds;
  events  recording a court date ("mention held" today, the court-date form as an admin) with 16 writers, each on its
          own cases; the case page is read first for its revision (not timed), the POST → 303 is timed;
  booking the booking write path: for 20 booked interviews, find a slot (not timed), then book its first option as a
          move (the POST → 303 is timed; every booking reloads and checks the national plan in its transaction), one
          client, then 4 at once.
Prints p50, p99 and max per measure. Python standard library only.
"""
import argparse
import datetime
import html
import http.client
import os
import re
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time

PASSWORD = "Bench-case-year-2026"
HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
from benchweb import Client, hidden  # noqa: E402  (the web benchmarks' one client, beside this script)


def session(port, username):
    """A client of scripts/benchweb.py signed in as `username` (every bench user has PASSWORD)."""
    return Client(f"http://127.0.0.1:{port}").sign_in(username, PASSWORD)


def run(cmd, stdin=None):
    began = time.perf_counter()
    subprocess.run(cmd, input=stdin, text=True, check=True, stdout=subprocess.DEVNULL)
    print(f"  {' '.join(os.path.basename(c) if i == 0 else c for i, c in enumerate(cmd))}: {time.perf_counter() - began:.1f} s", flush=True)


def today():
    return (datetime.datetime.now(datetime.timezone.utc) + datetime.timedelta(hours=8)).date()


def build(sedia, db, instance, work):
    print("== database", flush=True)
    run([sedia, "db", "init", "--db", db])
    run([sedia, "import", "instance", instance, "--db", db])
    plan = os.path.join(work, "plan.json")
    run([sedia, "solve", instance, "--out", plan, "--time-limit", "10"])
    run([sedia, "apply-plan", plan, "--db", db])
    run([sedia, "generate", "--history", "5", "--db", db])
    run([sys.executable, os.path.join(HERE, "bench-report.py"), db])
    now = today()
    sql = sqlite3.connect(db)
    with sql:
        clones = sql.execute(
            "SELECT c.id, ch.registered_on, ch.court, cl.case_id IS NOT NULL FROM case_file c LEFT JOIN case_charge ch ON ch.case_id = c.id "
            "LEFT JOIN case_closure cl ON cl.case_id = c.id WHERE c.id LIKE 'H-%'").fetchall()
        for n, (cid, registered, court, closed) in enumerate(clones):
            if registered:
                reported = datetime.date.fromisoformat(registered) - datetime.timedelta(days=30)
            else:
                reported = datetime.date(2022, 1, 1) + datetime.timedelta(days=(n * 7919) % 1790)
            sql.execute(
                "UPDATE case_file SET interview_minutes = NULL, interview_earliest = NULL, interview_target_by = NULL, interview_done_on = ?, "
                "reported_on = ? WHERE id = ?", (reported.isoformat(), reported.isoformat(), cid))
            if registered and not closed:
                reg = datetime.date.fromisoformat(registered)
                deadline = reg.replace(year=reg.year + 1) if not (reg.month == 2 and reg.day == 29) else datetime.date(reg.year + 1, 3, 1)
                earliest = min(max(reg, now), deadline)
                sql.execute(
                    "UPDATE case_file SET hearing_court = ?, hearing_registered_on = ?, hearing_deadline = ?, hearing_days = 2, hearing_earliest = ?, "
                    "hearing_needs_video_link = 0, hearing_needs_psychologist = 0 WHERE id = ?",
                    (court, registered, deadline.isoformat(), earliest.isoformat(), cid))
            elif not registered:
                closed_on = min(reported + datetime.timedelta(days=60), now)
                sql.execute(
                    "UPDATE case_file SET hearing_court = NULL, hearing_registered_on = NULL, hearing_deadline = NULL, hearing_days = NULL, "
                    "hearing_earliest = NULL, hearing_needs_video_link = NULL, hearing_needs_psychologist = NULL WHERE id = ?", (cid,))
                sql.execute("INSERT INTO case_closure VALUES (?, 'closed', ?, 'no-further-action', 'bench', NULL, 'bench', 'x')",
                            (cid, closed_on.isoformat()))
    counts = {t: sql.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in ["case_file", "case_charge", "case_event", "case_closure"]}
    open_cases = sql.execute("SELECT count(*) FROM case_file WHERE id NOT IN (SELECT case_id FROM case_closure)").fetchone()[0]
    print(f"  {counts['case_file']} cases ({open_cases} open), {counts['case_charge']} registered, {counts['case_event']} events, "
          f"{counts['case_closure']} ended", flush=True)
    sql.close()
    for username, role in [("bench-nat", "coordinator"), ("bench-admin", "admin")]:
        run([sedia, "user", "add", "--db", db, "--username", username, "--role", role, "--password-stdin"], stdin=PASSWORD + "\n")
    run([sedia, "user", "add", "--db", db, "--username", "bench-state", "--role", "coordinator", "--state", "MY-10", "--password-stdin"],
        stdin=PASSWORD + "\n")


def percentiles(samples):
    s = sorted(samples)
    pick = lambda q: s[min(len(s) - 1, max(0, int(round(q * len(s) + 0.5)) - 1))]  # noqa: E731
    return f"p50 {pick(0.5) * 1000:.1f} ms, p99 {pick(0.99) * 1000:.1f} ms, max {s[-1] * 1000:.1f} ms ({len(s)} requests)"


def load(port, username, clients, duration, step):
    """`clients` threads, each signed in as `username`, call step(client, index) until `duration` seconds have passed;
    step returns the seconds of its timed part (or None). Returns every timed sample and the errors."""
    sessions = [session(port, username) for _ in range(clients)]
    samples, errors, lock = [], [], threading.Lock()
    stop = time.perf_counter() + duration

    def worker(i):
        n = 0
        while time.perf_counter() < stop:
            try:
                took = step(sessions[i], i, n)
            except Exception as error:  # noqa: BLE001 - counted and shown, the run goes on
                with lock:
                    errors.append(repr(error))
                continue
            n += 1
            if took is not None:
                with lock:
                    samples.append(took)

    threads = [threading.Thread(target=worker, args=(i,)) for i in range(clients)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return samples, errors


def timed_get(path):
    def step(c, i, n):
        t0 = time.perf_counter()
        status, _, _ = c.request("GET", path)
        took = time.perf_counter() - t0
        if status != 200:
            raise RuntimeError(f"GET {path}: {status}")
        return took
    return step


def pages(port, db, duration):
    sql = sqlite3.connect(db)
    longest = sql.execute(
        "SELECT e.case_id, count(*) n FROM case_event e WHERE e.case_id NOT IN (SELECT case_id FROM case_closure) GROUP BY e.case_id "
        "ORDER BY n DESC LIMIT 1").fetchone()
    sql.close()
    now = today()
    period = f"from={now.replace(month=1, day=1).isoformat()}&to={now.isoformat()}"
    print(f"== pages, 8 clients, {duration} s each (case {longest[0]}: {longest[1]} events in its timeline)", flush=True)
    for who, path in [("bench-nat", f"/reports?{period}"), ("bench-state", f"/reports?{period}"), ("bench-nat", f"/cases/{longest[0]}"),
                      ("bench-nat", "/cases/K-2027-0001")]:
        samples, errors = load(port, who, 8, duration, timed_get(path))
        print(f"  {path} as {who}: {percentiles(samples) if samples else '-'}{f'; {len(errors)} errors: {errors[:2]}' if errors else ''}",
              flush=True)


def events(port, db, duration):
    sql = sqlite3.connect(db)
    cases = [r[0] for r in sql.execute(
        "SELECT ch.case_id FROM case_charge ch WHERE ch.case_id NOT IN (SELECT case_id FROM case_closure) AND ch.registered_on <= ? "
        "AND coalesce((SELECT max(on_day) FROM case_event e WHERE e.case_id = ch.case_id), '') <= ? ORDER BY ch.case_id LIMIT 640",
        (today().isoformat(), today().isoformat()))]
    sql.close()
    writers = 16
    per = [cases[i::writers] for i in range(writers)]
    on = today().isoformat()

    def step(c, i, n):
        case = per[i][n % len(per[i])]
        status, _, page = c.request("GET", f"/cases/{case}")
        if status != 200:
            raise RuntimeError(f"GET /cases/{case}: {status}")
        form = {"csrf": hidden(page, "csrf"), "revision": hidden(page, "revision"), "step": "mention", "on": on, "outcome": "held"}
        t0 = time.perf_counter()
        status, _, body = c.request("POST", f"/cases/{case}/court-date", form)
        took = time.perf_counter() - t0
        if status != 303:
            raise RuntimeError(f"POST court-date {case}: {status} {re.sub(r'<[^>]+>', ' ', body)[:300]}")
        return took

    print(f"== recording a court date, {writers} writers, {duration} s ({len(cases)} cases)", flush=True)
    samples, errors = load(port, "bench-admin", writers, duration, step)
    print(f"  POST /cases/ID/court-date: {percentiles(samples) if samples else '-'}{f'; {len(errors)} errors: {errors[:2]}' if errors else ''}",
          flush=True)


def booking(port, db):
    sql = sqlite3.connect(db)
    cases = [r[0] for r in sql.execute(
        "SELECT b.case_id FROM interview_booking b JOIN case_file c ON c.id = b.case_id WHERE b.pinned = 0 ORDER BY c.position LIMIT 40")]
    sql.close()

    def book(c, case):
        status, _, page = c.request("GET", f"/cases/{case}/slots?task=interview")
        if status != 200:
            raise RuntimeError(f"GET slots {case}: {status}")
        m = re.search(r'<form method="post" action="/cases/[^"]+/book">(.*?)</form>', page, re.S)
        if not m:
            return None
        form = {k: html.unescape(v) for k, v in re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)"', m.group(1))}
        form["reason"] = "bench: booking write path"
        t0 = time.perf_counter()
        status, _, body = c.request("POST", f"/cases/{case}/book", form)
        took = time.perf_counter() - t0
        if status != 303:
            raise RuntimeError(f"POST book {case}: {status} {re.sub(r'<[^>]+>', ' ', body)[:300]}")
        return took

    print("== booking write path (a move to find-a-slot's first option)", flush=True)
    c = session(port, "bench-nat")
    samples = [t for t in (book(c, case) for case in cases[:20]) if t is not None]
    print(f"  1 client, POST /cases/ID/book: {percentiles(samples) if samples else '-'}", flush=True)
    sessions = [session(port, "bench-nat") for _ in range(4)]
    samples, errors, lock = [], [], threading.Lock()

    def worker(i):
        for case in cases[20 + i::4]:
            try:
                took = book(sessions[i], case)
            except Exception as error:  # noqa: BLE001
                with lock:
                    errors.append(repr(error))
                continue
            if took is not None:
                with lock:
                    samples.append(took)

    threads = [threading.Thread(target=worker, args=(i,)) for i in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    print(f"  4 clients, POST /cases/ID/book: {percentiles(samples) if samples else '-'}{f'; {len(errors)} errors: {errors[:2]}' if errors else ''}",
          flush=True)


def main():
    p = argparse.ArgumentParser()
    p.add_argument("sedia")
    p.add_argument("--instance", default=os.path.join(HERE, "..", "..", "shared", "instances", "national-s1-250km.json"))
    p.add_argument("--db", default=None, help="reuse this database when it exists, else build it here")
    p.add_argument("--duration", type=float, default=10)
    p.add_argument("--parts", default="pages,events,booking")
    p.add_argument("--port", type=int, default=18090)
    a = p.parse_args()
    sedia = os.path.abspath(a.sedia)
    work = tempfile.mkdtemp(prefix="sedia-bench-year-")
    db = a.db or os.path.join(work, "sedia.sqlite")
    if not os.path.exists(db):
        build(sedia, db, os.path.abspath(a.instance), work)
    server = subprocess.Popen([sedia, "serve", "--db", db, "--port", str(a.port)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        began = time.perf_counter()
        while True:
            try:
                conn = http.client.HTTPConnection("127.0.0.1", a.port, timeout=5)
                conn.request("GET", "/healthz")
                if conn.getresponse().status == 200:
                    break
            except OSError:
                pass
            if server.poll() is not None:
                sys.exit("sedia serve stopped")
            time.sleep(0.05)
        print(f"== server up in {time.perf_counter() - began:.1f} s; first page (loads the snapshot):", end=" ", flush=True)
        c = session(a.port, "bench-nat")
        t0 = time.perf_counter()
        c.request("GET", "/cases")
        print(f"{time.perf_counter() - t0:.2f} s", flush=True)
        parts = a.parts.split(",")
        if "pages" in parts:
            pages(a.port, db, a.duration)
        if "events" in parts:
            events(a.port, db, a.duration)
        if "booking" in parts:
            booking(a.port, db)
    finally:
        server.terminate()
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()
    print(f"database: {db}")


if __name__ == "__main__":
    main()
