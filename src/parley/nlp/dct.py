"""The document creation time (DCT): the day a Doc was published, which anchors relative dates.

The caller sets it as ``doc._.dct`` (a ``date`` or an ISO string) before the pipeline runs; the
timex component may infer it from the text. Every component reads it the same way, with
:func:`parse_dct`.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from spacy.tokens import Doc

EXTENSION = "dct"


def ensure_dct_extension() -> None:
    """Register ``Doc._.dct`` (idempotent): set by the caller, or by ``parley_timex`` when it infers one."""
    if not Doc.has_extension(EXTENSION):
        Doc.set_extension(EXTENSION, default=None)


def parse_dct(value: Any) -> date | None:
    """A DCT from a ``date``/``datetime``/ISO string (also ``YYYYMMDD``, ``DD-MM-YYYY``); else None."""
    if value is None:
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if not isinstance(value, str):
        return None
    s = value.strip()
    try:
        return date.fromisoformat(s[:10])
    except ValueError:
        pass
    for fmt in ("%Y%m%d", "%d-%m-%Y", "%m/%d/%Y", "%d/%m/%Y", "%B %d, %Y", "%d %B %Y"):
        try:
            return datetime.strptime(s, fmt).date()
        except ValueError:
            continue
    return None
