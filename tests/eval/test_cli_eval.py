"""``parley eval``/``parley bench``: figures are recorded in docs/ only with ``--write``; ``--json`` prints one
JSON object per line, one per dataset."""

from __future__ import annotations

import inspect
import json
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from parley import cli_eval
from parley.cli import app
from parley.config import shared_data
from parley.eval.common import EvalResult

runner = CliRunner()

TML = """<?xml version="1.0" ?>
<TimeML><DCT><TIMEX3 tid="t0" type="DATE" value="1998-08-07" functionInDocument="CREATION_TIME">1998-08-07</TIMEX3>
</DCT><TEXT>Bombs exploded <TIMEX3 tid="t1" type="DATE" value="1998-08-07">Friday</TIMEX3>.</TEXT></TimeML>
"""


@pytest.fixture
def recorded(monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, str]]:
    """(dataset, command) of every result recorded into docs/ (nothing is written)."""
    calls: list[tuple[str, str]] = []

    def fake_record(result: EvalResult, *, command: str, bench: bool = False) -> Path:
        calls.append((result.dataset, command))
        return Path("docs/EVALUATION.md")

    monkeypatch.setattr(cli_eval, "record", fake_record)
    return calls


def _scrapinghub_copy(tmp_path: Path) -> Path:
    gold = shared_data("extraction", "scrapinghub")
    assert gold.exists(), f"shared gold data missing: {gold}"  # fail loudly, never skip
    truth = json.loads((gold / "ground-truth.json").read_text(encoding="utf-8"))
    keys = sorted(truth)[:2]
    (tmp_path / "html").mkdir()
    (tmp_path / "ground-truth.json").write_text(json.dumps({k: truth[k] for k in keys}), encoding="utf-8")
    for k in keys:
        shutil.copy(gold / "html" / f"{k}.html.gz", tmp_path / "html" / f"{k}.html.gz")
    return tmp_path


def test_eval_writes_nothing_by_default(tmp_path: Path, recorded: list[tuple[str, str]]) -> None:
    result = runner.invoke(app, ["eval", "extraction", "--gold", str(_scrapinghub_copy(tmp_path)), "--json"])
    assert result.exit_code == 0, result.output
    assert recorded == []
    [line] = result.stdout.splitlines()
    assert json.loads(line)["documents"] == 2


def test_eval_write_records_the_measuring_command(tmp_path: Path, recorded: list[tuple[str, str]]) -> None:
    gold = _scrapinghub_copy(tmp_path)
    result = runner.invoke(app, ["eval", "extraction", "--gold", str(gold), "--write"])
    assert result.exit_code == 0, result.output
    assert len(recorded) == 1 and "--write" not in recorded[0][1]


def test_json_is_one_object_per_line_per_dataset(tmp_path: Path, recorded: list[tuple[str, str]]) -> None:
    (tmp_path / "timebank").mkdir()
    (tmp_path / "meantime" / "corpus_airbus").mkdir(parents=True)
    (tmp_path / "timebank" / "T1.tml").write_text(TML, encoding="utf-8")
    mt = sorted(shared_data("timex", "meantime", "corpus_airbus").glob("*.xml"))
    assert mt, "shared MEANTIME data missing"
    shutil.copy(mt[0], tmp_path / "meantime" / "corpus_airbus" / mt[0].name)
    result = runner.invoke(app, ["eval", "timex", "--gold", str(tmp_path), "--json"])
    assert result.exit_code == 0, result.output
    rows = [json.loads(line) for line in result.stdout.splitlines()]
    assert [r["dataset"] for r in rows] == ["MEANTIME airbus", "TimeBank", "combined"]
    assert all(set(r) == {"task", "dataset", "documents", "metrics", "peers"} for r in rows)
    assert recorded == []


def test_unreadable_gold_is_one_error_line(tmp_path: Path) -> None:
    result = runner.invoke(app, ["eval", "timex", "--gold", str(tmp_path), "--json"])
    assert result.exit_code == 2 and result.stdout == ""
    assert "no TimeML" in result.stderr


def test_eval_and_bench_write_only_when_asked() -> None:
    for cmd in (cli_eval.eval_cmd, cli_eval.bench_cmd):
        assert inspect.signature(cmd).parameters["write"].default is False
