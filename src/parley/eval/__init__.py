"""Gold readers and scorers. ``parley eval TASK`` runs ``parley.eval.TASK.evaluate``.

Every task module defines ``DEFAULT_GOLD: Path`` and
``evaluate(gold: Path, *, limit: int | None = None) -> EvalResult | list[EvalResult]``.
"""

from __future__ import annotations

import importlib
from pathlib import Path
from types import ModuleType

from parley.errors import NotFound

TASKS = ["extraction", "syntax", "ner", "timex", "entities", "quotes", "events"]


def task_module(task: str) -> ModuleType:
    if task not in TASKS:
        raise NotFound(f"unknown eval task {task!r}; choose from {', '.join(TASKS)}")
    try:
        return importlib.import_module(f"parley.eval.{task}")
    except ModuleNotFoundError as exc:
        if exc.name == f"parley.eval.{task}":
            raise NotFound(f"eval task {task!r} is not implemented yet") from exc
        raise


def default_gold(task: str) -> Path:
    return Path(task_module(task).DEFAULT_GOLD)
