#!/usr/bin/env python3
"""Compare Sedia's working calendars with the python-holidays package, state by state and day by day.

For every state MY-01 ... MY-16 and every year checked, the days `sedia calendar --format json` marks as a holiday or a
replacement day are compared with the days python-holidays lists for that subdivision (its observed days included).
Every disagreement is printed. A disagreement listed in calendars/DIFFERENCES.md (with the source that decides it) is
accepted; any other one, or a listed one that no longer happens, fails the check.

Exit status: 0 no undocumented disagreement, 1 an undocumented or stale one, 2 the check could not run.
Run it through `make check-holidays`, which builds sedia and installs the pinned package into a virtualenv.
"""

import argparse
import json
import os
import re
import subprocess
import sys
from datetime import date

# The reference is pinned: a new release may change dates, and such a change is reviewed, not picked up silently.
HOLIDAYS_VERSION = "0.109"
STATES = [f"MY-{n:02d}" for n in range(1, 17)]


def fail_setup(message):
    print(f"check-holidays: {message}", file=sys.stderr)
    sys.exit(2)


def load_reference():
    try:
        import holidays  # noqa: PLC0415 (imported here so a missing package gets a clear message)
    except ImportError:
        fail_setup(
            f"the python package holidays=={HOLIDAYS_VERSION} is not installed for {sys.executable}; "
            "run `make check-holidays`, which installs it into .build/holidays-venv"
        )
    if holidays.__version__ != HOLIDAYS_VERSION:
        fail_setup(f"holidays {holidays.__version__} is installed, the check is pinned to {HOLIDAYS_VERSION}; run `make check-holidays`")
    return holidays


def sedia_days(sedia, state, first_year, last_year, home):
    """{date: (kind, name)} for every holiday and replacement day `sedia calendar` computes."""
    command = [sedia, "calendar", "--state", state, "--from", f"{first_year}-01-01", "--to", f"{last_year}-12-31", "--format", "json"]
    command += home
    try:
        result = subprocess.run(command, capture_output=True, text=True, check=False)
    except OSError as error:
        fail_setup(f"cannot run {sedia}: {error} (build it with `swift build`)")
    if result.returncode != 0:
        fail_setup(f"`{' '.join(command)}` exited {result.returncode}:\n{result.stderr.strip()}")
    try:
        rows = json.loads(result.stdout)
    except json.JSONDecodeError as error:
        fail_setup(f"`{' '.join(command)}` did not print JSON: {error}")
    out = {}
    for row in rows:
        for field in ("date", "weekday", "kind", "name", "projected", "source"):
            if field not in row:
                fail_setup(f"sedia calendar JSON row without `{field}`: {row}")
        if row["kind"] in ("holiday", "replacement"):
            out[date.fromisoformat(row["date"])] = (row["kind"], row["name"], row["projected"])
    return out


def reference_days(holidays, state, first_year, last_year):
    """{date: name} python-holidays gives for the subdivision, observed (replacement) days included."""
    calendar = holidays.country_holidays("MY", subdiv=state[3:], years=range(first_year, last_year + 1), language="en_US")
    return {d: name for d, name in calendar.items()}


ROW = re.compile(r"^\|\s*(?P<states>[^|]+?)\s*\|\s*(?P<date>\d{4}-\d{2}-\d{2})\s*\|\s*(?P<side>sedia only|holidays only)\s*\|(?P<rest>.*)\|\s*$")


def load_differences(path):
    """{(state, date, side): line number} from the table rows of DIFFERENCES.md."""
    listed = {}
    try:
        with open(path, encoding="utf-8") as f:
            lines = f.readlines()
    except OSError as error:
        fail_setup(f"cannot read {path}: {error}")
    for number, line in enumerate(lines, start=1):
        m = ROW.match(line.strip())
        if not m:
            continue
        cells = [c.strip() for c in m.group("rest").split("|")]
        if not cells or not cells[-1]:
            fail_setup(f"{path}:{number}: a listed difference needs the source that decides it in its last column")
        states = [s.strip() for s in m.group("states").split(",")]
        if states == ["*"]:
            states = STATES
        for s in states:
            if s not in STATES:
                fail_setup(f"{path}:{number}: unknown state {s!r} (expected MY-01 ... MY-16, a comma-separated list, or *)")
            listed[(s, date.fromisoformat(m.group("date")), m.group("side"))] = number
    return listed


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sedia", required=True, help="the sedia executable")
    parser.add_argument("--calendars", default="calendars", help="calendar directory (default: calendars)")
    parser.add_argument("--rules", default="rules", help="rule directory (default: rules)")
    parser.add_argument("--differences", default=None, help="documented differences (default: CALENDARS/DIFFERENCES.md)")
    parser.add_argument("--years", default="2025-2028", help="first-last year to compare (default: 2025-2028)")
    args = parser.parse_args()
    m = re.fullmatch(r"(\d{4})-(\d{4})", args.years)
    if not m or int(m.group(1)) > int(m.group(2)):
        fail_setup(f"--years: expected FIRST-LAST such as 2025-2028, got {args.years!r}")
    first, last = int(m.group(1)), int(m.group(2))
    differences = args.differences or os.path.join(args.calendars, "DIFFERENCES.md")
    holidays = load_reference()
    listed = load_differences(differences)
    home = ["--calendars", args.calendars, "--rules", args.rules]

    found = set()
    undocumented = 0
    for state in STATES:
        ours = sedia_days(args.sedia, state, first, last, home)
        theirs = reference_days(holidays, state, first, last)
        for d in sorted(set(ours) | set(theirs)):
            if d in ours and d in theirs:
                continue
            side = "sedia only" if d in ours else "holidays only"
            key = (state, d, side)
            found.add(key)
            if d in ours:
                kind, name, projected = ours[d]
                what = f"sedia: {kind} {name}" + (" (projected)" if projected else "")
            else:
                what = f"holidays: {theirs[d]}"
            documented = key in listed
            if not documented:
                undocumented += 1
            mark = f"documented ({differences}:{listed[key]})" if documented else "UNDOCUMENTED"
            print(f"{state} {d} {d.strftime('%a')}  {side:13}  {what}  [{mark}]")
    stale = sorted(k for k in listed if k not in found and first <= k[1].year <= last)
    for state, d, side in stale:
        print(f"{state} {d}  {side}: listed in {differences}:{listed[(state, d, side)]} but no longer a disagreement [STALE]")
    total = len(found)
    print(f"\n{total} disagreements with python-holidays {HOLIDAYS_VERSION} for {first}-{last}: "
          f"{total - undocumented} documented, {undocumented} undocumented, {len(stale)} stale entries")
    if undocumented or stale:
        print(f"check-holidays: FAILED: correct the calendar data or list each disagreement in {differences} with its source",
              file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
