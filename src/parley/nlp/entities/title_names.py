"""``parley_title_names``: a person's name right after a title or honorific is a PERSON.

The statistical NER misses names that follow long pre-name titles in news copy ("United
States Special Envoy for Moldova Keith Marlow", "German Chancellor Dieter Falkenrath"). This
ruler runs after the NER and tags the name after a title head ("envoy", "chancellor") or an
honorific ("Mr", "Ms"), skipping one "for/of/to X" complement. Titles come from the project's
actor lexicon (``data/actors/titles.yaml``), so users extend both at once.
"""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc, Span, Token
from spacy.util import filter_spans

from parley.nlp.lexicon.actors import lexicon
from parley.nlp.lexicon.words import word_set

NAME = "parley_title_names"
COMPLEMENT_WORDS = {"for", "of", "to", "at", "in"}
MAX_NAME = 3
# Last words of a body's or a place's name: "Northwick General Hospital" is no General named Hospital.
BODY_ENDS = word_set("actors/name_words", "organisation_ends") | word_set("actors/name_words", "place_ends")


def _namey(tok: Token, heads: set[str]) -> bool:
    return (tok.is_alpha or "-" in tok.text or "'" in tok.text) and tok.text[:1].isupper() \
        and tok.lower_ not in heads and not tok.is_stop


def _skip_complement(doc: Doc, i: int) -> int:
    """Index after a "for Ukraine"-style complement starting at ``i`` (or ``i`` if none)."""
    if i < len(doc) and doc[i].lower_ in COMPLEMENT_WORDS and i + 1 < len(doc):
        j = i + 1
        if doc[j].lower_ == "the":
            j += 1
        if j < len(doc) and doc[j].ent_iob_ == "B":
            ent = next((e for e in doc.ents if e.start == j), None)
            return ent.end if ent is not None else j + 1
        return j + 1 if j < len(doc) and doc[j].text[:1].isupper() else i
    return i


class TitleNames:
    """Find ``title + Name Surname`` and ``honorific + Surname``; set them as PERSON ents."""

    def __init__(self, nlp: Language, name: str = NAME) -> None:
        lex = lexicon()
        self.heads = {h for h in lex.heads if " " not in h}
        self.honorifics = {h.rstrip(".") for h in lex.honorifics}
        self.is_place = lex.place

    def find(self, doc: Doc) -> list[Span]:
        spans: list[Span] = []
        for tok in doc:
            low = tok.lower_.rstrip(".")
            if low in self.honorifics and tok.text[:1].isupper():
                start = tok.i + 1 + (1 if tok.i + 1 < len(doc) and doc[tok.i + 1].text == "." else 0)
                min_len = 1
            elif low in self.heads:
                if self._names_a_body(doc, tok.i):
                    continue  # "General Motors", "General Assembly": the title word opens a known name
                # "Chancellor Falkenrath": a capitalised title takes a bare surname; "the envoy" needs a full name
                start = _skip_complement(doc, tok.i + 1)
                min_len = 1 if tok.text[:1].isupper() and start == tok.i + 1 else 2
            else:
                continue
            end = start
            while end < len(doc) and end - start < MAX_NAME and _namey(doc[end], self.heads) \
                    and self.is_place(doc[end].text) is None:
                end += 1
                # Jean-Baptiste: a hyphen glued on both sides keeps the name going
                while end + 1 < len(doc) and doc[end].text == "-" and not doc[end - 1].whitespace_ \
                        and not doc[end].whitespace_ and _namey(doc[end + 1], self.heads):
                    end += 2
            if end - start >= min_len and doc[end - 1].lower_ not in BODY_ENDS:
                spans.append(Span(doc, start, end, label="PERSON"))
        return spans

    def _names_a_body(self, doc: Doc, i: int) -> bool:
        """The title word at ``i`` and the one or two capitalised words after it are an organisation or a
        place of the actor lexicon (``orgs`` and ``variants`` of ``data/actors``), not a title and a name."""
        for k in (2, 3):
            words = doc[i:i + k]
            if len(words) == k and all(t.text[:1].isupper() for t in words) and self.is_place(words.text) is not None:
                return True
        return False

    def set_annotations(self, doc: Doc, spans: list[Span]) -> None:
        if not spans:
            return
        keep = [e for e in doc.ents if not any(e.start < s.end and s.start < e.end for s in spans)]
        doc.ents = filter_spans([*spans, *keep])

    def __call__(self, doc: Doc) -> Doc:
        self.set_annotations(doc, self.find(doc))
        return doc


@Language.factory(NAME, requires=["doc.ents"], assigns=["doc.ents"])
def make_title_names(nlp: Language, name: str) -> TitleNames:
    """spaCy factory for :class:`TitleNames`."""
    return TitleNames(nlp, name)
