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
    ("parley.nlp.timex.component", "parley_timex"),
    ("parley.nlp.entities.component", "parley_entities"),
    ("parley.nlp.quotes.component", "parley_quotes"),
    ("parley.nlp.events.component", "parley_events"),
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


def actor_config(actors: str | Path | None) -> dict[str, dict[str, str]]:
    """Component settings for an extra actor list: a YAML file of the user's own actors
    (``actors: [{name, type, country, sector, aliases}]``) or Phoenix/TABARI ``.actors`` dictionaries
    (a file or a folder of ``*.actors.txt``). Raises :class:`Rejected` naming the path when it
    cannot be used."""
    if actors is None or str(actors) == "":
        return {}
    import yaml

    from parley.errors import Rejected

    path = Path(actors).expanduser()
    if not path.exists():
        raise Rejected("actor list not found", item=str(actors))
    if path.is_dir():
        if not any(path.glob("*.actors.txt")):
            raise Rejected("no *.actors.txt files in this folder", item=str(actors))
        return {"parley_entities": {"phoenix_path": str(path)}, "parley_events": {"phoenix_path": str(path)}}
    if path.suffix.lower() in (".yaml", ".yml"):
        try:
            data = yaml.safe_load(path.read_text(encoding="utf-8"))
        except (UnicodeDecodeError, yaml.YAMLError) as exc:
            raise Rejected(f"not a readable YAML actor list ({type(exc).__name__})", item=str(actors)) from None
        if not isinstance(data, dict) or not isinstance(data.get("actors"), list):
            raise Rejected("a YAML actor list needs a top-level 'actors:' list", item=str(actors))
        return {"parley_entities": {"actors_path": str(path)}}
    return {"parley_entities": {"phoenix_path": str(path)}, "parley_events": {"phoenix_path": str(path)}}


def load(*, components: bool = True, exclude: list[str] | None = None, actors: str | Path | None = None,
         **kwargs: Any) -> Any:
    """Load the shipped pipeline (no network) and add Parley's extractors.

    ``actors``: an extra actor list (see :func:`actor_config`). Raises :class:`MissingResource` when
    the model is not built: run ``make model``.
    """
    import spacy

    extra = actor_config(actors)

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
        from parley.nlp.entities.title_names import NAME  # registers the factory

        nlp.add_pipe(NAME, after=nlp.pipe_names[nlp.pipe_names.index("ner") + 1]
                     if "gpe_ruler" in nlp.pipe_names else "ner")
    if components:
        for name in available_components():
            if name not in nlp.pipe_names and name not in (exclude or []):
                nlp.add_pipe(name, config=extra.get(name, {}))
    return nlp
