"""spaCy components and the loader for Parley's shipped pipeline.

Each extractor is a registered spaCy factory named ``parley_*`` living in its own module here.
``load()`` returns the project-trained pipeline with every available Parley component added.
"""

from __future__ import annotations

import importlib
from pathlib import Path
from typing import Any

from parley.config import MODELS_DIR
from parley.errors import MissingResource

MODEL_NAME = "en_parley"

# (module, factory) in pipeline order. A module that is not written yet is skipped.
COMPONENTS: list[tuple[str, str]] = [
    ("parley.nlp.timex", "parley_timex"),
    ("parley.nlp.entities", "parley_entities"),
    ("parley.nlp.quotes", "parley_quotes"),
    ("parley.nlp.events", "parley_events"),
]


def model_path() -> Path:
    """Folder of the shipped, project-trained spaCy pipeline."""
    return MODELS_DIR / MODEL_NAME


def available_components() -> list[str]:
    """Factories whose modules import (registering them with spaCy)."""
    names = []
    for module, factory in COMPONENTS:
        try:
            importlib.import_module(module)
        except ModuleNotFoundError as exc:
            if exc.name != module:
                raise
            continue
        names.append(factory)
    return names


def load(*, components: bool = True, exclude: list[str] | None = None, **kwargs: Any) -> Any:
    """Load the shipped pipeline (no network) and add Parley's extractors.

    Raises :class:`MissingResource` when the model is not built: run ``make model``.
    """
    import spacy

    path = model_path()
    if not (path / "config.cfg").exists():
        raise MissingResource(f"no trained model at {path}; build it with `make model`")
    nlp = spacy.load(path, exclude=exclude or [], **kwargs)
    if "sentence_hints" in nlp.pipe_names:
        from parley.nlp.tokenizer import sentence_hint_patterns

        # The rules in code are the source of truth: a model packaged before a rule was added gets it too.
        hints = nlp.get_pipe("sentence_hints")
        hints.clear()
        hints.add_patterns(sentence_hint_patterns())
    if "ner" in nlp.pipe_names and "parley_title_names" not in nlp.pipe_names:
        from parley.nlp.names import NAME  # registers the factory

        nlp.add_pipe(NAME, after=nlp.pipe_names[nlp.pipe_names.index("ner") + 1]
                     if "gpe_ruler" in nlp.pipe_names else "ner")
    if components:
        for name in available_components():
            if name not in nlp.pipe_names and name not in (exclude or []):
                nlp.add_pipe(name)
    return nlp
