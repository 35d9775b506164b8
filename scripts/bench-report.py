#!/usr/bin/env python3
"""Fills a Sedia database (made by `sedia import instance` from a national instance) with a synthetic five-year
history for timing `sedia report` (docs/benchmarks.md): 25,000 cases cloned from the instance's, 55 % charged and
registered 2022-2026 (3,060 of 5,519 reported cases were charged, 2018-Jan 2023), 14 court dates each with a share
adjourned, and disposals. Rates other than the charge rate are guesses for load, not published figures.

usage: bench-report.py DB [--cases 25000] [--seed 1]
"""
import argparse, datetime, random, sqlite3

REASONS = ["defence-counsel-absent", "prosecution-witness-absent", "child-unwell", "documents-not-served", "reports-not-ready",
           "interpreter-absent", "court-not-sitting", "accused-absent", "judge-unavailable"]
OUTCOMES = ["convicted", "pleaded-guilty", "acquitted", "dnaa", "daa", "withdrawn"]

def main():
    p = argparse.ArgumentParser()
    p.add_argument("db")
    p.add_argument("--cases", type=int, default=25000)
    p.add_argument("--seed", type=int, default=1)
    a = p.parse_args()
    rnd = random.Random(a.seed)
    db = sqlite3.connect(a.db)
    db.execute("PRAGMA foreign_keys = ON")
    cols = [r[1] for r in db.execute("PRAGMA table_info(case_file)")]
    templates = [dict(zip(cols, r)) for r in db.execute("SELECT * FROM case_file")]
    courts = {}
    for cid, state in db.execute("SELECT id, state FROM court"):
        courts.setdefault(state, []).append(cid)
    start = datetime.date(2022, 1, 1)
    end = datetime.date(2026, 11, 30)
    span = (end - start).days
    pos = db.execute("SELECT max(position) FROM case_file").fetchone()[0] + 1
    events = 0
    with db:
        for n in range(a.cases):
            t = dict(rnd.choice(templates))
            t["id"] = f"H-{n:06d}"
            t["child_ref"] = f"HC-{n:06d}"
            t["position"] = pos + n
            t["prosecutor"] = None
            db.execute(f"INSERT INTO case_file ({','.join(cols)}) VALUES ({','.join('?' * len(cols))})", [t[c] for c in cols])
            if rnd.random() > 0.55 or t["state"] not in courts:
                continue
            reg = start + datetime.timedelta(days=rnd.randrange(span))
            court = rnd.choice(courts[t["state"]])
            db.execute("INSERT INTO case_charge VALUES (?,?,?,?,?,?,?,NULL,'bench','2026-12-01T00:00:00Z')",
                       (t["id"], court, f"{court}-{n}", reg.isoformat(), reg.isoformat(), rnd.choice(["yes", "no", "unknown"]),
                        rnd.choice(["claims-trial", "guilty", "unknown"])))
            day = reg
            steps = ["mention", "mention", "ptc", "case-management", "case-management"] + ["trial"] * 8 + ["decision"]
            for step in steps:
                day = day + datetime.timedelta(days=rnd.randrange(10, 35))
                if day > end:
                    break
                adjourned = rnd.random() < 0.35
                db.execute(
                    "INSERT INTO case_event (case_id, step, on_day, outcome, reason, next_on, recorded_by, recorded_at) VALUES (?,?,?,?,?,?,'bench','x')",
                    (t["id"], step, day.isoformat(), "adjourned" if adjourned else "held", rnd.choice(REASONS) if adjourned else None,
                     None))
                events += 1
            else:
                db.execute("INSERT INTO case_closure VALUES (?, 'disposal', ?, ?, NULL, NULL, 'bench', 'x')",
                           (t["id"], day.isoformat(), rnd.choice(OUTCOMES)))
    cases = db.execute("SELECT count(*) FROM case_file").fetchone()[0]
    print(f"{a.db}: {cases} cases, {db.execute('SELECT count(*) FROM case_charge').fetchone()[0]} registered, {events} court dates added, "
          f"{db.execute('SELECT count(*) FROM case_closure').fetchone()[0]} disposed")

if __name__ == "__main__":
    main()
