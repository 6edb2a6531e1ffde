"""parley_quotes reads who speaks from how a story labels them: a transcript's "Name:" before quoted
words, a name set after a title in apposition ("The host, Orrin's prime minister Hanna Loft, urged"); the
words after a relation left unresolved are not the owner's; and reports are read past slips of the parse (a
participle after "said,", a past tense read as a noun, a dateline or a live page's time stamp). Fictional
texts only; the tests need the shipped model (they fail, never skip)."""

from __future__ import annotations

from typing import Any

import pytest

_FICTION = "This is a fictional story written for testing.\n\n"
_INTERVIEW = (
    "This interview is fictional, written for testing.\n\n"
    "Mayor Ines Farro has run the town of Brella for six years. She spoke to the Brella Courier about the "
    "flood and the budget.\n\n"
    "Courier: Why did the flood walls fail?\n\n"
    "Farro: \u201cThey did not fail. They were never finished. The last council cut the money in half.\u201d\n\n"
    "Courier: Will you ask the state for help?\n\n"
    "Farro: \u201cI already have. I wrote to the minister in March and had no answer.\u201d\n"
)
_TALKS = (
    "This is a fictional story written for testing.\n\n"
    "Tomas Varo, the envoy of Kesh, left the talks early. \u201cWe cannot sign that,\u201d he said.\n\n"
    "The host, Orrin's prime minister Hanna Loft, urged both sides to return to the table next month.\n\n"
    "A senior Kesh official said the envoy had been told not to sign anything before the election.\n"
)


def _speaker(doc: Any, needle: str) -> Any:
    hits = [q for q in doc._.quotes if needle in q.text]
    assert hits, (needle, [q.text for q in doc._.quotes])
    return hits[0]


def test_a_transcript_label_speaks_the_quoted_words_after_it(nlp: Any) -> None:
    doc = nlp(_INTERVIEW)
    for needle in ("They did not fail", "I already have"):
        q = _speaker(doc, needle)
        assert q.speaker_name == "Ines Farro", (needle, q.speaker_name)
        assert q.kind == "direct", q.kind
        assert not q.text.startswith("\u201c"), q.text  # the words, not their marks


def test_the_name_after_a_title_in_apposition_is_the_speaker(nlp: Any) -> None:
    q = _speaker(nlp(_TALKS), "return to the table")
    assert q.speaker_name == "Hanna Loft", q.speaker_name  # never "The host" read as the envoy before


def test_words_after_an_unresolved_relation_are_not_the_owners(nlp: Any) -> None:
    doc = nlp("This is a fictional story written for testing.\n\n"
              "Greta Holm, 64, lost her car in the flood. \u201cI grabbed the cat and my pills,\u201d Holm said.\n\n"
              "\u201cShe said the same after the last flood,\u201d said Holm's son, Erik, 35. \u201cWe are still "
              "waiting for that money too.\u201d\n")
    q = _speaker(doc, "still waiting")
    assert q.speaker_name != "Greta Holm", q.speaker_name  # the son's words, never his mother's


@pytest.mark.parametrize(("text", "needle", "speaker", "opening"), [
    # the name after a role in apposition speaks, never "The moderator" read as the man before
    (_FICTION + "Councillor Pavel Strom said the toll would pay for the repairs. \u201cMy rival has no plan,"
     "\u201d he said.\n\nThe moderator, radio host Greta Lund, asked both men whether they would raise taxes "
     "instead.\n", "raise taxes", "Greta Lund", "whether"),
    # a participle after "said," is the sayer's, never "Ferry fares", the subject the parser gave it
    (_FICTION + "Ferry fares will keep rising through the winter, Lars Eid said, adding that the port had been "
     "closed for a week.\n", "closed for a week", "Lars Eid", "the port"),
    # a past tense the tagger read as a noun ("rose") still opens the report
    (_FICTION + "Greta Holm, 64, lost her car in the flood. She said the water rose so fast that she had only "
     "minutes to leave.\n", "had only minutes", "Greta Holm", "the water rose"),
    # a dateline is no part of the quote after it
    ("Flood victims wait for help\n(This story is fictional, written for testing.)\n\nTILLBY \u2014 \u201cWe "
     "have been waiting for nine days,\u201d said Tomas Berg, a baker. \u201cNobody has come.\u201d\n",
     "waiting for nine days", "Tomas Berg", "We have"),
    # nor is a live page's time stamp
    ("Live: election night\n(This live page is fictional, written for testing.)\n\n10:05 PM \u2014 \u201cIt is "
     "too early to call,\u201d says Dana Pyle, an analyst. \u201cThe cities have not reported yet.\u201d\n",
     "too early to call", "Dana Pyle", "It is"),
])
def test_a_speaker_and_report_read_past_a_slip(nlp: Any, text: str, needle: str, speaker: str,
                                                 opening: str) -> None:
    q = _speaker(nlp(text), needle)
    assert q.text.startswith(opening), q.text
    assert q.speaker_name == speaker, q.speaker_name


def test_an_owners_spokesman_is_unnamed_never_the_owner(nlp: Any) -> None:
    doc = nlp(_FICTION + "Prime Minister Ann Roe spoke on Sunday.\n\n"
              "Roe's spokesman said the prime minister wished him well.\n")
    q = _speaker(doc, "wished him well")
    assert q.speaker_name is None and q.resolved_by == "anonymous", (q.speaker_name, q.resolved_by)


def test_a_passive_cue_speaks_for_its_agent_and_only_then(nlp: Any) -> None:
    doc = nlp(_FICTION + "Mayor Ann Roe met union leader Bo Lind on Monday.\n\n"
              "Lind was told by Roe that the city could not pay more this year.\n\n"
              "Lind was told that the city had no money left at all.\n")
    q = _speaker(doc, "could not pay more")
    assert q.speaker_name == "Ann Roe", q.speaker_name
    assert not [x for x in doc._.quotes if "no money left" in x.text]  # no agent: nobody named speaks


def test_an_interviews_answers_are_its_subjects_whoever_asks(nlp: Any) -> None:
    doc = nlp("Five questions for the harbour master\n\n"
              "Karin Wolde has run the fictional port of Harvik for ten years. Reporter Tom Esk spoke with her.\n\n"
              "Q: Was the strike avoidable?\n\nA: I think so. Both sides waited too long to talk.\n\n"
              "Q: Will the cranes be replaced?\n\n"
              "A: \u201cYes, next year,\u201d she said, \u201cif the money comes.\u201d\n")
    first = _speaker(doc, "waited too long")
    assert first.speaker_name == "Karin Wolde", first.speaker_name  # "Reporter Tom Esk" asks, never answers
    second = _speaker(doc, "next year")
    assert second.text.startswith("Yes"), second.text  # the answer's label "A:" is no word of it
    assert second.speaker_name == "Karin Wolde", second.speaker_name
