"""Arguments of an event found by ``parley_events``: actors, recipients, location and mode, all
read from the trigger's own clause (the date and status are read by the component and
:mod:`parley.nlp.events.modality`; the type by :mod:`parley.nlp.events.decide`). Word lists:
``src/parley/data/events/participants.yaml`` and ``arguments.yaml``."""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field

from spacy.tokens import Doc, Span, Token

from parley.nlp.context import context_for, entity_index
from parley.nlp.events.actors import (
    ACTOR_ENTS,
    AGENTS,
    PRONOUNS_FIRST,
    country_of_words,
    is_country,
    mention_text,
    shared_head_codes,
    span_code,
    table_code,
)
from parley.nlp.events.lexicon import Lexicon, lemma_candidates
from parley.nlp.events.tree import (
    case_words,
    conjuncts,
    inherited_subject,
    kids,
    line_subtree,
    np_tokens,
    preps,
    subjects,
    up,
)
from parley.nlp.events.triggers import CRITICISM, Cand
from parley.nlp.layout import dateline_end
from parley.nlp.lexicon.words import MONTH_NAMES, WEEKDAYS, word_map, word_set
from parley.nlp.syntax import IOBJ, NOUN_MODIFIERS, NSUBJ, OBJ, POSS, RELCL, dep, is_nominal, is_verbal

THING_PREPS = {"to", "at", "against", "on", "upon", "toward", "towards", "into", "for"}
PLACES = word_set("events/arguments", "places")
TIME_UNITS = {"second", "minute", "hour", "day", "night", "week", "weekend", "month", "year", "decade", "century"}
RECIPIENT_PREPS = {"to", "with", "against", "on", "upon", "at", "toward", "towards", "from", "for", "into"}
PLACE_PREPS = {"in", "at", "near", "outside", "inside"}
ACTORISH = ACTOR_ENTS | {"FAC"}


@dataclass
class Args:
    actors: list[tuple[str, int, int]] = field(default_factory=list)  # (code or text, start, end)
    recipients: list[tuple[str, int, int]] = field(default_factory=list)


@dataclass
class QuoteInfo:
    start: int
    end: int
    speaker: str | None
    speaker_code: str | None
    cue: tuple[int, int] | None = None  # the reporting verb ("said", "claimed")
    speaker_span: tuple[int, int] | None = None
    speaker_key: str | None = None  # the speaker's entity (``parley_entities``), when resolved


# ---------------------------------------------------------------- actors


def _is_eventive(tok: Token, cands_at: dict[int, Cand]) -> bool:
    return tok.i in cands_at


def _resolve(doc: Doc, head: Token, quote: QuoteInfo | None) -> list[tuple[str, int, int]]:
    """Codes (or mention texts) for the head and its coordinated conjuncts."""
    out: list[tuple[str, int, int]] = []
    for tok in conjuncts(head):
        tok = _named_apposition(tok)
        if _persons_we(doc, tok, quote):
            continue
        speaker = _the_speaker(doc, tok, quote)
        if speaker is not None:
            if all(speaker[0] != a for a, _, _ in out):
                out.append(speaker)
            continue
        toks = np_tokens(tok)
        start, end = toks[0].idx, toks[-1].idx + len(toks[-1])
        code = None
        if tok.lower_ in PRONOUNS_FIRST or (toks[0].lower_ in ("our", "my") and len(toks) > 1):
            code = quote.speaker_code if quote else None
        if code is None:
            code = span_code(doc, toks)
        if code is None and tok.pos_ == "PRON" and tok.lower_ not in PRONOUNS_FIRST:
            code = _pronoun_code(doc, tok) or _reported_subject(doc, tok)
        pair = _the_two_states(doc, tok) if code is None else None
        if pair:  # "the two countries", "both sides": the two states the story just paired
            out.extend(p for p in pair if all(p[0] != a for a, _, _ in out))
            continue
        parts = shared_head_codes(doc, tok) if tok.pos_ in ("NOUN", "PROPN") else []
        for part, word in parts:  # "Armenian and Azerbaijani officials": both sides
            if all(part != a for a, _, _ in out):
                out.append((part, word.idx, word.idx + len(word)))
        label = code or mention_text(toks)
        if not parts and label and all(label != a for a, _, _ in out):
            out.append((label, start, end))
    return out


FIRST_SINGULAR = {"i", "me", "my", "mine", "myself"}
PAIR_NOUNS = word_set("events/arguments", "pair_nouns")  # "the two countries", "both sides"
PAIR_REACH = 120  # tokens back to the pair of states the phrase stands for


def _the_two_states(doc: Doc, tok: Token) -> list[tuple[str, int, int]] | None:
    """"The two countries", "both sides", "the two governments": the two states of the last "X and Y"
    the story wrote before it, within :data:`PAIR_REACH` tokens, when both are states; else None (no
    guess at which two)."""
    if tok.lower_ not in PAIR_NOUNS:  # "the foreign ministers of the two countries": the countries
        tok = next((c for c in tok.children if c.dep_ == "nmod" and c.lower_ in PAIR_NOUNS
                    and any(x.lower_ == "of" for x in c.children)), tok)
    if tok.lower_ not in PAIR_NOUNS or not any(c.lower_ in ("two", "both") and c.dep_ in ("nummod", "det",
                                                                                         "cc:preconj", "preconj")
                                               for c in tok.children):
        return None
    for k in range(tok.i - 1, max(-1, tok.i - PAIR_REACH), -1):
        second = doc[k].head
        if doc[k].lower_ != "and" or doc[k].dep_ != "cc" or second.dep_ != "conj" or second.i <= k:
            continue
        first = second.head
        sides = [(span_code(doc, np_tokens(t)), t) for t in (first, second)]
        if all(is_country(c) for c, _ in sides) and sides[0][0] != sides[1][0]:
            return [(str(c)[:3], t.idx, t.idx + len(t)) for c, t in sides]
        return None  # the last pair is not two states: no guess
    return None


def _persons_we(doc: Doc, tok: Token, quote: QuoteInfo | None) -> bool:
    """"We" in a person's quoted words: the speaker with their party, their government, their country
    or everyone listening, which the words do not settle ("we're blaming our neighbours"). No side."""
    if quote is None or quote.speaker_key is None or tok.pos_ != "PRON" or tok.lower_ not in PRONOUNS_FIRST:
        return False
    named = speaker_name_at(doc, quote)
    return named is not None and named[2] == "PERSON"


def _the_speaker(doc: Doc, tok: Token, quote: QuoteInfo | None) -> tuple[str, int, int] | None:
    """"I" in quoted words is the quote's speaker as the quotes stage resolved it, and so is the "we" of
    an organisation or a state (its spokesperson's words; a person's "we" gives no side, see
    :func:`_persons_we`, asked first). The side is the speaker's name where the article gives it
    (:func:`speaker_name_at`) with the speaker's code, not whoever a pronoun resolver put nearest the
    quote. In reported speech the speaker's "he" or "she" is so too (:func:`_reporters_own`). None: no
    such pronoun, no resolved speaker, or a quote inside the quote ("she said, 'I refuse …'": that "I"
    is someone else)."""
    if quote is None or quote.speaker_key is None or tok.pos_ != "PRON" or len(np_tokens(tok)) != 1:
        return None
    low = tok.lower_
    if low not in FIRST_SINGULAR and low not in PRONOUNS_FIRST and not _reporters_own(tok, quote):
        return None
    named = speaker_name_at(doc, quote)
    if named is None:
        return None
    text = context_for(doc).text
    if _nested(text, quote.start, tok.idx):
        return None
    start, end = named[0], named[1]
    return (quote.speaker_code or quote.speaker or text[start:end], start, end)


def _reporters_own(tok: Token, quote: QuoteInfo) -> bool:
    """"he" or "she" as the subject of what the reporting verb of the quote reports ("Senator Vance
    said she had spoken with …"): the speaker telling of themselves in reported speech, unless the
    pronoun resolver gave the pronoun to someone else ("Vance said he had …": another man)."""
    if tok.lower_ not in ("he", "she") or dep(tok) not in NSUBJ or quote.cue is None:
        return False
    verb = up(tok)
    if dep(verb) != "ccomp" or up(verb).i == verb.i or up(verb).idx != quote.cue[0]:
        return False
    index = entity_index(tok.doc)
    ent = index.at(tok.idx, tok.idx + len(tok)) if index is not None else None
    return ent is None or ent.key == quote.speaker_key


def speaker_name_at(doc: Doc, quote: QuoteInfo) -> tuple[int, int, str] | None:
    """Where the article names the quote's resolved speaker (start, end, entity type): the speaker
    as written when it is a name or a title of theirs ("Quill said", "the governor said"), else
    their name nearest the quote ("…," he said" after "Senator Mara Quill …"); None when the speaker
    is no entity the article names. Worked out once per quote and Doc."""
    index = entity_index(doc)
    ent = index.by_key.get(quote.speaker_key) if index is not None and quote.speaker_key else None
    if index is None or ent is None:
        return None
    memo: dict[tuple[int, str], tuple[int, int, str] | None] = context_for(doc).memo("events.speaker_at", dict)
    key = (quote.start, ent.key)
    if key in memo:
        return memo[key]
    found: tuple[int, int, str] | None = None
    sp = quote.speaker_span
    if sp is not None:
        at, span = index.at(sp[0], sp[1]), doc.char_span(sp[0], sp[1], alignment_mode="expand")
        if at is not None and at.key == ent.key and span is not None and span.root.pos_ != "PRON":
            found = (sp[0], sp[1], ent.type)
    if found is None:
        starts: dict[str, list[tuple[int, int]]] = context_for(doc).memo("events.name_mentions", dict)
        if ent.key not in starts:
            starts[ent.key] = sorted((m.start, m.end) for m in ent.mentions if m.kind == "name")
        names = starts[ent.key]
        k = bisect.bisect_left(names, (quote.start, 0))
        near = [names[j] for j in (k - 1, k) if 0 <= j < len(names)]
        if near:
            best = min(near, key=lambda m: abs(m[0] - quote.start))
            found = (best[0], best[1], ent.type)
    memo[key] = found
    return found


_CLOSING = re.compile(r"’(?![A-Za-z])")  # a closing single quote, not an apostrophe ("I’ve")


def _nested(text: str, start: int, at: int) -> bool:
    """Whether ``at`` lies inside a single-quoted passage opened within the quote starting at ``start``."""
    inner = text.rfind("‘", start, at)
    return inner >= 0 and _CLOSING.search(text, inner + 1, at) is None


def relative_named(doc: Doc, item: tuple[str, int, int]) -> tuple[str, int, int]:
    """An actor or recipient kept as a relative pronoun ("who", "which") as the noun phrase it stands
    for, by its name where one is in apposition: "the commissioner, Marta Salgado, who is chairing the
    talks" is Marta Salgado. Anything else is itself."""
    label, start, end = item
    if label.lower() not in ("who", "which", "that"):
        return item
    span = doc.char_span(start, end, alignment_mode="expand")
    tok = span[0] if span is not None and len(span) else None
    if tok is None or dep(tok.head) not in RELCL or tok.head.head.i == tok.head.i:
        return item
    toks = np_tokens(_named_apposition(tok.head.head))
    a, b = toks[0].idx, toks[-1].idx + len(toks[-1])
    return mention_text(toks) or label, a, b


def _copula_subject(noun: Token) -> Token:
    """Who a predicate noun describes: "Anna Lind is a former general who ordered …" is Lind; a noun that
    is no predicate is itself."""
    top = noun
    while dep(top) == "conj" and up(top).i != top.i:
        top = up(top)  # "a liar, racist and bully who …": the first of the list
    if any(dep(c) == "cop" for c in kids(top)):
        subj = next((c for c in kids(top) if dep(c) in NSUBJ), None)
        if subj is not None and subj.pos_ in ("PROPN", "NOUN"):
            return subj
    return noun


def _named_apposition(tok: Token) -> Token:
    """The name a common noun stands in apposition with: "Harbor Pilots United, a guild that has
    backed …" (the union is the name before it), "the group, Red Dawn Front, attacked …" (the name
    after it). A noun with no such name is itself."""
    if tok.pos_ != "NOUN":
        return tok
    if dep(tok) == "appos" and up(tok).i != tok.i and up(tok).pos_ == "PROPN":
        return up(tok)
    return next((c for c in kids(tok) if dep(c) == "appos" and c.pos_ == "PROPN"), tok)


def _pronoun_code(doc: Doc, tok: Token) -> str | None:
    index = entity_index(doc)
    ent = index.resolve(doc[tok.i: tok.i + 1]) if index is not None else None
    if ent is None:
        return None
    return getattr(ent, "country", None) or getattr(ent, "code", None)


def _reported_subject(doc: Doc, tok: Token) -> str | None:
    """"Chile announced it would pardon …", "Mayor Tessaro said he would not …": a third-person subject
    pronoun of a content clause is the coded subject of the verb that reports it."""
    if tok.lower_ not in ("it", "they", "he", "she") or dep(tok) not in NSUBJ:
        return None
    verb = up(tok)
    if dep(verb) not in ("ccomp",) or up(verb).i == verb.i:
        return None
    subs, passive = inherited_subject(up(verb))
    if passive or len(subs) != 1 or subs[0].pos_ == "PRON":
        return None
    plural = subs[0].tag_ in ("NNS", "NNPS") or any(dep(c) == "conj" for c in kids(subs[0]))
    if (tok.lower_ == "they") != plural:
        return None  # "Norway claimed that they had raided Peru": they are others
    code = span_code(doc, np_tokens(subs[0]))
    if code and _strict((code, 0, 0)):
        return code
    return mention_text(np_tokens(subs[0])) if subs[0].pos_ == "PROPN" else None  # a name nothing codes


def _actorish(tok: Token, cands_at: dict[int, Cand]) -> bool:
    if tok.i in cands_at:
        return False
    if tok.ent_type_ in ACTORISH or tok.pos_ in ("PROPN", "PRON"):
        return True
    return tok.pos_ == "NOUN" and (tok.tag_ in ("NNS", "NN") and not tok.like_num)


def _past_dateline(doc: Doc, subj: Token) -> Token:
    """The subject the parser hung on a dateline ("OSLO — Envoys from Armenia … signed": the envoys)."""
    text = context_for(doc).text
    end = dateline_end(text, subj.idx)
    if end is None or subj.idx >= end:
        return subj
    return next((c for c in kids(subj) if dep(c) == "appos" and c.idx >= end), subj)


def verbal_args(doc: Doc, cand: Cand, cands_at: dict[int, Cand], quote: QuoteInfo | None) -> Args:
    anchor = cand.anchor
    subs, passive = inherited_subject(anchor)
    subs = [_past_dateline(doc, s) for s in subs]
    raised = dep(anchor) == "xcomp" or (dep(anchor) == "conj" and dep(up(anchor)) == "xcomp")
    if passive and raised and subjects(anchor) == ([], False):
        passive = False  # "Mayor Orla is scheduled to attend", "Russia was forced to withdraw": the raised subject acts
    args = Args()
    agent = [n for p, n in preps(anchor) if p == "by"]
    if passive:
        for n in agent:
            args.actors += _resolve(doc, n, quote)
        things = [s for s in subs if s.i != cand.trigger.i and s.lemma_.lower() in PROJECTILES]
        for s in subs:
            if s.i != cand.trigger.i and s not in things:  # "sanctions were imposed on Iran": no recipient
                args.recipients += _resolve(doc, s, quote)
        if not args.recipients and things:  # "rockets were fired at X": the one aimed at
            args.recipients += _named_after(doc, anchor, THING_PREPS, cands_at, quote)
        if not args.recipients and any(s.i == cand.trigger.i for s in subs):
            args.recipients += _objects(doc, anchor, cand, cands_at, quote)
        if not args.actors and things and cand.entry.root in ("ASSAULT", "COERCE"):
            args.actors += _launched_from(doc, anchor)
        if not args.actors and cand.entry.root in ("ASSAULT", "COERCE"):
            args.actors += _by_means_of(doc, anchor, cands_at)
    elif anchor.lemma_.lower() in VICTIM_VERBS:  # "three soldiers died in a Russian airstrike"
        args.recipients += [r for s in subs for r in _resolve(doc, s, quote)]
        args.actors += _by_means_of(doc, anchor, cands_at)
        return args
    else:
        for s in subs:
            if s.lower_ not in ("who", "which", "that"):
                args.actors += _resolve(doc, s, quote)
            elif dep(anchor) in RELCL and up(anchor).i not in cands_at:
                args.actors += _resolve(doc, _copula_subject(up(anchor)), quote)
        if not subs and _finite_under_noun(anchor) and up(anchor).i not in cands_at:
            args.actors += _resolve(doc, up(anchor), quote)
    if not passive:
        args.recipients += _objects(doc, anchor, cand, cands_at, quote)
    if not args.recipients and cand.entry.root == "ACCUSE":
        args.recipients += _accused(doc, anchor, cands_at, quote)
    if not args.recipients and cand.trigger.i != anchor.i:
        args.recipients += _noun_recipients(doc, cand.trigger, cands_at, quote)
    if not args.recipients:
        for child in cand.children:  # "pledged to help Ukraine": the content clause names the recipient
            if is_verbal(child.anchor):
                found = [r for r in _objects(doc, child.anchor, child, cands_at, quote) if _strict(r)]
            else:
                found = _absorbed_noun_recipients(doc, child, args, cands_at, quote)
            if found:
                args.recipients += found
                break
    if not args.recipients and cand.trigger.i != anchor.i:
        args.recipients += _owner(doc, cand.trigger, args, quote)
    _we_are_the_sides(doc, cand, args, quote)
    return args


VICTIM_VERBS = word_set("events/arguments", "victim_verbs")
PROJECTILES = word_set("events/arguments", "projectiles")
STRIKES = word_set("events/arguments", "strikes")


def _absorbed_noun_recipients(doc: Doc, child: Cand, args: Args, cands_at: dict[int, Cand],
                              quote: QuoteInfo | None) -> list[tuple[str, int, int]]:
    """The recipient named by an event noun the trigger absorbed: "pledged its full support for
    Peru", "rejected the Croatian government's request", "accepted the demands by strikers"."""
    noun = child.trigger
    found = _noun_recipients(doc, noun, cands_at, quote) or _owner(doc, noun, args, quote)
    if not found and child.entry.root in ("REQUEST", "AGREE", "THREATEN"):  # the one who demanded
        found = _named_after(doc, noun, ("by",), cands_at, quote)
    return found


def _by_means_of(doc: Doc, verb: Token, cands_at: dict[int, Cand]) -> list[tuple[str, int, int]]:
    """"Four herders were killed in Chilean mortar fire", "died in a Peruvian airstrike": whoever
    the attack named belongs to did it."""
    for p, n in preps(verb):
        if p not in ("in", "during", "by"):
            continue
        end = n.i + 1  # the phrase as written: the parser often splits "Chilean mortar fire"
        while end < len(doc) and end - n.i <= 3 and doc[end].pos_ not in ("ADP", "PUNCT", "CCONJ", "DET"):
            end += 1
        phrase = doc[n.left_edge.i: end]
        hit = next((t.i for t in phrase if t.i in cands_at or t.lemma_.lower() in STRIKES or t.lower_ in STRIKES),
                   None)
        for t in phrase:
            if hit is not None and t.i < hit and t.text[:1].isupper():
                code = table_code([t.text])
                if code is None and t.pos_ == "PROPN" and t.ent_type_ in ("GPE", "NORP", "ORG"):
                    code = _ent_text(t)  # a state nothing codes: its name
                if code:
                    return [(code, t.idx, t.idx + len(t))]
    return []


def _launched_from(doc: Doc, verb: Token) -> list[tuple[str, int, int]]:
    """"Rockets were fired from Lebanon": with no one named, the country they came from fired them
    (as CAMEO codes it)."""
    for p, n in preps(verb):
        if p == "from" and n.pos_ == "PROPN":
            toks = np_tokens(n)
            code = _place_code(doc, toks)
            if code and is_country(code):
                return [(code[:3], toks[0].idx, toks[-1].idx + len(toks[-1]))]
    return []


def _place_code(doc: Doc, toks: list[Token]) -> str | None:
    """The code of a place mention, else the country of the city or region it names."""
    return span_code(doc, toks) or country_of_words(doc[toks[0].i: toks[-1].i + 1].text)


def _owner(doc: Doc, noun: Token, args: Args, quote: QuoteInfo | None) -> list[tuple[str, int, int]]:
    """"rejected a Bolivian proposal", "condemned Peru's strikes": the act named is another
    side's, and that side is the recipient (when it is not the actor's own country)."""
    own = {a[:3] for a, _, _ in args.actors if is_country(a)}
    for c in kids(noun):
        if dep(c) in NOUN_MODIFIERS | POSS and c.i < noun.i:
            code = table_code([t.text for t in np_tokens(c)]) if dep(c) in POSS \
                else table_code([c.text])
            if code and is_country(code) and code[:3] not in own:
                return [(code, c.idx, c.idx + len(c))] if dep(c) in NOUN_MODIFIERS else _resolve(doc, c, quote)
    return []


def _finite_under_noun(verb: Token) -> bool:
    """A past-tense verb the parser hung under a noun as if it were a participle ("A report
    released Tuesday in Lima alleged that …" with "alleged" under "report"): the noun is its
    subject when the verb has a clause or an object of its own."""
    return dep(verb) == "acl" and verb.tag_ == "VBD" and up(verb).i != verb.i and is_nominal(up(verb)) \
        and any(dep(c) in ("ccomp", "obj", "dobj") for c in kids(verb))


def _accused(doc: Doc, verb: Token, cands_at: dict[int, Cand], quote: QuoteInfo | None
             ) -> list[tuple[str, int, int]]:
    """"alleged that Chile was aware …", "claimed Peru had attacked": the accused is the named
    subject of the content clause."""
    for c in kids(verb):
        if dep(c) != "ccomp":
            continue
        for s in kids(c):
            if dep(s) in NSUBJ and s.pos_ != "PRON" and _named(s, cands_at):
                return _resolve(doc, s, quote)
    return []


def _objects(doc: Doc, verb: Token, cand: Cand, cands_at: dict[int, Cand], quote: QuoteInfo | None
             ) -> list[tuple[str, int, int]]:
    out: list[tuple[str, int, int]] = []
    objs = [c for c in kids(verb) if (dep(c) in OBJ | IOBJ or _counted_object(c))
            and _actorish(c, cands_at) and c.i != cand.trigger.i]
    if cand.entry is CRITICISM:  # "called the governor a liar": the second object is what the first is called
        objs = objs[:1]
    for c in objs:
        got = _resolve(doc, c, quote)
        if c.lemma_.lower() in ENVOYS and not any(is_country(r[0][:3]) for r in got):
            # "recalled its ambassador to Turkey": an envoy no country codes stands for the state of his post
            posted = next((n for p, n in [*preps(c), *preps(verb)] if p in ("to", "in") and _named(n, cands_at)
                           and not _is_time(n)), None)
            got = _resolve(doc, posted, quote) if posted is not None else got
        out += got
    if objs and (verb.lemma_.lower() in SENDING or not any(_named(c, cands_at) for c in objs)):
        # a thing given, fired or shown: "fired rockets at Chile", "supply arms to Chile",
        # "presented evidence against Peru" -- the one it is aimed at is the recipient
        for tok in [verb, *objs]:
            for p, n in preps(tok):
                if p in THING_PREPS and _named(n, cands_at) and not _is_time(n) and n.lemma_.lower() not in PLACES:
                    return _resolve(doc, n, quote)
    if not out:  # "help Ukraine develop …" parsed with Ukraine as the subject of the content verb
        for x in kids(verb):
            if dep(x) == "xcomp":
                out += [r for c in kids(x) if dep(c) in ("nsubj",) and _actorish(c, cands_at)
                        for r in _resolve(doc, c, quote)]
    if out:
        return out
    prefs = ["from"] if cand.entry.root == "REQUEST" else []
    for p, n in sorted(preps(verb), key=lambda pn: (pn[0] not in prefs, pn[1].i)):
        if p in RECIPIENT_PREPS and _named(n, cands_at) and not _is_time(n):
            out += _resolve(doc, n, quote)
            break
    if not out:  # "tout for naval backing from its Andean allies"
        for p, n in preps(verb):
            if n.i in cands_at or p == "for":
                for p2, n2 in preps(n):
                    if p2 in ("from", "to", "with", "against") and _named(n2, cands_at):
                        return _resolve(doc, n2, quote)
    return out


SENDING = word_set("events/arguments", "sending")
ENVOYS = word_set("events/arguments", "envoys")
APPROX = {"over", "about", "around", "nearly", "almost", "some", "up"}


def _counted_object(tok: Token) -> bool:
    """An object the parser took for a phrase on "over" or "about" ("free over 150 prisoners")."""
    return dep(tok) == "obl" and any(dep(c) == "nummod" for c in kids(tok)) and any(
        dep(c) == "case" and c.lower_ in APPROX for c in kids(tok))


def _named(tok: Token, cands_at: dict[int, Cand]) -> bool:
    """A prepositional recipient must name someone ("to Bolivia", "with the rebels' leaders",
    "against dozens of insurers"), not a thing or a content ("agreed to exchange prisoners")."""
    if tok.i in cands_at:
        return False
    if tok.lower_ in QUANTITY_HEADS:
        return any(_named(n, cands_at) for p, n in preps(tok) if p == "of")
    if tok.ent_type_ in ACTORISH or tok.pos_ in ("PROPN", "PRON"):
        return True
    return table_code([t.text for t in np_tokens(tok)]) is not None or tok.lemma_.lower() in PEOPLE \
        or tok.lower_ in AGENTS


PEOPLE = word_set("events/participants", "people")
QUANTITY_HEADS = word_set("events/participants", "quantity_heads")


def _named_after(doc: Doc, tok: Token, words: set[str] | tuple[str, ...], cands_at: dict[int, Cand],
                 quote: QuoteInfo | None) -> list[tuple[str, int, int]]:
    """The first named one (not a time) after one of ``words`` on ``tok``: "fired at X", "support for X"."""
    return next((_resolve(doc, n, quote) for p, n in preps(tok)
                 if p in words and _named(n, cands_at) and not _is_time(n)), [])


def _is_time(tok: Token) -> bool:
    """A time or a stretch of it ("on Monday", "for two hours"), never a party."""
    return tok.ent_type_ in ("DATE", "TIME") or tok.lower_ in MONTH_NAMES or tok.lower_ in WEEKDAYS \
        or tok.lower_ in ("today", "yesterday", "tomorrow") or tok.lemma_.lower() in TIME_UNITS


def noun_args(doc: Doc, cand: Cand, cands_at: dict[int, Cand], quote: QuoteInfo | None) -> Args:
    noun = cand.trigger
    args = Args()
    undergoer = noun.lemma_.lower() in POSSESSOR_PATIENT and not any(p == "of" for p, _ in preps(noun))
    for c in kids(noun):
        d = dep(c)
        if d in ("nmod:poss", "poss"):  # "Ondrava's arrest": the one arrested
            if undergoer:
                args.recipients += _resolve(doc, c, quote)
            else:
                args.actors += _resolve(doc, c, quote)
        elif d in ("amod", "compound") and table_code([c.text]) is not None:
            args.actors += _resolve(doc, c, quote)
    for p, n in preps(noun):
        if p in ("between", "among"):
            args.actors += _resolve(doc, n, quote)
        elif p == "by" and not args.actors:
            args.actors += _resolve(doc, n, quote)
    undergone = _undergoing_verb(noun)
    if undergone is not None:
        subs, passive = inherited_subject(undergone)
        if not passive:
            # "Valdoria faced sanctions from the union", "the town came under attack by rebels": the
            # subject is the one it is done to; the doer is named by "from", "by" or a possessive,
            # under the noun or the verb
            args.actors = args.actors or givers_of(doc, noun, quote) or [
                r for p, n in preps(undergone) if p in ("from", "by") for r in _resolve(doc, n, quote)]
            args.recipients = [r for s in subs for r in _resolve(doc, s, quote)]
            return args
    args.recipients = args.recipients or _noun_recipients(doc, noun, cands_at, quote)
    verb = _state_verb(noun)
    if not args.actors and verb is not None and verb.i not in cands_at:
        subs, passive = inherited_subject(verb)
        if not passive:
            for s in subs:
                args.actors += _resolve(doc, s, quote)
    return args


def _undergoing_verb(noun: Token) -> Token | None:
    """The verb whose subject undergoes or gains what the noun names: "faced sanctions", "endured
    criticism" (``undergo_verbs``), "drew criticism", "won the support" (``gain_verbs``), "came under
    attack"."""
    head = up(noun)
    if head.i == noun.i or not is_verbal(head):
        return None
    lemmas = lemma_candidates(head.lemma_, head.lower_)[:2]  # the lemmatizer's "drew": "draw" too
    if dep(noun) in OBJ and any(w in UNDERGO_VERBS or w in GAIN_VERBS for w in lemmas):
        return head
    if dep(noun) in ("obl", "nmod") and any(dep(c) == "case" and c.lower_ == "under" for c in kids(noun)) \
            and any(w in UNDER_VERBS for w in lemmas):
        return head
    return None


def _state_verb(noun: Token) -> Token | None:
    """The verb whose subject does what the noun names: its object ("staged a walkout"), or a
    state it is in ("troops stayed on alert", "workers are on strike")."""
    head = up(noun)
    if dep(noun) in OBJ:
        return head if is_verbal(head) else None
    if dep(noun) in ("obl", "nmod") and any(dep(c) == "case" and c.lower_ == "on" for c in kids(noun)):
        return head if is_verbal(head) else None
    if dep(noun) == "pobj" and head.lower_ == "on" and dep(head) == "prep" and is_verbal(up(head)):
        return up(head)
    return None


def _noun_recipients(doc: Doc, noun: Token, cands_at: dict[int, Cand], quote: QuoteInfo | None
                     ) -> list[tuple[str, int, int]]:
    patient = noun.lemma_.lower() in PATIENT_NOUNS
    for p, n in preps(noun):
        if (p in ("to", "with", "against", "on", "from", "toward", "towards", "into") or (p == "of" and patient)) \
                and _named(n, cands_at) and not _is_time(n):
            return _resolve(doc, n, quote)
    if noun.lemma_.lower() in GIVEN:  # "support for Bolivia", "aid for the refugees"
        return _named_after(doc, noun, ("for",), cands_at, quote)
    return []


GAIN_VERBS = word_set("events/arguments", "gain_verbs")
UNDERGO_VERBS = word_set("events/arguments", "undergo_verbs")
UNDER_VERBS = word_set("events/arguments", "under_verbs")


def givers_of(doc: Doc, noun: Token, quote: QuoteInfo | None) -> list[tuple[str, int, int]]:
    """Who gives what a gained noun names: "the endorsement of X", "the support from X", "X's backing"."""
    found = [n for p, n in preps(noun) if p in ("of", "from")]
    found = found or [c for c in kids(noun) if dep(c) == "nmod" and c.i > noun.i and dep(c.left_edge) == "case"
                      and c.left_edge.lower_ in ("of", "from")]  # "of Gov. Marcus Hale": the case under the title
    out = [r for n in found for r in _resolve(doc, n, quote)]
    if not out:
        out = [r for c in kids(noun) if dep(c) in POSS for r in _resolve(doc, c, quote)]
    return out


# acts done to someone, who is named after "of": "the release of three Chilean sailors"
PATIENT_NOUNS = word_set("events/arguments", "patient_nouns")
GIVEN = word_set("events/arguments", "given")
POSSESSOR_PATIENT = word_set("events/arguments", "possessor_patient")


def participants_from_clause(doc: Doc, cand: Cand, cands_at: dict[int, Cand], quote: QuoteInfo | None
                             ) -> list[tuple[str, int, int]]:
    """For a reciprocal noun with no stated participants ("the fighting", "the second round of
    talks"): the coded subjects, objects and oblique actors of the clause it belongs to (climbing
    content and adverbial links, never past a reported-speech or root boundary), never those of a
    clause of their own below it ("Talks stalled after Kestrian forces shelled two villages": the
    forces shelled; nobody says they talked)."""
    top = cand.trigger
    path = {top.i}
    for _ in range(12):
        if up(top).i == top.i or dep(top) in ("ccomp", "root", "parataxis", "acl:relcl", "relcl"):
            break
        charge = cands_at.get(up(top).i)
        if charge is not None and charge.entry.root == "ACCUSE" and charge.trigger.i != cand.trigger.i:
            break  # "X accused Y of provoking a clash": the clash is charged; its sides are not X and Y
        top = up(top)
        path.add(top.i)
    out: list[tuple[str, int, int]] = []
    seen: set[str] = set()
    for t in line_subtree(top):
        if dep(t) not in ("nsubj", "nsubj:pass", "nsubjpass", "obj", "dobj", "iobj", "obl", "pobj", "conj"):
            continue
        if _below_own_clause(t, top, path):
            continue
        if dep(t) == "conj" and dep(up(t)) not in ("nsubj", "obj", "obl", "dobj", "pobj"):
            continue
        if _place_phrase(t) or t.i == cand.trigger.i or _is_time(t) or _destination_of_move(t):
            continue  # "talks are to resume in Oslo", "the summit in Brussels ended": where they meet, not who;
            # "met for two hours", "the talks moved to China": when, and where they went
        for item in _resolve_one(doc, t, quote):
            if _strict(item) and item[0] not in seen:
                seen.add(item[0])
                out.append(item)
    return out


_OWN_CLAUSES = {"advcl", "acl", "acl:relcl", "relcl", "ccomp", "csubj", "parataxis"}


def _below_own_clause(tok: Token, top: Token, path: set[int]) -> bool:
    """Whether ``tok`` sits in a verb's clause of its own under ``top`` (off the path from the trigger up
    to ``top``): an adverbial, relative or content clause with its own doer."""
    x = tok
    for _ in range(40):
        if x.i == top.i or up(x).i == x.i:
            return False
        if x.i not in path and x.i != tok.i and dep(x) in _OWN_CLAUSES and is_verbal(x):
            return True
        x = up(x)
    return False


MOVING = {"move", "shift", "go", "travel", "come", "return", "relocate", "fly", "head"}


def _destination_of_move(tok: Token) -> bool:
    """Where something moved or went: "moved on Sunday to China"."""
    return dep(tok) == "obl" and bool(case_words(tok) & {"to", "into"}) and up(tok).lemma_.lower() in MOVING


def _place_phrase(tok: Token) -> bool:
    """A place phrase ("in Oslo", "at the border"): the token, or the one it is conjoined to, under a
    preposition of place."""
    return bool(case_words(up(tok) if dep(tok) == "conj" else tok) & PLACE_PREPS)


def _resolve_one(doc: Doc, tok: Token, quote: QuoteInfo | None) -> list[tuple[str, int, int]]:
    toks = np_tokens(tok)
    code = quote.speaker_code if quote and (tok.lower_ in PRONOUNS_FIRST or toks[0].lower_ == "our") else None
    code = code or span_code(doc, toks)
    return [(code, toks[0].idx, toks[-1].idx + len(toks[-1]))] if code else []


def _strict(item: tuple[str, int, int]) -> bool:
    """A coded actor (upper-case code), not a mention text."""
    code = item[0]
    return code.isupper() and " " not in code and 3 <= len(code) <= 12


def _we_are_the_sides(doc: Doc, cand: Cand, args: Args, quote: QuoteInfo | None) -> None:
    """"we agreed that each side, Russia and Ukraine, would …": "we" is the sides named."""
    subs, _ = inherited_subject(cand.anchor)
    if not subs or subs[0].lower_ not in ("we", "they"):
        return
    for child in kids(cand.anchor):
        if dep(child) not in ("ccomp", "xcomp"):
            continue
        for s in [child, *kids(child)]:
            if dep(s) not in NSUBJ and not (s.i == child.i and is_nominal(s)):
                continue
            named: list[tuple[str, int, int]] = []
            for t in line_subtree(s):
                if dep(t) in ("appos", "conj") or t.i == s.i:
                    code = span_code(doc, np_tokens(t))
                    if code and all(code != a for a, _, _ in named):
                        named.append((code, t.idx, t.idx + len(t)))
            if len(named) >= 2:
                args.actors = named
                return


RECEIVE_VERBS = word_set("events/arguments", "receive_verbs")  # not "accept": "accepted demands from X" yields
# what was received -> the giver's act (nouns the lexicon does not type)
RECEIVED = word_map("events/arguments", "received")


def received_from(doc: Doc, cand: Cand, lex: Lexicon, quote: QuoteInfo | None
                  ) -> tuple[str, list[tuple[str, int, int]]] | None:
    """"X received weapons/assurances/ministers from Y": Y's act (AID/AGREE/CONSULT) with Y as actor."""
    verb = cand.anchor
    if not is_verbal(verb) or verb.lemma_.lower() not in RECEIVE_VERBS:
        return None
    objs = [c for c in verb.children if dep(c) in OBJ]
    if not objs:
        return None
    objs += [n for p, n in preps(objs[0]) if p in ("in", "of")]  # "received $5 million in aid"
    givers = [n for tok in [verb, *objs] for p, n in preps(tok) if p == "from"]
    if not givers:
        if cand.trigger.i == verb.i or cand.trigger.i not in {o.i for o in objs}:
            return None
        # "received the endorsement of X": X endorsed; with no giver named the subject only gained it
        return (cand.entry.root, givers_of(doc, cand.trigger, quote))
    root = None
    for obj in objs:
        for word in (obj.lemma_.lower(), obj.lower_):
            entry = lex.nouns.get(word)
            root = entry.root if entry is not None and not entry.weak else RECEIVED.get(word)
            if root:
                break
        if root is None and obj.ent_type_ == "PERSON":
            root = "CONSULT"
        if root:
            break
    if root is None:
        return None
    got = _resolve(doc, givers[0], quote)
    return (root, got) if got else None


# ---------------------------------------------------------------- location and mode


def location_of(cand: Cand) -> str | None:
    tok = location_token(cand)
    return _ent_text(tok) if tok is not None else None


def location_token(cand: Cand) -> Token | None:
    """The word naming where the event took place (see :func:`location_of`)."""
    toks = [cand.anchor] if cand.anchor.i == cand.trigger.i else [cand.trigger, cand.anchor]
    head = up(cand.trigger)
    if cand.nominal and head.i != cand.trigger.i and head.pos_ == "NOUN" and any(
            dep(c) == "case" and c.lower_ == "of" for c in kids(cand.trigger)):
        toks.append(head)  # "the second round of talks in Istanbul": the place hangs from "round"
    for tok in toks:
        for p, n in preps(tok):
            if p in PLACE_PREPS and _place(n):
                return n
        for _p, n in preps(tok):  # "meet … on June 2 in Istanbul": the place hangs from the date
            if _is_time(n) or n.like_num or n.ent_type_ in ("DATE", "TIME") or n.lower_ in MONTH_NAMES:
                for p2, n2 in [*preps(n), *((q, m) for c in kids(n) for q, m in preps(c))]:
                    if p2 in PLACE_PREPS and _place(n2):
                        return n2
    for c in kids(cand.trigger):
        # "the Istanbul talks": a place, or a bare proper noun NER left untyped, that is no country
        if dep(c) in NOUN_MODIFIERS and (_place(c) or (c.pos_ == "PROPN" and not c.ent_type_)) \
                and table_code([c.text]) is None:
            return c
    return None


def place_recipient(doc: Doc, cand: Cand, args: Args) -> list[tuple[str, int, int]]:
    """The country where an event with no recipient took place, when it is not the actors' own
    ("Peru held drills in Bolivia", "X will attend a summit in Norway": the host country
    is the target, as CAMEO codes it); a meeting of several named sides is among themselves."""
    if args.recipients or not args.actors or (cand.entry.reciprocal and len(args.actors) > 1):
        return []
    loc = location_token(cand)
    if loc is None:
        return []
    toks = _ent_tokens(loc)
    code = _place_code(doc, toks)
    if not code or not is_country(code):
        return []
    own = {a[:3] for a, _, _ in args.actors if is_country(a)}
    if not own or code[:3] in own:
        return []
    return [(code[:3], toks[0].idx, toks[-1].idx + len(toks[-1]))]




def thing_in_country(doc: Doc, cand: Cand, args: Args) -> list[tuple[str, int, int]]:
    """An attack on a thing or a city in a country that is not the actor's own ("Peruvian missiles struck a
    power plant in northern Bolivia", "shelled the city of Kharkiv"): that country is the recipient, as
    CAMEO codes it. [] otherwise."""
    if not args.actors or not args.recipients or any(_strict(r) for r in args.recipients):
        return []
    own = {a[:3] for a, _, _ in args.actors if is_country(a)}
    heads = [cand.anchor]
    for _, start, end in args.recipients:
        span = doc.char_span(start, end, alignment_mode="expand")
        if span is not None:
            heads.append(span.root)
            place = next((t for t in span if t.pos_ == "PROPN" and _place(t)), None)  # "shelled … Kharkiv"
            toks = _ent_tokens(place) if place is not None else []
            code = _place_code(doc, toks) if toks else None
            if code and is_country(code) and own and code[:3] not in own:
                return [(code[:3], toks[0].idx, toks[-1].idx + len(toks[-1]))]
    for head in heads:
        for p, n in preps(head):
            places = [t for t in np_tokens(n) if _place(t)] if p in PLACE_PREPS else []
            if places:  # "in Kharkiv", "in the Kharkiv region"
                toks = _ent_tokens(places[0]) if places[0].ent_type_ else places
                code = _place_code(doc, toks)
                if code and is_country(code) and own and code[:3] not in own:
                    return [(code[:3], toks[0].idx, toks[-1].idx + len(toks[-1]))]
    return []


def _place(tok: Token) -> bool:
    if tok.ent_type_ in ("GPE", "LOC", "FAC"):
        return True
    return tok.pos_ == "PROPN" and (table_code([tok.text]) is not None or country_of_words(tok.text) is not None)


def _ent_tokens(tok: Token) -> list[Token]:
    """The tokens of the named entity ``tok`` is part of (read from the IOB tags around it: ``Doc.ents``
    builds every entity of the Doc again on each call), else ``[tok]``."""
    if not tok.ent_type_:
        return [tok]
    doc = tok.doc
    lo = tok.i
    while lo > 0 and doc[lo].ent_iob_ == "I":
        lo -= 1
    hi = tok.i + 1
    while hi < len(doc) and doc[hi].ent_iob_ == "I":
        hi += 1
    return list(doc[lo:hi])


def _ent_text(tok: Token) -> str:
    """The named entity ``tok`` is part of, else the token."""
    toks = _ent_tokens(tok)
    return toks[0].doc[toks[0].i:toks[-1].i + 1].text


_QUOTED_TERM = re.compile(r"[“\"]([^”\"]{1,40})[”\"]")


def mode_of(cand: Cand, lex: Lexicon, span: Span) -> str | None:
    """The lexicon's mode, specialised by the events it absorbed and by modifier words in its own
    words ("military support" → military aid; "exchange prisoners" → prisoner exchange)."""
    base = cand.entry.mode
    kids = _descendants(cand)
    words = _own_words(cand)
    qual = next((lex.modes[w] for w in words if w in lex.modes), None)
    kid_roots = [k.entry.root for k in kids]
    lemma = cand.trigger.lemma_.lower()
    if cand.entry.root == "AGREE" and "CONSULT" in kid_roots and base in ("offer", "propose"):
        return "propose meeting"
    if qual == "prisoner exchange":
        mode: str | None = "prisoner exchange"
    elif any(r in ("AID", "SUPPORT") for r in kid_roots) and cand.entry.root in ("AGREE", "REQUEST", "REJECT"):
        mode = f"{qual} aid" if qual in ("military", "economic", "humanitarian") else "aid"
    elif kids and kids[0].entry.mode and base is None:
        mode = kids[0].entry.mode
    else:
        mode = base
        if qual and qual not in (mode or "") and mode in (None, "aid"):
            mode = f"{qual} aid" if cand.entry.root in ("AID",) else mode
    if mode and lemma in ("pledge", "promise", "vow"):
        mode = f"{mode} (pledge)"
    t0 = cand.trigger.idx - span.start_char
    term = _QUOTED_TERM.search(span.text, max(0, t0)) if mode else None
    if term and mode and term.start() - t0 <= 60:  # a named formula right after the trigger
        mode = f"{mode}, {term.group(1).strip()}"
    return mode


def _descendants(cand: Cand) -> list[Cand]:
    out, stack = [], list(cand.children)
    while stack:
        c = stack.pop(0)
        out.append(c)
        stack.extend(c.children)
    return out


def _own_words(cand: Cand) -> list[str]:
    """Lower-cased words of the event and of the events it absorbed (their subtrees)."""
    words: list[str] = []
    for c in [cand, *_descendants(cand)]:
        for t in (line_subtree(c.trigger) if c is not cand else [*kids(c.trigger), *kids(c.anchor)]):
            words.append(t.lower_)
    return words


class QuoteList(list[QuoteInfo]):
    """The quotes of a Doc in order of their start, for :func:`in_quote` to search by bisection."""

    def __init__(self, quotes: list[QuoteInfo]) -> None:
        super().__init__(sorted(quotes, key=lambda q: q.start))
        self.starts = [q.start for q in self]
        self.longest = max((q.end - q.start for q in self), default=0)


def in_quote(start: int, quotes: list[QuoteInfo]) -> QuoteInfo | None:
    """The first quote holding character ``start`` (a :class:`QuoteList` is searched by bisection:
    a long article has thousands)."""
    if isinstance(quotes, QuoteList):
        found = None
        j = bisect.bisect_right(quotes.starts, start) - 1
        while j >= 0 and quotes.starts[j] >= start - quotes.longest:
            if quotes[j].end > start:
                found = quotes[j]
            j -= 1
        return found
    for q in quotes:
        if q.start <= start < q.end:
            return q
    return None


def has_trigger_text(doc: Doc, cand: Cand) -> tuple[int, int]:
    """Trigger character range: the light verb through its noun when close ("made an offer")."""
    a, t = cand.anchor, cand.trigger
    if a.i != t.i and 0 < t.i - a.i <= 3:
        return a.idx, t.idx + len(t)
    return t.idx, t.idx + len(t)
