"""``--gold PATH``: each gold set read in its published format at any path, on small copies of the
real shared data made here. Tests fail (never skip) when the shared data is missing."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from parley.config import shared_data
from parley.corpora import meantime
from parley.corpora.iob import iob_spans, read_iob2_sentences
from parley.corpora.timeml import read_timeml


def _shared(*parts: str) -> Path:
    path = shared_data(*parts)
    assert path.exists(), f"shared gold data missing: {path}"  # fail loudly, never skip
    return path


def test_plv_tsv_is_scored_with_the_shipped_re_typer(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from parley.eval import events
    from parley.nlp.events import classifier

    def no_retraining(*_a: object, **_k: object) -> None:
        raise AssertionError("a single PLV file is scored with the shipped model, never retrained")

    monkeypatch.setattr(classifier, "cross_val_predict", no_retraining)
    monkeypatch.setattr(classifier, "train", no_retraining)
    lines = _shared("events", "plv", "PLV_train.tsv").read_text(encoding="utf-8").splitlines()
    small = tmp_path / "plv_small.tsv"
    small.write_text("\n".join(lines[:13]) + "\n", encoding="utf-8")
    [result] = events.evaluate(small)
    assert result.documents == 12 and result.dataset == "plv plv_small.tsv, shipped re-typer"
    assert 0.0 <= result.metrics["accuracy"] <= 1.0 and "rules_only" in result.metrics
    assert "SHIPPED" in result.notes[0]


def _meantime_copy(tmp_path: Path, n: int = 2) -> Path:
    src = sorted(_shared("timex", "meantime", "corpus_airbus").glob("*.xml"))[:n]
    (tmp_path / "mt" / "corpus_airbus").mkdir(parents=True)
    for f in src:
        shutil.copy(f, tmp_path / "mt" / "corpus_airbus" / f.name)
    return tmp_path / "mt"


def test_meantime_folder_with_one_corpus(tmp_path: Path) -> None:
    from parley.eval import ner

    root = _meantime_copy(tmp_path)
    [result] = ner.evaluate(root)
    gold = sum(len(ner.meantime_view(meantime.read_meantime(f))[2]) for f in meantime.find_files(root))
    assert result.dataset == "MEANTIME news (airbus), NAM mentions, FIN/PRO/MIX ignored"
    assert result.documents == 2 and result.metrics["gold_mentions"] == gold > 0
    assert "pred_spans_ignored" in result.metrics


def test_meantime_folder_for_entities_and_timex(tmp_path: Path) -> None:
    from parley.eval import entities, timex

    root = _meantime_copy(tmp_path)
    [ents] = entities.evaluate(root)
    assert ents.dataset == "MEANTIME news (airbus), entity mentions, FIN/PRO/MIX ignored" and ents.documents == 2
    [times] = timex.evaluate(root)
    assert times.dataset == "MEANTIME airbus" and times.documents == 2 and times.metrics["gold"] > 0


def test_other_entity_types_are_neither_required_nor_counted_against() -> None:
    from parley.eval.ner import drop_other

    gold = [(0, 1, "ORGANIZATION")]
    other = [(0, 3), (5, 7)]  # "Airbus A350 aircraft" (PRO) holding the gold "Airbus"; "Dow Jones" (FIN)
    pred = [(0, 1, "ORGANIZATION"), (1, 2, "ORGANIZATION"), (5, 7, "ORGANIZATION"), (8, 9, "PERSON")]
    assert drop_other(pred, gold, other) == [(0, 1, "ORGANIZATION"), (8, 9, "PERSON")]
    assert drop_other(pred, gold, []) == pred


def test_uner_iob2_file_without_ewt(tmp_path: Path) -> None:
    from parley.eval import ner

    blocks = _shared("ud", "uner", "en_ewt-ud-test.iob2").read_text(encoding="utf-8").split("\n\n")
    path = tmp_path / "uner" / "en_ewt-ud-test.iob2"  # the EWT name, but no EWT CoNLL-U beside it
    path.parent.mkdir()
    path.write_text("\n\n".join(blocks[:60]) + "\n\n", encoding="utf-8")
    assert ner.ewt_beside(path) is None
    [result] = ner.evaluate(path)
    sents = read_iob2_sentences(path)
    gold = sum(len(iob_spans(s.labels, {"PER", "ORG", "LOC"})) for s in sents)
    assert result.dataset == "UNER en_ewt-ud-test (IOB2 words)" and len(sents) == 60
    assert result.metrics["gold_spans"] == gold > 0 and 0.0 <= result.metrics["f1"] <= 1.0


def test_a_folder_of_timeml_files(tmp_path: Path) -> None:
    from parley.eval import timex

    src = sorted(_shared("timex", "timebank").glob("*.tml"))[:2]
    folder = tmp_path / "anything"
    folder.mkdir()
    for f in src:
        shutil.copy(f, folder / f.name)
    [result] = timex.evaluate(folder)
    assert result.dataset == "TimeML" and result.documents == 2
    assert result.metrics["gold"] == sum(len(read_timeml(f).timexes) for f in src) > 0


def test_scrapinghub_folder_with_missing_pages(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from parley.eval import extraction

    gold = _shared("extraction", "scrapinghub")
    truth = json.loads((gold / "ground-truth.json").read_text(encoding="utf-8"))
    keys = sorted(truth)[:3]
    (tmp_path / "html").mkdir()
    (tmp_path / "ground-truth.json").write_text(json.dumps({k: truth[k] for k in keys}), encoding="utf-8")
    for k in keys[:2]:
        shutil.copy(gold / "html" / f"{k}.html.gz", tmp_path / "html" / f"{k}.html.gz")
    result = extraction.evaluate(tmp_path)
    err = capsys.readouterr().err.strip().splitlines()
    assert result.documents == 2 and result.metrics["f1"] > 0.5
    assert len(err) == 1 and keys[2] in err[0] and "skipped 1 page" in err[0]
