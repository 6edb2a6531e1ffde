"""Where an event's PLOVER type is decided: :data:`TYPE_RULES`, one ordered table.

An event starts with the root its trigger's lexicon entry gives (``cand.entry.root``, ``NONE`` for
an untriggered sentence root). Each rule of :data:`TYPE_RULES` then, in order, may give it another
type: a rule applies when its function returns a type (None: it does not apply). A rule that
applies also says what becomes of the mode (``mode``), whether the learned re-typer must leave the
type it gave (``lock``), and what else changes (``then``). Rules that share a ``group`` exclude each
other: once one of them has applied, the later ones are not tried. The learned re-typer is one of
the rules; it is also the only one that can drop the event (:data:`NO_EVENT`).

Everything else about an event (its trigger, its actors and recipients, date, place and status) is
found before the rules run: :mod:`parley.nlp.events.component` runs the steps, the clause tests
the rules ask (intent, threat, demand, refusal, criticism) are in :mod:`parley.nlp.events.modality`.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from spacy.tokens import Doc, Span, Token

from parley.nlp.context import context_for
from parley.nlp.events.args import Args, QuoteInfo
from parley.nlp.events.classifier import (
    LOCKED,
    PARTIAL,
    UNCODED,
    RootClassifier,
    event_features,
    event_region,
    unmerge,
)
from parley.nlp.events.confidence import side
from parley.nlp.events.idioms import civil_words
from parley.nlp.events.lexicon import Lexicon
from parley.nlp.events.modality import demanded, demanders, expressed_intent, refused, threatened, verbal_attack
from parley.nlp.events.tree import kids, preps
from parley.nlp.events.triggers import Cand
from parley.records import EventStatus

NO_EVENT = "<no event>"  # what a rule returns when there is no event after all


@dataclass
class TypeState:
    """One event while its type is decided: what the rules read, and what they change (``type``,
    ``mode``, ``status``, ``args``, ``locked``, ``features``)."""

    doc: Doc
    cand: Cand
    args: Args
    quote: QuoteInfo | None
    status: EventStatus
    mode: str | None
    type: str
    received: tuple[str, list[tuple[str, int, int]]] | None  # "received arms from X": (X's act, X)
    partial: bool  # an untriggered sentence root with one side only
    uncoded: bool  # ... and that side has no actor code
    cands: list[Cand]  # every trigger of the Doc (those of the sentence are features of the re-typer)
    lexicon: Lexicon
    classifier: RootClassifier | None  # the learned re-typer (None: rules only)
    keep_features: bool = False  # read the re-typer's features even without a classifier
    locked: bool = False  # a rule above gave a type the re-typer must leave
    features: list[str] | None = None  # the re-typer's features, once read
    probs: dict[str, float] | None = None  # the re-typer's probabilities (PLV labels), once read
    applied: list[str] = field(default_factory=list)  # the names of the rules that applied, in order


# ---------------------------------------------------------------- what a rule does to the mode

Mode = Callable[[TypeState, str], str | None]  # the mode after a rule gave type ``new``


def keep_mode(s: TypeState, new: str) -> str | None:
    return s.mode


def mode_or_trigger_root(s: TypeState, new: str) -> str | None:
    """The mode, else the trigger's own root as one ("wants to attack": THREATEN, mode assault)."""
    return s.mode or s.cand.entry.root.lower()


def no_mode(s: TypeState, new: str) -> str | None:
    return None


def mode_if_trigger_root(s: TypeState, new: str) -> str | None:
    """The mode while the type is still the trigger's own root, else none."""
    return s.mode if new == s.cand.entry.root else None


def criticize(s: TypeState, new: str) -> str | None:
    return "criticize"


@dataclass(frozen=True)
class TypeRule:
    name: str
    comment: str
    decide: Callable[[TypeState], str | None]  # the type the rule gives, or None: it does not apply
    mode: Mode = keep_mode
    lock: bool = False  # the learned re-typer leaves the type this rule gave
    group: str | None = None  # of the rules in one group, only the first that applies does
    then: Callable[[TypeState], None] | None = None  # what else changes when the rule applies


# ---------------------------------------------------------------- the rules' tests


def intent(s: TypeState) -> str | None:
    return "AGREE" if s.status == "planned" and expressed_intent(s.cand) else None


def threat(s: TypeState) -> str | None:
    return "THREATEN" if threatened(s.cand) else None


def demand(s: TypeState) -> str | None:
    return "REQUEST" if demanded(s.cand) is not None else None


def speaker_demands(s: TypeState) -> None:
    """The one who says it must be done demands it of the doer."""
    say = demanded(s.cand)
    speakers = demanders(s.doc, say, s.quote) if say is not None else []
    if speakers:
        s.args.actors, s.args.recipients = speakers, s.args.actors or s.args.recipients


def show_of_force(s: TypeState) -> str | None:
    return s.type if s.cand.entry.mode == "exercise" and _solo(s.cand, s.args) else None


def criticism(s: TypeState) -> str | None:
    return "ACCUSE" if s.type == "ASSAULT" and verbal_attack(s.cand) else None


CIVIL_KINDS = {"official", "person", "name", "org", "body", "group", "member"}  # people in public life
ARMED = {"MIL", "REB", "COP", "SPY"}


def _civil(s: TypeState) -> bool:
    """Every side named is a person, a party or an organisation in public life, none of them a state,
    an army or an armed group."""
    found = s.args.actors + s.args.recipients
    if not found:
        return False
    for label, start, end in found:
        got = side(s.doc, label, start, end)
        if got.kind not in CIVIL_KINDS or (label.isupper() and label[3:] in ARMED):
            return False
    return True


def words_not_blows(s: TypeState) -> str | None:
    """An attack between people in public life is criticism; a battle or a war between them a
    contest, no event (:func:`.idioms.civil_words`)."""
    if s.type not in ("ASSAULT", "COERCE") or not _civil(s):
        return None
    region = event_region(s.cand.anchor, context_for(s.doc).sent_of(s.cand.trigger.i))
    kind = civil_words(s.cand.trigger, region)
    return "ACCUSE" if kind == "criticism" else NO_EVENT if kind == "contest" else None


def learned(s: TypeState) -> str | None:
    """The classifier's root when it is clearly preferred (:meth:`RootClassifier.decide`); also
    where its features are read, so that they see the type the rules above gave."""
    if s.classifier is None and not s.keep_features:
        return None
    s.features = _features(s)
    if s.classifier is not None:  # read for every event: the confidence weighs them
        s.probs = s.classifier.probabilities(s.features)
    # the user's own words and hand-listed mutual events (talks, summit) keep the rule's root,
    # and so do roots derived from the clause ("wants to attack" threatens, "demanded that X leave")
    cand = s.cand
    if cand.entry.user or (cand.nominal and cand.entry.reciprocal) or s.locked or cand.locked:
        s.features.append(LOCKED)
        return None
    if s.classifier is None or s.probs is None:
        return None
    label = s.classifier.decide_from(s.probs, s.features, s.type)
    if label == "NONE":
        return NO_EVENT  # a half-dyad sentence root the classifier is not sure of
    new = unmerge(label, s.type, cand.trigger)
    return new if new != s.type else None


def received(s: TypeState) -> str | None:
    return s.received[0] if s.received is not None else None


def refusal(s: TypeState) -> str | None:
    return "REJECT" if s.status == "negated" and refused(s.cand, s.type) else None


def refusal_happened(s: TypeState) -> None:
    s.status = "claimed" if s.quote else "occurred"


# ---------------------------------------------------------------- the table

TYPE_RULES: list[TypeRule] = [
    TypeRule("intent", "a cooperative act its doer announces (\"will release\", \"ready to talk\"): AGREE, CAMEO 03",
             intent, mode=mode_or_trigger_root, group="clause"),
    TypeRule("threat", "a violent act its doer wants or vows to do (\"vowed to strike back\"): THREATEN",
             threat, mode=mode_or_trigger_root, lock=True, group="clause"),
    TypeRule("demand", "an act someone says another must do (\"Norway says Peru must halt\"): the speaker's REQUEST",
             demand, mode=mode_or_trigger_root, lock=True, group="clause", then=speaker_demands),
    TypeRule("show of force", "one side's military exercise with no partner (\"drills at home\") keeps its root",
             show_of_force, lock=True, group="force"),
    TypeRule("criticism", "a scathing or verbal \"attack\" (\"launched a blistering attack on X\"): ACCUSE",
             criticism, mode=criticize, lock=True, group="force"),
    TypeRule("learned", "the learned re-typer's root for what no rule above locked; drops unsure half-dyad roots",
             learned, mode=no_mode),
    TypeRule("words, not blows", "an attack between politicians is criticism (ACCUSE); a battle or a war "
             "between them a contest, no event", words_not_blows, mode=criticize),
    TypeRule("received", "\"received weapons from X\": X's act (AID, AGREE, CONSULT, THREATEN by what was received)",
             received, mode=mode_if_trigger_root),
    TypeRule("refusal", "a cooperative act its doer says they will not do (\"will not send aid\"): REJECT",
             refusal, mode=mode_or_trigger_root, then=refusal_happened),
]


def decide_type(s: TypeState, rules: Sequence[TypeRule] = TYPE_RULES) -> bool:
    """Apply ``rules`` in order to ``s`` (its ``type``, ``mode``, ``status``, ``args`` change in
    place); False when a rule says there is no event."""
    done: set[str] = set()
    for rule in rules:
        if rule.group is not None and rule.group in done:
            continue
        new = rule.decide(s)
        if new is None:
            continue
        if new == NO_EVENT:
            return False
        if rule.group is not None:
            done.add(rule.group)
        s.applied.append(rule.name)
        s.mode = rule.mode(s, new)
        s.type = new
        s.locked = s.locked or rule.lock
        if rule.then is not None:
            rule.then(s)
    return True


# ---------------------------------------------------------------- helpers


def _features(s: TypeState) -> list[str]:
    """The re-typer's features of the event as it stands (:func:`event_features`)."""
    cand, doc = s.cand, s.doc
    ctx = context_for(doc)
    whole = ctx.sent_of(cand.trigger.i)
    by_sent: dict[int, list[tuple[int, str]]] = ctx.memo("events.roots", dict)
    if id(s.cands) != by_sent.get(-1, [(0, "")])[0][0]:  # the triggers of each sentence, indexed once per list
        by_sent.clear()
        by_sent[-1] = [(id(s.cands), "")]
        for c in s.cands:
            by_sent.setdefault(ctx.sent_of(c.anchor.i).start, []).append((c.anchor.i, c.entry.root))
    roots = by_sent.get(whole.start, [])
    feats = event_features(cand.trigger, cand.anchor, s.type, s.status, whole, roots, s.lexicon,
                           _between(doc, s.args), _parts(doc, s.args))
    for tag, found in (("A", s.args.actors), ("R", s.args.recipients)):  # the sides, as the confidence grades them
        kinds = sorted({side(doc, label, a, b).kind for label, a, b in found[:2]}) or ["none"]
        feats += [f"{tag}k={k}" for k in kinds]
        feats += [f"{tag}k={k}|t={_lemma(cand.trigger)}" for k in kinds]
    if s.partial:
        feats.append(PARTIAL)
    if s.uncoded:
        feats.append(UNCODED)
    return feats


def _lemma(tok: Token) -> str:
    return tok.lemma_.lower()


def _solo(cand: Cand, args: Args) -> bool:
    """One side only: no co-actor, no recipient, no "joint" or "with X" ("joint exercises with
    Jordan" is cooperation)."""
    words = {t.lower_ for t in (*kids(cand.trigger), *kids(cand.anchor))}
    withs = [n for tok in (cand.trigger, cand.anchor) for p, n in preps(tok) if p in ("with", "alongside")]
    return len(args.actors) <= 1 and not args.recipients and not withs and not words & {"joint", "combined"}


def _parts(doc: Doc, args: Args) -> tuple[list[Span], list[Span]]:
    """The actor and recipient mentions as Doc spans (for the classifier's features)."""
    def spans(found: list[tuple[str, int, int]]) -> list[Span]:
        got = (doc.char_span(s, e, alignment_mode="expand") for _, s, e in found)
        return [sp for sp in got if sp is not None and len(sp)]
    return spans(args.actors), spans(args.recipients)


def _between(doc: Doc, args: Args) -> tuple[int, int] | None:
    """Token range between the first actor and the first recipient (either order)."""
    if not args.actors or not args.recipients:
        return None
    a, r = args.actors[0], args.recipients[0]
    lo, hi = (a[2], r[1]) if a[2] <= r[1] else (r[2], a[1]) if r[2] <= a[1] else (0, 0)
    span = doc.char_span(lo, hi, alignment_mode="contract") if hi > lo else None
    return (span.start, span.end) if span is not None else None
