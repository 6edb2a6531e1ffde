"""parley_timex: the seed article, tense direction, granularity, DCT inference, bad input."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
import spacy

from parley.config import shared_dir
from parley.nlp.timex.component import anchor_date, infer_dct, parse_dct

SEED = shared_dir() / "seed"
JUNK = ("Error message", "An error occurred while searching, try again later.")


@pytest.fixture(scope="module")
def nlp() -> spacy.Language:
    nlp = spacy.blank("en")
    nlp.add_pipe("parley_timex")
    return nlp


def run(nlp: spacy.Language, text: str, dct: object = None) -> spacy.tokens.Doc:
    doc = nlp.make_doc(text)
    doc._.dct = dct
    return nlp(doc)


def values(doc: spacy.tokens.Doc) -> dict[str, list[str | None]]:
    out: dict[str, list[str | None]] = {}
    for t in doc._.timexes:
        out.setdefault(t.text, []).append(t.value)
    return out


def seed_text() -> str:
    path = SEED / "article.txt"
    assert path.exists(), f"seed article missing: {path}"  # fail loudly, never skip
    lines = path.read_text(encoding="utf-8").splitlines()
    return "\n".join(line for line in lines if line.strip() not in JUNK)


def seed_expected() -> dict:
    path = SEED / "expected.json"
    assert path.exists(), f"seed expectations missing: {path}"
    return json.loads(path.read_text(encoding="utf-8"))


@pytest.mark.parametrize("dct", ["2025-05-28", None])
def test_seed_values(nlp: spacy.Language, dct: str | None) -> None:
    exp = seed_expected()
    doc = run(nlp, seed_text(), dct)
    assert doc._.dct == exp["published"]["value"]
    assert doc._.dct_source == ("user" if dct else "inferred")
    got = [(t.text, t.value) for t in doc._.timexes]
    for item in exp["timexes"]:
        assert (item["text"], item["value"]) in got, (item, got)
    # every timex record points at its own text
    for t in doc._.timexes:
        assert doc.text[t.start:t.end] == t.text


def test_seed_infer_dct() -> None:
    d, conf = infer_dct(seed_text())
    assert d == date(2025, 5, 28)
    assert 0 < conf <= 1


def test_spans_and_extensions(nlp: spacy.Language) -> None:
    doc = run(nlp, "The talks begin on June 2, 2025 and run for three years.", "2025-05-28")
    spans = doc.spans["timex"]
    assert [s.text for s in spans] == ["June 2, 2025", "three years"]
    assert spans[0]._.timex_type == "DATE" and spans[0]._.timex_value == "2025-06-02"
    assert spans[1]._.timex_type == "DURATION" and spans[1]._.timex_value == "P3Y"


@pytest.mark.parametrize("text,expected", [
    ("The minister said on Monday that talks had failed.", "2025-05-26"),
    ("The minister will travel to Kyiv on Monday.", "2025-06-02"),
    ("He met the envoy on Friday.", "2025-05-23"),
    ("They will meet again on Friday.", "2025-05-30"),
    ("The vote is scheduled for Friday.", "2025-05-30"),
    ("Next Monday the talks resume.", "2025-06-02"),
    ("Last Wednesday the talks stalled.", "2025-05-21"),
    ("The summit was held on Wednesday.", "2025-05-28"),
])
def test_weekday_direction(nlp: spacy.Language, text: str, expected: str) -> None:
    doc = run(nlp, text, "2025-05-28")  # a Wednesday
    assert [t.value for t in doc._.timexes] == [expected]


@pytest.mark.parametrize("text,expected", [
    ("The war began in February 2022.", ("February 2022", "2022-02", "DATE")),
    ("It was founded in 1998.", ("1998", "1998", "DATE")),
    ("Sales fell in the third quarter.", ("the third quarter", "2025-Q3", "DATE")),
    ("Prices rose last week.", ("last week", "2025-W21", "DATE")),
    ("It happened two years ago.", ("two years ago", "2023", "DATE")),
    ("The fighting has lasted three years.", ("three years", "P3Y", "DURATION")),
    ("The paper is printed daily.", ("daily", "P1D", "SET")),
    ("He arrived at 3:30 p.m.", ("3:30 p.m.", "2025-05-28T15:30", "TIME")),
    ("Inflation is falling now.", ("now", "PRESENT_REF", "DATE")),
    ("Trade slowed in the late 1990s.", ("the late 1990s", "199", "DATE")),
    ("The offer came in early June.", ("early June", "2025-06", "DATE")),
    ("He spoke Wednesday night.", ("Wednesday night", "2025-05-28TNI", "DATE")),
    ("The deal closed three days after the vote.", ("three days", "P3D", "DURATION")),
    ("The ruling came a month later.", ("a month", "P1M", "DURATION")),
    ("The flight lasted 5 1/2 hours.", ("5 1/2 hours", "PT5H30M", "DURATION")),
    ("They stayed for 2 1/2 years.", ("2 1/2 years", "P2Y6M", "DURATION")),
    ("Profit fell in the first half of 2024.", ("the first half of 2024", "2024-H1", "DATE")),
    ("The crash happened in nineteen ninety-six.", ("nineteen ninety-six", "1996", "DATE")),
    ("The offer expires at 5 p.m. EST, June 3.", ("5 p.m. EST, June 3", "2025-06-03T17:00", "TIME")),
    ("The Times said in an editorial on Monday, May 26:", ("Monday, May 26", "2025-05-26", "DATE")),
])
def test_granularity(nlp: spacy.Language, text: str, expected: tuple[str, str, str]) -> None:
    doc = run(nlp, text, "2025-05-28")
    got = [(t.text, t.value, t.type) for t in doc._.timexes]
    assert got == [expected]


def test_mods(nlp: spacy.Language) -> None:
    doc = run(nlp, "In early June, after about two years of talks.", "2025-05-28")
    mods = {t.text: t.mod for t in doc._.timexes}
    assert mods == {"early June": "START", "about two years": "APPROX"}


def test_infer_dct_weekday_pair() -> None:
    text = ("The fighting has raged since February 2022. Officials said on Wednesday that "
            "talks resume next Monday, June 2.")
    assert infer_dct(text)[0] == date(2025, 5, 28)
    assert infer_dct("Nothing temporal here at all.") == (None, 0.0)


def test_no_dct_no_evidence(nlp: spacy.Language) -> None:
    doc = run(nlp, "They met on Monday and will meet again next week; it took three days.")
    assert doc._.dct is None and doc._.dct_source is None
    vals = values(doc)
    assert vals["Monday"] == ["XXXX-WXX-1"]
    assert vals["next week"] == [None]
    assert vals["three days"] == ["P3D"]


@pytest.mark.parametrize("text", [
    "2882015", "May I go now?", "Olive May said no.", "Do", "a second", "we", "",
    "   \n\n  ", "May", "March on the capital!", "Call 555-2015 on 13/45/2015.",
    "It cost $1999 and 2000 people came.", "99999999999999999999 years ago",
    "on 31 February 2024", "Feb. 30", "at 25:99", "the 0th of Nevermber",
])
@pytest.mark.parametrize("dct", [None, "2025-05-28", "not a date", "2025-13-45", 12345,
                                 "03-02-2009"])
def test_bad_input_never_crashes(nlp: spacy.Language, text: str, dct: object) -> None:
    doc = run(nlp, text, dct)
    for t in doc._.timexes:
        assert t.type in ("DATE", "TIME", "DURATION", "SET")
        assert t.value is None or isinstance(t.value, str)


def test_bad_input_not_dates(nlp: spacy.Language) -> None:
    for text in ("2882015", "May I go", "Olive May said", "Do", "we",
                 "Russia asked for a second meeting.", "It cost $1999."):
        assert run(nlp, text, "2025-05-28")._.timexes == [], text


def test_malformed_dct_is_inferred_or_none(nlp: spacy.Language) -> None:
    doc = run(nlp, "Talks were held on Monday, June 2, 2025.", "yesterday-ish")
    assert doc._.dct_source == "inferred" and doc._.dct == "2025-06-02"
    assert parse_dct("03-02-2009") == date(2009, 2, 3)
    assert parse_dct("garbage") is None


def test_config_dct(nlp: spacy.Language) -> None:
    nlp2 = spacy.blank("en")
    nlp2.add_pipe("parley_timex", config={"dct": "2025-05-28"})
    doc = nlp2("He left yesterday.")
    assert doc._.dct_source == "user"
    assert [t.value for t in doc._.timexes] == ["2025-05-27"]


def test_anchor_date(nlp: spacy.Language) -> None:
    text = "The deal was signed on May 16. Talks continue. Leaders will meet next Monday."
    doc = run(nlp, text, "2025-05-28")
    i = text.index("deal")
    assert anchor_date(doc, i, i + 4) == "2025-05-16"
    j = text.index("continue")
    assert anchor_date(doc, j, j + 8) == "2025-05-28"
    k = text.index("meet")
    assert anchor_date(doc, k, k + 4) == "2025-06-02"


def test_with_tagger_annotations_if_model(nlp: spacy.Language) -> None:
    """Tags, when present, only refine tense; a pipeline with a sentencer still works."""
    nlp2 = spacy.blank("en")
    nlp2.add_pipe("sentencizer")
    nlp2.add_pipe("parley_timex")
    doc = nlp2.make_doc("They met on Monday. They will meet on Friday.")
    doc._.dct = date(2025, 5, 28)
    doc = nlp2(doc)
    assert [t.value for t in doc._.timexes] == ["2025-05-26", "2025-05-30"]


def test_seed_dir_exists() -> None:
    assert Path(SEED).is_dir(), f"missing shared seed folder {SEED}"


def test_fiscal_year_ended(nlp: spacy.Language) -> None:
    doc = run(nlp, "Profit for the year ended March 31 rose.", "2025-05-28")
    assert [(t.text, t.value, t.type) for t in doc._.timexes][0] == ("the year", "P1Y", "DURATION")


@pytest.mark.parametrize("text,expected", [
    ("Officials met over the weekend.", "2025-W21-WE"),  # said on a Wednesday: the one just past
    ("Officials will meet over the weekend.", "2025-W22-WE"),
    ("Officials met last weekend.", "2025-W21-WE"),
    ("Officials meet next weekend.", "2025-W22-WE"),
])
def test_weekend(nlp: spacy.Language, text: str, expected: str) -> None:
    doc = run(nlp, text, "2025-05-28")
    assert [t.value for t in doc._.timexes] == [expected]


def test_anaphoric_year_and_month(nlp: spacy.Language) -> None:
    doc = run(nlp, "He fled in June 1998 and returned later that year. The following month he "
                   "was jailed. In 2001 he moved; the following year he died.", "2025-05-28")
    got = {t.text: t.value for t in doc._.timexes}
    assert got["later that year"] == "1998"
    assert got["The following month"] == "1998-07"
    assert got["the following year"] == "2002"
    # without an earlier date the DCT anchors it
    assert values(run(nlp, "Sales rose that year.", "2025-05-28"))["that year"] == ["2025"]


def test_thanksgiving_by_tense(nlp: spacy.Language) -> None:
    assert values(run(nlp, "He was found on Thanksgiving Day.", "2000-01-07")) == {
        "Thanksgiving Day": ["1999-11-25"]}
    assert values(run(nlp, "The family will gather on Thanksgiving.", "2025-05-28")) == {
        "Thanksgiving": ["2025-11-27"]}


def test_anchor_windows_lose_nothing() -> None:
    """Running each pattern only around its anchor words finds exactly what a full scan finds."""
    from parley.nlp.timex import rules as timex_rules

    texts = [seed_text(), (
        "Currently, about 5 1/2 hours later, at 10:35 a.m. EDT Friday, the fiscal 1998 third-quarter "
        "results for the year-ago period came in; sales rose 3% in the past three years, and "
        "nineteen ninety-six, Christmas Eve, mid-afternoon yesterday, every other Tuesday, "
        "the late 1990s, the '80s, 1998-08-07, 8/7/98, the coming weeks and the near future "
        "were all mentioned last week, two days before Jan. 5, 1999, this past spring and in "
        "May 2003. Up to 30 days ago the daily tally fell; later that year, tonight.")]
    for text in texts:
        windowed = [(c.start, c.end, c.type, c.kind) for c in timex_rules.extract(text)]
        timex_rules.WINDOWED = False
        try:
            full = [(c.start, c.end, c.type, c.kind) for c in timex_rules.extract(text)]
        finally:
            timex_rules.WINDOWED = True
        assert windowed == full
        assert len(full) > 3
