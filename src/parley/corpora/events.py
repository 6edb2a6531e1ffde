"""Event gold sets, each in its published format.

* PLV (``PLV_train.tsv``): sentences with the source and target marked ``<s>…</s>``, ``<t>…</t>``
  and the gold PLOVER root;
* PETR2 GSR (``petr2_gsr_validation.xml``): sentences with their expected CAMEO codings;
* PLOVER GSR (``PLOVER_GSR_CAMEO.txt``, JSON): coded records with PLOVER's first category names;
* CAMEO2PLOVER (``CAMEO2PLOVER-2021.txt``): CAMEO code -> PLOVER root.
"""

from __future__ import annotations

import csv
import json
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

# PLOVER GSR's first names for categories renamed since
OLD_NAMES = {"DEMAND": "REQUEST", "DISAPPROVE": "ACCUSE", "FIGHT": "ASSAULT", "INVESTIGATE": "ACCUSE"}


@dataclass
class Item:
    """One gold sentence: text, marked source/target ranges, gold root(s) and dyads."""

    id: str
    text: str
    gold: list[str]
    source: tuple[int, int] | None = None
    target: tuple[int, int] | None = None
    dyads: list[tuple[str, str, str]] = field(default_factory=list)
    dct: str | None = None


_TAG = re.compile(r"</?[st]>")


def unmark(marked: str) -> tuple[str, tuple[int, int] | None, tuple[int, int] | None]:
    """Plain text and the character ranges of ``<s>…</s>`` and ``<t>…</t>``."""
    out: list[str] = []
    pos = i = 0
    opened: dict[str, int] = {}
    ranges: dict[str, tuple[int, int]] = {}
    for m in _TAG.finditer(marked):
        out.append(marked[i:m.start()])
        pos += m.start() - i
        tag = m.group(0)
        if tag.startswith("</"):
            if tag[2] in opened:
                ranges[tag[2]] = (opened[tag[2]], pos)
        else:
            opened[tag[1]] = pos
        i = m.end()
    out.append(marked[i:])
    return "".join(out), ranges.get("s"), ranges.get("t")


def read_plv(path: Path) -> list[Item]:
    """PLV rows (tab-separated, with a header): ``sentence_id``, ``marked_sentence``, ``gold_root``."""
    items = []
    with path.open(encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh, delimiter="\t"):
            text, s, t = unmark(row["marked_sentence"])
            items.append(Item(id=row["sentence_id"], text=text, gold=[row["gold_root"]], source=s, target=t))
    return items


def cameo_map(path: Path) -> dict[str, str]:
    """CAMEO code -> PLOVER root, from CAMEO2PLOVER's ``CODE: ROOT, ...`` lines."""
    out = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        m = re.match(r"^(\d{2,4}):\s*([A-Z]+)", line)
        if m:
            out[m.group(1)] = m.group(2)
    return out


def plover_of(code: str, mapping: dict[str, str]) -> str | None:
    """PLOVER root of a CAMEO code (longest known prefix; 01/02 have none)."""
    code = code.strip()
    for n in (len(code), 3):
        if code[:n] in mapping and len(code[:n]) >= 3:
            return mapping[code[:n]]
    return None


_SENT = re.compile(r'<Sentence\b([^>]*)>(.*?)<Text>(.*?)</Text>', re.S)
_ATTR = re.compile(r'(\w+)="([^"]*)"')


def read_petr2(path: Path, mapping: dict[str, str], country: Callable[[str], str | None]) -> list[Item]:
    """PETR2 GSR sentences: the PLOVER roots of their codings (codes PLOVER has no root for dropped) and the
    (root, source country, target country) dyads, ``country`` giving a CAMEO actor code's country (or None)."""
    items = []
    for m in _SENT.finditer(path.read_text(encoding="utf-8")):
        attrs = dict(_ATTR.findall(m.group(1)))
        gold, dyads = [], []
        for ec in re.finditer(r"<EventCoding\b([^>]*)/?>", m.group(2)):
            a = dict(_ATTR.findall(ec.group(1)))
            root = plover_of(a.get("eventcode", ""), mapping)
            if not root:
                continue
            gold.append(root)
            src, tgt = country(a.get("sourcecode", "")), country(a.get("targetcode", ""))
            if src and tgt:
                dyads.append((root, src, tgt))
        date = attrs.get("date", "")
        dct = f"{date[:4]}-{date[4:6]}-{date[6:8]}" if re.fullmatch(r"\d{8}", date) else None
        text = " ".join(m.group(3).split())
        items.append(Item(id=attrs.get("id", ""), text=text, gold=gold, dyads=dyads, dct=dct))
    return items


def read_plover_gsr(path: Path) -> list[Item]:
    """PLOVER GSR records with text (DOCUMENT records left out), old category names mapped."""
    items = []
    for rec in json.loads(path.read_text(encoding="utf-8")):
        ev = OLD_NAMES.get(rec.get("event", ""), rec.get("event", ""))
        if ev == "DOCUMENT" or not rec.get("text"):
            continue
        items.append(Item(id=rec["id"], text=rec["text"], gold=[ev], dct=rec.get("date")))
    return items
