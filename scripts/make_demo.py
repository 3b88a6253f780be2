#!/usr/bin/env python3
"""Build assets/demo.jsonl.gz, tickwire's embedded DeepSeek-week recording,
from the shared corpus (../shared/corpus/deepseek-week: read its SOURCES.md).

    python3 scripts/make_demo.py [--corpus DIR] [--out FILE]

Output is deterministic (a test rebuilds it and compares). Rules:

Prices are copied from prices.csv; nothing is interpolated.
  * A session known only by its daily bar is four polls: 04:00 New York
    (pre-market: yesterday's close), the open (the opening print), the
    close (the closing print) and 20:00 (closed). Between them the board
    keeps the last print and its age grows: no intraday path is invented.
  * Intraday bars (MSFT and META 1m, AMZN and SMH 5m on 27 Jan) are
    polled every five minutes, each poll carrying every bar of the day so
    far, as a chart API would. Bar times follow SOURCES.md: MSFT/META 1m label bar starts,
    the AMZN/SMH 5m labels are bar ends (start = label - 5 minutes); bars
    the source forward-filled with no trades (volume 0) are left out.
  * The daily bars of dividend payers are dividend-adjusted, the intraday
    bars are not (SOURCES.md). On an intraday day the previous closes are
    put in the intraday bars' basis by the ratio of that day's opening
    print in the 1m file to the daily open (MSFT 424.01 / 420.905...), so
    the day's percent change is the data's. AMZN pays no dividend (daily =
    raw). QQQ's 5m file has no opening print to relate the two, so QQQ
    plays from its daily bars; SMH has no daily bars: no previous close.
Sessions follow src/core/market/data/us_market_calendar.tsv (20 Jan is a holiday)
in New York time.

Headlines are the events of timeline.tsv at their real times, each
reworded by us (TITLES below; the publishers' headlines are not shipped)
with its real source name and link. Rows with a date only are placed at
23:59:59 New York time that day, with no publication time.
"""

import argparse
import csv
import gzip
import io
import json
import sys
from datetime import date, datetime, time, timedelta, timezone
from pathlib import Path
from zoneinfo import ZoneInfo

REPO = Path(__file__).resolve().parent.parent
NY = ZoneInfo("America/New_York")
UTC = timezone.utc

WATCHLIST = ["NVDA", "AVGO", "TSM", "ASML", "MSFT", "META", "GOOGL", "AMZN",
             "AAPL", "AMD", "ARM", "MU", "ORCL", "SMCI", "QQQ", "SMH"]
NYSE_LISTED = {"TSM", "ORCL"}
# (symbol, interval) -> whether the file labels bar starts (else ends).
INTRADAY = {("MSFT", "1m"): True, ("META", "1m"): True,
            ("AMZN", "5m"): False, ("SMH", "5m"): False}
# Intraday days are polled every five minutes, each poll with every bar so far.
POLL_MINUTES = 5
# Pays no dividend: daily bars equal the raw prices (SOURCES.md).
SAME_BASIS = {"AMZN"}

# timeline.tsv source prefix -> (feed name shown, the publisher's site)
FEEDS = [
    ("Hacker News front page", "Hacker News", "https://news.ycombinator.com/"),
    ("Indie Hackers", "Indie Hackers", "https://www.indiehackers.com/"),
    ("WSJ Technology", "WSJ Technology", "https://www.wsj.com/tech"),
    ("NYT Top Stories", "NYT Top Stories", "https://www.nytimes.com/"),
    ("NYT Technology", "NYT Technology", "https://www.nytimes.com/section/technology"),
    ("BBC News Technology", "BBC News Technology", "https://www.bbc.com/news/technology"),
    ("Ars Technica", "Ars Technica", "https://arstechnica.com/"),
    ("NBC News Technology", "NBC News Technology", "https://www.nbcnews.com/tech-media"),
    ("Gizmodo", "Gizmodo", "https://gizmodo.com/"),
    ("Washington Post Technology", "Washington Post Technology",
     "https://www.washingtonpost.com/technology/"),
    ("AINews (smol.ai)", "AINews (smol.ai)", "https://news.smol.ai/"),
    ("CNBC, as republished", "CNBC via infomalangraya.com", "https://infomalangraya.com/"),
]

# Our own wording of each timeline row, keyed by the row's link.
TITLES = {
    "https://github.com/deepseek-ai/DeepSeek-R1":
        "DeepSeek publishes its R1 reasoning model on GitHub",
    "https://ollama.com/library/deepseek-r1":
        "DeepSeek's R1 model can now be run locally through Ollama",
    "https://www.indiehackers.com/post/gPywW6XjWvnpfqUhLpDA":
        "DeepSeek's new reasoning model takes aim at OpenAI's o1",
    "https://www.wsj.com/articles/tech-media-telecom-roundup-market-talk-5908c510?mod=rss_Technology":
        "Early market chatter across tech, media and telecom",
    "https://www.nytimes.com/2025/01/27/business/us-stock-market-deepseek-ai-sp500-nvidia.html":
        "Nvidia and tech stocks slide as China's DeepSeek AI gains worry investors",
    "https://www.nytimes.com/2025/01/27/business/dealbook/deepseek-tech-stocks-reckoning.html":
        "DeepSeek forces a rethink on Wall Street and in Silicon Valley",
    "https://www.bbc.com/news/articles/c0qw7z2v1pgo":
        "Low-cost Chinese chatbot DeepSeek sets off a sell-off in tech shares",
    "https://www.wsj.com/articles/deepseek-ai-china-tech-stocks-explained-ee6cc80e?mod=rss_Technology":
        "China's DeepSeek AI: the essentials",
    "https://arstechnica.com/ai/2025/01/deepseek-spooks-american-tech-industry-as-it-tops-the-apple-app-store":
        "Chinese AI app DeepSeek leads the App Store as jittery investors dump tech stocks",
    "https://github.com/deepseek-ai/Janus/blob/main/janus_pro_tech_report.pdf":
        "DeepSeek unveils Janus Pro, a model that turns text into images (PDF)",
    "https://www.nbcnews.com/business/business-news/deepseek-hit-large-scale-cyberattack-says-limiting-registrations-rcna189451":
        "DeepSeek curbs new sign-ups after a large cyberattack",
    "https://www.nbcnews.com/business/markets/tech-stocks-react-chinas-deepseek-sparks-us-worries-ai-race-rcna189394":
        "US worries over the AI race drag tech shares lower after DeepSeek's debut",
    "https://www.nytimes.com/2025/01/27/business/deepseek-nvidia-ai-chips.html":
        "DeepSeek's AI leap leaves Nvidia staggering",
    "https://www.nytimes.com/2025/01/27/technology/what-is-deepseek-china-ai.html":
        "DeepSeek explained, and why it is shaking up AI",
    "https://gizmodo.com/deepseek-releases-open-source-ai-image-generator-as-american-stocks-continue-to-crater-2000555311":
        "DeepSeek ships an open-source AI image model while US stocks keep sinking",
    "https://www.washingtonpost.com/technology/2025/01/27/what-is-deepseek-ai-china-us-stock-fears":
        "Meet DeepSeek, the Chinese AI app taking on OpenAI and Silicon Valley",
    "https://www.nbcnews.com/tech/innovation/trump-china-deepseek-ai-wake-call-rcna189526":
        "Trump calls DeepSeek a warning sign for US tech firms",
    "https://www.nytimes.com/2025/01/27/podcasts/your-guide-to-the-deepseek-freakout-an-emergency-pod.html":
        "Podcast: making sense of the DeepSeek panic",
    "https://news.smol.ai/issues/25-01-27-ainews-deepseek-1-on-us-app-store-nvidia-stock-tanks-17percent/":
        "DeepSeek tops the US App Store as Nvidia shares sink 17%",
    "https://www.nytimes.com/2025/01/28/technology/china-deepseek-ai-silicon-valley.html":
        "How DeepSeek could upend Silicon Valley's beliefs about AI",
    "https://www.washingtonpost.com/world/2025/01/28/deepseek-liang-wenfeng-ai-technology":
        "The people behind DeepSeek, the Chinese AI firm unsettling Silicon Valley",
    "https://www.nytimes.com/2025/01/28/business/dealbook/deepseek-winners-losers-nvidia-apple-meta.html":
        "DeepSeek's shake-up: winners and losers from Apple and Meta to Nvidia and OpenAI",
    "https://www.washingtonpost.com/technology/2025/01/28/deepseek-ai-china-us-trump":
        "DeepSeek throws US ambitions for AI supremacy off course",
    "https://www.nbcnews.com/now/video/why-silicon-valley-is-blown-away-by-chinese-ai-app-deepseek-230450245559":
        "Video: why the Chinese AI app DeepSeek has stunned Silicon Valley",
    "https://www.washingtonpost.com/technology/2025/01/28/trump-tariffs-chips-semiconductors-taiwan":
        "Trump signals chip and semiconductor tariffs are on the way",
    "https://www.nytimes.com/2025/01/28/business/deepseek-owner-china-ai.html":
        "From quant trading to AI fame: DeepSeek's path",
    "https://www.nytimes.com/2025/01/28/business/deepseek-china-reaction.html":
        "China's reaction as DeepSeek reshapes the AI race",
    "https://www.tomshardware.com/tech-industry/artificial-intelligence/sam-altman-said-startups-with-only-usd10-million-were-totally-hopeless-competing-with-openai-deepseeks-disruption-says-otherwise":
        "Altman once called $10M start-ups hopeless against OpenAI; DeepSeek suggests otherwise",
    "https://epoch.ai/gradient-updates/how-has-deepseek-improved-the-transformer-architecture":
        "What DeepSeek changed in the Transformer design",
    "https://www.washingtonpost.com/technology/2025/01/28/deepseek-ai-app-test-hands-on":
        "Hands-on with the DeepSeek app: odd, impressive, and why people care",
    "https://www.nbcnews.com/tech/tech-news/deepseek-ai-model-china-chat-gpt-tech-stocks-what-know-rcna189604":
        "DeepSeek, the Chinese AI start-up rattling investors and tech stocks, explained",
    "https://www.nbcnews.com/data-graphics/deepseek-ai-comparison-openai-chatgpt-google-gemini-meta-llama-rcna189568":
        "Three charts on what sets DeepSeek apart",
    "https://www.nytimes.com/2025/01/28/business/economy/deepseek-china-us-chip-controls.html":
        "Have US chip export controls failed? DeepSeek's AI gains raise the question",
    # Two rows share this link: Nvidia's statement on 27 Jan, the rebound on 28 Jan.
    ("https://infomalangraya.com/English/nvidia-rises-7-after-mondays-ai-stock-rout-as-bounce-gains-steam", "2025-01-27"):
        "Nvidia praises DeepSeek's R1 as a real AI advance made with export-compliant chips",
    ("https://infomalangraya.com/English/nvidia-rises-7-after-mondays-ai-stock-rout-as-bounce-gains-steam", "2025-01-28"):
        "Nvidia recovers 7% a day after the AI sell-off",
}

START = "2025-01-24T20:00:00Z"  # an hour before Friday's close
BOOKMARKS = [("2025-01-20T12:00:00Z", "Mon 20 Jan"),
             ("2025-01-27T12:00:00Z", "Mon 27 Jan"),
             ("2025-01-28T14:00:00Z", "Tue 28 Jan")]
NOTE = ("The DeepSeek week, 13 Jan - 7 Feb 2025. Prices: daily bars from "
        "KhiryMcCurn/Horizon-backtester-data and littler999/leek-sim, intraday bars "
        "of 27 Jan from Wat-Street/money-making; news: the events of the week at "
        "their real times, reworded by tickwire, linked to the originals. "
        "Built by scripts/make_demo.py.")


def stamp(t):
    return t.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def parse_ts(text):
    return datetime.fromisoformat(text).astimezone(UTC)


def ny_time(day, hh, mm):
    return datetime.combine(day, time(hh, mm), NY).astimezone(UTC)


def load_calendar():
    days = {}
    for line in (REPO / "src/core/market/data/us_market_calendar.tsv").read_text().splitlines():
        if line.startswith("#") or not line.strip():
            continue
        d, kind, _name = line.split("\t")
        days[date.fromisoformat(d)] = kind
    return days


def session_times(day, calendar):
    """Pre-market open, open, close, end of post-market (UTC)."""
    kind = calendar.get(day)
    if kind == "closed" or day.weekday() >= 5:
        raise SystemExit(f"{day}: daily bar on a day the exchange was closed")
    close, post_end = ((13, 0), (17, 0)) if kind == "early" else ((16, 0), (20, 0))
    return (ny_time(day, 4, 0), ny_time(day, 9, 30),
            ny_time(day, *close), ny_time(day, *post_end))


def session_of(t, calendar):
    ny = t.astimezone(NY)
    day = ny.date()
    if calendar.get(day) == "closed" or day.weekday() >= 5:
        return "closed"
    pre, open_, close, post_end = session_times(day, calendar)
    if t < pre:
        return "closed"
    if t < open_:
        return "pre"
    if t < close:
        return "regular"
    if t < post_end:
        return "post"
    return "closed"


def source_url(source):
    """`owner/repo:path@commit` -> a link to the file at that commit."""
    repo, rest = source.split(":", 1)
    path, commit = rest.rsplit("@", 1)
    return f"https://github.com/{repo}/blob/{commit}/{path}"


def quote_event(at, symbol, url, provider, price, prev_close, state, as_of,
                series, bar_secs, extended=None):
    return (at, 1, WATCHLIST.index(symbol), {
        "type": "quote",
        "source": {"kind": "quotes", "name": symbol, "url": url, "status": None,
                   "elapsed_ms": 0, "at": stamp(at), "not_modified": False,
                   "next_poll": None},
        "quote": {
            "symbol": symbol, "price": price, "prev_close": prev_close,
            "currency": "USD",
            "exchange": "NYQ" if symbol in NYSE_LISTED else "NMS",
            "market_state": state, "as_of": stamp(as_of), "provider": provider,
            "series": [[int(t.timestamp()), p] for t, p in series],
            "bar_secs": bar_secs, "extended": extended,
        },
    })


def extended_of(session, price, reference):
    change = price - reference
    return {"session": session, "price": price, "change": change,
            "change_pct": change / reference * 100}


def daily_session(symbol, bar, prev, prev2, prev_close_at, calendar):
    """Four polls for a session known by its daily bar."""
    pre, open_, close, post_end = session_times(bar["day"], calendar)
    url, o, c = bar["url"], bar["open"], bar["close"]
    events = []
    if prev is not None:
        events.append(quote_event(pre, symbol, url, "daily bars", prev, prev2, "pre",
                                  prev_close_at, [], 1))
    events.append(quote_event(open_, symbol, url, "daily bars", o, prev, "regular",
                              open_, [(open_, o)], 1))
    prints = [(open_, o), (close, c)]
    for at, state in ((close, "post"), (post_end, "closed")):
        events.append(quote_event(at, symbol, url, "daily bars", c, prev, state,
                                  close, prints, 1))
    return events


def intraday_session(symbol, day, bars, daily, prev, prev2, prev_close_at, calendar):
    """A poll after every bar, in the bars' own price basis."""
    pre, open_, close, post_end = session_times(day, calendar)
    step = bars[0]["step"]
    provider = f"{step // 60}m bars"
    url = bars[0]["url"]
    factor = 1.0
    if daily is not None and symbol not in SAME_BASIS:
        opening = [b for b in bars if b["start"] == open_]
        if not opening or step != 60:
            raise SystemExit(f"{symbol} {day}: no opening print to relate the bases")
        factor = opening[0]["open"] / daily["open"]
    scale = (lambda p: None if p is None else p * factor)
    prev_b, prev2_b = scale(prev), scale(prev2)
    events = []
    if prev_b is not None:
        events.append(quote_event(pre, symbol, url, provider, prev_b, prev2_b, "pre",
                                  prev_close_at, [], step))
    series, last_regular, last = [], None, None
    for bar in bars:
        end = bar["start"] + timedelta(seconds=step)
        series.append((bar["start"], bar["close"]))
        state = session_of(bar["start"], calendar)
        if state == "regular":
            last_regular = bar["close"]
            last = (bar["close"], prev_b, "regular", min(end, close), None)
        elif prev_b is None:
            last = (bar["close"], None, state, end, None)
        elif state == "pre":
            last = (prev_b, prev2_b, "pre", prev_close_at,
                    extended_of("pre", bar["close"], prev_b))
        else:
            regular = last_regular if last_regular is not None else prev_b
            last = (regular, prev_b, state, close, extended_of(state, bar["close"], regular))
        if end.minute % POLL_MINUTES == 0 or bar is bars[-1]:
            events.append(quote_event(end, symbol, url, provider, *last[:4],
                                      list(series), step, last[4]))
    if daily is None:
        return events
    if series[-1][0] < close - timedelta(seconds=step):
        # The bars stop before the bell: the close is the daily bar's.
        series.append((close - timedelta(seconds=step), daily["close"] * factor))
        last = (daily["close"] * factor, prev_b, "post", close, None)
        events.append(quote_event(close, symbol, daily["url"], provider, *last[:4],
                                  list(series), step))
    events.append(quote_event(post_end, symbol, url, provider, last[0], last[1],
                              "closed", last[3], list(series), step, last[4]))
    return events


def price_events(corpus, calendar):
    daily, intraday = {}, {}
    with open(corpus / "prices.csv", newline="") as f:
        for row in csv.DictReader(f):
            symbol, interval = row["symbol"], row["interval"]
            if symbol not in WATCHLIST:
                continue
            t = parse_ts(row["timestamp"])
            if interval == "1d":
                daily.setdefault(symbol, []).append({
                    "day": datetime.fromisoformat(row["timestamp"]).date(),
                    "open": float(row["open"]), "close": float(row["close"]),
                    "url": source_url(row["source"])})
            elif (symbol, interval) in INTRADAY:
                if float(row["volume"]) == 0:
                    continue  # forward-filled by the source: no trade
                step = 60 if interval == "1m" else 300
                start = t if INTRADAY[(symbol, interval)] else t - timedelta(seconds=step)
                day = start.astimezone(NY).date()
                intraday.setdefault((symbol, day), []).append({
                    "start": start, "open": float(row["open"]),
                    "close": float(row["close"]), "step": step,
                    "url": source_url(row["source"])})
    events = []
    for symbol in WATCHLIST:
        bars = sorted(daily.get(symbol, []), key=lambda b: b["day"])
        by_day = {b["day"]: b for b in bars}
        days = sorted(set(by_day) | {d for (s, d) in intraday if s == symbol})
        prev = prev2 = prev_close_at = None
        for day in days:
            bar = by_day.get(day)
            ibars = sorted(intraday.get((symbol, day), []), key=lambda b: b["start"])
            if ibars:
                events += intraday_session(symbol, day, ibars, bar, prev, prev2,
                                           prev_close_at, calendar)
            else:
                events += daily_session(symbol, bar, prev, prev2, prev_close_at, calendar)
            if bar is not None:
                prev2, prev = prev, bar["close"]
                prev_close_at = session_times(day, calendar)[2]
    return events


def feed_of(source):
    for prefix, name, url in FEEDS:
        if source.startswith(prefix):
            return name, url
    raise SystemExit(f"no feed for timeline source {source!r}")


def headline_events(corpus):
    events, feeds = [], []
    with open(corpus / "timeline.tsv", newline="") as f:
        for row in csv.DictReader(f, delimiter="\t"):
            link, when = row["url"], row["timestamp"]
            title = TITLES.get(link) or TITLES.get((link, when))
            if title is None:
                raise SystemExit(f"no reworded title for {link} ({when})")
            name, site = feed_of(row["source"])
            if (name, site) not in feeds:
                feeds.append((name, site))
            if len(when) == 10:  # a date only: seen by the end of that day
                at = ny_time(date.fromisoformat(when), 23, 59) + timedelta(seconds=59)
                published = None
            else:
                at = published = parse_ts(when)
            events.append((at, 0, len(events), {
                "type": "headlines",
                "source": {"kind": "feed", "name": name, "url": site, "status": None,
                           "elapsed_ms": 0, "at": stamp(at), "not_modified": False,
                           "next_poll": None},
                "headlines": [{
                    "id": f"demo:{link}#{when}", "title": title, "link": link,
                    "source": name,
                    "published": stamp(published) if published else None,
                    "first_seen": stamp(at), "summary": ""}],
                "skipped": 0,
            }))
    return events, feeds


def build(corpus):
    calendar = load_calendar()
    news, feeds = headline_events(corpus)
    events = sorted(news + price_events(corpus, calendar), key=lambda e: e[:3])
    header = {
        "v": 1, "at": stamp(events[0][0]), "type": "header",
        "app": "tickwire make_demo.py", "watchlist": WATCHLIST,
        "feeds": [{"name": n, "url": u} for n, u in feeds],
        "stale_after_secs": 4 * 86400, "quote_every_secs": 900,
        "start": START, "speed": 3600,
        "bookmarks": [{"at": at, "label": label} for at, label in BOOKMARKS],
        "note": NOTE,
    }
    lines = [header] + [{"v": 1, "at": stamp(at), **body} for at, _, _, body in events]
    return "".join(json.dumps(l, ensure_ascii=False, separators=(",", ":")) + "\n"
                   for l in lines)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpus", type=Path,
                        default=REPO.parent / "shared/corpus/deepseek-week")
    parser.add_argument("--out", type=Path, default=REPO / "assets/demo.jsonl.gz")
    args = parser.parse_args()
    text = build(args.corpus)
    buf = io.BytesIO()
    # mtime 0 and no file name: the same corpus gives the same bytes.
    with gzip.GzipFile(fileobj=buf, mode="wb", compresslevel=9, mtime=0, filename="") as gz:
        gz.write(text.encode())
    args.out.write_bytes(buf.getvalue())
    print(f"{args.out}: {text.count(chr(10))} lines, {len(text)} bytes, "
          f"{len(buf.getvalue())} compressed", file=sys.stderr)


if __name__ == "__main__":
    main()
