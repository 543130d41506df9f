"""What the people handlers need, as Protocols; bootstrap picks the adapters."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from datetime import date, datetime
from typing import Protocol, TypeVar

from attendance.domain.people import Employee
from attendance.people.domain.model import Department, Leave, Move, Placement
from attendance.punches.domain.engine import Shift
from attendance.rosters.domain.model import RosterEntry
from cskit.calls import Call
from cskit.domain.actor import BranchScope

T = TypeVar("T")


class PeopleStore(Protocol):
    """Master-data writes and the look-ups an import checks against, in one transaction."""

    def branches_of(self, employee_ids: Iterable[str]) -> dict[str, str]: ...

    def departments_of(self, department_ids: Iterable[str]) -> dict[str, str]: ...

    def upsert_department(self, department: Department, now: datetime) -> None: ...

    def join(
        self, employee: Employee, now: datetime, *, effective: date | None = None, keep_leaving: bool = False
    ) -> None: ...

    def move(self, move: Move, now: datetime) -> Placement: ...

    def leave(self, leave: Leave, now: datetime) -> None: ...


class PeopleTransactions(Protocol):
    async def __call__(self, scope: BranchScope, work: Callable[[PeopleStore], T]) -> T:
        """Run ``work`` in one transaction and commit it; an exception rolls everything back."""
        ...


class RosterDays(Protocol):
    """The rosters sub-domain's bulk set (its model, store and events)."""

    async def set_roster_days(
        self, days: Sequence[tuple[str, date, Shift | None]], call: Call
    ) -> list[RosterEntry]: ...
