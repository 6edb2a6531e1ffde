"""Geometry for the server-side SVG charts. Only numbers and plain strings: templates draw and escape."""

from __future__ import annotations

import math
from datetime import date
from typing import Any
from urllib.parse import quote

GROUP_COLORS = {
    "verbal cooperation": "#2a9d8f",
    "material cooperation": "#1d6fb8",
    "verbal conflict": "#e09f1f",
    "material conflict": "#d1495b",
    "other": "#7a7a7a",
}
MAX_STACK = 25


def timeline_chart(data: dict[str, Any], *, width: int = 960) -> dict[str, Any]:
    """One dot per event, stacked per bucket on a time axis; planned events are hollow."""
    buckets = data["buckets"]
    left, right, top, step = 60, 60, 16, 13
    if not buckets:
        return {"width": width, "height": 0, "dots": [], "ticks": [], "more": []}
    days = [date.fromisoformat(b["start"]) for b in buckets]
    span = max((days[-1] - days[0]).days, 1)
    inner = width - left - right
    tallest = max(min(max(b["total"] for b in buckets), MAX_STACK), 5)
    base = top + tallest * step + 8
    dots, more = [], []
    for d, b in zip(days, buckets, strict=True):
        x = left + inner * ((d - days[0]).days / span if len(days) > 1 else 0.5)
        order = sorted(b["events"], key=lambda e: (list(GROUP_COLORS).index(e["group"]), e["planned"]))
        for i, ev in enumerate(order[:MAX_STACK]):
            dots.append({"x": round(x, 1), "y": base - 6 - i * step, "color": GROUP_COLORS[ev["group"]],
                         "hollow": ev["planned"], "href": f"/articles/{ev['article_id']}#e-{ev['id']}",
                         "title": f"{ev['day']} {ev['type']} {'/'.join(ev['actors']) or '?'} → "
                                  f"{'/'.join(ev['recipients']) or '?'} ({ev['status']}): {ev['trigger_text']}"})
        if b["total"] > MAX_STACK:
            more.append({"x": round(x, 1), "y": top - 4, "label": f"+{b['total'] - MAX_STACK}"})
    n_ticks = min(len(days), 7)
    ticks = []
    for i in range(n_ticks):
        frac = i / (n_ticks - 1) if n_ticks > 1 else 0.5
        d = date.fromordinal(days[0].toordinal() + round(frac * span)) if len(days) > 1 else days[0]
        anchor = "middle" if 0 < i < n_ticks - 1 or n_ticks == 1 else ("start" if i == 0 else "end")
        ticks.append({"x": round(left + inner * frac, 1), "label": d.isoformat(), "anchor": anchor})
    return {"width": width, "height": base + 26, "base": base, "left": left, "right": width - right,
            "dots": dots, "ticks": ticks, "more": more}


LABEL_FONT = 13
CHAR_W = 8.0  # a bold 13px character, generously: labels are measured by it so that none is cut off
LABEL_MAX = 24
MARGIN = 12


def _label(name: str) -> str:
    return name if len(name) <= LABEL_MAX else name[:LABEL_MAX - 1] + "…"


def _label_box(x: float, y: float, text: str, anchor: str) -> tuple[float, float, float, float]:
    w = len(text) * CHAR_W
    left = {"start": x, "end": x - w}.get(anchor, x - w / 2)
    return left, y - LABEL_FONT, left + w, y + 4


def network_chart(data: dict[str, Any], *, size: int | None = None, max_nodes: int = 100) -> dict[str, Any]:
    """A ring of actors, most active first; one curved arrow per directed pair, coloured by its main
    PLOVER group. Labels sit outside the ring, turned away from it, and the viewBox is the box of
    every circle and label plus a margin, so no label is ever cut off. A node links to its entity's
    page when the actor is a stored entity, else to its events."""
    nodes = data["nodes"][:max_nodes]
    size = size or max(420, min(640, 300 + 12 * len(nodes)))  # a small ring for a few actors reads better
    if not nodes:
        return {"size": size, "viewbox": f"0 0 {size} {size}", "width": size, "height": size, "nodes": [], "edges": []}
    known = data.get("entities") or {}
    c, r = size / 2, size / 2 - 40
    top = max(n["count"] for n in nodes)
    pos, radius = {}, {}
    out_nodes = []
    box = [c, c, c, c]
    for i, n in enumerate(nodes):
        a = 2 * math.pi * i / len(nodes) - math.pi / 2
        x, y = c + r * math.cos(a), c + r * math.sin(a)
        rad = round(6 + 14 * math.sqrt(n["count"] / top), 1)
        pos[n["id"]], radius[n["id"]] = (x, y), rad
        cos, sin = math.cos(a), math.sin(a)
        anchor = "start" if cos > 0.25 else "end" if cos < -0.25 else "middle"
        lx = x + (rad + 6) * cos
        ly = y + (rad + 6) * sin + (4 if anchor != "middle" else (LABEL_FONT if sin > 0 else -2))
        ent = known.get(n["id"])
        text = _label(n.get("name") or (ent or {}).get("name") or n["id"])
        for k, v in enumerate(_label_box(lx, ly, text, anchor) + (x - rad, y - rad, x + rad, y + rad)):
            box[k % 4] = min(box[k % 4], v) if k % 4 < 2 else max(box[k % 4], v)
        out_nodes.append({"id": n["id"], "x": round(x, 1), "y": round(y, 1), "count": n["count"], "r": rad,
                          "lx": round(lx, 1), "ly": round(ly, 1), "anchor": anchor, "label": text,
                          "name": ent["name"] if ent else None,
                          "href": f"/entities/{quote(str(n['id']))}"})
    left, top_y, right, bottom = box[0] - MARGIN, box[1] - MARGIN, box[2] + MARGIN, box[3] + MARGIN
    names = {n["id"]: n["name"] for n in out_nodes if n["name"]}
    edges = _network_edges(data["edges"], pos, radius, names)
    width, height = round(right - left), round(bottom - top_y)
    return {"size": size, "viewbox": f"{round(left)} {round(top_y)} {width} {height}", "width": width,
            "height": height, "nodes": out_nodes, "edges": edges}


def _network_edges(edges: list[dict[str, Any]], pos: dict[str, tuple[float, float]], radius: dict[str, float],
                   names: dict[str, str] | None = None) -> list[dict[str, Any]]:
    names = names or {}
    pairs: dict[tuple[str, str], dict[str, int]] = {}
    for e in edges:
        if e["source"] in pos and e["target"] in pos:
            pairs.setdefault((e["source"], e["target"]), {})
            pairs[(e["source"], e["target"])][e["type"]] = e["count"]
    groups = {e["type"]: e["group"] for e in edges}
    heaviest = max((sum(t.values()) for t in pairs.values()), default=1)
    out = []
    for (s, t), types in pairs.items():
        (x1, y1), (x2, y2) = pos[s], pos[t]
        mx, my = (x1 + x2) / 2 + (y2 - y1) * 0.15, (y1 + y2) / 2 - (x2 - x1) * 0.15
        x1, y1 = _toward(x1, y1, mx, my, radius[s] + 2)
        x2, y2 = _toward(x2, y2, mx, my, radius[t] + 4)  # stop at the node's rim so the arrow shows
        main = max(types, key=lambda k: types[k])
        total = sum(types.values())
        out.append({"source": s, "target": t, "d": f"M{x1:.1f},{y1:.1f} Q{mx:.1f},{my:.1f} {x2:.1f},{y2:.1f}",
                    "color": GROUP_COLORS.get(groups[main], GROUP_COLORS["other"]),
                    "w": round(1.2 + 5 * total / heaviest, 1),
                    "title": f"{names.get(s, s)} → {names.get(t, t)}: "
                             + ", ".join(f"{k} {v}" for k, v in sorted(types.items()))})
    return out


def _toward(x: float, y: float, tx: float, ty: float, dist: float) -> tuple[float, float]:
    """The point ``dist`` from (x, y) in the direction of (tx, ty)."""
    length = math.hypot(tx - x, ty - y) or 1.0
    return x + (tx - x) * dist / length, y + (ty - y) * dist / length
