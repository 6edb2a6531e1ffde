"""What the clause says about an event for ``parley_events``: its status (negated, hypothetical,
planned, proposed, ongoing, occurred) and the tests behind the roots the clause itself decides: an
announced cooperative act is an intent (AGREE), a refused one a rejection (REJECT), a wanted or
vowed attack a threat, an act someone says another must do a demand, a scathing "attack"
criticism, and a state's report of another's attack an accusation (ACCUSE, an event of its own).

The tests only answer yes or no; the order they are asked in, and what each answer does to the
type, is the table :data:`parley.nlp.events.decide.TYPE_RULES`. Their cue words are YAML:
``src/parley/data/events/clauses.yaml``."""

from __future__ import annotations

from collections.abc import Set as AbstractSet

from spacy.tokens import Doc, Span, Token

from parley.nlp.context import context_for
from parley.nlp.events.actors import AGENTS, is_country, mention_text
from parley.nlp.events.args import QuoteInfo, _resolve
from parley.nlp.events.lexicon import lemma_candidates
from parley.nlp.events.tree import OBJECT_CONTROL, clause_head, kids, negated, preps, up
from parley.nlp.events.triggers import Cand
from parley.nlp.lexicon.words import PERSONAL_PRONOUNS, word_set
from parley.nlp.syntax import AUX, IOBJ, NSUBJ, OBJ, dep, is_verbal
from parley.records import Event, EventStatus
from parley.records import Span as SpanRec

FUTURE_AUX = {"will", "shall", "'ll", "wo"}
HYPO_AUX = {"would", "could", "might", "may", "should", "'d"}
HYPO_MARKS = {"if", "unless", "whether"}
PLAN_HEADS = word_set("events/clauses", "plan_heads")
INTENT_HEADS = word_set("events/clauses", "intent_heads")
COOPERATIVE = {"CONSULT", "AID", "RETREAT", "CONCEDE", "COOPERATE"}
NEG_HEADS = word_set("events/clauses", "neg_heads")
ASKED_HEADS = word_set("events/clauses", "asked_heads")
PROPOSE_HEADS = word_set("events/clauses", "propose_heads")

# ---------------------------------------------------------------- status


def status_of(cand: Cand, date: str | None, dct: str | None) -> EventStatus:
    anchor, trig = cand.anchor, cand.trigger
    heads = _governors(anchor)
    if negated(anchor) or negated(trig) or any(negated(h) for h in heads) or any(
            _lemma_in(h, NEG_HEADS) for h in heads):
        return "negated"
    clause = [anchor, *heads]
    shared = _shared_head(anchor)  # "she might relent and back it": back is as might as relent
    if shared is not None:
        clause += [shared, *_governors(shared)]
    if any(m.lower_ in HYPO_MARKS for t in clause for m in kids(t) if dep(m) == "mark") or _in_case(trig):
        return "hypothetical"
    auxes = [a.lower_ for t in clause for a in kids(t) if dep(a) in AUX]
    if any(a in HYPO_AUX for a in auxes) and not (set(auxes) & HYPO_AUX <= {"would", "'d"}
                                                    and _reported_future(clause[-1])):
        return "hypothetical"
    if any(c.lower_ in ("possible", "potential", "hypothetical") for c in kids(trig) if dep(c) == "amod"):
        return "hypothetical"
    if any(_lemma_in(h, ASKED_HEADS) and any(dep(c) in OBJ | {"iobj"} for c in kids(h)) for h in heads):
        return "proposed"  # "asked Peru to withdraw", "wants Chile to attack": someone else's wish
    if any(a in FUTURE_AUX or a in ("would", "'d") for a in auxes) or any(_lemma_in(h, PLAN_HEADS) for h in heads):
        return "planned"
    if any(c.lower_ in ("next", "upcoming", "planned", "future", "scheduled") for c in kids(trig)
           if dep(c) in ("amod", "advmod")):
        return "planned"
    if cand.nominal and (any(c.lower_ == "proposed" for c in kids(trig) if dep(c) == "amod")
                         or (dep(trig) in OBJ and _lemma_in(up(trig), PROPOSE_HEADS))):
        return "proposed"
    if date and dct and len(date) >= 10 and date[:10] > dct[:10]:
        return "planned"
    if _since_perfect(anchor) or any(_since_perfect(c) for c in kids(trig)
                                     if dep(c) in ("acl:relcl", "relcl", "acl")):
        return "ongoing"
    return "occurred"


REPORT_HEADS = word_set("events/clauses", "report_heads")


def _in_case(tok: Token) -> bool:
    """"in case of further clashes", "in case fighting erupts": a precaution, not an event."""
    doc = tok.doc
    for t in (tok, up(tok)):
        lo = t.left_edge.i
        if lo >= 2 and doc[lo - 2].lower_ == "in" and doc[lo - 1].lower_ == "case":
            return True
        if lo >= 1 and doc[lo].lower_ in ("in",) and lo + 1 < len(doc) and doc[lo + 1].lower_ == "case":
            return True
    return False


def _reported_future(top: Token) -> bool:
    """"Chile announced it would pardon …": "would" in what a past reporting verb reports is a
    future seen from then (planned), not a condition."""
    head = up(top)
    return dep(top) in ("ccomp", "parataxis") and head.i != top.i and head.tag_ in ("VBD", "VBN") \
        and _lemma_in(head, REPORT_HEADS)


def expressed_intent(cand: Cand) -> bool:
    """A cooperative act announced for the future by its doer ("will release", "is ready to
    lend engineers"): PLOVER codes it AGREE (CAMEO 03, express intent to cooperate)."""
    if cand.entry.root not in COOPERATIVE or not is_verbal(cand.anchor):  # "will hold talks" too
        return False
    heads = [cand.anchor, *_governors(cand.anchor)]
    auxes = {a.lower_ for t in heads for a in kids(t) if dep(a) in AUX}
    if auxes & {"would", "'d"} and not auxes & (HYPO_AUX - {"would", "'d"}) and _reported_future(heads[-1]):
        return True
    return bool(auxes & FUTURE_AUX) or any(_lemma_in(h, INTENT_HEADS) for h in heads[1:])


REFUSAL_AUX = {"will", "would", "wo", "'ll", "'d", "can", "ca", "could", "shall"}
COOPERATION = COOPERATIVE | {"AGREE", "SUPPORT"}


def refused(cand: Cand, etype: str) -> bool:
    """A cooperative act (``etype``) its doer says they will not do ("would not give aid to
    Peru", "won't meet"): a refusal, PLOVER REJECT (CAMEO 12), unlike one that simply did not
    happen ("did not agree", which stays a negated AGREE). A REJECT the re-typer gave an untyped
    verb counts too; "did not reject" does not."""
    if not is_verbal(cand.anchor) or cand.entry.root == "REJECT":
        return False
    if not (etype in COOPERATION or cand.entry.root in COOPERATION or (etype, cand.entry.root) == ("REJECT", "NONE")):
        return False
    for t in [cand.anchor, *_governors(cand.anchor)]:
        if negated(t):
            return any(dep(a) in ("aux",) and a.lower_ in REFUSAL_AUX for a in kids(t))
    return False


VERBAL_ATTACK = word_set("events/clauses", "verbal_attack")
NAME_CALLING = word_set("events/clauses", "name_calling")


def verbal_attack(cand: Cand) -> bool:
    """"made a scathing attack on X", "an attack on X, calling them …": criticism (ACCUSE), not
    violence."""
    if cand.trigger.lemma_.lower() not in ("attack", "assault", "broadside", "tirade"):
        return False
    if any(dep(c) == "amod" and c.lower_ in VERBAL_ATTACK for c in kids(cand.trigger)):
        return True
    return any(dep(c) in ("advcl", "xcomp") and c.tag_ == "VBG" and c.lemma_.lower() in NAME_CALLING
               for t in (cand.anchor, cand.trigger) for c in kids(t))


HOSTILE = {"ASSAULT", "COERCE"}  # also what a state accuses another of when it reports it
THREAT_HEADS = word_set("events/clauses", "threat_heads")
VOW_HEADS = word_set("events/clauses", "vow_heads")


def threatened(cand: Cand) -> bool:
    """A violent act its doer wants or vows to do ("Peru wants to attack Chile", "vowed to
    strike back"): CAMEO codes the intent as a threat (13), not the act. Not when someone else
    is to do it ("wants Chile to attack")."""
    if cand.entry.root == "AGREE" and is_verbal(cand.trigger) and _lemma_in(cand.trigger, VOW_HEADS):
        return any(c.entry.root in HOSTILE and is_verbal(c.trigger) and dep(c.anchor) == "xcomp"
                   and up(c.anchor).i == cand.anchor.i for c in cand.children)  # "vowed to attack"
    if cand.entry.root not in HOSTILE or not is_verbal(cand.trigger) or dep(cand.anchor) != "xcomp":
        return False
    head = up(cand.anchor)
    if not _lemma_in(head, THREAT_HEADS) or negated(head):
        return False
    return not any(dep(c) == "nsubj" for c in kids(cand.anchor)) and not any(
        dep(c) in OBJ for c in kids(head))


SAY_HEADS = word_set("events/clauses", "say_heads")
VIEW_VERBS = word_set("events/clauses", "view_verbs")
WARN_VERBS = word_set("events/clauses", "warn_verbs")
UNSAID = word_set("events/clauses", "unsaid_verbs")
STANDING = word_set("events/clauses", "standing_nouns")
ACT_AUX = FUTURE_AUX | HYPO_AUX | {"must"}  # what a content clause with one of these says is an act to come


def non_act(cand: Cand) -> str | None:
    """What the clause makes of a verb that is no act at all, or None: ``"view"`` for an opinion
    granted ("agreed that the change was a question of money", "agreed with the analysis"),
    ``"no answer"`` for what someone would not say ("declined to comment")."""
    verb = cand.trigger
    if not is_verbal(verb) or cand.anchor.i != verb.i:
        return None
    if _lemma_in(verb, VIEW_VERBS) and _view(verb):
        return "view"
    if _lemma_in(verb, WARN_VERBS) and _warning(verb):
        return "view"
    if _lemma_in(verb, NEG_HEADS) and any(
            (dep(c) == "xcomp" or dep(c) in OBJ) and _lemma_in(c, UNSAID) for c in kids(verb)):
        return "no answer"
    return None


def standing(cand: Cand, etype: str, recipients: int) -> bool:
    """Backing with nobody named as the one backed ("Quill's support comes from older voters",
    "strong support among women"): the backing someone has, a standing, not an act of anyone."""
    return etype == "SUPPORT" and cand.nominal and not recipients and _lemma_in(cand.trigger, STANDING)


def _view(verb: Token) -> bool:
    """A verb of granting with only a content clause that names no act to come, or only a thing it
    agrees with: "agreed that each side would free prisoners", "agreed to meet", "agreed with Peru
    on a truce", "conceded the race" are acts."""
    deps = list(kids(verb))
    if any(dep(c) in OBJ | IOBJ or dep(c) == "xcomp" for c in deps):
        return False
    clauses = [c for c in deps if dep(c) == "ccomp"]
    if clauses:
        return not any(_act_to_come(c) for c in clauses)
    found = list(preps(verb))
    return bool(found) and all(p == "with" and _thing(n) for p, n in found)


def _warning(verb: Token) -> bool:
    """A warning whose content clauses name no act to come ("warned that the bank risked moving too
    early"): a view of what may happen, no threat. "warned that it would retaliate" is one."""
    clauses = [c for c in kids(verb) if dep(c) == "ccomp"]
    return bool(clauses) and not any(_act_to_come(c) for c in clauses)


def _act_to_come(clause: Token) -> bool:
    heads = [clause, *(c for c in kids(clause) if dep(c) == "conj")]
    return any(a.lower_ in ACT_AUX for h in heads for a in kids(h) if dep(a) in AUX)


PERSONAL = PERSONAL_PRONOUNS | {"me", "us"}  # subject and object pronouns: no thing


def _thing(noun: Token) -> bool:
    """A common noun that names nobody ("the analysis", "that view"), not a party."""
    return noun.pos_ in ("NOUN", "PRON") and not noun.ent_type_ and noun.lower_ not in AGENTS \
        and noun.lower_ not in PERSONAL


def demanded(cand: Cand) -> Token | None:
    """"Norway says Peru must halt the raids": an act someone says another MUST do is the
    speaker's demand (REQUEST), not the act. Returns the saying verb."""
    if not is_verbal(cand.anchor):
        return None
    clause = [cand.anchor, *_governors(cand.anchor)]
    if not any(a.lower_ == "must" for t in clause for a in kids(t) if dep(a) in AUX):
        return None
    top = clause[-1]
    return up(top) if dep(top) == "ccomp" and _lemma_in(up(top), SAY_HEADS) else None


def demanders(doc: Doc, say: Token, quote: QuoteInfo | None) -> list[tuple[str, int, int]]:
    """Codes of who said it (the subject of the saying verb)."""
    subs = [c for c in kids(say) if dep(c) == "nsubj"]
    return _resolve(doc, subs[0], quote) if subs else []


def _shared_head(verb: Token) -> Token | None:
    """The verb a conjoined verb shares its subject and its auxiliaries with ("might capitulate and
    support", "will meet and sign"): None when it has a subject or an auxiliary of its own."""
    head = up(verb)
    if dep(verb) != "conj" or head.i == verb.i or not is_verbal(head) or not is_verbal(verb):
        return None
    if any(dep(c) in NSUBJ or dep(c) in AUX for c in kids(verb)):
        return None
    return head


def _governors(tok: Token) -> list[Token]:
    """Verbs above ``tok`` through xcomp chains ("did not agree to meet", "plan to meet")."""
    out, cur = [], tok
    for _ in range(4):
        if dep(cur) == "conj" and dep(up(cur)) == "xcomp" and up(cur).i != cur.i:
            cur = up(cur)  # "set to give a lecture and meet with …": meet shares give's head
        if (dep(cur) not in ("xcomp",) and not _controlled_advcl(cur)) or up(cur).i == cur.i:
            break
        cur = up(cur)
        out.append(cur)
    return out


def _controlled_advcl(tok: Token) -> bool:
    """The parser's advcl for an object-control xcomp ("The senate is asking Peru to help Chile"): a
    to-infinitive under a verb of ``object_control`` that has an object before it."""
    head = up(tok)
    return dep(tok) == "advcl" and head.i != tok.i and head.lemma_.lower() in OBJECT_CONTROL \
        and any(dep(c) == "mark" and c.lower_ == "to" for c in kids(tok)) \
        and any(dep(c) in OBJ | {"iobj", "dative"} and c.i < tok.i for c in kids(head))


def _lemma_in(tok: Token, words: AbstractSet[str]) -> bool:
    return any(c in words for c in lemma_candidates(tok.lemma_, tok.lower_)[:4])


def _since_perfect(verb: Token) -> bool:
    auxes = {a.lower_ for a in kids(verb) if dep(a) in ("aux",)}
    has_since = any(p == "since" for p, _ in preps(verb)) or any(
        c.lower_ == "since" for c in kids(verb) if dep(c) in ("prep", "mark"))
    return has_since and bool(auxes & {"has", "have", "had", "'s", "'ve"})



CLAIM_CUES = word_set("events/clauses", "claim_cues")
# pronouns and relatives that point back at someone named elsewhere: an actor kept as one of these
# words names no one to accuse
ANAPHORS = {"it", "they", "he", "she", "them", "who", "which", "that", "this", "these", "those", "themselves"}
# pronouns that name no one when nothing resolved them: never a recipient ("a move that drew condemnation")
NO_ONE = {"that", "this", "which", "these", "those", "what", "it", "itself", "whom"}
SPEAKING_SECTORS = {"", "GOV", "MIL"}


def accusation(doc: Doc, event: Event, quote: QuoteInfo | None, dct: str | None) -> Event | None:
    """"Norway said that Peru had attacked …", "Chile said a mortar was fired on it from Peru": a
    state (or its government or military) reporting another's attack accuses it (ACCUSE, CAMEO
    112); the attack itself stays a claimed event of its own. Media reports are no accusation."""
    if quote is None or quote.cue is None or quote.speaker_span is None or event.type not in HOSTILE:
        return None
    if event.status != "claimed":
        return None
    code = _state_speaker(doc, quote)
    cue = doc.char_span(*quote.cue, alignment_mode="expand")
    if code is None or cue is None or cue.root.lemma_.lower() not in CLAIM_CUES or not _what_is_said(doc, event, cue):
        return None
    coded = is_country(code)
    accused = [(a, sp) for a, sp in zip(event.actors, event.actor_spans, strict=True)
               if (a[:3] != code[:3] if coded and is_country(a) else a != code) and a.lower() not in ANAPHORS]
    if not accused:
        return None
    s0, s1 = quote.speaker_span
    text = context_for(doc).text
    return Event(type="ACCUSE", mode=f"allege {event.type.lower()}",
                 trigger=SpanRec(start=cue.start_char, end=cue.end_char, text=cue.text), sentence=event.sentence,
                 actors=[code], actor_spans=[SpanRec(start=s0, end=s1, text=text[s0:s1])],
                 recipients=[a for a, _ in accused], recipient_spans=[sp for _, sp in accused],
                 date=dct or event.date, status="occurred")


def _state_speaker(doc: Doc, quote: QuoteInfo) -> str | None:
    """The speaker's code when it is a state, its government or its military ("USA", "ISRMIL"); a
    state or government nothing codes ("The Valdorian government") by its words; else None."""
    code = quote.speaker_code
    if code and is_country(code):
        return code if code[3:] in SPEAKING_SECTORS else None
    span = doc.char_span(*quote.speaker_span, alignment_mode="expand") if quote.speaker_span else None
    if span is None or not len(span):
        return None
    head = span.root
    if head.ent_type_ == "GPE" or AGENTS.get(head.lower_) in ("GOV", "MIL"):
        return code or mention_text(list(span))
    return None


def _what_is_said(doc: Doc, event: Event, cue: Span) -> bool:
    """The event is what the cue reports ("said a shell was fired on its post"), not a clause inside
    it ("said it struck targets shortly after militants fired rockets")."""
    trig = doc.char_span(event.trigger.start, event.trigger.end, alignment_mode="expand")
    if trig is None:
        return False
    top = clause_head(trig.root)
    return dep(top) in ("ccomp", "parataxis") and up(top).i == cue.root.i
