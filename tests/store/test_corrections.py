"""Events as entities, confidence, and quote corrections, on a real database holding the seed article
parsed by the real pipeline (the model must be installed: these tests fail without it)."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest
from typer.testing import CliRunner

from parley.cli import app
from parley.config import Settings, shared_dir
from parley.errors import NotFound, Rejected
from parley.records import Event, Span
from parley.service import Service
from parley.store.repo import SideLinker


def _seed_text() -> Path:
    return shared_dir() / "seed" / "article.txt"


@pytest.fixture(scope="module")
def parsed(tmp_path_factory: pytest.TempPathFactory) -> dict:
    """A database with the seed article, parsed by the pipeline."""
    base = tmp_path_factory.mktemp("corrections")
    svc = Service(db=str(base / "p.db"))
    assert svc.nlp_available(), "the NLP model is not installed: these tests need it"
    summary = svc.ingest([str(_seed_text())], published=date(2025, 5, 28), use_nlp=True)
    art = svc.article(summary.ids[0], min_confidence=0)
    svc.close()
    return {"db": str(base / "p.db"), "id": summary.ids[0], "article": art}


def _span(text: str, needle: str) -> Span:
    start = text.index(needle)
    return Span(start=start, end=start + len(needle), text=needle)


def test_sides_resolve_to_the_entity_of_their_head() -> None:
    text = ("Russian Foreign Minister Sergey Lavrov met the Ukrainian delegation, Lavrov's ministry, its allies "
            "and the delegation of Lavrov.")
    at = {w: text.index(w) for w in ("Russian", "Sergey Lavrov", "Ukrainian", "Lavrov's", "its")}
    last = text.rindex("Lavrov")
    mentions = [(at["Russian"], at["Russian"] + 7, 1, "NORP"),
                (at["Sergey Lavrov"], at["Sergey Lavrov"] + 13, 2, "PERSON"),
                (at["Ukrainian"], at["Ukrainian"] + 9, 3, "GPE"), (at["Lavrov's"], at["Lavrov's"] + 6, 2, "PERSON"),
                (at["its"], at["its"] + 3, 3, ""), (last, last + 6, 2, "PERSON")]  # "its": a pronoun, no type
    linker = SideLinker(mentions)
    assert linker.entity(_span(text, "Russian Foreign Minister Sergey Lavrov")) == 2  # the person, not Russia
    assert linker.entity(_span(text, "the Ukrainian delegation")) == 3  # a country named before the head
    assert linker.entity(_span(text, "Lavrov's ministry")) is None  # a person as a modifier is no side
    assert linker.entity(_span(text, "its allies")) is None  # nor is a possessive pronoun
    assert linker.entity(_span(text, "the delegation of Lavrov")) is None  # a name after the head is no side
    ev = Event(type="CONSULT", trigger=_span(text, "met"), sentence=Span(start=0, end=len(text), text=text),
               actor_spans=[_span(text, "Russian Foreign Minister Sergey Lavrov")],
               recipient_spans=[_span(text, "the Ukrainian delegation"), _span(text, "its allies")])
    assert linker.links(ev) == [(2, "actor"), (3, "recipient")]


def test_events_store_confidence_date_source_and_entities(parsed: dict) -> None:
    events = parsed["article"]["events"]
    assert events and all(0 <= e["confidence"] <= 1 for e in events)
    assert {e["date_source"] for e in events} <= {"text", "story", "publication"} and any(
        e["date_source"] == "publication" for e in events)
    merz = [e for e in events if any(x["name"] == "Friedrich Merz" for x in e["actor_entities"])]
    assert merz and merz[0]["actors"] == ["DEU"]  # the code stays an attribute; the side is the person
    svc = Service(db=parsed["db"])
    try:
        person = svc.entity(merz[0]["actor_entities"][0]["id"], min_confidence=0)
        assert [e["id"] for e in person["events"]] == [e["id"] for e in merz]
        germany = svc.entities(q="Germany")["entities"]
        if germany:  # the country's page does not take the person's events, nor the other way round
            assert all(e["id"] not in {m["id"] for m in merz}
                       for e in svc.entity(germany[0]["id"], min_confidence=0)["events"])
        lavrov = svc.entities(q="Lavrov")["entities"][0]
        assert lavrov["code"] == "RUSGOV" and svc.entity(lavrov["id"], min_confidence=0)["events"] == []
        russia = svc.entities(q="Russia", type="GPE")["entities"][0]
        assert svc.entity(russia["id"], min_confidence=0)["events"]  # Russia's own events are on its page
        net = svc.network(min_confidence=0)
        assert net["nodes"] and all(n["id"].isdigit() and n["name"] for n in net["nodes"])
        names = {(net["entities"][e["source"]]["name"], net["entities"][e["target"]]["name"]) for e in net["edges"]}
        assert ("Friedrich Merz", "Ukraine") in names
    finally:
        svc.close()


def test_confidence_filter_and_default_threshold(parsed: dict) -> None:
    every = sorted(e["confidence"] for e in parsed["article"]["events"])
    middle = every[len(every) // 2]
    svc = Service(db=parsed["db"], settings=Settings(min_event_confidence=middle))
    try:
        shown = svc.events()["events"]  # the default view: the server's threshold
        assert shown and all(e["confidence"] >= middle for e in shown) and len(shown) < len(every)
        assert svc.events(min_confidence=0)["count"] == len(every)
        art = svc.article(parsed["id"])
        assert art["events_hidden"] == len(every) - len(shown) and len(art["events"]) == len(shown)
        assert sum(b["total"] for b in svc.timeline()["buckets"]) <= len(shown)
        chron = svc.chronology(type="AGREE,CONSULT,SUPPORT,REQUEST,ASSAULT")
        items = [i for d in chron["days"] for i in d["items"]] + chron["undated"]
        assert items and all(i["confidence"] >= middle for i in items)
        rows = list(svc.rows("events", min_confidence=middle))
        assert {r["id"] for r in rows} == {e["id"] for e in shown}
        assert all(isinstance(r["actor_entity_ids"], list) and r["date_source"] for r in rows)
    finally:
        svc.close()
    default = Service(db=parsed["db"])
    try:
        from parley.nlp.events.confidence import DEFAULT_MIN_CONFIDENCE

        assert default.min_event_confidence == DEFAULT_MIN_CONFIDENCE
    finally:
        default.close()


def test_quotes_store_confidence_and_how_resolved(parsed: dict) -> None:
    quotes = parsed["article"]["quotes"]
    assert quotes and all(q["confidence"] is not None and q["resolved_by"] for q in quotes)
    assert {"explicit name", "pronoun"} <= {q["resolved_by"] for q in quotes}


def test_correction_is_applied_everywhere_and_survives_reprocessing(parsed: dict, tmp_path: Path) -> None:
    import shutil

    db = tmp_path / "own.db"
    shutil.copy(parsed["db"], db)
    svc = Service(db=str(db))
    try:
        art = svc.article(parsed["id"])
        wrong = next(q for q in art["quotes"] if q["resolved_by"] == "pronoun")
        gone = next(q for q in art["quotes"] if q["id"] != wrong["id"])
        done = svc.correct_quote(wrong["id"], action="speaker", speaker="Keith Kellogg", note="the envoy said it",
                                 author="analyst <b>1</b>")
        assert done["status"] == "applied" and done["created_at"] and done["author"] == "analyst <b>1</b>"
        assert svc.correct_quote(gone["id"], action="not_quote", note="a title, not speech")["quote_id"] is None
        kellogg = svc.entities(q="Kellogg")["entities"][0]
        assert done["speaker_entity_id"] == kellogg["id"]

        def check() -> None:
            now = svc.article(parsed["id"])
            fixed = [q for q in now["quotes"] if (q["start"], q["end"]) == (wrong["start"], wrong["end"])]
            assert len(fixed) == 1 and fixed[0]["speaker_name"] == "Keith Kellogg"
            assert fixed[0]["resolved_by"] == "correction" and fixed[0]["speaker_entity_id"] == kellogg["id"]
            assert all((q["start"], q["end"]) != (gone["start"], gone["end"]) for q in now["quotes"])
            assert [o["status"] for o in now["overrides"]] == ["applied", "applied"]
            said = svc.quotes(speaker=str(kellogg["id"]))["quotes"]
            assert wrong["start"] in {q["start"] for q in said}
            assert svc.search("speaker:Kellogg", kind="quote")["quotes"]  # the search index follows
            rows = list(svc.rows("quotes"))
            assert any(r["start"] == wrong["start"] and r["speaker"] == "Keith Kellogg" for r in rows)
            assert all(r["start"] != gone["start"] for r in rows)
            corrections = list(svc.rows("corrections"))
            assert {c["action"] for c in corrections} == {"speaker", "not_quote"}
            assert all(c["article_id"] == parsed["id"] and c["created_at"] for c in corrections)

        check()
        summary = svc.reprocess([parsed["id"]])
        assert summary["ok"] == 1 and summary["applied"] == 2 and summary["orphaned"] == []
        check()  # the same quotes come back: the corrections apply to them again
    finally:
        svc.close()


def test_orphaned_correction_is_kept_and_reported(parsed: dict, tmp_path: Path) -> None:
    import shutil

    from parley.store.tables import QuoteRow

    db = tmp_path / "orphan.db"
    shutil.copy(parsed["db"], db)
    svc = Service(db=str(db))
    try:
        quote = svc.article(parsed["id"])["quotes"][0]
        svc.correct_quote(quote["id"], action="speaker", speaker="Somebody Else")
        with svc.store.session() as session, session.begin():  # the stored quote moves by one character
            now = svc.article(parsed["id"])["quotes"]
            row = session.get(QuoteRow, next(q["id"] for q in now if q["resolved_by"] == "correction"))
            row.start += 1
        with svc.store.session() as session, session.begin():
            from parley.store import repo
            from parley.store.tables import ArticleRow

            assert [o.status for o in repo.apply_overrides(session, session.get(ArticleRow, parsed["id"]))] == [
                "orphaned"]
        art = svc.article(parsed["id"])
        assert [o["status"] for o in art["overrides"]] == ["orphaned"]
        assert art["overrides"][0]["speaker_name"] == "Somebody Else"  # kept, never dropped
        summary = svc.reprocess([parsed["id"]])  # the pipeline gives the quote back at its old place
        assert summary["orphaned"] == [] and svc.article(parsed["id"])["overrides"][0]["status"] == "applied"
    finally:
        svc.close()


def test_reprocess_cli_reports_orphans(parsed: dict, tmp_path: Path) -> None:
    import shutil

    db = tmp_path / "cli.db"
    shutil.copy(parsed["db"], db)
    svc = Service(db=str(db))
    quote = svc.article(parsed["id"])["quotes"][-1]
    svc.correct_quote(quote["id"], action="not_quote", author="[bold]desk[/bold]")
    from parley.store.tables import QuoteOverrideRow

    with svc.store.session() as session, session.begin():  # a correction made on a text span no quote has
        over = session.query(QuoteOverrideRow).one()
        over.start, over.end = 0, 6
    svc.close()
    runner = CliRunner()
    result = runner.invoke(app, ["--db", str(db), "reprocess", str(parsed["id"])])
    assert result.exit_code == 0, result.output
    assert "1 orphaned" in result.stdout and "orphaned correction #" in result.stdout
    as_json = json.loads(runner.invoke(app, ["--db", str(db), "reprocess", "--json"]).stdout)
    assert as_json["ok"] == 1 and [o["status"] for o in as_json["orphaned"]] == ["orphaned"]
    bad = runner.invoke(app, ["--db", str(db), "reprocess", "999"])
    assert bad.exit_code == 1 and "#999: no such article" in bad.stderr
    shown = runner.invoke(app, ["--db", str(db), "show", str(parsed["id"])]).stdout
    assert "orphaned: no quote there now not a quote" in shown and "[bold]desk[/bold]" in shown  # markup as text
    whole = json.loads(runner.invoke(app, ["--db", str(db), "export", "-f", "jsonl"]).stdout.splitlines()[0])
    assert [o["status"] for o in whole["overrides"]] == ["orphaned"] and whole["overrides"][0]["author"]
    assert all("confidence" in e and "date_source" in e for e in whole["events"])
    rows = runner.invoke(app, ["--db", str(db), "export", "corrections", "-f", "csv"]).stdout.splitlines()
    assert rows[0].startswith("id,article_id,url") and rows[1].endswith(",orphaned")


def test_bad_corrections_are_refused(parsed: dict) -> None:
    svc = Service(db=parsed["db"])
    try:
        with pytest.raises(NotFound):
            svc.correct_quote(10**9, action="not_quote")
        qid = parsed["article"]["quotes"][0]["id"]
        with pytest.raises(Rejected, match="needs the speaker"):
            svc.correct_quote(qid, action="speaker", speaker="   ")
        with pytest.raises(Rejected, match="one of speaker, not_quote"):
            svc.correct_quote(qid, action="delete")
        with pytest.raises(Rejected, match="note too long"):
            svc.correct_quote(qid, action="not_quote", note="x" * 3000)
        assert svc.article(parsed["id"])["overrides"] == []
    finally:
        svc.close()


def test_corrections_survive_reprocessing_on_postgresql(pg_databases: Callable[[str], str]) -> None:
    """The same round trip on PostgreSQL: a correction applies, re-processing applies it again, and one
    whose quote is gone is kept as orphaned (skipped without a PostgreSQL server, saying why)."""
    svc = Service(db=pg_databases("corrections"))
    try:
        aid = svc.ingest([str(_seed_text())], published=date(2025, 5, 28), use_nlp=True).ids[0]
        quotes = svc.article(aid)["quotes"]
        svc.correct_quote(quotes[0]["id"], action="speaker", speaker="Keith Kellogg", note="pg")
        svc.correct_quote(quotes[1]["id"], action="not_quote")
        assert [q["speaker_name"] for q in svc.quotes(speaker="Kellogg")["quotes"]][:1] == ["Keith Kellogg"]
        summary = svc.reprocess([aid])
        assert summary["applied"] == 2 and summary["orphaned"] == []
        art = svc.article(aid)
        assert len(art["quotes"]) == len(quotes) - 1 and [o["status"] for o in art["overrides"]] == ["applied"] * 2
        assert svc.search("speaker:Kellogg", kind="quote")["quotes"]
        assert svc.network(min_confidence=0)["nodes"] and all(e["actor_entities"] is not None
                                                               for e in svc.events(min_confidence=0)["events"])
    finally:
        svc.close()
