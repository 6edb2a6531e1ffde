"""``parley bench api``: latency of the real server (uvicorn, loopback) on 10,000 fictional articles.

The articles are generated from templates with invented countries and people (clearly fictional),
bulk-inserted without NLP (the FTS triggers fire per row), each with a few quotes, mentions, dates
and events so that the article page has annotations to draw. Real HTTP clients (the standard
library's keep-alive connections), 1, 8 and 32 at once, then time ``/api/search`` and the article
page, plus 500-term searches and the heavier listing pages, counting errors.

With a PostgreSQL database (``parley --db postgresql://... bench api``; it must hold no articles), the
same articles go into it too and the same requests run against it, after SQLite, in the same run:
two results, one per engine.

``--gold FILE.db`` serves a SQLite database made before by :func:`generate` instead of generating one
(large sizes take minutes to generate); with a PostgreSQL database that already holds articles
(:func:`generate` with the same ``n`` and seed, then :func:`_generate_postgresql`'s upkeep), that one
is served as it is, beside it.
"""

from __future__ import annotations

import contextlib
import hashlib
import http.client
import itertools
import os
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
from urllib.parse import quote

import httpx

from parley.config import SAMPLES_DIR
from parley.eval.common import EvalResult

DEFAULT_GOLD: Path = SAMPLES_DIR  # unused unless --gold names an existing .db to serve as is
N_ARTICLES = 10_000
N_REQUESTS = 200
CONCURRENCY = (1, 8, 32)
TIME_CAP_S = 240.0
# row -> (limit, the figure held to it): p95 of one client for the usual requests; the worst request
# for 500-term searches (one client) and for the heavier pages (8 clients). Other rows show the load.
TARGETS_MS = {"search c=1": (50.0, "p95_ms"), "article c=1": (100.0, "p95_ms"),
              "hostile search c=1": (1000.0, "max_ms"), "other pages c=8": (5000.0, "max_ms"),
              "search, 2 workers c=32": (300.0, "p95_ms"), "article, 2 workers c=32": (300.0, "p95_ms"),
              "distinct search c=1": (100.0, "p95_ms")}
LABELS = {"search": "`GET /api/search?q=…&limit=20`", "article": "`GET /articles/{id}` (HTML page)",
          "search, 2 workers": "`GET /api/search?q=…&limit=20`, 2 server workers",
          "article, 2 workers": "`GET /articles/{id}`, 2 server workers",
          "hostile search": "`GET /api/search?q=<500 terms>`",
          "distinct search": "`GET /api/search?q=<a OR b>`, every query different (no cache hit)",
          "distinct search, 2 workers": "`GET /api/search?q=<a OR b>`, every query different (no cache hit), "
                                        "2 server workers", "other pages": "timeline, network, lists (HTML, JSON)"}
OTHER_PAGES = ["/api/timeline", "/api/network", "/timeline?bucket=week", "/network", "/events", "/quotes",
               "/api/quotes?q=talks", "/search?q=s*", "/", "/api/events?type=AGREE,ACCUSE", "/entities"]

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
        t.add("Later that week ")
        actor = t.add(a)
        t.add(" ")
        trig = t.add(verb)
        t.add(" ")
        recipient = t.add(b)
        t.add(f" over {topic}, according to diplomats familiar with the talks.\n")
        ann["events"].append((etype, trig, (sent_start, t.n), (ac, actor), (bc, recipient), day.isoformat(),
                              rng.choice(["occurred", "occurred", "planned", "claimed"]),
                              round(rng.uniform(0.05, 0.95), 2)))
    t.add("Further meetings are expected next month. This article is machine-generated fiction.\n")
    return {"text": t.text(), "title": f"{a} and {b} resume talks on {topic}", "published": day.isoformat(),
            "source": rng.choice(["The Fictional Herald", "Imaginary Wire", "Invented Courier"]), "ann": ann}


def generate(db: str, n: int, *, seed: int = 7) -> float:
    """Bulk-insert ``n`` fictional annotated articles into ``db``; returns the seconds it took."""
    from sqlalchemy import insert

    from parley.service import Service
    from parley.store.tables import ArticleRow, EntityRow, EventEntityRow, EventRow, MentionRow, QuoteRow, TimexRow

    rng = random.Random(seed)
    svc = Service(db=db)
    t0 = time.perf_counter()
    entities = {name: i for i, name in enumerate(
        [code for _name, code in COUNTRIES] + [f"{f} {last}" for f in FIRST for last in LAST], start=1)}
    with svc.store.session() as session, session.begin():
        session.execute(insert(EntityRow), [
            {"id": i, "key": f"bench:{key}", "name": dict((c, n) for n, c in COUNTRIES).get(key, key),
             "type": "GPE" if i <= len(COUNTRIES) else "PERSON", "code": key if i <= len(COUNTRIES) else None,
             "aliases": []} for key, i in entities.items()])
        ids = {"event": 0}
        for first in range(0, n, 1000):
            arts = [fictional_article(first + k + 1, rng) for k in range(min(1000, n - first))]
            rows = [{"id": first + k + 1, "text": x["text"], "title": x["title"], "published": x["published"],
                     "published_source": "meta", "source": x["source"], "kind": "text", "language": "en",
                     "item": f"bench:{first + k + 1}", "authors": [],
                     "content_hash": hashlib.sha256(x["text"].encode()).hexdigest()} for k, x in enumerate(arts)]
            session.execute(insert(ArticleRow), rows)
            _annotations(session, arts, first + 1, (QuoteRow, MentionRow, TimexRow, EventRow, EventEntityRow),
                         entities, ids)
    svc.close()
    return time.perf_counter() - t0


def _annotations(session: Any, arts: list[dict], first_id: int, tables: tuple, entities: dict[str, int],
                 ids: dict[str, int]) -> None:
    """Rows for the annotations of ``arts``: events link their sides' entities, as ingest stores them."""
    from sqlalchemy import insert

    quote_t, mention_t, timex_t, event_t, side_t = tables
    quotes, mentions, timexes, events, sides = [], [], [], [], []
    for k, x in enumerate(arts):
        aid, text, ann = first_id + k, x["text"], x["ann"]
        for (s, e) in ann["mentions"]:
            mentions.append({"article_id": aid, "start": s, "end": e, "text": text[s:e], "label": "PERSON",
                             "entity_id": entities[text[s:e]]})
        for (s, e, v) in ann["timexes"]:
            timexes.append({"article_id": aid, "start": s, "end": e, "text": text[s:e], "type": "DATE", "value": v})
        for (qs, qe), (ss, se), (cs, ce), name in ann["quotes"]:
            quotes.append({"article_id": aid, "start": qs, "end": qe, "text": text[qs:qe], "kind": "direct",
                           "cue_start": cs + 1, "cue_end": ce, "cue_text": "said", "speaker_start": ss,
                           "speaker_end": se, "speaker_text": name, "speaker_name": name,
                           "speaker_entity_id": entities[name], "anonymous": False, "said_on": x["published"],
                           "confidence": 0.95, "resolved_by": "name"})
        for etype, (ts, te), (ss, se), (ac, (a0, a1)), (bc, (b0, b1)), day, status, conf in ann["events"]:
            ids["event"] += 1
            events.append({"id": ids["event"], "article_id": aid, "type": etype, "trigger_start": ts,
                           "trigger_end": te, "trigger_text": text[ts:te], "sentence_start": ss, "sentence_end": se,
                           "actors": [ac], "recipients": [bc], "actor_spans": [_span(text, a0, a1)],
                           "recipient_spans": [_span(text, b0, b1)], "date": day, "status": status,
                           "confidence": conf, "date_source": "text"})
            for code, start, end, role in ((ac, a0, a1, "actor"), (bc, b0, b1, "recipient")):
                mentions.append({"article_id": aid, "start": start, "end": end, "text": text[start:end],
                                 "label": "GPE", "entity_id": entities[code]})
                sides.append({"event_id": ids["event"], "article_id": aid, "entity_id": entities[code], "role": role})
    for table, rows in ((mention_t, mentions), (timex_t, timexes), (quote_t, quotes), (event_t, events),
                        (side_t, sides)):
        if rows:
            session.execute(insert(table), rows)


def _serve(db: str, workers: int = 1) -> tuple[subprocess.Popen, str]:
    """``parley serve``'s app (``parley.api.app:app_from_env``) under uvicorn in its own process."""
    import os
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    code = ("import sys, uvicorn\n"
            "uvicorn.run('parley.api.app:app_from_env', factory=True, host='127.0.0.1', port=int(sys.argv[1]), "
            "workers=int(sys.argv[2]), log_level='warning', access_log=False)")
    env = os.environ | {"PARLEY_DB": db, "PARLEY_NLP": "0", "PARLEY_SECRET": "bench"}
    env.pop("PARLEY_TOKEN", None)
    proc = subprocess.Popen([sys.executable, "-c", code, str(port), str(workers)], env=env)
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


def _get(conn: http.client.HTTPConnection, path: str) -> tuple[float, bool]:
    t0 = time.perf_counter()
    try:
        conn.request("GET", path)
        answer = conn.getresponse()
        answer.read()
        ok = answer.status == 200
    except (OSError, http.client.HTTPException):
        conn.close()  # the next request connects again
        ok = False
    return (time.perf_counter() - t0) * 1000, ok


def _clients(base: str, chunks: list[list[str]], deadline: float) -> list[tuple[float, bool, float, float]]:
    """One thread per chunk, each a keep-alive connection GETting its paths in turn: (ms, ok, started,
    ended) per request. The standard library's client costs a third of httpx's CPU per request, which
    on a 2-core machine is CPU taken from the server being measured."""
    host, port = base.removeprefix("http://").rsplit(":", 1)

    def worker(chunk: list[str]) -> list[tuple[float, bool, float, float]]:
        out = []
        conn = http.client.HTTPConnection(host, int(port), timeout=30)
        try:
            for p in chunk:
                if time.time() > deadline:
                    break
                t0 = time.time()
                ms, ok = _get(conn, quote(p, safe="/?&=*%:"))
                out.append((ms, ok, t0, time.time()))
        finally:
            conn.close()
        return out

    with ThreadPoolExecutor(len(chunks)) as pool:
        return [r for part in pool.map(worker, chunks) for r in part]


def _clients_in_process(args: tuple[str, list[list[str]], float]) -> list[tuple[float, bool, float, float]]:
    return _clients(*args)


def _ready(_i: int) -> None:
    """A task that makes a client process import this module (and httpx, SQLAlchemy, ...) before the
    timed requests, so that its start-up does not take the server's CPU while they run."""
    time.sleep(0.2)


def _yield_cpu() -> None:
    """Client processes run at a lower priority (nice 10): a load generator on another machine would
    take none of the server's CPU, and on this machine's 2 cores the server under test comes first."""
    with contextlib.suppress(OSError):
        os.nice(10)


def _load(base: str, paths: list[str], concurrency: int, deadline: float,
          warm: list[str] | None = None) -> dict[str, Any]:
    """GET every path with ``concurrency`` clients at once; latency percentiles in ms, requests/s and
    errors (any status but 200, or no answer). From 8 clients up the clients run in several processes
    (8 threads each, at most 4), so that one Python process's own lock does not queue them and its
    waiting is not counted as the server's. ``warm`` paths are requested (8 clients, untimed) right
    before the timed ones, once the client processes have started: a warm-up done before their start
    could have left the search cache (5 s) by the time the timed requests came."""
    import multiprocessing

    stop = time.time() + max(deadline - time.monotonic(), 0.0)
    chunks = [paths[i::concurrency] for i in range(concurrency)]
    procs = min(4, concurrency // 8)
    if procs > 1:
        with multiprocessing.get_context("spawn").Pool(procs, initializer=_yield_cpu) as pool:
            pool.map(_ready, range(procs), chunksize=1)
            if warm:  # again, after the client processes' start-up, which outlasts the search cache
                _clients(base, [warm[i::8] for i in range(8)], stop)
            done = [r for part in pool.map(_clients_in_process, [(base, chunks[i::procs], stop)
                                                                  for i in range(procs)]) for r in part]
    else:
        done = _clients(base, chunks, stop)
    wall = (max(r[3] for r in done) - min(r[2] for r in done)) if done else 1.0
    times = [ms for ms, _ok, _t0, _t1 in done] or [0.0]
    q = statistics.quantiles(times, n=100, method="inclusive") if len(times) > 1 else times * 99
    return {"requests": len(done), "errors": sum(not ok for _ms, ok, _t0, _t1 in done),
            "per_second": round(len(done) / max(wall, 1e-6), 1), "p50_ms": round(q[49], 1),
            "p95_ms": round(q[94], 1), "max_ms": round(max(times), 1)}


def _paths(rng: random.Random, total: int, n: int) -> dict[str, list[str]]:
    hostile = [" ".join(["s*"] * 500), " ".join(["the"] * 500),
               " ".join(f"{chr(97 + i % 26)}{'' if i % 3 else '*'}" for i in range(500))]
    words = sorted({w for q in QUERIES + TOPICS + LAST for w in q.split() if len(w) > 3})
    distinct = [f"{a} OR {b}" for a, b in itertools.combinations(words, 2)]
    return {"search": [f"/api/search?q={rng.choice(QUERIES)}&limit=20" for _ in range(n)],
            # 2n different queries: the first n for one client, the others for 32 (none seen before)
            "distinct search": [f"/api/search?q={q}&limit=20" for q in rng.sample(distinct, 2 * n)],
            "article": [f"/articles/{rng.randint(1, total)}" for _ in range(n)],
            "hostile search": [f"/api/search?q={rng.choice(hostile)}" for _ in range(max(n // 5, 10))],
            "other pages": [rng.choice(OTHER_PAGES) for _ in range(max(n // 5, 10))]}


def benchmark(gold: Path, *, limit: int | None = None) -> EvalResult | list[EvalResult]:
    n = limit or N_ARTICLES
    pg = os.environ.get("PARLEY_DB", "")
    tmp = tempfile.TemporaryDirectory(prefix="parley-bench-api-")
    try:
        if gold.is_file() and gold.suffix == ".db":
            first = _measure(str(gold), dataset=gold.name, gen_s=0.0)
        else:
            db = str(Path(tmp.name) / "bench.db")
            first = _measure(db, dataset=f"{n:,} fictional articles", gen_s=generate(db, n))
    finally:
        tmp.cleanup()
    if not pg.startswith(("postgresql:", "postgres:")):
        return first
    if gold.is_file() and gold.suffix == ".db" and _holds_articles(pg):  # both generated before: as given
        return [first, _measure(pg, dataset=f"{gold.name}'s articles on PostgreSQL", gen_s=0.0)]
    gen_s = _generate_postgresql(pg, n)
    return [first, _measure(pg, dataset=f"{n:,} fictional articles on PostgreSQL", gen_s=gen_s)]


def _holds_articles(db: str) -> bool:
    from sqlalchemy import text

    from parley.store.engine import open_store

    store = open_store(db)
    try:
        with store.session() as session:
            return bool(session.execute(text("SELECT count(*) FROM articles")).scalar_one())
    finally:
        store.close()


def _generate_postgresql(db: str, n: int) -> float:
    """:func:`generate` into an empty PostgreSQL database, then its id sequences moved past the ids
    given and its planner statistics gathered (as after any bulk load). A second ``VACUUM`` marks the
    pages the first could not mark all-visible: right after the load's commit a snapshot held
    elsewhere (autovacuum's own ``ANALYZE``, started by that commit) can keep the first from marking
    the tables it vacuums then (once, at 100,000 articles: the mentions and entities), and every
    index-only count of their rows (the search's entity counts) then reads the table as well."""
    from sqlalchemy import text

    from parley.errors import Rejected
    from parley.store.engine import open_store

    store = open_store(db)
    with store.session() as session:
        if session.execute(text("SELECT count(*) FROM articles")).scalar_one():
            store.close()
            raise Rejected("bench api needs an empty database: this one holds articles", item=db)
    store.close()
    gen_s = generate(db, n)
    store = open_store(db)
    t0 = time.perf_counter()
    with store.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
        for table in ("articles", "quotes", "mentions", "timexes", "events", "entities", "event_entities"):
            conn.exec_driver_sql(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                                 f"(SELECT coalesce(max(id), 1) FROM {table}))")
        conn.exec_driver_sql("VACUUM ANALYZE")
        conn.exec_driver_sql("VACUUM")
    store.close()
    return gen_s + time.perf_counter() - t0


def _measure(db: str, *, dataset: str, gen_s: float) -> EvalResult:
    """Serve ``db`` and time every endpoint and level, one worker then two."""
    rng = random.Random(11)
    proc, base = _serve(db)
    results: dict[str, dict[str, Any]] = {}
    try:
        total = httpx.get(base + "/api/articles?limit=1").json()["count"]
        paths = _paths(rng, total, N_REQUESTS)
        _load(base, paths["search"][:20] + paths["article"][:20], 2, time.monotonic() + 30)  # warm-up
        deadline = time.monotonic() + TIME_CAP_S
        for c in CONCURRENCY:
            for key in ("search", "article"):
                results[f"{key} c={c}"] = _load(base, paths[key], c, deadline)
        results["distinct search c=1"] = _load(base, paths["distinct search"][:N_REQUESTS], 1, deadline)
        for c in (1, 8):
            results[f"hostile search c={c}"] = _load(base, paths["hostile search"], c, deadline)
        results["other pages c=8"] = _load(base, paths["other pages"], 8, deadline)
        rss = _peak_rss_mb(proc.pid)
        proc.terminate()
        proc.wait(10)
        proc, base = _serve(db, workers=2)
        # warm-up: 8 connections, so that both server processes have served each kind of page
        warm = paths["search"][:40] + paths["article"][:40]
        _load(base, warm, 8, time.monotonic() + 30)
        for key, these in (("search", paths["search"]), ("article", paths["article"]),
                           ("distinct search", paths["distinct search"][N_REQUESTS:])):
            results[f"{key}, 2 workers c=32"] = _load(base, these, 32, time.monotonic() + TIME_CAP_S,
                                                      warm=warm if key != "distinct search" else None)
    finally:
        proc.terminate()
        proc.wait(10)
    return _result(results, dataset=dataset, documents=total, gen_s=gen_s, rss=rss)


def _result(results: dict[str, dict], *, dataset: str, documents: int, gen_s: float, rss: float) -> EvalResult:
    metrics: dict[str, Any] = {
        "search_p95_ms": results["search c=1"]["p95_ms"], "article_p95_ms": results["article c=1"]["p95_ms"],
        "distinct_search_p95_ms": results["distinct search c=1"]["p95_ms"],
        "hostile_max_ms": results["hostile search c=1"]["max_ms"],
        "max_ms": max(r["max_ms"] for r in results.values()), "errors": sum(r["errors"] for r in results.values()),
        "peak_rss_mb": rss, "generate_s": round(gen_s, 1), **results}
    rows = ["| endpoint | clients | requests | errors | req/s | p50 ms | p95 ms | max ms | target |",
            "|---|---|---|---|---|---|---|---|---|"]
    for name, r in results.items():
        key, _, clients = name.rpartition(" c=")
        target = "–"
        if name in TARGETS_MS:
            limit, value = TARGETS_MS[name]
            ok = "met" if r[value] < limit and not r["errors"] else "MISSED"
            target = f"{value.removesuffix('_ms')} < {limit:,.0f} ms ({ok})"
        elif r["errors"]:
            target = "errors: MISSED"
        rows.append(f"| {LABELS[key]} | {clients} | {r['requests']} | {r['errors']} | {r['per_second']} | "
                    f"{r['p50_ms']} | {r['p95_ms']} | {r['max_ms']} | {target} |")
    return EvalResult(
        task="api", dataset=dataset, documents=documents, metrics=metrics, extra_markdown="\n".join(rows),
        notes=["Real uvicorn server (`parley serve`'s app, one worker; then two workers at 32 clients) on loopback "
               "in its own process; keep-alive standard-library HTTP clients (from 16 on, in several processes "
               "of 8 threads, so that the client's own interpreter lock does not queue requests, each process "
               "started before the timed requests and run at nice 10, so that the server comes first when both "
               "want a core: the clients still share the 2 cores), "
               f"at concurrency {', '.join(map(str, CONCURRENCY))}, {N_REQUESTS} requests per endpoint "
               "and level after 40 warm-up requests (80 on 8 connections for two workers, so that both have "
               "served each page, made again right before each of their search and article rows, once the "
               f"client processes have started; all capped at {TIME_CAP_S:.0f} s); random queries from a "
               "fixed list of 20, random article ids. Errors: any status but 200, or no answer within 30 s.",
               "The server reuses a search's answer for `PARLEY_SEARCH_CACHE_S` seconds (5) and runs identical "
               "searches that arrive together once, so the fixed list's repeats are mostly answered from that "
               "cache; the distinct-search rows (two words joined by OR, every query different, never asked "
               "before in the run) show the cost without it: one client (held to the same 100 ms as a search "
               "at 100,000 articles), then 32 on two workers.",
               "Hostile search: 500-term queries (`s* s* …`, `the the …`, 500 mixed prefixes); other pages: "
               "timeline, network, events, quotes and listing pages and their JSON twins.",
               "Each generated article has 3-6 quotes with speakers, as many events, person mentions and one "
               "date, so the article page draws real highlights. peak_rss_mb is the server process's.",
               "Machine shared with other jobs (2 cores, client and server on the same cores): latencies "
               "include that noise."])


def _span(text: str, start: int, end: int) -> dict[str, Any]:
    return {"start": start, "end": end, "text": text[start:end]}
