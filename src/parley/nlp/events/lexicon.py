"""The editable trigger lexicon of ``parley_events``: words → PLOVER root (+ optional mode).

Files are YAML under ``parley/data/events/``; later files override earlier ones entry by entry,
so a user's own YAML (the component's ``lexicon_path``) can add or change any trigger::

    verbs:                    # lemma: ROOT  or  lemma: {root: ROOT, mode: MODE}
      airlift: {root: AID, mode: humanitarian}
    nouns:
      summit: {root: CONSULT, mode: meet, reciprocal: true}
    phrasal:                  # "verb particle-or-preposition"
      call for: REQUEST
    objects:                  # "verb object-noun": the verb with that object head
      lift sanctions: {root: RETREAT, mode: ease}
    light_verbs: [make, hold]  # verbs that take their event from the object noun ("made an offer")
    ignore: [say]              # lemmas that are never triggers (removes earlier entries)

``cameo.yaml`` is generated from the PETRARCH2 CAMEO verb dictionary (MIT, Open Event Data
Alliance) by :func:`build_cameo_yaml` and mapped to PLOVER with CAMEO2PLOVER-2021; it is read
first, so the hand-written ``triggers.yaml`` overrides it. Irregular past forms for
:func:`lemma_candidates` are in ``irregular_verbs.yaml``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from parley.config import DATA_DIR, load_yaml
from parley.nlp.lexicon.words import IRREGULAR_PAST

LEXICON_DIR = DATA_DIR / "events"
DEFAULT_FILES = ("cameo.yaml", "triggers.yaml")
ROOTS = ("AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "REQUEST", "ACCUSE",
         "REJECT", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT")
SECTIONS = ("verbs", "nouns", "phrasal", "objects")


@dataclass(frozen=True)
class Entry:
    root: str
    mode: str | None = None
    reciprocal: bool = False
    weak: bool = False  # from the generated CAMEO list: used only when nothing better matches
    user: bool = False  # from the user's own lexicon file: the learned re-typer leaves it alone


@dataclass
class Lexicon:
    verbs: dict[str, Entry] = field(default_factory=dict)
    nouns: dict[str, Entry] = field(default_factory=dict)
    phrasal: dict[str, Entry] = field(default_factory=dict)
    objects: dict[str, Entry] = field(default_factory=dict)
    light_verbs: set[str] = field(default_factory=set)
    modes: dict[str, str] = field(default_factory=dict)

    def update(self, data: dict[str, Any], *, weak: bool = False, origin: str = "", user: bool = False) -> None:
        """Merge one YAML mapping into the lexicon: ``ignore`` first removes earlier files' entries
        for those lemmas, then this file's entries are added (overriding)."""
        for word in data.get("ignore") or []:
            w = str(word).lower()
            for section in ("verbs", "nouns"):
                getattr(self, section).pop(w, None)
        for section in SECTIONS:
            table: dict[str, Entry] = getattr(self, section)
            for key, value in (data.get(section) or {}).items():
                table[str(key).lower()] = _entry(value, weak=weak, where=f"{origin}:{section}:{key}", user=user)
        self.light_verbs |= {str(w).lower() for w in data.get("light_verbs") or []}
        self.modes.update({str(k).lower(): str(v) for k, v in (data.get("modes") or {}).items()})


def _entry(value: Any, *, weak: bool, where: str, user: bool = False) -> Entry:
    if isinstance(value, str):
        value = {"root": value}
    if not isinstance(value, dict) or "root" not in value:
        raise ValueError(f"lexicon entry {where}: expected ROOT or {{root: ROOT, mode: ...}}, got {value!r}")
    root = str(value["root"]).upper()
    if root not in ROOTS:
        raise ValueError(f"lexicon entry {where}: unknown PLOVER root {root!r} (one of {', '.join(ROOTS)})")
    return Entry(root=root, mode=value.get("mode"), reciprocal=bool(value.get("reciprocal", False)),
                 weak=weak, user=user)


def load_lexicon(extra: str | Path | list[str | Path] | None = None) -> Lexicon:
    """The shipped lexicon, extended by the user's YAML file(s) in ``extra`` (applied in order)."""
    extras = [] if extra is None else [extra] if isinstance(extra, str | Path) else list(extra)
    return _load(tuple(str(p) for p in extras))


@lru_cache(maxsize=8)
def _load(extras: tuple[str, ...]) -> Lexicon:
    lex = Lexicon()
    for name in DEFAULT_FILES:
        path = LEXICON_DIR / name
        if path.exists():
            lex.update(_read(path), weak=name == "cameo.yaml", origin=name)
    for p in extras:
        path = Path(p)
        if not path.exists():
            raise FileNotFoundError(f"event lexicon not found: {path}")
        lex.update(_read(path), origin=path.name, user=True)
    return lex


def _read(path: Path) -> dict[str, Any]:
    data = load_yaml(path.read_text(encoding="utf-8")) or {}
    if not isinstance(data, dict):
        raise ValueError(f"{path}: an event lexicon is a YAML mapping")
    return data


# ---------------------------------------------------------------- lemma candidates

_DOUBLE = re.compile(r"([bdgklmnprt])\1$")


IRREGULAR = IRREGULAR_PAST


def lemma_candidates(lemma: str, lower: str) -> list[str]:
    """The tagger's lemma first, then the surface form and rule de-inflections (the trained
    lemmatizer sometimes gives "reache" for "reaching")."""
    out = [lemma.lower(), IRREGULAR.get(lower, lower), lower]
    w = lower
    if w.endswith("ies") or w.endswith("ied"):
        out.append(w[:-3] + "y")
    if w.endswith("ing") and len(w) > 4:
        stem = w[:-3]
        out += [stem, stem + "e"] + ([stem[:-1]] if _DOUBLE.search(stem) else [])
    if w.endswith("ed") and len(w) > 4:
        stem = w[:-2]
        out += [stem, w[:-1]] + ([stem[:-1]] if _DOUBLE.search(stem) else [])
    if w.endswith("es") and len(w) > 4:
        out.append(w[:-2])
    if w.endswith("s") and len(w) > 3:
        out.append(w[:-1])
    seen: list[str] = []
    for c in out:
        if c and c not in seen:
            seen.append(c)
    return seen


# ---------------------------------------------------------------- CAMEO → YAML


def cameo_to_plover(path: Path) -> dict[str, tuple[str, str | None]]:
    """CAMEO code → (PLOVER root, mode) from CAMEO2PLOVER-2021.txt."""
    out: dict[str, tuple[str, str | None]] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        m = re.match(r"^(\d{3,4}):\s*([A-Z]+)\s*,\s*([^,#]*)", line)
        if m:
            out[m.group(1)] = (m.group(2), m.group(3).strip() or None)
    return out


def build_cameo_yaml(cameo: Path, mapping: Path) -> str:
    """Verb and verb+object triggers from the PETRARCH2 CAMEO verb dictionary, as YAML text.

    Keeps a verb's own code (else its block's), only codes PLOVER keeps (01/02 are dropped), and
    only one-word ``- * NOUN [code]`` object patterns. Run once; hand edits go in triggers.yaml.
    """
    c2p = cameo_to_plover(mapping)
    lines = cameo.read_text(encoding="latin-1").splitlines()
    start = next(i for i, line in enumerate(lines) if "VERB PATTERNS" in line)
    verbs: dict[str, dict[str, str]] = {}
    objects: dict[str, dict[str, str]] = {}
    block_verbs: list[str] = []
    block_code = ""

    def plover(code: str) -> dict[str, str] | None:
        code = code.split(":")[0]
        if code not in c2p:
            return None
        root, mode = c2p[code]
        return {"root": root, **({"mode": mode} if mode else {})}

    for line in lines[start:]:
        head = re.match(r"^---\s+(\S+)\s+\[([^\]]*)\]\s+---", line)
        if head:
            block_verbs, block_code = [], head.group(2)
            continue
        if not line.strip() or line.startswith("#"):
            continue
        pat = re.match(r"^-\s+\*\s+([A-Z][A-Z\-]*)\s+\[([0-9:]+)\]\s*(#\s*([A-Z_]+))?", line)
        if pat:
            entry = plover(pat.group(2))
            # the comment names the verb the pattern was written for; else the block's first verb
            v = pat.group(4) or (block_verbs[0] if block_verbs else "")
            if entry and v and "_" not in v:
                objects.setdefault(f"{v.lower()} {pat.group(1).lower()}", entry)
            continue
        if line.startswith("-"):
            continue
        verb = re.match(r"^\+?([A-Z][A-Z_\-]*)\s*(\{[^}]*\})?\s*(\[([0-9:\-]+)\])?", line)
        if verb:
            name = verb.group(1)
            block_verbs.append(name)
            entry = plover(verb.group(4) or block_code)
            if entry:
                verbs.setdefault(name.lower().replace("_", " "), entry)
    single = {k: v for k, v in verbs.items() if " " not in k}
    phrasal = {k: v for k, v in verbs.items() if " " in k and len(k.split()) == 2}
    header = ("# GENERATED by parley.nlp.events.lexicon.build_cameo_yaml from the PETRARCH2 CAMEO verb\n"
              "# dictionary (CAMEO.2.0.txt, MIT licence, (c) 2014 Open Event Data) mapped to PLOVER with\n"
              "# CAMEO2PLOVER-2021. Weak entries: used only when triggers.yaml has nothing. Do not edit;\n"
              "# override in triggers.yaml or a user lexicon.\n")
    dumper = type("NoAliases", (yaml.SafeDumper,), {"ignore_aliases": lambda self, data: True})
    body = yaml.dump({"verbs": single, "phrasal": phrasal, "objects": objects}, Dumper=dumper,
                     sort_keys=True, default_flow_style=None, width=120)
    return header + body
