"""``parley bench ingest``: pages per second and peak memory, Parley's cleaner vs trafilatura.

Each system runs in its own fresh process over the ScrapingHub pages, repeated ``rounds`` times,
so its peak RSS is its own; RSS growth between the first and the last round shows whether
memory stays flat over long runs.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path
from typing import Any

from parley.bench.common import in_subprocess, peak_rss_mb
from parley.corpora.scrapinghub import missing_note, missing_pages, read_pages
from parley.eval.common import EvalResult
from parley.eval.extraction import DEFAULT_GOLD

ROUNDS = 5


def _run(system: str, gold: str, limit: int | None, rounds: int) -> dict[str, Any]:
    from parley.eval.extraction import parley_extract, trafilatura_extract

    pages, _missing = read_pages(Path(gold), limit)
    if system == "parley":
        from parley.clean.html import reset_extraction_caches

        extract, reset = parley_extract, reset_extraction_caches
    else:
        from trafilatura.meta import reset_caches

        extract, reset = trafilatura_extract, reset_caches
    extract(pages[0][2], pages[0][1])  # warm-up: imports and lazy tables
    n, t0, first_round_rss = 0, time.perf_counter(), 0.0
    for r in range(rounds):
        for _key, url, html, _body in pages:
            extract(html, url)
            n += 1
        if r == 0:
            first_round_rss = peak_rss_mb()
        reset()
    dt = time.perf_counter() - t0
    return {"per_second": round(n / dt, 1), "peak_rss_mb": peak_rss_mb(),
            "rss_growth_mb": round(peak_rss_mb() - first_round_rss, 1), "pages": n}


def benchmark(gold: Path = DEFAULT_GOLD, *, limit: int | None = None,
              rounds: int = ROUNDS) -> EvalResult:
    missing = missing_pages(Path(gold), limit)
    if missing:
        print(missing_note(Path(gold), missing), file=sys.stderr)
    results: dict[str, dict[str, Any]] = {}
    for system in ("trafilatura", "parley"):
        results[system] = in_subprocess(_run, system, str(gold), limit, rounds)
    pages = results["parley"].pop("pages")
    results["trafilatura"].pop("pages")
    return EvalResult(
        task="ingest", dataset="scrapinghub", documents=pages,
        metrics=results["parley"], peers={"trafilatura": results["trafilatura"]},
        notes=[f"{pages:,} page extractions ({rounds} rounds over the benchmark), one process "
               "each. Parley extracts text plus metadata (title, authors, date with provenance); "
               "the peer is trafilatura.extract, text only, default settings."],
    )
