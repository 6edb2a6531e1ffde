"""``parley bench ingest-full``: real news pages through clean -> NLP -> store, on one and two workers.

Over the ScrapingHub pages (``--n`` page ingests, default 2,000, cycling through the pages) it
reports, each run in a fresh process of its own:

* trafilatura alone (text extraction only), then the bare spaCy parse (the shipped model as
  trained, no Parley component) of the texts Parley's cleaner keeps, then Parley's own pipeline on
  the same texts (``Annotator.annotate``, windows as in an ingest): articles/s, words/s, and what
  Parley's components add to the bare parse's time;
* ``Service.ingest`` (clean, NLP, store into a fresh SQLite file) with one worker, then with two
  (``workers=2``), over the first pass of pages: articles/s and words/s;
* the two-worker ingest's peak RSS (main process plus workers, sampled) and the growth of that RSS
  from the end of the first pass to the end of all ``--n`` page ingests (later passes repeat the
  pages: parsed again, stored as duplicates);
* µs per token of each component on one document of about 1k, 4k, 16k and 64k tokens (whole
  ScrapingHub articles joined), parsed whole, without the window guard.

The machine may be shared: absolute figures are noisy, the ratios within one run less so.
"""

from __future__ import annotations

import gc
import os
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

from parley.bench.common import in_process, in_subprocess
from parley.corpora.scrapinghub import Page, missing_note, missing_pages, read_pages
from parley.eval.common import EvalResult
from parley.eval.extraction import DEFAULT_GOLD

DEFAULT_N = 2000
SIZES = (1_000, 4_000, 16_000, 64_000)
REPEAT = 3  # per-token sweep: each size is timed this many times and the least is kept


# ---------------------------------------------------------------- memory of a process tree


def _rss_kb(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/status", encoding="ascii") as fh:
            for line in fh:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1])
    except (OSError, ValueError):
        pass
    return 0


def _children(pid: int) -> list[int]:
    out: list[int] = []
    try:
        for task in os.listdir(f"/proc/{pid}/task"):
            with open(f"/proc/{pid}/task/{task}/children", encoding="ascii") as fh:
                out += [int(x) for x in fh.read().split()]
    except OSError:
        pass
    return out


def tree_rss_mb(pid: int | None = None) -> float:
    """Resident memory of a process and all its descendants (Linux ``/proc``), in MB."""
    todo, total = [pid or os.getpid()], 0
    while todo:
        p = todo.pop()
        total += _rss_kb(p)
        todo += _children(p)
    return round(total / 1024, 1)


class PeakSampler:
    """Samples :func:`tree_rss_mb` of this process tree in a thread; ``peak`` is the largest seen."""

    def __init__(self, every: float = 0.25) -> None:
        self.every, self.peak = every, 0.0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        while not self._stop.is_set():
            self.peak = max(self.peak, tree_rss_mb())
            self._stop.wait(self.every)

    def __enter__(self) -> PeakSampler:
        self._thread.start()
        return self

    def __exit__(self, *_exc: object) -> None:
        self._stop.set()
        self._thread.join()
        self.peak = max(self.peak, tree_rss_mb())


# ---------------------------------------------------------------- the runs


def _pages(gold: str, n: int) -> list[Page]:
    pages, _missing = read_pages(Path(gold))
    return pages[:n]


def _words(text: str) -> int:
    return len(text.split())


def _trafilatura(gold: str, n: int) -> dict[str, Any]:
    from parley.eval.extraction import trafilatura_extract

    pages = _pages(gold, n)
    trafilatura_extract(pages[0][2], pages[0][1])  # warm-up
    t0, words = time.perf_counter(), 0
    for _key, url, html, _body in pages:
        words += _words(trafilatura_extract(html, url))
    secs = time.perf_counter() - t0
    return {"seconds": secs, "articles": len(pages), "words": words}


def _cleaned(pages: list[Page]) -> list[Any]:
    """Parley's articles of the pages (those it keeps, in English)."""
    from parley.clean import clean_item
    from parley.errors import ParleyError
    from parley.records import RawItem

    out = []
    for key, url, html, _body in pages:
        try:
            art = clean_item(RawItem(item=key, kind="html", data=html, origin="file", url=url or None))
        except ParleyError:
            continue
        if art.text and art.language == "en":
            out.append(art)
    return out


def _parse(gold: str, n: int) -> dict[str, Any]:
    """The bare spaCy parse and Parley's whole pipeline on the same cleaned texts, one process."""
    import spacy

    from parley.annotate import Annotator
    from parley.config import get_settings
    from parley.nlp import model_path

    arts = _cleaned(_pages(gold, n))
    texts = [a.text for a in arts]
    bare = spacy.load(model_path())
    list(bare.pipe(texts[:5]))  # warm-up
    t0 = time.perf_counter()
    tokens = sum(len(doc) for doc in bare.pipe(texts, batch_size=16))
    bare_secs = time.perf_counter() - t0
    annotator = Annotator(get_settings())
    for art in arts[:5]:
        annotator.annotate(art)  # warm-up: model load and lazy tables
    t0 = time.perf_counter()
    for art in arts:
        annotator.annotate(art)
    full_secs = time.perf_counter() - t0
    return {"articles": len(arts), "words": sum(_words(t) for t in texts), "tokens": tokens,
            "bare_seconds": bare_secs, "parley_seconds": full_secs,
            "bare_pipeline": list(bare.pipe_names), "parley_pipeline": list(annotator.nlp.pipe_names)}


def _ingest(gold: str, n: int, workers: int) -> dict[str, Any]:
    """``Service.ingest`` of ``n`` page files (the pages cycle, one folder per pass) into a fresh database."""
    from parley.config import Settings
    from parley.corpora.scrapinghub import html_path
    from parley.service import Service

    keys = sorted(p[0] for p in read_pages(Path(gold))[0])
    first = min(n, len(keys))
    with tempfile.TemporaryDirectory() as tmp:
        for i in range(n):  # p00/ID.html.gz, p01/ID.html.gz ...: ingested in this order
            key = keys[i % len(keys)]
            folder = Path(tmp) / "pages" / f"p{i // len(keys):03d}"
            folder.mkdir(parents=True, exist_ok=True)
            (folder / f"{key}.html.gz").write_bytes(html_path(Path(gold), key).read_bytes())
        svc = Service(db=str(Path(tmp) / "bench.db"), settings=Settings())
        done = {"n": 0}
        marks: dict[str, float] = {}
        t0 = time.perf_counter()

        def note(event: str, _message: str) -> None:
            if event in ("ok", "dup", "fail"):
                done["n"] += 1
                if done["n"] == first:
                    marks["first_seconds"] = time.perf_counter() - t0
                    marks["first_rss_mb"] = tree_rss_mb()
                if done["n"] == n:
                    marks["last_rss_mb"] = tree_rss_mb()

        with PeakSampler() as peak:
            summary = svc.ingest([str(Path(tmp) / "pages")], use_nlp=True, progress=note, workers=workers)
        secs = time.perf_counter() - t0
        svc.close()
    return {"seconds": secs, "ingested": done["n"], "ok": summary.ok, "failed": summary.failed,
            "duplicate": summary.duplicate, "peak_rss_mb": peak.peak, **marks}


def _per_token(gold: str) -> dict[str, Any]:
    """CPU µs per token of the parse and of each Parley component, by document size (CPU time of this
    process: other work on a shared machine inflates it less than wall time). Each size runs over
    about as many tokens as the largest size: 64 documents of 1k tokens, 16 of 4k, 4 of 16k, one of
    64k, each joined from ScrapingHub bodies and cut at that many tokens, so that fixed per-document
    costs and the garbage collector's passes weigh on every size as they do on a stream of articles.
    Each size is timed :data:`REPEAT` times; the least time of each step is kept. Each step starts after
    a full garbage collection: a full collection walks every live object (about 100 ms here, 1.5 µs
    per token of a 64k sweep), and without one the step that happens to cross the collector's
    threshold pays for the garbage of the steps before it, which moved a ratio by up to 0.4×."""
    from parley.nlp import load

    pages, _missing = read_pages(Path(gold))
    bodies = [p[3] for p in pages if p[3].strip()]
    nlp = load()
    nlp.max_length = 5_000_000
    ext = [n for n in nlp.pipe_names if n.startswith("parley_") and n != "parley_title_names"]
    list(nlp.pipe(bodies[:3]))  # warm-up
    out: dict[str, Any] = {}
    i = 0
    for size in SIZES:
        texts = []
        for _ in range(max(1, SIZES[-1] // size)):
            parts, toks = [], 0
            while toks < size:
                body = bodies[i % len(bodies)]
                parts.append(body)
                toks += len(nlp.make_doc(body))
                i += 1
            text = "\n\n".join(parts)
            cut = nlp.make_doc(text)
            texts.append(text[:cut[size].idx].rstrip() if len(cut) > size else text)  # about ``size`` tokens
        best: dict[str, float] = {}
        for _ in range(REPEAT):  # the least of a few runs: what the code costs, less the machine's noise
            spent = dict.fromkeys(["parse", *ext], 0.0)
            docs = []
            gc.collect()  # each step pays for its own garbage, not for what the step before left
            for text in texts:
                t0 = time.process_time()
                docs.append(nlp(text, disable=ext))
                spent["parse"] += time.process_time() - t0
            for name in ext:
                pipe = nlp.get_pipe(name)
                gc.collect()
                for k, doc in enumerate(docs):
                    t0 = time.process_time()
                    docs[k] = pipe(doc)
                    spent[name] += time.process_time() - t0
            best = {k: min(v, best.get(k, v)) for k, v in spent.items()}
        tokens = sum(len(d) for d in docs)
        row: dict[str, Any] = {"documents": len(docs), "tokens": tokens}
        row |= {k.removeprefix("parley_"): round(v / tokens * 1e6, 1) for k, v in best.items()}
        out[str(size)] = row
    return out


# ---------------------------------------------------------------- the report


def _rate(count: float, secs: float) -> float:
    return round(count / secs, 2) if secs else 0.0


def _table(per_token: dict[str, Any]) -> str:
    cols = [k for k in next(iter(per_token.values())) if k not in ("tokens", "documents")]
    lines = ["| size | documents | tokens | " + " | ".join(f"{c} µs/token" for c in cols) + " |",
             "|---" * (len(cols) + 3) + "|"]
    for size, row in per_token.items():
        lines.append(f"| {int(size):,} | {row['documents']} | {row['tokens']:,} | "
                     + " | ".join(f"{row[c]:,.1f}" for c in cols) + " |")
    small, large = per_token[str(SIZES[0])], per_token[str(SIZES[-1])]
    ratios = ", ".join(f"{c} {large[c] / small[c]:.2f}×" for c in cols if small[c])
    return "\n".join(lines) + f"\n\nµs/token at {SIZES[-1]:,} over {SIZES[0]:,} tokens: {ratios}."


def benchmark(gold: Path = DEFAULT_GOLD, *, limit: int | None = None, sizes: bool = True) -> EvalResult:
    """Ingest figures over ``limit`` page ingests (default 2,000; the pages cycle when fewer)."""
    n = limit or DEFAULT_N
    missing = missing_pages(Path(gold))
    if missing:
        print(missing_note(Path(gold), missing), file=sys.stderr)
    pages, _ = read_pages(Path(gold))
    first = min(n, len(pages))
    traf = in_subprocess(_trafilatura, str(gold), first)
    parse = in_subprocess(_parse, str(gold), first)
    one = in_process(_ingest, str(gold), first, 1)
    two = in_process(_ingest, str(gold), n, 2)
    per_token = in_subprocess(_per_token, str(gold)) if sizes else {}
    words = parse["words"]  # of the texts Parley keeps, the same pages in every run
    metrics: dict[str, Any] = {
        "articles_per_second_1w": _rate(first, one["seconds"]),
        "articles_per_second_2w": _rate(first, two.get("first_seconds", two["seconds"])),
        "words_per_second_1w": _rate(words, one["seconds"]),
        "words_per_second_2w": _rate(words, two.get("first_seconds", two["seconds"])),
        "speedup_2w": round(one["seconds"] / two.get("first_seconds", two["seconds"]), 2),
        "components_add": round(parse["parley_seconds"] / parse["bare_seconds"] - 1, 3),
        "peak_rss_mb_2w": two["peak_rss_mb"],
        "rss_growth_mb_2w": round(two.get("last_rss_mb", 0.0) - two.get("first_rss_mb", 0.0), 1),
        "page_ingests_2w": two["ingested"],
    }
    if per_token:  # µs/token at the largest size over the smallest, per component
        small, large = per_token[str(SIZES[0])], per_token[str(SIZES[-1])]
        metrics |= {f"per_token_{SIZES[-1] // 1000}k_over_{SIZES[0] // 1000}k_{c}": round(large[c] / small[c], 2)
                    for c in small if c not in ("tokens", "documents") and small[c]}
    peers = {
        "trafilatura alone": {"articles_per_second_1w": _rate(traf["articles"], traf["seconds"]),
                              "words_per_second_1w": _rate(traf["words"], traf["seconds"])},
        "bare spaCy parse": {"articles_per_second_1w": _rate(parse["articles"], parse["bare_seconds"]),
                             "words_per_second_1w": _rate(words, parse["bare_seconds"])},
        "Parley NLP alone": {"articles_per_second_1w": _rate(parse["articles"], parse["parley_seconds"]),
                             "words_per_second_1w": _rate(words, parse["parley_seconds"])},
    }
    extra = ("\n\nPer component, documents of each size parsed whole (no window guard), about 64k tokens "
             f"per size, the least CPU time of {REPEAT} runs:\n\n"
             + _table(per_token)) if per_token else ""
    return EvalResult(
        task="ingest-full", dataset="scrapinghub", documents=first, metrics=metrics, peers=peers,
        extra_markdown=extra,
        notes=[
            f"{first} ScrapingHub pages ({parse['articles']} kept as English articles, {words:,} words); "
            f"the two-worker ingest ran {two['ingested']:,} page ingests (the pages cycle; repeats are parsed "
            "and stored as duplicates). Each run in a fresh process; ingests store into a fresh SQLite file.",
            "Xw: `Service.ingest` (clean, NLP, store) with X workers over the first pass of pages (pages per "
            "second, stored or not), model loading included; speedup_2w = one worker's seconds over two "
            f"workers'. One worker stored {one['ok']} and failed {one['failed']}.",
            "components_add: Parley's pipeline (`Annotator.annotate`, parley.nlp.load(), windows as in an "
            "ingest) over the bare parse (spacy.load of the shipped model: "
            f"{', '.join(parse['bare_pipeline'])}) on the same texts, minus one.",
            "peak_rss_mb_2w: the main process and its workers together (sampled every 0.25 s); "
            "rss_growth_mb_2w: that sum at the last page ingest minus at the end of the first pass.",
            "The peers are run on the same pages in the same run: trafilatura.extract alone, the bare parse, "
            "and Parley's NLP without cleaning or storing. The machine's 2 cores may be shared with other "
            "work: absolute rates are noisy, ratios within one run less so.",
        ],
    )


__all__ = ["benchmark", "in_process", "tree_rss_mb"]
