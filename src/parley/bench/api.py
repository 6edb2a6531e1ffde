"""``parley bench api``: latency of the real server (uvicorn, loopback) on 10,000 fictional articles.

The articles are generated from templates with invented countries and people (clearly fictional),
bulk-inserted without NLP (the FTS triggers fire per row), each with a few quotes, mentions, dates
and events so that the article page has annotations to draw. A real HTTP client (httpx) with two
concurrent workers then times ``/api/search`` and the article page.
"""

from __future__ import annotations

import hashlib
import random
import statistics
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import httpx

from parley.config import SAMPLES_DIR
from parley.eval.common import EvalResult

DEFAULT_GOLD: Path = SAMPLES_DIR  # unused unless --gold names an existing .db to serve as is
N_ARTICLES = 10_000
N_REQUESTS = 500
WORKERS = 2
TIME_CAP_S = 150.0
TARGETS_MS = {"search": 50.0, "article": 100.0}

COUNTRIES = [("Valdoria", "VAL"), ("Kestrel", "KES"), ("Meridia", "MER"), ("Ostrelia", "OST"),
             ("Pellaria", "PEL"), ("Zorvath", "ZOR"), ("Quenmark", "QUE"), ("Taravel", "TAR")]
FIRST = ["Aldo", "Brisa", "Corin", "Dalia", "Evander", "Fenna", "Goran", "Hesper", "Ilse", "Jorun", "Kaspar",
         "Liora", "Mattis", "Nerys", "Orrin", "Petra", "Quill", "Rosalind", "Soren", "Tamsin"]
LAST = ["Hallberg", "Demmer", "Castell", "Voskuil", "Arnaut", "Brenholt", "Corvane", "Drystan", "Elmsworth",
        "Fairlow", "Grimaud", "Halloran", "Iversen", "Jessop", "Korvel", "Lindqvist"]
TITLES = ["Foreign Minister", "Defence Minister", "President", "envoy", "spokeswoman", "trade commissioner"]
TOPICS = ["river water", "border crossings", "grain exports", "fishing rights", "a prisoner exchange",
          "power lines", "rail tariffs", "the mountain pass", "dam releases", "customs checks"]
EVENTS = [("AGREE", "agreed"), ("CONSULT", "met"), ("ACCUSE", "accused"), ("THREATEN", "warned"),
          ("AID", "sent aid to"), ("PROTEST", "protested against"), ("REJECT", "rejected"),
          ("SANCTION", "froze assets of"), ("SUPPORT", "backed"), ("MOBILIZE", "moved troops toward")]
QUERIES = ["talks", "ceasefire", "river water", "grain exports", "minister said", "border", "envoy",
           "prisoner exchange", "Valdoria Kestrel", "customs", "dam", "accused", "fishing rights",
           "Hallberg", "rail tariffs", "agreement", "sanctions", "troops", "mediation", "Meridia"]


class _Text:
    """Builds an article text and remembers where each piece landed."""

    def __init__(self) -> None:
        self.parts: list[str] = []
        self.n = 0

    def add(self, s: str) -> tuple[int, int]:
        start = self.n
        self.parts.append(s)
        self.n += len(s)
        return start, self.n

    def text(self) -> str:
        return "".join(self.parts)


def fictional_article(i: int, rng: random.Random) -> dict[str, Any]:
    """One invented article with offsets for its quotes, mentions, dates and events."""
    (a, ac), (b, bc) = rng.sample(COUNTRIES, 2)
    day = date(2030, 1, 1) + timedelta(days=rng.randrange(720))
    topic = rng.choice(TOPICS)
    t = _Text()
    ann: dict[str, list] = {"quotes": [], "mentions": [], "timexes": [], "events": []}
    t.add(f"{a} and {b} resume talks on {topic} (fictional report {i})\n")
    t.add(f"CAPITAL CITY — Negotiators from {a} and {b} met on ")
    ann["timexes"].append(t.add(day.strftime("%B %-d")) + (day.isoformat(),))
    t.add(f" for a new round of talks on {topic}, officials said.\n")
    for _ in range(rng.randint(3, 6)):
        name = f"{rng.choice(FIRST)} {rng.choice(LAST)}"
        t.add(f"{rng.choice([a, b])}'s {rng.choice(TITLES)} ")
        spk = t.add(name)
        ann["mentions"].append(spk)
        cue = t.add(" said")
        t.add(": “")
        words = " ".join(rng.choice(["we", "will", "not", "accept", "any", "deal", "that", "ignores", topic,
                                     "our", "people", "need", "a", "fair", "and", "lasting", "settlement"])
                         for _ in range(rng.randint(12, 30)))
        q = t.add(words.capitalize() + ".")
        t.add("”\n")
        ann["quotes"].append((q, spk, cue, name))
        etype, verb = rng.choice(EVENTS)
        sent_start = t.n
        t.add(f"Later that week {a} ")
        trig = t.add(verb)
        t.add(f" {b} over {topic}, according to diplomats familiar with the talks.\n")
        ann["events"].append((etype, trig, (sent_start, t.n), ac, bc, day.isoformat(),
                              rng.choice(["occurred", "occurred", "planned", "claimed"])))
    t.add("Further meetings are expected next month. This article is machine-generated fiction.\n")
    return {"text": t.text(), "title": f"{a} and {b} resume talks on {topic}", "published": day.isoformat(),
            "source": rng.choice(["The Fictional Herald", "Imaginary Wire", "Invented Courier"]), "ann": ann}


def generate(db: str, n: int, *, seed: int = 7) -> float:
    """Bulk-insert ``n`` fictional annotated articles into ``db``; returns the seconds it took."""
    from sqlalchemy import insert

    from parley.service import Service
    from parley.store.tables import ArticleRow, EventRow, MentionRow, QuoteRow, TimexRow

    rng = random.Random(seed)
    svc = Service(db=db)
    t0 = time.perf_counter()
    with svc.store.session() as session, session.begin():
        for first in range(0, n, 1000):
            arts = [fictional_article(first + k + 1, rng) for k in range(min(1000, n - first))]
            rows = [{"id": first + k + 1, "text": x["text"], "title": x["title"], "published": x["published"],
                     "published_source": "meta", "source": x["source"], "kind": "text", "language": "en",
                     "item": f"bench:{first + k + 1}", "authors": [],
                     "content_hash": hashlib.sha256(x["text"].encode()).hexdigest()} for k, x in enumerate(arts)]
            session.execute(insert(ArticleRow), rows)
            _annotations(session, arts, first + 1, (QuoteRow, MentionRow, TimexRow, EventRow))
    svc.close()
    return time.perf_counter() - t0


def _annotations(session: Any, arts: list[dict], first_id: int, tables: tuple) -> None:
    from sqlalchemy import insert

    quote_t, mention_t, timex_t, event_t = tables
    quotes, mentions, timexes, events = [], [], [], []
    for k, x in enumerate(arts):
        aid, text, ann = first_id + k, x["text"], x["ann"]
        for (s, e) in ann["mentions"]:
            mentions.append({"article_id": aid, "start": s, "end": e, "text": text[s:e], "label": "PERSON"})
        for (s, e, v) in ann["timexes"]:
            timexes.append({"article_id": aid, "start": s, "end": e, "text": text[s:e], "type": "DATE", "value": v})
        for (qs, qe), (ss, se), (cs, ce), name in ann["quotes"]:
            quotes.append({"article_id": aid, "start": qs, "end": qe, "text": text[qs:qe], "kind": "direct",
                           "cue_start": cs + 1, "cue_end": ce, "cue_text": "said", "speaker_start": ss,
                           "speaker_end": se, "speaker_text": name, "speaker_name": name,
                           "anonymous": False, "said_on": x["published"]})
        for etype, (ts, te), (ss, se), ac, bc, day, status in ann["events"]:
            events.append({"article_id": aid, "type": etype, "trigger_start": ts, "trigger_end": te,
                           "trigger_text": text[ts:te], "sentence_start": ss, "sentence_end": se,
                           "actors": [ac], "recipients": [bc], "actor_spans": [], "recipient_spans": [],
                           "date": day, "status": status})
    for table, rows in ((mention_t, mentions), (timex_t, timexes), (quote_t, quotes), (event_t, events)):
        if rows:
            session.execute(insert(table), rows)


def _serve(db: str) -> tuple[subprocess.Popen, str]:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    code = ("import sys, uvicorn\nfrom parley.api.app import create_app\n"
            "uvicorn.run(create_app(db=sys.argv[1], use_nlp=False), host='127.0.0.1', port=int(sys.argv[2]), "
            "log_level='warning', access_log=False)")
    proc = subprocess.Popen([sys.executable, "-c", code, db, str(port)])
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            if httpx.get(base + "/api/articles?limit=1", timeout=2).status_code == 200:
                return proc, base
        except httpx.HTTPError:
            time.sleep(0.2)
    proc.kill()
    raise RuntimeError("the server did not start")


def _peak_rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return round(int(line.split()[1]) / 1024, 1)
    return 0.0


def _load(base: str, paths: list[str], deadline: float) -> dict[str, Any]:
    """GET every path with WORKERS concurrent clients; latency percentiles in ms and requests/s."""
    def worker(chunk: list[str]) -> list[float]:
        out = []
        with httpx.Client(base_url=base, timeout=30) as client:
            for p in chunk:
                if time.monotonic() > deadline:
                    break
                t0 = time.perf_counter()
                r = client.get(p)
                out.append((time.perf_counter() - t0) * 1000)
                if r.status_code != 200:
                    raise RuntimeError(f"GET {p}: {r.status_code}")
        return out

    t0 = time.perf_counter()
    with ThreadPoolExecutor(WORKERS) as pool:
        times = [ms for part in pool.map(worker, [paths[i::WORKERS] for i in range(WORKERS)]) for ms in part]
    wall = time.perf_counter() - t0
    q = statistics.quantiles(times, n=100, method="inclusive")
    return {"requests": len(times), "per_second": round(len(times) / wall, 1), "p50_ms": round(q[49], 1),
            "p95_ms": round(q[94], 1), "p99_ms": round(q[98], 1)}


def benchmark(gold: Path, *, limit: int | None = None) -> EvalResult:
    n = limit or N_ARTICLES
    tmp = tempfile.TemporaryDirectory(prefix="parley-bench-api-")
    if gold.is_file() and gold.suffix == ".db":
        db, gen_s, dataset = str(gold), 0.0, gold.name
    else:
        db = str(Path(tmp.name) / "bench.db")
        gen_s, dataset = generate(db, n), f"{n:,} fictional articles"
    rng = random.Random(11)
    proc, base = _serve(db)
    try:
        total = httpx.get(base + "/api/articles?limit=1").json()["count"]
        search = [f"/api/search?q={rng.choice(QUERIES)}&limit=20" for _ in range(N_REQUESTS)]
        pages = [f"/articles/{rng.randint(1, total)}" for _ in range(N_REQUESTS)]
        _load(base, search[:20] + pages[:20], time.monotonic() + 30)  # warm-up
        deadline = time.monotonic() + TIME_CAP_S
        results = {"search": _load(base, search, deadline), "article": _load(base, pages, deadline)}
        rss = _peak_rss_mb(proc.pid)
    finally:
        proc.terminate()
        proc.wait(10)
        tmp.cleanup()
    return _result(results, dataset=dataset, documents=total, gen_s=gen_s, rss=rss)


def _result(results: dict[str, dict], *, dataset: str, documents: int, gen_s: float, rss: float) -> EvalResult:
    reqs = sum(r["requests"] for r in results.values())
    metrics: dict[str, Any] = {
        "per_second": round(sum(r["per_second"] * r["requests"] for r in results.values()) / reqs, 1),
        "search_p95_ms": results["search"]["p95_ms"], "article_p95_ms": results["article"]["p95_ms"],
        "peak_rss_mb": rss, "generate_s": round(gen_s, 1), **results}
    rows = ["| endpoint | requests | req/s | p50 ms | p95 ms | p99 ms | target p95 |", "|---|---|---|---|---|---|---|"]
    labels = {"search": "`GET /api/search?q=…&limit=20`", "article": "`GET /articles/{id}` (HTML page)"}
    for key, r in results.items():
        ok = "met" if r["p95_ms"] < TARGETS_MS[key] else "MISSED"
        rows.append(f"| {labels[key]} | {r['requests']} | {r['per_second']} | {r['p50_ms']} | {r['p95_ms']} | "
                    f"{r['p99_ms']} | < {TARGETS_MS[key]:.0f} ms ({ok}) |")
    return EvalResult(
        task="api", dataset=dataset, documents=documents, metrics=metrics, extra_markdown="\n".join(rows),
        notes=[f"Real uvicorn server on loopback in its own process, httpx client with {WORKERS} concurrent "
               f"workers, {N_REQUESTS} requests per endpoint after 40 warm-up requests (capped at "
               f"{TIME_CAP_S:.0f} s); random queries from a fixed list, random article ids.",
               "Each generated article has 3-6 quotes with speakers, as many events, person mentions and one "
               "date, so the article page draws real highlights. peak_rss_mb is the server process's.",
               "Machine shared with other jobs (2 cores): latencies include that noise."])
