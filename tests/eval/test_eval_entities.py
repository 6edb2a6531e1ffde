"""Entities scorers: MUC, B³ and CEAFe on a tiny hand example; the GUM Entity= reader."""

from __future__ import annotations

from pathlib import Path

import pytest

from parley.eval.entities import b_cubed, ceaf_e, conll_scores, muc, read_gum

KEY = [frozenset({"a", "b", "c"}), frozenset({"d", "e"})]
RESPONSE = [frozenset({"a", "b"}), frozenset({"c", "d", "e"})]


def test_muc_hand_example() -> None:
    m = muc(KEY, RESPONSE)  # type: ignore[arg-type]
    assert m["recall"] == pytest.approx(2 / 3, abs=1e-4)
    assert m["precision"] == pytest.approx(2 / 3, abs=1e-4)


def test_b_cubed_hand_example() -> None:
    b = b_cubed(KEY, RESPONSE)  # type: ignore[arg-type]
    assert b["recall"] == pytest.approx(11 / 15, abs=1e-4)
    assert b["precision"] == pytest.approx(11 / 15, abs=1e-4)


def test_perfect_and_empty() -> None:
    s = conll_scores(KEY, KEY)  # type: ignore[arg-type]
    assert s["conll_f1"] == 1.0
    assert muc(KEY, [])["f1"] == 0.0  # type: ignore[arg-type]
    assert ceaf_e(KEY, [])["f1"] == 0.0  # type: ignore[arg-type]
    c = ceaf_e(KEY, RESPONSE)  # type: ignore[arg-type]
    # phi4: {a,b,c}~{a,b} = 0.8, {d,e}~{c,d,e} = 0.8 -> 1.6 over 2 clusters each side
    assert c["f1"] == pytest.approx(0.8, abs=1e-4)


CONLLU = """# newdoc id = tiny
# sent_id = tiny-1
# text = Kim met Lee. She smiled.
1\tKim\tKim\tPROPN\tNNP\t_\t2\tnsubj\t_\tEntity=(1-person-new-x-cf1-1-coref-Kim)
2\tmet\tmeet\tVERB\tVBD\t_\t0\troot\t_\t_
3\tLee\tLee\tPROPN\tNNP\t_\t2\tobj\t_\tEntity=(2-person-new-x-cf2-1-sgl-Lee)|SpaceAfter=No
4\t.\t.\tPUNCT\t.\t_\t2\tpunct\t_\t_

# sent_id = tiny-2
1\tShe\tshe\tPRON\tPRP\t_\t2\tnsubj\t_\tEntity=(1-person-giv-x-cf1-1-coref)
2\tsmiled\tsmile\tVERB\tVBD\t_\t0\troot\t_\tSpaceAfter=No
3\t.\t.\tPUNCT\t.\t_\t2\tpunct\t_\t_

"""


def test_read_gum(tmp_path: Path) -> None:
    path = tmp_path / "tiny.conllu"
    path.write_text(CONLLU, encoding="utf-8")
    [doc] = read_gum(path)
    assert doc.text.splitlines()[0].strip() == "Kim met Lee."
    assert doc.types == {"1": "person", "2": "person"}
    assert [doc.text[s:e] for s, e in doc.clusters["1"]] == ["Kim", "She"]


MINI_MEANTIME = """<?xml version="1.0" ?><Document doc_id="1" doc_name="mini" lang="en">
<token number="0" sentence="0" t_id="1">US</token><token number="1" sentence="0" t_id="2">automaker</token>
<token number="2" sentence="0" t_id="3">GM</token><token number="3" sentence="0" t_id="4">sued</token>
<token number="4" sentence="0" t_id="5">Ford</token><token number="5" sentence="1" t_id="6">Later</token>
<Markables>
<ENTITY_MENTION m_id="1" syntactic_type="NAM"><token_anchor t_id="1"/><token_anchor t_id="2"/>
<token_anchor t_id="3"/></ENTITY_MENTION>
<ENTITY_MENTION m_id="2" syntactic_type="NAM"><token_anchor t_id="3"/></ENTITY_MENTION>
<ENTITY_MENTION m_id="3" syntactic_type="PRE.NAM"><token_anchor t_id="1"/></ENTITY_MENTION>
<ENTITY_MENTION m_id="4" syntactic_type="NAM"><token_anchor t_id="5"/></ENTITY_MENTION>
<ENTITY m_id="10" ent_type="ORG"/><ENTITY m_id="11" ent_type="LOC"/><ENTITY m_id="12" ent_type="ORG"/>
</Markables>
<Relations>
<REFERS_TO r_id="1"><source m_id="1"/><source m_id="2"/><target m_id="10"/></REFERS_TO>
<REFERS_TO r_id="2"><source m_id="3"/><target m_id="11"/></REFERS_TO>
<REFERS_TO r_id="3"><source m_id="4"/><target m_id="12"/></REFERS_TO>
</Relations></Document>
"""


def test_read_meantime_keeps_the_name_inside_a_longer_mention_of_the_same_entity(tmp_path: Path) -> None:
    from parley.eval.ner import read_meantime

    path = tmp_path / "mini.xml"
    path.write_text(MINI_MEANTIME, encoding="utf-8")
    words, sents, spans, annotated = read_meantime(path)
    assert words[:3] == ["US", "automaker", "GM"] and annotated == 5
    # "US automaker GM" and "GM" refer to one entity: only "GM" is scored; "US" is another entity
    assert spans == [(0, 1, "LOCATION"), (2, 3, "ORGANIZATION"), (4, 5, "ORGANIZATION")]
