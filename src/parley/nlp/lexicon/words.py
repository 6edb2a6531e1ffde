"""Closed-class and calendar words shared by the NLP components, each list defined once here.

Open lists that users may extend (speech cues, trigger words, titles, occupations, idioms) live in
``src/parley/data/`` as YAML instead, read once each with :func:`word_set` / :func:`word_map`.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from parley.config import DATA_DIR, load_yaml

# Month names and their abbreviations -> month number.
MONTH_NAMES = ("january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
               "november", "december")
MONTH_ABBREVIATIONS = {"jan": 1, "feb": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8, "sep": 9, "sept": 9,
                       "oct": 10, "nov": 11, "dec": 12}
MONTHS: dict[str, int] = {name: n for n, name in enumerate(MONTH_NAMES, 1)} | MONTH_ABBREVIATIONS

# Weekday names -> ISO weekday number.
WEEKDAYS = {"monday": 1, "tuesday": 2, "wednesday": 3, "thursday": 4, "friday": 5, "saturday": 6, "sunday": 7}

# Third-person singular personal pronouns -> the gender they carry.
PRONOUN_GENDER = {"he": "m", "him": "m", "his": "m", "himself": "m", "she": "f", "her": "f", "hers": "f",
                  "herself": "f"}

# Articles: the determiners that never belong to a name.
ARTICLES = {"the", "a", "an"}
# Articles, possessive and demonstrative determiners and quantifiers that open a noun phrase.
DETERMINERS = ARTICLES | {"its", "their", "his", "her", "our", "my", "your", "this", "that", "these", "those", "some",
                          "any", "all", "both", "each"}

# Personal pronouns, subject and object forms: a speaker mention that is one of these is a pronoun
# to resolve, never a name ("he said", "told them").
PERSONAL_PRONOUNS = {"he", "she", "they", "i", "we", "him", "her", "them", "it", "you"}


@lru_cache(maxsize=32)
def word_lists(name: str) -> dict[str, Any]:
    """The lists of ``src/parley/data/<name>.yaml`` (``name``: "quotes/speakers"), read once."""
    data = load_yaml((DATA_DIR / f"{name}.yaml").read_text(encoding="utf-8")) or {}
    if not isinstance(data, dict):
        raise ValueError(f"data/{name}.yaml: expected a mapping of named lists")
    return data


def _word(name: str, key: str, word: Any) -> str:
    if not isinstance(word, str):  # YAML reads a bare yes/no/on/off or a number as something else
        raise ValueError(f"data/{name}.yaml: {key}: {word!r} is not a word (quote it)")
    return word.lower()


def word_set(name: str, key: str) -> frozenset[str]:
    """The lower-cased words of list ``key`` in ``data/<name>.yaml``."""
    return frozenset(_word(name, key, w) for w in word_lists(name).get(key) or [])


def word_map(name: str, key: str) -> dict[str, str]:
    """Mapping ``key`` of ``data/<name>.yaml``: lower-cased word -> value, in file order."""
    return {_word(name, key, k): str(v) for k, v in (word_lists(name).get(key) or {}).items()}


# ---------------------------------------------------------------- open lists shared by components

# Particles inside a surname ("Al Qirbani", "Ben van der Stolk", "bint Abdullah"), for the entities' and
# the quotes' name rules alike.
SURNAME_PARTICLES = word_set("actors/name_words", "surname_particles")

# Irregular past forms -> their verb ("rose" -> "rise"): the events' trigger de-inflection, and the quotes'
# reading of a past tense the tagger took for a noun ("said the water rose so fast that …").
IRREGULAR_PAST = word_map("events/irregular_verbs", "irregular")


@lru_cache(maxsize=1)
def given_names() -> dict[str, str]:
    """Given name (lower case) → "m" | "f", from ``data/quotes/given_names.yaml``: the quotes' he/she
    agreement, and the entities' sign that a name is a person's."""
    out = dict.fromkeys(word_set("quotes/given_names", "female"), "f")
    out.update(dict.fromkeys(word_set("quotes/given_names", "male"), "m"))
    return out
