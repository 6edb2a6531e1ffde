"""Speaker mentions for ``parley_quotes``: the subject of a cue, anonymity, and resolution to a name.

Resolution asks :mod:`parley.nlp.entities` (``resolve_mention``) when that module is there, and
otherwise falls back to a small local resolver: a pronoun takes the last named speaker (else the
last PERSON entity), a surname or an honorific takes the fullest name in the document ending with
that surname, and a bare title ("the chancellor") takes the name written after that title
elsewhere in the document ("Chancellor Friedrich Merz").
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from spacy.lang.en.stop_words import STOP_WORDS
from spacy.tokens import Doc, Span, Token

PRONOUNS = {"he", "she", "they", "i", "we", "him", "her", "them", "it", "you"}
PERSON_PRONOUNS = {"he", "she", "i", "him", "her"}
LEADING_JUNK = {"but", "and", "so", "yet", "meanwhile", "however", "then", "also", "now", "still", "or", "while"}
TRAILING_JUNK = {"also", "later", "earlier", "then", "previously", "recently", "again", "once", "further",
                 "has", "have", "had", "would", "will", "could", "did", "does", "do", "'d", "never", "not",
                 "n't", "repeatedly", "reportedly", "publicly", "simply", "quickly", "already", "often",
                 "may", "might", "should", "must", "can", "is", "was", "been", "being", "even", "just"}
HONORIFICS = {"mr", "mrs", "ms", "miss", "dr", "prof", "sir", "dame", "mr.", "mrs.", "ms.", "dr.", "prof."}
TITLE_WORDS = {
    "president", "vice-president", "prime", "minister", "chancellor", "secretary", "foreign", "defence", "defense",
    "spokeswoman", "spokesman", "spokesperson", "envoy", "special", "ambassador", "general", "governor", "senator",
    "sen", "sen.", "rep", "rep.", "gov", "gov.", "mayor", "premier", "chief", "executive", "ceo", "chair",
    "chairman", "chairwoman", "director", "commissioner", "justice", "judge", "king", "queen", "prince",
    "princess", "pope", "leader", "deputy", "adviser", "advisor", "aide", "presidential", "state", "head",
    "professor", "officer", "commander", "lieutenant", "colonel", "captain", "sergeant", "councillor",
    "councilor", "mp", "mla", "mpp", "attorney", "speaker", "coach", "manager", "founder", "author",
} | HONORIFICS
ANON_HEADS = {"official", "officials", "source", "sources", "spokesperson", "spokesman", "spokeswoman", "aide",
              "aides", "insider", "insiders", "diplomat", "diplomats", "analyst", "analysts", "observers",
              "people", "person", "residents", "witnesses", "witness", "experts", "expert", "officer", "officers"}
INDEFINITE = {"a", "an", "one", "some", "several", "two", "three", "four", "many", "another", "few", "other",
              "various", "multiple", "senior"}
_STOP_LEFT = {",", ";", ":", "(", ")", "—", "–", "“", "”", '"', "«", "»", "[", "]"}
_STOP_WORDS = {"that", "who", "which", "because", "while", "when", "if", "after", "before", "since",
               "although", "though", "whom", "where", "whether", "than"}


def is_pronoun(span_text: str) -> bool:
    return span_text.lower() in PRONOUNS


def subject_left(doc: Doc, cue: Token, floor: int) -> Span | None:
    """The cue's subject, read leftwards from it: ``X said``, ``X, the spokeswoman, said``."""
    i = cue.i - 1
    while i >= floor and doc[i].idx >= floor and (doc[i].lower_ in TRAILING_JUNK or doc[i].pos_ == "ADV"
                                                  and doc[i].lower_ not in PRONOUNS):
        i -= 1
    if i < 0 or doc[i].idx < floor:
        return None
    end = i + 1
    if doc[i].text == ",":  # an appositive or relative clause sits between subject and cue
        j = i - 1
        while j >= 0 and doc[j].idx >= floor and doc[j].text not in {",", ";", ":"} and i - j < 16:
            j -= 1
        if j >= 0 and doc[j].idx >= floor and doc[j].text == ",":
            end = j
        else:
            return None
    start = end
    while start - 1 >= 0 and doc[start - 1].idx >= floor:
        t = doc[start - 1]
        if t.text in _STOP_LEFT or t.lower_ in _STOP_WORDS or t.is_space or "\n" in t.text:
            break
        if t.lower_ in {"and", "but"} and start - 2 >= 0 and doc[start - 2].text == ",":
            break
        start -= 1
        if end - start >= 14:
            break
    while start < end and (doc[start].lower_ in LEADING_JUNK or doc[start].is_punct or doc[start].is_space):
        start += 1
    while end > start and (doc[end - 1].lower_ in TRAILING_JUNK or doc[end - 1].is_punct):
        end -= 1
    if end <= start:
        return None
    span = doc[start:end]
    if not any(t.pos_ in ("NOUN", "PROPN", "PRON") or t.text[:1].isupper() or t.lower_ in ANON_HEADS for t in span):
        return None
    return span


def subject_right(doc: Doc, cue: Token, ceiling: int) -> Span | None:
    """An inverted subject after the cue: ``, said Ms Zakharova.``"""
    start = cue.i + 1
    end = start
    while end < len(doc) and doc[end].idx < ceiling and end - start < 10:
        t = doc[end]
        if t.is_punct or t.is_space or (t.pos_ in ("ADP", "SCONJ") and t.lower_ not in {"of", "for"}) \
                or t.lower_ in _STOP_WORDS:
            break
        end += 1
    if end == start:
        return None
    span = doc[start:end]
    if not any(t.pos_ in ("NOUN", "PROPN", "PRON") or t.text[:1].isupper() or t.lower_ in ANON_HEADS for t in span):
        return None
    return span


def is_anonymous(span: Span) -> bool:
    """An unnamed source: "a senior official", "officials", "sources familiar with the talks"."""
    words = [t for t in span if not t.is_punct]
    if not words or words[0].lower_ in PRONOUNS:
        return False
    if any(t.ent_type_ == "PERSON" for t in span):
        return False
    if any(t.text[:1].isupper() and t.lower_ not in TITLE_WORDS for t in words[1:]):
        return False
    if "anonymity" in span.text.lower():
        return True
    first = words[0].lower_
    heads = {t.lower_ for t in words}
    if first in INDEFINITE:
        return True
    return first not in {"the", "this", "that", "his", "her", "their", "its"} and bool(heads & ANON_HEADS) \
        and words[-1].lower_.endswith("s")


class Resolver:
    """Turns speaker mentions into ``(key, name)``, in document order (pronouns need history)."""

    def __init__(self, doc: Doc) -> None:
        self.doc = doc
        self.last: tuple[str | None, str, int] | None = None
        self._api = _entities_api()
        self._names = _doc_names(doc)

    def _ask(self, span: Span) -> tuple[str | None, str | None] | None:
        if self._api is None:
            return None
        try:
            ent = self._api(self.doc, span)
        except Exception:  # a bug upstream must not lose the quote
            return None
        if ent is None:
            return None
        return getattr(ent, "key", None), getattr(ent, "name", None)

    def resolve(self, span: Span) -> tuple[str | None, str | None]:
        text = span.text.strip()
        if text.lower() in PRONOUNS:
            return self._pronoun(span)
        toks = [t for t in span if not t.is_punct]
        if any(t.lower_ in {"'s", "’s"} for t in toks[:-1]) and toks[-1].pos_ != "PROPN" \
                and not toks[-1].text[:1].isupper():
            return None, None  # "McCallum's staff", "Russia's foreign ministry spokesman": not the owner
        run = _name_run(toks)
        target = span
        if run:
            n = len(run.split())
            target = self.doc[toks[-n].i:toks[-1].i + 1]
        got = self._ask(target)
        if got is not None and got[1]:
            self.last = (got[0], got[1], span.start_char)
            return got
        name = self._name_in(span)
        if name:
            self.last = (name.lower(), name, span.start_char)
            return name.lower(), name
        return None, None

    def _pronoun(self, span: Span) -> tuple[str | None, str | None]:
        """A pronoun takes the later of the last named speaker and the last PERSON subject before it."""
        low = span.text.strip().lower()
        if low not in PERSON_PRONOUNS and low not in {"they", "we"}:
            return None, None
        got = self._ask(span)
        if got is not None and got[1]:
            return got
        subj = [e for e in self.doc.ents if e.label_ == "PERSON" and e.end_char <= span.start_char
                and e.root.dep_.startswith("nsubj") and len(e.text.split()) >= 1]
        best: tuple[str | None, str] | None = None
        if self.last is not None:
            best = (self.last[0], self.last[1])
        if subj and low in PERSON_PRONOUNS and (self.last is None or subj[-1].start_char > self.last[2]):
            ent = subj[-1]
            got = self._ask(ent)
            name = got[1] if got is not None and got[1] else self._full(
                " ".join(w for w in ent.text.split() if w.lower() not in TITLE_WORDS) or ent.text)
            best = (got[0] if got is not None and got[0] else name.lower(), name)
        return best if best is not None else (None, None)

    def _full(self, name: str) -> str:
        last = name.split()[-1].lower()
        cands = [n for n in self._names if n.split()[-1].lower() == last and len(n) >= len(name)]
        return max(cands, key=len) if cands else name

    def _name_in(self, span: Span) -> str | None:
        persons = [e for e in span.ents if e.label_ == "PERSON"]
        toks = [t for t in span if not t.is_punct]
        if persons:
            words = [w for w in persons[-1].text.split() if w.lower() not in TITLE_WORDS]
            if words:
                return self._full(" ".join(words))
        run = _name_run(toks)
        if run:
            return self._full(run)
        low = [t.lower_ for t in toks]
        if low and low[0] in {"the", "our", "their"} and low[-1] in TITLE_WORDS:
            title = " ".join(t.text for t in toks[1:])
            m = re.search(rf"(?i:\b{re.escape(title)})\s+((?:[A-Z][\w'’-]+[ ]?){{1,3}})", self.doc.text)
            if m:
                words = [w for w in m.group(1).split() if w.lower() not in TITLE_WORDS]
                if words:
                    return self._full(" ".join(words))
        return None


def _name_run(toks: list[Token]) -> str | None:
    """The trailing run of capitalized non-title words ("United States Special Envoy for Ukraine Keith
    Kellogg" → "Keith Kellogg"); None when the mention ends on a common noun or is an organisation."""
    run: list[Token] = []
    for t in reversed(toks):
        if t.text[:1].isupper() and t.lower_ not in TITLE_WORDS and t.is_alpha | ("-" in t.text or "'" in t.text):
            run.insert(0, t)
            continue
        break
    while run and run[0].lower_ in STOP_WORDS:
        run.pop(0)
    while run and (run[0].ent_type_ in ("GPE", "LOC", "ORG", "NORP") and len(run) > 2 or run[0].pos_ == "ADJ"
                   and len(run) > 1 and run[0].lower_.endswith(("an", "ese", "ish"))):
        run.pop(0)
    if len(run) == 3 and len(toks) > 3 and toks[-4].pos_ == "ADP" and toks[-4].is_lower:
        run.pop(0)
    if not run or len(run) > 4:
        return None
    if run[-1].ent_type_ in ("ORG", "GPE", "LOC", "NORP") and not any(t.ent_type_ == "PERSON" for t in run):
        return None
    if toks and toks[0].lower_ in {"the", "a", "an"} and len(run) < len(toks) - 1:
        return None
    return " ".join(t.text for t in run)


def _doc_names(doc: Doc) -> list[str]:
    names = [" ".join(w for w in e.text.split() if w.lower() not in TITLE_WORDS) for e in doc.ents
             if e.label_ == "PERSON"]
    for m in re.finditer(r"[A-Z][\w'’-]+(?:[ ]+[A-Z][\w'’-]+)+", doc.text):
        words = m.group(0).split()
        while words and words[0].lower() in STOP_WORDS:
            words = words[1:]
        titles = [k for k, w in enumerate(words) if w.lower() in TITLE_WORDS]
        if titles:
            words = words[titles[-1] + 1:]
        elif len(words) == 3 and re.search(r"\b(?:for|of|in|from|to|at)\s+$",
                                           doc.text[max(0, m.start() - 6):m.start()]):
            words = words[1:]
        if 2 <= len(words) <= 3:
            names.append(" ".join(words))
    return [n for n in names if n]


def _entities_api() -> Callable[[Doc, Span], Any] | None:
    try:
        from parley.nlp import entities
    except ImportError:
        return None
    return getattr(entities, "resolve_mention", None)
