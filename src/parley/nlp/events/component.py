"""``parley_events``: who did what to whom, when and where, coded in PLOVER.

For each clause the component finds event triggers (verbs and eventive nouns listed in the
editable lexicon, :mod:`parley.nlp.events.lexicon`), folds events that are only the content of
another into it ("agreed to exchange prisoners" is one AGREE event, mode prisoner exchange), and
reads the arguments from the trigger's own clause: actor (subject, ``by`` agent, possessor,
"talks between X and Y"), recipient (object, "to/with/against X"), date (a timex attached to the
trigger, else the document date), location ("in Istanbul", "the Istanbul talks") and status
(negated, hypothetical, planned, proposed, ongoing, claimed inside a quote, else occurred).
Plain statements ("said") are not events: PLOVER drops CAMEO 01/02, except where what is said is
itself an act (:mod:`parley.nlp.events.modality`): a state reporting another's attack accuses it
(an ACCUSE beside the claimed attack), saying someone is to blame accuses them, an announced
refusal of cooperation ("would not give aid") is a REJECT.

**Where an event's type is decided**: :data:`parley.nlp.events.decide.TYPE_RULES`, one ordered
table of named rules applied to the trigger's lexicon root (intent, threat, demand, show of force,
criticism, the learned re-typer, received, refusal). :meth:`EventExtractor._event` finds the
trigger's arguments, date and status, then hands the event to :func:`~parley.nlp.events.decide.decide_type`.
The package docstring (:mod:`parley.nlp.events`) maps every other step to its module.

Usage::

    nlp = parley.nlp.load()          # parser first; timex/entities/quotes used when present
    doc = nlp(text)
    doc.spans["events"]              # trigger spans, label = PLOVER root
    doc._.events                     # list[parley.records.Event]

Actor codes come from :mod:`parley.nlp.entities.component` when installed, else from the actor lexicon's
tables; an actor with no code keeps its mention text ("Andean allies"), never a guessed code.
"""

from __future__ import annotations

import bisect
import re
import sys
from dataclasses import dataclass
from typing import Any

from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from parley.nlp.context import DocContext, context_for, doc_context, entity_index
from parley.nlp.dct import parse_dct
from parley.nlp.events.actors import ACTOR_ENTS, phoenix_table, span_code, use_phoenix
from parley.nlp.events.args import (
    PROJECTILES,
    RECEIVE_VERBS,
    STRIKES,
    Args,
    QuoteInfo,
    QuoteList,
    has_trigger_text,
    in_quote,
    location_of,
    mode_of,
    noun_args,
    participants_from_clause,
    place_recipient,
    received_from,
    relative_named,
    speaker_name_at,
    thing_in_country,
    verbal_args,
)
from parley.nlp.events.classifier import LOCKED, MERGED, NO_FALLBACK, RootClassifier, load_classifier
from parley.nlp.events.confidence import (
    CROWDS,
    DEFAULT_MIN_CONFIDENCE,
    Evidence,
    best,
    clause_cues,
    clause_doer,
    confidence,
    side,
    sides_of,
    trusted,
)
from parley.nlp.events.decide import TypeState, decide_type
from parley.nlp.events.idioms import as_clause, contest, effort, everyday, given_up_contest, needs_party
from parley.nlp.events.lexicon import Entry, Lexicon, load_lexicon
from parley.nlp.events.modality import NO_ONE, accusation, non_act, standing, status_of
from parley.nlp.events.tree import clause_head, kids, np_tokens, up
from parley.nlp.events.triggers import Cand, blame_candidates, find_candidates
from parley.nlp.layout import dateline_end
from parley.nlp.syntax import NSUBJ, OBJ, dep, is_verbal
from parley.records import Event
from parley.records import Span as SpanRec

SPANS_KEY = "events"
_CALENDAR = re.compile(r"^\d{4}")
NO_PARTY = {"none", "thing", "pronoun", "place", "weapon"}  # a recipient that is nobody's side
_CODE = re.compile(r"^[A-Z]{3}[A-Z]*$")  # an actor code (a mention kept as text has lower case)


def _dateline(text: str, start: int) -> bool:
    """The mention at ``start`` is the place of a dateline ("BRACKNELL - Mara Quill …", "EAST
    MORLAND (AP) — …"): a line opening with a place in capitals and a dash, never an actor."""
    end = dateline_end(text, start)
    return end is not None and start < end


_BLANK = re.compile(r"\n[ \t\r]*\n")
HEADLINE_WORDS = 25  # a first paragraph of at most this many words, with the story after it


def headline_end(text: str) -> int:
    """Where the headline ends (0: none): a short first paragraph ("Oregon mayor backs Quill -
    but also has kind words for her rival.") set off by a blank line from a longer story below it."""
    m = _BLANK.search(text)
    if m is None:
        return 0
    head = text[:m.start()].split()
    if not head or len(head) > HEADLINE_WORDS or len(text[m.end():].split()) <= 2 * len(head):
        return 0
    if _lead_sentence(text[:m.start()], head):
        return 0
    return m.start()


LEAD_WORDS = 16  # a first paragraph this long, on one line, in sentence case and ending in a stop: a lead


def _lead_sentence(para: str, words: list[str]) -> bool:
    """A story's first sentence rather than a headline: "Norland and Vesta agreed on Tuesday to resume
    talks on their maritime border, ending months of tension along the coast." A headline this long is in
    title case ("Senator Reveals The One Word She Will Never Say Again …") or runs on a second line (a
    subhead)."""
    alpha = [w for w in words if w[:1].isalpha()]
    capitals = sum(w[:1].isupper() for w in alpha)
    return len(words) >= LEAD_WORDS and "\n" not in para.strip() and bool(_STOP.search(para.rstrip())) \
        and capitals * 2 < len(alpha)


_ITEM = re.compile(r"[ \t]*(?:[-•*·▪◦–—]|\d{1,2}[.)])[ \t]+\S")  # a bulleted or numbered list item
_STOP = re.compile(r"[.!?][\"”’')\]]*[ \t]*$")


def not_prose(text: str) -> list[tuple[int, int]]:
    """The character ranges of ``text`` that are no sentence of the story, in order: the headline
    (:func:`headline_end`), list items that are no sentence ("- Russia attacks Ukraine", with no
    final stop) and table rows (cells set off by "|" or tabs)."""
    out: list[tuple[int, int]] = []
    top = headline_end(text)
    if top:
        out.append((0, top))
    for m in re.finditer(r"[^\n]+", text):
        if m.end() <= top:
            continue
        line = m.group()
        if (_ITEM.match(line) and not _STOP.search(line)) or line.count("|") >= 2 or line.count("\t") >= 2 \
                or _heading(line) and text[m.end():].strip():
            out.append((m.start(), m.end()))
    return out


def _heading(line: str) -> bool:
    """A line of at most :data:`HEADLINE_WORDS` words with no final stop (nor a colon or comma that runs
    on): with more text after it, a headline, a subhead or a caption inside the text ("Strikers reject
    offer, vow to stay out"), no sentence of the story."""
    words = line.split()
    return bool(words) and len(words) <= HEADLINE_WORDS and not _STOP.search(line.rstrip()) \
        and line.rstrip()[-1:] not in {":", ",", ";", "-", "—", "–"}


def _inside(ranges: list[tuple[int, int]], at: int) -> bool:
    k = bisect.bisect_right(ranges, (at, sys.maxsize)) - 1
    return k >= 0 and ranges[k][0] <= at < ranges[k][1]


def _events_getter(doc: Doc) -> list[Event]:
    spans = doc.spans[SPANS_KEY] if SPANS_KEY in doc.spans else []
    return [Event.model_validate(s._.event) for s in spans if s._.event]


def ensure_extensions() -> None:
    """Register ``Span._.event`` (the record as a dict) and ``Doc._.events`` (idempotent)."""
    if not Span.has_extension("event"):
        Span.set_extension("event", default=None)
    if not Doc.has_extension("events"):
        Doc.set_extension("events", getter=_events_getter)
    if not Span.has_extension("event_features"):
        Span.set_extension("event_features", default=None)
    if not Span.has_extension("event_evidence"):
        Span.set_extension("event_evidence", default=None)


ensure_extensions()


@dataclass
class Found:
    trigger: tuple[int, int]
    event: Event
    features: list[str] | None = None
    evidence: Evidence | None = None


class EventExtractor:
    """Finds events (:meth:`find`) and writes them to the Doc (:meth:`set_annotations`)."""

    def __init__(self, nlp: Language, name: str, *, lexicon_path: str | None = None,
                 spans_key: str = SPANS_KEY, classifier: bool | str = True, phoenix_path: str | None = None,
                 min_confidence: float | None = None) -> None:
        self.nlp = nlp
        self.name = name
        self.lexicon_path = lexicon_path
        self.spans_key = spans_key
        paths = [p.strip() for p in re.split(r"[;,]", lexicon_path) if p.strip()] if lexicon_path else None
        self.lexicon: Lexicon = load_lexicon(paths)
        path = classifier if isinstance(classifier, str) and classifier else None
        self.classifier: RootClassifier | None = load_classifier(path) if classifier else None
        self.keep_features = False  # evaluation/training: store each event's features on its span
        self.fallback = True  # with a classifier: type the root verb of sentences the lexicon missed
        self.partial_fallback = True  # ... also with only an actor or a recipient, when the type is sure
        self.phoenix_path = phoenix_path  # optional Phoenix/TABARI .actors file or folder (known persons)
        self.gates = True  # drop events with no political side or no real doer (confidence.trusted)
        self.min_confidence = DEFAULT_MIN_CONFIDENCE if min_confidence is None else float(min_confidence)

    def __call__(self, doc: Doc) -> Doc:
        self.set_annotations(doc, self.find(doc))
        return doc

    # ------------------------------------------------------------ finding
    def find(self, doc: Doc) -> list[Found]:
        if not doc.has_annotation("DEP"):
            return []
        with doc_context(doc) as ctx:  # the per-Doc indexes every helper below reads, dropped after
            use_phoenix(doc, phoenix_table(str(self.phoenix_path)) if self.phoenix_path else None)
            found = self._find(doc, ctx)
        found = [f for f in found if f.event.confidence is None or f.event.confidence >= self.min_confidence]
        if self.gates:  # a headline, a list item, a table row: no sentence of the story
            gaps = not_prose(ctx.text)
            found = [f for f in found if not _inside(gaps, f.trigger[0])]
        return _without_repeats(_without_doer_nouns(doc, found)) if self.gates else found

    def _find(self, doc: Doc, ctx: DocContext) -> list[Found]:
        cands = find_candidates(doc, self.lexicon)
        cands += blame_candidates(doc, cands)
        quotes, dct = QuoteList(self._quotes(doc)), _dct(doc)
        out = self._events(doc, cands, cands, quotes, dct)
        if self.fallback and (self.classifier is not None or self.keep_features):
            # the root of each sentence where the lexicon gave no event, typed by the classifier
            taken = {ctx.sent_at(f.trigger[0]).start for f in out}
            owned = {c.anchor.i for c in cands} | {c.trigger.i for c in cands}
            extra = self._fallback_cands(ctx, taken, owned)
            if extra:
                out = sorted(out + self._events(doc, cands + extra, extra, quotes, dct), key=lambda f: f.trigger)
        _story_dates(ctx.text, out, quotes, _ordered_clauses(doc, out))
        return out

    def _events(self, doc: Doc, cands: list[Cand], todo: list[Cand], quotes: list[QuoteInfo],
                dct: str | None) -> list[Found]:
        if not any(c.parent is None for c in todo):
            return []
        cands_at = {c.anchor.i: c for c in cands} | {c.trigger.i: c for c in cands}
        text = context_for(doc).text
        out: list[Found] = []
        for cand in todo:
            if cand.parent is not None:
                continue
            got = self._event(doc, cand, cands, cands_at, quotes, dct, text)
            if got is not None:
                event, feats, evidence = got
                out.append(Found(trigger=(event.trigger.start, event.trigger.end), event=event, features=feats,
                                 evidence=evidence))
                charge = accusation(doc, event, in_quote(event.trigger.start, quotes), dct)
                if charge is not None:
                    charge_ev = _charge_evidence(doc, charge, evidence)
                    charge.confidence = confidence(charge_ev)
                    charge.date_source = "text" if charge.date and charge.date == event.date \
                        and event.date_source == "text" else "publication" if charge.date else None
                    out.append(Found(trigger=(charge.trigger.start, charge.trigger.end), event=charge,
                                     evidence=charge_ev))
        return out

    def _event(self, doc: Doc, cand: Cand, cands: list[Cand], cands_at: dict[int, Cand], quotes: list[QuoteInfo],
               dct: str | None, text: str) -> tuple[Event, list[str] | None, Evidence] | None:
        """The event of ``cand`` and the re-typer's features: its arguments (:mod:`.args`), date and
        status (:mod:`.modality`), then its type by :data:`.decide.TYPE_RULES`; None: no event."""
        t0, t1 = has_trigger_text(doc, cand)
        quote = in_quote(t0, quotes)
        if is_verbal(cand.anchor):
            args = verbal_args(doc, cand, cands_at, quote)
        else:
            args = noun_args(doc, cand, cands_at, quote)
        if cand.entry.reciprocal and not args.actors and not args.recipients:
            if _definite_re_mention(doc, cand, cands):
                return None  # "… signed a ceasefire. The truce is meant to …": the same truce again
            args.actors = participants_from_clause(doc, cand, cands_at, quote)
        received = received_from(doc, cand, self.lexicon, quote)
        if received is not None:  # "received weapons from X": X gave; the subject is the recipient
            args.actors, args.recipients = received[1], args.actors
        elif self.gates and cand.fallback and cand.anchor.lemma_.lower() in RECEIVE_VERBS:
            return None  # "had received a list of conditions": receiving is no act of the receiver
        args.actors = [a for a in args.actors if not _dateline(text, a[1])]  # "BRACKNELL - Mara Quill …"
        partial = cand.fallback and not (args.actors and args.recipients)
        uncoded = partial and not any(_CODE.match(a) for a, _, _ in args.actors + args.recipients)
        if partial and (not self.partial_fallback or cand.full_only or not (args.actors or args.recipients)):
            return None  # an untriggered sentence root needs a full dyad, or one side and a sure type
        if cand.entry.weak and not args.actors:
            return None  # a generated CAMEO verb with nobody doing it is too weak to report
        if cand.nominal and not cand.entry.reciprocal and not args.actors and not args.recipients:
            return None  # "any proposals": an eventive noun with no participants is no event record
        sent = _clip_to_line(doc, _sent_of(doc, cand.trigger.i), t0, text)
        own_date = _day(_date_of(doc, cand, cands_at) or _doer_date(doc, cand, cands_at) or _frame_date(doc, cand))
        date = own_date or dct
        status = status_of(cand, date, dct)
        source = quote.speaker if quote else None
        if status == "occurred" and quote is not None:
            status = "claimed"
        # the type: the trigger's root, then each rule of decide.TYPE_RULES in order
        state = TypeState(doc=doc, cand=cand, args=args, quote=quote, status=status,
                          mode=mode_of(cand, self.lexicon, sent), type=cand.entry.root, received=received,
                          partial=partial, uncoded=uncoded, cands=cands, lexicon=self.lexicon,
                          classifier=self.classifier, keep_features=self.keep_features)
        if not decide_type(state):
            return None
        etype, mode, status, feats = state.type, state.mode, state.status, state.features
        if self.gates and (contest(cand.trigger, cand.anchor, etype) or as_clause(cand.anchor) or (
                etype == "AGREE" and effort(cand.trigger) and not args.recipients and not cand.children)
                or etype == "AGREE" and _bare_assent(cand, args)):
            return None  # a figure of speech ("beats Tessaro 42-40 in the poll"), a re-mention ("as we
            # agreed"), an effort that promises nothing named ("will strive to"), a nod ("Lind agreed.")
        if etype in PLACE_TARGETED:
            args.recipients = args.recipients or place_recipient(doc, cand, args)
        if etype == "ASSAULT":
            args.recipients = thing_in_country(doc, cand, args) or args.recipients
        args.recipients = [r for r in args.recipients if not any(_same_party(doc, a, r) for a in args.actors)
                           and r[0].lower() not in NO_ONE]  # ("a move that drew condemnation": no "that")
        actors = sides_of(doc, args.actors)
        recipient = best(sides_of(doc, args.recipients))
        if len(actors) > 1 and not args.recipients and cand.entry.reciprocal:  # "talks between X and Y"
            recipient = min(actors, key=lambda got: got.tier)
        evidence = Evidence(source=_source(cand), rules=list(state.applied), prob=_prob(state, etype),
                            actor=best(actors), recipient=recipient,
                            status=status, quoted=quote is not None and not _own_words(doc, quote, args.actors),
                            cues=clause_cues(doc, cand.anchor, cand.trigger, sent))
        if not args.actors and evidence.recipient.tier < 2:
            evidence.context = clause_doer(doc, cand.anchor)
        if args.actors and all(_third_person_pronoun(doc, s, e) for _, s, e in args.actors):
            evidence.cues.append("pronoun")  # "he", "his": the doer rests on the pronoun's resolution
        if evidence.actor.kind in CROWDS:
            whole = _sent_of(doc, cand.trigger.i)
            evidence.protest = any(c.entry.root == "PROTEST" for c in cands if whole.start <= c.anchor.i < whole.end)
        if self.gates and not trusted(evidence, etype):
            return None
        gone_to = evidence.recipient.kind in NO_PARTY or all(_destination(doc, r[1], r[2]) for r in args.recipients)
        if cand.trigger.i == cand.anchor.i and needs_party(cand.trigger) and not _party_object(doc, cand.trigger) \
                and gone_to:
            evidence.cues.append("everyday")  # likely an everyday sense: "recalled what school was like"
        if given_up_contest(cand.trigger, cand.anchor, etype):
            evidence.cues.append("contest")  # "conceded the race": a contest given up
        said = non_act(cand)
        if said is not None:
            evidence.cues.append(said)  # an opinion, no comment: no act of anyone
        if standing(cand, etype, len(args.recipients)):
            evidence.cues.append("standing")  # "Quill's support comes from older voters": no act
        args.actors = [relative_named(doc, a) for a in args.actors]
        args.recipients = [relative_named(doc, r) for r in args.recipients]
        return Event(
            type=etype, mode=mode,
            trigger=SpanRec(start=t0, end=t1, text=text[t0:t1]),
            sentence=SpanRec(start=sent.start_char, end=sent.end_char, text=sent.text),
            actors=[a for a, _, _ in args.actors],
            actor_spans=[SpanRec(start=s, end=e, text=text[s:e]) for _, s, e in args.actors],
            recipients=[r for r, _, _ in args.recipients],
            recipient_spans=[SpanRec(start=s, end=e, text=text[s:e]) for r, s, e in args.recipients],
            date=date, location=location_of(cand), status=status, source=source,
            confidence=confidence(evidence),
            date_source="text" if own_date else "publication" if date else None,
        ), feats, evidence

    def _fallback_cands(self, ctx: DocContext, taken: set[int], owned: set[int]) -> list[Cand]:
        """The root verb of each sentence (starting at none of ``taken``) where the lexicon gave no
        event, as a candidate the classifier types (kept with a full dyad, or with one participant
        when the classifier is sure of its type); in a sentence with events elsewhere, an
        untriggered root verb with a full dyad of its own ("X faulted Y's decision to allow …")."""
        extra = []
        for sent in ctx.sents:
            root = sent.root
            if sent.start in taken:
                if root.i not in owned and is_verbal(root) and root.lemma_.lower() not in NO_FALLBACK \
                        and not everyday(root) and _may_have_dyad(root):
                    extra.append(Cand(root, root, Entry(root="NONE"), 0, fallback=True, full_only=True))
                continue
            if root.lemma_.lower() in NO_FALLBACK:  # "X said Y were responsible": the reported clause
                root = next((c for c in kids(root) if dep(c) == "ccomp" and c.pos_ in ("VERB", "ADJ", "NOUN")
                             and c.lemma_.lower() not in NO_FALLBACK), None) or root
            if not is_verbal(root) and not _has_subject(root):  # "Danish medics served in Chad" misparsed
                root = next((c for c in kids(root) if dep(c) in ("acl", "acl:relcl", "relcl") and is_verbal(c)
                             and c.i not in owned), None) or root  # with the verb under the noun
            if root.lemma_.lower() in NO_FALLBACK or everyday(root) or not (is_verbal(root) or _has_subject(root)):
                continue
            if not (_may_have_dyad(root) or any(t.ent_type_ in ACTOR_ENTS for t in sent)):
                continue  # neither a full dyad nor a named (codable) side is possible
            extra.append(Cand(root, root, Entry(root="NONE"), 0, fallback=True))
        return extra

    def _quotes(self, doc: Doc) -> list[QuoteInfo]:
        if "parley_quotes" in self.nlp.pipe_names and Doc.has_extension("quotes"):
            out, text = [], context_for(doc).text
            for q in doc._.quotes or []:
                out.append(QuoteInfo(q.start, q.end, q.speaker_name or (q.speaker.text if q.speaker else None),
                                     _speaker_code(doc, q, text), (q.cue.start, q.cue.end) if q.cue else None,
                                     (q.speaker.start, q.speaker.end) if q.speaker else None,
                                     q.speaker_key))
            return out
        return _fallback_quotes(doc)

    # ------------------------------------------------------------ writing
    def set_annotations(self, doc: Doc, found: list[Found]) -> None:
        spans: list[Span] = []
        seen: set[tuple[int, int]] = set()
        for f in found:
            span = doc.char_span(*f.trigger, label=f.event.type, alignment_mode="expand")
            if span is None or (span.start_char, span.end_char) in seen:
                continue
            seen.add((span.start_char, span.end_char))
            span._.event = f.event.model_dump()
            span._.event_evidence = f.evidence.as_dict() if f.evidence is not None else None
            if self.keep_features:
                span._.event_features = f.features
            spans.append(span)
        doc.spans[self.spans_key] = spans

    def to_disk(self, path: Any, *, exclude: Any = tuple()) -> None:  # config only: nothing to save
        return None

    def from_disk(self, path: Any, *, exclude: Any = tuple()) -> EventExtractor:
        return self


@Language.factory(
    "parley_events",
    default_config={"lexicon_path": None, "spans_key": SPANS_KEY, "classifier": True, "phoenix_path": None,
                    "min_confidence": None},
)
def make_events(nlp: Language, name: str, lexicon_path: str | None, spans_key: str,
                classifier: bool | str, phoenix_path: str | None, min_confidence: float | None) -> EventExtractor:
    """spaCy factory for :class:`EventExtractor`. ``lexicon_path``: the user's own trigger YAML
    (several separated by ``;``) applied over the shipped lexicon. ``classifier``: re-type events
    with the shipped learned classifier (True), one at this path, or rules only (False).
    ``phoenix_path``: an optional Phoenix/TABARI ``.actors`` file or folder whose persons and named
    actors code mentions nothing else codes (never needed; off by default)."""
    return EventExtractor(nlp, name, lexicon_path=lexicon_path, spans_key=spans_key, classifier=classifier,
                          phoenix_path=phoenix_path, min_confidence=min_confidence)


# ---------------------------------------------------------------- helpers


def _without_repeats(found: list[Found]) -> list[Found]:
    """One record per event: a later mention of an event already found (same type, status, actors
    and recipients, all of them coded, and no other mode) is a re-mention; of the two the one that dates it
    from the text is kept, else the surer, else the first ("Zakharova said that Russia and Ukraine
    agreed that each side would …", then her own words: "At the May 16 meeting we agreed …")."""
    kept: dict[tuple[Any, ...], int] = {}
    out: list[Found | None] = []
    for f in found:
        e = f.event
        key = (e.type, e.status, tuple(sorted(e.actors)), tuple(sorted(e.recipients)))
        if not e.actors or not all(_CODE.match(a) for a in e.actors + e.recipients):
            out.append(f)
            continue
        at = kept.get(key)
        first = out[at] if at is not None else None
        if first is None or None not in (e.mode, first.event.mode) and e.mode != first.event.mode:
            kept[key] = len(out)  # a first mention, or another act of the same parties ("agreed to exchange
            out.append(f)  # prisoners", then "agreed to meet")
            continue
        if at is not None and _rank(f) > _rank(first):
            out[at] = None
            kept[key] = len(out)
            out.append(f)
    return [f for f in out if f is not None]


def _without_doer_nouns(doc: Doc, found: list[Found]) -> list[Found]:
    """One record for one act named twice in a clause: a strike or a weapon that is the subject of a verb
    coding the same type ("An Israeli airstrike killed 12 people": the strike is the killing) is dropped for
    the verb's event, which names the sides as fully or more."""
    by_start = {f.trigger[0]: f for f in found}
    out = []
    for f in found:
        span = doc.char_span(f.trigger[0], f.trigger[1], alignment_mode="expand")
        tok = span.root if span is not None else None
        verb = by_start.get(tok.head.idx) if tok is not None and dep(tok) in NSUBJ and tok.head.i != tok.i \
            and tok.lemma_.lower() in STRIKES | PROJECTILES else None  # (an invasion that killed is two acts)
        if verb is not None and verb is not f and verb.event.type == f.event.type \
                and set(f.event.actors) <= set(verb.event.actors) \
                and set(f.event.recipients) <= set(verb.event.recipients):
            continue
        out.append(f)
    return out


def _own_words(doc: Doc, quote: QuoteInfo | None, actors: list[tuple[str, int, int]]) -> bool:
    """The quoted words tell of the speaker's own act ("I met him twice"): its doer is the speaker."""
    named = speaker_name_at(doc, quote) if quote is not None else None
    return named is not None and bool(actors) and all((s, e) == named[:2] for _, s, e in actors)


def _bare_assent(cand: Cand, args: Args) -> bool:
    """"Lind agreed." One side agreeing with nothing named (no object, clause, phrase or other side)
    nods at what was said before: an opinion, not an agreement."""
    verb = cand.anchor
    return is_verbal(verb) and cand.trigger.i == verb.i and len(args.actors) == 1 and not args.recipients \
        and not cand.children and not any(dep(c) not in ("nsubj", "punct", "advmod", "aux", "neg", "cc")
                                          for c in kids(verb))


def _third_person_pronoun(doc: Doc, start: int, end: int) -> bool:
    """The mention is a third-person pronoun alone ("he", "his", "they"): who it is rests on
    resolution, not on the words of the sentence."""
    span = doc.char_span(start, end, alignment_mode="expand")
    return span is not None and len(span) == 1 and span[0].pos_ == "PRON" and span[0].lower_ in THIRD_PERSON


THIRD_PERSON = {"he", "him", "his", "she", "her", "hers", "it", "its", "they", "them", "their", "theirs"}


def _rank(f: Found) -> tuple[bool, float]:
    return f.event.date_source == "text", f.event.confidence or 0.0


def _source(cand: Cand) -> str:
    """How the trigger was found (for the confidence)."""
    if cand.fallback:
        return "fallback"
    if cand.locked:
        return "derived"
    if cand.entry.user:
        return "user"
    if cand.entry.weak:
        return "weak"
    if cand.trigger.i != cand.anchor.i:
        return "object"
    return "noun" if cand.nominal else "verb"


def _prob(state: TypeState, etype: str) -> float | None:
    """The re-typer's probability for the type, when the type is the trigger's or the re-typer's
    own (a rule that derived it from the clause knows what the re-typer's words do not)."""
    if state.probs is None or any(name != "learned" for name in state.applied) or LOCKED in (state.features or []):
        return None
    return state.probs.get(MERGED.get(etype, etype))


def _same_party(doc: Doc, actor: tuple[str, int, int], recipient: tuple[str, int, int]) -> bool:
    """The recipient is the actor again: the same words, the same entity, or the same code where the
    code names the party itself (a state, an agency), not the country of a person ("Senator Quill attacked
    Governor Tessaro": two people coded USA)."""
    if actor[1] < recipient[2] and recipient[1] < actor[2]:
        return True
    index = entity_index(doc)
    if index is not None:
        a, r = index.at(actor[1], actor[2]), index.at(recipient[1], recipient[2])
        if a is not None and r is not None:
            return a.key == r.key
        if (a is not None and a.type == "PERSON") or (r is not None and r.type == "PERSON"):
            return False
    return actor[0] == recipient[0]


def _charge_evidence(doc: Doc, charge: Event, of: Evidence) -> Evidence:
    """The evidence of an accusation derived from a state's report of another's attack."""
    return Evidence(source="accusation", rules=["accusation"], prob=None,
                    actor=best([side(doc, a, s.start, s.end) for a, s in zip(charge.actors, charge.actor_spans,
                                                                               strict=True)]),
                    recipient=of.actor, status=charge.status, quoted=False)


# event types whose place, when foreign to the actor and no recipient is named, is the target
PLACE_TARGETED = {"CONSULT", "MOBILIZE", "ASSAULT", "PROTEST", "COERCE", "COOPERATE"}
def _may_have_dyad(tok: Token) -> bool:
    """A verb with a subject and an object or a prepositional phrase (cheap test before its
    arguments are read)."""
    deps = {dep(c) for c in kids(tok)}
    return bool(deps & {"nsubj", "nsubj:pass", "nsubjpass"}) and bool(deps & {"obj", "dobj", "iobj", "dative",
                                                                             "obl", "prep", "agent", "obl:agent"})


def _has_subject(tok: Token) -> bool:
    """A nominal or adjectival clause top with its own subject ("X has been the largest donor")."""
    return tok.pos_ in ("NOUN", "ADJ") and any(dep(c) in NSUBJ for c in kids(tok))


def _dct(doc: Doc) -> str | None:
    if not Doc.has_extension("dct") or not doc._.dct:
        return None

    d = parse_dct(doc._.dct)
    return d.isoformat() if d else None


_TIME_OF_DAY = re.compile(r"^(\d{4}-\d{2}-\d{2})T")


def _party_object(doc: Doc, verb: Token) -> bool:
    """The verb's object is a party ("recalled its ambassador", "admitted 4,000 refugees"), not a
    thing ("hosted galas") nor a place it goes to ("returned to Chile")."""
    for c in kids(verb):
        if dep(c) in OBJ or dep(c) == "iobj":
            toks = np_tokens(c)
            if side(doc, c.text, toks[0].idx, toks[-1].idx + len(toks[-1]), trailing=False).kind not in NO_PARTY:
                return True
    return False


def _destination(doc: Doc, start: int, end: int) -> bool:
    """The mention is where someone goes ("returned to Chile"), not a party."""
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None:
        return False
    head = span.root
    return any(dep(c) == "case" and c.lower_ in ("to", "into", "toward", "towards") for c in kids(head)) or (
        dep(head) == "pobj" and up(head).lower_ in ("to", "into", "toward", "towards"))


def _day(value: str | None) -> str | None:
    """An event's date is a calendar date: a time of day ("tonight": ``2016-07-26TNI``, "at 3 pm":
    ``2016-07-26T15:00``) dates it by its day."""
    m = _TIME_OF_DAY.match(value) if value else None
    return m.group(1) if m else value


def _date_of(doc: Doc, cand: Cand, cands_at: dict[int, Cand]) -> str | None:
    """The calendar value of the timex attached to this event's words (nearest first); else one
    in the trigger's own clause that no other event owns; else None."""
    if "timex" not in doc.spans:
        return None
    best: tuple[tuple[int, ...], str] | None = None
    head = clause_head(cand.trigger)
    for s, value in _dates_in(doc, _sent_of(doc, cand.trigger.i).start):
        if _dates_a_noun(s, cand, cands_at):
            continue  # "blamed for the 2014 hack": 2014 is the hack's date, not the blame's
        if s.start > 0 and doc[s.start - 1].lower_ in _DEADLINE_WORDS:
            continue  # "pledged to send tanks by the end of May": a deadline, no day anything happened
        owned = _ownership(s.root, cand, cands_at, head)
        if owned is None or (owned[0] == 2 and _after_since(doc, s)):
            continue  # "the first since 2022" dates the comparison, not the event
        key = (*owned, abs(s.start_char - cand.trigger.idx))
        if best is None or key < best[0]:
            best = (key, value)
    if best is None and cand.nominal:
        best = _dominating_date(doc, cand, cands_at)
    return best[1] if best else None


def _definite_re_mention(doc: Doc, cand: Cand, cands: list[Cand]) -> bool:
    """A reciprocal event noun with "the", "this" or "that" and no parties of its own, after an event of
    the same root earlier in the story: a re-mention ("The truce is meant to allow aid in"), no new
    event whose parties the clause around it could tell. (The first anchor of each root is indexed once
    per Doc: a long article stays linear.)"""
    noun = cand.trigger
    if not cand.nominal or not any(dep(c) == "det" and c.lower_ in ("the", "this", "that") for c in kids(noun)):
        return False

    def first_anchors() -> dict[str, int]:
        first: dict[str, int] = {}
        for c in cands:
            first[c.entry.root] = min(first.get(c.entry.root, c.anchor.i), c.anchor.i)
        return first

    first = context_for(doc).memo("events.first_anchor_by_root", first_anchors)
    return first.get(cand.entry.root, cand.anchor.i) < cand.anchor.i


def _dates_a_noun(s: Span, cand: Cand, cands_at: dict[int, Cand]) -> bool:
    """A date written into a noun that is no event ("blamed for the 2014 Sony hack"): it dates that
    noun, not the event. A date written into an event noun dates that event, and the event it is
    the setting or the content of ("At the May 16 meeting we agreed")."""
    head = up(s.root)
    return dep(s.root) in ("compound", "amod", "nummod", "nmod:poss", "poss") and head.i != s.root.i \
        and head.i not in cands_at and head.pos_ in ("NOUN", "PROPN")


def _doer_date(doc: Doc, cand: Cand, cands_at: dict[int, Cand]) -> str | None:
    """An act done by an event the text dates takes its date ("Iraq's 1980 invasion of Iran killed
    thousands": the killing is the 1980 invasion's)."""
    if not is_verbal(cand.anchor):
        return None
    for sub in kids(cand.anchor):
        other = cands_at.get(sub.i) if dep(sub) in NSUBJ else None
        if other is not None and other is not cand and other.nominal:
            return _date_of(doc, other, cands_at)
    return None


_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def _story_dates(text: str, found: list[Found], quotes: list[QuoteInfo], ordered: set[int] | None = None) -> None:
    """An act the text gives no date of, by or to one of the sides of the story's last dated act before
    it, in its paragraph or the one before, happened that day ("Trump spoke on Thursday … Trump also
    attacked X"): the narrative's time, not the publication day. Not an act the text places before or
    after another (``ordered``: "a week after Belarus arrested a journalist"): that is another day."""
    paras = [m.end() for m in re.finditer(r"\n\s*\n", text)]
    last: tuple[str, int, set[str]] | None = None
    for f in sorted(found, key=lambda f: f.trigger):
        ev, para = f.event, bisect.bisect_right(paras, f.trigger[0])
        if ev.status != "occurred" or in_quote(f.trigger[0], quotes) is not None:
            continue
        if ordered and f.trigger[0] in ordered:
            continue
        sides = set(ev.actors) | set(ev.recipients)
        if ev.date_source == "text" and ev.date and _DAY.match(ev.date):
            last = (ev.date, para, sides)
        elif ev.date_source == "publication" and last is not None and para - last[1] <= 1 and sides & last[2]:
            ev.date, ev.date_source = last[0], "story"


# Conjunctions that place a clause's act before or after another's: never on that other act's day.
_ORDER_MARKS = {"after", "before", "since", "until", "till"}


def _ordered_clauses(doc: Doc, found: list[Found]) -> set[int]:
    """Start offsets of the triggers of acts in a clause that "after", "before", "since", "until" place
    against another act ("expelled two diplomats, a week after Belarus arrested a journalist")."""
    out: set[int] = set()
    for f in found:
        span = doc.char_span(*f.trigger, alignment_mode="expand")
        tok = span.root if span is not None else None
        for _ in range(3):
            if tok is None:
                break
            if dep(tok) == "advcl" and any(dep(c) == "mark" and c.lower_ in _ORDER_MARKS for c in kids(tok)):
                out.add(f.trigger[0])
                break
            if up(tok).i == tok.i or dep(tok) in ("ccomp", "parataxis", "root"):
                break
            tok = up(tok)
    return out


_FRAME_PREPS = {"in", "on", "during"}


def _frame_date(doc: Doc, cand: Cand) -> str | None:
    """A date that frames the event's clause though the parse hangs it elsewhere: one that opens the
    sentence before a comma ("In 2019, Norland imposed sanctions …", "Last month, …"; not "Since
    2019, …", "By 2030, …"), or one a "when" clause right after it describes ("since 2014, when Velmar
    annexed the island": 2014)."""
    sent = _sent_of(doc, cand.trigger.i)
    dates = _dates_in(doc, sent.start)
    if not dates:
        return None
    for s, value in dates:
        lead = [t for t in sent if not t.is_space and t.i < s.start]
        after = doc[s.end] if s.end < len(doc) else None
        if after is None or after.text != ",":
            continue
        if (not lead or len(lead) == 1 and lead[0].lower_ in _FRAME_PREPS) and after.i < cand.trigger.i:
            return value
        edge = next((t for t in clause_head(cand.trigger).subtree if not t.is_punct), None)
        if edge is not None and edge.lower_ == "when" and edge.i == after.i + 1:
            return value
    return None


def _dominating_date(doc: Doc, cand: Cand, cands_at: dict[int, Cand]) -> tuple[tuple[int, int], str] | None:
    """A nominal event inside a setting of a verb that is no event ("provide explanations during
    the second round of talks next Monday"): the date attached to that verb, when no other event
    lies between."""
    above, cur = {}, cand.trigger
    for steps in range(1, 12):
        if up(cur).i == cur.i:
            break
        cur = up(cur)
        other = cands_at.get(cur.i)
        if other is not None and other is not cand:
            break
        above[cur.i] = steps
        if dep(cur) == "conj" and up(cur).i != cur.i:
            above.setdefault(up(cur).i, steps + 1)
    best: tuple[tuple[int, int], str] | None = None
    for s, value in _dates_in(doc, _sent_of(doc, cand.trigger.i).start):
        at = up(s.root).i
        if at in above and not _after_since(doc, s):
            key = (above[at], abs(s.start_char - cand.trigger.idx))
            if best is None or key < best[0]:
                best = (key, value)
    return best


def _dates_in(doc: Doc, sent_start: int) -> list[tuple[Span, str]]:
    """The calendar dates and times (timex span, value) of the sentence starting at token
    ``sent_start``, indexed once per Doc (every event of a long article would rescan them all)."""
    ctx = context_for(doc)
    by_sent: dict[int, list[tuple[Span, str]]] = ctx.memo("events.dates", dict)
    if not by_sent and "timex" in doc.spans and Span.has_extension("timex_value"):
        by_sent[-1] = []  # indexed (even when the Doc has no dates)
        for s in doc.spans["timex"]:
            value = s._.timex_value
            if value and _CALENDAR.match(value) and s._.timex_type in ("DATE", "TIME"):
                by_sent.setdefault(ctx.sent_of(s.start).start, []).append((s, value))
    return by_sent.get(sent_start, [])


_CHARGE_MARKS = {"of", "for"}
_DEADLINE_WORDS = {"by", "until", "till"}


def _ownership(tok: Token, cand: Cand, cands_at: dict[int, Cand], head: Token) -> tuple[int, int] | None:
    cur, steps, via_child = tok, 0, False
    for _ in range(30):
        if up(cur).i == cur.i:
            return None
        if cur.tag_ == "VBG" and any(dep(c) in ("mark", "case") and c.lower_ in _CHARGE_MARKS for c in kids(cur)) \
                and cur.i not in cands_at:
            return None  # "accused X of moving tanks to the border last week": the date of the act charged
        cur, steps = up(cur), steps + 1
        owner = cands_at.get(cur.i)
        if owner is not None:
            top = owner
            while top.parent is not None:
                top = top.parent
            if top is not cand:
                return None
            via_child = via_child or owner is not cand
            return (1 if via_child else 0, steps)
        if cur.i == head.i:
            return (2, steps)
    return None


def _sent_of(doc: Doc, i: int) -> Span:
    """The sentence holding token ``i`` (sentences listed once per Doc: ``Token.sent`` rescans)."""
    return context_for(doc).sent_of(i)


def _clip_to_line(doc: Doc, sent: Span, at: int, text: str) -> Span:
    """The sentence cut to the line holding ``at`` and stripped: a line break always ends one."""
    lo = max(sent.start_char, text.rfind("\n", 0, at) + 1)
    nl = text.find("\n", at)
    hi = min(sent.end_char, nl if nl >= 0 else len(text))
    while lo < hi and text[lo].isspace():
        lo += 1
    while hi > lo and text[hi - 1].isspace():
        hi -= 1
    return doc.char_span(lo, hi, alignment_mode="expand") or sent


def _after_since(doc: Doc, s: Span) -> bool:
    return s.start > 0 and doc[s.start - 1].lower_ in ("since", "until", "till", "before")


def _speaker_code(doc: Doc, quote: Any, text: str) -> str | None:
    sp = getattr(quote, "speaker", None)
    if sp is not None:
        span = doc.char_span(sp.start, sp.end, alignment_mode="expand")
        if span is not None:
            code = span_code(doc, np_tokens(span.root))
            if code:
                return code
    name = getattr(quote, "speaker_name", None)
    i = text.find(name) if name else -1  # the Doc's text is read once: Doc.text joins every token again
    if name and i >= 0:
        span = doc.char_span(i, i + len(name), alignment_mode="expand")
        if span is not None:
            return span_code(doc, np_tokens(span.root))
    return None


_QUOTE_RX = re.compile(r"“([^”]{12,})”|\"([^\"]{12,})\"")


def _fallback_quotes(doc: Doc) -> list[QuoteInfo]:
    """Quoted stretches of four words or more, speaker unknown (used without ``parley_quotes``)."""
    out = []
    for m in _QUOTE_RX.finditer(doc.text):
        g = 1 if m.group(1) is not None else 2
        if len(m.group(g).split()) >= 4:
            out.append(QuoteInfo(m.start(g), m.end(g), None, None))
    return out
