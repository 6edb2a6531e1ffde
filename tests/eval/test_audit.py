"""The audit scorer: a fixed tune/check split, name and actor matching, and whole-article scoring of
events and quotes on a small fictional article (written here, so those tests need no shared data);
and the shipped audit sets, read against their articles in ../shared."""

from __future__ import annotations

import json
import random
from pathlib import Path

import pytest

from parley.config import shared_data
from parley.eval.audit import (
    article_text,
    evaluate_events,
    evaluate_quotes,
    locate,
    read_audit,
    same_actor,
    same_name,
    split_ids,
)

ARTICLE = ("FICTIONAL. Meridian's foreign minister Lena Varga accused the Valdorian government of shelling the "
           "border town on Tuesday.\n\n"
           "“We will not accept this,” Varga said.\n\n"
           "The Valdorian defence ministry rejected the accusation.\n")


def test_split_is_fixed_disjoint_and_covers_every_id() -> None:
    ids = [f"doc{i}" for i in range(41)]
    tune, check = split_ids(ids)
    assert (tune, check) == split_ids(list(reversed(ids)))
    assert not tune & check and tune | check == set(ids) and len(tune) == 21


def test_names_and_actors() -> None:
    assert same_name("Cruz", "Ted Cruz") and same_name("Ted Cruz", "Sen. Ted Cruz")
    assert not same_name("Ted Cruz", "Marco Rubio") and not same_name(None, "Ted Cruz")
    assert same_name("Democratic National Committee", "the Democratic National Committee (USA)")
    assert same_actor(["Lena Varga"], ["MER"], "Lena Varga (MER)")
    assert same_actor(["the government"], ["VALGOV"], "Valdorian government (VAL)")
    assert not same_actor(["Lena Varga"], ["MER"], "Valdorian government (VAL)")
    assert same_actor([], [], None) and not same_actor(["it"], [], None)


def _audit(tmp_path: Path) -> Path:
    (tmp_path / "article.txt").write_text(ARTICLE, encoding="utf-8")
    record = {
        "id": "fictional-1", "source_path": "article.txt", "published": "2026-03-12", "people": [],
        "quotes": [{"kind": "direct", "text": "We will not accept this,", "speaker": "Lena Varga",
                    "speaker_mention": "Varga"}],
        "events": [{"sentence": "FICTIONAL. Meridian's foreign minister Lena Varga accused the", "trigger": "accused",
                    "type": "ACCUSE", "actor": "Lena Varga (MER)", "recipient": "Valdorian government (VAL)",
                    "status": "occurred", "date": None}],
    }
    path = tmp_path / "audit.jsonl"
    path.write_text(json.dumps(record) + "\n", encoding="utf-8")
    return path


def test_whole_article_scoring(tmp_path: Path) -> None:
    path = _audit(tmp_path)
    quotes = {r.dataset: r for r in evaluate_quotes(path)}
    assert set(quotes) == {"audit (tune)", "audit (check)", "audit (all)"}
    q = quotes["audit (all)"].metrics
    assert q["gold_required"] == 1 and q["recall"] == 1.0 and q["speaker_accuracy"] == 1.0
    e = {r.dataset: r for r in evaluate_events(path)}["audit (all)"].metrics
    assert e["gold_required"] == 1 and e["predicted"] >= 1
    assert e["recall_type"] == 1.0
    assert 0 < e["precision_type"] <= 1.0


def test_a_shared_surname_is_two_people() -> None:
    assert not same_name("Bill Clinton", "Hillary Clinton") and not same_name("Bill", "Hillary Clinton")
    assert not same_name("United Nations", "United States") and not same_name("Labour Party", "Conservative Party")
    assert same_name("J. Smith", "John Smith") and same_name("Hillary Clinton", "Hillary Rodham Clinton")
    assert same_name("UN Security Council", "United Nations Security Council")
    assert same_name("Justice Department", "Department of Justice")


def test_sentence_goes_on_past_an_abbreviation() -> None:
    from parley.eval.audit import _sentence_end

    text = "The U.N. Security Council met Mr. Roe on Monday. Then it voted."
    assert text[:_sentence_end(text, 20)] == "The U.N. Security Council met Mr. Roe on Monday."
    text = "Talks moved to the U.S. The vote failed."
    assert text[:_sentence_end(text, 5)] == "Talks moved to the U.S."


def test_a_doubtful_speaker_counts_neither_way(tmp_path: Path) -> None:
    path = _audit(tmp_path)
    record = json.loads(path.read_text(encoding="utf-8"))
    record["quotes"][0].update(speaker="Someone Else", doubtful=True)
    path.write_text(json.dumps(record) + "\n", encoding="utf-8")
    q = {r.dataset: r for r in evaluate_quotes(path)}["audit (all)"].metrics
    assert q["gold_required"] == 0 and q["speaker_accuracy"] == 0.0 and q["speaker_wrong"] == 0.0


AUDIT_DIR = Path(__file__).resolve().parents[1] / "audit"


@pytest.mark.parametrize("name", ["polnear_audit.jsonl", "polnear_audit2.jsonl", "polnear_dev_audit.jsonl"])
def test_every_snippet_of_the_shipped_audit_sets_is_found_in_its_article(name: str) -> None:
    """A snippet the scorer cannot find would silently leave a gold quote or event out of the score."""
    path = AUDIT_DIR / name
    records = read_audit(path)
    assert records
    for record in records:
        text = article_text(record, path)  # raises NotFound when ../shared is missing: fails loudly
        for kind, key in (("quotes", "text"), ("events", "sentence")):
            found = locate(text, record[kind], key)
            assert len(found) == len(record[kind]), (record["id"], kind)


def test_the_second_train_audit_is_the_documented_draw() -> None:
    """polnear_audit2.jsonl: random.Random(20261208).sample(pool, 30), the pool being the sorted PolNeAR
    train stems less the 40 of polnear_audit.jsonl, in draw order."""
    first = {r["id"] for r in read_audit(AUDIT_DIR / "polnear_audit.jsonl")}
    stems = sorted(p.stem for p in shared_data("quotes", "polnear", "train", "text").glob("*.txt"))
    assert len(stems) == 840 and len(first) == 40
    drawn = random.Random(20261208).sample([s for s in stems if s not in first], 30)
    assert [r["id"] for r in read_audit(AUDIT_DIR / "polnear_audit2.jsonl")] == drawn


def test_the_blind_dev_audit_is_the_documented_draw() -> None:
    """The 40 PolNeAR dev articles are random.Random(20261207).sample(stems, 40) over the sorted dev
    stems, in draw order (annotated blind in four batches of 10; a longer draw keeps the shorter one as
    its prefix, so each batch extends the one before)."""
    stems = sorted(p.stem for p in shared_data("quotes", "polnear", "dev", "text").glob("*.txt"))
    assert len(stems) == 84
    drawn = random.Random(20261207).sample(stems, 40)
    assert [r["id"] for r in read_audit(AUDIT_DIR / "polnear_dev_audit.jsonl")] == drawn


JUDGED = Path(__file__).resolve().parents[2] / "training" / "events" / "judged_events.jsonl"


def test_the_judged_events_are_the_documented_draws_and_their_snippets_hold() -> None:
    """training/events/judged_events.jsonl: events coded in random.Random(20261209).sample(pool, 80) and
    random.Random(20261210).sample(rest, 80), pool = the sorted PolNeAR train stems less both audit sets;
    each sentence snippet and trigger stands in its article at the recorded offset."""
    used = {r["id"] for name in ("polnear_audit.jsonl", "polnear_audit2.jsonl") for r in read_audit(AUDIT_DIR / name)}
    stems = sorted(p.stem for p in shared_data("quotes", "polnear", "train", "text").glob("*.txt"))
    pool = [s for s in stems if s not in used]
    first = random.Random(20261209).sample(pool, 80)
    second = random.Random(20261210).sample([s for s in pool if s not in set(first)], 80)
    judged = [json.loads(line) for line in JUDGED.read_text(encoding="utf-8").splitlines()]
    assert {j["id"] for j in judged if j["draw"] == "first"} <= set(first)
    assert {j["id"] for j in judged if j["draw"] == "second"} <= set(second)
    assert len({j["id"] for j in judged}) >= 140 and not {j["id"] for j in judged} & used
    for j in judged:
        text = shared_data("quotes", "polnear", "train", "text", f"{j['id']}.txt").read_text(encoding="utf-8")
        assert text[j["trigger_start"]:j["trigger_start"] + len(j["trigger"])] == j["trigger"], j
        assert j["sentence"] in text and isinstance(j["event"], bool), j
        assert j["actor_ok"] is None if not j["event"] else isinstance(j["actor_ok"], bool), j


def test_a_curly_apostrophe_is_the_straight_one() -> None:
    assert same_name("Marta O’Dwyer", "Marta O'Dwyer") and same_name("O’Dwyer", "Marta O'Dwyer")
    assert not same_name("Marta O’Dwyer", "Marta O'Brien")


@pytest.mark.parametrize(("gold_date", "accuracy"), [("2026-03-12", 1.0), ("2026-03-10", 0.0), (None, 0.0)])
def test_an_events_date_is_scored_against_the_analysts_day(tmp_path: Path, gold_date: str | None,
                                                            accuracy: float) -> None:
    path = _audit(tmp_path)
    record = json.loads(path.read_text(encoding="utf-8"))
    record["events"][0]["date"] = gold_date  # the text gives no day: the publication day is the event's
    path.write_text(json.dumps(record) + "\n", encoding="utf-8")
    e = {r.dataset: r for r in evaluate_events(path)}["audit (all)"].metrics
    assert e["dated"] == (1 if gold_date else 0)
    assert e["date_accuracy"] == accuracy
