"""Calendar override events, past tense, shaped like their payloads in
``cs/attendance/v1/calendars_events.proto``. An override's history is its audit trail (PLT-04)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime


@dataclass(frozen=True, slots=True, kw_only=True)
class CalendarDayOverridden:
    override_id: str
    branch_id: str
    day: str
    # holiday | makeup | statutory (``OverrideKind``).
    kind: str
    note: str
    actor: str
    occurred_at: datetime


@dataclass(frozen=True, slots=True, kw_only=True)
class CalendarDayCleared:
    """The date is back to its official status."""

    override_id: str
    branch_id: str
    day: str
    actor: str
    occurred_at: datetime


CalendarEvent = CalendarDayOverridden | CalendarDayCleared
