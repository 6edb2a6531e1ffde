"""A small, dependency-free language flag: English is processed, others stored and flagged."""

from __future__ import annotations

import re

_WORD = re.compile(r"[^\W\d_]+", re.U)
_STOP = {
    "en": "the of and to in a is that for on with as was by he it at said from his an be has are "
    "have but not this were which who they its their been will would had",
    "de": "der die und in den von zu das mit sich des auf für ist im dem nicht ein eine als auch "
    "es an werden aus er hat dass sie nach wird bei",
    "fr": "de la le et les des en du un une est que pour dans qui par sur au pas avec il ce "
    "sont se plus elle ont",
    "es": "de la que el en y los del se las por un para con no una su al lo como más pero sus "
    "le ha",
    "it": "di e il la che per un in del della è non le si da una con sono gli al alla",
    "pt": "de a o que e do da em um para com não uma os no se na por mais as dos como",
    "nl": "de en het van een in is dat op te zijn met voor niet die aan er",
}
_STOPSETS = {lang: set(words.split()) for lang, words in _STOP.items()}


def detect_language(text: str) -> str:
    """ISO 639-1 code of the likeliest language, ``ru``/``uk``-style scripts as ``und`` if unsure."""
    words = [w.lower() for w in _WORD.findall(text[:5000])]
    if not words:
        return "und"
    latin = sum(1 for w in words if w.isascii() or all(ord(c) < 0x250 for c in w))
    if latin / len(words) < 0.5:
        cyr = sum(1 for w in words if any("\u0400" <= c <= "\u04ff" for c in w))
        return "ru" if cyr / len(words) > 0.5 else "und"
    scores = {lang: sum(1 for w in words if w in s) / len(words) for lang, s in _STOPSETS.items()}
    best = max(scores, key=scores.__getitem__)
    return best if scores[best] >= 0.05 else "und"
