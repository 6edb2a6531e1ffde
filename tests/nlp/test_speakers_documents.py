"""parley_quotes: documents speak as documents (or for their issuer), and a name or term in quote marks is
no quote. Fictional texts only; the tests need the shipped model (they fail, never skip, when missing)."""

from __future__ import annotations

from typing import Any

import pytest


def _quotes(nlp: Any, text: str) -> list[Any]:
    doc = nlp.make_doc(text)
    doc._.dct = "2026-03-12"
    return list(nlp(doc)._.quotes)


def _quote(quotes: list[Any], needle: str) -> Any:
    hits = [q for q in quotes if needle in q.text]
    assert hits, f"no quote holds {needle!r}; got {[q.text for q in quotes]}"
    return hits[0]


def test_a_resolution_is_not_the_secretary_general_it_mentions(nlp: Any) -> None:
    quotes = _quotes(nlp, "Secretary-General Ines Moreau welcomed the text on Monday.\n\n“The council requests the "
                          "Secretary-General to report within 30 days on the situation in Norland,” the draft "
                          "resolution says.\n")
    q = _quote(quotes, "requests the Secretary-General")
    assert q.speaker_name == "the draft resolution" and q.resolved_by == "document"


def test_words_a_document_says_in_its_own_sentence_are_its(nlp: Any) -> None:
    quotes = _quotes(nlp, "The council adopted a draft resolution on Tuesday. The draft resolution “demands that all "
                          "parties cease hostilities and calls on the Secretary-General to report within 30 days.”\n\n"
                          "Secretary-General Ines Moreau welcomed the vote.\n")
    q = _quote(quotes, "demands that all parties")
    assert q.speaker_name == "The draft resolution" and q.resolved_by == "document"


def test_words_of_a_document_set_off_by_a_participle_are_its(nlp: Any) -> None:
    # before, the long lead-in hid the document, and the words went to the council, the sentence's subject
    quotes = _quotes(nlp, "The Security Council on Wednesday began debating a draft resolution, circulated by "
                          "Kestria, that \u201cdemands an immediate end to the siege of Dravec\u201d and calls on all "
                          "parties to allow aid workers in.\n")
    q = _quote(quotes, "demands an immediate end")
    assert q.speaker_name == "a draft resolution" and q.resolved_by == "document", q.speaker_name


def test_a_report_speaks_for_its_issuer(nlp: Any) -> None:
    quotes = _quotes(nlp, "The Norland Audit Office published a report on Monday.\n\n“The ministry failed to keep "
                          "basic records of its spending on the bridge,” the report said.\n")
    q = _quote(quotes, "failed to keep basic records")
    assert q.speaker_name == "Norland Audit Office" and q.resolved_by == "document"


def test_a_study_by_a_named_group(nlp: Any) -> None:
    quotes = _quotes(nlp, "Unemployment among young people is high, according to a study released by Civic Futures "
                          "on Monday. “It is a crisis,” said Dana Holm, who led it.\n")
    assert _quote(quotes, "Unemployment among young").speaker_name == "Civic Futures"
    assert _quote(quotes, "It is a crisis").speaker_name == "Dana Holm"


@pytest.mark.parametrize("text, needle, speaker", [
    # the owner inside the mention's by-phrase is not who speaks: the document is
    ("A report by the council's own auditors warned that the scheme “carries a serious risk of cost overruns.”\n",
     "risk of cost overruns", "A report"),
    # nor is the owner of whoever wrote it, and an earlier report of another issuer is not this one
    ("A Vesta Watchdog report said the city “paid twice for the same repairs.”\n\nA report from the Port Board's "
     "chief auditor says the board “lost track of at least 40 invoices.”\n", "40 invoices", "A report"),
    # a capitalized "New" opens a name; an owner keeps its lowercase words
    ("A New Vesta Watchdog report released in May said the ferries were “run without a budget for two "
     "years.”\n", "without a budget", "New Vesta Watchdog"),
    ("A Port Board chief auditor's report issued in May said the ferries were “run without a budget for two "
     "years.”\n", "without a budget", "Port Board chief auditor"),
])
def test_a_document_speaks_as_its_mention_writes_it(nlp: Any, text: str, needle: str, speaker: str) -> None:
    q = _quote(_quotes(nlp, text), needle)
    assert (q.speaker_name, q.resolved_by) == (speaker, "document")


def test_a_statement_speaks_for_who_was_speaking(nlp: Any) -> None:
    quotes = _quotes(nlp, "The charity Northwind Aid said its director was among those killed. A statement said the "
                          "group was “shocked and saddened” by the death of Ivo Marsh.\n")
    q = _quote(quotes, "shocked and saddened")
    assert q.resolved_by == "document" and q.speaker_name is not None and "Northwind" in q.speaker_name


@pytest.mark.parametrize("text, needle, speaker", [
    ("A statement from the ministry said the new rules were needed to protect the rivers.\n", "protect the rivers",
     "the ministry"),
    ("A statement from Quill's office indicated that the invitation was accepted.\n", "invitation was accepted",
     "Quill's office"),
    ("Harbour minister Mara Quill released a statement saying the ferry tender would be reopened in May.\n",
     "ferry tender", "Mara Quill"),
])
def test_a_statement_is_its_issuers(nlp: Any, text: str, needle: str, speaker: str) -> None:
    """A statement speaks: "a statement from the ministry said" is the ministry's words, not those of no one."""
    assert _quote(_quotes(nlp, text), needle).speaker_name == speaker


def test_an_alias_in_quote_marks_is_no_quote(nlp: Any) -> None:
    quotes = _quotes(nlp, "“Colonel Mike,” as the villagers called him, left the camp in June.\n")
    assert quotes == []
    quotes = _quotes(nlp, "The camp was run by a man known as “Colonel Mike.” He left in June.\n")
    assert not any("Colonel Mike" in q.text for q in quotes)


@pytest.mark.parametrize("text", [
    "The mayor, who was nicknamed “the Harbour Queen,” said nothing about the vote.\n",
    "The ferry plan, dubbed “Operation Sunrise” by the press, was shelved in May.\n",
    "Among the dockers he was known as “the Professor” for years.\n",
])
def test_a_name_given_by_a_participle_of_naming_is_no_quote(nlp: Any, text: str) -> None:
    assert _quotes(nlp, text) == []


def test_a_report_holding_only_a_name_in_marks_is_indirect(nlp: Any) -> None:
    quotes = _quotes(nlp, "The militia was led by a man known as “Colonel Mike,” said Hamid Osei, a farmer.\n")
    (q,) = quotes
    assert q.kind == "indirect" and q.speaker_name == "Hamid Osei"


def test_scare_quotes_are_no_speech(nlp: Any) -> None:
    quotes = _quotes(nlp, "The so-called “peace plan” was rejected by both sides on Friday.\n")
    assert quotes == []


def test_words_quoted_in_a_sentence_about_a_piece_are_not_the_last_speakers(nlp: Any) -> None:
    quotes = _quotes(nlp, "Mayor Clara Voss defended the depot plan on Monday.\n\n“The depot will pay for itself "
                          "within ten years,” Voss said.\n\nThe Eastmere Herald ran a sharp editorial the next day. "
                          "The piece goes on to mock the depot plan for implying “a city that can run buses "
                          "without drivers or money.”\n")
    q = _quote(quotes, "without drivers")
    assert q.speaker_name is None and _quote(quotes, "ten years").speaker_name == "Clara Voss"


def test_a_statement_someone_spoke_in_is_theirs(nlp: Any) -> None:
    # "In a statement, he said …": the statement quoted after is his, not a document of no one's
    quotes = _quotes(nlp, "Police Chief Aaron Whitfield defended his officers. In a statement, he said they had "
                          "acted with restraint.\n\n“We will cooperate fully with any review,” the statement said.\n")
    q = _quote(quotes, "cooperate fully")
    assert (q.speaker_name, q.resolved_by) == ("Aaron Whitfield", "document")
