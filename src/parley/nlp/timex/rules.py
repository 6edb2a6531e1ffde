"""Finding TIMEX3 candidates for ``parley_timex`` (no spaCy here: plain text in, candidates out).

``extract(text)`` runs the patterns of :mod:`parley.nlp.timex.patterns` over the raw text (near
their anchor words only), builds candidates with the handlers of :mod:`parley.nlp.timex.dates` and
:mod:`parley.nlp.timex.durations`, keeps the longest non-overlapping ones and joins a clock time
with its day. Each candidate carries a resolver that turns (DCT, tense direction) into a TIMEX3
value (:mod:`parley.nlp.timex.values`). Resolution is separate so that the same candidates serve
DCT inference and the final values.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from datetime import date

from parley.nlp.lexicon.words import MONTH_ABBREVIATIONS, MONTH_NAMES, WEEKDAYS
from parley.nlp.timex import dates as timex_dates
from parley.nlp.timex import durations as timex_durations
from parley.nlp.timex.patterns import PATTERNS, Cand

_HANDLERS: dict[str, Callable[[re.Match[str], str], Cand | None]] = {
    **timex_dates.HANDLERS, **timex_durations.HANDLERS,
}

_PRIORITY = {"iso": 9, "slash": 9, "md": 8, "dm": 8, "my": 8, "ago": 7, "quarter": 7,
             "thequarter": 5, "weekday": 6, "dayword": 6, "partday": 6, "unitrel": 6,
             "yearadj": 5, "year": 5, "decade": 5, "season": 5, "m": 5, "dur": 4, "plural": 3,
             "set": 4, "every": 6, "clock": 6, "noon": 6, "ref": 3}


_QUICK = re.compile(
    r"\d|day|week|month|year|nineteen|thousand|quarter|decade|centur|millenni|hour|minute|second|night|morning|"
    r"evening|noon|now|current|recent|lately|past|previous|formerly|future|term|present|time|"
    r"spring|summer|fall|autumn|winter|Christmas|Thanksgiving|Easter|Halloween|tonight|"
    r"daily|nightly|weekly|monthly|annually|yearly|hourly|period|run|(?-i:January|February|March|April|May|"
    r"June|July|August|September|October|November|December|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Oct|"
    r"Nov|Dec|Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)", re.I)


# Each pattern runs only near its anchors: one pass over the words of the text (a dict lookup
# each) and a few cheap digit scans find where a pattern could match, and the full expression runs
# on a window around each hit (``before`` characters to the left for optional modifiers, ``after``
# to the right) instead of over the whole text. Every match of a pattern contains one of its
# anchors, so the windows lose nothing (tests/nlp/test_timex.py checks this on sample texts).
_MONTH_WORDS = " ".join([*MONTH_NAMES, *MONTH_ABBREVIATIONS])
_WEEKDAY_WORDS = " ".join(WEEKDAYS)
_UNIT_WORDS = ("second seconds minute minutes hour hours day days week weeks fortnight fortnights "
               "month months quarter quarters year years decade decades century centuries "
               "millennium millennia weekend weekends night nights")
_ANCHOR_WORDS: dict[str, str] = {
    "md": _MONTH_WORDS, "dm": _MONTH_WORDS, "my": _MONTH_WORDS, "m": _MONTH_WORDS,
    "year": "nineteen thousand",
    "season": "spring summer fall autumn winter",
    "quarter": "quarter",
    "thequarter": "quarter period",
    "weekday": _WEEKDAY_WORDS,
    "dayword": "today yesterday tomorrow tonight",
    "partday": "morning afternoon evening night",
    "unitrel": "week month year weekend decade century",
    "yearadj": "year",
    "ago": "ago earlier later before after now hence back previously",
    "dur": _UNIT_WORDS,
    "plural": "years months weeks days decades hours centuries",
    "set": "daily weekly monthly annually yearly hourly nightly biweekly semiannually once",
    "every": "every each per",
    "noon": "noon midnight midday mid midafternoon afternoon midmorning morning overnight",
    "ref": ("now nowadays currently present presently days recently lately past previously "
            "formerly future term long short near run time being moment later date coming come "
            "history far day previous next following before after morning weekend holidays year "
            "christmas thanksgiving easter independence labor memorial halloween"),
}
_WORD_ANCHORS: dict[str, list[str]] = {}
for _name, _words in _ANCHOR_WORDS.items():
    for _w in _words.split():
        _WORD_ANCHORS.setdefault(_w, []).append(_name)
_DIGIT_ANCHORS = {
    "iso": re.compile(r"\d-[01]\d-\d"),
    "slash": re.compile(r"\d/\d"),
    "year": re.compile(r"(?<!\d)(?:1[5-9]|20)\d\d(?!\d)"),
    "decade": re.compile(r"'\d0s"),
    "clock": re.compile(r"\d[:.]\d\d|\d\s*(?:[apAP]\.?[mM]\b|o'clock)"),
}
_ANCHOR_SPAN = {  # characters before and after an anchor that a match may reach
    "iso": (6, 12), "slash": (6, 10), "md": (60, 20), "dm": (12, 14), "my": (60, 36),
    "m": (70, 30), "year": (70, 30), "decade": (16, 4), "season": (30, 36), "quarter": (80, 40),
    "thequarter": (60, 4), "weekday": (24, 16), "dayword": (12, 16), "partday": (20, 4),
    "unitrel": (60, 20), "yearadj": (12, 30), "ago": (110, 12), "dur": (120, 24),
    "plural": (24, 4), "set": (4, 12), "every": (2, 50), "clock": (30, 24), "noon": (4, 20),
    "ref": (24, 24),
}
_WORD_RX = re.compile(r"[A-Za-z]{3,}")
_SPACE = re.compile(r"\s")


def _anchor_windows(text: str) -> dict[str, list[tuple[int, int]]]:
    """Per pattern, the merged windows of ``text`` where it may match."""
    hits: dict[str, list[tuple[int, int]]] = {}
    for m in _WORD_RX.finditer(text):
        names = _WORD_ANCHORS.get(m.group().lower())
        if names:
            for name in names:
                hits.setdefault(name, []).append(m.span())
    for name, rx in _DIGIT_ANCHORS.items():
        for m in rx.finditer(text):
            hits.setdefault(name, []).append(m.span())
    n = len(text)
    out: dict[str, list[tuple[int, int]]] = {}
    for name, spans in hits.items():
        before, after = _ANCHOR_SPAN[name]
        if name == "year":
            spans.sort()
        wins: list[tuple[int, int]] = []
        for a0, a1 in spans:
            s, e = max(0, a0 - before), a1 + after
            if e >= n:
                e = n
            else:  # end on a space so that no word is cut (a cut would fake a word boundary)
                sp = _SPACE.search(text, e)
                e = sp.start() if sp else n
            if wins and s <= wins[-1][1]:
                wins[-1] = (wins[-1][0], max(wins[-1][1], e))
            else:
                wins.append((s, e))
        out[name] = wins
    return out


WINDOWED = True  # False: every pattern over the whole text (slower; same results)

_JOIN_GAP = re.compile(r"[ \t]*,?[ \t]*(?:on[ \t]+)?")


def _clock_on_day(clock: Cand, day: Cand) -> Cand:
    """"9 p.m. Thursday", "4 p.m. EST, Oct. 3": one TIME on that day."""

    def res(dct: date | None, direction: int) -> str | None:
        t = clock.resolve(dct, direction)
        d = day.resolve(dct, direction)
        if not t or not d or "T" not in t:
            return d
        return d[:10] + t[t.index("T"):]

    return Cand(clock.start, day.end, "TIME", res, mod=clock.mod, needs_tense=day.needs_tense,
                kind="clockday")


def _weekday_date(wd: Cand, md: Cand) -> Cand:
    """"Monday, Oct. 19": one DATE, the month-day's value."""
    return Cand(wd.start, md.end, "DATE", md.resolve, mod=md.mod, needs_tense=md.needs_tense,
                kind="md", year=md.year, month=md.month, day=md.day)


def _join(text: str, cands: list[Cand]) -> list[Cand]:
    out: list[Cand] = []
    for c in cands:
        prev = out[-1] if out else None
        if prev is not None and _JOIN_GAP.fullmatch(text, prev.end, c.start):
            if prev.kind == "clock" and c.kind in ("weekday", "md", "dayword") and c.type == "DATE":
                out[-1] = _clock_on_day(prev, c)
                continue
            if prev.kind == "weekday" and c.kind == "md" and not prev.rel and \
                    text[prev.end:c.start].strip() in (",", ""):
                out[-1] = _weekday_date(prev, c)
                continue
        out.append(c)
    return out


def _matches(rx: re.Pattern[str], name: str, text: str,
             windows: dict[str, list[tuple[int, int]]] | None) -> Iterator[re.Match[str]]:
    if windows is None or name not in _ANCHOR_SPAN:
        yield from rx.finditer(text)
        return
    for s, e in windows.get(name, ()):
        yield from rx.finditer(text, s, e)


def extract(text: str, join: bool = True) -> list[Cand]:
    """All non-overlapping TIMEX3 candidates in ``text``, in text order; ``join`` merges a clock
    time with the day after it and a weekday with the date after it into one timex."""
    if not text or not _QUICK.search(text):
        return []
    found: list[tuple[int, int, Cand]] = []
    windows = _anchor_windows(text) if WINDOWED else None
    for name, rx in PATTERNS:
        handler = _HANDLERS[name]
        for m in _matches(rx, name, text, windows):
            if m.end() <= m.start():
                continue
            try:
                c = handler(m, text)
            except (ValueError, KeyError, IndexError, OverflowError, TypeError):
                c = None
            if c is None or c.end <= c.start:
                continue
            c.kind = c.kind or name
            found.append((c.length, _PRIORITY.get(name, 0), c))
    found.sort(key=lambda t: (-t[0], -t[1], t[2].start))
    taken: list[Cand] = []
    occupied: list[tuple[int, int]] = []
    for _length, _prio, c in found:
        if any(c.start < e and s < c.end for s, e in occupied):
            continue
        occupied.append((c.start, c.end))
        taken.append(c)
    taken.sort(key=lambda c: c.start)
    return _join(text, taken) if join else taken
