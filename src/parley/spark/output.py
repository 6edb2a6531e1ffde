"""Where ``parley spark`` writes: each task writes its own Parquet part of every table with pyarrow.

The rows never cross into the JVM: the Python task that parses a partition writes
``out/TABLE/part-NNNNN.parquet`` itself (first under a hidden temporary name, then moved into place,
so a retried or speculative attempt of the task leaves one whole file). The driver clears the tables
before the job and writes ``failures`` after it. The output folder is a local path, a ``file://`` URI,
``dbfs:/...`` (Databricks' ``/dbfs`` mount), or any URI pyarrow's file systems take (``s3://``, with
``s3a://`` and ``s3n://`` read as ``s3://``; ``gs://``; ``hdfs://``; ``abfs://``).
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from typing import Any

from parley.errors import Rejected
from parley.spark.schema import TABLES, pyarrow_schema

ROW_GROUP = 256  # articles per row group: the loader reads a `seq` range as a few row groups


def target(base: str) -> tuple[Any, str]:
    """``(pyarrow file system, path in it)`` of the output folder ``base``."""
    import pyarrow.fs as pafs

    if base.startswith("file:"):
        return pafs.LocalFileSystem(), "/" + base.removeprefix("file:").lstrip("/")
    if base.startswith("dbfs:"):
        return pafs.LocalFileSystem(), "/dbfs/" + base.removeprefix("dbfs:").lstrip("/")
    if "://" not in base:
        return pafs.LocalFileSystem(), os.path.abspath(base)
    scheme, rest = base.split("://", 1)
    if scheme in ("s3a", "s3n"):
        base = f"s3://{rest}"
    fs, path = pafs.FileSystem.from_uri(base)
    return fs, path


def absolute(base: str) -> str:
    """``base`` as every task sees it: a local path made absolute on the driver, a URI as it is."""
    return base if ":" in base.split("/", 1)[0] else os.path.abspath(base)


def clear(base: str) -> None:
    """Make every table's folder under ``base``, empty (a re-run replaces the previous run's tables);
    a folder that cannot be written is one :class:`~parley.errors.Rejected` naming it."""
    try:
        fs, root = target(base)
        for table in TABLES:
            fs.create_dir(f"{root}/{table}", recursive=True)
            fs.delete_dir_contents(f"{root}/{table}", missing_dir_ok=True)
    except (OSError, ValueError) as exc:
        raise Rejected(f"cannot write the tables: {str(exc).strip().splitlines()[0][:200]}", item=base) from None


def write_text(base: str, name: str, text: str) -> None:
    """A small file beside the tables (the job's manifest)."""
    fs, root = target(base)
    with fs.open_output_stream(f"{root}/{name}") as sink:
        sink.write(text.encode("utf-8"))


class PartWriter:
    """One task's part of every table: rows are added per article and written a row group at a time."""

    def __init__(self, base: str, part: int, attempt: int, tables: Iterable[str]) -> None:
        self.fs, self.root = target(base)
        self.name = f"part-{part:05d}.parquet"
        self.temp = f".{self.name}.{attempt}.tmp"
        self.tables = list(tables)
        self.rows: dict[str, list[tuple[Any, ...]]] = {t: [] for t in self.tables}
        self.counts = dict.fromkeys(self.tables, 0)
        self.writers: dict[str, Any] = {}
        self.pending = 0

    def add(self, rows: dict[str, list[tuple[Any, ...]]]) -> None:
        for table, got in rows.items():
            self.rows[table].extend(got)
            self.counts[table] += len(got)
        self.pending += 1
        if self.pending >= ROW_GROUP:
            self.flush()

    def flush(self) -> None:
        import pyarrow.parquet as pq

        for table in self.tables:
            if table not in self.writers:
                sink = self.fs.open_output_stream(f"{self.root}/{table}/{self.temp}")
                self.writers[table] = (pq.ParquetWriter(sink, pyarrow_schema(table)), sink)
            if self.rows[table]:
                self.writers[table][0].write_table(arrow_table(table, self.rows[table]))
                self.rows[table] = []
        self.pending = 0

    def close(self) -> dict[str, int]:
        """Write what is left, move every file into place, and give the rows written per table."""
        self.flush()
        for table, (writer, sink) in self.writers.items():
            writer.close()
            sink.close()
            self.fs.move(f"{self.root}/{table}/{self.temp}", f"{self.root}/{table}/{self.name}")
        return self.counts

    def abort(self) -> None:
        for table, (writer, sink) in self.writers.items():
            try:
                writer.close()
                sink.close()
                self.fs.delete_file(f"{self.root}/{table}/{self.temp}")
            except OSError:
                pass


def arrow_table(table: str, rows: list[tuple[Any, ...]]) -> Any:
    """Rows (tuples in the schema's column order) as a ``pyarrow.Table`` of the table's schema."""
    import pyarrow as pa

    schema = pyarrow_schema(table)
    cols = list(zip(*rows, strict=True)) if rows else [() for _ in schema]
    return pa.Table.from_arrays([pa.array(list(c), type=f.type) for c, f in zip(cols, schema, strict=True)],
                                schema=schema)
