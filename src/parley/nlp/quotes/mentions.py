"""Speaker mentions in the parse for ``parley_quotes``: where a cue's speaker is written and where it ends.

The subject is read leftwards from the cue (``X said``, ``X, the spokeswoman, said``, back over
appositives and relative clauses to the segment that names the person) or rightwards when it is
inverted (``, said Ms Vetrova.``); a mention is cut where its noun phrase ends, and a pronoun or an
unnamed source ("a senior official") is told apart from a name.
"""

from __future__ import annotations

import re

from spacy.tokens import Doc, Span, Token

from parley.nlp.lexicon.actors import lexicon
from parley.nlp.lexicon.words import PERSONAL_PRONOUNS, WEEKDAYS, word_set
from parley.nlp.quotes.names import HONORIFIC_GENDER, TITLE_WORDS
from parley.nlp.syntax import NSUBJ, OBJ

LEADING_JUNK = {"but", "and", "so", "yet", "meanwhile", "however", "then", "also", "now", "still", "or", "while",
                "with", "without", "as"}
TRAILING_JUNK = {"also", "later", "earlier", "then", "previously", "recently", "again", "once", "further",
                 "has", "have", "had", "would", "will", "could", "did", "does", "do", "'d", "never", "not",
                 "n't", "repeatedly", "reportedly", "publicly", "simply", "quickly", "already", "often",
                 "may", "might", "should", "must", "can", "is", "was", "been", "being", "even", "just"}
SPEAKERS = "quotes/speakers"  # data/quotes/speakers.yaml
ANON_HEADS = word_set(SPEAKERS, "anonymous_heads")
# Documents and polls, never a speaker ("a survey suggested"); with the writings through which their
# author speaks ("a tweet said"), the sources that end a speaker mention and speak for their owner.
DOCUMENT_NOUNS = word_set(SPEAKERS, "document_nouns")
SOURCE_NOUNS = DOCUMENT_NOUNS | word_set(SPEAKERS, "writing_nouns")
# 'The ministry issued a statement: “…”', 'X released a statement saying …': the statement's issuer speaks.
STATEMENT_NOUNS = word_set(SPEAKERS, "statement_nouns")
ISSUING_VERBS = word_set(SPEAKERS, "issuing_verbs")
INDEFINITE = {"a", "an", "one", "some", "several", "two", "three", "four", "many", "another", "few", "other",
              "various", "multiple", "senior"}
_STOP_LEFT = {",", ";", ":", "(", ")", "—", "–", "“", "”", '"', "«", "»", "[", "]"}
_STOP_WORDS = {"that", "who", "which", "because", "while", "when", "if", "after", "before", "since",
               "although", "though", "whom", "where", "whether", "than", "what"}


def _junk_name(t: Token) -> bool:
    """A capitalized "May" or "Will" after an honorific or a name word is a name, not a modal."""
    return t.i > 0 and t.text[:1].isupper() and (t.nbor(-1).lower_.rstrip(".") in HONORIFIC_GENDER
                                                  or t.nbor(-1).text[:1].isupper() and t.nbor(-1).is_alpha)


def _junk(t: Token) -> bool:
    return t.lower_ in TRAILING_JUNK and not _junk_name(t)


def _no_break(t: Token) -> bool:
    """A token of no-break or plain spaces only (no line break), which joins the words of a name
    ("Newt\u00a0Gingrich", "Newt  Gingrich")."""
    return t.is_space and t.text.strip(" ") == "\u00a0" * len(t.text.strip(" "))


def _skipped_adverb(t: Token, floor: int) -> bool:
    """An adverb between subject and cue ("quickly said"), not a pronoun, a name that looks like a modal or a
    capitalized word inside the clause."""
    return t.pos_ == "ADV" and t.lower_ not in PERSONAL_PRONOUNS and not _junk_name(t) \
        and not (t.text[:1].isupper() and t.idx > floor)


def _inline_space(t: Token) -> bool:
    """A space token within a line (a no-break space: "Trump\u00a0added")."""
    return t.is_space and "\n" not in t.text


def _between_modifiers(doc: Doc, comma: int, floor: int) -> bool:
    """A comma between two modifiers right after a determiner ("the tall, soft-spoken professor")."""
    if comma < 2 or comma + 1 >= len(doc) or doc[comma - 2].idx < floor:
        return False
    before, after = doc[comma - 1], doc[comma + 1]
    return doc[comma - 2].lower_ in {"the", "a", "an"} and before.is_lower and before.is_alpha \
        and before.pos_ in ("ADJ", "NOUN") and after.is_lower and after.tag_ in ("JJ", "VBN")


def issuing_verb(noun: Token) -> Token | None:
    """The verb that put ``noun`` out, when ``noun`` is its object: "issued" of "X issued a statement",
    "released" of "released a report"; else None."""
    verb = noun.head
    return verb if noun.dep_ in OBJ and verb.i != noun.i and verb.lemma_.lower() in ISSUING_VERBS else None


def subject_left(doc: Doc, cue: Token, floor: int) -> Span | None:
    """The cue's subject, read leftwards from it: ``X said``, ``X, the spokeswoman, said``."""
    if cue.tag_ == "VBG" and cue.dep_ == "acl" and cue.head.lower_ in STATEMENT_NOUNS \
            and (verb := issuing_verb(cue.head)) is not None:
        issuer = _syntactic_subject(doc, verb, floor)  # "X released a statement confirming …": X
        if issuer is not None:
            return issuer
    if cue.tag_ == "VBG" and cue.i > 0 and doc[cue.i - 1].lower_ in {",", "by", "while", "after", "before", "when",
                                                                      "for", "in"}:
        # ", saying …" / "began by saying": the subject of the clause the participle hangs on
        subj = _syntactic_subject(doc, cue, floor)
        if subj is not None:
            return subj
        if doc[cue.i - 1].text == ",":  # never the words before the comma ("The first incident …, shouting")
            return _last_clause_subject(doc, cue, floor)
    i = cue.i - 1
    while i >= 0 and doc[i].idx >= floor and (_junk(doc[i]) or _inline_space(doc[i])
                                              or _skipped_adverb(doc[i], floor)):
        i -= 1
    if i < 0 or doc[i].idx < floor:
        return None
    if doc[i].lower_ == "to" and doc[i].pos_ == "PART" and i > 0:
        if doc[i - 1].pos_ in ("NOUN", "PROPN", "PRON"):
            return None  # "requiring the police to tell", "daring him to say": no report
        subj = _syntactic_subject(doc, cue, floor)  # "he appeared to suggest", "Brenk went on to explain"
        if subj is not None:
            return subj
    if doc[i].lower_ in PERSONAL_PRONOUNS and doc[i].pos_ == "PRON":
        return doc[i:i + 1]  # "a provision they say …": a pronoun is a whole subject
    if doc[i].lower_ in {"and", "but"} and doc[i].pos_ == "CCONJ" and i > 0 and doc[i - 1].idx >= floor:
        subj = _syntactic_subject(doc, cue, floor)  # "He endorsed Clinton, but told X that …"
        if subj is not None:
            return subj
    if doc[i].lower_ in {"who", "which"} and i > 0 and doc[i - 1].idx >= floor and (doc[i - 1].text == ","
                                                                         or doc[i - 1].pos_ in ("PROPN", "NOUN")):
        return doc[i:i + 1]  # "Jane Roe, who said …": the relative pronoun, resolved to its antecedent
    end = i + 1
    if doc[i].text == ",":  # an appositive or relative clause sits between subject and cue
        comma = _aside_start(doc, i, floor)
        if comma is None:
            return None
        appos = _named_appositive(doc, comma, i, floor)
        if appos is not None:
            return appos  # "the director of regional operations for EMS, Jeff Tallon, says"
        end = comma
    start, end = _trim(doc, _phrase_start(doc, end, floor), end)
    if end <= start:
        return None
    start, end = _back_over_appositives(doc, start, end, floor)
    if end - start > 1 and doc[end - 1].lower_ in {"and", "but"} and doc[end - 1].pos_ == "CCONJ":
        return _subject_before_and(doc, cue, start, end - 1, floor)
    span = doc[start:end]
    if _holds_a_verb(span):
        found = _subject_past_a_verb(doc, cue, span, floor)
        if found is None:
            return None
        span = found
    if not _nominal(span, cue):
        return None
    return _parsed_name_over_aside(cue, _name_before_party_tag(doc, span, floor))


def _nominal(span: Span, cue: Token) -> bool:
    """Whether ``span`` can name who speaks: a noun, a name, a pronoun or an unnamed source's word, or the
    cue's subject after "the" that the tagger read as an adjective ("the cooperative said")."""
    return any(t.pos_ in ("NOUN", "PROPN", "PRON") or t.text[:1].isupper() or t.lower_ in ANON_HEADS for t in span) \
        or (span[-1].dep_ in NSUBJ and span[-1].head.i == cue.i and len(span) > 1 and span[0].lower_ in ("the", "this"))


def _parsed_name_over_aside(cue: Token, span: Span) -> Span:
    """The named person the parser makes the cue's subject, when the words read leftwards stopped inside
    the modifiers of that subject: "Ana Roe, who lost her son in a flood at Dorrow, Kent, in 2012, said" (not
    "Kent"), "Tom Vale, the co-founder of Acme, a firm based in Leeds, says" (not "a firm …")."""
    subj = next((c for c in cue.children if c.dep_ in ("nsubj", "nsubjpass") and c.i < span.start), None)
    if subj is None or subj.ent_type_ != "PERSON" or not span.end <= subj.right_edge.i + 1:
        return span
    ent = next((e for e in span.doc.ents if e.start <= subj.i < e.end), None)
    return ent if ent is not None and ent.label_ == "PERSON" and ent.end <= span.start else span


def _aside_start(doc: Doc, comma: int, floor: int) -> int | None:
    """The comma opening the appositive or relative clause that ends at ``doc[comma]`` ("X, the
    spokeswoman, said"), up to 16 tokens back, or 32 for a clause opening on "who", "a", "the"
    ("Alder Pennick, who runs … families, said"); None when there is none."""
    i = comma
    j = i - 1
    while j >= 0 and doc[j].idx >= floor and doc[j].text not in {",", ";", ":"} and i - j < 16:
        j -= 1
    if j >= 0 and doc[j].idx >= floor and doc[j].text not in {",", ";", ":"} and i - j >= 16:
        # a long relative clause: "Alder Pennick, who runs … families, said"
        k = j
        while k >= 0 and doc[k].idx >= floor and doc[k].text not in {",", ";", ":"} and i - k < 32:
            k -= 1
        if k >= 0 and doc[k].text == "," and doc[k + 1].lower_ in {"who", "a", "an", "the"}:
            j = k
    if j >= 0 and doc[j].idx >= floor and doc[j].text == ",":
        return j
    return None


_NO_SPEAKER_TYPES = frozenset({"DATE", "TIME", "CARDINAL", "ORDINAL", "MONEY", "PERCENT", "QUANTITY"})


def _named_appositive(doc: Doc, first: int, last: int, floor: int) -> Span | None:
    """The name between the commas ``doc[first]`` and ``doc[last]`` when the segment before them
    describes its holder: "the director of regional operations for EMS, Jeff Tallon, says", "Varnia's
    foreign minister, Helga Brant, said", "One of them, Jane Holt, said"."""
    appos = doc[first + 1:last]
    if len(appos) > 2 and appos[0].lower_.rstrip(".") in TITLE_WORDS:
        appos = appos[1:]  # "His challenger, councillor Erik Dahl, said", "…, General Ivo Marek, said"
    elif len(appos) > 3:
        appos = _name_after_title(appos)  # "The host, Orrin's prime minister Hanna Loft, urged"
    if 2 <= len(appos) <= 4 and all(t.pos_ == "PROPN" and t.text[:1].isupper() for t in appos) \
            and (seg := _segment_before(doc, first, floor)) \
            and (doc[seg[0]].lower_ in {"the", "but", "and"} | INDEFINITE or _owned_title(doc[seg[0]:seg[1]])
                 or doc[seg[0]].tag_ == "NN" and doc[seg[0] + 1].lower_ in ("for", "of", "to", "at")) \
            and (any(t.ent_type_ == "PERSON" for t in appos) or lexicon().place(appos.text) is None
                 and not any(t.ent_type_ in _NO_SPEAKER_TYPES for t in appos)
                 or doc[seg[0]].lower_ in ("his", "her") and seg[1] - seg[0] == 2):
        return appos  # ("Her neighbour, Bashir Rahmani, said": his or her own one, a person whatever the NER said;
        # the weak NER's place or group that names no place it knows is often a person or the body described:
        # "The warehouse owner, Berit Sand", "Brandt's lawyer, Celia Moor", "The port operator, Elwick Terminals")
    return None


def _name_after_title(appos: Span) -> Span:
    """The name closing an apposition that gives its holder's title or role first ("Orrin's prime minister
    Hanna Loft", "radio host Greta Lund"): the capitalized words after the title word; else all of it."""
    k = len(appos)
    while k > 0 and appos[k - 1].pos_ == "PROPN" and appos[k - 1].text[:1].isupper():
        k -= 1
    if k == 0:
        return appos
    name = appos[k:]
    role = appos[k - 1].lower_ in TITLE_WORDS or appos[k - 1].is_lower and appos[k - 1].pos_ in ("NOUN", "PROPN") \
        and (any(t.ent_type_ == "PERSON" for t in name) or not any(t.ent_type_ for t in name))
    # ("radio host Greta Lund": a role noun before a person, or before a name the NER did not type)
    if 2 <= len(name) <= 4 and k <= 6 and role and not any(t.pos_ in ("VERB", "AUX") for t in appos[:k]):
        return name
    return appos


def _owned_title(seg: Span) -> bool:
    """An owner's title or role: "Varnia's foreign minister", "His spokesman", "Venn's lawyer", "the
    Liberals, whose leader, Otto Kern, has said"."""
    return (any(t.tag_ == "POS" for t in seg) or seg[0].tag_ in ("PRP$", "WP$")) and (
        seg[-1].lower_ in TITLE_WORDS or seg[-1].pos_ == "NOUN")


def _phrase_start(doc: Doc, end: int, floor: int) -> int:
    """Where the noun phrase ending before ``doc[end]`` starts: back to a clause boundary, at most 14
    tokens; a bracket after a name ("Rep. Gregory Halloway (D-Ore.) said") and a comma between two
    modifiers ("the tall, soft-spoken professor") stay inside."""
    start = end
    if doc[end - 1].text == ")":  # "Rep. Gregory Halloway (D-Ore.) said": the bracket belongs to the name
        k = end - 2
        while k >= 0 and doc[k].idx >= floor and end - k < 10 and doc[k].text not in {"(", ")"}:
            k -= 1
        if k >= 0 and doc[k].text == "(" and doc[k].idx >= floor:
            start = k
    while start - 1 >= 0 and doc[start - 1].idx >= floor:
        t = doc[start - 1]
        if t.text == "," and _between_modifiers(doc, start - 1, floor):
            start -= 1  # "the tall, soft-spoken professor said": a comma inside the noun phrase
            continue
        if t.text in _STOP_LEFT or t.lower_ in _STOP_WORDS or t.is_space and not _no_break(t) or "\n" in t.text:
            break
        if t.lower_ in {"and", "but"} and start - 2 >= 0 and doc[start - 2].text in {",", "--"}:
            break
        start -= 1
        if end - start >= 14:
            break
    return start


def _trim(doc: Doc, start: int, end: int) -> tuple[int, int]:
    """``[start, end)`` without a leading conjunction or adverb ("But", "Meanwhile") and without
    trailing auxiliaries, adverbs and punctuation (a bracket that closes inside stays)."""
    while start < end and (doc[start].lower_ in LEADING_JUNK or doc[start].is_punct or doc[start].is_space):
        start += 1
    while end > start and (_junk(doc[end - 1]) or doc[end - 1].is_punct
                           and not (doc[end - 1].text == ")" and "(" in doc[start:end].text)):
        end -= 1
    return start, end


def _subject_before_and(doc: Doc, cue: Token, start: int, end: int, floor: int) -> Span | None:
    """The subject of a cue after "and"/"but" (``doc[end]``), whose words before it are a clause of their
    own: "Authorities announced the arrest of … police and said …": the subject of the first verb."""
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
    pre_start, pre_end = _trim(doc, start, first.i)  # "they want cheaper fares and suggest …" (no "also")
    pre = doc[pre_start:pre_end]
    return pre if len(pre) and any(t.pos_ in ("NOUN", "PROPN", "PRON") for t in pre) else None


def _holds_a_verb(span: Span) -> bool:
    """A finite verb or a clause head inside what should be a noun phrase."""
    return any(t.pos_ in ("VERB", "AUX") and t.dep_ in ("ROOT", "conj", "ccomp", "relcl", "advcl", "acl")
               and t.tag_ not in ("VBG", "VBN") or t.pos_ == "AUX" and t.tag_ in ("VBZ", "VBD", "VBP", "MD")
               for t in span)


def _subject_past_a_verb(doc: Doc, cue: Token, span: Span, floor: int) -> Span | None:
    """"Ada Brisk often cites an old proverb … and says": the parser's subject of the cue, else
    (after a conjunction) the words before the first verb: "X has encouraged Y but said …"."""
    subj = _syntactic_subject(doc, cue, floor)
    if subj is not None:
        return subj
    last = doc[span.end - 1]
    if last.pos_ == "CCONJ" or last.lower_ in {"but", "and", "or"} or cue.dep_ == "conj":
        first = next(t for t in span if t.pos_ in ("VERB", "AUX"))
        span = doc[span.start:first.i]
        if not len(span) or span[0].pos_ == "ADP":
            return None
    return span


def _name_before_party_tag(doc: Doc, span: Span, floor: int) -> Span:
    """"Rep. Lucia Marren Ashby, D-Ore., the incoming chairwoman …, said": a party tag is no
    subject; the name before it is."""
    if _PARTY_TAG.fullmatch(span.text) and span.start > 1 and doc[span.start - 1].text == ",":
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
    """"Joe Brackett, a 1991 graduate …, where …, said", "Sarah Ellwood, who attended …, played …, said",
    "the director of operations for EMS, Jeff Tallon, says": from a segment that describes, continues a
    predicate or opens a relative clause, go back to the segment that names the person."""
    orig = (start, end)
    for _ in range(4):
        seg = doc[start:end]
        first = seg[0]
        describes = first.lower_ in {"a", "an", "one", "who", "which", "where", "whose", "when"} \
            or first.pos_ in ("VERB", "AUX") or first.tag_ in ("VBD", "VBN") \
            or first.lower_ in {"the", "his", "her", "their"} and not any(t.ent_type_ == "PERSON" for t in seg) \
            or all(t.like_num for t in seg) and len(seg) <= 2  # an age: "Woodrow Pell, 61, who …, says"
        comma = start - 1
        if start >= 3 and doc[start - 1].lower_ in {"who", "which"} and doc[start - 2].text == ",":
            comma, describes = start - 2, True  # "Sarah Ellwood, who attended …, played …, said"
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
            if c.dep_ in ("nsubj", "nsubjpass") and c.i < cue.i and c.idx >= floor and not c.is_space \
                    and not _quoted_before(doc, c, cue):
                found = _subject_words(doc, c, cue, floor)
                if found is not None:
                    return found
    return None


def _subject_words(doc: Doc, subj: Token, cue: Token, floor: int) -> Span | None:
    """The words of ``subj``'s subtree before ``cue`` and from ``floor`` on, less leading junk and
    trailing punctuation: at most 14 tokens, else None."""
    toks = [t for t in subj.subtree if t.i < cue.i and t.idx >= floor]
    a, b = min(t.i for t in toks), max(t.i for t in toks) + 1
    clauses = [c.left_edge.i for c in subj.subtree if c.dep_ in ("acl", "acl:relcl", "relcl") and c.i > subj.i]
    if clauses and a < min(clauses) < b:
        b = min(clauses)  # "The foreign ministers met in Athens and said": the ministers, not their clause
    while a < b and (doc[a].is_punct or doc[a].is_space or doc[a].lower_ in LEADING_JUNK):
        a += 1
    while b > a and (doc[b - 1].is_punct or doc[b - 1].is_space):
        b -= 1
    return doc[a:b] if 0 < b - a <= 14 else None


def _quoted_before(doc: Doc, t: Token, cue: Token) -> bool:
    """``t`` stands inside quote marks closed before ``cue`` ('X said “nobody knows it,” and added'): the
    quoted words' subject is no speaker."""
    opened = straight = 0
    for x in doc[t.i + 1:cue.i]:
        if x.text == "“":
            opened += 1
        elif x.text == "”":
            if opened == 0:
                return True
            opened -= 1
        elif x.text == '"':
            straight += 1
    return straight % 2 == 1


def _last_clause_subject(doc: Doc, cue: Token, floor: int) -> Span | None:
    """The subject of the last clause before a participle the parser did not hang on it ("X reacted to the
    news, saying", "X said, adding"): the last nominal subject after ``floor`` of a verb before the cue."""
    for i in range(cue.i - 1, -1, -1):
        c = doc[i]
        if c.idx < floor:
            break
        if c.dep_ in ("nsubj", "nsubjpass", "nsubj:pass") and c.head.pos_ in ("VERB", "AUX") and c.head.i < cue.i \
                and c.head.is_ancestor(cue):  # (never the subject of a clause reported before the comma)
            return _subject_words(doc, c, cue, floor)
    return None


def subject_right(doc: Doc, cue: Token, ceiling: int) -> Span | None:
    """An inverted subject after the cue: ``, said Ms Vetrova.``"""
    start = cue.i + 1
    while start < len(doc) and _no_break(doc[start]):
        start += 1
    end = start
    while end < len(doc) and doc[end].idx < ceiling and end - start < 10:
        t = doc[end]
        if t.is_punct or t.is_space and not _no_break(t) or (t.pos_ in ("ADP", "SCONJ") and t.lower_ not in {
                "of", "for"} and not t.text[:1].isupper()) \
                or t.lower_ in _STOP_WORDS:
            break  # (a capitalized "preposition" is a name's or a title's: "said Under Secretary Ann Roe")
        end += 1
    if end == start:
        return None
    span = doc[start:end]
    if not _nominal(span, cue):
        return None
    return _inverted_appositive(doc, span, ceiling) or span


def _inverted_appositive(doc: Doc, span: Span, ceiling: int) -> Span | None:
    """The name after an inverted subject that describes its holder: ", said Venn's lawyer, Paul Dekker."
    (:func:`_named_appositive`, with the segment starting at the subject)."""
    comma = span.end
    if comma >= len(doc) or doc[comma].text != ",":
        return None
    k = comma + 1
    while k < len(doc) and k - comma <= 5 and doc[k].idx < ceiling and not doc[k].is_punct and not doc[k].is_space:
        k += 1
    if k >= len(doc) or k - comma > 5 or doc[k].text not in {",", ".", ";"}:
        return None
    return _named_appositive(doc, comma, k, span.start_char)


_TIME_NOUNS = {"week", "month", "year", "day", "night", "weekend", "morning", "afternoon", "evening"} | set(WEEKDAYS)


def trim_mention(span: Span) -> Span:
    """A speaker mention without what follows its noun phrase: a relative clause ("officials close to
    the talks who were not authorized …"), "but …", a time ("A tweet last week"), "present during
    the attack", "obtained by The Courier"."""
    toks = list(span)
    for k, t in enumerate(toks):
        if k == 0 or not any(x.pos_ in ("NOUN", "PROPN") for x in toks[:k]):
            continue
        nxt = toks[k + 1] if k + 1 < len(toks) else None
        if any(x.lower_ in SOURCE_NOUNS for x in toks[:k]):
            break  # "a report which is being published Friday by Harbor Watch": the rest names the source
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


def _nationality(t: Token) -> bool:
    """A nationality or a country before a head noun: "French", "Israeli", "U.S."."""
    if t.ent_type_ == "NORP" or lexicon().demonym(t.text) is not None:
        return True
    place = lexicon().place(t.text)
    return place is not None and place.kind == "country"


def is_anonymous(span: Span) -> bool:
    """An unnamed source: "a senior official", "officials", "sources familiar with the talks"."""
    words = [t for t in span if not t.is_punct]
    if not words or words[0].lower_ in PERSONAL_PRONOUNS:
        return False
    if len(words) > 3 and words[0].lower_ in INDEFINITE and words[1].lower_ in ANON_HEADS \
            and words[2].lower_ in ("for", "to"):
        return True  # "a spokesperson for Voss", "an aide to the mayor": someone speaking for them, unnamed
    if len(words) > 2 and words[-1].lower_ in ANON_HEADS and words[-2].tag_ == "POS":
        return True  # "Voss's spokesman", "the prime minister's aide": the same, named by their owner
    if any(t.ent_type_ == "PERSON" for t in span):
        return False
    if any(t.text[:1].isupper() and t.lower_ not in TITLE_WORDS and not _nationality(t) for t in words[1:]):
        return False  # (a name; "a French diplomat", "a senior U.S. official" are still no one named)
    if "anonymity" in span.text.lower():
        return True
    first = words[0].lower_
    heads = {t.lower_ for t in words}
    if first in INDEFINITE:
        return True
    return first not in {"the", "this", "that", "his", "her", "their", "its"} and bool(heads & ANON_HEADS) \
        and words[-1].lower_.endswith("s")


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
