"""What the loans handlers need, as Protocols; bootstrap picks the adapters."""

from __future__ import annotations

from datetime import datetime
from typing import Protocol, TypeVar

from cskit.calls import Call, OnceUnitOfWork
from keys.discrepancies.domain.model import Discrepancy
from keys.loans.domain.model import Loan
from keys.register.domain.model import KeySet

T = TypeVar("T")


class Records(Protocol[T]):
    async def get(self, record_id: str) -> T:
        """The record, if the call's branch scope allows it; else NotFound (PLT-01)."""
        ...

    def add(self, aggregate: T) -> None: ...


class LoansUnitOfWork(OnceUnitOfWork, Protocol):
    @property
    def key_sets(self) -> Records[KeySet]: ...

    @property
    def loans(self) -> Records[Loan]: ...

    @property
    def cases(self) -> Records[Discrepancy]: ...

    async def loan_of(self, key: str) -> tuple[str, str] | None:
        """(loan id, branch) of the loan another service made under ``key``, if any."""
        ...

    def schedule_timer(self, kind: str, subject: str, due_at: datetime) -> None: ...

    def cancel_timer(self, kind: str, subject: str) -> None: ...


class LoansUnitOfWorkFactory(Protocol):
    def __call__(self, call: Call) -> LoansUnitOfWork: ...
