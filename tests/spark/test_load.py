"""The target: `parley spark` output loaded with `parley load` gives the same articles, quotes, events
and entities as `parley ingest` of the same inputs (the sample corpus), on SQLite and PostgreSQL; a
second load adds nothing; a wrong table is one line naming it."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from sqlalchemy import select
from typer.testing import CliRunner

from parley.cli import app
from parley.service import Service, sample_sources
from parley.spark.job import run
from parley.store.tables import EntityRow, RoleRow


@pytest.fixture(scope="module")
def sample_output(spark: Any, tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("spark-samples") / "tables"
    summary = run(sample_sources(), out, spark=spark)
    assert summary.articles == 20 and summary.failed == 0 and summary.skipped == 1  # the samples' README
    return out


def everything(svc: Service) -> dict[str, Any]:
    """Every article with its annotations, every entity and role, and the row counts."""
    with svc.store.session() as session:
        entities = [(e.id, e.key, e.name, e.type, e.country, e.sector, e.code, sorted(e.aliases or []))
                    for e in session.scalars(select(EntityRow).order_by(EntityRow.id))]
        roles = sorted((r.entity_id, r.article_id, r.title, r.country, r.sector, r.as_of)
                       for r in session.scalars(select(RoleRow)))
    stats = svc.stats()
    stats.pop("db")
    return {"articles": list(svc.iter_articles()), "entities": entities, "roles": roles, "stats": stats}


def test_loaded_output_is_what_ingest_stores(sample_output: Path, db_url: str,
                                             request: pytest.FixtureRequest, tmp_path: Path) -> None:
    other = (request.getfixturevalue("pg_databases")("ingest") if db_url.startswith("postgresql")
             else str(tmp_path / "ingest.db"))
    loaded, ingested = Service(db_url), Service(other)
    try:
        summary = loaded.load(sample_output)
        assert (summary.ok, summary.near_duplicate, summary.failed) == (20, 1, 0), summary.errors
        reference = ingested.ingest(sample_sources(), use_nlp=True)
        assert reference.ok == 20
        got, want = everything(loaded), everything(ingested)
        assert [a["item"] for a in got["articles"]] == [a["item"] for a in want["articles"]]
        for mine, theirs in zip(got["articles"], want["articles"], strict=True):
            assert mine == theirs, mine["item"]
        assert got["entities"] == want["entities"] and got["roles"] == want["roles"]
        assert got["stats"] == want["stats"]
        assert got["stats"]["quotes"] > 50 and got["stats"]["events"] > 10 and got["stats"]["entities"] > 30

        again = loaded.load(sample_output)  # a re-run adds nothing twice
        assert (again.ok, again.duplicate) == (0, 20)
        assert everything(loaded) == got
    finally:
        loaded.close()
        ingested.close()


def test_a_table_of_the_wrong_schema_is_one_line_naming_it(sample_output: Path, tmp_path: Path) -> None:
    out = tmp_path / "tables"
    shutil.copytree(sample_output, out)
    shutil.rmtree(out / "quotes")
    (out / "quotes").mkdir()
    pq.write_table(pa.table({"seq": [1], "said": ["nothing"]}), out / "quotes" / "part-0.parquet")
    db = tmp_path / "x.db"
    res = CliRunner().invoke(app, ["--db", str(db), "load", str(out)])
    assert res.exit_code == 2
    assert res.output.strip().splitlines() == [
        f"error: {out / 'quotes'}: wrong schema: no column ord, start, end, text, kind, cue_start, cue_end, "
        "cue_text, speaker_start, speaker_end, speaker_text, speaker_key, speaker_name, anonymous, said_on, "
        "confidence, resolved_by, record"]
    res = CliRunner().invoke(app, ["--db", str(db), "load", str(tmp_path / "nowhere")])
    assert res.exit_code == 2 and res.output.strip() == f"error: {tmp_path / 'nowhere'}: no such folder"
    res = CliRunner().invoke(app, ["--db", str(db), "stats", "--json"])
    assert '"articles": 0' in res.output


def test_small_read_batches_give_the_same_articles(sample_output: Path) -> None:
    from parley.spark.loader import read_output

    def key(p: Any) -> tuple[Any, ...]:
        ann = p.ann or {}
        return (p.raw.item, p.article.model_dump_json(), [x.model_dump_json() for k in sorted(ann) if k != "version"
                                                          for x in ann[k]])

    whole = [key(p) for p in read_output(sample_output)]
    assert len(whole) == 20
    assert [key(p) for p in read_output(sample_output, batch=3)] == whole


def test_the_commands_end_to_end(mixed_inputs: dict[str, Path], tmp_path: Path) -> None:
    """`parley spark` in a process of its own (its own JVM), then `parley load` of what it wrote."""
    import subprocess
    import sys

    out, db = tmp_path / "tables", tmp_path / "c.db"
    parley = str(Path(sys.executable).with_name("parley"))
    res = subprocess.run([parley, "spark", str(mixed_inputs["jsonl"]), "--out", str(out), "--master", "local[1]",
                          "--no-nlp"], capture_output=True, text=True, timeout=300)
    assert res.returncode == 1, res.stderr  # one item failed
    assert f"failed {mixed_inputs['jsonl']}:2: malformed JSON" in res.stderr and "Traceback" not in res.stderr
    assert "2 articles to" in res.stdout and "1 failed" in res.stdout
    res = subprocess.run([parley, "--db", str(db), "load", str(out)], capture_output=True, text=True, timeout=120)
    assert res.returncode == 0, res.stderr
    assert "2 ok" in res.stdout and "0 failed" in res.stdout
    res = subprocess.run([parley, "spark", "x.jsonl", "--out", str(tmp_path / "no" / "where" / "t")],
                         capture_output=True, text=True, timeout=60)
    assert res.returncode == 2 and res.stderr.strip().startswith("error: cannot write")
