"""parley_quotes gives the words of companies, trusts and co-operatives to the body the story names, even
where the NER saw no organisation: "the cooperative", "the trust", "the security firm" stand for the one
named before, and a short name ("Norvik") for the long one ("Norvik Energy"). Fictional texts only; the tests need
the shipped model (they fail, never skip)."""

from __future__ import annotations

from typing import Any

import pytest

_LEAK = (
    "This is a fictional story written for testing.\n\n"
    "Norvik Energy has halted drilling at its Tarn field after a leak, the company said on Monday.\n\n"
    "The firm expects output to fall by a fifth this quarter. Norvik said it would pay for the clean-up.\n\n"
    "The Tarn Valley Fishing Cooperative said its members had lost a week of work. \u201cNobody warned us,\u201d "
    "the cooperative said.\n\n"
    "The security firm Halden Watch said the leak had been reported weeks earlier. \u201cThe warnings were "
    "ignored,\u201d the security firm said.\n"
)
_YARD = (
    "This is a fictional story written for testing.\n\n"
    "Velmar Holdings will buy the Orsk shipyard, Velmar said on Friday.\n\n"
    "The shipyard's owner, the Orsk Harbour Trust, agreed to the sale. \u201cIt is a fair price,\u201d the trust "
    "said in a letter to workers.\n"
)
_WARDS = (  # a body's description with words after its head: the parse hangs the cue on the participle
    "This is a fictional story written for testing.\n\n"
    "The Halden Nurses Union says the wards are short of staff.\n\n"
    "Clinics in four villages could shut on Sundays next month, the union representing nurses in the "
    "province warned on Tuesday.\n"
)
_BOATS = (  # the mayor speaks last before the cooperative's words
    "This is a fictional story written for testing.\n\n"
    "The Tarn Valley Fishing Cooperative said its members had lost a week of work.\n\n"
    "Mayor Ane Holt said the town would help the boats.\n\n"
    "\u201cNobody warned us,\u201d the cooperative said.\n"
)


@pytest.mark.parametrize(("text", "needle", "speaker"), [
    (_LEAK, "pay for the clean-up", "Norvik Energy"),  # the short name is the company named in full
    (_LEAK, "lost a week of work", "Tarn Valley Fishing Cooperative"),  # a name ending on a body's word
    (_LEAK, "Nobody warned us", "Tarn Valley Fishing Cooperative"),  # "the cooperative", tagged an adjective
    (_LEAK, "warnings were ignored", "Halden Watch"),  # "The security firm Halden Watch": described so
    (_YARD, "fair price", "Orsk Harbour Trust"),  # "the trust": no person, and never "Velmar"
    (_WARDS, "Clinics in four villages", "Halden Nurses Union"),  # "the union" with its modifiers after it
    (_BOATS, "Nobody warned us", "Tarn Valley Fishing Cooperative"),  # tagged an adjective: never the mayor's
])
def test_a_body_speaks_as_the_body_the_story_names(nlp: Any, text: str, needle: str, speaker: str) -> None:
    hits = [q for q in nlp(text)._.quotes if needle in q.text]
    assert hits, needle
    assert hits[0].speaker_name == speaker, [(q.text, q.speaker_name) for q in hits]


def test_a_short_name_joins_the_one_organisation_it_opens(nlp: Any) -> None:
    doc = nlp(_LEAK)
    names = {e.name: e for e in doc._.entities}
    assert "Norvik" not in names, sorted(names)
    assert "Norvik" in names["Norvik Energy"].aliases


def test_the_company_is_never_a_legislature_named_after_it(nlp: Any) -> None:
    doc = nlp("This is a fictional story written for testing.\n\n"
              "Several firms in the region, Velmora among them, fought the water bill for a year. The Senate "
              "passed it on Tuesday by a wide margin.\n\n"
              "\u201cWe urge every employer here to stand with us,\u201d the company said on Wednesday.\n")
    hits = [q for q in doc._.quotes if "We urge every" in q.text]
    assert hits and hits[0].speaker_name != "Senate", [(q.text, q.speaker_name) for q in hits]


@pytest.mark.parametrize(("needle", "speaker"), [
    ("the leak was small", "Norvik Energy"),  # the company that opens the sentence before
    ("We will not give up", "Lev Dorn"),  # the statement he issued speaks for him
])
def test_it_said_is_the_body_or_issuer_of_the_sentence_before(nlp: Any, needle: str, speaker: str) -> None:
    doc = nlp("This is a fictional story written for testing.\n\n"
              "Norvik Energy halted drilling at the Tarn field on Monday. It said the leak was small and had "
              "been stopped.\n\n"
              "Senator Lev Dorn issued a statement. \u201cWe will not give up,\u201d it said.\n")
    hits = [q for q in doc._.quotes if needle in q.text]
    assert hits and hits[0].speaker_name == speaker, [(q.text, q.speaker_name) for q in doc._.quotes]


def test_it_is_never_a_name_that_only_modifies(nlp: Any) -> None:
    doc = nlp("This is a fictional story written for testing.\n\n"
              "The Velmora case faces the tightest deadline. It states that courts must rule within a month.\n")
    hits = [q for q in doc._.quotes if "within a month" in q.text]
    assert all(q.speaker_name != "Velmora" for q in hits), [(q.text, q.speaker_name) for q in hits]


def test_a_titles_office_speaks_as_the_holders_office(nlp: Any) -> None:
    doc = nlp("This is a fictional story written for testing.\n\n"
              "The Brella council voted on Tuesday to close the shelter. The mayor's office said in a statement "
              "that the move was about safety, not money.\n\n"
              "Mayor Ines Farro faces a vote next month. The mayor's office said the vote was unfair.\n")
    got = {q.text: q for q in doc._.quotes}
    first = next(q for t, q in got.items() if "about safety" in t)
    second = next(q for t, q in got.items() if "was unfair" in t)
    assert first.speaker_name == "The mayor's office" and first.resolved_by == "title", first.speaker_name
    assert second.speaker_name == "Ines Farro's office", second.speaker_name  # its holder, named before


@pytest.mark.parametrize(("text", "needle", "speaker"), [
    ("This is a fictional story written for testing.\n\nPolice in Varn arrested the opposition leader Tomas "
     "Brell on Friday.\n\nHis party called the arrest \u201cpolitical revenge.\u201d\n", "political revenge",
     "Tomas Brell's party"),
    ("This is a fictional story written for testing.\n\nMayor Ana Roe spoke in Tillby on Monday; her husband, "
     "Bo Roe, stayed home.\n\nHer campaign said the rally drew 2,000 people.\n", "the rally drew",
     "Ana Roe's campaign"),
])
def test_a_persons_party_or_campaign_speaks_as_theirs_not_as_them(nlp: Any, text: str, needle: str,
                                                                    speaker: str) -> None:
    hits = [q for q in nlp(text)._.quotes if needle in q.text]
    assert hits and hits[0].speaker_name == speaker, [(q.text, q.speaker_name) for q in nlp(text)._.quotes]

