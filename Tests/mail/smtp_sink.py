#!/usr/bin/python3
"""A real SMTP server on loopback for Sedia's mail tests (aiosmtpd, Debian's python3-aiosmtpd).

Usage: smtp_sink.py DIR [--port N] [--down]
Binds 127.0.0.1 (port N, or port 0: a free one chosen by the kernel, never probed and re-bound), prints "PORT <n>" on
stdout, and writes every message it accepts to DIR/<n>.eml (then prints "RECEIVED <n>.eml") (written to a temporary
name, then renamed, so a reader never sees half a message).

With --down the port is bound but not listening: a client is refused, as by a mail server that is down, and no other
program can take the port. A line "UP" on standard input starts listening on the same socket (then "LISTENING" on
stdout). Standard input closing (the test stopping it, or dying) stops the server; so do SIGTERM and SIGINT.

Answers can be steered with DIR/control: a line "4xx" or "5xx" makes the server refuse the next DATA with 451 or 554;
"4xx once" refuses one message and then removes the line. Without the file every message is accepted with 250.
"""
import argparse
import asyncio
import os
import signal
import socket
import sys

from aiosmtpd.smtp import SMTP


class Sink:
    def __init__(self, directory):
        self.directory = directory
        self.count = 0

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
        # One event loop on one thread: the count needs no lock.
        self.count += 1
        name = os.path.join(self.directory, "%06d.eml" % self.count)
        tmp = name + ".tmp"
        with open(tmp, "wb") as f:
            f.write(b"X-Sink-Rcpt: " + ",".join(envelope.rcpt_tos).encode() + b"\r\n")
            f.write(envelope.original_content or envelope.content)
        os.rename(tmp, name)
        # The test waits on this line, not on the directory.
        print("RECEIVED %s" % os.path.basename(name), flush=True)
        return "250 2.0.0 OK"


async def serve(directory, port, down):
    loop = asyncio.get_running_loop()
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.bind(("127.0.0.1", port))
    sink = Sink(directory)
    servers = []

    async def listen():
        # create_server listens on the socket bound above: the port never changes hands.
        servers.append(
            await loop.create_server(
                lambda: SMTP(sink, hostname="sink.test", decode_data=False, data_size_limit=10_000_000), sock=sock
            )
        )

    if not down:
        await listen()
    print("PORT %d" % sock.getsockname()[1], flush=True)

    stop = asyncio.Event()
    for sig in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(sig, stop.set)
    reader = asyncio.StreamReader()
    await loop.connect_read_pipe(lambda: asyncio.StreamReaderProtocol(reader), sys.stdin)

    async def commands():
        while True:
            line = await reader.readline()
            if not line:
                break
            if line.strip() == b"UP" and not servers:
                await listen()
                print("LISTENING", flush=True)
        stop.set()

    task = asyncio.create_task(commands())
    await stop.wait()
    task.cancel()
    for server in servers:
        server.close()
        await server.wait_closed()
    if not servers:
        sock.close()


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("directory")
    parser.add_argument("--port", type=int, default=0)
    parser.add_argument("--down", action="store_true")
    args = parser.parse_args()
    asyncio.run(serve(args.directory, args.port, args.down))


if __name__ == "__main__":
    main()
