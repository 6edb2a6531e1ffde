"""Extraction gate: Parley's cleaner must keep its ScrapingHub F1 and stay ahead of trafilatura."""

from __future__ import annotations

from parley.eval.extraction import DEFAULT_GOLD, evaluate, tp_fp_fn


def test_metric_matches_the_benchmark_definition() -> None:
    assert tp_fp_fn("a b c d e", "a b c d e") == (1.0, 0.0, 0.0)
    tp, fp, fn = tp_fp_fn("a b c d e", "a b c d x")
    assert (tp, fp, fn) == (1 / 3, 1 / 3, 1 / 3)
    assert tp_fp_fn("", "") == (0.0, 0.0, 0.0)


def test_scrapinghub_floor() -> None:
    assert (DEFAULT_GOLD / "ground-truth.json").exists(), f"gold data missing at {DEFAULT_GOLD}"
    result = evaluate(DEFAULT_GOLD)
    assert result.documents == 181
    assert result.metrics["f1"] >= 0.96
    assert result.metrics["f1"] > result.peers["trafilatura"]["f1"]
    assert set(result.to_json()) == {"task", "dataset", "documents", "metrics", "peers"}
