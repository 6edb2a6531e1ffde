"""Every ingest and cleaner entry point on mutated inputs (bounded count, recorded seed): nothing but
a ParleyError may escape, and every call ends within the hang limit. ``parley bench fuzz`` runs the
same harness on more inputs."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from parley.bench.fuzz import ENTRIES, HANG_S, SEED, fuzz, make_case, mutate, run_case, seed_inputs
from parley.config import SAMPLES_DIR

N_INPUTS = 300
# Inputs the harness once found crashing or stalling feed_items, kept as regression cases.
KNOWN_INPUTS = {
    "UnicodeEncodeError": b"<rss version='2.0'><channel><item><title>t</title><description>&#xD800; text"
                          b"</description></item></channel></rss>",
    "ValueError": b"<rss version='2.0'><channel><item><title>t</title><description>&#1114112; text"
                  b"</description></item></channel></rss>",
    "NoneSummary": b"<rss version='2.0'><channel><item><title>t</title><summary/></item></channel></rss>",
    # feedparser's end_category on a category closed after its item: KeyError 'tags' (seed 20261125, #79915)
    "KeyError": b"<rss version='2.0'><channel><item><title>t</title><category>Sarn di</item></channel></rss>"
                b"spute</category><description>x</description></item></channel></rss>",
    # 55 KB of blank lines before the root took feedparser's DOCTYPE patterns 21 s (seed 20261125, #36216)
    "BlankProlog": b"\n" * 60_000 + b"<rss version='2.0'><channel><item><title>t</title><description>x"
                   b"</description></item></channel></rss>",
}


def test_mutations_are_reproducible() -> None:
    pools = seed_inputs(SAMPLES_DIR)
    assert {fmt for _, fmt in ENTRIES} - {"any"} <= set(pools) and all(pools.values())
    a, b = make_case(SEED, 17, pools), make_case(SEED, 17, pools)
    assert a == b and a.data != make_case(SEED + 1, 17, pools).data
    import random

    assert mutate(random.Random(1), b"abc" * 100) == mutate(random.Random(1), b"abc" * 100)


def test_entry_points_survive_mutated_inputs(tmp_path: Path, record_property: pytest.RecordProperty) -> None:
    seed = int(os.environ.get("PARLEY_FUZZ_SEED") or SEED)
    record_property("fuzz_seed", seed)
    report = fuzz(N_INPUTS, seed=seed, keep=tmp_path / "findings")
    how = f"seed {seed} (PARLEY_FUZZ_SEED={seed} to rerun; inputs saved under {report.findings})"
    assert report.inputs == N_INPUTS, how
    assert set(report.per_entry) == {e for e, _ in ENTRIES}, how
    assert not report.crashes, f"{how}: {report.crashes}"
    assert not report.hangs, f"{how}: calls still running after {HANG_S:g} s: {report.hangs}"


@pytest.mark.parametrize("kind", sorted(KNOWN_INPUTS))
def test_inputs_that_once_crashed_feeds_do_not(tmp_path: Path, kind: str) -> None:
    import time

    from parley.bench.fuzz import Case

    started = time.monotonic()
    run_case(Case(0, "feed_items", KNOWN_INPUTS[kind]), tmp_path)
    assert time.monotonic() - started < 2.0
