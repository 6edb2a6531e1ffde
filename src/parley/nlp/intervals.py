"""Overlap look-ups over character ranges in time that does not grow with the document.

A component that asks, for every candidate it finds, "does this overlap anything taken so far?"
with ``any(...)`` over a list scans the whole document's list per candidate: quadratic in the
document's length. :class:`Intervals` is that list (it still is one: code that iterates it or
types it ``list[tuple[int, int]]`` works unchanged) with its ranges also filed by position, so
an overlap query looks only near the range asked about.
"""

from __future__ import annotations

import bisect
from collections.abc import Iterable

BUCKET = 256  # characters per bucket


class Intervals(list[tuple[int, int]]):
    """``(start, end)`` ranges in insertion order, filed by start for overlap queries."""

    def __init__(self, items: Iterable[tuple[int, int]] = ()) -> None:
        super().__init__()
        self._buckets: dict[int, list[int]] = {}  # start // BUCKET -> positions in the list
        self._longest = 0
        for item in items:
            self.append(item)

    def append(self, item: tuple[int, int]) -> None:
        s, e = item
        self._buckets.setdefault(s // BUCKET, []).append(len(self))
        self._longest = max(self._longest, e - s)
        super().append(item)

    def _near(self, s: int, e: int) -> Iterable[int]:
        """Positions of every range that may overlap ``[s, e)``: those starting after ``s`` minus
        the longest range and before ``e``."""
        for b in range((s - self._longest) // BUCKET, (e - 1) // BUCKET + 1):
            yield from self._buckets.get(b, ())

    def near(self, s: int, e: int) -> list[int]:
        """Positions, in insertion order, of every range that may overlap ``[s, e)`` (a superset: the
        caller tests its own condition on them)."""
        return sorted(self._near(s, e))

    def first_overlap(self, s: int, e: int) -> int | None:
        """Position (in insertion order) of the first range with ``ts < e and s < te``, or None:
        what ``next(i for i, (ts, te) in enumerate(self) if ts < e and s < te)`` gives."""
        best: int | None = None
        for i in self._near(s, e):
            ts, te = self[i]
            if ts < e and s < te and (best is None or i < best):
                best = i
        return best

    def overlaps(self, s: int, e: int) -> bool:
        """``any(ts < e and s < te for ts, te in self)``."""
        for i in self._near(s, e):
            ts, te = self[i]
            if ts < e and s < te:
                return True
        return False


def tokens_inside(starts: list[int], ends: list[int], ranges: Iterable[tuple[int, int]]) -> set[int]:
    """Indexes of the tokens (sorted, non-overlapping; ``starts``/``ends`` their offsets) lying wholly
    within some range: ``{i for i in tokens if any(s <= starts[i] and ends[i] <= e for s, e in ranges)}``."""
    out: set[int] = set()
    for s, e in ranges:
        j = bisect.bisect_left(starts, s)
        while j < len(starts) and starts[j] < e:
            if ends[j] <= e:
                out.add(j)
            j += 1
    return out


def tokens_overlapping(starts: list[int], ends: list[int], ranges: Iterable[tuple[int, int]]) -> set[int]:
    """Indexes of the tokens (sorted, non-overlapping) that overlap some range:
    ``{i for i in tokens if any(s < ends[i] and starts[i] < e for s, e in ranges)}``."""
    out: set[int] = set()
    for s, e in ranges:
        j = bisect.bisect_right(ends, s)
        while j < len(starts) and starts[j] < e:
            if s < ends[j]:
                out.add(j)
            j += 1
    return out
