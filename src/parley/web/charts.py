"""Geometry for the server-side SVG charts. Only numbers and plain strings: templates draw and escape."""

from __future__ import annotations

import math
from datetime import date
from typing import Any

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
                         "hollow": ev["planned"], "href": f"/articles/{ev['article_id']}",
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


def network_chart(data: dict[str, Any], *, size: int = 640, max_nodes: int = 40) -> dict[str, Any]:
    """Circular layout; one curved arrow per directed actor pair, coloured by its main PLOVER group."""
    nodes = data["nodes"][:max_nodes]
    if not nodes:
        return {"size": size, "nodes": [], "edges": []}
    c, r = size / 2, size / 2 - 70
    top = max(n["count"] for n in nodes)
    pos = {}
    out_nodes = []
    radius = {}
    for i, n in enumerate(nodes):
        a = 2 * math.pi * i / len(nodes) - math.pi / 2
        x, y = c + r * math.cos(a), c + r * math.sin(a)
        pos[n["id"]] = (x, y)
        radius[n["id"]] = round(6 + 14 * math.sqrt(n["count"] / top), 1)
        out_nodes.append({"id": n["id"], "x": round(x, 1), "y": round(y, 1), "count": n["count"],
                          "r": radius[n["id"]],
                          "lx": round(c + (r + 34) * math.cos(a), 1), "ly": round(c + (r + 34) * math.sin(a) + 4, 1)})
    pairs: dict[tuple[str, str], dict[str, int]] = {}
    for e in data["edges"]:
        if e["source"] in pos and e["target"] in pos:
            pairs.setdefault((e["source"], e["target"]), {})
            pairs[(e["source"], e["target"])][e["type"]] = e["count"]
    groups = {e["type"]: e["group"] for e in data["edges"]}
    heaviest = max((sum(t.values()) for t in pairs.values()), default=1)
    edges = []
    for (s, t), types in pairs.items():
        (x1, y1), (x2, y2) = pos[s], pos[t]
        mx, my = (x1 + x2) / 2 + (y2 - y1) * 0.15, (y1 + y2) / 2 - (x2 - x1) * 0.15
        x1, y1 = _toward(x1, y1, mx, my, radius[s] + 2)
        x2, y2 = _toward(x2, y2, mx, my, radius[t] + 4)  # stop at the node's rim so the arrow shows
        main = max(types, key=lambda k: types[k])
        total = sum(types.values())
        edges.append({"source": s, "target": t, "d": f"M{x1:.1f},{y1:.1f} Q{mx:.1f},{my:.1f} {x2:.1f},{y2:.1f}",
                      "color": GROUP_COLORS.get(groups[main], GROUP_COLORS["other"]),
                      "w": round(1.2 + 5 * total / heaviest, 1),
                      "title": f"{s} → {t}: " + ", ".join(f"{k} {v}" for k, v in sorted(types.items()))})
    return {"size": size, "nodes": out_nodes, "edges": edges}


def _toward(x: float, y: float, tx: float, ty: float, dist: float) -> tuple[float, float]:
    """The point ``dist`` from (x, y) in the direction of (tx, ty)."""
    length = math.hypot(tx - x, ty - y) or 1.0
    return x + (tx - x) * dist / length, y + (ty - y) * dist / length
