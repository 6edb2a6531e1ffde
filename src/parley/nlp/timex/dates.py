"""Handlers for calendar dates in ``parley_timex``: a pattern's match to a :class:`Cand` whose
resolver anchors it to the DCT (full and partial dates, months, years, decades, seasons, quarters,
weekdays, day words, parts of days, "last week", "two years ago", holidays and vague references).

:data:`HANDLERS` maps each pattern name of :mod:`parley.nlp.timex.patterns` handled here to its
handler.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date, timedelta

from parley.nlp.lexicon.words import WEEKDAYS
from parley.nlp.timex.patterns import Cand, const, next_word, prev_word
from parley.nlp.timex.values import (
    DAYWORD,
    DMOD,
    HALF,
    PARTS,
    SEASONS,
    day_of,
    duration,
    month_of,
    month_year,
    number,
    pre_mod,
    shift,
    unit_key,
    weekday_date,
    weekend,
    year_of,
)

# words after which a capitalized "May" is a month
_MAY_BEFORE = {"in", "on", "of", "since", "until", "till", "by", "through", "from", "to", "last",
               "next", "this", "early", "late", "mid", "mid-", "end", "during", "before", "after",
               "between", "and", "or", "late-", "early-", "each", "every", "that", "past"}
_WEAK_MONTHS = {"may", "march"}


# ---------------------------------------------------------------- handlers


def _h_iso(m: re.Match[str], text: str) -> Cand | None:
    y, mo, d = int(m["y"]), int(m["m"]), int(m["d"])
    try:
        date(y, mo, d)
    except ValueError:
        return None
    v = f"{y:04d}-{mo:02d}-{d:02d}"
    if m["hh"]:
        return Cand(m.start(), m.end(), "TIME", const(f"{v}T{m['hh']}:{m['mm']}"), year=y,
                    month=mo, day=d)
    return Cand(m.start(), m.end(), "DATE", const(v), year=y, month=mo, day=d)


def _h_slash(m: re.Match[str], text: str) -> Cand | None:
    y = int(m["y"])
    if len(m["y"]) == 2:
        y += 1900 if y > 40 else 2000
    mo, d = int(m["m"]), int(m["d"])
    try:
        date(y, mo, d)
    except ValueError:
        return None
    return Cand(m.start(), m.end(), "DATE", const(f"{y:04d}-{mo:02d}-{d:02d}"), year=y, month=mo,
                day=d)


def _h_md(m: re.Match[str], text: str) -> Cand | None:
    mon, day = month_of(m["mon"]), day_of(m["day"])
    if m["mon"].lower() in _WEAK_MONTHS and not m["year"] and day > 31:
        return None
    mod = pre_mod(m["pre"])
    if m["year"]:
        y = int(m["year"])
        try:
            date(y, mon, day)
        except ValueError:
            return None
        return Cand(m.start(), m.end(), "DATE", const(f"{y:04d}-{mon:02d}-{day:02d}"), mod=mod,
                    year=y, month=mon, day=day, kind="md")
    if day > 31:
        return None

    def res(dct: date | None, direction: int) -> str | None:
        if dct is None:
            return f"XXXX-{mon:02d}-{day:02d}"
        y = month_year(dct, mon, day, direction)
        return f"{y:04d}-{mon:02d}-{day:02d}"

    return Cand(m.start(), m.end(), "DATE", res, mod=mod, needs_tense=True, month=mon, day=day,
                kind="md")


def _h_my(m: re.Match[str], text: str) -> Cand | None:
    mon, y = month_of(m["mon"]), year_of(m["year"])
    return Cand(m.start(), m.end(), "DATE", const(f"{y:04d}-{mon:02d}"), mod=pre_mod(m["pre"]),
                year=y, month=mon)


def _h_m(m: re.Match[str], text: str) -> Cand | None:
    word = m["mon"]
    mon = month_of(word)
    rel = (m["rel"] or "").lower()
    if word.lower() in _WEAK_MONTHS and not rel and not m["pre"]:
        prev = prev_word(text, m.start())
        nxt = next_word(text, m.end())
        if prev not in _MAY_BEFORE or (nxt[:1].isupper() and nxt not in ("I",)):
            return None
        if nxt.lower() in ("i", "we", "you", "he", "she", "they", "it", "be", "have", "not"):
            return None
    if word.endswith(".") is False and word.lower() in ("jan", "mar", "jun"):
        return None
    of = (m["of"] or "").lower()
    mod = pre_mod(m["pre"])

    def res(dct: date | None, direction: int) -> str | None:
        if dct is None:
            return f"XXXX-{mon:02d}"
        if "last year" in of:
            y = dct.year - 1
        elif "next year" in of:
            y = dct.year + 1
        elif "this year" in of:
            y = dct.year
        elif rel in ("last", "past", "this past"):
            y = dct.year if mon < dct.month else dct.year - 1
        elif rel in ("next", "coming", "this coming"):
            y = dct.year if mon > dct.month else dct.year + 1
        elif rel == "this":
            y = dct.year
        else:
            y = month_year(dct, mon, None, direction)
        return f"{y:04d}-{mon:02d}"

    return Cand(m.start(), m.end(), "DATE", res, mod=mod, needs_tense=True, month=mon, rel=rel)


def _h_year(m: re.Match[str], text: str) -> Cand | None:
    y = year_of(m["year"])
    s = m["s"]
    start = m.start()
    if m["the"] and not (s or m["pre"] or m["fiscal"]):
        start = m.start("year")
    if not s:
        # a bare number: keep plausible years only, not amounts or counts
        before = text[max(0, m.start("year") - 12):m.start("year")]
        after = text[m.end():m.end() + 16]
        if re.search(r"(?:[$£€#]|No\.|\bno\.|number|\d[,.]?)\s*$", before, re.I):
            return None
        if re.match(r"\s*(?:%|percent|per cent|pct|[a-z]+s\b(?<!\bas)(?<!\bis)(?<!\bwas)"
                    r"(?<!\bthis)(?<!\bhas)(?<!\bus)(?<!\bits)|miles|km|kilometers|feet|"
                    r"meters|people|troops|hours|to \d)", after, re.I) and not re.match(
                    r"\s*(?:levels|lows|highs|results|figures|season|elections|games|crisis)",
                    after):
            return None
        if not (1800 <= y <= 2100) and not m["pre"]:
            return None
    mod = pre_mod(m["pre"])
    half = HALF.get((m["pre"] or "").lower().strip())
    if half and not s:
        return Cand(start, m.end(), "DATE", const(f"{y:04d}-{half}"), year=y)
    if s:
        v = f"{y // 10:03d}"
        if y % 100 == 0 and y % 1000 != 0 and False:
            v = f"{y // 100:02d}"
        return Cand(start, m.end(), "DATE", const(v), mod=mod)
    return Cand(start, m.end(), "DATE", const(f"{y:04d}"), mod=mod, year=y, kind="year")


def _h_decade(m: re.Match[str], text: str) -> Cand | None:
    dd = int(m["dd"])
    return Cand(m.start(), m.end(), "DATE", const(f"19{dd // 10}"), mod=pre_mod(m["pre"]))


def _h_season(m: re.Match[str], text: str) -> Cand | None:
    rel = (m["rel"] or "").lower()
    code = SEASONS[m["season"].lower()]
    start = m.start()
    if rel in ("the", "that") and not m["year"]:
        if m["season"].lower() in ("fall", "spring"):
            pass
        start = m.start() if rel == "the" else m.start()
    if not rel and not m["year"] and not m["pre"]:
        prev = prev_word(text, m.start())
        if prev not in ("in", "during", "by", "until", "since", "this", "last", "next", "of",
                        "early", "late", "through"):
            return None
        if m["season"].lower() in ("fall", "spring") and prev == "of":
            return None
    yr = year_of(m["year"]) if m["year"] else None

    def res(dct: date | None, direction: int) -> str | None:
        if yr is not None:
            return f"{yr:04d}-{code}"
        if dct is None:
            return f"XXXX-{code}"
        y = dct.year
        if rel in ("last", "this past", "the past"):
            y = dct.year - 1 if code == "WI" or {"SP": 4, "SU": 7, "FA": 10}.get(code, 13) > \
                dct.month else dct.year
        elif rel in ("next", "the coming", "this coming"):
            y = dct.year + 1 if {"SP": 4, "SU": 7, "FA": 10, "WI": 13}[code] <= dct.month else dct.year
        return f"{y:04d}-{code}"

    return Cand(start, m.end(), "DATE", res, mod=pre_mod(m["pre"]), needs_tense=True)


_ORD = {"first": 1, "1st": 1, "second": 2, "2nd": 2, "third": 3, "3rd": 3, "fourth": 4,
        "4th": 4, "final": 4, "last": 4}


def _h_quarter(m: re.Match[str], text: str) -> Cand | None:
    q = _ORD[m["ord"].lower()]
    of = (m["of"] or m["yr"] or "").lower()
    start = m.start()
    if m["the"] and not m["of"] and "-" in text[m.end("ord"):m.end()] and not m["yr"]:
        start = m.start("ord") if not m["adj"] else m.start("adj")
    adj = (m["adj"] or "").lower()

    def res(dct: date | None, direction: int) -> str | None:
        year = re.search(r"\d{4}", of)
        if year:
            y = int(year.group(0))
        elif dct is None:
            return f"XXXX-Q{q}"
        elif "last" in of:
            y = dct.year - 1
        elif "next" in of:
            y = dct.year + 1
        else:
            y = dct.year
            if adj in ("year-ago", "year-earlier"):
                y -= 1
        return f"{y:04d}-Q{q}"

    return Cand(start, m.end(), "DATE", res)


def _h_thequarter(m: re.Match[str], text: str) -> Cand | None:
    adj = (m["adj"] or "").lower()
    if m["u"].lower() == "period" and adj not in ("year-ago", "year-earlier", "comparable",
                                                   "comparable year-ago", "same", "latest"):
        return None
    if m["u"].lower() == "quarter" and not adj:
        nxt = next_word(text, m.end())
        if nxt.lower() in ("of", "century", "mile"):
            return None

    def res(dct: date | None, direction: int) -> str | None:
        if dct is None:
            return None
        if adj == "current":
            return shift(dct, "quarter", 0)
        if adj in ("year-ago", "year-earlier", "comparable", "comparable year-ago", "same"):
            return shift(dct, "quarter", -5)
        return shift(dct, "quarter", -1)

    return Cand(m.start(), m.end(), "DATE", res)


def _h_weekday(m: re.Match[str], text: str) -> Cand | None:
    wd = WEEKDAYS[m["wd"].lower()]
    rel = (m["rel"] or "").lower()
    part = (m["part"] or "").lower()
    start = m.start()
    if rel in ("early", "late"):
        start = m.start("wd")
        rel = ""
    if m["pl"]:
        v = f"XXXX-WXX-{wd}" + (f"T{PARTS[part]}" if part else "")
        return Cand(start, m.end(), "SET", const(v))
    # "Wednesday night": the day with its part (TimeML; most gold does so), typed DATE as the
    # TBAQ gold mostly types it
    typ = "DATE"
    tpart = f"T{PARTS[part]}" if part else ""

    def res(dct: date | None, direction: int) -> str | None:
        if dct is None:
            return f"XXXX-WXX-{wd}" + tpart
        if rel in ("last", "this past", "past", "the previous"):
            d = weekday_date(dct, wd, -1, strict=True)
        elif rel in ("next", "this coming", "coming", "the following"):
            d = weekday_date(dct, wd, +1, strict=True)
        elif rel == "this":
            d = dct + timedelta(days=wd - dct.isoweekday())
        else:
            d = weekday_date(dct, wd, direction if direction else -1)
        return d.isoformat() + tpart

    return Cand(start, m.end(), typ, res, needs_tense=True, weekday=wd, rel=rel, kind="weekday")


def _h_dayword(m: re.Match[str], text: str) -> Cand | None:
    w = m["w"].lower()
    part = (m["part"] or "").lower()
    if w == "tonight":
        part = "night"
    off = DAYWORD[w]
    typ = "TIME" if part and w != "tonight" else "DATE"
    pre = (m["pre"] or "").lower()
    mod = {"early": "START", "late": "END"}.get(pre)

    def res(dct: date | None, direction: int) -> str | None:
        if dct is None:
            return None
        v = (dct + timedelta(days=off)).isoformat()
        return v + f"T{PARTS[part]}" if part and w != "tonight" else v

    return Cand(m.start(), m.end(), typ, res, mod=mod)


def _h_partday(m: re.Match[str], text: str) -> Cand | None:
    rel = m["rel"].lower()
    part = m["part"].lower()
    if rel in ("the", "that") and part == "night":
        return None
    off = {"last": -1 if part == "night" else -1, "yesterday": -1, "tomorrow": 1}.get(rel, 0)
    if rel == "last" and part != "night":
        off = -1
    mod = "START" if rel.startswith("early") else "END" if rel.startswith("late") else \
        "MID" if rel.startswith("mid") else None

    def res(dct: date | None, direction: int) -> str | None:
        if dct is None:
            return None
        return (dct + timedelta(days=off)).isoformat() + "T" + PARTS[part]

    return Cand(m.start(), m.end(), "TIME", res, mod=mod)


_REL_OFFSET = {"this": 0, "the current": 0, "current": 0, "the same": 0, "this past": -1,
               "last": -1, "the past": -1, "past": -1, "the previous": -1, "previous": -1,
               "the last": -1, "the latest": -1, "the prior": -1, "prior": -1,
               "next": 1, "the coming": 1, "coming": 1, "the following": 1, "following": 1,
               "the next": 1, "this coming": 1, "the": 0, "that": 0, "a": 0}


def _h_unitrel(m: re.Match[str], text: str) -> Cand | None:
    rel = m["rel"].lower()
    unit = m["unit"].lower().replace("fiscal ", "")
    pre = (m["pre"] or "").lower()
    if rel == "a":
        return None
    if rel in ("the", "that") and not pre:
        if unit not in ("year", "week", "month", "weekend"):
            return None
    if unit == "week" and rel in ("that", "the") and not pre:
        return None
    off = _REL_OFFSET.get(rel, 0)
    mod = pre_mod(pre) or {"earlier": None, "later": None}.get(pre)
    typ = "DATE"
    # "the past year", "the last decade": a period up to now, but TimeBank mostly marks DATE
    start = m.start()

    after = (m["after"] or "").lower()
    end = m.end()
    if after and not (rel == "the" and unit in ("year", "month")):
        end = m.end("unit")
        after = ""
    nxt = next_word(text, end).lower()
    if unit == "year" and rel == "the" and not pre and nxt in ("ended", "ending", "through"):
        # "for the (fiscal) year ended Sept. 30": a fiscal year, a duration
        return Cand(start, end, "DURATION", const("P1Y"))
    anaphor = None
    if unit in ("year", "month"):
        if after or rel in ("the previous", "the prior"):
            anaphor = (unit, -1)
        elif rel in ("the following", "the next") and unit == "month" or rel == "the following":
            anaphor = (unit, 1)
        elif rel == "that" or (rel == "the same" and not pre):
            anaphor = (unit, 0)
    if after:
        off = -1

    def res(dct: date | None, direction: int) -> str | None:
        if dct is None:
            return None
        if rel in ("the", "that") and unit == "year":
            return shift(dct, "year", 0)
        if unit == "weekend":
            return weekend(dct, rel, direction)
        return shift(dct, unit, off)

    return Cand(start, end, typ, res, mod=mod, needs_tense=unit == "weekend", anaphor=anaphor)


def _h_yearadj(m: re.Match[str], text: str) -> Cand | None:
    w = m["w"].lower()
    u = (m["u"] or "").lower()
    start = m.start()
    if u in ("level", "levels", "results", "figure", "month") or not u:
        end = m.end("w")
        start = m.start("w")
    else:
        end = m.end()
    if w in ("year-end", "year end"):
        return Cand(start, end, "DATE", lambda dct, _d: shift(dct, "year", 0) if dct else None,
                    mod="END")
    if w == "year-to-date":
        return None

    def res(dct: date | None, direction: int) -> str | None:
        if dct is None:
            return None
        if u == "quarter" or u == "period":
            return shift(dct, "quarter", -5)
        return shift(dct, "year", -1)

    return Cand(start, end, "DATE", res, kind="yearago")


def _h_ago(m: re.Match[str], text: str) -> Cand | None:
    unit = unit_key(m["unit"])
    if unit in ("night",):
        unit = "day"
    n = number(m["num"])
    d = m["dir"].lower()
    if d in ("before", "after", "back", "previously") and n is None:
        return None
    sign = 1 if d in ("later", "after", "from now", "hence") else -1
    mod = DMOD.get((m["mod"] or "").lower())
    if d in ("after", "before", "later") and n is not None and unit != "millennium":
        # "three days after the vote", "a month later": anchored on an event, not the DCT; the
        # timex is the amount alone, a DURATION (TimeML; as the TBAQ and MEANTIME gold do)
        return Cand(m.start(), m.end("unit"), "DURATION", const(duration(n, m["unit"])), mod=mod)

    def res(dct: date | None, direction: int) -> str | None:
        if dct is None:
            return None
        if n is None:
            return "PAST_REF" if sign < 0 else "FUTURE_REF"
        k = int(n)
        if unit in ("second", "minute", "hour"):
            return dct.isoformat()
        if unit == "fortnight":
            return shift(dct, "week", sign * 2 * k)
        if unit == "weekend":
            return shift(dct, "weekend", sign * k)
        if unit == "millennium":
            return None
        return shift(dct, unit, sign * k)

    kind = "yearago" if unit == "year" and n == 1 else "ago"
    return Cand(m.start(), m.end(), "DATE", res, mod=mod, kind=kind)


_REF = {
    "right now": "PRESENT_REF", "just now": "PRESENT_REF", "now": "PRESENT_REF",
    "nowadays": "PRESENT_REF", "currently": "PRESENT_REF", "at present": "PRESENT_REF",
    "presently": "PRESENT_REF", "these days": "PRESENT_REF", "the present": "PRESENT_REF",
    "recently": "PAST_REF", "lately": "PAST_REF", "the past": "PAST_REF", "in the past": "PAST_REF",
    "the future": "FUTURE_REF", "the near future": "FUTURE_REF",
    "the distant future": "FUTURE_REF", "the long term": "FUTURE_REF",
    "the short term": "FUTURE_REF", "the near term": "FUTURE_REF", "long-term": "FUTURE_REF",
    "short-term": "FUTURE_REF", "near-term": "FUTURE_REF", "the long run": "FUTURE_REF",
    "the short run": "FUTURE_REF", "the time being": "PRESENT_REF", "the moment": "PRESENT_REF",
    "a later date": "FUTURE_REF", "the coming days": "FUTURE_REF",
    "the coming weeks": "FUTURE_REF", "the coming months": "FUTURE_REF",
    "the coming years": "FUTURE_REF", "years to come": "FUTURE_REF",
}
_REF_OFF = {"the previous day": -1, "the day before": -1, "the next day": 1,
            "the following day": 1, "the day after": 1, "the next morning": 1}
_HOLIDAYS = {"christmas": (12, 25), "christmas day": (12, 25), "christmas eve": (12, 24),
             "new year's": (1, 1), "new year's day": (1, 1), "new year's eve": (12, 31),
             "independence day": (7, 4), "halloween": (10, 31)}


def _h_ref(m: re.Match[str], text: str) -> Cand | None:
    w = m["w"].lower()
    start, end = m.start(), m.end()
    if w == "in the past":
        start += 3
        w = "the past"
    if w in _REF:
        if w == "now" and re.match(r"\s*(?:that)\b", text[end:end + 6]) is None and \
                prev_word(text, start) in ("until", "till", "from", "by"):
            pass
        if w in ("long-term", "short-term", "near-term"):
            return None
        if w == "the moment" and prev_word(text, start) not in ("at", "for"):
            return None
        if w in ("the coming days", "the coming weeks", "the coming months", "the coming years"):
            unit = w.split()[-1]
            return Cand(start, end, "DURATION", const(duration(None, unit)))
        return Cand(start, end, "DATE", const(_REF[w]))
    if w in _REF_OFF:
        off = _REF_OFF[w]
        typ = "TIME" if w == "the next morning" else "DATE"
        return Cand(start, end, typ, lambda dct, _d: (dct + timedelta(days=off)).isoformat()
                    if dct else None)
    if w in ("this weekend", "last weekend", "next weekend", "the weekend"):
        rel = w.split()[0]
        return Cand(start, end, "DATE", lambda dct, d: weekend(dct, rel, d) if dct else None,
                    needs_tense=True)
    if w in _HOLIDAYS:
        mo, d = _HOLIDAYS[w]

        def res(dct: date | None, direction: int) -> str | None:
            if dct is None:
                return f"XXXX-{mo:02d}-{d:02d}"
            y = month_year(dct, mo, d, direction)
            return f"{y:04d}-{mo:02d}-{d:02d}"

        return Cand(start, end, "DATE", res, needs_tense=True)
    if w in ("thanksgiving", "thanksgiving day"):
        last = prev_word(text, start) == "last"
        if last:
            start = text.rfind("last", 0, start)

        def res_tg(dct: date | None, direction: int) -> str | None:
            if dct is None:
                return None
            y = month_year(dct, 11, 25, -1 if last else direction)
            if last and date(y, 11, _thanksgiving(y)) >= dct:
                y -= 1
            return f"{y}-11-{_thanksgiving(y):02d}"

        return Cand(start, end, "DATE", res_tg, needs_tense=True)
    if w in ("the day", "that day"):
        return None
    return None


def _thanksgiving(y: int) -> int:
    first = date(y, 11, 1).isoweekday()
    return 1 + (4 - first) % 7 + 21


HANDLERS: dict[str, Callable[[re.Match[str], str], Cand | None]] = {
    "iso": _h_iso, "slash": _h_slash, "md": _h_md, "dm": _h_md, "my": _h_my,
    "m": _h_m, "year": _h_year, "decade": _h_decade, "season": _h_season, "quarter": _h_quarter,
    "thequarter": _h_thequarter, "weekday": _h_weekday, "dayword": _h_dayword,
    "partday": _h_partday, "unitrel": _h_unitrel, "yearadj": _h_yearadj, "ago": _h_ago,
    "ref": _h_ref,
}
