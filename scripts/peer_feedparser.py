"""Peer check: feedparser's entry titles against tickwire's, file by file.

Serves feedparser's own test corpus from 127.0.0.1, runs `tickwire snapshot
--json` on each file that feedparser finds titled entries in, and compares
the titles reduced to plain text (as multisets). Prints the agreement per
family and every disagreement. Run through scripts/peer-feedparser.sh.
"""

import functools
import http.server
import json
import os
import subprocess
import sys
import tempfile
import threading
from collections import Counter
from html.parser import HTMLParser

import feedparser

MARKUP = ("text/html", "application/xhtml+xml")


class _Text(HTMLParser):
    """The words of an HTML fragment: tags, scripts and styles dropped."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.out, self.skip = [], 0

    def handle_starttag(self, tag, attrs):
        self.skip += tag in ("script", "style")

    def handle_endtag(self, tag):
        if tag in ("script", "style") and self.skip:
            self.skip -= 1

    def handle_data(self, data):
        if not self.skip:
            self.out.append(data)


def plain(detail, value):
    if detail and detail.get("type") in MARKUP:
        p = _Text()
        p.feed(value)
        p.close()
        value = "".join(p.out)
    return " ".join(value.split())


def family(version):
    if version == "atom03":
        return "atom03"
    if version in ("atom10", "rss", "rss090", "rss091n", "rss091u", "rss092",
                   "rss093", "rss094", "rss10", "rss20"):
        return "rss/rdf/atom10"
    return None


def oracle(path):
    parsed = feedparser.parse(path)
    titles = [plain(e.get("title_detail"), e.get("title", "")) for e in parsed.entries]
    return family(parsed.version), [t for t in titles if t]


def tickwire(binary, url, work):
    config = os.path.join(work, "config.toml")
    with open(config, "w") as f:
        f.write(
            '[watchlist]\nsymbols = []\n\n[quotes]\nproviders = ["yahoo"]\n\n'
            '[quotes.yahoo]\nbase_urls = ["http://127.0.0.1:9"]\n\n'
            "[quotes.coinbase]\nenabled = false\n\n"
            f'[[feeds]]\nname = "peer"\nurl = {json.dumps(url)}\n'
        )
    out = subprocess.run(
        [binary, "snapshot", "--json", "--deadline", "10s", "--config", config,
         "--data-dir", work],
        capture_output=True, env={**os.environ, "HOME": work}, timeout=60,
    )
    doc = json.loads(out.stdout)
    titles = [h["title"] for h in doc["headlines"]]
    error = next((s["error"] for s in doc["sources"] if s["kind"] == "feed"), None)
    return titles, error


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


def main():
    binary, root = sys.argv[1], sys.argv[2]
    dirs = ["wellformed", "entities", "encoding"]
    handler = functools.partial(_QuietHandler, directory=root)
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}/"

    totals, agreed, misses = Counter(), Counter(), []
    with tempfile.TemporaryDirectory() as work:
        for d in dirs:
            for folder, _, files in sorted(os.walk(os.path.join(root, d))):
                for name in sorted(files):
                    path = os.path.join(folder, name)
                    fam, want = oracle(path)
                    if fam is None or not want:
                        continue
                    rel = os.path.relpath(path, root)
                    got, error = tickwire(binary, base + rel, work)
                    totals[fam] += 1
                    if Counter(got) == Counter(want):
                        agreed[fam] += 1
                    else:
                        misses.append((fam, rel, want, got, error))
    server.shutdown()

    for fam, rel, want, got, error in misses:
        print(f"DIFF [{fam}] {rel}")
        print(f"  feedparser: {want}")
        print(f"  tickwire:   {got}" + (f"  (error: {error})" if error else ""))
    for fam in sorted(totals):
        pct = 100.0 * agreed[fam] / totals[fam]
        print(f"{fam}: {agreed[fam]} of {totals[fam]} files agree ({pct:.1f}%)")


if __name__ == "__main__":
    main()
