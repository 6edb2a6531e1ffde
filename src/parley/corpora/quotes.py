"""Quote attribution gold: GenderGapTracker JSONL (``ggt/dev.jsonl``) and PolNeAR brat files
(``text/*.txt`` + ``attributions/*_ANNOTATOR.ann``)."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path


@dataclass
class GoldQuote:
    start: int
    end: int
    speaker: tuple[int, int] | None
    reference: str
    cue: tuple[int, int] | None = None
    speech: bool = True


@dataclass
class GoldDoc:
    id: str
    text: str
    quotes: list[GoldQuote] = field(default_factory=list)


def read_ggt(path: Path, *, limit: int | None = None) -> list[GoldDoc]:
    """GGT documents: each quote's span, its speaker's span (None when empty) and the gold reference."""
    docs = []
    with path.open(encoding="utf-8") as fh:
        for line in fh:
            if not line.strip():
                continue
            d = json.loads(line)
            qs = [GoldQuote(q["start"], q["end"],
                            (q["speaker_start"], q["speaker_end"])
                            if q.get("speaker") and isinstance(q.get("speaker_start"), int) else None,
                            q.get("reference") or "") for q in d.get("quotes", [])]
            docs.append(GoldDoc(str(d.get("id")), d["text"], qs))
            if limit is not None and len(docs) >= limit:
                break
    return docs


def _hull(offsets: str) -> tuple[int, int]:
    nums = [int(x) for x in re.split(r"[ ;]", offsets.strip()) if x]
    return min(nums), max(nums)


def read_brat(ann: str) -> list[dict[str, tuple[int, int] | None]]:
    """Attributions of one ``.ann`` file: ``{"source", "cue", "content"}`` hull spans (source may be None)."""
    spans: dict[str, tuple[int, int]] = {}
    events = []
    for line in ann.splitlines():
        parts = line.split("\t")
        if line.startswith("T") and len(parts) >= 2:
            _label, _, offs = parts[1].partition(" ")
            spans[parts[0]] = _hull(offs)
        elif line.startswith("E") and len(parts) >= 2:
            events.append(dict(a.split(":", 1) for a in parts[1].split() if ":" in a))
    out = []
    for ev in events:
        roles = {r.lower(): spans.get(tid) for r, tid in ev.items() if r in ("Source", "Cue", "Content")}
        if roles.get("content") is None:
            continue
        out.append({"source": roles.get("source"), "cue": roles.get("cue"), "content": roles["content"]})
    return out


def polnear_files(folder: Path) -> list[tuple[Path, Path]]:
    """(text, annotation) of every PolNeAR article with an annotation: the first ``.ann`` in sorted order
    (one annotator per article)."""
    out = []
    for txt in sorted((folder / "text").glob("*.txt")):
        anns = sorted((folder / "attributions").glob(f"{txt.stem}_*.ann"))
        if anns:
            out.append((txt, anns[0]))
    return out
