"""Parley: who said what, who did what to whom, when and where."""

from __future__ import annotations

from typing import Any

__version__ = "0.1.0"
__all__ = ["__version__", "load"]


def load(**kwargs: Any) -> Any:
    """Load Parley's shipped spaCy pipeline with every Parley component: ``parley.load()(text)``."""
    from parley.nlp import load as _load

    return _load(**kwargs)
