# ruff: noqa: E501
"""The TimeML reader and the TempEval-style scorer, on a snippet written here."""

from __future__ import annotations

from pathlib import Path

from parley.eval.timex import GoldTimex, read_gold, read_timeml, score_doc

TML = """<?xml version="1.0" ?>
<TimeML>
<DOCID>T1</DOCID>
<DCT><TIMEX3 tid="t0" type="DATE" value="1998-08-07" temporalFunction="false" functionInDocument="CREATION_TIME">1998-08-07</TIMEX3></DCT>
<TEXT>
Bombs <EVENT eid="e1" class="OCCURRENCE">exploded</EVENT> <TIMEX3 tid="t1" type="DATE" value="1998-08-07" functionInDocument="NONE">Friday</TIMEX3>, after <TIMEX3 tid="t2" type="DURATION" value="P3Y" functionInDocument="NONE">three years</TIMEX3> of calm.
</TEXT>
</TimeML>
"""


def test_read_timeml_snippet() -> None:
    doc = read_timeml(TML, name="T1", corpus="timebank")
    assert doc.dct == "1998-08-07"
    assert [(doc.text[t.start:t.end], t.type, t.value) for t in doc.timexes] == [
        ("Friday", "DATE", "1998-08-07"), ("three years", "DURATION", "P3Y")]
    assert "exploded" in doc.text and "<" not in doc.text


def test_read_gold_dir(tmp_path: Path) -> None:
    (tmp_path / "timebank").mkdir()
    (tmp_path / "timebank" / "T1.tml").write_text(TML, encoding="utf-8")
    docs = read_gold(tmp_path)
    assert len(docs) == 1 and docs[0].group == "tbaq"


def test_score_doc() -> None:
    gold = [GoldTimex(0, 6, "DATE", "1998-08-07"), GoldTimex(14, 25, "DURATION", "P3Y")]
    pred = [(0, 6, "DATE", "1998-08-07"), (10, 25, "DURATION", "P2Y"), (40, 45, "DATE", None)]
    c = score_doc(gold, pred)
    assert (c.strict, c.relaxed_gold, c.relaxed_pred, c.matched) == (1, 2, 2, 2)
    assert (c.type_ok, c.value_ok) == (2, 1)
    m = c.metrics()
    assert m["strict_recall"] == 0.5 and m["relaxed_recall"] == 1.0
    assert m["value_accuracy"] == 0.5


def test_norm_value_notation_variants() -> None:
    from parley.eval.timex import norm_value

    assert norm_value("2000-W7") == norm_value("2000-W07") == "2000-W07"
    assert norm_value("2000-W7-WE") == "2000-W07-WE"
    assert norm_value("2000-W17") == "2000-W17"
    assert norm_value("03-02-2009") == "2009-02-03"
    assert norm_value(" 1998 ") == "1998" and norm_value("") is None and norm_value(None) is None
    # granularity is not notation: these stay different
    assert norm_value("1949-XX") != norm_value("1949")
