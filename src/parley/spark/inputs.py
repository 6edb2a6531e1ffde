"""What a Spark job reads: the files its inputs stand for, each read on an executor into raw items.

The inputs are those of ``parley ingest`` (WARC, JSONL, folders of HTML and text, feeds) plus Parquet
files of ``{text|html, url?, title?, published?, source?}`` rows. Files are listed on the driver in
the order ``parley ingest`` visits them; each one's items are numbered, so every item has a ``seq``
that places it in the input.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from parley.ingest.sources import file_items, jsonl_record, local_files
from parley.records import Entry, Failed, RawItem, Skipped

PARQUET_EXT = {".parquet", ".parq"}
PARQUET_FIELDS = ("text", "html", "url", "title", "published", "source")
BATCH_ROWS = 512


@dataclass(frozen=True)
class Unit:
    """One input file (or a source that names nothing, to be reported)."""

    index: int
    path: str
    explicit: bool  # named on the command line itself (not found in a folder)
    missing: bool = False


def units(sources: list[str]) -> list[Unit]:
    """The files the sources stand for, in the order ``parley ingest`` reads them."""
    out: list[Unit] = []
    for src in sources:
        files = local_files(src)
        if not files:
            out.append(Unit(len(out), src, explicit=True, missing=True))
            continue
        explicit = len(files) == 1 and Path(src).is_file()
        for path in files:
            out.append(Unit(len(out), str(path), explicit=explicit))
    return out


def parquet_items(path: Path, item: str) -> Iterator[Entry]:
    """Rows of a Parquet file as raw items, checked as JSONL records are; a file without a ``text`` or
    ``html`` column (or one that is no Parquet at all) is one failure naming it."""
    try:
        import pyarrow.parquet as pq

        pf = pq.ParquetFile(path)
        names = set(pf.schema_arrow.names)
    except ImportError:
        yield Failed(item, "reading Parquet needs pyarrow (pip install 'parley[parquet]')")
        return
    except Exception as exc:  # noqa: BLE001 - any unreadable file names itself and the run goes on
        yield Failed(item, f"not a readable Parquet file: {str(exc).splitlines()[0][:200]}")
        return
    if not names & {"text", "html"}:
        yield Failed(item, "Parquet file has no 'text' or 'html' column (columns: "
                           f"{', '.join(sorted(names)) or 'none'})")
        return
    wanted = [c for c in PARQUET_FIELDS if c in names]
    n = 0
    try:
        for batch in pf.iter_batches(batch_size=BATCH_ROWS, columns=wanted):
            for row in batch.to_pylist():
                n += 1
                entry = jsonl_record(json.dumps(_plain(row)), f"{item}:{n}")
                yield replace(entry, origin="parquet") if isinstance(entry, RawItem) else entry
    except Exception as exc:  # noqa: BLE001 - a corrupt row group names the file and the last good row
        yield Failed(item, f"unreadable Parquet after row {n}: {str(exc).splitlines()[0][:200]}")


def _plain(row: dict[str, Any]) -> dict[str, Any]:
    """A Parquet row as JSON can carry it (a date or timestamp column as its ISO day)."""
    return {k: (v.isoformat()[:10] if hasattr(v, "isoformat") else v) for k, v in row.items()
            if v is not None}


def read_unit(unit: Unit, max_bytes: int) -> Iterator[Entry]:
    """Every entry of one input file."""
    if unit.missing:
        files = local_files(unit.path)
        if files is None:
            yield Failed(unit.path, "no such file, folder or URL (the Spark job reads local files only)")
        else:
            yield Skipped(unit.path, "matched no files")
        return
    path = Path(unit.path)
    if path.suffix.lower() in PARQUET_EXT:
        yield from parquet_items(path, unit.path)
        return
    yield from file_items(path, max_bytes=max_bytes, explicit=unit.explicit)
