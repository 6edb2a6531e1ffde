"""Person names for ``parley_quotes``: the names a document writes, their full forms and genders.

Names come from the NER's PERSON entities (without titles, an owner before ``'s`` or a photo
credit), from the people of :mod:`parley.nlp.entities.component`, and from runs of capitalized words the NER
missed or cut ("Theresa" of "Theresa May", a subject "Malick Tandia"). A surname or an honorific
takes the fullest name in the document ending with that surname, and a bare title ("the
chancellor") takes the name written after that title elsewhere in the document ("Chancellor
Dieter Falkenrath").

Gender comes from an honorific or a gendered noun before the name ("Ms. May", "her husband Michael"),
else ``data/quotes/given_names.yaml``, else the he/she written in sentences about that person alone.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass

from spacy.lang.en.stop_words import STOP_WORDS
from spacy.tokens import Doc, Span, Token

from parley.nlp.context import context_for, entity_index
from parley.nlp.intervals import Intervals
from parley.nlp.lexicon.words import PRONOUN_GENDER, SURNAME_PARTICLES, given_names, word_map, word_set
from parley.records import Entity

NAMES = "quotes/names"  # data/quotes/names.yaml
HONORIFICS = word_set(NAMES, "honorifics")
TITLE_WORDS = word_set(NAMES, "title_words") | HONORIFICS
# Title words that end a title used alone ("the senator"), not only modify one ("foreign", "state").
TITLE_HEADS = word_set(NAMES, "title_words") - word_set(NAMES, "title_modifiers")
# Places a story is set in, named by their kind ("the state's governor" is the governor the story means).
HOME_PLACES = word_set(NAMES, "home_places")
HONORIFIC_GENDER = word_map(NAMES, "honorific_gender")
GENDER_NOUNS = word_map(NAMES, "gender_nouns")
RELATION_NOUNS = word_set(NAMES, "relation_nouns")
_NAME_RUN = r"[A-Z][\w'’-]+(?:\s+[A-Z][\w'’.-]+){0,3}"


def quoted_regions(text: str) -> list[tuple[int, int]]:
    """Character ranges inside quote marks, paired within a paragraph (curly marks, else straight)."""
    out = []
    for m in re.finditer(r"[^\n]+", text):
        para, base = m.group(0), m.start()
        for pat in (r"“[^“”]*(?:”|$)", r'"[^"]*(?:"|$)'):
            out += [(base + q.start(), base + q.end()) for q in re.finditer(pat, para)]
    return sorted(out)


def _inside(regions: list[tuple[int, int]], pos: int) -> bool:
    k = bisect.bisect_right(regions, (pos, 10**12)) - 1
    return k >= 0 and regions[k][0] <= pos < regions[k][1]


class NameBook:
    """The people one document names, read once: their full names, their mentions and their genders."""

    def __init__(self, doc: Doc) -> None:
        self.doc = doc
        self.text = context_for(doc).text  # Doc.text rebuilds the string on every access
        self._other_names: set[str] | None = None
        self._names = _doc_names(doc)
        self._persons = sorted([(e.start_char, n) for e in doc.ents if e.label_ == "PERSON"
                                for n in [_strip_name(e.text)] if n] + _entity_persons(doc) + _cut_names(doc)
                               + [(a, n) for a, _, n in _subject_names(doc)])
        self._pool: list[tuple[int, int, str | None, str, bool]] | None = None
        self._person_spans: list[Span] | None = None
        self._person_starts: list[int] = []
        self._quoted: list[tuple[int, int]] | None = None
        self._described: set[str] = set()  # one-word names introduced with a description
        self._genders: dict[str, str | None] = {}
        self._evidence: tuple[dict[str, set[str]], dict[str, set[str]], dict[str, dict[str, int]]] | None = None
        self._uses: list[TitleUse] | None = None
        self._by_words: dict[tuple[str, tuple[str, ...]], list[tuple[int, str]]] = {}  # the persons a look-up fits
        self._by_surname: dict[str, list[str]] | None = None
        self._names_fitting: dict[tuple[str, ...], list[str]] = {}  # _full's names by the words asked
        self._names_by_last: dict[str, list[str]] = {}
        self._word_at: dict[int, dict[str, list[int]]] = {}  # word position -> word -> indexes in _persons
        self._multi_words: set[str] | None = None
        self._last_words: set[str] | None = None
        self._person_ents = Intervals()

    def _persons_where(self, kind: str, words: list[str], fits: Callable[[str], bool], at: int = -1
                       ) -> list[tuple[int, str]]:
        """``[(a, n) for a, n in self._persons if fits(n)]``, worked out once per look-up kind and words
        (``fits`` depends on nothing else; it must hold only for names whose word ``at``, lower case, is
        ``words[at]``): a long document asks the same names again and again."""
        key = (kind, tuple(words))
        if key not in self._by_words:
            if at not in self._word_at:
                self._word_at[at] = {}
                for k, (_, n) in enumerate(self._persons):
                    if n.split():
                        self._word_at[at].setdefault(n.lower().split()[at], []).append(k)
            self._by_words[key] = [self._persons[k] for k in self._word_at[at].get(words[at], [])
                                   if fits(self._persons[k][1])]
        return self._by_words[key]

    def _fulls_of(self, surname: str) -> list[str]:
        """The names of two or more words in ``_persons`` whose last word is ``surname`` (lower case)."""
        if self._by_surname is None:
            self._by_surname = {}
            for _, n in self._persons:
                if len(n.split()) > 1:
                    self._by_surname.setdefault(n.split()[-1].lower(), []).append(n)
        return self._by_surname.get(surname, [])

    def _personlike(self, name: str | None) -> bool:
        """A he/she antecedent must not be a place or organisation the weak NER took for a person
        ("Norland", "Copper Kettle", "Quillsec"): not tagged otherwise elsewhere, and a lone word only
        as a word of a person named in full."""
        if not name:
            return False
        low = name.lower()
        if self._other_names is None:  # what the NER typed otherwise, unless the entities made it a person
            people = {n.lower() for _, n in _entity_persons(self.doc)}
            self._other_names = {e.text.lower() for e in self.doc.ents
                                 if e.label_ in ("GPE", "LOC", "ORG", "FAC", "NORP")} - people
        if low in self._other_names or len(name.split()) > 1 and low.split()[-1] in _THING_HEADS:
            return False  # (and "Security Administration", "Apparel Group": a body the NER took for a person)
        if len(name.split()) == 1:
            if self._multi_words is None:  # every word of the names written in full
                self._multi_words = {w for _, n in self._persons if len(n.split()) > 1 for w in n.lower().split()}
            return low in self._multi_words
        return True

    def _expand(self, name: str, pos: int) -> str | None:
        """A short name the entities component left short in full: a particle surname ("Al Qirbani") by a
        longer PERSON name of the document ending with it, one word by the one two-word name starting
        with it ("Wang" → "Wang Lisheng"); the nearest before ``pos`` first."""
        words = name.lower().split()
        if not words or len(words) > 2 or len(words) == 2 and words[0] not in SURNAME_PARTICLES:
            return None

        def fits(cand: str) -> bool:
            cw = cand.lower().split()
            if len(cw) <= len(words) or len(cw) > 4 or not all(re.fullmatch(r"[A-Z][\w'’.-]*", w)
                                                                for w in cand.split()):
                return False
            return cw[-2:] == words if len(words) == 2 else (cw[0] == words[0] and len(cw) == 2)

        cands = self._persons_where("expand", words, fits, -1 if len(words) == 2 else 0)
        same = len({n.lower() for _, n in cands}) == 1
        if not same and not any(n.lower().endswith(" " + name.lower()) for _, n in cands):
            return None
        ends = [(a, n) for a, n in cands if n.lower().split()[-len(words):] == words] or cands
        before = [x for x in ends if x[0] < pos]
        return (before[-1] if before else ends[0])[1]

    def _first_of(self, surname: str) -> str | None:
        """With two people of one surname ("Lottie Fenwright", "her husband Michael Fenwright"), a bare
        surname is the one the article introduced first."""
        low = surname.lower()
        fulls = self._fulls_of(low)
        if len({n.lower() for n in fulls}) < 2:
            return None
        return fulls[0]

    def _quoted_regions(self) -> list[tuple[int, int]]:
        if self._quoted is None:
            self._quoted = quoted_regions(self.text)
        return self._quoted

    def _mention_pool(self) -> list[tuple[int, int, str | None, str, bool]]:
        """Every named or titled mention of a person: (start, end, key, full name, is a subject)."""
        if self._pool is not None:
            return self._pool
        pool: dict[int, tuple[int, int, str | None, str, bool]] = {}
        for e in _entities(self.doc):
            if e.type != "PERSON" or not e.name or e.key in {"(narrator)", "(we)"}:
                continue
            full = _strip_name(e.name) or e.name
            if len(full.split()) == 1:
                full = self._expand(full, len(self.text)) or full
            for m in e.mentions:
                if m.kind not in ("name", "title") or self._in_parens_at(m.start, m.end):
                    continue
                name, key = full, e.key
                bare = _strip_name(self.text[m.start:m.end])
                if m.kind == "name" and len(bare.split()) == 1:
                    first = self._first_of(bare)
                    if first and first.lower() != full.lower():
                        name, key = first, first.lower()
                pool[m.start] = (m.start, m.end, key, name, self._is_subject(m.start, m.end))
        # the ranges in pool, filed by position; an entry replaced below only ever replaces an empty
        # range at the same start, which overlaps nothing the new one does not
        taken = Intervals((c[0], c[1]) for c in pool.values())
        for ent in self.doc.ents:
            if ent.label_ != "PERSON" or self._in_parens(ent) or taken.overlaps(ent.start_char, ent.end_char):
                continue
            bare = _strip_name(ent.text)
            if not bare or not bare[:1].isupper():
                continue
            first = self._first_of(bare) if len(bare.split()) == 1 else None
            name = first or self._full(bare, ent.start_char)
            pool[ent.start_char] = (ent.start_char, ent.end_char, None, name,
                                    self._is_subject(ent.start_char, ent.end_char))
            taken.append((ent.start_char, ent.end_char))
        for t in self.doc:
            # a surname alone as a subject ("Jamil acknowledges …") of a person named in full elsewhere
            if t.pos_ in ("PROPN", "ADJ", "NOUN") and t.dep_.startswith("nsubj") and t.is_alpha and t.is_title \
                    and t.ent_type_ not in _NOT_PERSON_ENTS and not taken.overlaps(t.idx, t.idx + 1) \
                    and not (t.i > 0 and self.doc[t.i - 1].pos_ == "PROPN") \
                    and not (t.i + 1 < len(self.doc) and self.doc[t.i + 1].pos_ == "PROPN"):
                full = self._full(t.text, t.idx)
                if len(full.split()) > 1 and _namelike(full):
                    pool[t.idx] = (t.idx, t.idx + len(t.text), None, full, True)
                    taken.append((t.idx, t.idx + len(t.text)))
            elif t.is_alpha and t.is_title and t.i + 2 < len(self.doc) and self.doc[t.i + 1].text == "," \
                    and self.doc[t.i + 2].lower_ in {"a", "an"} and (t.i == 0 or "\n" in self.doc[t.i - 1].text) \
                    and t.ent_type_ not in _NOT_PERSON_ENTS and t.lower_ not in STOP_WORDS:
                # a paragraph opening on a one-word name and its description: "Sari, a resident of Teluk Wangi, …"
                if t.idx not in pool:
                    taken.append((t.idx, t.idx + len(t.text)))
                pool.setdefault(t.idx, (t.idx, t.idx + len(t.text), None, t.text, True))
                self._described.add(t.lower_)
        for a, b, name in _subject_names(self.doc):
            # a name the NER missed or cut ("Malick Tandia was on a business trip", "Roy Brenk protested")
            over = [k for k, c in pool.items() if c[0] < b and a < c[1]]
            if all(len(name.split()) > len(pool[k][3].split()) and pool[k][2] is None for k in over):
                for k in over:
                    del pool[k]
                pool[a] = (a, b, None, self._full(name, a), True)
        self._pool = sorted(pool.values())
        return self._pool

    def gender_of(self, name: str) -> str | None:
        """"m", "f" or None for a person's full name: an honorific or a gendered noun written before
        the name ("Ms. May", "her husband Michael Fenwright"), else a given name of
        ``data/quotes/given_names.yaml``, else the he/she written in sentences about that person alone."""
        low = name.lower()
        if low in self._genders:
            return self._genders[low]
        full, by_surname, votes = self._gender_evidence()
        words = low.split()
        got: str | None = None
        if len(full.get(low, ())) == 1:
            got = next(iter(full[low]))
        elif words and len(by_surname.get(words[-1], ())) == 1 and self._one_person(words[-1]):
            got = next(iter(by_surname[words[-1]]))
        elif words and given_names().get(words[0]):
            got = given_names()[words[0]]
        else:
            v = votes.get(low, {})
            m, f = v.get("m", 0), v.get("f", 0)
            got = "m" if m > f else "f" if f > m else None
        self._genders[low] = got
        return got

    def _one_person(self, surname: str) -> bool:
        fulls = {n.lower() for n in self._fulls_of(surname)}
        return len(fulls) <= 1

    def _gender_evidence(self) -> tuple[dict[str, set[str]], dict[str, set[str]], dict[str, dict[str, int]]]:
        if self._evidence is not None:
            return self._evidence
        full: dict[str, set[str]] = {}
        by_surname: dict[str, set[str]] = {}
        text = self.text
        pats = [(r"\b(Mr|Mrs|Ms|Miss|Sir|Dame|Lord|Lady)\b\.?\s+(" + _NAME_RUN + ")", HONORIFIC_GENDER),
                (r"\b((?i:" + "|".join(GENDER_NOUNS) + r"))\s+(" + _NAME_RUN + ")", GENDER_NOUNS)]
        for pat, table in pats:
            for m in re.finditer(pat, text):
                g = table[m.group(1).lower()]
                words = re.split(r"['’]s\b", m.group(2))[0].rstrip(".").split()
                if not words:
                    continue
                full.setdefault(" ".join(words).lower(), set()).add(g)
                if len(words) == 1:  # "Ms. May"; a full name gives no gender to others of its surname
                    by_surname.setdefault(words[0].lower(), set()).add(g)
        votes: dict[str, dict[str, int]] = {}
        quoted = self._quoted_regions()
        pool = [c for c in self._mention_pool() if not _inside(quoted, c[0])]
        sents = self.doc.sents if self.doc.has_annotation("SENT_START") else []
        pool.sort(key=lambda c: c[0])  # each sentence's mentions found by bisection, not a scan
        pool_starts = [c[0] for c in pool]
        for sent in sents:
            inside = pool[bisect.bisect_left(pool_starts, sent.start_char):
                          bisect.bisect_left(pool_starts, sent.end_char)]
            names = {c[3].lower() for c in inside}
            if len(names) != 1 or not any(c[4] or self._apposed(c[0], c[1]) for c in inside):
                continue  # (one person, a subject or set beside a noun: "Asked about Brekke's remarks, she
                # said", "a description from student Deja Stewart … him" say nothing of them)
            name = names.pop()
            spans = [(c[0], c[1]) for c in inside]
            for t in sent:
                said = PRONOUN_GENDER.get(t.lower_)
                if said and not _inside(quoted, t.idx) and not _owner_of_apposed(t, spans) \
                        and not _object_of_subject(t, spans):
                    votes.setdefault(name, {}).setdefault(said, 0)
                    votes[name][said] += 1
        self._evidence = (full, by_surname, votes)
        return self._evidence

    def _apposed(self, start: int, end: int) -> bool:
        """A mention the parse sets beside a noun (an apposition: "the council, Quill and several
        students", which is often a subject the parser missed)."""
        sp = self.doc.char_span(start, end, alignment_mode="expand")
        return sp is not None and sp.root.dep_ == "appos"

    def _is_subject(self, start: int, end: int) -> bool:
        """The subject of a clause of the narrative, not of a clause another subject's verb states
        ("Erik Dahl knew that Victor Lane had taken money": Dahl)."""
        sp = self.doc.char_span(start, end, alignment_mode="expand")
        if sp is None:
            return False
        subj = sp.root if sp.root.dep_.startswith("nsubj") else sp.root.head
        if not subj.dep_.startswith("nsubj"):
            return False
        verb = subj.head
        return not (verb.dep_ == "ccomp" and any(c.dep_.startswith("nsubj") for c in verb.head.children))

    def _in_parens(self, span: Span) -> bool:
        return self._in_parens_at(span.start_char, span.end_char)

    def _in_parens_at(self, start: int, end: int) -> bool:
        """A photo credit or an aside: "(Hester Brackley/CBC)"."""
        text = self.text
        a = text.rfind("(", max(0, start - 80), start)
        return a >= 0 and ")" not in text[a:start] and ")" in text[end:end + 40]

    def _full(self, name: str, pos: int | None = None) -> str:
        """The full form of a name: a PERSON mention ending with its words, the nearest before ``pos``
        first (two Haverlings: the one just written about), else the longest such name in the document."""
        words = name.lower().split()
        if not words:
            return name

        def fits(cand: str) -> bool:
            cw = cand.lower().split()
            return len(cw) >= len(words) and cw[-len(words):] == words

        if pos is not None:
            persons = self._persons_where("full", words, lambda n: fits(n) and len(n.split()) > 1)
            before = [x for x in persons if x[0] < pos]
            if before:
                return before[-1][1]
            if persons:
                return persons[0][1]
        if tuple(words) not in self._names_fitting:
            if not self._names_fitting:  # the document's names by their last word, made on first use
                for n in self._names:
                    if n.split():
                        self._names_by_last.setdefault(n.lower().split()[-1], []).append(n)
            self._names_fitting[tuple(words)] = [n for n in self._names_by_last.get(words[-1], []) if fits(n)]
        cands = self._names_fitting[tuple(words)]
        return max(cands, key=len) if cands else name

    def _name_in(self, span: Span) -> str | None:
        """The person a mention names: a name written in it, else the holder of the title it is."""
        return self._name_written_in(span) or self._holder_of_title(span)

    def _name_written_in(self, span: Span) -> str | None:
        """A person's name written in the mention (the NER's last PERSON, with the surname words it cut
        off, else a trailing run of capitalized words), in its fullest form in the document."""
        persons = self._persons_within(span)
        toks = [t for t in span if not t.is_punct]
        if persons:
            words = [w for w in persons[-1].text.split() if w.lower() not in TITLE_WORDS]
            e = persons[-1]
            k = e.end
            while k < span.end and k - e.end < 3 and (self.doc[k].lower_ in SURNAME_PARTICLES or (
                    self.doc[k].pos_ == "PROPN" and self.doc[k].is_alpha and self.doc[k].text[:1].isupper()
                    and self.doc[k].ent_type_ in ("", "PERSON"))):
                k += 1
            while k > e.end and self.doc[k - 1].lower_ in SURNAME_PARTICLES:
                k -= 1
            if k > e.end:  # "Ben van der Stolk", "Roy Brenk" where the NER tagged "Ben", "Roy"
                words += [t.text for t in self.doc[e.end:k]]
            if words:
                return self._full(" ".join(words), span.start_char)
        run = _name_run(toks)
        if run:
            return self._full(run, span.start_char)
        return None

    def _persons_within(self, span: Span) -> list[Span]:
        """The NER's PERSON entities wholly inside ``span`` (``span.ents`` reads every entity of the
        document on each call)."""
        if self._person_spans is None:
            self._person_spans = [e for e in self.doc.ents if e.label_ == "PERSON"]
            self._person_starts = [e.start for e in self._person_spans]
        k = bisect.bisect_left(self._person_starts, span.start)
        out = []
        while k < len(self._person_spans) and self._person_spans[k].start < span.end:
            if self._person_spans[k].end <= span.end:
                out.append(self._person_spans[k])
            k += 1
        return out

    def _title_uses(self) -> list[TitleUse]:
        """Every title the article gives a named person: before the name ("Prime Minister Robert Hale",
        "Sen. Ted Cruz", "former Gov. Rick Dalloway") or in apposition ("Hale, the prime minister," / "the
        prime minister, Robert Hale,"); read once."""
        if self._uses is not None:
            return self._uses
        heads = sorted(TITLE_WORDS - HONORIFICS, key=len, reverse=True)
        abbr = sorted(set(TITLE_ABBREVIATIONS.values()), key=len, reverse=True)
        head = "(?:" + "|".join(map(re.escape, heads)) + ")"
        title = (r"(?P<t>(?i:(?:[\w'’-]+\s+){0,3}?" + head + r"(?:\s+" + head + r"(?![\w-]))*|(?:"
                 + "|".join(map(re.escape, abbr)) + r")\.?))(?![\w-])")
        name = r"(?P<n>[A-Z][\w'’-]+(?:[ ][A-Z][\w'’.-]+){0,2})"
        uses: list[TitleUse] = []
        for found in (_title_before_name(re.compile(rf"{title}[ ]+{name}"), self.text, heads, abbr),
                      re.finditer(rf"(?i:\bthe\s+){title},[ ]+{name}", self.text),
                      re.finditer(rf"{name},[ ]+(?i:the\s+){title}\b", self.text)):
            for m in found:
                words = [w.lower().rstrip(".") for w in re.findall(r"[\w'’.-]+", m.group("t"))]
                clause = re.split(r"[,.;:\n(]", self.text[max(0, m.start("t") - 30):m.start("t")])[-1]
                lead = re.findall(r"[\w'’-]+", clause)
                given = m.group("n").split()
                while given and given[0].lower().rstrip(".") in TITLE_WORDS | _ABBREVIATED.keys():
                    words.append(given.pop(0).lower().rstrip("."))  # "Prime Minister Robert Hale"
                names = [w for w in given if w.lower() not in TITLE_WORDS and w.lower() not in STOP_WORDS]
                if names and words and (words[-1] in TITLE_WORDS or words[-1] in _ABBREVIATED) \
                        and self._a_person(" ".join(names), m.start("n")):
                    former = any(w.strip("-").lower() in NOT_NOW for w in [*lead[-2:], *words])
                    uses.append(TitleUse(m.start("n"), [w for w in words if w not in NOT_NOW], " ".join(names), former))
        self._uses = sorted(uses, key=lambda u: u.start)
        return self._uses

    def _a_person(self, name: str, pos: int) -> bool:
        """A name after a title is a person's when the document names a person with that last word (the
        NER's, the entities component's, a subject's) or the NER tags it there: not "Judge Significantly"."""
        last = name.lower().split()[-1]
        if self._last_words is None:  # read once per document, not per title found
            self._last_words = {n.lower().split()[-1] for _, n in self._persons}
            self._person_ents = Intervals((e.start_char, e.end_char) for e in self.doc.ents if e.label_ == "PERSON")
        if last in self._last_words:
            return True
        return self._person_ents.overlaps(pos, pos + 1)  # e.start_char <= pos < e.end_char

    def _holders(self, span: Span) -> list[TitleUse]:
        """The uses of the title a mention is ("the chancellor", "the former governor") that make their
        person its holder: the same head (an abbreviation counts: "Sen." holds "the senator"), no rank
        one has and the other lacks ("Prime Minister X" does not hold "the minister"), and former only
        for a former ("former Gov. X" holds "the former governor", never "the governor")."""
        said = _title_of(span)
        if said is None:
            return []
        words, former, marks = said
        ranks = {w for w in words if w in _RANKS}
        head = _canon(words[-1])
        return [u for u in self._title_uses() if _canon(u.words[-1]) == head and u.former == former
                and {w for w in u.words if w in _RANKS} == ranks and marks <= set(u.words)]

    def _holder_of_title(self, span: Span) -> str | None:
        """"the chancellor", "our premier": the person who holds that title in the article (see
        :meth:`_holders`), the one named last before the mention."""
        before = [u for u in self._holders(span) if u.start < span.start_char]
        return self._full(before[-1].name) if before else None

    def learn_title(self, span: Span, name: str) -> None:
        """A title used alone found its person: from here on the article has given them that title."""
        said = _title_of(span)
        if said is not None:
            self._title_uses().append(TitleUse(span.start_char, said[0], name, said[1]))

    def _other_titles(self, name: str, span: Span) -> bool:
        """Whether the article gives ``name`` titles but none that is the one ``span`` says ("the former
        governor" is not Ted Cruz, whom the article calls "Sen. Ted Cruz"), or holds it only as a former
        holder for "the X" (and only now for "the former X")."""
        said = _title_of(span)
        if said is None:
            return False
        last = name.lower().split()[-1:]
        held = [u for u in self._title_uses() if u.name.lower().split()[-1:] == last]
        if not held:
            return False
        same = [u for u in held if _canon(u.words[-1]) == _canon(said[0][-1])]
        if same:
            return not any(u.former == said[1] for u in same)
        return said[0][-1] not in _ANY_OFFICE  # "the Russian leader" may be its president


def _either(words: Iterable[str]) -> str:
    return "|".join(map(re.escape, sorted(words, key=len, reverse=True)))


def _title_before_name(pattern: re.Pattern[str], text: str, heads: list[str], abbr: list[str]
                       ) -> Iterator[re.Match[str]]:
    """What ``pattern.finditer(text)`` gives for :meth:`NameBook._title_uses`' title before a name
    (``(?i:(?:W\\s+){0,3}?HEAD(?:\\s+HEAD)*|ABBR\\.?)``, then ``[ ]+`` and a capital), trying the pattern
    only where a match can start rather than at every character. A match's title ends where a run of
    spaces before a capital starts, on a head or an abbreviation (with its ``.``); it starts at most
    three runs of non-space before its heads, and every run of its heads but the first is a whole head
    word: so within four runs before the run of whole head words that ends there."""
    ends = tuple(dict.fromkeys([*heads, *abbr, *(a + "." for a in abbr)]))
    words = {w for h in heads for w in h.split()}
    if not ends or not words:
        yield from pattern.finditer(text)
        return
    plain = all(w.isascii() for w in (*ends, *words))  # then lower() is the pattern's IGNORECASE on ASCII text
    low = tuple(w.lower() for w in ends)
    ends_re = re.compile(f"(?i:{_either(ends)})\\Z")
    word_re = re.compile(f"(?i:{_either(words)})")
    longest = max(map(len, ends))
    spans: list[tuple[int, int]] = []  # [lo, e): where a match whose title ends at e may start
    for gap in re.finditer(r"(?<=\S)[ ]+(?=[A-Z])", text):
        e = gap.start()
        lo = max(0, e - longest)
        tail = text[lo:e]
        if plain and tail.isascii():
            if not tail.lower().endswith(low):
                continue
        elif ends_re.search(text, lo, e) is None:
            continue
        spans.append((_runs_back(text, e, word_re), e))
    pos = 0
    for lo, e in _merged(spans):
        at = max(lo, pos)
        while at < e:
            m = pattern.match(text, at)
            if m is None:
                at += 1
                continue
            yield m
            at = pos = m.end()


def _runs_back(text: str, end: int, word_re: re.Pattern[str]) -> int:
    """Where the fourth run of non-space before the runs of whole ``word_re`` words ending at ``end``
    starts (0 when the text starts first)."""
    i, other, heads = end, 0, True
    while True:
        j = i
        while j > 0 and not text[j - 1].isspace():
            j -= 1
        heads = heads and word_re.fullmatch(text, j, i) is not None
        other += not heads
        if other == 4 or j == 0:
            return j
        i = j
        while i > 0 and text[i - 1].isspace():
            i -= 1
        if i == 0:
            return 0


def _merged(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    out: list[tuple[int, int]] = []
    for a, b in sorted(spans):
        if out and a <= out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], b))
        else:
            out.append((a, b))
    return out


@dataclass
class TitleUse:
    """A title given to a named person: where the name starts, the title's words (lower case, without
    "former"; abbreviations written out), the name, whether the person held it before."""

    start: int
    words: list[str]
    name: str
    former: bool


def drop_home_place(toks: list[Token]) -> list[Token]:
    """"The state's governor" read as "the governor": the governor of the place the story is in."""
    if len(toks) > 3 and toks[0].lower_ == "the" and toks[1].lower_ in HOME_PLACES and toks[2].lower_ in ("'s", "’s"):
        return toks[:1] + toks[3:]
    return toks


def _title_of(span: Span) -> tuple[list[str], bool, set[str]] | None:
    """A mention that is a title used alone ("the prime minister", "our premier", "the former Florida
    governor"): its title words without "former", whether it says former, and the words that tell its
    holder apart (a capitalized or national modifier: "florida", "russian"); else None. A name ending on
    a title word ("the Ashworth Center for Justice") is none."""
    toks = drop_home_place([t for t in span if not t.is_punct])
    low = [t.lower_ for t in toks]
    if not (len(low) >= 2 and low[0] in {"the", "our", "their", "this"} and low[-1] in TITLE_HEADS) \
            or any(w in {"of", "for", "and", "at", "'s", "’s"} for w in low) \
            or any(t.text[:1].isupper() and t.lower_ not in TITLE_WORDS and t.ent_type_ not in ("NORP", "GPE")
                   for t in toks[1:]) and toks[-1].text[:1].isupper():
        return None  # "The Eastmere Valley Union Leader", "The Islamic State": a name, no title
    marks = {t.lower_ for t in toks[1:-1] if (t.text[:1].isupper() or t.ent_type_ in ("NORP", "GPE"))
             and t.lower_ not in TITLE_WORDS and t.lower_ not in NOT_NOW}
    return [w for w in low[1:] if w not in NOT_NOW], any(w in NOT_NOW for w in low), marks


# The abbreviation a title takes before a name ("Sen. Ted Cruz" is a senator), and back.
TITLE_ABBREVIATIONS = word_map(NAMES, "title_abbreviations")
_ABBREVIATED = {v: k for k, v in reversed(list(TITLE_ABBREVIATIONS.items()))}


def _canon(word: str) -> str:
    """One form for a title head and its abbreviation ("senator", "sen" → "sen")."""
    return TITLE_ABBREVIATIONS.get(word, word)

# Words before a title that say its holder no longer holds it ("former chancellor X", "the late
# President X"), and words that make it another office ("Prime Minister X" is not "the minister").
NOT_NOW = {"former", "ex", "then", "late", "outgoing", "onetime", "one-time", "erstwhile", "past"}
# Heads of a title that any office may go by ("the Russian leader" is its president).
_ANY_OFFICE = {"leader", "official", "head", "chief"}
_RANKS = {"prime", "deputy", "vice", "assistant", "associate", "first", "second", "under", "junior", "shadow",
          "chief", "co", "lieutenant"}


def _namelike(name: str) -> bool:
    """Words of a person's name: capitalized, no digits, no plural acronym ("Bill C-412", "Labour MPs")."""
    return all(w[:1].isupper() and not any(ch.isdigit() for ch in w) and not re.fullmatch(r"[A-Z]{2,}s", w)
               for w in name.split())


def _name_before_prep(toks: list[Token]) -> int | None:
    """"Tim Arbery with the Norland Coast Health Authority": the person is the name before the
    preposition; the token index where that name ends, or None."""
    for k, t in enumerate(toks):
        if t.lower_ in {"with", "of", "at", "from"} and k >= 2:
            run = _name_run(toks[:k])
            if run and len(run.split()) >= 2 and all(
                    x.lower_ in TITLE_WORDS or x.lower_ in {"the", "a", "an"} or x.is_lower
                    or j == 0 and x.pos_ in ("ADJ", "NOUN") for j, x in enumerate(toks[:k - len(run.split())])):
                return t.i  # (a role before the name: "Political analyst Hanne Brun of Vesta University")
            return None
    return None


def _name_run(toks: list[Token]) -> str | None:
    """The trailing run of capitalized non-title words ("United States Special Envoy for Moldova Keith
    Marlow" → "Keith Marlow"); None when the mention ends on a common noun or is an organisation."""
    run: list[Token] = []
    for t in reversed(toks):
        if t.text[:1].isupper() and t.lower_ not in TITLE_WORDS and t.is_alpha | ("-" in t.text or "'" in t.text):
            run.insert(0, t)
            continue
        break
    while run and run[0].lower_ in STOP_WORDS and not (len(run) == 1 and run[0].i > 0 and run[0].nbor(-1).lower_.rstrip(
            ".") in HONORIFIC_GENDER):  # "Ms. May"
        run.pop(0)
    while run and (run[0].ent_type_ in ("GPE", "LOC", "ORG", "NORP") and len(run) > 2 or run[0].pos_ == "ADJ"
                   and len(run) > 1 and run[0].lower_.endswith(("an", "ese", "ish"))):
        run.pop(0)
    if len(run) == 3 and len(toks) > 3 and toks[-4].pos_ == "ADP" and toks[-4].is_lower:
        run.pop(0)
    if not run or len(run) > 4:
        return None
    if len(run) == 1 and run[0].tag_ in ("NNS", "NNPS") and not run[0].ent_type_ and run[0].is_sent_start:
        return None  # "Critics say …": a plural noun capitalized at the start of a sentence is no name
    if run[-1].ent_type_ in ("ORG", "GPE", "LOC", "NORP") and not any(t.ent_type_ == "PERSON" for t in run):
        return None
    if toks and toks[0].lower_ in {"the", "a", "an"} and (len(run) < len(toks) - 1 or not any(
            t.ent_type_ == "PERSON" for t in run)):  # "the Ohio Democrat" is no name
        return None
    return " ".join(t.text for t in run)


# Heads that end the name of a body, never a person's ("Security Administration", "Apparel Group").
_THING_HEADS = word_set("quotes/speakers", "organisation_heads") | word_set("quotes/speakers", "group_heads") \
    | word_set("quotes/speakers", "body_name_ends")
_NOT_PERSON_ENTS = {"ORG", "GPE", "LOC", "NORP", "FAC", "PRODUCT", "EVENT", "WORK_OF_ART", "LAW", "DATE", "TIME",
                    "MONEY", "LANGUAGE"}


def _owner_of_apposed(t: Token, spans: list[tuple[int, int]]) -> bool:
    """A possessive on the noun a name stands in apposition to ("His neighbour, Lena Osk, …", "Her deputy,
    Tomas Brell, …", "Her rival, councillor Tomas Brell, …"): the owner is someone else, and says nothing
    of that name's gender."""
    if not t.dep_.endswith("poss"):
        return False
    return any(c.dep_ == "appos" and any(c.left_edge.idx < b and a < c.right_edge.idx + len(c.right_edge)
                                         for a, b in spans) for c in t.head.children)  # ("Her rival, councillor X")


def _object_of_subject(t: Token, spans: list[tuple[int, int]]) -> bool:
    """An object pronoun of the verb whose subject is the name ("Judge Ivo Sall interrupted her", "Ana Roe
    thanked him"): a pronoun never stands for its own clause's subject (that would be "herself"), so it
    says nothing of that name's gender."""
    if t.tag_ != "PRP" or t.dep_ not in ("obj", "iobj", "obl", "dobj", "dative", "pobj"):
        return False
    verb = t.head.head if t.dep_ == "pobj" else t.head  # ("Ana Roe spoke to him": the verb above "to")
    return any(c.dep_.startswith("nsubj") and any(a <= c.idx < b for a, b in spans) for c in verb.children)


def _subject_names(doc: Doc) -> list[tuple[int, int, str]]:
    """(start, end, name) of two- or three-word runs of proper nouns that are a clause's subject (or stand
    beside one) and carry no organisation, place or other non-person tag: names of people the NER left out."""
    out = []
    i = 0
    n = len(doc)
    while i < n:
        j = i
        while j < n and doc[j].pos_ == "PROPN" and doc[j].is_alpha and doc[j].text[:1].isupper() \
                and doc[j].lower_ not in TITLE_WORDS and doc[j].ent_type_ not in _NOT_PERSON_ENTS:
            j += 1
        if 2 <= j - i <= 3:
            span = doc[i:j]
            subject = span.root.dep_.startswith("nsubj") or _apposed_to_subject(span.root)
            if subject and doc[i].lower_ not in STOP_WORDS \
                    and not (i > 0 and (doc[i - 1].pos_ == "PROPN" or doc[i - 1].ent_type_ in _NOT_PERSON_ENTS)):
                out.append((span.start_char, span.end_char, span.text))
        i = max(j, i + 1)
    return out


def _apposed_to_subject(tok: Token) -> bool:
    """A name standing beside a subject that describes its holder: "The moderator, radio host Erik Moe,
    asked", "His challenger, Tomas Brell, said"."""
    head = tok.head
    return tok.dep_ == "appos" and head.dep_.startswith("nsubj") and head.pos_ == "NOUN" and head.text.islower() \
        and not head.ent_type_


def _cut_names(doc: Doc) -> list[tuple[int, str]]:
    """Names the NER cut after the given name ("Theresa" of "Theresa May", the surname read as a
    month): a one-word PERSON and the capitalized word after it, when that pair is written twice
    or the second word follows an honorific ("Ms. May")."""
    out = []
    text = context_for(doc).text
    for e in doc.ents:
        if e.label_ != "PERSON" or e.end >= len(doc):
            continue
        words = _strip_name(e.text).split()
        nxt = doc[e.end]
        if len(words) != 1 or not (nxt.text[:1].isupper() and nxt.is_alpha) or nxt.ent_type_ not in ("", "DATE"):
            continue
        pair = f"{words[0]} {nxt.text}"
        if text.count(pair) >= 2 or re.search(rf"\b(?:Mr|Mrs|Ms|Miss|Dr)\.?\s+{re.escape(nxt.text)}\b", text):
            out.append((e.start_char, pair))
    return out


def _entities(doc: Doc) -> list[Entity]:
    """The entities of ``parley_entities`` (through its index), [] when it has not run."""
    try:
        index = entity_index(doc)
        return index.entities if index is not None else []
    except Exception:  # a bug upstream must not lose the quote
        return []


def _entity_persons(doc: Doc) -> list[tuple[int, str]]:
    """(mention start, full name) for every mention of a PERSON of the entities component."""
    return [(m.start, n) for e in _entities(doc) if e.type == "PERSON" and e.name
            for n in [_strip_name(e.name)] if len(n.split()) > 1 for m in e.mentions]


def _looks_personal(span: Span, name: str) -> bool:
    """A locally resolved name is a person's when NER says so, when a title stands right before it, or
    when it is a 2-3 word name with no organisation or place tag."""
    toks = [t for t in span if t.text in name.split()]
    if any(t.ent_type_ == "PERSON" for t in toks):
        return True
    if toks and toks[0].i > 0 and 2 <= len(name.split()) <= 3 and toks[0].nbor(-1).lower_ in TITLE_WORDS:
        return True  # "Union representative Kjell Moen", whatever the NER made of the name
    return 2 <= len(name.split()) <= 3 and not any(t.ent_type_ in ("ORG", "GPE", "LOC", "NORP", "FAC") for t in toks)


def _last_word(name: str) -> str:
    words = name.lower().split()
    return words[-1] if words else ""


_CREDIT_WORDS = word_set(NAMES, "photo_credit_words")


def _strip_name(text: str) -> str:
    """A PERSON entity's text without titles, without an owner before ``'s`` ("Eastmere's Bo Krall")
    and without a photo credit run on before it ("Getty Images Alder Quince")."""
    text = re.sub(r"['’]s?$", "", re.split(r"['’]s\s+", text.strip())[-1])  # "Corinne Haverling’s"
    words = [w for w in text.split() if w.lower() not in TITLE_WORDS]
    credit = [k for k, w in enumerate(words) if w.lower().strip(".,/") in _CREDIT_WORDS]
    if credit:
        words = words[credit[-1] + 1:]
    caps = [k for k, w in enumerate(words) if w[:1].isupper()]
    if len(caps) > 3:
        words = words[caps[-3]:]
    return " ".join(words)


def _doc_names(doc: Doc) -> list[str]:
    names = [_strip_name(e.text) for e in doc.ents if e.label_ == "PERSON"]
    text = context_for(doc).text
    runs = []
    for m in re.finditer(r"[A-Z][\w'’-]+(?:[ ]+[A-Z][\w'’-]+)+", text):
        parts = re.split(r"['’]s\s+", m.group(0))
        runs.append((m, parts[-1].split()))
        if len(parts) > 1 and len(parts[-2].split()) >= 2:  # "Corinne Haverling’s Blue Hour": the owner
            runs.append((m, parts[-2].split()))
    for m, words in runs:
        while words and words[0].lower() in STOP_WORDS:
            words = words[1:]
        titles = [k for k, w in enumerate(words) if w.lower() in TITLE_WORDS]
        if titles:
            words = words[titles[-1] + 1:]
        elif len(words) == 3 and re.search(r"\b(?:for|of|in|from|to|at)\s+$",
                                           text[max(0, m.start() - 6):m.start()]):
            words = words[1:]
        if 2 <= len(words) <= 3:
            names.append(" ".join(words))
    return [n for n in names if n]
