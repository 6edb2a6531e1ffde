"""TIMEX3 value normalisation for ``parley_timex``: the words of dates and amounts as numbers and
codes, and the calendar arithmetic that anchors a relative expression to the document date (DCT).

Nothing here reads text for expressions (:mod:`parley.nlp.timex.patterns` does); these helpers turn
what the handlers parsed into TIMEX3 values: ``shift`` moves the DCT by units, ``month_year`` and
``weekday_date`` pick the occurrence a bare month or weekday means, ``duration`` writes a period.
"""

from __future__ import annotations

import re
from datetime import date, timedelta

from parley.nlp.lexicon.words import MONTHS

# ---------------------------------------------------------------- vocabulary

SEASONS = {"spring": "SP", "summer": "SU", "fall": "FA", "autumn": "FA", "winter": "WI"}
PARTS = {"morning": "MO", "afternoon": "AF", "evening": "EV", "night": "NI", "overnight": "NI"}

_UNITS_WORD = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14,
    "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19,
}
_TENS_WORD = {"twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70,
              "eighty": 80, "ninety": 90}
_VAGUE = {"few", "a few", "several", "some", "many", "a couple of", "couple of", "a couple",
          "a number of", "dozens of", "numerous"}
DAYWORD = {"today": 0, "tonight": 0, "yesterday": -1, "tomorrow": 1}

# ---------------------------------------------------------------- modifiers

PRE_MOD = {"early": "START", "late": "END", "mid": "MID", "mid-": "MID", "the end of": "END",
           "end of": "END", "the beginning of": "START", "beginning of": "START",
           "the start of": "START", "start of": "START", "the middle of": "MID",
           "the first half of": "START", "the second half of": "END",
           "the latter half of": "END", "the latter part of": "END", "the early part of": "START",
           "the rest of": "END", "the turn of": "START", "the last half of": "END"}
HALF = {"the first half of": "H1", "the second half of": "H2", "the latter half of": "H2",
        "the last half of": "H2"}
DMOD = {"about": "APPROX", "around": "APPROX", "approximately": "APPROX", "roughly": "APPROX",
        "some": "APPROX", "nearly": "LESS_THAN", "almost": "LESS_THAN", "more than": "MORE_THAN",
        "less than": "LESS_THAN", "over": "MORE_THAN", "under": "LESS_THAN",
        "at least": "EQUAL_OR_MORE", "at most": "EQUAL_OR_LESS", "up to": "EQUAL_OR_LESS",
        "no more than": "EQUAL_OR_LESS", "no less than": "EQUAL_OR_MORE",
        "just over": "MORE_THAN", "just under": "LESS_THAN", "well over": "MORE_THAN",
        "fewer than": "LESS_THAN"}


def pre_mod(pre: str | None) -> str | None:
    """The TIMEX3 ``mod`` of a leading modifier ("early", "the end of"), or ``None``."""
    if not pre:
        return None
    return PRE_MOD.get(pre.lower().strip().rstrip("-") if pre.lower().strip() == "mid-" else
                       pre.lower().strip())


def number(word: str) -> float | None:
    """A number word or numeral as a number; ``None`` for vague amounts ("several")."""
    w = word.lower().strip()
    half = 0.0
    if w.endswith(" and a half"):
        half, w = 0.5, w[: -len(" and a half")]
    if w in ("a couple of", "couple of", "a couple"):
        return 2 + half
    if w in _VAGUE:
        return None
    if w in ("a", "an"):
        return 1 + half
    if w.endswith(" 1/2"):
        half, w = 0.5, w[:-4].strip()
    if w in ("a dozen", "dozen"):
        return 12 + half
    if w in ("a hundred", "hundred"):
        return 100 + half
    try:
        return float(w) + half
    except ValueError:
        pass
    parts = re.split(r"[- ]", w)
    total = 0
    for p in parts:
        if p in _TENS_WORD:
            total += _TENS_WORD[p]
        elif p in _UNITS_WORD:
            total += _UNITS_WORD[p]
        else:
            return None
    return total + half


def year_of(tok: str) -> int:
    """A year written in digits or spoken ("nineteen ninety-six", "the year two thousand")."""
    if tok[:1].isdigit():
        return int(tok)
    w = re.sub(r"^the\s+year\s+", "", tok.lower())
    if w.startswith("two"):
        rest = re.sub(r"^two[- ]thousand[- ]?(?:and[- ])?", "", w)
        return 2000 + int(number(rest) or 0) if rest else 2000
    return 1900 + int(number(w.split(None, 1)[1] if " " in w else w.split("-", 1)[1]) or 0)


def month_of(tok: str) -> int:
    return MONTHS[tok.lower().rstrip(".")]


def day_of(tok: str) -> int:
    """The day number a token starts with ("21st" → 21)."""
    m = re.match(r"\d+", tok)
    if m is None:
        raise ValueError(f"no day number in {tok!r}")
    return int(m.group(0))


# ---------------------------------------------------------------- calendar helpers


def iso_week(d: date) -> str:
    y, w, _ = d.isocalendar()
    return f"{y}-W{w:02d}"


def quarter(d: date) -> int:
    return (d.month - 1) // 3 + 1


def add_months(d: date, n: int) -> date:
    m = d.month - 1 + n
    y = d.year + m // 12
    m = m % 12 + 1
    return date(y, m, 1)


def shift(dct: date, unit: str, n: int) -> str:
    """The DCT moved by ``n`` units, at that unit's granularity."""
    if unit == "day":
        return (dct + timedelta(days=n)).isoformat()
    if unit == "week" or unit == "weekend":
        v = iso_week(dct + timedelta(weeks=n))
        return v + "-WE" if unit == "weekend" else v
    if unit == "month":
        return add_months(dct, n).isoformat()[:7]
    if unit == "quarter":
        q = quarter(dct) - 1 + n
        return f"{dct.year + q // 4}-Q{q % 4 + 1}"
    if unit == "year":
        return f"{dct.year + n:04d}"
    if unit == "decade":
        return f"{(dct.year // 10 + n):03d}"
    if unit == "century":
        return f"{(dct.year // 100 + n):02d}"
    return dct.isoformat()


def unit_key(u: str) -> str:
    u = u.lower()
    if u.startswith("centur"):
        return "century"
    if u.startswith("millenni"):
        return "millennium"
    return u[:-1] if u.endswith("s") else u


def duration(n: float | None, unit: str) -> str:
    u = unit_key(unit)
    if u == "fortnight":
        n, u = (n * 2 if n is not None else None), "week"
    if u == "decade":
        if n is None:
            return "PXDE"
        n, u = n * 10, "year"
    if u == "century":
        if n is None:
            return "PXCE"
        n, u = n * 100, "year"
    if u == "millennium":
        if n is None:
            return "PXML"
        n, u = n * 1000, "year"
    if u == "night":
        u = "day"
    if u == "weekend":
        return "P2D" if n in (None, 1) else f"P{int(n * 2)}D"
    code = {"second": "TS", "minute": "TM", "hour": "TH", "day": "D", "week": "W", "month": "M",
            "quarter": "Q", "year": "Y"}[u]
    if n is not None and not float(n).is_integer() and u in _SPLIT:
        # "2 1/2 years": P2Y6M, "5 1/2 hours": PT5H30M (as the TimeBank gold writes them)
        big, small, per = _SPLIT[u]
        whole, rest = int(n), round((n - int(n)) * per)
        t = "T" if u in ("hour", "minute") else ""
        tsmall = "T" if u == "day" else ""
        return f"P{t}{whole}{big}{tsmall}{rest}{small}" if whole else f"P{t}{tsmall}{rest}{small}"
    q = "X" if n is None else (str(int(n)) if float(n).is_integer() else str(n))
    return f"PT{q}{code[1]}" if code.startswith("T") else f"P{q}{code}"


_SPLIT = {"year": ("Y", "M", 12), "day": ("D", "H", 24), "hour": ("H", "M", 60),
          "minute": ("M", "S", 60)}


def weekend(dct: date, rel: str, direction: int) -> str:
    """The ISO week of the weekend meant by "last/next/this/the weekend" said on ``dct``."""
    wd = dct.isoweekday()
    this = iso_week(dct)
    prev = iso_week(dct - timedelta(days=7))
    if wd >= 6:  # said during a weekend: "this/the weekend" is this one
        w = {"last": prev, "past": prev, "this past": prev,
             "next": iso_week(dct + timedelta(days=7)), "coming": iso_week(dct + timedelta(days=7))
             }.get(rel, this)
    elif rel in ("last", "past", "this past", "the past", "the previous"):
        w = prev
    elif rel in ("next", "coming", "this coming", "the coming", "the following"):
        w = this
    elif direction < 0:
        w = prev
    elif direction > 0:
        w = this
    else:  # nearest: Monday to Wednesday look back, Thursday and Friday ahead
        w = prev if wd <= 3 else this
    return w + "-WE"


def weekday_date(dct: date, wd: int, direction: int, strict: bool = False) -> date:
    """The weekday ``wd`` (1 = Monday) nearest the DCT in ``direction`` (-1 past, +1 future)."""
    cur = dct.isoweekday()
    if direction >= 0 and direction != 0:
        delta = (wd - cur) % 7
        if delta == 0 and strict:
            delta = 7
        return dct + timedelta(days=delta)
    delta = (cur - wd) % 7
    if delta == 0 and strict:
        delta = 7
    return dct - timedelta(days=delta)


TENSE_PENALTY = 120


def month_year(dct: date, month: int, day: int | None, direction: int) -> int:
    """The year of a month (and day) without a year: the nearest occurrence, tense breaking ties."""
    def penalty(y: int) -> int:
        try:
            d = date(y, month, min(day or 15, 28) if day is None else day)
        except ValueError:
            d = date(y, month, 28)
        diff = (d - dct).days
        # tense breaks near-ties: a past clause prefers the past, a future one the future
        out = abs(diff)
        if direction < 0 and diff > 31:
            out += TENSE_PENALTY
        if direction > 0 and diff < -31:
            out += TENSE_PENALTY
        return out

    return min((dct.year - 1, dct.year, dct.year + 1), key=penalty)  # the earliest of equal penalties
