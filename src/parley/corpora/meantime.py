"""MEANTIME news corpus (``corpus_*/*.xml``): tokens with sentence numbers, standoff markables
(ENTITY_MENTION, ENTITY, TIMEX3, ...) anchored on tokens, and relations (REFERS_TO, ...).

MEANTIME annotates only the first sentences of each article; :meth:`MeantimeDoc.last_annotated_sentence`
says where that stops. Entity types: PER, ORG, LOC, and the other types FIN (indices and
securities), PRO (products) and MIX.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from pathlib import Path

from parley.corpora.timeml import GoldTimex, TimeDoc

OTHER_ENTITY_TYPES = frozenset({"FIN", "PRO", "MIX"})
NAME_TYPES = frozenset({"NAM", "PRE.NAM"})

Span = tuple[int, int, str]  # first token, one past the last, entity type


@dataclass
class Token:
    t_id: str
    text: str
    sentence: int


@dataclass
class Markable:
    tag: str  # ENTITY_MENTION, ENTITY, TIMEX3, EVENT_MENTION, ...
    m_id: str
    attrs: dict[str, str]
    t_ids: list[str]  # anchored tokens, as written


@dataclass
class Relation:
    tag: str  # REFERS_TO, TLINK, ...
    sources: list[str]  # m_ids
    target: str  # m_id ('' when none)


@dataclass
class MeantimeDoc:
    name: str
    corpus: str  # the corpus folder without "corpus_": airbus, gm, ...
    tokens: list[Token] = field(default_factory=list)
    markables: list[Markable] = field(default_factory=list)
    relations: list[Relation] = field(default_factory=list)
    anchors: list[str] = field(default_factory=list)  # every token_anchor's t_id, in document order

    def index(self) -> dict[str, int]:
        """t_id -> token position."""
        return {t.t_id: i for i, t in enumerate(self.tokens)}

    def token_ids(self, markable: Markable) -> list[int]:
        """Positions of a markable's tokens (unknown t_ids left out)."""
        index = self.index()
        return [index[t] for t in markable.t_ids if t in index]

    def last_annotated_sentence(self) -> int | None:
        """The highest sentence number holding an anchored token (None when nothing is anchored)."""
        sent_of = {t.t_id: t.sentence for t in self.tokens}
        return max((sent_of[a] for a in self.anchors if a in sent_of), default=None)

    def entity_types(self) -> dict[str, str]:
        """ENTITY m_id -> ent_type."""
        return {m.m_id: m.attrs.get("ent_type", "") for m in self.markables if m.tag == "ENTITY"}

    def references(self) -> list[tuple[str, str]]:
        """(mention m_id, ENTITY m_id) of every REFERS_TO source."""
        return [(src, rel.target) for rel in self.relations if rel.tag == "REFERS_TO" for src in rel.sources]

    def mention_spans(self, types: set[str] | frozenset[str], *, syntactic: set[str] | frozenset[str] | None = None
                      ) -> dict[Span, str]:
        """Token spans of the ENTITY_MENTIONs (of a syntactic type in ``syntactic`` when given) that refer to an
        entity of a type in ``types``, each with the entity it refers to (the last one read, for a span
        that refers to several)."""
        ent_type = self.entity_types()
        mentions = {m.m_id: m for m in self.markables if m.tag == "ENTITY_MENTION"}
        out: dict[Span, str] = {}
        for src, entity in self.references():
            typ = ent_type.get(entity, "")
            m = mentions.get(src)
            if typ not in types or m is None:
                continue
            ids = self.token_ids(m)
            if ids and (syntactic is None or m.attrs.get("syntactic_type", "") in syntactic):
                out[(min(ids), max(ids) + 1, typ)] = entity
        return out


def read_meantime(path: Path, *, corpus: str | None = None) -> MeantimeDoc:
    """One MEANTIME document."""
    root = ET.parse(path).getroot()
    doc = MeantimeDoc(path.stem, corpus if corpus is not None else path.parent.name.replace("corpus_", ""))
    doc.tokens = [Token(t.get("t_id", ""), t.text or "", int(t.get("sentence") or 0)) for t in root.iter("token")]
    doc.anchors = [a.get("t_id", "") for a in root.iter("token_anchor")]
    markables = root.find("Markables")
    for m in markables if markables is not None else []:
        doc.markables.append(Markable(m.tag, m.get("m_id", ""), dict(m.attrib),
                                      [a.get("t_id", "") for a in m.iter("token_anchor")]))
    relations = root.find("Relations")
    for rel in relations if relations is not None else []:
        target = rel.find("target")
        doc.relations.append(Relation(rel.tag, [s.get("m_id", "") for s in rel.findall("source")],
                                      target.get("m_id", "") if target is not None else ""))
    return doc


def is_meantime(path: Path) -> bool:
    """An ``.xml`` file with MEANTIME's token layer."""
    return path.suffix == ".xml" and "<token" in path.read_text(encoding="utf-8", errors="ignore")[:5000]


def find_files(gold: Path) -> list[Path]:
    """The MEANTIME documents of ``gold``: the file itself, the ``.xml`` files of its ``corpus_*`` folders
    (any of them), else its own MEANTIME ``.xml`` files; sorted by path."""
    gold = Path(gold)
    if gold.is_file():
        return [gold]
    files = sorted(gold.glob("corpus_*/*.xml"))
    return files or sorted(p for p in gold.glob("*.xml") if is_meantime(p))


def corpus_names(files: list[Path]) -> list[str]:
    """The corpora a list of files comes from (``airbus``, ``gm``), in order of appearance."""
    return list(dict.fromkeys(p.parent.name.replace("corpus_", "") for p in files))


_NO_SPACE_BEFORE = {",", ".", ":", ";", "!", "?", ")", "]", "}", "%", "'s", "'", "''", "n't",
                    "'re", "'ve", "'ll", "'d", "'m", "’s", "”"}
_NO_SPACE_AFTER = {"(", "[", "{", "$", "``", "“", "#"}


def _separator(prev: Token | None, tok: Token) -> str:
    if prev is None:
        return ""
    if tok.sentence != prev.sentence:
        return "\n"
    return "" if tok.text in _NO_SPACE_BEFORE or prev.text in _NO_SPACE_AFTER else " "


def timeml_view(doc: MeantimeDoc) -> TimeDoc:
    """The annotated sentences as text (light detokenization, one line per sentence) with the TIMEX3
    markables as character spans; the DCT as written on the CREATION_TIME markable (the dateline, a real
    mention in the text). Corpus ``meantime-<corpus>``."""
    last = doc.last_annotated_sentence()
    if last is None:
        last = max((t.sentence for t in doc.tokens), default=0)
    starts: dict[str, int] = {}
    ends: dict[str, int] = {}
    out: list[str] = []
    pos = 0
    prev: Token | None = None
    for tok in doc.tokens:
        if tok.sentence > last:
            break
        sep = _separator(prev, tok)
        out.append(sep)
        pos += len(sep)
        starts[tok.t_id] = pos
        out.append(tok.text)
        pos += len(tok.text)
        ends[tok.t_id] = pos
        prev = tok
    dct = None
    spans: list[GoldTimex] = []
    for t in (m for m in doc.markables if m.tag == "TIMEX3"):
        if t.attrs.get("functionInDocument") == "CREATION_TIME":
            dct = t.attrs.get("value")
        ids = [i for i in t.t_ids if i in starts]
        if ids:
            spans.append(GoldTimex(min(starts[i] for i in ids), max(ends[i] for i in ids),
                                   t.attrs.get("type", "DATE"), t.attrs.get("value") or None,
                                   t.attrs.get("mod") or None))
    spans.sort(key=lambda g: g.start)
    return TimeDoc(doc.name, f"meantime-{doc.corpus}", "".join(out) + "\n", dct, spans)
