"""One SparkSession (``local[2]``) for every Spark test, and inputs the tests write themselves.

PySpark and Java are needed: ``make test`` installs them (scripts/ensure-spark.sh); without them
these tests fail, saying so, rather than skip.
"""

from __future__ import annotations

import importlib.util
import os
import shutil
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from parley.config import SAMPLES_DIR
from parley.service import Service

MISSING = "the Spark tests need {}: run `bash scripts/ensure-spark.sh` (make test does)"


@pytest.fixture(scope="session")
def spark() -> Iterator[Any]:
    if importlib.util.find_spec("pyspark") is None:
        pytest.fail(MISSING.format("PySpark"), pytrace=False)
    if not shutil.which("java") and not os.environ.get("JAVA_HOME"):
        pytest.fail(MISSING.format("Java"), pytrace=False)
    if not Service.nlp_available():
        pytest.fail("the Spark tests parse with the NLP model, which is not installed (make model)", pytrace=False)
    from parley.spark.job import session

    spark = session("local[2]", app="parley-tests")
    yield spark
    spark.stop()


def http_response(body: bytes, ctype: str = "text/html; charset=utf-8") -> bytes:
    return (f"HTTP/1.1 200 OK\r\nContent-Type: {ctype}\r\nContent-Length: {len(body)}\r\n\r\n").encode() + body


def warc_record(uri: str, http: bytes, *, declared: int | None = None) -> bytes:
    """One WARC response record, written by hand (``declared``: a Content-Length other than the
    block's own, as a record cut short has)."""
    head = ("WARC/1.0\r\nWARC-Type: response\r\n"
            f"WARC-Record-ID: <urn:uuid:{uuid.uuid5(uuid.NAMESPACE_URL, uri)}>\r\n"
            f"WARC-Date: 2026-03-01T00:00:00Z\r\nWARC-Target-URI: {uri}\r\n"
            "Content-Type: application/http; msgtype=response\r\n"
            f"Content-Length: {declared if declared is not None else len(http)}\r\n\r\n")
    return head.encode() + http + b"\r\n\r\n"


def sample_html(name: str) -> bytes:
    return (SAMPLES_DIR / "html" / name).read_bytes()


@pytest.fixture(scope="session")
def mixed_inputs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """A WARC (two sample pages, an image, and a last record cut short), a JSONL file (two articles, one
    malformed line), a folder of one HTML file and a text file twice, a Parquet of articles and one of the
    wrong schema."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    root = tmp_path_factory.mktemp("spark-inputs")
    pages = sorted((SAMPLES_DIR / "html").glob("*.html"))
    warc = root / "crawl.warc"
    cut = http_response(pages[2].read_bytes())
    warc.write_bytes(
        warc_record("https://herald.example/a", http_response(pages[0].read_bytes()))
        + warc_record("https://herald.example/logo.png", http_response(b"\x89PNG\r\n\x1a\n" * 20, "image/png"))
        + warc_record("https://ledger.example/b", http_response(pages[1].read_bytes()))
        + warc_record("https://ledger.example/cut", cut[: len(cut) // 2], declared=len(cut)))
    texts = sorted((SAMPLES_DIR / "text").glob("*.txt"))
    jsonl = root / "wire.jsonl"
    lines = (SAMPLES_DIR / "wire.jsonl").read_text(encoding="utf-8").splitlines()[:2]
    jsonl.write_text("\n".join([lines[0], "{not json", lines[1]]) + "\n", encoding="utf-8")
    folder = root / "folder"
    folder.mkdir()
    (folder / "a.html").write_bytes(pages[3].read_bytes())
    (folder / "b.txt").write_bytes(texts[0].read_bytes())
    (folder / "c.txt").write_bytes(texts[0].read_bytes())  # an exact copy: parsed once, folded into b.txt
    good = root / "rows.parquet"
    pq.write_table(pa.table({"text": [texts[1].read_text(encoding="utf-8"), texts[2].read_text(encoding="utf-8")],
                             "url": ["https://wire.example/1", "https://wire.example/2"],
                             "published": ["2026-03-02", None]}), good)
    wrong = root / "wrong.parquet"
    pq.write_table(pa.table({"body": ["no text or html column here"]}), wrong)
    return {"warc": warc, "jsonl": jsonl, "folder": folder, "parquet": good, "wrong": wrong}
