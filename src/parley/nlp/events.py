"""``parley_events``: who did what to whom, when and where, coded in PLOVER.

For each clause the component finds event triggers (verbs and eventive nouns listed in the
editable lexicon, :mod:`parley.nlp.events_lexicon`), folds events that are only the content of
another into it ("agreed to exchange prisoners" is one AGREE event, mode prisoner exchange), and
reads the arguments from the trigger's own clause: actor (subject, ``by`` agent, possessor,
"talks between X and Y"), recipient (object, "to/with/against X"), date (a timex attached to the
trigger, else the document date), location ("in Istanbul", "the Istanbul talks") and status
(negated, hypothetical, planned, proposed, ongoing, claimed inside a quote, else occurred).
Plain statements ("said") are not events: PLOVER drops CAMEO 01/02.

Usage::

    nlp = parley.nlp.load()          # parser first; timex/entities/quotes used when present
    doc = nlp(text)
    doc.spans["events"]              # trigger spans, label = PLOVER root
    doc._.events                     # list[parley.records.Event]

Actor codes come from :mod:`parley.nlp.entities` when installed, else from a small own table; an
actor with no code keeps its mention text ("European allies").
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from typing import Any

from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from parley.nlp.events_actors import clear_code_cache, span_code
from parley.nlp.events_args import (
    QuoteInfo,
    expressed_intent,
    has_trigger_text,
    in_quote,
    location_of,
    mode_of,
    noun_args,
    participants_from_clause,
    status_of,
    verbal_args,
)
from parley.nlp.events_lexicon import Lexicon, load_lexicon
from parley.nlp.events_syntax import clause_head, clear_lines, is_verbal, np_tokens, set_lines, up
from parley.nlp.events_triggers import Cand, find_candidates
from parley.records import Event
from parley.records import Span as SpanRec

SPANS_KEY = "events"
_CALENDAR = re.compile(r"^\d{4}")


def _events_getter(doc: Doc) -> list[Event]:
    spans = doc.spans[SPANS_KEY] if SPANS_KEY in doc.spans else []
    return [Event.model_validate(s._.event) for s in spans if s._.event]


def ensure_extensions() -> None:
    """Register ``Span._.event`` (the record as a dict) and ``Doc._.events`` (idempotent)."""
    if not Span.has_extension("event"):
        Span.set_extension("event", default=None)
    if not Doc.has_extension("events"):
        Doc.set_extension("events", getter=_events_getter)


ensure_extensions()


@dataclass
class Found:
    trigger: tuple[int, int]
    event: Event


class EventExtractor:
    """Finds events (:meth:`find`) and writes them to the Doc (:meth:`set_annotations`)."""

    def __init__(self, nlp: Language, name: str, *, lexicon_path: str | None = None,
                 spans_key: str = SPANS_KEY) -> None:
        self.nlp = nlp
        self.name = name
        self.lexicon_path = lexicon_path
        self.spans_key = spans_key
        paths = [p.strip() for p in re.split(r"[;,]", lexicon_path) if p.strip()] if lexicon_path else None
        self.lexicon: Lexicon = load_lexicon(paths)

    def __call__(self, doc: Doc) -> Doc:
        self.set_annotations(doc, self.find(doc))
        return doc

    def pipe(self, docs: Any, batch_size: int = 128) -> Any:
        for doc in docs:
            yield self(doc)

    # ------------------------------------------------------------ finding
    def find(self, doc: Doc) -> list[Found]:
        if not doc.has_annotation("DEP"):
            return []
        set_lines(doc)
        try:
            return self._find(doc)
        finally:
            clear_lines(doc)
            _SENTS.pop(id(doc), None)
            clear_code_cache(doc)

    def _find(self, doc: Doc) -> list[Found]:
        cands = find_candidates(doc, self.lexicon)
        if not any(c.parent is None for c in cands):
            return []
        _SENTS[id(doc)] = list(doc.sents)
        cands_at = {c.anchor.i: c for c in cands} | {c.trigger.i: c for c in cands}
        quotes = self._quotes(doc)
        text = doc.text
        dct = _dct(doc)
        out: list[Found] = []
        for cand in cands:
            if cand.parent is not None:
                continue
            event = self._event(doc, cand, cands_at, quotes, dct, text)
            if event is not None:
                out.append(Found(trigger=(event.trigger.start, event.trigger.end), event=event))
        return out

    def _event(self, doc: Doc, cand: Cand, cands_at: dict[int, Cand], quotes: list[QuoteInfo],
               dct: str | None, text: str) -> Event | None:
        t0, t1 = has_trigger_text(doc, cand)
        quote = in_quote(t0, quotes)
        if is_verbal(cand.anchor):
            args = verbal_args(doc, cand, cands_at, quote)
        else:
            args = noun_args(doc, cand, cands_at, quote)
        if cand.entry.reciprocal and not args.actors and not args.recipients:
            args.actors = participants_from_clause(doc, cand, cands_at, quote)
        if cand.entry.weak and not args.actors:
            return None  # a generated CAMEO verb with nobody doing it is too weak to report
        if cand.nominal and not cand.entry.reciprocal and not args.actors and not args.recipients:
            return None  # "any proposals": an eventive noun with no participants is no event record
        sent = _clip_to_line(doc, _sent_of(doc, cand.trigger.i), t0, text)
        date = _date_of(doc, cand, cands_at) or dct
        status = status_of(cand, date, dct)
        source = quote.speaker if quote else None
        if status == "occurred" and quote is not None:
            status = "claimed"
        mode = mode_of(cand, self.lexicon, sent)
        etype = cand.entry.root
        if status == "planned" and expressed_intent(cand):
            etype, mode = "AGREE", mode or cand.entry.root.lower()
        return Event(
            type=etype, mode=mode,
            trigger=SpanRec(start=t0, end=t1, text=text[t0:t1]),
            sentence=SpanRec(start=sent.start_char, end=sent.end_char, text=sent.text),
            actors=[a for a, _, _ in args.actors],
            actor_spans=[SpanRec(start=s, end=e, text=text[s:e]) for _, s, e in args.actors],
            recipients=[r for r, _, _ in args.recipients if r not in {a for a, _, _ in args.actors}],
            recipient_spans=[SpanRec(start=s, end=e, text=text[s:e]) for r, s, e in args.recipients
                             if r not in {a for a, _, _ in args.actors}],
            date=date, location=location_of(cand), status=status, source=source,
        )

    def _quotes(self, doc: Doc) -> list[QuoteInfo]:
        if "parley_quotes" in self.nlp.pipe_names and Doc.has_extension("quotes"):
            out = []
            for q in doc._.quotes or []:
                out.append(QuoteInfo(q.start, q.end, q.speaker_name or (q.speaker.text if q.speaker else None),
                                     _speaker_code(doc, q)))
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
            spans.append(span)
        doc.spans[self.spans_key] = spans

    def to_disk(self, path: Any, *, exclude: Any = tuple()) -> None:  # config only: nothing to save
        return None

    def from_disk(self, path: Any, *, exclude: Any = tuple()) -> EventExtractor:
        return self


@Language.factory(
    "parley_events",
    default_config={"lexicon_path": None, "spans_key": SPANS_KEY},
)
def make_events(nlp: Language, name: str, lexicon_path: str | None, spans_key: str) -> EventExtractor:
    """spaCy factory for :class:`EventExtractor`. ``lexicon_path``: the user's own trigger YAML
    (several separated by ``;``) applied over the shipped lexicon."""
    return EventExtractor(nlp, name, lexicon_path=lexicon_path, spans_key=spans_key)


# ---------------------------------------------------------------- helpers


def _dct(doc: Doc) -> str | None:
    if not Doc.has_extension("dct") or not doc._.dct:
        return None
    from parley.nlp.timex import parse_dct

    d = parse_dct(doc._.dct)
    return d.isoformat() if d else None


def _date_of(doc: Doc, cand: Cand, cands_at: dict[int, Cand]) -> str | None:
    """The calendar value of the timex attached to this event's words (nearest first); else one
    in the trigger's own clause that no other event owns; else None."""
    if "timex" not in doc.spans:
        return None
    best: tuple[tuple[int, int, int], str] | None = None
    head = clause_head(cand.trigger)
    for s in doc.spans["timex"]:
        value = s._.timex_value if Span.has_extension("timex_value") else None
        if not value or not _CALENDAR.match(value) or s._.timex_type not in ("DATE", "TIME"):
            continue
        if _sent_of(doc, s.start).start != _sent_of(doc, cand.trigger.i).start:
            continue
        key = _ownership(s.root, cand, cands_at, head)
        if key is None or (key[0] == 2 and _after_since(doc, s)):
            continue  # "the first since 2022" dates the comparison, not the event
        key = (*key, abs(s.start_char - cand.trigger.idx))
        if best is None or key < best[0]:
            best = (key, value)
    return best[1] if best else None


def _ownership(tok: Token, cand: Cand, cands_at: dict[int, Cand], head: Token) -> tuple[int, int] | None:
    cur, steps, via_child = tok, 0, False
    for _ in range(30):
        if up(cur).i == cur.i:
            return None
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


_SENTS: dict[int, list[Span]] = {}


def _sent_of(doc: Doc, i: int) -> Span:
    """The sentence holding token ``i`` (sentences listed once per Doc: ``Token.sent`` rescans)."""
    sents = _SENTS.get(id(doc)) or list(doc.sents)
    starts = [s.start for s in sents]
    return sents[max(0, bisect.bisect_right(starts, i) - 1)]


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


def _speaker_code(doc: Doc, quote: Any) -> str | None:
    sp = getattr(quote, "speaker", None)
    if sp is not None:
        span = doc.char_span(sp.start, sp.end, alignment_mode="expand")
        if span is not None:
            code = span_code(doc, np_tokens(span.root))
            if code:
                return code
    name = getattr(quote, "speaker_name", None)
    if name and name in doc.text:
        i = doc.text.index(name)
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
