#!/usr/bin/python3
"""Mail benchmarks (results in docs/benchmarks-mail.md): run by `make bench-mail`.

1. Throughput: a national-scale instance, a plan applied, every interviewer and psychologist with an address; then
   `sedia mail send` delivers the queued messages to a loopback aiosmtpd server (Tests/mail/smtp_sink.py).
2. Latency: `sedia serve` with its worker; 20 single-booking changes committed one after another (as a form's answer
   does: one write transaction), each timed from the commit's end to the message file the SMTP server wrote.
3. Replan: a second solve with another seed applied over the first; counts messages per person and booking.
Usage: bench-mail.py SEDIA_BINARY WORKDIR
"""
import collections
import json
import os
import socket
import statistics
import subprocess
import sys
import time

SEDIA, WORK = sys.argv[1], sys.argv[2]
HERE = os.path.dirname(os.path.abspath(__file__))
SINK = os.path.join(HERE, "..", "Tests", "mail", "smtp_sink.py")
FROM = "sedia@d11.polis.gov.my"


def sedia(*args, check=True):
    return subprocess.run([SEDIA, *args], check=check, capture_output=True, text=True)


def sink(directory):
    os.makedirs(directory, exist_ok=True)
    process = subprocess.Popen(["/usr/bin/python3", SINK, directory], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    port = int(process.stdout.readline().split()[1])
    return process, port


def files(directory):
    return sorted(f for f in os.listdir(directory) if f.endswith(".eml"))


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


os.makedirs(WORK, exist_ok=True)
db = os.path.join(WORK, "bench.sqlite")
for suffix in ("", "-wal", "-shm"):
    if os.path.exists(db + suffix):
        os.remove(db + suffix)
instance = os.path.join(WORK, "national.json")
sedia("generate", "--scale", "national", "--seed", "1", "--out", instance)
sedia("db", "init", "--db", db)
sedia("import", "instance", instance, "--db", db)
data = json.load(open(instance))
contacts = os.path.join(WORK, "contacts.csv")
with open(contacts, "w") as f:
    f.write("id,email,delivery\n")
    for p in data["interviewers"] + data["psychologists"]:
        f.write("%s,%s@polis.gov.my,\n" % (p["id"], p["id"].lower()))
sedia("import", "contacts", contacts, "--db", db)
plan1 = os.path.join(WORK, "plan1.json")
sedia("solve", instance, "--out", plan1, "--time-limit", "10", "--seed", "1")
print(sedia("apply-plan", plan1, "--db", db).stdout.strip())
queued = json.loads(sedia("mail", "status", "--db", db, "--format", "json", "--limit", "1").stdout)["queued"]

# 1. Throughput.
box = os.path.join(WORK, "sink-throughput")
process, port = sink(box)
start = time.monotonic()
wall = time.time()
result = sedia("mail", "send", "--db", db, "--smtp", "smtp://127.0.0.1:%d?tls=off" % port, "--from", FROM, check=False)
elapsed = time.monotonic() - start
received = len(files(box))
process.stdin.close()
process.wait()
print("throughput: %d queued, %d received in %.1f s (%.0f messages/s); %s" % (queued, received, elapsed, received / elapsed, result.stdout.strip()))
if received >= 1000:
    thousandth = os.path.getmtime(os.path.join(box, files(box)[999]))
    print("throughput: the 1,000th message accepted %.1f s after `sedia mail send` started" % (thousandth - wall))

# 3. Replan (before the latency run, so the outbox holds only the replan's messages).
plan2 = os.path.join(WORK, "plan2.json")
sedia("solve", instance, "--out", plan2, "--time-limit", "10", "--seed", "2")
applied = sedia("apply-plan", plan2, "--db", db).stdout.strip()
status = json.loads(sedia("mail", "status", "--db", db, "--format", "json", "--limit", "100000").stdout)
per = collections.Counter((m["recipient"], m["task"]) for m in status["messages"] if m["status"] == "queued")
print("replan: %s; %d messages queued for %d (person, event) pairs, at most %d per person and event"
      % (applied, sum(per.values()), len(per), max(per.values() or [0])))
box = os.path.join(WORK, "sink-replan")
process, port = sink(box)
sedia("mail", "send", "--db", db, "--smtp", "smtp://127.0.0.1:%d?tls=off" % port, "--from", FROM, check=False)
process.stdin.close()
process.wait()

# 2. Latency through the running server: a fresh database, then 20 interviews of the plan booked one at a time (one
# write transaction each, as the booking form's answer makes), each timed from the commit to the SMTP server's file.
db2 = os.path.join(WORK, "latency.sqlite")
for suffix in ("", "-wal", "-shm"):
    if os.path.exists(db2 + suffix):
        os.remove(db2 + suffix)
sedia("db", "init", "--db", db2)
sedia("import", "instance", instance, "--db", db2)
sedia("import", "contacts", contacts, "--db", db2)
box = os.path.join(WORK, "sink-latency")
process, port = sink(box)
http = free_port()
serve = subprocess.Popen([SEDIA, "serve", "--db", db2, "--port", str(http), "--smtp", "smtp://127.0.0.1:%d?tls=off" % port, "--from", FROM],
                         stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
serve.stdout.readline()
plan = json.load(open(plan2))
latencies = []
for booking in plan["interviews"][:20]:
    one = dict(plan)
    one["interviews"] = [booking]
    one["hearings"] = []
    one["unassigned"] = []
    path = os.path.join(WORK, "one.json")
    json.dump(one, open(path, "w"))
    expected = len(files(box)) + (2 if booking.get("psychologist") else 1)
    sedia("apply-plan", path, "--db", db2)
    committed = time.monotonic()
    deadline = committed + 120
    while len(files(box)) < expected and time.monotonic() < deadline:
        time.sleep(0.01)
    latencies.append(time.monotonic() - committed)
serve.terminate()
serve.wait()
process.stdin.close()
process.wait()
print("latency: commit to accepted message, %d bookings: median %.2f s, worst %.2f s (hold 2 s)"
      % (len(latencies), statistics.median(latencies), max(latencies)))
