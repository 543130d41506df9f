"""What the calendar handlers need, as Protocols; bootstrap picks the adapters (SQL, or the
kit's in-memory ones in unit tests)."""

from __future__ import annotations

from datetime import date
from typing import Protocol

from attendance.calendars.domain.model import CalendarOverride
from cskit.calls import Call, OnceUnitOfWork
from cskit.domain.actor import BranchScope


class OverrideRepository(Protocol):
    async def get(self, record_id: str) -> CalendarOverride:
        """The override, if the call's branch scope allows it; else NotFound (PLT-01)."""
        ...

    def add(self, aggregate: CalendarOverride) -> None: ...


class CalendarsUnitOfWork(OnceUnitOfWork, Protocol):
    @property
    def overrides(self) -> OverrideRepository: ...


class CalendarsUnitOfWorkFactory(Protocol):
    def __call__(self, call: Call) -> CalendarsUnitOfWork: ...


class OverrideList(Protocol):
    async def between(self, scope: BranchScope, branch_id: str, first: date, last: date) -> list[CalendarOverride]:
        """The branch's live (not cleared) overrides on first..last, by date."""
        ...
