"""TIMEX3 values as a person reads them, and the real day each one starts on.

``readable("2025-05-27")`` is ``"Tuesday 27 May 2025"``; ``readable("2025-W22")`` is ``"week of 26 May
2025"``; ``readable("XXXX-WXX-2")`` is ``"a Tuesday, year unknown"``; ``readable("PTXH")`` is ``"some
hours"``. A value this module cannot read comes back as written, so nothing is ever hidden.

``start_day`` gives the first day a value covers (the Monday of a week, the first of a month, the
first month of a season), the day lists sort and filter by: as text, ``2026-W10`` sorts before
``2026-03-19`` although that week starts on 2 March. The SQL twin of ``start_day`` is
:func:`parley.store.queries.start_day_sql`; a test holds the two to the same table.

Seasons follow the time-expression tagger: winter of a year is the winter that begins in its
December (``2026-WI`` starts on 1 December 2026).
"""

from __future__ import annotations

import re
from datetime import date

MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September",
          "October", "November", "December"]
WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
SEASONS = {"SP": ("spring", 3), "SU": ("summer", 6), "FA": ("autumn", 9), "AU": ("autumn", 9),
           "WI": ("winter", 12)}
QUARTERS = {"Q1": ("first quarter", 1), "Q2": ("second quarter", 4), "Q3": ("third quarter", 7),
            "Q4": ("fourth quarter", 10), "H1": ("first half", 1), "H2": ("second half", 7)}
PARTS = {"MO": "morning", "AF": "afternoon", "EV": "evening", "NI": "night", "DT": "daytime", "MI": "midday"}
UNITS = {"Y": "year", "M": "month", "W": "week", "D": "day", "DE": "decade", "CE": "century",
         "H": "hour", "TM": "minute", "S": "second", "Q": "quarter", "WE": "weekend"}
REFS = {"PRESENT_REF": "now", "PAST_REF": "the past", "FUTURE_REF": "the future"}
MODS = {"START": "early", "MID": "mid", "END": "late", "APPROX": "about", "BEFORE": "before",
        "AFTER": "after", "ON_OR_BEFORE": "on or before", "ON_OR_AFTER": "on or after",
        "LESS_THAN": "less than", "MORE_THAN": "more than", "EQUAL_OR_LESS": "at most",
        "EQUAL_OR_MORE": "at least"}

_DAY = re.compile(r"(?P<y>\d{4}|XXXX)-(?P<m>\d\d|XX)-(?P<d>\d\d|XX)(?:T(?P<t>\d\d:\d\d(?::\d\d)?|[A-Z]{2}))?")
_WEEK = re.compile(r"(?P<y>\d{4}|XXXX)-W(?P<w>\d\d|XX)(?:-(?P<d>[1-7]|WE))?(?:T(?P<t>[A-Z]{2}))?")
_MONTH = re.compile(r"(?P<y>\d{4}|XXXX)-(?P<m>\d\d)")
_PERIOD = re.compile(r"(?P<y>\d{4}|XXXX)-(?P<p>SP|SU|FA|AU|WI|Q[1-4]|H[12])")
_YEARS = re.compile(r"\d{2,4}")
_DURATION = re.compile(r"P(?:(?P<date>(?:[\dX.]+(?:DE|CE|Y|M|W|D|Q|WE))+))?(?:T(?P<time>(?:[\dX.]+[HMS])+))?")
_DURATION_PART = re.compile(r"([\dX.]+)(DE|CE|WE|Y|M|W|D|Q|H|S)")


def _day(d: date) -> str:
    return f"{d.day} {MONTHS[d.month - 1]} {d.year}"


def _weekday_day(d: date) -> str:
    return f"{WEEKDAYS[d.weekday()]} {_day(d)}"


def _amount(n: str, unit: str) -> str:
    if "X" in n:
        return "some " + ("centuries" if unit == "century" else unit + "s")
    plural = n not in ("1", "1.0")
    shown = n[:-2] if n.endswith(".0") else n
    return f"{shown} " + (("centuries" if unit == "century" else unit + "s") if plural else unit)


def _duration(value: str) -> str | None:
    m = _DURATION.fullmatch(value)
    if not m or not (m["date"] or m["time"]):
        return None
    parts = [_amount(n, UNITS[u]) for n, u in _DURATION_PART.findall(m["date"] or "")]
    parts += [_amount(n, UNITS["TM" if u == "M" else u]) for n, u in _DURATION_PART.findall(m["time"] or "")]
    return " ".join(parts)


def _with_part(text: str, part: str | None, *, on_day: bool = True) -> str:
    """``night of 21 December 2023``; a clock time goes after the day: ``…, 14:30``."""
    if not part:
        return text
    if part in PARTS:
        name = PARTS[part]
        return f"{name} on {text}" if name == "midday" else f"{name} of {text}"
    return f"{text}, {part[:5]}" if on_day else text


def _day_value(m: re.Match[str]) -> str | None:
    y, mo, d, t = m["y"], m["m"], m["d"], m["t"]
    if y != "XXXX" and mo != "XX" and d != "XX":
        try:
            day = date(int(y), int(mo), int(d))
            return _with_part(_day(day) if t in PARTS else _weekday_day(day), t)
        except ValueError:
            return None
    if mo == "XX" or not 1 <= int(mo) <= 12:
        return None
    text = f"{int(d)} {MONTHS[int(mo) - 1]}" if d != "XX" else MONTHS[int(mo) - 1]
    text = _with_part(text, t)
    return f"{text}, year unknown" if y == "XXXX" else f"{text} {y}"


def _week_value(m: re.Match[str]) -> str | None:
    y, w, d, t = m["y"], m["w"], m["d"], m["t"]
    if y == "XXXX" or w == "XX":
        if d is None:
            return "a week, year unknown" if y == "XXXX" else f"a week in {y}"
        name = "a weekend" if d == "WE" else f"a {WEEKDAYS[int(d) - 1]}"
        name += f" {PARTS[t]}" if t in PARTS else ""
        return f"{name}, year unknown" if y == "XXXX" else f"{name} in {y}"
    try:
        monday = date.fromisocalendar(int(y), int(w), 1)
    except ValueError:
        return None
    if d is None:
        return f"week of {_day(monday)}"
    if d == "WE":
        return f"weekend of {_day(date.fromisocalendar(int(y), int(w), 6))}"
    return _with_part(_weekday_day(date.fromisocalendar(int(y), int(w), int(d))), t)


def _plain(value: str, kind: str | None) -> str | None:
    """The value without its modifier, in words; ``None`` when it is not a value this module reads."""
    if value in REFS:
        return REFS[value]
    if m := _DAY.fullmatch(value):
        return _day_value(m)
    if m := _WEEK.fullmatch(value):
        return _week_value(m)
    if m := _PERIOD.fullmatch(value):
        name = (SEASONS.get(m["p"]) or QUARTERS[m["p"]])[0]
        if m["p"] in QUARTERS:
            return f"{name} of {m['y']}" if m["y"] != "XXXX" else f"{name} of a year"
        return f"{name} {m['y']}" if m["y"] != "XXXX" else f"{name}, year unknown"
    if m := _MONTH.fullmatch(value):
        if not 1 <= int(m["m"]) <= 12:
            return None
        name = MONTHS[int(m["m"]) - 1]
        return f"{name} {m['y']}" if m["y"] != "XXXX" else f"{name}, year unknown"
    if _YEARS.fullmatch(value):
        return {4: value, 3: f"the {value}0s", 2: f"the {value}00s"}[len(value)]
    if value.startswith("P"):
        return _duration(value)
    return None


def readable(value: str | None, kind: str | None = None, mod: str | None = None) -> str:
    """A TIMEX3 ``value`` in words (``kind`` is the TIMEX3 type; ``SET`` reads as "every …"), with its
    ``mod`` ("early", "about"...) in front. Empty for no value; the value itself when unreadable."""
    if not value:
        return ""
    plain = _plain(value.strip(), kind)
    if plain is None:
        return value
    if kind == "SET":
        plain = "every " + re.sub(r"^(an? |1 )", "", plain).removesuffix(", year unknown")
    if mod and mod in MODS:
        plain = f"{MODS[mod]} {plain}"
    return plain


def start_day(value: str | None) -> date | None:
    """The first day ``value`` covers, for sorting and filtering; ``None`` without a known year."""
    if not value:
        return None
    value = value.strip()
    try:
        if m := _DAY.fullmatch(value):
            return date(int(m["y"]), int(m["m"]), int(m["d"])) if "X" not in value[:10] else None
        if m := _WEEK.fullmatch(value):
            if "X" in value[:8]:
                return None
            d = m["d"]
            return date.fromisocalendar(int(m["y"]), int(m["w"]), 6 if d == "WE" else int(d or 1))
        if m := _PERIOD.fullmatch(value):
            if m["y"] == "XXXX":
                return None
            month = (SEASONS.get(m["p"]) or QUARTERS[m["p"]])[1]
            return date(int(m["y"]), month, 1)
        if m := _MONTH.fullmatch(value):
            return date(int(m["y"]), int(m["m"]), 1) if m["y"] != "XXXX" else None
        if _YEARS.fullmatch(value):
            return date(int(value.ljust(4, "0")), 1, 1)
    except ValueError:
        return None
    return None


def iso_start(value: str | None) -> str | None:
    """:func:`start_day` as an ISO string (``None`` stays ``None``)."""
    day = start_day(value)
    return day.isoformat() if day else None
