"""What the month needs, as Protocols; bootstrap picks the adapters (the other sub-domains'
readers; in-memory fakes in unit tests). Rosters and punches are read
in bulk per branch-month: one query each, never one per employee or day."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Protocol

from attendance.domain.facts import (
    ConfirmationFacts,
    LeaveFacts,
    OutOfOfficeFacts,
    OvertimeFacts,
    ProxyFindingFacts,
    SwapAbsenceFacts,
)
from attendance.domain.people import BranchAssignments, Directory
from attendance.month.domain.days import RosteredDay
from attendance.month.domain.engine import History
from attendance.month.domain.events import MonthEvent
from attendance.month.domain.figures import MonthRecord
from attendance.month.domain.payroll import PayrollFigures
from attendance.month.domain.review import ReviewLine, ReviewWeek
from cskit.audit import RequestContext


class RosterMonth(Protocol):
    async def roster_days(
        self, branch_id: str, first: date, last: date, employee_ids: Sequence[str] | None = None
    ) -> list[RosteredDay]:
        """Every roster day (not cleared) of the branch on first..last, optionally of some employees."""
        ...

    async def branches(self, first: date, last: date) -> list[str]:
        """The branches with roster days on first..last."""
        ...


class PunchMonth(Protocol):
    async def punch_times(
        self, branch_id: str, start: datetime, end: datetime, employee_ids: Sequence[str] | None = None
    ) -> dict[str, list[datetime]]:
        """The counted instants of the branch's punches in start..end, per employee, sorted."""
        ...


@dataclass(frozen=True, slots=True)
class MonthInputs:
    """Where the month's facts come from (the Protocols of ``attendance.domain``)."""

    directory: Directory
    assignments: BranchAssignments
    leave: LeaveFacts
    out_of_office: OutOfOfficeFacts
    confirmations: ConfirmationFacts
    overtime: OvertimeFacts
    findings: ProxyFindingFacts
    swaps: SwapAbsenceFacts


@dataclass(frozen=True, slots=True, kw_only=True)
class CloseJob:
    branch_id: str
    month: date
    state: str
    done: int
    total: int
    termination_cases: int
    closed_by: str
    started_at: datetime
    closed_at: datetime | None


@dataclass(frozen=True, slots=True, kw_only=True)
class StoredRecord:
    employee_id: str
    branch_id: str
    department_id: str
    month: date
    version: int
    trailing_run: int
    figures: PayrollFigures


@dataclass(frozen=True, slots=True, kw_only=True)
class NewRecord:
    record: MonthRecord
    department_id: str


class MonthStore(Protocol):
    async def job(self, branch_id: str, month: date) -> CloseJob | None: ...

    async def schedule_close(self, branch_id: str, month: date, due_at: datetime) -> None:
        """The close's next chunk: its timer, due at ``due_at``, in the same transaction."""
        ...

    async def start(self, branch_id: str, month: date, context: RequestContext, now: datetime) -> tuple[CloseJob, bool]:
        """The branch-month's close, started now unless it exists (True: started by this call);
        a start also schedules the close's timer, in the same transaction."""
        ...

    async def recorded(self, branch_id: str, month: date) -> set[str]:
        """The employees whose record of the month is written."""
        ...

    async def history(self, branch_id: str, month: date, months: int) -> dict[str, History]:
        """Per employee, what the ``months`` closed months before ``month`` carry (ATT-05)."""
        ...

    async def write_records(
        self, branch_id: str, month: date, records: Sequence[NewRecord], total: int, now: datetime
    ) -> int:
        """One chunk in one transaction: the records not written yet, their PayrollRecord and
        TerminationCaseOpened outbox rows (one multi-row insert) and the job's progress.
        Returns how many were new."""
        ...

    async def finish(self, branch_id: str, month: date, now: datetime) -> bool:
        """Mark the close done and stage MonthClosed, once (False: it was done already)."""
        ...

    async def records(
        self, branch_id: str, month: date, after: str, size: int, employee_ids: Sequence[str] | None = None
    ) -> list[StoredRecord]: ...

    async def correct(
        self,
        record: StoredRecord,
        after: PayrollFigures,
        reason: str,
        context: RequestContext,
        event: MonthEvent,
        correction_id: str,
    ) -> None:
        """The correction's audit row, the record's new figures and version, and its event, together."""
        ...

    async def store_review(
        self, branch_id: str, week: ReviewWeek, lines: Sequence[ReviewLine], events: Sequence[MonthEvent], now: datetime
    ) -> bool:
        """The week's review of the branch, once (False: it was issued already)."""
        ...

    async def reviews(
        self, branch_id: str, week_start: date
    ) -> list[tuple[str, ReviewWeek, list[ReviewLine], datetime]]: ...
