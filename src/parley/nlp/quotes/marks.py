"""Quote marks and sentence bounds for ``parley_quotes``: plain text in, character offsets out.

Pairing works on double marks only (straight ``"``, curly ``“ ”``, ``„``, guillemets); single
marks are apostrophes or nested quotes far more often than not; two apostrophes (``''…''``, the
typewriter style of some newswire archives) count as one straight double mark. A mark's role comes from its
shape and its neighbours (a mark after a space opens, one before a space or punctuation closes),
so mixed marks (``“…"``) pair. News style reopens a quote at each new paragraph without closing
the previous one: each paragraph becomes a piece flagged ``continues``. A mark after a digit with
a word right behind it is an inch sign (``5'11"``, ``12" pipe``). Unbalanced marks never raise: an
unclosed piece ends with its paragraph.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

OPENERS = "“„«"
CLOSERS = "”»"
STRAIGHT = '"'
MARKS = OPENERS + CLOSERS + STRAIGHT
_OPEN_LEFT = set(" \t\n\r([{—–-/\u00a0") | set(MARKS) | {"'", "‘", "’"}
_CLOSE_RIGHT = set(" \t\n\r.,;:!?)]}—–-\u00a0") | set(MARKS) | {"'", "‘", "’"}
TWIN = "''"
_MARK_RE = re.compile(f"{TWIN}|[{MARKS}]")


def is_mark(token_text: str) -> bool:
    """A token holding a double quote mark (``''`` included)."""
    return any(c in MARKS for c in token_text) or TWIN in token_text


@dataclass
class Piece:
    """One quoted stretch within a paragraph: marks at ``open``/``close`` (``close`` None when the
    paragraph ends first), content ``[start, end)``; ``continues`` when it carries on the previous
    piece across a paragraph break; ``closed`` False for a quote left open at its paragraph's end."""

    open: int
    close: int | None
    start: int
    end: int
    continues: bool = False
    closed: bool = True
    close_len: int = 1

    @property
    def outer_end(self) -> int:
        return self.close + self.close_len if self.close is not None else self.end


def _role(text: str, i: int, width: int = 1) -> str | None:
    ch = STRAIGHT if width == 2 else text[i]
    prev = text[i - 1] if i > 0 else "\n"
    nxt = text[i + width] if i + width < len(text) else "\n"
    if width == 2 and (prev == "'" or nxt == "'"):
        return None  # three apostrophes: leave them alone
    can_open = not nxt.isspace() and (prev in _OPEN_LEFT)
    can_close = not prev.isspace() and (nxt in _CLOSE_RIGHT)
    if prev == " " and i >= 2 and text[i - 2] in ",.?!'’" and nxt in _CLOSE_RIGHT and ch not in OPENERS:
        return "close"  # "… 'this is important,' " Vale said", "coalitions, '' said": a space before the close
    if ch == STRAIGHT and prev.isdigit() and (nxt.isalpha() or re.match(r"\s+[a-z]", text[i + 1:i + 3])):
        return None  # an inch sign: 12" pipe, 5'11" tall
    if ch in OPENERS:
        return "close" if can_close and not can_open else "open"
    if ch in CLOSERS:
        if prev == "\n" and nxt in " \t\u2026.":
            return "open"  # '” … we will not give up,” she said' opening a paragraph: a closer for an opener
        return "open" if can_open and not can_close else "close"
    if can_open and not can_close:
        return "open"
    if can_close and not can_open:
        return "close"
    if can_open and can_close:
        return "either"
    return None


def _para_end(text: str, i: int) -> int:
    j = text.find("\n", i)
    return len(text) if j < 0 else j


def _strip(text: str, a: int, b: int) -> tuple[int, int]:
    while a < b and text[a].isspace():
        a += 1
    while b > a and text[b - 1].isspace():
        b -= 1
    return a, b


def find_pieces(text: str) -> list[Piece]:
    """Pair the double quote marks of ``text`` into pieces (see the module docstring)."""
    pieces: list[Piece] = []
    depth = 0
    start = -1
    cont = False

    open_len = 1

    def emit(close: int | None, end: int, closed: bool, close_len: int = 1) -> None:
        a, b = _strip(text, start + open_len, end)
        if b > a:
            pieces.append(Piece(start, close, a, b, continues=cont, closed=closed, close_len=close_len))

    for m in _MARK_RE.finditer(text):
        i = m.start()
        width = m.end() - m.start()
        role = _role(text, i, width)
        if role is None:
            continue
        if depth and "\n" in text[start:i]:
            at_para_start = text[text.rfind("\n", 0, i) + 1:i].strip() == ""
            emit(None, _para_end(text, start), closed=False)
            depth = 0
            if role in ("open", "either") and at_para_start:
                start, depth, cont, open_len = i, 1, True, width
                continue
            cont = False
        if depth == 0:
            if role in ("open", "either"):
                start, depth, cont, open_len = i, 1, False, width
            continue
        if role == "open":
            depth += 1  # a nested quote inside a quote
            continue
        depth -= 1
        if depth == 0:
            emit(i, i, closed=True, close_len=width)
    if depth:
        emit(None, _para_end(text, start), closed=False)
    return pieces


_ABBREV = re.compile(
    r"(?:\b(?:Mr|Mrs|Ms|Dr|Prof|Gen|Lt|Col|Capt|Sgt|Maj|Adm|Gov|Sen|Rep|Rev|Sr|Jr|St|Mt|Ft|No|Vol|Jan|Feb|Mar"
    r"|Apr|Aug|Sept?|Oct|Nov|Dec|Inc|Corp|Co|Ltd|vs|etc|approx)|\b[A-Z]|\b(?:[A-Za-z]\.)+[A-Za-z])\.$")


def sentence_starts(text: str, pieces: list[Piece]) -> list[int]:
    """Sorted offsets where sentences start; quoted pieces are opaque (no boundary inside)."""
    inside = [(p.open, p.outer_end) for p in pieces]
    opens = [a for a, _ in inside]

    def quoted(k: int) -> bool:
        j = bisect.bisect_right(opens, k) - 1
        return j >= 0 and inside[j][0] < k < inside[j][1]

    closed = [p for p in pieces if p.close is not None]
    closes = [p.close for p in closed if p.close is not None]
    by_close = all(a < b for a, b in zip(closes, closes[1:], strict=False))
    widest = max((p.close_len for p in closed), default=1)

    def closes_at(k: int) -> bool:
        """A piece's closing mark holds ``k - 1``: ``close < k <= outer_end`` (by bisection when the
        closing marks come in order, as they do)."""
        if not by_close:
            return any(p.close is not None and p.close < k <= p.outer_end for p in pieces)
        j = bisect.bisect_left(closes, k) - 1
        while j >= 0 and closes[j] >= k - widest:
            if k <= closed[j].outer_end:
                return True
            j -= 1
        return False

    starts = {0}
    for m in re.finditer(r"\n+", text):
        starts.add(m.end())
    for m in re.finditer(r"[.!?]+([”\"’»)]*|'')(\s+)(?=[A-Z0-9“\"‘«(']|'')", text):
        k = m.start()
        if quoted(k) and not m.group(1):
            continue
        if m.group(1) and quoted(k) and not closes_at(m.end(1)):
            continue
        if not m.group(1) and _ABBREV.search(text[max(0, k - 12):k + 1]):
            continue
        starts.add(m.end())
    return sorted(s for s in starts if s <= len(text))


def sentence_of(starts: list[int], text_len: int, pos: int) -> tuple[int, int]:
    """``[start, end)`` of the sentence holding ``pos`` given :func:`sentence_starts` output."""
    j = bisect.bisect_right(starts, pos) - 1
    a = starts[j] if j >= 0 else 0
    b = starts[j + 1] if j + 1 < len(starts) else text_len
    return a, b
