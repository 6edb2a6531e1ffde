"""How far an event can be trusted: who its sides are, how its trigger was found, one confidence.

An event is reported only when

* **its trigger is an event in a literal use**: not an idiom or a figure of speech
  (``data/events/idioms.yaml``: "took place", "hit a record high", "made the point"), not an
  everyday act, and not done by a thing ("the poll showed", "the changes forced her"); an opinion
  granted, a refusal to comment, support someone has and an election contest are no acts either
  (the cues "view", "no answer", "standing", "contest": :data:`CUE_WEIGHT`);
* **at least one side is a resolved political actor** (:func:`side`): a state, a government or
  its agency, an international organisation, a company or party, a named person. An unresolved
  pronoun ("they", "it"), a bare common noun ("the group", "voters") or a thing is no side.

Every event that passes gets a **confidence** between 0 and 1 (:func:`confidence`): a logistic
model over its evidence (:func:`features`): how its trigger was found (a hand-listed trigger or a
generated CAMEO verb, a sentence root typed by the learned re-typer, a rule that derived the type
from the clause), the re-typer's probability for its type, how well its sides are resolved (a coded
actor over a named one over a noun), its status and its clause's cues. Its weights are the hand-set
ones below, in the order the evidence deserves, at their last calibration, unless a refit has been
written to ``data/events/confidence.json``: ``training/events/calibrate_confidence.py`` refits them,
held near those, on events an analyst judged and the tune halves of the audit sets. No refit has yet
lifted every check half, so none is shipped (docs/EVALUATION.md). Events under
:data:`DEFAULT_MIN_CONFIDENCE` (chosen on the audit set's tune half) are not reported by default: the
``parley_events`` setting ``min_confidence`` lowers or raises it.
"""

from __future__ import annotations

import json
import math
from dataclasses import asdict, dataclass, field
from functools import lru_cache
from typing import Any

from spacy.tokens import Doc, Span, Token

from parley.nlp.context import entity_index
from parley.nlp.events.actors import AGENTS, is_country
from parley.nlp.events.args import PEOPLE, PROJECTILES, STRIKES
from parley.nlp.events.lexicon import LEXICON_DIR

# the default threshold under which events are not reported (see the module notes), kept in a
# module without imports so that the service reads it without loading spaCy
from parley.nlp.events.threshold import DEFAULT_MIN_CONFIDENCE as DEFAULT_MIN_CONFIDENCE
from parley.nlp.events.tree import kids, np_tokens, up
from parley.nlp.lexicon.actors import lexicon, norm
from parley.nlp.lexicon.words import MONTH_NAMES, WEEKDAYS, word_set
from parley.nlp.syntax import NSUBJ, OBJ, POSS, RELCL, dep, is_verbal

# sectors whose agents are political actors even when no country is named ("the government",
# "the rebels"); a crowd ("protesters", "residents", "students") is one only for a protest
WEAPONS = PROJECTILES | STRIKES  # a thing that does violence: "a car bomb struck a ferry"
CALENDAR = frozenset(MONTH_NAMES) | frozenset(WEEKDAYS)
STATES = {"country", "countries", "nation", "nations", "state", "states", "government", "governments"}
BODIES = {"committee", "commission", "council", "assembly", "legislature", "tribunal", "board", "union", "party",
          "parties", "coalition", "alliance", "ministry", "agency", "court", "cabinet", "senate", "congress",
          "parliament", "junta", "administration"}
ROLES = word_set("events/participants", "political_roles")
POLITICAL_SECTORS = {"GOV", "MIL", "COP", "REB", "LEG", "JUD", "SPY", "IGO", "OPP"}
NAMED_ENTS = {"PERSON", "ORG", "NORP", "GPE"}
MODIFIERS = {"compound", "amod", "nmod:poss", "poss", "flat", "nmod"}


@dataclass(frozen=True)
class Side:
    """One participant as the confidence sees it: ``tier`` 3 a coded political actor (a state, a
    government or its agency, an IGO, an official), 2 a named one (a person, an organisation, a
    named group, a government or an army whose country is not named), 1 a crowd, a group noun, a
    title nobody resolved, a place; 0 a thing or an unresolved pronoun. ``kind`` says which."""

    tier: int
    kind: str


NOBODY = Side(0, "none")


@lru_cache(maxsize=1)
def _igo_codes() -> frozenset[str]:
    return frozenset(p.code for p in lexicon().places.values() if p.kind == "igo" and p.code)


def _is_code(label: str) -> bool:
    return label.isupper() and " " not in label and 2 <= len(label) <= 12 and label.isalpha()


def side(doc: Doc, label: str, start: int, end: int, depth: int = 0, *, trailing: bool = True) -> Side:
    """How well one actor or recipient is resolved (see :class:`Side`). ``trailing=False``: a name
    after the mention's head is one of its modifiers ("lunches for Yale alumni", "the
    benefits of a trade pact"), never who the mention is (the evidence of an event reads it so; the
    re-typer's features keep the reading they were trained with)."""
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None or not len(span):
        return NOBODY
    head = _head(span)
    index = entity_index(doc)
    ent = index.resolve(doc[head.i: head.i + 1]) if index is not None else None
    coded = _is_code(label) and (is_country(label) or label in _igo_codes())
    if ent is not None:
        got = _entity_side(ent, coded)
        if got is not None:
            return got
    if coded:
        sector = label[3:] if is_country(label) else "IGO"
        return Side(3, "agency" if sector else "state")
    if _role_noun(head):  # "Red Dawn attackers", "the CIA official", "members of the Free Valley Army"
        named = _named_modifier(span, head, index)
        if named is not None:
            return named
        for c in kids(head):  # "the then president, Aldo Vantresca,"
            if dep(c) == "appos" and depth < 2 and (_name_like(c) or c.ent_type_ in NAMED_ENTS):
                got = side(doc, label, c.left_edge.idx, c.right_edge.idx + len(c.right_edge), depth + 1)
                if got.tier >= 2:
                    return got
    if head.pos_ != "PRON" and not _role_noun(head) and not _name_like(head):
        better = _inner_head(span, head, trailing)  # "Rebel fighters in the Cusco countryside"
        if better is not None:
            got = side(doc, label, better.left_edge.idx, better.idx + len(better), depth + 1, trailing=trailing)
            if got.tier >= 1:
                return Side(min(got.tier, 2), got.kind)
    if head.pos_ == "PRON" and depth < 2:
        ante = _antecedent(head)
        if ante is not None:  # the best-resolved of the subjects the parser gave the reporting verb
            subjects = [c for c in kids(up(ante)) if dep(c) in NSUBJ and c.pos_ != "PRON"] \
                if dep(ante) in NSUBJ else [ante]
            return best([side(doc, label, t.left_edge.idx, t.idx + len(t), depth + 1) for t in subjects])
    return _noun_side(head, span)


def _inner_head(span: Span, head: Token, trailing: bool = True) -> Token | None:
    """A role noun or a name inside a mention whose head the parser put elsewhere ("Rebel fighters in
    the Cusco countryside" headed by countryside, "Tessaro Administration sharply")."""
    for tok in span:
        if tok.i >= head.i and not trailing:
            break
        if tok.i != head.i and tok.pos_ in ("NOUN", "PROPN") and (tok.lower_ in AGENTS or _name_like(tok)):
            return tok
    owner = next((c for c in kids(head) if dep(c) in POSS and c.pos_ == "NOUN" and _role_noun(c)), None)
    return owner  # "the governor's campaign": whoever holds the role acts through it


def _antecedent(tok: Token) -> Token | None:
    """Who a third-person pronoun stands for when the clause says it: the subject of the verb that
    reports it ("the Front has said it will free …", "the board declared it will not …"), the
    subject of the verb whose object it owns ("the Chilean navy intensified its shelling")."""
    low = tok.lower_
    if low in ("which", "who", "that") and dep(up(tok)) in RELCL and up(up(tok)).i != up(tok).i:
        return up(up(tok))  # "tariffs, which now cover a levy", "the rebels who seized …"
    if low not in ("it", "they", "he", "she", "its", "their", "his", "her", "them", "him"):
        return None
    verb = None
    if dep(tok) in NSUBJ and dep(up(tok)) in ("ccomp", "parataxis") and up(up(tok)).i != up(tok).i:
        verb = up(up(tok))  # "X said it will …"
    elif dep(tok) in POSS and dep(up(tok)) in OBJ:
        verb = up(up(tok))  # "X intensified its bombardment"
    if verb is None:
        return None
    subs = [c for c in kids(verb) if dep(c) in ("nsubj",) and c.pos_ != "PRON"]
    if not subs:
        return _hung_subject(verb)
    return subs[0]  # "they" too: a spokesman's "they" is those he speaks for


def _head(span: Span) -> Token:
    """The mention's head: its first word whose head lies outside it, a time or a number last
    ("The FRWA on March 3": FRWA)."""
    tops = [t for t in span if t.head.i == t.i or not span.start <= t.head.i < span.end]
    named = [t for t in tops if t.ent_type_ not in ("DATE", "TIME", "CARDINAL") and not t.like_num]
    return (named or tops or [span.root])[0]


def _entity_side(ent: Any, coded: bool) -> Side | None:
    typ = ent.type
    if typ == "PERSON":
        if ent.roles or ent.sector or ent.code or ent.country or coded:
            return Side(3, "official")
        return Side(2, "person")
    if typ == "ORG":
        return Side(3, "org") if ent.code or ent.sector or coded else Side(2, "org")
    if typ == "GPE":
        return Side(3, "state") if ent.country or ent.code or coded else Side(1, "place")
    if typ == "NORP":
        return Side(3, "state") if coded or ent.country else Side(2, "group")
    return Side(1, "place") if typ in ("LOC", "FAC") else None


def _role_noun(tok: Token) -> bool:
    low, lemma = tok.lower_, tok.lemma_.lower()
    return low in AGENTS or lemma in PEOPLE or low in PEOPLE or low in ROLES or norm(tok.text) in lexicon().heads


def _named_modifier(span: Span, head: Token, index: Any) -> Side | None:
    """A role noun whose own words name whose it is: an organisation, a group, a state or a person
    before it ("Red Dawn attackers", "the CIA official", "Valdor's government")."""
    for tok in span:
        if tok.i == head.i or tok.pos_ not in ("PROPN", "NOUN", "ADJ"):
            continue
        if tok.i < head.i and tok.lower_ in AGENTS and AGENTS[tok.lower_] in POLITICAL_SECTORS and (
                head.lower_ in ROLES or head.lemma_.lower() in ROLES):
            return Side(2, "member")  # "Government security officials"
        ent = index.at(tok.idx, tok.idx + len(tok)) if index is not None else None
        if ent is not None and ent.type in NAMED_ENTS:
            got = _entity_side(ent, False)
            if got is not None and got.tier >= 2:
                return Side(got.tier, "member")
        elif _name_like(tok) and (dep(tok) in MODIFIERS or tok.i > head.i):
            return Side(2, "member")
    return None


def _name_like(tok: Token) -> bool:
    """A proper noun, or a word the tagger took for a common noun but whose lemma keeps its capital
    (the lemmatizer lower-cases common nouns: "Tessaro", "FRWA"; not a gerund opening a sentence, whose
    capital it may keep: "Fighting has killed …")."""
    if not tok.text[:1].isupper() or tok.ent_type_ in ("DATE", "TIME") or tok.lower_ in CALENDAR:
        return False
    return tok.pos_ == "PROPN" or (tok.pos_ == "NOUN" and tok.lemma_[:1].isupper() and not _capital_by_position(tok)) \
        or _full_name(tok) \
        or (tok.is_upper and tok.is_alpha and len(tok) > 1)  # an acronym: "ICE", "FRWA"


def _capital_by_position(tok: Token) -> bool:
    """A common noun capitalized only because it opens its sentence or follows a dateline, that the NER
    gives no type: an -ing noun ("Fighting has killed …", "Shelling resumed"), or a modifier of the
    sentence's first noun phrase ("VESSBY — Train drivers will strike")."""
    if tok.ent_type_:
        return False
    prev = tok.nbor(-1) if tok.i > 0 else None
    opens = bool(tok.is_sent_start) or prev is not None and prev.is_punct and (
        bool(prev.is_sent_start) or prev.i > 0 and prev.nbor(-1).is_upper and prev.text in ("—", "–", "-"))
    return opens and (tok.lower_.endswith("ing") or dep(tok) == "compound" and tok.tag_ == "NN")


def _full_name(head: Token) -> bool:
    """A name of two capitalised words or more ("Mara Quill", "the Red Dawn Front")."""
    words = [head, *(t for t in head.children if dep(t) in ("compound", "flat", "flat:name", "amod"))]
    return sum(1 for t in words if t.text[:1].isupper() and t.is_alpha) >= 2


def _noun_side(head: Token, span: Span) -> Side:
    low = head.lower_
    if head.pos_ == "PRON":
        return Side(0, "pronoun")
    sector = AGENTS.get(low) if head.pos_ in ("NOUN", "PROPN") else None
    if sector:  # a government, an army, rebels, protesters; not residents or students
        return Side(2, "agent") if sector in POLITICAL_SECTORS else Side(1, "crowd")
    if _name_like(head):  # a name nobody resolved: someone's, unless it names a place
        if head.ent_type_ in ("GPE", "LOC", "FAC") or lexicon().place(head.text) is not None:
            return Side(1, "place")
        return Side(2, "name")
    if head.lemma_.lower() in STATES or low in STATES:
        return Side(2, "states")  # "nearly 70 countries", "member states"
    if head.lemma_.lower() in BODIES or low in BODIES:
        return Side(2, "body")  # "the committee declared", "the union said"
    title = lexicon().heads.get(norm(head.text))
    if title is not None or low in ROLES or head.lemma_.lower() in ROLES:
        return Side(1, "title")
    if head.lemma_.lower() in PEOPLE or low in PEOPLE:
        return Side(1, "people")
    if head.lemma_.lower() in WEAPONS or low in WEAPONS:
        return Side(0, "weapon")
    return Side(0, "thing")


@dataclass
class Evidence:
    """What an event's confidence is worked out from (kept on the trigger span as
    ``span._.event_evidence``, a plain dict, for whoever wants to know why)."""

    source: str  # how the trigger was found: verb, noun, object, phrasal, weak, fallback, derived, accusation
    rules: list[str] = field(default_factory=list)  # the type rules that applied (decide.TYPE_RULES)
    prob: float | None = None  # the learned re-typer's probability for the reported type
    actor: Side = NOBODY  # the best-resolved actor
    context: Side = NOBODY  # with no actor: the best-resolved subject of the clauses around it
    recipient: Side = NOBODY  # the best-resolved recipient
    status: str = "occurred"
    quoted: bool = False  # inside a quotation, and not the speaker telling of their own act
    cues: list[str] = field(default_factory=list)  # clause cues (see :func:`clause_cues`)
    protest: bool = False  # the sentence names a protest (a strike, a demonstration)

    def as_dict(self) -> dict[str, Any]:
        d = asdict(self)
        for name in ("actor", "recipient", "context"):
            got: Side = getattr(self, name)
            d[name] = f"{got.tier}:{got.kind}"
        return d


def best(sides: list[Side]) -> Side:
    return max(sides, key=lambda s: s.tier, default=NOBODY)


def sides_of(doc: Doc, found: list[tuple[str, int, int]]) -> list[Side]:
    """The sides of an event as its evidence grades them (names after a mention's head are modifiers)."""
    return [side(doc, label, s, e, trailing=False) for label, s, e in found]


def clause_doer(doc: Doc, anchor: Token) -> Side:
    """For an event whose own doer the parse did not give: the best-resolved subject of the clause
    it stands in, or of the clauses above it up to the sentence's top ("President X called
    President Y on Monday to discuss …" parsed without a subject for "called")."""
    cur, found = anchor, NOBODY
    for _ in range(12):
        subjects = [c for c in kids(cur) if dep(c) in NSUBJ]
        hung = _hung_subject(cur)
        if hung is not None:
            subjects.append(hung)
        for c in subjects:
            if c.pos_ != "PRON":
                toks = np_tokens(c)
                got = side(doc, c.text, toks[0].idx, toks[-1].idx + len(toks[-1]))
                if got.tier > found.tier:
                    found = got
        if found.tier >= 2 or up(cur).i == cur.i:
            break
        cur = up(cur)
    if found.tier < 2 and up(cur).i == cur.i:  # a parse with no subject for the top: a name in it
        for tok in cur.subtree:
            if _name_like(tok) and tok.i != anchor.i:
                got = side(doc, tok.text, tok.idx, tok.idx + len(tok))
                if got.tier >= 2:
                    return Side(got.tier, "clause")
    return Side(found.tier, "clause") if found.tier >= 2 else NOBODY


def clause_cues(doc: Doc, anchor: Token, trigger: Token, sent: Span) -> list[str]:
    """What the trigger's clause says of the event: ``question`` (a sentence that asks), ``present``
    (a verb in the simple present, a state or a habit: "Quill supports pay raises"),
    ``participle`` (a participle describing a noun: "refugees admitted to Chile")."""
    cues = []
    if sent.text.rstrip(" \"'”’)»").endswith("?"):
        cues.append("question")
    if anchor.tag_ in ("VBZ", "VBP") and not any(dep(c) in ("aux", "aux:pass") for c in kids(anchor)):
        cues.append("present")
    if anchor.i == trigger.i and dep(anchor) == "acl" and anchor.tag_ in ("VBN", "VBG") and not _has_object(anchor):
        cues.append("participle")
    return cues


def _hung_subject(verb: Token) -> Token | None:
    """The subject of a finite verb the parser hung under it as a modifier ("A suicide bomber in
    Port Vale killed …", "The Chilean navy on Thursday intensified …" parsed with the noun as the
    root): the noun, when the verb has no subject of its own."""
    if dep(verb) not in ("acl", "advmod", "amod") or up(verb).i == verb.i or not is_verbal(verb):
        return None
    head = up(verb)
    if head.pos_ not in ("NOUN", "PROPN") or any(dep(c) in NSUBJ for c in kids(verb)):
        return None
    if verb.tag_ == "VBD" or _has_object(verb) or dep(head) == "root":
        return head
    return None


def _has_object(verb: Token) -> bool:
    return any(dep(c) in OBJ for c in kids(verb))


CROWDS = {"crowd", "people"}  # who may stage a protest without being named
NO_DOER = {"pronoun", "thing"}  # a doer that names nobody: "they" unresolved, "the changes", "public polls"


def political(ev: Evidence, etype: str) -> bool:
    """At least one side is a resolved political actor (tier 2 or more); a protest may be staged
    by a crowd nobody names ("hundreds of workers went on strike", "workers walked out,
    staging a sit-down protest": a protest in the same sentence)."""
    if max(ev.actor.tier, ev.recipient.tier, ev.context.tier) >= 2:
        return True
    return (etype == "PROTEST" or ev.protest) and ev.actor.kind in CROWDS


def agentive(ev: Evidence) -> bool:
    """The doer, when the clause names one, is someone: not a thing ("the poll showed", "the changes
    forced her": a figure of speech) and not a pronoun nobody resolved."""
    return ev.actor.kind not in NO_DOER


def trusted(ev: Evidence, etype: str) -> bool:
    """Whether the event may be reported at all (see the module notes): a sentence that asks ("Do
    you support Mara Quill?") reports no event."""
    return political(ev, etype) and agentive(ev) and "question" not in ev.cues


# How much each piece of evidence adds to (or takes from) the log-odds that an analyst would keep
# the event, set by hand in the order the evidence deserves (a coded actor over a named one over a
# group noun; a hand-listed trigger over a generated CAMEO verb or a sentence root the re-typer
# typed; what happened over what may happen). The pipeline uses them scaled (:func:`prior_weights`)
# unless a refit, which starts from them, lies at :data:`WEIGHTS_PATH` (:func:`fitted`).
SOURCE_WEIGHT = {"verb": 0.0, "object": 0.3, "user": 0.3, "derived": 0.0, "accusation": 0.0, "noun": -0.3,
                 "weak": -1.0, "fallback": -1.0}
# the best actor: a state, a government or its agency, an IGO, a coded organisation over a person
# (named, with or without a known role) over a group noun over nobody
# a bare group noun ("the state party", "a union", "member states", "security forces") may pass the
# gates but is only as sure as a title nobody resolved: whose party or union it is, the text does not say
ACTOR_WEIGHT = {"state": 1.2, "agency": 1.2, "org3": 1.2, "member3": 1.0, "tier3": 0.6, "tier2": 0.6, "tier1": -0.5,
                "tier0": -1.5, "body2": -0.5, "states2": -0.5, "agent2": -0.5}
CONTEXT_WEIGHT = -0.8  # no actor of its own, a political one in the clause around it
RECIPIENT_WEIGHT = {3: 0.5, 2: 0.4, 1: 0.0, 0: -0.1}
THING_WEIGHT = -0.3  # the one it is done to is a thing: a position on a policy, an opinion
STATUS_WEIGHT = {"occurred": 0.0, "ongoing": 0.0, "claimed": -0.4, "planned": -0.2, "negated": -0.8,
                 "proposed": -0.8, "hypothetical": -1.2}
QUOTED_WEIGHT = -0.3  # inside a quotation: one party's words (of another; of their own act they speak first-hand)
# "everyday": a verb with an everyday sense (idioms.yaml ``needs_party``) done to no party
# "pronoun": the doer is a third-person pronoun, only as sure as its resolution
PRONOUN_WEIGHT = -1.2
# "view", "no answer": the clause states an opinion or says nothing (modality.non_act); "standing":
# backing someone has, nobody named as backed (modality.standing): no act of anyone
NO_ACT_WEIGHT = -2.5
CUE_WEIGHT = {"present": -0.7, "participle": -0.7, "everyday": -2.5, "pronoun": PRONOUN_WEIGHT,
              "view": NO_ACT_WEIGHT, "no answer": NO_ACT_WEIGHT, "standing": NO_ACT_WEIGHT,
              "contest": NO_ACT_WEIGHT}
RETYPED_WEIGHT = -0.5  # the re-typer changed the trigger's own type
PROB_WEIGHT, SURE = 2.0, 0.9  # taken off: PROB_WEIGHT times how far the type's probability is under SURE
# the hand-set weights' last calibration (a scale and a shift of their sum), the fit's starting point
PRIOR_SCALE, PRIOR_SHIFT = 0.908, -1.503
WEIGHTS_PATH = LEXICON_DIR / "confidence.json"


def features(ev: dict[str, Any]) -> dict[str, float]:
    """The named pieces of evidence of an event (as :meth:`Evidence.as_dict` gives it), each with its
    value: the names the weights carry."""
    actor_tier, actor_kind = ev["actor"].split(":")
    recipient_tier, recipient_kind = ev["recipient"].split(":")
    f: dict[str, float] = {f"source={ev['source']}": 1.0}
    if int(actor_tier) == 0 and ev.get("context", "0:none") != "0:none":
        f["context"] = 1.0
    else:
        kind = actor_kind if actor_kind in ("state", "agency") else f"{actor_kind}{actor_tier}"
        f["actor=" + (kind if kind in ACTOR_WEIGHT else f"tier{actor_tier}")] = 1.0
    f[f"recipient={int(recipient_tier)}"] = 1.0
    if recipient_kind == "thing":
        f["thing"] = 1.0
    f[f"status={ev['status']}"] = 1.0
    if ev.get("quoted"):
        f["quoted"] = 1.0
    for cue in ev.get("cues") or []:
        f[f"cue={cue}"] = f.get(f"cue={cue}", 0.0) + 1.0
    if "learned" in (ev.get("rules") or []):
        f["retyped"] = 1.0
    if ev.get("prob") is not None:  # only the re-typer's doubt counts: a run without it scores as a sure one
        f["doubt"] = max(0.0, SURE - ev["prob"])
    return f


def prior_weights() -> tuple[dict[str, float], float]:
    """The hand-set weights by feature name, on the log-odds scale (times :data:`PRIOR_SCALE`), and the
    intercept: the fit's prior."""
    w: dict[str, float] = {}
    w.update({f"source={k}": v for k, v in SOURCE_WEIGHT.items()})
    w.update({f"actor={k}": v for k, v in ACTOR_WEIGHT.items()})
    w.update({f"recipient={k}": v for k, v in RECIPIENT_WEIGHT.items()})
    w.update({f"status={k}": v for k, v in STATUS_WEIGHT.items()})
    w.update({f"cue={k}": v for k, v in CUE_WEIGHT.items()})
    w.update({"context": CONTEXT_WEIGHT, "thing": THING_WEIGHT, "quoted": QUOTED_WEIGHT,
              "retyped": RETYPED_WEIGHT, "doubt": -PROB_WEIGHT})
    return {k: round(v * PRIOR_SCALE, 4) for k, v in w.items()}, PRIOR_SHIFT


@lru_cache(maxsize=1)
def fitted() -> tuple[dict[str, float], float]:
    """The weights the confidence uses over :func:`features`, and its intercept: the refit at
    :data:`WEIGHTS_PATH` (``training/events/calibrate_confidence.py --write``) when there is one, else
    :func:`prior_weights`."""
    if not WEIGHTS_PATH.is_file():
        return prior_weights()
    data = json.loads(WEIGHTS_PATH.read_text(encoding="utf-8"))
    return {k: float(v) for k, v in data["weights"].items()}, float(data["intercept"])


def score(ev: dict[str, Any], weights: tuple[dict[str, float], float] | None = None) -> float:
    """The log-odds that an analyst keeps the event, from its evidence as :meth:`Evidence.as_dict` gives
    it (``weights``: another set of weights and intercept than :func:`fitted`)."""
    w, intercept = weights or fitted()
    return intercept + sum(w.get(name, 0.0) * value for name, value in features(ev).items())


def probability(ev: dict[str, Any], weights: tuple[dict[str, float], float] | None = None) -> float:
    """:func:`score` as a probability."""
    return 1.0 / (1.0 + math.exp(-score(ev, weights)))


def confidence(ev: Evidence) -> float:
    """The event's confidence, between 0 and 1 (see the module notes)."""
    return round(probability(ev.as_dict()), 3)


def span_of(doc: Doc, start: int, end: int) -> Span | None:
    return doc.char_span(start, end, alignment_mode="expand")
