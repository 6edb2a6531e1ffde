"""parley_quotes: a short quoted fragment after a verb of naming is the subject's own word for something
('He called it “shameful”'), not a term nobody said. Fictional texts only; the tests need the shipped model
(they fail, never skip)."""

from __future__ import annotations

from typing import Any

import pytest

from parley.nlp.quotes.cues import load_cues


def test_the_lexicon_lists_verbs_of_naming() -> None:
    assert {"call", "describe"} <= load_cues().naming


@pytest.mark.parametrize(("text", "fragment", "speaker"), [
    ("The mayor spoke on Monday. Ilse Varga called the new levy “shameful” and left the hall.\n",
     "shameful", "Ilse Varga"),
    ("Tomas Brandt described the old ferry pier as “a relic of another century.”\n",
     "a relic of another century", "Tomas Brandt"),
    # a whole clause quoted after the verb of naming: still the subject's words, with its cue
    ("Lena Voss spoke after Ivo Marr. Voss described the flood as “a warning that every town along the river "
     "must hear before the next one comes.”\n", "a warning that every town", "Lena Voss"),
    # the parser took the verb after the relative clause for that clause's: the name before it is the subject
    ("Mayor Orla Fenn, who championed the plan, called the vote “a turning point for young families who "
     "cannot afford to live here.”\n", "a turning point", "Orla Fenn"),
])
def test_a_fragment_after_a_verb_of_naming_is_the_subjects_word(nlp: Any, text: str, fragment: str,
                                                               speaker: str) -> None:
    hits = [q for q in nlp(text)._.quotes if fragment in q.text]
    assert hits, [q.text for q in nlp(text)._.quotes]
    assert hits[0].kind == "mixed" and hits[0].cue is not None
    assert hits[0].speaker_name is not None and speaker.split()[-1] in hits[0].speaker_name


def test_a_fragment_after_a_participle_of_naming_is_a_term(nlp: Any) -> None:
    quotes = nlp("Both councils oppose a fare formula called “smart pricing” for the ferry line.\n")._.quotes
    assert not [q for q in quotes if "smart pricing" in q.text], [q.text for q in quotes]
