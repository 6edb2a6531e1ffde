"""The whole shipped pipeline: parley.load() on the seed, DocBin round trip, two processes."""

from __future__ import annotations

from spacy.tokens import DocBin

import parley
from parley.config import shared_dir

SEED = (shared_dir() / "seed" / "article.txt").read_text(encoding="utf-8")
STORY = SEED.split("\n", 2)[2]


def test_load_has_every_parley_component() -> None:
    nlp = parley.load()
    for name in ("parley_timex", "parley_entities", "parley_quotes", "parley_events"):
        assert name in nlp.pipe_names
    doc = nlp(STORY)
    assert len(doc._.quotes) == 11
    assert {e.name for e in doc._.entities} >= {"Sergey Lavrov", "Maria Zakharova", "Friedrich Merz"}
    assert doc._.dct == "2025-05-28" and doc._.dct_source == "inferred"
    for rec in [*doc._.quotes, *doc._.timexes]:
        assert STORY[rec.start:rec.end] == rec.text


def test_docbin_round_trip_keeps_annotations() -> None:
    nlp = parley.load()
    doc = nlp(STORY)
    data = DocBin(store_user_data=True, docs=[doc]).to_bytes()
    back = next(DocBin().from_bytes(data).get_docs(nlp.vocab))
    assert [q.text for q in back._.quotes] == [q.text for q in doc._.quotes]
    assert [t.value for t in back._.timexes] == [t.value for t in doc._.timexes]
    assert [e.type for e in back._.events] == [e.type for e in doc._.events]


def test_two_processes_give_the_same_result() -> None:
    nlp = parley.load()
    texts = [STORY, STORY.replace("Lavrov", "Lavroff")]
    one = [[(q.start, q.speaker_name) for q in d._.quotes] for d in nlp.pipe(texts)]
    two = [[(q.start, q.speaker_name) for q in d._.quotes] for d in nlp.pipe(texts, n_process=2)]
    assert one == two and len(one[0]) == 11


def test_configured_span_keys_are_followed() -> None:
    """Each component writes under its configured ``spans_key``; the ``doc._`` getters, the entity index
    and the quotes' ``said_on`` (``timex_key``) read from there."""
    nlp = parley.load(components=False)
    nlp.add_pipe("parley_timex", config={"spans_key": "t"})
    nlp.add_pipe("parley_entities", config={"spans_key": "m"})
    nlp.add_pipe("parley_quotes", config={"spans_key": "q", "timex_key": "t"})
    doc = nlp(STORY)
    assert {"t", "m", "q"} <= set(doc.spans) and not {"timex", "mentions", "quotes"} & set(doc.spans)
    ref = parley.load()(STORY)
    assert [(t.start, t.value) for t in doc._.timexes] == [(t.start, t.value) for t in ref._.timexes]
    assert [e.model_dump() for e in doc._.entities] == [e.model_dump() for e in ref._.entities]
    assert [q.model_dump() for q in doc._.quotes] == [q.model_dump() for q in ref._.quotes]
    assert len(doc._.entity_index.mentions) == len(ref.spans["mentions"])
