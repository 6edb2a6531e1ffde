"""Lists as downloads: ``format=csv`` (or ``jsonl``) on a list endpoint streams every row its filters
keep, in the columns of ``parley export`` (:data:`parley.export.COLUMNS`); ``format=json``, the default,
is the paged JSON the page itself shows."""

from __future__ import annotations

from collections.abc import Iterator
from itertools import chain, islice
from typing import Annotated, Any, Literal

from fastapi import Query
from fastapi.responses import StreamingResponse

from parley.export import csv_chunks, jsonl_chunks, names, search_row
from parley.service import Service

Format = Annotated[Literal["json", "csv", "jsonl"], Query(
    description="json: this page; csv or jsonl: every matching row, as `parley export` writes them")]
PAGE = 500
MAX_SEARCH_ROWS = 50_000


def stream(rows: Iterator[dict[str, Any]], kind: str, fmt: str, name: str) -> StreamingResponse:
    """Every row as a CSV or JSON-lines attachment. The first rows are read before anything is sent, so
    a bad filter is still a 422, not a broken download."""
    first = list(islice(rows, 1))
    rest = chain(first, rows)
    columns = names(kind)
    body = csv_chunks(rest, columns) if fmt == "csv" else jsonl_chunks(rest, columns)
    media = "text/csv; charset=utf-8" if fmt == "csv" else "application/x-ndjson; charset=utf-8"
    headers = {"Content-Disposition": f'attachment; filename="parley-{name}.{fmt}"'}
    return StreamingResponse(body, media_type=media, headers=headers)


def search_rows(svc: Service, q: str, **filters: Any) -> Iterator[dict[str, Any]]:
    """Every article hit, then every quote hit, best first (at most :data:`MAX_SEARCH_ROWS` of each)."""
    for kind, key in (("article", "articles"), ("quote", "quotes")):
        for offset in range(0, MAX_SEARCH_ROWS, PAGE):
            hits = svc.search(q, kind=kind, limit=PAGE, offset=offset, **filters)[key]
            yield from (search_row(kind, h) for h in hits)
            if len(hits) < PAGE:
                break


def chronology_rows(svc: Service, **filters: Any) -> Iterator[dict[str, Any]]:
    """Every dated item oldest first, then the undated ones."""
    return svc.rows("chronology", **{k: v for k, v in filters.items() if v is not None})


def network_rows(data: dict[str, Any]) -> Iterator[dict[str, Any]]:
    """The network's links, each end with its entity's name when stored."""
    known = data.get("entities", {})
    for e in data["edges"]:
        yield e | {"source_name": known.get(e["source"], {}).get("name"),
                   "target_name": known.get(e["target"], {}).get("name")}
