"""spaCy components and the loader for Parley's shipped pipeline.

Each extractor is a registered spaCy factory named ``parley_*`` in its own package here (``timex``,
``entities``, ``quotes``, ``events``; ``component.py`` holds the factory, ``find()`` and
``set_annotations()``). ``load()`` returns the project-trained pipeline with every available Parley
component added.

How a component stores its results on the Doc (one convention for all of them):

* **Factory.** ``@Language.factory`` declares ``requires`` (what must have run before: ``doc.ents``,
  ``token.dep`` ...) and ``assigns`` (``doc.spans`` and the ``span._``/``doc._`` extensions it sets),
  and takes a ``spans_key`` config whose default is the stage's usual key (``timex``, ``mentions``,
  ``quotes``, ``events``). The key always comes from that config, never from a literal.
* **Writing.** ``find(doc)`` works the results out and writes nothing; ``set_annotations(doc, found)``
  writes them: one span group, ``doc.spans[spans_key]``, stored with :func:`parley.nlp.spans.write_spans`, which marks
  the group as the stage's (``group.attrs["parley"] = "quotes"``), plus the doc-level values the
  factory declares (``doc._.dct`` for timex, ``doc._.entity_data`` for entities). What one span
  carries goes in span extensions named after the stage (``span._.timex_value``, ``span._.quote_kind``;
  the entities' ``span._.entity_key``, ``span._.mention_kind``). Everything stored is plain data, so a
  Doc survives ``DocBin`` and ``nlp.pipe(n_process=2)``.
* **Reading.** Records are read through one getter per stage, ``doc._.<plural>`` (``doc._.timexes``,
  ``doc._.entities``, ``doc._.quotes``, ``doc._.events``), which returns :mod:`parley.records`
  objects built from the stage's span group, found with :func:`parley.nlp.spans.stage_spans` under whatever key the
  component was configured with.
* **Registering.** Each ``component.py`` has one ``ensure_extensions()`` that registers every
  extension the stage uses, each guarded by ``has_extension``, and runs it at import and in the
  component's ``__init__``; ``doc._.dct`` is registered by :func:`parley.nlp.dct.ensure_dct_extension`.
* **Reading another stage.** A component that reads another stage's spans takes that stage's key from
  its own config (``parley_quotes``' ``timex_key``); who is who is read only through the entity index,
  ``entity_index(doc)`` of :mod:`parley.nlp.context`, never from ``doc.spans["mentions"]``.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from parley.config import MODELS_DIR, load_yaml
from parley.errors import MissingResource

MODEL_NAME = "en_parley"

# Parley's factories, in pipeline order.
COMPONENTS: list[str] = ["parley_timex", "parley_entities", "parley_quotes", "parley_events"]


def model_path() -> Path:
    """Folder of the spaCy pipeline to load: ``$PARLEY_MODEL`` when set (a model being built, e.g.
    ``training/output/en_parley``, measured with ``parley eval`` before it is shipped), else the shipped one."""
    env = os.environ.get("PARLEY_MODEL")
    return Path(env).expanduser() if env else MODELS_DIR / MODEL_NAME


def available_components() -> list[str]:
    """Parley's factories in pipeline order, registered with spaCy (importing a component module
    registers its factory; the imports sit here because the components import this package)."""
    from parley.nlp.entities import component as _entities  # noqa: F401
    from parley.nlp.events import component as _events  # noqa: F401
    from parley.nlp.quotes import component as _quotes  # noqa: F401
    from parley.nlp.timex import component as _timex  # noqa: F401

    return list(COMPONENTS)


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
            data = load_yaml(path.read_text(encoding="utf-8"))
        except (UnicodeDecodeError, yaml.YAMLError) as exc:
            raise Rejected(f"not a readable YAML actor list ({type(exc).__name__})", item=str(actors)) from None
        if not isinstance(data, dict) or not isinstance(data.get("actors"), list):
            raise Rejected("a YAML actor list needs a top-level 'actors:' list", item=str(actors))
        return {"parley_entities": {"actors_path": str(path)}}
    return {"parley_entities": {"phoenix_path": str(path)}, "parley_events": {"phoenix_path": str(path)}}


# Dependency labels only a Universal Dependencies parse has (spaCy's OntoNotes pipelines say dobj and pobj).
UD_LABELS = frozenset({"obj", "obl"})


def base_pipeline(base: str | Path, *, exclude: list[str] | None = None, **kwargs: Any) -> Any:
    """An installed English spaCy pipeline (a package name such as ``en_core_web_sm``, or a model folder)
    to run Parley's components over. Raises :class:`NotFound` for an unknown name and :class:`Rejected`
    for a pipeline that is not English or has no parser with Universal Dependencies labels, each with
    one line naming the base."""
    import spacy
    from spacy.util import is_package

    from parley.errors import NotFound, Rejected

    name = str(base)
    item = f"base pipeline {name}"
    path = Path(name).expanduser()
    if path.exists():
        if not (path / "config.cfg").is_file():
            raise NotFound("not a spaCy pipeline folder (no config.cfg)", item=item)
        target: str | Path = path
    elif is_package(name):
        target = name
    else:
        raise NotFound("no installed spaCy pipeline or model folder of that name", item=item)
    try:
        nlp = spacy.load(target, exclude=exclude or [], **kwargs)
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise Rejected(f"cannot be loaded as a spaCy pipeline ({type(exc).__name__})", item=item) from None
    if nlp.lang != "en":
        raise Rejected(f"a '{nlp.lang}' pipeline; Parley's components read English", item=item)
    if "parser" not in nlp.pipe_names:
        raise Rejected("has no dependency parser; Parley's components need one with Universal Dependencies "
                       "labels", item=item)
    labels = set(getattr(nlp.get_pipe("parser"), "labels", ()))
    if not UD_LABELS <= labels:
        seen = ", ".join(sorted(labels & {"dobj", "pobj", "prep", "attr"}) or sorted(labels)[:4])
        raise Rejected(f"its parser's labels are not Universal Dependencies ({seen}; no obj/obl); "
                       "Parley's components read UD labels", item=item)
    return nlp


# The phrase-matcher attributes the tokenizer alone sets: patterns matched on them need no parse.
_TOKEN_ATTRS = (None, "ORTH", "TEXT", "LOWER")


def _word_rulers(path: Path, exclude: list[str]) -> dict[str, tuple[dict[str, Any], str | None]]:
    """The model's entity rulers that match phrases on their words alone: name -> (config, the
    component it comes before). spaCy's ``EntityRuler.from_disk`` runs every component before the
    ruler over each phrase pattern (0.7 s of a 2.8 s load for the 1,607 place names of
    ``gpe_ruler``); :func:`_add_word_ruler` gives such a ruler its patterns with only the tokenizer."""
    from spacy.util import load_config

    config = load_config(path / "config.cfg")
    order = [n for n in config["nlp"]["pipeline"] if n not in exclude]
    comps = {n: dict(config["components"].get(n) or {}) for n in order}
    rulers = [n for n in order if comps[n].pop("factory", None) == "entity_ruler"
              and comps[n].get("phrase_matcher_attr") in _TOKEN_ATTRS]
    out: dict[str, tuple[dict[str, Any], str | None]] = {}
    for i, name in enumerate(order):
        if name in rulers:
            later = [n for n in order[i + 1:] if n not in rulers]
            out[name] = (comps[name], later[0] if later else None)
    return out


def _add_word_ruler(nlp: Any, folder: Path, name: str, config: dict[str, Any], before: str | None) -> None:
    import srsly

    ruler = nlp.add_pipe("entity_ruler", name=name, config=config, before=before)
    patterns = list(srsly.read_jsonl(folder / "patterns.jsonl")) if (folder / "patterns.jsonl").exists() else []
    with nlp.select_pipes(enable=[]):  # the tokenizer is all that word patterns need
        ruler.add_patterns(patterns)


def shipped_pipeline(*, exclude: list[str] | None = None, **kwargs: Any) -> Any:
    """Parley's own pipeline (:func:`model_path`), with its sentence rules from the code."""
    import spacy

    path = model_path()
    if not (path / "config.cfg").exists():
        raise MissingResource(f"no trained model at {path}; build it with `make model`")
    rulers = _word_rulers(path, exclude or [])
    nlp = spacy.load(path, exclude=(exclude or []) + list(rulers), **kwargs)
    for name, (config, before) in rulers.items():
        _add_word_ruler(nlp, path / name, name, config, before)
        if name in (kwargs.get("disable") or []):
            nlp.disable_pipe(name)
    if "sentence_hints" in nlp.pipe_names:
        from spacy.pipeline import AttributeRuler

        from parley.nlp.tokenizer import sentence_hint_patterns

        # The rules in code are the source of truth: a model packaged before a rule was added gets it too.
        hints = nlp.get_pipe("sentence_hints")
        if not isinstance(hints, AttributeRuler):
            raise MissingResource(f"the model's sentence_hints is a {type(hints).__name__}, not an attribute_ruler")
        hints.clear()
        hints.add_patterns(sentence_hint_patterns())
    return nlp


META_KEY = "parley"  # Parley's own settings in a model's meta.json


def title_names_wanted(meta: dict[str, Any]) -> bool:
    """Whether ``parley_title_names`` runs after the model's NER: yes unless the model's meta declines it
    (:func:`without_title_names`). A news-trained NER finds the names after titles itself, and the ruler's
    spans then cost it (see docs/EVALUATION.md)."""
    return bool((meta.get(META_KEY) or {}).get("title_names", True))


def without_title_names(meta: dict[str, Any]) -> dict[str, Any]:
    """``meta`` saying that the model's NER wants no title ruler (``training/train.py`` writes it for a news
    NER; :func:`title_names_wanted` reads it)."""
    return {**meta, META_KEY: {**(meta.get(META_KEY) or {}), "title_names": False}}


def load(*, components: bool = True, exclude: list[str] | None = None, actors: str | Path | None = None,
         base: str | Path | None = None, **kwargs: Any) -> Any:
    """Load the shipped pipeline (no network) and add Parley's extractors.

    ``actors``: an extra actor list (see :func:`actor_config`). ``base``: run Parley's components over
    another installed English spaCy pipeline instead (see :func:`base_pipeline`); its NER labels are
    mapped onto Parley's (:mod:`parley.nlp.ner_labels`). Raises :class:`MissingResource` when the
    shipped model is not built: run ``make model``.
    """
    extra = actor_config(actors)
    if base is not None and str(base) != "":
        nlp = base_pipeline(base, exclude=exclude, **kwargs)
    else:
        nlp = shipped_pipeline(exclude=exclude, **kwargs)
    if "ner" in nlp.pipe_names and "parley_title_names" not in nlp.pipe_names:
        from parley.nlp import ner_labels
        from parley.nlp.entities.title_names import NAME  # registers the factory

        ner_labels.add_to(nlp)
        if title_names_wanted(nlp.meta):
            nlp.add_pipe(NAME, after=[n for n in nlp.pipe_names if n in ("ner", ner_labels.NAME, "gpe_ruler")][-1])
    if components:
        for name in available_components():
            if name not in nlp.pipe_names and name not in (exclude or []):
                nlp.add_pipe(name, config=extra.get(name, {}))
    return nlp
