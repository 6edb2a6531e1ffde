"""Bounded NLP work per document: long texts are parsed in windows cut at paragraph breaks, and
what each window finds is placed back into the full text; texts over the size limit are refused."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import spacy
from fastapi.testclient import TestClient

from parley.annotate import merge_entities, shifted, text_windows
from parley.api.app import create_app
from parley.config import Settings, shared_dir
from parley.records import Article, Entity, Event, Mention, Quote, Role, Span, Timex
from parley.service import Service

SEED = shared_dir() / "seed" / "article.txt"


def test_windows_cover_the_text_and_cut_at_paragraphs() -> None:
    paras = [f"Paragraph {n}. " + "The envoy spoke at length about the dam. " * (3 + n % 5) for n in range(40)]
    text = "\n\n".join(paras)
    windows = text_windows(text, 1000)
    assert windows[0][0] == 0 and windows[-1][1] == len(text)
    assert all(a == b for (_, a), (b, _) in zip(windows, windows[1:], strict=False))
    assert all(0 < end - start <= 1000 for start, end in windows)
    assert all(text[end - 2:end] == "\n\n" for _, end in windows[:-1])
    assert text_windows("short", 1000) == [(0, 5)]
    one_line = "word " * 1000  # no paragraph: cut at spaces
    assert all(one_line[e - 1] == " " for _, e in text_windows(one_line, 700)[:-1])
    assert "".join(("x" * 2500)[a:b] for a, b in text_windows("x" * 2500, 1000)) == "x" * 2500


def test_shifted_moves_every_span() -> None:
    quote = Quote(start=5, end=9, text="abcd", kind="direct", cue=Span(start=1, end=2, text="s"),
                  speaker=Span(start=0, end=1, text="X"))
    moved = shifted(quote, 100)
    assert moved.cue is not None and moved.speaker is not None
    assert (moved.start, moved.end, moved.cue.start, moved.speaker.end) == (105, 109, 101, 101)
    assert quote.start == 5  # a copy
    event = Event(type="AGREE", trigger=Span(start=3, end=5, text="ok"), sentence=Span(start=0, end=9, text="x" * 9),
                  actor_spans=[Span(start=0, end=1, text="A")])
    moved_event = shifted(event, 10)
    assert (moved_event.trigger.start, moved_event.sentence.end, moved_event.actor_spans[0].start) == (13, 19, 10)
    assert shifted(Timex(start=1, end=2, text="x"), 7).start == 8


def test_entities_of_several_windows_merge_by_key() -> None:
    first = Entity(key="k", name="Sergey Lavrov", type="PERSON", aliases=["Lavrov"],
                   roles=[Role(title="Foreign Minister")],
                   mentions=[Mention(start=0, end=6, text="Lavrov", label="PERSON")])
    later = Entity(key="k", name="Mr Lavrov", type="PERSON", aliases=["Lavrov", "Mr Lavrov"],
                   roles=[Role(title="Foreign Minister"), Role(title="envoy")],
                   mentions=[Mention(start=500, end=506, text="Lavrov", label="PERSON")])
    other = Entity(key="z", name="Maria Zakharova", type="PERSON")
    merged = merge_entities([first], [later, other])
    assert [e.key for e in merged] == ["k", "z"]
    assert [m.start for m in merged[0].mentions] == [0, 500]
    assert [r.title for r in merged[0].roles] == ["Foreign Minister", "envoy"]
    assert merged[0].aliases == ["Lavrov", "Mr Lavrov"] and merged[0].name == "Sergey Lavrov"


class Recorder:
    """A blank spaCy pipeline standing in for the model, noting the length of each text it parses."""

    def __init__(self) -> None:
        self.blank = spacy.blank("en")
        self.meta = {"name": "blank", "version": "0"}
        self.lengths: list[int] = []

    def make_doc(self, text: str) -> Any:
        self.lengths.append(len(text))
        return self.blank.make_doc(text)

    def __call__(self, doc: Any) -> Any:
        return self.blank(doc)


def test_a_long_text_is_parsed_window_by_window(tmp_path: Path) -> None:
    svc = Service(db=str(tmp_path / "w.db"), settings=Settings(nlp_window_chars=10_000))
    fake = Recorder()
    svc.annotator._nlp = fake
    text = "\n\n".join("The commission met again and said the checks would go on. " * 20 for _ in range(45))
    svc.annotate(Article(text=text))
    assert len(text) > 50_000 and max(fake.lengths) <= 10_000 and sum(fake.lengths) == len(text)
    svc.close()


def test_windowed_annotations_point_into_the_full_text(tmp_path: Path) -> None:
    seed = SEED.read_text(encoding="utf-8").strip()
    svc = Service(db=str(tmp_path / "n.db"), settings=Settings(nlp_window_chars=len(seed) + 10))
    if not svc.nlp_available():
        pytest.fail("the shipped model is missing: src/parley/models/en_parley (make model)")
    text = "\n\n".join([seed] * 3)
    one = svc.annotate(Article(text=seed))
    three = svc.annotate(Article(text=text))
    assert len(three["quotes"]) == 3 * len(one["quotes"]) > 0
    assert len(three["timexes"]) == 3 * len(one["timexes"]) > 0
    for q in three["quotes"]:
        assert text[q.start:q.end] == q.text
        assert q.speaker is None or text[q.speaker.start:q.speaker.end] == q.speaker.text
    for t in three["timexes"]:
        assert text[t.start:t.end] == t.text
    for ev in three["events"]:
        assert text[ev.trigger.start:ev.trigger.end] == ev.trigger.text
    keys = [e.key for e in three["entities"]]
    assert len(keys) == len(set(keys))
    for ent in three["entities"]:
        for m in ent.mentions:
            assert text[m.start:m.end] == m.text
    svc.close()


def test_texts_over_the_limit_are_refused(tmp_path: Path) -> None:
    svc = Service(db=str(tmp_path / "l.db"), settings=Settings(max_text_chars=1000))
    long = tmp_path / "long.txt"
    long.write_text("FICTIONAL. The ferry ran late again on Monday, the harbour office said. " * 40, encoding="utf-8")
    summary = svc.ingest([str(long)], use_nlp=False)
    assert summary.failed == 1 and summary.errors[0][1].startswith("text too long: 2,")
    svc.close()


def test_texts_over_the_limit_get_413(corpus: dict, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PARLEY_MAX_TEXT_CHARS", "2000")
    client = TestClient(create_app(db=corpus["db"], use_nlp=False))
    headers = {"X-CSRF-Token": client.get("/api/csrf").json()["csrf_token"]}
    r = client.post("/api/ingest", json={"text": "The commission met. " * 200}, headers=headers)
    assert r.status_code == 413 and "text too long: 4,000 characters (the limit is 2,000" in r.json()["detail"]
    token = client.cookies.get("parley_csrf")
    page = client.post("/ingest", data={"text": "The commission met. " * 200, "csrf_token": token})
    assert page.status_code == 413 and "text too long" in page.text


def test_a_100000_word_article_is_stored_window_by_window(tmp_path: Path) -> None:
    """Issue 19: a 100,000-word document ingests under the default settings, its NLP bounded by the
    windows (real news: the ScrapingHub articles joined)."""
    import json

    truth = shared_dir() / "data" / "extraction" / "scrapinghub" / "ground-truth.json"
    if not truth.is_file():
        pytest.fail(f"the ScrapingHub benchmark is missing: {truth}")
    parts, words = [], 0
    for _key, page in sorted(json.loads(truth.read_text(encoding="utf-8")).items()):
        if page["articleBody"].strip() and words < 100_000:
            parts.append(page["articleBody"].strip())
            words += len(page["articleBody"].split())
    assert words >= 100_000
    long = tmp_path / "long.txt"
    long.write_text("\n\n".join(parts), encoding="utf-8")
    svc = Service(db=str(tmp_path / "big.db"), settings=Settings())
    fake = Recorder()
    svc.annotator._nlp = fake
    summary = svc.ingest([str(long)], use_nlp=True)
    assert summary.ok == 1 and not summary.errors
    stored = svc.article(summary.ids[0])
    text = stored["text"]
    assert len(text.split()) >= 99_000
    assert max(fake.lengths) <= Settings().nlp_window_chars and sum(fake.lengths) == len(text)
    svc.close()
