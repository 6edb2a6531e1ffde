"""How far a quote's speaker can be trusted: ``Quote.confidence`` in [0, 1], with ``Quote.resolved_by``.

Each attribution falls in one bucket by how it was resolved (:func:`bucket`): an explicit name; a
title's holder in the article, or the person in the centre for a title no one holds; a he/she that
was clearly ahead of the next person or close to them; a chain of paragraphs, the narrative's subject
or the previous speaker for a quote without a mention; a document; an unnamed source. Its confidence is
the share of right speakers in that bucket on the tune halves of GGT dev and of the audit set, a small
bucket drawn towards the rate of its kind (``data/quotes/confidence.yaml``, with the tune and check counts
and how they were measured), so that 0.9 means nine in ten such speakers were right there; the check
halves say whether that holds (``parley eval quotes`` reports ``calibration_error`` per half).
"""

from __future__ import annotations

from functools import lru_cache
from typing import TYPE_CHECKING

from parley.config import DATA_DIR, load_yaml

if TYPE_CHECKING:
    from parley.nlp.quotes.speaker import Attribution

TABLE = DATA_DIR / "quotes" / "confidence.yaml"
CLEAR_MARGIN = 0.5  # a he/she or title answer this far ahead of the next person is "clear"


def bucket(a: Attribution) -> str:
    """The bucket an attribution's confidence is read from (see the module docstring)."""
    by, step = a.by or "none", a.step or ""
    if by == "title":
        if step == "_title_holder":
            return "title/holder"
        return "title/centre" if step in ("_title_centre", "_person_description") else "title/description"
    if by == "pronoun":
        return "pronoun/clear" if (a.margin if a.margin is not None else 1.0) >= CLEAR_MARGIN else "pronoun/close"
    if by == "inherited":
        return {"_chain_speaker": "inherited/chain", "_narrative_subject": "inherited/subject"}.get(
            step, "inherited/previous")
    return by


@lru_cache(maxsize=1)
def table() -> dict[str, float]:
    """Bucket → confidence, from ``data/quotes/confidence.yaml``."""
    data = load_yaml(TABLE.read_text(encoding="utf-8")) or {}
    return {str(k): float(v["confidence"]) for k, v in (data.get("buckets") or {}).items()}


def confidence(a: Attribution) -> float:
    """The confidence of an attribution: its bucket's share of right speakers on the tune halves."""
    values = table()
    return values.get(bucket(a), values.get("default", 0.5))
