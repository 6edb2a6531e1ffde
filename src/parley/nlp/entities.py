"""``parley_entities``: who is who — persons, states, places and organisations with their mentions,
roles, countries and actor codes.

Runs after ``ner``. Names come from NER and from the actor lexicon (:mod:`parley.nlp.actors`);
titles before a name ("Russian Foreign Minister Sergey Lavrov") or in apposition give roles.
Surnames, honorifics ("Ms Zakharova"), titles used alone ("the chancellor") and he/she are
grouped with the person they refer to; capitals used as governments ("Moscow and Kiev agreed")
and "the Russian side" are mentions of the state.

Results::

    doc._.entities          # list[parley.records.Entity] (built from doc._.entity_data)
    doc.spans["mentions"]   # every mention; span._.entity_key, span._.mention_kind, span.label_

Helpers other components import: :func:`entity_at`, :func:`resolve_mention`, :func:`actor_code`.
"""

from __future__ import annotations

import bisect
import re
from typing import Any

from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from parley.nlp.actors import Lexicon, lexicon, norm
from parley.nlp.entities_find import (
    INITIAL_SKIP,
    NOT_NAMES,
    ORG_DESCRIPTORS,
    PLACE_ENDS,
    PRONOUNS,
    Cand,
    Found,
    Tok,
    find_candidates,
    quote_regions,
)
from parley.nlp.entities_resolve import GROUPS_ONLY, Ent, Resolver
from parley.records import Entity, Mention, Role

SPANS_KEY = "mentions"
NER_LABELS = {"PERSON", "ORG", "GPE", "LOC", "NORP", "FAC"}

# ---------------------------------------------------------------- extensions


def _entities_getter(doc: Doc) -> list[Entity]:
    return [Entity.model_validate(d) for d in (doc._.entity_data or [])]


def ensure_extensions() -> None:
    """Register the Doc and Span extensions (idempotent)."""
    for name in ("entity_key", "mention_kind"):
        if not Span.has_extension(name):
            Span.set_extension(name, default=None)
    if not Doc.has_extension("entity_data"):
        Doc.set_extension("entity_data", default=None)
    if not Doc.has_extension("entities"):
        Doc.set_extension("entities", getter=_entities_getter)
    if not Doc.has_extension("dct"):
        Doc.set_extension("dct", default=None)


ensure_extensions()

# ---------------------------------------------------------------- the component


class EntityRecognizer:
    """Rule-based mention grouping, roles and actor codes over a parsed, NER-tagged Doc."""

    def __init__(self, nlp: Language, name: str = "parley_entities", *, actors_path: str | None = None,
                 phoenix_path: str | None = None, spans_key: str = SPANS_KEY, strict_pronouns: bool = False
                 ) -> None:
        ensure_extensions()
        self.name = name
        self.actors_path = actors_path
        self.phoenix_path = phoenix_path
        self.spans_key = spans_key
        self.strict_pronouns = strict_pronouns
        self._lex: Lexicon | None = None
        # hashes of the parser's subject relations (nsubj, nsubj:pass ...), read as arrays per Doc
        parser_labels = nlp.get_pipe("parser").labels if "parser" in nlp.pipe_names else ()
        self._subject_ids = {nlp.vocab.strings.add(lab) for lab in parser_labels if lab.startswith("nsubj")}

    @property
    def lex(self) -> Lexicon:
        if self._lex is None:
            self._lex = lexicon(self.actors_path, self.phoenix_path)
        return self._lex

    def __call__(self, doc: Doc) -> Doc:
        self.set_annotations(doc, self.find(doc))
        return doc

    def find(self, doc: Doc) -> Found:
        """Find and group the mentions of ``doc``; writes nothing."""
        text = doc.text
        # token offsets read as one array: no Token objects for a pass over every word
        tokens = [Tok(text[i:i + n], i, i + n, bool(ws)) for i, n, ws in
                  doc.to_array(["IDX", "LENGTH", "SPACY"]).tolist()] if len(doc) else []
        tagged = [(e.start_char, e.end_char, e.label_) for e in doc.ents]
        ents = _mend_glue([e for e in tagged if e[2] in NER_LABELS], tokens)
        makers, models = _brand_names(tokens, ents)
        ents += makers + [m for m in models if not any(s < m[1] and m[0] < e for s, e, _ in ents)]
        cands, loose = find_candidates(text, tokens, ents, self.lex)
        companies = _company_names(doc, tokens, ents + models, self.lex)
        # never the surname of a person named in full ("John Ossa ... Ossa said it")
        companies -= {self.lex.person_key(text[c.core[0]:c.core[1]]).split()[-1] for c in cands
                      if c.label == "PERSON" and c.core and len(text[c.core[0]:c.core[1]].split()) > 1}
        for c in cands:
            # a name the text shows to be a company ("automaker Chrysler", "Chrysler, another car
            # maker", "Boeing 787", "Boeing spokesman William Barksdale") is one in every mention,
            # whatever the NER said; persons with a title or honorific and known places keep theirs
            if c.kind == "name" and c.label in ("PERSON", "GPE", "LOC") and c.role is None and c.place is None \
                    and (c.core is None or c.core[0] == c.start) and self.lex.person_key(text[c.start:c.end]) \
                    in companies and self.lex.place(text[c.start:c.end]) is None:
                c.label, c.core = "ORG", None
        places = _place_names(tokens, ents) - companies
        places -= {self.lex.person_key(text[c.core[0]:c.core[1]]).split()[-1] for c in cands
                   if c.label == "PERSON" and c.core and (len(text[c.core[0]:c.core[1]].split()) > 1
                                                          or c.role is not None or c.gender is not None)}
        for c in cands:
            # a one-word "person" the text places things in ("farmers in Lissen", "the Brenna
            # highlands") is a place, unless a title, honorific or he/she says otherwise
            if c.kind == "name" and c.label == "PERSON" and c.role is None and c.gender is None \
                    and (c.core is None or c.core[0] == c.start) and " " not in text[c.start:c.end] \
                    and self.lex.person_key(text[c.start:c.end]) in places:
                c.label, c.core = "LOC", None
        loose = [c for c in loose if self.lex.person_key(text[c.start:c.end]) not in companies | places]
        ner_labels: dict[str, set[str]] = {}
        for s, e, lab in tagged:
            ner_labels.setdefault(self.lex.person_key(text[s:e]), set()).add(lab)
        for key in companies:
            ner_labels.setdefault(key, set()).add("ORG")
        subjects = [int(idx) for dep, idx in doc.to_array(["DEP", "IDX"]).tolist() if dep in self._subject_ids] \
            if len(doc) and self._subject_ids else []
        resolver = Resolver(text, self.lex, strict=self.strict_pronouns, ner_labels=ner_labels, subjects=subjects)
        cands = resolver.run(cands, loose)
        # a maker named before a model number ("Airbus A320") is part of a product name: it only
        # teaches that the word is an organisation, repeated elsewhere (Resolver.propagate)
        product = {(s, e) for s, e, _ in models}
        if product:
            cands = [c for c in cands if (c.start, c.end) not in product]
            for ent in resolver.ents.values():
                ent.mentions = [m for m in ent.mentions if (m.start, m.end) not in product]
        _merge_acronyms(resolver.ents, text)
        cands = _it_pronouns(doc, cands, resolver.ents)
        as_of = _iso(doc._.dct)
        # the narrator's "I" and "we" group mentions (doc.spans) but are no actors of the record
        entities = [_entity_dict(e, text, as_of) for e in resolver.ents.values()
                    if e.mentions and e.key not in GROUPS_ONLY]
        entities.sort(key=lambda d: d["mentions"][0]["start"])
        return Found(mentions=cands, entities=entities)

    def set_annotations(self, doc: Doc, found: Found) -> None:
        """Write ``doc.spans[spans_key]`` and ``doc._.entity_data``."""
        spans: list[Span] = []
        for c in found.mentions:
            span = doc.char_span(c.start, c.end, label=c.label, alignment_mode="expand")
            if span is None or not len(span):
                continue
            span._.entity_key = c.key
            span._.mention_kind = c.kind
            spans.append(span)
        doc.spans[self.spans_key] = spans
        doc._.entity_data = found.entities


@Language.factory(
    "parley_entities",
    default_config={"actors_path": None, "phoenix_path": None, "spans_key": SPANS_KEY, "strict_pronouns": False},
    requires=["doc.ents"],
    assigns=["doc.spans", "doc._.entity_data"],
)
def make_entities(nlp: Language, name: str, actors_path: str | None, phoenix_path: str | None,
                  spans_key: str, strict_pronouns: bool) -> EntityRecognizer:
    """spaCy factory for :class:`EntityRecognizer`.

    ``actors_path``: a YAML file of extra actors; ``phoenix_path``: Phoenix ``.actors`` file or
    folder (optional); ``strict_pronouns``: leave a pronoun unresolved when two persons fit.
    """
    return EntityRecognizer(nlp, name, actors_path=actors_path, phoenix_path=phoenix_path,
                            spans_key=spans_key, strict_pronouns=strict_pronouns)


# ---------------------------------------------------------------- makers the NER missed

_MODEL = re.compile(r"(?:[A-Z]{1,2}-?)?\d{3}(?:-\d{1,3})?[A-Za-z]{0,3}")


def _brand_names(tokens: list[Tok], ents: list[tuple[int, int, str]]
                 ) -> tuple[list[tuple[int, int, str]], list[tuple[int, int, str]]]:
    """One capitalized word the NER left untagged that names a maker: (after a word for a company
    ("carrier Ryanair"), before a model number ("Airbus A320", "Boeing 737s"))."""
    out: list[tuple[int, int, str]] = []
    models: list[tuple[int, int, str]] = []
    texts = [t.text for t in tokens]
    for i, t in enumerate(tokens):
        if not (t.text[:1].isupper() and t.text.isalpha() and len(t.text) > 1) or norm(t.text) in NOT_NAMES:
            continue
        s, e = t.start, t.end
        nxt = texts[i + 1] if i + 1 < len(texts) else ""
        if nxt and _MODEL.fullmatch(nxt):
            models.append((s, e, "ORG"))
            continue
        if any(es < e and s < ee for es, ee, _ in ents):
            continue
        prev = texts[i - 1].lower() if i > 0 else ""
        # "carrier Ryanair", "Irish low cost airline, Ryanair, announced"
        prev2 = texts[i - 2].lower() if i > 1 else ""
        after_word = (prev in ORG_DESCRIPTORS or (prev == "," and prev2 in ORG_DESCRIPTORS and nxt == ",")) \
            and not nxt[:1].isupper()
        if after_word:
            out.append((s, e, "ORG"))
    return out, models


_GLUE = {"of", "for", "and", "the", "de", "&"}


def _mend_glue(ents: list[tuple[int, int, str]], tokens: list[Tok]) -> list[tuple[int, int, str]]:
    """A name the NER cut after a linking word ("Republic of" | "Valdoria") runs on over the
    capitalized words that follow; one with nothing to join loses the dangling word."""
    starts = {t.start: i for i, t in enumerate(tokens)}
    ends = {t.end: i for i, t in enumerate(tokens)}
    out: list[tuple[int, int, str]] = []
    skip_to = -1
    for s, e, lab in ents:
        if s < skip_to:
            continue
        last = ends.get(e)
        nxt = last + 1 if last is not None else len(tokens)
        if nxt < len(tokens) and tokens[nxt].text[:1].isupper() and norm(tokens[nxt].text) in PLACE_ENDS \
                and tokens[last].ws:
            out.append((s, tokens[nxt].end, "LOC"))  # "Tessel" | "Dam", "Sarn" | "River"
            skip_to = tokens[nxt].end
            continue
        if last is None or tokens[last].text.lower() not in _GLUE or last == starts.get(s):
            out.append((s, e, lab))
            continue
        j = last + 1
        while j < len(tokens) and tokens[j].text[:1].isupper() and tokens[j].text.lower() not in NOT_NAMES:
            j += 1
        if j > last + 1:
            e = tokens[j - 1].end
            skip_to = e
        else:
            e = tokens[last - 1].end
        out.append((s, e, lab))
    return out


# ---------------------------------------------------------------- acronyms

def _merge_acronyms(ents: dict[str, Ent], text: str) -> None:
    """"Export Development Canada (EDC)", "General Motors (GM)": an organisation written as the
    initials of another one named in the same text is that one (its mentions move over, the
    acronym becomes an alias). Only exact initials of capitalized words count."""
    full: dict[str, Ent] = {}
    for ent in ents.values():
        words = [w for w in ent.name.replace("-", " ").split() if w.lower() not in INITIAL_SKIP]
        if ent.type in ("ORG", "GPE") and len(words) >= 2 and all(w[:1].isupper() for w in words):
            full.setdefault("".join(w[0] for w in words), ent)
    for key, ent in list(ents.items()):
        short = ent.name.replace(".", "")
        if ent.type not in ("ORG", "GPE", "PERSON") or not (2 <= len(short) <= 6 and short.isupper()):
            continue
        target = full.get(short)
        if target is None or target is ent or (ent.type == "PERSON" and ent.roles):
            continue
        for m in ent.mentions:
            m.key, m.label = target.key, target.type if target.type != "GPE" else m.label
        target.mentions = sorted([*target.mentions, *ent.mentions], key=lambda m: m.start)
        if ent.name not in target.aliases:
            target.aliases.append(ent.name)
        target.code = target.code or ent.code
        del ents[key]


# ---------------------------------------------------------------- "it" for states and organisations

_COPULAS = {"be", "seem", "appear", "become", "remain", "take", "make"}
_FINITE = {"VBD", "VBZ", "MD"}  # not VBP: the tagger takes "automobile" for one


def _it_pronouns(doc: Doc, cands: list[Cand], ents: dict[str, Ent]) -> list[Cand]:
    """"Boeing said it would...", "Russia and its allies": a referring "it"/"its" outside quotes
    takes the organisation or state named last as a subject (else named last) in its own or the
    previous sentence, when no other such name is as close. Expletive and weather "it" ("it is
    unclear", "it takes time") and "it" with nothing to refer to stay unresolved (no mention)."""
    names = sorted((c for c in cands if c.key and c.label in ("ORG", "GPE", "NORP")
                    and c.kind in ("name", "metonym", "nominal") and c.key in ents
                    and ents[c.key].type in ("ORG", "GPE")), key=lambda c: c.start)
    if not names or not doc.has_annotation("DEP"):
        return cands
    regions = quote_regions(doc.text)
    starts = [c.start for c in names]
    added: list[Cand] = []
    for t in doc:
        low = t.lower_
        if low not in ("it", "its") or t.dep_ == "expl" or any(qs <= t.idx < qe for qs, qe in regions):
            continue
        if low == "it" and (t.head.lemma_ in _COPULAS or t.dep_ == "nsubj:pass" or any(
                c.dep_ in ("cop", "expl") or (c.dep_ in ("xcomp", "ccomp", "csubj") and c.i > t.head.i
                                              and c.tag_ == "TO") for c in t.head.children)):
            continue  # "it is the biggest contract", "it is being billed as", "it takes time to"
        sent = t.sent
        floor = (doc[sent.start - 1].sent.start_char if sent.start > 0 else sent.start_char)
        k = bisect.bisect_left(starts, t.idx)
        near = [c for c in names[:k] if c.start >= floor]
        if not near:
            continue
        # the name a sentence is about: a subject, never a modifier ("United States automaker X")
        subjects = [c for c in near if (root := _root(doc, c)) is not None and root.dep_.startswith("nsubj")]
        if not subjects:
            continue
        pick = subjects[-1]
        for later in near[near.index(pick) + 1:]:
            # "United States automaker General Motors": the head of the phrase, not its modifier
            between = doc.char_span(pick.end, later.start, alignment_mode="expand")
            if between is not None and len(between) <= 4 and all(
                    tok.is_alpha and tok.tag_ not in _FINITE for tok in between):
                pick = later
            else:
                break
        ent = ents[pick.key]
        c = Cand(t.idx, t.idx + len(t.text), ent.type, "pronoun", key=ent.key)
        ent.mentions.append(c)
        added.append(c)
    return sorted([*cands, *added], key=lambda c: (c.start, -c.end)) if added else cands


def _root(doc: Doc, c: Cand) -> Token | None:
    span = doc.char_span(c.start, c.end, alignment_mode="expand")
    return span.root if span is not None and len(span) else None


# ---------------------------------------------------------------- place evidence

_IN_PLACE = {"in", "near", "outside", "across", "around", "inside", "throughout"}
# Lower-case words after a place name that make it one ("the Brenna highlands", "Lissen gauge").
GEO_NOUNS = set("""highlands lowlands region regions province district valley valleys border borders mountains
hills plain plains coast delta basin river lake gauge station area areas countryside outskirts suburbs
neighbourhood neighborhood village villages town city airport port harbour harbor""".split())


def _place_names(tokens: list[Tok], ents: list[tuple[int, int, str]]) -> set[str]:
    """Keys of one-word names the text places things in: after "in", "near", "outside" ... (not
    before "'s"), or before a word for a stretch of land ("the Brenna highlands")."""
    texts = [t.text for t in tokens]
    tagged = {norm(t.text) for t in tokens if any(s <= t.start and t.end <= e for s, e, _lab in ents)}
    out: set[str] = set()
    inside: dict[str, int] = {}
    for i, word in enumerate(texts):
        if not (word[:1].isupper() and word.isalpha()) or norm(word) not in tagged:
            continue
        prev = texts[i - 1].lower() if i > 0 else ""
        nxt = texts[i + 1] if i + 1 < len(texts) else ""
        if nxt[:1].isupper() or (prev[:1].isupper() and prev.isalpha()):
            continue  # part of a longer name
        if nxt.lower() in GEO_NOUNS and nxt.islower():
            out.add(norm(word))
        elif prev in _IN_PLACE and nxt not in ("'s", "’s"):
            inside[norm(word)] = inside.get(norm(word), 0) + 1
    # "in X" alone is weak ("a belief in Kennedy"): twice makes a place
    return out | {k for k, n in inside.items() if n > 1}


# ---------------------------------------------------------------- company evidence

_BASED = re.compile(r"\w+-based", re.I)
# What a company has and a person seldom does: "Ford's profits", "Boeing's most popular airliner".
COMPANY_POSSESSIONS = set("""shares stock stake stakes profit profits revenue revenues earnings sales losses
plant plants factory factories dealership dealerships dealers model models aircraft airliner airliners jet jets
fleet car cars vehicles trucks board shareholders customers employees workforce workers headquarters subsidiary
subsidiaries division divisions unit units brand brands products product stores branches ceo cfo chairman
bankruptcy restructuring takeover merger market""".split())


def _company_names(doc: Doc, tokens: list[Tok], ents: list[tuple[int, int, str]], lex: Lexicon) -> set[str]:
    """Keys of names the text itself shows to be companies: right after a word for a company
    ("automaker Chrysler", "airline, Ryanair"), with such a word in apposition ("Chrysler, another
    U.S. car maker"), before a model number ("Boeing 787"), after "X-based" ("Chicago-based
    Boeing"), or before a job title and a person's name ("Boeing spokesman William Barksdale")."""
    texts = [t.text for t in tokens]
    by_start = {t.start: i for i, t in enumerate(tokens)}
    persons = {by_start[s] for s, _e, lab in ents if lab == "PERSON" and s in by_start}
    # every place each tagged name is written, tagged there or not: the evidence may sit anywhere
    labels: dict[tuple[str, ...], str] = {}
    for s, e, lab in ents:
        span = doc.char_span(s, e, alignment_mode="expand")
        if span is not None and len(span) and span.text[:1].isupper():
            labels.setdefault(tuple(t.text for t in span), lab)
    first: dict[str, list[tuple[str, ...]]] = {}
    for words in labels:
        first.setdefault(words[0], []).append(words)
    occurrences = [(i, i + len(w), labels[w]) for i, text in enumerate(texts) for w in first.get(text, ())
                   if tuple(texts[i:i + len(w)]) == w]
    out: set[str] = set()
    for a, b, lab in occurrences:
        span = doc[a:b]
        before = [t.lower_ for t in doc[max(0, a - 2):a]]
        after = [t for t in doc[b:b + 7]]
        evidence = bool(before) and (
            before[-1] in ORG_DESCRIPTORS or (before[-1] == "," and len(before) == 2 and before[0] in ORG_DESCRIPTORS)
            or bool(_BASED.fullmatch(before[-1])))
        if not evidence and after and after[0].text == "," and len(after) > 2 and \
                after[1].lower_ in ("the", "a", "an", "another", "its", "their"):
            for t in after[2:]:
                if t.lower_ in ORG_DESCRIPTORS:
                    evidence = True
                if t.is_punct or t.pos_ == "VERB":
                    break
        if not evidence and after and _MODEL.fullmatch(after[0].text):
            evidence = True
        if not evidence and lab == "PERSON" and b - a == 1 and len(after) > 2 and after[0].pos_ in ("VERB", "AUX"):
            # "Fiat announced that it intends", "Boeing said its": a name that is "it" is no person
            words = [t.lower_ for t in after[1:] if not t.is_sent_start]
            k = words.index("that") + 1 if "that" in words[:5] else 0
            rest = words[k + 1:k + 3]
            # "said it would cut jobs" refers; "said it was hard", "said it would be hard" need not
            evidence = k < len(words) and words[k] in ("it", "its") and not (
                rest[:1] in (["is"], ["was"], ["'s"], ["seems"], ["seemed"]) or rest[1:2] == ["be"])
        if not evidence and lab == "PERSON" and b - a == 1 and len(after) > 1 and after[0].text in ("'s", "’s", "'"):
            # "Fiat's announcement" is no evidence; "Fiat's shares", "Boeing's 787" are
            nxt = [t for t in after[1:4] if not (t.pos_ in ("ADJ", "ADV") or t.lower_ in ("new", "own"))]
            evidence = bool(nxt) and (nxt[0].lower_ in COMPANY_POSSESSIONS or bool(_MODEL.fullmatch(nxt[0].text)))
        if not evidence and len(after) > 1:
            k = 0
            while k < len(after) and (norm(after[k].text) in lex.heads or norm(after[k].text) in lex.modifiers
                                      or after[k].lower_ in ("ceo", "cfo", "coo", "vice")):
                k += 1
            evidence = 0 < k < len(after) and after[k].i in persons
        if evidence:
            out.add(lex.person_key(span.text))
    return out


# ---------------------------------------------------------------- records


def _iso(value: Any) -> str | None:
    if value is None:
        return None
    if hasattr(value, "isoformat"):
        return value.isoformat()[:10]
    return str(value)[:10] or None


def _entity_dict(e: Ent, text: str, as_of: str | None) -> dict[str, Any]:
    aliases = [a for a in dict.fromkeys(e.aliases) if norm(a) != norm(e.name)]
    return {
        "key": e.key, "name": e.name, "type": e.type, "country": e.country, "sector": e.sector,
        "code": e.code, "aliases": aliases,
        "roles": [{"title": r.title, "country": r.country, "sector": r.sector, "as_of": as_of} for r in e.roles],
        "mentions": [{"start": m.start, "end": m.end, "text": text[m.start:m.end], "label": m.label,
                      "kind": m.kind, "entity_key": e.key} for m in sorted(e.mentions, key=lambda m: m.start)],
    }


# ---------------------------------------------------------------- helpers for other components


def _by_key(doc: Doc) -> dict[str, Entity]:
    return {e.key: e for e in doc._.entities}


def _mentions(doc: Doc) -> list[Span]:
    return list(doc.spans[SPANS_KEY]) if SPANS_KEY in doc.spans else []


def entity_at(doc: Doc, start_char: int, end_char: int) -> Entity | None:
    """The entity of the resolved mention overlapping ``[start_char, end_char)``; a mention covering
    the range wins, then the longest overlap."""
    best: tuple[int, int, Span] | None = None
    for span in _mentions(doc):
        if span._.entity_key is None or not (span.start_char < end_char and start_char < span.end_char):
            continue
        if span._.mention_kind == "pronoun" and span.label_ != "PERSON" and span.text.lower() == "its" \
                and (span.start_char > start_char or span.end_char < end_char):
            continue  # "its European allies" is not the state that "its" stands for
        covers = int(span.start_char <= start_char and span.end_char >= end_char)
        overlap = min(end_char, span.end_char) - max(start_char, span.start_char)
        if best is None or (covers, overlap) > best[:2]:
            best = (covers, overlap, span)
    if best is None:
        return None
    return _by_key(doc).get(best[2]._.entity_key)


def resolve_mention(doc: Doc, span: Span) -> Entity | None:
    """Entity a name, surname, honorific, title or pronoun refers to (None when unresolved)."""
    ent = entity_at(doc, span.start_char, span.end_char)
    if ent is not None:
        return ent
    text = span.text.strip()
    if not text:
        return None
    lex = lexicon()
    place = lex.place(text)
    if place is not None:
        key = norm(place.name) if place.kind != "country" else norm(lex.country_name(place.country or ""))
        return _by_key(doc).get(key)
    if text.lower() in PRONOUNS:
        return None
    words = lex.person_key(text).split()
    if words:
        persons = [e for e in doc._.entities if e.type == "PERSON"]
        hits = [e for e in persons if e.key.split()[-1] == words[-1]]
        if len(hits) == 1:
            return hits[0]
    return None


def actor_code(doc: Doc, span: Span) -> str | None:
    """Actor code of a span: ISO3 for states, capitals used as governments, demonyms and persons
    (their country); the IGO code ("NATO", "EU", "UN"); None when unknown (never guessed)."""
    ent = resolve_mention(doc, span)
    if ent is not None:
        mention = next((m for m in ent.mentions if m.start < span.end_char and span.start_char < m.end), None)
        if ent.type == "GPE" and ent.code:
            return ent.code
        if ent.type == "GPE" and mention is not None and mention.kind == "metonym":
            return ent.country
        if ent.type == "GPE" and ent.country and mention is not None and mention.start > span.start_char \
                and span.root.i < span.start + len(span) and norm(span.root.text) in lexicon().heads \
                and span.root.i < doc.char_span(mention.start, mention.end, alignment_mode="expand").start:
            return ent.country  # "the mayor of Nablus": an office of the place's country
        if ent.type == "PERSON":
            return ent.country
        if ent.type == "ORG":
            return ent.code or ent.country
        return None
    lex = lexicon()
    for token in span:
        iso3 = lex.demonym(token.text) if token.text[:1].isupper() else None
        if iso3:
            return iso3
    return None


__all__ = ["EntityRecognizer", "actor_code", "entity_at", "make_entities", "resolve_mention", "Role", "Mention"]
