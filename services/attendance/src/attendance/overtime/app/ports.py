"""What the overtime handlers need, as Protocols; bootstrap picks the adapters."""

from __future__ import annotations

from datetime import date, datetime
from typing import Protocol

from attendance.overtime.domain.model import OvertimeClaim
from cskit.calls import Call, OnceUnitOfWork
from cskit.domain import BranchScope


class StatutoryHolidays(Protocol):
    """OT-03's triple-pay days. INTERIM port: the kit's ``WorkingCalendar`` is gaining
    ``is_statutory_holiday``; until it lands bootstrap adapts ``Calendars`` here
    (``attendance.overtime.app.dayfacts.CalendarStatutoryHolidays``). The integrator swaps
    this port for the calendar's method."""

    async def is_statutory_holiday(self, branch_id: str, day: date) -> bool: ...


class ClaimedSpans(Protocol):
    async def standing(self, scope: BranchScope, employee_id: str, day: date) -> list[tuple[datetime, datetime]]:
        """The spans of the employee's claims on ``day`` not rejected (OT-02: no duplicate hours)."""
        ...


class OvertimeRepository(Protocol):
    async def get(self, record_id: str) -> OvertimeClaim: ...

    def add(self, aggregate: OvertimeClaim) -> None: ...


class OvertimeUnitOfWork(OnceUnitOfWork, Protocol):
    @property
    def claims(self) -> OvertimeRepository: ...

    async def hold(self, name: str) -> None:
        """Serialise with every other transaction holding ``name``, until this one commits."""
        ...


class OvertimeUnitOfWorkFactory(Protocol):
    def __call__(self, call: Call) -> OvertimeUnitOfWork: ...
