"""Documents speak as documents, for ``parley_quotes``: words quoted from a resolution, report, statement,
study, post or law belong to the document's issuer when the article names one, else to the document.

A mention is a document when its head noun is one of ``data/quotes/speakers.yaml``'s document or writing
nouns ("the draft resolution", "a statement", "the study", "a new poll that shows …"). Its issuer, in
order:

1. written in the mention: "the Harbor Watch study", "a study by Civic Action";
2. written with the same document elsewhere in the paragraph or the two before (or the next sentence):
   "Harbor Watch's study", "a report from the Audit Office", "the Courier-Lakeside Research poll";
3. the speaker of a quote said "in" such a document before ("Fiddler said in a statement");
4. the last named speaker of the paragraph, for a statement, post or tweet ("Gatsby said … A statement
   said"): a writing speaks for whoever was just speaking.

With none, the document itself is the speaker ("the draft resolution"), never a person it mentions.
"""

from __future__ import annotations

import re

from spacy.tokens import Span, Token

from parley.nlp.context import context_for
from parley.nlp.quotes.mentions import DOCUMENT_NOUNS, SOURCE_NOUNS

# Writings that speak for whoever was just speaking when no issuer is written ("A statement said").
VOICE_NOUNS = {"statement", "post", "tweet", "tweets", "letter", "release", "email", "message"}
_DETERMINERS = {"the", "a", "an", "this", "that", "its", "their", "his", "her", "one", "another", "new"}
_ISSUER = (r"(?P<n>(?:(?!(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)\b)[A-Z][\w&'’-]*"
           r"(?:\.(?!\s))?(?:\s+(?:of|for|and|&)\s+|[ /-]+)?){1,6})")


def document_head(span: Span) -> Token | None:
    """The head noun of a mention that is a document ("the draft resolution", "a new poll that shows …",
    "In a statement issued Friday", "a court document filed by X"), else None: a name ending on such
    a noun ("the Daily Report") is none, nor a clause ("Her ministry sent out a short note") or a noun phrase
    whose document noun is only a modifier's ("advocates for river clean-up funding")."""
    toks = [t for t in span if not t.is_punct]
    while toks and toks[0].pos_ == "ADP":
        toks = toks[1:]  # "In a statement issued Friday"
    if not toks:
        return None
    for k, t in enumerate(toks):
        if k and (t.pos_ == "ADP" or t.lower_ in {"that", "which", "who", "whose"} or t.tag_ in ("VBN", "VBG")):
            toks = toks[:k]  # "a new poll that shows …", "a report from X": the noun phrase before
            break
    head = toks[-1]
    if head.lower_ not in SOURCE_NOUNS or head.text[:1].isupper() and head.i != span.start:
        return None
    if toks[0].lower_ not in _DETERMINERS and len(toks) > 1 and not toks[0].text[:1].isupper():
        return None
    return head


def issuer_in(span: Span, head: Token) -> str | None:
    """An issuer written in the mention: the owner before "'s" ("Civic Futures' study"), capitalized words
    before the document noun ("the Harbor Watch study", "Government House pool reports"; not a platform's:
    "the club's Facebook post") or a name after "by"/"from" ("a document filed by attorney Dave Hollins")."""
    doc = span.doc
    before = [t for t in doc[span.start:head.i] if t.pos_ != "ADP"
              and not (t.lower_ in _DETERMINERS and (t.is_lower or t.i == span.start))]  # ("New" of a name stays)
    poss = [k for k, t in enumerate(before) if t.lower_ in {"'s", "’s", "'"}]
    if poss:
        first = next((k for k, t in enumerate(before[:poss[-1]]) if t.text[:1].isupper()), None)
        owner = before[first:poss[-1]] if first is not None else []  # ("the State Department inspector
        return " ".join(t.text for t in owner) if owner else None  # general's report": all of the owner)
    run: list[Token] = []
    for t in reversed(before):
        if t.text[:1].isupper() or t.text in {"-", "/", "&"} or t.lower_ == "of" and run:
            run.insert(0, t)
        else:
            break
    while run and not run[0].text[:1].isupper():
        run.pop(0)
    if run and not (len(run) == 1 and run[0].ent_type_ in ("NORP", "DATE")):
        return doc[run[0].i:run[-1].i + 1].text
    after = context_for(doc).text[head.idx + len(head.text):span.end_char + 80]
    m = re.match(r"\s+(?:[a-z]+\s+){0,2}?(?:by|from)\s+(?:the\s+)?(?:[a-z]+\s+){0,2}?" + _ISSUER, after)
    return _clean(m.group("n")) if m else None


def issuer_nearby(text: str, head: str, start: int, end: int) -> str | None:
    """An issuer written with the same kind of document in ``text[start:end]``: "X's report", "the X
    report", "a report by/from X"; the last one before ``end``."""
    noun = re.escape(head)
    pats = (rf"{_ISSUER}['’]s\s+(?:[a-z][\w-]*\s+){{0,3}}{noun}\b",
            rf"\b(?i:the|a|an)\s+(?:new\s+)?{_ISSUER}\s+(?:[a-z][\w-]*\s+){{0,2}}{noun}\b",
            rf"\b{noun}\s+(?:[a-z]+\s+)?(?:by|from)\s+(?:the\s+)?{_ISSUER}")
    found: list[tuple[int, str]] = []
    for pat in pats:
        for m in re.finditer(pat, text[start:end]):
            name = _clean(m.group("n"))
            if name:
                found.append((m.start(), name))
    return max(found)[1] if found else None


def _clean(name: str) -> str | None:
    """An issuer's name without a trailing joiner or a sentence-initial "The"; None when nothing is left
    but words that name no one ("The", "A")."""
    name = re.sub(r"(?:\s+(?:of|for|and|&)|[\s/.,-])+$", "", name.strip())
    if re.search(r"['’]s?$", name):
        return None  # "a report from the Harbour Board's auditor": the owner of whoever wrote it, not them
    name = re.sub(r"^(?:The|A|An|This|That)\s+", "", name)
    words = name.split()
    if not words or all(w.lower() in _DETERMINERS for w in words) or len(name) < 2:
        return None
    return name


def is_document(span: Span) -> bool:
    """A mention whose head is a document or writing noun (see :func:`document_head`)."""
    return document_head(span) is not None


def is_voice(head: Token) -> bool:
    """A writing through which whoever was just speaking speaks ("a statement", "the post")."""
    return head.lower_ in VOICE_NOUNS or head.lower_ not in DOCUMENT_NOUNS and head.lower_ in SOURCE_NOUNS
