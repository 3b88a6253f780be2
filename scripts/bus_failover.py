#!/usr/bin/env python3
"""What a collector failover costs the publishers, on loopback: a local
`nats-server -js`, N local RSS feeds that send ETags and answer a matching
If-None-Match with 304, collector A until it polled every feed once, then
A stopped (SIGTERM) and a fresh collector B (its own data dir) started.
Over one poll interval after the takeover it counts B's requests: full
200s vs 304s, how many came in the first 2 s, and the shortest gap between
a feed's last poll by A and its first by B (the schedule kept: about one
interval; not kept: B polls everything at once).

    python3 scripts/bus_failover.py [--bin target/debug/tickwire] [--feeds 20] [--every 20]
"""

import argparse
import os
import shutil
import subprocess
import threading
import time

from bus_fanout import desk, serve


class Feeds:
    """N feeds, one item each, logging (feed, time, status) per request."""

    def __init__(self):
        self.hits = []
        self.lock = threading.Lock()
        self.server = serve(self.respond)
        self.base = f"http://127.0.0.1:{self.server.server_address[1]}"

    def respond(self, request):
        etag = f'"{request.path}-v1"'
        fresh = request.headers.get("If-None-Match") == etag
        with self.lock:
            self.hits.append((request.path, time.time(), 304 if fresh else 200))
        if fresh:
            return 304, [("ETag", etag)], b""
        body = (
            '<?xml version="1.0"?><rss version="2.0"><channel><title>F</title>'
            "<link>http://127.0.0.1/</link><description>f</description>"
            f"<item><title>Item of {request.path}</title><guid>{request.path}</guid></item>"
            "</channel></rss>"
        ).encode()
        return 200, [("Content-Type", "application/rss+xml"), ("ETag", etag)], body

    def snapshot(self):
        with self.lock:
            return list(self.hits)


def run(binary, n, every, nats_bin):
    feeds = Feeds()
    urls = [(f"F{i}", f"{feeds.base}/f{i}.xml") for i in range(n)]
    with desk(nats_bin, f"{every}s", urls) as (work, url, config, procs):

        def collector(data):
            cmd = [binary, "--config", config, "--data-dir", os.path.join(work, data),
                   "collect", "--bus", url]
            p = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            procs.append(p)
            return p

        a = collector("a")
        deadline = time.time() + 60
        while len({h[0] for h in feeds.snapshot()}) < n:
            if time.time() > deadline:
                raise SystemExit("collector A never polled every feed")
            time.sleep(0.1)
        time.sleep(1)  # its last answers published
        a.terminate()
        a.wait()
        before = feeds.snapshot()
        last_a = {path: at for path, at, _ in before}
        taken = time.time()
        collector("b")
        time.sleep(every + 3)
        after = feeds.snapshot()[len(before):]
        first_b = {}
        for path, at, _ in after:
            first_b.setdefault(path, at)
        full = sum(1 for _, _, s in after if s == 200)
        cond = sum(1 for _, _, s in after if s == 304)
        burst = sum(1 for _, at, _ in after if at - taken < 2)
        gap = min(at - last_a[p] for p, at in first_b.items())
        return full, cond, burst, gap


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--bin", default="target/debug/tickwire")
    ap.add_argument("--feeds", type=int, default=20)
    ap.add_argument("--every", type=int, default=20)
    args = ap.parse_args()
    nats_bin = shutil.which("nats-server") or "/usr/sbin/nats-server"
    full, cond, burst, gap = run(args.bin, args.feeds, args.every, nats_bin)
    print(f"{args.feeds} feeds every {args.every}s, after the takeover: {full} full (200), "
          f"{cond} conditional (304), {burst} in the first 2 s, "
          f"shortest gap from A's last poll to B's first: {gap:.1f} s")


if __name__ == "__main__":
    main()
