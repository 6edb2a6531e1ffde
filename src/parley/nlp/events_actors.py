"""Actor codes for ``parley_events``: ask :mod:`parley.nlp.entities` first, else a small own table
(country names from pycountry, capitals, demonyms, a few IGOs). Never guesses: a mention with no
code keeps its text."""

from __future__ import annotations

import importlib
from functools import lru_cache
from types import ModuleType
from typing import Any

import yaml
from spacy.tokens import Doc, Token

from parley.nlp.events_lexicon import LEXICON_DIR

PRONOUNS_FIRST = {"we", "our", "us", "ours"}
DETERMINERS = {"the", "a", "an", "its", "their", "his", "her", "our", "my", "your", "this", "that", "these",
               "those", "some", "any", "all", "both", "each"}


@lru_cache(maxsize=1)
def entities_module() -> ModuleType | None:
    """``parley.nlp.entities`` when it is installed, else None (imported lazily, once)."""
    try:
        return importlib.import_module("parley.nlp.entities")
    except ModuleNotFoundError as exc:
        if exc.name in ("parley.nlp.entities",):
            return None
        raise


@lru_cache(maxsize=1)
def _table() -> dict[str, dict[str, str]]:
    data: dict[str, Any] = yaml.safe_load((LEXICON_DIR / "fallback_actors.yaml").read_text(encoding="utf-8"))
    names: dict[str, str] = {}
    try:
        import pycountry

        for c in pycountry.countries:
            for attr in ("name", "common_name", "official_name"):
                v = getattr(c, attr, None)
                if v:
                    names[v.lower()] = c.alpha_3
    except ImportError:  # pragma: no cover - pycountry is a dependency
        pass
    names.update({k.lower(): v for k, v in (data.get("aliases") or {}).items()})
    return {"names": names, "igos": {k.lower(): v for k, v in (data.get("igos") or {}).items()},
            "demonyms": {k.lower(): v for k, v in (data.get("demonyms") or {}).items()},
            "plurals": {k.lower(): v for k, v in (data.get("plurals") or {}).items()}}


def table_code(words: list[str]) -> str | None:
    """First country/IGO/demonym code found in ``words`` (longest match at each position)."""
    t = _table()
    lowered = [w.lower() for w in words]
    for i in range(len(words)):
        for n in (4, 3, 2, 1):
            if i + n > len(words):
                continue
            key = " ".join(lowered[i:i + n])
            raw = " ".join(words[i:i + n])
            short = len(key.replace(".", "")) <= 3
            if short and not raw.replace(".", "").isupper():
                continue  # "us" the pronoun, "un-" ...: abbreviations match only in capitals
            if n == 1 and not words[i][:1].isupper():
                continue  # names and demonyms are capitalised
            for table in ("names", "igos", "demonyms", "plurals"):
                if key in t[table]:
                    return t[table][key]
    return None


_CODES: dict[int, dict[tuple[int, int], str | None]] = {}


def clear_code_cache(doc: Doc) -> None:
    _CODES.pop(id(doc), None)


def span_code(doc: Doc, tokens: list[Token]) -> str | None:
    """The actor code for a mention given as its tokens (entities module first), memoised per
    Doc while ``parley_events`` runs on it."""
    if not tokens:
        return None
    cache = _CODES.setdefault(id(doc), {})
    key = (tokens[0].i, tokens[-1].i)
    if key not in cache:
        cache[key] = _span_code(doc, tokens)
    return cache[key]


def _span_code(doc: Doc, tokens: list[Token]) -> str | None:
    mod = entities_module()
    if mod is not None and hasattr(mod, "actor_code"):
        try:
            code = mod.actor_code(doc, doc[tokens[0].i: tokens[-1].i + 1])
        except Exception:  # noqa: BLE001 - a parallel module still settling must not break events
            code = None
        if code:
            return str(code)
    return table_code([t.text for t in tokens])


def mention_text(tokens: list[Token]) -> str:
    """The mention as an analyst names it: leading determiners and possessives dropped
    ("its European allies" → "European allies")."""
    toks = list(tokens)
    while len(toks) > 1 and toks[0].lower_ in DETERMINERS:
        toks = toks[1:]
    if not toks:
        return ""
    doc = toks[0].doc
    return doc[toks[0].i: toks[-1].i + 1].text.strip(" ,;:'\"“”‘’")
