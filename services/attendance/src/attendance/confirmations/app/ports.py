"""What the confirmation handlers and the weekly report need, as Protocols; bootstrap picks
the adapters (SQL and the punches sub-domain's day outcomes, or in-memory fakes in tests)."""

from __future__ import annotations

from datetime import date
from typing import Protocol

from attendance.confirmations.domain.model import Confirmation, Deputies, WeeklyReport
from attendance.punches.app.outcomes import SourcedOutcome
from attendance.punches.domain.engine import Shift
from cskit.calls import Call, OnceUnitOfWork
from cskit.domain import BranchScope


class DayOutcomeSource(Protocol):
    """The punches sub-domain's day outcome (``attendance.punches.app.outcomes.DayOutcomes``)."""

    async def of(self, scope: BranchScope, employee_id: str, day: date, shift: Shift | None) -> SourcedOutcome: ...


class ConfirmationRepository(Protocol):
    async def get(self, record_id: str) -> Confirmation: ...

    def add(self, aggregate: Confirmation) -> None: ...


class DeputiesRepository(Protocol):
    async def get(self, record_id: str) -> Deputies: ...

    def add(self, aggregate: Deputies) -> None: ...


class ReportRepository(Protocol):
    async def get(self, record_id: str) -> WeeklyReport: ...

    def add(self, aggregate: WeeklyReport) -> None: ...


class ConfirmationsUnitOfWork(OnceUnitOfWork, Protocol):
    @property
    def confirmations(self) -> ConfirmationRepository: ...

    @property
    def deputies(self) -> DeputiesRepository: ...

    @property
    def reports(self) -> ReportRepository: ...


class ConfirmationsUnitOfWorkFactory(Protocol):
    def __call__(self, call: Call) -> ConfirmationsUnitOfWork: ...


class ConfirmationLookup(Protocol):
    """Reads the weekly report needs: the week's confirmations and the submission, if any."""

    async def confirmed_days(self, scope: BranchScope, start: date, end: date) -> dict[tuple[str, str], str]:
        """(employee id, ISO date) -> who confirmed, for start..end (both included)."""
        ...

    async def submission(self, scope: BranchScope, report_id: str) -> WeeklyReport | None: ...
