"""TIMEX3 values in words, and the day each one starts on (in Python and in SQL alike)."""

from __future__ import annotations

import sqlite3
from datetime import date

import pytest

from parley.dates import iso_start, readable, start_day
from parley.store.queries import start_day_sql

# value, TIMEX3 type, mod -> as a person reads it, the day it starts on
TABLE = [
    ("2025-05-27", "DATE", None, "Tuesday 27 May 2025", date(2025, 5, 27)),
    ("2025-W22", "DATE", None, "week of 26 May 2025", date(2025, 5, 26)),
    ("2025-05", "DATE", None, "May 2025", date(2025, 5, 1)),
    ("2026-WI", "DATE", None, "winter 2026", date(2026, 12, 1)),
    ("XXXX-WXX-2", "DATE", None, "a Tuesday, year unknown", None),
    ("2023-12-21TNI", "TIME", None, "night of 21 December 2023", date(2023, 12, 21)),
    ("PTXH", "DURATION", None, "some hours", None),
    ("P3D", "DURATION", None, "3 days", None),
    ("P1D", "DURATION", None, "1 day", None),
    ("PT2H30M", "DURATION", None, "2 hours 30 minutes", None),
    ("P1W", "SET", None, "every week", None),
    ("XXXX-WXX-2", "SET", None, "every Tuesday", None),
    ("2025-05-27T14:30", "TIME", None, "Tuesday 27 May 2025, 14:30", date(2025, 5, 27)),
    ("2025-05-27TMO", "TIME", None, "morning of 27 May 2025", date(2025, 5, 27)),
    ("2025-05", "DATE", "START", "early May 2025", date(2025, 5, 1)),
    ("2025-05-27", "DATE", "APPROX", "about Tuesday 27 May 2025", date(2025, 5, 27)),
    ("2025-W22-2", "DATE", None, "Tuesday 27 May 2025", date(2025, 5, 27)),
    ("2025-W22-WE", "DATE", None, "weekend of 31 May 2025", date(2025, 5, 31)),
    ("2026-W10", "DATE", None, "week of 2 March 2026", date(2026, 3, 2)),
    ("2025-Q2", "DATE", None, "second quarter of 2025", date(2025, 4, 1)),
    ("2025-H2", "DATE", None, "second half of 2025", date(2025, 7, 1)),
    ("2025-SU", "DATE", None, "summer 2025", date(2025, 6, 1)),
    ("2025-FA", "DATE", None, "autumn 2025", date(2025, 9, 1)),
    ("2025", "DATE", None, "2025", date(2025, 1, 1)),
    ("202", "DATE", None, "the 2020s", date(2020, 1, 1)),
    ("19", "DATE", None, "the 1900s", date(1900, 1, 1)),
    ("XXXX-05-27", "DATE", None, "27 May, year unknown", None),
    ("XXXX-12", "DATE", None, "December, year unknown", None),
    ("PRESENT_REF", "DATE", None, "now", None),
    ("PAST_REF", "DATE", None, "the past", None),
    ("P1DE", "DURATION", None, "1 decade", None),
    ("not-a-value", "DATE", None, "not-a-value", None),
]


@pytest.mark.parametrize(("value", "kind", "mod", "words", "day"), TABLE)
def test_readable_and_start_day(value: str, kind: str, mod: str | None, words: str, day: date | None) -> None:
    assert readable(value, kind, mod) == words
    assert start_day(value) == day
    assert iso_start(value) == (day.isoformat() if day else None)


def test_empty_and_impossible_values() -> None:
    assert readable(None) == readable("") == ""
    assert start_day(None) is None and start_day("2025-02-30") is None and start_day("2025-13") is None
    assert readable("2025-13") == "2025-13"  # unreadable values come back as written


def test_weeks_sort_by_their_monday_not_as_text() -> None:
    values = ["2026-03-19", "2026-W10", "2026-03", "2026-W12-4"]
    assert sorted(values) == ["2026-03", "2026-03-19", "2026-W10", "2026-W12-4"]  # as text: wrong
    assert sorted(values, key=lambda v: (start_day(v), v)) == ["2026-03", "2026-W10", "2026-03-19", "2026-W12-4"]


def test_sql_twin_agrees_with_python() -> None:
    con = sqlite3.connect(":memory:")
    con.execute("CREATE TABLE t (v TEXT)")
    values = [*sorted({row[0] for row in TABLE} | {"2020-W53", "2021-W01", "2024-W01-7", "1999-AU"}), None]
    con.executemany("INSERT INTO t VALUES (?)", [(v,) for v in values])
    got = dict(con.execute(f"SELECT v, {start_day_sql('v')} FROM t").fetchall())
    assert got == {v: iso_start(v) for v in values}
