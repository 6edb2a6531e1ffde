"""Reading the Parquet output of ``parley spark`` back into the records ingest stores.

:func:`read_output` checks every table against :mod:`parley.spark.schema` first (a missing table, a
file that is no Parquet, a missing column or a wrong type is one :class:`~parley.errors.Rejected`
naming it), then yields one :class:`~parley.annotate.Prepared` per article in input order, reading a
``seq`` range of every table at a time (the job writes each table sorted by ``seq``, so a range is
a few row groups), so memory stays flat on any output size. Only pyarrow is needed, not Spark.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

from parley.errors import Rejected
from parley.spark.rows import annotations_of, article_of
from parley.spark.schema import ANNOTATIONS, columns, pyarrow_schema

BATCH = 2000  # articles read at a time


def _dataset(out: Path, table: str) -> Any:
    import pyarrow.dataset as ds

    where = out / table
    if not where.is_dir():
        raise Rejected(f"no {table} table (not the output of `parley spark`?)", item=str(where))
    try:
        data = ds.dataset(where, format="parquet")
        names = set(data.schema.names)
    except Exception as exc:  # noqa: BLE001 - a file that is no Parquet names itself
        raise Rejected(f"not a readable Parquet table: {str(exc).splitlines()[0][:200]}", item=str(where)) from None
    missing = [c for c in columns(table) if c not in names]
    if missing:
        raise Rejected(f"wrong schema: no column {', '.join(missing)}", item=str(where))
    return data


def _read(data: Any, table: str, where: Path, lo: int, hi: int) -> list[dict[str, Any]]:
    """The rows of ``table`` whose ``seq`` lies in ``[lo, hi]``, cast to the table's schema."""
    import pyarrow.compute as pc

    seq = pc.field("seq")
    part = data.to_table(columns=columns(table), filter=(seq >= lo) & (seq <= hi))
    try:
        part = part.cast(pyarrow_schema(table))
    except Exception as exc:  # noqa: BLE001 - a column of the wrong type
        raise Rejected(f"wrong schema: {str(exc).splitlines()[0][:200]}", item=str(where)) from None
    rows: list[dict[str, Any]] = part.to_pylist()
    return rows


def read_output(out: Path, *, batch: int = BATCH) -> Iterator[Any]:
    """Every article of a job's output, as a ``Prepared`` (raw item, article, annotations), by ``seq``."""
    from parley.annotate import Prepared

    if not out.is_dir():
        raise Rejected("no such folder", item=str(out))
    tables = ("articles", *ANNOTATIONS)
    sets = {t: _dataset(out, t) for t in tables}
    seqs = sorted(sets["articles"].to_table(columns=["seq"]).column("seq").to_pylist())
    for i in range(0, len(seqs), batch):
        lo, hi = seqs[i], seqs[min(i + batch, len(seqs)) - 1]
        by_seq: dict[str, dict[int, list[dict[str, Any]]]] = {}
        for t in ANNOTATIONS:
            grouped: dict[int, list[dict[str, Any]]] = {}
            for row in _read(sets[t], t, out / t, lo, hi):
                grouped.setdefault(row["seq"], []).append(row)
            by_seq[t] = grouped
        for row in sorted(_read(sets["articles"], "articles", out / "articles", lo, hi), key=lambda r: r["seq"]):
            raw, article = article_of(row)
            ann = None
            if row["nlp_version"]:
                ann = annotations_of(row["nlp_version"], {
                    t: sorted(by_seq[t].get(row["seq"], []), key=lambda r: r["ord"]) for t in ANNOTATIONS})
            yield Prepared(raw, article=article, ann=ann, warning=row["warning"])
