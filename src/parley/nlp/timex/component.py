"""``parley_timex``: find dates, times, durations and sets and pin them to the calendar (TIMEX3).

Works in any English pipeline: extraction is rule based over ``doc.text`` (see
:mod:`parley.nlp.timex.rules`); POS tags, when a tagger ran before, only sharpen the tense cue
that decides whether a bare weekday or month points back or forward.

Usage::

    nlp = spacy.blank("en"); nlp.add_pipe("parley_timex")
    doc = nlp.make_doc(text); doc._.dct = "2025-05-28"; doc = nlp(doc)
    doc._.timexes  # list[parley.records.Timex]

Values are resolved against the document creation time (DCT): ``doc._.dct`` set by the caller,
else the component's ``dct`` config, else one inferred from the text (:func:`infer_dct`).
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from spacy.language import Language
from spacy.tokens import Doc, Span

from parley.nlp.dct import ensure_dct_extension, parse_dct
from parley.nlp.spans import stage_spans, write_spans
from parley.nlp.timex.patterns import Cand
from parley.nlp.timex.rules import extract
from parley.records import Timex

STAGE = "timex"
SPANS_KEY = "timex"  # the default of the factory's ``spans_key``

# ---------------------------------------------------------------- extensions


def _timexes_getter(doc: Doc) -> list[Timex]:
    """``doc._.timexes``: the stage's spans as records."""
    spans = stage_spans(doc, STAGE, SPANS_KEY)
    return [Timex(start=s.start_char, end=s.end_char, text=s.text, type=s._.timex_type or "DATE",
                  value=s._.timex_value, mod=s._.timex_mod) for s in spans]


def ensure_extensions() -> None:
    """Register the Doc and Span extensions (idempotent)."""
    for name, default in (("timex_type", None), ("timex_value", None), ("timex_mod", None)):
        if not Span.has_extension(name):
            Span.set_extension(name, default=default)
    ensure_dct_extension()
    for name, default in (("dct_source", None), ("dct_confidence", None)):
        if not Doc.has_extension(name):
            Doc.set_extension(name, default=default)
    if not Doc.has_extension("timexes"):
        Doc.set_extension("timexes", getter=_timexes_getter)


ensure_extensions()

# ---------------------------------------------------------------- DCT parsing and inference


_BOUND_BEFORE = re.compile(r"(?:by|until|till|before|through|to|in|until the end of)\s+$", re.I)


def _lower_bound_year(text: str, cands: list[Cand]) -> int | None:
    """The latest year the text speaks of as past or present ("since 2022", "in 2019")."""
    years = []
    for c in cands:
        if c.year is None:
            continue
        before = text[max(0, c.start - 20):c.start]
        after = text[c.end:c.end + 30]
        future_ctx = re.search(r"\b(?:will|would|by|until|till|plans?|target|aims?|expected)\b",
                               before + " " + after[:12], re.I)
        if future_ctx and not re.search(r"\bsince\b", before, re.I):
            continue
        years.append(c.year)
    return max(years) if years else None


def infer_dct(text: str) -> tuple[date | None, float]:
    """Infer the publication date from the text's own evidence; ``(None, 0.0)`` when there is none.

    Evidence, strongest first: a weekday paired with a month-day ("next Monday, on June 2"),
    which fixes the year (the first matching year not before the latest past year mentioned);
    then the latest full date. Bare weekdays ("on Wednesday") then pick the day in the window
    the pair allows.
    """
    cands = extract(text, join=False)
    if not cands:
        return None, 0.0
    lower = _lower_bound_year(text, cands)
    windows: list[tuple[date, date, float]] = []
    paired: set[int] = set()
    for i, c in enumerate(cands):
        if c.kind != "weekday" or c.weekday is None:
            continue
        for j in (i + 1, i - 1):
            if not 0 <= j < len(cands):
                continue
            o = cands[j]
            if o.kind not in ("md",) or o.month is None or o.day is None:
                continue
            gap = text[min(c.end, o.end):max(c.start, o.start)]
            if len(gap) > 8 or not re.fullmatch(r"[\s,(]*(?:on\s+)?[\s,(]*|\s*\(?", gap):
                continue
            years = [o.year] if o.year else [
                y for y in range(1950, 2100)
                if _valid(y, o.month, o.day) and date(y, o.month, o.day).isoweekday() == c.weekday]
            if lower is not None:
                after = [y for y in years if y >= lower]
                years = after or years
            else:
                today = date.today().year
                past = [y for y in years if y <= today]
                years = [max(past)] if past else years
            if not years:
                continue
            a = date(min(years), o.month, o.day)
            if c.rel in ("next", "this coming", "coming", "the following"):
                windows.append((a - timedelta(days=7), a - timedelta(days=1), 0.8))
            elif c.rel in ("last", "this past", "past", "the previous"):
                windows.append((a + timedelta(days=1), a + timedelta(days=7), 0.8))
            else:
                windows.append((a, a + timedelta(days=6), 0.6))
            paired.update((i, j))
            break
    if not windows:
        full = [date(c.year, c.month, c.day) for c in cands
                if c.year and c.month and c.day and _valid(c.year, c.month, c.day)]
        if full:
            a = max(full)
            windows.append((a, a + timedelta(days=6), 0.5))
    if not windows:
        return None, 0.0
    lo, hi, conf = max(windows, key=lambda w: (w[2], w[0]))
    bare = [c.weekday for k, c in enumerate(cands)
            if c.kind == "weekday" and not c.rel and k not in paired and c.weekday]
    if bare:
        wd = max(set(bare), key=lambda w: (bare.count(w), -bare.index(w)))
        d = lo
        while d <= hi:
            if d.isoweekday() == wd:
                return d, round(min(conf + 0.1, 0.95), 2)
            d += timedelta(days=1)
    return (lo if conf < 0.8 else hi - timedelta(days=(hi - lo).days // 2)), round(conf - 0.2, 2)


def _valid(y: int, m: int, d: int) -> bool:
    try:
        date(y, m, d)
    except ValueError:
        return False
    return True


# ---------------------------------------------------------------- tense

_FUTURE = {"will", "'ll", "shall", "wo", "would", "'d", "plans", "plan", "planned", "scheduled",
           "expected", "expects", "upcoming", "tomorrow", "next", "intends", "going",
           "slated", "due", "set", "aims", "hopes", "until", "to"}
_FUTURE_STRONG = {"will", "'ll", "shall", "wo", "scheduled", "upcoming", "tomorrow", "slated"}
_PAST = {"said", "was", "were", "had", "did", "told", "made", "went", "met", "came", "took",
         "gave", "began", "held", "ago", "yesterday", "last", "saw", "sent", "won", "lost",
         "fell", "rose", "left", "got", "found", "led", "spoke", "wrote", "brought", "bought",
         "sold", "paid", "struck", "hit", "killed", "became", "put", "quit", "shot", "kept",
         "ran", "chose", "knew", "thought", "felt", "meant", "stood", "flew", "broke", "earlier"}
_ED_STOP = {"need", "speed", "feed", "seed", "bed", "red", "hundred", "indeed", "breed", "shed",
            "proceed", "exceed", "succeed", "united", "limited", "based", "related", "ahmed",
            "mohammed", "muhammad", "weed", "creed", "greed", "bleed", "embed", "wed", "fled",
            "led", "sled", "bred"}
_WEAK_FUTURE = {"plans", "plan", "planned", "expected", "expects", "intends", "going", "slated",
                "due", "set", "aims", "hopes", "until", "to", "would", "'d", "next"}


def _cue(tokens: Any, k: int, tagged: bool) -> int:
    t = tokens[k]
    low = t.lower_
    if low in _FUTURE_STRONG:
        return 1
    if low in ("would", "'d", "soon", "planned", "plans", "plan", "scheduled", "slated"):
        return 1
    if low in ("set", "due", "is", "are", "expected") and k + 1 < len(tokens) and \
            tokens[k + 1].lower_ == "to":
        return 1
    if tagged:
        tag = t.tag_
        if tag == "MD":
            return 1 if low in ("will", "shall", "'ll", "wo") else 0
        if tag == "VBD":
            return 0 if low in ("expected", "scheduled", "planned", "set", "due") else -1
        if tag == "VBN" and k > 0 and tokens[k - 1].lower_ in ("has", "have", "had", "'s", "'ve"):
            return -1
        if low == "ago":
            return -1
        return 0
    if low in _PAST:
        return -1
    if (low.endswith("ed") and len(low) > 4 and t.is_alpha and low not in _ED_STOP
            and not t.is_title and low not in ("expected", "scheduled", "planned")):
        return -1
    return 0


_WORD = re.compile(r"[A-Za-z]+(?:'[a-z]+)?|'ll|'d|;")
_SENT_END = re.compile(r"[.!?][\"'”’)]*\s+|\n")


def _lex_cue(words: list[str], k: int) -> int:
    w = words[k]
    low = w.lower()
    nxt = words[k + 1].lower() if k + 1 < len(words) else ""
    if low in _FUTURE_STRONG or low in ("would", "'d", "soon", "planned", "plans", "plan",
                                        "scheduled", "slated", "won't"):
        return 1
    if low in ("set", "due", "is", "are", "expected") and nxt == "to":
        return 1
    if low in _PAST:
        return -1
    if (low.endswith("ed") and len(low) > 4 and low.isalpha() and low not in _ED_STOP
            and not w[0].isupper() and low not in ("expected", "scheduled", "planned")):
        return -1
    return 0


def _direction_text(text: str, start: int, end: int) -> int:
    """Lexical tense cue for untagged Docs: the nearest cue word in the timex's sentence."""
    left = 0
    for m in _SENT_END.finditer(text, max(0, start - 400), start):
        left = m.end()
    stop = _SENT_END.search(text, end)
    right = stop.start() + 1 if stop else len(text)
    before = _WORD.findall(text, left, start)
    after = _WORD.findall(text, end, right)
    words = before + ["\0"] + after
    i = len(before)
    for dist in range(1, max(len(before), len(after)) + 1):
        for k in (i - dist, i + dist):
            if 0 <= k < len(words) and words[k] not in ("\0", ";"):
                c = _lex_cue(words, k)
                if c:
                    return c
    return 0


@dataclass
class _Sents:
    starts: list[int]  # token index where each sentence starts
    token_idx: list[int]  # char offset of each token


def _sentences(doc: Doc) -> _Sents:
    token_idx = [t.idx for t in doc]
    if doc.has_annotation("SENT_START"):
        starts = [s.start for s in doc.sents]
    else:
        starts = [0]
        for t in doc:
            if t.i + 1 < len(doc) and (t.text in (".", "!", "?") or "\n" in t.text
                                       or t.text in ("“", '"') and t.i > 0 and
                                       doc[t.i - 1].text in (".", "!", "?")):
                starts.append(t.i + 1)
    return _Sents(sorted(set(starts)), token_idx)


def _direction(doc: Doc, sents: _Sents, start_char: int, end_char: int, tagged: bool) -> int:
    """+1 future, -1 past, 0 unknown: the nearest tense cue in the timex's sentence."""
    if not len(doc):
        return 0
    i = max(0, bisect.bisect_right(sents.token_idx, start_char) - 1)
    j = max(i, bisect.bisect_left(sents.token_idx, end_char) - 1)
    si = bisect.bisect_right(sents.starts, i) - 1
    s0 = sents.starts[si] if si >= 0 else 0
    s1 = sents.starts[si + 1] if si + 1 < len(sents.starts) else len(doc)
    for dist in range(1, max(i - s0, s1 - j) + 1):
        for k in (i - dist, j + dist):
            if s0 <= k < s1 and (k < i or k > j):
                tok = doc[k]
                if tok.text in (";",):
                    continue
                c = _cue(doc, k, tagged)
                if c:
                    return c
    return 0


# ---------------------------------------------------------------- the component


@dataclass
class Found:
    """What :meth:`TimexRecognizer.find` found in one Doc."""

    dct: date | None
    dct_source: str | None
    dct_confidence: float
    items: list[tuple[int, int, str, str | None, str | None]] = field(default_factory=list)


class TimexRecognizer:
    """Rule-based TIMEX3 recognizer and normalizer."""

    def __init__(self, nlp: Language, name: str = "parley_timex", *, dct: str | None = None,
                 infer: bool = True, spans_key: str = SPANS_KEY) -> None:
        ensure_extensions()
        self.name = name
        self.dct = parse_dct(dct)
        self.infer = infer
        self.spans_key = spans_key

    def __call__(self, doc: Doc) -> Doc:
        self.set_annotations(doc, self.find(doc))
        return doc

    def find(self, doc: Doc) -> Found:
        """Find and normalize the timexes of ``doc``; writes nothing."""
        text = doc.text
        user = doc._.dct
        dct = parse_dct(user)
        source, conf = ("user", 1.0) if dct else (None, 0.0)
        if dct is None and self.dct is not None:
            dct, source, conf = self.dct, "user", 1.0
        if dct is None and self.infer:
            dct, conf = infer_dct(text)
            source = "inferred" if dct else None
        found = Found(dct, source, conf)
        cands = extract(text)
        if not cands:
            return found
        tagged = doc.has_annotation("TAG")
        sents = _sentences(doc) if tagged and any(c.needs_tense for c in cands) else None
        for c in cands:
            direction = 0
            if c.needs_tense and dct is not None:
                direction = (_direction(doc, sents, c.start, c.end, tagged) if sents is not None
                             else _direction_text(text, c.start, c.end))
            try:
                value = c.resolve(dct, direction)
            except (ValueError, OverflowError, TypeError, AttributeError):
                value = None
            found.items.append((c.start, c.end, c.type, value, c.mod))
        _quarter_context(cands, found.items)
        _anaphora(cands, found.items)
        return found

    def set_annotations(self, doc: Doc, found: Found) -> None:
        """Write ``doc.spans[spans_key]`` (with ``span._.timex_type/value/mod``) and the DCT
        (``doc._.dct``, ``doc._.dct_source``, ``doc._.dct_confidence``)."""
        doc._.dct = found.dct.isoformat() if found.dct else None  # ISO string: DocBin/n_process safe
        doc._.dct_source = found.dct_source
        doc._.dct_confidence = found.dct_confidence
        spans: list[Span] = []
        last_end = -1
        for start, end, typ, value, mod in found.items:
            span = doc.char_span(start, end, alignment_mode="expand")
            if span is None or not len(span) or span.start < last_end:
                continue
            span._.timex_type = typ
            span._.timex_value = value
            span._.timex_mod = mod
            spans.append(span)
            last_end = span.end
        write_spans(doc, self.spans_key, STAGE, spans)


_QUARTER = re.compile(r"^(\d{4})-Q([1-4])$")


def _quarter_context(cands: list[Cand], items: list[tuple[int, int, str, str | None, str | None]]
                     ) -> None:
    """In earnings news "a year ago" / "year-earlier" mean the same quarter a year before."""
    last_q: tuple[int, int, int] | None = None  # (end char, year, quarter)
    for k, c in enumerate(cands):
        start, end, typ, value, mod = items[k]
        qm = _QUARTER.match(value or "")
        if qm and c.kind != "yearago":
            last_q = (end, int(qm.group(1)), int(qm.group(2)))
            continue
        if c.kind == "yearq" and last_q and value and re.fullmatch(r"\d{4}", value):
            items[k] = (start, end, typ, f"{value}-Q{last_q[2]}", mod)
            continue
        if c.kind == "yearago" and last_q and start - last_q[0] < 400 and value and \
                re.fullmatch(r"\d{4}", value):
            items[k] = (start, end, typ, f"{last_q[1] - 1}-Q{last_q[2]}", mod)


_YEAR_OF = re.compile(r"^(\d{4})(?:-(\d\d))?")


def _anaphora(cands: list[Cand], items: list[tuple[int, int, str, str | None, str | None]]) -> None:
    """"later that year", "the following month": relative to the last date the text mentioned
    (within a few sentences), not to the DCT; without one the DCT-based value stays."""
    last: tuple[int, int, int | None] | None = None  # (end char, year, month)
    for k, c in enumerate(cands):
        start, end, typ, value, mod = items[k]
        if c.anaphor and last and start - last[0] < 600:
            unit, off = c.anaphor
            y, mo = last[1], last[2]
            if unit == "year":
                items[k] = (start, end, typ, f"{y + off:04d}", mod)
            elif mo is not None:
                n = y * 12 + mo - 1 + off
                items[k] = (start, end, typ, f"{n // 12:04d}-{n % 12 + 1:02d}", mod)
            continue
        ym = _YEAR_OF.match(value or "") if typ in ("DATE", "TIME") else None
        if ym and not c.anaphor:
            last = (end, int(ym.group(1)), int(ym.group(2)) if ym.group(2) else None)


@Language.factory(
    "parley_timex",
    default_config={"dct": None, "infer": True, "spans_key": SPANS_KEY},
    requires=[],
    assigns=["doc.spans", "span._.timex_type", "span._.timex_value", "span._.timex_mod", "doc._.dct",
             "doc._.dct_source", "doc._.dct_confidence"],
)
def make_timex(nlp: Language, name: str, dct: str | None, infer: bool,
               spans_key: str) -> TimexRecognizer:
    """spaCy factory for :class:`TimexRecognizer` (``dct``: ISO date used when a Doc has none; ``infer``:
    infer one from the text when neither gives it; ``spans_key``: where the timexes go in ``doc.spans``).
    A tagger before it only sharpens the tense cue, so it requires nothing."""
    return TimexRecognizer(nlp, name, dct=dct, infer=infer, spans_key=spans_key)


# ---------------------------------------------------------------- anchoring

_CALENDAR = re.compile(r"^\d{4}")


def _sentence_bounds(doc: Doc, char: int) -> tuple[int, int]:
    if doc.has_annotation("SENT_START"):
        for s in doc.sents:
            if s.start_char <= char < s.end_char + 1:
                return s.start_char, s.end_char
    text = doc.text
    left = max(text.rfind(". ", 0, char), text.rfind("\n", 0, char), text.rfind("? ", 0, char),
               text.rfind("! ", 0, char))
    cands = [p for p in (text.find(". ", char), text.find("\n", char), text.find("? ", char),
                         text.find("! ", char)) if p >= 0]
    right = min(cands) + 1 if cands else len(text)
    return left + 1, right


def anchor_date(doc: Doc, start_char: int, end_char: int, spans_key: str = SPANS_KEY) -> str | None:
    """The calendar value of a timex inside ``[start_char, end_char)``, else one in the same
    sentence (nearest), else the DCT as an ISO string (None when there is no DCT). ``spans_key``:
    the timex component's key."""
    spans = stage_spans(doc, STAGE, spans_key)

    def usable(s: Span) -> bool:
        v = s._.timex_value
        return bool(v) and s._.timex_type in ("DATE", "TIME") and bool(_CALENDAR.match(v))

    inside = [s for s in spans if s.start_char >= start_char and s.end_char <= end_char
              and usable(s)]
    if inside:
        return inside[0]._.timex_value
    s0, s1 = _sentence_bounds(doc, start_char)
    near = [s for s in spans if s.start_char >= s0 and s.end_char <= s1 and usable(s)]
    if near:
        mid = (start_char + end_char) / 2
        return min(near, key=lambda s: abs((s.start_char + s.end_char) / 2 - mid))._.timex_value
    dct = parse_dct(doc._.dct)
    return dct.isoformat() if dct else None
