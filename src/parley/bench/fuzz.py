"""``parley bench fuzz``: every ingest and cleaner entry point on mutated inputs; crashes and hangs.

Inputs are the sample corpus (``--gold``, default ``src/parley/samples``) and a few built-in pages,
feeds, JSONL lines and WARC records, mutated by byte flips, insertions, deletions, repeats, splices
of hostile tokens and truncation. Input ``i`` depends only on ``(seed, i)``: the seed
(``PARLEY_FUZZ_SEED``, default :data:`SEED`) and the index reproduce it. Each input goes through one
entry point: :func:`~parley.ingest.sources.iter_source` on a temporary file of each kind (whose items
are then cleaned), :func:`~parley.clean.clean_item`, :func:`~parley.clean.html.extract_html`,
:func:`~parley.ingest.sources.jsonl_record`, :func:`~parley.ingest.sources.feed_items` and
:func:`~parley.ingest.sources.warc_items`.

A crash is any exception other than :class:`~parley.errors.ParleyError` escaping an entry point; a
hang is a call still running after :data:`HANG_S` seconds. The calls run in a child process that a
hang gets killed (and replaced); the inputs that crashed or hung are written to a folder named in
the results.
"""

from __future__ import annotations

import gzip
import os
import random
import sys
import tempfile
import time
import traceback
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from parley.config import SAMPLES_DIR
from parley.eval.common import EvalResult

DEFAULT_GOLD: Path = SAMPLES_DIR
SEED = 20261125
N_INPUTS = 500
HANG_S = 10.0
MAX_INPUT = 256 * 1024
# entry point -> the seed format it mutates
ENTRIES: tuple[tuple[str, str], ...] = (
    ("iter_source:.html", "html"), ("iter_source:.txt", "text"), ("iter_source:.jsonl", "jsonl"),
    ("iter_source:.rss", "feed"), ("iter_source:.warc", "warc"), ("iter_source:.html.gz", "html"),
    ("iter_source:.xml", "feed"), ("iter_source:(none)", "any"),
    ("clean_item:html", "html"), ("clean_item:text", "text"), ("extract_html", "html"),
    ("jsonl_record", "jsonl"), ("feed_items", "feed"), ("warc_items", "warc"),
)
TOKENS = [b"<", b">", b"</div>", b"<div>" * 60, b"<![CDATA[", b"]]>", b"&#0;", b"&#xD800;", b"&#1114112;", b"\x00",
          b"\xff\xfe", b"\xfe\xff", b"\xef\xbb\xbf", b"\r\n", "\u202e".encode(), b"\xed\xa0\x80", b"\xc3",
          b"<script>", b"</script>", b"<?xml version='1.0' encoding='utf-16'?>", b'{"', b'"}', b"\\ud800",
          b"[", b"{", b"null", b"1e999", b"-0", b"WARC/1.0\r\n", b"Content-Length: 99999999\r\n",
          b"Content-Type: text/html\r\n", b"\r\n\r\n", b"<rss version='2.0'><channel><item><description>",
          b"<feed xmlns='http://www.w3.org/2005/Atom'><entry><content type='html'>", b"</item></channel></rss>",
          b"<meta property='article:published_time' content='", b"<script type='application/ld+json'>",
          b'{"@context":"https://schema.org","@type":"NewsArticle","datePublished":', b'"author":{"name":[[[',
          b"<link rel='canonical' href='", b"javascript:alert(1)", b"9999-99-99", b"0000-00-00", b"2025-02-30",
          b"<time datetime='", b"\t" * 100, b" " * 1000, b"a" * 5000, b"<p>" * 500, b"<table><tr><td>" * 100,
          b"\n" * 500, b"\xe2\x80\x9c" * 200, b"said", b"http://[::1", b"https://example.org/2025/13/45/x",
          b'"text": ', b'"html": ', b'"url": 5', b'"published": {}', b"<!--", b"-->", b"<html><body>"]
HTML_SEED = (b"<!doctype html><html><head><title>Envoys meet at the dam</title>"
             b"<meta property='article:published_time' content='2025-05-28T10:00:00Z'>"
             b"<link rel='canonical' href='https://example.org/2025/05/28/dam'>"
             b"<script type='application/ld+json'>{\"@type\":\"NewsArticle\",\"author\":{\"name\":\"A. Writer\"}}"
             b"</script></head><body><article><h1>Envoys meet at the dam</h1><p>FICTIONAL. Envoys from both "
             b"capitals met at the dam on Tuesday, officials said.</p><p>\xe2\x80\x9cWe agreed,\xe2\x80\x9d the "
             b"spokeswoman said.</p></article></body></html>")
FEED_SEED = (b"<?xml version='1.0'?><feed xmlns='http://www.w3.org/2005/Atom'><title>Wire</title><entry>"
             b"<title>Talks resume</title><link href='https://example.org/a'/><updated>2025-05-28T00:00:00Z</updated>"
             b"<content type='html'>&lt;p&gt;FICTIONAL. The talks resumed on Monday, envoys said.&lt;/p&gt;</content>"
             b"</entry></feed>")


def _warc(html: bytes, uri: str = "https://example.org/2025/05/28/a") -> bytes:
    http = b"HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\n\r\n" + html
    head = (f"WARC/1.0\r\nWARC-Type: response\r\nWARC-Target-URI: {uri}\r\nWARC-Date: 2025-05-28T00:00:00Z\r\n"
            f"WARC-Record-ID: <urn:uuid:12345678-1234-1234-1234-123456789abc>\r\n"
            f"Content-Type: application/http; msgtype=response\r\nContent-Length: {len(http)}\r\n\r\n").encode()
    return head + http + b"\r\n\r\n"


def seed_inputs(gold: Path) -> dict[str, list[bytes]]:
    """Starting inputs by format: the files under ``gold`` plus the built-in ones."""
    pools: dict[str, list[bytes]] = {"html": [HTML_SEED], "text": [], "jsonl": [], "feed": [FEED_SEED], "warc": []}
    files = sorted(p for p in gold.rglob("*") if p.is_file()) if gold.is_dir() else [gold]
    for path in files:
        data = path.read_bytes()[:MAX_INPUT]
        suffix = path.suffix.lower()
        if suffix in (".html", ".htm"):
            pools["html"].append(data)
        elif suffix in (".txt", ".md"):
            pools["text"].append(data)
        elif suffix == ".jsonl":
            pools["jsonl"] += [line for line in data.splitlines() if line.strip()][:50]
        elif suffix in (".rss", ".atom", ".xml"):
            pools["feed"].append(data)
    pools["text"] = pools["text"] or [b"FICTIONAL. The ferry ran late again on Monday, the harbour office said.\n"]
    pools["jsonl"] = pools["jsonl"] or [b'{"text": "FICTIONAL. The talks resumed.", "url": "https://example.org/x"}']
    pools["warc"] = [_warc(h) for h in pools["html"][:4]] + [_warc(pools["html"][0]) * 2]
    return pools


def mutate(rng: random.Random, data: bytes) -> bytes:
    """One to five random edits: flips, inserts, deletes, repeats, hostile tokens, truncation."""
    buf = bytearray(data)
    for _ in range(rng.randint(1, 5)):
        op = rng.randrange(7)
        at = rng.randrange(len(buf) + 1)
        if op == 0 and buf:
            for _ in range(rng.randint(1, 16)):
                i = rng.randrange(len(buf))
                buf[i] = rng.randrange(256)
        elif op == 1:
            buf[at:at] = bytes(rng.randrange(256) for _ in range(rng.randint(1, 64)))
        elif op == 2 and buf:
            del buf[at:at + rng.randint(1, max(1, len(buf) // 4))]
        elif op == 3 and buf:
            piece = bytes(buf[at:at + rng.randint(1, 200)])
            buf[at:at] = piece * rng.randint(2, 200)
        elif op in (4, 5):
            buf[at:at] = rng.choice(TOKENS) * (rng.randint(1, 40) if op == 5 else 1)
        else:
            buf = buf[:at]
    return bytes(buf[:MAX_INPUT])


@dataclass
class Case:
    index: int
    entry: str
    data: bytes


def make_case(seed: int, index: int, pools: dict[str, list[bytes]]) -> Case:
    """Input ``index`` of the run with ``seed`` (the same for the same seed, index and pools)."""
    rng = random.Random(f"{seed}:{index}")
    entry, fmt = ENTRIES[index % len(ENTRIES)]
    if fmt == "any":
        fmt = rng.choice(sorted(pools))
    return Case(index, entry, mutate(rng, rng.choice(pools[fmt])))


def _consume(entries: Iterator[Any]) -> int:
    """Drain a source's entries, cleaning each document as ``parley ingest`` would."""
    from parley.clean import clean_item
    from parley.errors import ParleyError
    from parley.records import RawItem

    n = 0
    for entry in entries:
        n += 1
        if isinstance(entry, RawItem):
            try:
                clean_item(entry)
            except ParleyError:
                pass
    return n


def run_case(case: Case, work: Path) -> None:
    """Call the case's entry point on its input; a :class:`ParleyError` is a fine answer."""
    from parley.clean import clean_item
    from parley.clean.html import extract_html
    from parley.errors import ParleyError
    from parley.ingest.sources import feed_items, iter_source, jsonl_record, warc_items
    from parley.records import RawItem

    name, _, how = case.entry.partition(":")
    try:
        if name == "iter_source":
            path = work / f"case{case.index}{'' if how == '(none)' else how}"
            path.write_bytes(gzip.compress(case.data) if how.endswith(".gz") else case.data)
            _consume(iter_source(str(path), max_bytes=MAX_INPUT * 4))
        elif name == "clean_item":
            data: bytes | str = case.data if how == "html" else case.data.decode("utf-8", "surrogateescape")
            clean_item(RawItem(item="fuzz", kind=how, data=data, origin="file",
                               url=case.data[:60].decode("latin-1"), published=case.data[-12:].decode("latin-1")))
        elif name == "extract_html":
            extract_html(case.data, url="https://example.org/2025/05/28/fuzz")
        elif name == "jsonl_record":
            entry = jsonl_record(case.data.decode("utf-8", "surrogateescape"), "fuzz.jsonl:1")
            _consume(iter([entry]))
        elif name == "feed_items":
            _consume(feed_items(case.data, "fuzz.rss"))
        elif name == "warc_items":
            path = work / f"case{case.index}.warc"
            path.write_bytes(case.data)
            _consume(warc_items(path, str(path)))
    except ParleyError:
        pass


def _child(seed: int, gold: str, indices: list[int], conn: Any) -> None:
    """Run cases one by one, telling the parent when each starts and how it ended."""
    import warnings

    warnings.simplefilter("ignore")
    pools = seed_inputs(Path(gold))
    with tempfile.TemporaryDirectory(prefix="parley-fuzz-") as tmp:
        conn.send(("ready", -1, ""))
        for i in indices:
            case = make_case(seed, i, pools)
            conn.send(("start", i, case.entry))
            t0 = time.perf_counter()
            try:
                run_case(case, Path(tmp))
                conn.send(("ok", i, f"{time.perf_counter() - t0:.3f}"))
            except BaseException as exc:  # noqa: BLE001 - a crash is what we are looking for
                last = traceback.extract_tb(exc.__traceback__)[-1]
                where = f"{Path(last.filename).name}:{last.lineno}"
                conn.send(("crash", i, f"{type(exc).__name__}: {str(exc)[:200]} (at {where})"))


@dataclass
class Report:
    seed: int
    inputs: int = 0
    crashes: list[dict[str, Any]] = field(default_factory=list)
    hangs: list[dict[str, Any]] = field(default_factory=list)
    slowest: tuple[float, int] = (0.0, -1)
    per_entry: Counter[str] = field(default_factory=Counter)
    seconds: float = 0.0
    findings: str | None = None


def fuzz(n: int, *, seed: int = SEED, gold: Path = DEFAULT_GOLD, hang_s: float = HANG_S,
         keep: Path | None = None) -> Report:
    """Run ``n`` inputs; crashed and hung ones are written under ``keep`` (a fresh temp folder when
    there is something to keep and ``keep`` is None)."""
    import multiprocessing as mp

    ctx = mp.get_context("spawn")
    report = Report(seed)
    pending = list(range(n))
    t0 = time.perf_counter()
    while pending:
        parent, child = ctx.Pipe()
        proc = ctx.Process(target=_child, args=(seed, str(gold), pending, child), daemon=True)
        proc.start()
        pending = _watch(proc, parent, pending, report, hang_s)
    report.seconds = time.perf_counter() - t0
    if report.crashes or report.hangs:
        pools = seed_inputs(gold)
        folder = keep or Path(tempfile.mkdtemp(prefix="parley-fuzz-findings-"))
        folder.mkdir(parents=True, exist_ok=True)
        for found in report.crashes + report.hangs:
            case = make_case(seed, found["index"], pools)
            path = folder / f"seed{seed}-input{case.index}-{case.entry.replace(':', '_').replace('(none)', 'none')}"
            path.write_bytes(case.data)
            found["input"] = str(path)
        report.findings = str(folder)
    return report


def _watch(proc: Any, conn: Any, pending: list[int], report: Report, hang_s: float) -> list[int]:
    """Follow one child until it is done (returns []) or hangs (returns the indices after the hung one)."""
    started: tuple[int, str] | None = None
    ready = False
    while True:
        if not conn.poll(hang_s if ready else 120):
            if started is None:
                proc.kill()
                raise RuntimeError("the fuzz worker did not start")
            proc.kill()
            proc.join()
            index, entry = started
            report.inputs += 1
            report.per_entry[entry] += 1
            report.hangs.append({"index": index, "entry": entry, "error": f"still running after {hang_s:g} s"})
            return pending[pending.index(index) + 1:]
        try:
            kind, index, info = conn.recv()
        except EOFError:  # the worker died (a crash of the interpreter itself)
            proc.join()
            if started is None:
                raise RuntimeError("the fuzz worker died before it started") from None
            index, entry = started
            report.inputs += 1
            report.crashes.append({"index": index, "entry": entry, "error": f"worker died ({proc.exitcode})"})
            return pending[pending.index(index) + 1:]
        if kind == "ready":
            ready = True
        elif kind == "start":
            started = (index, info)
        else:
            entry = started[1] if started else "?"
            report.inputs += 1
            report.per_entry[entry] += 1
            if kind == "crash":
                report.crashes.append({"index": index, "entry": entry, "error": info})
            else:
                report.slowest = max(report.slowest, (float(info), index))
            started = None
            if index == pending[-1]:
                proc.join(10)
                return []


def benchmark(gold: Path, *, limit: int | None = None) -> EvalResult:
    """``parley bench fuzz [--limit N]``: N mutated inputs (default :data:`N_INPUTS`)."""
    n = limit or N_INPUTS
    seed = int(os.environ.get("PARLEY_FUZZ_SEED") or SEED)
    rep = fuzz(n, seed=seed, gold=gold)
    metrics: dict[str, Any] = {"inputs": rep.inputs, "crashes": len(rep.crashes), "hangs": len(rep.hangs),
                               "seed": str(seed), "slowest_s": round(rep.slowest[0], 2),
                               "seconds": round(rep.seconds, 1), "per_entry": dict(sorted(rep.per_entry.items()))}
    notes = [f"Seed {seed} (PARLEY_FUZZ_SEED); input i is reproduced by make_case(seed, i, seed_inputs(gold)). "
             f"A hang is a call still running after {HANG_S:g} s; the slowest finished call took "
             f"{rep.slowest[0]:.2f} s (input {rep.slowest[1]}).",
             "Entry points: " + ", ".join(e for e, _ in ENTRIES) + "."]
    kinds: dict[str, list[int]] = {}
    for found in rep.crashes:
        kinds.setdefault(f"crash: {found['error']}", []).append(found["index"])
    for found in rep.hangs:
        kinds.setdefault(f"hang ({found['entry']})", []).append(found["index"])
    for what, indices in kinds.items():
        notes.append(f"{what}: {len(indices)} input(s), e.g. " + ", ".join(map(str, indices[:8])))
    if rep.findings:
        print(f"fuzz: the inputs that crashed or hung are in {rep.findings}", file=sys.stderr)
    return EvalResult(task="fuzz", dataset=f"{gold.name}, {n} mutated inputs", documents=rep.inputs,
                      metrics=metrics, notes=notes)
