"""Throughput of ``parley_timex`` against ``dateparser.search_dates`` on the timex gold texts."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from parley.bench.common import in_subprocess, peak_rss_mb, timed
from parley.config import shared_data
from parley.eval.common import EvalResult

DEFAULT_GOLD: Path = shared_data("timex")


def _texts(gold: Path, limit: int | None) -> list[tuple[str, str | None]]:
    from parley.eval.timex import read_gold

    return [(d.text, d.dct) for d in read_gold(gold, limit=limit)]


def _run_parley(gold: str, limit: int | None) -> dict[str, Any]:
    import spacy

    from parley.nlp.timex.component import ensure_extensions

    ensure_extensions()
    texts = _texts(Path(gold), limit)
    nlp = spacy.blank("en")
    nlp.add_pipe("parley_timex")

    def go() -> int:
        n = 0
        for text, dct in texts:
            doc = nlp.make_doc(text)
            doc._.dct = dct
            n += len(nlp(doc).spans["timex"])
        return n

    go()  # warm-up (regex compilation, spaCy lazy loading)
    found, secs = timed(go)
    chars = sum(len(t) for t, _ in texts)
    return {"per_second": round(chars / secs, 1), "seconds": round(secs, 3), "chars": chars,
            "documents": len(texts), "found": found, "peak_rss_mb": peak_rss_mb()}


def _run_dateparser(gold: str, limit: int | None) -> dict[str, Any]:
    from parley.eval.timex import dateparser_system

    texts = _texts(Path(gold), limit)
    run = dateparser_system()
    run("warm up on Monday, June 2", "2025-05-28")

    def go() -> int:
        return sum(len(run(t, d)) for t, d in texts)

    found, secs = timed(go)
    chars = sum(len(t) for t, _ in texts)
    return {"per_second": round(chars / secs, 1), "seconds": round(secs, 3), "chars": chars,
            "documents": len(texts), "found": found, "peak_rss_mb": peak_rss_mb()}


def benchmark(gold: Path, *, limit: int | None = None) -> EvalResult:
    """Characters per second and peak RSS, each system in its own fresh process."""
    ours = in_subprocess(_run_parley, str(gold), limit)
    peer = in_subprocess(_run_dateparser, str(gold), limit)
    speedup = ours["per_second"] / peer["per_second"] if peer["per_second"] else 0.0
    metrics = {**ours, "speedup_vs_dateparser": round(speedup, 1)}
    return EvalResult(
        "timex", "TimeBank+AQUAINT+MEANTIME texts", ours["documents"], metrics,
        peers={"dateparser": peer},
        notes=["parley: spacy.blank('en') + parley_timex, DCT from gold, one warm-up pass, "
               "then one timed pass (tokenization included)",
               "dateparser: search_dates(languages=['en'], RELATIVE_BASE=DCT) per document",
               "per_second = characters of document text per wall-clock second; peak_rss_mb is "
               "the peak of a fresh process running that system alone"])
