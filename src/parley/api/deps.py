"""Dependencies shared by the API and page routes (used as ``Annotated[..., Depends(...)]``)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Annotated, Any, Literal

from fastapi import Depends, Query, Request
from pydantic import BeforeValidator, Field

from parley.api.schemas import OptionalDay
from parley.records import EventStatus
from parley.service import Service

MAX_ID = 2**53


def get_service(request: Request) -> Service:
    return request.app.state.service


Svc = Annotated[Service, Depends(get_service)]


@dataclass
class Page:
    limit: int
    offset: int


def paging(limit: Annotated[int, Query(ge=1, le=500, description="page size")] = 50,
           offset: Annotated[int, Query(ge=0, le=10_000_000, description="rows to skip")] = 0) -> Page:
    return Page(limit, offset)


Paging = Annotated[Page, Depends(paging)]


@dataclass
class DateRange:
    since: date | None
    until: date | None


def date_range(since: Annotated[OptionalDay, Query(description="from this day (YYYY-MM-DD)")] = None,
               until: Annotated[OptionalDay, Query(description="up to this day, inclusive")] = None) -> DateRange:
    return DateRange(since, until)


Dates = Annotated[DateRange, Depends(date_range)]


MIN_CONFIDENCE = ("hide events less sure than this (0-1); default: the server's threshold "
                  "(PARLEY_MIN_EVENT_CONFIDENCE, else the event extractor's); 0 shows every event")
# a form's empty field means the default
Confidence = Annotated[Annotated[float, Field(ge=0, le=1)] | None, BeforeValidator(lambda v: None if v == "" else v),
                       Query(description=MIN_CONFIDENCE)]


@dataclass
class EventFilter:
    type: str | None
    actor: str | None
    recipient: str | None
    status: str | None
    source: str | None = None
    min_confidence: float | None = None
    entity: str | None = None

    def as_kwargs(self, dates: DateRange) -> dict[str, Any]:
        return {"type": self.type, "actor": self.actor, "recipient": self.recipient, "status": self.status,
                "source": self.source, "since": dates.since, "until": dates.until,
                "min_confidence": self.min_confidence, "entity": self.entity}


def event_filter(
        type: Annotated[str | None, Query(max_length=200, description="PLOVER type(s), comma separated")] = None,
        actor: Annotated[str | None, Query(max_length=200, description="actor code or name, e.g. RUS")] = None,
        recipient: Annotated[str | None, Query(max_length=200, description="recipient code or name")] = None,
        status: Annotated[EventStatus | Literal[""] | None, Query(description="(empty: any)")] = None,
        source: Annotated[str | None, Query(max_length=255, description="the articles' source")] = None,
        min_confidence: Confidence = None,
        entity: Annotated[str | None, Query(max_length=200, description="entity id or name: the events it acts "
                                                                         "in or is acted on in")] = None
) -> EventFilter:
    return EventFilter(type or None, actor or None, recipient or None, status or None, source or None,
                       min_confidence, entity or None)


Events = Annotated[EventFilter, Depends(event_filter)]


@dataclass
class ChronologyFilter:
    actor: str | None
    type: str | None
    source: str | None
    min_confidence: float | None = None

    def as_kwargs(self, dates: DateRange) -> dict[str, Any]:
        return {"actor": self.actor, "type": self.type, "source": self.source, "since": dates.since,
                "until": dates.until, "min_confidence": self.min_confidence}


ACTOR = "entity id, name or actor code (RUS): the events it took part in, the quotes it said"


def chronology_filter(
        actor: Annotated[str | None, Query(max_length=200, description=ACTOR)] = None,
        type: Annotated[str | None, Query(max_length=200, description="PLOVER type(s) and/or QUOTE, comma separated")
                        ] = None,
        source: Annotated[str | None, Query(max_length=255, description="the articles' source")] = None,
        min_confidence: Confidence = None) -> ChronologyFilter:
    return ChronologyFilter(actor or None, type or None, source or None, min_confidence)


Chronology = Annotated[ChronologyFilter, Depends(chronology_filter)]
Order = Annotated[Literal["newest", "oldest"], Query(description="by the real day: newest or oldest first")]
