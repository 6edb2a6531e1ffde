"""The expression tables of ``parley_timex``: regular-expression fragments, the pattern for each
kind of TIMEX3 (in the order they run) and the candidate record a match becomes.

Each pattern's match goes to its handler (:mod:`parley.nlp.timex.dates`,
:mod:`parley.nlp.timex.durations`), which builds a :class:`Cand`; :mod:`parley.nlp.timex.rules`
runs the patterns and keeps the best non-overlapping candidates.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from parley.nlp.lexicon.words import MONTH_NAMES, WEEKDAYS

# ---------------------------------------------------------------- expression fragments

# Month and weekday names as written (capitalized), then the abbreviations with their period ("Sept."
# before "Sep.": the longer one first).
MONTH_RX = ("(?-i:" + "|".join(m.title() for m in MONTH_NAMES)
            + r"|Jan\.|Feb\.|Mar\.|Apr\.|Jun\.|Jul\.|Aug\.|Sept\.?|Sep\.|Oct\.|Nov\.|Dec\.)")
WEEKDAY_RX = "(?-i:" + "|".join(d.title() for d in WEEKDAYS) + ")"
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


def const(v: str | None) -> Resolver:
    """A resolver that gives ``v`` whatever the DCT and tense."""
    return lambda _dct, _dir: v


def prev_word(text: str, i: int) -> str:
    """The word before offset ``i`` (lower case; "" if none)."""
    m = re.search(r"([\w'-]+)\W*$", text[max(0, i - 30):i])
    return m.group(1).lower() if m else ""


def next_word(text: str, i: int) -> str:
    """The word after offset ``i`` (as written; "" if none)."""
    m = re.match(r"\s*([\w'-]+)", text[i:i + 30])
    return m.group(1) if m else ""


# ---------------------------------------------------------------- patterns (run in this order)

PATTERNS: list[tuple[str, re.Pattern[str]]] = []


def _p(name: str, rx: str) -> None:
    PATTERNS.append((name, re.compile(rx, re.I)))


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
