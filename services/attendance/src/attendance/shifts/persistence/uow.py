"""The shifts unit of work: a named shift, its history and its outbox row in one transaction."""

from __future__ import annotations

from attendance.punches.events.outbound import OUTBOUND
from attendance.shifts.domain.events import ShiftEvent
from attendance.shifts.domain.model import NamedShift
from attendance.shifts.persistence.store import SHIFTS
from cs.attendance.v1 import calendars_events_pb2
from cskit.eventstore import Repository
from cskit.records import CallUnitOfWork

# The outbox finds an event's message by package and name: its module must be loaded.
SHIFT_EVENTS = calendars_events_pb2.DESCRIPTOR


class SqlShiftsUnitOfWork(CallUnitOfWork):
    shifts: Repository[NamedShift, ShiftEvent]

    def open(self) -> None:
        self.shifts = self.repository(SHIFTS, OUTBOUND)
