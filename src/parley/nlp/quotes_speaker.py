"""Speaker mentions for ``parley_quotes``: the subject of a cue, anonymity, and resolution to a name.

Resolution asks :mod:`parley.nlp.entities` (``resolve_mention``) when that module is there, and
otherwise falls back to a small local resolver: a surname or an honorific takes the fullest name in
the document ending with that surname, and a bare title ("the chancellor") takes the name written
after that title elsewhere in the document ("Chancellor Friedrich Merz").

He/she takes the best person before it whose gender does not clash: a subject or an earlier speaker
scores 0.9, each paragraph back costs 1, the later wins a tie; narrative he/she subjects carry their
person on ("Vickers … He said … Martin Legere … he said"). Gender comes from an honorific or a
gendered noun before the name ("Ms. May", "her husband Michael"), else ``data/quotes/given_names.yaml``,
else the he/she written in sentences about that person alone. A definite description of one person
("the 26-year-old right wing") takes the person in the centre the same way, gender-blind.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable
from functools import lru_cache
from typing import Any

import yaml
from spacy.lang.en.stop_words import STOP_WORDS
from spacy.tokens import Doc, Span, Token

from parley.config import DATA_DIR

GIVEN_NAMES = DATA_DIR / "quotes" / "given_names.yaml"

PRONOUNS = {"he", "she", "they", "i", "we", "him", "her", "them", "it", "you"}
PERSON_PRONOUNS = {"he", "she", "i", "him", "her"}
LEADING_JUNK = {"but", "and", "so", "yet", "meanwhile", "however", "then", "also", "now", "still", "or", "while",
                "with", "without", "as"}
TRAILING_JUNK = {"also", "later", "earlier", "then", "previously", "recently", "again", "once", "further",
                 "has", "have", "had", "would", "will", "could", "did", "does", "do", "'d", "never", "not",
                 "n't", "repeatedly", "reportedly", "publicly", "simply", "quickly", "already", "often",
                 "may", "might", "should", "must", "can", "is", "was", "been", "being", "even", "just"}
HONORIFICS = {"mr", "mrs", "ms", "miss", "dr", "prof", "sir", "dame", "mr.", "mrs.", "ms.", "dr.", "prof."}
TITLE_WORDS = {
    "president", "vice-president", "prime", "minister", "chancellor", "secretary", "foreign", "defence", "defense",
    "spokeswoman", "spokesman", "spokesperson", "envoy", "special", "ambassador", "general", "governor", "senator",
    "sen", "sen.", "rep", "rep.", "gov", "gov.", "mayor", "premier", "chief", "executive", "ceo", "chair",
    "chairman", "chairwoman", "director", "commissioner", "justice", "judge", "king", "queen", "prince",
    "princess", "pope", "leader", "deputy", "adviser", "advisor", "aide", "presidential", "state", "head",
    "professor", "officer", "commander", "lieutenant", "colonel", "captain", "sergeant", "councillor",
    "councilor", "mp", "mla", "mpp", "attorney", "speaker", "coach", "manager", "founder", "author",
} | HONORIFICS
ANON_HEADS = {"official", "officials", "source", "sources", "spokesperson", "spokesman", "spokeswoman", "aide",
              "aides", "insider", "insiders", "diplomat", "diplomats", "analyst", "analysts", "observers",
              "people", "person", "residents", "witnesses", "witness", "experts", "expert", "officer", "officers"}
ORG_HEADS = {"company", "agency", "firm", "ministry", "department", "corporation", "retailer", "airline",
             "automaker", "carmaker", "insurer", "broadcaster", "regulator", "diocese", "union", "council",
             "commission", "university", "bank"}
DOC_NOUNS = {"database", "report", "study", "statement", "website", "data", "figures", "numbers", "memo",
             "release", "survey", "analysis", "filing", "filings", "records", "documents", "letter", "post",
             "tweet", "account", "budget", "forecast", "review", "audit", "poll"}
SURNAME_PARTICLES = {"al", "el", "de", "da", "di", "du", "van", "von", "der", "le", "la", "bin", "ben", "abu", "ibn",
                     "dos", "das", "del", "della", "mac", "st", "st."}
INDEFINITE = {"a", "an", "one", "some", "several", "two", "three", "four", "many", "another", "few", "other",
              "various", "multiple", "senior"}
_STOP_LEFT = {",", ";", ":", "(", ")", "—", "–", "“", "”", '"', "«", "»", "[", "]"}
_STOP_WORDS = {"that", "who", "which", "because", "while", "when", "if", "after", "before", "since",
               "although", "though", "whom", "where", "whether", "than", "what"}


PRONOUN_GENDER = {"he": "m", "him": "m", "his": "m", "himself": "m", "she": "f", "her": "f", "hers": "f",
                  "herself": "f"}
HONORIFIC_GENDER = {"mr": "m", "sir": "m", "lord": "m", "mrs": "f", "ms": "f", "miss": "f", "dame": "f", "lady": "f"}
GENDER_NOUNS = {
    "husband": "m", "father": "m", "son": "m", "brother": "m", "boyfriend": "m", "uncle": "m", "nephew": "m",
    "grandfather": "m", "grandson": "m", "dad": "m", "stepfather": "m", "spokesman": "m", "chairman": "m",
    "businessman": "m", "congressman": "m", "king": "m", "prince": "m", "actor": "m", "fiancé": "m",
    "wife": "f", "mother": "f", "daughter": "f", "sister": "f", "girlfriend": "f", "aunt": "f", "niece": "f",
    "grandmother": "f", "granddaughter": "f", "mom": "f", "mum": "f", "stepmother": "f", "spokeswoman": "f",
    "chairwoman": "f", "businesswoman": "f", "congresswoman": "f", "queen": "f", "princess": "f", "actress": "f",
    "fiancée": "f", "widow": "f",
}
_NAME_RUN = r"[A-Z][\w'’-]+(?:\s+[A-Z][\w'’.-]+){0,3}"


@lru_cache(maxsize=1)
def given_names() -> dict[str, str]:
    """Given name (lower case) → "m" | "f", from ``data/quotes/given_names.yaml``."""
    data = yaml.safe_load(GIVEN_NAMES.read_text(encoding="utf-8")) or {}
    out = {str(n).lower(): "f" for n in data.get("female") or []}
    out.update({str(n).lower(): "m" for n in data.get("male") or []})
    return out


def quoted_regions(text: str) -> list[tuple[int, int]]:
    """Character ranges inside quote marks, paired within a paragraph (curly marks, else straight)."""
    out = []
    for m in re.finditer(r"[^\n]+", text):
        para, base = m.group(0), m.start()
        for pat in (r"“[^“”]*(?:”|$)", r'"[^"]*(?:"|$)'):
            out += [(base + q.start(), base + q.end()) for q in re.finditer(pat, para)]
    return sorted(out)


def _junk_name(t: Token) -> bool:
    """A capitalized "May" or "Will" after an honorific or a name word is a name, not a modal."""
    return t.i > 0 and t.text[:1].isupper() and (t.nbor(-1).lower_.rstrip(".") in HONORIFIC_GENDER
                                                  or t.nbor(-1).text[:1].isupper() and t.nbor(-1).is_alpha)


def _junk(t: Token) -> bool:
    return t.lower_ in TRAILING_JUNK and not _junk_name(t)


def is_pronoun(span_text: str) -> bool:
    return span_text.lower() in PRONOUNS


def subject_left(doc: Doc, cue: Token, floor: int) -> Span | None:
    """The cue's subject, read leftwards from it: ``X said``, ``X, the spokeswoman, said``."""
    if cue.tag_ == "VBG" and cue.i > 0 and doc[cue.i - 1].lower_ in {",", "by", "while", "after", "before", "when",
                                                                      "for", "in"}:
        # ", saying …" / "began by saying": the subject of the clause the participle hangs on
        subj = _syntactic_subject(doc, cue, floor)
        if subj is not None:
            return subj
    i = cue.i - 1
    while i >= floor and doc[i].idx >= floor and (_junk(doc[i]) or doc[i].pos_ == "ADV"
                                                  and doc[i].lower_ not in PRONOUNS and not _junk_name(doc[i])):
        i -= 1
    if i < 0 or doc[i].idx < floor:
        return None
    if doc[i].lower_ == "to" and doc[i].pos_ == "PART" and i > 0:
        if doc[i - 1].pos_ in ("NOUN", "PROPN", "PRON"):
            return None  # "requiring the police to tell", "daring him to say": no report
        subj = _syntactic_subject(doc, cue, floor)  # "he appeared to suggest", "Ham went on to explain"
        if subj is not None:
            return subj
    if doc[i].lower_ in PRONOUNS and doc[i].pos_ == "PRON":
        return doc[i:i + 1]  # "a provision they say …": a pronoun is a whole subject
    if doc[i].lower_ in {"who", "which"} and i > 0 and doc[i - 1].idx >= floor and (doc[i - 1].text == ","
                                                                         or doc[i - 1].pos_ in ("PROPN", "NOUN")):
        return doc[i:i + 1]  # "Jane Roe, who said …": the relative pronoun, resolved to its antecedent
    end = i + 1
    if doc[i].text == ",":  # an appositive or relative clause sits between subject and cue
        j = i - 1
        while j >= 0 and doc[j].idx >= floor and doc[j].text not in {",", ";", ":"} and i - j < 16:
            j -= 1
        if j >= 0 and doc[j].idx >= floor and doc[j].text not in {",", ";", ":"} and i - j >= 16:
            # a long relative clause: "Rucker Culpepper, who runs … families, said"
            k = j
            while k >= 0 and doc[k].idx >= floor and doc[k].text not in {",", ";", ":"} and i - k < 32:
                k -= 1
            if k >= 0 and doc[k].text == "," and doc[k + 1].lower_ in {"who", "a", "an", "the"}:
                j = k
        if j >= 0 and doc[j].idx >= floor and doc[j].text == ",":
            end = j
            appos = doc[j + 1:i]
            if 2 <= len(appos) <= 4 and all(t.pos_ == "PROPN" and t.text[:1].isupper() for t in appos) \
                    and any(t.ent_type_ == "PERSON" for t in appos) and (seg := _segment_before(doc, j, floor)) \
                    and doc[seg[0]].lower_ in {"the", "a", "an", "but", "and"}:
                return appos  # "the director of provincial operations for EHS, Jeff Fraser, says"
        else:
            return None
    start = end
    if doc[end - 1].text == ")":  # "Rep. Gregory Meeks (D-N.Y.) said": the bracket belongs to the name
        k = end - 2
        while k >= 0 and doc[k].idx >= floor and end - k < 10 and doc[k].text not in {"(", ")"}:
            k -= 1
        if k >= 0 and doc[k].text == "(" and doc[k].idx >= floor:
            start = k
    while start - 1 >= 0 and doc[start - 1].idx >= floor:
        t = doc[start - 1]
        if t.text in _STOP_LEFT or t.lower_ in _STOP_WORDS or t.is_space or "\n" in t.text:
            break
        if t.lower_ in {"and", "but"} and start - 2 >= 0 and doc[start - 2].text in {",", "--"}:
            break
        start -= 1
        if end - start >= 14:
            break
    while start < end and (doc[start].lower_ in LEADING_JUNK or doc[start].is_punct or doc[start].is_space):
        start += 1
    while end > start and (_junk(doc[end - 1]) or doc[end - 1].is_punct
                           and not (doc[end - 1].text == ")" and "(" in doc[start:end].text)):
        end -= 1
    if end <= start:
        return None
    start, end = _back_over_appositives(doc, start, end, floor)
    if end - start > 1 and doc[end - 1].lower_ in {"and", "but"} and doc[end - 1].pos_ == "CCONJ":
        end -= 1
        # "Authorities announced the arrest of … police and said …": the subject of the first verb
        subj = _syntactic_subject(doc, cue, floor)
        if subj is not None and subj.end <= end:
            return subj
        first = next((t for t in doc[start:end] if t.pos_ in ("VERB", "AUX")), None)
        if first is None:
            k = start
            while k > 0 and doc[k - 1].idx >= floor and doc[k - 1].pos_ not in ("VERB", "AUX") \
                    and "\n" not in doc[k - 1].text and start - k < 30:
                k -= 1
            verb = doc[k - 1] if k > 0 and doc[k - 1].idx >= floor else None
            return _syntactic_subject(doc, verb, floor) if verb is not None else None
        pre = doc[start:first.i]  # "they want lower tax rates and suggest …"
        return pre if len(pre) and any(t.pos_ in ("NOUN", "PROPN", "PRON") for t in pre) else None
    span = doc[start:end]
    if any(t.pos_ in ("VERB", "AUX") and t.dep_ in ("ROOT", "conj", "ccomp", "relcl", "advcl", "acl")
           and t.tag_ not in ("VBG", "VBN") or t.pos_ == "AUX" and t.tag_ in ("VBZ", "VBD", "VBP", "MD")
           for t in span):
        # "Nancy Pelosi often quotes Abraham Lincoln … and says": the parser's subject of the cue
        subj = _syntactic_subject(doc, cue, floor)
        if subj is not None:
            span = subj
        elif doc[end - 1].pos_ == "CCONJ" or doc[end - 1].lower_ in {"but", "and", "or"} or cue.dep_ == "conj":
            # "X has encouraged Y but said …": the words before the first verb
            first = next(t for t in span if t.pos_ in ("VERB", "AUX"))
            span = doc[span.start:first.i]
            if not len(span) or span[0].pos_ == "ADP":
                return None
    if not any(t.pos_ in ("NOUN", "PROPN", "PRON") or t.text[:1].isupper() or t.lower_ in ANON_HEADS for t in span):
        return None
    if _PARTY_TAG.fullmatch(span.text) and span.start > 1 and doc[span.start - 1].text == ",":
        # "Rep. Lucille Roybal Allard, D-Calif., the incoming chairwoman …, said": the name before the tag
        seg = _segment_before(doc, span.start - 1, floor)
        if seg is not None and any(t.text[:1].isupper() for t in doc[seg[0]:seg[1]]):
            return doc[seg[0]:seg[1]]
    return span


_PARTY_TAG = re.compile(r"[DRI]-[A-Z][A-Za-z.]*(?:\s?[A-Z][A-Za-z.]*)?")


def _segment_before(doc: Doc, comma: int, floor: int) -> tuple[int, int] | None:
    """The comma-delimited segment ending just before ``doc[comma]`` (a ","), at most 24 tokens."""
    k = comma - 1
    while k >= 0 and doc[k].idx >= floor and doc[k].text not in _STOP_LEFT and "\n" not in doc[k].text \
            and comma - k <= 24:
        k -= 1
    a = k + 1
    if a >= comma or comma - k > 24:
        return None
    return a, comma


def _names_someone(toks: Span) -> bool:
    return any(t.ent_type_ == "PERSON" or t.pos_ == "PROPN" and t.text[:1].isupper() and t.ent_type_ not in (
        "ORG", "GPE", "NORP", "FAC", "DATE") for t in toks)  # the weak NER's LOC is often a person


def _back_over_appositives(doc: Doc, start: int, end: int, floor: int) -> tuple[int, int]:
    """"Joe Nienaber, a 1989 graduate …, where …, said", "Sarah Buckley, who attended …, played …, said",
    "the director of operations for EHS, Jeff Fraser, says": from a segment that describes, continues a
    predicate or opens a relative clause, go back to the segment that names the person."""
    orig = (start, end)
    for _ in range(4):
        seg = doc[start:end]
        first = seg[0]
        describes = first.lower_ in {"a", "an", "one", "who", "which", "where", "whose", "when"} \
            or first.pos_ in ("VERB", "AUX") or first.tag_ in ("VBD", "VBN") \
            or first.lower_ in {"the", "his", "her", "their"} and not any(t.ent_type_ == "PERSON" for t in seg)
        comma = start - 1
        if start >= 3 and doc[start - 1].lower_ in {"who", "which"} and doc[start - 2].text == ",":
            comma, describes = start - 2, True  # "Sarah Buckley, who attended …, played …, said"
        if not describes or comma < 1 or doc[comma].text != ",":
            break
        prev = _segment_before(doc, comma, floor)
        relative = prev is not None and doc[prev[0]].lower_ in {"who", "which"}
        if prev is None or not (relative or _names_someone(doc[prev[0]:prev[1]])) \
                or doc[prev[0]].pos_ in ("VERB", "ADP", "SCONJ", "ADV") or doc[prev[0]].tag_ == "VBG":
            break  # "Speaking at a press conference with X, the chancellor announced"
        start, end = prev
    if (start, end) != orig and (doc[start].lower_ in {"who", "which"} or not _names_someone(doc[start:end])):
        return orig
    return start, end


def _syntactic_subject(doc: Doc, cue: Token, floor: int) -> Span | None:
    """The nominal subject of ``cue`` (or of the verb it is conjoined to), left of it and after ``floor``."""
    verbs = [cue]
    v = cue
    for _ in range(3):  # "X appeared on TV and began by saying", "X went after Y, saying"
        if v.dep_ not in ("conj", "xcomp", "advcl", "pcomp", "acl") or v.head.i == v.i:
            break
        v = v.head
        verbs.append(v)
    for verb in verbs:
        for c in verb.children:
            if c.dep_ in ("nsubj", "nsubjpass") and c.i < cue.i and c.idx >= floor:
                toks = [t for t in c.subtree if t.i < cue.i and t.idx >= floor]
                a, b = min(t.i for t in toks), max(t.i for t in toks) + 1
                while a < b and (doc[a].is_punct or doc[a].lower_ in LEADING_JUNK):
                    a += 1
                while b > a and doc[b - 1].is_punct:
                    b -= 1
                if b > a and b - a <= 14:
                    return doc[a:b]
    return None


def subject_right(doc: Doc, cue: Token, ceiling: int) -> Span | None:
    """An inverted subject after the cue: ``, said Ms Zakharova.``"""
    start = cue.i + 1
    end = start
    while end < len(doc) and doc[end].idx < ceiling and end - start < 10:
        t = doc[end]
        if t.is_punct or t.is_space or (t.pos_ in ("ADP", "SCONJ") and t.lower_ not in {"of", "for"}) \
                or t.lower_ in _STOP_WORDS:
            break
        end += 1
    if end == start:
        return None
    span = doc[start:end]
    if not any(t.pos_ in ("NOUN", "PROPN", "PRON") or t.text[:1].isupper() or t.lower_ in ANON_HEADS for t in span):
        return None
    return span


_TIME_NOUNS = {"week", "month", "year", "day", "night", "weekend", "morning", "afternoon", "evening", "monday",
               "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"}


def trim_mention(span: Span) -> Span:
    """A speaker mention without what follows its noun phrase: a relative clause ("sources familiar with
    the situation who were not authorized …"), "but …", a time ("A tweet last week"), "present during
    the attack", "obtained by The Globe"."""
    toks = list(span)
    for k, t in enumerate(toks):
        if k == 0 or not any(x.pos_ in ("NOUN", "PROPN") for x in toks[:k]):
            continue
        nxt = toks[k + 1] if k + 1 < len(toks) else None
        if any(x.lower_ in DOC_NOUNS for x in toks[:k]):
            break  # "a study which is being released Monday by Civic Action": the rest names the source
        cut = t.lower_ in {"who", "which", "whose", "but"} \
            or t.lower_ in {"last", "this", "next", "earlier"} and nxt is not None and nxt.lower_ in _TIME_NOUNS \
            or t.lower_ == "present" and nxt is not None and nxt.pos_ == "ADP" \
            or t.tag_ == "VBN" and nxt is not None and nxt.lower_ == "by" and toks[k - 1].pos_ == "NOUN"
        if cut:
            end = k
            while end > 0 and (toks[end - 1].is_punct or toks[end - 1].lower_ in {"and", "or"}):
                end -= 1
            return span[:end] if end > 0 else span
    return span


def is_anonymous(span: Span) -> bool:
    """An unnamed source: "a senior official", "officials", "sources familiar with the talks"."""
    words = [t for t in span if not t.is_punct]
    if not words or words[0].lower_ in PRONOUNS:
        return False
    if any(t.ent_type_ == "PERSON" for t in span):
        return False
    if any(t.text[:1].isupper() and t.lower_ not in TITLE_WORDS for t in words[1:]):
        return False
    if "anonymity" in span.text.lower():
        return True
    first = words[0].lower_
    heads = {t.lower_ for t in words}
    if first in INDEFINITE:
        return True
    return first not in {"the", "this", "that", "his", "her", "their", "its"} and bool(heads & ANON_HEADS) \
        and words[-1].lower_.endswith("s")


class Resolver:
    """Turns speaker mentions into ``(key, name)``, in document order (pronouns need history)."""

    def __init__(self, doc: Doc) -> None:
        self.doc = doc
        self.text = doc.text  # Doc.text rebuilds the string on every access
        self.last: tuple[str | None, str, int] | None = None
        self.last_person: tuple[str | None, str, int] | None = None
        self.subjects = False
        self._type: str | None = None
        self._other_names: set[str] | None = None
        self._api = _entities_api()
        self._names = _doc_names(doc)
        self._persons = sorted([(e.start_char, n) for e in doc.ents if e.label_ == "PERSON"
                                for n in [_strip_name(e.text)] if n] + _entity_persons(doc) + _cut_names(doc)
                               + [(a, n) for a, _, n in _subject_names(doc)])
        self.quote: tuple[int, int] | None = None  # the quote whose speaker is being resolved
        self.quotes: list[tuple[int, int]] = []  # all quotes of the document, sorted
        self.history: list[tuple[int, str | None, str]] = []  # (position, key, name) of person speakers
        self._pool: list[tuple[int, int, str | None, str, bool]] | None = None
        self._quoted: list[tuple[int, int]] | None = None
        self._paras: list[int] | None = None
        self._described: set[str] = set()  # one-word names introduced with a description
        self._echo: dict[str, tuple[int, list[tuple[int, str | None, str, bool]]]] = {}
        self._echo_at: dict[str, list[int]] = {}
        self._gpool: dict[str | None, list[tuple[int, str | None, str, bool, int]]] = {}
        self._genders: dict[str, str | None] = {}
        self._evidence: tuple[dict[str, set[str]], dict[str, set[str]], dict[str, dict[str, int]]] | None = None

    def _ask(self, span: Span, *, types: set[str] | None = None, surname: str | None = None
             ) -> tuple[str | None, str | None] | None:
        """The entities component's answer, kept only when it is of ``types`` and (for a name) ends
        holds the mention's ``surname``: a weak NER must not turn "Bo Horvat" into "Vancouver"."""
        if self._api is None:
            return None
        try:
            ent = self._api(self.doc, span)
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
        if text.lower() in PRONOUNS:
            return self._pronoun(span)
        toks = [t for t in span if not t.is_punct]
        poss = [j for j, t in enumerate(toks[:-1]) if t.lower_ in {"'s", "’s"}]
        after = toks[poss[-1] + 1:] if poss else []
        if after and 1 <= len(after) <= 4 and all(t.text[:1].isupper() for t in after) and not any(
                t.lower_ in TITLE_WORDS for t in after):  # "Vancouver's Bo Horvat": the name, not its owner
            return self.resolve(self.doc[after[0].i:after[-1].i + 1])
        if any(t.lower_ in {"'s", "’s"} for t in toks[:-1]) and toks[-1].pos_ != "PROPN" \
                and not toks[-1].text[:1].isupper():
            if toks[-1].lower_ in DOC_NOUNS:  # "Infrastructure Canada's public database": the owner speaks
                k = max(j for j, t in enumerate(toks[:-1]) if t.lower_ in {"'s", "’s"})
                owner = " ".join(t.text for t in toks[:k] if t.lower_ not in LEADING_JUNK)
                owner = re.sub(r"^(?i:the)\s+", "", owner).strip()
                if owner and owner[:1].isupper() and owner.lower() not in PRONOUNS:
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
        named = [(m.start_char, m._.entity_key) for m in (self.doc.spans["mentions"] if "mentions" in self.doc.spans
                                                            else []) if m.end_char <= span.start_char
                 and m.label_ in ("ORG", "GPE") and m._.entity_key and m._.mention_kind == "name"]
        if named and self.doc.has_extension("entities"):
            by_key = {e.key: e for e in self.doc._.entities}
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

    def _personlike(self, name: str | None) -> bool:
        """A he/she antecedent must not be a place or organisation the weak NER took for a person
        ("Surrey", "Medicine Hat", "Symantec"): not tagged otherwise elsewhere, and a lone word only
        as a word of a person named in full."""
        if not name:
            return False
        low = name.lower()
        if self._other_names is None:
            self._other_names = {e.text.lower() for e in self.doc.ents
                                 if e.label_ in ("GPE", "LOC", "ORG", "FAC", "NORP")}
        if low in self._other_names:
            return False
        if len(name.split()) == 1:
            return any(len(n.split()) > 1 and low in n.lower().split() for _, n in self._persons)
        return True

    def _expand(self, name: str, pos: int) -> str | None:
        """A short name the entities component left short in full: a particle surname ("Al Basha") by a
        longer PERSON name of the document ending with it, one word by the one two-word name starting
        with it ("Wang" → "Wang Qishan"); the nearest before ``pos`` first."""
        words = name.lower().split()
        if not words or len(words) > 2 or len(words) == 2 and words[0] not in SURNAME_PARTICLES:
            return None

        def fits(cand: str) -> bool:
            cw = cand.lower().split()
            if len(cw) <= len(words) or len(cw) > 4 or not all(re.fullmatch(r"[A-Z][\w'’.-]*", w)
                                                                for w in cand.split()):
                return False
            return cw[-2:] == words if len(words) == 2 else (cw[0] == words[0] and len(cw) == 2)

        cands = [(a, n) for a, n in self._persons if fits(n)]
        same = len({n.lower() for _, n in cands}) == 1
        if not same and not any(n.lower().endswith(" " + name.lower()) for _, n in cands):
            return None
        ends = [(a, n) for a, n in cands if n.lower().split()[-len(words):] == words] or cands
        before = [x for x in ends if x[0] < pos]
        return (before[-1] if before else ends[0])[1]

    def _last_lower(self) -> str:
        return (self.last_person[1] or "").lower() if self.last_person else ""

    def _first_of(self, surname: str) -> str | None:
        """With two people of one surname ("Dorie Greenspan", "her husband Michael Greenspan"), a bare
        surname is the one the article introduced first."""
        low = surname.lower()
        fulls = [n for _, n in self._persons if len(n.split()) > 1 and n.split()[-1].lower() == low]
        if len({n.lower() for n in fulls}) < 2:
            return None
        return fulls[0]

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
            ent = self._api_entity(span)
            if ent is not None and getattr(ent, "type", None) in ("ORG", "GPE") and getattr(ent, "name", None):
                self.last = (ent.name.lower(), ent.name, span.start_char)
                return ent.name.lower(), ent.name
            return None, None
        if low not in PERSON_PRONOUNS and low not in {"they", "we"}:
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
        person = low in PERSON_PRONOUNS
        cands: list[tuple[int, str | None, str]] = []
        last = self.last_person if person else self.last
        if last is not None:
            cands.append((last[2], last[0], last[1]))
        ent = self._api_entity(span)
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

    def _quoted_regions(self) -> list[tuple[int, int]]:
        if self._quoted is None:
            self._quoted = quoted_regions(self.text)
        return self._quoted

    def _mention_pool(self) -> list[tuple[int, int, str | None, str, bool]]:
        """Every named or titled mention of a person: (start, end, key, full name, is a subject)."""
        if self._pool is not None:
            return self._pool
        pool: dict[int, tuple[int, int, str | None, str, bool]] = {}
        ents = []
        if Doc.has_extension("entities"):
            try:
                ents = self.doc._.entities or []
            except Exception:  # a bug upstream must not lose the quote
                ents = []
        for e in ents:
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
        for e in self.doc.ents:
            if e.label_ != "PERSON" or self._in_parens(e) or any(a < e.end_char and e.start_char < b
                                                                   for a, b, *_ in pool.values()):
                continue
            bare = _strip_name(e.text)
            if not bare or not bare[:1].isupper():
                continue
            name = self._first_of(bare) if len(bare.split()) == 1 else None
            name = name or self._full(bare, e.start_char)
            pool[e.start_char] = (e.start_char, e.end_char, None, name, self._is_subject(e.start_char, e.end_char))
        for t in self.doc:
            # a surname alone as a subject ("Jamil acknowledges …") of a person named in full elsewhere
            if t.pos_ in ("PROPN", "ADJ", "NOUN") and t.dep_.startswith("nsubj") and t.is_alpha and t.is_title \
                    and t.ent_type_ not in _NOT_PERSON_ENTS and not any(c[0] <= t.idx < c[1] for c in pool.values()) \
                    and not (t.i > 0 and self.doc[t.i - 1].pos_ == "PROPN") \
                    and not (t.i + 1 < len(self.doc) and self.doc[t.i + 1].pos_ == "PROPN"):
                full = self._full(t.text, t.idx)
                if len(full.split()) > 1 and _namelike(full):
                    pool[t.idx] = (t.idx, t.idx + len(t.text), None, full, True)
            elif t.is_alpha and t.is_title and t.i + 2 < len(self.doc) and self.doc[t.i + 1].text == "," \
                    and self.doc[t.i + 2].lower_ in {"a", "an"} and (t.i == 0 or "\n" in self.doc[t.i - 1].text) \
                    and t.ent_type_ not in _NOT_PERSON_ENTS and t.lower_ not in STOP_WORDS:
                # a paragraph opening on a one-word name and its description: "Yuni, a resident of Lampung, …"
                pool.setdefault(t.idx, (t.idx, t.idx + len(t.text), None, t.text, True))
                self._described.add(t.lower_)
        for a, b, name in _subject_names(self.doc):
            # a name the NER missed or cut ("Mamadou Dia was on a business trip", "Roy Graf protested")
            over = [k for k, c in pool.items() if c[0] < b and a < c[1]]
            if all(len(name.split()) > len(pool[k][3].split()) and pool[k][2] is None for k in over):
                for k in over:
                    del pool[k]
                pool[a] = (a, b, None, self._full(name, a), True)
        self._pool = sorted(pool.values())
        return self._pool

    def gender_of(self, name: str) -> str | None:
        """"m", "f" or None for a person's full name: an honorific or a gendered noun written before
        the name ("Ms. May", "her husband Michael Greenspan"), else a given name of
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
        fulls = {n.lower() for _, n in self._persons if len(n.split()) > 1 and n.split()[-1].lower() == surname}
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
        for sent in sents:
            inside = [c for c in pool if sent.start_char <= c[0] < sent.end_char]
            names = {c[3].lower() for c in inside}
            if len(names) != 1:
                continue
            name = names.pop()
            for t in sent:
                g = PRONOUN_GENDER.get(t.lower_)
                if g and not _inside(quoted, t.idx):
                    votes.setdefault(name, {}).setdefault(g, 0)
                    votes[name][g] += 1
        self._evidence = (full, by_surname, votes)
        return self._evidence

    def _is_subject(self, start: int, end: int) -> bool:
        sp = self.doc.char_span(start, end, alignment_mode="expand")
        return sp is not None and (sp.root.dep_.startswith("nsubj") or sp.root.head.dep_.startswith("nsubj"))

    def _api_entity(self, span: Span) -> Any:
        if self._api is None:
            return None
        try:
            return self._api(self.doc, span)
        except Exception:  # a bug upstream must not lose the quote
            return None

    def _in_parens(self, span: Span) -> bool:
        return self._in_parens_at(span.start_char, span.end_char)

    def _in_parens_at(self, start: int, end: int) -> bool:
        """A photo credit or an aside: "(Muriel Draaisma/CBC)"."""
        text = self.text
        a = text.rfind("(", max(0, start - 80), start)
        return a >= 0 and ")" not in text[a:start] and ")" in text[end:end + 40]

    def _full(self, name: str, pos: int | None = None) -> str:
        """The full form of a name: a PERSON mention ending with its words, the nearest before ``pos``
        first (two Durnings: the one just written about), else the longest such name in the document."""
        words = name.lower().split()
        if not words:
            return name

        def fits(cand: str) -> bool:
            cw = cand.lower().split()
            return len(cw) >= len(words) and cw[-len(words):] == words

        if pos is not None:
            persons = [(a, n) for a, n in self._persons if fits(n) and len(n.split()) > 1]
            before = [x for x in persons if x[0] < pos]
            if before:
                return before[-1][1]
            if persons:
                return persons[0][1]
        cands = [n for n in self._names if fits(n)]
        return max(cands, key=len) if cands else name

    def _name_in(self, span: Span) -> str | None:
        persons = [e for e in span.ents if e.label_ == "PERSON"]
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
            if k > e.end:  # "Ben van der Pluijm", "Roy Graf" where the NER tagged "Ben", "Roy"
                words += [t.text for t in self.doc[e.end:k]]
            if words:
                return self._full(" ".join(words), span.start_char)
        run = _name_run(toks)
        if run:
            return self._full(run, span.start_char)
        low = [t.lower_ for t in toks]
        if low and low[0] in {"the", "our", "their"} and low[-1] in TITLE_WORDS:
            title = " ".join(t.text for t in toks[1:])
            m = re.search(rf"(?i:\b{re.escape(title)})\s+((?:[A-Z][\w'’-]+[ ]?){{1,3}})", self.text)
            if m:
                words = [w for w in m.group(1).split() if w.lower() not in TITLE_WORDS]
                if words:
                    return self._full(" ".join(words))
        return None


def _antecedent_of_who(doc: Doc, who: Token) -> Span | None:
    """The noun phrase a relative "who" hangs on: "Jane Roe, a lawyer, who" → "Jane Roe, a lawyer"
    read back to its first noun phrase ("Jane Roe")."""
    j = who.i - 1
    if j >= 0 and doc[j].text == ",":
        j -= 1
    end = j + 1
    while j >= 0 and end - j <= 8 and (doc[j].pos_ in ("PROPN", "NOUN", "ADJ", "DET", "NUM") or doc[j].lower_ in {
            "'s", "’s", ".", "-"}) and "\n" not in doc[j].text:
        j -= 1
    start = j + 1
    if start >= end:
        return None
    span = doc[start:end]
    return span if any(t.pos_ in ("PROPN", "NOUN") for t in span) else None


def _namelike(name: str) -> bool:
    """Words of a person's name: capitalized, no digits, no plural acronym ("Bill C-69", "Labour MPs")."""
    return all(w[:1].isupper() and not any(ch.isdigit() for ch in w) and not re.fullmatch(r"[A-Z]{2,}s", w)
               for w in name.split())


def _inside(regions: list[tuple[int, int]], pos: int) -> bool:
    k = bisect.bisect_right(regions, (pos, 10**12)) - 1
    return k >= 0 and regions[k][0] <= pos < regions[k][1]


PARTY_WORDS = {"republican", "democrat", "conservative", "liberal", "tory", "socialist", "independent", "green"}
NOT_PERSON_HEADS = ORG_HEADS | DOC_NOUNS | {
    "group", "diocese", "union", "organization", "organisation", "association", "charity", "foundation", "network",
    "bank", "university", "school", "hospital", "council", "commission", "committee", "club", "team", "coalition",
    "institute", "centre", "center", "society", "league", "party", "government", "city", "town", "province",
    "state", "country", "office", "court", "police", "military", "army", "campaign", "administration", "board",
    "paper", "newspaper", "magazine", "site", "ad", "film", "book", "video", "show", "program", "programme", "plan",
    "bill", "law", "lawsuit", "complaint", "order", "ruling", "decision", "research", "findings", "evidence",
    "document", "documents", "submission", "message", "email", "note", "notice", "service", "system",
    "industry", "market", "public", "community", "family", "couple", "pair", "crowd", "majority", "minority"}


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


def _name_before_prep(toks: list[Token]) -> int | None:
    """"Tim Guest with the Nova Scotia Health Authority": the person is the name before the
    preposition; the token index where that name ends, or None."""
    for k, t in enumerate(toks):
        if t.lower_ in {"with", "of", "at", "from"} and k >= 2:
            run = _name_run(toks[:k])
            if run and len(run.split()) >= 2 and len(run.split()) == k - sum(
                    1 for x in toks[:k] if x.lower_ in TITLE_WORDS or x.lower_ in {"the", "a", "an"}):
                return t.i
            return None
    return None


def _name_run(toks: list[Token]) -> str | None:
    """The trailing run of capitalized non-title words ("United States Special Envoy for Ukraine Keith
    Kellogg" → "Keith Kellogg"); None when the mention ends on a common noun or is an organisation."""
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
    if run[-1].ent_type_ in ("ORG", "GPE", "LOC", "NORP") and not any(t.ent_type_ == "PERSON" for t in run):
        return None
    if toks and toks[0].lower_ in {"the", "a", "an"} and (len(run) < len(toks) - 1 or not any(
            t.ent_type_ == "PERSON" for t in run)):  # "the Kentucky Republican" is no name
        return None
    return " ".join(t.text for t in run)


_NOT_PERSON_ENTS = {"ORG", "GPE", "LOC", "NORP", "FAC", "PRODUCT", "EVENT", "WORK_OF_ART", "LAW", "DATE", "TIME",
                    "MONEY", "LANGUAGE"}


def _subject_names(doc: Doc) -> list[tuple[int, int, str]]:
    """(start, end, name) of two- or three-word runs of proper nouns that are a clause's subject and
    carry no organisation, place or other non-person tag: names of people the NER left out."""
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
            if span.root.dep_.startswith("nsubj") and doc[i].lower_ not in STOP_WORDS \
                    and not (i > 0 and (doc[i - 1].pos_ == "PROPN" or doc[i - 1].ent_type_ in _NOT_PERSON_ENTS)):
                out.append((span.start_char, span.end_char, span.text))
        i = max(j, i + 1)
    return out


def _cut_names(doc: Doc) -> list[tuple[int, str]]:
    """Names the NER cut after the given name ("Theresa" of "Theresa May", the surname read as a
    month): a one-word PERSON and the capitalized word after it, when that pair is written twice
    or the second word follows an honorific ("Ms. May")."""
    out = []
    text = doc.text
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


def _entity_persons(doc: Doc) -> list[tuple[int, str]]:
    """(mention start, full name) for every mention of a PERSON of the entities component."""
    if not Doc.has_extension("entities"):
        return []
    try:
        ents = doc._.entities or []
    except Exception:  # a bug upstream must not lose the quote
        return []
    return [(m.start, n) for e in ents if e.type == "PERSON" and e.name
            for n in [_strip_name(e.name)] if len(n.split()) > 1 for m in e.mentions]


def _looks_personal(span: Span, name: str) -> bool:
    """A locally resolved name is a person's when NER says so, or it is a 2-3 word name with no
    organisation or place tag."""
    toks = [t for t in span if t.text in name.split()]
    if any(t.ent_type_ == "PERSON" for t in toks):
        return True
    return 2 <= len(name.split()) <= 3 and not any(t.ent_type_ in ("ORG", "GPE", "LOC", "NORP", "FAC") for t in toks)


def _last_word(name: str) -> str:
    words = name.lower().split()
    return words[-1] if words else ""


_CREDIT_WORDS = {"images", "image", "photo", "photos", "press", "getty", "reuters", "afp", "via", "pool",
                 "file", "handout", "contributed", "shutterstock"}


def _strip_name(text: str) -> str:
    """A PERSON entity's text without titles, without an owner before ``'s`` ("Vancouver's Bo Horvat")
    and without a photo credit run on before it ("Getty Images Kevin Vickers")."""
    text = re.sub(r"['’]s?$", "", re.split(r"['’]s\s+", text.strip())[-1])  # "Jeanine Durning’s"
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
    text = doc.text
    runs = []
    for m in re.finditer(r"[A-Z][\w'’-]+(?:[ ]+[A-Z][\w'’-]+)+", text):
        parts = re.split(r"['’]s\s+", m.group(0))
        runs.append((m, parts[-1].split()))
        if len(parts) > 1 and len(parts[-2].split()) >= 2:  # "Jeanine Durning’s This Shape": the owner
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


def _entities_api() -> Callable[[Doc, Span], Any] | None:
    try:
        from parley.nlp import entities
    except ImportError:
        return None
    return getattr(entities, "resolve_mention", None)
