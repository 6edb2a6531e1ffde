"""The overlap look-ups that keep the components linear answer what a scan of every range answers."""

from __future__ import annotations

import random

from parley.nlp.entities.resolve import _occurrences
from parley.nlp.intervals import Intervals, tokens_inside, tokens_overlapping


def test_intervals_answer_like_a_full_scan() -> None:
    rng = random.Random(7)
    taken = Intervals()
    plain: list[tuple[int, int]] = []
    for _ in range(600):
        s = rng.randrange(0, 5000)
        item = (s, s + rng.choice([0, 1, 3, 8, 40, 700]))
        taken.append(item)
        plain.append(item)
        for _q in range(5):
            a = rng.randrange(-50, 5100)
            b = a + rng.randrange(-5, 60)
            assert taken.overlaps(a, b) == any(ts < b and a < te for ts, te in plain)
            first = next((i for i, (ts, te) in enumerate(plain) if ts < b and a < te), None)
            assert taken.first_overlap(a, b) == first
    assert list(taken) == plain and isinstance(taken, list)


def test_tokens_inside_and_overlapping_match_the_scan() -> None:
    rng = random.Random(3)
    starts, ends, pos = [], [], 0
    for _ in range(400):
        pos += rng.randrange(0, 3)
        n = rng.randrange(1, 9)
        starts.append(pos)
        ends.append(pos + n)
        pos += n
    for _ in range(50):
        ranges = [(s, s + rng.randrange(1, 40)) for s in (rng.randrange(0, pos) for _ in range(rng.randrange(0, 30)))]
        toks = list(zip(starts, ends, strict=True))
        assert tokens_inside(starts, ends, ranges) == {
            i for i, (ts, te) in enumerate(toks) if any(s <= ts and te <= e for s, e in ranges)}
        assert tokens_overlapping(starts, ends, ranges) == {
            i for i, (ts, te) in enumerate(toks) if any(s < te and ts < e for s, e in ranges)}


def test_surface_occurrences_are_the_regex_hits() -> None:
    import re

    text = ("Ford Motor said Ford's plant, not the Fords or U.S.-Ford deal, and Ab Ab Ab. "
            "-Ford .Ford Ford-made Ford\nFord Motor Company; Ford") * 3
    starts: dict[str, list[int]] = {}
    for w in re.finditer(r"\w+", text):
        starts.setdefault(w.group(), []).append(w.start())
    for surface in ("Ford", "Ford Motor", "Ab Ab", "U.S.", "Ford Motor Company", "Fo"):
        want = [m.span() for m in re.finditer(r"(?<![\w.-])" + re.escape(surface) + r"(?![\w-])", text)]
        assert _occurrences(text, surface, starts) == want, surface
    assert _occurrences(text, "Ford", starts)  # not vacuous
