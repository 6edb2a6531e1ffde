"""The shipped spaCy pipeline: loads offline, splits and tags the seed article, serializes, multiprocesses.

These tests fail (never skip) when the model or the shared seed data is missing.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from parley import nlp as parley_nlp
from parley.config import shared_dir

PERSONS = ["Lavrov", "Medinsky", "Zakharova", "Kellogg", "Merz", "Zelensky"]
PLACES = ["Russia", "Ukraine", "Istanbul", "Moscow", "Kiev", "Germany"]


@pytest.fixture(scope="module")
def nlp() -> Any:
    path = parley_nlp.model_path()
    assert (path / "config.cfg").is_file(), f"shipped model missing at {path}: run `make model`"
    return parley_nlp.load(components=False)


@pytest.fixture(scope="module")
def article_lines() -> list[str]:
    path = shared_dir() / "seed" / "article.txt"
    assert path.is_file(), f"seed article missing: {path}"
    lines = [ln.strip() for ln in path.read_text(encoding="utf-8").splitlines() if ln.strip()]
    return lines[2:]  # the first two lines are scraping junk


@pytest.fixture(scope="module")
def article(nlp: Any, article_lines: list[str]) -> Any:
    return nlp(" ".join(article_lines))


def test_model_is_shipped_in_tree(nlp: Any) -> None:
    path = parley_nlp.model_path()
    size = sum(f.stat().st_size for f in path.rglob("*") if f.is_file())
    assert size <= 40 * 1024 * 1024
    for name in ["tok2vec", "tagger", "morphologizer", "trainable_lemmatizer", "parser", "ner"]:
        assert name in nlp.pipe_names
    assert {"PERSON", "ORG", "GPE", "LOC"} <= set(nlp.get_pipe("ner").labels)


def test_news_tokenization(nlp: Any) -> None:
    doc = nlp("He said: “We don’t know—really.” Mr. Smith met U.S. officials on Jan. 5.")
    words = [t.text for t in doc]
    for tok in ["“", "”", "—", "n’t", "Mr.", "U.S.", "Jan."]:
        assert tok in words


def test_seed_article_sentences(article: Any, article_lines: list[str]) -> None:
    sents = [s.text.strip() for s in article.sents]
    # Every line of the article ends a sentence: no sentence runs across two lines.
    for line in article_lines:
        assert any(s.endswith(line[-25:]) for s in sents), f"no sentence ends with {line[-25:]!r}"
    # Titles, quotes and colons do not break sentences.
    joined = "\n".join(sents)
    assert ("Mr Lavrov said: “As we agreed, the Russian side promptly developed a relevant memorandum, "
            "outlining our position on all aspects of reliably overcoming the root causes of the crisis.\"") in sents
    assert "Ms Zakharova insisted that Russia was unaware" in joined
    assert not any(s in {"Mr", "Ms", "Mr.", "”", '"'} for s in sents)
    # A closing quote that ends a sentence stays with it.
    assert not any(s.startswith(("”", '"')) and len(s) < 3 for s in sents)
    assert len(sents) >= len(article_lines)


def _ent_label(doc: Any, word: str) -> set[str]:
    return {t.ent_type_ for t in doc if t.text == word}


@pytest.mark.parametrize("name", PERSONS)
def test_seed_persons(article: Any, name: str) -> None:
    assert "PERSON" in _ent_label(article, name), f"{name} not tagged PERSON"


@pytest.mark.parametrize("name", PLACES)
def test_seed_places(article: Any, name: str) -> None:
    assert _ent_label(article, name) & {"GPE", "LOC"}, f"{name} not tagged GPE/LOC"


def test_all_caps_lede(nlp: Any, article_lines: list[str]) -> None:
    doc = nlp(article_lines[0])
    assert doc[0].text == "RUSSIA"
    assert doc[0].ent_type_ in {"GPE", "LOC"}


def test_round_trip(nlp: Any, tmp_path: Path, article_lines: list[str]) -> None:
    import spacy

    nlp.to_disk(tmp_path / "m")
    again = spacy.load(tmp_path / "m")
    text = " ".join(article_lines[:4])
    a, b = nlp(text), again(text)
    assert [(t.text, t.tag_, t.dep_, t.head.i, t.lemma_, t.ent_type_) for t in a] == \
           [(t.text, t.tag_, t.dep_, t.head.i, t.lemma_, t.ent_type_) for t in b]
    assert [s.start for s in a.sents] == [s.start for s in b.sents]


def test_pipe_two_processes(nlp: Any, article_lines: list[str]) -> None:
    texts = article_lines[:8]
    serial = [[(t.text, t.ent_type_, t.dep_) for t in d] for d in nlp.pipe(texts)]
    parallel = [[(t.text, t.ent_type_, t.dep_) for t in d] for d in nlp.pipe(texts, n_process=2, batch_size=4)]
    assert parallel == serial


def test_lemmas_and_tags(nlp: Any) -> None:
    doc = nlp("The ministers were talking about the talks.")
    assert [t.lemma_ for t in doc][:4] == ["the", "minister", "be", "talk"]
    assert doc[1].tag_ == "NNS" and doc[1].pos_ == "NOUN"


@pytest.mark.parametrize("lead", ["The ferry did not sail on Monday.\n\n", "Boats stayed in port\n\n"])
@pytest.mark.parametrize("name", ["Adrian", "Doman"])
def test_no_sentence_opens_on_a_comma(nlp: Any, lead: str, name: str) -> None:
    doc = nlp(f"{lead}{name}, a fisherman from the coast, said the boats were gone.")
    sents = [s.text for s in doc.sents]
    assert not any(s.startswith(",") for s in sents), sents


def test_no_sentence_opens_on_a_lower_case_word_after_a_bracket(nlp: Any) -> None:
    doc = nlp("Few officials will say so, but Rep. Ana Holt (a Vesk Republican so quiet she is often mistaken for a "
              "clerk) says she felt unready, even scared, in the weeks after winning a seat in the assembly in 2018.")
    sents = [s.text for s in doc.sents]
    assert not any(s.startswith("says") for s in sents), sents
