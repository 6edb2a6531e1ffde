"""Mention finding for ``parley_entities``: places, titled and honorific names, NER names, titles
used alone, the "X side" nominals and personal pronouns. Nothing here writes to the Doc.

Every candidate is a :class:`Cand` in character offsets; :mod:`parley.nlp.entities.resolve`
groups them into entities.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field
from typing import Any

from parley.nlp.intervals import Intervals
from parley.nlp.lexicon.actors import Lexicon, Place, norm
from parley.nlp.lexicon.words import ARTICLES, MONTH_NAMES, PRONOUN_GENDER, SURNAME_PARTICLES, WEEKDAYS, word_set

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


@dataclass(slots=True)
class Tok:
    text: str
    start: int
    end: int
    ws: bool  # whitespace after
    cat: str = "O"  # G place hit, H honorific, T title word, N name-like, O other
    hit: Any = None


def _name_like(text: str) -> bool:
    if not text or not text[0].isupper() or not any(c.isalpha() for c in text):
        return False
    return norm(text) not in NOT_NAMES


def categorize(tokens: list[Tok], hits: list[tuple[int, int, Any]], lex: Lexicon) -> None:
    starts = [t.start for t in tokens]
    for s, e, hit in hits:
        i = bisect.bisect_left(starts, s)
        while i < len(tokens) and tokens[i].start < e:
            tokens[i].cat, tokens[i].hit = "G", (s, e, hit)
            i += 1
    for k, t in enumerate(tokens):
        if t.cat == "G":
            continue
        low = t.text.lower()
        n = norm(t.text)
        if low in lex.honorifics and (t.text[0].isupper()):
            t.cat = "H"
        elif n in lex.heads or n in lex.modifiers:
            # a title word inside a name run ("Martin Luther King said") is part of the name
            prev_n = k > 0 and tokens[k - 1].cat == "N"
            nxt = tokens[k + 1] if k + 1 < len(tokens) else None
            if prev_n and t.text[0].isupper() and not (nxt and _name_like(nxt.text)):
                t.cat = "N"
            else:
                t.cat = "T"
        elif _name_like(t.text):
            t.cat = "N"


def name_runs(tokens: list[Tok]) -> list[tuple[int, int]]:
    """Maximal runs of name-like tokens, allowing particles and glued hyphens/apostrophes inside."""
    runs: list[tuple[int, int]] = []
    i = 0
    while i < len(tokens):
        if tokens[i].cat != "N":
            i += 1
            continue
        j = i + 1
        while j < len(tokens):
            t = tokens[j]
            if t.cat == "N":
                j += 1
            elif (t.text.lower() in SURNAME_PARTICLES or (t.text in "-'’" and not tokens[j - 1].ws)) \
                    and j + 1 < len(tokens) and tokens[j + 1].cat == "N":
                j += 2
            elif t.text == "-" and not tokens[j - 1].ws and not t.ws and j + 1 < len(tokens) \
                    and tokens[j + 1].text.isalpha() and tokens[j + 1].text.islower() and len(tokens[j + 1].text) <= 4 \
                    and (j + 2 >= len(tokens) or tokens[j + 1].ws or not tokens[j + 2].text[:1].isalpha()):
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


def _title_text(tokens: list[Tok], i: int, j: int, text: str) -> str:
    return text[tokens[i].start:tokens[j - 1].end] if j > i else ""


def title_before(tokens: list[Tok], a: int, lex: Lexicon, text: str) -> tuple[int, RoleInfo | None, str | None, bool]:
    """Scan left of name token ``a`` for a title: (mention start token, role, gender, honorific?)."""
    k = a - 1
    has_head = False
    honorific = False
    gender: str | None = None
    while k >= 0:
        t = tokens[k]
        if t.cat == "H" and k == a - 1:
            honorific = True
            gender = lex.honorifics.get(t.text.lower())
            k -= 1
            continue
        if t.cat == "T":
            n = norm(t.text)
            has_head = has_head or n in lex.heads
            gender = gender or lex.gendered.get(n)
            k -= 1
            continue
        if t.cat == "G" and k > 0 and not has_head:
            # "Envoy for Ukraine Keith Kellogg": a place after a complement inside the title
            s = t.hit[0]
            p = k
            while p > 0 and tokens[p - 1].cat == "G" and tokens[p - 1].hit[0] == s:
                p -= 1
            if p > 0 and tokens[p - 1].text.lower() in lex.complements and p > 1 and tokens[p - 2].cat == "T":
                k = p - 2
                continue
        break
    ts = k + 1
    if honorific and ts == a - 1:
        return ts, None, gender, True
    if not has_head:
        return a, None, None, False
    tstart = ts + 1 if tokens[ts].cat == "H" else ts
    former = False
    while tstart < a and norm(tokens[tstart].text) in {"former", "ex", "then", "outgoing"}:
        tstart += 1
        former = True
    former = former or (ts > 0 and norm(tokens[ts - 1].text) in NOT_NOW)  # "the late President X"
    title = _title_text(tokens, tstart, a - (1 if tokens[a - 1].cat == "H" else 0), text)
    role = RoleInfo(title=title, sector=lex.title_sector(title), former=former) if title else None
    # a country, demonym or institution just before the title ("Russian", "Russia's", "Kremlin")
    c = ts - 1
    if c >= 0 and tokens[c].text in ("'s", "’s") and c > 0:
        c -= 1
    if c >= 0 and tokens[c].cat == "G":
        hit = tokens[c].hit
        if role is not None:
            role.country = hit_country(hit[2])
            if isinstance(hit[2], Place) and hit[2].sector and hit[2].kind == "institution":
                role.sector = hit[2].sector
            if isinstance(hit[2], Place) and hit[2].kind == "igo":
                role.sector = "IGO"
        s = hit[0]
        p = c
        while p > 0 and tokens[p - 1].cat == "G" and tokens[p - 1].hit[0] == s:
            p -= 1
        ts = p
    return ts, role, gender, honorific


def apposition_before(tokens: list[Tok], a: int, lex: Lexicon, text: str) -> RoleInfo | None:
    """'its leader, Bruno Aske,' / 'the Kestrel ambassador, Hendrik Voss,' -> role (the title is in
    apposition before the name, after a comma; the mention itself is the name)."""
    k = a - 1
    if k < 1 or tokens[k].text != "," or tokens[k - 1].cat != "T" or norm(tokens[k - 1].text) not in lex.heads:
        return None
    end = k
    while k > 0 and tokens[k - 1].cat == "T":
        k -= 1
    title = _title_text(tokens, k, end, text)
    country = hit_country(tokens[k - 1].hit[2]) if k > 0 and tokens[k - 1].cat == "G" else None
    former = any(w in NOT_NOW for w in title_words(title)) or (k > 0 and norm(tokens[k - 1].text) in NOT_NOW)
    return RoleInfo(title=title, country=country, sector=lex.title_sector(title), former=former)


def apposition_after(tokens: list[Tok], b: int, lex: Lexicon, text: str) -> RoleInfo | None:
    """'Sergey Lavrov, the Russian foreign minister,' -> role."""
    k = b
    if k >= len(tokens) or tokens[k].text != ",":
        return None
    k += 1
    if k < len(tokens) and tokens[k].text.lower() in ARTICLES:
        k += 1
    country = None
    if k < len(tokens) and tokens[k].cat == "G":
        hit = tokens[k].hit
        country = hit_country(hit[2])
        while k < len(tokens) and tokens[k].cat == "G" and tokens[k].hit[0] == hit[0]:
            k += 1
        if k < len(tokens) and tokens[k].text in ("'s", "’s"):
            k += 1
    s = k
    while k < len(tokens) and tokens[k].cat == "T":
        k += 1
    if k == s or norm(tokens[k - 1].text) not in lex.heads:
        return None
    title = _title_text(tokens, s, k, text)
    former = any(w in NOT_NOW for w in title_words(title)) or norm(tokens[s - 1].text) in NOT_NOW
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


def find_candidates(text: str, tokens: list[Tok], ents: list[tuple[int, int, str]],
                    lex: Lexicon) -> tuple[list[Cand], list[Cand]]:
    """(mention candidates, loose capitalized runs)."""
    hits = _inside_names(place_hits(text, lex), tokens)
    categorize(tokens, hits, lex)
    cands: list[Cand] = []
    taken: list[tuple[int, int]] = Intervals()
    ner_at = _Labelled(ents)
    _acronym_definitions(tokens, cands, taken)
    _persons(text, tokens, ner_at, lex, cands, taken)
    loose = _loose(tokens, cands, taken, ner_at, lex)
    _orgs(text, tokens, cands, taken)
    _places(text, tokens, hits, cands, taken)
    _ner(text, ner_at, lex, cands, taken)
    _titles_and_pronouns(text, tokens, lex, cands, taken)
    cands.sort(key=lambda c: (c.start, -c.end))
    return cands, loose


INITIAL_SKIP = {"of", "and", "the", "for", "de", "&", "on", "in"}


def _acronym_definitions(tokens: list[Tok], cands: list[Cand], taken: list[tuple[int, int]]) -> None:
    """"Export Development Canada (EDC)": capitalized words whose initials are the capitals in the
    parentheses that follow are one organisation name, whatever the NER made of them."""
    for k in range(len(tokens) - 2):
        if tokens[k].text != "(" or tokens[k + 2].text != ")":
            continue
        short = tokens[k + 1].text.replace(".", "")
        if not (2 <= len(short) <= 6 and short.isupper() and short.isalpha()):
            continue
        i = k
        letters: list[str] = []
        while i > 0 and len(letters) < len(short):
            w = tokens[i - 1].text
            if w.lower() in INITIAL_SKIP and letters:
                i -= 1
                continue
            if not (w[:1].isupper() and w.replace("-", "").isalpha()):
                break
            letters.insert(0, w[0])
            i -= 1
        if "".join(letters) == short and len(letters) >= 2 and tokens[i].text.lower() not in INITIAL_SKIP:
            s, e = tokens[i].start, tokens[k - 1].end
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


def _persons(text: str, tokens: list[Tok], ner_at: list[tuple[int, int, str]], lex: Lexicon,
             cands: list[Cand], taken: list[tuple[int, int]]) -> None:
    for a, b in name_runs(tokens):
        s, e = tokens[a].start, tokens[b - 1].end
        ts, role, gender, honorific = title_before(tokens, a, lex, text)
        if role is None and not honorific:
            role = apposition_before(tokens, a, lex, text)
            if role is not None:
                gender = next((lex.gendered[w] for w in norm(role.title).split() if w in lex.gendered), None)
        ner = _ner_label(s, e, ner_at)
        known = lex.person_key(text[s:e]) in lex.persons
        titled = role is not None or honorific
        if not (titled or ner == "PERSON" or known):
            continue
        if sum(t.cat == "N" for t in tokens[a:b]) > 4 and not titled:
            continue
        if ner in ("ORG", "GPE", "LOC") and not titled:
            continue
        if not titled and tokens[a].text in ORG_STARTS:
            continue  # "Aer Lingus", "Air France": left to _orgs
        if not titled and a >= 2 and tokens[a - 1].text == "of" and tokens[a - 2].text[:1].isupper() \
                and norm(tokens[a - 2].text) in ORG_ENDS:
            continue  # "Diocese of Halden", "Bank of England": the end of an organisation's name
        if not titled and b - a > 1 and norm(tokens[b - 1].text) in PLACE_ENDS:
            continue  # "Tessel Dam", "Sarn River": a place, left to _ner
        if not titled and norm(tokens[b - 1].text) in ORG_ENDS:
            continue  # "Saturn Corporation", "Xiamen Airlines": an organisation, left to _orgs
        if role is None:
            role = apposition_after(tokens, b, lex, text)
            if role is not None:
                gender = gender or next((lex.gendered[w] for w in norm(role.title).split() if w in lex.gendered),
                                        None)
        start = tokens[ts].start
        cands.append(Cand(start, e, "PERSON", "name", core=(s, e), role=role, gender=gender))
        taken.append((start, e))


def _loose(tokens: list[Tok], cands: list[Cand], taken: list[tuple[int, int]],
           ner_at: list[tuple[int, int, str]], lex: Lexicon) -> list[Cand]:
    """Capitalized runs not yet claimed: persons only if they repeat a surname found elsewhere."""
    out = []
    for a, b in name_runs(tokens):
        s, e = tokens[a].start, tokens[b - 1].end
        if sum(t.cat == "N" for t in tokens[a:b]) > 3 or _overlaps(s, e, taken):
            continue
        lab = _ner_label(s, e, ner_at)
        if lab in ("ORG", "GPE", "LOC"):
            continue
        out.append(Cand(s, e, "PERSON", "name", core=(s, e)))
    return out


def _places(text: str, tokens: list[Tok], hits: list[tuple[int, int, Any]], cands: list[Cand],
            taken: list[tuple[int, int]]) -> None:
    starts = [t.start for t in tokens]
    for s, e, hit in hits:
        if _overlaps(s, e, taken):
            continue
        i = bisect.bisect_left(starts, s)
        prev = tokens[i - 1].text.lower() if 0 < i <= len(tokens) else ""
        j = bisect.bisect_left(starts, e)
        nxt = tokens[j].text.lower() if j < len(tokens) else ""
        if isinstance(hit, tuple):
            kind, iso3 = hit
            if kind == "adj" and prev == "the" and nxt == "side":
                cs, ce = tokens[i - 1].start, tokens[j].end
                cands.append(Cand(cs, ce, "GPE", "nominal", country=iso3))
                taken.append((cs, ce))
            elif kind == "people":
                cs = tokens[i - 1].start if prev == "the" else s
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


def _titles_and_pronouns(text: str, tokens: list[Tok], lex: Lexicon, cands: list[Cand],
                         taken: list[tuple[int, int]]) -> None:
    for k, t in enumerate(tokens):
        low = t.text.lower()
        if low in PRONOUN_GENDER and not _overlaps(t.start, t.end, taken):
            cands.append(Cand(t.start, t.end, "PERSON", "pronoun", gender=PRONOUN_GENDER[low]))
            continue
        if t.text in FIRST_PERSON and not _overlaps(t.start, t.end, taken):
            cands.append(Cand(t.start, t.end, "PERSON", "pronoun", head="I"))
            continue
        if t.text in ("We", "Our") and not _overlaps(t.start, t.end, taken):
            cands.append(Cand(t.start, t.end, "PERSON", "pronoun", head="we"))
            continue
        if low != "the":
            continue
        j = k + 1
        country = None
        if j < len(tokens) and tokens[j].cat == "G":
            hit = tokens[j].hit
            if not (isinstance(hit[2], tuple) and hit[2][0] == "adj") and \
                    not (isinstance(hit[2], Place) and hit[2].kind == "country"):
                continue
            country = hit_country(hit[2])
            while j < len(tokens) and tokens[j].cat == "G" and tokens[j].hit[0] == hit[0]:
                j += 1
        m = j
        while m < len(tokens) and tokens[m].cat == "T":
            m += 1
        if m == j or norm(tokens[m - 1].text) not in lex.heads:
            continue
        if m < len(tokens) and tokens[m].cat in ("N", "H"):
            continue
        s, e = t.start, tokens[m - 1].end
        if _overlaps(s, e, taken):
            continue
        head = norm(tokens[m - 1].text)
        cands.append(Cand(s, e, "PERSON", "title", head=head, country=country,
                          gender=lex.gendered.get(head)))
        taken.append((s, e))


def _inside_names(hits: list[tuple[int, int, Any]], tokens: list[Tok]) -> list[tuple[int, int, Any]]:
    """Drop place hits that end a longer proper name ("EADS North America", "Chrysler Canada")."""
    starts = [t.start for t in tokens]
    keep = []
    for s, e, hit in hits:
        i = bisect.bisect_left(starts, s)
        prev = tokens[i - 1] if 0 < i <= len(tokens) else None
        glued = prev is not None and prev.end < s and text_gap_is_space(prev, s)
        if glued and prev is not None and _name_like(prev.text) and norm(prev.text) not in PROTECT \
                and not any(hs <= prev.start < he for hs, he, _ in hits):
            continue
        keep.append((s, e, hit))
    return keep


PROTECT = {"for", "mr", "mrs", "ms", "dr"}


def text_gap_is_space(prev: Tok, start: int) -> bool:
    return prev.ws and start - prev.end == 1


def _orgs(text: str, tokens: list[Tok], cands: list[Cand], taken: list[tuple[int, int]]) -> None:
    """Capitalized runs ending in an organisation word ("the U.S. Air Force") are ORG names."""
    k = 0
    while k < len(tokens):
        t = tokens[k]
        if not (t.text[:1].isupper() and norm(t.text) not in NOT_NAMES) or t.cat == "H":
            k += 1
            continue
        j = k
        last_org = -1
        while j < len(tokens):
            w = tokens[j]
            if w.text[:1].isupper() and w.cat != "H" and (j == k or norm(w.text) not in NOT_NAMES):
                if norm(w.text) in ORG_ENDS:
                    last_org = j
                j += 1
            elif w.text.lower() in ORG_GLUE and j + 1 < len(tokens) and tokens[j + 1].text[:1].isupper():
                if w.text.lower() in ("and", "&") and last_org == j - 1 and last_org > k:
                    break  # "Daimler AG and Chrysler Holding LLC": two names
                j += 1
            else:
                break
        if 0 <= last_org < j - 2 and tokens[last_org + 1].text.lower() == "of":
            last_org = j - 1  # "Diocese of Halden", "University of Toronto": the whole name
        if last_org < 0 and t.text in ORG_STARTS:
            end = k + 1
            while end < j and tokens[end].cat in ("N", "G"):
                end += 1
            if end > k + 1:
                last_org, j = end - 1, end  # "Air France", "Air Canada"
        if last_org >= 0 and last_org > k or (last_org == k and tokens[k].cat == "N"):
            s, e = tokens[k].start, tokens[last_org].end
            if not _overlaps(s, e, taken):
                cands.append(Cand(s, e, "ORG", "name"))
                taken.append((s, e))
        k = max(j, k + 1)
