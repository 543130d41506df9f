"""What the leavers' handlers need, as Protocols; bootstrap picks the adapters."""

from __future__ import annotations

from datetime import datetime
from typing import Protocol

from archives.leavers.domain.model import ClearanceCase, LeaverFileOut
from cskit.calls import Call, OnceUnitOfWork


class ClearanceRepository(Protocol):
    async def get(self, record_id: str) -> ClearanceCase: ...

    def add(self, aggregate: ClearanceCase) -> None: ...


class LeaversUnitOfWork(OnceUnitOfWork, Protocol):
    @property
    def cases(self) -> ClearanceRepository: ...

    async def files_out(self, branch_id: str, employee_id: str) -> list[LeaverFileOut]:
        """The records lent to (or lost while lent to) the employee in the branch (one query)."""
        ...

    def schedule_timer(
        self, kind: str, subject: str, due_at: datetime, payload: dict[str, object] | None = None
    ) -> None: ...

    def cancel_timer(self, kind: str, subject: str) -> None: ...


class LeaversUnitOfWorkFactory(Protocol):
    def __call__(self, call: Call) -> LeaversUnitOfWork: ...
