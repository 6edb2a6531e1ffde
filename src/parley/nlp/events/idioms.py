"""Triggers in a use that is no event: idioms ("took place", "hit a record high"), figures of speech
("Quill beats Tessaro 42-40 in the poll", "a bidding war", "the battle for the nomination") and
everyday acts ("loved", "read", "matched") that only the generated CAMEO list or the learned
re-typer would make an event. The phrases are general English, read from
``src/parley/data/events/idioms.yaml`` (users may extend it); the tests here only look at the
trigger's own words and its clause.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from spacy.tokens import Token

from parley.nlp.events.lexicon import lemma_candidates
from parley.nlp.events.tree import case_words, kids, preps, up
from parley.nlp.lexicon.words import word_lists, word_set
from parley.nlp.syntax import NOUN_MODIFIERS, OBJ, PARTICLE, dep, is_verbal

_NAME = "events/idioms"


def _table(key: str) -> dict[str, frozenset[str]]:
    data = word_lists(_NAME).get(key) or {}
    return {str(k).lower(): frozenset(str(w).lower() for w in (v or [])) for k, v in data.items()}


VERB_OBJECTS = _table("verb_objects")
PHRASAL = frozenset(str(p).lower() for p in word_lists(_NAME).get("phrasal") or [])
NOUN_MODIFIERS_IDIOM = _table("noun_modifiers")
NOUN_HEADS = _table("noun_heads")
CONTEST_WORDS = word_set(_NAME, "contest_words")
ASIDE_PREPOSITIONS = word_set(_NAME, "contest_aside_prepositions")
CONTEST_TYPES = frozenset(w.upper() for w in word_set(_NAME, "contest_types"))
CONTEST_CUE_TYPES = frozenset(w.upper() for w in word_set(_NAME, "contest_cue_types"))
RUNNING_TYPES = frozenset(w.upper() for w in word_set(_NAME, "running_types"))
ENDORSEMENTS = word_set(_NAME, "endorsements")
EVERYDAY = word_set(_NAME, "everyday_verbs")
VERBAL_ATTACKS = word_set(_NAME, "verbal_attacks")
CONTESTS = word_set(_NAME, "contests")
VIOLENCE = word_set(_NAME, "violence_words")
EFFORT = word_set(_NAME, "effort_verbs")
NEEDS_PARTY = word_set(_NAME, "needs_party")


def _lemmas(tok: Token) -> list[str]:
    return lemma_candidates(tok.lemma_, tok.lower_)[:4]


def _any_in(words: Iterable[str], table: frozenset[str]) -> bool:
    return any(w in table for w in words)


def everyday(tok: Token) -> bool:
    """An everyday act (``everyday_verbs``): never an event on a generated or learned type alone."""
    return _any_in(_lemmas(tok), EVERYDAY)


def needs_party(tok: Token) -> bool:
    """A verb with an everyday sense beside its event sense (``needs_party``): an event only when it
    is done to a party ("recalled its ambassador", not "recalled what school was like")."""
    return is_verbal(tok) and _any_in(_lemmas(tok), NEEDS_PARTY)


def idiomatic(trigger: Token, anchor: Token) -> bool:
    """The trigger is part of an idiom: a verb with one of its idiom objects ("took place", "hit a
    record high"), an idiom particle ("played down"), an event noun after an idiom modifier ("a
    bidding war") or before an idiom head ("an attack ad", "the war chest")."""
    if is_verbal(anchor) and _verb_idiom(anchor):
        return True
    noun = trigger
    if is_verbal(noun):
        return False
    for lemma in _lemmas(noun):
        mods = NOUN_MODIFIERS_IDIOM.get(lemma)
        if mods and any(dep(c) in NOUN_MODIFIERS and _any_in(_lemmas(c), mods) for c in kids(noun)):
            return True
        heads = NOUN_HEADS.get(lemma)
        if heads and dep(noun) in NOUN_MODIFIERS and up(noun).i != noun.i and _any_in(_lemmas(up(noun)), heads):
            return True
    return False


def _object_idiom(verb: Token, obj: Token) -> bool:
    """``verb`` with ``obj`` (or a modifier of it) is one of the verb's idioms (``verb_objects``)."""
    for lemma in _lemmas(verb):
        objects = VERB_OBJECTS.get(lemma)
        if objects:
            words = [*_lemmas(obj), *(w for c in kids(obj) if dep(c) in NOUN_MODIFIERS for w in _lemmas(c))]
            if _any_in(words, objects):
                return True
    return False


def _verb_idiom(verb: Token) -> bool:
    lemmas = _lemmas(verb)
    for obj in (c for c in kids(verb) if dep(c) in OBJ or dep(c) == "xcomp" and not is_verbal(c)):
        if _object_idiom(verb, obj):
            return True
    # the particle, or a preposition right after the verb ("played down the rumour", not "held talks on Friday")
    after = verb.doc[verb.i + 1] if verb.i + 1 < len(verb.doc) else None
    particles = [c.lower_ for c in kids(verb) if dep(c) in PARTICLE or dep(c) == "advmod" and c.i == verb.i + 1]
    particles += [p for p, _ in preps(verb) if after is not None and p == after.lower_]
    return any(f"{lemma} {p}" in PHRASAL for lemma in lemmas for p in particles)


def contest(trigger: Token, anchor: Token, etype: str) -> bool:
    """A hostile trigger whose own arguments are about an election, a poll or a game ("beating Quill
    46 to 39 percent", "captured 24 percent of the vote", "the battle for the nomination"): a figure
    of speech. Only the trigger's words and their own dependents are read: a contest word further
    off ("sanctions over a campaign targeting the 2031 vote") says nothing of the trigger."""
    near = _near(trigger, anchor)
    if any(_score(t) for t in near):
        return True  # "Harbor FC crushed Vale 3-0", "defeated Ostrova 6-4, 6-3": a result, whatever the type
    if etype not in CONTEST_TYPES:
        return False
    return any(_contest_word(t) for t in near)


def _contest_word(tok: Token) -> bool:
    """A contest word the act is part of ("defeated Ostrova in the final"), not one that only dates or
    places it ("struck the port after the match", "attacked fans at the game")."""
    return _any_in(_lemmas(tok), CONTEST_WORDS) and not case_words(tok) & ASIDE_PREPOSITIONS


def given_up_contest(trigger: Token, anchor: Token, etype: str) -> bool:
    """A yielding trigger whose own arguments are about an election or a poll ("conceded the race",
    "withdrew from the primary"): a contest given up, no concession to anyone (``contest_cue_types``);
    an accusation or a backing with a contest word among the trigger's own dependents ("challenging
    Quill in the primary", "backed Tessaro in the caucuses"): running or voting in an election
    (``running_types``), an endorsement excepted."""
    if etype in RUNNING_TYPES and not _any_in(_lemmas(trigger), ENDORSEMENTS):
        return any(_any_in(_lemmas(c), CONTEST_WORDS) for tok in {trigger, anchor} for c in kids(tok))
    return etype in CONTEST_CUE_TYPES and any(_any_in(_lemmas(t), CONTEST_WORDS) for t in _near(trigger, anchor))


def _near(trigger: Token, anchor: Token) -> list[Token]:
    """The trigger's and the anchor's dependents and theirs."""
    near = {t.i: t for tok in {trigger.i: trigger, anchor.i: anchor}.values() for c in kids(tok)
            for t in (c, *kids(c))}
    return list(near.values())


_SCORE = re.compile(r"^\d{1,3}[-–]\d{1,3}$")


def _score(tok: Token) -> bool:
    """A score or a poll result ("3-0", "42 - 40", "120-98"): two small numbers, not a range of things
    ("10-15 people", "4-9 March") nor of years ("2015-16", "A.D. 710-860")."""
    doc, i = tok.doc, tok.i
    if _SCORE.match(tok.text):
        end, numbers = i + 1, re.split(r"[-–]", tok.text)
    elif tok.like_num and i + 2 < len(doc) and doc[i + 1].text in ("-", "–") and doc[i + 2].like_num:
        end, numbers = i + 3, [tok.text, doc[i + 2].text]
    else:
        return False
    if not all(n.isdigit() and int(n) < 200 for n in numbers):
        return False
    return end >= len(doc) or doc[end].pos_ not in ("NOUN", "PROPN")


def civil_words(trigger: Token, words: Iterable[Token]) -> str | None:
    """What a hostile trigger between people in public life is (the caller has checked the sides):
    ``"criticism"`` for an attack word ("Quill's attacks on Tessaro"), ``"contest"`` for a battle
    or a war ("the battle for the nomination"), None when the clause speaks of violence or the
    word is neither."""
    lemmas = _lemmas(trigger)
    kind = "criticism" if _any_in(lemmas, VERBAL_ATTACKS) else "contest" if _any_in(lemmas, CONTESTS) else None
    if kind is None or any(t.i != trigger.i and _any_in(_lemmas(t), VIOLENCE) for t in words):
        return None
    return kind


def effort(tok: Token) -> bool:
    """A verb of effort ("will strive to", "tried to"): no agreement by itself."""
    return _any_in(_lemmas(tok), EFFORT)


def as_clause(anchor: Token) -> bool:
    """A clause that only refers to an act as known ("As we agreed, …", "as he has before", "as
    agreed"): a re-mention, never a new event."""
    return dep(anchor) in ("advcl", "parataxis", "acl") and not any(dep(c) in OBJ for c in kids(anchor)) and any(
        dep(c) == "mark" and c.lower_ == "as" for c in kids(anchor))
