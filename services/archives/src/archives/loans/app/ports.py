"""What the loans handlers need, as Protocols; bootstrap picks the adapters."""

from __future__ import annotations

from datetime import datetime
from typing import Protocol, TypeVar

from archives.loans.domain.model import Loan
from archives.records.domain.model import ArchiveRecord
from cskit.calls import Call, OnceUnitOfWork

T = TypeVar("T")


class Records(Protocol[T]):
    async def get(self, record_id: str) -> T:
        """The record, if the call's branch scope allows it; else NotFound (PLT-01)."""
        ...

    def add(self, aggregate: T) -> None: ...


class LoansUnitOfWork(OnceUnitOfWork, Protocol):
    @property
    def records(self) -> Records[ArchiveRecord]: ...

    @property
    def loans(self) -> Records[Loan]: ...

    def schedule_timer(self, kind: str, subject: str, due_at: datetime) -> None: ...

    def cancel_timer(self, kind: str, subject: str) -> None: ...


class LoansUnitOfWorkFactory(Protocol):
    def __call__(self, call: Call) -> LoansUnitOfWork: ...
