"""Event eval readers and scorers on tiny hand-made examples (no model needed)."""

from __future__ import annotations

import json
from pathlib import Path

from parley.corpora.events import Item, cameo_map, plover_of, read_plover_gsr, read_plv, unmark
from parley.eval.events import choose, macro_f1, read_petr2, score_gsr, score_petr2, score_plv
from parley.records import Event, Span

MAP = """# CAMEO to PLOVER
03: AGREE
036: AGREE,  , diplomatic # Express intent to meet
04: CONSULT
040: CONSULT, ,  # Consult
19: ASSAULT
190: ASSAULT, , military # Use conventional military force
"""

PETR = """<Validation>
<Sentences>
<Sentence category="AFP" date="20080806" id="A_1" evaluate="true"/>
<EventCoding eventcode="040" sourcecode="USAGOV" targetcode="CHN" />
<EventCoding eventcode="015" sourcecode="USA" targetcode="CHN" />
<Text>
The US envoy met Chinese
officials.
</Text>
<Parse>
1	The	the	DET
</Parse></Sentence>
<Sentence category="AFP" date="20080806" id="A_2" evaluate="true"/>
<EventCoding noevents="True" />
<Text>
Nothing happened.
</Text>
</Sentence>
</Sentences>
</Validation>
"""


def ev(type_: str, actor: tuple[int, int] | None = None, recipient: tuple[int, int] | None = None,
       actors: list[str] | None = None, recipients: list[str] | None = None, status: str = "occurred") -> Event:
    sp = Span(start=0, end=1, text="x")
    return Event(type=type_, trigger=sp, sentence=sp, actors=actors or [], recipients=recipients or [],
                 actor_spans=[Span(start=actor[0], end=actor[1], text="a")] if actor else [],
                 recipient_spans=[Span(start=recipient[0], end=recipient[1], text="r")] if recipient else [],
                 status=status)


def test_unmark_offsets() -> None:
    text, s, t = unmark("<s>Chile</s> condemned <t>the Peruvian</t> decision.")
    assert text == "Chile condemned the Peruvian decision."
    assert text[s[0]:s[1]] == "Chile" and text[t[0]:t[1]] == "the Peruvian"


def test_read_plv(tmp_path: Path) -> None:
    p = tmp_path / "plv.tsv"
    p.write_text("\tsentence_id\tsentence\tmarked_sentence\tgold_root\n"
                 "0\t4\tIran hit Iraq.\t<s>Iran</s> hit <t>Iraq</t>.\tASSAULT\n", encoding="utf-8")
    (item,) = read_plv(p)
    assert (item.id, item.text, item.gold, item.source, item.target) == ("4", "Iran hit Iraq.", ["ASSAULT"],
                                                                          (0, 4), (9, 13))


def test_cameo_map_and_petr2(tmp_path: Path) -> None:
    (tmp_path / "map.txt").write_text(MAP, encoding="utf-8")
    mapping = cameo_map(tmp_path / "map.txt")
    assert plover_of("036", mapping) == "AGREE" and plover_of("0361", mapping) == "AGREE"
    assert plover_of("015", mapping) is None
    (tmp_path / "p.xml").write_text(PETR, encoding="utf-8")
    a, b = read_petr2(tmp_path / "p.xml", mapping)
    assert a.text == "The US envoy met Chinese officials." and a.dct == "2008-08-06"
    assert a.gold == ["CONSULT"] and a.dyads == [("CONSULT", "USA", "CHN")]
    assert b.gold == [] and b.dyads == []
    m = score_petr2([a, b], [[ev("CONSULT", actors=["USAGOV"], recipients=["CHN"])], [ev("ASSAULT")]])
    assert m["event_precision"] == 0.5 and m["event_recall"] == 1.0
    assert m["dyad_precision"] == 1.0 and m["dyad_recall"] == 1.0


def test_read_plover_gsr_old_names(tmp_path: Path) -> None:
    recs = [{"id": "d", "event": "DOCUMENT"}, {"id": "1", "event": "DEMAND", "text": "X demanded Y."},
            {"id": "2", "event": "FIGHT", "text": "X fought Y.", "date": "2000-01-01"}]
    p = tmp_path / "gsr.txt"
    p.write_text(json.dumps(recs), encoding="utf-8")
    items = read_plover_gsr(p)
    assert [i.gold for i in items] == [["REQUEST"], ["ASSAULT"]]
    m = score_gsr(items, [[ev("REQUEST")], [ev("ACCUSE"), ev("ASSAULT", actor=(0, 1))]])
    assert m["type_accuracy"] == 0.5 and m["type_recall"] == 1.0


def test_choose_prefers_marked_source_and_target() -> None:
    item = Item(id="1", text="Iran hit Iraq and Syria praised Iran.", gold=["ASSAULT"], source=(0, 4),
                target=(9, 13))
    wrong, right = ev("SUPPORT", actor=(18, 23), recipient=(32, 36)), ev("ASSAULT", actor=(0, 4), recipient=(9, 13))
    assert choose([wrong, right], item) is right
    assert choose([], item) is None


def test_score_plv_merges_yield_and_counts_none() -> None:
    items = [Item(id=str(i), text="t", gold=[g], source=(0, 1), target=None)
             for i, g in enumerate(["YIELD", "ASSAULT", "AGREE"])]
    m = score_plv(items, [[ev("RETREAT", actor=(0, 1))], [ev("ASSAULT")], []])
    assert m["accuracy"] == round(2 / 3, 4) and m["coverage"] == round(2 / 3, 4)
    assert m["actor_match"] == round(1 / 3, 4)
    assert macro_f1(["A", "B"], ["A", "A"]) == round((2 / 3 + 0) / 2, 4)


def test_choose_prefers_trigger_between_source_and_target_on_a_tie() -> None:
    item = Item(id="1", text="Iran hit Iraq and then praised Iraq.", gold=["ASSAULT"], source=(0, 4),
                target=(9, 13))
    inside, outside = ev("ASSAULT", actor=(0, 4)), ev("SUPPORT", actor=(0, 4))
    inside.trigger, outside.trigger = Span(start=5, end=8, text="hit"), Span(start=23, end=30, text="praised")
    assert choose([outside, inside], item) is inside


def test_cross_validation_never_scores_an_item_with_a_model_that_saw_it() -> None:
    """An item whose label and feature occur nowhere else cannot be predicted from the other folds."""
    from parley.nlp.events.classifier import cross_val_predict

    X = [["common", f"f{i % 2}"] for i in range(20)] + [["common", "only_me"]]
    y = ["A" if i % 2 else "B" for i in range(20)] + ["C"]
    pred = cross_val_predict(X, y, ["NONE"] * len(X), folds=5)
    assert pred[-1] != "C" and pred[:20] == y[:20]


def test_petr2_counts_country_dyads_of_asserted_events_only(tmp_path: Path) -> None:
    """A gold code with no country (IMG, an international militarized group) gives no dyad; a
    proposed or hypothetical event is no coding ("Halvorsen wants Dravik to attack" has none)."""
    (tmp_path / "map.txt").write_text(MAP, encoding="utf-8")
    xml = PETR.replace('sourcecode="USAGOV" targetcode="CHN"', 'sourcecode="IMGMUS" targetcode="CHN"')
    (tmp_path / "p.xml").write_text(xml, encoding="utf-8")
    a, b = read_petr2(tmp_path / "p.xml", cameo_map(tmp_path / "map.txt"))
    assert a.gold == ["CONSULT"] and a.dyads == []
    wish = ev("ASSAULT", actors=["RUS"], recipients=["CHE"], status="proposed")
    m = score_petr2([a, b], [[ev("CONSULT")], [wish]])
    assert m["event_precision"] == 1.0 and m["dyad_precision"] == 0.0 and m["gold_dyads"] == 0
