"""The dependency tree as ``parley_events`` walks it: line-bounded, with repaired attachments.

A line break ends every clause: an arc that crosses one (a parser trained on sentences without
layout may draw such arcs) is ignored, so :func:`kids` gives a token's children on its own line and
:func:`up` its head on that line (else the token itself). One misattachment is repaired: a verb
that takes a to-infinitive lends it the later prepositional phrases the parser hung on the verb
("continue to tout for naval backing": "for" moves under "tout").

On that view: :func:`preps` (``(preposition, noun)`` pairs in either label scheme), subjects (own or
inherited through control verbs), conjuncts, negation, the clause head, noun-phrase extent.
Labels are read with :func:`parley.nlp.syntax.dep` and named by the sets in
:mod:`parley.nlp.syntax`.
"""

from __future__ import annotations

from collections.abc import Iterator

from spacy.tokens import Doc, Token

from parley.nlp.context import DocContext, context_of, entity_index
from parley.nlp.lexicon.words import WEEKDAYS, word_set
from parley.nlp.syntax import (
    AUX_PASS,
    CLAUSAL,
    IOBJ,
    NEG_WORDS,
    OBJ,
    PREP_NOUN,
    SUBJ,
    SUBJ_PASS,
    dep,
    is_nominal,
    is_verbal,
)

# Verbs that take a to-infinitive and lend it their later prepositional phrases when the parser
# hangs them on the wrong verb: "continue to tout for naval backing" (backing under continue).
CATENATIVE = word_set("events/clauses", "catenative")

_TREE = "events.tree"  # the name of the view in the Doc's context


class _Tree:
    """The view of one Doc: each token's line, the repaired attachments (token index -> new head
    index, in Doc order) and each token's children on that view (filled as they are asked for)."""

    __slots__ = ("line_of", "moved", "moved_to", "kids")

    def __init__(self, ctx: DocContext) -> None:
        self.line_of: list[int] = ctx.line_of
        self.moved: dict[int, int] = _moved(ctx.doc)
        self.moved_to: dict[int, list[int]] = {}  # new head index -> the moved tokens, in Doc order
        for i, h in self.moved.items():
            self.moved_to.setdefault(h, []).append(i)
        self.kids: dict[int, list[Token]] = {}


def _moved(doc: Doc) -> dict[int, int]:
    moved: dict[int, int] = {}
    for tok in doc:
        if dep(tok) == "xcomp" and tok.head.lemma_.lower() in CATENATIVE and tok.head.i < tok.i:
            for c in tok.head.children:
                if dep(c) in PREP_NOUN and c.i > tok.i:
                    moved[c.i] = tok.i
    return moved


def _tree(doc: Doc) -> _Tree:
    """The Doc's view, made once while ``parley_events`` holds its context open (outside a
    component: made afresh for each call)."""
    ctx = context_of(doc)
    if ctx is None:
        return _Tree(DocContext(doc))
    return ctx.memo(_TREE, lambda: _Tree(ctx))


def line(tok: Token) -> int:
    """The line (0-based) ``tok`` stands on."""
    return _tree(tok.doc).line_of[tok.i]


def _blank(tok: Token) -> bool:
    return tok.is_space or not tok.text.strip()


def kids(tok: Token) -> Iterator[Token]:
    """Children on the same line, whitespace tokens left out (repaired attachments applied)."""
    tree = _tree(tok.doc)
    got = tree.kids.get(tok.i)
    if got is None:
        got = tree.kids[tok.i] = _kids(tok, tree)
    return iter(got)


def _kids(tok: Token, tree: _Tree) -> list[Token]:
    moved, line_of = tree.moved, tree.line_of
    at = line_of[tok.i]
    out = [c for c in tok.children if c.i not in moved and not _blank(c) and line_of[c.i] == at]
    doc = tok.doc
    out += [doc[i] for i in tree.moved_to.get(tok.i, ()) if line_of[i] == at]
    return out


def up(tok: Token) -> Token:
    """The head, or the token itself at a clause top (root, or an arc across a line break)."""
    tree = _tree(tok.doc)
    moved = tree.moved
    h = tok.doc[moved[tok.i]] if tok.i in moved else tok.head
    if h.i == tok.i or _blank(h) or tree.line_of[h.i] != tree.line_of[tok.i]:
        return tok
    return h


def line_subtree(tok: Token) -> list[Token]:
    """``tok``'s subtree on its own line, whitespace tokens left out."""
    line_of = _tree(tok.doc).line_of
    at = line_of[tok.i]
    return [t for t in tok.subtree if not _blank(t) and line_of[t.i] == at]


def preps(tok: Token) -> Iterator[tuple[str, Token]]:
    """``(preposition, noun)`` pairs attached to ``tok``: UD ``obl``/``nmod`` with a ``case`` child,
    ClearNLP ``prep`` → ``pobj``; ``agent`` → ``("by", pobj)``. Multiword cases are joined."""
    for child in kids(tok):
        d = dep(child)
        if d in PREP_NOUN:
            case = [c for c in kids(child) if dep(c) in ("case", "fixed")]
            if case:
                words = " ".join(c.lower_ for c in sorted(case, key=lambda c: c.i))
                yield words, child
            elif d == "obl:agent":
                yield "by", child
        elif d in ("prep", "agent"):
            for pobj in kids(child):
                if dep(pobj) in ("pobj", "pcomp"):
                    yield ("by" if d == "agent" else child.lower_), pobj


def case_words(tok: Token) -> set[str]:
    """The prepositions ``tok`` hangs under, lower case: its UD ``case`` children ("in" of "in Oslo"), or the
    ClearNLP ``prep`` above a ``pobj`` (the other side of :func:`preps`)."""
    words = {c.lower_ for c in kids(tok) if dep(c) == "case"}
    if dep(tok) == "pobj" and up(tok).i != tok.i:
        words.add(up(tok).lower_)
    return words


def subjects(tok: Token) -> tuple[list[Token], bool]:
    """Subject heads of the clause headed by ``tok`` and whether the clause is passive."""
    active = [c for c in kids(tok) if dep(c) in SUBJ and not _clause(c)]  # (a clause does nothing to anyone:
    passive = [c for c in kids(tok) if dep(c) in SUBJ_PASS and not _clause(c)]  # "… right to defend itself")
    is_pass = bool(passive) or any(dep(c) in AUX_PASS for c in kids(tok))
    return active + passive, is_pass


def _clause(tok: Token) -> bool:
    """A verb heading a clause, not a name the tagger read as a verb: "Vel praised …", where the entities
    component found the person's name (a word of its own, capitalized, with nothing hung on it)."""
    if not is_verbal(tok):
        return False
    if not tok.is_title or any(True for _ in tok.children):
        return True
    index = entity_index(tok.doc)
    ent = index.at(tok.idx, tok.idx + len(tok.text)) if index is not None else None
    return ent is None or getattr(ent, "type", None) not in ("PERSON", "ORG", "GPE")


# verbs whose object does what their to-infinitive says ("asked Peru to withdraw")
OBJECT_CONTROL = word_set("events/clauses", "object_control")


def inherited_subject(tok: Token) -> tuple[list[Token], bool]:
    """Subject of ``tok``'s clause, climbing xcomp/conj/advcl-purpose chains when it has none
    ("Moscow and Kiev agreed to exchange …", "… and continue the negotiations")."""
    cur, steps = tok, 0
    while steps < 6:
        subs, is_pass = subjects(cur)
        if subs:
            return subs, is_pass
        infinitive = dep(cur) == "xcomp" or (dep(cur) == "advcl" and any(
            dep(c) == "mark" and c.lower_ == "to" for c in kids(cur)))  # the parser's advcl for xcomp
        if infinitive and up(cur).i != cur.i and up(cur).lemma_.lower() in OBJECT_CONTROL:
            objs = [c for c in kids(up(cur)) if dep(c) in OBJ | IOBJ and c.i < cur.i]
            if objs:  # "Peru wants Chile to attack", "asked Peru to withdraw": the object does it
                return objs, False
        if dep(cur) in ("xcomp", "conj") and up(cur).i != cur.i:
            cur = up(cur)
            steps += 1
            continue
        break
    return [], False


def conjuncts(tok: Token) -> list[Token]:
    """``tok`` and its coordinated nominal conjuncts ("Russia and Ukraine", "Moscow and Kiev")."""
    out = [tok]
    for c in kids(tok):
        if dep(c) == "conj" and is_nominal(c):
            out.extend(conjuncts(c))
    return out


def negated(tok: Token) -> bool:
    """A ``not``/``never``/``no`` on the token, or on the auxiliary it hangs from."""
    for c in kids(tok):
        if dep(c) in ("neg", "advmod", "det", "advmod:neg") and c.lower_ in NEG_WORDS:
            return True
    return False


def clause_head(tok: Token) -> Token:
    """The verb (or root) heading the clause ``tok`` belongs to."""
    cur = tok
    for _ in range(40):
        if is_verbal(cur) and (dep(cur) in CLAUSAL or up(cur).i == cur.i):
            return cur
        if up(cur).i == cur.i:
            return cur
        cur = up(cur)
    return cur


def _glued_name(head: Token, c: Token) -> bool:
    """A name the parser hung as an apposition on the title right before it, with no comma between:
    "State Sen. Maria Quell" (the title's apposition), not "the senator, Maria Quell"."""
    return dep(c) == "appos" and c.left_edge.i == head.i + 1 and c.pos_ == "PROPN" and head.pos_ == "PROPN"


def _when(c: Token) -> bool:
    """A day ("Sen. Maria Quell on Tuesday accused", the day hung on the title): when, not who."""
    return c.ent_type_ in ("DATE", "TIME") or c.lower_ in WEEKDAYS


_CHARGING = word_set("events/arguments", "charging_verbs")


def _charge_of(head: Token, child: Token) -> bool:
    """The charge after the one charged ("accused the RSF of looting hospitals", however the parser hung
    "of looting hospitals"): no part of the accused's name."""
    return dep(head) in OBJ and up(head).lemma_.lower() in _CHARGING and child.i > head.i \
        and any(dep(c) == "case" and c.lower_ == "of" for c in kids(child)) \
        and any(t.tag_ == "VBG" or dep(t) == "compound" and t.tag_ == "NN" and t.lower_.endswith("ing")
                for t in child.subtree)  # a gerund, or one the tagger read as a noun ("looting hospitals")


def np_tokens(head: Token) -> list[Token]:
    """The noun phrase of ``head`` without coordinated conjuncts, relative clauses, appositions
    and trailing punctuation: the text an analyst would name as the mention."""
    skip = {"conj", "cc", "acl:relcl", "relcl", "acl", "appos", "punct", "parataxis", "advcl", "dep", "case",
            "mark", "cop", "nsubj", "obj", "xcomp", "ccomp", "aux", "advmod"}
    out = [head]
    glued = [c for c in kids(head) if _glued_name(head, c)]  # (and a day hung on the title is no part of it)
    stack = [c for c in kids(head) if (dep(c) not in skip and dep(c) != "cc:preconj" or c in glued)
             and not (glued and _when(c)) and not _charge_of(head, c)]
    while stack:
        t = stack.pop()
        out.append(t)
        stack.extend(c for c in kids(t) if dep(c) not in ("acl:relcl", "relcl", "punct", "appos", "acl",
                                                          "cc:preconj")
                     or c.tag_ == "HYPH")  # "a US-led coalition": the hyphen inside a modifier stays (no "both")
    out.sort(key=lambda t: t.i)
    # keep a contiguous run around the head
    i0 = out.index(head)
    lo, hi = i0, i0
    while lo > 0 and out[lo - 1].i == out[lo].i - 1:
        lo -= 1
    while hi < len(out) - 1 and out[hi + 1].i == out[hi].i + 1:
        hi += 1
    while lo < i0 and dep(out[lo]) == "case":  # "of Gov. Marcus Hale" with the case under the title
        lo += 1
    return out[lo:hi + 1]
