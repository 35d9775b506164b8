#!/usr/bin/env python3
"""Time a replan (or, with --whatif, a what-if question) from the web, as a coordinator would see it (used by
scripts/bench-app.sh).

    scripts/bench-replan.py BASE_URL USERNAME PASSWORD [--runs N] [--scope SCOPE] [--poll 0.1] [--whatif "SPEC SPEC"]

With --whatif the specs (as `sedia whatif --change`) are asked as "what would these changes do?" through
POST /whatif/start, and the run ends when the answer's table is shown.

Signs in, opens /replan (its csrf hidden field), POSTs /replan/start with the default budgets (the form's own
`budgets` value), follows the 303 to /replan?job=ID and asks for that page every --poll seconds until it has no
refresh meta and shows "See the moves" (the proposal). Prints, per run, the time from sending the POST to the 303
and to the proposal being shown. Python standard library only.
"""
import argparse
import html
import os
import re
import sys
import time
import urllib.parse

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from benchweb import Client, hidden  # noqa: E402  (the shared client, beside this script)


def follow(c, path, shown, poll):
    """Asks for the job's page every `poll` seconds until it no longer refreshes itself and shows `shown`."""
    polls = 0
    while True:
        status, _, page = c.request("GET", path)
        polls += 1
        if status != 200:
            sys.exit(f"GET {path}: status {status}")
        if 'http-equiv="refresh"' not in page and shown in page:
            return page, polls
        if 'http-equiv="refresh"' not in page:
            sys.exit(f"GET {path}: neither running nor done:\n{page[:2000]}")
        time.sleep(poll)


def main():
    p = argparse.ArgumentParser()
    p.add_argument("base")
    p.add_argument("username")
    p.add_argument("password")
    p.add_argument("--runs", type=int, default=3)
    p.add_argument("--scope", default=None, help="form field scope (national coordinators: * = every state)")
    p.add_argument("--poll", type=float, default=0.1)
    p.add_argument("--whatif", default=None, help="time a what-if question with these changes instead of a replan")
    a = p.parse_args()

    c = Client(a.base, timeout=60).sign_in(a.username, a.password)
    totals = []
    if a.whatif is not None:
        return whatif(c, a)
    for run in range(1, a.runs + 1):
        status, _, form_page = c.request("GET", "/replan")
        if status != 200:
            sys.exit(f"GET /replan: status {status}: {re.sub(r'<[^>]+>', ' ', form_page)[-600:]}")
        form = {"csrf": hidden(form_page, "csrf"), "budgets": hidden_budgets(form_page)}
        if a.scope is not None:
            form["scope"] = a.scope
        t0 = time.perf_counter()
        status, location, _ = c.request("POST", "/replan/start", form)
        t_start = time.perf_counter() - t0
        if status != 303 or not location:
            sys.exit(f"POST /replan/start: status {status}")
        path = urllib.parse.urlsplit(location).path + ("?" + urllib.parse.urlsplit(location).query if "?" in location else "")
        page, polls = follow(c, path, "See the moves", a.poll)
        total = time.perf_counter() - t0
        totals.append(total)
        budgets = re.findall(r'<tr[^>]*><th scope="row">([^<]*)</th><td>(\d+)</td><td>(\d+)</td><td>(\d+)</td>', page)
        curve = ", ".join(f"{b}: {m} moves/{late} late" for b, m, _, late in budgets)
        print(f"run {run}: POST→303 {t_start * 1000:.0f} ms; POST→proposal shown {total:.2f} s ({polls} polls) [{curve}]", flush=True)
    print(f"proposal shown after: min {min(totals):.2f} s, max {max(totals):.2f} s over {len(totals)} run(s)")


def whatif(c, a):
    totals = []
    for run in range(1, a.runs + 1):
        status, _, form_page = c.request("GET", "/whatif?" + urllib.parse.urlencode({"changes": a.whatif}))
        if status != 200:
            sys.exit(f"GET /whatif: status {status}: {re.sub(r'<[^>]+>', ' ', form_page)[-600:]}")
        t0 = time.perf_counter()
        status, location, _ = c.request("POST", "/whatif/start", {"csrf": hidden(form_page, "csrf"), "changes": a.whatif, "mode": "compare"})
        t_start = time.perf_counter() - t0
        if status != 303 or not location:
            sys.exit(f"POST /whatif/start: status {status}")
        path = urllib.parse.urlsplit(location).path + "?" + urllib.parse.urlsplit(location).query
        page, polls = follow(c, path, "As it is", a.poll)
        total = time.perf_counter() - t0
        totals.append(total)
        rows = re.findall(r'<tr><th scope="row">([^<]*)</th><td>([^<]*)</td><td>([^<]*)</td>', page)
        shown = "; ".join(f"{name}: {before} → {after}" for name, before, after in rows[:4])
        print(f"run {run}: POST→303 {t_start * 1000:.0f} ms; POST→answer shown {total:.2f} s ({polls} polls) [{shown}]", flush=True)
    print(f"answer shown after: min {min(totals):.2f} s, max {max(totals):.2f} s over {len(totals)} run(s)")


def hidden_budgets(page):
    m = re.search(r'name="budgets"[^>]*value="([^"]*)"', page)
    return html.unescape(m.group(1)) if m else "0, 5, 10, 25, 50, 100, none"


if __name__ == "__main__":
    main()
