"""Handlers for durations, sets and clock times in ``parley_timex``: "three years", "recent
months", "daily", "every Monday", "10:30 p.m.", "noon Tuesday" as :class:`Cand` records.

:data:`HANDLERS` maps each pattern name of :mod:`parley.nlp.timex.patterns` handled here to its
handler.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date, timedelta

from parley.nlp.lexicon.words import MONTHS, WEEKDAYS
from parley.nlp.timex.patterns import Cand, const, next_word, prev_word
from parley.nlp.timex.values import DAYWORD, DMOD, PARTS, SEASONS, duration, number, weekday_date

# ---------------------------------------------------------------- durations and sets


def _h_dur(m: re.Match[str], text: str) -> Cand | None:
    num = m["num"].lower()
    unit = m["unit"].lower()
    n = number(num)
    if m["half"] and n is not None:
        n += 0.5
    if re.fullmatch(r"(?:1[5-9]|20)\d\d", num) and unit == "quarter" and (m["the"] or "").lower() == "the":
        # "the 1988 quarter": that year's quarter of the earnings context (the component fills
        # the quarter in from the last one the text named), else the year
        return Cand(m.start(), m.end(), "DATE", const(num), year=int(num), kind="yearq")
    the = (m["the"] or "").lower()
    rel = (m["rel"] or "").lower()
    tail = (m["tail"] or "").lower()
    # "a second meeting", "one day" (some day), "a quarter of"
    if unit == "second" and num in ("a", "an", "one") and not rel:
        nxt = text[m.end():m.end() + 3]
        if not re.match(r"\s*[,.;:)]|\s*$|\s+(?:or|and|later|earlier|ago)\b", nxt):
            return None
    if unit.startswith("quarter") and not (rel or the) and num in ("a", "an", "one"):
        return None
    if unit in ("night", "nights") and num in ("a", "an"):
        return None
    if num in ("some", "many", "numerous") and not rel:
        return None
    if num in ("a", "an") and the == "a":
        return None
    if unit.startswith("weekend") and num in ("a", "an"):
        return None
    if num in ("a", "an", "one") and unit in ("day",) and not rel and not m["mod"] and not tail:
        nxt = next_word(text, m.end()).lower()
        if nxt in ("after", "before", "when", "later"):
            return None
    start = m.start()
    mod = DMOD.get((m["mod"] or "").lower())
    # money or rate before "a year", "a day": a SET ("$5 a year", "twice a day")
    if num in ("a", "an") and not rel and not the and not m["mod"]:
        before = text[max(0, m.start() - 25):m.start()]
        if re.search(r"(?:\d|%|percent|cents?|dollars?|times|twice|once|million|billion|"
                     r"barrels|tons|pounds|euros?|hours|people)\W*$", before, re.I):
            return Cand(start, m.end(), "SET", const(duration(1, unit)))
    value = duration(n, unit)
    if tail == "old" or re.match(r"\s*old\b", text[m.end():m.end() + 5]):
        return None  # an age, not a timex
    if unit.startswith("quarter") and "-" in text[m.start("num"):m.start("unit")] and not rel:
        return None  # "three-quarters": a fraction
    adjectival = "-" in text[m.end("num"):m.start("unit")]
    if m["mod"] and (m["mod"].lower() == "over") and the:
        start = m.start("the")
    if adjectival and (the in ("the", "a") or not rel) and not m["mod"]:
        start = m.start("rel") if rel else m.start("num")
    return Cand(start, m.end(), "DURATION", const(value), mod=mod)


def _h_plural(m: re.Match[str], text: str) -> Cand | None:
    rel = m["rel"].lower()
    unit = m["unit"].lower()
    start = m.start()
    if rel in ("for", "over", "in", "within", "over the", "many", "several"):
        if rel in ("many", "several"):
            return None
        start = m.start("unit")
        if rel == "over the":
            start = m.start()
        if rel in ("in", "within") and unit not in ("years", "decades", "months", "weeks"):
            return None
        nxt = next_word(text, m.end()).lower()
        if nxt in ("of", "old") or text[m.end():m.end() + 1] == "'":
            return None
    elif rel == "in recent":
        start = m.start() + 3
    return Cand(start, m.end(), "DURATION", const(duration(None, unit)))


_SET_ADV = {"daily": "P1D", "weekly": "P1W", "monthly": "P1M", "annually": "P1Y", "yearly": "P1Y",
            "hourly": "PT1H", "nightly": "P1D", "biweekly": "P2W", "semiannually": "P6M",
            "once a day": "P1D", "once a week": "P1W", "once a month": "P1M",
            "once a year": "P1Y"}


def _h_set(m: re.Match[str], text: str) -> Cand | None:
    return Cand(m.start(), m.end(), "SET", const(_SET_ADV[m["adv"].lower()]))


def _h_every(m: re.Match[str], text: str) -> Cand | None:
    u = m["unit"]
    ul = u.lower().rstrip(".")
    if m["q"].lower() == "per" and m["num"]:
        return None
    n = number(m["num"]) if m["num"] else 1
    if m["other"]:
        n = 2
    if ul in WEEKDAYS or ul.rstrip("s") in WEEKDAYS:
        v = f"XXXX-WXX-{WEEKDAYS[ul.rstrip('s') if ul not in WEEKDAYS else ul]}"
    elif ul in MONTHS:
        v = f"XXXX-{MONTHS[ul]:02d}"
    elif ul in SEASONS:
        v = f"XXXX-{SEASONS[ul]}"
    elif ul in PARTS:
        v = f"XXXX-XX-XXT{PARTS[ul]}"
    else:
        v = duration(n, ul)
    return Cand(m.start(), m.end(), "SET", const(v))


# ---------------------------------------------------------------- clock times


def _h_clock(m: re.Match[str], text: str) -> Cand | None:
    h = int(m["h"])
    mins = m["m"]
    ap = (m["ap"] or "").lower()
    tz = m["tz"]
    if not ap and not (mins and (tz or m.group(0)[m.start("h") - m.start():].find(":") >= 0)):
        return None
    if not ap and not tz:
        # a bare 10:30 needs a clock context ("at 10:30")
        prev = prev_word(text, m.start())
        if prev not in ("at", "by", "until", "from", "before", "after", "around", "about"):
            return None
    if ap.startswith("p") and h < 12:
        h += 12
    if ap.startswith("a") and h == 12:
        h = 0
    if h > 24 or (ap and int(m["h"]) > 12):
        return None
    hhmm = f"{h:02d}:{mins or '00'}" + ("Z" if tz in ("UTC", "GMT") else "")
    mod = DMOD.get((m["mod"] or "").lower()) or ("APPROX" if m["mod"] else None)
    return Cand(m.start(), m.end(), "TIME",
                lambda dct, _d: f"{dct.isoformat()}T{hhmm}" if dct else f"XXXX-XX-XXT{hhmm}",
                mod=mod)


_NOON = {"noon": "12:00", "midday": "12:00", "midnight": "24:00", "mid-afternoon": "AF",
         "midafternoon": "AF", "mid-morning": "MO", "midmorning": "MO", "overnight": "NI"}


def _h_noon(m: re.Match[str], text: str) -> Cand | None:
    w = m["w"].lower()
    code = _NOON[w]
    wd = (m["wd"] or "").lower()
    mod = "MID" if w.startswith("mid") and w not in ("midday", "midnight") else None

    def res(dct: date | None, direction: int) -> str | None:
        if dct is None:
            return None
        d = dct
        if wd in WEEKDAYS:
            d = weekday_date(dct, WEEKDAYS[wd], direction if direction else -1)
        elif wd in DAYWORD:
            d = dct + timedelta(days=DAYWORD[wd])
        elif w == "overnight":
            d = dct - timedelta(days=1)
        return f"{d.isoformat()}T{code}"

    return Cand(m.start(), m.end(), "TIME", res, mod=mod, needs_tense=bool(wd))


HANDLERS: dict[str, Callable[[re.Match[str], str], Cand | None]] = {
    "dur": _h_dur, "plural": _h_plural, "set": _h_set, "every": _h_every, "clock": _h_clock,
    "noon": _h_noon,
}
