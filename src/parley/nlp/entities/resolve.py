"""Grouping for ``parley_entities``: names into persons (full name, surname, honorific), places
into countries (names, capitals as governments, "the X side"), then titles used alone and
personal pronouns resolved to persons already named. Unresolved mentions keep ``key=None``.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from parley.nlp.entities.find import (
    NOT_NAMES,
    ORG_ENDS,
    Cand,
    QuoteRegions,
    RoleInfo,
    in_order,
    quote_regions,
    sentence_index,
    sentence_starts,
    title_fits,
)
from parley.nlp.intervals import Intervals
from parley.nlp.lexicon.actors import Lexicon, norm
from parley.nlp.lexicon.words import SURNAME_PARTICLES

PROPAGATE = {"ORG"}
COMPANY_ENDS = {"inc", "corp", "corporation", "co", "company", "ltd", "plc", "llc", "ag", "sa", "nv", "spa", "gmbh"}
NARRATOR = "(narrator)"
SUBJECT_BONUS = 1.2
WE = "(we)"
GROUPS_ONLY = {NARRATOR, WE}
# "I", "me", "my" in a quotation: its speaker speaks of themself in the first person ("we" may be a
# group the speaker speaks for; with it GUM person coreference fell 0.6562 -> 0.6553)
_FIRST_PERSON_WORD = re.compile(r"\b(?:I|[Mm]e|[Mm]y|[Mm]yself)\b")


@dataclass
class Ent:
    key: str
    name: str
    type: str
    country: str | None = None
    sector: str | None = None
    code: str | None = None
    aliases: list[str] = field(default_factory=list)
    roles: list[RoleInfo] = field(default_factory=list)
    gender: str | None = None
    words: list[str] = field(default_factory=list)
    mentions: list[Cand] = field(default_factory=list)


def _role_head(title: str, lex: Lexicon) -> str | None:
    """The head of a title, before any complement: "Special Envoy for Moldova" -> "envoy"."""
    words = norm(title).split()
    cut = next((i for i, w in enumerate(words) if w in lex.complements), len(words))
    heads = [w for w in words[:cut] if w in lex.heads]
    return heads[-1] if heads else None


class PersonMentions:
    """The mentions of persons by position (all but first-person "I"), kept up to date as mentions
    attach, so a look-back from a title or pronoun reads only the stretch of text it needs.

    Mentions sort by start, then by their entity's place in ``Resolver.ents`` (``rank``) and their place
    in its ``mentions``: the order a stable sort by start of every entity's mentions gives. Valid while
    entities keep their type, key and order: :meth:`Resolver._stale` drops it when they change.
    """

    def __init__(self, ents: dict[str, Ent]) -> None:
        self._keys: list[tuple[int, int, int]] = []  # (start, rank, place in ent.mentions), sorted
        self._items: list[tuple[Cand, Ent]] = []
        self._rank: dict[int, int] = {id(e): r for r, e in enumerate(ents.values())}
        for ent in ents.values():
            for n, m in enumerate(ent.mentions):
                self.add(ent, m, n)

    def add(self, ent: Ent, m: Cand, n: int) -> None:
        """File mention ``m``, ``ent.mentions[n]`` (a new entity goes last, as in ``Resolver.ents``)."""
        if ent.type != "PERSON" or (m.kind == "pronoun" and m.head == "I"):
            return
        key = (m.start, self._rank.setdefault(id(ent), len(self._rank)), n)
        k = bisect.bisect_left(self._keys, key)
        self._keys.insert(k, key)
        self._items.insert(k, (m, ent))

    def between(self, lo: int, before: int) -> Iterator[tuple[Cand, Ent]]:
        """Mentions with ``lo <= start`` and ``end <= before``, in order (group entities included)."""
        hi = bisect.bisect_left(self._keys, (before + 1,))
        for m, ent in self._items[bisect.bisect_left(self._keys, (lo,)):hi]:
            if m.end <= before:
                yield m, ent

    def backwards(self, before: int) -> Iterator[tuple[Cand, Ent]]:
        """Mentions of persons (not "I" or "we" groups) ending by ``before``, the last first."""
        for k in range(bisect.bisect_left(self._keys, (before + 1,)) - 1, -1, -1):
            m, ent = self._items[k]
            if m.end <= before and ent.key not in GROUPS_ONLY:
                yield m, ent

    def ranked(self, lo: int, hi: int) -> Iterator[tuple[tuple[int, int], Cand, Ent]]:
        """Mentions starting in ``[lo, hi)`` with their (rank, place), in order."""
        for k in range(bisect.bisect_left(self._keys, (lo,)), bisect.bisect_left(self._keys, (hi,))):
            yield self._keys[k][1:], *self._items[k]


class Resolver:
    def __init__(self, text: str, lex: Lexicon, *, strict: bool = False,
                 ner_labels: dict[str, set[str]] | None = None, subjects: list[int] | None = None) -> None:
        self.text = text
        self.subjects = subjects or []  # sorted start offsets of tokens that are grammatical subjects
        self.ner_labels = ner_labels or {}
        self.lex = lex
        self.strict = strict
        self.ents: dict[str, Ent] = {}
        self.sents = sentence_starts(text)
        self.regions: QuoteRegions = quote_regions(text)
        # persons by the last and the first of their words, each list in the order of self.ents
        self._by_last: dict[str, list[Ent]] = {}
        self._by_first: dict[str, list[Ent]] = {}
        self._people: PersonMentions | None = None  # built on the first look-back (self.people)
        self._holders: dict[str | None, list[Ent]] | None = None  # persons by the heads of their titles

    @property
    def people(self) -> PersonMentions:
        if self._people is None:
            self._people = PersonMentions(self.ents)
        return self._people

    def _stale(self) -> None:
        """Entities changed type, key, order or roles: the look-back indexes are built again when next read."""
        self._people = None
        self._holders = None

    def _put(self, ent: Ent) -> None:
        """Add ``ent`` last to ``self.ents`` (and to the word indexes)."""
        self.ents[ent.key] = ent
        if ent.words:
            self._by_last.setdefault(ent.words[-1], []).append(ent)
            self._by_first.setdefault(ent.words[0], []).append(ent)

    def _drop(self, ent: Ent) -> None:
        del self.ents[ent.key]
        if ent.words:
            for index, word in ((self._by_last, ent.words[-1]), (self._by_first, ent.words[0])):
                index[word] = [e for e in index[word] if e is not ent]

    # ---------------------------------------------------------------- persons

    def _person_for(self, words: list[str]) -> Ent | None:
        # every person that can match shares the last word (or, for one word, the first) with ``words``
        persons = [e for e in self._by_last.get(words[-1], ()) if e.type == "PERSON"]
        if len(words) >= 2:
            key = " ".join(words)
            if key in self.ents:
                return self.ents[key]
            if words[0] in SURNAME_PARTICLES:  # "Al Qirbani" after "Mohammad Al Qirbani", "van der Stolk"
                tails = [e for e in persons if len(e.words) > len(words) and e.words[-len(words):] == words]
                if len(tails) == 1:
                    return tails[0]
            same = [e for e in persons if (len(e.words) == 1 and e.words[0] == words[-1]) or (
                1 < len(e.words) < len(words) and e.words[0] in SURNAME_PARTICLES and words[-len(e.words):] == e.words)]
            if len(same) == 1:  # "Qirbani" or "Al Qirbani" first, "Mohammad Al Qirbani" later
                return self._rekey(same[0], key, words)
            return None
        w = words[0]
        by_last = persons  # (one word: the persons whose last word it is)
        if by_last:
            return max(by_last, key=lambda e: e.mentions[-1].start)
        by_first = [e for e in self._by_first.get(w, ()) if e.type == "PERSON" and len(e.words) > 1]
        if len(by_first) > 1:  # "Kim" after "Kim Min-jae" and "Kim Tae-ho": the one the story is about
            by_first.sort(key=lambda e: -len(e.mentions))
            if len(by_first[0].mentions) >= 3 and len(by_first[0].mentions) > 2 * len(by_first[1].mentions):
                return by_first[0]
        return by_first[0] if len(by_first) == 1 else None

    def _rekey(self, ent: Ent, key: str, words: list[str]) -> Ent:
        self._drop(ent)
        ent.key, ent.words = key, words
        self._put(ent)  # last, as a new key goes in a dict
        self._stale()
        return ent

    def add_person(self, c: Cand) -> Ent | None:
        """Attach a person's name to the person it names (a new one if none); returns that person."""
        s, e = c.core or (c.start, c.end)
        surface = self.text[s:e]
        words = self.lex.person_key(surface).split()
        if not words:
            return None
        ent = self._person_for(words)
        if ent is None:
            key = " ".join(words)
            ent = Ent(key, _display(surface), "PERSON", words=words)
            self._put(ent)
        if len(words) > len(norm(ent.name).split()):
            ent.name = _display(surface)
        if surface not in ent.aliases:
            ent.aliases.append(surface)
        if c.role and not any(r.title.lower() == c.role.title.lower() for r in ent.roles):
            ent.roles.append(c.role)
        ent.gender = ent.gender or c.gender
        self._attach(ent, c)
        self._holders = None  # its roles may have changed
        return ent

    def _attach(self, ent: Ent, c: Cand) -> None:
        c.key = ent.key
        ent.mentions.append(c)
        if self._people is not None:
            self._people.add(ent, c, len(ent.mentions) - 1)

    # ---------------------------------------------------------------- places and others

    def add_place(self, c: Cand) -> None:
        p = c.place
        if c.kind in ("metonym", "nominal", "demonym") or (p is not None and p.kind == "country"):
            iso3 = (p.country if p is not None else None) or c.country
            if not iso3:
                return
            name = self.lex.country_name(iso3)
            ent = self._get(norm(name), name, "GPE", country=iso3, code=iso3)
            if c.kind == "metonym" and p is not None:
                for alias in (self.text[c.start:c.end], p.name):
                    if alias not in ent.aliases and norm(alias) != ent.key:
                        ent.aliases.append(alias)
            self._attach(ent, c)
            return
        if p is None:
            surface = self.text[c.start:c.end]
            ent = self._get(norm(surface), _display(surface), c.label)
        else:
            label = "GPE" if p.kind in ("capital", "city") else "ORG"
            code = p.code if p.kind == "igo" else None
            ent = self._get(norm(p.name), p.name, label, country=p.country, code=code, sector=p.sector)
            surface = self.text[c.start:c.end]
            if norm(surface) != norm(p.name) and surface not in ent.aliases:
                ent.aliases.append(surface)
        self._attach(ent, c)

    def _get(self, key: str, name: str, typ: str, **kw: Any) -> Ent:
        ent = self.ents.get(key)
        if ent is None:
            ent = Ent(key, name, typ, **kw)
            self._put(ent)
        return ent

    # ---------------------------------------------------------------- titles and pronouns

    def _role_holders(self, head: str | None) -> list[Ent]:
        """Persons (in the order of ``self.ents``) with a title whose head is ``head``."""
        if self._holders is None:
            self._holders = {}
            for e in self.ents.values():
                if e.type == "PERSON":
                    for h in dict.fromkeys(_role_head(r.title, self.lex) for r in e.roles):
                        self._holders.setdefault(h, []).append(e)
        return self._holders.get(head, [])

    def resolve_title(self, c: Cand) -> None:
        """A title used alone ("the prime minister", "the judge") goes to the person who holds that title
        in the article (a title before the name or in apposition): the one named last before it, else the
        only holder. Never to the holder of another office ("the minister" is no prime minister) or a
        former holder; with no holder it stays unresolved."""
        said = self.text[c.start:c.end]
        holders = [e for e in self._role_holders(c.head)
                   if any(_role_head(r.title, self.lex) == c.head and title_fits(said, r) for r in e.roles)
                   and (c.country is None or e.country in (None, c.country))]
        if not holders:
            return
        ids = {id(e) for e in holders}
        ent = next((e for _m, e in self.people.backwards(c.start) if id(e) in ids), None)
        if ent is None and len(holders) == 1:
            ent = holders[0]
        if ent is not None:
            self._attach(ent, c)
            ent.gender = ent.gender or c.gender

    def resolve_pronoun(self, c: Cand) -> None:
        """Score persons of this and the two previous sentences: gender agreement, continuing a
        pronoun chain (the centre), being the first person named in a sentence, being a grammatical
        subject, recency."""
        si = sentence_index(self.sents, c.start)
        # sentences are indexed only from two before this one: earlier mentions are out of reach
        reach = self.sents[si - 2] if si >= 2 else -1
        hist = [(m, e, sentence_index(self.sents, m.start)) for m, e in self.people.between(reach, c.start)
                if e.key not in GROUPS_ONLY]
        speaker = self._speaking_in_first_person(c.start)
        window = [(m, e, i) for m, e, i in hist if si - 2 <= i <= si and e.gender in (None, c.gender)
                  and e is not speaker]
        if not window:
            # nobody in reach: the last person named before whose gender does not clash
            same = next((e for _m, e in self.people.backwards(c.start) if e.gender in (None, c.gender)
                         and e is not speaker), None)
            if same is not None and not self.strict:
                self._attach(same, c)
            return
        first_in_sent: dict[int, str] = {}
        for _m, e, i in hist:
            first_in_sent.setdefault(i, e.key)
        scores: dict[str, float] = {}
        for m, e, i in window:
            score = (2.0 if e.gender == c.gender else 0.0) - 0.6 * (si - i)
            score += 1.2 if m.kind == "pronoun" else 0.0
            score += SUBJECT_BONUS if self._is_subject(m) else 0.0
            score += 1.0 if first_in_sent.get(i) == e.key else 0.0
            score += min(len(e.mentions), 10) * 0.05
            scores[e.key] = max(scores.get(e.key, -99.0), score)
        ranked = sorted(scores.items(), key=lambda kv: -kv[1])
        if self.strict and len(ranked) > 1 and ranked[0][1] - ranked[1][1] < 0.5:
            return
        ent = self.ents[ranked[0][0]]
        self._attach(ent, c)
        ent.gender = ent.gender or c.gender

    def resolve_first_person(self, c: Cand, regions: QuoteRegions) -> None:
        """"I" inside a quotation is its speaker: the person named nearest the quote in the same
        paragraph (after it first, "..., said Smith", then before it). Outside quotations "I" is
        the narrator, one entity per document."""
        quote = regions.at(c.start)
        if quote is None:
            if NARRATOR in self.ents and self.ents[NARRATOR].type != "PERSON":
                return
            ent = self._get(NARRATOR, "I", "PERSON", words=["i"])
            self._attach(ent, c)
            return
        speaker = self._quote_speaker(quote)
        if speaker is not None:
            self._attach(speaker, c)

    def _speaking_in_first_person(self, pos: int) -> Ent | None:
        """The speaker of the quotation around ``pos`` when it speaks of itself as "I" (as
        :meth:`resolve_first_person` finds it): a he or she in it is someone else ("“I will back
        him all the way,” she said": "him" is not the speaker)."""
        quote = self.regions.at(pos)
        if quote is None or not _FIRST_PERSON_WORD.search(self.text, quote[0], quote[1]):
            return None
        return self._quote_speaker(quote)

    def _quote_speaker(self, quote: tuple[int, int]) -> Ent | None:
        """The person named nearest the quotation in its paragraph: after it first ("…,” said
        Smith), then before it."""
        para_start = self.text.rfind("\n", 0, quote[0]) + 1
        para_end = self.text.find("\n", quote[1])
        para_end = len(self.text) if para_end < 0 else para_end
        # the nearest; of two as near, the one first in the order of self.ents and their mentions
        best: tuple[int, tuple[int, int], Ent] | None = None
        for order, m, ent in self.people.ranked(para_start, para_end):
            if ent.key == NARRATOR:
                continue
            if quote[1] <= m.start < para_end:
                dist = m.start - quote[1]
            elif para_start <= m.start and m.end <= quote[0]:
                dist = 10 * (quote[0] - m.end)
            else:
                continue
            if best is None or (dist, order) < best[:2]:
                best = (dist, order, ent)
        return best[2] if best is not None else None

    def _is_subject(self, m: Cand) -> bool:
        k = bisect.bisect_left(self.subjects, m.start)
        return k < len(self.subjects) and self.subjects[k] < m.end

    # ---------------------------------------------------------------- countries from context

    def infer_countries(self) -> None:
        regions = self.regions
        for ent in self.ents.values():
            if ent.type != "PERSON":
                continue
            # a known person's own country (actor data, --actors lists) beats a guess from the
            # places named around them; a title that names a country ("Russian Foreign Minister") wins
            known = self.lex.persons.get(ent.key)
            for r in ent.roles:
                if r.country is None:
                    r.country = (known.country if known is not None else None) or \
                        self._context_country(ent, regions)
            ent.country = ent.country or next((r.country for r in ent.roles if r.country), None)
            ent.sector = ent.sector or next((r.sector for r in ent.roles if r.sector), None)
            if known is not None:
                ent.country = ent.country or known.country
                ent.sector = ent.sector or known.sector
            if ent.country:
                ent.code = ent.country + (ent.sector or "") if ent.sector else ent.country

    def _context_country(self, ent: Ent, regions: QuoteRegions) -> str | None:
        """Inside a quote, the country of the speaker of its paragraph ("we" speak for them); never a
        guess from places named nearby ("The US commander in Iraq met President Suleiman")."""
        first = next((m for m in ent.mentions if m.kind == "name"), None)
        if first is None:
            return None
        quote = regions.at(first.start)
        if quote is not None:
            para = self.text.rfind("\n", 0, quote[0]) + 1
            for m, e in self.people.backwards(quote[0]):  # the last person named before, in the paragraph
                if m.start < para:
                    break
                if e is not ent and (e.country or any(r.country for r in e.roles)):
                    return e.country or next(r.country for r in e.roles if r.country)
        return None

    # ---------------------------------------------------------------- the whole pass

    def run(self, cands: list[Cand], loose: list[Cand]) -> list[Cand]:
        for c in cands:
            if c.kind == "name" and c.label == "PERSON":
                self.add_person(c)
        claimed = []
        surnames = self._person_surnames()  # not a scan of every entity per loose run
        for c in loose:
            words = self.lex.person_key(self.text[c.start:c.end]).split()
            if words and words[-1] in surnames:
                ent = self.add_person(c)
                claimed.append(c)
                # a person only gains a surname here (a new key keeps the last word)
                if ent is not None and ent.type == "PERSON" and ent.words:
                    surnames.add(ent.words[-1])
        cands = in_order([*cands, *claimed])
        for c in cands:
            if c.label != "PERSON":
                self.add_place(c)
        # roles first, so countries are known before titles are resolved
        self.infer_countries()
        self.bare_names_to_orgs()  # before pronouns, so no he/she goes to "Fiat"
        self.short_names_to_orgs()
        regions = self.regions
        for c in cands:
            if c.kind == "title":
                self.resolve_title(c)
            elif c.kind == "pronoun" and c.head == "we":
                if regions.at(c.start) is None:
                    self._attach(self._get(WE, "we", "PERSON", words=["we"]), c)
            elif c.kind == "pronoun" and c.head == "I":
                self.resolve_first_person(c, regions)
            elif c.kind == "pronoun":
                self.resolve_pronoun(c)
        self.unify_labels()
        return self.propagate(cands)

    def _person_surnames(self) -> set[str]:
        """The last words of the persons found so far."""
        return {e.words[-1] for e in self.ents.values() if e.type == "PERSON" and e.words}

    def propagate(self, cands: list[Cand]) -> list[Cand]:
        """Repeat each organisation or place name where the NER missed it: the same capitalized
        surface, as a whole word, not inside another mention."""
        repeats: list[tuple[Ent, str, list[str]]] = []  # (entity, label, surfaces to repeat)
        for ent in list(self.ents.values()):
            if ent.type not in PROPAGATE:
                continue
            surfaces = {self.text[m.start:m.end] for m in ent.mentions if m.kind == "name" and m.place is None}
            for surface in list(surfaces):
                # "Ford Motor Company" -> "Ford": the maker's own word before a company suffix
                words = surface.split()
                first = norm(words[0]) if words else ""
                if len(words) > 1 and norm(words[-1]) in COMPANY_ENDS and first not in NOT_NAMES \
                        and first not in self.lex.heads and first not in self.lex.modifiers \
                        and self.lex.place(words[0]) is None and words[0].isalpha():
                    surfaces.add(words[0])
            label = next((m.label for m in ent.mentions if m.kind == "name"), ent.type)
            # the longest first, then in order: "Norvik Energy" claims its words before "Norvik" can (a set's
            # order would change with the process's hash seed)
            repeats.append((ent, label, sorted((sf for sf in surfaces if len(sf) >= 2 and sf[0].isupper()),
                                               key=lambda sf: (-len(sf), sf))))
        # where the first word of each surface starts (a surface is found only there); only those
        # words are filed, not every word of the text
        firsts = {w0.group() for _e, _l, found in repeats for sf in found if (w0 := re.match(r"\w+", sf))}
        word_starts: dict[str, list[int]] = {}
        for w in re.finditer(r"\w+", self.text):
            if w.group() in firsts:
                word_starts.setdefault(w.group(), []).append(w.start())
        taken = Intervals((c.start, c.end) for c in cands)
        added: list[Cand] = []
        for ent, label, found in repeats:
            for surface in found:
                for s, e in _occurrences(self.text, surface, word_starts):
                    if taken.overlaps(s, e):
                        continue
                    c = Cand(s, e, label, "name", key=ent.key)
                    ent.mentions.append(c)
                    added.append(c)
                    taken.append((s, e))
        return in_order([*cands, *added]) if added else cands

    def unify_labels(self) -> None:
        """One label per named organisation or place: the NER's majority over its name mentions
        (ties: ORG, then GPE), so "Chrysler" is not an ORG in one sentence and a LOC in the next."""
        rank = {"ORG": 0, "GPE": 1, "LOC": 2}
        for ent in self.ents.values():
            names = [m for m in ent.mentions if m.kind == "name" and m.place is None and m.label in rank]
            if ent.type == "PERSON" or len({m.label for m in names}) < 2:
                continue
            votes: dict[str, int] = {}
            for m in names:
                votes[m.label] = votes.get(m.label, 0) + 1
            best = min(votes, key=lambda lab: (-votes[lab], rank[lab]))
            for m in names:
                m.label = best
            ent.type = best
            self._stale()

    def bare_names_to_orgs(self) -> None:
        """A one-word "person" never given a first name, title, honorific or he/she, which the NER
        also tags as something else in the same document ("Boeing", "Fiat") or which starts a longer
        organisation name there ("Ford" after "Ford Motor Company"), is an organisation; so is a
        full name always written the same way that the NER also tags otherwise."""
        org_heads = {norm(e.name).split()[0] for e in self.ents.values()
                     if e.type == "ORG" and len(norm(e.name).split()) > 1}
        for ent in self.ents.values():
            if ent.type != "PERSON" or ent.roles or ent.gender:
                continue
            if any(m.kind != "name" or m.role is not None for m in ent.mentions):
                continue
            key = " ".join(ent.words)
            other_tag = bool(self.ner_labels.get(key, set()) - {"PERSON"})
            if len(ent.words) > 1:
                # "Northrop Grumman", "Lockheed Martin": every mention the same full name, which
                # the NER also tags as an organisation or place
                if not other_tag or any(norm(self.text[m.start:m.end]) != key for m in ent.mentions):
                    continue
            elif any(len(self.text[m.start:m.end].split()) > 1 for m in ent.mentions) or not (
                    other_tag or key in org_heads):
                continue
            ent.type = "ORG"
            self._stale()
            for m in ent.mentions:
                m.label = "ORG"

    def short_names_to_orgs(self) -> None:
        """An organisation named by one word that opens the longer name of exactly one organisation of the
        document, which ends on an organisation word ("Norvik" and "Norvik Energy", "Velmar" and "Velmar
        Holdings"), is that organisation: its mentions and the short name join the longer one."""
        longer: dict[str, list[Ent]] = {}
        for e in self.ents.values():
            words = norm(e.name).split()
            if e.type == "ORG" and len(words) > 1 and words[-1] in ORG_ENDS \
                    and not re.search(r"['’]s?$", e.name.split()[0]):  # ("Holm's Senate office" is Holm's)
                longer.setdefault(words[0], []).append(e)
        short = [(e, words[0]) for e in self.ents.values() if e.type == "ORG"
                 for words in [norm(e.name).split()] if len(words) == 1 and len(longer.get(words[0], ())) == 1]
        for ent, word in short:
            whole = longer[word][0]
            for m in ent.mentions:
                m.key = whole.key
            whole.mentions = sorted(whole.mentions + ent.mentions, key=lambda c: c.start)
            if ent.name not in whole.aliases:
                whole.aliases.append(ent.name)
            self._drop(ent)
        if short:
            self._stale()


def _display(surface: str) -> str:
    """Canonical display form: collapse spaces; title-case names written in capitals."""
    s = " ".join(surface.split())
    if s.isupper() and len(s) > 4:
        s = " ".join(w.capitalize() for w in s.split())
    return s


_AFTER = re.compile(r"[\w-]")


def _occurrences(text: str, surface: str, words: dict[str, list[int]]) -> list[tuple[int, int]]:
    r"""What ``re.finditer(r"(?<![\w.-])" + re.escape(surface) + r"(?![\w-])", text)`` finds, for a
    surface starting with a word character, looked up only where its first word starts in ``text``
    (``words``: each word's starts), not by a scan of the whole text per surface."""
    first = re.match(r"\w+", surface)
    if first is None:
        return [(m.start(), m.end()) for m in
                re.finditer(r"(?<![\w.-])" + re.escape(surface) + r"(?![\w-])", text)]
    out: list[tuple[int, int]] = []
    last = 0
    for s in words.get(first.group(), ()):
        e = s + len(surface)
        if s < last or not text.startswith(surface, s) or (s and text[s - 1] in ".-") \
                or _AFTER.match(text, e):
            continue
        out.append((s, e))
        last = e
    return out
