"""SQL pieces that read differently on SQLite and PostgreSQL, chosen when a statement is compiled for
its engine, so the queries that use them are written once.

- :func:`fts_ids`: the ids a search expression finds (FTS5 tables on SQLite, the ``fts`` tsvector
  columns on PostgreSQL; see :func:`parley.store.fts.pg_match`).
- :func:`start_day`: the ISO day a TIMEX3 value starts on (the SQL twin of
  :func:`parley.dates.start_day`).
- :class:`json_values`: the items of a JSON list as rows with a ``value`` column (``json_each`` /
  ``json_array_elements_text``).

Column names given here are fixed names from the code, never user text; user text only ever reaches
the database as bound values.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Integer, String, column, text
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.compiler import SQLCompiler
from sqlalchemy.sql.elements import ColumnElement, TextClause
from sqlalchemy.sql.functions import FunctionElement

from parley.store.fts import pg_match

# FTS5 table -> the PostgreSQL table whose ``fts`` column holds the same words
FTS_TABLES = {"articles_fts": "articles", "quotes_fts": "quotes"}


class _FtsIds(TextClause):
    """``SELECT rowid FROM <table> WHERE <table> MATCH :fq_<table>``, or its PostgreSQL twin."""

    inherit_cache = False  # the PostgreSQL text depends on the bound expression: never cached

    def __init__(self, table: str, match: str) -> None:
        super().__init__(f"SELECT rowid FROM {table} WHERE {table} MATCH :fq_{table}")
        self.fts_table = table
        self.fts_match = match


@compiles(_FtsIds, "postgresql")
def _fts_ids_pg(element: _FtsIds, compiler: SQLCompiler, **kw: Any) -> str:
    m = pg_match(element.fts_match, "z.fts", f"fq_{element.fts_table}_")
    pg = text(f"SELECT z.id AS rowid FROM {FTS_TABLES[element.fts_table]} z WHERE {m.cond}").bindparams(**m.params)
    return compiler.process(pg, **kw)


def fts_ids(table: str, match: str) -> Any:
    """The ids that ``match`` (an expression from :mod:`parley.store.fts`) finds in ``table``
    (``articles_fts`` or ``quotes_fts``), as a subquery for ``IN``."""
    if table not in FTS_TABLES:
        raise ValueError(f"no full-text table {table!r}")
    clause = _FtsIds(table, match).bindparams(**{f"fq_{table}": match})
    return clause.columns(column("rowid", Integer))


# -- the day a TIMEX3 value starts on ---------------------------------------------------------------
_YEAR = "[0-9][0-9][0-9][0-9]"
PERIOD_MONTH = {"SP": "03", "SU": "06", "FA": "09", "AU": "09", "WI": "12", "Q1": "01", "Q2": "04", "Q3": "07",
                "Q4": "10", "H1": "01", "H2": "07"}


def start_day_sqlite(col: str) -> str:
    """SQLite SQL for the ISO day the TIMEX3 value in ``col`` starts on (NULL without a known year)."""
    y = f"substr({col}, 1, 4)"
    jan4 = f"({y} || '-01-04')"
    week1 = f"date({jan4}, '-' || ((CAST(strftime('%w', {jan4}) AS INTEGER) + 6) % 7) || ' days')"
    weekday = (f"CASE WHEN substr({col}, 9, 2) GLOB '-[1-7]' THEN CAST(substr({col}, 10, 1) AS INTEGER) - 1 "
               f"WHEN substr({col}, 9, 3) = '-WE' THEN 5 ELSE 0 END")
    period = " ".join(f"WHEN '{k}' THEN '-{m}-01'" for k, m in PERIOD_MONTH.items())
    return (f"(CASE WHEN {col} GLOB '{_YEAR}-[0-9][0-9]-[0-9][0-9]*' THEN substr({col}, 1, 10) "
            f"WHEN {col} GLOB '{_YEAR}-W[0-9][0-9]*' THEN date({week1}, '+' || "
            f"((CAST(substr({col}, 7, 2) AS INTEGER) - 1) * 7 + {weekday}) || ' days') "
            f"WHEN {col} GLOB '{_YEAR}-[0-9][0-9]' THEN {col} || '-01' "
            f"WHEN {col} GLOB '{_YEAR}-[A-Z][A-Z0-9]' THEN {y} || (CASE substr({col}, 6, 2) {period} END) "
            f"WHEN {col} GLOB '{_YEAR}' THEN {col} || '-01-01' "
            f"WHEN {col} GLOB '[0-9][0-9][0-9]' THEN {col} || '0-01-01' "
            f"WHEN {col} GLOB '[0-9][0-9]' THEN {col} || '00-01-01' END)")


def start_day_postgresql(col: str) -> str:
    """The same for PostgreSQL: regular expressions for the GLOBs, date arithmetic for the ISO weeks
    (year 0000, which PostgreSQL has no dates in, gives NULL)."""
    y = f"substr({col}, 1, 4)"
    jan4 = f"make_date(CAST({y} AS INTEGER), 1, 4)"
    weekday = (f"CASE WHEN substr({col}, 9, 2) ~ '^-[1-7]$' THEN CAST(substr({col}, 10, 1) AS INTEGER) - 1 "
               f"WHEN substr({col}, 9, 3) = '-WE' THEN 5 ELSE 0 END")
    period = " ".join(f"WHEN '{k}' THEN '-{m}-01'" for k, m in PERIOD_MONTH.items())
    return (f"(CASE WHEN {col} ~ '^[0-9]{{4}}-[0-9]{{2}}-[0-9]{{2}}' THEN substr({col}, 1, 10) "
            f"WHEN {col} ~ '^[0-9]{{4}}-W[0-9]{{2}}' AND {y} <> '0000' THEN to_char({jan4} - "
            f"(CAST(extract(isodow FROM {jan4}) AS INTEGER) - 1) + "
            f"((CAST(substr({col}, 7, 2) AS INTEGER) - 1) * 7 + {weekday}), 'YYYY-MM-DD') "
            f"WHEN {col} ~ '^[0-9]{{4}}-[0-9]{{2}}$' THEN {col} || '-01' "
            f"WHEN {col} ~ '^[0-9]{{4}}-[A-Z][A-Z0-9]$' THEN {y} || (CASE substr({col}, 6, 2) {period} END) "
            f"WHEN {col} ~ '^[0-9]{{4}}$' THEN {col} || '-01-01' "
            f"WHEN {col} ~ '^[0-9]{{3}}$' THEN {col} || '0-01-01' "
            f"WHEN {col} ~ '^[0-9]{{2}}$' THEN {col} || '00-01-01' END)")


class _StartDay(ColumnElement[str]):
    inherit_cache = True
    type = String()

    def __init__(self, col: str) -> None:
        self.col = col

    _traverse_internals: list[Any] = []

    def _gen_cache_key(self, anon_map: Any, bindparams: Any) -> tuple[Any, ...]:
        return (self.__class__, self.col)


@compiles(_StartDay)
def _start_day_sqlite(element: _StartDay, compiler: SQLCompiler, **kw: Any) -> str:
    return start_day_sqlite(element.col)


@compiles(_StartDay, "postgresql")
def _start_day_pg(element: _StartDay, compiler: SQLCompiler, **kw: Any) -> str:
    return start_day_postgresql(element.col)


def start_day(col: str) -> ColumnElement[str]:
    """The ISO day the TIMEX3 value in the column ``col`` (``table.column``, a fixed name) starts on."""
    return _StartDay(col)


# -- the items of a JSON list -----------------------------------------------------------------------
class json_values(FunctionElement[Any]):  # noqa: N801 (used like func.*)
    """``json_each(col)`` on SQLite, ``json_array_elements_text(col)`` on PostgreSQL: use it as
    ``json_values(col).table_valued("value")``."""

    name = "json_values"
    inherit_cache = True


@compiles(json_values)
def _json_values_sqlite(element: json_values, compiler: SQLCompiler, **kw: Any) -> str:
    return f"json_each({compiler.process(element.clauses, **kw)})"


@compiles(json_values, "postgresql")
def _json_values_pg(element: json_values, compiler: SQLCompiler, **kw: Any) -> str:
    return f"json_array_elements_text({compiler.process(element.clauses, **kw)})"
