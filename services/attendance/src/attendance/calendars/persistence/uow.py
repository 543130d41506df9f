"""The calendars unit of work: an override, its history and its outbox row commit in one
transaction with the call's idempotency key (PLT-03); the kit's ``CallUnitOfWork`` does all of it."""

from __future__ import annotations

from attendance.calendars.domain.events import CalendarEvent
from attendance.calendars.domain.model import CalendarOverride
from attendance.calendars.persistence.store import OVERRIDES
from attendance.punches.events.outbound import OUTBOUND
from cs.attendance.v1 import calendars_events_pb2
from cskit.eventstore import Repository
from cskit.records import CallUnitOfWork

# The outbox finds an event's message by package and name: its module must be loaded.
CALENDAR_EVENTS = calendars_events_pb2.DESCRIPTOR


class SqlCalendarsUnitOfWork(CallUnitOfWork):
    overrides: Repository[CalendarOverride, CalendarEvent]

    def open(self) -> None:
        self.overrides = self.repository(OVERRIDES, OUTBOUND)
