"""GUM's coreference annotation: ``Entity=`` brackets in the MISC column of its CoNLL-U files
(``(1-person-new-...-Kim)`` a one-word mention, ``(3-place-...`` opens one, ``3)`` closes it)."""

from __future__ import annotations

import re
from dataclasses import dataclass

_ENTITY_PART = re.compile(r"\(([^()]+?)\)|\(([^()]+)|(\d+)\)")


@dataclass(frozen=True)
class EntityMention:
    entity: str  # the entity id, e.g. "1"
    etype: str  # person, organization, place, ...
    start: int  # first word (index in the sentence)
    end: int  # one past the last word


def entity_field(misc: str) -> str:
    """The value of ``Entity=`` in one MISC column ('' when absent)."""
    return next((p[7:] for p in misc.split("|") if p.startswith("Entity=")), "")


def entity_mentions(misc: list[str]) -> list[EntityMention]:
    """The mentions of one sentence, given each word's MISC, in the order they close."""
    opened: dict[str, list[tuple[int, str]]] = {}
    out: list[EntityMention] = []
    for i, m in enumerate(misc):
        for part in _ENTITY_PART.finditer(entity_field(m)):
            whole, open_, close = part.groups()
            if whole or open_:
                eid, _, rest = (whole or open_).partition("-")
                etype = rest.split("-")[0]
                if whole:
                    out.append(EntityMention(eid, etype, i, i + 1))
                else:
                    opened.setdefault(eid, []).append((i, etype))
            elif close and opened.get(close):
                start, etype = opened[close].pop()
                out.append(EntityMention(close, etype, start, i + 1))
    return out
