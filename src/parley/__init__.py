"""Parley: who said what, who did what to whom, when and where.

``parley.load()`` gives the pipeline; ``parley.read(text, published=..., url=...)`` runs it on one
text with its publication date, which anchors relative dates ("on Tuesday", "next week").
"""

from __future__ import annotations

import re
from datetime import date, datetime
from functools import lru_cache
from typing import Any

__version__ = "0.1.0"
__all__ = ["__version__", "load", "read"]
_URL_DAY = re.compile(r"/((?:19|20)\d\d)/(\d\d)/(\d\d)(?:/|$)")


def load(**kwargs: Any) -> Any:
    """Load Parley's shipped spaCy pipeline with every Parley component: ``parley.load()(text)``."""
    from parley.nlp import load as _load

    return _load(**kwargs)


@lru_cache(maxsize=4)
def _pipeline(actors: str | None) -> Any:
    return load(actors=actors)


def _day(value: str | date | None, url: str | None) -> date | None:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if value:
        try:
            return date.fromisoformat(value.strip()[:10])
        except ValueError:
            raise ValueError(f"published: expected a date or YYYY-MM-DD, not {value!r}") from None
    m = _URL_DAY.search(url or "")
    if m:
        try:
            return date(int(m[1]), int(m[2]), int(m[3]))
        except ValueError:
            return None
    return None


def read(text: str, *, published: str | date | None = None, url: str | None = None, nlp: Any = None,
         actors: str | None = None) -> Any:
    """Run the pipeline on ``text`` and return the spaCy ``Doc``: ``doc._.timexes``, ``doc._.entities``,
    ``doc._.quotes``, ``doc._.events``.

    ``published`` (a ``date`` or ``"YYYY-MM-DD"``) is set as ``doc._.dct`` before the pipeline runs, so
    "on Tuesday" resolves to a day; without it, a ``/YYYY/MM/DD/`` in ``url`` stands for it, else the
    time-expression component infers one from the text. ``url`` is kept as ``doc._.url``. ``nlp`` is a
    pipeline from :func:`load` (default: one loaded once per process, with ``actors``, an extra actor
    list). A text is parsed whole: very long ones are better stored with ``parley ingest``, which parses
    in windows."""
    from spacy.tokens import Doc

    from parley.nlp.dct import ensure_dct_extension

    ensure_dct_extension()
    if not Doc.has_extension("url"):
        Doc.set_extension("url", default=None)
    pipeline = nlp if nlp is not None else _pipeline(actors)
    doc = pipeline.make_doc(text)
    day = _day(published, url)
    doc._.dct = day.isoformat() if day else None
    doc._.url = url
    return pipeline(doc)
