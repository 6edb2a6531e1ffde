"""The dependency tree as ``parley_events`` walks it: line-bounded, with repaired attachments.

A line break ends every clause: an arc that crosses one (a parser trained on sentences without
layout may draw such arcs) is ignored, so :func:`kids` gives a token's children on its own line and
:func:`up` its head on that line (else the token itself). One misattachment is repaired: a verb
that takes a to-infinitive lends it the later prepositional phrases the parser hung on the verb
("continue to tout for military support": "for" moves under "tout").

On that view: :func:`preps` (``(preposition, noun)`` pairs in either label scheme), subjects (own or
inherited through control verbs), conjuncts, negation, the clause head, noun-phrase extent.
Labels are read with :func:`parley.nlp.syntax.dep` and named by the sets in
:mod:`parley.nlp.syntax`.
"""

from __future__ import annotations

import bisect
from collections.abc import Iterator

from spacy.tokens import Doc, Token

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

ACTOR_ENTS = {"PERSON", "ORG", "GPE", "NORP", "LOC"}


# Newline offsets of the Doc being processed. A line break ends every clause: a dependency arc
# that crosses one (a parser trained on sentences without layout may draw such arcs) is ignored.
_NEWLINES: dict[int, list[int]] = {}
# Repaired attachments of the Doc being processed: token index -> head index.
_MOVED: dict[int, dict[int, int]] = {}
# Verbs that take a to-infinitive and lend it their later prepositional phrases when the parser
# hangs them on the wrong verb: "continue to tout for military support" (support under continue).
CATENATIVE = {"continue", "keep", "try", "seek", "begin", "start", "want", "plan", "hope", "attempt", "vow",
              "promise", "threaten", "decide", "agree", "refuse", "fail", "prepare", "intend"}


# Per Doc while it is processed: each token's line number, and each token's children (memoised).
_LINE_OF: dict[int, list[int]] = {}
_KIDS: dict[int, dict[int, list[Token]]] = {}


def set_lines(doc: Doc) -> None:
    text = doc.text
    newlines = _NEWLINES[id(doc)] = [i for i, ch in enumerate(text) if ch == "\n"]
    _LINE_OF[id(doc)] = [bisect.bisect_right(newlines, t.idx) for t in doc] if newlines else [0] * len(doc)
    _KIDS[id(doc)] = {}
    moved: dict[int, int] = {}
    for tok in doc:
        if dep(tok) == "xcomp" and tok.head.lemma_.lower() in CATENATIVE and tok.head.i < tok.i:
            for c in tok.head.children:
                if dep(c) in PREP_NOUN and c.i > tok.i:
                    moved[c.i] = tok.i
    _MOVED[id(doc)] = moved


def clear_lines(doc: Doc) -> None:
    _NEWLINES.pop(id(doc), None)
    _MOVED.pop(id(doc), None)
    _LINE_OF.pop(id(doc), None)
    _KIDS.pop(id(doc), None)


def line(tok: Token) -> int:
    lines = _LINE_OF.get(id(tok.doc))
    if lines is not None:
        return lines[tok.i]
    nl = _NEWLINES.get(id(tok.doc))
    return bisect.bisect_right(nl, tok.idx) if nl else 0


def _blank(tok: Token) -> bool:
    return tok.is_space or not tok.text.strip()


def same_line(a: Token, b: Token) -> bool:
    return line(a) == line(b)


def kids(tok: Token) -> Iterator[Token]:
    """Children on the same line, whitespace tokens left out (repaired attachments applied)."""
    cache = _KIDS.get(id(tok.doc))
    if cache is None:
        return _kids(tok)
    got = cache.get(tok.i)
    if got is None:
        got = cache[tok.i] = list(_kids(tok))
    return iter(got)


def _kids(tok: Token) -> Iterator[Token]:
    moved = _MOVED.get(id(tok.doc), {})
    for c in tok.children:
        if c.i not in moved and not _blank(c) and same_line(c, tok):
            yield c
    for i, h in moved.items():
        if h == tok.i and same_line(tok.doc[i], tok):
            yield tok.doc[i]


def up(tok: Token) -> Token:
    """The head, or the token itself at a clause top (root, or an arc across a line break)."""
    moved = _MOVED.get(id(tok.doc), {})
    h = tok.doc[moved[tok.i]] if tok.i in moved else tok.head
    if h.i == tok.i or _blank(h) or not same_line(h, tok):
        return tok
    return h


def line_subtree(tok: Token) -> list[Token]:
    return [t for t in tok.subtree if not _blank(t) and same_line(t, tok)]


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


def subjects(tok: Token) -> tuple[list[Token], bool]:
    """Subject heads of the clause headed by ``tok`` and whether the clause is passive."""
    active = [c for c in kids(tok) if dep(c) in SUBJ]
    passive = [c for c in kids(tok) if dep(c) in SUBJ_PASS]
    is_pass = bool(passive) or any(dep(c) in AUX_PASS for c in kids(tok))
    return active + passive, is_pass


# verbs whose object does what their to-infinitive says ("asked Peru to withdraw")
OBJECT_CONTROL = {"want", "ask", "urge", "order", "force", "allow", "permit", "persuade", "tell", "encourage",
                  "invite", "press", "pressure", "push", "compel", "require", "oblige", "call", "beg", "warn",
                  "advise", "instruct", "authorize", "authorise", "enable", "help", "convince", "expect", "need"}


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
            if objs:  # "Obama wants Putin to attack", "asked Peru to withdraw": the object does it
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


def np_tokens(head: Token) -> list[Token]:
    """The noun phrase of ``head`` without coordinated conjuncts, relative clauses, appositions
    and trailing punctuation: the text an analyst would name as the mention."""
    skip = {"conj", "cc", "acl:relcl", "relcl", "acl", "appos", "punct", "parataxis", "advcl", "dep", "case",
            "mark", "cop", "nsubj", "obj", "xcomp", "ccomp", "aux", "advmod"}
    out = [head]
    stack = [c for c in kids(head) if dep(c) not in skip]
    while stack:
        t = stack.pop()
        out.append(t)
        stack.extend(c for c in kids(t) if dep(c) not in ("acl:relcl", "relcl", "punct", "appos", "acl"))
    out.sort(key=lambda t: t.i)
    # keep a contiguous run around the head
    i0 = out.index(head)
    lo, hi = i0, i0
    while lo > 0 and out[lo - 1].i == out[lo].i - 1:
        lo -= 1
    while hi < len(out) - 1 and out[hi + 1].i == out[hi].i + 1:
        hi += 1
    return out[lo:hi + 1]
