"""`parley spark` on inputs of every kind, in `local[2]`: rows, character offsets, order, and one
clear line per bad item while the job goes on."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pyarrow.dataset as ds
import pytest

from parley.errors import Rejected
from parley.spark.job import MANIFEST, JobSummary, run
from parley.spark.schema import TABLES, columns, pyarrow_schema


def table(out: Path, name: str) -> list[dict[str, Any]]:
    return ds.dataset(out / name, format="parquet").to_table().to_pylist()


@pytest.fixture(scope="module")
def mixed_run(spark: Any, mixed_inputs: dict[str, Path], tmp_path_factory: pytest.TempPathFactory
              ) -> tuple[JobSummary, Path, list[tuple[str, str]]]:
    out = tmp_path_factory.mktemp("spark-out") / "tables"
    lines: list[tuple[str, str]] = []
    order = ["warc", "jsonl", "folder", "parquet", "wrong"]
    summary = run([str(mixed_inputs[k]) for k in order], out, spark=spark, partitions=3,
                  progress=lambda event, message: lines.append((event, message)))
    return summary, out, lines


def test_every_input_kind_gives_articles_in_input_order(mixed_run: Any, mixed_inputs: dict[str, Path]) -> None:
    summary, out, _ = mixed_run
    arts = table(out, "articles")
    assert [a["seq"] for a in arts] == sorted(a["seq"] for a in arts)  # written in input order
    warc, jsonl, folder, parquet = (str(mixed_inputs[k]) for k in ("warc", "jsonl", "folder", "parquet"))
    assert [a["item"] for a in arts] == [
        f"{warc}#1", f"{warc}#3", f"{jsonl}:1", f"{jsonl}:3", f"{folder}/a.html", f"{folder}/b.txt",
        f"{parquet}:1", f"{parquet}:2"]
    assert [a["origin"] for a in arts] == ["warc", "warc", "jsonl", "jsonl", "file", "file", "parquet", "parquet"]
    assert arts[0]["url"] == "https://herald.example/a" and arts[6]["url"] == "https://wire.example/1"
    assert arts[6]["published"] == "2026-03-02" and arts[6]["published_source"] == "meta"
    assert all(a["nlp_version"] and a["content_hash"] and len(a["text"]) > 200 for a in arts)
    assert summary.articles == 8 and summary.rows["articles"] == 8
    assert summary.duplicate == 1 and arts[5]["duplicates"] == [f"{folder}/c.txt"]  # the copy, parsed once
    assert summary.cores == 2 and summary.master == "local[2]"
    assert (out / MANIFEST).is_file()


def test_a_bad_item_is_one_line_naming_it_and_the_job_goes_on(mixed_run: Any, mixed_inputs: dict[str, Path]) -> None:
    summary, out, lines = mixed_run
    warc, jsonl, wrong = (str(mixed_inputs[k]) for k in ("warc", "jsonl", "wrong"))
    failed = [m for e, m in lines if e == "fail"]
    assert failed == [f"{warc}#4: truncated WARC record ({failed[0].split('(')[1]}",
                      f"{jsonl}:2: malformed JSON (Expecting property name enclosed in double quotes)",
                      f"{wrong}: Parquet file has no 'text' or 'html' column (columns: body)"]
    assert all("\n" not in m for m in failed)
    assert [m for e, m in lines if e == "skip"] == [f"{warc}#2: not HTML (image/png)"]
    folder = mixed_inputs["folder"]
    assert [m for e, m in lines if e == "dup"] == [f"{folder}/c.txt: same text as {folder}/b.txt"]
    assert (summary.failed, summary.skipped) == (3, 1)
    rows = table(out, "failures")
    assert sorted((r["item"], r["status"]) for r in rows) == sorted(
        [(f"{warc}#4", "failed"), (f"{jsonl}:2", "failed"), (wrong, "failed"), (f"{warc}#2", "skipped")])


def test_tables_have_the_schema_and_offsets_into_the_stored_text(mixed_run: Any) -> None:
    _, out, _ = mixed_run
    for name in TABLES:
        assert ds.dataset(out / name, format="parquet").schema.names == columns(name)
        ds.dataset(out / name, format="parquet").to_table().cast(pyarrow_schema(name))  # types as declared
    text = {a["seq"]: a["text"] for a in table(out, "articles")}
    spans = {"mentions": [("start", "end", "text")], "timexes": [("start", "end", "text")],
             "quotes": [("start", "end", "text"), ("cue_start", "cue_end", "cue_text"),
                        ("speaker_start", "speaker_end", "speaker_text")],
             "events": [("trigger_start", "trigger_end", "trigger_text")]}
    seen = 0
    for name, triples in spans.items():
        rows = table(out, name)
        assert rows, f"no {name}"
        for row in rows:
            for a, b, t in triples:
                if row[a] is not None:
                    assert text[row["seq"]][row[a]:row[b]] == row[t], (name, row)
                    seen += 1
    for row in table(out, "events"):
        body = text[row["seq"]]
        assert row["sentence_start"] <= row["trigger_start"] < row["trigger_end"] <= row["sentence_end"] <= len(body)
        for span in row["actor_spans"] + row["recipient_spans"]:
            assert body[span["start"]:span["end"]] == span["text"]
    assert seen > 100
    keys = {(r["seq"], r["key"]) for r in table(out, "entities")}
    assert all((m["seq"], m["entity_key"]) in keys for m in table(out, "mentions"))


def test_a_rerun_replaces_the_tables(spark: Any, mixed_inputs: dict[str, Path], tmp_path: Path) -> None:
    out = tmp_path / "tables"
    for _ in range(2):
        summary = run([str(mixed_inputs["jsonl"])], out, spark=spark, use_nlp=False)
        assert summary.articles == 2
    assert len(table(out, "articles")) == 2 and len(table(out, "failures")) == 1
    assert table(out, "quotes") == [] and all(a["nlp_version"] is None for a in table(out, "articles"))


def test_hadoop_uris_are_read_by_spark_itself(spark: Any, mixed_inputs: dict[str, Path], tmp_path: Path) -> None:
    """s3a://, hdfs:// or dbfs:/ inputs are listed by Hadoop's file system and read by Spark; file:// here."""
    lines: list[tuple[str, str]] = []
    summary = run([mixed_inputs["warc"].as_uri(), mixed_inputs["folder"].as_uri(), "file:///nowhere/*.warc"],
                  tmp_path / "tables", spark=spark, use_nlp=False, progress=lambda e, m: lines.append((e, m)))
    warc, folder = f"file:{mixed_inputs['warc']}", f"file:{mixed_inputs['folder']}"
    assert [a["item"] for a in table(tmp_path / "tables", "articles")] == [
        f"{warc}#1", f"{warc}#3", f"{folder}/a.html", f"{folder}/b.txt"]
    assert [m for e, m in lines if e == "fail"] == [f"{warc}#4: " + next(
        m for e, m in lines if e == "fail").split(": ", 1)[1], "file:///nowhere/*.warc: matched no files"]
    assert "truncated WARC record" in lines[[e for e, _ in lines].index("fail")][1]
    assert summary.articles == 4 and summary.skipped == 1 and summary.duplicate == 1


def test_an_output_that_cannot_be_written_is_one_line(spark: Any, mixed_inputs: dict[str, Path],
                                                       tmp_path: Path) -> None:
    (tmp_path / "file").write_text("not a folder")
    with pytest.raises(Rejected) as caught:
        run([str(mixed_inputs["jsonl"])], tmp_path / "file" / "tables", spark=spark, use_nlp=False)
    line = caught.value.line()
    assert line.startswith(f"{tmp_path / 'file' / 'tables'}: cannot write the tables: ") and "\n" not in line


def test_a_run_with_no_article_still_writes_every_table(spark: Any, mixed_inputs: dict[str, Path],
                                                         tmp_path: Path) -> None:
    lines: list[tuple[str, str]] = []
    summary = run([str(mixed_inputs["wrong"])], tmp_path / "tables", spark=spark, use_nlp=False,
                  progress=lambda e, m: lines.append((e, m)))
    assert (summary.articles, summary.failed) == (0, 1) and [e for e, _ in lines] == ["fail"]
    for name in TABLES:
        got = ds.dataset(tmp_path / "tables" / name, format="parquet").to_table()
        assert got.schema.names == columns(name) and got.num_rows == (1 if name == "failures" else 0)
