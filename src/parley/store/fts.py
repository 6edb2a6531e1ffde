"""An analyst's search query as a safe SQLite FTS5 expression, plus the filters it names.

What a query may hold::

    Zakharova mediation          every word (in any order; a quote's speaker counts as its words)
    "water-for-peace"            a phrase          cease-fire    the phrase, or the joined word
    talks OR negotiations        either            NOT Geneva / -Geneva   without
    memorand*                    a prefix          (dam OR river) water   grouping
    speaker:Zakharova            quotes by a speaker (speaker:"Maria Zakharova"; a space after : is fine)
    source:"Lantern News Agency" type:AGREE kind:quote since:2025-05-01 until:2025-06-30

OR binds tighter than the implicit AND (``a b OR c`` is ``a AND (b OR c)``), as in web search
engines. Every word reaches FTS5 inside double quotes, so no user text is ever read as FTS5 syntax;
only the operators built here are. At most :data:`MAX_TERMS` distinct words count (FTS5 time grows
with terms x matches); the rest of the query is ignored. A query FTS5 cannot answer (only NOT parts,
an OR with nothing on one side, an empty or bad filter) raises :class:`BadQuery` with a message
saying what to change.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

from parley.errors import Rejected

MAX_TERMS = 16
MAX_DEPTH = 8  # nested parentheses
FIELDS = ("speaker", "source", "kind", "type", "since", "until")
_WORD = re.compile(r"\w[\w'’]*", re.U)
_TOKEN = re.compile(r'\s+|-?"[^"]*"?|[()]|[^\s()"]+', re.U)
_FIELD = re.compile(r"(?i)(" + "|".join(FIELDS) + r"):(.*)", re.S)


class BadQuery(Rejected):
    """A search query that cannot be run as written; the reason says what to change."""


@dataclass
class Query:
    """A parsed query: the FTS5 ``match`` ("" when there is nothing to look for), its distinct
    ``terms`` as ``(word, prefix)`` in order, its positive plain ``words`` and its ``filters``."""

    match: str = ""
    terms: list[tuple[str, bool]] = field(default_factory=list)
    words: list[str] = field(default_factory=list)
    filters: dict[str, str] = field(default_factory=dict)

    def quotes_match(self, speaker: str | None = None) -> str:
        """The expression for ``quotes_fts`` (columns text, speaker): with a speaker, the words must
        be in the quote and the speaker's name in its speaker column."""
        name = speaker or self.filters.get("speaker")
        if not name:
            return self.match
        who = "speaker : " + phrase(name)
        return f"{who} AND text : ({self.match})" if self.match else who


def phrase(text: str, prefix: bool = False) -> str:
    """``text`` as one quoted FTS5 string (its double quotes doubled)."""
    return '"' + text.replace('"', '""') + '"' + ("*" if prefix else "")


class _Tokens:
    """A cursor over a query's tokens, for the recursive-descent readers below."""

    def __init__(self, tokens: list[str]) -> None:
        self.tokens = tokens
        self.pos = 0

    def peek(self) -> str | None:
        return self.tokens[self.pos] if self.pos < len(self.tokens) else None

    def take(self) -> str:
        tok = self.tokens[self.pos]
        self.pos += 1
        return tok


class _Parser(_Tokens):
    """Recursive descent over the tokens: ``seq := clause*``; ``clause := ['-'|NOT] unit (OR unit)*``;
    ``unit := word | "phrase" | ( seq ) | field:value``."""

    def __init__(self, q: str) -> None:
        super().__init__([t for t in _TOKEN.findall(q) if not t.isspace()])
        self.query = Query()
        self.seen: set[tuple[str, bool]] = set()
        self.leaves = 0

    def full(self) -> bool:
        return len(self.query.terms) >= MAX_TERMS

    def seq(self, depth: int) -> str | None:
        """Clauses up to a closing bracket (or the end): positives ANDed, then each NOT."""
        if depth > MAX_DEPTH:
            raise BadQuery(f"too many nested brackets (at most {MAX_DEPTH})")
        pos: list[str] = []
        neg: list[str] = []
        while (tok := self.peek()) is not None and not (tok == ")" and depth):
            if tok == ")":  # a stray closing bracket at the top: nothing to close
                self.take()
                continue
            negated, expr = self.clause(depth)
            if expr and expr not in (pos if not negated else neg):
                (neg if negated else pos).append(expr)
        if neg and not pos:
            raise BadQuery("NOT needs something to search for before it: add words to find "
                           "(e.g. talks NOT Geneva)")
        if not pos:
            return None
        # FTS5 reads "a" "b" as AND, but not next to a bracket: ("a" OR "b") "c" is a syntax error
        out = " ".join(pos) if all(p.startswith('"') for p in pos) else " AND ".join(pos)
        if neg:
            out = (f"({out})" if len(pos) > 1 else out) + "".join(f" NOT {n}" for n in neg)
        return out

    def clause(self, depth: int) -> tuple[bool, str | None]:
        tok = self.peek()
        negated = _negation(tok)
        if tok == "NOT":
            self.take()
            if self.peek() in (None, ")"):
                raise BadQuery("NOT needs a word or phrase after it (e.g. talks NOT Geneva)")
        elif negated:
            self.tokens[self.pos] = self.tokens[self.pos][1:]
        if tok == "OR":
            raise BadQuery("OR needs a word or phrase on each side (e.g. talks OR negotiations)")
        parts = [self.unit(depth)]
        while self.peek() == "OR":
            self.take()
            if self.peek() in (None, ")", "OR"):
                raise BadQuery("OR needs a word or phrase on each side (e.g. talks OR negotiations)")
            if negated or _negation(self.peek()):
                raise BadQuery("put NOT outside an OR: write talks NOT (Geneva OR Vienna)")
            parts.append(self.unit(depth))
        kept = list(dict.fromkeys(p for p in parts if p))
        if not kept:
            return negated, None
        return negated, kept[0] if len(kept) == 1 else "(" + " OR ".join(kept) + ")"

    def unit(self, depth: int) -> str | None:
        tok = self.take()
        if tok == "(":
            inner = self.seq(depth + 1)
            if self.peek() == ")":
                self.take()
            return f"({inner})" if inner and (" " in inner) else inner
        if m := _FIELD.fullmatch(tok):
            value = m[2] or (self.take() if self.peek() not in (None, "(", ")", "OR") else "")
            self.filter(m[1].lower(), value)
            return None
        if tok.startswith('"'):
            return self.words(tok[1:-1] if len(tok) > 1 and tok.endswith('"') else tok[1:], False, phrase=True)
        return self.words(tok.rstrip("*"), tok.endswith("*"), phrase=False)

    def filter(self, name: str, value: str) -> None:
        value = value.strip().strip('"').strip()
        if not value:
            raise BadQuery(f"{name}: needs a value (e.g. {name}:{_EXAMPLES[name]})")
        if name in ("since", "until"):
            try:
                date.fromisoformat(value)
            except ValueError:
                raise BadQuery(f"{name}: expects a day as YYYY-MM-DD, not {value!r}") from None
        if name == "kind" and value.lower() not in ("article", "quote"):
            raise BadQuery(f"kind: is article or quote, not {value!r}")
        self.query.filters[name] = value.lower() if name == "kind" else value

    def words(self, text: str, prefix: bool, *, phrase: bool) -> str | None:
        """The FTS5 form of a word or phrase. Its new words count against the cap (a phrase is cut
        where the cap falls); a word seen before adds nothing. A hyphenated word also matches its
        closed-up form: cease-fire finds ceasefire too."""
        found = _WORD.findall(text)[:MAX_TERMS]
        if not found or self.full() or self.leaves >= MAX_TERMS:
            return None
        keys = [(w.casefold(), prefix and i == len(found) - 1) for i, w in enumerate(found)]
        if not phrase and len(found) == 1 and keys[0] in self.seen:
            return None  # a repeated word adds work, not meaning
        kept = []
        for w, key in zip(found, keys, strict=True):
            if key not in self.seen:
                if self.full():
                    break
                self.seen.add(key)
                self.query.terms.append((w, key[1]))
            kept.append(w)
        prefix = prefix and len(kept) == len(found)
        self.leaves += 1
        joined = " ".join(kept)
        if not phrase and len(kept) > 1:  # cease-fire, U.N.-backed: the phrase, or the word closed up
            return f"({_phrase(joined, prefix)} OR {_phrase(''.join(kept), prefix)})"
        return _phrase(joined, prefix)


_phrase = phrase


def _negation(tok: str | None) -> bool:
    """``NOT``, or a word or phrase with a leading minus (``-Geneva``, ``-"new talks"``)."""
    if tok is None or tok == "NOT":
        return tok == "NOT"
    return len(tok) > 1 and tok[0] == "-" and (tok[1] == '"' or bool(_WORD.match(tok[1:])))
_EXAMPLES = {"speaker": "Zakharova", "source": '"Lantern News Agency"', "kind": "quote", "type": "AGREE",
             "since": "2025-05-01", "until": "2025-06-30"}


def parse(q: str) -> Query:
    """Parse a user's query; :class:`BadQuery` when it cannot be run as written."""
    if not _WORD.search(q):  # no word characters at all ('"', '(((', U+202E): nothing to look for
        return Query()
    parser = _Parser(q)
    match = parser.seq(0) or ""
    parser.query.match = match
    parser.query.words = [w for w, prefix in parser.query.terms if not prefix]
    return parser.query


def fts_terms(q: str) -> list[tuple[str, bool]]:
    """The distinct ``(word, prefix)`` terms of a query, in order, at most :data:`MAX_TERMS` of them."""
    try:
        return parse(q).terms
    except BadQuery:
        return []


def fts_query(q: str) -> str:
    """A query as a safe FTS5 expression; "" when it has no words or cannot be run (see :func:`parse`)."""
    try:
        return parse(q).match
    except BadQuery:
        return ""


# -- PostgreSQL -----------------------------------------------------------------------------------
# The FTS5 expressions built above, read back and written as PostgreSQL full-text search: each quoted
# string becomes ``websearch_to_tsquery('parley', '"words"')`` (a phrase; that function never fails on
# its input), a prefix ``to_tsquery`` of quoted lexemes, and the operators ``&&``, ``||`` and ``!!``
# combine them. Every string is a bound parameter. A column filter (``speaker : ...``) also checks
# the column's weight in the row's ``fts`` vector (migration 0001: A for the speaker, B for the text).
PG_CONFIG = "parley"
PG_WEIGHTS = {"speaker": "a", "text": "b", "title": "a"}
_PG_TOKEN = re.compile(r'"(?:[^"]|"")*"\*?|[():]|\w+', re.U)


@dataclass
class PgMatch:
    """``cond``: a condition over ``vector`` (a tsvector column); ``query``: one tsquery of the whole
    expression (for ranking and highlights); ``params``: the bound values both use; ``parts``: the
    tsqueries whose AND is ``query`` (``query`` alone when it is no AND), each matching at least what
    the whole does (an estimate that holds when the words go together, which the planner's does not)."""

    cond: str
    query: str
    params: dict[str, str]
    parts: list[str] = field(default_factory=list)


class _PgReader(_Tokens):
    """``or := and (OR and)*``; ``and := not ([AND] not)*``; ``not := unit (NOT unit)*``;
    ``unit := ( or ) | column : unit | "string"[*]`` (FTS5's precedence: NOT, then AND, then OR)."""

    def __init__(self, match: str, key: str) -> None:
        super().__init__(_PG_TOKEN.findall(match))
        self.key = key
        self.params: dict[str, str] = {}
        self.columns: list[tuple[str, str]] = []  # (weight, tsquery) of each top-level column filter
        self.parts: list[str] = []  # the operands of a top-level AND

    def either(self, top: bool) -> str:
        parts = [self.both(top)]
        while self.peek() == "OR":
            self.take()
            parts.append(self.both(False))
        if top and len(parts) > 1:
            self.parts = []  # an OR at the top: no AND
        return parts[0] if len(parts) == 1 else "(" + " || ".join(parts) + ")"

    def both(self, top: bool) -> str:
        parts = [self.minus(top)]
        while (tok := self.peek()) not in (None, ")", "OR"):
            if tok == "AND":
                self.take()
            parts.append(self.minus(top))
        if top:
            self.parts = parts
        return parts[0] if len(parts) == 1 else "(" + " && ".join(parts) + ")"

    def minus(self, top: bool) -> str:
        out = self.unit(top)
        while self.peek() == "NOT":
            self.take()
            out = f"({out} && !!{self.unit(False)})"
        return out

    def unit(self, top: bool) -> str:
        tok = self.take()
        if tok == "(":
            inner = self.either(False)
            if self.peek() == ")":
                self.take()
            return inner
        if self.peek() == ":" and tok in PG_WEIGHTS:
            self.take()
            inner = self.unit(False)
            if top:
                self.columns.append((PG_WEIGHTS[tok], inner))
            return inner
        prefix = tok.endswith("*")
        words = _WORD.findall(tok.rstrip("*")[1:-1].replace('""', '"'))
        name = f"{self.key}{len(self.params)}"
        if prefix and words:
            self.params[name] = " <-> ".join("'" + w.replace("'", "''") + "'" for w in words) + ":*"
            return f"to_tsquery('{PG_CONFIG}', :{name})"
        self.params[name] = '"' + " ".join(words) + '"'
        return f"websearch_to_tsquery('{PG_CONFIG}', :{name})"


def pg_match(match: str, vector: str, key: str = "pq") -> PgMatch:
    """An FTS5 expression made by :func:`parse` (or :meth:`Query.quotes_match`) as PostgreSQL full-text
    search over the tsvector ``vector`` (a fixed column name), its values bound as ``key0``, ``key1``..."""
    reader = _PgReader(match, key)
    query = reader.either(True)
    cond = f"{vector} @@ {query}"
    for weight, part in reader.columns:
        cond += f" AND ts_filter({vector}, '{{{weight}}}') @@ {part}"
    return PgMatch(cond=cond, query=query, params=reader.params,
                   parts=reader.parts if len(reader.parts) > 1 else [query])
