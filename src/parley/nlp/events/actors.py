"""Actor codes for ``parley_events``: ask :mod:`parley.nlp.entities.component` first, else the actor lexicon's
tables (:mod:`parley.nlp.lexicon.actors`: countries, capitals, demonyms, IGOs, known persons). A mention
with no code keeps its text.

Sector agents ("the government", "the army", "police", "rebels", "demonstrators") are coded
country + sector (CAMEO style: ``SYRGOV``, ``GEOOPP``): the country from the mention's own words
("the Chilean government", "Peru's army", "police in Lima"), else the only country the sentence
names, else the country the document names most (strictly). Role nouns with a place ("the mayor of
Nablus", "dissidents from Myanmar") take the place's country. An optional Phoenix/TABARI actor
dictionary (``parley_events`` setting ``phoenix_path``; never needed) adds known persons.
Sector head nouns and the other word lists: ``src/parley/data/events/participants.yaml``.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache
from typing import TypeGuard

from spacy.tokens import Doc, Token

from parley.nlp.context import context_for, context_of, entity_index
from parley.nlp.events.tree import preps
from parley.nlp.lexicon.actors import country_codes, lexicon, norm
from parley.nlp.lexicon.words import DETERMINERS, word_map, word_set
from parley.nlp.syntax import NOUN_MODIFIERS, POSS, dep

PRONOUNS_FIRST = {"we", "our", "us", "ours"}
ACTOR_ENTS = {"PERSON", "ORG", "GPE", "NORP", "LOC"}  # entity types that can be an actor
# head noun of a sector agent -> CAMEO sector code
AGENTS = word_map("events/participants", "agents")
ROLE_PREPS = {"of", "from", "in"}
# documents that speak for whoever issued them: their origin is where they were issued
DOCUMENTS = word_set("events/participants", "documents")


@lru_cache(maxsize=1)
def _table() -> dict[str, dict[str, str]]:
    """Code tables read from the actor lexicon (:mod:`parley.nlp.lexicon.actors`: countries with pycountry,
    capitals, cities, institutions, IGOs, demonyms, known persons), keyed by :func:`norm`."""
    lex = lexicon()
    names = {k: p.country for k, p in lex.places.items() if p.country and p.kind not in ("igo", "city")}
    igos = {k: p.code for k, p in lex.places.items() if p.kind == "igo" and p.code}
    persons = {k: p.country for k, p in lex.persons.items() if p.country}
    surnames: dict[str, set[str]] = {}
    for name, code in persons.items():
        surnames.setdefault(name.split()[-1], set()).add(code)
    persons |= {s: next(iter(c)) for s, c in surnames.items() if len(c) == 1 and s not in persons}
    return {"names": names, "igos": igos, "persons": persons, "demonyms": dict(lex.demonyms),
            "plurals": dict(lex.plurals)}


def table_code(words: list[str]) -> str | None:
    """First country/IGO/demonym code found in ``words`` (longest match at each position)."""
    t = _table()
    for i in range(len(words)):
        for n in (4, 3, 2, 1):
            if i + n > len(words):
                continue
            raw = " ".join(words[i:i + n])
            key = norm(raw)
            short = len(key.replace(" ", "")) <= 3
            if short and not raw.replace(".", "").isupper():
                continue  # "us" the pronoun, "un-" ...: abbreviations match only in capitals
            if n == 1 and not words[i][:1].isupper():
                continue  # names and demonyms are capitalised
            for table in ("names", "igos", "demonyms", "plurals"):
                if key in t[table]:
                    return t[table][key]
    return None


@dataclass
class _PerDoc:
    """What this module keeps in a Doc's context while ``parley_events`` runs on it."""

    phoenix: dict[str, str] | None = None  # the optional Phoenix table (:func:`use_phoenix`)
    codes: dict[tuple[int, int], str | None] = field(default_factory=dict)  # (first, last token) -> code
    countries: dict[int, list[str]] = field(default_factory=dict)  # sentence start (-1: the Doc) -> settings
    places: frozenset[str] | None = None  # one-word place and body names the NER found (:func:`_unknown_owner`)


def _per_doc(doc: Doc) -> _PerDoc | None:
    ctx = context_of(doc)
    return ctx.memo("events.actors", _PerDoc) if ctx is not None else None


def use_phoenix(doc: Doc, table: dict[str, str] | None) -> None:
    """Consult ``table`` (surface -> ISO3, :func:`phoenix_table`) for this Doc's uncoded mentions
    while its context is open (None: consult none)."""
    memo = _per_doc(doc)
    if memo is not None:
        memo.phoenix = table or None
        memo.codes.clear()  # codes found with another table


@lru_cache(maxsize=4)
def phoenix_table(path: str) -> dict[str, str]:
    """Person key -> ISO3 of the persons in Phoenix/TABARI ``.actors`` files (a file or a folder of
    ``*.actors.txt``), read by the actor lexicon (:func:`parley.nlp.lexicon.actors.lexicon`)."""
    return {k: p.country for k, p in lexicon(None, path).persons.items() if p.country}


def is_country(code: str | None) -> TypeGuard[str]:
    """A code that starts with a country's ISO alpha-3 (``RUS``, ``RUSGOV``), as the actor lexicon
    knows them (:func:`parley.nlp.lexicon.actors.country_codes`)."""
    if not code:
        return False
    return code[:3] in country_codes()


def span_code(doc: Doc, tokens: list[Token]) -> str | None:
    """The actor code for a mention given as its tokens (entities module first), memoised per
    Doc while ``parley_events`` runs on it."""
    if not tokens:
        return None
    memo = _per_doc(doc)
    if memo is None:
        return _span_code(doc, tokens)
    cache = memo.codes
    key = (tokens[0].i, tokens[-1].i)
    if key not in cache:
        cache[key] = _span_code(doc, tokens)
    return cache[key]


# heads whose modifier names the other side: "Elysee critics", "Valdor's opponents" are not France
ADVERSARIES = word_set("events/participants", "adversaries")


def _span_code(doc: Doc, tokens: list[Token]) -> str | None:
    head = _head(tokens)
    if head.lower_ in ADVERSARIES:
        return None
    code = _plain_code(doc, tokens)
    sector = AGENTS.get(head.lower_) if head.pos_ in ("NOUN", "PROPN") else None
    if sector:
        if code and len(code) > 3 and code[3:] in AGENTS.values() and is_country(code):
            return code  # the entities module already gave country + sector
        own = table_code([t.text for t in tokens if t.i < head.i])  # "the Chilean army in Peru"
        country = own if is_country(own) else code[:3] if is_country(code) and len(code or "") == 3 else None
        if country is None and code is None:
            country = _place_country(doc, head) or (None if _unknown_owner(tokens, head) else context_country(
                doc, head, tokens))
        return f"{country}{sector}" if country else code
    if code is None:
        return _phoenix(doc, tokens) or _person(tokens) or _place_country(doc, head)
    if is_country(code):
        # the mention's own words over a country guessed from elsewhere: "the US commander in Iraq"
        # (his country, not his posting), a listed leader named with a bare title ("President X")
        own = table_code([t.text for t in tokens if t.i < head.i]) if head.pos_ == "NOUN" else _person(tokens)
        if own and is_country(own) and own[:3] != code[:3]:
            return own
    return code


def _unknown_owner(tokens: list[Token], head: Token) -> bool:
    """The mention names whose body it is, or where, with a name no table knows ("Kestria's foreign
    ministry", "a court in Arven", "Kestrian troops" where the story names "Kestria"): never the country
    the story is set in, which may be the other side."""
    doc = head.doc
    owners = [t for t in tokens if t.i < head.i and t.pos_ == "PROPN" and t.i + 1 < len(doc)
              and doc[t.i + 1].tag_ == "POS"]  # "Kestria's"
    places = _named_places(doc)
    owners += [t for t in tokens if t.i < head.i and t.pos_ in ("ADJ", "PROPN") and t.text[:1].isupper() and any(
        t.text != p and t.text.startswith(p[:-1]) for p in places)]  # "Kestrian", of a place named "Kestria"
    owners += [n for p, n in preps(head) if p in ROLE_PREPS and n.i > head.i and n.pos_ == "PROPN"]  # "in Arven"
    return bool(owners) and not _countries_in(" ".join(t.text for t in owners))


def _named_places(doc: Doc) -> frozenset[str]:
    """The one-word place and body names the NER found in ``doc``, read once per Doc."""
    memo = _per_doc(doc)
    if memo is not None and memo.places is not None:
        return memo.places
    places = frozenset(e.text for e in doc.ents if e.label_ in ("GPE", "LOC", "ORG") and " " not in e.text
                       and len(e.text) > 3)
    if memo is not None:
        memo.places = places
    return places


def shared_head_codes(doc: Doc, head: Token) -> list[tuple[str, Token]]:
    """One code per country that a coordinated modifier gives the same head: "Armenian and Azerbaijani
    officials", "negotiators from Armenia and Azerbaijan" are two sides, not the last one named. [] when
    the head has no such modifier, or it names fewer than two countries."""
    for c in head.children:
        d = c.dep_.lower()
        prep = next((x for x in c.children if x.dep_ in ("case", "prep") and x.lower_ in ("from", "of")), None)
        if not (d in ("amod", "compound") and c.i < head.i or d == "nmod" and prep is not None):
            continue
        parts = [c] + [x for x in c.children if x.dep_ == "conj"] + [  # (or "Ukrainian" a sibling with "and")
            x for x in head.children if x.dep_ == d and c.i < x.i < head.i and any(y.dep_ == "cc" for y in x.children)]
        if len(parts) < 2:
            continue
        out: list[tuple[str, Token]] = []
        for x in parts:
            toks = [x, head] if x.i < head.i else [head, x]
            code = _span_code(doc, toks)
            if is_country(code) and all(code != o for o, _ in out):
                out.append((code, x))
        return out if len(out) >= 2 else []
    return []


def _person(tokens: list[Token]) -> str | None:
    """The nationality of a listed leader named by full name or unique surname ("Obama", "President
    Vladimir Putin"): the proper-noun words of the mention, then its last one."""
    words = [t for t in tokens if t.pos_ == "PROPN" or t.ent_type_ == "PERSON"]
    if not words or _head(tokens).pos_ != "PROPN":
        return None
    return _person_code(words, _table()["persons"])


def _person_code(words: list[Token], table: dict[str, str]) -> str | None:
    """The code of the longest tail of ``words`` that ``table`` knows as a person key."""
    lex = lexicon()
    for lo in range(len(words)):
        key = lex.person_key(" ".join(t.text for t in words[lo:]))
        if key in table:
            return table[key]
    return None


def _plain_code(doc: Doc, tokens: list[Token]) -> str | None:
    index = entity_index(doc)
    if index is not None:
        code = index.actor_code(doc[tokens[0].i: tokens[-1].i + 1])
        if code:
            return str(code)
    return table_code([t.text for t in tokens])


def _head(tokens: list[Token]) -> Token:
    idx = {t.i for t in tokens}
    return next((t for t in tokens if t.head.i not in idx or t.head.i == t.i), tokens[-1])


def _place_country(doc: Doc, head: Token) -> str | None:
    """The country of a place hung from a role noun: "the mayor of Nablus", "dissidents from
    Myanmar", "police in Cairo" (the place's own words, one step down)."""
    if head.pos_ not in ("NOUN",) or not (head.lower_ in AGENTS or _role_word(head) or head.lemma_ in DOCUMENTS):
        return None
    hosts = [head]
    if head.lemma_ in DOCUMENTS:  # "a report released in the Peruvian capital", "a statement issued in Lima"
        hosts += [c for c in head.children if dep(c) == "acl" and c.tag_ == "VBN"]
    for c in (c for h in hosts for c in h.children):
        if dep(c) in ("prep", "nmod", "obl") and c.i > head.i:
            case = c.lower_ if dep(c) == "prep" else next((g.lower_ for g in c.children if dep(g) == "case"), "")
            obj = next((g for g in c.children if dep(g) == "pobj"), None) if dep(c) == "prep" else c
            if case in ROLE_PREPS and obj is not None:
                code = country_of_words(doc[obj.left_edge.i: obj.i + 1].text)
                if code:
                    return code
    return None


def _role_word(tok: Token) -> bool:
    return tok.lemma_.lower() in lexicon().heads or tok.lower_ in lexicon().heads


def country_of_words(text: str) -> str | None:
    """The one country the places and demonyms named in ``text`` belong to (None for none or several)."""
    found = _countries_in(text)
    return found[0] if found and len(set(found)) == 1 else None


def _countries_in(text: str) -> list[str]:
    """ISO3 of every country, capital, city and demonym named (capitalised) in ``text``."""
    return [iso for iso, _ in _countries_at(text)]


def _countries_at(text: str) -> list[tuple[str, int]]:
    """(ISO3, offset) of every country, capital, city and demonym named (capitalised) in ``text``."""
    lex = lexicon()
    out = []
    for m in lex.pattern().finditer(text):
        surface = m.group(0)
        if not surface[:1].isupper():
            continue
        if len(re.sub(r"[^A-Za-z]", "", surface)) <= 3 and surface not in lex.exact and not surface.isupper():
            continue
        place = lex.place(surface)
        iso = place.country if place is not None and place.kind != "igo" else lex.demonym(surface)
        if iso and is_country(iso):
            out.append((iso, m.start()))
    return out


SETTING_NOUNS = word_set("events/participants", "setting_nouns")
VENUE_NOUNS = word_set("events/participants", "venue_nouns")
SETTING_PREPS = {"in", "at", "near", "across", "throughout", "inside", "outside", "around", "from", "of"}


def _setting(tok: Token) -> bool:
    """A place named as where things happen, not as a party to them: "in Peru", "Peru's second
    city", "Peruvian state media", "the Cusco countryside" (not "to help Chile", "attacked Bolivia")."""
    head = tok
    while dep(head) in ("compound", "flat", "flat:name") and head.head.pos_ == "PROPN" and head.head.i != head.i:
        head = head.head
    d = dep(head)
    if d in POSS:
        return True
    if d in NOUN_MODIFIERS and head.head.pos_ == "NOUN":  # "the Syrian capital", not "a Russian airstrike"
        if head.head.lemma_.lower() in SETTING_NOUNS:
            return True
        if d == "amod" or head.pos_ != "PROPN":
            return False
        head = head.head  # a place name modifying a noun in a place phrase: "in the Aleppo countryside"
        d = dep(head)
    if head.pos_ not in ("PROPN", "NOUN"):
        return False  # "died in a Peruvian airstrike" parsed with "Peruvian" as the place
    if d == "pobj":
        return head.head.lower_ in SETTING_PREPS and not _venue_of(head.head.head)
    if d in ("obl", "nmod"):
        return any(dep(c) == "case" and c.lower_ in SETTING_PREPS for c in head.children) and not _venue_of(head.head)
    return False


def _venue_of(tok: Token) -> bool:
    """A gathering, or a verb a gathering is the subject or object of: "talks in Doha", "talks will resume
    in Doha", "held talks in Geneva"."""
    words = [tok, *(c for c in tok.children if dep(c) in ("nsubj", "nsubj:pass", "nsubjpass", "obj", "dobj"))]
    if dep(tok) == "conj":  # (parsed as "talks between X and [Y will resume in Doha]")
        words.append(tok.head)
    return any(w.lemma_.lower() in VENUE_NOUNS or w.lower_ in VENUE_NOUNS for w in words)


def context_country(doc: Doc, head: Token, tokens: list[Token]) -> str | None:
    """The only country the sentence of ``head`` names as a setting (:func:`_setting`), else the
    one the document names most that way (strictly). A country named as a party ("pressured by
    parliament to help Chile") says nothing of whose congress it is."""
    memo = _per_doc(doc)
    per_doc = memo.countries if memo is not None else {}
    sent = context_for(doc).sent_of(head.i)  # Token.sent scans the Doc again on every call
    if sent.start not in per_doc:
        per_doc[sent.start] = _settings_in(doc, sent.start_char, sent.text)
    found = set(per_doc[sent.start])
    if len(found) == 1:
        return found.pop()
    if found:
        return None
    if -1 not in per_doc:
        per_doc[-1] = _settings_in(doc, 0, doc.text)
    counts = Counter(per_doc[-1]).most_common(2)
    if counts and (len(counts) == 1 or counts[0][1] > counts[1][1]):
        return counts[0][0]
    return None


def _settings_in(doc: Doc, offset: int, text: str) -> list[str]:
    out = []
    for iso, at in _countries_at(text):
        span = doc.char_span(offset + at, offset + at + 1, alignment_mode="expand")
        if span is not None and _setting(span[0]):
            out.append(iso)
    return out


def _phoenix(doc: Doc, tokens: list[Token]) -> str | None:
    memo = _per_doc(doc)
    table = memo.phoenix if memo is not None else None
    if not table:
        return None
    return _person_code([t for t in tokens if t.lower_ not in DETERMINERS and not t.is_punct], table)


def mention_text(tokens: list[Token]) -> str:
    """The mention as an analyst names it: leading determiners and possessives dropped
    ("its Andean allies" → "Andean allies")."""
    toks = list(tokens)
    while len(toks) > 1 and toks[0].lower_ in DETERMINERS:
        toks = toks[1:]
    if not toks:
        return ""
    doc = toks[0].doc
    return doc[toks[0].i: toks[-1].i + 1].text.strip(" ,;:'\"“”‘’")
