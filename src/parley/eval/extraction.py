"""ScrapingHub article-extraction benchmark: 4-token shingles, per-page normalised, mean P/R, F1.

The metric follows the benchmark's own ``evaluate.py``: ``\\w+`` tokens (case kept), 4-gram
shingle multisets, TP/FP/FN normalised per page, precision and recall averaged over pages, and
F1 from the two means. Parley's cleaner and trafilatura alone are scored in the same run.
"""

from __future__ import annotations

import re
import statistics
import sys
from collections import Counter
from collections.abc import Callable
from pathlib import Path

from parley.config import shared_data
from parley.corpora.scrapinghub import Page, missing_note, read_pages
from parley.errors import NotFound
from parley.eval.common import EvalResult

DEFAULT_GOLD = shared_data("extraction", "scrapinghub")
_TOKEN = re.compile(r"\w+", re.U)


def shingles(text: str, n: int = 4) -> Counter[tuple[str, ...]]:
    tokens = _TOKEN.findall(text or "")
    return Counter(tuple(tokens[i:i + n]) for i in range(max(1, len(tokens) - n + 1))
                   if tokens[i:i + n])


def tp_fp_fn(true: str, pred: str) -> tuple[float, float, float]:
    """Shingle TP/FP/FN for one page, normalised to sum to 1."""
    t, p = shingles(true), shingles(pred)
    tp = fp = fn = 0.0
    for key in set(t) | set(p):
        tc, pc = t.get(key, 0), p.get(key, 0)
        tp += min(tc, pc)
        fp += max(0, pc - tc)
        fn += max(0, tc - pc)
    s = tp + fp + fn
    return (tp / s, fp / s, fn / s) if s else (0.0, 0.0, 0.0)


def _precision(tp: float, fp: float, fn: float) -> float:
    if fp == fn == 0:
        return 1.0
    return 0.0 if tp == fp == 0 else tp / (tp + fp)


def _recall(tp: float, fp: float, fn: float) -> float:
    if fp == fn == 0:
        return 1.0
    return 0.0 if tp == fn == 0 else tp / (tp + fn)


def aggregate(rows: list[tuple[float, float, float]]) -> dict[str, float]:
    """Mean precision and recall over pages, and F1 of the means."""
    p = statistics.mean([_precision(*r) for r in rows if r[0] + r[1] > 0] or [0.0])
    r = statistics.mean([_recall(*x) for x in rows if x[0] + x[2] > 0] or [0.0])
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {"precision": round(p, 4), "recall": round(r, 4), "f1": round(f, 4)}


def parley_extract(html: bytes, url: str) -> str:
    from parley.clean.html import extract_html
    from parley.errors import ParleyError

    try:
        return extract_html(html, url=url).text
    except ParleyError:
        return ""


def trafilatura_extract(html: bytes, url: str) -> str:
    """The peer: trafilatura with its default settings, text only."""
    import trafilatura

    return trafilatura.extract(html, url=url) or ""


def score(pages: list[Page],
          extract: Callable[[bytes, str], str]) -> dict[str, float]:
    return aggregate([tp_fp_fn(body, extract(html, url)) for _k, url, html, body in pages])


def evaluate(gold: Path, *, limit: int | None = None) -> EvalResult:
    """Parley's cleaner and trafilatura on a ScrapingHub-shaped folder (``ground-truth.json`` + ``html/``)."""
    gold = Path(gold)
    if not (gold / "ground-truth.json").is_file():
        raise NotFound(f"no ground-truth.json in {gold}")
    pages, missing = read_pages(gold, limit)
    notes = ["Parley: trafilatura with favor_recall, fast (no fallback), no comments, then Parley's widget-line "
             "filter; peer: trafilatura.extract with default settings."]
    if missing:
        print(missing_note(gold, missing), file=sys.stderr)
        notes.append(f"{len(missing)} page(s) of the ground truth have no HTML and are left out: {', '.join(missing)}.")
    return EvalResult(
        task="extraction", dataset="scrapinghub" if not missing else f"scrapinghub, {len(pages)} pages",
        documents=len(pages),
        metrics=score(pages, parley_extract),
        peers={"trafilatura": score(pages, trafilatura_extract)},
        notes=notes,
    )
