"""The ScrapingHub article-extraction benchmark: ``ground-truth.json`` (page id -> url, articleBody)
and ``html/ID.html.gz``."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

Page = tuple[str, str, bytes, str]  # id, url, html bytes, gold body


def html_path(gold: Path, key: str) -> Path:
    return gold / "html" / f"{key}.html.gz"


def _truth(gold: Path, limit: int | None) -> tuple[dict[str, dict[str, str]], list[str]]:
    truth = json.loads((gold / "ground-truth.json").read_text(encoding="utf-8"))
    return truth, sorted(truth)[: limit or None]


def missing_pages(gold: Path, limit: int | None = None) -> list[str]:
    """The ids among the first ``limit`` of the ground truth whose HTML is missing."""
    _, keys = _truth(gold, limit)
    return [k for k in keys if not html_path(gold, k).is_file()]


def read_pages(gold: Path, limit: int | None = None) -> tuple[list[Page], list[str]]:
    """``(id, url, html bytes, gold body)`` of the first ``limit`` pages of the ground truth (all when
    None) in id order, and the ids listed there whose HTML is missing (left out)."""
    truth, keys = _truth(gold, limit)
    pages: list[Page] = []
    missing: list[str] = []
    for key in keys:
        path = html_path(gold, key)
        if not path.is_file():
            missing.append(key)
            continue
        pages.append((key, truth[key].get("url", ""), gzip.decompress(path.read_bytes()),
                      truth[key].get("articleBody", "")))
    return pages, missing


def missing_note(gold: Path, missing: list[str]) -> str:
    """One line naming the pages skipped for want of their HTML."""
    shown = ", ".join(missing[:10]) + (f", … ({len(missing) - 10} more)" if len(missing) > 10 else "")
    return (f"skipped {len(missing)} page(s) listed in {gold / 'ground-truth.json'} with no "
            f"{gold / 'html'}/ID.html.gz: {shown}")
