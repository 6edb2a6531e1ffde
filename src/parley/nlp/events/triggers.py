"""Trigger finding for ``parley_events``: which tokens are events, and which events are only the
content of another ("agreed to exchange prisoners" is one AGREE event whose mode comes from the
exchange; "made an offer for a meeting" is one AGREE event). A trigger's lexicon root is the
event's first type; :mod:`parley.nlp.events.decide` may change it. Word lists:
``src/parley/data/events/trigger_words.yaml`` and the blame cues in ``clauses.yaml``."""

from __future__ import annotations

from dataclasses import dataclass, field

from spacy.tokens import Doc, Token

from parley.nlp.events.actors import ACTOR_ENTS
from parley.nlp.events.idioms import everyday, idiomatic
from parley.nlp.events.lexicon import Entry, Lexicon, lemma_candidates
from parley.nlp.events.tree import inherited_subject, kids, line, preps, up
from parley.nlp.lexicon.words import word_set
from parley.nlp.syntax import NOUN_MODIFIERS, NSUBJ, NSUBJ_PASS, OBJ, PARTICLE, dep, is_nominal, is_verbal

# relations along which a dependent event is the content of its head event
CONTENT_DEPS = {"obj", "dobj", "iobj", "xcomp", "ccomp", "conj", "compound", "amod", "appos", "acl", "pcomp",
                "pobj", "prep", "nsubj:pass", "nsubjpass", "dative", "attr", "oprd"}
CONTENT_PREPS = {"for", "of", "on", "to", "towards", "toward", "about", "over", "with", "against", "from",
                 "into", "under", "between", "among", "by"}
PURPOSE_MARKS = {"to", "towards", "toward", "in", "so", "for"}
SETTING_NOUN_PREPS = {"at", "during"}  # "At the May 16 meeting we agreed": the meeting is the setting
GENERIC_HEADS = word_set("events/trigger_words", "generic_heads")


@dataclass(eq=False)
class Cand:
    trigger: Token  # the eventive word (noun or verb)
    anchor: Token  # the clause-level word that carries the arguments (a light verb or the trigger)
    entry: Entry
    strength: int  # 3 verb+object, 2 phrasal, 2 hand verb/noun, 1 generated CAMEO
    parent: Cand | None = None
    children: list[Cand] = field(default_factory=list)
    fallback: bool = False  # a sentence root no trigger matched, typed by the learned classifier
    full_only: bool = False  # a fallback kept only with both an actor and a recipient
    locked: bool = False  # a root the rules derived from the clause: the learned re-typer leaves it

    @property
    def nominal(self) -> bool:
        return self.anchor.i == self.trigger.i and not is_verbal(self.trigger)


def _lookup(table: dict[str, Entry], tok: Token, suffix: str = "") -> Entry | None:
    for lemma in lemma_candidates(tok.lemma_, tok.lower_):
        hit = table.get(lemma + suffix)
        if hit is not None:
            return hit
    return None


def _verb_cand(tok: Token, lex: Lexicon) -> Cand | None:
    objs = [c for c in kids(tok) if dep(c) in OBJ]
    if not objs:  # "sanctions were imposed", "evidence was presented": the passive subject
        objs = [c for c in kids(tok) if dep(c) in NSUBJ_PASS and is_nominal(c)]
    if dep(tok) in NOUN_MODIFIERS and up(tok).i != tok.i and is_nominal(up(tok)):
        objs.append(up(tok))  # the modifier-verb's head noun is its object in a misparse
    particles = [c for c in kids(tok) if dep(c) in PARTICLE]
    best: Cand | None = None
    for obj in objs:
        for lemma in lemma_candidates(obj.lemma_, obj.lower_):
            entry = _lookup(lex.objects, tok, f" {lemma}")
            if entry is not None and (best is None or (not entry.weak and best.entry.weak)):
                best = Cand(obj if lex.nouns.get(lemma) else tok, tok, entry, 1 if entry.weak else 3)
                break
    if best is not None and best.strength == 3:
        return best
    for word in [p.lower_ for p in particles] + [p for p, _ in preps(tok)]:
        entry = _lookup(lex.phrasal, tok, f" {word}")
        if entry is not None and not entry.weak:
            return Cand(tok, tok, entry, 2, locked=entry.root not in RETYPED_PHRASAL)
    if tok.lemma_.lower() == "go":  # "went on strike", "go on hunger strike"
        for p, n in preps(tok):
            noun = _lookup(lex.nouns, n) if p == "on" else None
            if noun is not None and not noun.weak:
                return Cand(n, tok, noun, 2)
    if _lookup(lex.verbs, tok) is None or _is_light(tok, lex):
        # "began a mediation bid": a generic head takes its event from its modifier noun
        objs = objs + [c for o in objs if o.lemma_.lower() in GENERIC_HEADS for c in kids(o)
                       if dep(c) in NOUN_MODIFIERS and _lookup(lex.nouns, c) is not None]
        objs = objs + [n for o in objs for p, n in preps(o) if p == "of"]  # "launched a week of naval drills"
        objs = objs + [c for c in kids(tok) if dep(c) in NSUBJ_PASS]  # "was staged by"
        for obj in objs + [n for p, n in preps(tok) if p in ("for", "of", "in")]:  # "provided $2m in aid"
            noun = _pair(lex, obj) or _lookup(lex.nouns, obj)
            if noun is not None and _is_light(tok, lex):
                return Cand(obj, tok, noun, 2)
    entry = _lookup(lex.verbs, tok)
    if entry is not None and (best is None or not entry.weak):
        return Cand(tok, tok, entry, 1 if entry.weak else 2)
    return best


# A phrasal verb's root is final ("lashed out at", "spoke with", "stood by": the words say what was
# done), except where the same words do several acts and the learned re-typer reads which from the
# clause: "called for sanctions" is a threat, "called X to congratulate him" support, "took over the
# city" an assault.
RETYPED_PHRASAL = {"REQUEST", "COERCE"}


def _pair(lex: Lexicon, head: Token) -> Entry | None:
    """A two-word noun entry ("war game") for a head noun and its compound modifier."""
    for mod in kids(head):
        if dep(mod) != "compound":
            continue
        for lemma in lemma_candidates(head.lemma_, head.lower_):
            entry = lex.nouns.get(f"{mod.lemma_.lower()} {lemma}")
            if entry is not None:
                return entry
    return None


def _is_light(tok: Token, lex: Lexicon) -> bool:
    return any(c in lex.light_verbs for c in lemma_candidates(tok.lemma_, tok.lower_)[:3])


NAMING_VERBS = word_set("events/clauses", "naming_verbs")
DISPARAGING = word_set("events/clauses", "disparaging")
NAME_PREDICATES = {"xcomp", "oprd", "obl:unmarked", "obl:npmod", "npadvmod"}
CRITICISM = Entry(root="ACCUSE", mode="disapprove")


def _naming(tok: Token) -> Cand | None | bool:
    """A naming verb with a predicate ("called it shameful", "called the governor a liar"): a
    criticism (ACCUSE) when the predicate disparages, else False (naming is no event); None: the
    verb names nothing here ("called on leaders", "called the president on Friday")."""
    if tok.lemma_.lower() not in NAMING_VERBS:
        return None
    objs = [c for c in kids(tok) if dep(c) in OBJ]
    preds = [c for c in kids(tok) if dep(c) in NAME_PREDICATES and c.pos_ in ("ADJ", "NOUN", "PROPN", "PRON")]
    # a predicate the parser hung after the object ("called the envoy's remarks \"disrespectful …\"")
    preds += [c for o in objs for c in kids(o) if dep(c) == "amod" and c.i > o.i]
    preds += [o for o in objs[1:] if o.pos_ == "NOUN"]  # "called the governor a liar" parsed with two objects
    if not preds or not (objs or any(dep(p) == "xcomp" for p in preds)):
        return None
    words = {w for p in preds for t in (p, *(c for c in kids(p) if dep(c) in ("amod", "compound")))
             for w in (t.lower_, t.lemma_.lower())}
    if words & DISPARAGING:
        return Cand(tok, tok, CRITICISM, 2, locked=True)
    return False


def find_candidates(doc: Doc, lex: Lexicon) -> list[Cand]:
    """Every trigger in the Doc, with each dependent event linked to the event it is content of."""
    by_anchor: dict[int, Cand] = {}
    used_nouns: set[int] = set()
    for tok in doc:
        if is_verbal(tok) and tok.pos_ != "AUX" and (dep(tok) not in NOUN_MODIFIERS or _finite(tok)):
            named = _naming(tok)
            if named is not None:
                if isinstance(named, Cand):
                    by_anchor[tok.i] = named
                continue
            cand = _verb_cand(tok, lex)
            if cand is not None and cand.entry.weak and not _named_subject(tok):
                cand = None  # a generated CAMEO verb counts only with a named doer
            if cand is not None:
                by_anchor[tok.i] = cand
                if cand.trigger.i != tok.i:
                    used_nouns.add(cand.trigger.i)
    for tok in doc:
        if tok.i in used_nouns or tok.i in by_anchor or not is_nominal(tok) or tok.pos_ == "PROPN":
            continue
        head = up(tok)
        pair = _pair(lex, head) if dep(tok) == "compound" and head.i != tok.i else None
        if pair is not None:  # "war games": the two-word noun decides
            if head.i not in used_nouns:
                by_anchor[head.i] = Cand(head, head, pair, 2)
            continue
        entry = _lookup(lex.nouns, tok)
        if entry is not None and not entry.weak and not _names_a_place(tok):
            by_anchor[tok.i] = Cand(tok, tok, entry, 2)
    # idioms and figures of speech ("took place", "a bidding war") are no events, and an everyday
    # act ("loved", "read") is none on a generated CAMEO entry alone
    cands = sorted((c for c in by_anchor.values() if not idiomatic(c.trigger, c.anchor)
                    and not (c.entry.weak and everyday(c.anchor))), key=lambda c: c.anchor.i)
    by_anchor = {c.anchor.i: c for c in cands}
    _link(cands, by_anchor, used_nouns)
    return cands


SAY_CUES = word_set("events/clauses", "say_cues")
BLAME_PREDICATES = word_set("events/clauses", "blame_predicates")
CRITICS = word_set("events/clauses", "critics")


def blame_candidates(doc: Doc, cands: list[Cand]) -> list[Cand]:
    """Saying that someone is to blame accuses them: "the Chilean government said Red Dawn militants
    were responsible", "palace critics say Valdor has given him a free hand" (a critic's report of
    what someone did). The saying verb is the trigger of a locked ACCUSE (CAMEO 112)."""
    owned = {c.anchor.i for c in cands} | {c.trigger.i for c in cands}
    out = []
    for tok in doc:
        if tok.i in owned or not is_verbal(tok) or tok.lemma_.lower() not in SAY_CUES:
            continue
        subs = [c for c in kids(tok) if dep(c) in ("nsubj",)]
        critics = any(s.lemma_.lower() in CRITICS for s in subs)
        for c in kids(tok):
            if dep(c) != "ccomp" or not any(dep(s) in NSUBJ for s in kids(c)):
                continue
            if critics or c.lemma_.lower() in BLAME_PREDICATES:
                out.append(Cand(tok, tok, Entry(root="ACCUSE", mode="blame"), 2, locked=True))
                break
    return out


PLACE_HEADS = word_set("events/trigger_words", "place_heads")


def _names_a_place(tok: Token) -> bool:
    """"the clash site", "the attack scene": an event word naming a place is no event."""
    return dep(tok) == "compound" and up(tok).i != tok.i and up(tok).lemma_.lower() in PLACE_HEADS


def _finite(tok: Token) -> bool:
    """A verb the parser hung as a modifier but that has its own subject or auxiliary ("Norway
    has imposed sanctions" parsed with "sanctions" as the root)."""
    return any(dep(c) in ("nsubj", "aux", "nsubj:pass", "aux:pass") for c in kids(tok))


def _named_subject(tok: Token) -> bool:
    subs, _ = inherited_subject(tok)
    return any(s.ent_type_ in ACTOR_ENTS or s.pos_ == "PROPN" for s in subs)


def _link(cands: list[Cand], by_anchor: dict[int, Cand], used_nouns: set[int]) -> None:
    """Attach each event to the nearest event above it when every step between is a content
    relation; setting relations ("in the fighting", relative clauses, subjects) keep it separate."""
    owner = {c.trigger.i: c for c in cands} | {c.anchor.i: c for c in cands}
    for cand in cands:
        cur = cand.anchor
        for _ in range(40):
            if up(cur).i == cur.i:
                break
            if not _content_step(cur, cand, owner):
                break
            cur = up(cur)
            above = owner.get(cur.i)
            if above is not None and above is not cand:
                cand.parent = above
                above.children.append(cand)
                break
    for cand in cands:  # a fronted setting the parser hung elsewhere: "At the May 16 meeting "we agreed …"
        if cand.parent is None and cand.nominal and _setting_case(cand.trigger):
            nxt = [c for c in cands if c.anchor.i > cand.trigger.i and c.anchor.i - cand.trigger.i <= 6
                   and not c.nominal and line(c.anchor) == line(cand.trigger)]
            if nxt and not cand.children:
                cand.parent = nxt[0]
                nxt[0].children.append(cand)


def _setting_case(tok: Token) -> bool:
    return any(dep(c) == "case" and c.lower_ in SETTING_NOUN_PREPS for c in kids(tok)) or (
        dep(tok) == "pobj" and tok.head.lower_ in SETTING_NOUN_PREPS)


def _content_step(tok: Token, cand: Cand, owner: dict[int, Cand]) -> bool:
    d = dep(tok)
    if d == "conj":  # a conjoined clause with its own subject is a new event
        return not any(dep(c) in ("nsubj", "nsubj:pass", "nsubjpass", "csubj") for c in kids(tok))
    if d in ("advcl",):
        return any(m.lower_ in PURPOSE_MARKS for m in kids(tok) if dep(m) == "mark")
    if d in ("obl", "nmod", "obl:npmod"):
        case = {c.lower_ for c in kids(tok) if dep(c) == "case"}
        if case & CONTENT_PREPS:
            return True
        return bool(case & SETTING_NOUN_PREPS) and tok.i == cand.trigger.i and up(tok).i in owner
    if d == "prep":
        return tok.lower_ in CONTENT_PREPS
    return d in CONTENT_DEPS
