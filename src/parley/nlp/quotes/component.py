"""``parley_quotes``: who said what. Direct, mixed, floating and indirect quotes with their speakers.

Usage::

    nlp = parley.nlp.load()            # or any tagged + parsed English pipeline
    nlp.add_pipe("parley_quotes")      # after parley_timex / parley_entities when present
    doc = nlp(text)
    doc.spans["quotes"]                # one span per quote (token-aligned, expanded; key: spans_key)
    doc._.quotes                       # list[parley.records.Quote] with exact character offsets

Kinds: ``direct`` (the reported words are all inside quote marks; ``text`` is what lies between
the marks), ``mixed`` (a reported clause holding a quoted fragment, or a quoted fragment running
on from the previous speaker with no cue of its own), ``indirect`` (a cue with a reported clause,
``according to X``). A paragraph of a multi-paragraph quote is its own quote and shares the
speaker of its chain. Quote marks around a short verbless term are not speech.

``said_on``: the calendar value of a timex in the quote's sentence outside the quoted words
(``pledged on Wednesday``; the timexes of ``doc.spans[timex_key]``), else the document creation time
(``doc._.dct``).
"""

from __future__ import annotations

from typing import Any

from spacy.language import Language
from spacy.tokens import Doc, Span

from parley.nlp.context import doc_context
from parley.nlp.dct import ensure_dct_extension, parse_dct
from parley.nlp.quotes.cues import DEFAULT_CUES, Cues, load_cues
from parley.nlp.quotes.rules import Finder, Found
from parley.nlp.quotes.speaker import Attribution, Resolver
from parley.nlp.spans import stage_spans, write_spans
from parley.records import Quote
from parley.records import Span as CharSpan

STAGE = "quotes"
SPANS_KEY = "quotes"  # the defaults of the factory's ``spans_key`` and ``timex_key``
TIMEX_KEY = "timex"
_SPAN_EXT = ("quote_start", "quote_end", "quote_kind", "quote_cue", "quote_speaker", "quote_speaker_key",
             "quote_speaker_name", "quote_anonymous", "quote_said_on")


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
                         anonymous=bool(s._.quote_anonymous), said_on=s._.quote_said_on))
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
        with doc_context(doc):  # the entity index is read once for all the quotes
            found = _dedupe(Finder(doc, self.cues, cognition=self.cognition).run())
            speakers = Resolver(doc).attribute(found)
        text = doc.text
        return [self._record(doc, text, f, a) for f, a in zip(found, speakers, strict=True)]

    def _record(self, doc: Doc, text: str, f: Found, a: Attribution) -> dict[str, Any]:
        m = a.mention
        return {"start": f.start, "end": f.end, "kind": f.kind,
                "cue": (f.cue.start_char, f.cue.end_char) if f.cue is not None else None,
                "speaker": (m.start_char, m.end_char) if m is not None else None,
                "speaker_key": a.key, "speaker_name": a.name, "anonymous": a.anonymous,
                "said_on": _said_on(doc, f, text, self.timex_key), "inherit": f.inherit}

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


def _said_on(doc: Doc, f: Found, text: str, timex_key: str) -> str | None:
    """The value of the timex nearest the cue in the quote's paragraph, outside the quote, else the DCT."""
    spans = doc.spans[timex_key] if timex_key in doc.spans else []
    a = max(text.rfind("\n", 0, f.start) + 1, 0)
    b = text.find("\n", f.end)
    b = len(text) if b < 0 else b
    anchor = f.cue.start_char if f.cue is not None else f.start
    near = [s for s in spans if a <= s.start_char and s.end_char <= b and not (f.start <= s.start_char < f.end)
            and s._.timex_type in ("DATE", "TIME") and s._.timex_value and s._.timex_value[:1].isdigit()]
    if near and f.cue is not None:
        return min(near, key=lambda s: abs(s.start_char - anchor))._.timex_value
    dct = parse_dct(doc._.dct)
    return dct.isoformat() if dct else None


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
