"""Mention finding for ``parley_entities``: places, titled and honorific names, NER names, titles
used alone, the "X side" nominals and personal pronouns. Nothing here writes to the Doc.

Every candidate is a :class:`Cand` in character offsets; :mod:`parley.nlp.entities.resolve`
groups them into entities.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from operator import attrgetter
from typing import TYPE_CHECKING, Any

from parley.nlp.intervals import Intervals
from parley.nlp.lexicon.actors import Lexicon, Place, norm
from parley.nlp.lexicon.words import (
    ARTICLES,
    MONTH_NAMES,
    PRONOUN_GENDER,
    SURNAME_PARTICLES,
    WEEKDAYS,
    given_names,
    word_set,
)

if TYPE_CHECKING:
    from spacy.tokens import Doc

# First-person pronouns resolved to a quote's speaker or to the narrator (written as capitals
# only: "I", "My" starting a sentence).
FIRST_PERSON = {"I", "My", "Me"}
NAME_WORDS = "actors/name_words"  # data/actors/name_words.yaml
# Capitalized words that never start or form a personal name in news copy.
NOT_NAMES = set("""a an the and but or nor so yet if then than that this these those there here
when where while what which who whom whose why how although though because since after before
as at by for from in into of on onto to with without within over under about against between
during through per via i we you he she it they me us him her them my our your his its their
mine ours yours hers theirs speaking asked according also however meanwhile still even just
only not no yes all some any each every many much more most other such both either neither
one two three four five six seven eight nine ten first second third last next new said says
today yesterday tomorrow tonight
mr mrs ms dr prof sir madam later earlier separately instead afterwards previously recently currently
overnight elsewhere nevertheless nonetheless moreover furthermore indeed unlike despite amid among besides
including following like""".split()) | set(WEEKDAYS) | set(MONTH_NAMES)
LOCATIVE = {"in", "at", "near", "outside", "inside", "around", "across", "into", "to", "toward",
            "towards", "via", "through", "of", "visit", "visited", "visiting", "visits"}
# Last words of organisation names ("U.S. Air Force"), of place names the NER tends to call
# organisations ("Changi International Airport").
ORG_ENDS = word_set(NAME_WORDS, "organisation_ends")
PLACE_ENDS = word_set(NAME_WORDS, "place_ends")
ORG_GLUE = {"of", "and", "&", "for", "de"}
# First words of organisation names ("Air France").
ORG_STARTS = {"Air", "Aer", "Aero"}
# Common nouns for a company right before its name ("automaker Toyota", "rival Boeing").
ORG_DESCRIPTORS = word_set(NAME_WORDS, "organisation_descriptors")
_SENT_END = re.compile(r"(?<!\b[A-Z])(?<!\bMr)(?<!\bMs)(?<!\bDr)(?<!\bSt)(?<!\bMrs)(?<!\bGen)"
                       r"[.!?][\"”’)]*\s+(?=[\"“‘(]?[A-Z0-9])|\n+")
QUOTE_OPEN = "“«"
QUOTE_CLOSE = "”»"


@dataclass
class RoleInfo:
    title: str
    country: str | None = None
    sector: str | None = None
    former: bool = False  # "former prime minister Tom Ashby": held once, not now (not stored)


# Words before a title that say its holder no longer (or not yet) holds it.
NOT_NOW = {"former", "ex", "then", "late", "outgoing", "onetime", "one-time", "erstwhile", "past"}
# Words inside a title that make it another office than the title without them: "the minister" is not
# the prime minister, "the president" not the vice-president.
RANKS = {"prime", "deputy", "vice", "assistant", "associate", "first", "second", "under", "junior", "shadow",
         "chief", "co", "lieutenant"}


def title_words(title: str) -> list[str]:
    """A title's words, normalised, without articles and possessives: "the Prime Minister" → [prime, minister]."""
    return [w for w in re.split(r"[\s-]+", norm(title)) if w and w not in ARTICLES and w not in {"'s", "’s"}]


def title_fits(mention: str, role: RoleInfo) -> bool:
    """Whether a title used alone ("the prime minister", "the judge") names the holder of ``role``: the
    mention's words end the role's title, the role adds no word that makes it another office ("Prime
    Minister" is not "the minister"), and the holder holds it now (not a "former prime minister")."""
    if role.former:
        return False
    said, held = title_words(mention), title_words(role.title)
    if any(w in NOT_NOW for w in held):
        return False
    said = [w for w in said if w not in NOT_NOW]
    if not said or len(said) > len(held) or held[-len(said):] != said:
        return False
    return not any(w in RANKS for w in held[:-len(said)])


@dataclass
class Cand:
    """A mention candidate (character offsets into ``doc.text``)."""

    start: int
    end: int
    label: str  # PERSON ORG GPE LOC NORP
    kind: str  # name | pronoun | title | nominal | metonym | demonym
    core: tuple[int, int] | None = None  # the personal name proper, for PERSON names
    place: Place | None = None
    role: RoleInfo | None = None
    gender: str | None = None
    head: str | None = None  # title head of a title-only mention
    country: str | None = None  # country stated with a title-only mention ("the German chancellor")
    key: str | None = None  # filled by resolution
    order: int = 0


_START, _END = attrgetter("start"), attrgetter("end")


def in_order(cands: Iterable[Cand]) -> list[Cand]:
    """Candidates by start, the longer first at one start, else in the order given: the order
    ``sorted(cands, key=lambda c: (c.start, -c.end))`` gives, by two stable sorts on the offsets
    themselves (no key tuple per candidate: fewer objects for the garbage collector)."""
    out = sorted(cands, key=_END, reverse=True)
    out.sort(key=_START)
    return out


@dataclass
class Found:
    """What :meth:`EntityRecognizer.find` found; ``entities`` are plain dicts ready to store."""

    mentions: list[Cand] = field(default_factory=list)
    entities: list[dict[str, Any]] = field(default_factory=list)


# ---------------------------------------------------------------- text helpers


def sentence_starts(text: str) -> list[int]:
    """Start offsets of sentences, by punctuation and line breaks (independent of the parser)."""
    starts = [0]
    for m in _SENT_END.finditer(text):
        starts.append(m.end())
    return starts


def sentence_index(starts: list[int], char: int) -> int:
    return bisect.bisect_right(starts, char) - 1


class QuoteRegions(list[tuple[int, int]]):
    """The (open, close) offsets :func:`quote_regions` finds: sorted and disjoint, so the one around
    an offset is found by bisection, not by a scan of every quote in the document."""

    def __init__(self, items: list[tuple[int, int]]) -> None:
        super().__init__(items)
        self._opens = [s for s, _e in items]

    def at(self, pos: int) -> tuple[int, int] | None:
        """The region with ``open <= pos < close``, or None."""
        k = bisect.bisect_right(self._opens, pos) - 1
        return self[k] if k >= 0 and pos < self[k][1] else None


_QUOTE_CHARS = re.compile("[" + re.escape(QUOTE_OPEN + QUOTE_CLOSE) + '"\n]')


def quote_regions(text: str) -> QuoteRegions:
    """(open, close) offsets of quoted passages: curly pairs, or straight quotes toggled per line."""
    regions: list[tuple[int, int]] = []
    opened: int | None = None
    for m in _QUOTE_CHARS.finditer(text):  # only these characters change anything
        i, ch = m.start(), m.group()
        if ch in QUOTE_OPEN:
            opened = i
        elif ch in QUOTE_CLOSE and opened is not None:
            regions.append((opened, i + 1))
            opened = None
        elif ch == '"':
            if opened is None:
                opened = i
            else:
                regions.append((opened, i + 1))
                opened = None
        elif ch == "\n" and opened is not None and text[opened] == '"':
            opened = None
    return QuoteRegions(regions)


# ---------------------------------------------------------------- token categories


class Toks:
    """A Doc's tokens as columns, one list per attribute: ``text``, ``start``, ``end`` (character
    offsets), ``ws`` (whitespace after), and, filled by :func:`categorize`, ``cat`` (G place hit,
    H honorific, T title word, N name-like, O other) and ``hit`` (a G token's (start, end, place hit)).

    No object per token: on a long Doc, one object per token filled the garbage collector's young
    generations and brought on full collections, which walk every object alive."""

    __slots__ = ("text", "start", "end", "ws", "cat", "hit")

    def __init__(self, text: list[str], start: list[int], end: list[int], ws: list[bool]) -> None:
        self.text, self.start, self.end, self.ws = text, start, end, ws
        self.cat: list[str] = ["O"] * len(text)
        self.hit: list[Any] = [None] * len(text)

    @classmethod
    def of_doc(cls, doc: Doc) -> Toks:
        """The tokens of ``doc``, read as arrays (no Token object per word)."""
        if not len(doc):
            return cls([], [], [], [])
        text = doc.text
        starts, lengths, spaces = doc.to_array(["IDX", "LENGTH", "SPACY"]).T.tolist()
        ends = [i + n for i, n in zip(starts, lengths, strict=True)]
        return cls([text[i:e] for i, e in zip(starts, ends, strict=True)], starts, ends, [bool(w) for w in spaces])

    def __len__(self) -> int:
        return len(self.text)


def _name_like(text: str) -> bool:
    if not text or not text[0].isupper() or not any(c.isalpha() for c in text):
        return False
    return norm(text) not in NOT_NAMES


_OPENERS = {".", "!", "?", ":", "“", '"', "‘", "'", "(", "—", "–"}


def _gerund_opening(texts: list[str], k: int) -> bool:
    """A word in -ing that opens a line or a sentence, capitalized there only: no name ("Debating
    Varga's record", "Following Tuesday's vote"), unless it is a given name ("Sterling")."""
    word = texts[k]
    opens = k == 0 or "\n" in texts[k - 1] or texts[k - 1] in _OPENERS
    return opens and len(word) > 5 and word.endswith("ing") and word[1:].islower() \
        and word.lower() not in given_names()


def categorize(toks: Toks, hits: list[tuple[int, int, Any]], lex: Lexicon) -> None:
    starts, texts, cat, hit = toks.start, toks.text, toks.cat, toks.hit
    n = len(texts)
    for s, e, h in hits:
        i = bisect.bisect_left(starts, s)
        while i < n and starts[i] < e:
            cat[i], hit[i] = "G", (s, e, h)
            i += 1
    for k, word in enumerate(texts):
        if cat[k] == "G":
            continue
        low = word.lower()
        key = norm(word)
        if low in lex.honorifics and (word[0].isupper()):
            cat[k] = "H"
        elif key in lex.heads or key in lex.modifiers:
            # a title word inside a name run ("Martin Luther King said") is part of the name
            prev_n = k > 0 and cat[k - 1] == "N"
            if prev_n and word[0].isupper() and not (k + 1 < n and _name_like(texts[k + 1])):
                cat[k] = "N"
            else:
                cat[k] = "T"
        elif _name_like(word) and not _gerund_opening(texts, k):
            cat[k] = "N"


def name_runs(toks: Toks) -> list[tuple[int, int]]:
    """Maximal runs of name-like tokens, allowing particles and glued hyphens/apostrophes inside."""
    texts, cat, ws = toks.text, toks.cat, toks.ws
    n = len(texts)
    runs: list[tuple[int, int]] = []
    i = 0
    while i < n:
        if cat[i] != "N":
            i += 1
            continue
        j = i + 1
        while j < n:
            word = texts[j]
            if cat[j] == "N":
                j += 1
            elif (word.lower() in SURNAME_PARTICLES or (word in "-'’" and not ws[j - 1])) \
                    and j + 1 < n and cat[j + 1] == "N":
                j += 2
            elif word == "-" and not ws[j - 1] and not ws[j] and j + 1 < n \
                    and texts[j + 1].isalpha() and texts[j + 1].islower() and len(texts[j + 1]) <= 4 \
                    and (j + 2 >= n or ws[j + 1] or not texts[j + 2][:1].isalpha()):
                j += 2  # "Kim Jong-un", "Moon Jae-in": a given name in two parts
                break
            else:
                break
        runs.append((i, j))
        i = j
    return runs


# ---------------------------------------------------------------- places


def place_hits(text: str, lex: Lexicon) -> list[tuple[int, int, Any]]:
    """Lexicon hits written with a capital: (start, end, Place | ("adj"|"people", ISO3))."""
    out: list[tuple[int, int, Any]] = []
    for m in lex.pattern().finditer(text):
        surface = m.group(0)
        if not surface[0].isupper() or text[m.end():m.end() + 1] == "$":
            continue  # "US$ 6 billion" is a currency, not a place
        key = norm(surface)
        place = lex.places.get(key)
        if place is not None:
            exact_forms = {s for s in lex.exact if norm(s) == key}
            if exact_forms and surface not in exact_forms and not (surface.isupper() and len(surface) > 3):
                continue
            out.append((m.start(), m.end(), place))
        elif key in lex.plurals:
            out.append((m.start(), m.end(), ("people", lex.plurals[key])))
        elif key in lex.demonyms:
            out.append((m.start(), m.end(), ("adj", lex.demonyms[key])))
    return out


def hit_country(hit: Any) -> str | None:
    if isinstance(hit, Place):
        return hit.country
    return hit[1] if isinstance(hit, tuple) else None


# ---------------------------------------------------------------- titles


def _title_text(toks: Toks, i: int, j: int, text: str) -> str:
    return text[toks.start[i]:toks.end[j - 1]] if j > i else ""


def title_before(toks: Toks, a: int, lex: Lexicon, text: str) -> tuple[int, RoleInfo | None, str | None, bool]:
    """Scan left of name token ``a`` for a title: (mention start token, role, gender, honorific?)."""
    texts, cat, hit = toks.text, toks.cat, toks.hit
    k = a - 1
    has_head = False
    honorific = False
    gender: str | None = None
    while k >= 0:
        if cat[k] == "H" and k == a - 1:
            honorific = True
            gender = lex.honorifics.get(texts[k].lower())
            k -= 1
            continue
        if cat[k] == "T":
            n = norm(texts[k])
            has_head = has_head or n in lex.heads
            gender = gender or lex.gendered.get(n)
            k -= 1
            continue
        if cat[k] == "G" and k > 0 and not has_head:
            # "Envoy for Moldova Keith Marlow": a place after a complement inside the title
            s = hit[k][0]
            p = k
            while p > 0 and cat[p - 1] == "G" and hit[p - 1][0] == s:
                p -= 1
            if p > 0 and texts[p - 1].lower() in lex.complements and p > 1 and cat[p - 2] == "T":
                k = p - 2
                continue
        break
    ts = k + 1
    if honorific and ts == a - 1:
        return ts, None, gender, True
    if not has_head:
        return a, None, None, False
    tstart = ts + 1 if cat[ts] == "H" else ts
    former = False
    while tstart < a and norm(texts[tstart]) in {"former", "ex", "then", "outgoing"}:
        tstart += 1
        former = True
    former = former or (ts > 0 and norm(texts[ts - 1]) in NOT_NOW)  # "the late President X"
    title = _title_text(toks, tstart, a - (1 if cat[a - 1] == "H" else 0), text)
    role = RoleInfo(title=title, sector=lex.title_sector(title), former=former) if title else None
    # a country, demonym or institution just before the title ("Russian", "Russia's", "Kremlin")
    c = ts - 1
    if c >= 0 and texts[c] in ("'s", "’s") and c > 0:
        c -= 1
    if c >= 0 and cat[c] == "G":
        found = hit[c]
        if role is not None:
            role.country = hit_country(found[2])
            if isinstance(found[2], Place) and found[2].sector and found[2].kind == "institution":
                role.sector = found[2].sector
            if isinstance(found[2], Place) and found[2].kind == "igo":
                role.sector = "IGO"
        s = found[0]
        p = c
        while p > 0 and cat[p - 1] == "G" and hit[p - 1][0] == s:
            p -= 1
        ts = p
    return ts, role, gender, honorific


def apposition_before(toks: Toks, a: int, lex: Lexicon, text: str) -> RoleInfo | None:
    """'its leader, Bruno Aske,' / 'the Kestrel ambassador, Hendrik Voss,' -> role (the title is in
    apposition before the name, after a comma; the mention itself is the name)."""
    texts, cat = toks.text, toks.cat
    k = a - 1
    if k < 1 or texts[k] != "," or cat[k - 1] != "T" or norm(texts[k - 1]) not in lex.heads:
        return None
    end = k
    while k > 0 and cat[k - 1] == "T":
        k -= 1
    title = _title_text(toks, k, end, text)
    country = hit_country(toks.hit[k - 1][2]) if k > 0 and cat[k - 1] == "G" else None
    former = any(w in NOT_NOW for w in title_words(title)) or (k > 0 and norm(texts[k - 1]) in NOT_NOW)
    return RoleInfo(title=title, country=country, sector=lex.title_sector(title), former=former)


def apposition_after(toks: Toks, b: int, lex: Lexicon, text: str) -> RoleInfo | None:
    """'Sergey Lavrov, the Russian foreign minister,' -> role."""
    texts, cat, hit = toks.text, toks.cat, toks.hit
    n = len(texts)
    k = b
    if k >= n or texts[k] != ",":
        return None
    k += 1
    if k < n and texts[k].lower() in ARTICLES:
        k += 1
    country = None
    if k < n and cat[k] == "G":
        found = hit[k]
        country = hit_country(found[2])
        while k < n and cat[k] == "G" and hit[k][0] == found[0]:
            k += 1
        if k < n and texts[k] in ("'s", "’s"):
            k += 1
    s = k
    while k < n and cat[k] == "T":
        k += 1
    if k == s or norm(texts[k - 1]) not in lex.heads:
        return None
    title = _title_text(toks, s, k, text)
    former = any(w in NOT_NOW for w in title_words(title)) or norm(texts[s - 1]) in NOT_NOW
    return RoleInfo(title=title, country=country, sector=lex.title_sector(title), former=former)


# ---------------------------------------------------------------- candidates


def _overlaps(s: int, e: int, taken: list[tuple[int, int]]) -> bool:
    if isinstance(taken, Intervals):
        return taken.overlaps(s, e)
    return any(s < te and ts < e for ts, te in taken)


class _Labelled(list[tuple[int, int, str]]):
    """NER ranges with their labels, filed by position (:class:`Intervals`) for :func:`_ner_label`."""

    def __init__(self, ents: list[tuple[int, int, str]]) -> None:
        super().__init__(ents)
        self.spans = Intervals((s, e) for s, e, _lab in ents)


def find_candidates(text: str, toks: Toks, ents: list[tuple[int, int, str]],
                    lex: Lexicon) -> tuple[list[Cand], list[Cand]]:
    """(mention candidates, loose capitalized runs)."""
    hits = _inside_names(place_hits(text, lex), toks)
    categorize(toks, hits, lex)
    cands: list[Cand] = []
    taken: list[tuple[int, int]] = Intervals()
    ner_at = _Labelled(ents)
    runs = name_runs(toks)
    _acronym_definitions(toks, cands, taken)
    _persons(text, toks, runs, ner_at, lex, cands, taken)
    loose = _loose(toks, runs, taken, ner_at)
    _orgs(toks, cands, taken)
    _places(toks, hits, cands, taken)
    _ner(text, ner_at, lex, cands, taken)
    _titles_and_pronouns(toks, lex, cands, taken)
    return in_order(cands), loose


INITIAL_SKIP = {"of", "and", "the", "for", "de", "&", "on", "in"}


def _acronym_definitions(toks: Toks, cands: list[Cand], taken: list[tuple[int, int]]) -> None:
    """"Eastmere Development Bank (EDB)": capitalized words whose initials are the capitals in the
    parentheses that follow are one organisation name, whatever the NER made of them."""
    texts = toks.text
    for k in range(len(texts) - 2):
        if texts[k] != "(" or texts[k + 2] != ")":
            continue
        short = texts[k + 1].replace(".", "")
        if not (2 <= len(short) <= 6 and short.isupper() and short.isalpha()):
            continue
        i = k
        letters: list[str] = []
        while i > 0 and len(letters) < len(short):
            w = texts[i - 1]
            if w.lower() in INITIAL_SKIP and letters:
                i -= 1
                continue
            if not (w[:1].isupper() and w.replace("-", "").isalpha()):
                break
            letters.insert(0, w[0])
            i -= 1
        if "".join(letters) == short and len(letters) >= 2 and texts[i].lower() not in INITIAL_SKIP:
            s, e = toks.start[i], toks.end[k - 1]
            if not _overlaps(s, e, taken):
                cands.append(Cand(s, e, "ORG", "name"))
                taken.append((s, e))


def _ner_label(s: int, e: int, ner_at: list[tuple[int, int, str]]) -> str | None:
    if isinstance(ner_at, _Labelled):
        first = ner_at.spans.first_overlap(s, e)
        return None if first is None else ner_at[first][2]
    for ns, ne, lab in ner_at:
        if ns < e and s < ne:
            return lab
    return None


def _persons(text: str, toks: Toks, runs: list[tuple[int, int]], ner_at: list[tuple[int, int, str]],
             lex: Lexicon, cands: list[Cand], taken: list[tuple[int, int]]) -> None:
    """Persons among the name runs (:func:`name_runs`): titled, tagged PERSON or known, or of two or three
    words opening on a given name (``data/quotes/given_names.yaml``) whose last word comes back alone."""
    texts, starts, ends, cat = toks.text, toks.start, toks.end, toks.cat
    lone = _lone_names(toks)  # a run opening on a given name is a person when its last word comes back alone
    for a, b in runs:
        s, e = starts[a], ends[b - 1]
        ts, role, gender, honorific = title_before(toks, a, lex, text)
        if role is None and not honorific:
            role = apposition_before(toks, a, lex, text)
            if role is not None:
                gender = next((lex.gendered[w] for w in norm(role.title).split() if w in lex.gendered), None)
        ner = _ner_label(s, e, ner_at)
        known = lex.person_key(text[s:e]) in lex.persons
        titled = role is not None or honorific
        given = 2 <= b - a <= 3 and texts[a].lower() in given_names() and cat[a:b].count("N") == b - a \
            and texts[b - 1] in lone  # "Pete Ashby … Ashby said", though the NER typed neither
        if not (titled or ner == "PERSON" or known or given):
            continue
        if cat[a:b].count("N") > 4 and not titled:
            continue
        if ner in ("ORG", "GPE", "LOC") and not (titled or given and ner != "ORG"):
            continue
        if not titled and texts[a] in ORG_STARTS:
            continue  # "Aer Lingus", "Air France": left to _orgs
        if not titled and a >= 2 and texts[a - 1] == "of" and texts[a - 2][:1].isupper() \
                and norm(texts[a - 2]) in ORG_ENDS:
            continue  # "Diocese of Halden", "Bank of England": the end of an organisation's name
        if not titled and b - a > 1 and norm(texts[b - 1]) in PLACE_ENDS:
            continue  # "Tessel Dam", "Sarn River": a place, left to _ner
        if not titled and norm(texts[b - 1]) in ORG_ENDS:
            continue  # "Norvale Corporation", "Halden Airlines": an organisation, left to _orgs
        if role is None:
            role = apposition_after(toks, b, lex, text)
            if role is not None:
                gender = gender or next((lex.gendered[w] for w in norm(role.title).split() if w in lex.gendered),
                                        None)
        start = starts[ts]
        cands.append(Cand(start, e, "PERSON", "name", core=(s, e), role=role, gender=gender))
        taken.append((start, e))


def _lone_names(toks: Toks) -> dict[str, list[int]]:
    """Where each capitalized word stands as a name of one word, with no name word beside it: a surname
    the story comes back to ("Pete Ashby … Ashby said") is written so, as it is for a person."""
    texts, cat = toks.text, toks.cat
    out: dict[str, list[int]] = {}
    for k, w in enumerate(texts):
        if cat[k] == "N" and (k == 0 or cat[k - 1] != "N") and (k + 1 >= len(texts) or cat[k + 1] != "N"):
            out.setdefault(w, []).append(k)
    return out


def _loose(toks: Toks, runs: list[tuple[int, int]], taken: list[tuple[int, int]],
           ner_at: list[tuple[int, int, str]]) -> list[Cand]:
    """Capitalized runs (:func:`name_runs`) not yet claimed: persons only if they repeat a surname found
    elsewhere."""
    starts, ends, cat = toks.start, toks.end, toks.cat
    out = []
    for a, b in runs:
        s, e = starts[a], ends[b - 1]
        if cat[a:b].count("N") > 3 or _overlaps(s, e, taken):
            continue
        lab = _ner_label(s, e, ner_at)
        if lab in ("ORG", "GPE", "LOC"):
            continue
        out.append(Cand(s, e, "PERSON", "name", core=(s, e)))
    return out


def _places(toks: Toks, hits: list[tuple[int, int, Any]], cands: list[Cand],
            taken: list[tuple[int, int]]) -> None:
    texts, starts, ends = toks.text, toks.start, toks.end
    n = len(texts)
    for s, e, hit in hits:
        if _overlaps(s, e, taken):
            continue
        i = bisect.bisect_left(starts, s)
        prev = texts[i - 1].lower() if 0 < i <= n else ""
        j = bisect.bisect_left(starts, e)
        nxt = texts[j].lower() if j < n else ""
        if isinstance(hit, tuple):
            kind, iso3 = hit
            if kind == "adj" and prev == "the" and nxt == "side":
                cs, ce = starts[i - 1], ends[j]
                cands.append(Cand(cs, ce, "GPE", "nominal", country=iso3))
                taken.append((cs, ce))
            elif kind == "people":
                cs = starts[i - 1] if prev == "the" else s
                cands.append(Cand(cs, e, "NORP", "nominal", country=iso3))
                taken.append((cs, e))
            else:
                # "German magazine Der Spiegel", "the Romanian government": the adjective refers to
                # the country (MEANTIME marks it as a name mention of the place)
                cands.append(Cand(s, e, "GPE", "demonym", country=iso3))
                taken.append((s, e))
            continue
        place: Place = hit
        if place.kind == "org":
            taken.append((s, e))
            cands.append(Cand(s, e, "ORG", "name", place=place))
            continue
        kind = "name"
        if place.kind == "capital" and prev not in LOCATIVE and nxt not in ("-", "based"):
            kind = "metonym"
        label = "ORG" if place.kind in ("igo", "institution") else "GPE"
        cands.append(Cand(s, e, label, kind, place=place, country=place.country))
        taken.append((s, e))


def _ner(text: str, ner_at: list[tuple[int, int, str]], lex: Lexicon, cands: list[Cand],
         taken: list[tuple[int, int]]) -> None:
    for s, e, lab in ner_at:
        if lab not in ("ORG", "GPE", "LOC", "PERSON") or _overlaps(s, e, taken):
            continue
        surface = text[s:e]
        if lex.demonym(surface) or not any(c.isalpha() for c in surface):
            continue
        words = [norm(w) for w in surface.split()]
        if lab == "PERSON" and words and words[-1] in ORG_ENDS:
            lab = "ORG"
        if lab in ("ORG", "PERSON") and len(words) > 1 and words[-1] in PLACE_ENDS:
            lab = "LOC"
        if lab == "PERSON" and all(w in NOT_NAMES or w in lex.honorifics or w in lex.heads for w in words):
            continue
        if lab == "PERSON":
            cands.append(Cand(s, e, "PERSON", "name", core=(s, e)))
        else:
            cands.append(Cand(s, e, lab, "name"))
        taken.append((s, e))


def _titles_and_pronouns(toks: Toks, lex: Lexicon, cands: list[Cand], taken: list[tuple[int, int]]) -> None:
    texts, starts, ends, cat, hit = toks.text, toks.start, toks.end, toks.cat, toks.hit
    n = len(texts)
    for k, word in enumerate(texts):
        low = word.lower()
        if low in PRONOUN_GENDER and not _overlaps(starts[k], ends[k], taken):
            cands.append(Cand(starts[k], ends[k], "PERSON", "pronoun", gender=PRONOUN_GENDER[low]))
            continue
        if word in FIRST_PERSON and not _overlaps(starts[k], ends[k], taken):
            cands.append(Cand(starts[k], ends[k], "PERSON", "pronoun", head="I"))
            continue
        if word in ("We", "Our") and not _overlaps(starts[k], ends[k], taken):
            cands.append(Cand(starts[k], ends[k], "PERSON", "pronoun", head="we"))
            continue
        if low != "the":
            continue
        j = k + 1
        country = None
        if j < n and cat[j] == "G":
            found = hit[j]
            if not (isinstance(found[2], tuple) and found[2][0] == "adj") and \
                    not (isinstance(found[2], Place) and found[2].kind == "country"):
                continue
            country = hit_country(found[2])
            while j < n and cat[j] == "G" and hit[j][0] == found[0]:
                j += 1
        m = j
        while m < n and cat[m] == "T":
            m += 1
        if m == j or norm(texts[m - 1]) not in lex.heads:
            continue
        if m < n and cat[m] in ("N", "H"):
            continue
        s, e = starts[k], ends[m - 1]
        if _overlaps(s, e, taken):
            continue
        head = norm(texts[m - 1])
        cands.append(Cand(s, e, "PERSON", "title", head=head, country=country,
                          gender=lex.gendered.get(head)))
        taken.append((s, e))


def _inside_names(hits: list[tuple[int, int, Any]], toks: Toks) -> list[tuple[int, int, Any]]:
    """Drop place hits that end a longer proper name ("Tarkon North America", "Velmora Canada").
    ``hits``: sorted and disjoint, as :func:`place_hits` gives them."""
    texts, starts, ends, ws = toks.text, toks.start, toks.end, toks.ws
    hit_starts = [hs for hs, _he, _h in hits]
    keep = []
    for s, e, hit in hits:
        i = bisect.bisect_left(starts, s)
        p = i - 1 if 0 < i <= len(texts) else -1
        glued = p >= 0 and ends[p] < s and ws[p] and s - ends[p] == 1
        if glued and _name_like(texts[p]) and norm(texts[p]) not in PROTECT \
                and not _in_hit(starts[p], hit_starts, hits):
            continue
        keep.append((s, e, hit))
    return keep


def _in_hit(pos: int, hit_starts: list[int], hits: list[tuple[int, int, Any]]) -> bool:
    """Whether ``pos`` lies in one of ``hits`` (sorted and disjoint; ``hit_starts`` their starts)."""
    k = bisect.bisect_right(hit_starts, pos) - 1
    return k >= 0 and pos < hits[k][1]


PROTECT = {"for", "mr", "mrs", "ms", "dr"}


def _orgs(toks: Toks, cands: list[Cand], taken: list[tuple[int, int]]) -> None:
    """Capitalized runs ending in an organisation word ("the U.S. Air Force") are ORG names."""
    texts, cat = toks.text, toks.cat
    n = len(texts)
    k = 0
    while k < n:
        word = texts[k]
        if not (word[:1].isupper() and norm(word) not in NOT_NAMES) or cat[k] == "H":
            k += 1
            continue
        j = k
        last_org = -1
        while j < n:
            w = texts[j]
            if w[:1].isupper() and cat[j] != "H" and (j == k or norm(w) not in NOT_NAMES):
                if norm(w) in ORG_ENDS:
                    last_org = j
                j += 1
            elif w.lower() in ORG_GLUE and j + 1 < n and texts[j + 1][:1].isupper():
                if w.lower() in ("and", "&") and last_org == j - 1 and last_org > k:
                    break  # "Velmora AG and Tarkon Holding LLC": two names
                j += 1
            elif w in ("'", "’") and j > k and not toks.ws[j - 1] and texts[j - 1].endswith("s") and j + 1 < n \
                    and texts[j + 1][:1].isupper():
                j += 1  # "the Norland Nurses' Union": a plural owner inside the name
            else:
                break
        if 0 <= last_org < j - 2 and texts[last_org + 1].lower() == "of":
            last_org = j - 1  # "Diocese of Halden", "University of Toronto": the whole name
        if last_org < 0 and word in ORG_STARTS:
            end = k + 1
            while end < j and cat[end] in ("N", "G"):
                end += 1
            if end > k + 1:
                last_org, j = end - 1, end  # "Air France", "Air Canada"
        if last_org >= 0 and last_org > k or (last_org == k and cat[k] == "N"):
            s, e = toks.start[k], toks.end[last_org]
            if not _overlaps(s, e, taken):
                cands.append(Cand(s, e, "ORG", "name"))
                taken.append((s, e))
        k = max(j, k + 1)
