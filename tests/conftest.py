"""Shared fixtures for the API, web and browser tests: a real SQLite file holding real inputs, and the
same on a real PostgreSQL server.

PostgreSQL: ``make test`` runs pytest through ``scripts/ensure-postgres.sh``, which starts a throwaway
server and sets ``PARLEY_TEST_PG`` to its URL; each test gets a database of its own on it. While
``PARLEY_TEST_PG`` is set, a server that does not answer fails those tests. A plain ``pytest`` run
without it skips the PostgreSQL cases (with that reason) and runs the SQLite ones.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from parley.config import shared_dir
from parley.records import Entity, Event, Mention, Quote, Role, Span, Timex
from parley.service import Service, sample_sources
from parley.store import repo
from parley.store.engine import database_url
from parley.store.tables import ArticleRow

XSS_TEXT = ("Breaking <script>alert(1)</script> news from the <b>river</b> basin.\n\n"
            "Officials said the talks would resume on Monday after a short pause. "
            "An envoy called the draft \"<img src=x onerror=alert(2)>\" a good start.\n\n"
            "More talks are planned for the coming week in the capital.\n")


def seed_path() -> Path:
    return shared_dir() / "seed" / "article.txt"


def _span(text: str, needle: str, nth: int = 0) -> Span:
    start = -1
    for _ in range(nth + 1):
        start = text.index(needle, start + 1)
    return Span(start=start, end=start + len(needle), text=needle)


def hand_annotations(text: str) -> dict:
    """Hand-made annotations of the seed article (the NLP components may not exist yet)."""
    s = lambda needle, nth=0: _span(text, needle, nth)  # noqa: E731
    lavrov_q = "Our delegation, headed by Presidential aide Vladimir Medinsky"
    zak = "Maria Zakharova"
    lavrov = Entity(key="sergey lavrov", name="Sergey Lavrov", type="PERSON", country="RUS", sector="GOV",
                    code="RUSGOV", aliases=["Lavrov", "Mr Lavrov"],
                    roles=[Role(title="Foreign Minister", country="RUS", sector="GOV", as_of=date(2025, 5, 28))],
                    mentions=[Mention(**s("Sergey Lavrov").model_dump(), label="PERSON")])
    zakharova = Entity(key="maria zakharova", name=zak, type="PERSON", country="RUS", code="RUSGOV",
                       roles=[Role(title="foreign ministry spokeswoman", country="RUS")],
                       mentions=[Mention(**s(zak).model_dump(), label="PERSON")])
    russia_m = Mention(**s("Russia and Ukraine agreed").model_dump() | {
        "end": text.index("Russia and Ukraine agreed") + 6, "text": "Russia"}, label="GPE")
    russia = Entity(key="russia", name="Russia", type="GPE", code="RUS", mentions=[russia_m])
    ukraine_m = Mention(**s("Ukraine agreed").model_dump() | {"end": text.index("Ukraine agreed") + 7,
                                                             "text": "Ukraine"}, label="GPE")
    ukraine = Entity(key="ukraine", name="Ukraine", type="GPE", code="UKR", mentions=[ukraine_m])
    usa_m = Mention(**s("the United States").model_dump() | {"start": text.index("the United States") + 4,
                                                                "text": "United States"}, label="GPE")
    usa = Entity(key="united states", name="United States", type="GPE", code="USA", mentions=[usa_m])
    sides = {"RUS": Span(**russia_m.model_dump(include={"start", "end", "text"})),
             "UKR": Span(**ukraine_m.model_dump(include={"start", "end", "text"})),
             "USA": Span(**usa_m.model_dump(include={"start", "end", "text"}))}
    quote = Quote(**s(lavrov_q).model_dump(), kind="direct", cue=s("said", 0), speaker=s("Sergey Lavrov"),
                  speaker_key="sergey lavrov", speaker_name="Sergey Lavrov", said_on="2025-05-28")
    quote2 = Quote(**s("We don’t know what the Ukrainian side handed over or to whom.").model_dump(),
                   kind="direct", speaker=s("She said"), speaker_key="maria zakharova", speaker_name=zak,
                   said_on="2025-05-28")
    timexes = [Timex(**s("Wednesday").model_dump(), value="2025-05-28"),
               Timex(**s("June 2").model_dump(), value="2025-06-02")]
    offer = s("made an offer")
    events = [Event(type="CONSULT", trigger=s("meeting"), sentence=offer, actors=["RUS"], recipients=["UKR"],
                    date="2025-06-02", status="planned"),
              Event(type="AGREE", trigger=s("agreed", 1), sentence=offer, actors=["RUS"], recipients=["UKR"],
                    date="2025-05-28", status="occurred"),
              Event(type="ACCUSE", trigger=s("insisted"), sentence=offer, actors=["RUS"], recipients=["USA"],
                    date="2025-05-16", status="claimed")]
    for ev in events:  # each side is the span of its entity's mention, as the events component gives it
        ev.actor_spans, ev.recipient_spans = [sides[a] for a in ev.actors], [sides[r] for r in ev.recipients]
    return {"timexes": timexes, "entities": [lavrov, zakharova, russia, ukraine, usa], "quotes": [quote, quote2],
            "events": events}


def build_db(path: Path | str, xss_dir: Path, *, use_nlp: bool = False, hand: bool = True) -> dict:
    """Ingest the sample corpus, the seed article and an XSS article; with ``hand``, annotate the seed
    by hand where the NLP left it without quotes."""
    xss = xss_dir / "xss-article.txt"
    xss.write_text("Envoy says <script>alert(1)</script> talks resume\n\n" + XSS_TEXT, encoding="utf-8")
    svc = Service(db=str(path))
    svc.ingest(sample_sources(), use_nlp=False)
    seed = svc.ingest([str(seed_path())], published=date(2025, 5, 28), use_nlp=use_nlp).ids[0]
    bad = svc.ingest([str(xss)], use_nlp=False).ids[0]
    with svc.store.session() as session, session.begin():
        row = session.get(ArticleRow, seed)
        if hand and not row.quotes:  # the real quotes component did not run: add hand annotations
            repo.save_annotations(session, row, nlp_version="hand", **hand_annotations(row.text))
    svc.close()
    return {"db": str(path), "seed_id": seed, "xss_id": bad}


@pytest.fixture(scope="session")
def sqlite_corpus(tmp_path_factory: pytest.TempPathFactory) -> dict:
    base = tmp_path_factory.mktemp("corpus")
    return build_db(base / "parley.db", base)


@pytest.fixture(scope="session")
def corpus(sqlite_corpus: dict) -> dict:
    """The sample corpus, the seed article and an XSS article in a SQLite file (modules that run on
    both engines override it with :func:`engine_corpus`)."""
    return sqlite_corpus


@pytest.fixture(scope="session")
def corpus_builder() -> Callable[..., dict]:
    """``build_db`` itself, for tests that need their own database (e.g. with NLP on)."""
    return build_db


# -- both engines ----------------------------------------------------------------------------------
ENGINES = ["sqlite", "postgresql"]
NO_SERVER = ("PostgreSQL cases need a server: run `make test`, or `bash scripts/ensure-postgres.sh "
             ".venv/bin/python -m pytest ...`, which start a throwaway one and set PARLEY_TEST_PG")


@pytest.fixture(scope="session")
def pg_databases() -> Iterator[Callable[[str], str]]:
    """``new(label)``: the URL of a new, empty database on the ``PARLEY_TEST_PG`` server (all of them
    dropped at the end)."""
    server = os.environ.get("PARLEY_TEST_PG")
    if not server:
        pytest.skip(NO_SERVER)
    admin = create_engine(database_url(server), isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as conn:
            conn.execute(text("SELECT 1"))
    except Exception as exc:  # noqa: BLE001 - whatever the driver says, the run must stop here
        pytest.fail(f"PARLEY_TEST_PG={server} does not answer: {exc}", pytrace=False)
    made: list[str] = []

    def new(label: str) -> str:
        name = f"parley_{label}_{uuid.uuid4().hex[:10]}"
        with admin.connect() as conn:
            conn.execute(text(f'CREATE DATABASE "{name}"'))
        made.append(name)
        return make_url(database_url(server)).set(database=name).render_as_string(hide_password=False)

    yield new
    with admin.connect() as conn:
        for name in made:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


@pytest.fixture(params=ENGINES)
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """A new, empty database on each engine: a SQLite file, then a PostgreSQL database."""
    if request.param == "sqlite":
        return str(tmp_path / "test.db")
    return request.getfixturevalue("pg_databases")("t")


@pytest.fixture(scope="session", params=ENGINES)
def engine_corpus(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> dict:
    """:func:`corpus` on each engine (the SQLite one is the shared ``corpus`` itself)."""
    if request.param == "sqlite":
        return request.getfixturevalue("sqlite_corpus")
    url = request.getfixturevalue("pg_databases")("corpus")
    return build_db(url, tmp_path_factory.mktemp("pg-corpus"))
