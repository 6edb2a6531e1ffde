"""Shared fixtures for the API, web and browser tests: a real SQLite file holding real inputs."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest

from parley.config import shared_dir
from parley.records import Entity, Event, Mention, Quote, Role, Span, Timex
from parley.service import Service, sample_sources
from parley.store import repo
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
    russia = Entity(key="russia", name="Russia", type="GPE", code="RUS",
                    mentions=[Mention(**s("Russia and Ukraine agreed").model_dump() | {
                        "end": text.index("Russia and Ukraine agreed") + 6, "text": "Russia"}, label="GPE")])
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
    return {"timexes": timexes, "entities": [lavrov, zakharova, russia], "quotes": [quote, quote2],
            "events": events}


def build_db(path: Path, xss_dir: Path, *, use_nlp: bool = False, hand: bool = True) -> dict:
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
def corpus(tmp_path_factory: pytest.TempPathFactory) -> dict:
    base = tmp_path_factory.mktemp("corpus")
    return build_db(base / "parley.db", base)


@pytest.fixture(scope="session")
def corpus_builder() -> Callable[..., dict]:
    """``build_db`` itself, for tests that need their own database (e.g. with NLP on)."""
    return build_db
