"""The Parquet tables ``parley spark`` writes and ``parley load`` reads.

Every table has the store's columns (spans flattened to ``*_start``/``*_end``/``*_text``, character
offsets into the article's ``text``) and ``seq``, the article's place in the input: the loader stores
articles in ``seq`` order, as ``parley ingest`` would have. Annotation tables carry ``ord`` (the
record's place in its article) and ``record``, the typed record as JSON (the entity's without its
mentions, which are the ``mentions`` table), so that loading gives the very records ingest stores.

Each schema is written once here, as Spark DDL; :func:`pyarrow_schema` reads the same text.
"""

from __future__ import annotations

import re
from functools import cache
from typing import Any

SPAN = "struct<start:int,end:int,text:string>"
TABLES: dict[str, list[tuple[str, str]]] = {
    "articles": [
        ("seq", "bigint"), ("item", "string"), ("origin", "string"), ("text", "string"),
        ("title", "string"), ("url", "string"), ("site", "string"), ("source", "string"),
        ("authors", "array<string>"), ("published", "string"), ("published_source", "string"),
        ("published_confidence", "double"), ("language", "string"), ("content_hash", "string"),
        ("nlp_version", "string"), ("warning", "string"), ("duplicates", "array<string>"),
    ],
    "entities": [
        ("seq", "bigint"), ("ord", "int"), ("key", "string"), ("name", "string"), ("type", "string"),
        ("country", "string"), ("sector", "string"), ("code", "string"), ("aliases", "array<string>"),
        ("roles", "array<struct<title:string,country:string,sector:string,as_of:string>>"),
        ("record", "string"),
    ],
    "mentions": [
        ("seq", "bigint"), ("ord", "int"), ("entity_ord", "int"), ("entity_key", "string"),
        ("start", "int"), ("end", "int"), ("text", "string"), ("label", "string"), ("kind", "string"),
    ],
    "quotes": [
        ("seq", "bigint"), ("ord", "int"), ("start", "int"), ("end", "int"), ("text", "string"),
        ("kind", "string"), ("cue_start", "int"), ("cue_end", "int"), ("cue_text", "string"),
        ("speaker_start", "int"), ("speaker_end", "int"), ("speaker_text", "string"),
        ("speaker_key", "string"), ("speaker_name", "string"), ("anonymous", "boolean"),
        ("said_on", "string"), ("confidence", "double"), ("resolved_by", "string"), ("record", "string"),
    ],
    "timexes": [
        ("seq", "bigint"), ("ord", "int"), ("start", "int"), ("end", "int"), ("text", "string"),
        ("type", "string"), ("value", "string"), ("mod", "string"), ("record", "string"),
    ],
    "events": [
        ("seq", "bigint"), ("ord", "int"), ("type", "string"), ("mode", "string"),
        ("trigger_start", "int"), ("trigger_end", "int"), ("trigger_text", "string"),
        ("sentence_start", "int"), ("sentence_end", "int"), ("actors", "array<string>"),
        ("recipients", "array<string>"), ("actor_spans", f"array<{SPAN}>"),
        ("recipient_spans", f"array<{SPAN}>"), ("date", "string"), ("location", "string"),
        ("status", "string"), ("source", "string"), ("confidence", "double"), ("date_source", "string"),
        ("record", "string"),
    ],
    "failures": [("seq", "bigint"), ("item", "string"), ("status", "string"), ("reason", "string")],
}
ANNOTATIONS = ("entities", "mentions", "quotes", "timexes", "events")


def columns(table: str) -> list[str]:
    return [name for name, _ in TABLES[table]]


_SCALARS = {"bigint": "int64", "int": "int32", "string": "string", "double": "float64", "boolean": "bool"}


def _arrow_type(kind: str) -> Any:
    import pyarrow as pa

    if kind in _SCALARS:
        return pa.type_for_alias(_SCALARS[kind])
    if kind.startswith("array<"):
        return pa.list_(_arrow_type(kind[len("array<"):-1]))
    if kind.startswith("struct<"):
        fields = re.findall(r"(\w+):(\w+)", kind[len("struct<"):-1])
        return pa.struct([(name, _arrow_type(sub)) for name, sub in fields])
    raise ValueError(f"no Arrow type for {kind!r}")


@cache
def pyarrow_schema(table: str) -> Any:
    """The table's schema as a ``pyarrow.Schema`` (what the loader checks a table against, and what each
    task writes its row groups in); built once per table."""
    import pyarrow as pa

    return pa.schema([(name, _arrow_type(kind)) for name, kind in TABLES[table]])
