"""Article text cut into plain segments at annotation offsets, for server-side highlighting.

Each segment is a piece of the raw text plus the CSS classes, hover title and link of the
annotations covering it. Templates escape every piece; nothing here builds HTML.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from parley.store.repo import CORRECTED


@dataclass
class Mark:
    start: int
    end: int
    kind: str  # quote | speaker | cue | mention | timex | event
    title: str
    href: str | None = None
    extra: str = ""  # more classes, e.g. the event's PLOVER group
    quote: int | None = None  # quote id, so the page can light up a whole quote
    anchor: str | None = None  # the id a link lands on (q-12, e-3, t-5): the chronology links here


def speaker_kind(q: dict[str, Any]) -> str:
    """How a quote's speaker reads on a page: ``named`` (written out by name, or stored before speakers
    had a confidence), ``corrected`` by a user, or ``inferred`` (a title, a pronoun, an earlier speaker...)."""
    how = q.get("resolved_by")
    if how == CORRECTED:
        return "corrected"
    return "named" if how in (None, "explicit name") else "inferred"


def speaker_note(q: dict[str, Any]) -> str:
    """The hover text of a speaker: how it was found and how sure that is."""
    how = q.get("resolved_by")
    if how == CORRECTED:
        return "speaker set by a correction"
    conf = q.get("confidence")
    return f"speaker found by {how or 'name'}" + (f", confidence {conf:.2f}" if conf is not None else "")


def _slug(s: str) -> str:
    return "g-" + s.replace(" ", "-")


def article_marks(art: dict[str, Any]) -> list[Mark]:
    """Every annotation of an article (``Service.article(article_id, groups=True)``) as a mark."""
    marks: list[Mark] = []
    for t in art.get("timexes", []):
        marks.append(Mark(t["start"], t["end"], "timex", f"{t['type']}: {t['value'] or '?'}"
                          + (f" ({t['mod']})" if t.get("mod") else ""), anchor=f"t-{t['id']}" if "id" in t else None))
    for m in art.get("mentions", []):
        href = f"/entities/{m['entity_id']}" if m.get("entity_id") else None
        marks.append(Mark(m["start"], m["end"], "mention", f"{m['label']} mention ({m['kind']})", href))
    for q in art.get("quotes", []):
        who = q.get("speaker_name") or q.get("speaker_text") or ("anonymous" if q.get("anonymous") else "unknown")
        when = f", {q['said_on']}" if q.get("said_on") else ""
        marks.append(Mark(q["start"], q["end"], "quote", f"{q['kind']} quote by {who}{when}", quote=q["id"],
                          anchor=f"q-{q['id']}"))
        if q.get("speaker_start") is not None and q.get("speaker_end") is not None:
            href = f"/entities/{q['speaker_entity_id']}" if q.get("speaker_entity_id") else None
            how = speaker_kind(q)
            marks.append(Mark(q["speaker_start"], q["speaker_end"], "speaker", f"speaker: {who} ({speaker_note(q)})",
                              href, quote=q["id"], extra="inferred" if how == "inferred" else ""))
        if q.get("cue_start") is not None and q.get("cue_end") is not None:
            marks.append(Mark(q["cue_start"], q["cue_end"], "cue", f"speech cue for quote by {who}",
                              quote=q["id"]))
    for e in art.get("events", []):
        who = ", ".join(e.get("actors") or []) or "?"
        whom = ", ".join(e.get("recipients") or []) or "?"
        when = f", {e['date']}" if e.get("date") else ""
        when += {"publication": " (publication day)", "story": " (the story's day)"}.get(e.get("date_source") or "", "")
        sure = f", confidence {e['confidence']:.2f}" if e.get("confidence") is not None else ""
        title = f"{e['type']} event: {who} → {whom} ({e['status']}{when}{sure})"
        marks.append(Mark(e["trigger_start"], e["trigger_end"], "event", title,
                          extra=_slug(e.get("group") or "other"), anchor=f"e-{e['id']}" if "id" in e else None))
    return marks


_HREF_ORDER = {"speaker": 0, "mention": 1}


def segments(text: str, marks: list[Mark]) -> list[dict[str, Any]]:
    """Cut ``text`` at every mark boundary; each piece lists the marks that cover it, and the
    ``anchors`` (ids to land on) of the marks that start with it."""
    n = len(text)
    marks = [m for m in marks if 0 <= m.start < m.end <= n]
    cuts = sorted({0, n, *(m.start for m in marks), *(m.end for m in marks)})
    out: list[dict[str, Any]] = []
    for a, b in zip(cuts, cuts[1:], strict=False):
        cover = [m for m in marks if m.start <= a and b <= m.end]
        if not cover:
            out.append({"text": text[a:b], "cls": "", "title": "", "href": None, "quote": None, "anchors": []})
            continue
        anchors = sorted({m.anchor for m in cover if m.anchor and m.start == a})
        classes = sorted({m.kind for m in cover} | {m.extra for m in cover if m.extra})
        linked = sorted((m for m in cover if m.href), key=lambda m: _HREF_ORDER.get(m.kind, 9))
        quote = next((m.quote for m in cover if m.quote is not None), None)
        out.append({"text": text[a:b], "cls": " ".join(classes), "title": " · ".join(m.title for m in cover),
                    "href": linked[0].href if linked else None, "quote": quote, "anchors": anchors})
    return out


def mark_segments(text: str, highlights: list[list[int]]) -> list[dict[str, Any]]:
    """A snippet with ``[start, end)`` highlight offsets as ``{text, mark}`` pieces."""
    out, pos = [], 0
    for start, end in sorted(highlights):
        if start < pos:
            continue
        if start > pos:
            out.append({"text": text[pos:start], "mark": False})
        out.append({"text": text[start:end], "mark": True})
        pos = end
    if pos < len(text):
        out.append({"text": text[pos:], "mark": False})
    return out
