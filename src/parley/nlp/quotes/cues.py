"""The reporting-cue lexicon of ``parley_quotes`` (``data/quotes/cues.yaml``)."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from parley.config import DATA_DIR, load_yaml

DEFAULT_CUES = DATA_DIR / "quotes" / "cues.yaml"


def _regular_forms(lemma: str) -> set[str]:
    if " " in lemma:  # "point out" → points out, pointed out, pointing out
        head, rest = lemma.split(" ", 1)
        return {f"{f} {rest}" for f in _regular_forms(head)}
    forms = {lemma}
    if lemma.endswith("e"):
        forms |= {lemma + "s", lemma + "d", lemma[:-1] + "ing"}
    elif lemma.endswith(("s", "sh", "ch", "x", "z")):
        forms |= {lemma + "es", lemma + "ed", lemma + "ing"}
    elif lemma.endswith("y") and lemma[-2:-1] not in "aeiou":
        forms |= {lemma[:-1] + "ies", lemma[:-1] + "ied", lemma + "ing"}
    else:
        forms |= {lemma + "s", lemma + "ed", lemma + "ing"}
    return forms


@dataclass
class Cues:
    """Word form → (lemma, "speech" | "cognition"), plus the object-, xcomp- and gerund-taking lemmas and the forms
    that are a cue whatever their tag (``verb_forms``)."""

    forms: dict[str, tuple[str, str]] = field(default_factory=dict)
    object_lemmas: set[str] = field(default_factory=set)
    xcomp_lemmas: set[str] = field(default_factory=set)
    gerund_lemmas: set[str] = field(default_factory=set)
    phrases: dict[str, str] = field(default_factory=dict)
    verb_forms: set[str] = field(default_factory=set)
    naming: set[str] = field(default_factory=set)
    alias: set[str] = field(default_factory=set)
    speaking: set[str] = field(default_factory=set)

    def lookup(self, word: str) -> tuple[str, str] | None:
        return self.forms.get(word.lower())

    def lemma(self, word: str) -> str:
        """The cue lemma of a word form ("admitted" -> "admit"); "" for a word that is no cue."""
        hit = self.lookup(word)
        return hit[0] if hit else ""

    def is_speech(self, word: str) -> bool:
        hit = self.lookup(word)
        return bool(hit and hit[1] == "speech") or word.lower() in self.phrases

    def speech_forms(self) -> set[str]:
        return {f for f, (_, kind) in self.forms.items() if kind == "speech"} | set(self.phrases)


def load_cues(path: str | Path | None = None) -> Cues:
    """Read a cue lexicon (the packaged one when ``path`` is empty)."""
    path = Path(path) if path else DEFAULT_CUES
    data = load_yaml(path.read_text(encoding="utf-8")) or {}
    cues = Cues()
    for kind in ("cognition", "speech"):  # speech last: it wins for a form listed twice
        for lemma, extra in (data.get(kind) or {}).items():
            for form in _regular_forms(str(lemma)) | {str(x) for x in (extra or [])}:
                if " " not in form:
                    cues.forms[form.lower()] = (str(lemma), kind)
    cues.object_lemmas = {str(x) for x in data.get("object") or []}
    cues.xcomp_lemmas = {str(x) for x in data.get("xcomp") or []}
    cues.gerund_lemmas = {str(x) for x in data.get("gerund") or []}
    cues.phrases = {str(k).lower(): str(v) for k, v in (data.get("phrases") or {}).items()}
    cues.verb_forms = {str(x).lower() for x in data.get("verb_forms") or []}
    cues.naming = {str(x).lower() for x in data.get("naming") or []}
    cues.alias = {str(x).lower() for x in data.get("alias") or []}
    cues.speaking = {str(x).lower() for x in data.get("speaking") or []}
    unknown = sorted(f for f in cues.verb_forms if cues.forms.get(f, ("", ""))[1] != "speech")
    if unknown:
        raise ValueError(f"{path}: verb_forms must be forms of speech cues: {', '.join(unknown)}")
    return cues
