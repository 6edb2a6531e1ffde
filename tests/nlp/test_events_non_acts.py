"""parley_events: a clause that states an opinion or says nothing is no act of anyone. The event
stays in the record with the cue in its evidence, under the display threshold. Needs the shipped
model. Made-up people and places only."""

from __future__ import annotations

from typing import Any

import pytest
import spacy

from parley.nlp import load


@pytest.fixture(scope="module")
def nlp() -> spacy.Language:
    pipeline = load()
    pipeline.get_pipe("parley_events").min_confidence = 0.0  # every event the rules let through
    return pipeline


@pytest.fixture(scope="module")
def nlp_default() -> spacy.Language:
    return load()


def found(nlp: spacy.Language, text: str) -> list[tuple[str, dict[str, Any]]]:
    """(trigger text, evidence) of each event."""
    doc = nlp.make_doc(text)
    doc._.dct = "2031-05-04"
    doc = nlp(doc)
    return [(s.text, s._.event_evidence or {}) for s in doc.spans.get("events", [])]


def cues(nlp: spacy.Language, text: str, word: str) -> list[str]:
    got = [ev for t, ev in found(nlp, text) if t.startswith(word)]
    assert got, f"no event on {word!r}"
    return list(got[0].get("cues") or [])


@pytest.mark.parametrize("text, word", [
    ("Senator Mara Quill declined to comment on the Valdor treaty.", "declined"),
    ("Governor Aldo Tessaro refused to say whether he would sign the Lakemoor bill.", "refused"),
])
def test_no_comment_is_no_rejection(nlp: spacy.Language, nlp_default: spacy.Language, text: str, word: str) -> None:
    assert "no answer" in cues(nlp, text, word)
    assert not [t for t, _ in found(nlp_default, text) if t.startswith(word)]


def test_a_refused_act_is_still_one(nlp: spacy.Language) -> None:
    assert "no answer" not in cues(nlp, "Governor Aldo Tessaro refused to meet Senator Mara Quill in Lakemoor.",
                                   "refused")


@pytest.mark.parametrize("text, word", [
    ("Political analyst Mara Quill agreed that the shift was a matter of geography.", "agreed"),
    ("Governor Aldo Tessaro agreed with the analysis.", "agreed"),
])
def test_a_view_granted_is_no_agreement(nlp: spacy.Language, nlp_default: spacy.Language, text: str,
                                        word: str) -> None:
    assert "view" in cues(nlp, text, word)
    assert not [t for t, _ in found(nlp_default, text) if t.startswith(word)]


@pytest.mark.parametrize("text", [
    "Valdor and Ostrova agreed that each side would free 40 prisoners.",
    "Governor Aldo Tessaro agreed to meet Senator Mara Quill in Lakemoor.",
])
def test_an_agreed_act_is_still_one(nlp: spacy.Language, text: str) -> None:
    assert "view" not in cues(nlp, text, "agreed")


@pytest.mark.parametrize("text", [
    "Governor Aldo Tessaro's support comes from older voters in Lakemoor.",
    "Senator Mara Quill's strong support among farmers makes her the favourite.",
])
def test_support_someone_has_is_a_standing(nlp: spacy.Language, nlp_default: spacy.Language, text: str) -> None:
    assert "standing" in cues(nlp, text, "support")
    assert not [t for t, _ in found(nlp_default, text) if t.startswith("support")]


def test_support_given_to_someone_is_an_act(nlp: spacy.Language) -> None:
    assert "standing" not in cues(nlp, "Valdor's support for Ostrova angered its rivals.", "support")


@pytest.mark.parametrize("text, word", [
    ("Senator Mara Quill conceded the primary to Governor Aldo Tessaro on Tuesday.", "conceded"),
    ("Governor Aldo Tessaro withdrew from the Lakemoor primary.", "withdrew"),
])
def test_a_contest_given_up_is_no_concession(nlp: spacy.Language, nlp_default: spacy.Language, text: str,
                                             word: str) -> None:
    assert "contest" in cues(nlp, text, word)
    assert not [t for t, _ in found(nlp_default, text) if t.startswith(word)]


def test_a_withdrawal_of_troops_is_still_one(nlp: spacy.Language) -> None:
    assert "contest" not in cues(nlp, "Valdor withdrew its troops from Ostrova.", "withdrew")


def test_running_against_someone_is_no_accusation(nlp: spacy.Language, nlp_default: spacy.Language) -> None:
    text = "Governor Aldo Tessaro is challenging Senator Mara Quill in the primary."
    assert "contest" in cues(nlp, text, "challenging")
    assert not [t for t, _ in found(nlp_default, text) if t.startswith("challenging")]


def test_an_accusation_about_a_vote_is_still_one(nlp: spacy.Language) -> None:
    text = "Senator Quill accused the governor of rigging the primary."
    assert "contest" not in cues(nlp, text, "accused")


def test_backing_in_a_vote_is_no_political_act(nlp: spacy.Language, nlp_default: spacy.Language) -> None:
    text = "Most delegates supported Senator Mara Quill in the caucuses."
    assert "contest" in cues(nlp, text, "supported")
    assert not [t for t, _ in found(nlp_default, text) if t.startswith("supported")]


def test_an_endorsement_in_a_primary_is_still_one(nlp: spacy.Language) -> None:
    assert "contest" not in cues(nlp, "Senator Quill endorsed Governor Tessaro in the primary.", "endorsed")
