"""Where a news text's layout puts words that are no part of its sentences: the dateline.

"BRACKNELL - Mara Quill …", "EAST MORLAND (AP) — …", "BRELLA, March 4 — …": a line that opens with a
place in capitals, an optional day and agency in brackets, and a dash; or, on a live page, with a time
and a dash ("10:05 PM — …"). Events never take its place for an actor; quotes never take it
into a report.
"""

from __future__ import annotations

import re

DATELINE = re.compile(r"[ \t]*(?:[A-Z][A-Z.,'’ ]+(?:,[ \t]*[A-Z][a-z]{2,8}\.?[ \t]+\d{1,2})?(?:\([A-Za-z .]+\))?"
                      r"|\d{1,2}[:.]\d{2}(?:[ \t]*[AaPp]\.?[Mm]\.?)?(?:[ \t]+[A-Z]{2,4})?)[ \t]*[-–—]+\s")
LOOK_BACK = 80  # a dateline opens its line: look no further back than this (linear time)


def dateline_end(text: str, pos: int) -> int | None:
    """The end of the dateline on the line holding ``pos``, or None when that line opens with none
    (or opens more than :data:`LOOK_BACK` characters before ``pos``)."""
    lo = max(0, pos - LOOK_BACK)
    newline = text.rfind("\n", lo, pos)
    if newline < 0 and lo > 0:
        return None
    m = DATELINE.match(text, newline + 1)
    return m.end() if m is not None else None
