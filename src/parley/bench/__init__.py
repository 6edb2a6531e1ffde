"""Throughput and memory. ``parley bench TASK`` runs ``parley.bench.TASK.benchmark``.

Every task module defines ``DEFAULT_GOLD: Path`` and
``benchmark(gold: Path, *, limit: int | None = None) -> EvalResult``.
"""

from __future__ import annotations

import importlib
from types import ModuleType

from parley.errors import NotFound

TASKS = ["ingest", "ingest-full", "nlp", "timex", "api", "fuzz", "spark"]


def task_module(task: str) -> ModuleType:
    if task not in TASKS:
        raise NotFound(f"unknown bench task {task!r}; choose from {', '.join(TASKS)}")
    name = f"parley.bench.{task.replace('-', '_')}"
    try:
        return importlib.import_module(name)
    except ModuleNotFoundError as exc:
        if exc.name == name:
            raise NotFound(f"bench task {task!r} is not implemented yet") from exc
        raise
