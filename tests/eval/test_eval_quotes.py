"""Readers and scorers of ``parley eval quotes`` on tiny hand-made GGT and PolNeAR files."""

from __future__ import annotations

import json
from pathlib import Path

from parley.eval.quotes import Pred, name_match, read_brat, read_ggt, read_polnear, score_attributions, score_ggt

TEXT = '"We will win," Jane Smith said. Smith said the plan works. "Go," she added.'


def _ggt(tmp_path: Path) -> Path:
    quotes = [
        {"quote": '"We will win,"', "start": 0, "end": 14, "speaker": "Jane Smith", "speaker_start": 15,
         "speaker_end": 25, "verb": "said", "verb_start": 26, "verb_end": 30, "reference": "Jane Smith"},
        {"quote": "the plan works", "start": 43, "end": 57, "speaker": "Smith", "speaker_start": 32,
         "speaker_end": 37, "verb": "said", "verb_start": 38, "verb_end": 42, "reference": "Jane Smith"},
        {"quote": '"Go,"', "start": 59, "end": 64, "speaker": "", "speaker_start": None, "speaker_end": None,
         "verb": "", "verb_start": None, "verb_end": None, "reference": "Jane Smith"},
    ]
    path = tmp_path / "dev.jsonl"
    path.write_text(json.dumps({"id": "1", "outlet": "x", "url": "u", "text": TEXT, "quotes": quotes}) + "\n")
    return path


def test_ggt_scores(tmp_path: Path) -> None:
    gold = read_ggt(_ggt(tmp_path))
    assert len(gold[0].quotes) == 3 and gold[0].quotes[2].speaker is None
    preds = [[Pred(1, 13, (15, 25), "Jane Smith"),  # content inside the marks: covers 12/14
              Pred(43, 50, (32, 37), "Smith"),  # covers half of the gold clause
              Pred(60, 62, None, "Jane Smith"),
              Pred(100, 110, None, None)]]  # no gold there
    m = score_ggt(gold, preds)
    assert m["recall_at_0.3"] == 1.0 and m["precision_at_0.3"] == 0.75
    assert m["recall_at_0.8"] == round(1 / 3, 4)  # 12/14 > 0.8; 7/14 and 2/5 are not
    assert m["speaker_match"] == 1.0 and m["reference_accuracy"] == 1.0


def test_ggt_speaker_mismatch(tmp_path: Path) -> None:
    gold = read_ggt(_ggt(tmp_path))
    preds = [[Pred(0, 14, (43, 47), "Bob Jones"), Pred(43, 57, None, None), Pred(59, 64, (0, 3), "Bob")]]
    m = score_ggt(gold, preds)
    assert m["f1_at_0.8"] == 1.0
    assert m["speaker_match"] == 0.0 and m["reference_accuracy"] == 0.0


def test_name_match() -> None:
    assert name_match("jane smith", "Jane Smith")
    assert name_match("Smith", "Jane Smith") and name_match("Jane Smith", "Smith")
    assert name_match("The Eastmere Youth Council", "Eastmere Youth Council")
    assert not name_match("John Smith", "Jane Smith") and not name_match(None, "Jane Smith")


ANN = """T1\tSource 15 25\tJane Smith
T2\tCue 26 30\tsaid
T3\tContent 0 14\t"We will win,"
T4\tAttribution 26 30\tsaid
E1\tAttribution:T4 Content:T3 Cue:T2 Source:T1
T5\tCue 38 42\tsaid
T6\tContent 43 47;52 57\tthe works
T7\tAttribution-no-source 38 42\tsaid
E2\tAttribution-no-source:T7 Content:T6 Cue:T5
T8\tCue 31 36\tbelieves
T9\tContent 59 64\tx
E3\tAttribution:T8 Content:T9 Cue:T8
"""


def test_brat_reader_and_scores(tmp_path: Path) -> None:
    atts = read_brat(ANN)
    assert atts[0] == {"source": (15, 25), "cue": (26, 30), "content": (0, 14)}
    assert atts[1]["source"] is None and atts[1]["content"] == (43, 57)  # hull of a discontinuous span
    (tmp_path / "text").mkdir()
    (tmp_path / "attributions").mkdir()
    (tmp_path / "text" / "a.txt").write_text(TEXT)
    (tmp_path / "attributions" / "a_zz99.ann").write_text("")
    (tmp_path / "attributions" / "a_aa11.ann").write_text(ANN)  # sorted first: the one scored
    gold = read_polnear(tmp_path)
    assert [q.speech for q in gold[0].quotes] == [True, True, False]
    preds = [[Pred(1, 13, (15, 25), "Jane Smith", (26, 30), True), Pred(43, 50, None, None, (38, 42), True)]]
    m = score_attributions(gold, preds, speech_only=True)
    assert m["content_overlap_f1"] == 1.0 and m["content_exact_recall"] == 0.5  # marks ignored in exact
    assert m["source_exact_f1"] == 1.0 and m["cue_exact_f1"] == 1.0
    m_all = score_attributions(gold, preds, speech_only=False)
    assert m_all["content_overlap_recall"] == round(2 / 3, 4)


def test_ggt_reports_whole_set_and_fixed_halves(tmp_path: Path) -> None:
    from parley.eval.audit import split_ids
    from parley.eval.quotes import evaluate_ggt, load_nlp

    lines = []
    for n in range(4):
        text = f'"We will win number {n} today," Jane Smith said. Smith said the plan works.'
        quotes = [{"quote": f'"We will win number {n} today,"', "start": 0, "end": 28 + len(str(n)),
                   "speaker": "Jane Smith", "speaker_start": 30 + len(str(n)), "speaker_end": 40 + len(str(n)),
                   "reference": "Jane Smith"}]
        lines.append(json.dumps({"id": f"a{n}", "text": text, "quotes": quotes}))
    path = tmp_path / "dev.jsonl"
    path.write_text("\n".join(lines) + "\n")
    results = {r.dataset: r for r in evaluate_ggt(path, nlp=load_nlp())}
    assert set(results) == {"ggt-dev", "ggt-dev (tune)", "ggt-dev (check)"}
    tune, check = split_ids([f"a{n}" for n in range(4)])
    assert results["ggt-dev (tune)"].documents == len(tune) and results["ggt-dev (check)"].documents == len(check)
    assert results["ggt-dev"].documents == 4
    assert results["ggt-dev"].metrics["gold_quotes"] == 4
    assert results["ggt-dev (tune)"].metrics["gold_quotes"] + results["ggt-dev (check)"].metrics["gold_quotes"] == 4


def test_calibration_compares_confidence_with_right_names(tmp_path: Path) -> None:
    gold = read_ggt(_ggt(tmp_path))
    preds = [[Pred(0, 14, (15, 25), "Jane Smith", confidence=0.9),
              Pred(43, 57, (32, 37), "Bob Jones", confidence=0.9),
              Pred(59, 64, None, "Jane Smith", confidence=0.5)]]
    m = score_ggt(gold, preds)
    assert m["right_by_confidence"] == {"0.50": [1, 1], "0.90": [1, 2]}
    # |0.5 - 0.9| for the two at 0.9, |1.0 - 0.5| for the one at 0.5: (0.8 + 0.5) / 3
    assert m["calibration_error"] == round(1.3 / 3, 4)


def test_name_match_reads_a_curly_apostrophe_as_the_straight_one() -> None:
    assert name_match("Marta O’Dwyer", "Marta O'Dwyer") and not name_match("Marta O’Dwyer", "Marta O'Brien")
