"""The finding half of ``parley_quotes``: direct, mixed, floating and indirect quotes on a parsed Doc.

Surface patterns over tokens carry the work (``“…,” X said``, ``X said: “…”``, ``X said (that) …``,
``…, X said.``, ``according to X``); POS tags and entities sharpen them. The parser's sentences
are not used: quote pieces are opaque to the sentence splitter in :mod:`parley.nlp.quotes.marks`.
"""

from __future__ import annotations

import bisect
import re
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from spacy.tokens import Doc, Span, Token

from parley.nlp.context import context_for, entity_index
from parley.nlp.intervals import Intervals
from parley.nlp.layout import dateline_end
from parley.nlp.lexicon.words import IRREGULAR_PAST, WEEKDAYS, word_set
from parley.nlp.quotes.cues import Cues
from parley.nlp.quotes.marks import Piece, find_pieces, is_mark, sentence_of, sentence_starts
from parley.nlp.quotes.mentions import (
    ANON_HEADS,
    DOCUMENT_NOUNS,
    STATEMENT_NOUNS,
    issuing_verb,
    subject_left,
    subject_right,
)
from parley.nlp.quotes.names import TITLE_WORDS
from parley.nlp.syntax import NSUBJ

BE = {"is", "was", "were", "are", "be", "been", "being", "'s", "’s", "get", "got", "gets"}
FINITE_TAGS = {"VBD", "VBZ", "VBP", "MD"}
FINITE_WORDS = {"is", "was", "are", "were", "has", "have", "had", "will", "would", "can", "could", "should",
                "may", "might", "must", "do", "does", "did", "'s", "’s", "'re", "'ll", "’ll", "wo", "ca", "shall"}
CLAUSE_START_POS = {"PRON", "DET", "PROPN", "NOUN", "NUM", "ADJ", "ADV", "AUX"}
FLOAT_PARAGRAPHS = 3
# A line opening on one of these and a colon links to another story ("READ MORE: X says …"): no quotes.
LINK_LABELS = word_set("quotes/lines", "link_labels")
LINK_LINE_MAX = 200  # (a link is a headline: a longer line is story text)
# The sentence after a quote that names whose words it was: "Those were the words of X", "That was the
# message from X".
_WORDS_OF = re.compile(r"[ \t]+(?:That|Those|These|This|Such)\s+(?:was|were|is|are)\s+(?:the|his|her|their)\s+"
                       r"(?:\w+\s+)?(?:words?|message|verdict|warning|view|assessment|reaction|response|answer|promise"
                       r"|pledge|vow|plea)\s+(?:of|from)\s+([^.,;:\n]{2,80})")
# What a cue says when its object is a one-word answer ("X said no"): the words before it are no report.
ANSWER_WORDS = {"no", "yes", "nothing", "so"}
# A turn of an interview transcript: a paragraph opening on one to three capitalized words and a colon.
_TURN = re.compile(r"(?m)^[ \t]*([A-Z][\w'’.-]{1,39}(?: [A-Z][\w'’.-]{1,39}){0,2}):[ \t]+(\S[^\n]*)$")
# The turns of an interview printed as questions and answers ("Q: …" / "A: …").
_QA = re.compile(r"(?m)^[ \t]*([QA]):[ \t]+(\S[^\n]*)$")
# Who asks the questions of an interview, not its subject ("POLITICO senior writer X", "reporter Y").
_ASKERS = word_set("quotes/speakers", "interviewer_words")
# A photo credit closing a caption: "(Jo Vale/Canadian Press)", "(Kim Lee/AFP/Getty Images)".
_CREDIT = re.compile(r"\((?:[^()\n/]{2,60}/){1,3}[^()\n/]{2,60}\)$")
SUBJ_PRON = {"he", "she", "they", "i", "we", "it", "there"}
POSS_MARKS = {"'s", "’s", "'"}
CLAUSE_SCONJ = {"there", "while", "although", "though", "because", "if", "when", "since", "once", "unless"}
TIME_WORDS = {"today", "yesterday", "tonight", "earlier", "later", "recently", "previously", "now", "morning",
              "afternoon", "evening"} | set(WEEKDAYS)
TIME_LEADS = {"this", "last", "next", "earlier", "later", "that"}
TIME_NOUNS = {"week", "weekend", "month", "year", "morning", "afternoon", "evening", "night", "summer", "spring",
              "fall", "autumn", "winter", "season"} | set(WEEKDAYS)
PAREN_STOP = {"though", "although", "while", "as", "before", "after", "when", "according", "who", "which",
              "citing", "noting", "in", "on", "at", "with"}
NOMINAL_POS = {"DET", "ADJ", "NOUN", "PROPN", "NUM", "PART"}
NOMINAL_POS_PRON = {"DET", "ADJ", "NOUN", "PROPN", "NUM", "PRON"}  # a noun phrase after a preposition, pronouns too


@dataclass
class Found:
    """One quote before it is written to the Doc (``inherit``: takes the previous speaker)."""

    start: int
    end: int
    kind: str
    cue: Span | None = None
    speaker: Span | None = None
    inherit: bool = False
    chain: int | None = None


def _subject_only(toks: Span, subj: Span) -> bool:
    """The words before an inverted cue are its subject, not a report: a subject with a name apposed
    ("Kestria's envoy, Lene Borg, urged …"), or a person's name with no verb ("Marit Ekberg, 58, testified")."""
    return _subject_with_apposition(toks, subj) or (
        not any(t.pos_ in ("VERB", "AUX") for t in toks) and toks[0].ent_type_ == "PERSON")


def _after_relative_aside(verb: Token) -> bool:
    """A finite verb right after a relative clause set off by commas, which the parser took for the verb of
    that clause: 'Mayor Ana Roe, who backed the plan, called the vote “a turning point”'."""
    doc = verb.doc
    if verb.i < 4 or doc[verb.i - 1].text != ",":
        return False
    k = verb.i - 2
    while k > 0 and verb.i - k < 16 and doc[k].text not in {",", ";", ":"}:
        k -= 1
    return k > 0 and doc[k].text == "," and doc[k + 1].lower_ in ("who", "which") \
        and doc[k - 1].pos_ in ("PROPN", "NOUN")


def _doc_subject(span: Span) -> bool:
    """Documents and polls are not speakers here: "city documents say", "a survey suggested" (the head
    before any preposition: "a scientist named in the study" is a person)."""
    head = span[-1]
    for t in span[1:]:
        if t.pos_ == "ADP" or t.tag_ in {"VBN", "VBG"}:
            head = t.nbor(-1)
            break
    return head.lower_ in DOCUMENT_NOUNS


REFUSALS = {"decline", "refuse"}
# Right before a past participle, these make it passive with no subject of its own ("when asked", "if told").
SUBORDINATORS = {"when", "whenever", "if", "unless", "until", "after", "before", "while", "though",
                 "although", "as", "than"}
PASSIVE_BEFORE = BE | SUBORDINATORS  # "was told", "when asked"


def _passive_before(t: Token) -> bool:
    """A form of "be" or a subordinator right before ``t``, past adverbs ("was told", "when asked", "were also
    asked", "is often asked"): a participle with no subject of its own."""
    k = t.i - 1
    while k > 0 and t.i - k <= 3 and t.doc[k].pos_ == "ADV" and t.doc[k].lower_ not in PASSIVE_BEFORE:
        k -= 1
    return k >= 0 and t.doc[k].lower_ in PASSIVE_BEFORE


def _someone(span: Span) -> bool:
    """A name, a title or an unnamed source: words that can speak ("the minister", "Ana Hale", "an aide")."""
    return any(t.pos_ == "PROPN" or t.ent_type_ == "PERSON" for t in span) \
        or span.root.lower_ in TITLE_WORDS or span.root.lemma_ in ANON_HEADS


def _negated(cue: Token) -> bool:
    """"did not say", "can't predict", "never claimed", "declined to comment": the cue says nothing."""
    if cue.i > 1 and cue.doc[cue.i - 1].lower_ == "to" and cue.doc[cue.i - 2].lemma_.lower() in REFUSALS:
        return True
    return any(x.dep_ in ("neg", "advmod") and x.lower_ in {"not", "n't", "never"} for x in cue.children)


def _run_before_that(doc: Doc, k: int, end: int, keep: Callable[[Token], bool]) -> int:
    """Past a run of up to five words ``keep`` accepts, from ``k``, when "that" follows it; else ``k``."""
    m = k
    while m < end and m - k < 5 and keep(doc[m]):
        m += 1
    return m if m > k and m < end and doc[m].lower_ == "that" else k


def _subject_with_apposition(toks: Span, subj: Span) -> bool:
    """Words with no verb that are a subject with a name apposed to it: their last comma-set segment is a
    name ("Kestria's envoy, Lene Borg, urged …"), or the cue's subject is a name set off by commas right
    after them ("Brenner's brother-in-law, Paul Weiss, is expected to testify"); no report."""
    words = [t for t in toks if not t.is_space]
    if not words or any(t.pos_ in {"VERB", "AUX"} or t.tag_[:2] in {"VB", "MD"} for t in words):
        return False
    doc = toks.doc
    if words[-1].i + 2 == subj.start and doc[words[-1].i + 1].text == "," and subj.end < len(doc) \
            and doc[subj.end].text == "," and all(t.pos_ == "PROPN" for t in subj):
        return True
    commas = [k for k, t in enumerate(words) if t.text == ","]
    last = words[commas[-1] + 1:] if commas else []
    return bool(last) and all(t.pos_ == "PROPN" for t in last)


def _past_hearer(doc: Doc, cue: Token, j: int, end: int) -> int:
    """Past the hearer that opens at ``doc[j]`` after a cue that takes one ("told him", "told Lakeside
    Radio's “Early Edition”", "told the committee", "told senators she …", "told friends and family that")."""
    k = j
    if doc[k].lower_ in {"him", "her", "them", "us", "me", "reporters", "journalists"}:
        return k + 1
    if doc[k].pos_ == "PROPN":
        while k < end and (doc[k].pos_ == "PROPN" or doc[k].lower_ in POSS_MARKS or is_mark(doc[k].text)) \
                and k - j < 8:
            k += 1
        return k
    if doc[k].pos_ == "DET":
        k += 1
        while k < end and doc[k].pos_ in {"ADJ", "NOUN", "PROPN"} and k - j < 6:
            k += 1
        return k
    hearer = _bare_hearer(doc[k], cue)
    if hearer is not None and (n := _noun_phrase_end(hearer)) < end and (
            doc[n].dep_ in NSUBJ or doc[n].head.i > n and doc[n].head.dep_ in NSUBJ):
        return n  # the parser's hearer, a clause with its own subject after it ("told parliament the …")
    return _hearer_before_that(doc, k, end)  # a bare plural hearer before "that"


def _bare_hearer(t: Token, cue: Token) -> Token | None:
    """The common noun the parser makes the object of ``cue`` when ``t`` opens it ("told senators", "told
    angry senators"), else None."""
    head = t if t.head.i == cue.i else t.head
    if head.head.i == cue.i and head.dep_ in ("iobj", "obj") and head.pos_ == "NOUN" and 0 <= head.i - t.i < 3:
        return head
    return None


def _noun_phrase_end(noun: Token) -> int:
    """The index after ``noun``'s phrase, less any clause the parser hung on it or on its modifiers ("told
    senators she had …" is parsed as "senators [whom] she had …")."""
    ends = [noun.i + 1] + [_noun_phrase_end(c) for c in noun.children
                           if c.i > noun.i and c.dep_ not in ("acl:relcl", "acl", "relcl", "punct")]
    return max(ends)


def _hearer_before_that(doc: Doc, k: int, end: int) -> int:
    """Past a hearer of nouns (and "and") right before a "that" ("friends and family that"), or with one
    prepositional phrase between ("told staff in an email that"), else ``k``."""
    m = k
    while m < end and m - k < 5 and (doc[m].pos_ in {"NOUN", "ADJ"} or doc[m].lower_ == "and"):
        m += 1
    if m == k or m >= end:
        return k
    if doc[m].lower_ == "that":
        return m
    if doc[m].pos_ != "ADP":
        return k
    phrase = _run_before_that(doc, m + 1, end, lambda t: t.pos_ in {"DET", "ADJ", "NOUN", "PROPN", "NUM"})
    return phrase if phrase != m + 1 else k


def _nominal_use(t: Token) -> bool:
    """A cue word the parse uses as a modifier or a noun, whatever its tag: "the lead in pledged delegates"
    (a participle modifying the noun after it, after a word no subject ends on), "heads to Southern states"
    (a noun governed by a preposition)."""
    prev = t.doc[t.i - 1] if t.i > 0 else None
    if t.dep_ == "amod" and t.head.i > t.i and t.head.pos_ in {"NOUN", "PROPN"} and prev is not None \
            and (prev.pos_ in {"ADP", "DET", "NUM", "ADJ"} or prev.tag_ in {"PRP$", "POS"}):
        return True
    return any(c.dep_ == "case" and c.i < t.i and all(x.pos_ in {"ADJ", "DET", "NUM"} for x in t.doc[c.i + 1:t.i])
               for c in t.children)


def _past_region(doc: Doc, k: int, end: int) -> int:
    """Past the region that follows a place between commas ("in Eastmere, Norland, that …"), else ``k``."""
    if not (k + 2 < end and doc[k].text == "," and doc[k + 1].ent_type_ == "GPE"):
        return k
    m = k + 1
    while m < end and doc[m].ent_type_ == "GPE" and m - k <= 4:
        m += 1
    return m if m < end and doc[m].text == "," else k


def _opens_clause(doc: Doc, k: int, end: int) -> bool:
    """A "that" with no verb right after it opens the report, never the noun phrase of a preposition before
    it ("said for the second time that some letters …"); one with a verb after it is a relative pronoun
    ("talking about the dam that will block …")."""
    return doc[k].lower_ == "that" and k + 1 < end and doc[k + 1].pos_ not in {"VERB", "AUX"}


def _impersonal(t: Token) -> bool:
    """"it's safe to say …", "It is too soon to say whether …", "as if to say …": a cue that no one utters."""
    doc = t.doc
    if t.i < 3 or doc[t.i - 1].lower_ != "to":
        return False
    before = doc[t.i - 2]
    if before.lower_ == "if":
        return True
    return before.pos_ in {"ADJ", "ADV"} and any(x.lower_ == "it" and x.pos_ == "PRON"
                                                 for x in doc[max(0, t.i - 6):t.i - 2])


def _closes_an_aside(doc: Doc, j: int, comma: int) -> bool:
    """``doc[comma]`` closes an aside that a comma after the noun phrase at ``j`` opened: "the depot, along
    with a ferry line run by …, gave", "the minister, together with her deputy, met"; the phrase before the
    aside is nouns only and the aside opens on a preposition or an adverb of accompaniment."""
    first = next((x for x in range(j, comma) if doc[x].text == ","), None)
    if first is None or first == j or first + 1 >= comma:
        return False
    head = doc[first + 1]
    return all(doc[x].pos_ in NOMINAL_POS or doc[x].tag_ == "POS" for x in range(j, first)) \
        and (head.pos_ == "ADP" or head.lower_ in {"along", "together", "alongside", "including"}) \
        and not any(doc[x].pos_ in {"CCONJ", "SCONJ"} for x in range(first, comma))


def _coordinated_nouns(span: Span) -> bool:
    """The words are one coordinated noun phrase: nouns and their modifiers, commas and one conjunction
    ("county officials, farm lobby groups, and water engineers")."""
    return sum(t.pos_ == "CCONJ" for t in span) == 1 and all(
        t.pos_ in NOMINAL_POS or t.tag_ == "POS" or t.text == "," or t.pos_ == "CCONJ" for t in span) \
        and not any(t.like_num for t in span)


def _title_words(words: Span | list[Token]) -> bool:
    """Words of a title: the first capitalised, every other capitalised or a short function word, no
    finite verb ("Morning Round With Ann Voss", "Face the Week", "State of the Port")."""
    return bool(words) and len(words) <= 8 and words[0].text[:1].isupper() and all(
        (t.text[:1].isupper() or t.is_punct or t.is_stop and len(t) <= 4) and not (t.pos_ == "AUX" and _finite(t))
        for t in words)


def _past_quoted_title(doc: Doc, k: int, end: int) -> int:
    """Past a title in quote marks that ends a phrase ("on KRX's “Morning Round With Ann Voss” that"): a closing
    mark within ten tokens, title words between, and "that" or a comma after it; else ``k``."""
    if k >= end or not is_mark(doc[k].text):
        return k
    close = next((x for x in range(k + 2, min(end, k + 11)) if is_mark(doc[x].text)), None)
    if close is None or not _title_words(doc[k + 1:close]) or close + 1 >= end:
        return k
    return close + 1 if doc[close + 1].lower_ == "that" or doc[close + 1].text == "," else k


def _finite(t: Token) -> bool:
    return t.tag_ in FINITE_TAGS or t.lower_ in FINITE_WORDS or "VerbForm=Fin" in str(t.morph)


def _relative_after(doc: Doc, comma: int, end: int) -> bool:
    """A clause of time or place opens after the comma ("the 2011 strike, when police …"): the noun
    phrase before it is whole, and the verb in that clause is not its predicate."""
    return comma + 1 < end and doc[comma + 1].lower_ in {"when", "where"}


def _past_hearer_phrase(doc: Doc, j: int, end: int) -> int:
    """Past "to" and a short name or noun phrase when "that" follows it: "said in a letter to Stahl that
    …" (the hearer, not an infinitive: "pledged to build" stays)."""
    if not (j < end and doc[j].lower_ == "to"):
        return j
    k = _run_before_that(doc, j + 1, end, lambda t: t.pos_ in {"PROPN", "DET", "NOUN", "ADJ"} or t.tag_ == "POS")
    return k if k > j + 1 else j


class Finder:
    """Finds the quotes of one Doc; :meth:`run` returns them in document order."""

    def __init__(self, doc: Doc, cues: Cues, *, cognition: bool = False) -> None:
        self.doc, self.cues, self.cognition = doc, cues, cognition
        self.text = context_for(doc).text
        self.pieces = find_pieces(self.text)
        self.starts = sentence_starts(self.text, self.pieces)
        self.tok_starts = doc.to_array("IDX").tolist()  # one column, no Token objects
        self.used: set[int] = set()
        self.piece_spans = Intervals((p.start, p.end) for p in self.pieces)
        # the pieces come in text order, each ending before the next opens: look-ups by bisection
        self.opens = [p.open for p in self.pieces]
        self.outer_ends = [p.outer_end for p in self.pieces]
        self.in_order = all(a < b for a, b in zip(self.opens, self.opens[1:], strict=False)) and all(
            a <= b for a, b in zip(self.outer_ends, self.outer_ends[1:], strict=False))
        self.quoted_at, self.quoted_to = _union((p.start, p.end) for p in self.pieces)

    # ------------------------------------------------------------ helpers
    def toks(self, a: int, b: int) -> Span:
        return self.doc[bisect.bisect_left(self.tok_starts, a):bisect.bisect_left(self.tok_starts, b)]

    def sent(self, pos: int) -> tuple[int, int]:
        return sentence_of(self.starts, len(self.text), pos)

    def in_piece(self, pos: int) -> bool:
        k = bisect.bisect_right(self.quoted_at, pos) - 1  # some piece has start <= pos < end
        return k >= 0 and pos < self.quoted_to[k]

    def next_open(self, pos: int) -> int | None:
        """Where the first piece opening at or after ``pos`` opens."""
        if not self.in_order:
            return next((q.open for q in self.pieces if q.open >= pos), None)
        k = bisect.bisect_left(self.opens, pos)
        return self.opens[k] if k < len(self.opens) else None

    def last_outer_end(self, lo: int, hi: int) -> int | None:
        """The latest end of a piece (its closing mark included) in ``[lo, hi]``."""
        if not self.in_order:
            return max([q.outer_end for q in self.pieces if lo <= q.outer_end <= hi], default=None)
        k = bisect.bisect_right(self.outer_ends, hi) - 1
        return self.outer_ends[k] if k >= 0 and self.outer_ends[k] >= lo else None

    def pieces_within(self, a: int, b: int) -> list[Piece]:
        """The pieces, marks included, within ``[a, b]``, in order."""
        if not self.in_order:
            return [p for p in self.pieces if a <= p.open and p.outer_end <= b]
        out = []
        for k in range(bisect.bisect_left(self.opens, a), len(self.pieces)):
            p = self.pieces[k]
            if p.open > b:  # (and so its end)
                break
            if p.outer_end <= b:
                out.append(p)
        return out

    def overlaps_piece(self, a: int, b: int) -> bool:
        return self.piece_spans.overlaps(a, b)

    def is_cue(self, t: Token) -> bool:
        hit = self.cues.lookup(t.text)
        if not hit or (hit[1] == "cognition" and not self.cognition):
            return False
        if t.lower_ not in self.cues.verb_forms and t.pos_ in {"NOUN", "PROPN", "ADJ", "DET", "ADP", "NUM", "PRON"}:
            return False
        prev = t.nbor(-1) if t.i > 0 else None
        if t.lower_.endswith(("ed", "told", "said", "written")) and _passive_before(t):
            return False  # passive: "was told", "is said to", "when asked about it", "was once asked"
        if prev is not None and prev.lower_ in {"the", "a", "an", "this", "his", "her", "their", "its"}:
            return False
        if _impersonal(t):
            return False
        return not _nominal_use(t)

    def _cue_after_name(self, t: Token) -> bool:
        """A speech cue the tagger took for a noun in the tail of a quote ('…,” Halloran concludes.'): the
        word between a capitalized name and the end of the clause is the verb whatever its tag."""
        hit = self.cues.lookup(t.text)
        if not hit or hit[1] != "speech" or t.i == 0 or t.i + 1 >= len(self.doc):
            return False
        prev, nxt = self.doc[t.i - 1], self.doc[t.i + 1]
        return prev.text[:1].isupper() and prev.is_alpha and nxt.text in {".", ",", ";"} and t.text.islower()

    def _trim_end(self, a: int, b: int) -> int:
        while b > a and (self.text[b - 1].isspace() or self.text[b - 1] in ".;!?"):
            b -= 1
        return b

    # ------------------------------------------------------------ direct and mixed
    def _tail(self, p: Piece, sent_end: int) -> tuple[Token, Span | None] | None:
        """``“…,” X said`` / ``“…,” said X``: a cue within the first words after the close mark."""
        last = self.text[p.start:p.end].rstrip(" '’")[-1:]  # "… 'outreach,' " he told
        if last not in set(",?!—–-") and not self.text[p.outer_end:p.outer_end + 3].lstrip().startswith(","):
            return None
        if last in {"?", "!"} and sent_end <= p.outer_end + 1:
            sent_end = self.sent(min(len(self.text) - 1, p.outer_end + 1))[1]  # "“… country?” Clinton said."
        nxt = self.next_open(p.outer_end)
        limit = sent_end if nxt is None else min(sent_end, nxt)
        window: list[Token] = []
        for t in self.toks(p.outer_end, limit):
            if t.text in {".", ";", "!", "?"} or is_mark(t.text) or "\n" in t.text:
                break
            window.append(t)
            if len(window) > 24:
                break
        depth, inside = 0, set()
        for k, t in enumerate(window):
            depth += t.text == "("
            if depth > 0:
                inside.add(k)
            depth -= t.text == ")" and depth > 0
        for k, t in enumerate(window[:22]):
            if self.is_cue(t) or self._cue_after_name(t):
                if any(c.dep_ in ("obj", "dobj") and c.lower_ == "nothing" for c in t.children) or _negated(t):
                    return None  # '… nicknamed “the Harbour Queen,” said nothing', '… has not commented': no
                    # report at all
                before = [w for w in window[:k] if not (w.is_punct or w.is_space)]  # ('”  said X': two spaces)
                if not before and t.tag_ == "VBG":
                    return None  # '… the “queen of cuts,” noting that …': the sentence's subject notes, not the quote
                commas = [j for j, w in enumerate(window[:k]) if w.text == ","]
                if k - sum(1 for j in inside if j < k) <= 9:  # "Rep. Jason Whitlow (R-Idaho) said"
                    pass
                elif len(commas) >= 2 and commas[0] > 0 and commas[-1] == k - 1:
                    # "“…,” Richard Allard, a former security adviser, said"
                    before = [w for w in window[:commas[0]] if not w.is_punct]
                elif k > 9:
                    return None
                if any(w.pos_ == "VERB" and w.dep_ not in ("compound", "amod", "nmod") for w in before) \
                        or len(before) > 9:
                    return None
                spk = subject_left(self.doc, t, p.outer_end) if before else subject_right(self.doc, t, limit)
                return t, spk
        return None

    def _forward_start(self, cue: Token, sent_end: int) -> int | None:
        """Token index where a cue's reported clause starts, or None: ``said (that) …``, ``pledged to …``."""
        lemma = self.cues.lemma(cue.text)
        doc, j = self.doc, cue.i + 1
        end = bisect.bisect_left(self.tok_starts, sent_end)

        def skip_pp(j: int) -> int:
            for _ in range(3):
                while j < end and (doc[j].text == "," or doc[j].pos_ == "ADV" and doc[j].lower_ != "there"
                                   or doc[j].ent_type_ == "DATE" or doc[j].lower_ in TIME_WORDS
                                   or doc[j].lower_ in TIME_LEADS and j + 1 < end and doc[j + 1].lower_ in TIME_NOUNS):
                    j += 2 if doc[j].lower_ in TIME_LEADS and j + 1 < end and doc[j + 1].lower_ in TIME_NOUNS else 1
                if j < end and doc[j].pos_ == "ADP" and doc[j].lower_ not in {"that", "to"}:
                    k = j + 1
                    while k < end and k - j <= 6 and (doc[k].pos_ in NOMINAL_POS_PRON and doc[k].lower_ not in SUBJ_PRON
                                                      and doc[k].lower_ != "that"  # "in a statement that …"
                                                      and not _opens_clause(doc, k, end)
                                                      or doc[k].lower_ in POSS_MARKS):
                        k += 1
                    k = _past_quoted_title(doc, k, end)  # "said on KRX's “Morning Round” that …"
                    if k == j + 1:
                        return j
                    j = _past_region(doc, k, end)
                    if j + 1 < end and doc[j].tag_ == "VBN" and doc[j + 1].pos_ == "ADP":
                        j += 1  # "in a note issued by its board that …": the participle's phrase too
                    continue
                break
            return j

        if _negated(cue):
            return None  # "can't predict the future", "did not say whether": nothing said
        j = skip_pp(j)
        j = _past_hearer_phrase(doc, j, end)
        if lemma in self.cues.object_lemmas and j < end:
            j = skip_pp(_past_hearer(doc, cue, j, end))
        if j >= end:
            return None
        if doc[j].lower_ == "that":
            nxt = doc[j + 1] if j + 1 < end else None
            if nxt is not None and _finite(nxt) and (nxt.pos_ == "AUX" or nxt.pos_ == "VERB" and not any(
                    _finite(doc[x]) for x in range(j + 2, end))):
                return j  # "say that is not enough": "that" is the report's subject (not "that plans for X had …")
            return j + 1 if j + 1 < end else None
        if doc[j].lower_ == "to" and lemma in self.cues.xcomp_lemmas and j + 1 < end and doc[j + 1].pos_ in {
                "VERB", "AUX"}:
            return j
        if lemma in self.cues.gerund_lemmas and doc[j].tag_ == "VBG" and doc[j].head.i == cue.i:
            return j  # "admitted taking the boat": the gerund clause is the report
        if doc[j].pos_ in CLAUSE_START_POS or doc[j].lower_ in CLAUSE_SCONJ or is_mark(doc[j].text):
            for k in range(j, min(end, j + 14)):
                nominal = all(doc[x].pos_ in NOMINAL_POS or doc[x].text in {",", "'", "’"} or doc[x].tag_ == "POS"
                              for x in range(j, k))
                if k - j >= 8 and not nominal:
                    break
                if doc[k].is_punct and not is_mark(doc[k].text) and doc[k].text != "-" and doc[k].tag_ != "POS" \
                        and not (doc[k].text == "," and nominal and not _relative_after(doc, k, end)
                                 and cue.dep_ not in ("acl:relcl", "relcl")):  # ("X, who denies the charges, sat")
                    break  # (a possessive "Sanders’ attack" goes on; "recalls the 2011 strike, when …" stops)
                subject = all(doc[x].pos_ in NOMINAL_POS_PRON or doc[x].tag_ == "POS" for x in range(j, k))
                if k > j + 1 and nominal and doc[k].lower_ in IRREGULAR_PAST and doc[k].tag_ in ("NN", "NNS") \
                        and doc[k - 1].pos_ in ("NOUN", "PROPN"):
                    return j  # "said the water rose so fast that …": a past tense the tagger took for a noun
                if k > j and (doc[k].pos_ == "SCONJ" or doc[k].pos_ == "CCONJ" and not subject):
                    break  # ("she and her peers referred": a pronoun in a coordinated subject goes on)
                if k > j and _finite(doc[k]) and not self.is_cue(doc[k]):
                    return j
                if k > j and doc[k].pos_ in {"VERB", "AUX"} and (doc[k].dep_ == "ccomp" and doc[k].head.i == cue.i or (
                        doc[k].tag_ == "VBN" and doc[k - 1].pos_ in {"NOUN", "PROPN", "PRON", "NUM"})):
                    return j  # the tagger's participle for a past tense: "said the two raised $90 million"
        return self._clause_by_parse(cue, j, end, lemma in self.cues.object_lemmas)

    def _subject(self, cue: Token, sa: int) -> Span | None:
        """The cue's subject; for a participle right after a speech verb and its comma ("…, Nefzi said,
        adding that …", "Roe added, saying …"), the subject of that verb, however the parser hung the
        participle (one it gave no subject at all stays without one)."""
        own = subject_left(self.doc, cue, sa)
        said = self.doc[cue.i - 2] if cue.tag_ == "VBG" and cue.i > 1 and self.doc[cue.i - 1].text == "," else None
        if own is not None and said is not None and self.is_cue(said) and self.cues.is_speech(said.text):
            return subject_left(self.doc, said, sa) or own
        return own

    def _clause_by_parse(self, cue: Token, j: int, end: int, with_object: bool) -> int | None:
        """Where the surface scan found no reported clause at ``j``: the parser's complement, a clause with a
        long subject, or (for a cue with a hearer) the report after a long hearer. (A negated cue never
        gets here: :meth:`_forward_start` has returned.)"""
        clause = self._parsed_clause(cue, j, end)
        if clause is None and with_object:  # "told US media this month that …": after the hearer
            clause = self._after_long_object(cue, end)
        clause = clause or self._long_subject(cue, j, end)  # (j > 0)
        return clause

    def _parsed_clause(self, cue: Token, j: int, end: int) -> int | None:
        """The reported clause the parser hangs on the cue as its complement, when it starts at ``j`` with a
        subject of its own and ends in the sentence ("said the waning interest in the vote this year helped
        her", "said both X and Y have been fair"): the clause's first token."""
        for c in cue.children:
            if c.dep_ != "ccomp" or c.i <= j or c.i >= end or c.left_edge.i != j:
                continue
            if not any(x.dep_.startswith("nsubj") and x.i < c.i for x in c.children):
                continue
            if c.pos_ not in {"VERB", "AUX", "ADJ", "NOUN"} or any(self.doc[x].is_punct and self.doc[x].text in {
                    ";", ":"} for x in range(j, c.i)):
                continue
            return j
        return None

    def _long_subject(self, cue: Token, j: int, end: int) -> int | None:
        """A reported clause whose subject is too long for the surface scan ("said rising fuel cost
        remains …", "told reporters more than 80 per cent of the ferries run late", "said the company,
        together with a bank owned by …, gave …"): the first finite verb after ``j`` (not a cue) whose
        subject, as parsed, starts at ``j`` (the subject of a copula's noun too: "said the lack of … is a
        contrast"); only nouns, their modifiers and commas before the verb."""
        doc = self.doc
        if not (doc[j].pos_ in NOMINAL_POS and doc[j].pos_ not in {"PART", "NUM"} or doc[j].tag_ == "VBG") \
                or doc[j - 1].text == ",":
            return None  # (", Halloran says, have no policies": the report runs on before the aside)
        for k in range(j + 1, min(end, j + 25)):
            t = doc[k]
            if t.is_punct and t.text not in {",", "-"} and t.tag_ != "POS" or is_mark(t.text) or self.is_cue(t) \
                    or t.lower_ == "that":
                return None  # (a "that" opens the report after a hearer: not this reading)
            if t.pos_ in {"VERB", "AUX"} and _finite(t):
                if doc[k - 1].text == "," and _closes_an_aside(doc, j, k - 1):
                    return j  # "said the depot, along with a ferry line run by the county, gave …"
                if doc[k - 1].pos_ == "CCONJ" or doc[k - 1].text == "," or doc[k - 1].pos_ == "SCONJ":
                    return None  # "said the words, and left": the reporter's own verb
                # the verb, or the word its copula or auxiliary serves ("the lack … is a contrast")
                verb = t.head if t.dep_ in ("cop", "aux", "aux:pass") and t.head.i > k else t
                subj = [x for x in t.children if x.dep_.startswith("nsubj") and j <= x.i < k]
                if subj and subj[0].left_edge.i <= j + 1 or verb.i != t.i and any(
                        x.dep_.startswith("nsubj") and j <= x.left_edge.i <= j + 1 and x.i < k for x in verb.children):
                    return j
                # the parser took the subject for the cue's object: the verb (or the noun its copula
                # serves) is the cue's complement ("said the business, along with …, gave …")
                if verb.dep_ == "conj" and any(x.pos_ == "CCONJ" for x in doc[j:k]):
                    if _coordinated_nouns(doc[j:k]):
                        return j  # "said officials, lobby groups and engineers need …": one listed subject
                    return None  # "added 0.4 per cent … and the Eastmere index rose": two clauses of the narrative
                return j if verb.head.i == cue.i and verb.dep_ in ("ccomp", "conj", "parataxis") else None
        return None

    def _after_long_object(self, cue: Token, end: int) -> int | None:
        """``told Radio North Breakfast on Monday that …``, ``told an invited crowd at the club that …``,
        ``told Fox News host Ann Lee how …``, ``told dairy farmers this weekend she would …``: the
        report after a hearer longer than the simple ones, before any verb of the reporter's own."""
        doc = self.doc
        for k in range(cue.i + 2, min(end, cue.i + 16)):
            t = doc[k]
            if t.lower_ == "that" and (t.pos_ == "SCONJ" or t.tag_ == "IN"):
                return k + 1 if k + 1 < end else None
            if t.lower_ in {"how", "whether", "why"}:
                return k
            if t.lower_ in SUBJ_PRON and t.pos_ == "PRON" and k + 1 < end and doc[k + 1].pos_ in {"VERB", "AUX"} \
                    and _finite(doc[k + 1]):
                return k
            if (t.is_punct and t.text not in POSS_MARKS and t.text != "-" and not is_mark(t.text)) \
                    or (t.pos_ in {"VERB", "AUX"} and _finite(t)):
                return None
        return None

    def direct(self) -> list[Found]:
        out: list[Found] = []
        chain = -1
        for p in self.pieces:
            if not p.continues:
                chain += 1
            if self._work_title(p):
                continue  # "said on KRX's “Morning Round” that …": a programme's name, no speech
            sa, sb = self.sent(p.open)
            last = self.last_outer_end(sa, p.open)
            prev_end = sa if last is None else last
            lead = self.toks(prev_end, p.open)
            layout = dateline_end(self.text, p.open) if last is None else None  # "TILLBY — “We have …”"
            label = _QA.match(self.text, self.text.rfind("\n", 0, p.open) + 1) if last is None else None
            if label is not None and label.start(2) <= p.open:
                layout = max(layout or 0, label.start(2))  # 'A: “Yes,” she said': the answer's label is no word of it
            words = [t for t in lead if not (t.is_punct or t.is_space) and (layout is None or t.idx >= layout)]
            tail = self._tail(p, sb) if p.close is not None else None
            if tail is None and self._named_alias(p):
                continue  # "who was nicknamed “the Harbour Queen”": a name, no speech
            cues = [t for t in lead if self.is_cue(t)]
            f = Found(p.start, p.end, "direct", chain=chain)
            attr = None
            if cues:
                c = cues[-1]
                after = [t for t in lead if t.i > c.i and not (t.is_punct or t.is_space)]
                ends = self.text[prev_end:p.open].rstrip()[-1:]
                if not after or (ends in {":", ","} and len(after) <= 5 and not any(t.lower_ == "that" for t in after)
                                 and self._forward_start(c, p.open) is None):
                    attr = c
                elif self._forward_start(c, sb) is not None:
                    start = self._forward_start(c, sb)
                    a = self.doc[start].idx if start is not None and self.doc[start].idx < p.open else p.open
                    f = Found(a, max(p.end, self._trim_end(a, sb)), "mixed", self.doc[c.i:c.i + 1],
                              self._subject(c, sa), chain=chain)
                    self.used.add(c.i)
                    out.append(f)
                    continue
            after_piece = prev_end > sa
            if attr is not None:
                f.cue, f.speaker = self.doc[attr.i:attr.i + 1], self._subject(attr, sa)
                if f.speaker is None:  # "Said Marlow: “…”"
                    f.speaker = subject_right(self.doc, attr, p.open)
                self.used.add(attr.i)
            elif tail is not None:
                f.cue, f.speaker = self.doc[tail[0].i:tail[0].i + 1], tail[1]
                self.used.add(tail[0].i)
                if words:
                    f.kind, f.start = "mixed", words[0].idx
            elif (issued := self._issued_statement(lead)) is not None:
                f.cue, f.speaker = self.doc[issued.i:issued.i + 1], subject_left(self.doc, issued, sa)
                self.used.add(issued.i)  # 'The ministry issued a statement: “…”': the ministry's words
            elif (words or after_piece) and not (not after_piece and len(words) <= 2 and all(
                    w.pos_ in {"CCONJ", "ADV", "INTJ"} for w in words)):
                if not self._substantive(p):
                    named = self._naming(lead, sa)
                    if named is not None:  # 'He called it “shameful”': his word for it
                        f.kind, f.cue, f.speaker = "mixed", self.doc[named[0].i:named[0].i + 1], named[1]
                        out.append(f)
                    continue  # else a term in quote marks: the “1,000 for 1,000” formula
                if self._listed(p):
                    continue  # a list of quoted terms
                f.kind, f.inherit = "mixed", True
                if (named := self._naming(lead, sa)) is not None:  # 'X called the vote “a turning point …”'
                    f.cue, f.speaker, f.inherit = self.doc[named[0].i:named[0].i + 1], named[1], False
            elif (colon := self._colon_cue(p) or self._sentence_cue(p)) is not None:  # 'He said:' ending the
                # paragraph before, 'X tweeted on Wednesday.' right before
                f.cue, f.speaker = self.doc[colon.i:colon.i + 1], subject_left(self.doc, colon, self.sent(colon.idx)[0])
                self.used.add(colon.i)
            elif self._alias(p):
                continue  # '“Colonel Mike,” as the villagers called him, left': a name in quote marks
            elif (owner := self._words_of(p)) is not None:
                f.speaker = owner  # '“…” Those were the words of X when …': X's
            else:
                f.inherit = True
            if tail is not None and f.cue is not None and f.cue[0].i != tail[0].i:
                self.used.add(tail[0].i)
            out.append(f)
        return out

    def _issued_statement(self, lead: Span) -> Token | None:
        """The verb of 'X issued a statement:' or 'X released a short statement, saying' right before a
        quote: the quote is the statement, and the verb's subject the one who issued it."""
        toks = [t for t in lead if not (t.is_punct or t.is_space)]
        if not toks or self.text[toks[-1].idx + len(toks[-1]):lead.end_char].strip()[-1:] not in {":", ","}:
            return None
        noun = toks[-1]
        verb = issuing_verb(noun) if noun.lemma_.lower() in STATEMENT_NOUNS else None
        return verb if verb is not None and verb.i not in self.used else None

    def _words_of(self, p: Piece) -> Span | None:
        """The one whose words a quote is, named by the sentence right after it: '“…” Those were the words of
        Prime Minister Olav Strand', '“…” That was the message from Nora Eik'."""
        if p.close is None:
            return None
        m = _WORDS_OF.match(self.text, p.outer_end)
        if m is None:
            return None
        span = self.doc.char_span(m.start(1), m.end(1), alignment_mode="contract")
        if span is None or not len(span):
            return None
        names = [e for e in self.doc.ents if e.start_char >= m.start(1) and e.label_ in ("PERSON", "ORG")
                 and e.start_char < m.end(1)]
        if names:
            return self.doc[span.start:names[0].end]
        k = span.start  # else a run of capitalized words the NER typed otherwise ("Olav Strand" as a place)
        while k < span.end and self.doc[k].is_title and self.doc[k].is_alpha:
            k += 1
        return self.doc[span.start:k] if k - span.start >= 2 else None

    def _naming(self, lead: Span, sa: int) -> tuple[Token, Span] | None:
        """A verb of naming right before a short quoted fragment, with its subject: 'He called it “shameful”',
        'X described the plan as “a relic of another age”' (the fragment is the subject's word)."""
        verbs = [t for t in lead if t.pos_ == "VERB" and t.lemma_.lower() in self.cues.naming and t.tag_ != "VBN"
                 and (any(x.dep_.startswith("nsubj") for x in (t.head if t.dep_ == "conj" else t).children)
                      or t.tag_ in ("VBD", "VBZ", "VBP") and _after_relative_aside(t))]
        if not verbs or any(t.text in {",", ";", ":"} for t in lead if t.i > verbs[-1].i):
            return None
        subj = subject_left(self.doc, verbs[-1], sa)
        if subj is None or _doc_subject(subj):
            return None
        return verbs[-1], subj

    def _colon_cue(self, p: Piece) -> Token | None:
        """The cue of ``X said:`` ending the paragraph before a quote that opens its own paragraph."""
        before = self.text[:p.open].rstrip()
        if not before.endswith(":") or "\n" not in self.text[len(before):p.open]:
            return None
        k = bisect.bisect_left(self.tok_starts, len(before) - 1)
        if k < 1 or k >= len(self.doc) or self.doc[k].text != ":":
            return None
        cue = self.doc[k - 1]
        return cue if self.is_cue(cue) and cue.i not in self.used and not self.in_piece(cue.idx) else None

    def _sentence_cue(self, p: Piece) -> Token | None:
        """The cue of a sentence that says someone spoke and reports nothing of its own, right before a
        quote that opens a sentence: 'X, the polling analyst, tweeted on Wednesday. “They are …”'."""
        before = self.text[:p.open].rstrip()
        if not before.endswith(".") or self.in_piece(len(before) - 1):
            return None
        sa, _ = self.sent(len(before) - 1)
        toks = [t for t in self.toks(sa, len(before)) if not t.is_space]
        cue = next((t for t in reversed(toks) if self.is_cue(t)), None)  # (the parser may hang it on the subject)
        if cue is None or cue.dep_ not in ("ROOT", "acl") or cue.i in self.used or self.in_piece(cue.idx) \
                or any(c.dep_ in ("ccomp", "obj", "dobj", "iobj", "xcomp", "parataxis") for c in cue.children) \
                or any(t.pos_ in ("VERB", "AUX") or is_mark(t.text) for t in toks if t.i > cue.i):
            return None
        return cue

    def _alias(self, p: Piece) -> bool:
        """A name, alias or term in quote marks, not speech: at most four words, every one capitalized (an
        article aside), no verb, and the sentence going on after the closing mark ('“Colonel Mike,” as he
        is known, …', '“Operation Clean Sweep” began')."""
        toks = [t for t in self.toks(p.start, p.end) if not (t.is_punct or t.is_space)]
        if not toks or len(toks) > 4 or any(t.pos_ in {"VERB", "AUX", "PRON", "ADV", "INTJ"} for t in toks) \
                or self.text[p.start:p.end].rstrip()[-1:] in {"!", "?", "."}:
            return False  # "Choke!", "Honestly,": said
        if not all(t.text[:1].isupper() or t.lower_ in {"the", "of", "a", "an"} for t in toks):
            return False
        rest = self.text[p.outer_end:self.sent(p.open)[1]].strip()
        return bool(rest) and (rest[:1] in {",", "—", "–", "-", "("} and len(rest) > 2 or rest[:1].islower())

    def _named_alias(self, p: Piece) -> bool:
        """A short name right after a participle of naming ("who was nicknamed “the Harbour Queen”", "a plan
        dubbed “Operation Sunrise”", "known as “the Professor”", "the so-called “peace dividend”"): an alias
        or a term, no one's words; a quotation with a verb of its own stays one."""
        k = bisect.bisect_left(self.tok_starts, p.open) - 1
        if k >= 0 and self.doc[k].lower_ == "as":
            k -= 1
        if k < 0 or self.doc[k].tag_ != "VBN" or self.doc[k].lemma_.lower() not in self.cues.alias:
            return False
        toks = [t for t in self.toks(p.start, p.end) if not (t.is_punct or t.is_space)]
        return 0 < len(toks) <= 6 and not any(t.pos_ in {"VERB", "AUX"} for t in toks)

    def _work_title(self, p: Piece) -> bool:
        """The title of a work or a programme in quote marks after a possessive ("KRX's “Face the Week”",
        "on KRX's “Morning Round”"): no one's words (AUDIT.md skips titles of works)."""
        words = [t for t in self.toks(p.start, p.end) if not t.is_space]
        while words and words[-1].is_punct:
            words.pop()
        before = [t for t in self.toks(max(0, p.open - 16), p.open) if not t.is_space]
        return bool(before) and before[-1].lower_ in POSS_MARKS and _title_words(words)

    def _listed(self, p: Piece) -> bool:
        """One of a list of quoted terms with no cue ('the words are “get my mind around,” “wrestle with,” and
        “messaging”', 'banned “hold them to account” or “hold the wrongdoers to account”'): a quoted neighbour
        in its sentence with only a comma, "and" or "or" between."""
        k = bisect.bisect_left(self.opens, p.open) if self.in_order else self.pieces.index(p)
        sa, sb = self.sent(p.open)
        for q in (self.pieces[k - 1] if k > 0 else None, self.pieces[k + 1] if k + 1 < len(self.pieces) else None):
            if q is None or q.close is None or not (sa <= q.open < sb):
                continue
            gap = self.text[q.outer_end:p.open] if q.open < p.open else self.text[p.outer_end:q.open]
            if gap.strip(" ,") in {"", "or", "and"} and "\n" not in gap:
                return True
        return False

    def _substantive(self, p: Piece) -> bool:
        toks = [t for t in self.toks(p.start, p.end) if not t.is_punct]
        if len(toks) < 4:
            return False
        return any(t.pos_ in {"VERB", "AUX"} and _finite(t) for t in toks)

    # ------------------------------------------------------------ indirect
    def indirect(self) -> list[Found]:
        out: list[Found] = []
        doc = self.doc
        for t in doc:
            if t.i in self.used or self.in_piece(t.idx):
                continue
            if t.lower_ == "according" and t.i + 1 < len(doc) and doc[t.i + 1].lower_ == "to":
                f = self._according(t)
            elif self.is_cue(t):
                f = self._indirect_at(t)
            elif t.tag_ == "VBN" and self.cues.is_speech(t.text):
                f = self._passive_with_agent(t)
            elif t.pos_ == "NOUN" and self.cues.is_speech(t.text):
                f = self._noun_report(t)
            else:
                continue
            if f is not None:
                self.used.add(t.i)
                out.append(f)
        return out

    def _indirect_at(self, c: Token) -> Found | None:
        sa, sb = self.sent(c.idx)
        start = self._forward_start(c, sb)
        if start is not None and not self._inverted_first(c, sa, sb):
            subj = self._subject(c, sa)
            if subj is None and c.dep_ == "conj" and sa <= c.head.idx < c.idx and c.head.pos_ in {"VERB", "AUX"}:
                subj = subject_left(self.doc, c.head, sa)  # "X disputed it, but says that …": X's verb's subject
            if subj is None or _doc_subject(subj):
                return None
            if self.doc[start].tag_ == "VBG" and self.cues.lemma(c.text) in self.cues.gerund_lemmas \
                    and (subj[0].pos_ == "PRON" or subj.end <= c.head.i < c.i):
                return None  # a gerund report ("admitted taking …") only with its own named subject
            a = self.doc[start].idx
            b = self._trim_end(a, sb)
            if b - a < 8:
                return None
            kind = "mixed" if self.overlaps_piece(a, b) else "indirect"
            return Found(a, b, kind, self.doc[c.i:c.i + 1], subj)
        # inverted: "…, X said." / "…, said X." / "…, X said, adding …" / "A, X said, B."
        if _negated(c):
            return None  # "The company's chief, Rana Sollis, declined to comment.": no report before it
        rest = [t for t in self.toks(c.idx + len(c.text), sb) if not t.is_space]
        before_cue = c.nbor(-1) if c.i > 0 else None
        if before_cue is not None and before_cue.text == ",":
            if c.tag_ == "VBG":
                return None  # "…, noting the cost of X": the participle's object is no speaker
            subj = subject_right(self.doc, c, sb)
            if subj is not None and subj.root.head.i == c.i and subj.root.dep_ in ("obj", "dobj") \
                    and not _someone(subj) and any(k.dep_ in ("nsubj", "nsubjpass") and k.i < c.i for k in c.children):
                return None  # "X, a senator, tweeted a warning.": the cue has its subject; no inverted speaker
            comma = c.i - 1
            nxt = subj.end if subj is not None else c.i + 1
        else:
            subj = subject_left(self.doc, c, sa)
            comma = subj.start - 1 if subj is not None else -1
            if comma > 0 and self.doc[comma].lower_ == "as" and self.doc[comma - 1].text == "," and c.tag_ != "VBG":
                comma -= 1  # "…, as the Courier reported.": the words before the comma are the report
            nxt = c.i + 1
        if subj is None or comma < 0 or self.doc[comma].text != "," or self.doc[comma].idx < sa:
            return None
        if len(subj) == 1 and subj[0].lower_ in {"who", "which", "that"}:
            return None  # '“…,” said the witness, who asked not to be named': a relative clause reports
            # nothing before it
        while nxt < len(self.doc) and self.doc[nxt].idx < sb and (self.doc[nxt].pos_ == "ADV" or
                                                                   self.doc[nxt].ent_type_ == "DATE"):
            nxt += 1
        if subj.end <= c.i:  # "…, X said Tuesday in Eastmere, noting …" (not "…, said X")
            nxt = self._past_phrases(nxt, sb)
        if nxt < len(self.doc) and self.doc[nxt].lower_ in ANSWER_WORDS and self.doc[nxt].idx < sb:
            return None  # "Asked whether she would resign, Voss said no.": her word is the answer, not the question
        if nxt < len(self.doc) and self.doc[nxt].idx < sb and self.doc[nxt].text not in {".", ",", "!", "?", ";"} \
                and len(rest) > 8:
            return None
        if _doc_subject(subj):
            return None
        a, b = sa, self.doc[comma].idx
        a = max(a, dateline_end(self.text, a) or a)  # "WASHINGTON — The US imposed …, X said": no place
        while a < b and (self.text[a].isspace()):
            a += 1
        kind = "indirect"
        if self.overlaps_piece(a, b):
            # "A cashier who “steals …” is held accountable, Warren said.": quoted words inside the report
            near = [self.piece_spans[k] for k in self.piece_spans.near(a, b)]  # every piece overlapping
            if any(pa < b and a < pb and not (a <= pa and pb <= b) for pa, pb in near) \
                    or any(a <= pa and pb <= b and pb - pa > 0.9 * (b - a) for pa, pb in near):
                return None
            kind = "mixed"
        if len(self.toks(a, b)) < 1:
            return None
        after = self._parenthetical_rest(nxt, sb, subj) if kind == "indirect" else None
        if after is not None:  # "Wardens, Halloran says, have no policies …": the report runs on past the aside
            b = after
        if b - a < 12 or len(self.toks(a, b)) < 3:
            return None
        if kind == "indirect" and _subject_only(self.toks(a, b), subj):
            return None  # "Kestria's envoy, Lene Borg, urged …", "Marit Ekberg, 58, testified": no report
        return Found(a, b, kind, self.doc[c.i:c.i + 1], subj)

    def _passive_with_agent(self, c: Token) -> Found | None:
        """A passive speech verb whose agent is named and whose report follows: "Lind was told by Roe that
        the city could not pay more" (Roe's words). Without an agent ("Lind was told that …") nobody named
        speaks, and there is no quote."""
        if not any(x.dep_ in ("aux:pass", "auxpass") for x in c.children):
            return None
        agent = next((x for x in c.children if x.dep_ in ("obl:agent", "agent") and x.i > c.i
                      and x.pos_ in ("PROPN", "NOUN")), None)
        that = next((m for x in c.children if x.dep_ == "ccomp" and agent is not None and x.i > agent.i
                     for m in x.children if m.dep_ == "mark" and m.lower_ == "that"), None)
        if agent is None or that is None:
            return None
        start = that.i + 1
        first = min([agent.i, *(x.i for x in agent.children if x.dep_ in ("compound", "flat", "det", "amod"))])
        _, sb = self.sent(c.idx)
        a = self.doc[start].idx
        b = self._trim_end(a, sb)
        if b - a < 8 or self.overlaps_piece(a, b):
            return None
        return Found(a, b, "indirect", self.doc[c.i:c.i + 1], self.doc[first:agent.i + 1])

    def _noun_report(self, c: Token) -> Found | None:
        """A speech noun with its owner and a that-clause: "Vale's claim that the pier is safe", "his warning
        that the ferry would stop" (the owner speaks; the clause is the report), or for a pledge the
        infinitive: "his promise to build a pier". Modifiers may stand between the owner and the noun ("her
        earlier claim"); a that-clause must open with a subject ("that the …")."""
        doc = self.doc
        sa, sb = self.sent(c.idx)
        end = bisect.bisect_left(self.tok_starts, sb)
        k = c.i + 1
        pledge = k + 1 < end and doc[k].lower_ == "to" and doc[k + 1].tag_ == "VB" \
            and self.cues.lemma(c.text) in self.cues.xcomp_lemmas  # "his promise to build a pier"
        if not pledge and not (k + 1 < end and doc[k].lower_ == "that" and _opens_clause(doc, k, end)
                               and (doc[k + 1].pos_ in {"DET", "PRON", "PROPN", "NOUN", "NUM", "ADJ"}
                                    or is_mark(doc[k + 1].text))):
            return None  # (a subject opens the clause: never "the states that badly want …")
        m = c.i - 1
        while m > 0 and c.i - m <= 3 and doc[m].pos_ in {"ADJ", "ADV", "NOUN"} and doc[m].tag_ not in {"POS", "PRP$"}:
            m -= 1
        if m < 0 or doc[m].idx < sa:
            return None
        if doc[m].tag_ == "PRP$":
            owner = doc[m:m + 1]
        elif doc[m].tag_ == "POS" and m > 0:
            n = m - 1
            while n > 0 and m - n < 6 and doc[n - 1].pos_ == "PROPN" and doc[n - 1].idx >= sa:
                n -= 1
            if doc[m - 1].pos_ != "PROPN":
                return None
            owner = doc[n:m]
        else:
            return None
        a = doc[k].idx if pledge else doc[k + 1].idx
        b = self._trim_end(a, sb)
        head = doc[k].head  # the clause the noun governs ends with its subtree, before the sentence goes on
        if head.i > k and head.head.i == c.i and head.right_edge.i + 1 < end:
            b = self._trim_end(a, doc[head.right_edge.i].idx + len(doc[head.right_edge.i].text))
        if b - a < 8:
            return None
        kind = "mixed" if self.overlaps_piece(a, b) else "indirect"
        return Found(a, b, kind, doc[c.i:c.i + 1], owner)

    def _past_phrases(self, k: int, sb: int) -> int:
        """Past the phrases of time and place after an inverted cue ("…, Vale said Tuesday in Eastmere,
        noting …", "…, he said on Lakeside Radio."), when the sentence or a comma comes next; else ``k``."""
        doc, end = self.doc, bisect.bisect_left(self.tok_starts, sb)
        m = k
        for _ in range(3):
            while m < end and (doc[m].ent_type_ in {"DATE", "TIME"} or doc[m].lower_ in TIME_WORDS):
                m += 1
            if not (m < end and doc[m].pos_ == "ADP" and doc[m].lower_ not in {"that", "to", "of"}):
                break
            n = m + 1
            while n < end and n - m <= 8 and (doc[n].pos_ in NOMINAL_POS_PRON and doc[n].lower_ not in SUBJ_PRON
                                              or doc[n].lower_ in POSS_MARKS or is_mark(doc[n].text)):
                n += 1
            if n == m + 1:
                break
            m = n
        return m if m > k and (m >= end or doc[m].text in {".", ",", ";", "!", "?"}) else k

    def _inverted_first(self, c: Token, sa: int, sb: int) -> bool:
        """``…, said Jo Vale, a lawyer who …``: a cue after a comma, with no subject on its left and a name
        (no pronoun) on its right, is inverted, whatever clause the words after it seem to open."""
        if c.i == 0 or self.doc[c.i - 1].text != "," or subject_left(self.doc, c, sa) is not None:
            return False
        subj = subject_right(self.doc, c, sb)
        return subj is not None and subj[0].pos_ != "PRON" and not any(t.pos_ in {"VERB", "AUX"} for t in subj) \
            and not all(t.ent_type_ in {"DATE", "TIME"} or t.lower_ in TIME_WORDS for t in subj) and (
            subj.end >= len(self.doc) or self.doc[subj.end].text in {",", ".", ";"})

    def _parenthetical_rest(self, nxt: int, sb: int, subj: Span) -> int | None:
        """End of the report when ``X said`` sits between commas inside it (``A, X said, B``): B must be
        a clause piece of its own words, not the reporter's ``adding …`` / ``though …`` / ``according to``,
        nor an apposition to the speaker (``A, said X, a lawyer who …``)."""
        doc = self.doc
        if nxt + 1 >= len(doc) or doc[nxt].text != "," or doc[nxt + 1].idx >= sb:
            return None
        if any(subj.start <= t.head.i < subj.end for t in doc[nxt + 1:min(nxt + 8, len(doc))]):
            return None
        first = doc[nxt + 1]
        if first.tag_ == "VBG" or first.lower_ in PAREN_STOP or first.is_punct or is_mark(first.text):
            return None
        b = self._trim_end(first.idx, sb)
        if len(self.toks(first.idx, b)) < 3 or self.overlaps_piece(first.idx, b) or \
                any(self.is_cue(t) for t in self.toks(first.idx, b)):
            return None
        return b

    def _according(self, t: Token) -> Found | None:
        sa, sb = self.sent(t.idx)
        doc, j = self.doc, t.i + 2
        k = j
        while k < len(doc) and doc[k].idx < sb and not (doc[k].is_punct and doc[k].text not in {"'s", "’s", "-"}) \
                and k - j < 12:
            k += 1
        if k == j:
            return None
        subj, cue = doc[j:k], doc[t.i:t.i + 2]
        before = self.text[sa:t.idx].strip()
        if before.rstrip(",").strip().lower() in {"", "but", "and", "yet"}:
            if k >= len(doc) or doc[k].text != ",":
                return None
            a = doc[k].idx + 1
            b = self._trim_end(a, sb)
        else:
            a, b = sa, len(before.rstrip(",").rstrip()) + sa
            a = max(a, dateline_end(self.text, a) or a)  # "GENEVA, March 3 — Talks stalled …, according to X"
        while a < b and self.text[a].isspace():
            a += 1
        if b - a < 12:
            return None
        kind = "mixed" if self.overlaps_piece(a, b) else "indirect"
        return Found(a, b, kind, cue, subj)

    # ------------------------------------------------------------ interview transcripts
    def transcript(self) -> list[Found]:
        """The turns of an interview printed as a transcript: paragraphs opening on a speaker's label and
        a colon ("Varga: No. We are not leaving the table."), where at least two labels of two to 40
        letters open at least two paragraphs each, and the story names the person or organisation a
        label is elsewhere (not "Update:", "Warning:"). The words after the colon are the label's."""
        turns = [m for m in _TURN.finditer(self.text) if m.group(1).lower() not in LINK_LABELS]
        counts = Counter(m.group(1) for m in turns)
        if sum(1 for n in counts.values() if n >= 2) < 2:
            return []
        labels = Intervals((m.start(1), m.end(1)) for m in turns)
        index = entity_index(self.doc)
        ents = [(e.name, m.start, m.end) for e in index.entities if e.type in ("PERSON", "ORG") and e.name
                for m in e.mentions] if index is not None else []
        ents += [(e.text, e.start_char, e.end_char) for e in self.doc.ents if e.label_ in ("PERSON", "ORG")]
        named = {n for n, a, b in ents if not labels.overlaps(a, b)}
        out = []
        for m in turns:
            label = self.doc.char_span(m.start(1), m.end(1), alignment_mode="contract")
            a, b = m.start(2), self._trim_end(m.start(2), m.end(2))
            if counts[m.group(1)] >= 2 and label is not None and len(label) and b - a >= 2 and any(
                    n == m.group(1) or n.endswith(" " + m.group(1)) for n in named):
                out.append(Found(a, b, "direct", speaker=label))  # (a label the story names elsewhere)
        return out

    def interview(self) -> list[Found]:
        """The answers of an interview printed as questions and answers (at least two "Q:" and two "A:"
        paragraphs): the words of the person it is with, the one the text names most often before the first
        question, not one of those asking (a writer, a reporter named with their title). With no such one
        person the answers are left out: they would take whoever spoke last."""
        turns = list(_QA.finditer(self.text))
        if sum(m.group(1) == "Q" for m in turns) < 2 or sum(m.group(1) == "A" for m in turns) < 2:
            return []
        first = turns[0].start()
        index = entity_index(self.doc)
        people = []  # (mentions before the first question, -first offset, the first mention) of each person
        for e in index.entities if index is not None else []:
            before = sorted((m.start, m.end) for m in e.mentions if m.end <= first and m.kind == "name")
            s, e_end = before[0] if before else (0, 0)  # (the mention may hold the title: "Reporter Tom Esk")
            if e.type == "PERSON" and before and not _ASKERS & {
                    w.lower() for w in self.text[max(0, s - 40):s].split()[-3:] + self.text[s:e_end].split()}:
                people.append((len(before), -before[0][0], before[0]))
        people.sort(reverse=True)
        if not people or len(people) > 1 and people[0][0] == people[1][0]:
            return []  # no one the introduction is about: the answers would take whoever spoke last
        subject = self.doc.char_span(*people[0][2], alignment_mode="contract")
        if subject is None:
            return []
        return [Found(m.start(2), self._trim_end(m.start(2), m.end(2)), "direct", speaker=subject)
                for m in turns if m.group(1) == "A" and m.end(2) - m.start(2) >= 2]

    # ------------------------------------------------------------ all
    def run(self) -> list[Found]:
        found = self.direct()
        found += self.indirect()
        turns = self.transcript() + self.interview()
        if turns:
            for f in found:
                _label_turn(f, turns)
            taken = Intervals((f.start, f.end) for f in found)
            found += [f for f in turns if not taken.overlaps(f.start, f.end)]
        # a quoted fragment without a cue inside a report that has one is part of that report
        reports = _Reports([(f.start, f.end) for f in found if f.kind == "mixed" and f.cue is not None])
        found = [f for f in found if f.cue is not None or not reports.holds(f.start, f.end)]
        for f in found:
            inside = self.pieces_within(f.start, f.end + 1)
            if f.kind == "mixed" and f.cue is not None and inside and all(self._term(p) for p in inside):
                f.kind = "indirect"  # 'known as “Colonel Mike,” said X': a report; the name in marks is no quote
        found = [f for f in found if not self._link_line(f.start) and not self._caption(f.start)]
        found.sort(key=lambda f: (f.start, f.end))
        return found

    def _line_end(self, pos: int) -> int:
        b = self.text.find("\n", pos)
        return b if b >= 0 else len(self.text)

    def _caption(self, pos: int) -> bool:
        """``pos`` stands in a photo caption: a paragraph that ends on a credit in brackets with a slash
        ("… said the plan would fail. (Jo Vale/Canadian Press)")."""
        return bool(_CREDIT.search(self.text[pos:self._line_end(pos)].rstrip()))

    def _link_line(self, pos: int) -> bool:
        """``pos`` stands on a line linking to another story: a short line opening on a label of
        :data:`LINK_LABELS` and a colon ("READ MORE: X says …", "WATCH: …")."""
        line = self.text[self.text.rfind("\n", 0, pos) + 1:self._line_end(pos)].strip()
        label, colon, _ = line.partition(":")
        return bool(colon) and len(line) <= LINK_LINE_MAX and " ".join(label.lower().split()) in LINK_LABELS

    def _term(self, p: Piece) -> bool:
        """A name or term in quote marks inside a report: an alias, or two verbless words ("peace plan")."""
        toks = [t for t in self.toks(p.start, p.end) if not (t.is_punct or t.is_space)]
        return self._alias(p) or len(toks) <= 2 and not any(t.pos_ in {"VERB", "AUX"} for t in toks)

    def paragraph_of(self, pos: int) -> int:
        return self.text.count("\n", 0, pos)


def _label_turn(f: Found, turns: list[Found]) -> None:
    """Quoted words with no cue of their own inside a transcript's turn ('Varga: “We stay.”') are the
    words of the turn's label, not of whoever spoke before."""
    if f.cue is not None or f.speaker is not None:
        return
    turn = next((t for t in turns if t.start <= f.start < t.end), None)
    if turn is not None:
        f.speaker, f.kind, f.inherit = turn.speaker, "direct", False


def _union(spans: Iterable[tuple[int, int]]) -> tuple[list[int], list[int]]:
    """The starts and ends of the union of the non-empty ``[a, b)`` ranges, in order."""
    starts: list[int] = []
    ends: list[int] = []
    for a, b in sorted(x for x in spans if x[0] < x[1]):
        if ends and a <= ends[-1]:
            ends[-1] = max(ends[-1], b)
        else:
            starts.append(a)
            ends.append(b)
    return starts, ends


class _Reports:
    """The ranges of the reports with a cue: whether one holds a range other than itself, by bisection."""

    def __init__(self, spans: list[tuple[int, int]]) -> None:
        spans = sorted(spans)
        self.starts = [a for a, _ in spans]
        self.reach = [0] * (len(spans) + 1)  # reach[k]: the furthest end among the first k ranges (-1: none)
        self.reach[0] = -1
        for k, (_, b) in enumerate(spans):
            self.reach[k + 1] = max(self.reach[k], b)

    def holds(self, a: int, b: int) -> bool:
        """``any(s <= a and b <= e and (s, e) != (a, b) for s, e in spans)``."""
        if self.reach[bisect.bisect_left(self.starts, a)] >= b:  # one starting before a reaches b
            return True
        return self.reach[bisect.bisect_right(self.starts, a)] > b  # one starting at a goes past b
