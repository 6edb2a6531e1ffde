"""parley_quotes on long documents: the look-ups that keep its time linear give what the plain scans they
replace give. Real news text (the ScrapingHub bodies, the seed article) and crafted strings; tests needing
the shipped model or the shared data fail (never skip) when they are missing."""

from __future__ import annotations

import bisect
import json
import random
import re
from typing import Any

import pytest

from parley.config import shared_data, shared_dir
from parley.nlp.context import doc_context
from parley.nlp.quotes import names as N
from parley.nlp.quotes.component import _dedupe
from parley.nlp.quotes.rules import Finder, _Reports
from parley.nlp.quotes.speaker import Resolver, _Descriptions, _Echoes, description_walls


@pytest.fixture(scope="module")
def bodies() -> list[str]:
    truth = shared_data("extraction", "scrapinghub") / "ground-truth.json"
    assert truth.is_file(), f"ScrapingHub ground truth missing at {truth}"
    return [v["articleBody"] for _k, v in sorted(json.loads(truth.read_text(encoding="utf-8")).items())
            if v["articleBody"].strip()]


@pytest.fixture(scope="module")
def long_doc(nlp: Any, bodies: list[str]) -> Any:
    return nlp("\n\n".join(bodies[:12]), disable=["parley_quotes", "parley_events"])


def _title_pattern(heads: list[str], abbr: list[str]) -> re.Pattern[str]:
    """The title-before-a-name pattern of ``NameBook._title_uses``."""
    head = "(?:" + "|".join(map(re.escape, heads)) + ")"
    title = (r"(?P<t>(?i:(?:[\w'’-]+\s+){0,3}?" + head + r"(?:\s+" + head + r"(?![\w-]))*|(?:"
             + "|".join(map(re.escape, abbr)) + r")\.?))(?![\w-])")
    return re.compile(rf"{title}[ ]+(?P<n>[A-Z][\w'’-]+(?:[ ][A-Z][\w'’.-]+){{0,2}})")


def _spans(matches: Any) -> list[tuple[tuple[int, int], ...]]:
    return [(m.span(), m.span("t"), m.span("n")) for m in matches]


TRICKY = ["ex-President Nora Vale", "xpresident  Ivo Brandt said", "Sen. Ted Orr", "SEN Ted", "Wilsen Mark",
          "the former deputy prime minister Robert Hale", "a b c d e president Joe", "PRESIDENT\nJoe",
          "Prime Minister President Chief Robert Hale", "president's Joe", "gov.  Rick Perro",
          "(former Gov. Rick Perro)",
          "Vice-President Kamala Hart", "ſenator Bob", "minister\u00a0Bob", "premier   Doug Fenn", "K\u212aING Bob"]


def test_titles_before_names_are_those_a_full_scan_finds(bodies: list[str]) -> None:
    heads = sorted(N.TITLE_WORDS - N.HONORIFICS, key=len, reverse=True)
    abbr = sorted(set(N.TITLE_ABBREVIATIONS.values()), key=len, reverse=True)
    pattern = _title_pattern(heads, abbr)
    seed = (shared_dir() / "seed" / "article.txt").read_text(encoding="utf-8")
    text = "\n\n".join([seed, *bodies[:40]])
    want = _spans(pattern.finditer(text))
    assert len(want) > 10
    assert _spans(N._title_before_name(pattern, text, heads, abbr)) == want
    rnd = random.Random(13)  # titles in odd shapes pasted into real text
    for _ in range(300):
        body = rnd.choice(bodies)
        at = rnd.randrange(len(body))
        glue = rnd.choice([" ", "", "\n", ", "])
        pasted = glue.join(rnd.choice(TRICKY) for _ in range(rnd.randint(1, 4)))
        s = body[max(0, at - 150):at] + pasted + body[at:at + 150]
        assert _spans(N._title_before_name(pattern, s, heads, abbr)) == _spans(pattern.finditer(s)), s


def test_titles_of_other_scripts_are_found_as_a_full_scan_finds() -> None:
    heads = ["staatsminister", "ſtaatsminister", "große chef", "president"]
    abbr = ["sen"]
    pattern = _title_pattern(heads, abbr)
    for s in ["der Staatsminister Bob", "the große chef Anna", "x große  chef  Anna Bob", "STAATSMINISTER Ulf",
              "a President große chef Ola", *TRICKY]:
        assert _spans(N._title_before_name(pattern, s, heads, abbr)) == _spans(pattern.finditer(s)), s


def _full_walk(r: Resolver, gender: str) -> list[tuple[int, str | None, str, bool]]:
    """Every narrative he/she of ``gender`` resolved in turn with all the speakers so far: the walk the kept
    answers stand for."""
    extra = sorted(((a, key, name, True) for a, key, name in r.history), key=lambda c: c[0])
    out: list[tuple[int, str | None, str, bool]] = []
    for idx in r._narrative_pronouns().get(gender, []):
        got = r._antecedent(idx, gender, (-1, -1), extra)
        if got is not None:
            out.append((idx, got[0], got[1], True))
            bisect.insort_right(extra, out[-1], key=lambda c: c[0])
    return out


def test_narrative_he_and_she_kept_as_speakers_are_added_match_a_full_walk(nlp: Any, long_doc: Any) -> None:
    """The he/she answers kept while speakers are added are those of a full walk with all of them, also when a
    speaker comes before answers already given (they are undone), at a pronoun's own offset, or at another
    speaker's (the one added later goes after)."""
    with doc_context(long_doc):
        found = _dedupe(Finder(long_doc, nlp.get_pipe("parley_quotes").cues).run())
        done = Resolver(long_doc)
        done.attribute(found)
        end = len(long_doc.text)
        assert len(done.history) > 10 and len(done._echoes("m", end)) > 5
        for gender in ("m", "f"):
            assert done._echoes(gender, end) == _full_walk(done, gender)
        r = Resolver(long_doc)
        r.quotes = done.quotes
        pronouns = r._narrative_pronouns()["m"]
        hist = done.history
        speakers = list(hist) + [(idx, hist[k][1], hist[k][2]) for k, idx in enumerate(pronouns[::7][:len(hist)])]
        speakers += [(a, hist[k - 1][1], hist[k - 1][2]) for k, (a, _key, _name) in enumerate(hist) if k % 2]
        rnd = random.Random(5)
        rnd.shuffle(speakers)
        undone = 0
        for k, speaker in enumerate(speakers):
            before = r._echoes("m", end)
            r.history.append(speaker)
            if k % 3 == 0 or k == len(speakers) - 1:
                at = rnd.randrange(end)
                walk = _full_walk(r, "m")
                assert r._echoes("m", at) == [c for c in walk if c[0] < at]
                assert r._echoes("m", end) == walk
                undone += any(c[0] >= speaker[0] for c in before)
        assert undone > 3


def test_a_speaker_undoes_the_answers_at_and_after_it_and_goes_after_speakers_at_its_offset() -> None:
    kept = _Echoes([2, 5, 7, 9])
    kept.add_speaker((5, "a", "A", True))
    for answer in [(2, "a", "A", True), (5, "b", "B", True), (7, "a", "A", True)]:
        kept.add_echo(answer)
    kept.done = 3
    assert kept.extra == [(2, "a", "A", True), (5, "a", "A", True), (5, "b", "B", True), (7, "a", "A", True)]
    kept.add_speaker((5, "c", "C", True))
    assert kept.out == [(2, "a", "A", True)] and kept.done == 1 and kept.seen == 2
    assert kept.extra == [(2, "a", "A", True), (5, "a", "A", True), (5, "c", "C", True)]  # as sorted() leaves them
    kept.add_speaker((1, "d", "D", True))
    assert kept.out == [] and kept.done == 0
    assert kept.extra == [(1, "d", "D", True), (5, "a", "A", True), (5, "c", "C", True)]


def _described_by_a_scan(text: str, head: str, before: int, describe: Any) -> str | None:
    """``Resolver._described_as`` as a scan of ``text[:before]`` for each mention."""
    word = r"[A-Z](?:[\w&'’-]|\.(?=\w))*"
    name = rf"(?P<n>{word}(?:(?:\s+(?:of|for|and|&)\s+|\s+){word}){{0,5}})"
    noun = re.escape(head)
    found = [d for pat in (rf"{name},\s+(?:the|a|an)\s+(?:[a-z][\w-]*\s+){{0,3}}{noun}\b",
                           rf"\b(?:[Tt]he|[Aa]n?)\s+(?:[a-z][\w-]*\s+){{0,2}}{noun},?\s+{name}")
             for m in re.finditer(pat, text[:before]) for d in [describe(m)] if d is not None]
    return max(found)[1] if found else None


def _named(m: re.Match[str]) -> tuple[int, str] | None:
    return None if m.group("n").startswith("The") else (m.start("n"), m.group("n"))


AT_WALLS = ["“Northwind Aid, the charity group said", "(the aid group Kestrel Relief) said",
            "Veld Motors, the company.", "the group Kestrel Relief.It said", "the firm U.S. Steel",
            "“the company Veld Motors”", "the group: Acme", "the co. Veld Motors.", "Veld Motors, the small co. and",
            "(Veld Motors, the co.)", "the groupgroup Acme"]


def test_organisations_described_before_an_offset_are_those_a_scan_finds(bodies: list[str]) -> None:
    """Every paragraph of the ScrapingHub bodies that describes an organisation, and descriptions right after
    or before a character the patterns never read: the same answer as a scan of the text up to each offset
    about each description's start, name and end."""
    heads = ["company", "group", "firm", "agency", "co.", "groupgroup"]
    paras = [p for b in bodies for p in b.split("\n") if any(f" {h}" in p for h in heads)]
    rnd = random.Random(3)
    text = "\n".join(paras + [rnd.choice(AT_WALLS) + " " + rnd.choice(paras)[:80] for _ in range(60)])
    checked = 0
    for head in heads:
        read = _Descriptions(text, head, _named, description_walls(text, head)[1]())
        edges = {x for p in read.pats for m in p.finditer(text) for x in (m.start(), m.start("n"), m.end())}
        edges |= {read.walls[k] for e in list(edges) for k in [bisect.bisect_left(read.walls, e) - 1] if k >= 0}
        for before in sorted({e + d for e in edges for d in (-2, -1, 0, 1, 2, 30)} | {0, len(text)}):
            want = _described_by_a_scan(text, head, before, _named)
            assert read.last_before(before) == want, (head, before)
            checked += want is not None
    assert checked > 200


def test_organisations_described_in_a_parsed_article_are_those_a_scan_finds(long_doc: Any) -> None:
    with doc_context(long_doc):
        r = Resolver(long_doc)
        found = 0
        for head in ("group", "firm", "company"):
            for before in range(0, len(r.text) + 1, 499):
                got = r._described_as(head, before)
                assert got == _described_by_a_scan(r.text, head, before, r._description)
                found += got is not None
        assert found > 10


def test_piece_look_ups_are_the_scans_they_replace(nlp: Any, long_doc: Any) -> None:
    finder = Finder(long_doc, nlp.get_pipe("parley_quotes").cues)
    pieces = finder.pieces
    assert finder.in_order and len(pieces) > 20
    for pos in range(0, len(finder.text), 7):
        assert finder.in_piece(pos) == any(p.start <= pos < p.end for p in pieces)
        assert finder.next_open(pos) == next((q.open for q in pieces if q.open >= pos), None)
        lo = max(0, pos - 300)
        assert finder.last_outer_end(lo, pos) == max(
            [q.outer_end for q in pieces if lo <= q.outer_end <= pos], default=None)
        assert finder.pieces_within(lo, pos) == [p for p in pieces if lo <= p.open and p.outer_end <= pos]


def test_reports_hold_what_a_scan_says_they_hold() -> None:
    rnd = random.Random(7)
    for _ in range(200):
        spans = [(a, a + rnd.randint(0, 40)) for a in (rnd.randint(0, 100) for _ in range(rnd.randint(0, 12)))]
        reports = _Reports(spans)
        for a in range(0, 110, 3):
            for b in range(a, a + 50, 4):
                want = any(s <= a and b <= e and (s, e) != (a, b) for s, e in spans)
                assert reports.holds(a, b) == want, (spans, a, b)
