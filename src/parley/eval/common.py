"""Shared pieces of every scorer: the result object, P/R/F1, and writing figures into docs/."""

from __future__ import annotations

import json
import platform
import re
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from parley.config import repo_docs_dir


@dataclass
class EvalResult:
    """One ``parley eval``/``parley bench`` run. ``to_json()`` is the ``--json`` object."""

    task: str
    dataset: str
    documents: int
    metrics: dict[str, Any]
    peers: dict[str, dict[str, Any]] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)
    extra_markdown: str = ""

    def to_json(self) -> dict[str, Any]:
        return {
            "task": self.task,
            "dataset": self.dataset,
            "documents": self.documents,
            "metrics": self.metrics,
            "peers": self.peers,
        }

    def dumps(self) -> str:
        return json.dumps(self.to_json(), ensure_ascii=False)


def prf(tp: float, n_pred: float, n_gold: float) -> dict[str, float]:
    """Precision, recall and F1 from counts (0.0 where undefined)."""
    p = tp / n_pred if n_pred else 0.0
    r = tp / n_gold if n_gold else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {"precision": round(p, 4), "recall": round(r, 4), "f1": round(f, 4)}


def _fmt(v: Any) -> str:
    if isinstance(v, float):
        return f"{v:.4f}" if 0 <= v <= 1 else f"{v:,.1f}"  # ratios in 0..1, else rates and sizes
    if isinstance(v, int):
        return f"{v:,}"
    return str(v)


def markdown_table(result: EvalResult) -> str:
    """A metrics table with Parley's figures beside each peer's from the same run."""
    names = ["parley", *result.peers.keys()]
    rows = [result.metrics, *result.peers.values()]
    keys: list[str] = []
    for row in rows:
        for k in row:
            if k not in keys and not isinstance(row[k], dict | list):
                keys.append(k)
    head = "| system | " + " | ".join(keys) + " |"
    sep = "|---|" + "---|" * len(keys)
    lines = [head, sep]
    for name, row in zip(names, rows, strict=True):
        lines.append(f"| {name} | " + " | ".join(_fmt(row.get(k, "")) for k in keys) + " |")
    return "\n".join(lines)


def section_markdown(result: EvalResult, command: str) -> str:
    stamp = datetime.now(UTC).strftime("%Y-%m-%d")
    parts = [
        f"### {result.task} — {result.dataset}",
        "",
        f"Command: `{command}`  ",
        f"Documents: {result.documents:,}; run {stamp} on {platform.machine()}, "
        f"Python {platform.python_version()}.",
        "",
        markdown_table(result),
    ]
    if result.notes:
        parts += ["", *[f"- {n}" for n in result.notes]]
    if result.extra_markdown:
        parts += ["", result.extra_markdown]
    return "\n".join(parts) + "\n"


def write_section(doc: str, key: str, body: str, *, title: str) -> Path:
    """Replace (or append) the block between ``<!-- parley:KEY -->`` markers in ``docs/DOC``."""
    path = repo_docs_dir() / doc
    path.parent.mkdir(parents=True, exist_ok=True)
    text = path.read_text(encoding="utf-8") if path.exists() else f"# {title}\n\n"
    begin, end = f"<!-- parley:{key} -->", f"<!-- /parley:{key} -->"
    block = f"{begin}\n{body.rstrip()}\n{end}"
    pattern = re.compile(re.escape(begin) + r".*?" + re.escape(end), re.S)
    if pattern.search(text):
        text = pattern.sub(lambda _m: block, text)
    else:
        text = text.rstrip() + "\n\n" + block + "\n"
    path.write_text(text, encoding="utf-8")
    return path


def record(result: EvalResult, *, command: str, bench: bool = False) -> Path:
    """Write a result's section into docs/EVALUATION.md (or BENCHMARKS.md for benches)."""
    doc, title = ("BENCHMARKS.md", "Benchmarks") if bench else ("EVALUATION.md", "Evaluation")
    key = f"{'bench' if bench else 'eval'}:{result.task}:{result.dataset}"
    return write_section(doc, key, section_markdown(result, command), title=title)
