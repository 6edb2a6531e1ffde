"""``parley_quotes``: who said what. Direct, mixed, floating and indirect quotes with their speakers.

Usage::

    nlp = parley.nlp.load()            # or any tagged + parsed English pipeline
    nlp.add_pipe("parley_quotes")      # after parley_timex / parley_entities when present
    doc = nlp(text)
    doc.spans["quotes"]                # one span per quote (token-aligned, expanded; key: spans_key)
    doc._.quotes                       # list[parley.records.Quote] with exact character offsets

Kinds: ``direct`` (the reported words are all inside quote marks; ``text`` is what lies between
the marks), ``mixed`` (a reported clause holding a quoted fragment, a quoted fragment running
on from the previous speaker with no cue of its own, or a short fragment after a verb of naming:
``He called it “shameful”``), ``indirect`` (a cue with a reported clause, ``according to X``). A
paragraph of a multi-paragraph quote is its own quote and shares the speaker of its chain. Quote
marks around a short verbless term are not speech.

``said_on``: the day of speaking: the calendar value of a timex stated for the speech, in the cue's
clause and outside every quoted word (``pledged on Wednesday``, ``On Tuesday, X said``; the timexes of
``doc.spans[timex_key]``), else the document creation time (``doc._.dct``). A date inside the quoted or
reported words ("will meet next week") is what was said, never when.

``confidence`` and ``resolved_by``: how far the speaker can be trusted, in [0, 1], and how it was
resolved ("explicit name", "title", "pronoun", "inherited", "document", "anonymous"; see
:mod:`parley.nlp.quotes.confidence`).
"""

from __future__ import annotations

import bisect
from typing import Any

from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from parley.dates import iso_start
from parley.nlp.context import doc_context
from parley.nlp.dct import ensure_dct_extension, parse_dct
from parley.nlp.quotes.cues import DEFAULT_CUES, Cues, load_cues
from parley.nlp.quotes.rules import Finder, Found, _union
from parley.nlp.quotes.speaker import Attribution, Resolver
from parley.nlp.spans import stage_spans, write_spans
from parley.records import Quote
from parley.records import Span as CharSpan

STAGE = "quotes"
SPANS_KEY = "quotes"  # the defaults of the factory's ``spans_key`` and ``timex_key``
TIMEX_KEY = "timex"
_SPAN_EXT = ("quote_start", "quote_end", "quote_kind", "quote_cue", "quote_speaker", "quote_speaker_key",
             "quote_speaker_name", "quote_anonymous", "quote_said_on", "quote_confidence", "quote_resolved_by")


def _char(text: str, pair: Any) -> CharSpan | None:
    if not pair:
        return None
    a, b = int(pair[0]), int(pair[1])
    return CharSpan(start=a, end=b, text=text[a:b])


def _quotes_getter(doc: Doc) -> list[Quote]:
    """``doc._.quotes``: the stage's spans as records, with exact character offsets."""
    spans = stage_spans(doc, STAGE, SPANS_KEY)
    out = []
    text = doc.text if len(spans) else ""
    for s in spans:
        a, b = s._.quote_start, s._.quote_end
        if a is None:
            a, b = s.start_char, s.end_char
        out.append(Quote(start=a, end=b, text=text[a:b], kind=s._.quote_kind or "direct",
                         cue=_char(text, s._.quote_cue), speaker=_char(text, s._.quote_speaker),
                         speaker_key=s._.quote_speaker_key, speaker_name=s._.quote_speaker_name,
                         anonymous=bool(s._.quote_anonymous), said_on=s._.quote_said_on,
                         confidence=s._.quote_confidence, resolved_by=s._.quote_resolved_by))
    return out


def ensure_extensions() -> None:
    """Register the Span and Doc extensions (idempotent)."""
    for name in _SPAN_EXT:
        if not Span.has_extension(name):
            Span.set_extension(name, default=None)
    if not Doc.has_extension("quotes"):
        Doc.set_extension("quotes", getter=_quotes_getter)
    ensure_dct_extension()


ensure_extensions()


class QuoteFinder:
    """The pipeline component: :meth:`find` finds, :meth:`set_annotations` writes."""

    def __init__(self, nlp: Language | None = None, name: str = "parley_quotes", *, cues_path: str = "",
                 cognition: bool = False, spans_key: str = SPANS_KEY, timex_key: str = TIMEX_KEY) -> None:
        ensure_extensions()
        self.name = name
        self.cues_path = cues_path
        self.cognition = cognition
        self.spans_key = spans_key
        self.timex_key = timex_key
        self.cues: Cues = load_cues(cues_path or DEFAULT_CUES)

    def __call__(self, doc: Doc) -> Doc:
        self.set_annotations(doc, self.find(doc))
        return doc

    def find(self, doc: Doc) -> list[dict[str, Any]]:
        """The quotes of ``doc`` as plain dicts (character offsets), speakers resolved (the steps are listed
        in :mod:`parley.nlp.quotes.speaker`); writes nothing."""
        with doc_context(doc) as ctx:  # the entity index (and doc.text) read once for all the quotes
            finder = Finder(doc, self.cues, cognition=self.cognition)
            found = _dedupe(finder.run())
            speakers = Resolver(doc).attribute(found)
        text = ctx.text
        when = _SaidOn(doc, finder, self.timex_key)
        return [self._record(text, f, a, when) for f, a in zip(found, speakers, strict=True)]

    def _record(self, text: str, f: Found, a: Attribution, when: _SaidOn) -> dict[str, Any]:
        m = a.mention
        return {"start": f.start, "end": f.end, "kind": f.kind,
                "cue": (f.cue.start_char, f.cue.end_char) if f.cue is not None else None,
                "speaker": (m.start_char, m.end_char) if m is not None else None,
                "speaker_key": a.key, "speaker_name": " ".join(a.name.split()) if a.name else a.name,
                "anonymous": a.anonymous,  # (a name written with a no-break space reads as any other)
                "said_on": when(f), "inherit": f.inherit, "confidence": a.confidence, "resolved_by": a.by}

    def set_annotations(self, doc: Doc, quotes: list[dict[str, Any]]) -> None:
        """Write ``doc.spans[spans_key]`` with the ``span._.quote_*`` values (the only place this component
        writes)."""
        spans = []
        for q in quotes:
            span = doc.char_span(q["start"], q["end"], alignment_mode="expand")
            if span is None:
                continue
            span._.quote_start, span._.quote_end = q["start"], q["end"]
            span._.quote_kind = q["kind"]
            span._.quote_cue = list(q["cue"]) if q["cue"] else None
            span._.quote_speaker = list(q["speaker"]) if q["speaker"] else None
            span._.quote_speaker_key = q["speaker_key"]
            span._.quote_speaker_name = q["speaker_name"]
            span._.quote_anonymous = q["anonymous"]
            span._.quote_said_on = q["said_on"]
            span._.quote_confidence = q.get("confidence")
            span._.quote_resolved_by = q.get("resolved_by")
            spans.append(span)
        write_spans(doc, self.spans_key, STAGE, spans)

    def to_disk(self, path: Any, *, exclude: Any = ()) -> None:  # config carries everything
        return None

    def from_disk(self, path: Any, *, exclude: Any = ()) -> QuoteFinder:
        return self


def _dedupe(found: list[Found]) -> list[Found]:
    seen: dict[tuple[int, int], Found] = {}
    for f in found:
        seen.setdefault((f.start, f.end), f)
    return sorted(seen.values(), key=lambda f: (f.start, f.end))


class _SaidOn:
    """The day a quote was spoken (see the module docstring): a timex of the cue's clause, outside every
    quoted piece and the reported words, nearest the cue; else the DCT. Never a time that starts after the
    DCT ("last week", 2024-W19, starts before 2024-05-15)."""

    def __init__(self, doc: Doc, finder: Finder, timex_key: str) -> None:
        self.doc, self.finder = doc, finder
        dct = parse_dct(doc._.dct)
        self.dct = dct.isoformat() if dct else None
        self.timexes = [s for s in stage_spans(doc, "timex", timex_key)
                        if s._.timex_type in ("DATE", "TIME") and s._.timex_value and s._.timex_value[:1].isdigit()
                        and (self.dct is None or (iso_start(s._.timex_value) or s._.timex_value[:10]) <= self.dct)]
        self.quoted_at, self.quoted_to = _union((p.open, p.outer_end) for p in finder.pieces)
        self.starts = [s.start_char for s in self.timexes]
        self.in_order = all(a <= b for a, b in zip(self.starts, self.starts[1:], strict=False))

    def _quoted(self, pos: int) -> bool:
        k = bisect.bisect_right(self.quoted_at, pos) - 1  # a piece, marks included, holds pos
        return k >= 0 and pos < self.quoted_to[k]

    def __call__(self, f: Found) -> str | None:
        cue = f.cue
        if cue is None or not self.timexes:
            return self.dct
        sa, sb = self.finder.sent(cue.start_char)
        timexes = self.timexes[bisect.bisect_left(self.starts, sa):bisect.bisect_right(self.starts, sb)] \
            if self.in_order else self.timexes  # (those of the sentence)
        near = [s for s in timexes if sa <= s.start_char and s.end_char <= sb
                and not (s.start_char < f.end and f.start < s.end_char)
                and not self._quoted(s.start_char) and self._of_cue(s, cue[0])]
        if not near:
            return self.dct
        value: str = min(near, key=lambda s: abs(s.start_char - cue.start_char))._.timex_value
        return value

    def _of_cue(self, timex: Span, cue: Token) -> bool:
        """The timex is said of the cue: the parser hangs it on the cue (through a preposition: "said on
        Tuesday", "On Monday, X said") or on a participle of speaking hung on the cue or its subject ("X,
        speaking on Friday, said"), or it stands within four tokens of the cue with no verb between."""
        t = timex.root
        for _ in range(3):
            if t.head.i == t.i:
                break
            t = t.head
            if t.i == cue.i:
                return True
            if t.pos_ in ("VERB", "AUX"):
                if t.tag_ == "VBG" and t.lemma_.lower() in self.finder.cues.speaking \
                        and t.head.i in (cue.i, *(c.i for c in cue.children)):
                    return True  # "X, speaking on Friday, said": the time of the speaking
                if t.dep_ in ("acl:relcl", "acl"):  # "X, who left in May 2012, said": the clause's date
                    return False
                break
        a, b = (timex.end, cue.i) if timex.end <= cue.i else (cue.i + 1, timex.start)
        return b - a <= 4 and not any(x.pos_ in ("VERB", "AUX") or x.text in {".", ";", "“", "”", '"'}
                                      for x in self.doc[a:b])


@Language.factory(
    "parley_quotes",
    default_config={"cues_path": "", "cognition": False, "spans_key": SPANS_KEY, "timex_key": TIMEX_KEY},
    requires=["token.pos", "token.tag", "token.dep", "doc.ents"],
    assigns=["doc.spans", *(f"span._.{name}" for name in _SPAN_EXT)],
)
def make_quotes(nlp: Language, name: str, cues_path: str, cognition: bool, spans_key: str,
                timex_key: str) -> QuoteFinder:
    """spaCy factory for :class:`QuoteFinder` (``cues_path``: a cue lexicon YAML, empty for the
    packaged one; ``cognition``: also report clauses of thinking verbs; ``spans_key``: where the quotes
    go in ``doc.spans``; ``timex_key``: where ``parley_timex`` put the timexes, read for ``said_on``)."""
    return QuoteFinder(nlp, name, cues_path=cues_path, cognition=cognition, spans_key=spans_key,
                       timex_key=timex_key)
