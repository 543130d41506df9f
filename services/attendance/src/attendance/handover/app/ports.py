"""What the handover handlers need, as Protocols; bootstrap picks the adapters."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Protocol, TypeVar

from attendance.handover.domain.logs import HandoverLog
from attendance.handover.domain.posts import PostAbsence
from attendance.handover.domain.reviews import DutyReview
from attendance.handover.domain.swaps import ShiftSwap
from attendance.rosters.domain.model import RosterEntry
from cskit.calls import Call, OnceUnitOfWork

A = TypeVar("A")


class Records(Protocol[A]):
    async def get(self, record_id: str) -> A:
        """The record, if the call's branch scope allows it; else NotFound (PLT-01)."""
        ...

    def add(self, aggregate: A) -> None: ...


class HandoverUnitOfWork(OnceUnitOfWork, Protocol):
    @property
    def logs(self) -> Records[HandoverLog]: ...

    @property
    def swaps(self) -> Records[ShiftSwap]: ...

    @property
    def absences(self) -> Records[PostAbsence]: ...

    @property
    def reviews(self) -> Records[DutyReview]: ...

    @property
    def rosters(self) -> Records[RosterEntry]: ...

    async def active_swaps(self, people: Sequence[str]) -> list[ShiftSwap]:
        """The branch's requested or approved swaps either of ``people`` takes part in."""
        ...

    async def roster_days(self, employees: Sequence[str], days: Sequence[date]) -> dict[str, RosterEntry]:
        """The branch's roster records (cleared ones too) of ``employees`` on ``days``, by id,
        read without loading them into the unit of work."""
        ...

    async def signed_logs(self, first: date, last: date) -> list[str]:
        """Ids of the branch's signed-off (or reviewed) handover logs dated first..last."""
        ...


class HandoverUnitOfWorkFactory(Protocol):
    def __call__(self, call: Call) -> HandoverUnitOfWork: ...
