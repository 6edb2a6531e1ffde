"""Speaker resolution for ``parley_quotes``: a speaker mention to ``(key, name)``, in document order.

Resolution asks the entities component's index on the Doc (``doc._.entity_index.resolve``) when it has
run, and otherwise falls back to the names the document writes (:mod:`parley.nlp.quotes.names`). The
mentions themselves are found by :mod:`parley.nlp.quotes.mentions`.

He/she takes the best person before it whose gender does not clash: a subject or an earlier speaker
scores 0.9, each paragraph back costs 1, the later wins a tie; narrative he/she subjects carry their
person on ("Vickers … He said … Martin Legere … he said"). A definite description of one person
("the 26-year-old right wing") takes the person in the centre the same way, gender-blind.
"""

from __future__ import annotations

import bisect
import re
from typing import Any

from spacy.tokens import Doc, Span, Token

from parley.nlp.context import entity_index
from parley.nlp.lexicon.words import PERSONAL_PRONOUNS, PRONOUN_GENDER, word_set
from parley.nlp.quotes.mentions import ANON_HEADS, LEADING_JUNK, SOURCE_NOUNS, SPEAKERS, _antecedent_of_who
from parley.nlp.quotes.names import (
    GENDER_NOUNS,
    TITLE_WORDS,
    NameBook,
    _inside,
    _last_word,
    _looks_personal,
    _name_before_prep,
    _name_run,
    _namelike,
    _strip_name,
)

# Pronouns that can only stand for one person (not "they", "we", "it", "you").
ONE_PERSON_PRONOUNS = {"he", "she", "i", "him", "her"}
ORG_HEADS = word_set(SPEAKERS, "organisation_heads")
PARTY_WORDS = word_set(SPEAKERS, "party_words")
NOT_PERSON_HEADS = ORG_HEADS | SOURCE_NOUNS | word_set(SPEAKERS, "not_person_heads")


class Resolver(NameBook):
    """Turns speaker mentions into ``(key, name)``, in document order (pronouns need history)."""

    def __init__(self, doc: Doc) -> None:
        self._index = entity_index(doc)  # what parley_entities published, if it ran
        super().__init__(doc)
        self.last: tuple[str | None, str, int] | None = None
        self.last_person: tuple[str | None, str, int] | None = None
        self.subjects = False
        self._type: str | None = None
        self.quote: tuple[int, int] | None = None  # the quote whose speaker is being resolved
        self.quotes: list[tuple[int, int]] = []  # all quotes of the document, sorted
        self.history: list[tuple[int, str | None, str]] = []  # (position, key, name) of person speakers
        self._paras: list[int] | None = None
        self._echo: dict[str, tuple[int, list[tuple[int, str | None, str, bool]]]] = {}
        self._echo_at: dict[str, list[int]] = {}
        self._gpool: dict[str | None, list[tuple[int, str | None, str, bool, int]]] = {}

    def _ask(self, span: Span, *, types: set[str] | None = None, surname: str | None = None
             ) -> tuple[str | None, str | None] | None:
        """The entities component's answer, kept only when it is of ``types`` and (for a name) ends
        holds the mention's ``surname``: a weak NER must not turn "Bo Horvat" into "Vancouver"."""
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
            return None  # (an alias counts: "EDC" for "Export Development Canada")
        self._type = getattr(ent, "type", None)
        if self._type == "PERSON" and name:
            name = _strip_name(name) or name
        return getattr(ent, "key", None), name

    def resolve(self, span: Span) -> tuple[str | None, str | None]:
        text = span.text.strip()
        if text.lower() in {"who", "which"} and len(span) == 1:
            ante = _antecedent_of_who(self.doc, span[0])
            return self.resolve(ante) if ante is not None else (None, None)
        if text.lower() in PERSONAL_PRONOUNS:
            return self._pronoun(span)
        toks = [t for t in span if not t.is_punct]
        poss = [j for j, t in enumerate(toks[:-1]) if t.lower_ in {"'s", "’s"}]
        after = toks[poss[-1] + 1:] if poss else []
        if after and 1 <= len(after) <= 4 and all(t.text[:1].isupper() for t in after) and not any(
                t.lower_ in TITLE_WORDS for t in after):  # "Vancouver's Bo Horvat": the name, not its owner
            return self.resolve(self.doc[after[0].i:after[-1].i + 1])
        if any(t.lower_ in {"'s", "’s"} for t in toks[:-1]) and toks[-1].pos_ != "PROPN" \
                and not toks[-1].text[:1].isupper():
            if toks[-1].lower_ in SOURCE_NOUNS:  # "Infrastructure Canada's public database": the owner speaks
                k = max(j for j, t in enumerate(toks[:-1]) if t.lower_ in {"'s", "’s"})
                owner = " ".join(t.text for t in toks[:k] if t.lower_ not in LEADING_JUNK)
                owner = re.sub(r"^(?i:the)\s+", "", owner).strip()
                if owner and owner[:1].isupper() and owner.lower() not in PERSONAL_PRONOUNS:
                    self.last = (owner.lower(), owner, span.start_char)
                    return owner.lower(), owner
            return None, None  # "McCallum's staff", "Russia's foreign ministry spokesman": not the owner
        head = _name_before_prep(toks)
        if head is not None:
            return self.resolve(self.doc[toks[0].i:head])
        org = self._org_description(span, toks)
        if org:
            self.last = (org.lower(), org, span.start_char)
            return org.lower(), org
        if _person_description(toks) and not (toks[-1].lower_ in TITLE_WORDS and self._name_in(span)):
            # "the 26-year-old right wing", "the Kentucky Republican": the person in the centre
            got2 = self._gendered(span, None)
            if got2 is not None:
                self.history.append((span.start_char, got2[0], got2[1]))
                return got2
        run = _name_run(toks)
        target = span
        if run:
            n = len(run.split())
            target = self.doc[toks[-n].i:toks[-1].i + 1]
        got = self._ask(target, surname=_last_word(run) if run else None)
        if got is not None and self._type in ("GPE", "LOC", "NORP") and toks[-1].pos_ == "NOUN" and toks[-1].is_lower:
            got = None  # "South Korean officials", "the Canadian government": people, not the place
        if got is not None and got[1] and run and len(run.split()) == 1:
            first = self._first_of(run)
            if first and first.lower() != got[1].lower():
                got = (first.lower(), first)
        if got is not None and got[1] and self._type == "PERSON":
            longer = self._expand(got[1], span.start_char)
            if longer:
                got = (longer.lower(), longer)
        if got is not None and got[1]:
            self.last = (got[0], got[1], span.start_char)
            if self._type == "PERSON":
                self.last_person = self.last
                self.history.append((span.start_char, got[0], got[1]))
            return got
        name = self._name_in(span)
        if name and len(name.split()) == 1:
            name = self._expand(name, span.start_char) or name  # "Wang" → "Wang Qishan"
        if name:
            self.last = (name.lower(), name, span.start_char)
            if _looks_personal(span, name):
                self.last_person = self.last
                self.history.append((span.start_char, name.lower(), name))
            return name.lower(), name
        return None, None

    def _org_description(self, span: Span, toks: list[Token]) -> str | None:
        """"the company", "the agency", "the security firm": the last organisation named before."""
        low = [t.lower_ for t in toks]
        if len(low) < 2 or len(low) > 4 or low[0] not in {"the", "this"} or low[-1] not in ORG_HEADS:
            return None
        if any(t.text[:1].isupper() for t in toks[1:]):
            return None
        head = low[-1]
        # an organisation the entities component named before, whose name holds the head word:
        # "the diocese" -> "Roman Catholic Diocese of Covington", "the city" -> "City of Surrey"
        index = self._index
        named = [(m.start_char, m._.entity_key) for m in (index.mentions if index is not None else [])
                 if m.end_char <= span.start_char and m.label_ in ("ORG", "GPE") and m._.entity_key
                 and m._.mention_kind == "name"]
        if named and index is not None:
            by_key = index.by_key
            holding = [by_key[k].name for _s, k in named if k in by_key and head in by_key[k].name.lower().split()]
            if holding:
                return holding[-1]
        orgs = [e for e in self.doc.ents if e.label_ == "ORG" and e.end_char <= span.start_char
                and not self._in_parens(e) and len(e.text) > 1]
        if not orgs:
            return None
        name = re.sub(r"^(?i:the)\s+", "", re.split(r"['’]s$", orgs[-1].text.strip())[0])
        longer = [e.text for e in self.doc.ents if e.label_ == "ORG" and e.text.startswith(name + " ")
                  and len(e.text.split()) <= len(name.split()) + 2]
        return max(longer, key=len) if longer else name

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

    def _pronoun(self, span: Span) -> tuple[str | None, str | None]:
        """A pronoun takes the latest of: the entities component's answer (a PERSON for he/she, placed
        at its last mention before the pronoun), the last named speaker (a person for he/she) and the
        last PERSON subject. Photo credits in parentheses are no antecedents."""
        low = span.text.strip().lower()
        if low == "it":  # "it said": the state or organisation the entities component resolved it to
            ent = self._index_entity(span)
            if ent is not None and getattr(ent, "type", None) in ("ORG", "GPE") and getattr(ent, "name", None):
                self.last = (ent.name.lower(), ent.name, span.start_char)
                return ent.name.lower(), ent.name
            return None, None
        if low not in ONE_PERSON_PRONOUNS and low not in {"they", "we"}:
            return None, None
        if low == "they":
            group = self._group_before(span)
            if group is not None:
                return group.lower(), group
        gender = PRONOUN_GENDER.get(low)
        if gender is not None:
            got = self._gendered(span, gender)
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
        if person and self.subjects:
            subj = [e for e in self.doc.ents if e.label_ == "PERSON" and e.end_char <= span.start_char
                    and e.root.dep_.startswith("nsubj") and not self._in_parens(e)]
            if subj:
                e = subj[-1]
                bare = " ".join(w for w in e.text.split() if w.lower() not in TITLE_WORDS) or e.text
                got = self._ask(e, types={"PERSON"}, surname=_last_word(bare))
                name = got[1] if got is not None and got[1] else self._full(bare, e.start_char)
                cands.append((e.start_char, got[0] if got is not None and got[0] else name.lower(), name))
        if person:
            cands = [c for c in cands if self._personlike(c[2])
                     and (gender is None or self.gender_of(c[2]) in (None, gender))]
        if not cands:
            return None, None
        _, key, name = max(cands, key=lambda c: c[0])
        return key, name

    # ---------------------------------------------------------------- he/she with gender agreement

    def _gendered(self, span: Span, gender: str | None) -> tuple[str | None, str] | None:
        """He/she: the latest person before the pronoun whose gender does not clash, among the
        subjects and the earlier speakers (else any mention). Not a name inside quote marks, inside
        the quote being attributed or in a photo credit."""
        qa, qb = self.quote or (-1, -1)
        echoes = self._echoes(gender) if gender else self._echoes("m") + self._echoes("f")
        extra = sorted([(a, key, name, True) for a, key, name in self.history if not qa <= a < qb]
                       + echoes, key=lambda c: c[0])
        return self._antecedent(span.start_char, gender, (qa, qb), extra)

    def subject_before(self, pos: int, after: int) -> tuple[str | None, str] | None:
        """The person a floating quote at ``pos`` belongs to when the narrative names one as a subject
        in the quote's paragraph after ``after`` ("Durning did not need much coaxing. “I'm thankful …”"):
        the latest such name or he/she."""
        para = self._paragraph(pos)
        cands = [(c[0], c[1], c[2]) for c in self._gender_pool(None) if c[3] and after <= c[0] < pos]
        cands += [(c[0], c[1], c[2]) for g in ("m", "f") for c in self._echoes(g) if after <= c[0] < pos]
        cands = [c for c in cands if self._paragraph(c[0]) == para]
        if not cands:
            return None
        a, key, name = max(cands, key=lambda c: c[0])
        return key or name.lower(), name

    def _antecedent(self, pos: int, gender: str | None, skip: tuple[int, int],
                    extra: list[tuple[int, str | None, str, bool]]) -> tuple[str | None, str] | None:
        """The best candidate before ``pos``: a subject or speaker scores 0.9, each paragraph back
        costs 1, the later wins a tie. ``extra`` (speakers, resolved pronouns) is sorted."""
        here = self._paragraph(pos)
        best: tuple[float, int] | None = None
        got: tuple[str | None, str] | None = None
        pool = self._gender_pool(gender)
        k = bisect.bisect_left(pool, (pos,))
        for lst, end in ((pool, k), (extra, bisect.bisect_left(extra, (pos,)))):
            for i in range(end - 1, -1, -1):
                c = lst[i]
                if skip[0] <= c[0] < skip[1] or (c[4] > pos if len(c) == 5 else  # type: ignore[misc]
                                                  gender is not None and self.gender_of(c[2]) not in (None, gender)):
                    continue
                d = here - self._paragraph(c[0])
                if best is not None and 0.9 - d < best[0]:
                    break
                sc = ((0.9 if c[3] else 0.0) - d, c[0])
                if best is None or sc > best:
                    best, got = sc, (c[1] or c[2].lower(), c[2])
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
        self._gpool[gender] = out
        return out

    def _echoes(self, gender: str) -> list[tuple[int, str | None, str, bool]]:
        """He/she subjects of the narrative (outside quote marks), each resolved in turn: a pronoun
        keeps its person in the centre ("Vickers ... He said ... Martin Legere ... he said").
        Recomputed when a speaker has been added."""
        if gender not in self._echo_at:
            quoted = self._quoted_regions()
            self._echo_at[gender] = [t.idx for t in self.doc if t.lower_ in {"he", "she"} and PRONOUN_GENDER[
                t.lower_] == gender and t.dep_.startswith("nsubj") and not _inside(quoted, t.idx)]
        cached = self._echo.get(gender)
        if cached is not None and cached[0] == len(self.history):
            return cached[1]
        hist = sorted(((a, key, name, True) for a, key, name in self.history), key=lambda c: c[0])
        out: list[tuple[int, str | None, str, bool]] = []
        for idx in self._echo_at[gender]:
            extra = sorted(hist + out, key=lambda c: c[0]) if hist and out else hist or out
            got = self._antecedent(idx, gender, (-1, -1), extra)
            if got is not None:
                out.append((idx, got[0], got[1], True))
        self._echo[gender] = (len(self.history), out)
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


def _person_description(toks: list[Token]) -> bool:
    """"The 26-year-old right wing", "the Kentucky Republican", "the lanky, bespectacled professor": a
    definite description of one person (no name, no organisation or document head, not plural)."""
    words = [t for t in toks if not t.is_punct]
    if len(words) < 2 or len(words) > 7 or words[0].lower_ not in {"the", "this"}:
        return False
    if any(t.ent_type_ == "PERSON" or t.lower_ in {"of", "for", "at", "with", "'s", "’s"} for t in words):
        return False
    head = words[-1]
    if head.lower_ in NOT_PERSON_HEADS or head.tag_ in ("NNS", "NNPS") or head.lower_ in ANON_HEADS \
            or head.lower_ in GENDER_NOUNS:  # "the official", "the father"
        return False
    return head.pos_ in ("NOUN", "PROPN") and (head.is_lower or head.ent_type_ == "NORP" or head.lower_ in PARTY_WORDS)
