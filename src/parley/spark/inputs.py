"""What a Spark job reads: the files its inputs stand for, each read on an executor into raw items.

The inputs are those of ``parley ingest`` (WARC, JSONL, folders of HTML and text, feeds) plus Parquet
files of ``{text|html, url?, title?, published?, source?}`` rows. Files are listed on the driver in
the order ``parley ingest`` visits them; each one's items are numbered, so every item has a ``seq``
that places it in the input.
"""

from __future__ import annotations

import json
import tempfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from pathlib import Path, PurePosixPath
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
    remote: bool = False  # a Hadoop URI (s3a://, hdfs://, dbfs:/, file://), read by Spark itself


def is_remote(source: str) -> bool:
    """A URI for Hadoop's file systems (``s3a://``, ``hdfs://``, ``file://``...), not a web URL."""
    return "://" in source and not source.startswith(("http://", "https://"))


def units(sources: list[str], listing: Callable[[str], list[str]] | None = None) -> list[Unit]:
    """The files the sources stand for, in the order ``parley ingest`` reads them; ``listing`` lists
    what a remote source (:func:`is_remote`) stands for (the job asks Hadoop's file system)."""
    out: list[Unit] = []
    for src in sources:
        if is_remote(src) and listing is not None:
            found = listing(src)
            if not found:
                out.append(Unit(len(out), src, explicit=True, missing=True, remote=True))
            for uri in found:
                out.append(Unit(len(out), uri, explicit=len(found) == 1, remote=True))
            continue
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


def read_bytes(unit: Unit, data: bytes, max_bytes: int) -> Iterator[Entry]:
    """Every entry of a remote file Spark has read (its bytes are put in a local temporary file of the
    same name, read as a local one, and the items named by the URI)."""
    with tempfile.TemporaryDirectory(prefix="parley-spark-") as tmp:
        name = PurePosixPath(unit.path.split("://", 1)[-1]).name or "input"
        local = Path(tmp) / name
        local.write_bytes(data)
        del data
        for entry in read_unit(Unit(unit.index, str(local), unit.explicit), max_bytes):
            item = entry.item.replace(str(local), unit.path, 1)
            if isinstance(entry, RawItem):
                yield replace(entry, item=item)
            else:
                yield replace(entry, item=item, reason=entry.reason.replace(str(local), unit.path))


def read_unit(unit: Unit, max_bytes: int) -> Iterator[Entry]:
    """Every entry of one local input file."""
    if unit.missing and unit.remote:
        yield Failed(unit.path, "matched no files")
        return
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
