"""A branch's override of one date of the official calendar (PLT-05): the date is a day off
(a holiday), a make-up working day (调休), a statutory holiday (法定节假日, OT-03), or, once
cleared, back to its official status. One record per branch and date (its id names them),
kept by HR and administration; every change is an event (the audit trail, PLT-04)."""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from datetime import UTC, date, datetime
from enum import StrEnum

from attendance.calendars.domain.events import CalendarDayCleared, CalendarDayOverridden, CalendarEvent
from cskit.domain import Actor, InvalidInput
from cskit.domain.actor import require_role
from cskit.domain.aggregate import EventSourced
from cskit.domain.calendar import DayStatus, WorkingCalendar

_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
_IDS = uuid.UUID("5d3c1f7e-8a2b-4c6d-9e0f-1a2b3c4d5e6f")
MAX_NOTE = 500
# Who keeps a branch's calendar: HR and administration (行政人事部).
CALENDAR_KEEPERS = frozenset({"hr", "admin", "hq_admin"})


class OverrideKind(StrEnum):
    HOLIDAY = "holiday"
    MAKEUP = "makeup"
    STATUTORY = "statutory"


_STATUS = {
    OverrideKind.HOLIDAY: DayStatus.HOLIDAY,
    OverrideKind.MAKEUP: DayStatus.MAKEUP,
    OverrideKind.STATUTORY: DayStatus.STATUTORY,
}


def override_id_of(branch_id: str, day: date) -> str:
    return str(uuid.uuid5(_IDS, f"{branch_id}\x1f{day.isoformat()}"))


def calendar_date(text: str, field: str = "day") -> date:
    try:
        return date.fromisoformat(text.strip())
    except ValueError as exc:
        raise InvalidInput.on(field, "must be a date YYYY-MM-DD") from exc


def override_kind(text: str) -> OverrideKind:
    try:
        return OverrideKind(text.strip().lower())
    except ValueError as exc:
        raise InvalidInput.on("kind", "must be holiday, makeup or statutory") from exc


def override_note(text: str) -> str:
    note = text.strip()
    if len(note) > MAX_NOTE:
        raise InvalidInput.on("note", f"must be at most {MAX_NOTE} characters")
    return note


def overridden(official: WorkingCalendar, overrides: Iterable[CalendarOverride]) -> WorkingCalendar:
    """The branch's calendar: the official one with each live override laid over it."""
    calendar = official
    for override in overrides:
        if not override.cleared:
            calendar = calendar.with_day(date.fromisoformat(override.day), _STATUS[OverrideKind(override.kind)])
    return calendar


class CalendarOverride(EventSourced[CalendarEvent]):
    """Build it with ``set`` or ``rebuild``; change it with ``change`` and ``clear``."""

    id: str
    branch_id: str
    day: str
    kind: str
    note: str
    cleared: bool
    updated_by: str
    created_at: datetime
    updated_at: datetime

    def __init__(self) -> None:
        super().__init__()
        self.id = self.branch_id = self.day = self.kind = self.note = self.updated_by = ""
        self.cleared = False
        self.created_at = self.updated_at = _EPOCH

    @classmethod
    def set(cls, *, actor: Actor, day: date, kind: OverrideKind, note: str, now: datetime) -> CalendarOverride:
        override = cls()
        override.change(actor=actor, day=day, kind=kind, note=note, now=now)
        return override

    def change(self, *, actor: Actor, day: date, kind: OverrideKind, note: str, now: datetime) -> None:
        require_role(actor, CALENDAR_KEEPERS, action="overriding a calendar day")
        self._record(
            CalendarDayOverridden(
                override_id=override_id_of(actor.branch_id, day),
                branch_id=actor.branch_id,
                day=day.isoformat(),
                kind=kind.value,
                note=note,
                actor=actor.subject,
                occurred_at=now,
            )
        )

    def clear(self, *, actor: Actor, now: datetime) -> None:
        """Clearing a cleared day changes nothing and records nothing."""
        require_role(actor, CALENDAR_KEEPERS, action="clearing a calendar override")
        if self.cleared:
            return
        self._record(
            CalendarDayCleared(
                override_id=self.id, branch_id=self.branch_id, day=self.day, actor=actor.subject, occurred_at=now
            )
        )

    def _apply(self, event: CalendarEvent) -> None:
        if isinstance(event, CalendarDayOverridden):
            if not self.id:
                self.id, self.branch_id, self.day = event.override_id, event.branch_id, event.day
                self.created_at = event.occurred_at
            self.kind, self.note, self.cleared = event.kind, event.note, False
        else:
            self.kind, self.note, self.cleared = "", "", True
        self.updated_by, self.updated_at = event.actor, event.occurred_at
