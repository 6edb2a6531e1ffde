"""The title/honorific name ruler that runs after the statistical NER."""

from __future__ import annotations

import pytest

from parley import nlp as parley_nlp


@pytest.fixture(scope="module")
def nlp():  # noqa: ANN201
    return parley_nlp.load(components=False)


@pytest.mark.parametrize("text, names", [
    ("United States Special Envoy for Moldova Keith Marlow said earlier.", ["Keith Marlow"]),
    ("German Chancellor Dieter Falkenrath pledged on Wednesday.", ["Dieter Falkenrath"]),
    ("Chancellor Falkenrath said so.", ["Falkenrath"]),
    ("Secretary General António Guterres met Chancellor of Germany Olaf Scholz.", ["António Guterres", "Olaf Scholz"]),
    ("Mr. O'Neill and Ms Jean-Baptiste arrived.", ["O'Neill", "Jean-Baptiste"]),
])
def test_names_after_titles_are_persons(nlp, text: str, names: list[str]) -> None:  # noqa: ANN001
    persons = [e.text for e in nlp(text).ents if e.label_ == "PERSON"]
    for name in names:
        assert name in persons


@pytest.mark.parametrize("text", [
    "The minister said Moscow would reply.",
    "The envoy for Ukraine said nothing.",
    "President of Russia said.",
    "MR",
    "",
])
def test_no_person_without_a_name(nlp, text: str) -> None:  # noqa: ANN001
    doc = nlp(text)
    assert all(e.label_ != "PERSON" for e in doc.ents)
    assert "Moscow" in [e.text for e in doc.ents] or "Moscow" not in text


@pytest.mark.parametrize("text, word", [
    ("Shares of General Motors rose after the plan.", "Motors"),
    ("General Dynamics won the contract on Monday.", "Dynamics"),
    ("The General Assembly voted on the text.", "Assembly"),
])
def test_a_title_word_that_opens_a_known_name_takes_no_person(nlp, text: str, word: str) -> None:  # noqa: ANN001
    """The actor lexicon's organisations ("orgs", "variants") are no title followed by a surname."""
    assert all(word not in e.text for e in nlp(text).ents if e.label_ == "PERSON")
    assert "Varro" in [e.text for e in nlp(f"{text} General Varro spoke.").ents if e.label_ == "PERSON"]


@pytest.mark.parametrize("text, word", [
    ("Northwick General Hospital issued a statement on Friday.", "Hospital"),
    ("Doctors at Eastmere General Hospital said she was stable.", "Hospital"),
])
def test_a_title_word_inside_a_bodys_name_takes_no_person(nlp, text: str, word: str) -> None:  # noqa: ANN001
    """A run after a title that ends on an organisation's or a place's last word is that body's name."""
    assert all(word not in e.text for e in nlp(text).ents if e.label_ == "PERSON")
