"""Typing names across a document: a person's surname or full name that the NER took for a place in one
place is the person's, from the rest of the text. Fictional names throughout; the NER's output is set by
hand, with the mistakes a news-trained NER makes, so the tests hold whatever NER the shipped model carries."""

from __future__ import annotations

from typing import Any

import pytest
import spacy

from parley.nlp.entities import component as _entities  # noqa: F401  (registers parley_entities)
from parley.nlp.entities.evidence import merge_name_tails
from parley.nlp.entities.find import Cand, RoleInfo
from parley.nlp.entities.resolve import Ent


@pytest.fixture(scope="module")
def blank() -> Any:
    nlp = spacy.blank("en")
    nlp.add_pipe("parley_entities")
    return nlp


def test_a_full_name_taken_for_a_place_is_the_person_of_its_surname(blank: Any) -> None:
    """"Nils Brandvik" tagged as a place once, "Brandvik" a person twice: one person, named in full."""
    text = "Nils Brandvik scored twice. Brandvik said the team played well. Later Brandvik left."
    doc = blank.make_doc(text)
    doc.set_ents([doc.char_span(0, 13, label="GPE"), doc.char_span(28, 36, label="PERSON"),
                  doc.char_span(70, 78, label="PERSON")])
    doc = blank.get_pipe("parley_entities")(doc)
    assert [(e.name, e.type, len(e.mentions)) for e in doc._.entities] == [("Nils Brandvik", "PERSON", 3)]
    assert {s.text: s.label_ for s in doc.spans["mentions"]} == {"Nils Brandvik": "PERSON", "Brandvik": "PERSON"}


def test_a_surname_taken_for_a_place_joins_a_person_surely_named() -> None:
    """A surname tagged as a place the actor data does not know joins the one person whose full name ends
    with it, when that is surely a person's name (a given name, a title, a he/she); the end of another
    "person" the NER found ("Anak Velkatau", a volcano) stays a place."""
    anna = Ent("anna velmark", "Anna Velmark", "PERSON", words=["anna", "velmark"],
               mentions=[Cand(0, 12, "PERSON", "name")])
    surname = Ent("velmark", "Velmark", "GPE", mentions=[Cand(30, 37, "GPE", "name")])
    titled = Ent("oskar drenn", "Oskar Drenn", "PERSON", words=["oskar", "drenn"], roles=[RoleInfo("mayor")],
                 mentions=[Cand(50, 61, "PERSON", "name")])
    drenn = Ent("drenn", "Drenn", "GPE", mentions=[Cand(70, 75, "GPE", "name")])
    volcano = Ent("anak velkatau", "Anak Velkatau", "PERSON", words=["anak", "velkatau"],
                  mentions=[Cand(80, 93, "PERSON", "name")])
    place = Ent("velkatau", "Velkatau", "GPE", mentions=[Cand(100, 108, "GPE", "name")])
    ents = {e.key: e for e in (anna, surname, titled, drenn, volcano, place)}
    merge_name_tails(ents, companies=set())
    assert set(ents) == {"anna velmark", "oskar drenn", "anak velkatau", "velkatau"}
    assert [(m.start, m.label) for m in anna.mentions] == [(0, "PERSON"), (30, "PERSON")]
    assert [m.start for m in titled.mentions] == [50, 70] and ents["velkatau"].type == "GPE"
