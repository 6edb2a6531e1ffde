"""Dependencies shared by the API and page routes (used as ``Annotated[..., Depends(...)]``)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Annotated, Any

from fastapi import Depends, Query, Request

from parley.api.schemas import Day
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


def date_range(since: Annotated[Day | None, Query(description="from this day (YYYY-MM-DD)")] = None,
               until: Annotated[Day | None, Query(description="up to this day, inclusive")] = None) -> DateRange:
    return DateRange(since, until)


Dates = Annotated[DateRange, Depends(date_range)]


@dataclass
class EventFilter:
    type: str | None
    actor: str | None
    recipient: str | None
    status: str | None

    def as_kwargs(self, dates: DateRange) -> dict[str, Any]:
        return {"type": self.type, "actor": self.actor, "recipient": self.recipient, "status": self.status,
                "since": dates.since, "until": dates.until}


def event_filter(
        type: Annotated[str | None, Query(max_length=200, description="PLOVER type(s), comma separated")] = None,
        actor: Annotated[str | None, Query(max_length=200, description="actor code or name, e.g. RUS")] = None,
        recipient: Annotated[str | None, Query(max_length=200, description="recipient code or name")] = None,
        status: Annotated[EventStatus | None, Query()] = None) -> EventFilter:
    return EventFilter(type or None, actor or None, recipient or None, status)


Events = Annotated[EventFilter, Depends(event_filter)]
