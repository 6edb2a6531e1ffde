"""Who said it, for ``parley_quotes``: the steps that give a quote its speaker, in order, in one place.

The finder (:mod:`parley.nlp.quotes.rules`) reads a speaker mention beside each cue with
:func:`~parley.nlp.quotes.mentions.subject_left` ("X said", "X, the spokeswoman, said") or
:func:`~parley.nlp.quotes.mentions.subject_right` ("said X"). :meth:`Resolver.attribute` then names
every quote's speaker in two passes over the quotes in document order:

1. a quote with a mention: the mention is cut where its noun phrase ends
   (:func:`~parley.nlp.quotes.mentions.trim_mention`); an unnamed source ("a senior official") is
   anonymous; any other mention goes through :attr:`Resolver.MENTION_STEPS`, the first step that
   answers wins (in document order, since pronouns need the speakers before them);
2. a quote without a mention (a floating quote, a later paragraph of a long one) goes through
   :attr:`Resolver.CONTEXT_STEPS`, once every mention is resolved.

Names come from the entities component's index on the Doc (:func:`parley.nlp.context.entity_index`)
when it has run, and otherwise from the names the document writes (:mod:`parley.nlp.quotes.names`).

He/she takes the best person before it whose gender does not clash: a subject or an earlier speaker
scores 0.9, each paragraph back costs 1, the later wins a tie; narrative he/she subjects carry their
person on ("Quince … He said … Martin Ostrand … he said"). A definite description of one person
("the 23-year-old left wing") takes the person in the centre the same way, gender-blind.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from spacy.attrs import DEP, IDX, LOWER
from spacy.lang.en.stop_words import STOP_WORDS
from spacy.tokens import Doc, Span, Token

from parley.nlp.context import context_for, entity_index
from parley.nlp.lexicon.actors import lexicon
from parley.nlp.lexicon.words import MONTH_NAMES, PERSONAL_PRONOUNS, PRONOUN_GENDER, WEEKDAYS, word_set
from parley.nlp.quotes.confidence import confidence
from parley.nlp.quotes.documents import document_head, is_voice, issuer_in, issuer_nearby
from parley.nlp.quotes.mentions import (
    ANON_HEADS,
    LEADING_JUNK,
    SOURCE_NOUNS,
    SPEAKERS,
    STATEMENT_NOUNS,
    _antecedent_of_who,
    is_anonymous,
    issuing_verb,
    trim_mention,
)
from parley.nlp.quotes.names import (
    GENDER_NOUNS,
    HONORIFIC_GENDER,
    RELATION_NOUNS,
    TITLE_WORDS,
    NameBook,
    _canon,
    _inside,
    _last_word,
    _looks_personal,
    _name_before_prep,
    _name_run,
    _namelike,
    _strip_name,
    _title_of,
    drop_home_place,
)
from parley.nlp.quotes.rules import FLOAT_PARAGRAPHS, Found
from parley.nlp.quotes.turns import Addressees, addressees, is_answer, is_question
from parley.nlp.syntax import NSUBJ

# Works that quote words without speaking them ("The piece then mocks the plan for implying “…”").
WORK_NOUNS = word_set(SPEAKERS, "work_nouns")

# Cues of a question put to someone, and cues of a speaker going on (who asked may go on asking).
ASK_CUES = {"asked", "asks", "asking", "questioned", "wondered", "queried", "pressed"}
GOING_ON_CUES = {"added", "adds", "continued", "continues", "went"}
REPLY_CUES = {"replied", "replies", "replying", "answered", "answers", "responded", "responds", "retorted"}
# Pronouns that can only stand for one person (not "they", "we", "it", "you").
ONE_PERSON_PRONOUNS = {"he", "she", "i", "him", "her"}
ORG_HEADS = word_set(SPEAKERS, "organisation_heads")
TIME_NAMES = set(WEEKDAYS) | set(MONTH_NAMES)
# Heads of a description of an organisation or a group that only its description names ("the group").
GROUP_HEADS = word_set(SPEAKERS, "group_heads")
NAMED_KINDS = word_set(SPEAKERS, "named_kind_heads")
BUSINESS_HEADS = word_set(SPEAKERS, "business_heads")
PUBLIC_BODY_ENDS = word_set(SPEAKERS, "public_body_ends")
BARE_BODIES = word_set(SPEAKERS, "bare_bodies")
# The bodies of a state or organisation that speak as themselves ("Kestria's army said").
INSTITUTIONS = word_set(SPEAKERS, "institution_heads")
PARTY_WORDS = word_set(SPEAKERS, "party_words")
NOT_PERSON_HEADS = ORG_HEADS | SOURCE_NOUNS | word_set(SPEAKERS, "not_person_heads")
POSSESSIVE = {"'s", "’s"}
OWNER_PRONOUNS = {"his", "her", "my", "our", "your", "their"}
OWN_BODY_HEADS = INSTITUTIONS | word_set(SPEAKERS, "campaign_heads")  # "his party", "her campaign"
PLACE_TYPES = {"GPE", "LOC", "FAC", "DATE", "TIME"}

# What a mention step answers: ``(key, name)``; ``(None, None)`` when the mention names nobody.
Answer = tuple[str | None, str | None]
# What a candidate person is worth beside their salience: None rules them out, else a bonus.
Weigh = Callable[[str], float | None]
BONUS_MAX = 0.0  # the largest bonus a Weigh gives
# he/she: a person whose gender the text shows to agree beats, all else equal, one whose gender it
# does not show (a name the NER took for a person: "opposed the Rowan Ashby pipeline. ... she said")
AGREES = 0.2
# he/she: a relative named by the relation alone ("His son, Daniel, …") is a candidate too; when it wins,
# the pronoun is theirs, and no name the article gives is the speaker
RELATIVE = "(relative)"
# The key of an unnamed source as a he/she antecedent ("A council spokeswoman said … “…,” she added"): the
# quote is that unnamed source's too.
UNNAMED = "(unnamed)"
# he/she: a subject inside an adverbial clause ("Although Voss has argued …, the plan went ahead") is
# less salient than the subject of a main clause (Lappin and Leass's non-adverbial emphasis)
ADVERBIAL = 0.3

# How a speaker was resolved (``Quote.resolved_by``), by the step that answered.
RESOLVED_BY = ("explicit name", "title", "pronoun", "inherited", "document", "anonymous")
STEP_KIND = {
    "_relative_pronoun": "pronoun", "_personal_pronoun": "pronoun", "_owned_name": "explicit name",
    "_owned_body": "explicit name", "_pronoun_owned_body": "pronoun", "_owned_thing": "document",
    "_name_before_preposition": "explicit name",
    "_organisation_description": "title",
    "_person_description": "title", "_written_name": "explicit name", "_title_holder": "title",
    "_document_issuer": "document", "anonymous": "anonymous", "_title_centre": "title",
    "_written_organisation": "explicit name", "_relative_of": "title",
}
# Context steps whose answer keeps the kind it was resolved by (a document's later paragraph is still the
# document's); the others are "inherited".
CONTEXT_KEEPS_KIND = {"_document_words"}


_WORD = re.compile(r"\w+")
_CAPITAL_RUN = re.compile(r"(?:[A-Z][\w'’-]*(?:[ \t]+(?:of|for|and|the)(?=[ \t]+[A-Z]))?[ \t]*)+")


def _kind_word(name: str) -> str | None:
    """The word that says what kind of body a name is ("Norland Nurses' Union" → union), if it ends on one."""
    words = re.findall(r"[a-z]+", name.lower())
    return words[-1] if words and words[-1] in ORG_HEADS | GROUP_HEADS | INSTITUTIONS else None


def resolved_by(step: str, mention: Span | None) -> str:
    """``resolved_by`` of a mention step: the entity index's answer is an explicit name when the mention
    writes a name, else a title (the entities component resolved the title or description)."""
    if step in STEP_KIND:
        return STEP_KIND[step]
    if mention is None:
        return "title"
    if mention.text.strip().lower() in PERSONAL_PRONOUNS:
        return "pronoun"
    words = [t for t in mention if not t.is_punct and t.lower_ not in {"the", "a", "an"}]
    if any(t.text[:1].isupper() and t.lower_ not in TITLE_WORDS for t in words):
        return "explicit name"  # a name written in the mention: "Ms. Varga", "the Northwind Accord"
    return "title"


@dataclass
class Attribution:
    """A quote's speaker: the mention read beside the cue (None for a floating quote), the key and name
    it resolved to, whether it is an unnamed source, the step that answered and what kind of
    resolution that is (``by``: one of :data:`RESOLVED_BY`), and the confidence it earns."""

    mention: Span | None = None
    key: str | None = None
    name: str | None = None
    anonymous: bool = False
    step: str | None = None
    by: str | None = None
    confidence: float | None = None
    margin: float | None = None  # how far ahead of the next person a he/she or title answer was


@dataclass
class _Context:
    """What the context steps know while they walk the quotes: the first named speaker of each chain of
    paragraphs, the last quote with a speaker, where the quotes before this one end."""

    chains: dict[int, Attribution] = field(default_factory=dict)
    last: tuple[int, Attribution] | None = None  # (start, attribution)
    asked: bool = False  # the last quote with a speaker is a question put to someone ("…?” X asked)
    speakers: list[Attribution] = field(default_factory=list)  # the named speakers so far, in turn
    after: int = 0


class _Echoes:
    """The he/she subjects of one gender resolved so far (:meth:`Resolver._echoes`): ``at`` their offsets,
    ``done`` how many of them are resolved, ``out`` the answers (offset, key, name, True) in order, ``extra``
    the speakers seen (sorted by offset, stable) with the answers among them, after speakers at the same
    offset; ``seen`` how many speakers of the history are in ``extra``."""

    def __init__(self, at: list[int]) -> None:
        self.at = at
        self.done = 0
        self.seen = 0
        self.out: list[tuple[int, str | None, str, bool]] = []
        self.extra: list[tuple[int, str | None, str, bool]] = []

    def add_speaker(self, c: tuple[int, str | None, str, bool]) -> None:
        """A speaker at ``c[0]``: the answers at or after it are undone, then it goes after the speakers at
        its offset (the answers there are gone: the speakers at an offset come before its answer)."""
        a = c[0]
        k = bisect.bisect_left(self.out, (a,))
        if k < len(self.out):
            undone = {id(e) for e in self.out[k:]}
            del self.out[k:]
            i = bisect.bisect_left(self.extra, (a,))
            self.extra[i:] = [e for e in self.extra[i:] if id(e) not in undone]
        self.done = bisect.bisect_left(self.at, a) if self.done > 0 and self.at[self.done - 1] >= a else self.done
        bisect.insort_right(self.extra, c, key=_offset)
        self.seen += 1

    def add_echo(self, c: tuple[int, str | None, str, bool]) -> None:
        self.out.append(c)
        bisect.insort_right(self.extra, c, key=_offset)


def _offset(c: tuple[int, str | None, str, bool]) -> int:
    return c[0]


class _Descriptions:
    """The organisations a text describes with one head word (:meth:`Resolver._described_as`): what the two
    description patterns find in ``text[:before]``, for any ``before``, without reading the text again.

    No match holds a wall (:func:`description_walls`), and a match attempt that starts before a wall reads
    at most the character after it: so the matches in ``text[:before]`` that start before the last wall
    before ``before`` are the whole text's, and the whole text's are those found between two walls
    around each place the head word is written (every match holds it). Only the stretch after the last
    wall is read again for an offset, and only when the head word is written there."""

    def __init__(self, text: str, head: str, describe: Callable[[re.Match[str]], tuple[int, str] | None],
                 walls: list[int]) -> None:
        word = r"[A-Z](?:[\w&'’-]|\.(?=\w))*"
        name = rf"(?P<n>{word}(?:(?:\s+(?:of|for|and|&)\s+|\s+){word}){{0,5}})"
        noun = re.escape(head)
        self.pats = (re.compile(rf"{name},\s+(?:the|a|an)\s+(?:[a-z][\w-]*\s+){{0,3}}{noun}\b"),
                     re.compile(rf"\b(?:[Tt]he|[Aa]n?)\s+(?:[a-z][\w-]*\s+){{0,2}}{noun},?\s+{name}"))
        self.text, self.head, self.describe, self.walls = text, head, describe, walls
        self.written = [m.start() for m in re.finditer(f"(?={noun})", text)]  # (overlapping ones too)
        stretches: list[tuple[int, int]] = []  # between the walls about each head word (the wall after too)
        for at in self.written:
            k = bisect.bisect_right(walls, at)
            stretch = (walls[k - 1] + 1 if k > 0 else 0, walls[k] + 1 if k < len(walls) else len(text))
            if not stretches or stretches[-1] != stretch:
                stretches.append(stretch)
        found = sorted(((m.start(), describe(m)) for lo, hi in stretches for p in self.pats
                        for m in p.finditer(text, lo, hi)), key=lambda x: x[0])
        self.starts = [a for a, _ in found]
        self.best: list[tuple[int, str] | None] = [None]  # best[k]: the latest of the first k matches' names
        for _, d in found:
            prev = self.best[-1]
            self.best.append(d if prev is None else prev if d is None else max(prev, d))

    def last_before(self, before: int) -> str | None:
        """The name of the latest description (by where its name starts, then the name) in ``text[:before]``."""
        k = bisect.bisect_left(self.walls, before) - 1
        lo = self.walls[k] + 1 if k >= 0 else 0
        j = bisect.bisect_left(self.written, lo)
        found = [d for p in self.pats for m in p.finditer(self.text, lo, before) for d in [self.describe(m)]
                 if d is not None] if j < len(self.written) and self.written[j] + len(self.head) <= before else []
        best = self.best[bisect.bisect_left(self.starts, lo - 1)] if k >= 0 else None
        if best is not None:
            found.append(best)
        return max(found)[1] if found else None


def description_walls(text: str, head: str) -> tuple[tuple[str, bool], Callable[[], list[int]]]:
    """The walls of :class:`_Descriptions`: the offsets of the characters its patterns never read (anything
    but word characters, spaces, ``& ' ’ . , -`` and the head word's own) and, unless the head word holds
    one, of every period not before a word character. Returns a key (heads of plain letters share theirs)
    and what finds them."""
    own = "".join(sorted(ch for ch in set(head) if not re.fullmatch(r"[\w\s&'’.,\-]", ch)))
    period = "." in head
    read = "".join(re.escape(ch) for ch in own)

    def find() -> list[int]:
        wall = rf"[^\w\s&'’.,\-{read}]" + ("" if period else r"|\.(?!\w)")
        return [m.start() for m in re.finditer(wall, text)]
    return (own, period), find


def _cue_names_another(doc: Doc, f: Found, name: str, starts: list[int]) -> bool:
    """Whether the quote's own sentence names someone else as its subject, so that ``name`` (the speaker of
    a quote before) did not say it: the cue's subject outside the quote holds a proper noun and no word of
    ``name``, or, with no cue found, a person's name follows the quote's closing comma ("“…,” Ana Roe, who
    has run the shelter for years …, said")."""
    words = {w.lower() for w in re.findall(r"\w+", name)}
    if f.cue is not None:
        for c in f.cue[0].children:
            if c.dep_ not in NSUBJ or c.is_space:
                continue
            names = [t for t in c.subtree if t.pos_ == "PROPN" and not f.start <= t.idx < f.end]
            if names and not any(t.lower_ in words for t in names):
                return True
        return False
    i = bisect.bisect_left(starts, f.end)
    comma = doc.text[f.start:f.end].rstrip().endswith(",")
    while i < len(doc) and (doc[i].is_punct or doc[i].is_space) and "\n" not in doc[i].text:
        comma = comma or doc[i].text == ","
        i += 1
    run = []
    while i < len(doc) and doc[i].pos_ == "PROPN":
        run.append(doc[i])
        i += 1
    return comma and any(t.ent_type_ == "PERSON" for t in run) and not any(t.lower_ in words for t in run)


class _Orgs:
    """The NER's ORG entities of a Doc, read once (``doc.ents`` makes every entity's Span on each read): the
    last before an offset, and the names that start with a given word."""

    def __init__(self, doc: Doc) -> None:
        self.ents = [e for e in doc.ents if e.label_ == "ORG"]
        self.ends = [e.end_char for e in self.ents]  # (in order: the entities do not overlap)
        self.by_word: dict[str, list[str]] = {}
        for e in self.ents:
            words = e.text.split()
            self.by_word.setdefault(words[0] if words else "", []).append(e.text)

    def last_before(self, pos: int, keep: Callable[[Span], bool]) -> Span | None:
        """The last entity (in the document's order) ending by ``pos`` that ``keep`` keeps."""
        for k in range(bisect.bisect_right(self.ends, pos) - 1, -1, -1):
            if keep(self.ents[k]):
                return self.ents[k]
        return None

    def starting(self, name: str) -> list[str]:
        """In the document's order, the entities' texts that may start with ``name`` and a space: all those
        whose first word is ``name``'s (every one when ``name`` starts with a space or is empty)."""
        if not name or name[0].isspace():
            return [e.text for e in self.ents]
        return self.by_word.get(name.split()[0], [])


class Resolver(NameBook):
    """Gives the quotes of one Doc their speakers (:meth:`attribute`), in document order."""

    # A speaker mention, step by step; the first step that answers wins, and "nobody" is an answer too.
    MENTION_STEPS: tuple[str, ...] = (
        "_relative_pronoun",  # "Jane Roe, who said": the noun phrase the lone "who" hangs on
        "_personal_pronoun",  # he/she/I: the latest person that fits; it/they/we: a state, group or organisation
        "_owned_name",  # "Eastmere's Bo Krall": the name after the owner, not the owner
        "_owned_body",  # "Kestria's army", "Norland's foreign ministry": that body, as written
        "_pronoun_owned_body",  # "his party", "her office": the body of the person the pronoun stands for
        "_owned_thing",  # "Eastmere Transit's public database": its owner; "Pemberton's staff": nobody
        "_document_issuer",  # "the study", "a statement", "the draft resolution": its issuer, else the document
        "_relative_of",  # "his father", "her husband": a relative of someone named, never them
        "_role_of",  # "the former clerk of the Senate": the person in that role, never the Senate
        "_name_before_preposition",  # "Tim Arbery with the Norland Coast Health Authority": the name
        "_organisation_description",  # "the company": the organisation named last before it
        "_title_holder",  # "the chancellor": of the article's holders of that title, the one in the centre
        "_person_description",  # "the 23-year-old left wing": the person in the centre, gender-blind
        "_entity_index",  # the entity parley_entities resolved the mention (its trailing name) to
        "_written_name",  # a person's name written in the mention, in its fullest form in the document
        "_written_organisation",  # "the charity Northwind Aid": an organisation's name as written
    )
    # A quote without a mention, once every mention is resolved; the first step that answers wins.
    CONTEXT_STEPS: tuple[str, ...] = (
        "_chain_speaker",  # a later paragraph of a multi-paragraph quote: the speaker of its chain
        "_document_words",  # 'The draft resolution “demands …”': words a document's own sentence quotes
        "_thing_subject",  # 'The piece then mocks … “…”': a sentence whose subject is a work: nobody
        "_narrative_subject",  # the person the narrative just named as a subject in the quote's paragraph
        "_previous_speaker",  # the previous quote's speaker, up to FLOAT_PARAGRAPHS paragraphs back
    )

    def __init__(self, doc: Doc) -> None:
        self._index = entity_index(doc)  # what parley_entities published, if it ran
        super().__init__(doc)
        self.last: tuple[str | None, str, int] | None = None
        self.last_person: tuple[str | None, str, int] | None = None
        self._type: str | None = None
        self._step: str | None = None  # the mention step that answered, for ``resolved_by``
        self._ante: Span | None = None  # what a relative "who" stood for, for ``resolved_by``
        self._unnamed = False  # the mention being resolved stands for an unnamed source
        self.margin = 1.0  # how far the last he/she antecedent was ahead of the next person (_antecedent)
        self._listeners: Weigh | None = None  # who the quote being resolved cannot be (_not_them)
        self._found: list[Found] = []  # the quotes, and the attributions made so far in pass 1
        self._done: list[Attribution] = []
        self._starts: list[int] | None = None
        self.quote: tuple[int, int] | None = None  # the quote whose speaker is being resolved
        self.quotes: list[tuple[int, int]] = []  # all quotes of the document, sorted
        self.history: list[tuple[int, str | None, str]] = []  # (position, key, name) of person speakers
        self._paras: list[int] | None = None
        self._starts_of_paras: list[int] | None = None  # [0, *_paras], for _issuer_nearby
        self._newlines: list[int] | None = None
        self._orgs: _Orgs | None = None  # the NER's organisations, for _org_description
        self._org_names: list[tuple[int, str]] | None = None  # (end, key) of the index's organisation names
        self._holding: dict[str, list[tuple[int, str]]] = {}  # _named_holding, by head word
        self._descriptions: dict[str, _Descriptions] = {}  # _described_as, by head word
        self._walls: dict[tuple[str, bool], list[int]] = {}  # description_walls, by their key
        self._echoes_of: dict[str, _Echoes] = {}  # he/she subjects resolved so far, per gender (_echoes)
        self._echo_at: dict[str, list[int]] | None = None
        self._gpool: dict[str | None, list[tuple[int, str | None, str, bool, int]]] = {}
        self._adverbials: dict[int, bool] = {}  # _adverbial, by offset
        self._mention_steps: list[Callable[[Span, list[Token]], Answer | None]] = [
            getattr(self, step) for step in self.MENTION_STEPS]
        self._context_steps: list[Callable[[Found, _Context], Attribution | None]] = [
            getattr(self, step) for step in self.CONTEXT_STEPS]

    # ---------------------------------------------------------------- whole quotes

    def attribute(self, found: list[Found]) -> list[Attribution]:
        """The speaker of each quote of ``found`` (sorted, deduplicated), in the same order."""
        self.quotes = [(f.start, f.end) for f in found]
        out: list[Attribution] = []
        self._found, self._done = found, out
        for f in found:
            self._listeners = self._not_them(f, out[-1] if out else None, found[len(out) - 1] if out else None)
            out.append(self._from_mention(f))
        self._listeners = None
        ctx = _Context()
        for f, a in zip(found, out, strict=True):
            if f.chain is not None and a.name and f.chain not in ctx.chains:
                ctx.chains[f.chain] = a
        prev: tuple[Found, Attribution] | None = None
        for f, a in zip(found, out, strict=True):
            before = prev if prev is not None and self._goes_on(prev[0], f) else None
            if before is None or before[1].name or before[1].anonymous:  # (going on from nobody named: nobody)
                if before is not None and self._same_sentence(before[0], f):
                    # '“…,” the board said, reasoning that X met the rules because he “…”': the cue's speaker
                    src = before[1]
                    a.key, a.name, a.anonymous = src.key, src.name, src.anonymous
                    a.step, a.by = "_previous_speaker", "anonymous" if src.anonymous else "inherited"
                self._from_context(f, a, ctx)
            prev = (f, a)
            ctx.after = max(ctx.after, f.end)
            if f.speaker is not None and f.speaker.start_char >= f.end and not (a.name or a.anonymous) \
                    and any(t.tag_ == "POS" for t in f.speaker):
                # '“…,” said Holm's son, Erik. “…”': someone's relation or staff, not resolved; the floating
                # words after are theirs, not the owner's named in their mention nor the speaker's before
                ctx.after, ctx.last = max(ctx.after, f.speaker.end_char), (f.start, a)
        for a in out:
            a.confidence = confidence(a) if a.name or a.anonymous else None
        return out

    def _goes_on(self, before: Found, f: Found) -> bool:
        """'“…,” the group wrote. “…”': a quote with no mention that goes on, in the same paragraph and with
        no sentence of the narrative between, from a quote whose speaker is written after it. When that
        speaker names nobody the article knows, the words are that same unnamed speaker's, never an earlier
        speaker's; within the same sentence they are the cue's speaker's, named or not."""
        m = before.speaker
        return f.speaker is None and m is not None and m.start_char >= before.end \
            and self._paragraph(f.start) == self._paragraph(before.start) \
            and not re.search(r"[.!?]\s+[^\s\"“”'‘’]", self.text[m.end_char:f.start])

    def _same_sentence(self, before: Found, f: Found) -> bool:
        """No sentence ends between the mention written after ``before`` and the quote ``f``."""
        m = before.speaker
        return m is not None and not re.search(r"[.!?;]", self.text[m.end_char:f.start])

    def _from_mention(self, f: Found) -> Attribution:
        """Pass 1: a quote's mention, trimmed, then anonymous or resolved by the mention steps."""
        if f.speaker is None:
            return Attribution()
        mention = trim_mention(f.speaker)
        if is_anonymous(mention) and document_head(mention) is None:  # "a statement" is no unnamed source
            return Attribution(mention, anonymous=True, step="anonymous", by="anonymous")
        self.quote = (f.start, f.end)
        self._step = None
        self._ante = None
        self._unnamed = False
        self.margin = 1.0
        key, name = self.resolve(mention)
        if self._unnamed:  # "she added" after "a council spokeswoman said": the same unnamed source
            return Attribution(mention, anonymous=True, step="anonymous", by="anonymous")
        step = self._step if name else None
        # a relative "who" is resolved as the noun phrase it stands for ("said Jane Roe, 32, who said")
        how = self._ante if self._ante is not None and len(mention) == 1 else mention
        return Attribution(mention, key, name, step=step, by=resolved_by(step, how) if step else None,
                           margin=self.margin)

    def _from_context(self, f: Found, a: Attribution, ctx: _Context) -> None:
        """Pass 2: a quote without a mention takes the speaker the first context step gives."""
        if a.mention is None and a.name is None:
            for name, step in zip(self.CONTEXT_STEPS, self._context_steps, strict=True):
                src = step(f, ctx)
                if src is not None and src.name and _cue_names_another(self.doc, f, src.name, self._tok_starts()):
                    ctx.last = (f.start, a)  # its sentence names someone whose mention was not read: not the
                    break  # speaker before, for this quote or the floating ones after it
                if src is not None:
                    a.key, a.name, a.anonymous = src.key, src.name, src.anonymous
                    a.step = src.step if name in CONTEXT_KEEPS_KIND else name
                    a.by = "anonymous" if src.anonymous else src.by if name in CONTEXT_KEEPS_KIND else "inherited"
                    if name in CONTEXT_KEEPS_KIND:
                        a.mention = src.mention
                    if not (a.name or a.anonymous):
                        a.step = a.by = None  # a step that says nobody named speaks
                    break
        if (a.name or a.anonymous) and not (a.by == "document" and a.key is None):  # a document with no
            ctx.last = (f.start, a)  # issuer is no voice for the quotes after it
            ctx.asked = f.cue is not None and f.cue.text.lower() in ASK_CUES and is_question(self.text[f.start:f.end])
            if a.name and not (ctx.speakers and ctx.speakers[-1].name == a.name):
                ctx.speakers.append(a)

    def _chain_speaker(self, f: Found, ctx: _Context) -> Attribution | None:
        return ctx.chains.get(f.chain) if f.chain is not None else None

    def _document_words(self, f: Found, ctx: _Context) -> Attribution | None:
        """Quoted words that are the predicate of a document named just before them in their sentence
        ('The draft resolution “demands that …”', 'the report “failed to keep records”'): the document's."""
        if f.cue is not None:
            return None
        k = bisect.bisect_left(self._tok_starts(), f.start) - 1
        while k >= 0 and self.doc[k].text in {"“", '"', "«", "‘", "'"}:
            k -= 1
        end = k + 1
        while k >= 0 and end - k <= 14 and self.doc[k].text not in {".", "!", "?", ";", ":"} \
                and "\n" not in self.doc[k].text and not (self.doc[k].pos_ in ("VERB", "AUX") and self.doc[k].tag_
                                                          not in ("VBN", "VBG")):
            k -= 1
        if end - k > 14 or end <= k + 1:
            return None
        span = _document_phrase(self.doc[k + 1:end])
        if span is None:
            return None
        self._step = None
        key, name = self._document_issuer(span, [t for t in span if not t.is_punct]) or (None, None)
        return Attribution(span, key, name, step="_document_issuer", by="document") if name else None

    def _tok_starts(self) -> list[int]:
        if self._starts is None:  # read as one column: no Token object per token
            self._starts = self.doc.to_array("IDX").tolist()
        return self._starts

    def _thing_subject(self, f: Found, ctx: _Context) -> Attribution | None:
        """A quote set inside a sentence whose own subject, before it, is a work or a document
        ("The piece then mocks the plan for implying “…”", a headline in capitals): not the words of the
        last speaker or of a person named before; nobody named speaks."""
        if f.kind != "mixed" or f.cue is not None:
            return None
        k = bisect.bisect_left(self._tok_starts(), f.start)
        if k >= len(self.doc):
            return None
        sent = self.doc[k].sent
        subj = next((t for t in sent if t.dep_ in ("nsubj", "nsubj:pass") and t.idx < f.start
                     and t.head.idx < f.start), None)
        if subj is None or not (subj.is_lower and subj.lemma_.lower() in WORK_NOUNS | SOURCE_NOUNS
                                or subj.is_upper and len(subj) > 1):  # (a headline in capitals)
            return None
        return Attribution()

    def _narrative_subject(self, f: Found, ctx: _Context) -> Attribution | None:
        subj = self.subject_before(f.start, ctx.after)
        if subj is not None and subj[0] == RELATIVE:
            return Attribution()  # the relative the story names by the relation alone: nobody named speaks
        return Attribution(key=subj[0], name=subj[1]) if subj is not None else None

    def _previous_speaker(self, f: Found, ctx: _Context) -> Attribution | None:
        """The previous quote's speaker, unless this quote addresses them ("Yes, your honor" after the
        judge spoke) or answers the question they asked: then the side that answers, the speaker before
        the asker, when the exchange names one; else nobody."""
        if ctx.last is None or self._line(f.start) - self._line(ctx.last[0]) > FLOAT_PARAGRAPHS * 2:
            return None  # (paragraphs are two line breaks apart)
        last = ctx.last[1]
        text = self.text[f.start:f.end]
        heard = addressees(text, title_words=TITLE_WORDS) if f.kind == "direct" else Addressees()
        asked = ctx.asked and is_answer(text) and self._paragraph(f.start) > self._paragraph(ctx.last[0])
        if not (last.name and (asked or self._addressed(last.name, heard))):
            return last
        other = next((a for a in reversed(ctx.speakers) if a.name and not _same_person(a.name, last.name)
                      and not self._addressed(a.name, heard)), None)
        return other if asked and other is not None else None

    def _not_them(self, f: Found, prev: Attribution | None, prev_found: Found | None) -> Weigh | None:
        """Who a quote's speaker cannot be: whom its words address ("your honor": the judge), and, for a
        reply to a question asked just before ("“Did you see him?” the prosecutor asked. “No,” he said."),
        the one who asked it."""
        text = self.text[f.start:f.end]
        heard = addressees(text, title_words=TITLE_WORDS) if f.kind == "direct" else Addressees()
        asker = None
        if prev is not None and prev_found is not None and prev.name and prev_found.cue is not None \
                and prev_found.cue.text.lower() in ASK_CUES \
                and (is_answer(text) or f.cue is not None and f.cue.text.lower() in REPLY_CUES) \
                and (is_question(self.text[prev_found.start:prev_found.end]) or prev_found.kind == "indirect") \
                and self._paragraph(f.start) > self._paragraph(prev_found.start) \
                and (f.cue is None or f.cue.text.lower() not in GOING_ON_CUES):
            asker = prev.name
        if not heard and asker is None:
            return None
        return lambda name: None if self._addressed(name, heard) or asker and _same_person(name, asker) else 0.0

    def _addressed(self, name: str, heard: Addressees) -> bool:
        """Whether ``name`` is whom the words address: one of its words, or a title the article gives it."""
        if not heard:
            return False
        words = set(name.lower().split())
        if words & heard.names:
            return True
        return bool(heard.titles) and any(_same_person(name, u.name) and _canon(u.words[-1]) in {
            _canon(t) for t in heard.titles} for u in self._title_uses())

    def _line(self, pos: int) -> int:
        """The count of line breaks before ``pos``."""
        if self._newlines is None:
            self._newlines = [m.start() for m in re.finditer("\n", self.text)]
        return bisect.bisect_left(self._newlines, pos)

    # ---------------------------------------------------------------- one mention

    def resolve(self, span: Span) -> Answer:
        """``(key, name)`` of the speaker a mention names, by the first of :attr:`MENTION_STEPS` that
        answers; ``(None, None)`` when none does."""
        toks = [t for t in span if not t.is_punct]
        for name, step in zip(self.MENTION_STEPS, self._mention_steps, strict=True):
            got = step(span, toks)
            if got is not None:
                if self._step is None:  # a step that resolves another mention ("who") keeps the inner one
                    self._step = name
                if got[1] and got[1].lower() in TIME_NAMES:
                    return None, None  # "on Thursday" read into a mention: a day or a month speaks not
                return got
        head = _before_postmodifier(span)
        return self.resolve(head) if head is not None else (None, None)

    def _relative_pronoun(self, span: Span, toks: list[Token]) -> Answer | None:
        if len(span) != 1 or span.text.strip().lower() not in {"who", "which"}:
            return None
        ante = _antecedent_of_who(self.doc, span[0])
        if span[0].lower_ == "who" and (ante is None or all(t.ent_type_ in PLACE_TYPES for t in ante) or (
                ante.start > 0 and self.doc[ante.start - 1].pos_ == "ADP" and ante.root.ent_type_ != "PERSON")):
            # "who" is never a place ("a former aide in Boston who said"), and a name closing a phrase of a
            # preposition is no person's when the parse hangs "who" higher ("a professor at Eastmere
            # University who concluded")
            ante = _who_by_parse(span[0]) or ante
        self._ante = ante
        return self.resolve(ante) if ante is not None else (None, None)

    def _relative_of(self, span: Span, toks: list[Token]) -> Answer | None:
        """"His father", "her husband": a relative of the person the pronoun stands for, never that person
        (nor an organisation named near): nobody, unless a name is written in the mention."""
        if len(toks) < 2 or toks[0].lower_ not in OWNER_PRONOUNS or toks[-1].lower_ not in RELATION_NOUNS:
            return None
        if any(t.text[:1].isupper() for t in toks[1:]):
            return None
        return None, None

    def _role_of(self, span: Span, toks: list[Token]) -> Answer | None:
        """"The former chief clerk of the Norland Assembly", "the head of the agency": a definite
        description of one person by a role in what the preposition names; resolved as the role alone
        ("the former chief clerk"), never as the organisation or place after it."""
        if len(toks) < 4 or toks[0].lower_ != "the":
            return None
        k = next((j for j, t in enumerate(toks) if t.pos_ == "ADP"), None)
        if k is None or k < 2 or k + 1 >= len(toks):
            return None
        head = toks[k - 1]
        if head.tag_ != "NN" or not head.is_lower or head.lower_ in NOT_PERSON_HEADS | GROUP_HEADS | ANON_HEADS \
                or any(t.text[:1].isupper() for t in toks[1:k]) or not any(t.text[:1].isupper() for t in toks[k + 1:]):
            return None
        role = self.doc[toks[0].i:head.i + 1]
        if document_head(role) is not None:
            return None
        return self.resolve(role)

    def _personal_pronoun(self, span: Span, toks: list[Token]) -> Answer | None:
        return self._pronoun(span) if span.text.strip().lower() in PERSONAL_PRONOUNS else None

    def _owned_name(self, span: Span, toks: list[Token]) -> Answer | None:
        poss = [j for j, t in enumerate(toks[:-1]) if t.lower_ in POSSESSIVE]
        after = toks[poss[-1] + 1:] if poss else []
        if after and 1 <= len(after) <= 4 and all(t.text[:1].isupper() for t in after) and not any(
                t.lower_ in TITLE_WORDS for t in after):
            return self.resolve(self.doc[after[0].i:after[-1].i + 1])
        return None

    def _owned_body(self, span: Span, toks: list[Token]) -> Answer | None:
        """"Kestria's army", "Norland's foreign ministry": a named owner's body speaks, as the article names
        it (an owner of capitalized words, at most two words after it)."""
        poss = [j for j, t in enumerate(toks[:-1]) if t.lower_ in POSSESSIVE]
        if len(poss) != 1 or toks[-1].lower_ not in INSTITUTIONS or len(toks) - poss[0] > 3:
            return None
        owner = [t for t in toks[:poss[0]] if t.lower_ != "the"]
        if owner and all(t.is_lower for t in owner) and _title_of(self.doc[toks[0].i:owner[-1].i + 1]) is not None:
            return self._office_of_title(span, toks, poss[0])
        if not owner or not all(t.text[:1].isupper() for t in owner):
            return None
        first = next((t for t in owner if t.lower_.rstrip(".") not in TITLE_WORDS), toks[0])
        name = self.text[first.idx:toks[-1].idx + len(toks[-1].text)]  # "Senator Mara Quill's office": no title
        self.last = (name.lower(), name, span.start_char)
        return name.lower(), name

    def _pronoun_owned_body(self, span: Span, toks: list[Token]) -> Answer | None:
        """"His party", "her office", "his campaign": the body of the person the pronoun stands for, named
        as theirs ("Nika Varsha's party"), else as written; never that person (the party's words are not
        his)."""
        if not 2 <= len(toks) <= 3 or toks[0].lower_ not in {"his", "her"} or toks[0].tag_ != "PRP$" \
                or toks[-1].lower_ not in OWN_BODY_HEADS or any(t.text[:1].isupper() for t in toks[1:]):
            return None
        gender = PRONOUN_GENDER.get(toks[0].lower_)
        got = self._ask(span, types={"PERSON"})  # the person the entities component resolved the owner to,
        if got is None or not got[1] or self.gender_of(got[1]) not in (None, gender):  # if no gender clashes
            got = self._gendered(self.doc[toks[0].i:toks[0].i + 1], gender)
        body = self.text[toks[0].idx:toks[-1].idx + len(toks[-1].text)]
        if got is None or not got[1] or got[0] in (RELATIVE, UNNAMED):
            return None, body
        name = f"{got[1]}'s {self.text[toks[1].idx:toks[-1].idx + len(toks[-1].text)]}"
        self.last = (name.lower(), name, span.start_char)
        return name.lower(), name

    def _office_of_title(self, span: Span, toks: list[Token], poss: int) -> Answer:
        """"The mayor's office", "the governor's office": the office of the title's holder in the article
        ("Ines Farro's office"), else the body as written; told apart from a named one by its kind."""
        if self._step is None:
            self._step = "_organisation_description"
        holder = self._holder_of_title(self.doc[toks[0].i:toks[poss].i])
        if holder is None:
            return None, self.text[toks[0].idx:toks[-1].idx + len(toks[-1].text)]
        name = f"{holder}'s {toks[-1].text}"
        self.last = (name.lower(), name, span.start_char)
        return name.lower(), name

    def _owned_thing(self, span: Span, toks: list[Token]) -> Answer | None:
        if not any(t.lower_ in POSSESSIVE for t in toks[:-1]) or toks[-1].pos_ == "PROPN" \
                or toks[-1].text[:1].isupper() or _title_of(span) is not None:
            return None  # (not "the state's governor": a title, for _title_holder)
        head = document_head(span)
        if head is not None and head.i != toks[-1].i:
            return None  # "a statement from Quill's office", "a report by the council's auditors": the
            # document's, for _document_issuer (the owner is a modifier's)
        if toks[-1].lower_ in SOURCE_NOUNS:  # a document or writing speaks for its owner
            k = max(j for j, t in enumerate(toks[:-1]) if t.lower_ in POSSESSIVE)
            owner = " ".join(t.text for t in toks[:k] if t.lower_ not in LEADING_JUNK)
            owner = re.sub(r"^(?i:the)\s+", "", owner).strip()
            if owner and owner[:1].isupper() and owner.lower() not in PERSONAL_PRONOUNS:
                self.last = (owner.lower(), owner, span.start_char)
                return owner.lower(), owner
        return None, None  # "Pemberton's staff", "Russia's foreign ministry spokesman": not the owner

    def _document_issuer(self, span: Span, toks: list[Token]) -> Answer | None:
        """A document speaks for its issuer (:mod:`parley.nlp.quotes.documents`), else as itself."""
        head = document_head(span)
        if head is None:
            return None
        issued = self._issued_by(head)
        if issued is not None:
            return issued
        issuer = self._body_issuer(head) or issuer_in(span, head) or (
            None if _issuer_written(head) else self._issuer_nearby(head) or self._said_in(head))
        if issuer is None and is_voice(head):  # "Gatsby said … A statement said": the one speaking
            issuer = self._speaker_of_paragraph(span.start_char)
        if issuer:
            self.last = (issuer.lower(), issuer, span.start_char)
            return issuer.lower(), issuer
        first = next((t for t in span if not t.is_punct), head)
        return None, self.doc[first.i:head.i + 1].text  # the document itself: "the draft resolution"

    def _issued_by(self, head: Token) -> Answer | None:
        """Who put the document out, as the subject of the verb it is the object of: "McConnell issued a
        statement saying …" is McConnell's."""
        verb = issuing_verb(head)
        if verb is None:
            return None
        subj = next((c for c in verb.children if c.dep_ == "nsubj" and c.i < head.i), None)
        if subj is None:
            return None
        got = self.resolve(self.doc[subj.left_edge.i:subj.i + 1])
        return got if got[1] else None

    def _body_issuer(self, head: Token) -> str | None:
        """A body named by its kind after "from" or "by" ("a statement from the ministry", "from Ryan's
        office"): as the article names it elsewhere, else as written."""
        body = next((c for c in head.children if c.dep_ == "nmod" and c.lower_ in ORG_HEADS | INSTITUTIONS and any(
            x.dep_ == "case" and x.lower_ in ("from", "by") for x in c.children)), None)
        first = next((x for x in body.children if x.dep_ in ("det", "nmod:poss") and x.i < body.i
                      and (x.dep_ == "nmod:poss" or x.lower_ == "the")), None) if body else None
        if body is None or first is None:
            return None
        words = self.doc[first.left_edge.i:body.right_edge.i + 1]
        if first.dep_ == "nmod:poss" or len(words) > 3:
            return words.text  # "Quill's office", "the Department of Education", as written
        got = self._organisation_description(words, [t for t in words if not t.is_punct])
        return got[1] if got is not None and got[1] else words.text

    def _issuer_nearby(self, head: Token) -> str | None:
        """An issuer written with the same kind of document in this paragraph and the two before it, or
        in the next sentence ("… according to a new poll. The X poll of 2,000 voters …")."""
        here = self._paragraph(head.idx)
        starts = self._para_starts()
        lo = starts[max(0, here - 2)] if starts else 0
        nxt = re.search(r"[.!?][”\"’]?\s+\S[^.!?]*[.!?]", self.text[head.idx:head.idx + 600])
        hi = head.idx + (nxt.end() if nxt else 0)
        return issuer_nearby(self.text, head.lower_, lo, max(hi, head.idx))

    def _said_in(self, head: Token) -> str | None:
        """The speaker of an earlier quote said "in" a document of this kind ("Fiddler said in a statement",
        "wrote in the company's blog post", "In a statement, he said")."""
        noun = re.escape(head.lower_)
        pat = re.compile(rf"^\s*(?:[\w'’-]+\s+){{0,3}}?in\s+(?:a|an|the|its|his|her|their|[A-Z][\w'’-]*['’]s)\s+"
                         rf"(?:[\w'’-]+\s+){{0,3}}?{noun}\b", re.I)
        fronted = re.compile(rf"\bin\s+(?:a|an|the|its|his|her|their|[A-Z][\w'’-]*['’]s)\s+"
                             rf"(?:[\w'’-]+\s+){{0,3}}?{noun}\s*,\s*$", re.I)  # "In a statement, he said"
        for f, a in self._done_backwards():
            if f.cue is None or f.cue.start_char >= head.idx or not a.name:
                continue
            if pat.match(self.text[f.cue.end_char:f.cue.end_char + 80]) or f.speaker is not None \
                    and fronted.search(self.text[max(0, f.speaker.start_char - 80):f.speaker.start_char]):
                return a.name
        return None

    def _speaker_of_paragraph(self, pos: int) -> str | None:
        """The last speaker named (not a he/she) in the paragraph before ``pos``."""
        para = self._paragraph(pos)
        for f, a in self._done_backwards():
            if f.start >= pos or a.mention is None or not a.name:
                continue
            if self._paragraph(f.start) != para:
                break
            if a.by == "explicit name":
                return a.name
        return None

    def _done_backwards(self) -> Iterator[tuple[Found, Attribution]]:
        """The quotes attributed so far with their attributions, the last first."""
        for k in range(min(len(self._found), len(self._done)) - 1, -1, -1):
            yield self._found[k], self._done[k]

    def _para_starts(self) -> list[int]:
        if self._starts_of_paras is None:
            self._paragraph(0)
            self._starts_of_paras = [0, *(self._paras or [])]
        return self._starts_of_paras

    def _name_before_preposition(self, span: Span, toks: list[Token]) -> Answer | None:
        head = _name_before_prep(toks)
        return self.resolve(self.doc[toks[0].i:head]) if head is not None else None

    def _organisation_description(self, span: Span, toks: list[Token]) -> Answer | None:
        if len(toks) == 1 and toks[0].is_lower and toks[0].lower_ in BARE_BODIES:
            return None, toks[0].text  # "police said": the body speaks as written
        org = self._org_description(span, toks)
        words = None if org else _body_words(toks)
        if words:
            # "the city council", no council named: the body speaks as the article names it
            body = self.text[words[0].idx:words[-1].idx + len(words[-1].text)]
            return None, ("the " + body) if words[0].i != toks[0].i else body
        if not org:
            return None
        self.last = (org.lower(), org, span.start_char)
        return org.lower(), org

    def _person_description(self, span: Span, toks: list[Token]) -> Answer | None:
        if not _describes_one_person(toks) or toks[-1].lower_ in TITLE_WORDS:
            return None  # a title is _title_holder's
        got = self._gendered(span, GENDER_NOUNS.get(toks[-1].lower_))  # "the businessman": a man
        if got is None or got[0] in (RELATIVE, UNNAMED):
            return None
        self.history.append((span.start_char, got[0], got[1]))
        return got

    def _entity_index(self, span: Span, toks: list[Token]) -> Answer | None:
        run = _name_run(toks)
        if run is None and len(toks) > 1 and toks[0].tag_ == "PRP$" and (
                toks[1].tag_ == "NNS" or toks[1].tag_ == "NN" and toks[1].lower_ not in NOT_PERSON_HEADS):
            return None  # "Her allies in parliament", "His challenger": people of theirs, never them
        target = span
        if run:
            n = len(run.split())
            target = self.doc[toks[-n].i:toks[-1].i + 1]
        got = self._ask(target, surname=_last_word(run) if run else None)
        if got is not None and self._type in ("GPE", "LOC", "NORP") and toks[-1].pos_ == "NOUN" and toks[-1].is_lower:
            got = None  # "South Korean officials", "the Canadian government": people, not the place
        if got is not None and self._type == "ORG" and toks[-1].tag_ == "NNS" and toks[-1].is_lower and got[1] \
                and toks[-1].lower_ not in got[1].lower().split():
            got = None  # "Hospital managers", "Northwind Aid volunteers": people of a body, never the body
        if got is not None and got[1] and self._type in ("GPE", "LOC", "NORP") and toks[-1].tag_ in ("NNS", "NNPS") \
                and toks[-1].lower_ != got[1].split()[-1].lower():
            got = None  # "Iranians say …": the people of a country, not its state
        said = PRONOUN_GENDER.get(toks[-1].lower_) if len(toks) == 1 else None
        if got is not None and got[1] and said is not None and self.gender_of(got[1]) not in (None, said):
            got = None  # "his claim" is never the claim of a woman the index linked "his" to
        if got is not None and _people_of(toks):
            got = None  # "Residents of Tillby", "farmers in the north of Vesk", "supporters of Ana Roe": people
            # of a place, a person or a body, never it, whatever type the weak NER gave it
        written = [t.text for t in toks if t.text[:1].isupper() and t.lower_ != "the"]
        if got is not None and got[1] and self._type in ("GPE", "LOC") and len(written) > len(got[1].split()) \
                and written[0].lower() != got[1].split()[0].lower() and toks[0].ent_type_ not in ("GPE", "LOC", "NORP"):
            got = None  # "Rally Iceland" is not Iceland
        if got is not None and got[1] and run and len(run.split()) == 1:
            first = self._first_of(run)
            if first and first.lower() != got[1].lower():
                got = (first.lower(), first)
        if got is not None and got[1] and self._type == "PERSON":
            longer = self._expand(got[1], span.start_char)
            if longer:
                got = (longer.lower(), longer)
            got = self._honorific_agrees(toks, got)
        if got is None or not got[1]:
            return None
        self.last = (got[0], got[1], span.start_char)
        if self._type == "PERSON":
            self.last_person = self.last
            self.history.append((span.start_char, got[0], got[1]))
        return got

    def _honorific_agrees(self, toks: list[Token], got: Answer) -> Answer | None:
        """"Mrs. Harlow" is never "Bill Harlow": when the mention's honorific and the name's given name
        disagree, the one person of that surname whose gender agrees, else nobody."""
        want = HONORIFIC_GENDER.get(toks[0].lower_.rstrip(".")) if toks else None
        if want is None or not got[1] or self.gender_of(got[1]) in (None, want):
            return got
        fits = [n for n in self._fulls_of(_last_word(got[1]).lower()) if self.gender_of(n) == want]
        return (fits[0].lower(), fits[0]) if len(set(fits)) == 1 else None

    def _written_name(self, span: Span, toks: list[Token]) -> Answer | None:
        if _people_of(toks):
            return None  # "Residents of Tillby": the name is where they live, not one of them
        name = self._name_written_in(span)
        return self._named(span, name) if name else None

    def _written_organisation(self, span: Span, toks: list[Token]) -> Answer | None:
        """An organisation's name written in the mention after a word that says it is one ("the charity
        Northwind Aid", "automaker Veld Motors") or that the NER tags as one: the name as written."""
        if _people_of(toks):
            return None  # "Half of the Greens": a share of the group, not the group
        k = len(toks)
        while k > 0 and (toks[k - 1].text[:1].isupper() or toks[k - 1].lower_ in {"of", "for", "and", "&"}
                         and k < len(toks)):
            k -= 1
        run = toks[k:]
        while run and not run[0].text[:1].isupper():
            run = run[1:]
        if not run or k == 0 and run[0].lower_ == "the" or len(run) > 6:
            return None
        named = k > 0 and toks[k - 1].lower_ in ORG_HEADS | GROUP_HEADS or all(t.ent_type_ == "ORG" for t in run)
        if not named:
            return None
        name = self.doc[run[0].i:run[-1].i + 1].text
        self.last = (name.lower(), name, span.start_char)
        return name.lower(), name

    def _title_holder(self, span: Span, toks: list[Token]) -> Answer | None:
        """A title used alone ("the prime minister", "the Florida senator") names the person in the centre
        who may hold it: never one the article gives only other titles ("the governor" is not "Sen. X"),
        never a former holder for the holder ("former prime minister X"); a holder of that very title in the
        article counts more (:data:`HOLDER_BONUS`). The person found holds the title from then on."""
        said = _title_of(span)
        if said is None or self._name_written_in(span):
            return None
        holders = [u for u in self._holders(span) if u.start < span.start_char]
        if holders:  # only a holder named before: never the holder of another office, nor a former holder
            def weigh(name: str) -> float | None:
                return 0.0 if any(_same_person(name, u.name) for u in holders) else None
        elif _describes_one_person(drop_home_place(toks)) and toks[-1].lower_ not in ANON_HEADS:
            def weigh(name: str) -> float | None:  # no holder ("the Florida senator"): the person in the
                return None if self._other_titles(name, span) else 0.0  # centre whom no other title is given
        else:
            return None  # "the spokesman", "the Haldane aide": someone's staff, never the one in the centre
        got = self._gendered(span, None, weigh)
        if got is None:
            return None
        if not holders and self._step is None:
            self._step = "_title_centre"  # for its confidence: no holder, the person in the centre
        self.history.append((span.start_char, got[0], got[1]))
        self.last = self.last_person = (got[0], got[1], span.start_char)
        self.learn_title(span, got[1])
        return got

    def _named(self, span: Span, name: str) -> Answer:
        """A name the document writes as the speaker: in full ("Wang" → "Wang Lisheng"), remembered."""
        if len(name.split()) == 1:
            name = self._expand(name, span.start_char) or name
        self.last = (name.lower(), name, span.start_char)
        if _looks_personal(span, name):
            self.last_person = self.last
            self.history.append((span.start_char, name.lower(), name))
        return name.lower(), name

    def _ask(self, span: Span, *, types: set[str] | None = None, surname: str | None = None
             ) -> Answer | None:
        """The entities component's answer, kept only when it is of ``types`` and (for a name) ends
        holds the mention's ``surname``: a weak NER must not turn "Bo Krall" into "Eastmere"."""
        if self._index is None:
            return None
        try:
            ent = self._index.resolve(span)
        except Exception:  # a bug upstream must not lose the quote
            return None
        if ent is None:
            return None
        name = getattr(ent, "name", None)
        if types is not None and getattr(ent, "type", None) not in types:
            return None
        if surname is not None and (not name or surname.lower() not in re.split(r"[\s-]+", name.lower())) \
                and surname.lower() not in {str(a).lower() for a in getattr(ent, "aliases", None) or []}:
            return None  # (an alias counts: "EDB" for "Eastmere Development Bank")
        self._type = getattr(ent, "type", None)
        if self._type == "PERSON" and name:
            name = _strip_name(name) or name
        return getattr(ent, "key", None), name

    def _org_description(self, span: Span, toks: list[Token]) -> str | None:
        """"the company", "the agency", "the security firm", "the group": the organisation the article
        described so last before ("Rally Iceland, the group that …", "cybersecurity firm Quillsec"), else (not
        for a group) the last organisation named before."""
        low = [t.lower_ for t in toks]
        if len(low) < 2 or len(low) > 4 or low[0] not in {"the", "this"} or low[-1] not in ORG_HEADS | GROUP_HEADS:
            return None
        if any(t.text[:1].isupper() for t in toks[1:]):
            return None
        head = low[-1]
        described = self._described_as(head, span.start_char)
        if described or head not in ORG_HEADS:
            return described
        # an organisation the entities component named before, whose name holds the head word:
        # "the diocese" -> "Roman Catholic Diocese of Eastmere", "the city" -> "City of Norland"
        holding = self._named_holding(head)
        for end, name in reversed(holding):  # the last (in the index's order) named before the mention
            if end <= span.start_char:
                return name
        if self._orgs is None:
            self._orgs = _Orgs(self.doc)
        business = head in BUSINESS_HEADS

        def keep(e: Span) -> bool:  # (a business is no public body: "the company" is not the Senate)
            return not self._in_parens(e) and len(e.text) > 1 and not (
                business and e.text.split()[-1].lower() in PUBLIC_BODY_ENDS)
        last = self._orgs.last_before(span.start_char, keep)
        if last is None:
            return None
        name = re.sub(r"^(?i:the)\s+", "", re.split(r"['’]s$", last.text.strip())[0])
        longer = [t for t in self._orgs.starting(name) if t.startswith(name + " ")
                  and len(t.split()) <= len(name.split()) + 2]
        name = max(longer, key=len) if longer else name
        whole = _CAPITAL_RUN.match(self.text, last.start_char)  # (the NER may cut "Norland Nurses' Union")
        kind = _kind_word(whole.group(0) if whole else last.text)
        if kind != head and (kind is not None or head in NAMED_KINDS):
            return None  # "the ministry" is no union named before, "the union" no newspaper
        return name

    def _named_holding(self, head: str) -> list[tuple[int, str]]:
        """(end, name) of the entities component's name mentions of an organisation or a place whose name
        holds the word ``head``, in the index's order (worked out once per head word)."""
        if head not in self._holding:
            index = self._index
            if self._org_names is None:
                self._org_names = [(m.end_char, m._.entity_key) for m in (index.mentions if index is not None else [])
                                   if m.label_ in ("ORG", "GPE") and m._.entity_key and m._.mention_kind == "name"]
            by_key = index.by_key if index is not None else {}
            self._holding[head] = [(end, by_key[k].name) for end, k in self._org_names
                                   if k in by_key and head in by_key[k].name.lower().split()]
        return self._holding[head]

    def _described_as(self, head: str, before: int) -> str | None:
        """The organisation the article last described with ``head`` before ``before``: in apposition
        ("Rally Iceland, the group that organized …") or as a descriptor before its name ("cybersecurity firm
        Quillsec", "the aid group Kestrel Relief"). The descriptions are read once per head word
        (:class:`_Descriptions`)."""
        got = self._descriptions.get(head)
        if got is None:
            key, find = description_walls(self.text, head)
            if key not in self._walls:
                self._walls[key] = find()
            got = self._descriptions[head] = _Descriptions(self.text, head, self._description, self._walls[key])
        return got.last_before(before)

    def _description(self, m: re.Match[str]) -> tuple[int, str] | None:
        """(start, name) of the organisation a description match names, or None when it names none."""
        words = [w for w in m.group("n").split() if w.lower() not in STOP_WORDS or w[:1].isupper()]
        named = re.sub(r"^(?:The|A|An)\s+", "", " ".join(words)).rstrip(".")
        at = self.doc.char_span(m.start("n"), m.end("n"), alignment_mode="expand")
        if named and named.split()[0].lower() not in STOP_WORDS | TIME_NAMES and at is not None \
                and at[0].ent_type_ not in ("GPE", "LOC", "DATE", "TIME", "PERSON", "NORP"):
            return m.start("n"), named
        return None

    def _last_lower(self) -> str:
        return (self.last_person[1] or "").lower() if self.last_person else ""

    def _group_before(self, span: Span) -> str | None:
        """"The Conservatives believe they ...", "the Liberals' hopes ... they promise": the nearest
        capitalized plural group ("the Liberals") in this or the previous sentence, as written."""
        sent = span.sent
        floor = self.doc[sent.start - 1].sent.start if sent.start > 0 else sent.start
        for t in reversed(self.doc[floor:span.start]):
            if t.tag_ == "NNPS" or (t.text[:1].isupper() and t.text.endswith("s") and t.pos_ == "PROPN"
                                    and not t.is_sent_start and t.i > 0 and self.doc[t.i - 1].lower_ == "the"):
                if t.i > 0 and self.doc[t.i - 1].lower_ == "the" and t.text[1:].islower():
                    return f"the {t.text}"
        return None

    def _pronoun(self, span: Span) -> Answer:
        """"It": the state or organisation the entities component resolved it to. "They": a capitalized
        group just named ("the Liberals"). He/she: the best person before it whose gender fits
        (:meth:`_gendered`). Otherwise the latest of the entities component's answer (a PERSON for
        he/she/I, placed at its last mention before the pronoun) and the last named speaker (a person
        for he/she/I). Photo credits in parentheses are no antecedents."""
        low = span.text.strip().lower()
        if low == "it":  # "it said": the state or organisation the entities component resolved it to
            ent = self._index_entity(span)
            if ent is not None and getattr(ent, "type", None) in ("ORG", "GPE") and getattr(ent, "name", None):
                self.last = (ent.name.lower(), ent.name, span.start_char)
                return ent.name.lower(), ent.name
            body = self._it_before(span)
            if body is not None:
                self.last = (body.lower(), body, span.start_char)
                return body.lower(), body
            return None, None
        if low not in ONE_PERSON_PRONOUNS and low not in {"they", "we"}:
            return None, None
        if low == "they":
            group = self._group_before(span)
            if group is not None:
                return group.lower(), group
        gender = PRONOUN_GENDER.get(low)
        if gender is not None:
            got = self._gendered(span, gender, self._listeners)
            if got is not None and got[0] == RELATIVE:
                return None, None  # "His son, Daniel, … “…,” he said": the son, whom no name of the article is
            if got is not None and got[0] == UNNAMED:
                self._unnamed = True
                return None, None
            if got is not None:
                self.history.append((span.start_char, got[0], got[1]))
                return got
        person = low in ONE_PERSON_PRONOUNS
        cands: list[tuple[int, str | None, str]] = []
        last = self.last_person if person else self.last
        if last is not None:
            cands.append((last[2], last[0], last[1]))
        ent = self._index_entity(span)
        if ent is not None and getattr(ent, "name", None) and (not person or getattr(ent, "type", None) == "PERSON"):
            before = [m for m in getattr(ent, "mentions", []) or [] if m.end <= span.start_char
                      and not self._in_parens_at(m.start, m.end)]
            if person and last is not None:
                # a person merely mentioned after the last speaker is no antecedent: a subject is
                before = [m for m in before if self._is_subject(m.start, m.end)]
            if before:
                key, name = ent.key, ent.name
                if getattr(ent, "type", None) == "PERSON":
                    name = _strip_name(ent.name) or ent.name
                    first = self._first_of(_last_word(name)) if name.lower() != self._last_lower() else None
                    if first and first.lower() != name.lower():
                        key, name = first.lower(), first
                cands.append((max(m.start for m in before), key, name))
        if person:
            called = self._called_otherwise(gender, span.start_char)
            cands = [c for c in cands if self._personlike(c[2]) and self._may_be(gender, c[1], c[2], called)]
        elif low == "they":  # "they said": never one person
            cands = [c for c in cands if not self._personlike(c[2])]
        if self._listeners is not None:
            cands = [c for c in cands if self._listeners(c[2]) is not None]
        if not cands:
            return None, None
        _, key, name = max(cands, key=lambda c: c[0])
        return key, name

    def _it_before(self, span: Span) -> str | None:
        """"It said" that the entities left unresolved: the organisation or state that opens the sentence
        before ("Norvik Energy halted drilling. It said …"), or whoever issued the statement that sentence
        tells of ("X issued a statement. “…,” it said"), as the entities component names and types it."""
        index, sents = entity_index(self.doc), context_for(self.doc)  # (Token.sent scans the Doc each time)
        k = sents.sent_of(span.start).start - 1
        while k >= 0 and not any(t.is_alpha for t in sents.sent_of(k)):
            k = sents.sent_of(k).start - 1  # (past blank lines and a lone quote mark)
        if index is None or k < 0:
            return None
        before = sents.sent_of(k)
        words = [t for t in before if t.is_alpha and t.lower_ != "the"][:3]
        if not words or not before.text.strip()[:1].isalpha():
            return None  # (a sentence in quote marks is someone's words, not the story's)
        opening = (words[0].idx, words[-1].idx + len(words[-1]))
        found = [(e, m) for e in index.entities if e.name for m in e.mentions
                 if m.start < opening[1] and m.end > opening[0] and m.start >= opening[0] - 30]
        if len(found) != 1:
            return None
        after = next((t for t in self.doc[before.start:before.end] if t.idx >= found[0][1].end), None)
        if after is None or after.tag_ == "POS" or after.pos_ in ("NOUN", "PROPN"):
            return None  # "Kestria's envoy", "The Arizona case": the name is no subject of its own
        ent = found[0][0]
        issued = any(t.lemma_.lower() in STATEMENT_NOUNS and issuing_verb(t) is not None for t in before)
        return str(ent.name) if ent.type in ("ORG", "GPE") or issued and ent.type == "PERSON" else None

    # ---------------------------------------------------------------- he/she with gender agreement

    def _gendered(self, span: Span, gender: str | None, weigh: Weigh | None = None
                  ) -> tuple[str | None, str] | None:
        """He/she: the latest person before the pronoun whose gender does not clash, among the
        subjects and the earlier speakers (else any mention). Not a name inside quote marks, inside
        the quote being attributed or in a photo credit; ``weigh`` rules a person out (None: the person
        the quote addresses, the holder of another office) or adds to their score (a title's holder)."""
        qa, qb = self.quote or (-1, -1)
        pos = span.start_char  # (_antecedent reads nothing at or after it: no echo there is needed)
        echoes = self._echoes(gender, pos) if gender else self._echoes("m", pos) + self._echoes("f", pos)
        extra = sorted([(a, key, name, True) for a, key, name in self.history if not qa <= a < qb]
                       + echoes, key=lambda c: c[0])
        return self._antecedent(pos, gender, (qa, qb), extra, weigh)

    def subject_before(self, pos: int, after: int) -> tuple[str | None, str] | None:
        """The person a floating quote at ``pos`` belongs to when the narrative names one as a subject
        in the quote's paragraph after ``after`` ("Haverling did not need much persuading. “I'm grateful …”"):
        the latest such name or he/she."""
        para = self._paragraph(pos)
        pool = self._gender_pool(None)  # (sorted by offset)
        cands = [(c[0], c[1], c[2]) for c in pool[bisect.bisect_left(pool, (after,)):bisect.bisect_left(pool, (pos,))]
                 if c[3]]
        cands += [(c[0], c[1], c[2]) for g in ("m", "f") for c in self._echoes(g, pos) if after <= c[0]]
        cands = [c for c in cands if self._paragraph(c[0]) == para]
        if not cands:
            return None
        a, key, name = max(cands, key=lambda c: c[0])
        return key or name.lower(), name

    def _antecedent(self, pos: int, gender: str | None, skip: tuple[int, int],
                    extra: list[tuple[int, str | None, str, bool]], weigh: Weigh | None = None
                    ) -> tuple[str | None, str] | None:
        """The best candidate before ``pos``: a subject or speaker scores 0.9, each paragraph back
        costs 1, a known gender that agrees with he/she adds :data:`AGREES`, the later wins a tie.
        ``extra`` (speakers, resolved pronouns) is sorted. Leaves in
        ``self.margin`` how far ahead of the best other person the winner was (1.0 when alone)."""
        here = self._paragraph(pos)
        scores: dict[str, tuple[tuple[float, int], tuple[str | None, str]]] = {}
        pool = self._gender_pool(gender)
        k = bisect.bisect_left(pool, (pos,))
        called = self._called_otherwise(gender, pos)
        for lst, end in ((pool, k), (extra, bisect.bisect_left(extra, (pos,)))):
            for i in range(end - 1, -1, -1):
                c = lst[i]
                known = self.gender_of(c[2]) if gender is not None else None
                if known is None and (c[1] or c[2].lower()) in called:
                    continue  # called "she" before, never "he" now (and the reverse)
                if skip[0] <= c[0] < skip[1] or (c[4] > pos if len(c) == 5 else known not in (None, gender)):
                    continue
                d = here - self._paragraph(c[0])
                reach = 0.9 + BONUS_MAX + AGREES - d  # the most anyone this far back can score
                if len(scores) > 1 and reach < sorted(v[0] for v in scores.values())[-2][0]:
                    break  # nothing further back can beat the best two
                if len(scores) == 1 and reach < next(iter(scores.values()))[0][0] - 1.5:
                    break  # nor come within 1.0 of the one found (the margin stays 1.0): no walk to the top
                bonus = weigh(c[2]) if weigh is not None else 0.0
                if bonus is None:
                    continue
                if known is not None and known == gender:
                    bonus += AGREES
                sc = ((0.9 - (ADVERBIAL if self._adverbial(c[0]) else 0.0) if c[3] else 0.0) - d + bonus, c[0])
                who = (c[1] or c[2].lower(), c[2])
                if who[0] not in scores or sc > scores[who[0]][0]:
                    scores[who[0]] = (sc, who)
        ranked = sorted(scores.values(), key=lambda v: v[0], reverse=True)
        self.margin = min(1.0, ranked[0][0][0] - ranked[1][0][0]) if len(ranked) > 1 else 1.0
        return ranked[0][1] if ranked else None

    def _may_be(self, gender: str | None, key: str | None, name: str, called: set[str]) -> bool:
        """Whether he or she (``gender``) may stand for this person: a gender their name or the text tells
        agrees, else the story never called them by the other pronoun (``called``, :meth:`_called_otherwise`)."""
        if gender is None:
            return True
        known = self.gender_of(name)
        return known == gender if known is not None else (key or name.lower()) not in called

    def _called_otherwise(self, gender: str | None, pos: int) -> set[str]:
        """The people whose gender no name tells, whom a he/she of the other gender speaking before ``pos``
        stood for: "“…,” she said" made Ida Brekke a woman for this story, whatever her given name."""
        if gender not in ("m", "f"):
            return set()
        said = ((key or name.lower(), _WORD.match(self.text, a)) for a, key, name in self.history if a < pos)
        return {key for key, m in said if m is not None and PRONOUN_GENDER.get(m.group().lower()) not in (None, gender)}

    def _adverbial(self, pos: int) -> bool:
        """Whether the word at ``pos`` stands in an adverbial clause a subordinating word opens."""
        got = self._adverbials.get(pos)
        if got is None:
            i = bisect.bisect_right(self._tok_starts(), pos) - 1
            tok: Token | None = self.doc[i] if i >= 0 else None
            got = False
            while tok is not None and tok.head.i != tok.i:
                if tok.dep_ == "advcl" and any(c.dep_ == "mark" for c in tok.children):
                    got = True
                    break
                tok = tok.head
            self._adverbials[pos] = got
        return got

    def _gender_pool(self, gender: str | None) -> list[tuple[int, str | None, str, bool, int]]:
        """The mention pool for he/she: persons whose gender does not clash, outside quote marks;
        (start, key, name, is a subject outside other quotes' reported words, end)."""
        if gender in self._gpool:
            return self._gpool[gender]
        quoted = self._quoted_regions()
        known = self._gender_evidence()[0]
        out = []
        for a, b, key, name, subj in self._mention_pool():
            if _inside(quoted, a) or not _namelike(name) or gender is not None and self.gender_of(name) not in (
                    None, gender):
                continue
            if self._personlike(name) or name.lower() in known or name.lower() in self._described:
                # a name inside another quote's reported words is no subject of the narrative
                out.append((a, key, name, subj and not _inside(self.quotes, a), b))
        if gender is not None:
            out = sorted(out + self._relatives(gender, quoted) + self._unnamed_sources(gender))
        self._gpool[gender] = out
        return out

    def _relatives(self, gender: str, quoted: list[tuple[int, int]]) -> list[tuple[int, str | None, str, bool, int]]:
        """Subjects that are someone's relative of that gender with no full name ("His son, Daniel,",
        "Holm's wife"), outside quote marks: (start, RELATIVE, the words, True, end)."""
        out: list[tuple[int, str | None, str, bool, int]] = []
        for t in self.doc:
            if t.dep_.startswith("nsubj") and t.lower_ in RELATION_NOUNS and GENDER_NOUNS.get(t.lower_) == gender \
                    and any(c.dep_ == "nmod:poss" for c in t.children) and not _inside(quoted, t.idx) \
                    and not any(c.dep_ == "appos" and c.ent_type_ == "PERSON"
                                and sum(not w.is_punct for w in c.subtree) > 1 for c in t.children):
                a = t.left_edge.idx
                out.append((a, RELATIVE, self.text[a:t.idx + len(t.text)], True, t.idx + len(t.text)))
        return out

    def _unnamed_sources(self, gender: str) -> list[tuple[int, str | None, str, bool, int]]:
        """Unnamed sources of the quotes whose head noun has that gender ("a council spokeswoman", "a
        spokeswoman for the city"):
        (start, UNNAMED, the words, True, end)."""
        out: list[tuple[int, str | None, str, bool, int]] = []
        for f in self._found:
            m = trim_mention(f.speaker) if f.speaker is not None else None
            if m is not None and len(m) and GENDER_NOUNS.get(m.root.lower_) == gender and (
                    is_anonymous(m) or m.root.lower_ in ANON_HEADS and not any(t.ent_type_ == "PERSON" for t in m)):
                # ("the prime minister's official spokesman": someone's, and unnamed all the same)
                out.append((m.start_char, UNNAMED, m.text, True, m.end_char))
        return out

    def _echoes(self, gender: str, before: int) -> list[tuple[int, str | None, str, bool]]:
        """He/she subjects of the narrative (outside quote marks) before ``before``, each resolved in turn
        (:meth:`_antecedent` over the person mentions, the speakers so far and the he/she before it): a
        pronoun keeps its person in the centre ("Quince ... He said ... Martin Ostrand ... he said").

        Worked out lazily and kept: a pronoun's answer reads only what stands before it, so a speaker added
        at ``a`` undoes only the answers of the pronouns at or after ``a``; those are worked out again when
        asked for. The answers are those a walk over all the pronouns with the speakers so far gives."""
        if self._echo_at is None:
            self._echo_at = self._narrative_pronouns()
        state = self._echoes_of.get(gender)
        if state is None:
            state = self._echoes_of[gender] = _Echoes(self._echo_at.get(gender, []))
        while state.seen < len(self.history):  # the speakers added since the last call, in turn
            a, key, name = self.history[state.seen]
            state.add_speaker((a, key, name, True))
        margin = self.margin  # (_antecedent leaves its margin behind: not this walk's to set)
        at = state.at
        while state.done < len(at) and at[state.done] < before:
            idx = at[state.done]
            got = self._antecedent(idx, gender, (-1, -1), state.extra)
            if got is not None:
                state.add_echo((idx, got[0], got[1], True))
            state.done += 1
        self.margin = margin
        return state.out[:bisect.bisect_left(state.out, (before,))]

    def _narrative_pronouns(self) -> dict[str, list[int]]:
        """Offsets of the he/she subjects outside quote marks, by gender, in document order."""
        quoted = self._quoted_regions()
        out: dict[str, list[int]] = {}
        doc = self.doc
        strings = doc.vocab.strings
        words = {strings[w]: w for w in ("he", "she")}
        rows = doc.to_array([LOWER, DEP, IDX])
        hits = np.flatnonzero(np.isin(rows[:, 0], np.array(list(words), dtype=rows.dtype)))
        for low, dep, idx in rows[hits].tolist():
            if strings[dep].startswith("nsubj") and not _inside(quoted, idx):
                out.setdefault(PRONOUN_GENDER[words[low]], []).append(idx)
        return out

    def _paragraph(self, pos: int) -> int:
        if self._paras is None:
            self._paras = [m.end() for m in re.finditer(r"\n\s*", self.text)]
        return bisect.bisect_right(self._paras, pos)

    def _index_entity(self, span: Span) -> Any:
        if self._index is None:
            return None
        try:
            return self._index.resolve(span)
        except Exception:  # a bug upstream must not lose the quote
            return None


def _who_by_parse(who: Token) -> Span | None:
    """The person a relative "who" stands for, read from the parse: the noun its clause modifies, through
    an apposition to the name it describes ("Jane Roe, 32, a former aide in Boston who said" → "Jane Roe")."""
    clause = who.head
    if clause.dep_ not in ("relcl", "acl:relcl") or clause.head.i >= who.i:
        return None
    noun = clause.head
    for _ in range(3):
        if noun.dep_ != "appos" or noun.head.i >= noun.i:
            break
        noun = noun.head
    if noun.ent_type_ in PLACE_TYPES or noun.pos_ not in ("NOUN", "PROPN"):
        return None
    doc, start, end = noun.doc, noun.i, noun.i + 1
    while start > 0 and doc[start - 1].dep_ in ("compound", "flat") and doc[start - 1].head.i == noun.i:
        start -= 1
    while end < who.i and doc[end].dep_ == "flat" and doc[end].head.i == noun.i:
        end += 1
    return doc[start:end]


_DOC_DETERMINERS = {"the", "a", "an", "this", "its", "their"}


def _document_phrase(span: Span) -> Span | None:
    """The noun phrase naming a document in the words right before quoted words ("The draft resolution
    “demands …”"), past a participle or relative clause set off after it ("debating a draft resolution,
    circulated by Kestria, that “demands …”"): from its determiner to its first comma; else None."""
    det = next((t for t in span if t.lower_ in _DOC_DETERMINERS), None)
    if det is None:
        return None
    stop = next((x.i for x in span.doc[det.i:span.end] if x.text == ","), span.end)
    phrase = span.doc[det.i:stop]
    if document_head(phrase) is not None and (stop == span.end or span[-1].lower_ in {"that", "which"}):
        return phrase
    return None


BODY_HEADS = ORG_HEADS | GROUP_HEADS | BARE_BODIES


def _issuer_written(head: Token) -> bool:
    """A document whose mention says by or from whom it comes ("a report from the board's auditor"): another
    document of its kind nearby is not it."""
    return any(c.dep_ in ("nmod", "obl") and any(x.dep_ == "case" and x.lower_ in ("by", "from") for x in c.children)
               for c in head.children) or any(
        c.dep_ == "acl" and any(g.dep_ in ("obl", "obl:agent") and any(x.lower_ in ("by", "from") for x in g.children)
                                for g in c.children) for c in head.children)  # ("a report released by X")


def _before_postmodifier(span: Span) -> Span | None:
    """A definite description of a body cut before what modifies its head noun, for a mention no step
    resolved as a whole: "the union representing nurses in the province" -> "the union", "the board for
    the port" -> "the board"; None when the mention has no such modifier or names no body (a person's
    description, "the employee of four years", is left unresolved: its centre is no safe guess)."""
    if len(span) < 3 or span[0].lower_ not in {"the", "this"}:
        return None
    for k in range(2, len(span)):
        t, prev = span[k], span[k - 1]
        if prev.pos_ != "NOUN" or not prev.is_lower or prev.lower_ not in BODY_HEADS:
            continue
        if t.pos_ == "ADP" or t.tag_ in {"VBG", "VBN", "WDT", "WP"}:
            return span[:k]
    return None


def _body_words(toks: list[Token]) -> list[Token] | None:
    """"The city council", "the regional health authority", "the Kestrian army", "Kestrian army" (a
    headline): an organisation head or a state's body, after lower-case modifiers or a nationality. The
    words without "the", else None."""
    words = toks[1:] if toks and toks[0].lower_ == "the" else toks
    if not 2 <= len(toks) <= 4 or not words or words[-1].lower_ not in ORG_HEADS | INSTITUTIONS:
        return None
    if words is toks and not any(_national(t) for t in words[:-1]):
        return None
    return words if all(t.is_lower and t.is_alpha or t.tag_ == "POS" or _national(t) for t in words) else None


def _national(t: Token) -> bool:
    """A nationality before a noun: "Israeli", "Kestrian" (a demonym, or a capitalized adjective)."""
    return t.ent_type_ == "NORP" or t.is_title and (t.tag_ == "JJ" or lexicon().demonym(t.text) is not None)


def _people_of(toks: list[Token]) -> bool:
    """The mention opens on a plural noun and a preposition: "Residents of Tillby", "farmers in the
    north": people of somewhere, whose name is no name of theirs; or on a share of a group: "75 percent
    of Democrats", "half of the delegates"."""
    words = [t for t in toks if t.lower_ not in {"the", "some", "many", "several", "most"}]
    if len(words) > 2 and words[0].tag_ == "NNS" and words[1].pos_ == "ADP":
        return True
    k = next((j for j, t in enumerate(toks) if t.lower_ == "of"), None)
    return k is not None and 0 < k <= 4 and any(t.like_num or t.lower_ in _SHARES for t in toks[:k])


_SHARES = {"percent", "%", "half", "third", "quarter", "majority", "minority", "share", "dozen", "dozens",
           "handful", "most", "many", "some", "all", "none", "few"}


def _describes_one_person(toks: list[Token]) -> bool:
    """"The 23-year-old left wing", "the Ohio Democrat", "the tall, soft-spoken professor": a
    definite description of one person (no name, no organisation or document head, not plural)."""
    words = [t for t in toks if not t.is_punct]
    if len(words) < 2 or len(words) > 7 or words[0].lower_ not in {"the", "this"}:
        return False
    if any(t.ent_type_ == "PERSON" or t.lower_ in {"of", "for", "at", "with", "'s", "’s"} for t in words):
        return False
    head = words[-1]
    if head.lower_ in NOT_PERSON_HEADS or head.tag_ in ("NNS", "NNPS") or head.lower_ in ANON_HEADS \
            or head.lower_ in RELATION_NOUNS:  # "the official", "the father"
        return False
    if any(c.dep_ == "acl:relcl" and any(w.lower_ == "which" and w.dep_ == "nsubj" for w in c.children)
           for c in head.children):
        return False  # "The port authority, which awarded …": what "which" takes up is a thing
    return head.pos_ in ("NOUN", "PROPN") and (head.is_lower or head.ent_type_ == "NORP" or head.lower_ in PARTY_WORDS)


def _same_person(name: str, other: str) -> bool:
    """Two names of one person: the same full name, or a surname alone and a full name ending with it."""
    a, b = name.lower().split(), other.lower().split()
    if not a or not b:
        return False
    if len(a) == 1 or len(b) == 1:
        return a[-1] == b[-1]
    return a == b or a[-len(b):] == b or b[-len(a):] == a
