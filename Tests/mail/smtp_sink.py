#!/usr/bin/python3
"""A real SMTP server on loopback for Sedia's mail tests (aiosmtpd, Debian's python3-aiosmtpd).

Usage: smtp_sink.py DIR [--port N]
Listens on 127.0.0.1 (port N, or a free one), prints "PORT <n>" on stdout once listening, and writes every message it
accepts to DIR/<n>.eml (then prints "RECEIVED <n>.eml") (written to a temporary name, then renamed, so a reader never sees half a message).
Answers can be steered with DIR/control: a line "4xx" or "5xx" makes the server refuse the next DATA with 451 or 554;
"4xx once" refuses one message and then removes the line. Without the file every message is accepted with 250.
"""
import argparse
import asyncio
import os
import signal
import socket
import sys
import threading

from aiosmtpd.controller import Controller


class Sink:
    def __init__(self, directory):
        self.directory = directory
        self.count = 0
        self.lock = threading.Lock()

    def control(self):
        path = os.path.join(self.directory, "control")
        try:
            with open(path) as f:
                line = f.read().strip()
        except FileNotFoundError:
            return None
        if line.endswith(" once"):
            os.remove(path)
            line = line[: -len(" once")]
        return line or None

    async def handle_DATA(self, server, session, envelope):
        answer = self.control()
        if answer == "4xx":
            return "451 4.3.0 Try again later (test sink)"
        if answer == "5xx":
            return "554 5.7.1 Refused (test sink)"
        with self.lock:
            self.count += 1
            n = self.count
        name = os.path.join(self.directory, "%06d.eml" % n)
        tmp = name + ".tmp"
        with open(tmp, "wb") as f:
            f.write(b"X-Sink-Rcpt: " + ",".join(envelope.rcpt_tos).encode() + b"\r\n")
            f.write(envelope.original_content or envelope.content)
        os.rename(tmp, name)
        # The test waits on this line, not on the directory.
        print("RECEIVED %s" % os.path.basename(name), flush=True)
        return "250 2.0.0 OK"


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("directory")
    parser.add_argument("--port", type=int, default=0)
    args = parser.parse_args()
    port = args.port
    if port == 0:
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            port = s.getsockname()[1]
    controller = Controller(Sink(args.directory), hostname="127.0.0.1", port=port, decode_data=False, data_size_limit=10_000_000)
    controller.start()
    print("PORT %d" % port, flush=True)
    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    signal.signal(signal.SIGINT, lambda *_: stop.set())
    # Also stop when the parent (the test) closes our stdin or dies.
    threading.Thread(target=lambda: (sys.stdin.read(), stop.set()), daemon=True).start()
    stop.wait()
    controller.stop()


if __name__ == "__main__":
    main()
