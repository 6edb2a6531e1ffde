"""TimeML documents (TimeBank, AQUAINT ``.tml``): TIMEX3 tags inline in ``<TEXT>``."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from pathlib import Path


@dataclass
class GoldTimex:
    start: int
    end: int
    type: str
    value: str | None
    mod: str | None = None


@dataclass
class TimeDoc:
    """A text with its gold time expressions (character offsets) and document creation time as written."""

    name: str
    corpus: str
    text: str
    dct: str | None
    timexes: list[GoldTimex] = field(default_factory=list)


def _walk(elem: ET.Element, parts: list[str], spans: list[GoldTimex], pos: list[int]) -> None:
    """Append ``elem``'s text content to ``parts``, recording TIMEX3 offsets."""
    if elem.text:
        parts.append(elem.text)
        pos[0] += len(elem.text)
    for child in elem:
        start = pos[0]
        _walk(child, parts, spans, pos)
        if child.tag == "TIMEX3":
            spans.append(GoldTimex(start, pos[0], child.get("type", "DATE"),
                                   child.get("value") or None, child.get("mod") or None))
        if child.tail:
            parts.append(child.tail)
            pos[0] += len(child.tail)


def read_timeml(source: str | Path, *, name: str = "", corpus: str = "timeml") -> TimeDoc:
    """One TimeML document (a path or the XML itself). The text is that of ``<TEXT>`` (the whole document
    when it has none); the DCT is the value of the TIMEX3 with ``functionInDocument="CREATION_TIME"``."""
    if isinstance(source, Path):
        xml = source.read_text(encoding="utf-8")
        name = name or source.stem
    else:
        xml = source
    root = ET.fromstring(xml)
    dct = next((t.get("value") for t in root.iter("TIMEX3") if t.get("functionInDocument") == "CREATION_TIME"),
               None)
    text_el = root.find("TEXT")
    if text_el is None:
        text_el = root
    parts: list[str] = []
    spans: list[GoldTimex] = []
    _walk(text_el, parts, spans, [0])
    return TimeDoc(name, corpus, "".join(parts), dct, spans)


def corpus_of(path: Path) -> str:
    """``aquaint`` or ``timebank`` when the path names one, else ``timeml``."""
    low = str(path).lower()
    return "aquaint" if "aquaint" in low else "timebank" if "timebank" in low else "timeml"
