"""parley_quotes pairs quote marks in harder typewriter shapes (a closing mark after a space that follows a
nested quote or a comma, a closing curly mark opening a paragraph) and reads no quotes from photo captions.
Fictional texts only; the model-backed tests fail (never skip) when it is missing."""

from __future__ import annotations

from typing import Any

import pytest

from parley.nlp.quotes.marks import find_pieces


@pytest.mark.parametrize(("text", "first"), [
    ("\"They act like, 'Oh, this is big news,' \" Varga said at the rally. \"But it is not.\"\n",
     "They act like, 'Oh, this is big news,'"),
    ("''He built strong coalitions, '' said Ms. Holm, who runs the campaign. ''He is no radical.''\n",
     "He built strong coalitions,"),
])
def test_a_closing_mark_after_a_space(text: str, first: str) -> None:
    pieces = find_pieces(text)
    assert len(pieces) == 2, [(p.start, p.end) for p in pieces]
    assert text[pieces[0].start:pieces[0].end] == first
    assert pieces[0].close is not None


def test_an_opening_mark_after_a_comma_and_space_still_opens() -> None:
    text = 'Varga said, "We will win." Holm said, "We will see."\n'
    pieces = find_pieces(text)
    assert [text[p.start:p.end] for p in pieces] == ["We will win.", "We will see."]


def test_the_tail_after_such_a_mark_names_the_speaker(nlp: Any) -> None:
    text = "\"They act like, 'Oh, this is big news,' \" Ilse Varga said at the rally. \"But it is not.\"\n"
    quotes = nlp(text)._.quotes
    first = [q for q in quotes if q.text.startswith("They act like")]
    assert first and first[0].cue is not None and first[0].cue.text == "said"
    assert first[0].speaker_name is not None and "Varga" in first[0].speaker_name


def test_a_closing_curly_mark_opening_a_paragraph_opens() -> None:
    text = "Varga spoke last.\n\n” … they are so not like us,” she said in May. “We will see.”\n"
    pieces = find_pieces(text)
    assert [text[p.start:p.end] for p in pieces][:1] == ["… they are so not like us,"]


def test_the_paragraph_opening_curly_mark_gets_its_tail(nlp: Any) -> None:
    text = "Ilse Varga spoke last.\n\n” … they are so not like us,” Varga said in May.\n"
    hits = [q for q in nlp(text)._.quotes if "so not like us" in q.text]
    assert hits and hits[0].cue is not None and hits[0].cue.text == "said"


def test_a_photo_caption_gives_no_quotes(nlp: Any) -> None:
    text = ("Ilse Varga spoke at the harbour on Monday.\n\n"
            "In May, Eastmere Mayor Ilse Varga said the ferry would run all winter. (Jo Vale/Eastmere Courier)\n\n"
            "Varga said the new pier would open in the spring.\n")
    quotes = nlp(text)._.quotes
    assert not [q for q in quotes if "all winter" in q.text], [q.text for q in quotes]
    assert [q for q in quotes if "pier would open" in q.text]
