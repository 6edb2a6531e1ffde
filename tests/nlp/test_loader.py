"""``parley.load(base=...)``: Parley's components over another English spaCy pipeline, one clear line
when the base cannot serve; ``PARLEY_MODEL`` picks the model folder; NER labels reach the components
as Parley's six name labels whatever the NER says.

The UD base used here is the shipped model's folder (fails, never skips, when it is missing)."""

from __future__ import annotations

from pathlib import Path

import pytest
import spacy
from spacy.tokens import Doc, Span

import parley
from parley import nlp as parley_nlp
from parley.errors import NotFound, Rejected
from parley.nlp.ner_labels import NAME_LABELS, NerLabels


def _shipped() -> Path:
    path = parley_nlp.MODELS_DIR / parley_nlp.MODEL_NAME
    assert (path / "config.cfg").is_file(), f"shipped model missing at {path}: run `make model`"
    return path


def test_unknown_base_is_one_line_naming_it() -> None:
    with pytest.raises(NotFound) as err:
        parley.load(base="xx_no_such_pipeline")
    assert err.value.line() == ("base pipeline xx_no_such_pipeline: no installed spaCy pipeline or model "
                                "folder of that name")


def test_a_folder_without_a_pipeline_is_refused(tmp_path: Path) -> None:
    with pytest.raises(NotFound, match="no config.cfg"):
        parley.load(base=tmp_path)


def test_non_english_base_is_refused(tmp_path: Path) -> None:
    spacy.blank("de").to_disk(tmp_path / "de")
    with pytest.raises(Rejected) as err:
        parley.load(base=tmp_path / "de")
    assert "a 'de' pipeline; Parley's components read English" in err.value.line()
    assert "\n" not in err.value.line()


def test_base_without_parser_is_refused(tmp_path: Path) -> None:
    spacy.blank("en").to_disk(tmp_path / "en")
    with pytest.raises(Rejected, match="has no dependency parser"):
        parley.load(base=str(tmp_path / "en"))


def test_base_with_non_ud_labels_is_refused(tmp_path: Path) -> None:
    nlp = spacy.blank("en")
    parser = nlp.add_pipe("parser")
    for label in ("nsubj", "dobj", "pobj", "prep"):
        parser.add_label(label)
    nlp.initialize()
    nlp.to_disk(tmp_path / "clear")
    with pytest.raises(Rejected) as err:
        parley.load(base=tmp_path / "clear")
    assert "its parser's labels are not Universal Dependencies (dobj, pobj, prep; no obj/obl)" in err.value.line()


def test_a_ud_base_runs_every_component() -> None:
    nlp = parley.load(base=_shipped())
    for name in [*parley_nlp.COMPONENTS, "parley_ner_labels", "parley_title_names"]:
        assert name in nlp.pipe_names
    doc = nlp("“We will not sign this deal,” Foreign Minister Anna Keller said in Berlin on Tuesday.")
    assert doc._.quotes, "no quote found over the base pipeline"
    assert any("Keller" in (q.speaker_name or "") for q in doc._.quotes)
    assert {e.label_ for e in doc.ents} <= set(NAME_LABELS.values())


def test_parley_model_names_the_model_folder(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("PARLEY_MODEL", str(tmp_path / "candidate"))
    assert parley_nlp.model_path() == tmp_path / "candidate"
    with pytest.raises(Exception, match="no trained model at .*candidate"):
        parley_nlp.load(components=False)
    monkeypatch.delenv("PARLEY_MODEL")
    assert parley_nlp.model_path() == _shipped()


def test_a_model_whose_meta_declines_the_title_ruler_loads_without_it(monkeypatch: pytest.MonkeyPatch,
                                                                      tmp_path: Path) -> None:
    """A news NER finds names after titles itself; its model's meta turns the title ruler off."""
    import json
    import shutil

    folder = tmp_path / "news"
    shutil.copytree(_shipped(), folder)
    meta = json.loads((folder / "meta.json").read_text())
    meta["parley"] = {"title_names": False}
    (folder / "meta.json").write_text(json.dumps(meta))
    monkeypatch.setenv("PARLEY_MODEL", str(folder))
    nlp = parley_nlp.load(components=False)
    assert "parley_ner_labels" in nlp.pipe_names and "parley_title_names" not in nlp.pipe_names
    monkeypatch.delenv("PARLEY_MODEL")
    assert "parley_title_names" in parley_nlp.load(components=False).pipe_names


def test_ner_labels_keep_names_and_map_conll_labels() -> None:
    nlp = spacy.blank("en")
    doc = Doc(nlp.vocab, words=["Anna", "Keller", "visited", "Berlin", "on", "Tuesday", "with", "German", "Euros"])
    doc.ents = [Span(doc, 0, 2, "PER"), Span(doc, 3, 4, "GPE"), Span(doc, 5, 6, "DATE"), Span(doc, 7, 8, "NORP"),
                Span(doc, 8, 9, "MISC")]
    out = NerLabels(NAME_LABELS)(doc)
    assert [(e.text, e.label_) for e in out.ents] == [("Anna Keller", "PERSON"), ("Berlin", "GPE"),
                                                      ("German", "NORP")]
    assert out[5].ent_iob_ == "O" and out[8].ent_type_ == ""


def test_web_ner_persons_fill_in_where_the_news_ner_found_nothing() -> None:
    from parley.nlp.ner_labels import NerStash

    nlp = spacy.blank("en")
    doc = Doc(nlp.vocab, words=["Ian", "Quarrie", "met", "Airbus", "chiefs", "in", "Paris", "."])
    doc.ents = [Span(doc, 0, 2, "PER"), Span(doc, 3, 4, "PERSON"), Span(doc, 6, 7, "LOC")]  # the web NER's
    doc = NerStash("ner_web")(doc)
    assert not doc.ents and doc[0].ent_iob == 0  # unset, for the news NER to read afresh
    doc.ents = [Span(doc, 3, 4, "ORG"), Span(doc, 6, 7, "GPE")]  # the news NER's
    out = NerLabels(NAME_LABELS)(doc)
    assert [(e.text, e.label_) for e in out.ents] == [("Ian Quarrie", "PERSON"), ("Airbus", "ORG"), ("Paris", "GPE")]


def test_the_place_ruler_loads_every_pattern_without_parsing_them() -> None:
    """The shipped model's gpe_ruler matches on words, so it gets its patterns from the tokenizer
    alone: all of them, in its place in the pipeline, still finding a place in a bare Doc."""
    import srsly

    path = parley_nlp.model_path()
    rulers = parley_nlp._word_rulers(path, [])
    assert list(rulers) == ["gpe_ruler"]
    nlp = parley_nlp.shipped_pipeline()
    ruler = nlp.get_pipe("gpe_ruler")
    on_disk = list(srsly.read_jsonl(path / "gpe_ruler" / "patterns.jsonl"))
    assert len(ruler.patterns) == len(on_disk) > 1000
    assert nlp.pipe_names.index("gpe_ruler") == nlp.pipe_names.index("ner") + 1
    place = next(p["pattern"] for p in on_disk if isinstance(p["pattern"], str) and " " in p["pattern"])
    doc = ruler(nlp.make_doc(f"The envoys met in {place} on Monday."))
    assert [(e.text, e.label_) for e in doc.ents] == [(place, "GPE")]
    assert parley_nlp.shipped_pipeline(disable=["gpe_ruler"]).disabled == ["gpe_ruler"]  # asked off, stays off


def test_data_files_read_the_same_with_the_fast_yaml_loader() -> None:
    import yaml

    from parley.config import DATA_DIR, load_yaml

    files = sorted(DATA_DIR.rglob("*.yaml"))
    assert len(files) > 15
    for path in files:
        text = path.read_text(encoding="utf-8")
        assert load_yaml(text) == yaml.safe_load(text), path.name
