"""News tokenization and sentence-boundary hints baked into the shipped pipeline.

Both are applied once, when ``training/train.py`` packages the model: the tokenizer special
cases are serialized with the tokenizer and the hints are an ``attribute_ruler`` (named
``sentence_hints``) placed before the parser, so loading the model needs no Parley code.
The parser honours ``is_sent_start = False`` set before it runs.
"""

from __future__ import annotations

from typing import Any

from spacy.attrs import ORTH
from spacy.language import Language
from spacy.pipeline import AttributeRuler, EntityRuler
from spacy.tokenizer import Tokenizer

from parley.nlp.lexicon.words import MONTH_ABBREVIATIONS

HINTS_NAME = "sentence_hints"

# Abbreviations that end with a period but rarely end a sentence in news copy.
ABBREVIATIONS = [
    "Mr.", "Mrs.", "Ms.", "Dr.", "Prof.", "Gen.", "Lt.", "Col.", "Capt.", "Sgt.", "Maj.", "Adm.",
    "Gov.", "Sen.", "Rep.", "Rev.", "Sr.", "Jr.", "St.", "Mt.", "Ft.",
    "U.S.", "U.K.", "U.N.", "E.U.", "U.S.A.", "D.C.", "Jan.", "Feb.", "Mar.",
    "Apr.", "Aug.", "Sep.", "Sept.", "Oct.", "Nov.", "Dec.",
]
# Titles after which the next token never starts a sentence (with or without a period).
TITLES = ["mr", "mrs", "ms", "dr", "prof", "gen", "lt", "col", "capt", "sgt", "maj", "adm", "gov",
          "sen", "rep", "rev", "st", "mt"]
OPENING_QUOTES = ["“", "‘", "«"]
CLOSING_QUOTES = ['"', "”", "’", "'", "»"]
FINAL_PUNCT = [".", "!", "?", "…", "...", ",", ";"]
NO_OPENING = [*FINAL_PUNCT, ":", ")", "]", "%", "'s", "’s", "--"]  # marks that never open a sentence
# SENT_START is stored as a C int: 2**64 - 1 wraps to -1 ("not a sentence start"); a plain -1 is refused
# by the attribute_ruler (uint64 attribute values).
NOT_START = {"SENT_START": 2**64 - 1}
START = {"SENT_START": 1}


def customize_tokenizer(nlp: Language) -> None:
    """Add special cases for news abbreviations (kept whole, so their period is not a full stop)."""
    tokenizer = nlp.tokenizer
    if not isinstance(tokenizer, Tokenizer):
        raise TypeError(f"a spaCy Tokenizer is needed for special cases, not {type(tokenizer).__name__}")
    for abbr in ABBREVIATIONS:
        tokenizer.add_special_case(abbr, [{ORTH: abbr}])


def sentence_hint_patterns() -> list[dict[str, Any]]:
    """attribute_ruler patterns marking tokens that must not start a sentence."""
    titles = [*TITLES, *[t + "." for t in TITLES]]
    months = [m + "." for m in MONTH_ABBREVIATIONS]
    patterns: list[dict[str, Any]] = [
        # Mr Dorokhin / Dr. Smith / Ms Vetrova
        {"patterns": [[{"LOWER": {"IN": titles}}, {}]], "attrs": NOT_START, "index": 1},
        # Jan. 5 / Sept. 11
        {"patterns": [[{"LOWER": {"IN": months}}, {"LIKE_NUM": True}]], "attrs": NOT_START, "index": 1},
        # a closing quote glued to a full stop stays with its sentence: crisis.” / crisis."
        {"patterns": [[{"ORTH": {"IN": FINAL_PUNCT}, "SPACY": False}, {"ORTH": {"IN": CLOSING_QUOTES}}]],
         "attrs": NOT_START, "index": 1},
        # U.S. officials / U.S. President: only a lower-case word or a name keeps going
        {"patterns": [[{"ORTH": {"IN": ["U.S.", "U.K.", "U.N.", "E.U.", "D.C."]}}, {"IS_LOWER": True}]],
         "attrs": NOT_START, "index": 1},
        {"patterns": [[{"ORTH": {"IN": ["U.S.", "U.K.", "U.N.", "E.U."]}},
                       {"POS": {"IN": ["PROPN", "NOUN", "ADJ", "NUM"]}}]],
         "attrs": NOT_START, "index": 1},
        # “..., ” Ms Vetrova said. -- attribution after a quote closed by a comma continues the sentence
        {"patterns": [[{"ORTH": {"IN": [",", "—", "–"]}}, {"ORTH": {"IN": CLOSING_QUOTES}}, {}]],
         "attrs": NOT_START, "index": 2},
        # said: “As we agreed ... -- neither an opening quote after a colon nor its first word start one
        {"patterns": [[{"ORTH": {"IN": [":", ","]}}, {"ORTH": {"IN": OPENING_QUOTES}}]],
         "attrs": NOT_START, "index": 1},
        {"patterns": [[{"ORTH": {"IN": OPENING_QUOTES}, "SPACY": False}, {}]], "attrs": NOT_START, "index": 1},
        # A lower-case word right after a word, number, comma or closing bracket never starts a sentence.
        {"patterns": [[{"IS_PUNCT": False, "IS_SPACE": False}, {"IS_LOWER": True}]],
         "attrs": NOT_START, "index": 1},
        {"patterns": [[{"ORTH": {"IN": [",", ";", "—", "–", ")"]}}, {"IS_LOWER": True}]],
         "attrs": NOT_START, "index": 1},
        # No sentence opens on a comma, a full stop or a colon right after a word ("Doman, a fisherman …").
        {"patterns": [[{"IS_ALPHA": True}, {"ORTH": {"IN": NO_OPENING}}]], "attrs": NOT_START, "index": 1},
        # Foreign Minister Pavel Dorokhin / Maria Vetrova: names run on without a break.
        {"patterns": [[{"IS_TITLE": True, "POS": {"IN": ["PROPN", "ADJ", "NOUN"]}},
                       {"IS_TITLE": True, "POS": "PROPN"}]],
         "attrs": NOT_START, "index": 1},
        # A line break ends a paragraph, and so a sentence: the first word of a new line starts one.
        {"patterns": [[{"IS_SPACE": True, "TEXT": {"REGEX": "\n"}}, {"IS_SPACE": False}]],
         "attrs": START, "index": 1},
        # crisis." Russian ... / crisis. Russian ...: a full stop, optionally closed quote, then a capital.
        {"patterns": [[{"ORTH": "."}, {"ORTH": {"IN": CLOSING_QUOTES}}, {"IS_TITLE": True}],
                      [{"ORTH": "."}, {"IS_TITLE": True}]],
         "attrs": START, "index": -1},
    ]
    return patterns


def add_sentence_hints(nlp: Language) -> None:
    """Insert the ``sentence_hints`` attribute_ruler right before the parser."""
    if HINTS_NAME in nlp.pipe_names:
        nlp.remove_pipe(HINTS_NAME)
    before = "parser" if "parser" in nlp.pipe_names else None
    ruler = nlp.add_pipe("attribute_ruler", name=HINTS_NAME, before=before)
    if not isinstance(ruler, AttributeRuler):
        raise TypeError(f"{HINTS_NAME} is a {type(ruler).__name__}, not an attribute_ruler")
    ruler.add_patterns(sentence_hint_patterns())


def prepare_for_news(nlp: Language) -> Language:
    """Apply every news-specific tweak to a freshly trained pipeline."""
    customize_tokenizer(nlp)
    add_sentence_hints(nlp)
    return nlp


GPE_RULER_NAME = "gpe_ruler"
AMBIGUOUS_PLACES = {
    "jordan", "georgia", "chad", "turkey", "guinea", "victoria", "austin", "florence", "sofia", "phoenix",
    "jersey", "split", "nice", "reading", "bath", "mobile", "columbia", "cambridge", "oxford", "israel",
    "virginia", "indiana", "montana", "carolina", "lincoln", "hamilton", "orange", "sydney",
}


def gpe_patterns(nlp: Language, names: set[str]) -> list[dict[str, Any]]:
    """entity_ruler phrase patterns (title case and ALL CAPS) for unambiguous country/state/city names."""
    patterns: list[dict[str, Any]] = []
    seen: set[tuple[str, ...]] = set()
    for name in sorted(names):
        if name in AMBIGUOUS_PLACES or "," in name or "(" in name or len(name) < 2:
            continue
        variants = {name.upper()} if len(name) <= 3 or "." in name else {name.title(), name.upper()}
        for v in variants:
            words = tuple(t.text for t in nlp.make_doc(v))
            if words in seen:
                continue
            seen.add(words)
            patterns.append({"label": "GPE", "pattern": v})  # phrase pattern: PhraseMatcher on ORTH, fast
    return patterns


def add_gpe_ruler(nlp: Language, names: set[str], *, overwrite: bool = False) -> None:
    """An entity_ruler after the NER for country, state and capital names (news-critical GPEs)."""
    if GPE_RULER_NAME in nlp.pipe_names:
        nlp.remove_pipe(GPE_RULER_NAME)
    ruler = nlp.add_pipe("entity_ruler", name=GPE_RULER_NAME, after="ner" if "ner" in nlp.pipe_names else None,
                         config={"overwrite_ents": overwrite, "validate": False})
    if not isinstance(ruler, EntityRuler):
        raise TypeError(f"{GPE_RULER_NAME} is a {type(ruler).__name__}, not an entity_ruler")
    ruler.add_patterns(gpe_patterns(nlp, names))
