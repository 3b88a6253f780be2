#!/usr/bin/env python3
"""Measure the desk's fan-out on loopback: one `tickwire collect --bus`
and N headless followers (`snapshot --bus --follow`) on a local
`nats-server -js`, a local feed we change, and the feed's request count.

    python3 scripts/bus_fanout.py [--bin target/debug/tickwire]
                                  [--followers 1,10,50] [--changes 20]

For each follower count: start everything, wait until every follower has
the first headline, then add a headline to the feed `--changes` times
(each at a random point of the 1 s poll interval, once every follower has
the previous one) and record:
  change -> every follower  per change, until the last follower printed it
                            (the poll interval included)
  published -> received     per delivery, the collector's receipt (the
                            event's `at`) to a follower printing it: the bus
and the feed's requests per second over the run, which must not grow
with the number of followers. Prints one summary line per count.
"""

import argparse
import contextlib
import http.server
import json
import os
import random
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from datetime import datetime


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def parse_time(text):
    # RFC 3339 with nanoseconds: keep microseconds.
    head, _, frac = text.rstrip("Z").partition(".")
    return datetime.fromisoformat(head + "." + (frac + "000000")[:6] + "+00:00").timestamp()


def serve(respond):
    """A local HTTP server on a free port, in a thread: `respond(request)`
    gives (status, [(header, value)], body) for each GET."""

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self):
            status, headers, body = respond(self)
            self.send_response(status)
            for name, value in headers:
                self.send_header(name, value)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


class Feed:
    def __init__(self):
        self.titles = ["Story 0"]
        self.hits = 0
        self.lock = threading.Lock()
        self.server = serve(self.respond)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/feed.xml"

    def respond(self, _request):
        with self.lock:
            self.hits += 1
            items = "".join(f"<item><title>{t}</title><guid>{t}</guid></item>" for t in self.titles)
        body = (
            '<?xml version="1.0"?><rss version="2.0"><channel><title>Bench</title>'
            f"<link>http://127.0.0.1/</link><description>b</description>{items}"
            "</channel></rss>"
        ).encode()
        return 200, [("Content-Type", "application/rss+xml")], body

    def add(self, title):
        with self.lock:
            self.titles.append(title)
        return time.time()


class Follower:
    def __init__(self, cmd):
        self.proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
        self.seen = {}  # title -> (received, published)
        self.cond = threading.Condition()
        threading.Thread(target=self.read, daemon=True).start()

    def read(self):
        for line in self.proc.stdout:
            event = json.loads(line).get("event")
            if not event or event["type"] != "headlines":
                continue
            received = parse_time(json.loads(line)["received"])
            with self.cond:
                for h in event["headlines"]:
                    self.seen.setdefault(h["title"], (received, parse_time(event["at"])))
                self.cond.notify_all()

    def wait(self, title, deadline):
        with self.cond:
            while title not in self.seen:
                left = deadline - time.time()
                if left <= 0:
                    raise SystemExit(f"a follower never received {title!r}")
                self.cond.wait(left)
            return self.seen[title]


def percentile(values, p):
    values = sorted(values)
    return values[min(len(values) - 1, int(round(p / 100 * (len(values) - 1))))]


def start_nats(nats_bin, work):
    """`nats-server -js` on a free loopback port, storing in `work`, once it
    listens: (process, url)."""
    port = free_port()
    nats = subprocess.Popen(
        [nats_bin, "-js", "-a", "127.0.0.1", "-p", str(port), "-sd", os.path.join(work, "js")],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.time() + 10
    while True:
        try:
            socket.create_connection(("127.0.0.1", port), 0.2).close()
            return nats, f"nats://127.0.0.1:{port}"
        except OSError:
            if time.time() > deadline:
                nats.terminate()
                raise SystemExit("nats-server never listened")
            time.sleep(0.05)


@contextlib.contextmanager
def desk(nats_bin, every, feeds):
    """A temp dir, a nats-server storing in it, and a config polling
    `feeds` [(name, url)] every `every`: (work dir, bus URL, config, a list
    of processes). On the way out the processes, the server and the dir go."""
    work = tempfile.mkdtemp(prefix="tickwire-desk-")
    nats, url = start_nats(nats_bin, work)
    procs = []
    try:
        config = os.path.join(work, "config.toml")
        with open(config, "w") as f:
            f.write(
                f'[refresh]\nfeeds = "{every}"\n[watchlist]\nsymbols = []\n'
                '[quotes.coinbase]\nenabled = false\n[bus]\ndesk = "bench"\n'
            )
            for name, feed_url in feeds:
                f.write(f'[[feeds]]\nname = "{name}"\nurl = "{feed_url}"\n')
        yield work, url, config, procs
    finally:
        for p in procs:
            if p.poll() is None:
                p.terminate()
        for p in procs:
            p.wait()
        nats.terminate()
        nats.wait()
        shutil.rmtree(work, ignore_errors=True)


def run(binary, followers, changes, nats_bin):
    feed = Feed()
    with desk(nats_bin, "1s", [("Bench", feed.url)]) as (work, url, config, procs):

        def tickwire(data, *args):
            return [binary, "--config", config, "--data-dir", os.path.join(work, data), *args]

        procs.append(subprocess.Popen(tickwire("collector", "collect", "--bus", url),
                                      stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL))
        fs = [Follower(tickwire(f"f{i}", "snapshot", "--bus", url, "--follow")) for i in range(followers)]
        procs.extend(f.proc for f in fs)
        for f in fs:
            f.wait("Story 0", time.time() + 60)
        hits0, t0 = feed.hits, time.time()
        every, bus = [], []
        for n in range(1, changes + 1):
            # At a random point of the poll interval, as news comes.
            time.sleep(random.uniform(0, 1))
            title = f"Story {n}"
            changed = feed.add(title)
            last = 0
            for f in fs:
                received, published = f.wait(title, time.time() + 30)
                last = max(last, received - changed)
                bus.append(received - published)
            every.append(last)
        rate = (feed.hits - hits0) / (time.time() - t0)
        return every, bus, rate


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--bin", default="target/debug/tickwire")
    ap.add_argument("--followers", default="1,10,50")
    ap.add_argument("--changes", type=int, default=20)
    args = ap.parse_args()
    nats_bin = shutil.which("nats-server") or "/usr/sbin/nats-server"
    if not os.path.exists(nats_bin):
        raise SystemExit("nats-server not found: install the Debian package nats-server")
    print("followers | change -> every follower: median, p99 | published -> received: median, p99 | feed requests/s")
    for n in map(int, args.followers.split(",")):
        every, bus, rate = run(args.bin, n, args.changes, nats_bin)
        ms = lambda v: f"{v * 1000:.0f} ms"
        print(f"{n} | {ms(statistics.median(every))}, {ms(percentile(every, 99))} | "
              f"{ms(statistics.median(bus))}, {ms(percentile(bus, 99))} | {rate:.2f}")
        sys.stdout.flush()


if __name__ == "__main__":
    main()
