"""What the discipline handlers need, as Protocols; bootstrap picks the adapters (SQL, or
in-memory fakes in unit tests)."""

from __future__ import annotations

from collections import Counter
from datetime import date, datetime
from typing import Protocol

from attendance.discipline.domain.model import DisciplineEntry, ScoreSheet
from cskit.calls import Call, OnceUnitOfWork
from cskit.domain.actor import BranchScope


class EntryRepository(Protocol):
    async def get(self, record_id: str) -> DisciplineEntry: ...

    def add(self, aggregate: DisciplineEntry) -> None: ...


class SheetRepository(Protocol):
    async def get(self, record_id: str) -> ScoreSheet:
        """The sheet, if the call's branch scope allows it; else NotFound (PLT-01)."""
        ...

    def add(self, aggregate: ScoreSheet) -> None: ...


class DisciplineUnitOfWork(OnceUnitOfWork, Protocol):
    @property
    def entries(self) -> EntryRepository: ...

    @property
    def sheets(self) -> SheetRepository: ...

    async def entries_in(self, branch_id: str, first: date, last: date) -> list[DisciplineEntry]:
        """The branch's supervisor entries on first..last (both included)."""
        ...

    async def complaint_counts(self, branch_id: str, month: str) -> tuple[Counter[str], Counter[str]]:
        """(slow-answer complaints, rudeness complaints) per employee, as consumed from complaints."""
        ...

    def schedule_timer(self, kind: str, subject: str, due_at: datetime, payload: dict[str, str]) -> None:
        """A durable timer, committed with the change (or moved if it is pending)."""
        ...


class DisciplineUnitOfWorkFactory(Protocol):
    def __call__(self, call: Call) -> DisciplineUnitOfWork: ...


class ScoreSheetReads(Protocol):
    """The sheet reads the API answers from (the read model, never a replay)."""

    async def sheet(self, scope: BranchScope, branch_id: str, month: date) -> ScoreSheet | None: ...

    async def existing_sheet(self, scope: BranchScope, branch_id: str, month: date) -> ScoreSheet:
        """The sheet, or NotFound (also for a branch outside the scope, PLT-01)."""
        ...
