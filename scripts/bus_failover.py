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
import http.server
import os
import shutil
import subprocess
import tempfile
import threading
import time

from bus_fanout import free_port


class Feeds:
    """N feeds, one item each, logging (feed, time, status) per request."""

    def __init__(self):
        self.hits = []
        self.lock = threading.Lock()
        feeds = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_GET(self):
                etag = f'"{self.path}-v1"'
                fresh = self.headers.get("If-None-Match") == etag
                with feeds.lock:
                    feeds.hits.append((self.path, time.time(), 304 if fresh else 200))
                if fresh:
                    self.send_response(304)
                    self.send_header("ETag", etag)
                    self.end_headers()
                    return
                body = (
                    '<?xml version="1.0"?><rss version="2.0"><channel><title>F</title>'
                    "<link>http://127.0.0.1/</link><description>f</description>"
                    f"<item><title>Item of {self.path}</title><guid>{self.path}</guid></item>"
                    "</channel></rss>"
                ).encode()
                self.send_response(200)
                self.send_header("Content-Type", "application/rss+xml")
                self.send_header("ETag", etag)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args):
                pass

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        self.base = f"http://127.0.0.1:{self.server.server_address[1]}"

    def snapshot(self):
        with self.lock:
            return list(self.hits)


def run(binary, n, every, nats_bin):
    work = tempfile.mkdtemp(prefix="tickwire-failover-")
    port = free_port()
    nats = subprocess.Popen(
        [nats_bin, "-js", "-a", "127.0.0.1", "-p", str(port), "-sd", os.path.join(work, "js")],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    procs = []
    try:
        feeds = Feeds()
        config = os.path.join(work, "config.toml")
        with open(config, "w") as f:
            f.write(
                f'[refresh]\nfeeds = "{every}s"\n[watchlist]\nsymbols = []\n'
                '[quotes.coinbase]\nenabled = false\n[bus]\ndesk = "bench"\n'
            )
            for i in range(n):
                f.write(f'[[feeds]]\nname = "F{i}"\nurl = "{feeds.base}/f{i}.xml"\n')
        url = f"nats://127.0.0.1:{port}"

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
        last_a = {}
        for path, at, _ in before:
            last_a[path] = at
        taken = time.time()
        collector("b")
        time.sleep(every + 3)
        after = feeds.snapshot()[len(before):]
        first_b = {}
        for path, at, status in after:
            first_b.setdefault(path, (at, status))
        full = sum(1 for _, _, s in after if s == 200)
        cond = sum(1 for _, _, s in after if s == 304)
        burst = sum(1 for _, at, _ in after if at - taken < 2)
        gap = min(at - last_a[p] for p, (at, _) in first_b.items())
        return full, cond, burst, gap
    finally:
        for p in procs:
            if p.poll() is None:
                p.terminate()
                p.wait()
        nats.terminate()
        nats.wait()
        shutil.rmtree(work, ignore_errors=True)


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
