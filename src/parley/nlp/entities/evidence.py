"""Evidence passes of ``parley_entities`` that read the text around names, apart from finding and
grouping: makers the NER missed, names it cut, organisations and places shown by their context,
acronyms defined in parentheses, and a referring "it"/"its" for states and organisations.
"""

from __future__ import annotations

import bisect
import re

from spacy.tokens import Doc, Token

from parley.nlp.entities.find import (
    INITIAL_SKIP,
    NAME_WORDS,
    NOT_NAMES,
    ORG_DESCRIPTORS,
    ORG_ENDS,
    ORG_GLUE,
    PLACE_ENDS,
    Cand,
    QuoteRegions,
    Toks,
    in_order,
    quote_regions,
)
from parley.nlp.entities.resolve import Ent
from parley.nlp.intervals import tokens_inside, tokens_overlapping
from parley.nlp.lexicon.actors import Lexicon, norm
from parley.nlp.lexicon.words import given_names, word_set

# ---------------------------------------------------------------- makers the NER missed

MODEL_NUMBER = re.compile(r"(?:[A-Z]{1,2}-?)?\d{3}(?:-\d{1,3})?[A-Za-z]{0,3}")


def brand_names(toks: Toks, ents: list[tuple[int, int, str]]
                ) -> tuple[list[tuple[int, int, str]], list[tuple[int, int, str]]]:
    """One capitalized word the NER left untagged that names a maker: (after a word for a company
    ("carrier Ryanair"), before a model number ("Airbus A320", "Boeing 737s"))."""
    out: list[tuple[int, int, str]] = []
    models: list[tuple[int, int, str]] = []
    texts = toks.text
    tagged = tokens_overlapping(toks.start, toks.end, [(s, e) for s, e, _ in ents])
    for i, word in enumerate(texts):
        if not (word[:1].isupper() and word.isalpha() and len(word) > 1) or norm(word) in NOT_NAMES:
            continue
        s, e = toks.start[i], toks.end[i]
        nxt = texts[i + 1] if i + 1 < len(texts) else ""
        if nxt and MODEL_NUMBER.fullmatch(nxt):
            models.append((s, e, "ORG"))
            continue
        if i in tagged:
            continue
        prev = texts[i - 1].lower() if i > 0 else ""
        # "carrier Ryanair", "Nordic low cost airline, Skyvale, announced"
        prev2 = texts[i - 2].lower() if i > 1 else ""
        after_word = (prev in ORG_DESCRIPTORS or (prev == "," and prev2 in ORG_DESCRIPTORS and nxt == ",")) \
            and not nxt[:1].isupper()
        if after_word:
            out.append((s, e, "ORG"))
    return out, models


_GLUE = ORG_GLUE | {"the"}


def mend_glue(ents: list[tuple[int, int, str]], toks: Toks) -> list[tuple[int, int, str]]:
    """A name the NER cut after a linking word ("Republic of" | "Valdoria") runs on over the
    capitalized words that follow; one with nothing to join loses the dangling word."""
    texts, ends, n = toks.text, toks.end, len(toks)
    starts = {s: i for i, s in enumerate(toks.start)}
    end_at = {e: i for i, e in enumerate(ends)}
    out: list[tuple[int, int, str]] = []
    skip_to = -1
    for s, e, lab in ents:
        if s < skip_to:
            continue
        last = end_at.get(e)
        nxt = last + 1 if last is not None else n
        if last is not None and nxt < n and texts[nxt][:1].isupper() \
                and norm(texts[nxt]) in PLACE_ENDS and toks.ws[last]:
            out.append((s, ends[nxt], "LOC"))  # "Tessel" | "Dam", "Sarn" | "River"
            skip_to = ends[nxt]
            continue
        if last is None or texts[last].lower() not in _GLUE or last == starts.get(s):
            out.append((s, e, lab))
            continue
        j = last + 1
        while j < n and texts[j][:1].isupper() and texts[j].lower() not in NOT_NAMES:
            j += 1
        if j > last + 1:
            e = ends[j - 1]
            skip_to = e
        else:
            e = ends[last - 1]
        out.append((s, e, lab))
    return out


# ---------------------------------------------------------------- acronyms

def merge_acronyms(ents: dict[str, Ent], text: str) -> None:
    """"Eastmere Development Bank (EDB)", "General Motors (GM)": an organisation written as the
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
        _absorb(ents, key, target, label=target.type if target.type != "GPE" else None)
        if ent.name not in target.aliases:
            target.aliases.append(ent.name)
        target.code = target.code or ent.code


def _absorb(ents: dict[str, Ent], key: str, target: Ent, *, label: str | None) -> None:
    """Move the mentions of ``ents[key]`` to ``target`` (relabelled when ``label``; a person's
    mention gets its whole span as the name proper) and drop the absorbed entity."""
    for m in ents[key].mentions:
        m.key = target.key
        if label is not None:
            m.label = label
        if label == "PERSON":
            m.core = (m.start, m.end)
    target.mentions = sorted([*target.mentions, *ents[key].mentions], key=lambda m: m.start)
    del ents[key]


# ---------------------------------------------------------------- "it" for states and organisations

_COPULAS = {"be", "seem", "appear", "become", "remain", "take", "make"}
_FINITE = {"VBD", "VBZ", "MD"}  # not VBP: the tagger takes "automobile" for one


def it_pronouns(doc: Doc, cands: list[Cand], ents: dict[str, Ent], *,
                regions: QuoteRegions | None = None) -> list[Cand]:
    """"Boeing said it would...", "Russia and its allies": a referring "it"/"its" outside quotes
    takes the organisation or state named last as a subject (else named last) in its own or the
    previous sentence, when no other such name is as close. Expletive and weather "it" ("it is
    unclear", "it takes time") and "it" with nothing to refer to stay unresolved (no mention).
    ``regions``: :func:`quote_regions` of ``doc.text``, when the caller has them."""
    names = sorted((c for c in cands if c.key and c.label in ("ORG", "GPE", "NORP")
                    and c.kind in ("name", "metonym", "nominal") and c.key in ents
                    and ents[c.key].type in ("ORG", "GPE")), key=lambda c: c.start)
    if not names or not doc.has_annotation("DEP"):
        return cands
    if regions is None:
        regions = quote_regions(doc.text)
    starts = [c.start for c in names]
    added: list[Cand] = []
    it_ids = {doc.vocab.strings.add("it"), doc.vocab.strings.add("its")}
    for i in [i for i, low in enumerate(doc.to_array("LOWER").tolist()) if low in it_ids]:
        t = doc[i]
        low = t.lower_
        if t.dep_ == "expl" or regions.at(t.idx) is not None:
            continue
        if low == "it" and (t.head.lemma_ in _COPULAS or t.dep_ == "nsubj:pass" or any(
                c.dep_ in ("cop", "expl") or (c.dep_ in ("xcomp", "ccomp", "csubj") and c.i > t.head.i
                                              and c.tag_ == "TO") for c in t.head.children)):
            continue  # "it is the biggest contract", "it is being billed as", "it takes time to"
        sent = t.sent
        floor = (doc[sent.start - 1].sent.start_char if sent.start > 0 else sent.start_char)
        near = names[bisect.bisect_left(starts, floor):bisect.bisect_left(starts, t.idx)]
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
        ent = ents.get(pick.key or "")
        if ent is None:  # (every name picked from is resolved to one of ents)
            continue
        c = Cand(t.idx, t.idx + len(t.text), ent.type, "pronoun", key=ent.key)
        ent.mentions.append(c)
        added.append(c)
    return in_order([*cands, *added]) if added else cands


def _root(doc: Doc, c: Cand) -> Token | None:
    span = doc.char_span(c.start, c.end, alignment_mode="expand")
    return span.root if span is not None and len(span) else None


# ---------------------------------------------------------------- place evidence

_IN_PLACE = {"in", "near", "outside", "across", "around", "inside", "throughout"}
# Lower-case words after a place name that make it one ("the Brenna highlands", "Lissen gauge").
GEO_NOUNS = word_set(NAME_WORDS, "geo_nouns")

def place_names(toks: Toks, ents: list[tuple[int, int, str]]) -> set[str]:
    """Keys of one-word names the text places things in: after "in", "near", "outside" ... (not
    before "'s"), or before a word for a stretch of land ("the Brenna highlands")."""
    texts = toks.text
    within = tokens_inside(toks.start, toks.end, [(s, e) for s, e, _lab in ents])
    tagged = {norm(texts[i]) for i in within}
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
COMPANY_POSSESSIONS = word_set(NAME_WORDS, "company_possessions")

def company_names(doc: Doc, toks: Toks, ents: list[tuple[int, int, str]], lex: Lexicon) -> set[str]:
    """Keys of names the text itself shows to be companies: right after a word for a company
    ("automaker Velmora", "airline, Ryanair"), with such a word in apposition ("Velmora, another
    U.S. car maker"), before a model number ("Boeing 787"), after "X-based" ("Chicago-based
    Boeing"), or before a job title and a person's name ("Boeing spokesman William Penhale")."""
    texts = toks.text
    by_start = {s: i for i, s in enumerate(toks.start)}
    persons = {by_start[s] for s, _e, lab in ents if lab == "PERSON" and s in by_start}
    # every place each tagged name is written, tagged there or not: the evidence may sit anywhere
    labels: dict[tuple[str, ...], str] = {}
    for s, e, lab in ents:
        span = doc.char_span(s, e, alignment_mode="expand")
        if span is not None and len(span) and span.text[:1].isupper():
            labels.setdefault(tuple(t.text for t in span), lab)
    lengths: dict[str, set[int]] = {}  # by first word: a word starting many names is looked up once per length
    for words in labels:
        lengths.setdefault(words[0], set()).add(len(words))
    occurrences = [(i, i + n, labels[w]) for i, text in enumerate(texts) for n in lengths.get(text, ())
                   if i + n <= len(texts) and (w := tuple(texts[i:i + n])) in labels]
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
        if not evidence and after and MODEL_NUMBER.fullmatch(after[0].text):
            evidence = True
        if not evidence and lab == "PERSON" and b - a == 1 and len(after) > 2 and after[0].pos_ in ("VERB", "AUX"):
            # "Fiat announced that it intends", "Boeing said its": a name that is "it" is no person
            lowers = [t.lower_ for t in after[1:] if not t.is_sent_start]
            k = lowers.index("that") + 1 if "that" in lowers[:5] else 0
            rest = lowers[k + 1:k + 3]
            # "said it would cut jobs" refers; "said it was hard", "said it would be hard" need not
            evidence = k < len(lowers) and lowers[k] in ("it", "its") and not (
                rest[:1] in (["is"], ["was"], ["'s"], ["seems"], ["seemed"]) or rest[1:2] == ["be"])
        if not evidence and lab == "PERSON" and b - a == 1 and len(after) > 1 and after[0].text in ("'s", "’s", "'"):
            # "Fiat's announcement" is no evidence; "Fiat's shares", "Boeing's 787" are
            nxt = [t for t in after[1:4] if not (t.pos_ in ("ADJ", "ADV") or t.lower_ in ("new", "own"))]
            evidence = bool(nxt) and (nxt[0].lower_ in COMPANY_POSSESSIONS or bool(MODEL_NUMBER.fullmatch(nxt[0].text)))
        if not evidence and len(after) > 1:
            k = 0
            while k < len(after) and (norm(after[k].text) in lex.heads or norm(after[k].text) in lex.modifiers
                                      or after[k].lower_ in ("ceo", "cfo", "coo", "vice")):
                k += 1
            evidence = 0 < k < len(after) and after[k].i in persons
        if evidence:
            out.add(lex.person_key(span.text))
    return out


# The types a name the NER gave a person's surname or full name may carry: an organisation or a place.
TAIL_TYPES = ("ORG", "LOC", "GPE")


def _first(ent: Ent) -> int:
    return min((m.start for m in ent.mentions), default=0)


def merge_name_tails(ents: dict[str, Ent], companies: set[str]) -> None:
    """An "organisation" or "place" written as the end of exactly one person's full name ("Al Qirbani"
    tagged ORG, then "Mohammad Al Qirbani") is that person, unless the text showed it to be a
    company or it is a known place (those carry a lexicon entry). Where several persons share the
    surname ("Ada Rook ... Rook ... her son Tam Rook"), the one named in full before the surname's
    first use is the owner. A place the lexicon does not know
    joins a person only one surely named as a person: with a title, a he/she or a given name
    (``data/quotes/given_names.yaml``), never a volcano or a run of words the NER took for a person."""
    persons: dict[str, list[Ent]] = {}  # by last word: an owner's name ends with the key's last word
    for e in ents.values():
        if e.type == "PERSON" and len(e.words) > 1 \
                and all(w.replace("-", "").replace("'", "").isalpha() for w in e.name.split()):
            persons.setdefault(e.words[-1], []).append(e)
    for key, ent in list(ents.items()):
        words = key.split()
        if not words or ent.type not in TAIL_TYPES or key in companies or ent.code or ent.country \
                or norm(words[-1]) in ORG_ENDS:
            continue
        owners = [p for p in persons.get(words[-1], ()) if len(p.words) > len(words)
                  and p.words[-len(words):] == words]
        if len(owners) > 1:  # a surname alone refers back to the one person already named in full
            owners = [p for p in owners if _first(p) < _first(ent)]
        if len(owners) != 1:
            continue
        owner = owners[0]
        if ent.type == "GPE" and not (owner.gender or owner.roles or owner.words[0] in given_names()):
            continue
        _absorb(ents, key, owner, label="PERSON")
    # the other way round: a full name the NER took for a place or organisation ("Gunther Brisk"
    # tagged LOC or GPE) whose surname is a person mentioned again and again ("Brisk ... Brisk said")
    surnames = {e.key for e in ents.values() if e.type == "PERSON" and len(e.key.split()) == 1
                and len(e.mentions) >= 2}
    for key, ent in list(ents.items()):
        words = key.split()
        if not 2 <= len(words) <= 3 or ent.type not in TAIL_TYPES or key in companies or ent.code \
                or ent.country or norm(words[-1]) in ORG_ENDS or words[-1] not in surnames \
                or not all(w[:1].isupper() and w.isalpha() for w in ent.name.split()):
            continue
        ent.type = "PERSON"
        for m in ent.mentions:
            m.label, m.core = "PERSON", (m.start, m.end)
        _absorb(ents, words[-1], ent, label="PERSON")
        surnames.discard(words[-1])


def _surnames(cands: list[Cand], text: str, lex: Lexicon, *, marked: bool) -> set[str]:
    """Last words of the persons named in full (and, when ``marked``, of one-word names a title,
    honorific or he/she makes a person): never relabelled as companies or places."""
    out = set()
    for c in cands:
        if c.label != "PERSON" or not c.core:
            continue
        core = text[c.core[0]:c.core[1]]
        if len(core.split()) > 1 or (marked and (c.role is not None or c.gender is not None)):
            out.add(lex.person_key(core).split()[-1])
    return out


def relabel_by_context(doc: Doc, toks: Toks, ents: list[tuple[int, int, str]],
                       models: list[tuple[int, int, str]], cands: list[Cand], lex: Lexicon, *,
                       text: str | None = None) -> tuple[set[str], set[str]]:
    """Relabel name candidates the text shows to be companies or places; returns the keys of both.

    A company ("automaker Velmora", "Velmora, another car maker", "Boeing 787", "Boeing spokesman
    William Penhale") is one in every mention, whatever the NER said; persons with a title or
    honorific and known places keep theirs. A one-word "person" the text places things in ("farmers
    in Lissen", "the Brenna highlands") is a place, unless a title, honorific or he/she says otherwise.
    The surname of a person named in full ("John Ossa ... Ossa said it") is never either.
    ``text``: ``doc.text``, when the caller has it."""
    text = doc.text if text is None else text
    companies = company_names(doc, toks, ents + models, lex) - _surnames(cands, text, lex, marked=False)
    for c in cands:
        if c.kind == "name" and c.label in ("PERSON", "GPE", "LOC") and c.role is None and c.place is None \
                and (c.core is None or c.core[0] == c.start) and lex.person_key(text[c.start:c.end]) \
                in companies and lex.place(text[c.start:c.end]) is None:
            c.label, c.core = "ORG", None
    places = place_names(toks, ents) - companies - _surnames(cands, text, lex, marked=True)
    for c in cands:
        if c.kind == "name" and c.label == "PERSON" and c.role is None and c.gender is None \
                and (c.core is None or c.core[0] == c.start) and " " not in text[c.start:c.end] \
                and lex.person_key(text[c.start:c.end]) in places:
            c.label, c.core = "LOC", None
    return companies, places
