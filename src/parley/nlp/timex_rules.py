"""Rule tables and normalization for ``parley_timex`` (no spaCy here: plain text in, candidates out).

``extract(text)`` finds TIMEX3 candidates with regular expressions over the raw text; each
candidate carries a resolver that turns (DCT, tense direction) into a TIMEX3 value. Resolution is
separate so that the same candidates serve DCT inference and the final values.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date, timedelta

# ---------------------------------------------------------------- vocabulary

MONTHS = {
    "january": 1, "february": 2, "march": 3, "april": 4, "may": 5, "june": 6, "july": 7,
    "august": 8, "september": 9, "october": 10, "november": 11, "december": 12,
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8, "sep": 9, "sept": 9,
    "oct": 10, "nov": 11, "dec": 12,
}
WEEKDAYS = {"monday": 1, "tuesday": 2, "wednesday": 3, "thursday": 4, "friday": 5,
            "saturday": 6, "sunday": 7}
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

MONTH_RX = (r"(?-i:January|February|March|April|May|June|July|August|September|October|November|"
            r"December|Jan\.|Feb\.|Mar\.|Apr\.|Jun\.|Jul\.|Aug\.|Sept\.?|Sep\.|Oct\.|Nov\.|Dec\.)")
WEEKDAY_RX = r"(?-i:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"
DAY_RX = r"(?:3[01]|[12]\d|0?[1-9])(?:st|nd|rd|th)?(?!\d|:\d)"
YEAR_RX = r"(?:1[5-9]\d\d|20\d\d)(?![\d,.]\d)"
_ONES = r"(?:one|two|three|four|five|six|seven|eight|nine)"
# years as spoken in broadcast transcripts: "nineteen ninety-six", "the year two thousand"
SPOKEN_YEAR_RX = (rf"(?:nineteen[- ](?:(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)"
                  rf"(?:[- ]{_ONES})?|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|"
                  rf"seventeen|eighteen|nineteen)|(?:the\s+year\s+)?two[- ]thousand"
                  rf"(?:[- ](?:and[- ])?(?:{_ONES}|ten))?)(?![\w-])")
YEARW_RX = rf"(?:{YEAR_RX}|{SPOKEN_YEAR_RX})"
_NUMWORD = (r"(?:(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)(?:[- ](?:one|two|three|"
            r"four|five|six|seven|eight|nine))?|one|two|three|four|five|six|seven|eight|nine|ten|"
            r"eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|"
            r"a hundred|hundred|a dozen|dozen)")
NUM_RX = (rf"(?:\d+[ \t]+1/2|\d+(?:\.\d+)?|{_NUMWORD}(?:\s+and\s+a\s+half)?|an?|a few|few|several|some|many|"
          r"a couple of|couple of|a number of|dozens of|numerous)")
UNIT_RX = (r"(?:seconds?|minutes?|hours?|days?|weeks?|fortnights?|months?|quarters?|years?|"
           r"decades?|centur(?:y|ies)|millenni(?:um|a)|weekends?|nights?)")
PRE_RX = (r"(?:early|late|mid-?|the end of|the beginning of|the start of|the middle of|the rest of|"
          r"the first half of|the second half of|the latter half of|the last half of|the latter part of|"
          r"the early part of|end of|start of|beginning of|the turn of)")
MOD_RX = (r"(?:about|around|approximately|roughly|some|nearly|almost|more than|less than|over|"
          r"under|at least|at most|up to|no more than|no less than|just over|just under|"
          r"only|well over|barely|fewer than)")

PRE_MOD = {"early": "START", "late": "END", "mid": "MID", "mid-": "MID", "the end of": "END",
           "end of": "END", "the beginning of": "START", "beginning of": "START",
           "the start of": "START", "start of": "START", "the middle of": "MID",
           "the first half of": "START", "the second half of": "END",
           "the latter half of": "END", "the latter part of": "END", "the early part of": "START",
           "the rest of": "END", "the turn of": "START", "the last half of": "END"}
_HALF = {"the first half of": "H1", "the second half of": "H2", "the latter half of": "H2",
         "the last half of": "H2"}
DMOD = {"about": "APPROX", "around": "APPROX", "approximately": "APPROX", "roughly": "APPROX",
        "some": "APPROX", "nearly": "LESS_THAN", "almost": "LESS_THAN", "more than": "MORE_THAN",
        "less than": "LESS_THAN", "over": "MORE_THAN", "under": "LESS_THAN",
        "at least": "EQUAL_OR_MORE", "at most": "EQUAL_OR_LESS", "up to": "EQUAL_OR_LESS",
        "no more than": "EQUAL_OR_LESS", "no less than": "EQUAL_OR_MORE",
        "just over": "MORE_THAN", "just under": "LESS_THAN", "well over": "MORE_THAN",
        "fewer than": "LESS_THAN"}


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
    return int(re.match(r"\d+", tok).group(0))  # type: ignore[union-attr]


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
    best = None
    for y in (dct.year - 1, dct.year, dct.year + 1):
        try:
            d = date(y, month, min(day or 15, 28) if day is None else day)
        except ValueError:
            d = date(y, month, 28)
        diff = (d - dct).days
        # tense breaks near-ties: a past clause prefers the past, a future one the future
        penalty = abs(diff)
        if direction < 0 and diff > 31:
            penalty += TENSE_PENALTY
        if direction > 0 and diff < -31:
            penalty += TENSE_PENALTY
        if best is None or penalty < best[0]:
            best = (penalty, y)
    return best[1]  # type: ignore[index]


# ---------------------------------------------------------------- candidates

Resolver = Callable[[date | None, int], str | None]


@dataclass
class Cand:
    start: int
    end: int
    type: str
    resolve: Resolver
    mod: str | None = None
    needs_tense: bool = False
    kind: str = ""
    # parsed fields used by DCT inference
    year: int | None = None
    month: int | None = None
    day: int | None = None
    weekday: int | None = None
    rel: str | None = None
    # ("year" | "month", offset): relative to the last calendar date the text mentioned
    # ("later that year", "the following month"), resolved in context by the component
    anaphor: tuple[str, int] | None = None

    @property
    def length(self) -> int:
        return self.end - self.start


def _const(v: str | None) -> Resolver:
    return lambda _dct, _dir: v


def _pre_mod(pre: str | None) -> str | None:
    if not pre:
        return None
    return PRE_MOD.get(pre.lower().strip().rstrip("-") if pre.lower().strip() == "mid-" else
                       pre.lower().strip())


_PATTERNS: list[tuple[str, re.Pattern[str]]] = []


def _p(name: str, rx: str) -> None:
    _PATTERNS.append((name, re.compile(rx, re.I)))


B = r"(?<![\w$£€.-])"  # left boundary
E = r"(?![\w-]|\.\d)"  # right boundary

_p("iso", rf"{B}(?P<y>{YEAR_RX})-(?P<m>0[1-9]|1[0-2])-(?P<d>0[1-9]|[12]\d|3[01])"
          rf"(?:[T ](?P<hh>[01]\d|2[0-3]):(?P<mm>[0-5]\d)(?::[0-5]\d)?)?(?!\d)")
_p("slash", rf"{B}(?P<m>0?[1-9]|1[0-2])/(?P<d>0?[1-9]|[12]\d|3[01])/(?P<y>\d{{4}}|\d\d)(?![\d/])")
_p("md", rf"{B}(?:(?P<pre>{PRE_RX})\s+)?(?P<mon>{MONTH_RX})\s+(?P<day>{DAY_RX})"
         rf"(?:,?\s+(?P<year>{YEAR_RX}))?{E}")
_p("dm", rf"{B}(?P<day>{DAY_RX})\s+(?:of\s+)?(?P<mon>{MONTH_RX})(?:,?\s+(?P<year>{YEAR_RX}))?{E}")
_p("my", rf"{B}(?:(?P<pre>{PRE_RX})\s*)?(?P<mon>{MONTH_RX})(?:\s+of|,)?\s+(?P<year>{YEARW_RX}){E}")
_p("m", rf"{B}(?:(?P<rel>this past|this coming|this|last|next|past|coming)\s+)?"
        rf"(?:(?P<pre>{PRE_RX})\s*)?(?P<mon>{MONTH_RX})"
        rf"(?P<of>\s+of\s+(?:this|last|next)\s+year|\s+last year|\s+next year|\s+this year)?{E}")
_p("year", rf"{B}(?:(?P<the>the)\s+)?(?:(?P<pre>{PRE_RX})\s*)?(?:(?P<fiscal>fiscal(?: year)?)\s+)?"
           rf"(?P<year>{YEARW_RX})(?P<s>'?s)?{E}")
_p("decade", rf"{B}(?:(?P<the>the)\s+)?(?:(?P<pre>early|late|mid-?)\s*)?'(?P<dd>\d0)s{E}")
_p("season", rf"{B}(?:(?P<rel>this past|this coming|this|last|next|the coming|the past|the|that)\s+)?"
             rf"(?:(?P<pre>early|late|mid-?)\s*)?(?P<season>spring|summer|fall|autumn|winter)"
             rf"(?:\s+(?:of\s+)?(?P<year>{YEARW_RX}))?{E}")
_p("quarter", rf"{B}(?:(?P<the>the)\s+)?(?:(?P<yr>{YEAR_RX}|this year's|last year's|next year's)\s+)?"
              rf"(?:(?P<adj>fiscal|year-ago|year-earlier|calendar)\s+)?(?:fiscal[\s-]+)?"
              rf"(?P<ord>first|second|third|fourth|final|last|1st|2nd|3rd|4th)[\s-]+quarter"
              rf"(?:\s+of\s+(?P<of>{YEAR_RX}|this year|last year|next year|the year|fiscal {YEAR_RX}))?{E}")
_p("thequarter", rf"{B}(?:the|this|that)\s+(?:(?P<adj>latest|current|previous|same|year-ago|"
                 rf"year-earlier|comparable|comparable year-ago|recent|last|past|prior|"
                 rf"preceding|most recent|just-ended|just-completed|fiscal)\s+)?(?P<u>quarter|period){E}")
_p("weekday", rf"{B}(?:(?P<rel>this past|this coming|last|next|this|coming|past|the previous|"
              rf"the following|early|late)\s+)?(?P<wd>{WEEKDAY_RX})(?P<pl>s)?"
              rf"(?:\s+(?P<part>morning|afternoon|evening|night))?{E}")
_p("dayword", rf"{B}(?:(?P<pre>early|late|earlier|later)\s+)?(?P<w>today|yesterday|tomorrow|tonight)"
              rf"(?:\s+(?P<part>morning|afternoon|evening|night))?{E}")
_p("partday", rf"{B}(?P<rel>this|last|tomorrow|yesterday|the|that|early this|late last|"
              rf"late this|early|later this|earlier this|mid-?)\s*(?P<part>morning|afternoon|evening|night){E}")
_p("unitrel", rf"{B}(?:(?P<pre>{PRE_RX}|earlier|later|earlier in|later in|early in|late in)\s+)?"
              rf"(?P<rel>this past|this coming|this|last|next|the past|the coming|the previous|"
              rf"the following|the current|the same|the latest|the last|the next|past|coming|"
              rf"previous|following|current|the|that|a|the prior|prior)\s+"
              rf"(?P<unit>week|month|year|weekend|decade|century|fiscal year)"
              rf"(?:\s+(?P<after>before|previous|earlier))?{E}")
_p("yearadj", rf"{B}(?:the\s+)?(?P<w>year-ago|year-earlier|year-end|year end|year-to-date|"
              rf"year-before|year-ago)(?:\s+(?P<u>period|quarter|level|levels|results|figure|month))?{E}")
_p("ago", rf"{B}(?:(?P<mod>{MOD_RX})\s+)?(?P<num>{NUM_RX})[\s-]+(?P<unit>{UNIT_RX})\s+"
          rf"(?P<dir>ago|earlier|later|before|after|from now|hence|back|previously){E}")
_p("dur", rf"{B}(?:(?P<mod>{MOD_RX})\s+)?(?:(?P<the>the|a|another|an additional|each of the)\s+)?"
          rf"(?:(?P<rel>past|last|next|first|coming|previous|following|latest|final|initial|"
          rf"remaining|additional|other|same|prior|full)\s+)?(?P<num>{NUM_RX})"
          rf"(?:\s+(?P<more>more|additional|straight|consecutive|full|trading|business|working))?"
          rf"[\s-]+(?P<unit>{UNIT_RX})(?P<half>\s+and\s+a\s+half)?(?:[\s-]+(?P<tail>long|old))?{E}")
_p("plural", rf"{B}(?:(?P<rel>recent|coming|past|the past|the last|the next|the coming|the "
             rf"following|in recent|for|over the|over|in|within|many|several)\s+)"
             rf"(?P<unit>years|months|weeks|days|decades|hours|centuries){E}")
_p("set", rf"{B}(?P<adv>daily|weekly|monthly|annually|yearly|hourly|nightly|biweekly|"
          rf"semiannually|once a (?:day|week|month|year))(?!\w)")
_p("every", rf"{B}(?P<q>every|each|per)\s+(?:(?P<other>other)\s+)?(?:(?P<num>{NUM_RX})\s+)?"
            rf"(?P<unit>{UNIT_RX}|{WEEKDAY_RX}|{MONTH_RX}|morning|evening|afternoon|night|summer|"
            rf"winter|spring|fall){E}")
_p("clock", rf"{B}(?:(?P<mod>about|around|approximately|shortly after|shortly before|just after|"
            rf"just before)\s+)?(?P<h>[01]?\d|2[0-3])(?:[:.](?P<m>[0-5]\d))?\s*"
            rf"(?P<ap>a\.m\.|p\.m\.|a\.m|p\.m|am|pm|AM|PM|o'clock)?"
            rf"(?:\s+(?P<tz>(?-i:[ECMP][SD]T|GMT|UTC|BST|CET)))?(?![\w:])")
_p("noon", rf"{B}(?P<w>noon|midnight|midday|mid-?afternoon|mid-?morning|overnight)"
           rf"(?:\s+(?P<wd>{WEEKDAY_RX}|today|yesterday|tomorrow))?{E}")
_p("ref", rf"{B}(?P<w>right now|just now|now|nowadays|currently|at present|presently|these days|"
          rf"the present|recently|lately|the past|previously|formerly|in the past|the future|"
          rf"the near future|the distant future|the long term|the short term|the near term|"
          rf"the long run|the short run|long-term|short-term|near-term|the time being|"
          rf"the moment|the same time|a later date|the coming days|the coming weeks|"
          rf"the coming months|the coming years|years to come|history|to date|so far|"
          rf"the day|the time|that time|this time|the previous day|the next day|"
          rf"the following day|the day before|the day after|the next morning|the weekend|"
          rf"this weekend|last weekend|next weekend|the holidays|year-end|"
          rf"(?-i:Christmas(?: Day| Eve)?|New Year's(?: Day| Eve)?|Thanksgiving(?: Day)?|"
          rf"Easter|Independence Day|Labor Day|Memorial Day|Halloween))(?!\w)")

# words after which a capitalized "May" is a month
_MAY_BEFORE = {"in", "on", "of", "since", "until", "till", "by", "through", "from", "to", "last",
               "next", "this", "early", "late", "mid", "mid-", "end", "during", "before", "after",
               "between", "and", "or", "late-", "early-", "each", "every", "that", "past"}
_WEAK_MONTHS = {"may", "march"}


def _prev_word(text: str, i: int) -> str:
    m = re.search(r"([\w'-]+)\W*$", text[max(0, i - 30):i])
    return m.group(1).lower() if m else ""


def _next_word(text: str, i: int) -> str:
    m = re.match(r"\s*([\w'-]+)", text[i:i + 30])
    return m.group(1) if m else ""


# ---------------------------------------------------------------- handlers


def _h_iso(m: re.Match[str], text: str) -> Cand | None:
    y, mo, d = int(m["y"]), int(m["m"]), int(m["d"])
    try:
        date(y, mo, d)
    except ValueError:
        return None
    v = f"{y:04d}-{mo:02d}-{d:02d}"
    if m["hh"]:
        return Cand(m.start(), m.end(), "TIME", _const(f"{v}T{m['hh']}:{m['mm']}"), year=y,
                    month=mo, day=d)
    return Cand(m.start(), m.end(), "DATE", _const(v), year=y, month=mo, day=d)


def _h_slash(m: re.Match[str], text: str) -> Cand | None:
    y = int(m["y"])
    if len(m["y"]) == 2:
        y += 1900 if y > 40 else 2000
    mo, d = int(m["m"]), int(m["d"])
    try:
        date(y, mo, d)
    except ValueError:
        return None
    return Cand(m.start(), m.end(), "DATE", _const(f"{y:04d}-{mo:02d}-{d:02d}"), year=y, month=mo,
                day=d)


def _h_md(m: re.Match[str], text: str) -> Cand | None:
    mon, day = month_of(m["mon"]), day_of(m["day"])
    if m["mon"].lower() in _WEAK_MONTHS and not m["year"] and day > 31:
        return None
    mod = _pre_mod(m["pre"])
    if m["year"]:
        y = int(m["year"])
        try:
            date(y, mon, day)
        except ValueError:
            return None
        return Cand(m.start(), m.end(), "DATE", _const(f"{y:04d}-{mon:02d}-{day:02d}"), mod=mod,
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
    return Cand(m.start(), m.end(), "DATE", _const(f"{y:04d}-{mon:02d}"), mod=_pre_mod(m["pre"]),
                year=y, month=mon)


def _h_m(m: re.Match[str], text: str) -> Cand | None:
    word = m["mon"]
    mon = month_of(word)
    rel = (m["rel"] or "").lower()
    if word.lower() in _WEAK_MONTHS and not rel and not m["pre"]:
        prev = _prev_word(text, m.start())
        nxt = _next_word(text, m.end())
        if prev not in _MAY_BEFORE or (nxt[:1].isupper() and nxt not in ("I",)):
            return None
        if nxt.lower() in ("i", "we", "you", "he", "she", "they", "it", "be", "have", "not"):
            return None
    if word.endswith(".") is False and word.lower() in ("jan", "mar", "jun"):
        return None
    of = (m["of"] or "").lower()
    mod = _pre_mod(m["pre"])

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
    mod = _pre_mod(m["pre"])
    half = _HALF.get((m["pre"] or "").lower().strip())
    if half and not s:
        return Cand(start, m.end(), "DATE", _const(f"{y:04d}-{half}"), year=y)
    if s:
        v = f"{y // 10:03d}"
        if y % 100 == 0 and y % 1000 != 0 and False:
            v = f"{y // 100:02d}"
        return Cand(start, m.end(), "DATE", _const(v), mod=mod)
    return Cand(start, m.end(), "DATE", _const(f"{y:04d}"), mod=mod, year=y, kind="year")


def _h_decade(m: re.Match[str], text: str) -> Cand | None:
    dd = int(m["dd"])
    return Cand(m.start(), m.end(), "DATE", _const(f"19{dd // 10}"), mod=_pre_mod(m["pre"]))


def _h_season(m: re.Match[str], text: str) -> Cand | None:
    rel = (m["rel"] or "").lower()
    code = SEASONS[m["season"].lower()]
    start = m.start()
    if rel in ("the", "that") and not m["year"]:
        if m["season"].lower() in ("fall", "spring"):
            pass
        start = m.start() if rel == "the" else m.start()
    if not rel and not m["year"] and not m["pre"]:
        prev = _prev_word(text, m.start())
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

    return Cand(start, m.end(), "DATE", res, mod=_pre_mod(m["pre"]), needs_tense=True)


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
        if re.search(r"\d{4}", of):
            y = int(re.search(r"\d{4}", of).group(0))  # type: ignore[union-attr]
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
        nxt = _next_word(text, m.end())
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
        return Cand(start, m.end(), "SET", _const(v))
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


_DAYWORD = {"today": 0, "tonight": 0, "yesterday": -1, "tomorrow": 1}


def _h_dayword(m: re.Match[str], text: str) -> Cand | None:
    w = m["w"].lower()
    part = (m["part"] or "").lower()
    if w == "tonight":
        part = "night"
    off = _DAYWORD[w]
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
    mod = _pre_mod(pre) or {"earlier": None, "later": None}.get(pre)
    typ = "DATE"
    # "the past year", "the last decade": a period up to now, but TimeBank mostly marks DATE
    start = m.start()

    after = (m["after"] or "").lower()
    end = m.end()
    if after and not (rel == "the" and unit in ("year", "month")):
        end = m.end("unit")
        after = ""
    nxt = _next_word(text, end).lower()
    if unit == "year" and rel == "the" and not pre and nxt in ("ended", "ending", "through"):
        # "for the (fiscal) year ended Sept. 30": a fiscal year, a duration
        return Cand(start, end, "DURATION", _const("P1Y"))
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
        return Cand(m.start(), m.end("unit"), "DURATION", _const(duration(n, m["unit"])), mod=mod)

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


def _h_dur(m: re.Match[str], text: str) -> Cand | None:
    num = m["num"].lower()
    unit = m["unit"].lower()
    n = number(num)
    if m["half"] and n is not None:
        n += 0.5
    if re.fullmatch(r"(?:1[5-9]|20)\d\d", num) and unit == "quarter" and (m["the"] or "").lower() == "the":
        # "the 1988 quarter": that year's quarter of the earnings context (the component fills
        # the quarter in from the last one the text named), else the year
        return Cand(m.start(), m.end(), "DATE", _const(num), year=int(num), kind="yearq")
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
        nxt = _next_word(text, m.end()).lower()
        if nxt in ("after", "before", "when", "later"):
            return None
    start = m.start()
    mod = DMOD.get((m["mod"] or "").lower())
    # money or rate before "a year", "a day": a SET ("$5 a year", "twice a day")
    if num in ("a", "an") and not rel and not the and not m["mod"]:
        before = text[max(0, m.start() - 25):m.start()]
        if re.search(r"(?:\d|%|percent|cents?|dollars?|times|twice|once|million|billion|"
                     r"barrels|tons|pounds|euros?|hours|people)\W*$", before, re.I):
            return Cand(start, m.end(), "SET", _const(duration(1, unit)))
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
    return Cand(start, m.end(), "DURATION", _const(value), mod=mod)


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
        nxt = _next_word(text, m.end()).lower()
        if nxt in ("of", "old") or text[m.end():m.end() + 1] == "'":
            return None
    elif rel == "in recent":
        start = m.start() + 3
    return Cand(start, m.end(), "DURATION", _const(duration(None, unit)))


_SET_ADV = {"daily": "P1D", "weekly": "P1W", "monthly": "P1M", "annually": "P1Y", "yearly": "P1Y",
            "hourly": "PT1H", "nightly": "P1D", "biweekly": "P2W", "semiannually": "P6M",
            "once a day": "P1D", "once a week": "P1W", "once a month": "P1M",
            "once a year": "P1Y"}


def _h_set(m: re.Match[str], text: str) -> Cand | None:
    return Cand(m.start(), m.end(), "SET", _const(_SET_ADV[m["adv"].lower()]))


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
    return Cand(m.start(), m.end(), "SET", _const(v))


def _h_clock(m: re.Match[str], text: str) -> Cand | None:
    h = int(m["h"])
    mins = m["m"]
    ap = (m["ap"] or "").lower()
    tz = m["tz"]
    if not ap and not (mins and (tz or m.group(0)[m.start("h") - m.start():].find(":") >= 0)):
        return None
    if not ap and not tz:
        # a bare 10:30 needs a clock context ("at 10:30")
        prev = _prev_word(text, m.start())
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
        elif wd in _DAYWORD:
            d = dct + timedelta(days=_DAYWORD[wd])
        elif w == "overnight":
            d = dct - timedelta(days=1)
        return f"{d.isoformat()}T{code}"

    return Cand(m.start(), m.end(), "TIME", res, mod=mod, needs_tense=bool(wd))


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
                _prev_word(text, start) in ("until", "till", "from", "by"):
            pass
        if w in ("long-term", "short-term", "near-term"):
            return None
        if w == "the moment" and _prev_word(text, start) not in ("at", "for"):
            return None
        if w in ("the coming days", "the coming weeks", "the coming months", "the coming years"):
            unit = w.split()[-1]
            return Cand(start, end, "DURATION", _const(duration(None, unit)))
        return Cand(start, end, "DATE", _const(_REF[w]))
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
        last = _prev_word(text, start) == "last"
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


_HANDLERS: dict[str, Callable[[re.Match[str], str], Cand | None]] = {
    "iso": _h_iso, "slash": _h_slash, "md": _h_md, "dm": _h_md, "my": _h_my,
    "m": _h_m, "year": _h_year, "decade": _h_decade, "season": _h_season, "quarter": _h_quarter,
    "thequarter": _h_thequarter, "weekday": _h_weekday, "dayword": _h_dayword,
    "partday": _h_partday, "unitrel": _h_unitrel, "yearadj": _h_yearadj, "ago": _h_ago,
    "dur": _h_dur, "plural": _h_plural, "set": _h_set, "every": _h_every, "clock": _h_clock,
    "noon": _h_noon, "ref": _h_ref,
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
_MONTH_WORDS = ("january february march april may june july august september october november "
                "december jan feb mar apr jun jul aug sep sept oct nov dec")
_WEEKDAY_WORDS = "monday tuesday wednesday thursday friday saturday sunday"
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
    """"10 p.m. Wednesday", "5 p.m. EST, Nov. 9": one TIME on that day."""

    def res(dct: date | None, direction: int) -> str | None:
        t = clock.resolve(dct, direction)
        d = day.resolve(dct, direction)
        if not t or not d or "T" not in t:
            return d
        return d[:10] + t[t.index("T"):]

    return Cand(clock.start, day.end, "TIME", res, mod=clock.mod, needs_tense=day.needs_tense,
                kind="clockday")


def _weekday_date(wd: Cand, md: Cand) -> Cand:
    """"Monday, Oct. 26": one DATE, the month-day's value."""
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
    for name, rx in _PATTERNS:
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
